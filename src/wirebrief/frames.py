"""Frames: the articles, events, casualties, locations and errors of a corpus."""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import casualties as casualties_mod
from . import events as events_mod
from .actors import actor_rows
from .corpus import Article, ReadProblem, iter_corpus
from .dates import dateline_date, lead_date
from .places import Mention, geoparse, main_mention
from .schema import ACTORS, ALL, ARTICLES, CASUALTIES, ERRORS, EVENTS, LOCATIONS
from .text import normalise_spaces, sentences

NAMES = ("articles", "events", "casualties", "locations", "actors", "errors")


@dataclass
class Frames:
    articles: pd.DataFrame = field(default_factory=lambda: ARTICLES.frame([]))
    events: pd.DataFrame = field(default_factory=lambda: EVENTS.frame([]))
    casualties: pd.DataFrame = field(default_factory=lambda: CASUALTIES.frame([]))
    locations: pd.DataFrame = field(default_factory=lambda: LOCATIONS.frame([]))
    actors: pd.DataFrame = field(default_factory=lambda: ACTORS.frame([]))
    errors: pd.DataFrame = field(default_factory=lambda: ERRORS.frame([]))

    def summary(self) -> str:
        return (f"{len(self.articles)} articles, {len(self.events)} events, "
                f"{len(self.casualties)} casualties, {len(self.locations)} locations, "
                f"{len(self.actors)} actors, "
                f"{len(self.errors)} errors")

    def save(self, folder: str | os.PathLike) -> Path:
        """Write every frame as Parquet; a reader never sees a half-written set."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".frames-", dir=folder))
        try:
            for name in NAMES:
                getattr(self, name).to_parquet(tmp / f"{name}.parquet", index=False)
            for name in NAMES:
                os.replace(tmp / f"{name}.parquet", folder / f"{name}.parquet")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return folder

    @classmethod
    def load(cls, folder: str | os.PathLike) -> Frames:
        folder = Path(folder)
        out = {}
        for name in NAMES:
            path = folder / f"{name}.parquet"
            out[name] = ALL[name].coerce(pd.read_parquet(path)) if path.exists() else ALL[name].frame([])
        if "actors" in out["events"]:
            out["events"]["actors"] = out["events"]["actors"].map(
                lambda v: list(v) if v is not None and not isinstance(v, float) else [])
        return cls(**out)


def extract_article(article: Article) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """(events, casualties, locations, actors) rows for one article; may raise on a bug."""
    lang = article.lang if article.lang in ("fr", "en") else "fr"
    text = normalise_spaces(article.text)
    sents = sentences(text, lang)
    mentions = geoparse(text, lang)
    main_country = main_mention(mentions, country=True)
    main_place = main_mention(mentions, country=False) or main_country
    # relative dates ("jeudi") need a reference day: the publication date, else the dateline's
    reference = article.published or dateline_date(text, lang)
    lead = lead_date(sents, reference, lang)
    cas = casualties_mod.extract(text, sents, mentions, reference, lang,
                                 main_country, main_place, lead)
    evs = events_mod.extract(text, sents, mentions, reference, lang, main_place, main_country, lead)
    acts = actor_rows(text)
    for rows in (cas, evs, acts):
        for r in rows:
            r["article_id"] = article.article_id
            r.pop("_index", None)
            r.pop("_sent", None)
    return evs, cas, _location_rows(article.article_id, mentions), acts


def _location_rows(article_id: str, mentions: list[Mention]) -> list[dict]:
    by_place: dict[int, list[Mention]] = {}
    for m in mentions:
        by_place.setdefault(m.place.pid, []).append(m)
    rows = []
    for ms in by_place.values():
        p = ms[0].place
        rows.append({"article_id": article_id, "name": p.name,
                     "surface_forms": "|".join(dict.fromkeys(m.surface for m in ms)),
                     "country": p.country, "kind": p.kind, "lat": p.lat, "lon": p.lon,
                     "literal": any(m.literal for m in ms), "mentions": len(ms),
                     "start": ms[0].start, "end": ms[0].end})
    return rows


def parse(paths: str | os.PathLike | Iterable, progress: bool = False) -> Frames:
    """Read a corpus and extract every frame; one bad article never stops the rest."""
    arts, evs, cas, locs, acts, errs = [], [], [], [], [], []
    items = iter_corpus(paths)
    if progress:
        from tqdm import tqdm
        items = tqdm(items, unit=" articles", desc="parse", leave=False)
    for item in items:
        if isinstance(item, ReadProblem):
            errs.append(vars(item))
            continue
        try:
            e, c, loc, act = extract_article(item)
        except Exception as exc:  # an extractor bug is one error row, not a lost corpus
            errs.append({"path": item.path, "stage": "extract", "article_id": item.article_id,
                         "message": f"{type(exc).__name__}: {exc}"})
            e, c, loc, act = [], [], [], []
        arts.append(vars(item))
        evs += e
        cas += c
        locs += loc
        acts += act
    return Frames(ARTICLES.frame(arts), EVENTS.frame(evs), CASUALTIES.frame(cas),
                  LOCATIONS.frame(locs), ACTORS.frame(acts), ERRORS.frame(errs))
