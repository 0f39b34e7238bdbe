"""The `events` component: each sentence's triggers read into events, then dated and merged."""
from __future__ import annotations

import re
from dataclasses import replace

from ... import codes
from .. import dating
from ..dates import When, find_dates
from ..doc import Event
from ..places import Mention, mentions_between
from ..registry import component
from ..text import Sentence, in_spans
from .merging import _fold_appeals_into_calls, _merge, _refers_back, _sharpen
from .placement import (
    _clause,
    _described_place,
    _not_the_attackers,
    _other_meeting,
    _places_for,
    _unplaced,
    _venue,
)
from .roles import _actors, _roles
from .rules import (
    BEGAN_REACH,
    HISTORY_YEARS,
    NEAR_CUE,
    SETTING_REACH,
    SUMMARY_REACH,
    WITH_REACH,
    _Rules,
    rules,
)
from .triggers import (
    ABDUCTION,
    _armed_side_acts,
    _beside,
    _coded_type,
    _held_by_armed_group,
    _Hit,
    _reported,
    _skip,
    _specific_hits,
    _subtype,
    _territory_by_actor,
    _trigger_hits,
)


@component("events", requires=("norm", "sentences", "quotes", "mentions", "main_place", "main_country",
                               "dates", "actors", "lead", "reference", "lang"), assigns=("events",))
def events_step(doc) -> None:
    """The article's events (Doc.events; see docs/frames.md for the frame).

    An undated asserted event takes the story's lead date (the day of the
    first dated sentence), marked `date_basis = "lead"`.
    """
    r = rules(doc.lang)
    found: list[Event] = []
    hits = _trigger_hits(doc.norm, doc.sentences, r)
    starts = [x.start for x in doc.mentions]
    actor_starts = [x.start for x in doc.actors]
    for si, sent in enumerate(doc.sentences):
        s = sent.text
        local = mentions_between(doc.mentions, starts, sent.start, sent.end)
        taken: list[tuple[int, int]] = []
        specific = None   # the sentence's unskipped specific violent triggers, computed when asked
        for etype in codes.trigger_classes():
            for m in hits.get((si, etype), ()):
                a, b = m.start(), m.end()
                if any(x < b and a < y for x, y in taken):
                    continue
                taken.append((a, b))
                if (in_spans(sent.start + a, doc.quotes) and not _reported(etype)) or _skip(s, a, b, r, etype):
                    continue
                if etype in r.generic:
                    if specific is None:
                        specific = _specific_hits(s, si, hits, r)
                    if _beside(a, b, specific, sent, r):
                        continue  # "the attack" beside "a car bomb": the same happening
                    if _refers_back(s, a, r, found):
                        _sharpen(found, _event(etype, m, sent, si, doc, local, actor_starts, r, taken[:-1]))
                        continue  # "l'attaque" after one: the same happening, perhaps told more precisely
                found.extend(_event(etype, m, sent, si, doc, local, actor_starts, r, taken[:-1], found))
    news = dating.news_dating(found, doc.lead, doc.reference)
    found = dating.fill_undated(found, news, final=False)
    doc.events = dating.fill_undated(_merge(_fold_appeals_into_calls(found)), news)


def _event(etype: str, m: _Hit, sent: Sentence, si: int, doc, mentions: list[Mention],  # the sentence's
           actor_starts: list[int], r: _Rules, taken: list[tuple[int, int]],
           earlier: list[Event] = ()) -> list[Event]:
    s, a, b = sent.text, m.start(), m.end()
    published, main_country = doc.reference, doc.main_country
    pre = s[max(0, a - 60):a]
    if codes.event_types()[etype]["codes_as"]:
        near = s[max(0, a - NEAR_CUE):b + NEAR_CUE]
        by = r.agent_in_trigger.search(s[a:b]) if r.agent_in_trigger and etype in r.weapon_classes else None
        if by:   # "tué par la police", "killed by soldiers": the agent the trigger names is no target
            near = f"{s[max(0, a - NEAR_CUE):a + by.start()]} | {s[b:b + NEAR_CUE]}"
        etype = _coded_type(etype, s, doc.norm, r, near, s[b:b + WITH_REACH])
    if etype in _CLASHES and _by_crowd(s, a, b, r):
        etype = "riot"   # "l'assaut de l'ambassade par des milliers de partisans": a violent crowd
    if etype == "shelling" and r.air_launched and r.air_launched.search(s[max(0, a - 40):a]):
        etype = "airstrike"   # "a war jet fired a missile": fire from the air is an air strike
    if etype == "appeal" and re.search(r"[»\"]\s*,?\s*$", pre) and re.match(r"\W*[«“\"]", s):
        return []  # "«…», a mis en garde X": a speech tag, the quote is the statement
    if any(0 <= a - y <= 25 and r.target_of and r.target_of.fullmatch(s[y:a]) for _, y in taken):
        return []  # "le bombardement d'un convoi humanitaire": the convoy is the target
    if etype == "meeting" and _setting(s, a, r, taken):
        return []  # "the drone struck during a parents' meeting at the school": the victims' gathering
    if (r.war_summary and r.war_summary.search(s[max(0, a - SUMMARY_REACH):b + SUMMARY_REACH])
            and not any(w.precision == "day" and abs(w.start - a) <= SUMMARY_REACH for w in doc.dates[si])):
        # "the war has killed 300,000 and displaced millions since 2011": background; a day
        # near the trigger still dates a happening, one far off ("a report published on
        # Thursday") only the telling
        return []
    # "talks are planned for March and that a prisoner swap had been agreed": the plan is
    # the other complement's; only the trigger's own complement clause can plan it
    cut = max((x.end() for x in r.complement_break.finditer(pre)), default=0) if r.complement_break else 0
    is_planned = bool(r.planned and r.planned.search(pre[cut:] + m.group(0)))
    # a planned event's bare weekday is the next one: its sentence's dates read again forwards
    dates = find_dates(s, published, doc.lang, future=True) if is_planned else doc.dates[si]
    if cut:   # nor does the other clause's date ("planned for the end of January") date it
        dates = [w for w in dates if w.start >= a - len(pre) + cut]
    if not is_planned:   # "the summit opens Monday": a later day in the trigger's own clause plans it
        is_planned = dating.planned_by_date(s, dating.event_when(dates, a, speech=True, planned=True,
                                                                 reference=published, text=s), a, published)
    when = dating.event_when(dates, a, speech=etype in codes.speech_acts(), planned=is_planned,
                             reference=published, text=s)
    if when is None and r.war_origin and r.war_origin.search(s[:a]):
        when = _war_began(doc, r)   # "The war broke out when fighters stormed army bases": that day
    follow_up = bool(r.follow_up and r.follow_up.search(pre))   # "a subsequent strike": one of its own
    if when is None and follow_up:
        when = _day_of_last(earlier, etype, si, a, published)   # the day of the strikes it follows
    diplomatic = etype in codes.diplomatic()
    if when is not None and _history(when, doc):
        return []  # "les Palestiniens qui ont fui ... en 1948": history, not news
    if diplomatic and r.cancelled and r.cancelled.search(s[b:b + 80]):
        return []  # "talks remained suspended", "la réunion ... a été annulée"
    if when is not None and dating.is_open_span(when, published) and dating.long_ago(when, published):
        own = not diplomatic and abs(when.start - a) <= SUMMARY_REACH
        began = when.precision == "day" and abs(when.start - a) <= BEGAN_REACH
        if own and not began and etype not in _STANDING:
            return []  # "bombardent ... depuis l'été 2014": a campaign, not a happening
        if not own or etype in _STANDING:
            # "cible depuis le 18 février d'une offensive": the day it began dates it; aid
            # "bloquée depuis juin" is still blocked: the story's news, dated by the story
            when = None    # a war's "since 2011" elsewhere in the sentence never dates the event
    if diplomatic:
        venue = _venue(a, b, sent, mentions, r, main_country.place.country if main_country else None, etype)
        places = [venue] if venue else []
        if not places and etype in r.placed_by_topic:   # "a ceasefire in the port of Hodeidah"
            # a place after a meeting named later in the sentence is the meeting's venue
            own = [m for m in mentions if not (m.start - sent.start >= b
                                               and _other_meeting(s[b:m.start - sent.start], r, etype))]
            places = _places_for(a, b, sent, own, r.joiners, r, etype)
    else:
        places = _places_for(a, b, sent, mentions, r.joiners, r, etype)
    if not any(p.start >= sent.start + b and p.place.kind != "country" for p in places):
        # "Libya Dawn seized the capital": a place described after the trigger is its own
        lo, hi = _clause(a, b, sent, r)
        described = _described_place(doc, sent, sent.start + b, hi, mentions, r)
        if not described and (not places or all(p.place.kind == "country" for p in places)):
            described = _described_place(doc, sent, lo, hi, mentions, r)
        places = described or places
    if etype in r.needs_anchor:
        clause = s[max(0, a - 80):b + 100]
        # a place after the trigger anchors it, a river or sea passed over for a province too
        located_after = any(p.start >= sent.start + b for p in places) or any(
            sent.start + b <= m.start < sent.end and m.literal and not m.place.country for m in mentions)
        weekday = published is None and r.weekday and r.weekday.search(clause)   # unresolved without a date
        # a one-sentence item (a note, an alert) in which an armed side acts is itself the report
        brief = len(doc.sentences) == 1 and _armed_side_acts(doc, actor_starts, sent, a, b, r,
                                                             main_country.place.country if main_country else None)
        if not (when or located_after or weekday or brief or (r.anchor and r.anchor.search(clause))):
            return []
    guessed = False   # placed at the story's focus, for want of a place of its own
    if not places and (not diplomatic or etype in r.placed_by_topic):
        places = _unplaced(doc, si, mentions, r, etype, _clause(a, b, sent, r))
        guessed = any(p is doc.main_place or p is doc.main_country for p in places)
        if etype in _STRIKES:
            places = _not_the_attackers(places, s, a, b)
    status = "planned" if is_planned else (
        "uncertain" if r.uncertain and r.uncertain.search(pre + " " + s[b:b + 25]) else "asserted")
    home = main_country.place.country if main_country else None
    country = places[0].place.country if places and places[0].place.country else home
    actors = _actors(doc, actor_starts, sent, r, country)
    actor1, actor2 = _roles(doc, actor_starts, sent, a, b, r, country, etype)
    past = bool(r.past_perfect and r.past_perfect.search(s[max(0, a - 40):b + 40]))
    clause_start = s.rfind(";", 0, a) + 1   # a "said that" before a semicolon reports another clause
    if (past and r.reported_that and r.reported_that.search(s[clause_start:a])
            and not (r.still_past and r.still_past.search(s[max(0, a - 40):b + 60]))):
        past = False   # "the envoy said that a deal had been struck": the news, backshifted
    # "the raid", "l'attentat" with no place of its own: the one already reported
    anaphoric = bool(r.anaphora and r.anaphora.search(pre) and (
        r.demonstrative.search(pre) or len(re.findall(r"\w+", s[:a])) <= 1 or guessed))
    # "The attackers, who came on motorbikes, set fire to the church": the attack already told, retold
    anaphoric = anaphoric or bool(
        guessed and when is None and not past and r.told_perpetrator and r.told_perpetrator.search(s[:a])
        and not (r.new_happening and r.new_happening.search(s)))   # "the gunmen also killed two farmers"
    places = list({id(p.place): p for p in places}.values())   # "Khartoum ... Khartoum": one event
    subtype = _subtype(etype, s[max(0, a - 40):b + 40], r) or _subtype(etype, s, r)
    subtype = _territory_by_actor(subtype, doc, actor_starts, sent, a, b, r, country)   # who took the ground
    if etype == "arrest" and _held_by_armed_group(doc, actor_starts, sent, a, b, r, country):
        etype, subtype = "attack_on_civilians", ABDUCTION   # "al-Shabaab arrested five villagers"
    dated = dating.from_when(when)
    return [Event(type=etype, status=status, actors=actors, place=place.place if place else None, subtype=subtype,
                  date=dated.date, date_precision=dated.precision, date_basis=dated.basis,
                  date_end=dated.date_end, part_of_day=dated.part_of_day, start=sent.start + a, end=sent.start + b,
                  sentence=si, past=past, anaphoric=anaphoric, actor1=actor1, actor2=actor2,
                  distinct=follow_up or bool(r.distinct and r.distinct.search(s[max(0, a - 30):b])),
                  counted=bool(r.counted and r.counted.search(s[max(0, a - 30):b])))
            for place in places or [None]]


# types whose happening is a standing state, news as long as it lasts: aid blocked since June
_STANDING = frozenset({"humanitarian"})
WAR_START_DAYS = 7   # a day this long before the story at least, to be the day its war began
WAR_START_REACH = 80   # characters before a day where what began on it may be said


def _war_began(doc, r: _Rules) -> When | None:
    """The day the story's war began, as the story names it: the earliest day a week or more
    before the story that a count "since" names as when the war or its campaign began ("killed
    since the paramilitaries launched their offensive on April 15"); None when it names none."""
    if r.origin_day_before is None:
        return None
    ref = doc.reference
    found = [w for sent, dates in zip(doc.sentences, doc.dates, strict=True) for w in dates
             if w.precision == "day" and not w.said
             and (ref is None or (ref - w.date).days >= WAR_START_DAYS)
             and r.origin_day_before.search(sent.text[max(0, w.start - WAR_START_REACH):w.start])]
    first = min(found, key=lambda w: w.date, default=None)
    return replace(first, span=False, date_end=None) if first else None


FOLLOW_UP_SENTENCES = 2   # sentences back where the strikes a follow-up strike follows may be told


def _day_of_last(earlier: list[Event], etype: str, si: int, at: int, reference) -> When | None:
    """The day the text gives for the last happening of type `etype` told in the sentences just
    before `si` (never a day after the story's): the day a "subsequent strike" follows."""
    for ev in reversed(earlier):
        if (ev.type == etype and si - FOLLOW_UP_SENTENCES <= ev.sentence < si and ev.date is not None
                and ev.date_basis == "text" and ev.date_precision == "day"
                and (reference is None or ev.date <= reference)):
            return When(ev.date, "day", at, at)
    return None


def _history(when: When, doc) -> bool:
    """Whether a year-dated happening lies a generation before the news: HISTORY_YEARS
    before the publication year, or, with no publication date, before the latest year the
    article names ("ont fui ... à la création de l'Etat d'Israël en 1948" in a 2018 story).
    A past attack recalled a few years back ("lors des attentats ... en 2015") stays."""
    if when.precision != "year":
        return False
    latest = doc.reference.year if doc.reference else max(
        (w.date.year for found in doc.dates for w in found), default=when.date.year)
    return latest - when.date.year > HISTORY_YEARS


def _by_crowd(s: str, a: int, b: int, r: _Rules) -> bool:
    """Whether a crowd does the violence at s[a:b], its subject right before ("hundreds of
    protesters stormed the parliament") or its agent right after ("l'assaut de l'ambassade
    par des milliers de partisans"): ACLED codes a violent crowd as a riot, not a battle."""
    return bool((r.crowd_before and r.crowd_before.search(s[max(0, a - 60):a]))
                or (r.crowd_agent and r.crowd_agent.search(s[b:b + 80])))


# the armed violence a crowd's violence is mistaken for
_CLASHES = frozenset({"battle", "attack_on_civilians"})


def _setting(s: str, a: int, r: _Rules, taken: list[tuple[int, int]]) -> bool:
    """Whether the meeting at s[a:] is where a strike just told found its victims ("a drone
    strike hit the school during a teachers' meeting", "frappé lors d'une réunion de
    notables"): a trigger read before it ends within SETTING_REACH characters and the words
    between place the gathering under it. Talks between parties are not struck; a gathering is."""
    if not r.setting or not any(0 <= a - y <= SETTING_REACH for _, y in taken):
        return False
    return bool(r.setting.search(s[max(0, a - SETTING_REACH):a]))


# remote violence, which one side inflicts on the other's ground
_STRIKES = frozenset({"airstrike", "shelling", "bombing"})
