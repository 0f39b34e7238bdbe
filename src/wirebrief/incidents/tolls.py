"""One toll per incident from every source's figures, UCDP-style: low, best, high.

The rule, applied to the incident-scope counts linked to an incident:
1. Candidates are whole counts (not a subset: `part_of` empty) that no party
   claims about its own attack (`claimed`), one per article: the first figure
   of that kind the article gives for the incident (a wire story opens on its
   toll; what follows is breakdowns, other places, the country's total).
2. A source's figure is superseded by its later one (the same source revising
   its count across articles); the superseded figure stays in `sources`.
   The source is who the text says gives the figure, else the outlet.
3. Over the remaining figures: low = the lowest (the low of an "at least"),
   high = the highest, best = the latest figure when every remaining one is
   dated, else the highest — a toll rises as bodies are found and official
   counts replace early ones, and many articles carry no date to say which
   figure came last.
"""
from __future__ import annotations

import pandas as pd

KINDS = ("killed", "injured")


def candidates(rows: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per (article, source, kind): the figure, its low and high, the source, the day."""
    rows = rows[(rows["scope"] == "incident") & rows["part_of"].isna() & rows["kind"].isin(KINDS)
                & (rows["claimed"] != True)]   # noqa: E712 (a nullable boolean: NA is not a claim)
    rows = rows[rows["best"].notna() | rows["low"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=["incident_id", "kind", "article_id", "source", "figure", "low", "high", "day"])
    outlet = dict(zip(articles["article_id"], articles["source"], strict=False))
    published = dict(zip(articles["article_id"], articles["published"], strict=False))
    out = pd.DataFrame({
        "incident_id": rows["incident_id"], "kind": rows["kind"], "article_id": rows["article_id"],
        "source": [r if isinstance(r, str) and r else (outlet.get(a) if isinstance(outlet.get(a), str) else a)
                   for r, a in zip(rows["reported_by"], rows["article_id"], strict=True)],
        "figure": rows["best"].fillna(rows["low"]).astype("Int64"),
        "low": rows["low"].fillna(rows["best"]).astype("Int64"),
        "high": rows["high"].fillna(rows["best"]).fillna(rows["low"]).astype("Int64"),
        "day": [published.get(a) for a in rows["article_id"]],
    })
    out["start"] = rows["start"].to_numpy()
    # an article's figure is the first it gives: a wire story opens on its toll, and its later
    # figures are breakdowns, other places or the country's total
    out = out.sort_values("start", kind="stable").groupby(["incident_id", "kind", "article_id"], sort=False).head(1)
    return out.drop(columns="start").reset_index(drop=True)


def consolidate(figures: pd.DataFrame) -> dict[str, dict]:
    """incident_id -> {killed_low, killed_best, killed_high, injured_*, sources}."""
    out: dict[str, dict] = {}
    for (inc, kind), group in figures.groupby(["incident_id", "kind"], sort=True):
        final = _latest_per_source(group)
        dated = final["day"].notna().all()
        best = (final.sort_values("day", kind="stable").iloc[-1]["figure"] if dated
                else final["figure"].max())
        row = out.setdefault(inc, {"sources": []})
        row[f"{kind}_low"] = int(final["low"].min())
        row[f"{kind}_best"] = int(best)
        row[f"{kind}_high"] = int(max(final["high"].max(), best))
        row["sources"] += [_source_line(r, kind) for r in group.itertuples()]
    return out


def _latest_per_source(group: pd.DataFrame) -> pd.DataFrame:
    """Each source's last figure: its latest-dated, else (undated) its highest."""
    ordered = group.assign(_dated=group["day"].notna()).sort_values(["_dated", "day", "figure"], kind="stable")
    return ordered.groupby("source", sort=False).tail(1).drop(columns="_dated")


def _source_line(r, kind: str) -> str:
    day = "" if r.day is None or pd.isna(r.day) else f", {pd.Timestamp(r.day):%Y-%m-%d}"
    return f"{r.source}: {kind} {r.figure} ({r.article_id}{day})"
