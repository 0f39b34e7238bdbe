"""Incidents in the briefing: the deadliest ones, each once, with the range its sources give.

The incidents frame (wirebrief.incidents) links every report of one happening;
here it is read for the window: an incident is in a briefing when one of the
window's events or counts belongs to it.
"""
from __future__ import annotations

import pandas as pd

from ..frames import Frames
from .sections import to_html
from .words import (
    display_name,
    escape,
    fmt_date,
    fmt_number,
    labels,
    place_name,
    plural_key,
    spellings,
)


def window_incidents(frames: Frames) -> pd.DataFrame:
    """The incidents that the window's events and counts belong to."""
    ids = set()
    for df in (frames.events, frames.casualties):
        if "incident_id" in df:
            ids |= set(df["incident_id"].dropna())
    inc = frames.incidents
    return inc[inc["incident_id"].isin(ids)].reset_index(drop=True)


def toll_range(low, best, high, lang: str = "en") -> str:
    """"57" when the sources agree, "57 (52–60)" when they do not: the best figure, then the range."""
    if best is None or pd.isna(best):
        return ""
    text = fmt_number(int(best), lang)
    if not (pd.isna(low) or pd.isna(high)) and low != high:
        text += f" ({fmt_number(int(low), lang)}–{fmt_number(int(high), lang)})"
    return text


def deadliest_incidents(frames: Frames, lang: str = "en", limit: int = 10) -> pd.DataFrame:
    """The window's incidents with the highest death toll, one row each: date, place, type,
    killed and injured (best figure and range), and the sources that give a figure."""
    L = labels(lang)
    inc = window_incidents(frames)
    inc = inc[inc["killed_best"].notna()].sort_values(["killed_best", "date"], ascending=[False, True],
                                                      kind="stable").head(limit)
    ids = set(frames.articles["article_id"])
    spelled = spellings(frames, lang)
    rows = []
    for r in inc.itertuples():
        # a figure no one is named for is the article's own: counted, not named (ids are internal)
        named = (s.split(":", 1)[0] for s in (r.sources if r.sources is not None else []))
        sources = [s for s in dict.fromkeys(named) if s not in ids]
        n = int(r.n_articles)
        sources.append(f"{fmt_number(n, lang)} {L[plural_key('article', n, lang)]}")
        where = place_name({"location": r.location, "country": r.country, "lat": r.lat, "lon": r.lon}, lang, spelled)
        rows.append((fmt_date(r.date, lang), where if isinstance(r.location, str) else "",
                     display_name("event_types", r.type, lang) if isinstance(r.type, str) else "",
                     toll_range(r.killed_low, r.killed_best, r.killed_high, lang),
                     toll_range(r.injured_low, r.injured_best, r.injured_high, lang),
                     ", ".join(sources)))
    return pd.DataFrame(rows, columns=[L["date"], L["location"], L["type"], L["killed"], L["injured"], L["sources"]])


def deadliest_incidents_html(frames: Frames, lang: str = "en", limit: int = 10) -> str:
    """The deadliest incidents table, or a line saying there is none."""
    table = deadliest_incidents(frames, lang, limit)
    if table.empty:
        return f"<p>{escape(labels(lang)['no_incidents'])}</p>"
    return to_html(table)
