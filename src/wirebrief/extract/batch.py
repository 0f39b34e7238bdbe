"""Many articles at once: a stream of articles (and read problems) to Frames.

One bad article never stops the rest: an extractor bug or rows that do not
fit the frame schemas cost that article only, and become an error row.
"""
from __future__ import annotations

import os
from collections.abc import Iterable

from ..corpus import Article, ReadProblem, iter_corpus
from ..frames import Frames
from ..schema import ALL, ARTICLES, ERRORS
from .pipeline import default
from .rows import frame_rows

EXTRACTED = ("events", "casualties", "locations", "actors", "statements")   # the frames an article's text gives


def extract_rows(article: Article) -> dict[str, list[dict]]:
    """The article's rows for each extracted frame (EXTRACTED), by name; may raise on a bug."""
    doc = default()(article.text, article.lang, article.published, article.article_id)
    return frame_rows(doc)


def extract_article(article: Article) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """(events, casualties, locations, actors) rows for one article; may raise on a bug."""
    rows = extract_rows(article)
    return rows["events"], rows["casualties"], rows["locations"], rows["actors"]


def frames_of(items: Iterable[Article | ReadProblem]) -> Frames:
    """Extract every frame from a stream of articles and read problems.

    One bad article never stops the rest: an extractor bug, or rows that do
    not fit the frame schemas, become an error row for that article.
    """
    arts, errs = [], []
    rows: dict[str, list[dict]] = {name: [] for name in EXTRACTED}
    for item in items:
        if isinstance(item, ReadProblem):
            errs.append(vars(item))
            continue
        try:
            mine = extract_rows(item)
        except Exception as exc:  # an extractor bug is one error row, not a lost corpus
            errs.append(_extract_error(item, exc))
            mine = {}
        arts.append(vars(item))
        for name in EXTRACTED:
            rows[name] += mine.get(name, [])
    try:
        frames = Frames(articles=ARTICLES.frame(arts), errors=ERRORS.frame(errs),
                        **{name: ALL[name].frame(rows[name]) for name in EXTRACTED})
    except Exception:   # some article's rows do not fit: find it, keep the others
        frames = _frames_article_by_article(arts, rows, errs)
    return _values_enforced(frames)


def _values_enforced(frames: Frames) -> Frames:
    """Each extracted frame without the rows whose values break its schema's rules, each
    such row an `errors` row of its article (the article's other rows stay)."""
    problems = []
    for name in EXTRACTED:
        good, bad = ALL[name].split(getattr(frames, name))
        if bad:
            setattr(frames, name, good.reset_index(drop=True))
            problems += bad
    if problems:
        paths = dict(zip(frames.articles["article_id"], frames.articles["path"], strict=False))
        problems = [{"path": paths.get(p["article_id"]), "stage": "schema", **p} for p in problems]
        frames.errors = ERRORS.frame([*frames.errors.to_dict("records"), *problems])
    return frames


def _extract_error(article: Article, exc: Exception) -> dict:
    return {"path": article.path, "stage": "extract", "article_id": article.article_id,
            "message": f"{type(exc).__name__}: {exc}"}


def _frames_article_by_article(arts, rows, errs) -> Frames:
    """The slow path of frames_of: frame each article's rows alone and drop those that fail."""
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
    return Frames(articles=ARTICLES.frame([a for a in arts if a["article_id"] in ok]), errors=ERRORS.frame(errors),
                  **{name: ALL[name].frame([r for r in rows[name] if r["article_id"] in ok]) for name in EXTRACTED})


def parse(paths: str | os.PathLike | Iterable, progress: bool = False) -> Frames:
    """Read a corpus into frames in memory (for a few thousand articles; `wirebrief parse`
    streams larger corpora to a partitioned dataset, see wirebrief.ingest)."""
    items = iter_corpus(paths)
    if progress:
        from tqdm import tqdm
        items = tqdm(items, unit=" articles", desc="parse", leave=False)
    from ..incidents import (
        link,  # the incidents across the corpus, as `wirebrief parse` writes them
    )
    return link(frames_of(items))


def parse_text(text: str, lang: str | None = None, published=None, title: str | None = None) -> Frames:
    """One text's frames in memory, for a quick look: `parse_text("Trois civils tués jeudi à Alep.",
    lang="fr", published="2016-09-22").casualties`. `published` is a date or an ISO string."""
    import datetime as dt
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    return frames_of([Article("text", text, title=title, published=published, lang=lang)])
