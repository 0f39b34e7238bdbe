"""Extraction checks that are not table rows: metonymy of a named place, gazetteer lookup, datelines.

The tables of sentences with expected rows and values are tests/cases/*.yaml (tests/test_tables.py).
"""
import datetime as dt

import pytest

from wirebrief.extract.places import geoparse
from wirebrief.extract.text import sentences
from wirebrief.gazetteer import lookup


@pytest.mark.parametrize("text,name,literal", [
    ("Washington et Moscou ont pris l'initiative.", "Washington", False),
    ("Ankara a démenti toute implication.", "Ankara", False),
    ("Il s'est rendu à Moscou mardi.", "Moscow", True),
])
def test_metonymy(text, name, literal):
    m = [m for m in geoparse(text, "fr") if m.place.name == name]
    assert m and m[0].literal is literal


def test_lookup():
    assert lookup("Alep")["name"] == "Aleppo"
    assert lookup("Genève")["country"] == "CH"


def test_a_dateline_is_its_own_segment_a_literal_place_and_a_reference_day():
    from wirebrief.corpus import Article
    from wirebrief.extract import extract_article
    from wirebrief.extract.dates import dateline_date
    text = ("KIEV, 30 janv 2017 (AFP) - Trois soldats ukrainiens ont été tués jeudi dans des combats "
            "à Avdiïvka, près de Donetsk. Kiev accuse Moscou d'armer les rebelles.")
    sents = sentences(text, "fr")
    assert sents[0].text.startswith("KIEV") and sents[1].text.startswith("Trois")
    kyiv = [m for m in geoparse(text, "fr") if m.place.name == "Kyiv"]
    assert [(m.dateline, m.literal) for m in kyiv] == [(True, True), (False, False)]
    assert dateline_date(text, "fr") == dt.date(2017, 1, 30)
    article = Article(article_id="a", text=text, lang="fr", published=None)
    events, cas, _, _ = extract_article(article)
    # the toll is where the fighting was, not where the story was filed; "jeudi" is read against the dateline
    assert [(c["location"], c["date"]) for c in cas] == [("Avdiyivka", dt.date(2017, 1, 26))]
    assert [(e["type"], e["location"]) for e in events] == [("battle", "Avdiyivka")]


def test_a_full_stop_inside_the_dateline_does_not_split_it():
    got = [s.text for s in sentences("WASHINGTON, Sept. 3 (AFP) - The talks resumed. Kerry met Lavrov.", "en")]
    assert got == ["WASHINGTON, Sept. 3 (AFP) - ", "The talks resumed.", "Kerry met Lavrov."]


@pytest.mark.parametrize("text, place", [
    ("BEIRUT: The ministry said two people were killed.", "BEIRUT"),
    ("Colombo: The death toll from the blasts rose to 290.", "Colombo"),
    ("Kaboul : Une explosion a secoué le centre-ville.", "Kaboul"),
    ("(Beyrouth) Le Hezbollah a revendiqué l'attaque.", "Beyrouth"),
    ("GOMA | Des milliers de déplacés affluent vers la ville.", "GOMA"),
    ("ODESA | Drones hit the port overnight.", "ODESA"),
    ("Rain | Sun | Wind: the week's weather", None),
    ("Analysis: what the truce means", None),
    ("Note: figures are provisional.", None),
])
def test_datelines_in_the_forms_wire_copy_uses(text, place):
    from wirebrief.extract.text import dateline
    end, _ = dateline(text)
    assert (text[:end].strip(" (") or None) == place
