"""Normalisation: one written form for every rule, offsets kept for the frames.

Wire copy writes the same word several ways: "tirs d’artillerie" with a
typographic apostrophe, "300 000" with no-break or narrow spaces, "al‑Bab"
with a non-breaking hyphen, "Alep\u00adpo" with a soft hyphen, "é" as e plus
a combining accent. Rules written for one form missed the others. This step
rewrites the text into one form before any rule runs:

- apostrophes (’ ‘ ʼ ′) become ', hyphens (‐ ‑) become -, every no-break,
  narrow, thin or figure space becomes a plain space;
- the language's quotation marks (grammar.yaml `quote_pairs`: “” in
  English, « » “” „” in French) become the guillemets « », opening and
  closing still told apart, so quote pairs stay recognisable;
- soft hyphens, zero-width spaces and joiners and byte-order marks are
  dropped, and letters are composed (NFC).

The first two kinds keep the length, so most texts need no map at all; the
last kind changes it, and an `OffsetMap` then takes every span of the
normalised text back to the original, which is what the frames index.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from .. import lang as langdata
from .registry import component

_SAME_LENGTH = {
    **dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u2032"), "'"),
    **dict.fromkeys(map(ord, "\u2010\u2011"), "-"),
    **dict.fromkeys(map(ord, "\u00a0\u202f\u2009\u2007\u2002\u2003\u2004\u2005\u2006\u2008\u200a"), " "),
}
_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_NEEDS_MAP = re.compile(f"[{_DROPPED}]")


@dataclass(frozen=True)
class OffsetMap:
    """Where each character of a normalised text came from in the original.

    `starts[i]` is the original offset of normalised character i and
    `ends[i]` the original offset just after what it came from (a composed
    letter comes from two or more characters).
    """
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    length: int            # of the original text

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A [start, end) span of the normalised text as a span of the original."""
        a = self.starts[start] if start < len(self.starts) else self.length
        b = self.ends[end - 1] if end > start else a
        return a, b

    def position(self, orig: int) -> int:
        """The normalised offset of an original offset (the first character at or after it)."""
        return bisect.bisect_left(self.starts, orig)


@cache
def _table(lang: str) -> dict[int, str]:
    """The same-length rewrites for a language: the shared ones, then its quotation marks."""
    table = dict(_SAME_LENGTH)
    for pair in langdata.load(lang)["quote_pairs"]:
        opening, closing = pair[0], pair[-1]
        table[ord(opening)], table[ord(closing)] = "«", "»"
    return table


def normalise(text: str, lang: str = "fr") -> tuple[str, OffsetMap | None]:
    """(normalised text, map back to `text`, or None when every offset is unchanged)."""
    same = text.translate(_table(lang))
    if _NEEDS_MAP.search(same) is None and unicodedata.is_normalized("NFC", same):
        return same, None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(same)
    while i < n:
        if same[i] in _DROPPED:
            i += 1
            continue
        j = i + 1
        while j < n and unicodedata.combining(same[j]):   # a letter and its accents compose together
            j += 1
        for ch in unicodedata.normalize("NFC", same[i:j]):
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return "".join(out), OffsetMap(tuple(starts), tuple(ends), n)


@component("normalise", requires=("text", "lang"), assigns=("norm", "offsets"))
def normalise_step(doc) -> None:
    doc.norm, doc.offsets = normalise(doc.text, doc.lang)
