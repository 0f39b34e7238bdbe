"""The extraction pipeline: named components run in order over one `Doc`.

    normalise -> dateline -> sentences -> quotes -> places -> dates
              -> quantities -> actors -> casualties -> events

`Pipeline(names)` checks, before anything runs, that every component exists
and that each one's requirements are assigned by the inputs or by a
component before it; a missing step is a `PipelineError` that names it.
`Pipeline()(text, lang=..., published=...)` returns the finished `Doc`;
`wirebrief.extract.rows` turns it into frame rows.
"""
from __future__ import annotations

import datetime as dt
from importlib import import_module

from .. import lang as langdata
from ..errors import PipelineError
from .doc import INPUTS, Doc
from .registry import REGISTRY, Component

# the modules whose import registers the shipped components
COMPONENT_MODULES = ("normalise", "text", "quotes", "statements", "places", "dates", "numbers", "actors",
                     "casualties", "events")
for _module in COMPONENT_MODULES:
    import_module(f".{_module}", __package__)

DEFAULT = ("normalise", "dateline", "sentences", "quotes", "statements", "places", "dates",
           "quantities", "actors", "casualties", "events")


class Pipeline:
    """An ordered, checked list of registered components."""

    def __init__(self, names: tuple[str, ...] | list[str] = DEFAULT):
        self.components: list[Component] = []
        have = set(INPUTS)
        for name in names:
            comp = REGISTRY.get(name)
            if comp is None:
                raise PipelineError(name, f"unknown extraction component {name!r}; "
                                          f"registered: {', '.join(sorted(REGISTRY))}")
            missing = tuple(r for r in comp.requires if r not in have)
            if missing:
                raise PipelineError(name, f"component {name!r} requires {', '.join(missing)}, "
                                          "which no component before it assigns", missing=missing)
            have.update(comp.assigns)
            self.components.append(comp)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def run(self, doc: Doc) -> Doc:
        for comp in self.components:
            comp(doc)
        return doc

    def __call__(self, text: str, lang: str | None = None, published: dt.date | None = None,
                 article_id: str | None = None) -> Doc:
        return self.run(Doc(text, language_of(lang), published, article_id))


def language_of(code: str | None) -> str:
    """The shipped language for an article's language code; others are read with the default's rules."""
    return code if code in langdata.supported() else langdata.DEFAULT


_DEFAULT_PIPELINE: Pipeline | None = None


def default() -> Pipeline:
    """The default pipeline, built once."""
    global _DEFAULT_PIPELINE
    if _DEFAULT_PIPELINE is None:
        _DEFAULT_PIPELINE = Pipeline()
    return _DEFAULT_PIPELINE
