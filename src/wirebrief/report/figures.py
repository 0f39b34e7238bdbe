"""Figures: the numbers a briefing states, as numbers.

An incident toll is counted once (a linked incident's consolidated range; else the
same kind, group, place and day from two sources is one toll, at its highest
figure); subsets and cumulative totals never enter a sum. Formatting for a reader is `format_key_figures`, kept apart so that an
analyst computes with `key_figures` itself.
"""
from __future__ import annotations

import pandas as pd

from .. import codes
from ..frames import Frames
from .select import previous_window, window
from .words import fmt_number, labels

KINDS = codes.count_kinds()


def _toll_key(top: pd.DataFrame) -> list[pd.Series]:
    """What makes two incident counts the same toll: kind, group, place and day.

    Two sources giving the same kind of toll for the same group at the same place on
    the same day report one toll; anything else is a different toll and adds up. A
    count with no place cannot be shown to be any other count, so it is its own toll.
    """
    own = top["article_id"].astype(str) + "#" + top.index.astype(str)
    place = top["location"].astype(object).where(top["location"].notna(), "?" + own)
    return [top["kind"], top["group"].astype(object).fillna("?"), place,
            top["date"].dt.date.astype(str)]


def incident_tolls(frames: Frames) -> pd.DataFrame:
    """Incident tolls, one row per toll: no subsets, no cumulative totals, and the same
    toll reported twice kept once.

    A toll of a linked incident (the incidents frame) is that incident's range, once,
    however many articles and sources report it: its best figure (`best_n`) and its low
    (`low_n`). Other incident counts fall back on the rule of `_toll_key`: the same kind,
    group, place and day is one toll, at its highest figure.
    """
    cas = frames.casualties
    top = cas[cas["part_of"].isna() & (cas["scope"] == "incident")].copy()
    linked = _linked_tolls(frames, top)
    if len(linked):
        held = set(zip(linked["incident_id"], linked["kind"], strict=True))
        top = top[[(i, k) not in held for i, k in zip(top["incident_id"], top["kind"], strict=True)]]
    top["best_n"] = top["best"].fillna(top["low"]).fillna(top["high"])
    top["low_n"] = top["low"].fillna(top["best"])
    loose = top.groupby(_toll_key(top), dropna=False).agg(
        best_n=("best_n", "max"), low_n=("low_n", "max"), lat=("lat", "first"), lon=("lon", "first"),
        country=("country", "first"), group=("group", "first"),
        location=("location", "first"), kind=("kind", "first")).reset_index(drop=True)
    return pd.concat([loose, linked.drop(columns="incident_id")], ignore_index=True) if len(linked) else loose


LINKED_KINDS = ("killed", "injured")   # the kinds the incidents frame consolidates


def _linked_tolls(frames: Frames, top: pd.DataFrame) -> pd.DataFrame:
    """One toll per kind per incident the window's counts belong to, at its consolidated range."""
    inc = getattr(frames, "incidents", None)
    if inc is None or inc.empty or "incident_id" not in top:
        return pd.DataFrame()
    inc = inc[inc["incident_id"].isin(set(top["incident_id"].dropna()))]
    rows = [{"incident_id": r["incident_id"], "kind": kind, "best_n": r[f"{kind}_best"], "low_n": r[f"{kind}_low"],
             "lat": r["lat"], "lon": r["lon"], "country": r["country"], "group": "people", "location": r["location"]}
            for r in inc.to_dict("records") for kind in LINKED_KINDS if not pd.isna(r[f"{kind}_best"])]
    return pd.DataFrame(rows)


def map_tolls(frames: Frames) -> pd.DataFrame:
    """The death tolls the map draws: incident tolls with a known point, one per toll."""
    top = incident_tolls(frames)
    return top[top["kind"] == "killed"].dropna(subset=["lat", "lon"]).reset_index(drop=True)


FIGURES = ("articles", "events", *KINDS)   # the rows of `key_figures`, in order


def key_figures(frames: Frames) -> pd.DataFrame:
    """The briefing's headline numbers: articles, events and each casualty kind's total.

    One row per `figure` ("articles", "events", then each kind) with its `value`
    (the sum of the best figure of every incident toll) and `low` (the sum of the
    lower bounds, equal to `value` when no toll gave a range). Numbers, so an analyst
    can compute with them; `format_key_figures` words them for a reader.
    """
    top = incident_tolls(frames)
    sums = {"articles": (len(frames.articles),) * 2, "events": (len(frames.events),) * 2}
    for kind in KINDS:
        k = top[top["kind"] == kind]
        sums[kind] = (int(k["best_n"].fillna(0).sum()), int(k["low_n"].fillna(0).sum()))
    out = pd.DataFrame([(f, *sums[f]) for f in FIGURES], columns=["figure", "value", "low"])
    return out.astype({"value": "int64", "low": "int64"})


def format_key_figures(figures: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """`key_figures` as the reader sees them: labels, numbers and a low–best range in `lang`."""
    L = labels(lang)
    rows = []
    for f in figures.itertuples():
        rng = f"{fmt_number(f.low, lang)}–{fmt_number(f.value, lang)}" if f.low != f.value else ""
        name = L[f.figure].lower() if f.figure == "events" else L[f.figure]
        rows.append((name, fmt_number(f.value, lang), rng))
    return pd.DataFrame(rows, columns=[L["figure"], L["value"], L["range"]])


def key_figures_text(frames: Frames, lang: str = "en") -> list[tuple[str, str]]:
    """The key figures as (label, "value (range)") lines, for an email body."""
    shown = format_key_figures(key_figures(frames), lang)
    return [(name, value + (f" ({rng})" if rng else "")) for name, value, rng in shown.itertuples(index=False)]


def _totals(frames: Frames) -> dict[str, int]:
    """Articles, events and the best total of each casualty kind (no subsets, no double counts)."""
    figures = key_figures(frames)
    return {f: int(v) for f, v in zip(figures["figure"], figures["value"], strict=True)}


def changes(frames: Frames, start: str, end: str, country: str = "", lang: str = "en") -> pd.DataFrame:
    """Key figures of this window next to the previous window of the same length, with the change.

    `frames` is the whole dataset (not yet windowed). Empty when the window
    has no start or end, since there is then no "previous" window.
    """
    L = labels(lang)
    prev = previous_window(start, end)
    cols = [L["figure"], L["this_window"], L["previous_window"], L["change"]]
    if prev is None:
        return pd.DataFrame(columns=cols)
    now = _totals(window(frames, start, end, country))
    before = _totals(window(frames, *prev, country))
    rows = []
    for key in now:
        d = now[key] - before[key]
        change = "=" if d == 0 else f"{'+' if d > 0 else '−'}{fmt_number(abs(d), lang)}"
        rows.append((L[key].lower() if key == "events" else L[key], fmt_number(now[key], lang),
                     fmt_number(before[key], lang), change))
    return pd.DataFrame(rows, columns=cols)
