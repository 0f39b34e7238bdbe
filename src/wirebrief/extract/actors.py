"""Actors: parties and officials named in French or English, in English canonical form.

Names, acronyms, titles, officials, and each party's country and kind live in
data/actors.yaml. A nation's own forces named by a common noun ("l'armée",
"the army", "la police") are `national_forces`: next to a nationality
adjective ("l'armée malienne", "the Sudanese army") they are that nation's;
bare, the events component gives them the country of the event (else of the
article), and with no country at all they are left out rather than guessed.
"""
from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ..config import GAZETTEER_DIR, PACKAGE_DATA, read_yaml
from ..gazetteer import fold
from .registry import component
from .text import Alternatives


@dataclass(frozen=True)
class ActorMention:
    party: str                       # "" for a bare national force not yet given a country
    start: int
    end: int
    surface: str
    person: str | None = None
    role: str | None = None
    force: str | None = None         # national_forces key ("army") of a bare "l'armée"


@dataclass(frozen=True)
class Party:
    name: str
    country: str | None              # ISO code; None for international or transnational bodies
    kind: str                        # state, government, military, armed_group, international, ...


@cache
def _data() -> dict:
    with open(PACKAGE_DATA / "actors.yaml", encoding="utf-8") as fh:
        return read_yaml(fh)


@cache
def parties() -> dict[str, Party]:
    """Every party of actors.yaml by name, with its country and kind."""
    return {name: Party(name, info.get("country"), info.get("kind", "")) for name, info in _data()["parties"].items()}


@cache
def _adjectives() -> tuple[dict[str, str], dict[str, str]]:
    """(folded French or English nationality adjective -> ISO code, ISO code -> first English adjective)."""
    by_adj, english = {}, {}
    with open(GAZETTEER_DIR / "nationalities.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for col in ("fr", "en"):
                for adj in filter(None, row[col].split("|")):
                    by_adj.setdefault(fold(adj), row["iso2"])
            english[row["iso2"]] = row["en"].split("|")[0]
    return by_adj, english


def force_name(force: str, country: str | None) -> str:
    """The party name of a nation's force: ("army", "ML") -> "Malian army"; "" without a country."""
    adjective = _adjectives()[1].get(country or "")
    if not adjective:
        return ""
    return _data()["national_forces"][force]["name"].format(adj=adjective)


_STATE_KINDS = frozenset({"state", "government", "military"})
_NON_STATE_KINDS = frozenset({"armed_group", "rebels"})


def is_state_force(name: str | None) -> bool | None:
    """Whether a party is a state's force (True), a non-state armed group (False), or
    neither or unknown (None): "Malian army" and "Iraqi government" are the state,
    "M23" and "rebels" are not. A national force named for any country ("Mexican army")
    is the state even when actors.yaml has no entry for it."""
    if not name:
        return None
    party = parties().get(name)
    if party is not None and party.kind in _STATE_KINDS | _NON_STATE_KINDS:
        return party.kind in _STATE_KINDS
    return True if any(name.endswith(" " + f) for f in _force_forms()) else None


@cache
def _force_forms() -> tuple[str, ...]:
    """The national forces' names without their country ("army", "police")."""
    return tuple(info["name"].replace("{adj}", "").strip() for info in _data()["national_forces"].values())


@cache
def _force_scanners() -> list[tuple[str, re.Pattern, re.Pattern]]:
    """One (French, English) noun scanner per national force, in lower case, run over the
    lower-cased text. The adjective next to the noun is looked up word by word afterwards:
    an alternation of 400 adjectives in the pattern cost more than the rest of the parse."""
    out = []
    for force, info in _data()["national_forces"].items():
        fr = "|".join(sorted(info.get("fr", []), key=len, reverse=True))
        en = "|".join(sorted(info.get("en", []), key=len, reverse=True))
        out.append((force, re.compile(rf"\b(?:{fr.lower()})\b"), re.compile(rf"\b(?:{en.lower()})\b")))
    return out


_WORD_AFTER = re.compile(r"\s+([\w-]+)")
_WORD_BEFORE = re.compile(r"([\w-]+)\s+$")


def _nation(word: str | None) -> str | None:
    """The ISO code of a nationality adjective ("malienne", "maliens", "Sudanese"), else None."""
    if not word:
        return None
    by_adj = _adjectives()[0]
    key = fold(word)
    return by_adj.get(key) or (by_adj.get(key[:-1]) if key.endswith("s") else None)


@cache
def _tables():
    """(one scanner over every party's patterns, each party's own scanner, people, sources).

    One scan of the text finds where any party is named; which party is decided on the
    few words found (`_party_of`); officials the same way (`_person_of`). Scanning once per
    party (some 80 of them) cost more than the rest of the actors step. Longer patterns come first in the alternation, so
    "Armée syrienne libre" is tried before "armée syrienne".
    """
    data = _data()
    patterns = [p for info in data["parties"].values() for p in info["patterns"]]
    anywhere = Alternatives(sorted(patterns, key=len, reverse=True))
    own = tuple((name, Alternatives(info["patterns"])) for name, info in data["parties"].items())
    named = [p for info in data["people"].values() for p in info["patterns"]]
    people = (Alternatives(sorted(named, key=len, reverse=True)),
              tuple((name, info["party"], info.get("role"), Alternatives(info["patterns"]))
                    for name, info in data["people"].items()))
    return anywhere, own, people, frozenset(data.get("sources", []))


@lru_cache(maxsize=4096)
def _party_of(surface: str, before: str) -> str | None:
    """The party whose own patterns match all of `surface` (`before`: the character in front
    of it, for patterns that open on a word boundary). Memoised: a corpus names the same
    parties in the same words again and again."""
    return next((name for name, rx in _tables()[1] if _names_all(rx, surface, before)), None)


def _names_all(rx: Alternatives, surface: str, before: str) -> bool:
    """Whether one of `rx`'s patterns matches all of `surface` (read after `before`)."""
    text = before + surface
    return any(m.start() == len(before) and m.end() == len(text) for m in rx.finditer(text))


@lru_cache(maxsize=1024)
def _person_of(surface: str, before: str) -> tuple[str, str, str | None] | None:
    """(name, party, role) of the official whose own patterns match all of `surface`
    (`before` as in `_party_of`). Memoised: the same few names recur."""
    return next(((name, party, role) for name, party, role, rx in _tables()[2][1]
                 if _names_all(rx, surface, before)), None)


def _forces(text: str) -> list[ActorMention]:
    """National forces: "l'armée malienne" -> Malian army; a bare "l'armée" waits for a country.

    French puts the adjective after the noun, English before it.
    """
    found = []
    low = text.lower()
    subject = low if len(low) == len(text) else text   # lower-case patterns: no IGNORECASE scan
    for force, fr, en in _force_scanners():
        for rx, after in ((fr, True), (en, False)):
            for m in rx.finditer(subject):
                a, b = m.start(), m.end()
                if after:
                    w = _WORD_AFTER.match(text, b, min(len(text), b + 30))
                    country = _nation(w.group(1) if w else None)
                    if country:
                        b = w.end()
                else:
                    w = _WORD_BEFORE.search(text, max(0, a - 30), a)
                    country = _nation(w.group(1) if w else None)
                    if country:
                        a = w.start()
                if country:
                    found.append(ActorMention(force_name(force, country), a, b, text[a:b]))
                else:
                    found.append(ActorMention("", a, b, text[a:b], force=force))
    return found


_OPENING = re.compile(r"(?:^|[.!?»\"]\s+|\n)([A-Z][\w\'’-]*)")


@cache
def _opening_words() -> frozenset:
    """The first words of the parties' lower-case patterns ("rebels", "insurgés", "jihadists")."""
    words = set()
    for info in _data()["parties"].values():
        for p in info["patterns"]:
            w = re.match(r"[a-zà-ÿ]+", p)
            if w:
                words.add(w.group(0))
    return frozenset(words)


def _opening_nouns(text: str, anywhere) -> list[ActorMention]:
    """Parties named by a lower-case common noun that opens a sentence: "Rebels attacked the
    army", "Insurgés et soldats ...". The patterns are case-sensitive (so that a name's
    capitals count); only a sentence's first word that opens such a pattern is read again
    with a small first letter."""
    out = []
    starts = _opening_words()
    for m in _OPENING.finditer(text):
        if m.group(1).lower() not in starts:
            continue
        a = m.start(1)
        window = text[a].lower() + text[a + 1:a + 40]
        hit = next((h for h in anywhere.finditer(window) if h.start() == 0), None)
        party = _party_of(hit.group(0), "") if hit else None
        if party:
            out.append(ActorMention(party, a, a + hit.end(), text[a:a + hit.end()]))
    return out


def find_actors(text: str) -> list[ActorMention]:
    """Every party or official mentioned, without overlaps (longest first; a named party
    before a national force at the same span)."""
    anywhere, _, people, _ = _tables()
    found: list[ActorMention] = []
    for m in people[0].finditer(text):
        who = _person_of(m.group(0), text[m.start() - 1:m.start()] if m.start() else "")
        if who:
            found.append(ActorMention(who[1], m.start(), m.end(), m.group(0), who[0], who[2]))
    for m in anywhere.finditer(text):
        party = _party_of(m.group(0), text[m.start() - 1:m.start()] if m.start() else "")
        if party:
            found.append(ActorMention(party, m.start(), m.end(), m.group(0)))
    found.extend(_opening_nouns(text, anywhere))
    found.extend(_forces(text))
    found.sort(key=lambda a: (a.start, -(a.end - a.start), a.force is not None))
    out, last_end = [], -1
    for a in found:
        if a.start >= last_end:
            out.append(a)
            last_end = a.end
    return out


def resolve(a: ActorMention, country: str | None) -> str:
    """The party of a mention: a bare national force takes `country` ("" when there is none)."""
    return force_name(a.force, country) if a.force and not a.party else a.party


def sources() -> frozenset:
    """Monitors and agencies (actors.yaml `sources`): they report events, they are not parties."""
    return _tables()[3]


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
    """Distinct named parties in order of first mention; monitors and agencies only if `with_sources`.

    Memoised: it reads short phrases ("selon l'OSDH": who gives a toll), and
    a corpus names the same few reporters again and again. A bare "l'armée"
    has no country here and is left out.
    """
    skip = frozenset() if with_sources else sources()
    seen: list[str] = []
    for a in find_actors(text):
        if a.party and a.party not in seen and a.party not in skip:
            seen.append(a.party)
    return tuple(seen)


@component("actors", requires=("norm",), assigns=("actors",))
def actors_step(doc) -> None:
    """The article's parties and officials, found once: the events and the actors frame read them.

    A bare national force ("the army") keeps no party here: each event names it
    for its own country, the actors frame for the article's.
    """
    doc.actors = find_actors(doc.norm)
