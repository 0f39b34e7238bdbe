"""Frame contracts: every column with its dtype and meaning, checked where frames are built.

docs/frames.md is generated from these (`python -m wirebrief.schema > docs/frames.md`);
a test keeps the two in sync.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .errors import SchemaError


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    meaning: str


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
    Column("kind", S, "killed | injured | missing | displaced"),
    Column("low", I, "lower bound as reported ('au moins 12' -> 12)"),
    Column("best", I, "best estimate ('une vingtaine' -> 20)"),
    Column("high", I, "upper bound ('près de 300' -> 300)"),
    Column("group", S, "who, in English: people, civilians, children, rebels, ..."),
    Column("part_of", I, "0-based row number, within the article, of the count this one is a subset of"),
    Column("scope", S, "incident | cumulative"),
    Column("location", S, "canonical English name of the most specific place the count refers to"),
    Column("country", S, "ISO 3166-1 alpha-2 of that place"),
    Column("lat", F, "latitude of that place (WGS84)"),
    Column("lon", F, "longitude of that place (WGS84)"),
    Column("reported_by", S, "who gives the figure (SOHR, UN, SANA, ...)"),
    Column("claimed", B, "true when a party claims the figure about its own attack"),
    Column("date", D, "incident date; empty for cumulative tolls"),
    Column("date_precision", S, "day | week"),
    Column("date_basis", S, "text (a time expression in the sentence) | lead (the story's news day) | published (no date in the text)"),
    Column("start", I, "character offset where the evidence of the count starts in the article text"),
    Column("end", I, "character offset where it ends"),
    Column("evidence", S, "the sentence the count is in"),
))

LOCATIONS = Schema("locations", "One row per place per article.", (
    Column("article_id", S, "article that names the place"),
    Column("name", S, "canonical English name (GeoNames style)"),
    Column("surface_forms", S, "the forms used in the article, '|'-separated"),
    Column("country", S, "ISO 3166-1 alpha-2 (the country itself for a country)"),
    Column("kind", S, "country | admin1 | region | city | district | site"),
    Column("lat", F, "latitude (WGS84)"),
    Column("lon", F, "longitude (WGS84)"),
    Column("literal", B, "false when every mention stands for a government ('Moscou a démenti')"),
    Column("mentions", I, "how many times the article names it"),
    Column("start", I, "character offset of the first mention"),
    Column("end", I, "end offset of the first mention"),
))

EVENTS = Schema("events", "One row per distinct event (types and rules: see Conventions below).", (
    Column("article_id", S, "article that reports the event"),
    Column("type", S, "meeting | appeal | agreement | ceasefire_breach | airstrike | shelling | bombing | battle | attack_on_civilians | humanitarian | evacuation"),
    Column("acled_event_type", S, "ACLED event type the type maps to"),
    Column("acled_sub_event_type", S, "ACLED sub-event type"),
    Column("plover", S, "PLOVER category"),
    Column("status", S, "asserted | planned | uncertain"),
    Column("actors", "object", "parties in English canonical form (list of str)"),
    Column("location", S, "canonical English name of the most specific place"),
    Column("country", S, "ISO 3166-1 alpha-2 of that place"),
    Column("lat", F, "latitude (WGS84)"),
    Column("lon", F, "longitude (WGS84)"),
    Column("date", D, "when it happened (or is planned), resolved against the publication date"),
    Column("date_precision", S, "day | week | month | year"),
    Column("date_basis", S, "text (a time expression in the sentence) | lead (undated: the story's news day, from its first dated sentence)"),
    Column("trigger", S, "the words that signalled the event"),
    Column("start", I, "character offset of the trigger in the article text"),
    Column("end", I, "end offset of the trigger"),
    Column("evidence", S, "the sentence that reports it"),
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

ERRORS = Schema("errors", "One row per file or article that could not be read or parsed.", (
    Column("path", S, "file concerned"),
    Column("stage", S, "read | decode | html | json | feed | manifest | date (an unreadable publication date: the article is kept undated) | extract"),
    Column("message", S, "what went wrong, for a person"),
    Column("article_id", S, "article concerned, when known"),
))

ALL = {s.name: s for s in (ARTICLES, EVENTS, CASUALTIES, LOCATIONS, ACTORS, ERRORS)}


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
schema (`errors.parquet/empty.parquet`)."""

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
           "evidence: the article id and the character span (`start`, `end`) in `articles.text`.", ""]
    for s in ALL.values():
        out += [f"## {s.name}", "", s.doc, "", "| column | dtype | meaning |", "|---|---|---|"]
        out += [f"| `{c.name}` | {c.dtype} | {c.meaning} |" for c in s.columns]
        out.append("")
    out += [LAYOUT, "", CONVENTIONS, ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown(), end="")
