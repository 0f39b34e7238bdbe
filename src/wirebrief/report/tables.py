"""Tables: the rows a reader sees (counts, key events, people, sources), worded in `lang`.

Each returns a DataFrame an analyst can filter further; `sections` turns them into HTML.
"""
from __future__ import annotations

import pandas as pd

from ..frames import Frames
from .words import article_label, display_name, fmt_date, fmt_number, labels, place_name, spellings


def casualty_table(frames: Frames, lang: str = "en") -> pd.DataFrame:
    """Every count, incident tolls first; headings, kinds, groups and places in `lang`."""
    L = labels(lang)
    cas = frames.casualties.sort_values(["scope", "kind"], ascending=[False, True])
    cols = ["kind", "low", "best", "high", "group", "scope", "location", "reported_by", "date"]
    out = cas[cols].copy()
    out["location"] = place_labels(cas, frames, lang)
    out["date"] = out["date"].map(lambda d: fmt_date(d, lang))
    out["kind"] = out["kind"].map(lambda k: L.get(k, k))
    out["group"] = out["group"].map(lambda g: display_name("groups", g, lang))
    out["scope"] = out["scope"].map(lambda c: display_name("scope", c, lang))
    for c in ("low", "best", "high"):
        out[c] = out[c].map(lambda n: fmt_number(n, lang))
    return out.rename(columns={c: L.get(f"col_{c}", c) for c in cols})


def place_labels(rows: pd.DataFrame, frames: Frames, lang: str = "en") -> list[str]:
    """The `location` (or `name`) of each row as `place_name` labels it in `lang`, with the
    corpus's own spellings as the fallback; empty for a row without a place."""
    spelled = spellings(frames, lang)
    return [place_name(r, lang, spelled) for r in rows.to_dict("records")]


def _join_unique(values) -> str:
    """Distinct non-empty strings in first-seen order, comma-separated."""
    return ", ".join(dict.fromkeys(v for v in values if isinstance(v, str) and v))


def key_events(frames: Frames, limit: int = 25, lang: str = "en") -> pd.DataFrame:
    """Key events, newest first, one row per evidence sentence, places named in `lang`.

    One sentence often carries several events ("clashes in Hama, Homs and
    Eastern Ghouta" is three battles): the reader sees the quote once, with its
    types and places listed, instead of the same line three times.
    """
    ev = frames.events.sort_values("date", ascending=False, na_position="last")
    if ev.empty:
        return pd.DataFrame(columns=["date", "types", "places", "evidence", "article_id"])
    ev = ev.assign(_order=range(len(ev)), _date=ev["date"].astype(str), _place=place_labels(ev, frames, lang))
    rows = (ev.groupby(["_date", "article_id", "evidence"], sort=False, dropna=False)
              .agg(date=("date", "first"), types=("type", _join_unique), places=("_place", _join_unique),
                   _order=("_order", "min"))
              .reset_index().sort_values("_order").head(limit))
    return rows[["date", "types", "places", "evidence", "article_id"]].reset_index(drop=True)


def people_table(frames: Frames, lang: str = "en") -> pd.DataFrame:
    """People the articles name, with the party they speak for and their role, most mentioned first."""
    a = frames.actors
    p = a[a["kind"] == "person"].groupby(["name", "party", "role"], dropna=False)["mentions"].sum()
    return p.reset_index().sort_values("mentions", ascending=False)


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
