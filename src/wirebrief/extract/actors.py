"""Actors: parties and officials named in French or English, in English canonical form.

Names, acronyms, titles and officials live in data/actors.yaml.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache, lru_cache

from ..config import PACKAGE_DATA, read_yaml
from .registry import component
from .text import Alternatives


@dataclass(frozen=True)
class ActorMention:
    party: str
    start: int
    end: int
    surface: str
    person: str | None = None
    role: str | None = None


@cache
def _tables():
    with open(PACKAGE_DATA / "actors.yaml", encoding="utf-8") as fh:
        data = read_yaml(fh)
    parties = [(name, Alternatives(pats)) for name, pats in data["parties"].items()]
    people = [(name, info["party"], info.get("role"), Alternatives(info["patterns"]))
              for name, info in data["people"].items()]
    return parties, people, frozenset(data.get("sources", []))


def find_actors(text: str) -> list[ActorMention]:
    """Every party or official mentioned, without overlaps (longest first)."""
    parties, people, _ = _tables()
    found: list[ActorMention] = []
    for name, party, role, scanners in people:
        for m in scanners.finditer(text):
            found.append(ActorMention(party, m.start(), m.end(), m.group(0), name, role))
    for name, scanners in parties:
        for m in scanners.finditer(text):
            found.append(ActorMention(name, m.start(), m.end(), m.group(0)))
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    out, last_end = [], -1
    for a in found:
        if a.start >= last_end:
            out.append(a)
            last_end = a.end
    return out


def sources() -> frozenset:
    """Monitors and agencies (actors.yaml `sources`): they report events, they are not parties."""
    return _tables()[2]


def actors_between(actors: list[ActorMention], starts: list[int], start: int, end: int) -> list[ActorMention]:
    """The mentions of a start-sorted list (`starts` = their starts) that lie inside [start, end).

    Bisection: an event looks at its sentence's actors only, and long texts stay linear.
    """
    out = []
    for a in actors[bisect.bisect_left(starts, start):]:
        if a.start >= end:
            break
        if a.end <= end:
            out.append(a)
    return out


@lru_cache(maxsize=4096)
def parties_in(text: str, with_sources: bool = False) -> tuple[str, ...]:
    """Distinct parties in order of first mention; monitors and agencies only if `with_sources`.

    Memoised: it reads short phrases ("selon l'OSDH": who gives a toll), and
    a corpus names the same few reporters again and again.
    """
    skip = frozenset() if with_sources else sources()
    seen: list[str] = []
    for a in find_actors(text):
        if a.party not in seen and a.party not in skip:
            seen.append(a.party)
    return tuple(seen)


@component("actors", requires=("norm",), assigns=("actors",))
def actors_step(doc) -> None:
    """The article's parties and officials, found once: the events and the actors frame read them."""
    doc.actors = find_actors(doc.norm)
