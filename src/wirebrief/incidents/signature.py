"""What an article says about its main incident: where, when, what was hit, how many died.

An article is linked to an incident through this signature, computed from its
extracted rows (events and incident-scope counts) and its lead. The main
incident is the one the story opens on: wire copy puts what happened, where
and when in its first sentences, and mentions earlier incidents later, in
passing ("three days after a truck bomb killed 90").
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from .. import codes
from .. import lang as langdata
from ..gazetteer import fold
from ..gazetteer import km as gazetteer_km

LEAD_CHARS = 400        # the story's lead: where a wire story says what happened (two sentences or so)
PLACE_REACH = 600       # a finer place for the main incident is looked for this far after its first row
FINE_KINDS = ("city", "district", "site")


@dataclass(frozen=True)
class Signature:
    """One article's main incident, as its rows and lead give it."""
    article_id: str
    country: str | None
    place: str | None         # the most specific place of the main incident (a town, district or site)
    kind: str | None
    lat: float | None
    lon: float | None
    day: dt.date | None       # its day as the text gives it (not the publication day)
    published: dt.date | None
    type: str | None          # the event type of the main incident
    targets: frozenset        # what was hit, as language-neutral keys (data/lang/*/incidents.yaml)
    weapons: frozenset
    sites: frozenset          # named sites of the lead's incident rows, as spelling-blind keys ("al-Quds hospital")
    areas: frozenset          # districts and sites the lead names ("Karrada"), the same way
    killed: int | None        # the incident-scope death toll the article gives there
    lang: str = "en"
    injured: int | None = None   # and its count of the injured

    @property
    def when(self) -> dt.date | None:
        """The day to order and block by: the text's day, else the publication day."""
        return self.day or self.published


@cache
def _marks(lang: str) -> tuple[dict[str, re.Pattern], dict[str, re.Pattern]]:
    data = langdata.load(lang).get("incidents") or {}

    def compiled(section: str) -> dict[str, re.Pattern]:
        return {key: re.compile(langdata.alternation(words), re.I)
                for key, words in (data.get(section) or {}).items()}
    return compiled("targets"), compiled("weapons")


def marks(text: str, lang: str) -> tuple[frozenset, frozenset]:
    """(targets, weapons) named in `text`, as the data files' keys."""
    targets, weapons = _marks(lang if lang in ("en", "fr") else "en")
    return (frozenset(k for k, p in targets.items() if p.search(text)),
            frozenset(k for k, p in weapons.items() if p.search(text)))


def site_key(name: str, towns: frozenset = frozenset()) -> str:
    """A site's own name without what spelling varies: vowels, articles, the site word and
    the town it is named after ("al-Quds Hospital", "hôpital al-Qods" -> "qds"; "Mariupol
    Theatre" -> "": a site named only by its kind and town says no more than its target)."""
    words = [w for w in re.findall(r"\w+", fold(name)) if w not in _SITE_WORDS and w not in towns]
    return "".join(re.sub(r"[aeiouy]", "", w) for w in words)


_SITE_WORDS = frozenset({"al", "el", "ad", "as", "ash", "an", "ar", "hospital", "hopital", "school", "ecole",
                         "mosque", "mosquee", "market", "marche", "station", "gare", "theatre", "camp",
                         "railway", "maternity", "university", "hotel", "airport", "international",
                         "the", "le", "la", "l", "de", "du", "des", "of"})


def _violent(etype) -> bool:
    return isinstance(etype, str) and etype in codes.event_types() and codes.family_of(etype) == "violent"


ROW_COLUMNS = ("article_id", "start", "location", "country", "lat", "lon", "date", "date_basis", "date_precision",
               "type", "kind", "best", "low", "part_of", "scope", "evidence")
PLACE_COLUMNS = ("article_id", "name", "kind", "country", "lat", "lon", "literal", "mentions", "start")


def records(df: pd.DataFrame, columns) -> list[dict]:
    """The frame's rows as plain dicts of the columns it has, a null as None: signatures are
    built per article in plain Python, which pandas' per-group overhead would dwarf."""
    cols = [c for c in columns if c in df]
    return df[cols].astype(object).where(df[cols].notna(), None).to_dict("records")


def _rows(events: list[dict], casualties: list[dict]) -> list[dict]:
    """The article's incident rows, in text order: violent events and incident-scope counts."""
    rows = [r for r in events if _violent(r.get("type"))]
    rows += [{**r, "type": None} for r in casualties if r.get("scope") == "incident"]
    return sorted(rows, key=lambda r: r["start"] if r.get("start") is not None else 0)


def signature(article: dict, events: list[dict], casualties: list[dict],
              locations: list[dict]) -> Signature | None:
    """The article's main incident, or None when it reports none (a statement, a meeting).

    `events`, `casualties` and `locations` are the article's rows (`records`)."""
    rows = _rows(events, casualties)
    if not rows:
        return None
    kinds = {p["name"]: p["kind"] for p in locations}
    first = rows[0]
    near = [r for r in rows if r["start"] <= first["start"] + PLACE_REACH]
    fine = [r for r in near if kinds.get(r.get("location")) in FINE_KINDS
            and (first.get("country") is None or r.get("country") == first["country"])]
    where = fine[0] if fine else _named_place(first, locations)
    published = _day(article.get("published"))
    lead = str(article.get("text") or "")[:LEAD_CHARS]
    lang = str(article.get("lang") or "en")
    targets, weapons = marks(lead, lang)
    towns = frozenset(w for n, k in kinds.items() if k in ("city", "admin1", "country")
                      for w in re.findall(r"\w+", fold(n)))
    sites = frozenset(site_key(r["location"], towns) for r in rows
                      if r["start"] < LEAD_CHARS and kinds.get(r.get("location")) == "site") - {""}
    areas = frozenset(site_key(p["name"], towns) for p in locations
                      if p["kind"] in ("district", "site") and (p.get("start") or 0) < LEAD_CHARS) - {""}
    return Signature(
        article_id=str(article["article_id"]),
        country=where.get("country"), place=where.get("location"), kind=kinds.get(where.get("location")),
        lat=_float(where.get("lat")), lon=_float(where.get("lon")),
        day=_text_day(near, published), published=published,
        type=next((r["type"] for r in near if r.get("type")), None),
        targets=targets, weapons=weapons, sites=sites, areas=areas, killed=_toll(rows, where, "killed"), lang=lang,
        injured=_toll(rows, where, "injured"),
    )


def _text_day(rows: list[dict], published: dt.date | None) -> dt.date | None:
    """The first day the text itself gives the main incident (never a later one than publication):
    an event's day before a count's, since a toll is often dated by the day it was told ("the
    toll rose to 292 on Thursday" after a Sunday bombing)."""
    for r in sorted(rows, key=lambda r: r.get("type") is None):   # stable: events first, in text order
        day = _day(r.get("date"))
        if (day is not None and r.get("date_basis") == "text" and r.get("date_precision") in (None, "day")
                and (published is None or day <= published)):
            return day
    return None


def _named_place(row: dict, locations: list[dict]) -> dict:
    """A main row placed only at a country: the town the article names most in that country
    (the dateline's "KABUL —", the city the lead calls "the capital")."""
    if row.get("country") is None:
        return row
    towns = [p for p in locations if p["kind"] in FINE_KINDS and p.get("country") == row["country"]
             and p.get("literal") is not False]
    if not towns:
        return row
    top = min(towns, key=lambda p: (-(p.get("mentions") or 0), p.get("start") or 0))
    return {"location": top["name"], "country": top["country"], "lat": top.get("lat"), "lon": top.get("lon")}


def _toll(rows: list[dict], where: dict, kind: str) -> int | None:
    """The highest toll of a kind at the main incident's place (whole counts, not subsets)."""
    figures = [r["best"] if r.get("best") is not None else r["low"] for r in rows
               if r.get("kind") == kind and r.get("part_of") is None
               and (r.get("best") is not None or r.get("low") is not None)
               and (where.get("location") is None or r.get("location") in (where["location"], None)
                    or r.get("country") == where.get("country"))]
    return int(max(figures)) if figures else None


def _day(value) -> dt.date | None:
    if value is None or value is pd.NaT or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def km(a: Signature, b: Signature) -> float:
    """Great-circle distance between two signatures' places (inf when either has none)."""
    if None in (a.lat, a.lon, b.lat, b.lon):
        return math.inf
    return gazetteer_km(a.lat, a.lon, b.lat, b.lon)
