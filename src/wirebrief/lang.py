"""Per-language knowledge, loaded lazily from data/lang/<code>.yaml and cached."""
from __future__ import annotations

import re
from functools import cache
from typing import Any

from .config import LANG_DIR, read_yaml

SUPPORTED = ("fr", "en")
DEFAULT = "fr"


@cache
def load(lang: str) -> dict[str, Any]:
    """The language's data file as a dict; unknown languages fall back to French."""
    code = lang if lang in SUPPORTED else DEFAULT
    with open(LANG_DIR / f"{code}.yaml", encoding="utf-8") as fh:
        return read_yaml(fh)


def alternation(items, *, words: bool = True) -> str:
    """A regex alternative of literal items, longest first (so 'plus de' beats 'plus')."""
    parts = sorted((re.escape(i) for i in items), key=len, reverse=True)
    body = "|".join(parts)
    return rf"(?<!\w)(?:{body})(?!\w)" if words else f"(?:{body})"


@cache
def compiled(lang: str, *path: str) -> re.Pattern | None:
    """Compile the list of regexes at load(lang)[path...] into one pattern."""
    node: Any = load(lang)
    for key in path:
        node = node.get(key, {}) if isinstance(node, dict) else {}
    if not node:
        return None
    return re.compile("|".join(f"(?:{p})" for p in node), re.IGNORECASE)


@cache
def union(*path: str) -> tuple[str, ...]:
    """The list at load(lang)[path...] joined over every supported language.

    For cues that also appear in other-language copy (French titles in an
    English story, a place list joined by "et" or "and").
    """
    out: list[str] = []
    for code in SUPPORTED:
        node: Any = load(code)
        for key in path:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        out += [str(v) for v in node or [] if str(v) not in out]
    return tuple(out)
