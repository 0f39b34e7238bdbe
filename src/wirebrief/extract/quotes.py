"""Direct speech: the spans of quotations that are a speaker's own words.

Words inside a quotation that opens a sentence or follows a colon («…»)
are what someone said, not what happened: the events component codes the
speech act outside the quote, not the happenings inside it.
"""
from __future__ import annotations

import re

from .registry import component

_OPEN, _CLOSE = "«“", "»”"
_QUOTE_CHARS = re.compile('[«“»”"]')


def direct_speech(text: str) -> list[tuple[int, int]]:
    """Spans of quotations that open a sentence or follow a colon: a speaker's own words.

    A partial quote inside reported speech (a demandé de «presser le régime…»)
    is the reporter's sentence and stays codable.
    """
    return quotations(text, opening_only=True)


def quotations(text: str, opening_only: bool = False) -> list[tuple[int, int]]:
    """Spans of the outermost quotations of `text`, quote marks included (with
    `opening_only`, those that open a sentence or follow a colon)."""
    spans, depth, start = [], 0, 0
    for q in _QUOTE_CHARS.finditer(text):   # only the quote marks, not every character
        i, ch = q.start(), q.group(0)
        straight = ch == '"'
        if ch in _OPEN or (straight and depth == 0 and _opens_straight(text, i)):
            if depth == 0:
                start = i
            depth += 1
        elif (ch in _CLOSE or straight) and depth > 0:
            depth -= 1
            if depth == 0 and (not opening_only or _opens_sentence(text, start)):
                spans.append((start, i + 1))
    return spans


def _opens_sentence(text: str, i: int) -> bool:
    j = i   # back over the spaces only: copying text[:i] made long articles quadratic
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return j == 0 or text[j - 1] in ".!?:…" or "\n" in text[j:i]


def _opens_straight(text: str, i: int) -> bool:
    """A straight double quote opens when it is not glued to the previous word."""
    return i == 0 or not text[i - 1].isalnum()


@component("quotes", requires=("norm",), assigns=("quotes",))
def quotes_step(doc) -> None:
    doc.quotes = direct_speech(doc.norm)
