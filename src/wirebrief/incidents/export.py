"""The incidents in the formats analysts already load: ACLED's and UCDP GED's columns.

    wirebrief export --format acled|ucdp --frames DIR --out FILE.csv

One row per incident, with the column names and codes of each dataset, filled
with what wirebrief knows and left empty where it knows nothing (ACLED's
`interaction`, UCDP's `priogrid_gid`, ...). ACLED's `fatalities` is its
conservative figure, the incident's low; UCDP's best, low and high are the
incident's killed range. Actors come from the incident's events (the party
most of them name as actor1 and actor2).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from functools import cache

import pandas as pd

ACLED = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
         "sub_event_type", "actor1", "actor2", "interaction", "civilian_targeting", "iso", "country",
         "admin1", "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
         "fatalities", "timestamp")
UCDP = ("id", "relid", "year", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b",
        "source_article", "source_office", "source_date", "where_prec", "where_coordinates", "adm_1",
        "latitude", "longitude", "country", "country_id", "event_clarity", "date_prec", "date_start",
        "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low")
FORMATS = {"acled": ACLED, "ucdp": UCDP}

# UCDP's type_of_violence: 1 state-based, 2 non-state, 3 one-sided (violence against civilians);
# wirebrief knows the third from the event type, and nothing that tells the first two apart
ONE_SIDED = frozenset({"attack_on_civilians"})


@cache
def _numeric() -> dict[str, str]:
    """ISO 3166-1 numeric code of each alpha-2 code, from CLDR's territory aliases (babel)."""
    from babel.core import get_global
    return {v[0]: k for k, v in get_global("territory_aliases").items() if k.isdigit() and len(v) == 1}


def _country(code) -> str:
    from ..report.words import country_name  # CLDR's English name, as the briefing writes it
    return country_name(code, "en") if isinstance(code, str) else ""


def _parties(events: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """incident_id -> (actor1, actor2) most named by its events."""
    out = {}
    linked = events[events["incident_id"].notna()]
    for inc, rows in linked.groupby("incident_id"):
        pick = [Counter(v for v in rows[c].dropna() if v).most_common(1) for c in ("actor1", "actor2")]
        out[inc] = tuple(p[0][0] if p else "" for p in pick)
    return out


def _sources(row) -> str:
    names = [s.split(":", 1)[0] for s in (row["sources"] if row["sources"] is not None else [])]
    return "; ".join(dict.fromkeys(names))


def _day(v) -> str:
    return "" if v is None or pd.isna(v) else f"{pd.Timestamp(v):%Y-%m-%d}"


def _int(v):
    return None if v is None or pd.isna(v) else int(v)


def acled(incidents: pd.DataFrame, events: pd.DataFrame, now: dt.datetime | None = None) -> pd.DataFrame:
    """ACLED's columns, one row per incident."""
    parties = _parties(events)
    stamp = int((now or dt.datetime.now(dt.UTC)).timestamp())
    rows = []
    for r in incidents.to_dict("records"):
        a1, a2 = parties.get(r["incident_id"], ("", ""))
        country = r["country"] if isinstance(r["country"], str) else ""
        day = _day(r["date"])
        rows.append({
            "event_id_cnty": f"{country}{r['incident_id'].removeprefix('inc-')}",
            "event_date": day, "year": day[:4],
            "time_precision": 1 if day and _day(r["date_end"]) == day else 2 if day else "",
            "disorder_type": "Political violence" if isinstance(r["acled_event_type"], str) else "",
            "event_type": r["acled_event_type"] or "", "sub_event_type": r["acled_sub_event_type"] or "",
            "actor1": a1, "actor2": a2, "interaction": "",
            "civilian_targeting": "Civilian targeting" if r["type"] in ONE_SIDED else "",
            "iso": _numeric().get(country, ""), "country": _country(country), "admin1": "",
            "location": r["location"] or "", "latitude": r["lat"], "longitude": r["lon"],
            "geo_precision": 1 if isinstance(r["location"], str) and r["location"] != _country(country) else 3,
            "source": _sources(r), "source_scale": "",
            "notes": _notes(r), "fatalities": _int(r["killed_low"]) or 0, "timestamp": stamp,
        })
    return pd.DataFrame(rows, columns=list(ACLED))


def _notes(r) -> str:
    toll = ""
    if _int(r["killed_best"]) is not None:
        toll = f"killed {r['killed_low']}-{r['killed_high']} (best {r['killed_best']}); "
    if _int(r["injured_best"]) is not None:
        toll += f"injured {r['injured_low']}-{r['injured_high']}; "
    return f"{toll}{r['n_articles']} article(s): {', '.join(r['articles'] if r['articles'] is not None else [])}"


def ucdp(incidents: pd.DataFrame, events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """UCDP GED's columns, one row per incident."""
    parties = _parties(events)
    published = dict(zip(articles["article_id"], articles["published"], strict=False))
    outlet = dict(zip(articles["article_id"], articles["source"], strict=False))
    rows = []
    for r in incidents.to_dict("records"):
        a, b = parties.get(r["incident_id"], ("", ""))
        arts = list(r["articles"]) if r["articles"] is not None else []
        first = arts[0] if arts else None
        country = r["country"] if isinstance(r["country"], str) else ""
        day = _day(r["date"])
        rows.append({
            "id": r["incident_id"], "relid": r["incident_id"], "year": day[:4],
            "type_of_violence": 3 if r["type"] in ONE_SIDED else "", "conflict_name": "", "dyad_name": "",
            "side_a": a, "side_b": b, "source_article": "; ".join(arts),
            "source_office": "; ".join(dict.fromkeys(str(outlet[x]) for x in arts if isinstance(outlet.get(x), str))),
            "source_date": _day(published.get(first)) if first else "",
            "where_prec": 1 if isinstance(r["location"], str) and r["location"] != _country(country) else 6,
            "where_coordinates": r["location"] or "", "adm_1": "", "latitude": r["lat"], "longitude": r["lon"],
            "country": _country(country), "country_id": _numeric().get(country, ""), "event_clarity": 1,
            "date_prec": 1 if day and _day(r["date_end"]) == day else 2 if day else "",
            "date_start": day, "date_end": _day(r["date_end"]),
            "deaths_a": "", "deaths_b": "", "deaths_civilians": "", "deaths_unknown": "",
            "best": _int(r["killed_best"]), "high": _int(r["killed_high"]), "low": _int(r["killed_low"]),
        })
    return pd.DataFrame(rows, columns=list(UCDP)).astype({"best": "Int64", "high": "Int64", "low": "Int64"})


def export(frames, fmt: str) -> pd.DataFrame:
    """The incidents of `frames` in format `fmt` (acled | ucdp)."""
    if fmt == "acled":
        return acled(frames.incidents, frames.events)
    if fmt == "ucdp":
        return ucdp(frames.incidents, frames.events, frames.articles)
    raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
