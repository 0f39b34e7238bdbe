"""Which of a sentence's time expressions dates a row, the way a careful reader picks it.

dates.py says what every time expression means (its day, its span, whether it
is the day something was said); this module decides which one dates an event
trigger or a casualty count, and what an undated row falls back on:

- the day a statement was made ("…, the ministry said on Friday", "a affirmé
  jeudi l'armée") dates the statement, not the strike it reports;
- a span gives a start and an end ("du 3 au 5 mai", "depuis lundi soir"), and
  an open span reaching far back ("depuis 2011", "since the summer of 2014")
  is a campaign's background, not the day of a happening;
- a date after publication belongs to another, planned clause unless the row
  itself is planned ("will meet on Monday");
- a running total is dated only by the day it is given at ("au 30 juin",
  "as of June 30");
- an undated asserted event took place on the story's news day: the day its
  lead's first dated event happened, else the lead's first date, else the
  publication day.

events.py and casualties.py call these functions; the columns they fill are
date, date_precision, date_end, part_of_day and date_basis (docs/frames.md).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cache

from .. import lang as langdata
from .dates import When
from .doc import Event

BACKGROUND_DAYS = 31   # an open span that started longer ago than this is a campaign, not news
LEAD_SENTENCES = 2     # the lead: where a wire story says what happened and when


@dataclass(frozen=True)
class Dating:
    """The date columns of one row (see docs/frames.md): all None when the row is undated."""
    date: dt.date | None = None
    precision: str | None = None
    date_end: dt.date | None = None
    part_of_day: str | None = None
    basis: str | None = None


UNDATED = Dating()


def from_when(w: When | None) -> Dating:
    """A row dated by the expression `w` of its own sentence.

    `date_end` is kept whenever the expression covers more than one day (a
    span, a week, a whole month): a timeline reads "en mars" as March, not as
    the 1st. A weekday that names another day than the date beside it keeps
    the day of the month and says so ("weekday_mismatch").
    """
    if w is None:
        return UNDATED
    end = w.date_end if w.date_end and w.date_end != w.date else None
    return Dating(w.date, w.precision, end, w.part_of_day, w.basis or "text")


def on_day(day: dt.date | None, basis: str) -> Dating:
    """A row dated by a day the story gives elsewhere ("lead") or by its publication ("published")."""
    return UNDATED if day is None else Dating(day, "day", None, None, basis)


def is_open_span(w: When, reference: dt.date | None) -> bool:
    """A span that runs up to the reference day: "depuis 2011", "since Friday's attacks"
    (not "du 3 au 5 mai", whose end the text gives)."""
    return w.span and (reference is None or w.date_end is None or w.date_end >= reference)


def long_ago(w: When, reference: dt.date | None) -> bool:
    """An open span that opens a campaign: started over a month before the reference, or,
    with no reference, a bare month or year ("depuis 2009", "since October 2017")."""
    if reference:
        return (reference - w.date).days > BACKGROUND_DAYS
    return w.precision in ("month", "year")


_CLAUSE_BREAK = re.compile(r"[,;:«»“”\"()]|\.\s")


def planned_by_date(text: str, when: When | None, at: int, reference: dt.date | None) -> bool:
    """Whether the event's own clause puts it after the reference: "the summit opens Monday",
    "le sommet s'ouvre lundi" announce it. A later date beyond a comma is another clause's
    ("seized the town, ahead of talks that will open on Monday")."""
    if when is None or reference is None or when.date <= reference:
        return False
    lo, hi = sorted((at, when.start))
    return not _CLAUSE_BREAK.search(text[lo:hi])


def nearest(dates: list[When], at: int, text: str | None = None) -> When | None:
    """The expression closest to offset `at`, one in the same clause first.

    "Conformément à l'accord conclu début septembre, l'évacuation a commencé
    mardi": the agreement's month is nearer the trigger, but beyond a comma; the
    evacuation's own clause says Tuesday. An expression opening the sentence
    ("Mardi, des raids ont frappé…") frames all of it and is never beyond a break.
    """
    if not dates:
        return None
    if text is None:
        return min(dates, key=lambda w: abs(w.start - at))

    def beyond(w: When) -> bool:
        between = text[w.end:at] if w.end <= at else text[at:w.start]
        # "des frappes qui ont tué 9 personnes, dont deux enfants, lundi": an inserted breakdown
        # leaves the clause whole
        between = _inserted().sub(" ", between)
        opening = len(_WORD.findall(text[:w.start])) <= 1
        return not opening and _CLAUSE_BREAK.search(between) is not None
    return min(dates, key=lambda w: (beyond(w), abs(w.start - at)))


_WORD = re.compile(r"\w+")


@cache
def _inserted() -> re.Pattern:
    """A breakdown set off by commas inside a clause (", dont deux enfants,", ", including a
    commander,"), in any language's words: it does not end the clause it sits in."""
    openers = langdata.alternation(langdata.union("dates", "inserted_openers"))
    return re.compile(rf",\s*{openers}[^,;:«»“”\"()]*,")


def event_when(dates: list[When], at: int, *, speech: bool, planned: bool,
               reference: dt.date | None, text: str | None = None) -> When | None:
    """The expression that dates an event whose trigger starts at `at` in its sentence.

    The nearest expression to the trigger (in its own clause first: see
    `nearest`; `text` is the sentence), leaving out the days statements were
    made unless the event is itself a statement ("strikes on Thursday killed
    five, the army said on Friday": Thursday). A date after the reference is
    another clause's plan ("soulignant qu'elle sera périmée lundi") unless the
    event is planned.
    """
    usable = dates if speech else [w for w in dates if not w.said]
    when = nearest(usable, at, text)
    if when is not None and not planned and reference and when.date > reference:
        return None
    return when


def news_dating(events: list[Event], lead: dt.date | None, reference: dt.date | None) -> Dating:
    """The date undated events take: the day the lead's first dated event happened, else the
    lead's first date, else the publication day. A lead opening on its own date stamp ("09 Dec
    2019; MEMO: jets on Saturday struck…") is Saturday's story, which the events of that
    sentence already say."""
    for ev in sorted(events, key=lambda e: e.start):
        if ev.sentence >= LEAD_SENTENCES:
            break
        if (ev.date_basis == "text" and ev.date_precision == "day" and ev.status == "asserted"
                and reference is not None and ev.date <= reference):
            return on_day(ev.date, "lead")
    return on_day(lead, "lead") if lead else on_day(reference, "published")


def fill_undated(events: list[Event], news: Dating, final: bool = True) -> list[Event]:
    """Undated asserted events dated by the story's news day (`news`, from news_dating).

    events.py calls it twice. Before the repeats of a happening are merged
    (`final` False) it leaves undated an event that a later asserted mention of
    the same type at the same place dates in the text ("The airstrike destroyed
    the hospital in X. (...) The strike on X took place on March 17"): the merge
    gives it that day. Once merged, whatever is still undated takes the news day.
    Planned, uncertain and pluperfect (background) events stay undated: the news
    day is not theirs; nor does a planned mention ever date an asserted one.
    """
    if news.date is None:
        return events
    return [replace(ev, date=news.date, date_precision="day", date_end=None, part_of_day=None,
                    date_basis=news.basis)
            if ev.date is None and ev.status == "asserted" and not ev.past
            and (final or not _dated_later(ev, events)) else ev for ev in events]


def _dated_later(ev: Event, events: list[Event]) -> bool:
    """Whether a later asserted mention of the same type, at the same place or at none (the
    merge reads it as the same happening), gives a day."""
    return ev.place is not None and any(
        o.start > ev.start and o.type == ev.type and (o.place is None or o.place.name == ev.place.name)
        and o.status == "asserted" and o.date_basis in ("text", "weekday_mismatch") for o in events)


def count_dating(dates: list[When], at: int, cumulative: bool, lead: dt.date | None,
                 published: dt.date | None) -> Dating:
    """The date columns of a casualty count at offset `at` of its sentence.

    A running total is dated only by the day it is given at ("au 30 juin, le
    conflit avait fait…"): its span is the war's, not a day's. An incident count
    takes the nearest day or week of its sentence that is not a statement's day
    and not after publication ("29 civils tués depuis lundi soir": Monday
    evening up to publication), else the story's lead day, else publication.
    """
    if cumulative:
        as_of = [w for w in dates if w.as_of and w.precision == "day"]
        return from_when(nearest(as_of, at)) if as_of else UNDATED
    usable = [w for w in dates if w.precision in ("day", "week") and (published is None or w.date <= published)]
    told = [w for w in usable if not w.said] or usable   # only a statement's day: the best the text gives
    if told:   # nearest, whatever the commas: "struck X on Saturday, leaving 19 dead" is Saturday's
        return from_when(nearest(told, at))
    if lead:
        return on_day(lead, "lead")
    return on_day(published, "published")
