"""Helpers the briefing notebooks call: filter frames, compute figures, draw charts.

Notebooks stay short: they pick parameters, call these and present the result.
"""
from __future__ import annotations

import html

import pandas as pd

from .frames import Frames


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


def key_figures(frames: Frames) -> pd.DataFrame:
    """Totals by casualty kind over incident counts, never adding subsets (`part_of`) twice."""
    cas = frames.casualties
    top = cas[cas["part_of"].isna() & (cas["scope"] == "incident")]
    rows = [("articles", len(frames.articles), ""), ("events", len(frames.events), "")]
    for kind in ("killed", "injured", "missing", "displaced"):
        k = top[top["kind"] == kind]
        low = int(k["low"].fillna(k["best"]).fillna(0).sum())
        best = int(k["best"].fillna(k["low"]).fillna(k["high"]).fillna(0).sum())
        rows.append((kind, best, f"{low}–{best}" if low != best else ""))
    return pd.DataFrame(rows, columns=["figure", "value", "range"])


def casualty_table(frames: Frames) -> pd.DataFrame:
    cas = frames.casualties
    out = cas[["kind", "low", "best", "high", "group", "scope", "location", "reported_by", "date"]].copy()
    out["date"] = out["date"].dt.date
    return out.sort_values(["scope", "kind", "best"], ascending=[False, True, False])


def casualties_chart(frames: Frames):
    """Bar chart of incident tolls by place and kind (subsets excluded).

    The figure is closed before it is returned, so a notebook shows it once,
    where it calls display(); the backend is left to the kernel (inline in Jupyter).
    """
    import matplotlib.pyplot as plt
    cas = frames.casualties
    top = cas[cas["part_of"].isna() & (cas["scope"] == "incident")].copy()
    top["n"] = top["best"].fillna(top["low"]).fillna(top["high"])
    fig, ax = plt.subplots(figsize=(7, 3), dpi=150)
    if top.empty:
        ax.text(0.5, 0.5, "no incident counts in this window", ha="center", va="center")
        ax.set_axis_off()
        plt.close(fig)
        return fig
    pivot = top.pivot_table(index="location", columns="kind", values="n", aggfunc="sum").fillna(0)
    pivot.plot.barh(ax=ax, stacked=True)
    ax.set_xlabel("people")
    ax.set_ylabel("")
    fig.tight_layout()
    plt.close(fig)
    return fig


def events_table(frames: Frames) -> pd.DataFrame:
    ev = frames.events.copy()
    ev["date"] = ev["date"].dt.date
    ev["actors"] = ev["actors"].map(lambda a: ", ".join(a) if isinstance(a, list | tuple) else "")
    return ev[["date", "type", "location", "actors", "evidence"]].sort_values("date", na_position="last")


def sources_table(frames: Frames) -> pd.DataFrame:
    a = frames.articles.copy()
    a["published"] = a["published"].dt.date
    return a[["article_id", "published", "source", "title", "url"]]


def to_html(df: pd.DataFrame) -> str:
    """An escaped HTML table (article text is untrusted)."""
    clean = df.astype(object).where(df.notna(), "")
    return clean.to_html(index=False, escape=True, border=0)


def escape(text: str) -> str:
    return html.escape(str(text))
