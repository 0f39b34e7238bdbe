"""Many articles at once: a stream of articles (and read problems) to Frames.

One bad article never stops the rest: an extractor bug or rows that do not
fit the frame schemas cost that article only, and become an error row.
"""
from __future__ import annotations

import os
from collections.abc import Iterable

from ..corpus import Article, ReadProblem, iter_corpus
from ..frames import Frames
from ..schema import ACTORS, ALL, ARTICLES, CASUALTIES, ERRORS, EVENTS, LOCATIONS
from .pipeline import default
from .rows import frame_rows


def extract_article(article: Article) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """(events, casualties, locations, actors) rows for one article; may raise on a bug."""
    doc = default()(article.text, article.lang, article.published, article.article_id)
    rows = frame_rows(doc)
    return rows["events"], rows["casualties"], rows["locations"], rows["actors"]


def frames_of(items: Iterable[Article | ReadProblem]) -> Frames:
    """Extract every frame from a stream of articles and read problems.

    One bad article never stops the rest: an extractor bug, or rows that do
    not fit the frame schemas, become an error row for that article.
    """
    arts, evs, cas, locs, acts, errs = [], [], [], [], [], []
    for item in items:
        if isinstance(item, ReadProblem):
            errs.append(vars(item))
            continue
        try:
            e, c, loc, act = extract_article(item)
        except Exception as exc:  # an extractor bug is one error row, not a lost corpus
            errs.append(_extract_error(item, exc))
            e, c, loc, act = [], [], [], []
        arts.append(vars(item))
        evs += e
        cas += c
        locs += loc
        acts += act
    try:
        return Frames(ARTICLES.frame(arts), EVENTS.frame(evs), CASUALTIES.frame(cas),
                      LOCATIONS.frame(locs), ACTORS.frame(acts), ERRORS.frame(errs))
    except Exception:   # some article's rows do not fit: find it, keep the others
        return _frames_article_by_article(arts, evs, cas, locs, acts, errs)


def _extract_error(article: Article, exc: Exception) -> dict:
    return {"path": article.path, "stage": "extract", "article_id": article.article_id,
            "message": f"{type(exc).__name__}: {exc}"}


def _frames_article_by_article(arts, evs, cas, locs, acts, errs) -> Frames:
    """The slow path of frames_of: frame each article's rows alone and drop those that fail."""
    rows = {"events": evs, "casualties": cas, "locations": locs, "actors": acts}
    keep, errors = [], list(errs)
    for art in arts:
        mine = {name: [r for r in rs if r["article_id"] == art["article_id"]] for name, rs in rows.items()}
        try:
            for name, rs in mine.items():
                ALL[name].frame(rs)
            ARTICLES.frame([art])
            keep.append(art["article_id"])
        except Exception as exc:
            errors.append(_extract_error(Article(**art), exc))
    ok = set(keep)
    return Frames(ARTICLES.frame([a for a in arts if a["article_id"] in ok]),
                  *(ALL[name].frame([r for r in rows[name] if r["article_id"] in ok])
                    for name in ("events", "casualties", "locations", "actors")),
                  ERRORS.frame(errors))


def parse(paths: str | os.PathLike | Iterable, progress: bool = False) -> Frames:
    """Read a corpus into frames in memory (for a few thousand articles; `wirebrief parse`
    streams larger corpora to a partitioned dataset, see wirebrief.ingest)."""
    items = iter_corpus(paths)
    if progress:
        from tqdm import tqdm
        items = tqdm(items, unit=" articles", desc="parse", leave=False)
    return frames_of(items)


def parse_text(text: str, lang: str | None = None, published=None, title: str | None = None) -> Frames:
    """One text's frames in memory, for a quick look: `parse_text("Trois civils tués jeudi à Alep.",
    lang="fr", published="2016-09-22").casualties`. `published` is a date or an ISO string."""
    import datetime as dt
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    return frames_of([Article("text", text, title=title, published=published, lang=lang)])
