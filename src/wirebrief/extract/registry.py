"""Named extraction components and what each requires and assigns (spaCy's `@Language.component`).

A component is a function of one `Doc` that fills some of its fields. It is
registered under a name with the fields it reads (`requires`) and the fields
it writes (`assigns`), so that a pipeline can be listed, reordered and
checked before it runs, and each step can be tested alone.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .doc import Doc


@dataclass(frozen=True)
class Component:
    name: str
    func: Callable[[Doc], None]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: Doc) -> None:
        self.func(doc)


REGISTRY: dict[str, Component] = {}


def component(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()):
    """Register the decorated function as the component `name`."""
    def register(func: Callable[[Doc], None]) -> Callable[[Doc], None]:
        if name in REGISTRY:
            raise ValueError(f"extraction component {name!r} is registered twice")
        REGISTRY[name] = Component(name, func, tuple(requires), tuple(assigns))
        return func
    return register
