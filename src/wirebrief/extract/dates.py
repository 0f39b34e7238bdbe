"""Dates resolved the way a news reader does, against the publication date.

"mardi" in a story published on a Tuesday is that day; a past-tense "lundi"
is the most recent Monday; a planned "vendredi" is the next Friday; "hier",
"la semaine dernière", "mi-juillet", "fin février", "l'été 2014",
"le 30 septembre 2015", "trois jours après" and their English equivalents.
Without a publication date, relative expressions stay empty. Words live in
data/lang/<lang>/dates.yaml; dateparser was tried and gets weekdays and
"mi-juillet" wrong, hence this small table-tested module.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from .. import lang as langdata
from .numbers import words_value
from .registry import component
from .text import CaseFree, PerSentence, dateline


@dataclass(frozen=True)
class When:
    date: dt.date
    precision: str  # day | week | month | year
    start: int
    end: int


@dataclass(frozen=True)
class _DateRules:
    weekdays: dict
    months: dict
    full: CaseFree
    day_month: CaseFree
    month_year: CaseFree
    part_month: CaseFree
    season: CaseFree
    year: CaseFree
    weekday: CaseFree
    night: CaseFree
    relative: tuple   # (regex of every relative expression, its lower-cased words -> (days, precision))
    anchored: tuple   # the same for "la veille", "the next day": days from the story's own day
    last_after: CaseFree   # "lundi dernier": the weekday a week back when it is today's
    last_before: CaseFree  # "last Monday"
    next_after: CaseFree   # "lundi prochain": the coming one
    next_before: CaseFree  # "next Monday"
    days_after: CaseFree
    days_before: CaseFree
    future: CaseFree
    seasons: dict
    mid: str
    end: str
    begin: str


@cache
def rules(lang: str) -> _DateRules:
    d = langdata.load(lang)["dates"]
    months = {m: i + 1 for i, m in enumerate(d["months"])}
    months.update({k.lower(): v for k, v in d.get("month_abbreviations", {}).items()})
    mon = langdata.either(sorted(map(re.escape, months), key=len, reverse=True))
    wd = langdata.either(d["weekdays"])
    rel_words = {}   # "hier" -> (-1, "day"); one regex for them all
    for key, delta, prec in (("today", 0, "day"), ("yesterday", -1, "day"), ("tomorrow", 1, "day"),
                             ("last_week", -7, "week"), ("this_week", 0, "week")):
        for w in d.get(key, []):
            rel_words.setdefault(w.lower(), (delta, prec))
    rel_alt = langdata.either(sorted(map(re.escape, rel_words), key=len, reverse=True))
    rel = (CaseFree(rf"(?<!\w)(?:{rel_alt})(?!\w)"), rel_words)
    anchored_words = {w.lower(): delta for key, delta in (("day_before", -1), ("day_after", 1))
                      for w in d.get(key, [])}
    anchored_alt = langdata.either(sorted(map(re.escape, anchored_words), key=len, reverse=True))
    anchored = (CaseFree(rf"(?<!\w)(?:{anchored_alt})(?!\w)"), anchored_words)
    part = (rf"(?P<part>{d['mid_re']}|{d['end_re']}\s+|{d['begin_re']}\s+)\s*(?:{d['month_of_re']})?"
            rf"(?P<month>{mon})(?:\s+(?P<year>(?:19|20)\d\d))?")
    ordinal = langdata.alternation(d["ordinal_suffixes"], words=False)
    season_of = langdata.alternation(d["season_of"], words=False)
    year_cue = langdata.alternation(d["year_cues"])
    seasons = langdata.either(map(re.escape, d["seasons"]))
    return _DateRules(
        weekdays={w: i for i, w in enumerate(d["weekdays"])},
        months=months,
        full=CaseFree(rf"(?P<day>\d{{1,2}}){ordinal}?\s+(?P<month>{mon})\.?,?\s+(?P<year>(?:19|20)\d\d)|(?P<month2>{mon})\.?\s+(?P<day2>\d{{1,2}}),?\s+(?P<year2>(?:19|20)\d\d)"),
        day_month=CaseFree(rf"(?<!\d)(?P<day>\d{{1,2}}){ordinal}?\s+(?P<month>{mon})(?!\w)\.?|(?<!\w)(?P<month2>{mon})\.?\s+(?P<day2>\d{{1,2}})(?!\d)"),
        month_year=CaseFree(rf"(?<!\w)(?P<month>{mon})\.?\s+(?P<year>(?:19|20)\d\d)"),
        part_month=CaseFree(part),
        season=CaseFree(rf"(?P<season>{seasons})\s+(?:{season_of}\s+)?(?P<year>(?:19|20)\d\d)"),
        year=CaseFree(rf"{year_cue}\s+(?P<year>(?:19|20)\d\d)(?!\d)"),
        weekday=CaseFree(rf"(?<!\w)(?P<wd>{wd})(?!\w)"),
        night=CaseFree(d["night_of_re"].replace("\\w+", f"(?:{wd})")),
        relative=rel,
        anchored=anchored,
        last_after=CaseFree(rf"^\s+{langdata.alternation(d.get('last_after', []))}"),
        last_before=CaseFree(rf"{langdata.alternation(d.get('last_before', []))}\s+$"),
        next_after=CaseFree(rf"^\s+{langdata.alternation(d.get('next_after', []))}"),
        next_before=CaseFree(rf"{langdata.alternation(d.get('next_before', []))}\s+$"),
        days_after=CaseFree(d["days_after_re"]),
        days_before=CaseFree(d["days_before_re"]),
        future=CaseFree(langdata.either(f"(?:{p})" for p in d["future_re"])),
        seasons={k.lower(): v for k, v in d["seasons"].items()},
        mid=d["mid_re"], end=d["end_re"], begin=d["begin_re"],
    )


def weekday_date(published: dt.date, weekday: int, future: bool) -> dt.date:
    """The weekday's date: the latest on or before publication, or the next one when planned."""
    if future:
        ahead = (weekday - published.weekday()) % 7
        return published + dt.timedelta(days=ahead or 7)
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _year_for(month: int, published: dt.date | None, future: bool) -> int | None:
    if published is None:
        return None
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


_DIGIT = re.compile(r"\d")
_CLAUSE_END = re.compile(r"[,;:.«»“”\"()]")


def _future_at(text: str, m: re.Match, r: _DateRules) -> bool:
    """Whether the verb governing this time expression is in the future or planned.

    Tense is read locally: "doit revoir vendredi ..., a annoncé mercredi" has a
    planned Friday and a past Wednesday in one sentence. The clause before the
    expression decides; when the expression opens its clause ("Vendredi, ils se
    retrouveront"), the words after it do.
    """
    before = _CLAUSE_END.split(text[max(0, m.start() - 60):m.start()])[-1]
    if r.future.search(before):
        return True
    if len(re.findall(r"\w{3,}", before)) <= 1:
        after = text[m.end():m.end() + 60]
        after = after.lstrip(" ,")
        return bool(r.future.search(_CLAUSE_END.split(after)[0]))
    return False


def find_dates(text: str, published: dt.date | None, lang: str = "fr",
               future: bool | None = None, anchor: dt.date | None = None) -> list[When]:
    """Every resolvable time expression in `text` (a clause or sentence), in text order.

    `future` forces the direction of weekdays and bare days ("doit se réunir
    vendredi": the next Friday); None reads it from the clause's tense.
    `anchor` is the day the story is about (its lead date): "la veille", "the
    next day" count from it, not from the publication date.
    """
    r = rules(lang)
    out: list[When] = []
    taken: list[tuple[int, int]] = []

    def add(date, prec, m):
        if any(a < m.end() and m.start() < b for a, b in taken):
            return
        taken.append((m.start(), m.end()))
        out.append(When(date, prec, m.start(), m.end()))

    digits = _DIGIT.search(text) is not None   # day, month-year, season and year forms need one
    for m in (r.full.finditer(text) if digits else ()):
        day, month, year = (m.group("day") or m.group("day2"), m.group("month") or m.group("month2"),
                            m.group("year") or m.group("year2"))
        try:
            add(dt.date(int(year), r.months[month.lower()], int(day)), "day", m)
        except (ValueError, KeyError):
            pass
    for m in r.part_month.finditer(text):
        month = r.months[m.group("month").lower()]
        year = int(m.group("year")) if m.group("year") else _year_for(
            month, published, _future_at(text, m, r) if future is None else future)
        if year is None:
            continue
        part = m.group("part").strip().lower()
        day = 15 if part == r.mid.lower() else 1
        if re.fullmatch(r.end, part, re.I):
            day = calendar.monthrange(year, month)[1]
        add(dt.date(year, month, day), "month", m)
    for m in (r.season.finditer(text) if digits else ()):
        add(dt.date(int(m.group("year")), r.seasons[m.group("season").lower()], 1), "month", m)
    for m in (r.month_year.finditer(text) if digits else ()):
        add(dt.date(int(m.group("year")), r.months[m.group("month").lower()], 1), "month", m)
    for m in (r.day_month.finditer(text) if digits else ()):
        month = r.months.get((m.group("month") or m.group("month2")).lower())
        fut = _future_at(text, m, r) if future is None else future
        year = _year_for(month, published, fut) if month else None
        try:
            if year:
                add(dt.date(year, month, int(m.group("day") or m.group("day2"))), "day", m)
        except ValueError:
            pass
    for m in (r.year.finditer(text) if digits else ()):
        add(dt.date(int(m.group("year")), 1, 1), "year", m)
    if published is not None:
        for m in r.night.finditer(text):
            words = re.findall(r"\w+", m.group(0).lower())
            days = [w for w in words if w in r.weekdays]
            if days:
                fut = _future_at(text, m, r) if future is None else future
                add(weekday_date(published, r.weekdays[days[0]], fut), "day", m)
        for m in r.weekday.finditer(text):
            if _beside_a_date(text, m, out):
                continue   # "le samedi 5 juin", "Thursday, May 23": the explicit date says the day
            weekday = r.weekdays[m.group("wd").lower()]
            after, before = text[m.end():m.end() + 15], text[max(0, m.start() - 15):m.start()]
            if r.next_after.search(after) or r.next_before.search(before):
                add(weekday_date(published, weekday, True), "day", m)
            elif r.last_after.search(after) or r.last_before.search(before):
                # "lundi dernier" in a Monday's paper is a week back, not today
                day = weekday_date(published, weekday, False)
                add(day - dt.timedelta(days=7) if day == published else day, "day", m)
            else:
                fut = _future_at(text, m, r) if future is None else future
                add(weekday_date(published, weekday, fut), "day", m)
        rx, words = r.relative
        for m in rx.finditer(text):
            delta, prec = words[m.group(0).lower()]
            add(published + dt.timedelta(days=delta), prec, m)
        rx, words = r.anchored
        for m in rx.finditer(text):
            add((anchor or published) + dt.timedelta(days=words[m.group(0).lower()]), "day", m)
        for rx, sign in ((r.days_after, -1), (r.days_before, 1)):
            for m in rx.finditer(text):
                n = words_value(m.group("n"), lang) if not m.group("n").isdigit() else int(m.group("n"))
                if n:
                    anchor = next((w.date for w in out if w.precision == "day"), published)
                    add(anchor + dt.timedelta(days=sign * n), "day", m)
    out.sort(key=lambda w: w.start)
    return out


_BESIDE = re.compile(r"[\s,]{0,3}$|^[\s,]{0,3}")


def _beside_a_date(text: str, m: re.Match, found: list[When]) -> bool:
    """A weekday written right before or after a day-precise date ("samedi 5 juin")."""
    return any(w.precision == "day" and (0 <= w.start - m.end() <= 3 and not text[m.end():w.start].strip(" ,")
                                         or 0 <= m.start() - w.end <= 3 and not text[w.end:m.start()].strip(" ,"))
               for w in found)


def lead_date(dates: list[list[When]], published: dt.date | None) -> dt.date | None:
    """The story's news day: the first day-precise, not-future date of its first two sentences.

    `dates` holds each sentence's dates, in order (Doc.dates).
    """
    if published is None:
        return None
    for k in range(min(2, len(dates))):   # one at a time: the second is read only if the first has none
        for w in dates[k]:
            if w.precision == "day" and w.date <= published:
                return w.date
    return None


def dateline_date(text: str, lang: str) -> dt.date | None:
    """The day in a wire dateline ("BAGDAD, 12 mars 2017 (AFP) -"), a stand-in for an unknown publication date."""
    _, end = dateline(text)
    if not end:
        return None
    days = [w for w in find_dates(text[:end], None, lang) if w.precision == "day"]
    return days[0].date if days else None


@component("dates", requires=("sentences", "reference", "lang"), assigns=("dates", "lead"))
def dates_step(doc) -> None:
    """Each sentence's time expressions, read against the reference day, and the story's lead date."""
    reference, lang = doc.reference, doc.lang
    anchor = [reference]   # "la veille" counts from the story's day once the lead is known
    doc.dates = PerSentence(doc.sentences, lambda sent: find_dates(sent.text, reference, lang, anchor=anchor[0]))
    doc.lead = lead_date(doc.dates, doc.reference)
    anchor[0] = doc.lead or reference
