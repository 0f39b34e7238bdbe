"""The casualty table (tests/cases/casualties.yaml): every sentence with the rows a coder would extract."""
import datetime as dt
from pathlib import Path

import pytest
import yaml

from wirebrief.corpus import Article
from wirebrief.extract import extract_article

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "casualties.yaml").read_text(encoding="utf-8"))
PUBLISHED = dt.date(2016, 9, 22)


def _figure(text: str) -> int | None:
    return None if text == "-" else int(text)


def parse_row(spec: str) -> dict:
    """'killed 23/23/- civilians incident by=SOHR part_of=0 claimed' -> expected fields."""
    kind, figures, group, scope, *extra = spec.split()
    low, best, high = (_figure(f) for f in figures.split("/"))
    want = {"kind": kind, "low": low, "best": best, "high": high,
            "group": group.replace("_", " "), "scope": scope, "part_of": None, "claimed": False}
    for item in extra:
        key, _, value = item.partition("=")
        if key == "claimed":
            want["claimed"] = True
        elif key == "part_of":
            want["part_of"] = int(value)
        elif key == "by":
            want["reported_by"] = value.replace("_", " ")
        elif key == "loc":
            want["location"] = value.replace("_", " ")
    return want


def _id(case):
    text = case.get("fr") or case.get("en")
    return text[:60]


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_casualty_table(case):
    lang = "fr" if "fr" in case else "en"
    text = case[lang]
    rows = extract_article(Article("t", text, published=PUBLISHED, lang=lang))[1]
    want = [parse_row(spec) for spec in case["rows"]]
    got = [{k: r[k] for k in w} for r, w in zip(rows, want, strict=False)]  # lengths compared below
    assert (len(rows), got) == (len(want), want), [
        (r["kind"], r["low"], r["best"], r["high"], r["group"], r["scope"], r["part_of"]) for r in rows]


def test_table_is_big_enough_and_bilingual():
    langs = [("fr" if "fr" in c else "en") for c in CASES]
    assert len(CASES) >= 80 and langs.count("fr") >= 30 and langs.count("en") >= 30
    assert sum(1 for c in CASES if not c["rows"]) >= 15  # traps
