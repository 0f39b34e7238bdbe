"""Schemas that enforce values (issue 22): a row whose value breaks its column's rule becomes
an errors row of its article; the article's other rows stay."""
from __future__ import annotations

from wirebrief.corpus import Article
from wirebrief.extract.batch import _values_enforced, frames_of
from wirebrief.frames import Frames
from wirebrief.schema import ALL, ARTICLES, CASUALTIES, EVENTS, LOCATIONS, country_codes


def _frames(casualties=(), locations=(), events=()) -> Frames:
    art = vars(Article("a1", "Trois civils tués.", path="a1.txt", lang="fr"))
    return Frames(articles=ARTICLES.frame([art]), casualties=CASUALTIES.frame(list(casualties)),
                  locations=LOCATIONS.frame(list(locations)), events=EVENTS.frame(list(events)))


def test_a_bad_value_costs_its_row_only_and_is_reported_with_its_article():
    good = {"article_id": "a1", "kind": "killed", "best": 3, "scope": "incident", "country": "SY"}
    bad = {"article_id": "a1", "kind": "dead", "best": 2, "scope": "incident", "country": "SY"}
    out = _values_enforced(_frames(casualties=[good, bad]))
    assert out.casualties["kind"].tolist() == ["killed"]
    assert out.errors[["article_id", "stage", "path"]].values.tolist() == [["a1", "schema", "a1.txt"]]
    assert "kind 'dead'" in out.errors["message"].iloc[0] and "killed" in out.errors["message"].iloc[0]


def test_each_rule_catches_its_kind_of_bad_value():
    rows = [
        ("casualties", {"article_id": "a1", "kind": "killed", "best": -4}, "best"),
        ("casualties", {"article_id": "a1", "kind": "killed", "scope": "yearly"}, "scope"),
        ("casualties", {"article_id": "a1", "kind": "killed", "date_precision": "hour"}, "date_precision"),
        ("locations", {"article_id": "a1", "name": "X", "kind": "planet"}, "kind"),
        ("locations", {"article_id": "a1", "name": "X", "kind": "city", "country": "Syria"}, "country"),
        ("locations", {"article_id": "a1", "name": "X", "kind": "city", "lat": 95.0}, "lat"),
        ("events", {"article_id": "a1", "type": "picnic"}, "type"),
    ]
    for frame, row, column in rows:
        good, problems = ALL[frame].split(ALL[frame].frame([row]))
        assert good.empty and len(problems) == 1 and f" {column} " in problems[0]["message"], (frame, row)


def test_nulls_and_the_codes_the_gazetteer_uses_are_allowed():
    row = {"article_id": "a1", "name": "Pristina", "kind": "city", "country": "XK", "lat": 42.67, "lon": 21.17}
    good, problems = LOCATIONS.split(LOCATIONS.frame([row, {"article_id": "a1", "name": "Red Sea", "kind": "region"}]))
    assert len(good) == 2 and problems == []
    assert {"SY", "SD", "UA", "XK"} <= country_codes() and not {"EU", "UN", "ZZ"} & country_codes()


def test_every_row_the_extractors_write_on_real_text_keeps_the_rules():
    text = ("ALEP (AFP) - Au moins douze civils ont été tués jeudi dans des frappes aériennes sur Alep, "
            "a indiqué l'OSDH. Des milliers d'habitants ont fui vers la Turquie.")
    frames = frames_of([Article("t", text, lang="fr", path="t.txt")])
    assert frames.errors.empty, frames.errors["message"].tolist()
    assert len(frames.casualties) and len(frames.locations) and len(frames.events)
