"""The parties of an event and their roles (actor1 acts, actor2 is the target), as ACLED codes them."""
from __future__ import annotations

from ..actors import actors_between, parties, resolve, sources
from ..text import Sentence
from .rules import _Rules


def _actors(doc, starts: list[int], sent: Sentence, r: _Rules, country: str | None) -> list[str]:
    """The sentence's parties, without those it only cites as its source ("selon l'ONU").

    A bare national force ("l'armée", "the army") is the army of `country`, the
    event's; with no country it is left out.
    """
    cited = [(sent.start + m.start(), sent.start + m.end()) for m in r.attribution.finditer(sent.text)]
    if r.told_by is not None:   # "…, police said": the speaker who tells the event, no party to it
        cited += [(sent.start + m.start(), sent.start + m.end()) for m in r.told_by.finditer(sent.text)]
    out: list[str] = []
    for a in actors_between(doc.actors, starts, sent.start, sent.end):
        if any(x <= a.start < y for x, y in cited) or _seat_of_source(a.end - sent.start, sent, r):
            continue
        party = resolve(a, country) if a.force else a.party
        if party and party not in out and party not in sources():
            out.append(party)
    return _named_over_generic(out)[:4]


def _seat_of_source(end: int, sent: Sentence, r: _Rules) -> bool:
    """A country named as where a source sits ("the Britain-based Observatory") is no party;
    `end` is the name's end in its sentence."""
    return bool(r.seat and r.seat.search(sent.text[end:end + 10]))


def _roles(doc, starts: list[int], sent: Sentence, a: int, b: int, r: _Rules,
           country: str | None, etype: str) -> tuple[str | None, str | None]:
    """(actor1, actor2) as ACLED codes them: who acts and whom it targets, where the sentence says.

    A party that speaks ("..., the army said") is a source here, not a side. The
    agent of a passive or a noun ("attaqué par le JNIM", "killed by the RSF",
    "les raids du régime") acts and the
    party before the trigger is its target; otherwise the nearest party before the
    trigger acts and the first after it is the target. Sources and cited monitors are
    never roles; a side the sentence does not name stays None.
    """
    named = _named(doc, starts, sent, r, country)
    agent = next((n for n in named if n[0] >= b and r.agent and r.agent.search(sent.text[max(b, n[0] - 25):n[0]])),
                 None)
    inside = [n for n in named if n[0] < b and n[1] > a]   # "raids de l'aviation russe": in the trigger
    before = [n for n in named if n[1] <= a and n != agent]
    after = [n for n in named if n[0] >= b and n != agent]
    if agent:
        return agent[2], (before[-1][2] if before else after[0][2] if after else None)
    actor1 = inside[0][2] if inside else before[-1][2] if before else None
    if actor1 is None and etype in r.two_sided and after:
        actor1, after = after[0][2], after[1:]   # "des combats ont opposé A à B", "talks between A and B"
    actor2 = next((n[2] for n in after if n[2] != actor1), None)
    return actor1, actor2


def _named(doc, starts: list[int], sent: Sentence, r: _Rules, country: str | None) -> list[tuple[int, int, str]]:
    """(start, end, party) of every party the sentence names as a side: not a speaker,
    a cited source or a source's seat."""
    cited = [(m.start(), m.end()) for m in r.attribution.finditer(sent.text)]
    named = []
    for x in actors_between(doc.actors, starts, sent.start, sent.end):
        party = resolve(x, country) if x.force else x.party
        at = x.start - sent.start
        end = x.end - sent.start
        speaks = r.speaker_after and r.speaker_after.search(sent.text[end:end + 40]) or (
            r.speaker_before and r.speaker_before.search(sent.text[max(0, at - 50):at]))
        if (party and party not in sources() and not speaks and not any(p <= at < q for p, q in cited)
                and not _seat_of_source(end, sent, r)):
            named.append((at, end, party))
    kept = set(_named_over_generic([n[2] for n in named]))
    return [n for n in named if n[2] in kept]   # "M23 rebels": M23 acts, not "rebels"


def _subjects(doc, starts: list[int], sent: Sentence, lo: int, a: int, r: _Rules,
              country: str | None) -> list[str]:
    """The parties named in the trigger's clause before it (s[lo:a]): who took a town in
    "the army and its allies retook X from Y". Unlike actor1, a party after "from" (the
    side that lost the ground) never counts."""
    return [n[2] for n in _named(doc, starts, sent, r, country) if lo <= n[0] and n[1] <= a]


def _named_over_generic(names: list[str]) -> list[str]:
    """"M23 rebels", "Houthi rebels": the named group is the actor, the generic "rebels" adds nothing."""
    kinds = parties()
    if any(n in kinds and kinds[n].kind == "armed_group" for n in names):
        return [n for n in names if n not in kinds or kinds[n].kind != "rebels"]
    return names
