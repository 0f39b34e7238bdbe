"""Parsing a corpus into a dataset: planning, content hashes, chunks and engines.

`build` is what `wirebrief parse` runs. It
1. lists the corpus files and hashes each one with what decides its frames
   (its bytes, its manifest row, its sidecar), so an unchanged file is never
   parsed twice (`rebuild=True` parses everything);
2. cuts the files to parse into groups of a few megabytes, each parsed by
   `parse_group` into part files written every `chunk` articles — memory stays
   flat whatever the corpus size;
3. runs the groups one after the other (engine "local") or on a Dask cluster
   (engine "dask"): the same function on the same groups, so both engines write
   the same rows;
4. moves the new parts into place, removes the rows of changed and deleted
   files, reports articles whose id an earlier file already used, and writes
   the index.

A dataset accumulates: parsing another folder into it adds that folder's
articles and keeps every earlier one. A file's rows are removed only when the
file was parsed before from under one of this run's corpus paths and this
run's scan no longer finds it (deleted, renamed), or, with `prune=True`,
whenever this run's corpus does not hold it. Deciding deletions from "not in
this run" alone would make every new batch erase the archive.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from . import dataset
from .corpus import ReadProblem, corpus_files, iter_corpus, leaves_corpus, read_manifest
from .errors import InputError, ReadError
from .extract import frames_of
from .incidents import store as incidents
from .schema import ERRORS

GROUP_BYTES = 4 * 1024 * 1024   # input bytes per task: about 2,000 wire stories
GROUP_FILES = 500
CHUNK_ARTICLES = 2000           # articles held in memory before a part is written


@dataclass
class Summary:
    """What a parse did to the dataset, in files, and what the dataset holds afterwards."""
    files: int = 0             # files in this run's corpus
    new_files: int = 0         # parsed for the first time
    replaced_files: int = 0    # parsed again (changed, or --rebuild): their old rows replaced
    kept_files: int = 0        # already in the dataset and left as they were
    removed_files: int = 0     # their rows deleted (gone from a scanned folder, or --prune)
    total_files: int = 0       # files the dataset holds after the run
    total_articles: int = 0    # articles the dataset holds after the run
    articles: int = 0          # articles parsed by this run
    errors: int = 0            # rows of the dataset's errors frame
    incidents: int = 0         # incidents the dataset holds after the run (wirebrief.incidents)
    duplicates: int = 0
    engine: str = "local"

    @property
    def parsed_files(self) -> int:
        return self.new_files + self.replaced_files

    def line(self) -> str:
        dups = f", {self.duplicates} duplicate ids skipped" if self.duplicates else ""
        return (f"files: {self.new_files} new, {self.replaced_files} replaced, {self.kept_files} kept, "
                f"{self.removed_files} removed; {self.articles} articles parsed{dups}; "
                f"in total {self.total_files} files, {self.total_articles} articles, {self.incidents} incidents, "
                f"{self.errors} errors "
                f"({self.engine} engine)")


# ---------------------------------------------------------------- planning

@cache
def _manifest(path: Path) -> dict | None:
    try:
        return read_manifest(path)
    except (ReadError, OSError):
        return None


def file_hash(path: Path, manifest: Path | None) -> str:
    """SHA-256 of everything that decides a file's frames: its bytes, its manifest row, its sidecar."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            h.update(hashlib.file_digest(fh, "sha256").digest())
    except OSError as exc:   # unreadable now: parse it, and let the reader report why
        h.update(f"unreadable:{exc}".encode())
    if manifest is not None:
        rows = _manifest(manifest)
        if rows is None:
            h.update(b"bad-manifest:" + manifest.read_bytes()[:1 << 20])
        else:
            h.update(json.dumps(rows.get(path.name, {}), sort_keys=True).encode())
    side = path.with_suffix(".json")
    if path.suffix.lower() != ".json" and side.is_file():
        h.update(b"sidecar:" + side.read_bytes()[:1 << 20])
    return h.hexdigest()


def plan(paths: Iterable[str | os.PathLike]) -> list[tuple[str, str, int, str | None]]:
    """(path, sha256, size, corpus folder it was found in) of every corpus file, in corpus order."""
    _manifest.cache_clear()
    out = []
    for f, manifest, root in corpus_files(paths):
        if leaves_corpus(f, root):   # never opened: iter_corpus reports it
            out.append((str(f), hashlib.sha256(f"escaping-link:{os.readlink(f)}".encode()).hexdigest(), 0,
                        str(root)))
            continue
        size = f.stat().st_size if f.exists() else 0
        out.append((str(f), file_hash(f, manifest), size, str(root) if root else None))
    return out


def groups(files: list[tuple[str, str, int, str | None]], max_bytes: int = GROUP_BYTES,
           max_files: int = GROUP_FILES) -> list[list[str]]:
    """Consecutive files cut into groups of at most `max_bytes` of input or `max_files` files."""
    out, cur, size = [], [], 0
    for path, _sha, n, _root in files:
        if cur and (size + n > max_bytes or len(cur) >= max_files):
            out.append(cur)
            cur, size = [], 0
        cur.append(path)
        size += n
    if cur:
        out.append(cur)
    return out


# ---------------------------------------------------------------- one group

def parse_group(files: list[str], staging: str, part: str, chunk: int = CHUNK_ARTICLES,
                roots: dict[str, str | None] | None = None) -> list[tuple[str, str]]:
    """Parse `files` into part files `<part>-NNN` under `staging`; (article_id, path) of each article.

    Runs in the driver (local engine) or on a Dask worker; `staging` must then
    be storage the workers share with the driver.
    """
    written: list[tuple[str, str]] = []
    items = iter_corpus(files, roots=roots)   # roots: a link found in a folder may not leave it
    for k in itertools.count():
        batch, n_articles = [], 0
        for item in items:
            batch.append(item)
            if not isinstance(item, ReadProblem):
                n_articles += 1
                if n_articles >= chunk:
                    break
        if not batch:
            break
        frames = frames_of(batch)
        dataset.write_parts(frames, staging, f"{part}-{k:03d}")
        written += list(zip(frames.articles["article_id"], frames.articles["path"], strict=True))
    return written


# ---------------------------------------------------------------- engines

def _run_local(tasks, progress: Callable[[int], None]) -> list:
    results = []
    for files, staging, part, chunk, roots in tasks:
        results.append(parse_group(files, staging, part, chunk, roots))
        progress(len(files))
    return results


def _run_dask(tasks, progress: Callable[[int], None], scheduler: str | None, workers: int | None) -> list:
    from dask.distributed import Client, LocalCluster, as_completed
    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = [client.submit(parse_group, files, staging, part, chunk, roots, pure=False,
                                 key=f"wirebrief-{part}")
                   for files, staging, part, chunk, roots in tasks]
        sizes = {f.key: len(t[0]) for f, t in zip(futures, tasks, strict=True)}
        for fut in as_completed(futures):
            fut.result()   # re-raises a worker's exception here
            progress(sizes[fut.key])
        return client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ---------------------------------------------------------------- the build

def build(paths: Iterable[str | os.PathLike], out: str | os.PathLike, engine: str = "local",
          rebuild: bool = False, prune: bool = False, scheduler: str | None = None, workers: int | None = None,
          progress: bool = False, group_bytes: int = GROUP_BYTES, chunk: int = CHUNK_ARTICLES) -> Summary:
    """Parse the corpus under `paths` into the dataset at `out`, re-parsing only what changed.

    Articles already in the dataset from elsewhere are kept (see the module
    docstring); `prune=True` keeps only this run's corpus. `rebuild=True`
    parses every file of this run's corpus again. `group_bytes` is the input
    per task (the unit a Dask worker takes), `chunk` the number of articles
    held in memory before a part is written.
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r}: use 'local' or 'dask'")
    paths = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    _check_paths(paths)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if not (out / dataset.INDEX).exists():
        dataset.clear(out)   # a new dataset, or the flat layout of wirebrief 0.1: nothing to keep
    files = plan(paths)
    old = dataset.read_index(out)
    if len(old):
        dataset.remove_orphans(out, set(old["part"].dropna()))
    old_sha = dict(zip(old["path"], old["sha256"], strict=True))
    old_part = dict(zip(old["path"], old["part"], strict=True))
    new_sha = {p: sha for p, sha, _, _ in files}
    root_of = {p: root for p, _, _, root in files}
    todo = list(files) if rebuild else [f for f in files if old_sha.get(f[0]) != f[1]]
    replaced = {p for p, _, _, _ in todo if p in old_sha}
    gone = _gone(old_sha, new_sha, paths, prune)
    stale = replaced | gone
    summary = Summary(files=len(files), new_files=len(todo) - len(replaced), replaced_files=len(replaced),
                      kept_files=len(old_sha) - len(stale), removed_files=len(gone), engine=engine)

    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        run = dataset.run_id()
        tasks = [(g, str(staging), f"{run}-{i:05d}", chunk, {p: root_of[p] for p in g})
                 for i, g in enumerate(groups(todo, group_bytes))]
        bar = _progress_bar(len(todo)) if progress else None
        tick = bar.update if bar else (lambda n: None)
        results = (_run_local(tasks, tick) if engine == "local"
                   else _run_dask(tasks, tick, scheduler, workers))
        if bar:
            bar.close()
        _drop_stale(out, stale, old_part)
        known = _known_ids(out) if len(old_sha) > len(stale) else {}
        dups = _duplicates(tasks, results, known, staging)
        dataset.commit(staging, out)
        # the new articles joined to the archive's incidents (the same on either engine: it runs here)
        summary.incidents = incidents.update(out, [a for r in results for a, _ in r])
        dataset.keep_schemas(out)   # frames left without rows (or never given any) stay readable tables
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    part_of = {p: part for files_, _, part, _, _ in tasks for p in files_}
    rows = {p: (sha, old_part[p]) for p, sha in old_sha.items() if p not in gone}
    rows.update({p: (sha, part_of.get(p, old_part.get(p))) for p, sha, _, _ in files})
    index = pd.DataFrame([(p, sha, part) for p, (sha, part) in rows.items()],
                         columns=["path", "sha256", "part"]).astype("string")
    dataset.write_index(out, index)
    summary.articles = sum(len(r) for r in results) - dups
    summary.duplicates = dups
    summary.total_files = len(index)
    summary.total_articles = dataset.count_rows(out, "articles")
    summary.errors = len(dataset.errors(out))
    return summary


def _check_paths(paths: list) -> None:
    """Every corpus path given must exist: a typo is the user's mistake to hear about at once.

    Inside a folder, a file that vanishes or a dangling link is one `errors`
    row like any unreadable file; a path named on the command line that is not
    there is an argument error, before anything is written.
    """
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}")


def _gone(old_sha: dict[str, str], new_sha: dict[str, str], paths: list, prune: bool) -> set[str]:
    """Files of the dataset whose rows this run removes.

    Only a file under one of this run's corpus paths can be known to be gone:
    the scan looked there and did not find it. A file from anywhere else belongs
    to another batch and stays, unless `prune` asks for this corpus alone.
    """
    missing = set(old_sha) - set(new_sha)
    if prune:
        return missing
    roots = [Path(os.path.abspath(p)) for p in paths]
    return {p for p in missing if _under(Path(os.path.abspath(p)), roots)}


def _under(path: Path, roots: list[Path]) -> bool:
    """`path` is one of `roots` (a file named on the command line) or inside one (a folder)."""
    return any(path.is_relative_to(root) for root in roots)


def _drop_stale(out: Path, stale: set[str], old_part: dict[str, str]) -> None:
    """Remove the rows of `stale` files: whole parts when every file of a part is stale
    (a rebuild, a prune), else only those files' rows."""
    by_part: dict[str, set[str]] = {}
    for p, part in old_part.items():
        if part is not None and not pd.isna(part):
            by_part.setdefault(part, set()).add(p)
    for part in sorted({old_part[p] for p in stale} & set(by_part)):
        if by_part[part] <= stale:
            dataset.drop_part(out, part)
        else:
            dataset.drop_rows(out, part, paths=stale)


def _known_ids(out: Path) -> dict[str, str]:
    """article_id -> path of the articles kept from earlier runs."""
    known = {}
    for f in sorted(out.glob("articles.parquet/month=*/*.parquet")):
        arts = pd.read_parquet(f, columns=["article_id", "path"])
        known.update(zip(arts["article_id"], arts["path"], strict=True))
    return known


def _duplicates(tasks, results, known: dict[str, str], staging: Path) -> int:
    """Drop articles whose id an earlier file (or an earlier run) already gave; each is an error row."""
    seen = dict(known)
    n = 0
    for (_, _, part, _, _), written in zip(tasks, results, strict=True):
        dup_ids, problems = set(), []
        for article_id, path in written:
            first = seen.setdefault(article_id, path)
            if first != path:
                dup_ids.add(article_id)
                problems.append({"path": path, "stage": "read", "article_id": article_id,
                                 "message": f"duplicate article_id '{article_id}' (first in {first}) skipped"})
        if dup_ids:
            n += len(dup_ids)
            dataset.drop_rows(staging, part, ids=dup_ids)
            dataset.write_file(ERRORS.frame(problems), dataset.frame_dir(staging, "errors") / f"{part}-dup.parquet",
                               "errors")
    return n


def _progress_bar(total: int):
    from tqdm import tqdm
    return tqdm(total=total, unit=" files", desc="parse", leave=False)
