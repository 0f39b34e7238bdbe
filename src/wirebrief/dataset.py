"""The frames on disk: a Parquet dataset partitioned by publication month.

    out/
      _index.parquet                              one row per input file: path, sha256, part
      articles.parquet/month=2016-09/<part>.parquet
      events.parquet/month=2016-09/<part>.parquet   (casualties, locations, actors alike)
      articles.parquet/month=unknown/<part>.parquet articles without a publication date
      errors.parquet/<part>.parquet
      casualties.parquet/month=unknown/empty.parquet  a frame without rows: its schema, no rows

Each `<name>.parquet` folder is a Hive-partitioned Parquet dataset that
`pandas.read_parquet`, pyarrow, DuckDB or Spark read as one table (with a
`month` column), so tools that expect `<name>.parquet` keep working.

Why this shape:
- a notebook about one week reads one or two month folders, not the archive
  (`load(out, start=, end=)`);
- a parse writes one part per chunk of articles, so memory stays flat however
  large the corpus, and a Dask worker writes its own parts;
- the index lets a later parse skip every file whose content hash is unchanged
  and rewrite only the parts that held a changed or deleted file's rows.

Every part file appears under its final name complete (written aside, then
`os.replace`d), so a reader never sees half a file.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from .schema import ALL

NAMES = ("articles", "events", "casualties", "locations", "actors", "statements", "incidents", "errors")
BY_ARTICLE = ("events", "casualties", "locations", "actors", "statements")   # rows keyed by article_id
FLAT = ("incidents", "errors")   # not partitioned by month: an incident spans articles, an error may have none
INDEX = "_index.parquet"
UNKNOWN = "unknown"
EMPTY = "empty.parquet"   # the one file of a frame without rows (keep_schemas)


def month_of(published) -> str:
    """Partition key: 'YYYY-MM' of the publication date, 'unknown' without one."""
    if published is None or pd.isna(published):
        return UNKNOWN
    return pd.Timestamp(published).strftime("%Y-%m")


def frame_dir(folder: Path, name: str) -> Path:
    return folder / f"{name}.parquet"


@cache
def arrow_schema(name: str) -> pa.Schema:
    """The Arrow schema of a frame: the same column types in every part, even all-null ones."""
    types = {"string": pa.string(), "Int64": pa.int64(), "Float64": pa.float64(),
             "boolean": pa.bool_(), "datetime64[ns]": pa.timestamp("ns"), "object": pa.list_(pa.string())}
    return pa.schema([(c.name, types[c.dtype]) for c in ALL[name].columns])


def write_parts(frames, folder: str | os.PathLike, part: str) -> list[Path]:
    """Write one chunk of frames as part files under `folder` (a staging or final dataset)."""
    folder = Path(folder)
    written = []
    months = {a: month_of(p) for a, p in zip(frames.articles["article_id"], frames.articles["published"],
                                            strict=True)}
    for name in NAMES:
        df = getattr(frames, name)
        if not len(df):
            continue
        if name in FLAT:
            written.append(write_file(df, frame_dir(folder, name) / f"{part}.parquet", name))
            continue
        keys = df["article_id"].map(lambda a: months.get(a, UNKNOWN))
        for month, rows in df.groupby(keys, sort=True):
            written.append(write_file(rows, frame_dir(folder, name) / f"month={month}" / f"{part}.parquet", name))
    return written


def empty_file(folder: Path, name: str) -> Path:
    """Where a frame without rows keeps its schema: under month=unknown for the partitioned
    frames, so that every reader sees the same `month` column as when there are rows."""
    if name in FLAT:
        return frame_dir(folder, name) / EMPTY
    return frame_dir(folder, name) / f"month={UNKNOWN}" / EMPTY


def keep_schemas(folder: Path) -> None:
    """Give every frame without part files one empty file in its schema; drop it once parts are back.

    Parts are written only for rows, so a corpus without errors (or without
    events) left no `errors.parquet` at all, and `pandas.read_parquet` of it
    failed instead of giving an empty table with the documented columns. Run
    after every write that can add or remove a frame's last part (a save, a parse).
    """
    for name in NAMES:
        anchor = empty_file(folder, name)
        parts = [f for f in frame_dir(folder, name).rglob("*.parquet") if f.is_file() and f.name != EMPTY]
        if not parts:
            if not anchor.exists():
                write_file(ALL[name].frame([]), anchor, name)
        elif anchor.exists():
            anchor.unlink()
            if anchor.parent != frame_dir(folder, name) and not any(anchor.parent.iterdir()):
                anchor.parent.rmdir()


def write_file(df: pd.DataFrame, path: Path, name: str | None = None) -> Path:
    """Write `df` to `path` aside then rename; with a frame `name`, in that frame's Arrow schema."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    if name is None:
        df.to_parquet(tmp, index=False)
    else:
        table = pa.Table.from_pandas(df[ALL[name].names], schema=arrow_schema(name), preserve_index=False)
        pq.write_table(table, tmp)
    os.replace(tmp, path)
    return path


def _months(folder: Path, start: str | None, end: str | None) -> list[Path]:
    """Month folders of one frame that can hold articles published in [start, end]."""
    if not folder.is_dir():
        return []
    lo = month_of(start) if start else None
    hi = month_of(end) if end else None
    out = []
    for d in sorted(folder.iterdir()):
        if not d.is_dir() or not d.name.startswith("month="):
            continue
        m = d.name[len("month="):]
        if m == UNKNOWN:
            if lo is None and hi is None:
                out.append(d)
            continue
        if (lo is None or m >= lo) and (hi is None or m <= hi):
            out.append(d)
    return out


def _read(files: Iterable[Path], name: str) -> pd.DataFrame:
    """One frame from its part files, read as one Arrow dataset (threaded, in the frame's schema)."""
    files = [str(f) for f in files]
    if not files:
        return ALL[name].frame([])
    table = pads.dataset(files, format="parquet", schema=arrow_schema(name)).to_table()
    return ALL[name].coerce(table.to_pandas())


def is_dataset(folder: str | os.PathLike) -> bool:
    folder = Path(folder)
    return (folder / INDEX).exists() or frame_dir(folder, "articles").is_dir()


def is_frames(folder: str | os.PathLike) -> bool:
    """A folder written by `wirebrief parse` or `Frames.save` (or the flat layout of 0.1).

    A corpus folder, or any other folder, holds none of the frames: reading it
    as frames would give an empty briefing instead of saying the path is wrong.
    """
    folder = Path(folder)
    return is_dataset(folder) or any(frame_dir(folder, name).is_file() for name in NAMES)


def not_frames_message(folder: str | os.PathLike) -> str:
    return (f"{folder} is not a wirebrief frames folder (no {frame_dir(Path(), 'articles')} in it; "
            "`wirebrief parse CORPUS --out FOLDER` writes one)")


def load(folder: str | os.PathLike, start: str | None = None, end: str | None = None) -> dict[str, pd.DataFrame]:
    """Every frame of the dataset, restricted to articles published in [start, end].

    Only the month folders that can hold the window are read. Rows come sorted
    by article (publication date, then id) so that two parses of the same
    corpus load identically whatever their chunking or engine.
    """
    folder = Path(folder)
    out: dict[str, pd.DataFrame] = {}
    for name in NAMES:
        if name in FLAT:
            files = sorted(frame_dir(folder, name).glob("*.parquet"))
        else:
            files = [f for d in _months(frame_dir(folder, name), start, end) for f in sorted(d.glob("*.parquet"))]
        out[name] = _read(files, name)
    arts = out["articles"]
    if start or end:
        keep = pd.Series(True, index=arts.index)
        if start:
            keep &= arts["published"] >= pd.Timestamp(start)
        if end:
            keep &= arts["published"] <= pd.Timestamp(end)
        arts = arts[keep]
        ids = set(arts["article_id"])
        for name in BY_ARTICLE:
            out[name] = out[name][out[name]["article_id"].isin(ids)]
        linked = set(out["events"]["incident_id"].dropna()) | set(out["casualties"]["incident_id"].dropna())
        out["incidents"] = out["incidents"][out["incidents"]["incident_id"].isin(linked)]
    out["articles"] = arts.sort_values(["published", "article_id"], na_position="last", kind="stable")
    order = {a: i for i, a in enumerate(out["articles"]["article_id"])}
    for name in BY_ARTICLE:
        df = out[name]
        by = ["_order", "start", "end"] if "start" in df else ["_order"]
        df = df.assign(_order=df["article_id"].map(order)).sort_values(by, kind="stable")
        out[name] = df.drop(columns="_order").reset_index(drop=True)
    out["errors"] = out["errors"].drop_duplicates().sort_values(["path", "stage", "message"], kind="stable")
    out = {k: v.reset_index(drop=True) for k, v in out.items()}
    return out


# ---------------------------------------------------------------- the file index

def read_index(folder: Path) -> pd.DataFrame:
    path = folder / INDEX
    if path.exists():
        return pd.read_parquet(path)
    return pd.DataFrame({"path": pd.Series(dtype="string"), "sha256": pd.Series(dtype="string"),
                         "part": pd.Series(dtype="string")})


def write_index(folder: Path, index: pd.DataFrame) -> None:
    write_file(index.sort_values("path").reset_index(drop=True), folder / INDEX)


def part_files(folder: Path, part: str) -> list[Path]:
    """Every file of one group's parts (`<part>-NNN`), in every frame and month."""
    return (sorted(folder.glob(f"*.parquet/month=*/{part}-*.parquet"))
            + sorted(folder.glob(f"errors.parquet/{part}-*.parquet")))


def errors(folder: str | os.PathLike) -> pd.DataFrame:
    """Only the errors frame (cheap: never reads the article frames)."""
    return _read(sorted(frame_dir(Path(folder), "errors").glob("*.parquet")), "errors").drop_duplicates()


def drop_rows(folder: Path, part: str, paths: frozenset | set = frozenset(),
              ids: frozenset | set = frozenset()) -> None:
    """Remove from one group's parts the rows that came from `paths` and the articles `ids`
    (each part rewritten aside, then replaced; a part left empty is deleted)."""
    ids = set(ids)
    for f in sorted(folder.glob(f"articles.parquet/month=*/{part}-*.parquet")) if paths else ():
        arts = pd.read_parquet(f, columns=["article_id", "path"])
        ids |= set(arts.loc[arts["path"].isin(paths), "article_id"])
    for f in part_files(folder, part):
        df = pd.read_parquet(f)
        name = (f.parent if f.parent.name.endswith(".parquet") else f.parent.parent).name[:-len(".parquet")]
        keep = ~df["path"].isin(paths) if name == "errors" else ~df["article_id"].isin(ids)
        if keep.all():
            continue
        if keep.any():
            write_file(df[keep], f, name)
        else:
            f.unlink()


def drop_part(folder: Path, part: str) -> None:
    """Delete every file of one group's parts (all its files are being replaced or removed)."""
    for f in part_files(folder, part):
        f.unlink()


def count_rows(folder: str | os.PathLike, name: str) -> int:
    """Rows of one frame, from the part files' Parquet footers (no data is read)."""
    return sum(pq.ParquetFile(f).metadata.num_rows
               for f in frame_dir(Path(folder), name).glob("month=*/*.parquet"))


def remove_orphans(folder: Path, parts: set[str]) -> int:
    """Delete part files of no group the index knows: what a parse killed between moving its
    parts into place and writing the index left behind (they would otherwise count twice)."""
    n = 0
    for f in folder.glob("*.parquet/**/*.parquet"):
        if f.parent == frame_dir(folder, "incidents"):
            continue   # rewritten whole after every parse (wirebrief.incidents.store), in no group
        if f.is_file() and f.name != EMPTY and f.stem.rsplit("-", 1)[0] not in parts:
            f.unlink()
            n += 1
    return n


def commit(staging: Path, folder: Path) -> int:
    """Move every part written under `staging` into `folder`; returns the number of files."""
    n = 0
    for f in sorted(staging.rglob("*.parquet")):
        if not f.is_file():
            continue
        target = folder / f.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(f, target)
        n += 1
    shutil.rmtree(staging, ignore_errors=True)
    return n


def clear(folder: Path) -> None:
    """Remove a previous dataset's frames (for --rebuild) and any flat-layout files."""
    for name in NAMES:
        path = frame_dir(folder, name)
        if path.is_dir():
            shutil.rmtree(path)
        else:   # the flat layout of wirebrief 0.1
            path.unlink(missing_ok=True)
    (folder / INDEX).unlink(missing_ok=True)


def run_id() -> str:
    """Part-name prefix of one parse run: sortable, and unique across runs and machines."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
