"""The map: events and incident death tolls over country outlines, framed on the main country.

Outlines are Natural Earth 1:110m (public domain), shipped with the package; places
outside the frame (talks abroad) are listed under the map instead.
"""
from __future__ import annotations

import math
from functools import cache

import pandas as pd

from ..frames import Frames
from ..gazetteer import borders
from .charts import DPI, _close, _renderer, figure_html, place_names_of
from .figures import map_tolls
from .words import display_name, escape, labels


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
    names = place_names_of(inside, frames, lang)
    _place_labels(fig, ax, [(names.get(name, name), row["lon"], row["lat"])
                            for name, row in named.sort_values("n", ascending=False).head(12).iterrows()])
    # tight_layout ignores the legend outside the axes and the aspect of a wide map: it clipped
    # the latitude labels ("4" for 54) and the legend; fixed margins keep both on the page
    fig.subplots_adjust(left=0.08, right=0.74, bottom=0.07, top=0.98)
    plt.close(fig)
    return fig


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


def off_map(frames: Frames, lang: str = "en") -> list[str]:
    """Event places outside the map's frame (talks abroad), named in `lang`, to list under the map."""
    ev = frames.events.dropna(subset=["lat", "lon"])
    if ev.empty:
        return []
    tolls = map_tolls(frames)
    x0, x1, y0, y1 = _focus(ev, tolls)
    out = ev[(ev["lon"] < x0) | (ev["lon"] > x1) | (ev["lat"] < y0) | (ev["lat"] > y1)]
    return sorted(set(place_names_of(out, frames, lang).values()))


def map_html(frames: Frames, lang: str = "en") -> str:
    """The map and, under it, the places that fall outside it."""
    L = labels(lang)
    also = off_map(frames, lang)
    note = f"<p class='note'>{escape(L['elsewhere'])}{escape(L['colon'])} {escape(', '.join(also))}</p>" if also else ""
    return figure_html(events_map(frames, lang), L["map"]) + note
