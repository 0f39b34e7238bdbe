"""The extraction tables (tests/cases/<name>.yaml): one loader and one adapter.

A table is a YAML list of cases. Every case is a mapping:

    id:         "<lang>/<phenomenon>/<nnnn>", e.g. fr/subset/0007; the language is read from it
    text:       the sentence(s) to extract from
    published:  ISO date the text is read against (optional; the file's top comment
                "# published: <date|none>" gives the default)
    prefix:     true when only the first len(expected) items are compared, not the whole list
                (optional; for checks that only ever looked at the first row or value)

and one or more expected lists, named like the keys of `run`: casualties, events,
places, quantities, dates. Each list item is a mapping, and only the fields it
lists are compared; an empty list means "nothing expected" (a trap).

`run` is the only test code that calls the library.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

CASES = Path(__file__).parent / "cases"
EXPECTED = ("casualties", "events", "places", "quantities", "dates")
_KEYS = {"id", "text", "published", "prefix", *EXPECTED}
_ID = re.compile(r"(?P<lang>fr|en)/[a-z][a-z0-9_]*/\d{4}")
_DEFAULT = re.compile(r"#\s*published:\s*(?P<value>\S+)\s*$")


class CaseError(ValueError):
    """A malformed table or case: the table is wrong, not the library."""


def run(text: str, lang: str, published: dt.date | None) -> dict:
    """Everything the tables compare, as plain data, for one case text.

    This is the only function in the tests that calls the library: the
    production pipeline (wirebrief.extract.pipeline.default) with the case's
    publication date, then the frame rows (wirebrief.extract.rows). It returns:

        casualties  casualty rows (dicts keyed by the casualties frame's column names)
        events      event rows (events frame columns)
        locations   location rows (locations frame columns)
        places      (name, literal, country) per place mention, in text order
        quantities  (low, best, high) per number found, sentence by sentence
        dates       (ISO date, precision, ISO date_end, part_of_day, span, basis, as_of) per
                    time expression, sentence by sentence
    """
    from wirebrief.extract.pipeline import default
    from wirebrief.extract.rows import frame_rows

    doc = default()(text, lang, published, "case")
    rows = frame_rows(doc)
    return {
        "casualties": rows["casualties"],
        "events": rows["events"],
        "locations": rows["locations"],
        "places": [(m.place.name, m.literal, m.place.country) for m in doc.mentions],
        "quantities": [(q.low, q.best, q.high) for found in doc.quantities for q in found],
        "dates": [(w.date.isoformat(), w.precision, w.date_end and w.date_end.isoformat(), w.part_of_day,
                   w.span, w.basis, w.as_of) for found in doc.dates for w in found],
    }


def load(name: str) -> list[dict]:
    """The cases of tests/cases/<name>.yaml, each with `lang` and `published` filled in.

    Raises CaseError on anything malformed: a bad or repeated id, an unknown key,
    a case with no expected list, an item that is not a mapping.
    """
    path = CASES / f"{name}.yaml"
    source = path.read_text(encoding="utf-8")
    default = _default_published(source, path.name)
    cases = yaml.safe_load(source)
    if not isinstance(cases, list) or not cases:
        raise CaseError(f"{path.name}: expected a non-empty list of cases")
    seen: set[str] = set()
    out = []
    for n, case in enumerate(cases, 1):
        where = f"{path.name}, case {n}"
        if not isinstance(case, dict):
            raise CaseError(f"{where}: a case is a mapping, got {case!r}")
        cid = case.get("id")
        m = _ID.fullmatch(cid) if isinstance(cid, str) else None
        if m is None:
            raise CaseError(f"{where}: id {cid!r} is not <fr|en>/<phenomenon>/<nnnn>")
        where = f"{path.name}, {cid}"
        if cid in seen:
            raise CaseError(f"{where}: id used twice")
        seen.add(cid)
        if unknown := sorted(set(case) - _KEYS):
            raise CaseError(f"{where}: unknown keys {unknown}")
        if not isinstance(case.get("text"), str) or not case["text"].strip():
            raise CaseError(f"{where}: no text")
        expected = [k for k in EXPECTED if k in case]
        if not expected:
            raise CaseError(f"{where}: nothing expected (one of {', '.join(EXPECTED)})")
        for key in expected:
            items = case[key]
            if not isinstance(items, list) or not all(
                    isinstance(i, dict) and i and all(isinstance(f, str) for f in i) for i in items):
                raise CaseError(f"{where}: {key} must be a list of non-empty mappings")
        if not isinstance(case.get("prefix", False), bool):
            raise CaseError(f"{where}: prefix is true or false")
        published = _date(case["published"], where) if "published" in case else default
        out.append({**case, "lang": m["lang"], "published": published, "prefix": case.get("prefix", False)})
    return out


def _default_published(source: str, where: str) -> dt.date | None:
    """The '# published: <date|none>' line of the file's top comment."""
    for line in source.splitlines():
        if not line.startswith("#"):
            break
        if m := _DEFAULT.match(line):
            return None if m["value"].lower() == "none" else _date(m["value"], where)
    raise CaseError(f"{where}: the top comment must state '# published: <ISO date|none>'")


def _date(value, where: str) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CaseError(f"{where}: published {value!r} is not an ISO date") from None
