"""Frame contracts: every column with its dtype and meaning, checked where frames are built.

docs/frames.md is generated from these (`python -m wirebrief.schema > docs/frames.md`);
a test keeps the two in sync.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pandas as pd

from .errors import SchemaError


@dataclass(frozen=True)
class Rule:
    """The values a column may hold (a null always may): `bad` marks the others."""
    says: Callable[[], str]                     # what the rule asks, for an error message
    bad: Callable[[pd.Series], pd.Series]


def one_of(values: Callable[[], frozenset]) -> Rule:
    """One of a set, read from data when first needed (event types, count kinds)."""
    return Rule(lambda: "one of " + ", ".join(sorted(values())), lambda s: s.notna() & ~s.isin(values()))


def between(low: float, high: float) -> Rule:
    return Rule(lambda: f"between {low} and {high}", lambda s: s.notna() & ~s.between(low, high))


@cache
def country_codes() -> frozenset:
    """ISO 3166-1 alpha-2 codes (CLDR's territories through babel), plus the user-assigned
    XK (Kosovo) that GeoNames and the gazetteer use."""
    from babel import Locale
    groupings = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}   # CLDR's unions and pseudo-regions
    return frozenset(k for k in Locale("en").territories if re.fullmatch(r"[A-Z]{2}", k)) - groupings | {"XK"}


COUNTRY = Rule(lambda: "an ISO 3166-1 alpha-2 code", lambda s: s.notna() & ~s.isin(country_codes()))
COUNT = Rule(lambda: "a count of 0 or more", lambda s: s.notna() & (s < 0))
LAT, LON = between(-90, 90), between(-180, 180)


def _event_types() -> frozenset:
    from .codes import coded_types
    return frozenset(coded_types())


def _count_kinds() -> frozenset:
    from .codes import count_kinds
    return frozenset(count_kinds())


SCOPE = one_of(lambda: frozenset({"incident", "cumulative"}))
DATE_PRECISION = one_of(lambda: frozenset({"day", "week", "month", "season", "year"}))
DATE_BASIS = one_of(lambda: frozenset({"text", "lead", "published", "weekday_mismatch"}))
PART_OF_DAY = one_of(lambda: frozenset({"morning", "afternoon", "evening", "night"}))
PLACE_KIND = one_of(lambda: frozenset({"country", "admin1", "region", "city", "district", "site"}))
EVENT_TYPE = one_of(_event_types)
COUNT_KIND = one_of(_count_kinds)


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    meaning: str
    rule: Rule | None = None


@dataclass(frozen=True)
class Schema:
    name: str
    doc: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def frame(self, records: list[dict]) -> pd.DataFrame:
        """A DataFrame with exactly these columns, in order, with these dtypes."""
        df = pd.DataFrame.from_records(records, columns=self.names) if records else \
            pd.DataFrame({c: [] for c in self.names})
        return self.coerce(df)

    def coerce(self, df: pd.DataFrame) -> pd.DataFrame:
        for c in self.columns:
            if c.name not in df:
                df[c.name] = None
            if c.dtype == "object":
                df[c.name] = df[c.name].astype(object)
            elif c.dtype == "datetime64[ns]":
                df[c.name] = pd.to_datetime(df[c.name], errors="coerce").astype("datetime64[ns]")
            else:
                df[c.name] = df[c.name].astype(c.dtype)
        return df[self.names]

    def split(self, df: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
        """(the rows whose values keep every column's rule, one problem per row that does not).

        A problem names its article and what was wrong, so that a bad row becomes an
        `errors` row instead of vanishing, and costs no other row of its article.
        """
        bad = pd.Series(False, index=df.index)
        why: dict = {}
        for c in self.columns:
            if c.rule is None or c.name not in df or df.empty:
                continue
            mask = c.rule.bad(df[c.name]).fillna(False).astype(bool)
            for i in df.index[mask & ~bad]:
                why[i] = f"{self.name}: {c.name} {df.at[i, c.name]!r} is not {c.rule.says()}"
            bad |= mask
        problems = [{"article_id": df.at[i, "article_id"] if "article_id" in df else None, "message": msg}
                    for i, msg in why.items()]
        return df[~bad], problems

    def validate(self, df: pd.DataFrame) -> None:
        missing = [c for c in self.names if c not in df.columns]
        if missing:
            raise SchemaError(f"{self.name}: missing columns {missing}")


S, I, F, B, D = "string", "Int64", "Float64", "boolean", "datetime64[ns]"  # noqa: E741

ARTICLES = Schema("articles", "One row per article read.", (
    Column("article_id", S, "file name without extension; for records their `id`, else `<file>-<n>`"),
    Column("title", S, "title from the page, feed, record or manifest"),
    Column("published", D, "publication day as written (manifest, sidecar JSON, page or feed metadata); empty when none or unreadable (then an `errors` row)"),
    Column("source", S, "publisher or agency (e.g. AFP)"),
    Column("url", S, "address of the original"),
    Column("lang", S, "ISO 639-1 language, detected unless given (a given tag is cut to its language: en-GB -> en)"),
    Column("path", S, "file the article came from"),
    Column("text", S, "article text (character offsets in other frames refer to it)"),
))

CASUALTIES = Schema("casualties", "One row per casualty count (see Conventions below).", (
    Column("article_id", S, "article the count is in"),
    Column("casualty_id", S, "stable id of the count: `<article_id>:<n>`, n its 0-based row number within the article"),
    Column("kind", S, "killed | injured | missing | displaced", COUNT_KIND),
    Column("low", I, "lower bound as reported ('au moins 12' -> 12)", COUNT),
    Column("best", I, "best estimate ('une vingtaine' -> 20)", COUNT),
    Column("high", I, "upper bound ('près de 300' -> 300)", COUNT),
    Column("group", S, "who, in English: people, civilians, children, rebels, ..."),
    Column("part_of", I, "0-based row number, within the article, of the count this one is a subset of"),
    Column("part_of_id", S, "`casualty_id` of the count this one is a subset of (join on it: `df.merge(df, left_on=\"part_of_id\", right_on=\"casualty_id\")`)"),
    Column("scope", S, "incident | cumulative", SCOPE),
    Column("location", S, "canonical English name of the most specific place the count refers to"),
    Column("country", S, "ISO 3166-1 alpha-2 of that place", COUNTRY),
    Column("lat", F, "latitude of that place (WGS84)", LAT),
    Column("lon", F, "longitude of that place (WGS84)", LON),
    Column("reported_by", S, "who gives the figure (SOHR, UN, SANA, ...)"),
    Column("claimed", B, "true when a party claims the figure about its own attack"),
    Column("date", D, "incident date (a span's first day: 'depuis lundi soir' -> that Monday), or the day a running total is given at ('au 30 juin', 'as of June 30'); empty for other cumulative tolls"),
    Column("date_end", D, "last day the date covers when it covers more than one (a span up to publication, a week); empty for a single day"),
    Column("date_precision", S, "day | week", DATE_PRECISION),
    Column("part_of_day", S, "morning | afternoon | evening | night, where the text says ('mardi soir', 'overnight')", PART_OF_DAY),
    Column("date_basis", S, "text (a time expression in the sentence) | weekday_mismatch (the text's date, whose weekday names another day: the day of the month is kept) | lead (the story's news day) | published (no date in the text)", DATE_BASIS),
    Column("start", I, "character offset where the evidence of the count starts in the article text"),
    Column("end", I, "character offset where it ends"),
    Column("evidence", S, "the sentence the count is in"),
    Column("incident_id", S, "the incident (`incidents` frame) the count is a toll of; empty for a count of no one incident (a war's total, an earlier strike mentioned in passing)"),
))

LOCATIONS = Schema("locations", "One row per place per article.", (
    Column("article_id", S, "article that names the place"),
    Column("name", S, "canonical English name (GeoNames style)"),
    Column("surface_forms", S, "the forms used in the article, '|'-separated"),
    Column("country", S, "ISO 3166-1 alpha-2 (the country itself for a country)", COUNTRY),
    Column("kind", S, "country | admin1 | region | city | district | site", PLACE_KIND),
    Column("lat", F, "latitude (WGS84)", LAT),
    Column("lon", F, "longitude (WGS84)", LON),
    Column("literal", B, "false when every mention stands for a government ('Moscou a démenti')"),
    Column("mentions", I, "how many times the article names it"),
    Column("start", I, "character offset of the first mention"),
    Column("end", I, "end offset of the first mention"),
))

EVENTS = Schema("events", "One row per distinct event (types and rules: see Conventions below).", (
    Column("article_id", S, "article that reports the event"),
    Column("type", S, "meeting | appeal | agreement | ceasefire_breach | airstrike | shelling | bombing | battle | attack_on_civilians | humanitarian | evacuation (the guideline's types) | protest | riot | arrest | strategic (data/event_types.csv)", EVENT_TYPE),
    Column("acled_event_type", S, "ACLED event type of the sub-event type"),
    Column("acled_sub_event_type", S, "ACLED sub-event type, chosen from the trigger's words (car bomb -> Remote explosive/landmine/IED; data/acled_subtypes.csv)"),
    Column("plover", S, "PLOVER category of the sub-event type or type"),
    Column("status", S, "asserted | planned | uncertain"),
    Column("actors", "object", "parties in English canonical form (list of str)"),
    Column("actor1", S, "the party that acts, where the sentence says (ACLED actor1; the agent of a passive)"),
    Column("actor2", S, "the party it targets or fights, where the sentence says (ACLED actor2)"),
    Column("location", S, "canonical English name of the most specific place"),
    Column("country", S, "ISO 3166-1 alpha-2 of that place", COUNTRY),
    Column("lat", F, "latitude (WGS84)", LAT),
    Column("lon", F, "longitude (WGS84)", LON),
    Column("date", D, "when it happened (or is planned), resolved against the publication date; a span's first day ('du 3 au 5 mai' -> 3 May; an overnight event its first day)"),
    Column("date_end", D, "last day the date covers when it covers more than one ('du 3 au 5 mai' -> 5 May, 'depuis lundi' -> publication, 'en mars' -> 31 March); empty for a single day"),
    Column("date_precision", S, "day | week | month | season | year", DATE_PRECISION),
    Column("part_of_day", S, "morning | afternoon | evening | night, where the text says ('mardi soir', 'early Tuesday', 'overnight')", PART_OF_DAY),
    Column("date_basis", S, "text (a time expression in the sentence, never the day a statement was made) | weekday_mismatch (the text's date, whose weekday names another day: the day of the month is kept) | lead (undated: the story's news day, from its first dated event or sentence) | published (undated, and the lead names no day)", DATE_BASIS),
    Column("trigger", S, "the words that signalled the event"),
    Column("start", I, "character offset of the trigger in the article text"),
    Column("end", I, "end offset of the trigger"),
    Column("evidence", S, "the sentence that reports it"),
    Column("incident_id", S, "the incident (`incidents` frame) the event is part of; empty when it is no violent incident or not the article's main one"),
))

ACTORS = Schema("actors", "One row per person or party an article mentions (data/actors.yaml).", (
    Column("article_id", S, "article that mentions it"),
    Column("name", S, "canonical English name of the person or party"),
    Column("kind", S, "person | party"),
    Column("party", S, "the party a person speaks for (the party itself for a party)"),
    Column("role", S, "a person's office, e.g. Secretary of State"),
    Column("surface_forms", S, "the spellings seen, separated by |"),
    Column("mentions", I, "how many times the article names it"),
    Column("start", I, "character offset of the first mention"),
    Column("end", I, "end offset of the first mention"),
))

STATEMENTS = Schema("statements", "One row per direct quotation whose speaker the text names "
                    "(\"…,\" said X; X a déclaré : « … »; a pronoun takes the speaker of the quotation "
                    "just before). Quotations with no named speaker are left out.", (
    Column("article_id", S, "article that quotes it"),
    Column("speaker", S, "the speaker as the text names them (\"Fatima Adam\", \"Rami Abdel Rahmane\", \"UNICEF\")"),
    Column("role", S, "the role the text gives right after the name (\"a teacher\", \"the governor of North Darfur\"), if any"),
    Column("quote", S, "the quotation as published, without its quote marks"),
    Column("start", I, "character offset of the quotation (with its quote marks) in the article text"),
    Column("end", I, "end offset of the quotation"),
    Column("speaker_start", I, "character offset of the words that name the speaker"),
    Column("speaker_end", I, "end offset of those words"),
))

INCIDENTS = Schema("incidents", "One row per incident: the articles and sources that report one happening, "
                   "linked across outlets and days, with the range of their tolls (UCDP-style low, best, high; "
                   "the rule is in wirebrief.incidents.tolls).", (
    Column("incident_id", S, "stable id from content (its first article, place and day): `inc-` and 12 hex digits"),
    Column("type", S, "the event type most of its reports give", EVENT_TYPE),
    Column("acled_event_type", S, "ACLED event type of that type"),
    Column("acled_sub_event_type", S, "ACLED sub-event type of that type"),
    Column("location", S, "the place most of its reports give (canonical English name)"),
    Column("country", S, "ISO 3166-1 alpha-2 of that place", COUNTRY),
    Column("lat", F, "latitude (WGS84)", LAT),
    Column("lon", F, "longitude (WGS84)", LON),
    Column("date", D, "first day (the day the text gives; else the first publication day)"),
    Column("date_end", D, "last day its reports give (the same as `date` for a one-day incident)"),
    Column("killed_low", I, "lowest remaining death toll of its sources", COUNT),
    Column("killed_best", I, "most likely death toll: the latest figure, or the highest when not every figure is dated", COUNT),
    Column("killed_high", I, "highest death toll of its sources", COUNT),
    Column("injured_low", I, "lowest remaining injured count", COUNT),
    Column("injured_best", I, "most likely injured count (as killed_best)", COUNT),
    Column("injured_high", I, "highest injured count", COUNT),
    Column("sources", "object", "every source's figure: `source: kind figure (article_id, published)`, superseded ones included (list of str)"),
    Column("n_articles", I, "articles that report it"),
    Column("articles", "object", "their article ids (list of str)"),
))

ERRORS = Schema("errors", "One row per file or article that could not be read or parsed.", (
    Column("path", S, "file concerned"),
    Column("stage", S, "read | decode | html | json | feed | manifest | date (an unreadable publication date: the article is kept undated) | extract | schema (a row whose values break its frame's rules: that row is left out, the article's others kept)"),
    Column("message", S, "what went wrong, for a person"),
    Column("article_id", S, "article concerned, when known"),
))

ALL = {s.name: s for s in (ARTICLES, EVENTS, CASUALTIES, LOCATIONS, ACTORS, STATEMENTS, INCIDENTS, ERRORS)}


def _cell(text: str) -> str:
    """Text for a Markdown table cell: its own | would end the cell."""
    return text.replace("|", "\\|")


# docs/frames.md must stand alone: what is on disk and what a row means, in the reader's hands
LAYOUT = """## On disk

`wirebrief parse CORPUS --out FOLDER` writes one Parquet dataset per frame,
partitioned by the month the article was published:
`FOLDER/events.parquet/month=2023-06/<part>.parquet`. `month` is a partition
column, not a stored one: it is `YYYY-MM` of `articles.published`, and `unknown`
for undated articles. pandas (`pd.read_parquet("FOLDER/events.parquet")`),
pyarrow and Dask read it back with `month` as a column (a category);
`wirebrief.Frames.load(FOLDER, start, end)` opens only the months of the window
and drops the column. A frame without rows is still written, empty with its
schema (`errors.parquet/empty.parquet`). Two frames are not partitioned:
`errors` (an error may have no article) and `incidents` (an incident spans
articles and months; `incidents.parquet/incidents.parquet` is rewritten whole
after each parse, and a window's `Frames.load` keeps the incidents its events
and counts belong to)."""

CONVENTIONS = """## Conventions

How a text becomes rows; tests/cases/*.yaml hold the examples.

- **Numbers.** "around", "about", "une vingtaine" give `best` only; "at least N" gives `low`,
  "fewer than N" / "moins de N" give `high` and `best`; a range "300 to 500" gives `low` and
  `high` with `best` empty; "dozens" / "des dizaines" give `low` 20, "thousands" / "des
  milliers" `low` 2000. A single victim named as such ("a nurse was killed") counts 1.
- **One record per count.** The same figure repeated for the same people is one row; a
  restatement with another figure is another row.
- **Subsets.** `part_of` points at the total a count is presented as part of ("including",
  "of whom", "dont", "parmi lesquels"); counts merely listed side by side have none.
- **Scope.** `incident`: one attack, a series of strikes over a few days, or one day's
  tally. `cumulative`: a running total ("bringing the toll to", "porte le bilan à"), a
  tally over a week or more, a total since a date, a month or an event more than a week
  back, a war total. Sum incidents; never add cumulative totals to them.
- **Kinds.** `displaced` includes planned evacuations and counts of families; people
  besieged, trapped or receiving aid are not casualty rows.
- **Places.** A province or governorate takes its capital's coordinates; a dateline city
  is a place (`literal` true); a capital that stands for its government ("Paris a
  condamné") is `literal` false.
- **Events.** One event per place when a clause names several places where the same thing
  happened. Unspecified bombardment is `shelling`; air raids are `airstrike`. Dates are
  resolved only when the publication date is known or the text gives the year; an
  overnight event takes its first day.
- **Sources.** `reported_by` keeps the acronym the article uses (SOHR or OSDH, UN or ONU)."""


def markdown() -> str:
    out = ["# Frames", "", "Generated from `src/wirebrief/schema.py` "
           "(`python -m wirebrief.schema > docs/frames.md`). Every extracted row keeps its "
           "evidence: the article id and the character span (`start`, `end`) in `articles.text`. "
           "Values are enforced where frames are built: a row whose value breaks its column's rule "
           "(the last column below) becomes an `errors` row (stage `schema`) naming its article, "
           "and the article's other rows are kept.", ""]
    for s in ALL.values():
        out += [f"## {s.name}", "", s.doc, "", "| column | dtype | meaning | values |", "|---|---|---|---|"]
        out += [f"| `{c.name}` | {c.dtype} | {_cell(c.meaning)} | {_cell(c.rule.says()) if c.rule else ''} |"
                for c in s.columns]
        out.append("")
    out += [LAYOUT, "", CONVENTIONS, ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
