"""Incidents on disk: after each parse, link the new articles to the archive's incidents.

The archive's incidents are kept as they are: an article keeps the incident
its rows carry. Only the articles of this run (and any article never linked,
say from a dataset written before incidents existed) are linked, and only the
part files that hold their rows are rewritten. The incidents frame is small
(one row per incident) and is written whole, with every incident's toll
consolidated again from all the counts linked to it.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .. import dataset
from ..schema import ALL
from . import assign, incident_rows, known_incidents, signatures
from .linking import Linker, order

LINKED = ("events", "casualties")


def update(folder: str | os.PathLike, new_ids) -> int:
    """Link the articles `new_ids` (and any never linked) of the dataset at `folder`;
    returns the number of incidents it holds afterwards."""
    from ..frames import Frames
    folder = Path(folder)
    if not dataset.frame_dir(folder, "articles").is_dir():
        return 0   # nothing parsed yet (an empty corpus): no incidents, and keep_schemas writes the frame
    frames = Frames.load(folder)
    sigs_all = signatures(frames.articles, frames.events, frames.casualties, frames.locations)
    linked = {a for df in (frames.events, frames.casualties)
              for a, i in zip(df["article_id"], df["incident_id"], strict=True) if isinstance(i, str)}
    fresh = (set(new_ids) | (set(sigs_all) - linked)) & set(sigs_all)
    touched = set(new_ids) | fresh
    linker = Linker(known_incidents(_without(frames, touched), {a: s for a, s in sigs_all.items() if a not in touched}))
    sigs = {a: s for a, s in sigs_all.items() if a in fresh}
    of = {s.article_id: linker.add(s) for s in order(list(sigs.values()))}
    ev, cas = (df[df["article_id"].isin(touched)] for df in (frames.events, frames.casualties))
    ev_ids, cas_ids = assign(ev, cas, frames.articles, frames.locations, sigs, of, linker)
    new = {"events": dict(zip(_keys(ev, "events"), ev_ids, strict=True)),
           "casualties": dict(zip(_keys(cas, "casualties"), cas_ids, strict=True))}
    for name in LINKED:
        for f in _part_files(folder, name):
            df = ALL[name].coerce(pd.read_parquet(f))
            mine = df["article_id"].isin(touched)
            if mine.any():
                ids = [new[name].get(k) if m else i
                       for k, m, i in zip(_keys(df, name), mine, df["incident_id"], strict=True)]
                dataset.write_file(df.assign(incident_id=pd.Series(ids, index=df.index, dtype="string")), f, name)
    all_cas = frames.casualties.assign(incident_id=[
        new["casualties"].get(k) if a in touched else i
        for k, a, i in zip(_keys(frames.casualties, "casualties"), frames.casualties["article_id"],
                           frames.casualties["incident_id"], strict=True)])
    table = incident_rows(linker.incidents, all_cas, frames.articles)
    _replace_incidents(folder, table)
    return len(table)


def _keys(df: pd.DataFrame, name: str) -> list[tuple]:
    """What tells a row apart within the dataset: a count's id; an event's article, trigger and place."""
    if name == "casualties":
        return list(zip(df["casualty_id"], strict=True))
    return list(zip(df["article_id"], df["start"], df["end"], df["type"], df["location"].fillna(""), strict=True))


def _without(frames, ids: set):
    from ..frames import Frames
    keep = {name: getattr(frames, name) for name in ("articles", *LINKED, "locations")}
    return Frames(**{name: df[~df["article_id"].isin(ids)] for name, df in keep.items()})


def _part_files(folder: Path, name: str) -> list[Path]:
    return sorted(f for f in dataset.frame_dir(folder, name).glob("month=*/*.parquet") if f.name != dataset.EMPTY)


def _replace_incidents(folder: Path, table: pd.DataFrame) -> None:
    """One file holds the incidents; it is replaced (written aside, renamed), never half-written."""
    where = dataset.frame_dir(folder, "incidents")
    target = where / "incidents.parquet"
    dataset.write_file(table, target, "incidents")
    for f in where.glob("*.parquet"):
        if f != target:
            f.unlink()
