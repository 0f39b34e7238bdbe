"""Sentence splitting and small text helpers shared by the extractors."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from . import lang as langdata

QUOTES = "«»“”„\"‹›"
_SPACES = re.compile(r"[\u00a0\u202f\u2009\u2007]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@cache
def _abbrev_re(lang: str) -> re.Pattern:
    abbrs = langdata.load(lang).get("abbreviations", [])
    alt = "|".join(sorted((re.escape(a) for a in abbrs), key=len, reverse=True))
    return re.compile(rf"(?:\b(?:{alt})|\b[A-Z])\.$")


_BOUNDARY = re.compile(r"[.!?…]+[»”\"')]*\s+(?=[«“\"(]?[A-ZÀ-ÖØ-Þ0-9])|\n\s*\n|\n(?=[A-ZÀ-Þ«])")


def sentences(text: str, lang: str = "fr") -> list[Sentence]:
    """Split on sentence ends, not after abbreviations (M., Mr., U.S.) or initials."""
    abbrev = _abbrev_re(lang)
    out, start = [], 0
    for m in _BOUNDARY.finditer(text):
        head = text[start:m.start() + 1].rstrip()
        if head.endswith(".") and abbrev.search(head.split()[-1] if head.split() else ""):
            continue
        end = m.start() + len(m.group(0).rstrip())
        if text[start:end].strip():
            out.append(Sentence(start, end, text[start:end]))
        start = m.end()
    if text[start:].strip():
        out.append(Sentence(start, len(text.rstrip()), text[start:len(text.rstrip())]))
    return out


def fold(s: str) -> str:
    """Lowercase without accents, for matching names written either way."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def normalise_spaces(s: str) -> str:
    """No-break and narrow spaces become plain spaces (same length, spans stay valid)."""
    return _SPACES.sub(" ", s)
