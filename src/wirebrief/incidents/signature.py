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


def _rows(events: pd.DataFrame, casualties: pd.DataFrame) -> pd.DataFrame:
    """The article's incident rows, in text order: violent events and incident-scope counts."""
    ev = events[events["type"].map(_violent)] if len(events) else events
    cas = casualties[casualties["scope"] == "incident"] if len(casualties) else casualties
    cols = ["start", "location", "country", "lat", "lon", "date", "date_basis", "date_precision", "type", "kind",
            "best", "low",
            "part_of", "evidence"]
    parts = [df.reindex(columns=cols) for df in (ev, cas) if len(df)]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True).sort_values("start", kind="stable")


def _place_kinds(locations: pd.DataFrame) -> dict[str, str]:
    return dict(zip(locations["name"], locations["kind"], strict=False)) if len(locations) else {}


def signature(article: dict, events: pd.DataFrame, casualties: pd.DataFrame,
              locations: pd.DataFrame) -> Signature | None:
    """The article's main incident, or None when it reports none (a statement, a meeting)."""
    rows = _rows(events, casualties)
    if rows.empty:
        return None
    kinds = _place_kinds(locations)
    first = rows.iloc[0]
    near = rows[rows["start"] <= first["start"] + PLACE_REACH]
    fine = near[near["location"].map(lambda n: kinds.get(n) in FINE_KINDS)]
    if len(fine) and pd.notna(first["country"]):
        fine = fine[fine["country"] == first["country"]]
    where = fine.iloc[0] if len(fine) else _named_place(first, locations)
    published = _day(article.get("published"))
    lead = str(article.get("text") or "")[:LEAD_CHARS]
    lang = str(article.get("lang") or "en")
    targets, weapons = marks(lead, lang)
    lead_rows = rows[rows["start"] < LEAD_CHARS]
    towns = frozenset(w for n, k in kinds.items() if k in ("city", "admin1", "country") for w in re.findall(r"\w+", fold(n)))
    sites = frozenset(site_key(n, towns) for n in lead_rows["location"].dropna() if kinds.get(n) == "site") - {""}
    areas = frozenset(site_key(n, towns) for n, k, a in zip(locations.get("name", ()), locations.get("kind", ()),
                                                              locations.get("start", ()), strict=False)
                      if k in ("district", "site") and a < LEAD_CHARS) - {""}
    etype = next((t for t in near["type"] if isinstance(t, str)), None)
    return Signature(
        article_id=str(article["article_id"]),
        country=_str(where["country"]), place=_str(where["location"]), kind=kinds.get(where["location"]),
        lat=_float(where["lat"]), lon=_float(where["lon"]),
        day=_text_day(near, published), published=published, type=etype,
        targets=targets, weapons=weapons, sites=sites, areas=areas, killed=_killed(rows, where), lang=lang,
    )


def _text_day(rows: pd.DataFrame, published: dt.date | None) -> dt.date | None:
    """The first day the text itself gives the main incident (never a later one than publication)."""
    precision = rows["date_precision"] if "date_precision" in rows else [None] * len(rows)
    for date, basis, exact in zip(rows["date"], rows["date_basis"], precision, strict=True):
        day = _day(date)
        if (day is not None and _str(basis) == "text" and _str(exact) in (None, "day")
                and (published is None or day <= published)):
            return day
    return None


def _named_place(row, locations: pd.DataFrame):
    """A main row placed only at a country: the town the article names most in that country
    (the dateline's "KABUL —", the city the lead calls "the capital")."""
    if not len(locations) or pd.isna(row["country"]):
        return row
    towns = locations[locations["kind"].isin(FINE_KINDS) & (locations["country"] == row["country"])
                      & locations["literal"].fillna(True)]
    if towns.empty:
        return row
    top = towns.sort_values(["mentions", "start"], ascending=[False, True], kind="stable").iloc[0]
    return pd.Series({"location": top["name"], "country": top["country"], "lat": top["lat"], "lon": top["lon"]})


def _killed(rows: pd.DataFrame, where) -> int | None:
    """The highest death toll of the main incident's place (whole counts, not subsets)."""
    dead = rows[(rows["kind"] == "killed") & rows["part_of"].isna()]
    if pd.notna(where["location"]):
        dead = dead[(dead["location"] == where["location"]) | dead["location"].isna()
                    | (dead["country"] == where["country"])]
    figures = [int(v) for v in dead["best"].fillna(dead["low"]).dropna()]
    return max(figures) if figures else None


def _day(value) -> dt.date | None:
    if value is None or value is pd.NaT or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def _str(value) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _float(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def km(a: Signature, b: Signature) -> float:
    """Great-circle distance between two signatures' places (inf when either has none)."""
    if None in (a.lat, a.lon, b.lat, b.lon):
        return math.inf
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
