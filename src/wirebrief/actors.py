"""Actors: parties and officials named in French or English, in English canonical form.

Names, acronyms, titles and officials live in data/actors.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from .config import PACKAGE_DATA


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
        data = yaml.safe_load(fh)
    parties = [(name, re.compile("|".join(f"(?:{p})" for p in pats)))
               for name, pats in data["parties"].items()]
    people = [(name, info["party"], info.get("role"), re.compile("|".join(f"(?:{p})" for p in info["patterns"])))
              for name, info in data["people"].items()]
    return parties, people


def find_actors(text: str) -> list[ActorMention]:
    """Every party or official mentioned, without overlaps (longest first)."""
    parties, people = _tables()
    found: list[ActorMention] = []
    for name, party, role, rx in people:
        for m in rx.finditer(text):
            found.append(ActorMention(party, m.start(), m.end(), m.group(0), name, role))
    for name, rx in parties:
        for m in rx.finditer(text):
            found.append(ActorMention(name, m.start(), m.end(), m.group(0)))
    found.sort(key=lambda a: (a.start, -(a.end - a.start)))
    out, last_end = [], -1
    for a in found:
        if a.start >= last_end:
            out.append(a)
            last_end = a.end
    return out


def parties_in(text: str) -> list[str]:
    """Distinct parties in order of first mention."""
    seen: list[str] = []
    for a in find_actors(text):
        if a.party not in seen:
            seen.append(a.party)
    return seen
