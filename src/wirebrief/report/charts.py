"""Charts: the casualty and timeline figures, and how any figure is embedded (a PNG at DPI).

Figures are closed before they are returned, so a notebook shows each once; the
matplotlib backend is left to the kernel (inline in Jupyter).
"""
from __future__ import annotations

import base64
import io

import pandas as pd

from ..frames import Frames
from .figures import KINDS, incident_tolls
from .words import display_name, escape, fmt_number, labels, place_name, spellings

DPI = 160   # sharp in print (about 160 dpi at the printed width), small enough to embed and lay out fast


def _close(fig):
    import matplotlib.pyplot as plt
    fig.tight_layout()
    plt.close(fig)
    return fig


CHART_PLACES = 10   # places per panel: the biggest tolls; every toll is in the table under the chart


def _by_place(top: pd.DataFrame, kind: str, unplaced: str, names: dict[str, str] | None = None) -> pd.Series:
    """The tolls of one kind summed by place, biggest first, at most CHART_PLACES of them,
    each place under its label in `names` (English name -> `place_name`)."""
    k = top[top["kind"] == kind]
    sums = k.groupby(k["location"].fillna(unplaced))["best_n"].sum().astype(int)
    sums = sums.sort_values(ascending=False).head(CHART_PLACES)
    return sums.rename(index=names or {})


def place_names_of(rows: pd.DataFrame, frames: Frames, lang: str) -> dict[str, str]:
    """English `location` -> its label in `lang` (`place_name`, the first row of each place)."""
    spelled = spellings(frames, lang)
    firsts = rows.dropna(subset=["location"]).drop_duplicates("location")
    return {r["location"]: place_name(r, lang, spelled) for r in firsts.to_dict("records")}


def casualties_chart(frames: Frames, lang: str = "en"):
    """Incident tolls by place, one panel per kind, each bar labelled with its number.

    Each kind has its own axis: on a shared linear axis thousands of displaced hide
    every death bar, and a log axis makes readers misjudge ratios. Subsets, cumulative
    totals and repeated tolls are left out (`incident_tolls`). The figure is closed before
    it is returned, so a notebook shows it once; the backend is left to the kernel.
    """
    import matplotlib.pyplot as plt
    L = labels(lang)
    top = incident_tolls(frames)
    names = place_names_of(top, frames, lang)
    panels = [(kind, _by_place(top, kind, L["no_place"], names)) for kind in KINDS if (top["kind"] == kind).any()]
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
    from matplotlib.ticker import MaxNLocator
    rows = range(len(sums))
    bars = ax.barh(rows, sums.to_numpy(), height=0.6, color="#8c2d19")
    ax.bar_label(bars, labels=[fmt_number(n, lang) for n in sums], padding=3, fontsize=7)
    ax.set_yticks(rows, sums.index, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, max(1, sums.max()) * 1.18)   # room for the last label
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))   # people come whole: no "0.5" tick
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
    """Events by day and type: one dot per type and day, sized by the number of events.

    The events of one incident (its reports in several articles, `incident_id`) count
    once, on their first day: four stories of one strike are one strike.
    """
    import matplotlib.pyplot as plt
    L = labels(lang)
    ev = frames.events.dropna(subset=["date"])
    if "incident_id" in ev:
        linked = ev["incident_id"].notna()
        once = ev[linked].sort_values("date", kind="stable").drop_duplicates(["incident_id", "type"])
        ev = pd.concat([ev[~linked], once])
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


def _agg_canvas(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    return FigureCanvasAgg(fig)


def _renderer(fig):
    """A renderer to measure text with, whatever backend the figure was made under."""
    canvas = fig.canvas if hasattr(fig.canvas, "get_renderer") else _agg_canvas(fig)
    return canvas.get_renderer()


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
