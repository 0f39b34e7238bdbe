"""One event per happening: repeats of the same type, place and time folded into the first
mention, which takes the more specific place and the better date."""
from __future__ import annotations

from ... import codes
from ...gazetteer import KIND_RANK, km
from ..doc import Event
from .rules import MERGE_KM, NESTED_KM, UNDATED_REACH, _Rules


def _sharpen(found: list[Event], again: list[Event]) -> None:
    """A back-reference ("L'attaque a visé un camp à Djibo") that names a place inside the
    place of the last violent event of its type makes that event's place more specific."""
    for ev in again:
        last = next((x for x in reversed(found) if x.type == ev.type), None)
        if last is not None and ev.place is not None and _same_place(last, ev):
            _absorb(last, ev, date=False)


def _refers_back(s: str, a: int, r: _Rules, found: list[Event]) -> bool:
    """A vague trigger with a definite or demonstrative article ("l'attaque", "this attack")
    after a violent event is that event again, not a new one."""
    violent = any(codes.family_of(ev.type) == "violent" for ev in found)
    return violent and bool(r.anaphora and r.anaphora.search(s[max(0, a - 20):a]))


def _fold_appeals_into_calls(events: list[Event]) -> list[Event]:
    """A demand voiced in the sentence that reports a call or meeting is part of that meeting,
    unless the two are dated apart: "despite a call for a truce on January 12 and a summit
    on January 19" reports two happenings."""
    meetings = [ev for ev in events if ev.type == "meeting"]
    return [ev for ev in events if not (ev.type == "appeal" and any(
        m.sentence == ev.sentence and _same_time(m, ev) for m in meetings))]


_BROAD = frozenset({"admin1", "region"})


_LOCAL = frozenset({"district", "site"})


def _same_place(x: Event, y: Event) -> bool:
    """Compatible places for one happening: the same, one unknown, a country or a province and a town in it,
    or, reported on the same day in another sentence, a town and a quarter or site in it ("raids
    on Aleppo" ... "strikes on Sukkari"). In one sentence a town and its quarter are two targets."""
    if x.place is None or y.place is None or x.place.name == y.place.name:
        return True
    if x.place.country != y.place.country:
        return False
    if (x.place.kind == "country") != (y.place.kind == "country"):
        return True   # "des raids au Yémen" ... "le raid sur Marib": the country's lead, told in detail
    if (x.place.kind in _BROAD) != (y.place.kind in _BROAD):
        if x.date is None and y.date is None and abs(x.sentence - y.sentence) > UNDATED_REACH:
            return False   # undated, far apart: "evacuations from Kurakhove" ... "from Donetsk region"
        return km(x.place.lat, x.place.lon, y.place.lat, y.place.lon) <= MERGE_KM
    same_day = x.date is not None and x.date == y.date
    near_undated = x.date is None and y.date is None and abs(x.sentence - y.sentence) <= UNDATED_REACH
    if (x.sentence != y.sentence and (same_day or near_undated)
            and (x.place.kind in _LOCAL) != (y.place.kind in _LOCAL)):
        return km(x.place.lat, x.place.lon, y.place.lat, y.place.lon) <= NESTED_KM
    return False


HALF_SPAN_DAYS = {"day": 0, "week": 3, "month": 15, "year": 183}


def _same_time(x: Event, y: Event) -> bool:
    """Dates are compatible when either is unknown or each lies within the other's precision."""
    if x.date is None or y.date is None:
        return True
    slack = max(HALF_SPAN_DAYS.get(x.date_precision, 0), HALF_SPAN_DAYS.get(y.date_precision, 0))
    return abs((x.date - y.date).days) <= slack


def _merge(events: list[Event]) -> list[Event]:
    """One event per happening: same type, compatible place (one unknown or nested) and date."""
    out: list[Event] = []
    speech = codes.speech_acts()
    for ev in _fold_protests_into_riots(events):
        # the places of one trigger ("les localités de A, B et C") are never one another's repeats
        earlier = [k for k in out if k.type == ev.type and k.start != ev.start]
        if ev.distinct:
            out.append(ev)   # "une autre attaque à la voiture piégée": not the one just reported
            continue
        if ev.anaphoric and earlier:
            # "L'attentat s'est produit ...": the one just reported, made more specific by a quarter in it
            _absorb(earlier[-1], ev, place=_same_place(earlier[-1], ev), date=False)
            continue
        for kept in out:
            if ev.type in speech and kept.sentence != ev.sentence:
                continue
            if (kept.type == ev.type and kept.start != ev.start and _same_place(kept, ev) and _same_time(kept, ev)
                    and not _counted_elsewhere(kept, ev)):
                _absorb(kept, ev)
                break
        else:
            out.append(ev)
    return out


def _fold_protests_into_riots(events: list[Event]) -> list[Event]:
    """A protest told in the sentence that reports its violence ("rioters set fire to a
    police station during protests over fuel prices") is that violent demonstration,
    not a second, peaceful one (ACLED codes the gathering once, by its worst)."""
    riots = [ev for ev in events if ev.type == "riot"]
    if not riots:
        return events
    return [ev for ev in events if not (ev.type == "protest" and any(
        x.sentence == ev.sentence and _same_place(x, ev) and _same_time(x, ev) for x in riots))]


def _counted_elsewhere(kept: Event, ev: Event) -> bool:
    """"Jets pounded Mosul. Two airstrikes hit Hammam al-Alil, south of the city": strikes
    counted at a place other than the lead's are further strikes, not the lead told more
    precisely; counted at the same place ("two rockets struck the station") they are a repeat."""
    return ev.counted and kept.place is not None and ev.place is not None and kept.place.name != ev.place.name


def _absorb(kept: Event, ev: Event, place: bool = True, date: bool = True) -> None:
    """Fill what the first mention lacked from a later mention of the same happening
    (a back-reference gives no date: "L'attentat, le pire depuis 2011, ...")."""
    if place and date and ev.date is not None and (kept.date is None or kept.date_basis == "lead"):
        kept.date, kept.date_precision, kept.date_basis = ev.date, ev.date_precision, ev.date_basis
        kept.date_end, kept.part_of_day = ev.date_end, ev.part_of_day   # the whole When, not its first day only
    if place and ev.place is not None and (
            KIND_RANK.get(ev.place.kind, 9) < KIND_RANK.get(kept.place.kind if kept.place else None, 9)):
        kept.place = ev.place   # the more specific place wins: a district over its city, a city over its province
    kept.actors = list(dict.fromkeys(kept.actors + ev.actors))[:4]
    kept.past = kept.past and ev.past
