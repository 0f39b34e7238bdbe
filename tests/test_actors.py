"""Actors: the data file's shape and the national-force rule (the actor table proper is the
`actors_*` groups of tests/cases/events.yaml, run through the production pipeline).

None of these sentences comes from the sample or development articles.
"""
import csv

import pytest

from wirebrief.config import GAZETTEER_DIR
from wirebrief.extract.actors import find_actors, force_name, parties, parties_in, resolve

KINDS = {"state", "government", "military", "armed_group", "rebels", "opposition", "international",
         "coalition", "humanitarian", "monitor", "media"}


def _iso_codes() -> set[str]:
    with open(GAZETTEER_DIR / "nationalities.csv", encoding="utf-8") as fh:
        return {row["iso2"] for row in csv.DictReader(fh)}


def test_every_party_has_a_known_kind_and_a_country_code_or_none():
    codes = _iso_codes()
    bad = [(p.name, p.kind, p.country) for p in parties().values()
           if p.kind not in KINDS or (p.country is not None and p.country not in codes)]
    assert bad == []


def test_groups_of_many_conflicts_are_known():
    countries = {p.country for p in parties().values() if p.kind == "armed_group"}
    assert {"SD", "NG", "SO", "CD", "AF", "ML", "SY", "YE", "ET", "MM", "LY", "PS"} <= countries


@pytest.mark.parametrize("text, party", [
    ("L'armée malienne a repoussé l'assaut.", "Malian army"),
    ("Les soldats nigériens ont riposté.", "Nigerien army"),
    ("The Sudanese army shelled the city.", "Sudanese army"),
    ("Ethiopian troops entered the town.", "Ethiopian army"),
    ("La police burundaise a tiré en l'air.", "Burundian police"),
])
def test_a_force_next_to_a_nationality_adjective_is_that_nations(text, party):
    assert party in [a.party for a in find_actors(text)]


def test_a_bare_army_waits_for_the_events_country_and_is_left_out_without_one():
    (army,) = [a for a in find_actors("The army said the town was calm.") if a.force]
    assert army.party == "" and army.force == "army"
    assert resolve(army, "SD") == "Sudanese army" and resolve(army, "ML") == "Malian army"
    assert resolve(army, None) == "" and force_name("army", None) == ""
    assert parties_in("selon l'armée") == ()


def test_a_named_party_wins_over_a_national_force_on_the_same_words():
    assert [a.party for a in find_actors("Des raids de l'aviation russe ont visé la ville.")] == ["Russia"]
