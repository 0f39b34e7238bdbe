"""Dates resolved the way a news reader does, against the story's reference day.

"mardi" in a story published on a Tuesday is that day; a past-tense "lundi"
is the most recent Monday; a planned "vendredi" is the next Friday; "hier
soir" is yesterday evening; "du 3 au 5 mai" is a span of three days;
"depuis 2011" starts a span that runs to the reference day; "la veille"
counts from the day the sentence is about. Words live in
data/lang/<lang>/dates.yaml; dateparser was tried and gets weekdays and
"mi-juillet" wrong (and is far slower), hence this small table-tested module.

The reference day is the publication date, else the dateline's day, else the
lead's explicit date; without one, relative expressions stay empty (a
weekday with no anchor is not a date).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from .. import lang as langdata
from .numbers import words_value
from .registry import component
from .text import CaseFree, PerSentence, dateline


@dataclass(frozen=True)
class When:
    """One time expression: its first day, how precise it is, and where it is in the sentence.

    `date` is the day a timeline puts it on (a span's first day; "fin
    février" its last day, as a reader dates it). `date_end` is the last
    day the expression covers when it covers more than one: a span the text
    gives ("du 3 au 5 mai", "depuis le 15 avril" up to the reference day) or
    a whole month, season or year. `span` says the text gives a span, which
    the casualty and event extractors read as scope; `part_of_day` is
    morning | afternoon | evening | night when the text says it; `said`
    marks the day a statement was made ("a annoncé jeudi", "said on
    Friday"), not the day something happened; `as_of` the day a running
    total is given at ("au 30 juin", "as of June 30"); `basis` is "weekday_mismatch"
    when a weekday beside a date names another day ("samedi 6 juin" on a
    Monday): the day of the month is trusted; `relative` marks a day counted
    from the reference ("hier", "tomorrow"), which a quote counts from the
    day it was spoken instead.
    """
    date: dt.date
    precision: str  # day | week | month | season | year
    start: int
    end: int
    date_end: dt.date | None = None
    span: bool = False
    part_of_day: str | None = None
    said: bool = False
    basis: str | None = None
    as_of: bool = False
    relative: bool = False   # counted from the reference day ("hier", "tomorrow"): a quote moves it
    part: str | None = None  # mid | begin | end: "mi-avril", "début mars", "fin février" (a part of a month)


@dataclass(frozen=True)
class _DateRules:
    weekdays: dict
    months: dict
    full: CaseFree
    numeric: re.Pattern
    numeric_order: tuple
    day_range: CaseFree
    day_month: CaseFree
    month_year: CaseFree
    bare_month: CaseFree
    capitalised: bool      # month names are capitalised (English): a lower-case "may" is a verb
    year_range: CaseFree
    year_after: CaseFree   # "en août l'an dernier", "in August last year": the month's year from the words after it
    part_month: CaseFree
    part_year: CaseFree
    season: CaseFree
    year: CaseFree
    weekday: CaseFree
    night: CaseFree
    not_days: CaseFree   # named days and habits: "Black Friday", "lundi de Pâques", "every Monday", "the Monday meeting"
    day_number: CaseFree   # "jeudi 12": a day number right after a weekday, closing the expression
    this_before: CaseFree  # "ce mardi", "this Tuesday": the day of the reference's week
    until: CaseFree        # "jusqu'à", "until", "through" right before a day: a deadline, ahead unless told in the past
    since_past: CaseFree   # "depuis", "since" right before: a span's start, never ahead
    participle: CaseFree   # a past participle ("renvoyée", "arrested"): a day after it is past
    relative: tuple   # (regex of every relative expression, its lower-cased words -> (days, precision))
    periods: tuple    # (regex, words -> (months back, precision)): "le mois dernier", "this year"
    anchored: tuple   # the same for "la veille", "the next day": days from the sentence's own day
    comparison: CaseFree   # "a day earlier than forecast": a comparison, not a day
    last_after: CaseFree   # "lundi dernier": the weekday a week back when it is today's
    day_named_after: re.Pattern   # "overnight Sunday", "overnight into Monday": the weekday says which night
    last_before: CaseFree  # "last Monday"
    next_after: CaseFree   # "lundi prochain": the coming one
    next_before: CaseFree  # "next Monday"
    days_after: CaseFree   # "trois jours après le bombardement": the bombing, n days before that day
    days_later: CaseFree   # "two days later": n days after it
    days_earlier: CaseFree  # "three days earlier": n days before it
    days_before: CaseFree
    past_span: tuple
    ago: tuple
    units: dict
    unit_word: CaseFree    # any unit ("jours", "weeks"): the counted forms need one, and most sentences have none
    since: CaseFree
    since_clause: CaseFree
    as_of: CaseFree
    range_from: CaseFree
    range_to: CaseFree
    part_words: CaseFree   # "soir", "night": a part of the day inside or right after a day
    part_after: CaseFree
    part_before: tuple     # ((regex ending at the date, part), ...)
    parts: dict
    said: re.Pattern
    future: CaseFree
    present: CaseFree      # a present tense announcing a day: "reçoit lundi", "hears arguments Wednesday"
    cues: CaseFree         # future or present, as the named group says
    past_after: CaseFree   # a past verb between a future cue and the day: the day is the past verb's
    past_state: CaseFree   # an imperfect ("était", "avait"): a day and month without a year is past
    seasons: dict
    mid: str
    end: str
    begin: str


def _words(d: dict, key: str) -> str:
    """The phrases of d[key] as one alternative, longest first."""
    return langdata.either(sorted(map(re.escape, d.get(key, [])), key=len, reverse=True))


@cache
def rules(lang: str) -> _DateRules:
    d = langdata.load(lang)["dates"]
    months = {m: i + 1 for i, m in enumerate(d["months"])}
    months.update({k.lower(): v for k, v in d.get("month_abbreviations", {}).items()})
    mon = langdata.either(sorted(map(re.escape, months), key=len, reverse=True))
    wd = langdata.either(d["weekdays"])
    rel_words = {}   # "hier" -> (-1, "day"); one regex for them all
    for key, delta, prec in (("today", 0, "day"), ("yesterday", -1, "day"), ("tomorrow", 1, "day"),
                             ("day_before_yesterday", -2, "day"), ("day_after_tomorrow", 2, "day"),
                             ("last_week", -7, "week"), ("this_week", 0, "week"), ("next_week", 7, "week"),
                             ("last_weekend", None, "last"), ("this_weekend", None, "this"), ("next_weekend", None, "next"),
                             ("early_this_week", 0, "week_start"), ("early_next_week", 1, "week_start"),
                             ("tonight", None, "tonight"), ("this_night", 0, "story_night")):
        for w in d.get(key, []):
            rel_words.setdefault(w.lower(), (delta, prec))
    # "depuis le début du mois", "so far this year": (the unit, "since_start"); "l'été dernier",
    # "next spring": (the season's first month, which one). Literal phrases joined to the same
    # regex, so a sentence is scanned once for them all (longest first: "so far this year" wins)
    for unit, phrases in d.get("since_start_of", {}).items():
        for w in phrases:
            rel_words.setdefault(w.lower(), (unit, "since_start"))
    for which in ("last", "this", "next"):
        for w in d.get(f"season_{which}", []):
            for season, month in d["seasons"].items():
                rel_words.setdefault(w.replace("SEASON", season).lower(), (month, f"season_{which}"))
    rel_alt = langdata.either(sorted(map(re.escape, rel_words), key=len, reverse=True))
    period_words = {w.lower(): (back, prec) for key, back, prec in (
        ("last_month", 1, "month"), ("this_month", 0, "month"), ("last_year", 12, "year"),
        ("this_year", 0, "year"), ("next_year", -12, "year")) for w in d.get(key, [])}
    period_alt = langdata.either(sorted(map(re.escape, period_words), key=len, reverse=True))
    anchored_words = {w.lower(): delta for key, delta in (("day_before", -1), ("day_after", 1))
                      for w in d.get(key, [])}
    anchored_alt = langdata.either(sorted(map(re.escape, anchored_words), key=len, reverse=True))
    part = (rf"(?P<part>{d['mid_re']}|{d['end_re']}\s+|{d['begin_re']}\s+)\s*(?:{d['month_of_re']})?"
            rf"(?P<month>{mon})(?:\s+(?P<year>(?:19|20)\d\d))?")
    ordinal = langdata.alternation(d["ordinal_suffixes"], words=False)
    season_of = langdata.alternation(d["season_of"], words=False)
    year_cue = langdata.alternation(d["year_cues"])
    seasons = langdata.either(map(re.escape, d["seasons"]))
    # a four-digit year, or two digits after an apostrophe ('93), or two digits closing the
    # expression ("le 12 mars 93."): "le 3 mai 15 personnes" is not a year
    year = r"(?:19|20)\d\d(?!\d)|['’]\d\d(?!\d)|\d\d(?=\s*(?:[,.;:)]|$))"
    day = rf"\d{{1,2}}{ordinal}?"
    day_of = rf"(?:{langdata.alternation(d['day_of'])}\s+)?" if d.get("day_of") else ""   # "the 3rd of September"
    parts = {k.lower(): v for k, v in d.get("part_of_day", {}).items()}
    part_alt = langdata.either(sorted(map(re.escape, parts), key=len, reverse=True))
    # the speech verbs the events know, and the statement frames only dates know ("told reporters on")
    said = langdata.load(lang).get("events", {}).get("speech_date_re", []) + d.get("said_re", [])
    return _DateRules(
        weekdays={w: i for i, w in enumerate(d["weekdays"])},
        months=months,
        full=CaseFree(rf"(?<!\d)(?P<day>{day})\s+(?P<month>{mon})\.?,?\s+(?P<year>{year})"
                      rf"|(?<!\w)(?P<month2>{mon})\.?\s+(?P<day2>{day}),?\s+(?P<year2>{year})"),
        numeric=re.compile(r"(?<![\d/.])(?P<a>\d{1,2})([/.])(?P<b>\d{1,2})\2(?P<y>(?:19|20)\d\d|\d\d)(?![\d/])"),
        numeric_order=tuple(d.get("numeric_order", ["dmy"])),
        day_range=CaseFree(rf"(?<!\d)(?P<d1>{day})\s*(?:{d.get('range_to_re', '(?!)').strip('^$')})\s*"
                           rf"(?P<d2>{day})\s+(?P<month>{mon})(?!\w)\.?(?:,?\s+(?P<year>(?:19|20)\d\d))?"
                           rf"|(?<!\w)(?P<month2>{mon})\.?\s+(?P<d3>{day})\s*(?:-|–|to|through|and)\s*"
                           rf"(?P<d4>{day})(?!\d)(?:,?\s+(?P<year2>(?:19|20)\d\d))?"),
        day_month=CaseFree(rf"(?<!\d)(?P<day>{day})\s+{day_of}(?P<month>{mon})(?!\w)\.?|(?<!\w)(?P<month2>{mon})\.?\s+(?P<day2>\d{{1,2}})(?!\d|[,.]\d)"),   # "May 15,000 people" is no day
        month_year=CaseFree(rf"(?<!\w)(?P<month>{mon})\.?\s+(?P<year>(?:19|20)\d\d(?!\d)|['’]\d\d(?!\d))"),
        capitalised=bool(d.get("months_capitalised")),
        year_range=CaseFree(d.get("year_range_re") or langdata.NEVER),
        # full names only: "et sept civils" is seven civilians, not September
        bare_month=CaseFree(rf"(?<!\w)(?:{_words(d, 'month_cues')})\s+(?P<month>{_words(d, 'months')})(?!\w)"),
        year_after=CaseFree(rf"^,?\s+(?:{langdata.either(sorted((re.escape(w) for w, (_, p) in period_words.items() if p == 'year'), key=len, reverse=True))})(?!\w)"),
        part_month=CaseFree(part),
        part_year=CaseFree(rf"(?P<part>{d['mid_re']}|{d['end_re']}\s+|{d['begin_re']}\s+)\s*"
                           rf"{d.get('year_of_re', '')}(?P<year>(?:19|20)\d\d)(?!\d)"),
        season=CaseFree(rf"(?P<season>{seasons})\s+(?:{season_of}\s+)?(?P<year>(?:19|20)\d\d)"),
        year=CaseFree(rf"{year_cue}\s+(?P<year>(?:19|20)\d\d(?![\d,.]\d)|['’]\d\d(?!\d))(?!\d)"),
        weekday=CaseFree(rf"(?<!\w)(?P<wd>{wd})(?!\w)"),
        night=CaseFree(d["night_of_re"].replace("\\w+", f"(?:{wd})")),
        not_days=CaseFree(langdata.either(f"(?:{p.replace('WEEKDAY', f'(?:{wd})')})"
                                          for p in (*d.get("named_days_re", []), *d.get("generic_day_re", [])))),
        day_number=CaseFree(rf"^\s+(?P<day>\d{{1,2}}){ordinal}?(?=\s*(?:[,.;:)]|$)|\s+{langdata.alternation(d.get('day_number_followers', []))})"),
        until=CaseFree(d.get("until_re") or langdata.NEVER),
        since_past=CaseFree(d.get("since_past_re") or langdata.NEVER),
        participle=CaseFree(d.get("participle_re") or langdata.NEVER),
        this_before=CaseFree(rf"{langdata.alternation(d.get('this_before', []))}\s+$"),
        relative=(CaseFree(rf"(?<!\w)(?:{rel_alt})(?!\w)"), rel_words),
        periods=(CaseFree(rf"(?<!\w)(?:{period_alt})(?!\w)"), period_words),
        anchored=(CaseFree(rf"(?<!\w)(?:{anchored_alt})(?!\w)"), anchored_words),
        comparison=CaseFree(d.get("comparison_after_re") or langdata.NEVER),
        last_after=CaseFree(rf"^\s+{langdata.alternation(d.get('last_after', []))}"),
        day_named_after=re.compile(rf"\s+(?:\w+\s+)?(?:{wd})\b", re.I),
        last_before=CaseFree(rf"{langdata.alternation(d.get('last_before', []))}\s+$"),
        next_after=CaseFree(rf"^\s+{langdata.alternation(d.get('next_after', []))}"),
        next_before=CaseFree(rf"{langdata.alternation(d.get('next_before', []))}\s+$"),
        days_after=CaseFree(d["days_after_re"]),
        days_later=CaseFree(d.get("days_later_re") or langdata.NEVER),
        days_earlier=CaseFree(d.get("days_earlier_re") or langdata.NEVER),
        days_before=CaseFree(d["days_before_re"]),
        past_span=tuple(CaseFree(p) for p in d.get("past_span_re", [])),   # one regex each: they share group names
        ago=tuple(CaseFree(p) for p in d.get("ago_re", [])),
        units={k.lower(): v for k, v in d.get("units", {}).items()},
        unit_word=CaseFree(rf"(?<!\w)(?:{_words(d, 'units')})(?!\w)"),
        since=CaseFree(d.get("since_re") or langdata.NEVER),
        since_clause=CaseFree(d.get("since_clause_re") or langdata.NEVER),
        as_of=CaseFree(d.get("as_of_re") or langdata.NEVER),
        range_from=CaseFree(d.get("range_from_re") or langdata.NEVER),
        range_to=CaseFree(d.get("range_to_re") or langdata.NEVER),
        part_words=CaseFree(rf"(?<!\w)(?:{part_alt})(?!\w)"),
        part_after=CaseFree(rf"^\s*,?\s*(?:{part_alt})(?!\w)"),
        part_before=tuple((CaseFree(rf"(?<!\w)(?:{langdata.either(pats)})\s+$"), p)
                          for p, pats in d.get("part_of_day_before", {}).items()),
        parts=parts,
        said=re.compile(langdata.either(said), re.I),
        future=CaseFree(langdata.either(f"(?:{p})" for p in d["future_re"])),
        present=CaseFree(langdata.either(f"(?:{p})" for p in d.get("present_future_re", []))),
        cues=CaseFree(f"(?P<future>{langdata.either(f'(?:{p})' for p in d['future_re'])})"
                      f"|(?P<present>{langdata.either(f'(?:{p})' for p in d.get('present_future_re', []))})"),
        past_after=CaseFree(langdata.either(f"(?:{p})" for p in d.get("past_after_future_re", []))),
        past_state=CaseFree(langdata.either(f"(?:{p})" for p in d.get("past_state_re", []))),
        seasons={k.lower(): v for k, v in d["seasons"].items()},
        mid=d["mid_re"], end=d["end_re"], begin=d["begin_re"],
    )


# ---------------------------------------------------------------- calendar arithmetic

def weekday_date(published: dt.date, weekday: int, future: bool) -> dt.date:
    """The weekday's date: the latest on or before publication, or the next one when planned."""
    if future:
        ahead = (weekday - published.weekday()) % 7
        return published + dt.timedelta(days=ahead or 7)
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _year_for(month: int, published: dt.date | None, future: bool) -> int | None:
    """A month's year: this year's unless the tense says it lies on the other side of publication."""
    if published is None:
        return None
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


FUTURE_SLACK = dt.timedelta(days=7)   # "jusqu'au 20 septembre" read on the 22nd: a tense cue read too far


def _day_date(day: int, month: int, ref: dt.date, direction: str) -> dt.date | None:
    """A day and month without a year: the occurrence nearest the reference in the tense's direction.

    `direction` is "next" (planned, "prochain"), "last" ("dernier": on or
    before the reference), "past" (a past story: this year's unless its month
    is still to come) or "near" (no tense either way, "jusqu'au 30 juin, les
    inscriptions sont ouvertes": the occurrence nearest the reference).
    """
    def on(year):
        try:
            return dt.date(year, month, day)
        except ValueError:   # 29 February outside a leap year
            return None
    if direction == "next":
        this = on(ref.year)
        return this if this and this >= ref - FUTURE_SLACK else on(ref.year + 1)
    if direction == "last":
        this = on(ref.year)
        return this if this and this <= ref else on(ref.year - 1)
    if direction == "near":
        days = [d for d in (on(ref.year - 1), on(ref.year), on(ref.year + 1)) if d]
        return min(days, key=lambda d: abs(d - ref)) if days else None
    return on(_year_for(month, ref, False))


def _century(two: str, ref: dt.date | None) -> int:
    """'93 -> 1993, '05 -> 2005: the latest century that does not put the year after the reference."""
    yy = int(two.lstrip("'’"))
    limit = ref.year if ref else 2049
    return 2000 + yy if 2000 + yy <= limit else 1900 + yy


def _year(text: str, ref: dt.date | None) -> int:
    return int(text) if len(text) == 4 else _century(text, ref)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months_back(day: dt.date, n: int) -> dt.date:
    """The first of the month n months before `day`'s month (n < 0: after)."""
    k = day.year * 12 + day.month - 1 - n
    return dt.date(k // 12, k % 12 + 1, 1)


SATURDAY = 5


def _near_season(m: re.Match, which: str, month: int, ref: dt.date, f: _Found) -> None:
    """"l'été dernier" (`which` last: the last one whose last month the reference has reached:
    "this past autumn" in December is this year's), "cet hiver", "this summer" (this: the
    reference's year), "next spring" (next: the first one starting after it): its three months
    from `month`."""
    year = ref.year
    if which == "last" and dt.date(year, month + 2, 1) > ref:   # its last month not yet reached
        year -= 1
    elif which == "next" and dt.date(year, month, 1) <= ref:
        year += 1
    f.add(dt.date(year, month, 1), "season", m.start(), m.end(), date_end=_month_end(year, month + 2))


def _period_start(ref: dt.date, unit: str) -> dt.date:
    """The first day of the reference's week (its Monday), month or year."""
    if unit == "week":
        return ref - dt.timedelta(days=ref.weekday())
    return ref.replace(day=1) if unit == "month" else ref.replace(month=1, day=1)


def _weekend(ref: dt.date, which: str) -> dt.date:
    """The Saturday of the weekend meant: "last" is the one before the reference's own weekend;
    "next" the coming one; "past" the one under way or just gone."""
    if ref.weekday() >= SATURDAY:   # read on a weekend: that one, unless "dernier"/"prochain" says another
        this = ref - dt.timedelta(days=ref.weekday() - SATURDAY)
        return this + dt.timedelta(days={"last": -7, "next": 7}.get(which, 0))
    return weekday_date(ref, SATURDAY, which == "next")


def _back(ref: dt.date, n: int, unit: str) -> tuple[dt.date, str]:
    """The day n units before the reference, and the precision that unit gives."""
    if unit == "hour":
        return ref - dt.timedelta(days=max(1, n // 24)), "day"
    if unit in ("day", "week"):
        return ref - dt.timedelta(days=n * (7 if unit == "week" else 1)), unit
    if unit == "month":
        first = _months_back(ref, n)
        return first.replace(day=min(ref.day, calendar.monthrange(first.year, first.month)[1])), "month"
    return dt.date(ref.year - n, 1, 1), "year"


# ---------------------------------------------------------------- reading the clause

_DIGIT = re.compile(r"\d")
_YEARISH = re.compile(r"(?:19|20)\d\d|['’]\d\d|\d\d\s*(?:[,.;:)]|$)")   # what every form with a year needs
_CLAUSE_END = re.compile(r"[,;:.«»“”\"()]")


def _future_at(text: str, start: int, end: int, r: _DateRules) -> bool:
    """Whether the verb governing this time expression is in the future or planned."""
    return _tense_at(text, start, end, r) is not None


def _tense_at(text: str, start: int, end: int, r: _DateRules) -> str | None:
    """"future" (a future, a modal, a plan), "present" (a present tense announcing the day:
    "le roi reçoit lundi", "the court hears arguments Wednesday") or None (the past of news copy).

    Tense is read locally: "doit revoir vendredi ..., a annoncé mercredi" has a
    planned Friday and a past Wednesday in one sentence. The clause before the
    expression decides; when the expression opens its clause ("Vendredi, ils se
    retrouveront"), the words after it do.
    """
    before = _CLAUSE_END.split(text[max(0, start - 60):start])[-1]
    cues = list(r.cues.finditer(before))   # one scan for both kinds
    if cues:   # a future anywhere in the clause wins ("will begin Friday" is no present)
        kind = "future" if any(c.lastgroup == "future" for c in cues) else "present"
        # a past verb after the last cue (the nearest verb) governs the day: "will face court
        # after being charged Tuesday"
        return None if r.past_after.search(before[cues[-1].end():]) else kind
    if _opens_clause(before, r):
        after = _clause_after(text, end, r)
        return "future" if r.future.search(after) else "present" if r.present.search(after) else None
    return None


SHORT_CLAUSE = 5   # words: "De lundi à mercredi, la circulation sera interdite" reads on past "à mercredi"


def _clause_after(text: str, end: int, r: _DateRules) -> str:
    """The clause a fronted time expression heads: the words after it up to a break, and past
    a break that only ends the expression's own short tail (" à mercredi,") or an apposition
    ("Mardi, jour de grève nationale, les trains ne circuleront pas"), which has no past verb."""
    parts = _CLAUSE_END.split(text[end:end + 100].lstrip(" ,"))
    if (len(parts) > 1 and len(re.findall(r"\w+", parts[0])) <= SHORT_CLAUSE
            and not r.past_after.search(parts[0])):
        return parts[0] + " " + parts[1]
    return parts[0]


def _opens_clause(before: str, r: _DateRules) -> bool:
    """Whether a time expression opens its clause ("Vendredi, ils se retrouveront", "À compter
    du 3 mai, les convois passeront"): at most one word before it, and not a past participle
    ("L'audience, renvoyée mardi, reprendra...", "Arrested Tuesday, he will appear...": the
    day is the participle's, in the past)."""
    words = re.findall(r"\w{3,}", before)
    return len(words) == 0 or len(words) == 1 and not r.participle.search(words[0])


def _direction(text: str, start: int, end: int, r: _DateRules, future: bool | None, present: str = "next",
               tensed: str = "next") -> str:
    """next | last | past for an expression: "prochain"/"next" and "dernier"/"last" beside it
    win over the clause's tense, which wins over the default (the past of news copy). A
    present tense announcing the day gives `present` (a weekday passes "soon": the coming one,
    today included, as "le roi reçoit mardi" in a Tuesday's paper is today)."""
    after, before = text[end:end + 15], text[max(0, start - 15):start]
    if r.next_after.search(after) or r.next_before.search(before):
        return "next"
    if r.last_after.search(after) or r.last_before.search(before):
        return "last"
    if r.since_past.search(before):   # "affrontent depuis lundi", "since Monday": a start, behind us
        return "past"
    if future is False:
        return "past"
    tense = _tense_at(text, start, end, r)
    if tense == "present":
        return present
    if tense is None and future is None and r.until.search(before) and not r.past_after.search(text):
        return present   # "l'alerte est maintenue jusqu'à jeudi", "runs through Saturday": a deadline ahead
    return tensed if tense or future else "past"


def _day_direction(text: str, m: re.Match, r: _DateRules, future: bool | None) -> str:
    """The direction of a day and month without a year: the tense's, and with no tense at all
    (no cue, and no past verb or imperfect anywhere in the sentence) the nearest occurrence."""
    direction = _direction(text, m.start(), m.end(), r, future)
    if direction == "past" and future is None and not r.past_after.search(text) and not r.past_state.search(text):
        return "near"
    return direction


def _number(word: str, lang: str) -> int | None:
    return int(word) if word.isdigit() else words_value(word, lang)


# ---------------------------------------------------------------- the finders

class _Found:
    """The expressions found so far in one sentence; the first to claim a stretch of text keeps it."""

    def __init__(self):
        self.out: list[When] = []

    def add(self, date, prec, start, end, **kw) -> None:
        if date is None or any(w.start < end and start < w.end for w in self.out):
            return
        self.out.append(When(date, prec, start, end, **kw))


def _explicit(text: str, r: _DateRules, ref: dt.date | None, future: bool | None, f: _Found) -> None:
    """Forms with digits: spans of days, full and numeric dates, months, seasons and years."""
    yearish = _YEARISH.search(text) is not None
    for m in r.day_range.finditer(text):
        _day_range(text, m, r, ref, future, f)
    for m in (r.year_range.finditer(text) if yearish else ()):
        first, last = int(m.group("y1")), int(m.group("y2"))
        if 0 < last - first <= 30:   # "de 2000 à 2500 personnes" is no span of years
            f.add(dt.date(first, 1, 1), "year", m.start("y1"), m.end("y2"), date_end=dt.date(last, 12, 31), span=True)
    for m in (r.full.finditer(text) if yearish else ()):
        day, month, year = (m.group("day") or m.group("day2"), m.group("month") or m.group("month2"),
                            m.group("year") or m.group("year2"))
        try:
            f.add(dt.date(_year(year, ref), r.months[month.lower()], int(re.match(r"\d+", day)[0])),
                  "day", m.start(), m.end())
        except (ValueError, KeyError):
            pass
    for m in r.numeric.finditer(text):
        _numeric(m, r, ref, f)
    for m in (r.part_year.finditer(text) if yearish else ()):
        year = int(m.group("year"))
        first, last = {"mid": (5, 8), "end": (10, 12), "begin": (1, 3)}[_part(m, r)]
        f.add(dt.date(year, first, 1), "season", m.start(), m.end(), date_end=_month_end(year, last))
    for m in (r.season.finditer(text) if yearish else ()):
        year, month = int(m.group("year")), r.seasons[m.group("season").lower()]
        f.add(dt.date(year, month, 1), "season", m.start(), m.end(), date_end=_month_end(year, month + 2))
    for m in (r.month_year.finditer(text) if yearish else ()):
        year, month = _year(m.group("year"), ref), r.months[m.group("month").lower()]
        f.add(dt.date(year, month, 1), "month", m.start(), m.end(), date_end=_month_end(year, month))
    for m in r.day_month.finditer(text):
        word = m.group("month") or m.group("month2")
        if r.capitalised and not text[m.start("month") if m.group("month") else m.start("month2")].isupper():
            continue   # "they may 5", not May 5
        month = r.months.get(word.lower())
        if month and ref is not None:
            day = int(re.match(r"\d+", m.group("day") or m.group("day2"))[0])
            f.add(_day_date(day, month, ref, _day_direction(text, m, r, future)), "day", m.start(), m.end())
    for m in (r.year.finditer(text) if yearish else ()):
        year = _year(m.group("year"), ref)
        f.add(dt.date(year, 1, 1), "year", m.start("year"), m.end("year"), date_end=dt.date(year, 12, 31))


def _day_range(text, m, r, ref, future, f: _Found) -> None:
    """"du 3 au 5 mai", "May 3-5": the first day, and the last as date_end."""
    month = r.months[(m.group("month") or m.group("month2")).lower()]
    first, last = (int(re.match(r"\d+", g)[0]) for g in
                   ((m.group("d1"), m.group("d2")) if m.group("d1") else (m.group("d3"), m.group("d4"))))
    if not first < last:
        return   # "3 à 2 mai" is no span
    year = m.group("year") or m.group("year2")
    if year:
        start = dt.date(int(year), month, first)
    elif ref is None:
        return
    else:
        start = _day_date(first, month, ref, _day_direction(text, m, r, future))
    try:
        end = start.replace(day=last)
    except ValueError:
        return
    f.add(start, "day", m.start(), m.end(), date_end=end, span=True)


def _numeric(m, r, ref, f: _Found) -> None:
    """12/03/2017: day first or month first as the language writes it; the other order when
    the first number cannot be a month."""
    a, b = int(m.group("a")), int(m.group("b"))
    year = _year(m.group("y"), ref)
    for order in (*r.numeric_order, "dmy", "mdy"):
        day, month = (a, b) if order == "dmy" else (b, a)
        try:
            f.add(dt.date(year, month, day), "day", m.start(), m.end())
            return
        except ValueError:
            continue


def _part(m: re.Match, r: _DateRules) -> str:
    """mid | end | begin: which part of a month or year the words before it name."""
    part = m.group("part").lower()
    if re.fullmatch(r.mid, part) or re.fullmatch(r.mid, part.strip()):
        return "mid"
    return "end" if re.fullmatch(r.end, part.strip()) else "begin"


def _part_of_month(text, m, r, ref, future, f: _Found) -> None:
    """"mi-juillet" (the 15th), "fin février" (its last day), "début mars" (the 1st)."""
    month = r.months[m.group("month").lower()]
    year = int(m.group("year")) if m.group("year") else _year_for(
        month, ref, _future_at(text, m.start(), m.end(), r) if future is None else future)
    if year is None:
        return
    end = _month_end(year, month)
    part = _part(m, r)
    day = {"mid": 15, "end": end.day, "begin": 1}[part]
    f.add(dt.date(year, month, day), "month", m.start(), m.end(), date_end=end, part=part)


def _bare_months(text, r, ref, future, f: _Found) -> None:
    """"en mars", "since April", "last May": the month nearest the reference in the tense's direction."""
    for m in r.bare_month.finditer(text):
        month = r.months[m.group("month").lower()]
        if r.capitalised and not text[m.start("month")].isupper():
            continue   # "they may", not May
        direction = _direction(text, m.start("month"), m.end(), r, future)
        if year_words := r.year_after.search(text[m.end():m.end() + 30]):
            back, _ = r.periods[1][year_words.group(0).strip(" ,")]
            year = ref.year - back // 12
            f.add(dt.date(year, month, 1), "month", m.start("month"), m.end() + year_words.end(),
                  date_end=_month_end(year, month))
            continue
        if direction == "last":
            year = ref.year if month < ref.month else ref.year - 1
        else:
            year = _year_for(month, ref, direction == "next")
        f.add(dt.date(year, month, 1), "month", m.start("month"), m.end(), date_end=_month_end(year, month))


def _weekdays(text, r, ref, future, f: _Found) -> None:
    """Overnight spans (their first day), then weekdays, read with "dernier"/"next" and tense."""
    for m in r.night.finditer(text):
        words = re.findall(r"\w+", m.group(0).lower())
        days = [w for w in words if w in r.weekdays]
        if days:
            fut = _future_at(text, m.start(), m.end(), r) if future is None else future
            first = weekday_date(ref, r.weekdays[days[0]], fut)
            if not fut and first == ref and len(days) > 1:
                first -= dt.timedelta(days=7)   # a night told in the past has ended: not tonight's
            f.add(first, "day", m.start(), m.end(), part_of_day="night")
    for m in r.weekday.finditer(text):
        if _not_a_day(text, m, r):
            continue   # "Black Friday", "lundi de Pâques", "every Monday": no day of this story
        weekday = r.weekdays[m.group("wd").lower()]
        if (beside := _beside_a_date(text, m, f.out)) is not None:
            # "le samedi 5 juin", "Thursday, May 23": the explicit date says the day
            if beside.date.weekday() != weekday:
                f.out[f.out.index(beside)] = replace(beside, basis="weekday_mismatch")
            continue
        if numbered := _numbered_day(text, m, weekday, r, ref):
            f.add(numbered[0], "day", m.start(), numbered[1])
            continue
        f.add(_weekday_day(text, m, weekday, r, ref, future), "day", m.start(), m.end())


NOT_A_DAY_REACH = 30   # how far before a weekday a name or habit may start ("super bowl sunday")


def _not_a_day(text: str, m: re.Match, r: _DateRules) -> bool:
    """Whether the weekday at m is part of a named day or a habit (data: named_days_re,
    generic_day_re): read in a window around it that starts on a word, not over the sentence."""
    lo = text.rfind(" ", 0, max(0, m.start() - NOT_A_DAY_REACH)) + 1
    at = m.start() - lo
    return any(n.start() <= at < n.end() for n in r.not_days.finditer(text[lo:m.end() + NOT_A_DAY_REACH]))


def _weekday_day(text, m, weekday: int, r, ref: dt.date, future) -> dt.date:
    """A bare weekday's day: "dernier"/"next" beside it, else the tense; "ce mardi" / "this
    Tuesday" is the Tuesday of the reference's week, or with a future tense the coming one,
    today included ("les résultats seront publiés ce mercredi" in a Wednesday's paper). A
    future tense alone does the same: "the council will vote Tuesday" in a Tuesday's paper
    is today, as the press writes it; a week on, it says "next Tuesday", "mardi prochain"."""
    direction = _direction(text, m.start(), m.end(), r, future, present="soon", tensed="soon")
    if direction != "last" and r.this_before.search(text[max(0, m.start() - 10):m.start()]):
        if direction in ("next", "soon"):
            return ref + dt.timedelta(days=(weekday - ref.weekday()) % 7)
        return ref + dt.timedelta(days=weekday - ref.weekday())
    if direction == "soon":
        return ref + dt.timedelta(days=(weekday - ref.weekday()) % 7)
    day = weekday_date(ref, weekday, direction == "next")
    if direction == "last" and day == ref:
        day -= dt.timedelta(days=7)   # "lundi dernier" in a Monday's paper is a week back, not today
    return day


NUMBERED_MONTHS = (-1, 0, 1)   # "jeudi 12": the 12th of the reference's month or a neighbour's


def _numbered_day(text, m, weekday: int, r, ref: dt.date) -> tuple[dt.date, int] | None:
    """"jeudi 12", "Sunday 2 for the runoff": the nearby 12th that is a Thursday, and where
    the expression ends. A weekday the number does not agree with is no such date, and
    neither is a number that counts ("vendredi 12 civils"): it must close the expression."""
    n = r.day_number.search(text[m.end():m.end() + 24])
    if n is None:
        return None
    number = int(n.group("day"))
    days = []
    for k in NUMBERED_MONTHS:
        first = _months_back(ref, -k)
        try:
            day = first.replace(day=number)
        except ValueError:   # a 31st in a 30-day month
            continue
        if day.weekday() == weekday:
            days.append(day)
    return (min(days, key=lambda d: abs(d - ref)), m.end() + n.end("day")) if days else None


# "ces derniers jours", "ces dernières semaines": a plural with no number reads as about one of
# the next unit up (a few months, a few years: three)
VAGUE = {"hour": (1, "day"), "day": (1, "week"), "week": (1, "month"), "month": (3, "month"), "year": (3, "year")}


def _relative(text, r, ref, lang, f: _Found, night=None) -> None:
    """"hier", "last week", "le mois dernier", "ces trois derniers jours", "il y a douze jours".

    "tonight", "ce soir" are the night the story has already named, when its lead
    names the previous day's night (`night`, a day or a function giving one): a
    story the wire dates the morning after is still told from that evening.
    """
    rx, words = r.relative
    for m in rx.finditer(text):
        delta, prec = words[m.group(0).lower()]
        if prec == "since_start":   # "depuis le début du mois": from the 1st to the reference day
            f.add(_period_start(ref, delta), delta, m.start(), m.end(), date_end=ref, span=True)
            continue
        if prec.startswith("season_"):
            _near_season(m, prec[len("season_"):], delta, ref, f)
            continue
        if prec == "story_night":
            story = night() if callable(night) else night   # read only when needed: it reads the lead
            f.add(story or ref, "day", m.start(), m.end(), relative=True)
            continue
        if prec == "tonight":   # "cette nuit, un incendie a ravagé...": the night just gone, from yesterday
            if r.day_named_after.match(text, m.end()):
                continue   # "overnight Sunday", "overnight into Monday": the weekday dates it
            past = _direction(text, m.start(), m.end(), r, None) == "past"
            f.add(ref - dt.timedelta(days=past), "day", m.start(), m.end(), relative=True)
            continue
        if prec == "week_start":   # "early next week": the Monday it starts on
            monday = ref + dt.timedelta(days=7 * delta - ref.weekday())
            if monday < ref and _direction(text, m.start(), m.end(), r, None) == "next":
                monday += dt.timedelta(days=7)   # "sera examiné en début de semaine" on a Friday: the coming week
            f.add(monday, "week", m.start(), m.end())
            continue
        if delta is None:   # a weekend: its Saturday and Sunday
            which = prec if prec in ("last", "next") else _direction(text, m.start(), m.end(), r, None)
            if prec == "this" and ref.weekday() >= SATURDAY:
                which = "past"   # "this weekend" read on a weekend is the one under way, whatever the tense
            saturday = _weekend(ref, which)
            f.add(saturday, "day", m.start(), m.end(), date_end=saturday + dt.timedelta(days=1), span=True)
            continue
        f.add(ref + dt.timedelta(days=delta), prec, m.start(), m.end(), relative=prec == "day",
              date_end=ref - dt.timedelta(days=1) if prec == "week" and delta < 0 else None)
    rx, words = r.periods
    for m in rx.finditer(text):
        back, prec = words[m.group(0).lower()]
        first = _months_back(ref, back) if prec == "month" else dt.date(ref.year - back // 12, 1, 1)
        last = _month_end(first.year, first.month) if prec == "month" else dt.date(first.year, 12, 31)
        f.add(first, prec, m.start(), m.end(), date_end=last)
    if not r.unit_word.search(text):
        return
    for m in (m for rx in r.past_span for m in rx.finditer(text)):
        n = _number(m.group("n"), lang) if m.group("n") else 1
        unit = r.units.get((m.group("unit") or m.groupdict().get("unit1") or "").lower())
        if m.group("n") is None and m.group("unit"):   # "ces derniers jours": a few, no number
            n, unit = VAGUE.get(unit, (None, None))
        if n and unit:
            first, prec = _back(ref, n, unit)
            f.add(first, prec, m.start(), m.end(), date_end=ref, span=True)
    for m in (m for rx in r.ago for m in rx.finditer(text)):
        n, unit = _number(m.group("n"), lang), r.units.get(m.group("unit").lower())
        if n and unit:
            f.add(*_back(ref, n, unit), m.start(), m.end())


def _anchored(text, r, ref, anchor, lang, f: _Found) -> None:
    """"la veille", "the next day", "trois jours après": counted from the day the sentence is
    about (the nearest day before it in the sentence), else the story's day (`anchor`, a day
    or a function giving one), else the reference."""
    def base(at: int) -> dt.date:
        days = [w for w in f.out if w.precision == "day" and w.end <= at]
        if days:
            return days[-1].date
        story = anchor() if callable(anchor) else anchor   # read only when needed: it may read other sentences
        return story or ref
    rx, words = r.anchored
    for m in rx.finditer(text):
        if not r.comparison.search(text[m.end():m.end() + 8]):   # "a day earlier than forecast"
            f.add(base(m.start()) + dt.timedelta(days=words[m.group(0).lower()]), "day", m.start(), m.end())
    for rx, sign in ((r.days_after, -1), (r.days_before, 1), (r.days_later, 1), (r.days_earlier, -1)) if r.unit_word.search(text) else ():
        for m in rx.finditer(text):
            n = _number(m.group("n"), lang)
            if n and not r.comparison.search(text[m.end():m.end() + 8]):   # "deux jours plus tôt que prévu"
                f.add(base(m.start()) + dt.timedelta(days=sign * n), "day", m.start(), m.end())


# ---------------------------------------------------------------- what joins and marks expressions

def _ranges(text: str, r: _DateRules, out: list[When]) -> list[When]:
    """"du 28 avril au 2 mai", "between Monday and Wednesday", "de 2011 à 2013": one span
    from the first expression to the last day of the second."""
    merged: list[When] = []
    for w in out:
        prev = merged[-1] if merged else None
        if (prev is not None and not prev.span and prev.precision == w.precision
                and r.range_to.search(text[prev.end:w.start])
                and r.range_from.search(text[max(0, prev.start - 15):prev.start])):
            merged[-1] = _join(prev, w)
        else:
            merged.append(w)
    return merged


def _join(a: When, b: When) -> When:
    """A span from a to b; a moved back a week or a year when read on the wrong side of b."""
    first = a.date
    if first > b.date:
        if a.precision == "day" and (first - b.date).days < 7:
            first -= dt.timedelta(days=7)
        else:
            try:
                first = first.replace(year=b.date.year if first.replace(year=b.date.year) <= b.date
                                      else b.date.year - 1)
            except ValueError:
                return a
    return replace(a, date=first, end=b.end, date_end=b.date_end or b.date, span=True,
                   part_of_day=a.part_of_day or b.part_of_day)


def _marks(text: str, r: _DateRules, ref: dt.date | None, w: When) -> When:
    """The span start ("depuis le 15 avril"), the part of day ("mardi soir") and the statement day."""
    before = text[max(0, w.start - 30):w.start]
    if not w.span and (r.since.search(before) or _in_since_clause(text, r, w)):
        w = replace(w, span=True, date_end=ref if ref and ref >= w.date else w.date_end)
    if w.precision == "day" and r.as_of.search(before):   # "au printemps 2011" is no as-of day
        w = replace(w, as_of=True)
    if w.precision == "day" and w.part_of_day is None:
        part = _part_of_day(text, r, w, before)
        if part:
            w = replace(w, part_of_day=part)
    if r.said.search(before[-40:] if len(before) > 40 else before):
        w = replace(w, said=True)
    return w


SINCE_REACH = 6   # words between "since" and the date of its clause ("since the start of the war in 2011")


def _in_since_clause(text: str, r: _DateRules, w: When) -> bool:
    """Whether the expression closes a since-clause: "depuis le début du conflit le 12 juillet",
    "since US-led forces toppled the regime 13 years ago" start their span on that day."""
    clause = _CLAUSE_END.split(text[max(0, w.start - 80):w.start])[-1]
    m = r.since_clause.search(clause)
    return m is not None and len(re.findall(r"\w+", clause[m.end():])) <= SINCE_REACH


def _part_of_day(text: str, r: _DateRules, w: When, before: str) -> str | None:
    inside = r.part_words.search(text[w.start:w.end])
    if inside:
        return r.parts[inside.group(0)]
    after = r.part_after.search(text[w.end:w.end + 30])
    if after:
        return r.parts[after.group(0).strip(" ,")]
    return next((part for rx, part in r.part_before if rx.search(before)), None)


def find_dates(text: str, published: dt.date | None, lang: str = "fr",
               future: bool | None = None, anchor: dt.date | Callable[[], dt.date | None] | None = None,
               night: dt.date | Callable[[], dt.date | None] | None = None) -> list[When]:
    """Every resolvable time expression in `text` (a clause or sentence), in text order.

    `published` is the reference day (None: only expressions with their own
    year resolve). `future` forces the direction of weekdays and bare days
    ("doit se réunir vendredi": the next Friday); None reads it from the
    clause's tense. `anchor` is the day the story is about at this sentence
    (a date, or a function called only when needed): "la veille", "the next
    day" count from it when the sentence names no earlier day, not from the
    publication date. `night` is the evening the story's lead names on the day
    before the reference, which "tonight" and "ce soir" then mean (see `lead_night`).
    """
    r = rules(lang)
    f = _Found()
    ref = published
    for m in r.part_month.finditer(text):   # before "février 2016" claims the month of "fin février 2016"
        _part_of_month(text, m, r, ref, future, f)
    if _DIGIT.search(text) is not None:   # day, month-year, season and year forms need one
        _explicit(text, r, ref, future, f)
    if ref is not None:
        _bare_months(text, r, ref, future, f)
        _weekdays(text, r, ref, future, f)
        _relative(text, r, ref, lang, f, night)
        f.out.sort(key=lambda w: w.start)
        _anchored(text, r, ref, anchor, lang, f)
    out = sorted(f.out, key=lambda w: w.start)
    marked = [_marks(text, r, ref, w) for w in _ranges(text, r, out)]
    return _quoted_from_speech_day(text, marked, ref) if ref is not None and _QUOTE_MARK.search(text) else marked


_QUOTE_MARK = re.compile(r"[«“\"]")
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")


def _quoted_from_speech_day(text: str, found: list[When], ref: dt.date) -> list[When]:
    """"« Aujourd'hui, nous avons repris le quartier », a déclaré mardi le gouverneur": a relative
    day inside a quote counts from the day the quote was spoken (a said day outside the quotes),
    not from the publication day."""
    quotes = [m.span() for m in _QUOTED.finditer(text)]

    def quoted(w: When) -> bool:
        return any(a <= w.start and w.end <= b for a, b in quotes)
    spoken = next((w.date for w in found if w.said and w.precision == "day" and not quoted(w)), None)
    if spoken is None or spoken == ref:
        return found
    shift = spoken - ref
    return [replace(w, date=w.date + shift) if w.relative and quoted(w) else w for w in found]


def _beside_a_date(text: str, m: re.Match, found: list[When]) -> When | None:
    """The day-precise date a weekday is written right before or after ("samedi 5 juin"), if any."""
    return next((w for w in found if w.precision == "day" and (
        0 <= w.start - m.end() <= 3 and not text[m.end():w.start].strip(" ,")
        or 0 <= m.start() - w.end <= 3 and not text[w.end:m.start()].strip(" ,"))), None)


# The lead is the first two sentences; when they name no day, the third may still say when
# "the incident" happened ("The attack, which occurred late Wednesday, ..."), but only a day of
# the last week is the news day there: an older one is background.
LEAD, NEWS_REACH, RECENT_DAYS = 2, 3, 7


def lead_date(dates: list[list[When]], published: dt.date | None) -> dt.date | None:
    """The story's news day: the first day-precise, not-future date of its first two sentences
    (else a day of the last week in the third).

    Within a sentence the day something happened beats the day it was said
    ("said on Friday that strikes on Thursday night killed..." is Thursday's
    story). `dates` holds each sentence's dates, in order (Doc.dates).
    """
    w = _lead_when(dates, published)
    return w.date if w else None


def lead_night(dates: list[list[When]], published: dt.date | None, before: int = NEWS_REACH) -> dt.date | None:
    """The day whose evening or night the lead names, when that is the day before publication:
    "said on Friday that strikes hit Sanaa on Thursday night" in Friday's paper is told from
    Thursday night, so its "tonight" is Thursday's (a wire story dated after midnight). Only
    the sentences before `before` are read: a lead's own "tonight" is not its night."""
    w = _lead_when(dates, published, before)
    if w and w.part_of_day in NIGHT_PARTS and (published - w.date).days == 1:
        return w.date
    return None


NIGHT_PARTS = ("evening", "night")


def _lead_when(dates: list[list[When]], published: dt.date | None, before: int = NEWS_REACH) -> When | None:
    """The expression that gives the lead date (see `lead_date`), read in the sentences before `before`."""
    if published is None:
        return None
    said = None   # "Addressing the media on Sunday, the governor said...": the news day only if no other
    for k in range(min(NEWS_REACH, len(dates), before)):   # one at a time: the next is read only if this has none
        days = [w for w in dates[k] if w.precision == "day" and w.date <= published
                and (k < LEAD or (published - w.date).days <= RECENT_DAYS)]
        told = [w for w in days if not w.said]
        if told:   # a span's start ("depuis mardi") is not the news day either, when another day is given
            return next((w for w in told if not w.span), told[0])
        if days and said is None and k < LEAD:
            said = days[0]
    return said


def dateline_date(text: str, lang: str) -> dt.date | None:
    """The day in a wire dateline ("BAGDAD, 12 mars 2017 (AFP) -"), a stand-in for an unknown publication date."""
    _, end = dateline(text)
    if not end:
        return None
    days = [w for w in find_dates(text[:end], None, lang) if w.precision == "day"]
    return days[0].date if days else None


def lead_reference(sentences: list[str], lang: str) -> dt.date | None:
    """The last stand-in for the reference day: the first explicit day with its year in the lead."""
    for text in sentences[:2]:
        if not _YEARISH.search(text):
            continue
        days = [w for w in find_dates(text, None, lang) if w.precision == "day"]
        if days:
            return days[0].date
    return None


NARRATIVE_REACH = 3   # sentences back "le lendemain" looks for the day the story has reached


def narrative_day(dates, k: int, lead: dt.date | None) -> dt.date | None:
    """The day the story is on at sentence k: the day a recent sentence names (the day
    something happened before the day it was said), else the lead date.

    "L'armée a attaqué le 10 mai. Le lendemain, la ville est tombée": the 11th,
    whatever the lead's day.
    """
    for j in range(k - 1, max(-1, k - 1 - NARRATIVE_REACH), -1):
        days = [w for w in dates[j] if w.precision == "day"]
        if days:
            return next((w for w in reversed(days) if not w.said), days[-1]).date
    return lead


# the days of a month each part names, as a reader would accept them ("mi-avril" for the 11th)
PART_DAYS = {"begin": (1, 10), "mid": (10, 20), "end": (20, 31)}
PART_REACH = 2   # sentences either side where the story may give the exact day


def _exact_part(w: When, days: list[When], reference: dt.date | None) -> When:
    """"Des combats opposent depuis mi-avril l'armée aux rebelles. L'offensive avait été lancée
    le 11 avril": the part of a month is the one day of it the story gives nearby, when it gives
    exactly one (written with its number, not a statement's day); else it stays the month's part."""
    lo, hi = PART_DAYS[w.part]
    found = {d.date for d in days if d.precision == "day" and not d.said and not d.relative
             and (d.date_end in (None, d.date) or d.date_end == reference)   # not "du 12 au 18 juin"
             and (d.date.year, d.date.month) == (w.date.year, w.date.month) and lo <= d.date.day <= hi}
    if len(found) != 1:
        return w
    day = found.pop()
    end = (reference if reference and reference >= day else None) if w.span else None
    return replace(w, date=day, precision="day", date_end=end)


def _with_exact_parts(found: list[When], k: int, texts: list[str], reference, lang: str) -> list[When]:
    """A sentence's parts of months made exact by a day given within PART_REACH sentences
    (read afresh there: only for the rare sentence that holds such a part)."""
    if not any(w.part for w in found):
        return found
    r = rules(lang)
    near = [w for j in range(max(0, k - PART_REACH), min(len(texts), k + PART_REACH + 1))
            for w in (found if j == k else find_dates(texts[j], reference, lang))
            if _names_its_day(texts[j][w.start:w.end], r)]
    return [_exact_part(w, near, reference) if w.part else w for w in found]


def _names_its_day(words: str, r: _DateRules) -> bool:
    """A day written with its number and month ("le 11 avril", "May 12, 2023"), not one counted
    ("il y a 12 jours", "hier") or named by its weekday."""
    return bool(r.day_month.search(words) or r.full.search(words))


@component("dates", requires=("sentences", "reference", "lang"), assigns=("dates", "lead", "reference"))
def dates_step(doc) -> None:
    """Each sentence's time expressions, read against the reference day, and the story's lead date.

    The reference is the publication date, else the dateline's day (both set
    by the dateline step), else the lead's explicit date, else none.
    """
    lang = doc.lang
    if doc.reference is None:
        doc.reference = lead_reference([s.text for s in doc.sentences[:2]], lang)
    reference = doc.reference
    lead = [reference]   # "la veille" counts from the story's day once the lead is known
    order = {id(sent): k for k, sent in enumerate(doc.sentences)}

    texts = [s.text for s in doc.sentences]

    def read(sent):
        k = order[id(sent)]
        found = find_dates(sent.text, reference, lang, anchor=lambda: narrative_day(doc.dates, k, lead[0]),
                           night=lambda: lead_night(doc.dates, reference, before=k))
        return _with_exact_parts(found, k, texts, reference, lang)
    doc.dates = PerSentence(doc.sentences, read)
    doc.lead = lead_date(doc.dates, doc.reference)
    lead[0] = doc.lead or reference
