"""Selection: which rows a briefing or a profile is about.

A window of publication days and a country, the rows near a place, what an actor
took part in; and where the frames are (`frames_path`), read from the project root.
"""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pandas as pd

from ..config import PROJ_ROOT, SAMPLE_FRAMES_DIR
from ..frames import Frames


def frames_path(frames_dir: str | os.PathLike = "") -> Path:
    """Where a notebook's `frames_dir` is: empty means the sample frames (`make frames`),
    and a relative path is read from the project root (config.PROJ_ROOT).

    A notebook run by papermill from the repository root, by `wirebrief render` or in
    Jupyter from notebooks/ then reads the same folder, whatever its working folder.
    """
    if not str(frames_dir):
        return SAMPLE_FRAMES_DIR
    path = Path(frames_dir).expanduser()
    return path if path.is_absolute() else PROJ_ROOT / path


def load(frames_dir: str | os.PathLike, start: str = "", end: str = "") -> Frames:
    """What a briefing reads: articles of the window and of the window of the same length
    before it (for the changes section); only those months' partitions are opened."""
    prev = previous_window(start, end)
    return Frames.load(frames_path(frames_dir), start=(prev[0] if prev else start) or None, end=end or None)


def previous_window(start: str, end: str) -> tuple[str, str] | None:
    """The window of the same length just before [start, end], or None without both bounds."""
    if not (start and end):
        return None
    a, b = pd.Timestamp(start), pd.Timestamp(end)
    days = (b - a).days + 1
    return (a - pd.Timedelta(days=days)).date().isoformat(), (a - pd.Timedelta(days=1)).date().isoformat()


def window(frames: Frames, start: str = "", end: str = "", country: str = "") -> Frames:
    """Frames restricted to articles published in [start, end] and, given `country` (ISO2),
    to the articles about it and the rows in it.

    An article is about a country when it names a place there (or the country itself)
    or reports an event or a count there: a Sudan briefing's sources and article count
    leave out the story about Lebanon published the same week.
    """
    arts = frames.articles
    keep = pd.Series(True, index=arts.index)
    if start:
        keep &= arts["published"] >= pd.Timestamp(start)
    if end:
        keep &= arts["published"] <= pd.Timestamp(end)
    if country:
        keep &= arts["article_id"].isin(_about(frames, country.upper()))
    ids = set(arts.loc[keep, "article_id"])

    def in_country(df):
        df = df[df["article_id"].isin(ids)]
        return df[df["country"] == country.upper()] if country else df
    return _of_articles(frames, ids, events=in_country(frames.events), casualties=in_country(frames.casualties))


def _of_articles(frames: Frames, ids: set, **chosen: pd.DataFrame) -> Frames:
    """`frames` restricted to the articles `ids`: every frame with an `article_id` keeps
    those articles' rows (statements, and any frame added later, travel with them),
    except the frames given in `chosen`, already selected; `errors` is kept whole."""
    out = {}
    for f in dataclasses.fields(frames):
        df = getattr(frames, f.name)
        if f.name in chosen:
            out[f.name] = chosen[f.name]
        elif f.name != "errors" and "article_id" in df:
            out[f.name] = df[df["article_id"].isin(ids)]
        else:
            out[f.name] = df
    return Frames(**out)


def _about(frames: Frames, country: str) -> set:
    """The articles with a place, an event or a count in `country`."""
    return {a for df in (frames.locations, frames.events, frames.casualties)
            for a in df.loc[df["country"].eq(country).fillna(False).astype(bool), "article_id"]}


def near_place(frames: Frames, place: str, radius_km: float = 15,
               near: str | tuple[float, float] | None = None, country: str | None = None) -> Frames:
    """Rows at `place` or within `radius_km` of it (a city's districts), for place profiles.

    `near` or `country` choose among namesakes (`near_place(f, "Tripoli", country="LB")`);
    `wirebrief.gazetteer.candidates(place)` lists them.
    """
    from ..gazetteer import km, lookup
    p = lookup(place, near=near, country=country)
    if p is None:
        raise ValueError(f"unknown place {place!r}: not in the gazetteer")

    def sel(df):
        if df.empty:
            return df
        col = "location" if "location" in df else "name"

        def close(r) -> bool:
            if isinstance(r[col], str) and r[col] == p["name"]:
                return True
            return bool(pd.notna(r["lat"]) and km(p["lat"], p["lon"], r["lat"], r["lon"]) <= radius_km)
        return df[df.apply(close, axis=1).astype(bool)]
    events, cas = sel(frames.events), sel(frames.casualties)
    ids = set(events["article_id"]) | set(cas["article_id"]) | set(
        frames.locations.loc[frames.locations["name"] == p["name"], "article_id"])
    return _of_articles(frames, ids, events=events, casualties=cas, locations=sel(frames.locations))


def by_actor(frames: Frames, actor: str) -> Frames:
    """What `actor` (a party, or a person standing for one) took part in, for actor profiles.

    Events are those whose actors include the party; casualty counts are those
    reported in the sentence of one of those events ("shelling by the RSF killed
    14"), never every toll of an article that happens to name the actor. Articles,
    places and people are those of the articles that name the party.
    """
    names = frames.actors
    party = names.loc[names["name"] == actor, "party"]
    party = party.iloc[0] if len(party) else actor
    ev = frames.events[frames.events["actors"].map(lambda a: party in list(a) if a is not None else False)]
    ids = set(ev["article_id"]) | set(names.loc[names["party"] == party, "article_id"])
    return _of_articles(frames, ids, events=ev, casualties=_in_sentences_of(frames.casualties, ev))


def _in_sentences_of(casualties: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The counts reported in the same sentence (same article, same evidence) as one of `events`."""
    sentences = set(zip(events["article_id"], events["evidence"], strict=True))
    keep = [(a, e) in sentences for a, e in zip(casualties["article_id"], casualties["evidence"], strict=True)]
    return casualties[pd.Series(keep, index=casualties.index, dtype=bool)]
