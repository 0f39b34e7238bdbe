"""Actors: parties and officials named in French or English, in English canonical form.

Names, acronyms, titles and officials live in data/actors.yaml.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache, lru_cache

from .config import PACKAGE_DATA, read_yaml
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


@lru_cache(maxsize=64)
def find_actors(text: str) -> tuple[ActorMention, ...]:
    """Every party or official mentioned, without overlaps (longest first).

    Memoised: an article's actor rows and its events read the same full text,
    and the scan (some forty patterns) is one of the dearest steps of a parse.
    """
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
    return tuple(out)


@lru_cache(maxsize=64)
def _starts(text: str) -> list[int]:
    return [a.start for a in find_actors(text)]


def sources() -> frozenset:
    """Monitors and agencies (actors.yaml `sources`): they report events, they are not parties."""
    return _tables()[2]


def actors_between(text: str, start: int, end: int) -> list[ActorMention]:
    """The actor mentions of `text` that lie inside [start, end) (bisection: long texts stay linear)."""
    found = find_actors(text)
    out = []
    for a in found[bisect.bisect_left(_starts(text), start):]:
        if a.start >= end:
            break
        if a.end <= end:
            out.append(a)
    return out


def parties_in(text: str, with_sources: bool = False) -> list[str]:
    """Distinct parties in order of first mention; monitors and agencies only if `with_sources`."""
    skip = frozenset() if with_sources else sources()
    seen: list[str] = []
    for a in find_actors(text):
        if a.party not in seen and a.party not in skip:
            seen.append(a.party)
    return seen


def actor_rows(text: str) -> list[dict]:
    """One row per person or party an article mentions (schema.ACTORS), first mention as evidence."""
    rows: dict[tuple[str, str], dict] = {}
    for a in find_actors(text):
        key = ("person", a.person) if a.person else ("party", a.party)
        row = rows.get(key)
        if row is None:
            rows[key] = {"name": key[1], "kind": key[0], "party": a.party, "role": a.role,
                         "surface_forms": [a.surface], "mentions": 1, "start": a.start, "end": a.end}
        else:
            row["mentions"] += 1
            if a.surface not in row["surface_forms"]:
                row["surface_forms"].append(a.surface)
    for row in rows.values():
        row["surface_forms"] = "|".join(row["surface_forms"])
    return list(rows.values())
