"""Sentence splitting, datelines and the fast regex helpers the extraction components share."""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from .. import lang as langdata
from ..gazetteer import fold  # noqa: F401  (re-exported: the extractors fold words as names)
from .registry import component

QUOTES = "«»“”„\"‹›"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@cache
def _abbrev_re(lang: str) -> re.Pattern:
    abbrs = langdata.load(lang).get("abbreviations", [])
    alt = langdata.either(sorted((re.escape(a) for a in abbrs), key=len, reverse=True))
    return re.compile(rf"(?:\b(?:{alt})|\b[A-Z])\.$")


@cache
def _month_abbrev_re(lang: str) -> re.Pattern:
    """An abbreviated month ("sept.", "janv."): before a year it ends no sentence ("le 3 sept. 2015")."""
    abbrs = langdata.load(lang)["dates"].get("month_abbreviations", {})
    return re.compile(rf"\b(?:{langdata.alternation(abbrs, words=False)})\.$", re.I)


class Alternatives:
    """An alternation of patterns, searched fast.

    Two things make Python's regex engine try every position of a text: a
    pattern that opens on `\\b` and the IGNORECASE flag. With forty such
    patterns per type that was the dearest step of a parse. So patterns that
    open on `\\b` are compiled without it and the boundary is checked on each
    match, and a case-insensitive set is compiled in lower case and run over
    the lower-cased text (when lower-casing keeps every offset; otherwise the
    IGNORECASE form runs). The alternation is also regrouped by opening
    character (`_by_first_character`), so the engine looks at one character
    per group instead of every pattern at every position. `finditer` yields the
    matches in text order, longest first at the same start.
    """

    def __init__(self, patterns: list[str], flags: int = 0):
        self._fold = bool(flags & re.I)
        self._scanners = self._compile(patterns, flags)
        self._folded = self._compile([_lower_pattern(p) for p in patterns], flags & ~re.I) if self._fold else None

    @staticmethod
    def _compile(patterns: list[str], flags: int) -> list[tuple[re.Pattern, bool]]:
        bounded = [p[2:] for p in patterns if p.startswith("\\b")]
        free = [p for p in patterns if not p.startswith("\\b")]
        return [(re.compile(_by_first_character(group, bool(flags & re.I)), flags), needs)
                for group, needs in ((free, False), (bounded, True)) if group]

    def finditer(self, text: str) -> list[re.Match]:
        scanners, subject = self._scanners, text
        if self._fold:
            lowered = _lowered(text)
            if len(lowered) == len(text):
                scanners, subject = self._folded, lowered
        found = []
        for rx, needs_boundary in scanners:
            for m in rx.finditer(subject):
                a = m.start()
                if needs_boundary and a and (subject[a - 1].isalnum() or subject[a - 1] == "_"):
                    continue
                found.append(m)
        if len(scanners) > 1:
            found.sort(key=lambda m: (m.start(), -m.end()))
        return found


_QUANTIFIERS = "?*+{"
_METACHARACTERS = frozenset(".^$*+?{}[]\\|()")


def top_level(pattern: str):
    """(index, character) of each `|` and `)` of `pattern` outside any class, with the
    depth of groups it closes or sits in (0: the pattern itself)."""
    depth, in_class, escaped = 0, False, False
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            yield i, ch, depth
        elif ch == "|":
            yield i, ch, depth


def _has_top_level_bar(pattern: str) -> bool:
    """Whether `pattern` is itself an alternation ("ab|cd"): its `|` outside any group or class."""
    return any(ch == "|" and depth == 0 for _, ch, depth in top_level(pattern))


def _variants(pattern: str, budget: int = 12) -> list[str]:
    """`pattern` as an ordered list of patterns that match the same, in the same order,
    with an opening non-capturing group spelt out: "(?:a|les )?tué" is "a tué", "les
    tué", "tué" — as the engine itself tries them — so that each can be grouped by its
    first character. A pattern that opens otherwise, or would spell out into more than
    `budget` patterns, is kept whole."""
    if not pattern.startswith("(?:") or _has_top_level_bar(pattern) or "(?P" in pattern:
        return [pattern]
    close = next((i for i, ch, depth in top_level(pattern) if ch == ")" and depth == 0), None)
    if close is None:
        return [pattern]
    inner, rest = pattern[3:close], pattern[close + 1:]
    optional = rest[:1] == "?"
    if optional:
        rest = rest[1:]
    if rest[:1] and rest[0] in _QUANTIFIERS:   # "(?:x)*", "(?:x)??", "(?:x)?+": not spelt out
        return [pattern]
    bars = [i for i, ch, depth in top_level(inner) if ch == "|" and depth == 0]
    cuts = [-1, *bars, len(inner)]
    spelt = [inner[a + 1:b] + rest for a, b in pairwise(cuts)] + ([rest] if optional else [])
    out: list[str] = []
    for v in spelt:
        out.extend(_variants(v, budget))
        if len(out) > budget:
            return [pattern]
    return out


def _opening(pattern: str) -> tuple[list[str], str] | None:
    """(the characters `pattern` can open on, the rest of it) when it opens on one plain
    character or a class of plain characters ("[EÉ]tat"), unquantified; else None."""
    if not pattern or _has_top_level_bar(pattern):
        return None
    if pattern[0] == "[":
        end = pattern.find("]", 1)
        body = pattern[1:end]
        if end < 2 or any(c in "\\^-[" for c in body):
            return None
        chars, rest = list(dict.fromkeys(body)), pattern[end + 1:]
    elif pattern[0] in _METACHARACTERS:
        return None
    else:
        chars, rest = [pattern[0]], pattern[1:]
    if rest[:1] and rest[0] in _QUANTIFIERS:
        return None
    return chars, rest


def _by_first_character(patterns: list[str], ignore_case: bool) -> str:
    """One alternation of `patterns`, the same matches, grouped by opening character.

    "armée|attaque|Syrie" becomes "a(?:rmée|ttaque)|S(?:yrie)". Python's engine
    tries every alternative at every position of the text; grouped, it looks at
    each group's first character only, and when every alternative opens on a
    plain character it skips positions no alternative can open on. Alternatives
    opening on different characters cannot match at the same position, so their
    order does not matter; within a group, and around a pattern that cannot be
    grouped (it opens on a group, an escape or a quantified character), the
    original order is kept: the first alternative that matches still wins.
    """
    return _grouped((("", v) for pattern in patterns for v in _variants(pattern)), ignore_case)


def _grouped(entries, ignore_case: bool = False) -> str:
    """One alternation of (lead, pattern) entries, in their order, grouped by opening character
    (see `_by_first_character`). A lead is "" or a word-start test ("\\b", "(?<!\\w)") that
    comes before the pattern; before a word character it is made after the first letter instead
    ("\\bdenied" is "d(?<!\\wd)enied"), where it no longer keeps the engine from skipping ahead."""
    parts: list[str] = []
    groups: dict[str, list[str]] = {}

    def flush() -> None:
        for ch, rests in groups.items():
            parts.append(re.escape(ch) + "(?:" + "|".join(f"(?:{r})" for r in dict.fromkeys(rests)) + ")")
        groups.clear()

    for lead, p in entries:
        opening = _opening(p)
        if opening is None or (lead and not all(_is_word(ch) for ch in opening[0])):
            flush()
            parts.append(f"(?:{lead}{p})")
            continue
        chars, rest = opening
        for ch in chars:
            guard = f"(?<!\\w{re.escape(ch)})" if lead else ""
            groups.setdefault(ch.lower() if ignore_case else ch, []).append(guard + rest)
    flush()
    return "|".join(parts)


_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_WORD_START_LEADS = ("\\b", "(?<!\\w)")   # openings that ask for a word's start
_REGROUP_BUDGET = 64   # spelt-out variants one alternative may grow into before it is kept whole


def regrouped(pattern: str) -> str:
    """`pattern`, an alternation with no capturing group, as one that matches the same, the
    same way, grouped by opening character so that the engine skips ahead.

    `_by_first_character` does this for alternatives that open on a plain character. Most
    cue lists also open on a word boundary ("\\bdenied|\\bnever happened"), and an opening
    `\\b` keeps the engine from skipping anything. Before a word character, `\\b` says only
    that the character before is not one, so "\\bdenied" becomes "d(?<!\\wd)enied": the
    same test, made after the first letter, where it no longer hides it.
    """
    if re.compile(pattern).groups or _INLINE_FLAGS.match(pattern):
        return pattern   # numbered groups would be renumbered; a global flag must stay first

    def entries():
        for alternative in _top_alternatives(pattern):
            lead = next((x for x in _WORD_START_LEADS if alternative.startswith(x)), "")
            for v in _variants(alternative[len(lead):], _REGROUP_BUDGET):
                yield lead, v
    return _grouped(entries())


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _top_alternatives(pattern: str) -> list[str]:
    """The alternatives of `pattern`, in order, with a non-capturing group that is a whole
    alternative opened up ("(?:a|b)|c" is a, b, c)."""
    bars = [i for i, ch, depth in top_level(pattern) if ch == "|" and depth == 0]
    out: list[str] = []
    for a, b in pairwise([-1, *bars, len(pattern)]):
        alternative = pattern[a + 1:b]
        close = next((i for i, ch, depth in top_level(alternative) if ch == ")" and depth == 0), None)
        if alternative.startswith("(?:") and close == len(alternative) - 1:
            out.extend(_top_alternatives(alternative[3:-1]))
        else:
            out.append(alternative)
    return out


_last_lowered: tuple[str | None, str] = (None, "")


def _lowered(s: str) -> str:
    """`s.lower()`, remembered for the last string asked: the rules of a step read
    the same sentence one after another, dozens of times. One slot, compared by
    identity, so a check costs nothing and nothing grows; the slot is one tuple,
    rebound whole, so threads never see a string beside another's lower case."""
    global _last_lowered
    last, low = _last_lowered
    if last is not s:
        low = s.lower()
        _last_lowered = (s, low)
    return low


class CaseFree:
    """A case-insensitive regex, run as its lower-case form over lower-cased text.

    `re` with IGNORECASE tries every position; the lower-case form can skip
    ahead to its first letters, several times faster. Match offsets are those
    of the original string (when lower-casing would change the length, the
    IGNORECASE form runs instead); matched text comes back in lower case.
    """

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._rx = re.compile(regrouped(_lower_pattern(pattern)))   # (unchanged where regrouping is unsafe)
        self._ci = re.compile(pattern, re.I)

    def _pick(self, s: str) -> tuple[re.Pattern, str]:
        low = _lowered(s)
        return (self._rx, low) if len(low) == len(s) else (self._ci, s)

    def search(self, s: str) -> re.Match | None:
        low = _lowered(s)   # (not through `_pick`: the rules call this some 400 times an article)
        return self._rx.search(low) if len(low) == len(s) else self._ci.search(s)

    def fullmatch(self, s: str) -> re.Match | None:
        rx, subject = self._pick(s)
        return rx.fullmatch(subject)

    def findall(self, s: str) -> list:
        rx, subject = self._pick(s)
        return rx.findall(subject)

    def finditer(self, s: str):
        rx, subject = self._pick(s)
        return rx.finditer(subject)


_GROUP_NAME = re.compile(r"(\(\?P<\w+>|\(\?P=\w+\))")


def _lower_pattern(pattern: str) -> str:
    """A regex in lower case; escapes (\\S, \\W, \\B, \\D…) and group names left as they are."""
    out = []
    for k, part in enumerate(_GROUP_NAME.split(pattern)):
        if k % 2:   # a "(?P<name>" or "(?P=name)" token
            out.append(part)
            continue
        escaped = False
        for ch in part:
            out.append(ch if escaped else ch.lower())
            escaped = ch == "\\" and not escaped
    return "".join(out)


# "BAGDAD, 12 mars 2017 (AFP) -", "MOSUL, Iraq (Reuters) -", "SANAA, Yemen (AP) —"
_DATELINE = re.compile(r"^\s*[A-ZÀ-Ý][A-ZÀ-Ý'’ ./-]+(?:,[^()\n]{1,40})?\s*\([\w .,-]{2,24}\)\s*[-—–]+\s*")
_DATELINE_PLACE = re.compile(r"^\s*[A-ZÀ-Ý][A-ZÀ-Ý'’ ./-]+(?:,\s*[A-Z][\w .'’-]{1,30})?(?=\s*(?:,|\(|—|–|-\s))")
# without an agency: "BAGHDAD, Iraq — A car…", "BEIRUT: The ministry…", "KYIV | Some 300…", "ALEPPO, Syria, Syrian media…",
# a place in brackets opening the text: "(Beyrouth) Le Hezbollah…", and "Colombo: The toll…"
_BARE_DATELINE = re.compile(
    r"^\s*(?P<place>[A-ZÀ-Ý]{3,}(?:[ '’./-]+[A-ZÀ-Ý]{2,})*(?:,\s*[A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+)?)?)"
    r"(?:\s*[—–:|]|\s+-|(?<=[a-zà-ÿ]),)\s+"
    r"|^\s*\((?P<bracketed>[A-ZÀ-Ý][\w'’ -]{2,30})\)\s+"
    # "Colombo: The death toll…": a capitalised place and a colon, the Asian and Gulf press's form
    r"|^\s*(?P<titled>[A-ZÀ-Ý][a-zà-ÿ]{2,}(?:[ -][A-ZÀ-Ý][a-zà-ÿ]+)?) ?:\s+(?=[A-ZÀ-Ý«“\"])")


def dateline(text: str) -> tuple[int, int]:
    """(end of the dateline's place names, end of the whole dateline), or (0, 0).

    The dateline says where a wire story was filed: its place is literal but
    is not where the first sentence's events happened.
    """
    m = _DATELINE.match(text)
    if m:
        p = _DATELINE_PLACE.match(text)
        return (p.end() if p else 0), m.end()
    m = _BARE_DATELINE.match(text)
    if m:
        group = next(g for g in ("place", "bracketed", "titled") if m.group(g))
        return m.end(group), m.end()
    return 0, 0


# A sentence end is punctuation, then a space and a capital or digit; or, where copy lost the
# space ("tués.Le lendemain"), punctuation right before a capitalised word (`tight`), which ends a
# sentence only after a word of two letters or more ("M.Dupont" and "U.S.Army" stay whole).
_BOUNDARY = re.compile(r"[.!?…]+[»”\"')]*(?:\s+(?=[«“\"(]?[A-ZÀ-ÖØ-Þ0-9])|(?P<tight>(?=[«“\"(]?[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])))"
                       r"|\n\s*\n|\n(?=[A-ZÀ-Þ«])")


def sentences(text: str, lang: str = "fr", head_end: int | None = None) -> list[Sentence]:
    """Split on sentence ends, not after abbreviations (M., Mr., U.S.) or initials; a dateline stands alone.

    `head_end` is the end of the text's dateline when the caller has found it already.
    """
    abbrev, month = _abbrev_re(lang), _month_abbrev_re(lang)
    out, start = [], 0
    if head_end is None:
        _, head_end = dateline(text)
    if head_end:   # the dateline is a segment of its own
        out.append(Sentence(0, head_end, text[:head_end]))
        start = head_end
    for m in _BOUNDARY.finditer(text, start):
        if m.group("tight") is not None and not (text[m.start() - 2:m.start()].isalnum()
                                                 and len(text[m.start() - 2:m.start()]) == 2):
            continue
        head = text[start:m.start() + 1].rstrip()
        last = head.split()[-1] if head.split() else ""
        if head.endswith(".") and (abbrev.search(last) or (
                month.search(last) and text[m.end():m.end() + 1].isdigit())):
            continue
        end = m.start() + len(m.group(0).rstrip())
        if text[start:end].strip():
            out.append(Sentence(start, end, text[start:end]))
        start = m.end()
    if text[start:].strip():
        out.append(Sentence(start, len(text.rstrip()), text[start:len(text.rstrip())]))
    return out


class PerSentence(Sequence):
    """One value per sentence, each computed the first time it is read, then kept.

    Most sentences of an article hold neither a count nor an event trigger;
    the dates of those are never needed, and reading every sentence's dates
    up front cost a seventh of a parse. Indexing and iteration work as on a list.
    """

    def __init__(self, sentences: list[Sentence], compute):
        self._sentences, self._compute = sentences, compute
        self._values: list = [_UNSET] * len(sentences)

    def __len__(self) -> int:
        return len(self._sentences)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        value = self._values[i]
        if value is _UNSET:
            value = self._values[i] = self._compute(self._sentences[i])
        return value


_UNSET = object()


def unquote(s: str) -> str:
    """Quotation marks blanked out (same length): a count inside a quote is still a count."""
    return s.translate(_UNQUOTE)


_UNQUOTE = {ord(c): " " for c in QUOTES}


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `pos` falls in one of the sorted, disjoint `spans` (bisection: long texts stay linear)."""
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


@component("dateline", requires=("norm",), assigns=("dateline", "reference"))
def dateline_step(doc) -> None:
    """Where the story was filed, and the day relative dates are read against.

    "jeudi" needs a reference day: the publication date, else the dateline's
    ("BAGDAD, 12 mars 2017 (AFP) -").
    """
    from .dates import dateline_date
    doc.dateline = dateline(doc.norm)
    doc.reference = doc.published or dateline_date(doc.norm, doc.lang)


@component("sentences", requires=("norm", "lang", "dateline"), assigns=("sentences",))
def sentences_step(doc) -> None:
    doc.sentences = sentences(doc.norm, doc.lang, doc.dateline[1])
