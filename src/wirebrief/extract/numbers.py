"""Numbers as the press writes them, turned into low/best/high the way UCDP codes them.

Digits with every thousands separator ("300 000" with plain, no-break or
narrow spaces, "100.000", "290'000", "8,000"), number words (via text2num),
approximations ("une vingtaine", "des centaines", "dozens"), qualifiers
("au moins", "près de", "environ"…) and ranges ("entre 2 500 et 4 000").
The words live in data/lang/<lang>/numbers.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from text_to_num import text2num

from .. import lang as langdata
from .registry import component
from .text import CaseFree, unquote

# digits glued to a letter, or to a letter and a hyphen, belong to a name, never a count:
# "M23", "F-16", "Su-24", "AK-47", "COVID-19"
NAMELESS = r"(?<!\w)(?<![^\W\d_]-)"
DIGITS = r"\d{1,3}(?:(?:[ \u00a0\u202f\u2009.'’]|,(?=\d{3}(?!\d)))\d{3})+(?![\d,]\d)|\d+(?:[.,]\d+)?"


# No count of people comes near this (the world holds 8e9); larger figures are
# noise, serial numbers or money, and would not fit the frames' 64-bit integers.
MAX_COUNT = 10**10


@dataclass(frozen=True)
class Quantity:
    """A count found in text; start/end are offsets in the text searched."""
    low: int | None
    best: int | None
    high: int | None
    start: int
    end: int
    text: str
    single: bool = False  # "un"/"a": one person, only a count when a victim is named

    @property
    def headline(self) -> int | None:
        return next((v for v in (self.best, self.low, self.high) if v is not None), None)


@dataclass(frozen=True)
class _Grammar:
    core: CaseFree
    qual_low: re.Pattern
    qual_high: re.Pattern
    qual_about: re.Pattern
    ranges: tuple[CaseFree, ...]
    shared_gap: re.Pattern | None   # the gap across which a qualifier covers the next number too


@cache
def grammar(lang: str) -> _Grammar:
    d = langdata.load(lang)["numbers"]
    conj = langdata.alternation(d["conjunctions"], words=False)
    words = [w for w in d["words"] if w not in d["conjunctions"]]
    # "vingt-deux", "vingt et un", "vingt-et-un", "one hundred and two"
    joiner = rf"(?:-|\s+(?:{conj}\s+|{conj}-)?|-{conj}-)"
    word = langdata.alternation(words, words=False)
    word_run = rf"(?<![\w-]){word}(?:{joiner}{word})*(?![\w-])"
    scale = langdata.alternation(d["scale_words"], words=False)
    one = langdata.alternation(d["approx_one"], words=False)
    many = langdata.alternation(d["approx_many"], words=False)
    of = langdata.either(re.escape(o) for o in d["of"])
    # "a"/"an": one person ("a soldier was killed"); not a number word, so never joined into runs
    articles = [w for w in d["single"] if w not in d["words"]]
    approx_scales = langdata.alternation(d["approx_scales"], words=False)
    scale_of_article = "|".join(map(re.escape, d.get("article_scales", []))) or "(?!)"
    article = (rf"|(?P<article>(?<![\w-])(?:{langdata.either(map(re.escape, articles))})(?![\w'’-])"
               rf"(?:\s+(?P<ascale>{scale_of_article})(?![\w-]))?)") if articles else ""
    fixed = d.get("fractions") or {}
    fixed_alt = langdata.alternation(fixed, words=False) if fixed else "(?!)"
    core = (
        rf"(?P<fixed>(?<![\w-]){fixed_alt})(?![\w-])"
        rf"|(?P<approx_one>{d['approx_one_article_re']}\s+(?:{one})s?)(?=\s|$|\W)"
        rf"|(?P<approx_many>(?:{d['approx_many_article_re']}\s*)(?:{many})(?:\s+(?:{of})\s*{approx_scales})?)(?!\w)"
        rf"|(?P<digits>{NAMELESS}(?:{DIGITS}))(?:\s+(?P<dscale>{scale})(?!\w))?"
        rf"|(?P<words>{word_run})(?:\s+(?P<wscale>{scale})(?!\w))?"
        rf"{article}"
    )
    q = d["qualifiers"]
    tail = r"\s*$"
    ranges = tuple(CaseFree(r.replace("{N}", rf"(?:{DIGITS}|{word_run})")) for r in d["range_re"])
    return _Grammar(
        core=CaseFree(core),   # lower-case regex over lower-cased text: same matches, much faster
        qual_low=re.compile(rf"(?:{langdata.alternation(q['low'], words=False)}){tail}", re.IGNORECASE),
        qual_high=re.compile(rf"(?:{langdata.alternation(q['high'], words=False)}){tail}", re.IGNORECASE),
        qual_about=re.compile(rf"(?:{langdata.alternation(q['about'], words=False)}){tail}", re.IGNORECASE),
        ranges=ranges,
        shared_gap=re.compile(d["shared_qualifier_gap_re"], re.I) if d.get("shared_qualifier_gap_re") else None,
    )


def digits_value(text: str) -> int | None:
    """'300 000' / '100.000' / "290'000" / '8,000' -> int; '2,5' -> 2 (decimal cut)."""
    t = re.sub(r"[ \u00a0\u202f\u2009'’]", "", text)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", t):
        return int(re.sub(r"[.,]", "", t))
    if re.fullmatch(r"\d+[.,]\d+", t):
        return int(float(t.replace(",", ".")))
    return int(t) if t.isdigit() else None


def words_value(text: str, lang: str) -> int | None:
    d = langdata.load(lang)["numbers"]
    t = re.sub(r"\s+", " ", text.strip().lower())
    if t in d["single"]:
        return 1
    if not d["text2num"]:   # a language text2num does not read: digits only
        return None
    try:
        return int(text2num(t, d["text2num"]))
    except (ValueError, KeyError):
        try:  # text2num wants French compounds hyphenated: "vingt et un" -> "vingt-et-un"
            return int(text2num(t.replace(" ", "-"), d["text2num"]))
        except (ValueError, KeyError):
            return None


def _scale(lang: str, word: str | None) -> float:
    if not word:
        return 1
    return langdata.load(lang)["numbers"]["scale_words"].get(word.lower(), 1)


def _value(m: re.Match, lang: str) -> tuple[int | None, str]:
    """(value, how) for a core match; how is exact | one | many | about."""
    d = langdata.load(lang)["numbers"]
    if m.group("fixed"):   # "un demi-million", "a quarter of a million": a round figure
        table = {k.lower(): v for k, v in d["fractions"].items()}
        return table.get(re.sub(r"\s+", " ", m.group("fixed").lower())), "about"
    if m.group("approx_one"):
        unit = m.group("approx_one").split()[-1].lower().rstrip("s")
        table = {k.lower(): v for k, v in d["approx_one"].items()}
        return table.get(unit) or table.get(unit + "s"), "one"
    if m.group("approx_many"):
        text = m.group("approx_many").lower()
        table = {k.lower(): v for k, v in d["approx_many"].items()}
        value = None
        for key in sorted(table, key=len, reverse=True):
            if key in text:
                value = table[key]
                break
        if value and value < 1000 and any(text.endswith(w) for w in d["thousands"]):
            value *= 1000
        return value, "many"
    if m.group("digits"):
        v = digits_value(m.group("digits"))
        if m.group("dscale"):
            t = m.group("digits").replace(",", ".").replace(" ", "")
            try:
                v = int(float(t) * _scale(lang, m.group("dscale")))
            except ValueError:
                v = None
        return v, "exact"
    if m.groupdict().get("article"):  # "a soldier" -> 1, "a hundred" -> 100
        return (words_value("one " + m.group("ascale"), lang) if m.group("ascale") else 1), "exact"
    v = words_value(m.group("words"), lang)
    if v is not None and m.group("wscale"):
        v = int(v * _scale(lang, m.group("wscale")))
    return v, "exact"


def find_quantities(text: str, lang: str = "fr") -> list[Quantity]:
    """Every count in `text`, with its qualifier folded into low/best/high."""
    return list(_quantities(text, lang))


@lru_cache(maxsize=4096)
def _quantities(text: str, lang: str) -> tuple[Quantity, ...]:
    """Memoised on the sentence: wire copy repeats its background sentences
    ("Le conflit a fait plus de 300 000 morts depuis 2011") from story to story."""
    g = grammar(lang)
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for rx in g.ranges:
        for m in rx.finditer(text):
            a = _single_value(m.group("a"), lang)
            b = _single_value(m.group("b"), lang)
            if a is not None and b is not None and a < b <= MAX_COUNT:
                out.append(Quantity(a, None, b, m.start(), m.end(), text[m.start():m.end()]))
                taken.append((m.start(), m.end()))
    single_words = set(langdata.load(lang)["numbers"]["single"])
    for m in g.core.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        value, how = _value(m, lang)
        if value is None or value > MAX_COUNT:   # "99999999999999999999": not a count of anything
            continue
        start, end = m.start(), m.end()
        before = text[max(0, start - 40):start]
        low = best = high = value
        if how in ("one", "about"):
            low = high = None
        elif how == "many":
            low, best, high = 2 * value, None, None
        if (q := g.qual_low.search(before)) and how != "many":
            low, best, high, start = value, value, None, start - (len(before) - q.start())
        elif (q := g.qual_high.search(before)) and how != "many":
            low, best, high, start = None, value, value, start - (len(before) - q.start())
        elif (q := g.qual_about.search(before)) and how == "exact":
            low, best, high, start = None, value, None, start - (len(before) - q.start())
        is_single = bool(m.groupdict().get("article") and not m.group("ascale")) or (
            how == "exact" and m.group("words") is not None and m.group("words").lower() in single_words)
        out.append(Quantity(low, best, high, start, end, text[start:end], single=is_single))
    out.sort(key=lambda q: q.start)
    return tuple(_shared_qualifiers(out, text, g))


def _shared_qualifiers(found: list[Quantity], text: str, g: _Grammar) -> list[Quantity]:
    """A qualifier in front of two coordinated numbers covers both: "at least 14 soldiers
    and 11 civilians", "au moins 12 morts et 30 blessés" -> the 11 and the 30 are
    "at least" too (the guideline's Conventions). Only an exact number right after
    "and"/"et", a few words on, takes it; a single victim ("and one was wounded") does not."""
    if g.shared_gap is None:
        return found
    out = list(found)
    for k in range(1, len(out)):
        prev, q = out[k - 1], out[k]
        exact = q.low == q.best == q.high and q.best is not None and not q.single
        qualified = prev.best is not None and (prev.low, prev.high) != (prev.best, prev.best)
        if exact and qualified and g.shared_gap.match(text[prev.end:q.start]):
            low = q.best if prev.low is not None else None
            high = q.best if prev.high is not None else None
            out[k] = replace(q, low=low, high=high)
    return out


def _single_value(text: str, lang: str) -> int | None:
    return digits_value(text) if re.match(r"\d", text) else words_value(text, lang)


@component("quantities", requires=("sentences", "lang"), assigns=("quantities",))
def quantities_step(doc) -> None:
    """Each sentence's numbers, read with its quotation marks blanked (same offsets)."""
    doc.quantities = [find_quantities(unquote(sent.text), doc.lang) for sent in doc.sentences]
