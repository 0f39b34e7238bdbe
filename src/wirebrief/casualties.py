"""Casualty counts, one row per count, coded the way a careful analyst would.

A count is a number (see numbers.py) whose head noun is a kind of victim
("300 000 morts") or a group of people ("13 personnes", "300 insurgés") that a
nearby verb says were killed, injured, missing or displaced ("ont été tuées",
"a tué", "ayant fui"). Counts of trucks, days, ages or besieged populations
have no such head or verb and are never taken. Words live in
data/lang/<lang>.yaml under `casualties`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from . import lang as langdata
from .actors import parties_in
from .dates import find_dates
from .numbers import Quantity, find_quantities
from .places import KIND_RANK, Mention, main_mention
from .text import QUOTES, Sentence, fold

KINDS = ("killed", "injured", "missing", "displaced")


@dataclass(frozen=True)
class _CasualtyRules:
    kind_nouns: dict          # folded noun -> kind
    groups: dict              # folded noun -> English group
    head: re.Pattern
    after: dict               # kind -> pattern
    before: dict              # kind -> pattern
    subset: re.Pattern
    cumulative: re.Pattern
    hypothetical: re.Pattern
    claim: re.Pattern
    reporters: list
    and_families: re.Pattern


@cache
def rules(lang: str) -> _CasualtyRules:
    d = langdata.load(lang)["casualties"]
    of = langdata.load(lang)["numbers"]["of"]
    kind_nouns = {fold(n): k for k, nouns in d["kind_nouns"].items() for n in nouns}
    groups = {fold(n): g for n, g in d["groups"].items()}
    of_alt = "|".join(re.escape(o) for o in of)
    head = re.compile(rf"^\s*(?:(?:{of_alt})\s*)?(?P<head>[\w-]+(?: mortelles| humanitaires)?)", re.I)

    def comp(pats):
        return re.compile("|".join(f"(?:{p})" for p in pats), re.I) if pats else None
    return _CasualtyRules(
        kind_nouns=kind_nouns, groups=groups, head=head,
        after={k: comp(v) for k, v in d["after"].items()},
        before={k: comp(v) for k, v in d["before"].items()},
        subset=re.compile(rf"(?:{'|'.join(map(re.escape, d['subset_cues']))})\s*,?\s*$", re.I),
        cumulative=comp(d["cumulative"]),
        hypothetical=comp(d["hypothetical"]),
        claim=comp(d["claim"]),
        reporters=[re.compile(p) for p in d["reporters"]],
        and_families=re.compile(rf"^\s*(?:\w+\s+)?{d['and_families']}", re.I),
    )


@dataclass
class _Found:
    q: Quantity
    kind: str
    group: str
    head_end: int
    trig: tuple[int, int] | None
    subset: bool


@cache
def _toll_words() -> re.Pattern:
    return re.compile("|".join(langdata.union("casualties", "toll_words")), re.I)


def _unquote(s: str) -> str:
    return s.translate({ord(c): " " for c in QUOTES})


def _kind_from(text_after: str, text_before: str, r: _CasualtyRules):
    """(kind, span relative) from the nearest trigger after, else before, the count."""
    best = None
    for kind, rx in r.after.items():
        if rx is None:
            continue
        m = rx.search(text_after)
        if m and m.group(0).strip() and (best is None or m.start() < best[1][0]):
            best = (kind, (m.start(), m.end()), "after")
    if best and best[1][0] <= 60:
        return best
    before_best = None
    for kind, rx in r.before.items():
        if rx is None:
            continue
        for m in rx.finditer(text_before):
            if len(text_before) - m.end() <= 25 and (before_best is None or m.end() > before_best[1][1]):
                before_best = (kind, (m.start(), m.end()), "before")
    return before_best or best


def _reporter(sentence: str, r: _CasualtyRules) -> str | None:
    for rx in r.reporters:
        m = rx.search(sentence)
        if m:
            who = m.group("who").strip()
            parties = parties_in(who, sources=True)
            if parties:
                return parties[0]
            words = who.split()
            return " ".join(words[:4]) if words else None
    return None


def _place_for(q_start: int, sent: Sentence, mentions: list[Mention], cumulative: bool,
               main_country: Mention | None, main_place: Mention | None) -> Mention | None:
    inside = [m for m in mentions if sent.start <= m.start < sent.end and m.literal]
    if cumulative:
        countries = [m for m in inside if m.place.kind == "country"]
        return countries[0] if countries else main_country
    specific = [m for m in inside if m.place.kind != "country"] or inside
    if not specific:
        return main_place or main_country
    return min(specific, key=lambda m: (KIND_RANK[m.place.kind], abs(m.start - q_start)))


def extract(text: str, sentences: list[Sentence], mentions: list[Mention],
            published: dt.date | None, lang: str, main_country: Mention | None = None,
            main_place: Mention | None = None, lead: dt.date | None = None) -> list[dict]:
    """Casualty rows for one article (see schema.CASUALTIES for the columns).

    main_country / main_place (places.main_mention) are where counts with no
    place in their sentence are put: cumulative tolls to the country, others to the place.
    """
    r = rules(lang)
    if main_country is None and main_place is None:
        main_country = main_mention(mentions, country=True)
        main_place = main_mention(mentions, country=False) or main_country
    rows: list[dict] = []
    seen: set[tuple] = set()
    for sent in sentences:
        s = _unquote(sent.text)
        found: list[_Found] = []
        quantities = find_quantities(s, lang)
        for n, q in enumerate(quantities):
            h = r.head.match(s[q.end:])
            head = fold(h.group("head")) if h else ""
            head_end = q.end + (h.end() if h else 0)
            prev_end = found[-1].head_end if found else 0
            before = s[prev_end:q.start]
            is_subset = bool(r.subset.search(before)) or (
                bool(found) and found[-1].subset and re.fullmatch(r"\s*(?:,|et|and)\s*", before) is not None)
            next_start = quantities[n + 1].start if n + 1 < len(quantities) else len(s)
            after = s[head_end:min(len(s), head_end + 160)]
            nxt = quantities[n + 1] if n + 1 < len(quantities) else None
            nh = r.head.match(s[nxt.end:]) if nxt is not None else None
            nxt_counts = nh is not None and (fold(nh.group("head")) in r.groups or fold(nh.group("head")) in r.kind_nouns)
            if nxt is not None and nxt_counts and not r.subset.search(s[head_end:nxt.start]):
                after = s[head_end:next_start]
            kind, group, trig = None, None, None
            if head in r.kind_nouns:
                kind, group = r.kind_nouns[head], "people"
                trig = (q.end, head_end)
            elif head in r.groups:
                group = r.groups[head]
                k = _kind_from(after, s[max(0, q.start - 80):q.start], r)
                if k:
                    kind = k[0]
                    off = head_end if k[2] == "after" else max(0, q.start - 80)
                    trig = (off + k[1][0], off + k[1][1])
            else:
                k = _kind_from("", s[max(0, q.start - 80):q.start], r)
                if k and _toll_words().search(s[max(0, q.start - 80):q.start]):
                    kind, group = k[0], "people"
                    trig = (max(0, q.start - 80) + k[1][0], q.start)
            if kind is None and is_subset and found and head in r.groups:
                kind, group = found[-1].kind, r.groups[head]
            if kind is None:
                continue
            if q.single and (is_subset or trig is None or trig[0] - head_end > 25):
                continue
            window = s[max(0, min(q.start, trig[0] if trig else q.start) - 40):q.start]
            if r.hypothetical.search(window):
                continue
            fam = r.and_families.match(s[head_end:])
            if fam and group not in (None, "people"):
                group = f"{group} and families"
            found.append(_Found(q, kind, group or "people", head_end, trig, is_subset))
        _emit(found, sent, s, mentions, published, lang, r, rows, seen, main_country, main_place, lead)
    return rows


def _when(cumulative: bool, dates: list, at: int, lead, published) -> dict:
    """An incident count's date: the sentence's nearest date, else the story's lead date, else publication."""
    if cumulative:
        return {"date": None, "date_precision": None, "date_basis": None}
    if dates:
        w = min(dates, key=lambda w: abs(w.start - at))
        return {"date": w.date, "date_precision": w.precision, "date_basis": "text"}
    if lead:
        return {"date": lead, "date_precision": "day", "date_basis": "lead"}
    if published:
        return {"date": published, "date_precision": "day", "date_basis": "published"}
    return {"date": None, "date_precision": None, "date_basis": None}


def _emit(found, sent, s, mentions, published, lang, r, rows, seen, main_country, main_place, lead):
    parent_stack: list[int | None] = []
    cumulative = bool(r.cumulative.search(s)) if r.cumulative else False
    claimed = bool(r.claim.search(s)) if r.claim else False
    reporter = _reporter(sent.text, r)
    dates = [w for w in find_dates(s, published, lang)
             if w.precision in ("day", "week") and (published is None or w.date <= published)]
    for i, f in enumerate(found):
        parent = None
        if f.subset and rows:
            prev = found[i - 1] if i else None
            if prev is not None and prev.subset and re.fullmatch(r"\s*(?:,|et|and)\s*", s[prev.head_end:f.q.start]):
                parent = parent_stack[-1] if parent_stack else None
            else:
                parent = rows[-1]["_index"] if rows and rows[-1]["_sent"] == sent.start else None
        key = (f.kind, f.q.low, f.q.best, f.q.high, f.group, parent is None)
        if key in seen:
            continue
        seen.add(key)
        place = _place_for(sent.start + f.q.start, sent, mentions, cumulative, main_country, main_place)
        lo = min(f.q.start, f.trig[0] if f.trig else f.q.start)
        hi = max(f.head_end, f.trig[1] if f.trig else f.head_end)
        rows.append({
            "_index": len(rows), "_sent": sent.start,
            "kind": f.kind, "low": f.q.low, "best": f.q.best, "high": f.q.high,
            "group": f.group, "part_of": parent,
            "scope": "cumulative" if cumulative else "incident",
            "location": place.place.name if place else None,
            "country": place.place.country if place else None,
            "lat": place.place.lat if place else None, "lon": place.place.lon if place else None,
            "reported_by": reporter, "claimed": claimed,
            **_when(cumulative, dates, f.q.start, lead, published),
            "start": sent.start + lo, "end": sent.start + hi,
            "evidence": sent.text.strip(),
        })
        parent_stack.append(parent)
    return rows
