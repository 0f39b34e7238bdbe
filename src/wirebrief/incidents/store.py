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
from . import _row_ids, incident_rows, known_incidents, signatures
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
    old = _without(frames, fresh)
    linker = Linker(known_incidents(old))
    sigs = {a: s for a, s in sigs_all.items() if a in fresh}
    of = {s.article_id: linker.add(s) for s in order(list(sigs.values()))}
    touched = set(new_ids) | fresh
    for name in LINKED:
        for f in _part_files(folder, name):
            df = ALL[name].coerce(pd.read_parquet(f))
            mine = df["article_id"].isin(touched)
            if not mine.any():
                continue
            ids = df["incident_id"].where(~mine, _row_ids(df, sigs, of, frames.locations, linker))
            dataset.write_file(df.assign(incident_id=ids), f, name)
    cas = frames.casualties
    mine = cas["article_id"].isin(touched)
    cas = cas.assign(incident_id=cas["incident_id"].where(~mine, _row_ids(cas, sigs, of, frames.locations, linker)))
    table = incident_rows(linker.incidents, cas, frames.articles)
    _replace_incidents(folder, table)
    return len(table)


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
