"""Frames: the articles, events, casualties, locations, actors and errors of a corpus,
saved to and loaded from a partitioned dataset. Extraction is wirebrief.extract: a
notebook kernel that only reads frames does not import the extractors."""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import dataset
from .dataset import NAMES
from .errors import InputError
from .schema import (
    ACTORS,
    ALL,
    ARTICLES,
    CASUALTIES,
    ERRORS,
    EVENTS,
    INCIDENTS,
    LOCATIONS,
    STATEMENTS,
)


@dataclass
class Frames:
    articles: pd.DataFrame = field(default_factory=lambda: ARTICLES.frame([]))
    events: pd.DataFrame = field(default_factory=lambda: EVENTS.frame([]))
    casualties: pd.DataFrame = field(default_factory=lambda: CASUALTIES.frame([]))
    locations: pd.DataFrame = field(default_factory=lambda: LOCATIONS.frame([]))
    actors: pd.DataFrame = field(default_factory=lambda: ACTORS.frame([]))
    statements: pd.DataFrame = field(default_factory=lambda: STATEMENTS.frame([]))
    incidents: pd.DataFrame = field(default_factory=lambda: INCIDENTS.frame([]))
    errors: pd.DataFrame = field(default_factory=lambda: ERRORS.frame([]))

    def __repr__(self) -> str:
        """One line, as Jupyter shows a bare `F`: the sizes and the publication window.

        The dataclass default printed six frames in full, article texts included,
        pages of it for a question the summary answers.
        """
        published = pd.to_datetime(self.articles.get("published", pd.Series(dtype="datetime64[ns]"))).dropna()
        window = (f", published {published.min():%Y-%m-%d}..{published.max():%Y-%m-%d}"
                  if len(published) else "")
        return f"Frames({self.summary()}{window})"

    def summary(self) -> str:
        return (f"{len(self.articles)} articles, {len(self.events)} events, "
                f"{len(self.casualties)} casualties, {len(self.locations)} locations, "
                f"{len(self.actors)} actors, {len(self.statements)} statements, "
                f"{len(self.incidents)} incidents, "
                f"{len(self.errors)} errors")

    def save(self, folder: str | os.PathLike) -> Path:
        """Write every frame into a partitioned dataset (wirebrief.dataset), replacing
        whatever the folder held; each part file appears complete under its name, and
        a frame without rows is still written, empty in its schema."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder))
        try:
            dataset.write_parts(self, staging, dataset.run_id())
            dataset.keep_schemas(staging)
            dataset.clear(folder)
            dataset.commit(staging, folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return folder

    @classmethod
    def load(cls, folder: str | os.PathLike, start: str | None = None, end: str | None = None) -> Frames:
        """The frames written by `wirebrief parse` or `save`, restricted to articles
        published in [start, end] (ISO dates; only the months needed are read).

        A folder that does not exist, or that is not a frames folder (a corpus,
        say), is an error, not an empty briefing.
        """
        folder = Path(folder)
        if not folder.is_dir():
            raise FileNotFoundError(f"no frames folder at {folder.resolve()} (run `wirebrief parse` first)")
        if not dataset.is_frames(folder):
            raise InputError(dataset.not_frames_message(folder.resolve()))
        if dataset.is_dataset(folder):
            out = dataset.load(folder, start or None, end or None)
        else:   # the flat layout of wirebrief 0.1: one <name>.parquet per frame
            out = {}
            for name in NAMES:
                path = folder / f"{name}.parquet"
                out[name] = ALL[name].coerce(pd.read_parquet(path)) if path.exists() else ALL[name].frame([])
        if "actors" in out["events"]:
            out["events"]["actors"] = out["events"]["actors"].map(
                lambda v: list(v) if v is not None and not isinstance(v, float) else [])
        return cls(**out)
