"""Events: what happened, who, where and when, from trigger vocabularies per language.

Triggers, anchors, negation and modality cues live in data/lang/<lang>.yaml
under `events`; each type maps to ACLED and PLOVER in data/event_types.csv.
One row per distinct happening: the same type at the same place is one event,
the same type at three named places is three.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from functools import cache

from . import lang as langdata
from .actors import parties_in
from .config import PACKAGE_DATA
from .dates import find_dates
from .places import KIND_RANK, Mention
from .text import Sentence

ORDER = ("bombing", "airstrike", "shelling", "battle", "attack_on_civilians", "humanitarian",
         "evacuation", "ceasefire_breach", "agreement", "appeal", "meeting")


@cache
def type_map() -> dict[str, dict]:
    with open(PACKAGE_DATA / "event_types.csv", encoding="utf-8") as fh:
        return {row["type"]: row for row in csv.DictReader(fh)}


@cache
def _rules(lang: str):
    d = langdata.load(lang)["events"]

    def comp(pats):
        return re.compile("|".join(f"(?:{p})" for p in pats), re.I) if pats else None
    triggers = {t: comp(d["triggers"].get(t, [])) for t in ORDER}
    return (triggers, set(d["needs_anchor"]), comp(d["anchor"]), comp(d["denied"]),
            comp(d["uncertain"]), comp(d["planned"]), comp(d["generic"]))


def _places_for(trig_end: int, trig_start: int, sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    """The place(s) an event in this sentence happened at: those after the trigger, coordinated."""
    inside = [m for m in mentions if sent.start <= m.start < sent.end and m.literal
              and m.place.kind != "country"]
    after = [m for m in inside if m.start >= trig_end]
    if after:
        chosen = [after[0]]
        for m in after[1:]:
            gap = sent.text[chosen[-1].end - sent.start:m.start - sent.start]
            words = re.findall(r"\w+", gap.lower())
            if len(gap) <= 45 and re.search(r",|\bet\b|\bainsi que\b|\band\b", gap) and \
                    all(w in langdata.union("events", "place_joiners") for w in words):
                chosen.append(m)
            elif m.place.kind in ("district", "site") and chosen[-1].place.kind in ("city", "admin1"):
                continue
            else:
                break
        return chosen
    before = [m for m in inside if m.end <= trig_start]
    if before:
        return [min(before, key=lambda m: (trig_start - m.end > 80, KIND_RANK[m.place.kind], trig_start - m.end))]
    return []


def extract(text: str, sentences: list[Sentence], mentions: list[Mention],
            published: dt.date | None, lang: str, main_place: Mention | None = None) -> list[dict]:
    """Event rows for one article (see schema.EVENTS for the columns)."""
    triggers, needs_anchor, anchor, denied, uncertain, planned, generic = _rules(lang)
    rows: list[dict] = []
    seen: set[tuple] = set()
    types = type_map()
    for sent in sentences:
        s = sent.text
        taken: list[tuple[int, int]] = []
        for etype in ORDER:
            rx = triggers[etype]
            if rx is None:
                continue
            for m in rx.finditer(s):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                pre = s[max(0, m.start() - 60):m.start()]
                if denied and denied.search(s):
                    continue
                if generic and generic.search(s[max(0, m.start() - 30):m.start()]):
                    continue
                is_planned = bool(planned and planned.search(pre + m.group(0)))
                dates = find_dates(s, published, lang, future=is_planned or None)
                places = _places_for(m.end(), m.start(), sent, mentions)
                if etype in needs_anchor and not (dates or places or (anchor and anchor.search(s))):
                    continue
                status = "planned" if is_planned else (
                    "uncertain" if uncertain and uncertain.search(pre) else "asserted")
                when = min(dates, key=lambda w: abs(w.start - m.start())) if dates else None
                if not places and etype not in ("meeting", "appeal", "agreement") and main_place:
                    places = [main_place]
                for place in places or [None]:
                    key = (etype, place.place.pid if place else None,
                           None if place else (when.date if when else None))
                    if key in seen:
                        continue
                    seen.add(key)
                    t = types[etype]
                    rows.append({
                        "type": etype,
                        "acled_event_type": t["acled_event_type"] or None,
                        "acled_sub_event_type": t["acled_sub_event_type"] or None,
                        "plover": t["plover"],
                        "status": status,
                        "actors": parties_in(s)[:4],
                        "location": place.place.name if place else None,
                        "country": place.place.country if place else None,
                        "lat": place.place.lat if place else None,
                        "lon": place.place.lon if place else None,
                        "date": when.date if when else None,
                        "date_precision": when.precision if when else None,
                        "trigger": m.group(0),
                        "start": sent.start + m.start(), "end": sent.start + m.end(),
                        "evidence": s.strip(),
                    })
    return rows
