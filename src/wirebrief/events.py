"""Events: what happened, who, where and when, from trigger vocabularies per language.

Triggers and the cue words that qualify them (negation, modality, purpose,
background, venue prepositions) live in data/lang/<lang>.yaml under `events`;
each type maps to ACLED and PLOVER in data/event_types.csv.

Automated event coders over-generate, so most of this module decides what
*not* to code:
- words inside direct speech («…» opening a sentence) are a speaker's words,
  coded through the speech verb outside the quote, not as happenings;
- denied, hypothetical, purpose ("pour ouvrir des négociations"), generic and
  iterative mentions are dropped;
- a long-running campaign dated only by "depuis l'été 2014" is background;
- a demand made during a phone call is that call, not a second event;
- the same happening mentioned twice (same type, compatible place and date)
  is one row.
Dates come from the clause; an undated asserted event takes the story's lead
date (the day of the first dated sentence), marked `date_basis = "lead"`.
"""
from __future__ import annotations

import bisect
import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from . import lang as langdata
from .actors import actors_between, sources
from .config import PACKAGE_DATA
from .dates import When, find_dates
from .places import KIND_RANK, Mention, km, mentions_between
from .text import Alternatives, CaseFree, Sentence, in_spans

ORDER = ("bombing", "airstrike", "shelling", "bombardment", "battle", "attack_on_civilians",
         "humanitarian", "evacuation", "ceasefire_breach", "agreement", "appeal", "meeting")
DIPLOMATIC = ("meeting", "appeal", "agreement")
SPEECH_ACTS = ("appeal",)   # two demands on one day are two statements: never merged across sentences
BACKGROUND_DAYS = 31        # an event "since" longer ago than this is background, not news
MERGE_KM = 60               # a place inside another (Inkhil in Daraa Governorate) is one event
PLACE_GAP = 45              # max characters between two coordinated places of one event


@cache
def type_map() -> dict[str, dict]:
    with open(PACKAGE_DATA / "event_types.csv", encoding="utf-8") as fh:
        return {row["type"]: row for row in csv.DictReader(fh)}


def _alt(pats: list[str] | None) -> CaseFree | None:
    """One case-insensitive regex for a list of cue patterns (or None for an empty list)."""
    return CaseFree("|".join(f"(?:{p})" for p in pats)) if pats else None


@dataclass(frozen=True)
class _Rules:
    triggers: dict
    needs_anchor: frozenset
    anchor: CaseFree | None
    denied: CaseFree | None
    hypothetical: CaseFree | None
    uncertain: CaseFree | None
    planned: CaseFree | None
    generic: CaseFree | None
    past_perfect: CaseFree | None
    anaphora: re.Pattern | None
    demonstrative: re.Pattern | None
    target_of: re.Pattern | None
    since: CaseFree | None
    venue: re.Pattern | None
    venue_of: CaseFree | None
    air: CaseFree | None
    ground: CaseFree | None
    joiners: frozenset
    attribution: re.Pattern   # "selon X", "according to X" up to the clause end


@cache
def rules(lang: str) -> _Rules:
    d = langdata.load(lang)["events"]
    venue = d.get("venue_prepositions", [])
    return _Rules(
        triggers={t: Alternatives(d["triggers"][t], re.I) if d["triggers"].get(t) else None
                  for t in ORDER},
        needs_anchor=frozenset(d["needs_anchor"]),
        anchor=_alt(d.get("anchor")), denied=_alt(d.get("denied")),
        hypothetical=_alt(d.get("hypothetical")), uncertain=_alt(d.get("uncertain")),
        planned=_alt(d.get("planned")), generic=_alt(d.get("generic")),
        past_perfect=_alt(d.get("past_perfect")), since=_alt(d.get("since")),
        anaphora=re.compile(rf"(?:^|\W)(?:{'|'.join(d['definite'] + d['demonstrative'])})\s*$", re.I),
        demonstrative=re.compile(rf"(?:^|\W)(?:{'|'.join(d['demonstrative'])})\s*$", re.I),
        target_of=re.compile(rf"\s*(?:{'|'.join(d['target_of'])})\s*(?:\w+\s+)?", re.I),
        venue=re.compile(rf"(?:^|\W)(?:{'|'.join(venue)})\s*(?:\w+\s+){{0,3}}$", re.I) if venue else None,
        venue_of=_alt([rf"\s*(?:{p})\s*" for p in d.get("venue_of", [])]),
        air=_alt(d.get("air_cues")), ground=_alt(d.get("ground_cues")),
        joiners=frozenset(d.get("place_joiners", [])),
        attribution=(re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, d['attribution']))})\s[^,.;:«»()]{{1,80}}",
                                re.I) if d.get("attribution") else re.compile("(?!)")),
    )


# ---------------------------------------------------------------- quotes

_OPEN, _CLOSE = "«“", "»”"
_QUOTE_CHARS = re.compile('[«“»”"]')


def direct_speech(text: str) -> list[tuple[int, int]]:
    """Spans of quotations that open a sentence or follow a colon: a speaker's own words.

    A partial quote inside reported speech (a demandé de «presser le régime…»)
    is the reporter's sentence and stays codable.
    """
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
            if depth == 0 and _opens_sentence(text, start):
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




# ---------------------------------------------------------------- places

def _places_for(trig_start: int, trig_end: int, sent: Sentence, mentions: list[Mention],
                joiners: frozenset) -> list[Mention]:
    """Where a violent event happened: the place(s) after the trigger, coordinated, else the nearest before."""
    inside = [m for m in mentions if sent.start <= m.start < sent.end and m.literal
              and m.place.kind != "country"]
    after = [m for m in inside if m.start >= trig_end]
    if after:
        chosen = [after[0]]
        for m in after[1:]:
            gap = sent.text[chosen[-1].end - sent.start:m.start - sent.start]
            words = re.findall(r"\w+", gap.lower())
            if KIND_RANK[m.place.kind] > KIND_RANK[chosen[-1].place.kind]:
                break  # "le quartier de Jobar, à Damas": the city contains the district
            if len(gap) <= PLACE_GAP and re.search(r",|\w", gap) and all(w in joiners for w in words):
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


def _venue(trig_start: int, trig_end: int, sent: Sentence, mentions: list[Mention],
           r: _Rules, home: str | None) -> Mention | None:
    """Where a meeting or statement took place: a place introduced by a locative preposition.

    "parlé au téléphone de la situation autour d'Alep" names a topic, not a
    venue; "réuni ... dans la capitale autrichienne" and "au Brunei" are venues.
    Countries count here (diplomats meet "au Brunei"), except the country the
    article is about: "le bain de sang en Syrie" is the topic, not a venue.
    """
    if r.venue is None:
        return None
    s, off = sent.text, sent.start
    found = []
    for m in mentions:
        a, b = m.start - off, m.end - off
        if not (0 <= a < len(s)) or not m.literal:
            continue
        if m.place.kind == "country" and m.place.country == home:
            continue
        ahead = 0 <= a - trig_end <= 120 and not re.search(r"[«»“”]", s[trig_end:a])
        if m.place.kind == "city" and r.venue_of and r.venue_of.fullmatch(s[trig_end:a]):
            found.append(m)  # "la réunion de Lausanne", "the Geneva talks"
            continue
        if m.place.kind == "city" and 0 <= trig_start - b <= 1:
            found.append(m)
            continue
        opening = b <= trig_start and re.fullmatch(r"\W*\w+\W*", s[:a] or " ") is not None
        if (ahead or opening) and r.venue.search(s[max(0, a - 40):a]):
            found.append(m)
    found.sort(key=lambda m: m.place.kind == "country")  # a city before a country
    return found[0] if found else None


# ---------------------------------------------------------------- dates

def _is_since(s: str, w: When, r: _Rules) -> bool:
    return bool(r.since and r.since.search(s[max(0, w.start - 12):w.end]))


# ---------------------------------------------------------------- extraction

def _bombardment_type(sent: str, text: str, r: _Rules) -> str:
    """'bombardement' is aerial or artillery; decide from the sentence, then the article."""
    for scope in (sent, text):
        air = len(r.air.findall(scope)) if r.air else 0
        ground = len(r.ground.findall(scope)) if r.ground else 0
        if air != ground:
            return "airstrike" if air > ground else "shelling"
    return "shelling"


def _skip(s: str, a: int, b: int, r: _Rules) -> bool:
    """Denied, hypothetical, generic, purpose or iterative mentions are not events."""
    if r.denied and r.denied.search(s):
        return True
    if r.hypothetical and r.hypothetical.search(s[:a]):
        return True
    window = s[max(0, a - 60):min(len(s), b + 80)]
    return bool(r.generic and r.generic.search(window))


def extract(text: str, sentences: list[Sentence], mentions: list[Mention],
            published: dt.date | None, lang: str, main_place: Mention | None = None,
            main_country: Mention | None = None, lead: dt.date | None = None) -> list[dict]:
    """Event rows for one article (see schema.EVENTS for the columns).

    `lead` (dates.lead_date) is the story's news day, given to undated events.
    """
    r = rules(lang)
    speech = direct_speech(text)
    found: list[dict] = []
    hits = _trigger_hits(text, sentences, r)
    starts = [x.start for x in mentions]
    for si, sent in enumerate(sentences):
        s = sent.text
        local = mentions_between(mentions, starts, sent.start, sent.end)
        taken: list[tuple[int, int]] = []
        for etype in ORDER:
            for m in hits.get((si, etype), ()):
                a, b = m.start(), m.end()
                if any(x < b and a < y for x, y in taken):
                    continue
                taken.append((a, b))
                if in_spans(sent.start + a, speech) or _skip(s, a, b, r):
                    continue
                row = _event(etype, m, sent, si, text, local, published, lang, r,
                             main_place, main_country, taken[:-1])
                if row:
                    found.extend(row)
    for row in found:
        if row["date"] is None and lead and row["status"] == "asserted" and not row["_past"]:
            row.update(date=lead, date_precision="day", date_basis="lead")
    rows = _merge(_fold_appeals_into_calls(found))
    for row in rows:
        for k in ("_past", "_sent", "_kind", "_anaphoric"):
            row.pop(k, None)
    return rows


@dataclass(frozen=True)
class _Hit:
    """A trigger match, in the offsets of its sentence (the re.Match methods _event uses)."""
    a: int
    b: int
    surface: str

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b

    def group(self, _n: int = 0) -> str:
        return self.surface


def _trigger_hits(text: str, sentences: list[Sentence], r: _Rules) -> dict[tuple[int, str], list[_Hit]]:
    """(sentence index, event type) -> its trigger matches, from one scan of the whole text per type.

    Scanning the text once per type instead of every sentence once per type
    spares some 250 regex calls per article; a match that would straddle two
    sentences belongs to neither.
    """
    starts = [sent.start for sent in sentences]
    out: dict[tuple[int, str], list[_Hit]] = {}
    for etype in ORDER:
        rx = r.triggers[etype]
        if rx is None:
            continue
        for m in rx.finditer(text):
            si = bisect.bisect_right(starts, m.start()) - 1
            if si < 0 or m.end() > sentences[si].end:
                continue
            off = sentences[si].start
            out.setdefault((si, etype), []).append(_Hit(m.start() - off, m.end() - off, text[m.start():m.end()]))
    return out


def _actors(text: str, sent: Sentence, r: _Rules) -> list[str]:
    """The sentence's parties, without those it only cites as its source ("selon l'ONU")."""
    cited = [(sent.start + m.start(), sent.start + m.end()) for m in r.attribution.finditer(sent.text)]
    out: list[str] = []
    for a in actors_between(text, sent.start, sent.end):
        if any(x <= a.start < y for x, y in cited):
            continue
        if a.party not in out and a.party not in sources():
            out.append(a.party)
    return out[:4]


def _event(etype: str, m: _Hit, sent: Sentence, si: int, text: str, mentions: list[Mention],  # the sentence's
           published: dt.date | None, lang: str, r: _Rules, main_place: Mention | None,
           main_country: Mention | None, taken: list[tuple[int, int]]) -> list[dict]:
    s, a, b = sent.text, m.start(), m.end()
    pre = s[max(0, a - 60):a]
    if etype == "bombardment":
        etype = _bombardment_type(s, text, r)
    if etype == "appeal" and re.search(r"[»”\"]\s*,?\s*$", pre):
        return []  # "«…», a mis en garde X": a speech tag, the quote is the statement
    if any(0 <= a - y <= 25 and r.target_of and r.target_of.fullmatch(s[y:a]) for _, y in taken):
        return []  # "le bombardement d'un convoi humanitaire": the convoy is the target
    is_planned = bool(r.planned and r.planned.search(pre + m.group(0)))
    dates = find_dates(s, published, lang, future=True if is_planned else None)
    when = min(dates, key=lambda w: abs(w.start - a)) if dates else None
    if when is not None and not is_planned and published and when.date > published:
        when = None  # "soulignant qu'elle sera périmée lundi": a later date is another clause's
    if when is not None and _is_since(s, when, r):
        if published and (published - when.date).days > BACKGROUND_DAYS:
            if etype not in DIPLOMATIC:
                return []  # "bombardent ... depuis l'été 2014": a campaign, not a happening
            when = None
    if etype in DIPLOMATIC:
        venue = _venue(a, b, sent, mentions, r, main_country.place.country if main_country else None)
        places = [venue] if venue else []
    else:
        places = _places_for(a, b, sent, mentions, r.joiners)
    if etype in r.needs_anchor:
        clause = s[max(0, a - 80):b + 100]
        located_after = any(p.start >= sent.start + b for p in places)
        if not (when or located_after or (r.anchor and r.anchor.search(clause))):
            return []
    if not places and etype not in DIPLOMATIC and main_place is not None:
        in_sentence = any(sent.start <= x.start < sent.end for x in mentions)
        home = main_country.place.country if main_country else None
        if not in_sentence and main_place.place.country == home:
            places = [main_place]
    status = "planned" if is_planned else (
        "uncertain" if r.uncertain and r.uncertain.search(pre + " " + s[b:b + 25]) else "asserted")
    t = type_map()[etype]
    actors = _actors(text, sent, r)
    rows = []
    for place in places or [None]:
        rows.append({
            "type": etype,
            "acled_event_type": t["acled_event_type"] or None,
            "acled_sub_event_type": t["acled_sub_event_type"] or None,
            "plover": t["plover"],
            "status": status,
            "actors": actors,
            "location": place.place.name if place else None,
            "country": place.place.country if place else None,
            "lat": place.place.lat if place else None,
            "lon": place.place.lon if place else None,
            "_kind": place.place.kind if place else None,
            "date": when.date if when else None,
            "date_precision": when.precision if when else None,
            "date_basis": "text" if when else None,
            "trigger": m.group(0),
            "start": sent.start + a, "end": sent.start + b,
            "evidence": s.strip(),
            "_sent": si,
            "_past": bool(r.past_perfect and r.past_perfect.search(s[max(0, a - 40):b + 40])),
            "_anaphoric": bool(r.anaphora and r.anaphora.search(pre) and (
                r.demonstrative.search(pre) or len(re.findall(r"\w+", s[:a])) <= 1)),
        })
    return rows


def _fold_appeals_into_calls(rows: list[dict]) -> list[dict]:
    """A demand voiced in the sentence that reports a call or meeting is part of that meeting."""
    meetings = {row["_sent"] for row in rows if row["type"] == "meeting"}
    return [row for row in rows if not (row["type"] == "appeal" and row["_sent"] in meetings)]


def _same_place(x: dict, y: dict) -> bool:
    if x["location"] is None or y["location"] is None or x["location"] == y["location"]:
        return True
    broad = {"admin1", "region"}
    if (x["_kind"] in broad) != (y["_kind"] in broad) and x["country"] == y["country"]:
        return km(x["lat"], x["lon"], y["lat"], y["lon"]) <= MERGE_KM
    return False


HALF_SPAN_DAYS = {"day": 0, "week": 3, "month": 15, "year": 183}


def _same_time(x: dict, y: dict) -> bool:
    """Dates are compatible when either is unknown or each lies within the other's precision."""
    if x["date"] is None or y["date"] is None:
        return True
    slack = max(HALF_SPAN_DAYS.get(x["date_precision"], 0), HALF_SPAN_DAYS.get(y["date_precision"], 0))
    return abs((x["date"] - y["date"]).days) <= slack


def _merge(rows: list[dict]) -> list[dict]:
    """One row per happening: same type, compatible place (one unknown or nested) and date."""
    out: list[dict] = []
    for row in rows:
        earlier = [k for k in out if k["type"] == row["type"]]
        if row["_anaphoric"] and earlier:
            _absorb(earlier[-1], row, place=False)  # "L'attentat s'est produit ...": the one just reported
            continue
        for kept in out:
            if row["type"] in SPEECH_ACTS and kept["_sent"] != row["_sent"]:
                continue
            if kept["type"] == row["type"] and _same_place(kept, row) and _same_time(kept, row):
                _absorb(kept, row)
                break
        else:
            out.append(row)
    return out


def _absorb(kept: dict, row: dict, place: bool = True) -> None:
    """Fill what the first mention lacked from a later mention of the same happening."""
    if place and row["date"] is not None and (kept["date"] is None or kept["date_basis"] == "lead"):
        for k in ("date", "date_precision", "date_basis"):
            kept[k] = row[k]
    if place and row["location"] is not None and KIND_RANK.get(row["_kind"], 9) < KIND_RANK.get(kept["_kind"], 9):
        # the more specific place wins: a district over its city, a city over its province
        for k in ("location", "country", "lat", "lon", "_kind"):
            kept[k] = row[k]
    kept["actors"] = list(dict.fromkeys(kept["actors"] + row["actors"]))[:4]
    kept["_past"] = kept["_past"] and row["_past"]
