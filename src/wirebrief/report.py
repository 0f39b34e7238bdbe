"""Helpers the briefing notebooks call: filter frames, compute figures, draw charts and maps.

Notebooks stay short: they pick parameters, call these and present the result.
Everything returned as HTML is escaped here (article text is untrusted) and
each section is one HTML block (heading, content, figure as an embedded PNG)
so the PDF never leaves a heading alone at the bottom of a page.
"""
from __future__ import annotations

import base64
import html
import io
import json
import math
import os
import re
from functools import cache
from pathlib import Path

import pandas as pd

from . import codes
from . import lang as langdata
from .config import GAZETTEER_DIR, PROJ_ROOT
from .frames import Frames

KINDS = codes.count_kinds()
DPI = 160   # sharp in print (about 160 dpi at the printed width), small enough to embed and lay out fast


# ---------------------------------------------------------------- selection

def window(frames: Frames, start: str = "", end: str = "", country: str = "") -> Frames:
    """Frames restricted to articles published in [start, end] and rows in `country` (ISO2)."""
    arts = frames.articles
    keep = pd.Series(True, index=arts.index)
    if start:
        keep &= arts["published"] >= pd.Timestamp(start)
    if end:
        keep &= arts["published"] <= pd.Timestamp(end)
    ids = set(arts.loc[keep, "article_id"])

    def sel(df, by_country=True):
        df = df[df["article_id"].isin(ids)]
        if country and by_country and "country" in df:
            df = df[df["country"] == country.upper()]
        return df
    return Frames(articles=arts[keep], events=sel(frames.events), casualties=sel(frames.casualties),
                  locations=sel(frames.locations, by_country=False),
                  actors=sel(frames.actors, by_country=False), errors=frames.errors)


def near_place(frames: Frames, place: str, radius_km: float = 15,
               near: str | tuple[float, float] | None = None, country: str | None = None) -> Frames:
    """Rows at `place` or within `radius_km` of it (a city's districts), for place profiles.

    `near` or `country` choose among namesakes (`near_place(f, "Tripoli", country="LB")`);
    `wirebrief.gazetteer.candidates(place)` lists them.
    """
    from .gazetteer import km, lookup
    p = lookup(place, near=near, country=country)
    if p is None:
        raise ValueError(f"unknown place {place!r}: not in the gazetteer")

    def sel(df):
        if df.empty:
            return df
        col = "location" if "location" in df else "name"

        def close(r) -> bool:
            if isinstance(r[col], str) and r[col] == p["name"]:
                return True
            return bool(pd.notna(r["lat"]) and km(p["lat"], p["lon"], r["lat"], r["lon"]) <= radius_km)
        return df[df.apply(close, axis=1).astype(bool)]
    events, cas = sel(frames.events), sel(frames.casualties)
    ids = set(events["article_id"]) | set(cas["article_id"]) | set(
        frames.locations.loc[frames.locations["name"] == p["name"], "article_id"])
    return Frames(articles=frames.articles[frames.articles["article_id"].isin(ids)], events=events,
                  casualties=cas, locations=sel(frames.locations),
                  actors=frames.actors[frames.actors["article_id"].isin(ids)], errors=frames.errors)


def by_actor(frames: Frames, actor: str) -> Frames:
    """What `actor` (a party, or a person standing for one) took part in, for actor profiles.

    Events are those whose actors include the party; casualty counts are those
    reported in the sentence of one of those events ("shelling by the RSF killed
    14"), never every toll of an article that happens to name the actor. Articles,
    places and people are those of the articles that name the party.
    """
    names = frames.actors
    party = names.loc[names["name"] == actor, "party"]
    party = party.iloc[0] if len(party) else actor
    ev = frames.events[frames.events["actors"].map(lambda a: party in list(a) if a is not None else False)]
    ids = set(ev["article_id"]) | set(names.loc[names["party"] == party, "article_id"])
    return Frames(articles=frames.articles[frames.articles["article_id"].isin(ids)], events=ev,
                  casualties=_in_sentences_of(frames.casualties, ev),
                  locations=frames.locations[frames.locations["article_id"].isin(ids)],
                  actors=names[names["article_id"].isin(ids)], errors=frames.errors)


def _in_sentences_of(casualties: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The counts reported in the same sentence (same article, same evidence) as one of `events`."""
    sentences = set(zip(events["article_id"], events["evidence"], strict=True))
    keep = [(a, e) in sentences for a, e in zip(casualties["article_id"], casualties["evidence"], strict=True)]
    return casualties[pd.Series(keep, index=casualties.index, dtype=bool)]


def actor_figures_note(actor: str, lang: str = "en") -> str:
    """The line under an actor profile's key figures that says what they count."""
    return labels(lang)["actor_figures_note"].format(actor=actor)


# ---------------------------------------------------------------- words and formats

def _briefing_data(lang: str) -> dict:
    """The language file a briefing in `lang` is worded from: English when the language is
    not shipped (the extractors' fallback, French, suits the articles, not the readers)."""
    return langdata.load(lang if lang in langdata.SUPPORTED else "en")


@cache
def labels(lang: str = "en") -> dict[str, str]:
    """Headings and phrases of the briefing in `lang` (data/lang/<lang>/briefing.yaml)."""
    return dict(_briefing_data(lang)["briefing"])


def _display(lang: str) -> dict:
    return _briefing_data(lang).get("display", {})


def display_name(kind: str, code, lang: str = "en") -> str:
    """A code of the frames as the briefing's language names it: `kind` is "event_types",
    "scope" or "groups" (data/lang/<lang>/display.yaml). Composite groups
    ("rebels and families") are named part by part; unknown codes stay as they are."""
    if not isinstance(code, str) or not code:
        return ""
    table = _display(lang)
    if kind == "groups" and " and " in code:
        return f" {table.get('and', 'and')} ".join(display_name(kind, part, lang) for part in code.split(" and "))
    return table.get(kind, {}).get(code, code)


def plural_key(singular: str, n: int, lang: str = "en") -> str:
    """`singular` or its plural label key ("article"/"articles") for n in `lang`'s plural
    rules (CLDR through babel: French takes the singular for 0 and 1, English for 1 only)."""
    from babel import Locale
    return singular if Locale.parse(lang).plural_form(n) == "one" else f"{singular}s"


def fmt_number(n, lang: str = "en") -> str:
    """A whole number written the way `lang` writes it ("1,200", "1 200"); empty for a missing one."""
    from babel.numbers import format_decimal
    return "" if n is None or pd.isna(n) else format_decimal(int(n), locale=lang)


DATE_STYLE = "medium"   # one date style for the whole document: "May 14, 2023", "14 mai 2023"


def fmt_date(d, lang: str = "en", style: str = DATE_STYLE) -> str:
    """A day written the way `lang` writes it in the briefing's one style; empty for a missing one."""
    from babel.dates import format_date
    return "" if d is None or pd.isna(d) else format_date(pd.Timestamp(d).date(), format=style, locale=lang)


def period(start: str, end: str, lang: str = "en") -> str:
    """The window a briefing covers, in the document's date style: "Jun 1 – 30, 2023",
    "1–30 juin 2023" (CLDR intervals through babel), "Jun 1, 2023 – …", "all dates"."""
    from babel.dates import format_interval
    if not start and not end:
        return labels(lang)["all_dates"]
    if start and end:
        return format_interval(pd.Timestamp(start).date(), pd.Timestamp(end).date(), "yMMMd", locale=lang)
    return f"{fmt_date(start, lang) if start else '…'} – {fmt_date(end, lang) if end else '…'}"


def country_name(code: str, lang: str = "en") -> str:
    """The country of an ISO 3166-1 alpha-2 code as the briefing's language names it (CLDR
    through babel: SD is "Sudan", "Soudan"); an unknown code stays as written."""
    from babel import Locale
    if not code:
        return ""
    return Locale.parse(lang).territories.get(code.upper(), code.upper())


def default_title(start: str = "", end: str = "", country: str = "", lang: str = "en") -> str:
    """The title of a briefing given none: what it covers, never a corpus it may not be about.

    "Briefing, Jun 1 – 30, 2023", "Sudan briefing, Jun 1, 2023 – …", "Note de synthèse —
    Soudan"; the words come from the language's `briefing.yaml` (`briefing`, `country_briefing`),
    the window is written as everywhere else in the document (`period`).
    """
    L = labels(lang)
    base = L["country_briefing"].format(country=country_name(country, lang)) if country else L["briefing"]
    if not start and not end:
        return base
    return f"{base}, {period(start, end, lang)}"


def escape(text) -> str:
    """`text` safe to put in HTML: article text and parameters are untrusted."""
    return html.escape("" if text is None else str(text))


# ---------------------------------------------------------------- figures

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


def _top_counts(frames: Frames) -> pd.DataFrame:
    """Incident tolls, one row per toll: no subsets, no cumulative totals, and the same
    toll reported twice (two sources, two articles) kept once at its highest figure."""
    cas = frames.casualties
    top = cas[cas["part_of"].isna() & (cas["scope"] == "incident")].copy()
    top["best_n"] = top["best"].fillna(top["low"]).fillna(top["high"])
    top["low_n"] = top["low"].fillna(top["best"])
    return top.groupby(_toll_key(top), dropna=False).agg(
        best_n=("best_n", "max"), low_n=("low_n", "max"), lat=("lat", "first"), lon=("lon", "first"),
        country=("country", "first"), group=("group", "first"),
        location=("location", "first"), kind=("kind", "first")).reset_index(drop=True)


def map_tolls(frames: Frames) -> pd.DataFrame:
    """The death tolls the map draws: incident tolls with a known point, one per toll."""
    top = _top_counts(frames)
    return top[top["kind"] == "killed"].dropna(subset=["lat", "lon"]).reset_index(drop=True)


FIGURES = ("articles", "events", *KINDS)


def key_figures(frames: Frames) -> pd.DataFrame:
    """The briefing's headline numbers: articles, events and each casualty kind's total.

    One row per `figure` ("articles", "events", then each kind) with its `value`
    (the sum of the best figure of every incident toll) and `low` (the sum of the
    lower bounds, equal to `value` when no toll gave a range). Numbers, so an analyst
    can compute with them; `format_key_figures` words them for a reader.
    """
    top = _top_counts(frames)
    rows = [("articles", len(frames.articles), len(frames.articles)),
            ("events", len(frames.events), len(frames.events))]
    for kind in KINDS:
        k = top[top["kind"] == kind]
        rows.append((kind, int(k["best_n"].fillna(0).sum()), int(k["low_n"].fillna(0).sum())))
    out = pd.DataFrame(rows, columns=["figure", "value", "low"])
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


def key_figures_html(frames: Frames, lang: str = "en") -> str:
    """The key figures table of a briefing, worded in `lang`."""
    return to_html(format_key_figures(key_figures(frames), lang))


def key_figures_text(frames: Frames, lang: str = "en") -> list[tuple[str, str]]:
    """The key figures as (label, "value (range)") lines, for an email body."""
    shown = format_key_figures(key_figures(frames), lang)
    return [(name, value + (f" ({rng})" if rng else "")) for name, value, rng in shown.itertuples(index=False)]


def _totals(frames: Frames) -> dict[str, int]:
    """Articles, events and the best total of each casualty kind (no subsets, no double counts)."""
    figures = key_figures(frames)
    return {f: int(v) for f, v in zip(figures["figure"], figures["value"], strict=True)}


def frames_path(frames_dir: str | os.PathLike) -> Path:
    """Where a notebook's `frames_dir` is: a relative path is read from the project root.

    A notebook run by papermill from the repository root, by `wirebrief render` or in
    Jupyter from notebooks/ then reads the same folder, whatever its working folder.
    """
    path = Path(frames_dir).expanduser()
    return path if path.is_absolute() else PROJ_ROOT / path


def load(frames_dir: str | os.PathLike, start: str = "", end: str = "") -> Frames:
    """What a briefing reads: articles of the window and of the window of the same length
    before it (for the changes section); only those months' partitions are opened."""
    prev = previous_window(start, end)
    return Frames.load(frames_path(frames_dir), start=(prev[0] if prev else start) or None, end=end or None)


def previous_window(start: str, end: str) -> tuple[str, str] | None:
    """The window of the same length just before [start, end], or None without both bounds."""
    if not (start and end):
        return None
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    days = (b - a).days + 1
    return (a - pd.Timedelta(days=days)).date().isoformat(), (a - pd.Timedelta(days=1)).date().isoformat()


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


def casualty_table(frames: Frames, lang: str = "en") -> pd.DataFrame:
    """Every count, incident tolls first; headings and kinds in `lang`, groups as coded (English)."""
    L = labels(lang)
    cas = frames.casualties.sort_values(["scope", "kind"], ascending=[False, True])
    cols = ["kind", "low", "best", "high", "group", "scope", "location", "reported_by", "date"]
    out = cas[cols].copy()
    out["date"] = out["date"].map(lambda d: fmt_date(d, lang))
    out["kind"] = out["kind"].map(lambda k: L.get(k, k))
    out["group"] = out["group"].map(lambda g: display_name("groups", g, lang))
    out["scope"] = out["scope"].map(lambda c: display_name("scope", c, lang))
    for c in ("low", "best", "high"):
        out[c] = out[c].map(lambda n: fmt_number(n, lang))
    return out.rename(columns={c: L.get(f"col_{c}", c) for c in cols})


def _close(fig):
    import matplotlib.pyplot as plt
    fig.tight_layout()
    plt.close(fig)
    return fig


CHART_PLACES = 10   # places per panel: the biggest tolls; every toll is in the table under the chart


def _by_place(top: pd.DataFrame, kind: str, unplaced: str) -> pd.Series:
    """The tolls of one kind summed by place, biggest first, at most CHART_PLACES of them."""
    k = top[top["kind"] == kind]
    sums = k.groupby(k["location"].fillna(unplaced))["best_n"].sum().astype(int)
    return sums.sort_values(ascending=False).head(CHART_PLACES)


def casualties_chart(frames: Frames, lang: str = "en"):
    """Incident tolls by place, one panel per kind, each bar labelled with its number.

    Each kind has its own axis: on a shared linear axis thousands of displaced hide
    every death bar, and a log axis makes readers misjudge ratios. Subsets, cumulative
    totals and repeated tolls are left out (`_top_counts`). The figure is closed before
    it is returned, so a notebook shows it once; the backend is left to the kernel.
    """
    import matplotlib.pyplot as plt
    L = labels(lang)
    top = _top_counts(frames)
    panels = [(kind, _by_place(top, kind, L["no_place"])) for kind in KINDS if (top["kind"] == kind).any()]
    if not panels:
        fig, ax = plt.subplots(figsize=(7, 1.2), dpi=DPI)
        ax.text(0.5, 0.5, L["no_casualties"], ha="center", va="center")
        ax.set_axis_off()
        return _close(fig)
    heights = [len(sums) + 1.2 for _, sums in panels]
    fig, axes = plt.subplots(len(panels), 1, figsize=(7, 0.3 * sum(heights) + 0.3), dpi=DPI, squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    for ax, (kind, sums) in zip(axes[:, 0], panels, strict=True):
        _panel(ax, sums, L[kind], lang)
    return _close(fig)


def _panel(ax, sums: pd.Series, title: str, lang: str) -> None:
    """One kind's horizontal bars, biggest on top, each with its number at its end."""
    rows = range(len(sums))
    bars = ax.barh(rows, sums.to_numpy(), height=0.6, color="#8c2d19")
    ax.bar_label(bars, labels=[fmt_number(n, lang) for n in sums], padding=3, fontsize=7)
    ax.set_yticks(rows, sums.index, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, max(1, sums.max()) * 1.18)   # room for the last label
    ax.set_title(title, fontsize=8, loc="left")
    ax.tick_params(axis="x", labelsize=7)
    ax.spines[["top", "right"]].set_visible(False)


def _date_axis(ax, dates: pd.Series, lang: str) -> None:
    """Date ticks named in `lang` through babel ("sept. 2016", "22 sept."; "Sep 22"): matplotlib's
    date formatters use the C locale's month names whatever the briefing's language."""
    import matplotlib.dates as mdates
    from babel.dates import format_skeleton
    from matplotlib.ticker import FuncFormatter
    first, last = dates.min(), dates.max()
    span = (last - first).days
    skeleton = "MMMd" if span <= 150 else "yMMM"   # CLDR skeletons: "Sep 22" / "22 sept.", "Sep 2016"
    if span < 3:   # a day or two: whole days around them, never hours labelled with the same day
        ax.set_xlim(first - pd.Timedelta(days=1), last + pd.Timedelta(days=1))
        ax.xaxis.set_major_locator(mdates.DayLocator())
    else:
        ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda x, _pos: format_skeleton(skeleton, mdates.num2date(x).date(), locale=lang)))
    ax.tick_params(axis="x", labelsize=8)


def timeline_chart(frames: Frames, lang: str = "en"):
    """Events by day and type: one dot per type and day, sized by the number of events."""
    import matplotlib.pyplot as plt
    L = labels(lang)
    ev = frames.events.dropna(subset=["date"])
    fig, ax = plt.subplots(figsize=(7, 2.6), dpi=DPI)
    if ev.empty:
        ax.text(0.5, 0.5, L["no_events"], ha="center", va="center")
        ax.set_axis_off()
        return _close(fig)
    counts = ev.groupby([ev["date"].dt.normalize(), "type"]).size().reset_index(name="n")
    types = sorted(counts["type"].unique())
    ax.scatter(counts["date"], counts["type"].map(types.index), s=30 + 40 * counts["n"], alpha=0.7)
    ax.set_yticks(range(len(types)), [display_name("event_types", t, lang) for t in types])
    _date_axis(ax, counts["date"], lang)
    ax.grid(axis="x", alpha=0.3)
    ax.set_ylim(-0.7, len(types) - 0.3)
    return _close(fig)


@cache
def borders() -> dict[str, list]:
    """Country outlines (Natural Earth 1:110m, public domain) shipped with the package."""
    return json.loads((GAZETTEER_DIR / "borders.json").read_text(encoding="utf-8"))


@cache
def _border_rings() -> tuple[list, list[tuple[float, float, float, float]]]:
    """Every outline ring as a list of points, and each ring's extent (x0, x1, y0, y1)."""
    rings = [ring for outline in borders().values() for ring in outline]
    boxes = [(min(x for x, _ in r), max(x for x, _ in r), min(y for _, y in r), max(y for _, y in r))
             for r in rings]
    return rings, boxes


def events_map(frames: Frames, lang: str = "en"):
    """Events (dots by type) and incident death tolls (red circles by size) over country borders."""
    import matplotlib.pyplot as plt
    L = labels(lang)
    ev = frames.events.dropna(subset=["lat", "lon"])
    tolls = map_tolls(frames)
    fig, ax = plt.subplots(figsize=(7, 5), dpi=DPI)
    if ev.empty and tolls.empty:
        ax.text(0.5, 0.5, L["no_places"], ha="center", va="center")
        ax.set_axis_off()
        return _close(fig)
    x0, x1, y0, y1 = _focus(ev, tolls)
    from matplotlib.collections import PolyCollection
    rings, boxes = _border_rings()
    seen = [ring for ring, (rx0, rx1, ry0, ry1) in zip(rings, boxes, strict=True)
            if rx1 >= x0 and rx0 <= x1 and ry1 >= y0 and ry0 <= y1]
    ax.add_collection(PolyCollection(seen, facecolor="#f2efe9", edgecolor="#888", linewidth=0.6, zorder=1))
    if not tolls.empty:
        ax.scatter(tolls["lon"], tolls["lat"], s=20 + 8 * tolls["best_n"].fillna(1).clip(upper=400) ** 0.5 * 6,
                   facecolor="none", edgecolor="#c0392b", linewidth=1.2, label=L["killed"], zorder=3)
    for etype, grp in ev.groupby("type"):
        ax.scatter(grp["lon"], grp["lat"], s=18, label=display_name("event_types", etype, lang), zorder=4, alpha=0.85)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    inside = ev[(ev["lon"].between(x0, x1)) & (ev["lat"].between(y0, y1))]
    named = inside.groupby("location").agg(lat=("lat", "first"), lon=("lon", "first"), n=("type", "size"))
    _place_labels(fig, ax, [(name, row["lon"], row["lat"])
                            for name, row in named.sort_values("n", ascending=False).head(12).iterrows()])
    return _close(fig)


def _agg_canvas(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    return FigureCanvasAgg(fig)


def _renderer(fig):
    """A renderer to measure text with, whatever backend the figure was made under."""
    canvas = fig.canvas if hasattr(fig.canvas, "get_renderer") else _agg_canvas(fig)
    return canvas.get_renderer()


# label positions tried around a point, in points: right-above, right-below, left-above, left-below
_LABEL_SPOTS = ((4, 3, "left"), (4, -10, "left"), (-4, 3, "right"), (-4, -10, "right"))


def _place_labels(fig, ax, items: list[tuple[str, float, float]]) -> list:
    """Label places, most eventful first, where a label overlaps no other and stays in the frame.

    A label with no free spot is left out (the place is still in the tables):
    on a wire map, "Hama Governorate" printed over "Homs Governorate" helps no one.
    """
    renderer = _renderer(fig)
    frame = ax.get_window_extent(renderer)
    taken, placed = [], []
    for name, lon, lat in items:
        for dx, dy, ha in _LABEL_SPOTS:
            label = ax.annotate(name, (lon, lat), xytext=(dx, dy), textcoords="offset points",
                                fontsize=7, ha=ha, zorder=5)
            box = label.get_window_extent(renderer).expanded(1.05, 1.1)
            fits = (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1)
            if fits and not any(box.overlaps(other) for other in taken):
                taken.append(box)
                placed.append(label)
                break
            label.remove()
    return placed


def _focus(ev: pd.DataFrame, tolls: pd.DataFrame) -> tuple[float, float, float, float]:
    """The map's extent: the country most events and tolls are in, with a margin.

    A briefing on Syria that mentions talks in Geneva and New York should show
    Syria, not the world; places outside the frame are listed under the map.
    """
    countries = pd.concat([ev["country"], tolls.get("country", pd.Series(dtype=object))]).dropna()
    lats, lons = pd.concat([ev["lat"], tolls["lat"]]), pd.concat([ev["lon"], tolls["lon"]])
    outline = borders().get(countries.mode().iloc[0]) if len(countries) else None
    if outline:
        xs = [p[0] for ring in outline for p in ring]
        ys = [p[1] for ring in outline for p in ring]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    else:
        x0, x1, y0, y1 = lons.min(), lons.max(), lats.min(), lats.max()
    pad = max(0.8, 0.12 * max(x1 - x0, y1 - y0))
    return x0 - pad, x1 + pad, y0 - pad, y1 + pad


def off_map(frames: Frames) -> list[str]:
    """Event places outside the map's frame (talks abroad), to list under the map."""
    ev = frames.events.dropna(subset=["lat", "lon"])
    if ev.empty:
        return []
    tolls = map_tolls(frames)
    x0, x1, y0, y1 = _focus(ev, tolls)
    out = ev[(ev["lon"] < x0) | (ev["lon"] > x1) | (ev["lat"] < y0) | (ev["lat"] > y1)]
    return sorted(out["location"].dropna().unique())


def map_html(frames: Frames, lang: str = "en") -> str:
    """The map and, under it, the places that fall outside it."""
    L = labels(lang)
    also = off_map(frames)
    note = f"<p class='note'>{escape(L['elsewhere'])}{escape(L['colon'])} {escape(', '.join(also))}</p>" if also else ""
    return figure_html(events_map(frames, lang), L["map"]) + note


def figure_png(fig) -> bytes:
    """The figure drawn once (its layout is already tight) as an RGB PNG at DPI.

    No alpha channel: the charts are opaque, and an RGBA image costs WeasyPrint
    a second decode and encode for the soft mask it would need in the PDF.
    """
    from PIL import Image
    canvas = fig.canvas if hasattr(fig.canvas, "buffer_rgba") else _agg_canvas(fig)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="png", dpi=(DPI, DPI))
    return buf.getvalue()


def figure_html(fig, alt: str = "") -> str:
    """The figure as an embedded PNG (self-contained HTML, sharp in the PDF)."""
    data = base64.b64encode(figure_png(fig)).decode("ascii")
    return f'<img class="figure" alt="{escape(alt)}" src="data:image/png;base64,{data}">'


# ---------------------------------------------------------------- tables

UNTITLED_WIDTH = 90   # an article without a title is shown by its first words, cut at a word


def article_label(title, text) -> str:
    """How the briefing names an article: its title, else its first words; never its internal id."""
    if isinstance(title, str) and title.strip():
        return title.strip()
    return quote(text, UNTITLED_WIDTH) if isinstance(text, str) else ""


def sources_table(frames: Frames, lang: str = "en") -> pd.DataFrame:
    """The articles the briefing rests on, newest first, under headings in `lang`.

    Articles are shown by their title (an untitled one by its first words), never
    by the internal id a reader cannot look up; columns no article fills (a corpus
    without links, say) are left out.
    """
    L = labels(lang)
    a = frames.articles.sort_values("published", ascending=False, na_position="last").copy()
    a["published"] = a["published"].map(lambda d: fmt_date(d, lang))
    a["title"] = [article_label(t, x) for t, x in zip(a["title"], a["text"], strict=True)]
    cols = {"title": L["title"], "published": L["published"], "source": L["source"], "url": L["link"]}
    out = a[list(cols)].rename(columns=cols)
    filled = [c for c in out if any(isinstance(v, str) and v.strip() for v in out[c])]
    return out[filled or list(out.columns[:3])].reset_index(drop=True)


def safe_url(url) -> str | None:
    """Only http(s) links from articles are ever made clickable."""
    return url if isinstance(url, str) and re.match(r"https?://[^\s\"'<>]+$", url) else None


def quote(evidence: str, width: int = 220) -> str:
    """The evidence on one line, cut at a word before `width` characters."""
    text = re.sub(r"\s+", " ", str(evidence or "")).strip()
    return text if len(text) <= width else text[:width - 1].rsplit(" ", 1)[0] + "…"


def key_statements(frames: Frames, lang: str = "en", limit: int = 8, min_words: int = 6) -> pd.DataFrame:
    """Quoted speakers: direct quotations of at least `min_words` words with the official
    named nearest to them in the same paragraph (actors.yaml people), newest first."""
    from .extract.actors import find_actors
    from .extract.quotes import direct_speech
    L = labels(lang)
    rows = []
    for art in frames.articles.sort_values("published", ascending=False).itertuples():
        text = str(art.text or "")
        people = [a for a in find_actors(text) if a.person]
        for a, b in direct_speech(text):
            words = re.findall(r"\w+", text[a:b])
            near = [p for p in people if -200 < p.start - b < 200 or -200 < a - p.end < 200]
            if len(words) < min_words or not near:
                continue
            who = min(near, key=lambda p: min(abs(p.start - b), abs(a - p.end)))
            rows.append({L["speaker"]: who.person, L["quote"]: quote(text[a:b], 260),
                         L["date"]: fmt_date(art.published, lang) if pd.notna(art.published) else "",
                         L["source"]: art.source or ""})
    return pd.DataFrame(rows[:limit], columns=[L["speaker"], L["quote"], L["date"], L["source"]])


def _join_unique(values) -> str:
    """Distinct non-empty strings in first-seen order, comma-separated."""
    return ", ".join(dict.fromkeys(v for v in values if isinstance(v, str) and v))


def key_events(frames: Frames, limit: int = 25) -> pd.DataFrame:
    """Key events, newest first, one row per evidence sentence.

    One sentence often carries several events ("clashes in Hama, Homs and
    Eastern Ghouta" is three battles): the reader sees the quote once, with its
    types and places listed, instead of the same line three times.
    """
    ev = frames.events.sort_values("date", ascending=False, na_position="last")
    if ev.empty:
        return pd.DataFrame(columns=["date", "types", "places", "evidence", "article_id"])
    ev = ev.assign(_order=range(len(ev)), _date=ev["date"].astype(str))
    rows = (ev.groupby(["_date", "article_id", "evidence"], sort=False, dropna=False)
              .agg(date=("date", "first"), types=("type", _join_unique), places=("location", _join_unique),
                   _order=("_order", "min"))
              .reset_index().sort_values("_order").head(limit))
    return rows[["date", "types", "places", "evidence", "article_id"]].reset_index(drop=True)


def quoted(text: str, lang: str = "en") -> str:
    """`text` escaped, between the quotation marks of the briefing's language ("…", « … »)."""
    opening, closing = labels(lang)["quote_marks"]
    return f'<span class="quote">{escape(opening)}{escape(text)}{escape(closing)}</span>'


def key_events_html(frames: Frames, lang: str = "en", limit: int = 25) -> str:
    """Key events table: date, type(s), place(s), a one-line quote and a link to the article."""
    L = labels(lang)
    if frames.events.empty:
        return f"<p>{escape(L['no_events'])}</p>"
    arts = frames.articles.set_index("article_id")
    rows = []
    for e in key_events(frames, limit).itertuples():
        art = arts.loc[e.article_id] if e.article_id in arts.index else None
        url = safe_url(art["url"]) if art is not None else None
        title = article_label(art["title"], art["text"]) if art is not None else ""
        src = f'<a href="{escape(url)}">{escape(title)}</a>' if url else escape(title)
        types = ", ".join(display_name("event_types", t, lang) for t in e.types.split(", ") if t)
        rows.append(f"<tr><td>{escape(fmt_date(e.date, lang))}</td><td>{escape(types)}</td>"
                    f"<td>{escape(e.places)}</td>"
                    f"<td>{quoted(quote(e.evidence), lang)}<br><small>{src}</small></td></tr>")
    head = "".join(f"<th>{escape(L[k])}</th>" for k in ("date", "type", "location", "evidence"))
    return f'<table class="events"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def people_table(frames: Frames, lang: str = "en") -> pd.DataFrame:
    """People the articles name, with the party they speak for and their role, most mentioned first."""
    a = frames.actors
    p = a[a["kind"] == "person"].groupby(["name", "party", "role"], dropna=False)["mentions"].sum()
    return p.reset_index().sort_values("mentions", ascending=False)


def to_html(df: pd.DataFrame) -> str:
    """An escaped HTML table (article text is untrusted)."""
    clean = df.astype(object).where(df.notna(), "")
    return clean.to_html(index=False, escape=True, border=0)


# ---------------------------------------------------------------- sections

def anchor(title: str) -> str:
    """The id a section's heading gets, for links from the table of contents."""
    return "s-" + re.sub(r"[^\w]+", "-", title.lower()).strip("-")


SHORT_TABLE_ROWS = 12   # a table this short is never split across pages


def section(title: str, body: str, keep: bool = True) -> str:
    """A heading and its content in one block, kept on one page when it fits.

    `keep=False` lets a long section run over pages; one that turns out short
    (a table of a dozen rows, no figure) is still kept whole, so a reader never
    gets two rows at the foot of a page and two on the next.
    """
    short = "<img" not in body and body.count("<tr") <= SHORT_TABLE_ROWS + 1   # + the heading row
    cls = "section keep" if keep or short else "section"
    return f'<section class="{cls}"><h2 id="{anchor(title)}">{escape(title)}</h2>{body}</section>'


def contents(titles: list[str], lang: str = "en") -> str:
    """A table of contents; in the PDF each entry shows its page number."""
    items = "".join(f'<li><a href="#{anchor(t)}">{escape(t)}</a></li>' for t in titles)
    return f'<nav class="toc"><h2>{escape(labels(lang)["contents"])}</h2><ul>{items}</ul></nav>'


def header(title: str, start: str, end: str, frames: Frames, lang: str = "en") -> str:
    """The first lines of a briefing: its title, window and article count.

    The header carries the briefing's language (`lang`), and its <h1> the title:
    the exporter gives both to the page (<html lang>, <title>) and the PDF's metadata.
    """
    L = labels(lang)
    n = len(frames.articles)
    return (f'<header class="briefing" lang="{escape(lang)}"><h1>{escape(title)}</h1>'
            f'<p class="window">{escape(L["window"])}{escape(L["colon"])} <span class="period">{escape(period(start, end, lang))}</span>'
            f' · {fmt_number(n, lang)} {escape(L[plural_key("article", n, lang)])}</p></header>')
