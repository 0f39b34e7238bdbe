"""Extraction: one article's text to event, casualty, location and actor rows, and a
stream of articles (and read problems) to Frames. One bad article never stops the rest."""
from __future__ import annotations

import os
from collections.abc import Iterable

from . import casualties as casualties_mod
from . import events as events_mod
from .actors import actor_rows
from .corpus import Article, ReadProblem, iter_corpus
from .dates import dateline_date, lead_date
from .frames import Frames
from .places import Mention, geoparse, main_mention
from .schema import ACTORS, ALL, ARTICLES, CASUALTIES, ERRORS, EVENTS, LOCATIONS
from .text import normalise_spaces, sentences


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
