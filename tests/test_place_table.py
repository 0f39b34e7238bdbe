"""The place table (tests/cases/places.yaml): every sentence with the places a coder would list."""
from pathlib import Path

import pytest
import yaml

from wirebrief.extract.places import geoparse

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "places.yaml").read_text(encoding="utf-8"))


def parse_place(spec: str) -> tuple[str, bool, str | None]:
    """'Washington~' -> ('Washington', False, None); 'Tripoli@LY' -> ('Tripoli', True, 'LY')."""
    name, _, country = spec.partition("@")
    literal = not name.endswith("~")
    return name.rstrip("~"), literal, country or None


def _id(case):
    return (case.get("fr") or case.get("en"))[:60]


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_place_table(case):
    lang = "fr" if "fr" in case else "en"
    mentions = geoparse(case[lang], lang)
    want = {parse_place(p) for p in case["places"]}
    pinned = {name: country for name, _, country in want if country}
    got = {(m.place.name, m.literal, pinned.get(m.place.name) and m.place.country) for m in mentions}
    assert got == want


def test_table_is_big_enough_and_bilingual():
    langs = [("fr" if "fr" in c else "en") for c in CASES]
    assert len(CASES) >= 80 and langs.count("fr") >= 30 and langs.count("en") >= 30
