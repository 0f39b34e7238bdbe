"""The notebook lookup (wirebrief.gazetteer.lookup / candidates): namesakes ranked, near= and country=."""
import pytest

from wirebrief.gazetteer import candidates, lookup


def test_a_name_in_any_language_gives_its_canonical_place():
    assert lookup("Alep")["name"] == "Aleppo"
    assert lookup("Genève")["country"] == "CH"
    assert lookup("Nowhere-at-all") is None


def test_near_picks_the_namesake_closest_to_a_place_or_a_point():
    assert lookup("Tripoli")["country"] == "LY"
    assert lookup("Tripoli", near="Beirut")["country"] == "LB"
    assert lookup("Tripoli", near=(32.9, 13.2))["country"] == "LY"
    assert lookup("Tripoli", country="lb")["country"] == "LB"


def test_candidates_list_every_namesake_ranked_with_distances():
    rows = candidates("Tripoli", near="Beirut")
    assert {r["country"] for r in rows} >= {"LB", "LY"}
    assert [r["km"] for r in rows] == sorted(r["km"] for r in rows)
    assert rows[0]["km"] < 100 < rows[-1]["km"]
    assert all(r["km"] is None for r in candidates("Tripoli"))


def test_an_unknown_anchor_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown place 'Xqzwvth'"):
        lookup("Tripoli", near="Xqzwvth")
