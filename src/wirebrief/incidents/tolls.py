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

import datetime as dt

import pandas as pd

from .signature import records

KINDS = ("killed", "injured")


def candidates(rows: pd.DataFrame, articles: pd.DataFrame) -> list[dict]:
    """One figure per (incident, kind, article): its first whole count there, with its low,
    high, source and the article's publication day."""
    rows = rows[(rows["scope"] == "incident") & rows["part_of"].isna() & rows["kind"].isin(KINDS)
                & (rows["claimed"] != True)]   # noqa: E712 (a nullable boolean: NA is not a claim)
    rows = rows[rows["best"].notna() | rows["low"].notna()].sort_values("start", kind="stable")
    outlet = dict(zip(articles["article_id"], articles["source"], strict=False))
    published = dict(zip(articles["article_id"], articles["published"], strict=False))
    seen: set = set()
    out = []
    for r in records(rows, ("incident_id", "kind", "article_id", "reported_by", "best", "low", "high")):
        key = (r["incident_id"], r["kind"], r["article_id"])
        if key in seen:
            continue   # the article's first figure only (module docstring, rule 1)
        seen.add(key)
        figure = int(r["best"] if r["best"] is not None else r["low"])
        day = published.get(r["article_id"])
        source = r["reported_by"] or (outlet.get(r["article_id"]) if isinstance(outlet.get(r["article_id"]), str)
                                      else r["article_id"])
        out.append({**dict(zip(("incident_id", "kind", "article_id"), key, strict=True)), "source": source,
                    "figure": figure, "low": int(r["low"]) if r["low"] is not None else figure,
                    "high": int(r["high"]) if r["high"] is not None else figure,
                    "day": None if day is None or pd.isna(day) else pd.Timestamp(day).date()})
    return out


def consolidate(figures: list[dict]) -> dict[str, dict]:
    """incident_id -> {killed_low, killed_best, killed_high, injured_*, sources}."""
    groups: dict[tuple, list[dict]] = {}
    for f in figures:
        groups.setdefault((f["incident_id"], f["kind"]), []).append(f)
    out: dict[str, dict] = {}
    for (inc, kind), group in sorted(groups.items()):
        final = _latest_per_source(group)
        dated = all(f["day"] is not None for f in final)
        best = max(final, key=lambda f: (f["day"], f["figure"]))["figure"] if dated else max(f["figure"] for f in final)
        row = out.setdefault(inc, {"sources": []})
        row[f"{kind}_low"] = min(f["low"] for f in final)
        row[f"{kind}_best"] = best
        row[f"{kind}_high"] = max(max(f["high"] for f in final), best)
        row["sources"] += [_source_line(f, kind) for f in group]
    return out


def _latest_per_source(group: list[dict]) -> list[dict]:
    """Each source's last figure: its latest-dated, else (undated) its highest."""
    last: dict[str, dict] = {}
    for f in sorted(group, key=lambda f: (f["day"] is not None, f["day"] or dt.date.min, f["figure"])):
        last[f["source"]] = f
    return list(last.values())


def _source_line(f: dict, kind: str) -> str:
    day = f", {f['day']:%Y-%m-%d}" if f["day"] is not None else ""
    return f"{f['source']}: {kind} {f['figure']} ({f['article_id']}{day})"
