"""The extraction tables (tests/cases/*.yaml): every case through the one adapter, `run`.

A case passes when each expected list matches what `run` got, comparing only the
fields the case lists (see tests/extraction_cases.py for the case format).
"""
import datetime as dt

import pytest

from tests import extraction_cases
from tests.extraction_cases import EXPECTED, CaseError, load, run

TABLES = {name: load(name) for name in ("numbers", "dates", "places", "casualties", "events")}

# `run` gives these as tuples; the cases name their fields
TUPLES = {"places": ("name", "literal", "country"), "quantities": ("low", "best", "high"),
          "dates": ("date", "precision", "date_end", "part_of_day", "span", "basis", "as_of")}
# what an assertion message shows of a got row when the case lists no field (a trap)
SHOWN = {"casualties": ("kind", "low", "best", "high", "group", "scope", "part_of"),
         "events": ("type", "status", "location", "date")}


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _field(row: dict, name: str, key: str):
    if key == "casualties" and name == "figure":   # the one derived field: best, else low
        return row["best"] if row["best"] is not None else row["low"]
    if name not in row:
        pytest.fail(f"{key}: no field {name!r} in what run() gives ({sorted(row)})")
    return _plain(row[name])


def _shown(key: str, rows: list[dict], want: list[dict]) -> list:
    names = list(dict.fromkeys(f for w in want for f in w)) or SHOWN.get(key) or TUPLES[key]
    return [{n: _field(r, n, key) for n in names if n in r or n == "figure"} for r in rows]


def _check_rows(key: str, want: list[dict], rows: list[dict], prefix: bool) -> None:
    """The same rows in the same order, each equal on the fields its expectation lists."""
    compared = rows[:len(want)] if prefix else rows
    got = [{n: _field(r, n, key) for n in w} for r, w in zip(compared, want, strict=False)]
    expected = [{n: _plain(v) for n, v in w.items()} for w in want]
    assert (len(compared), got) == (len(expected), expected), f"{key} got: {_shown(key, rows, want)}"


def _check_places(want: list[dict], mentions: list[dict], prefix: bool) -> None:
    """The same set of places, each compared on the fields its name's entry lists."""
    assert not prefix, "places are compared as a set: prefix does not apply"
    fields: dict[str, set] = {}
    for w in want:
        fields.setdefault(w["name"], set()).update(w)

    def key(item, names):
        return tuple(sorted((n, _plain(item.get(n))) for n in names))

    got = {key(m, fields.get(m["name"], {"name"})) for m in mentions}
    expected = {key(w, fields[w["name"]]) for w in want}
    assert got == expected, f"places got: {[tuple(m.values()) for m in mentions]}"


def check(case: dict) -> None:
    got = run(case["text"], case["lang"], case["published"])
    for key in EXPECTED:
        if key not in case:
            continue
        rows = [dict(zip(TUPLES[key], item, strict=True)) for item in got[key]] if key in TUPLES else got[key]
        if key == "places":
            _check_places(case[key], rows, case["prefix"])
        else:
            _check_rows(key, case[key], rows, case["prefix"])


def _cases(name):
    return pytest.mark.parametrize("case", TABLES[name], ids=[c["id"] for c in TABLES[name]])


@_cases("numbers")
def test_numbers(case):
    check(case)


@_cases("dates")
def test_dates(case):
    check(case)


@_cases("places")
def test_places(case):
    check(case)


@_cases("casualties")
def test_casualties(case):
    check(case)


@_cases("events")
def test_events(case):
    check(case)


def _phenomena(name, part):
    return [c["id"].split("/")[part] for c in TABLES[name]]


def test_casualty_table_is_big_enough_and_bilingual():
    langs = _phenomena("casualties", 0)
    assert len(langs) >= 80 and langs.count("fr") >= 30 and langs.count("en") >= 30
    assert _phenomena("casualties", 1).count("trap") >= 15


def test_date_table_is_big_enough_and_bilingual():
    langs = _phenomena("dates", 0)
    assert len(langs) >= 200 and langs.count("fr") >= 80 and langs.count("en") >= 80
    assert _phenomena("dates", 1).count("trap") >= 20


def test_place_table_is_big_enough_and_bilingual():
    langs = _phenomena("places", 0)
    assert len(langs) >= 80 and langs.count("fr") >= 30 and langs.count("en") >= 30


def test_a_trap_expects_nothing():
    wrong = [c["id"] for cases in TABLES.values() for c in cases
             if c["id"].split("/")[1] == "trap" and any(c[k] for k in EXPECTED if k in c)]
    assert not wrong


@pytest.mark.parametrize("source, problem", [
    ("- id: fr/trap/0001\n  text: x\n  events: []\n", "top comment"),
    ("# published: none\n- id: fr/trap/1\n  text: x\n  events: []\n", "not <fr|en>"),
    ("# published: none\n- id: de/trap/0001\n  text: x\n  events: []\n", "not <fr|en>"),
    ("# published: none\n- id: fr/trap/0001\n  text: x\n  events: []\n"
     "- id: fr/trap/0001\n  text: y\n  events: []\n", "used twice"),
    ("# published: none\n- id: fr/trap/0001\n  text: x\n  event: []\n", "unknown keys"),
    ("# published: none\n- id: fr/kind/0001\n  text: x\n", "nothing expected"),
    ("# published: none\n- id: fr/kind/0001\n  text: x\n  events: [airstrike]\n", "list of non-empty mappings"),
    ("# published: none\n- id: fr/kind/0001\n  text: x\n  published: mardi\n  events: []\n", "ISO date"),
], ids=["no-default-date", "short-number", "unknown-language", "repeated-id", "misspelt-key",
         "nothing-expected", "item-not-a-mapping", "bad-date"])
def test_a_malformed_case_fails_loudly(tmp_path, monkeypatch, source, problem):
    monkeypatch.setattr(extraction_cases, "CASES", tmp_path)
    (tmp_path / "bad.yaml").write_text(source, encoding="utf-8")
    with pytest.raises(CaseError, match=problem):
        load("bad")


def test_the_loader_fills_in_lang_and_the_default_published_date():
    first, *_ = TABLES["casualties"]
    assert (first["lang"], first["published"]) == ("fr", dt.date(2016, 9, 22))
    assert {c["published"] for c in TABLES["places"]} == {None}
