"""Tables of real-looking sentences (written for these tests) with expected rows."""
import datetime as dt

import pytest

from wirebrief.corpus import Article
from wirebrief.extract import extract_article
from wirebrief.extract.dates import find_dates
from wirebrief.extract.numbers import find_quantities
from wirebrief.extract.places import geoparse
from wirebrief.extract.text import sentences
from wirebrief.gazetteer import lookup

NUMBERS = [
    ("plus de 300 000 morts", "fr", (300000, 300000, None)),
    ("près de 300 insurgés", "fr", (None, 300, 300)),
    ("au moins douze personnes", "fr", (12, 12, None)),
    ("une vingtaine de morts", "fr", (None, 20, None)),
    ("des centaines de blessés", "fr", (200, None, None)),
    ("100.000 personnes", "fr", (100000, 100000, 100000)),
    ("290'000 morts", "fr", (290000, 290000, 290000)),
    ("300\u202f000 déplacés", "fr", (300000, 300000, 300000)),
    ("quatre-vingt-dix-sept civils", "fr", (97, 97, 97)),
    ("mille deux cents réfugiés", "fr", (1200, 1200, 1200)),
    ("entre 2 500 et 4 000 morts", "fr", (2500, None, 4000)),
    ("environ 40 blessés", "fr", (None, 40, None)),
    ("at least 8,000 people", "en", (8000, 8000, None)),
    ("nearly 50 civilians", "en", (None, 50, 50)),
    ("two dozen soldiers", "en", (24, 24, 24)),
    ("dozens of people", "en", (24, None, None)),
    ("fewer than 10 people", "en", (None, 10, 10)),
]


@pytest.mark.parametrize("text,lang,want", NUMBERS)
def test_numbers(text, lang, want):
    q = find_quantities(text, lang)[0]
    assert (q.low, q.best, q.high) == want


def _cas(text, lang="fr", published=dt.date(2016, 9, 22)):
    return extract_article(Article("t", text, published=published, lang=lang))[1]


CASUALTIES = [
    ("Au moins 12 civils ont été tués jeudi à Alep.", "fr", [("killed", 12, "civilians", "incident", "Aleppo")]),
    ("Le conflit a fait plus de 300 000 morts depuis 2011.", "fr", [("killed", 300000, "people", "cumulative", None)]),
    ("Un attentat a tué au moins douze personnes à Idleb.", "fr", [("killed", 12, "people", "incident", "Idlib")]),
    ("Une dizaine de familles ayant fui le quartier de Soukkari sont arrivées.", "fr", [("displaced", 10, "families", "incident", "Sukkari")]),
    ("Trente blessés ont été transportés à l'hôpital de Homs.", "fr", [("injured", 30, "people", "incident", "Homs")]),
    ("At least 15 people were killed in Raqqa on Monday.", "en", [("killed", 15, "people", "incident", "Raqqa")]),
    ("The strike killed 7 children in Douma.", "en", [("killed", 7, "children", "incident", "Douma")]),
    ("Some 40 trucks are blocked at the border for 3 days.", "en", []),
    ("Un enfant de 7 ans a été blessé.", "fr", [("injured", 1, "children", "incident", None)]),
    ("Quelque 250 000 personnes sont assiégées dans l'est d'Alep.", "fr", []),
    ("La vingtaine de puissances du GISS s'est réunie.", "fr", []),
    ("Le bombardement pourrait faire des centaines de morts.", "fr", []),
]


@pytest.mark.parametrize("text,lang,want", CASUALTIES)
def test_casualties(text, lang, want):
    rows = _cas(text, lang)
    got = [(r["kind"], r["best"] if r["best"] is not None else r["low"], r["group"], r["scope"],
            r["location"] if want and want[0][4] else None) for r in rows]
    assert got == want


def test_subsets_are_part_of_their_total():
    rows = _cas("13 personnes, dont trois enfants et deux femmes, ont été tuées à Alep.")
    assert [(r["best"], r["group"], r["part_of"]) for r in rows] == [
        (13, "people", None), (3, "children", 0), (2, "women", 0)]


def test_claimed_and_reported_by():
    rows = _cas("L'EI a revendiqué l'attaque, affirmant avoir tué des dizaines de personnes.")
    assert rows[0]["claimed"] is True and rows[0]["low"] == 20
    rows = _cas("Selon l'OSDH, 8 civils ont été tués à Hama.")
    assert rows[0]["reported_by"] == "SOHR"


PLACES = [
    ("Les combats se poursuivent à Alep et à Damas.", "fr", {"Aleppo", "Damascus"}),
    ("Des affrontements dans la province de Hama.", "fr", {"Hama Governorate"}),
    ("Les rebelles tiennent la Ghouta orientale.", "fr", {"Eastern Ghouta"}),
    ("John Kerry a rencontré Sergueï Lavrov à Genève.", "fr", {"Geneva"}),
    ("Le Conseil de sécurité de l'ONU se réunit à New York.", "fr", {"New York"}),
    ("Des frappes ont visé Raqa et Deir Ezzor.", "fr", {"Raqqa", "Deir ez-Zor"}),
    ("Clashes erupted in the Sheikh Maqsoud district of Aleppo.", "en", {"Sheikh Maqsoud", "Aleppo"}),
    ("Le groupe État islamique a revendiqué l'attaque.", "fr", set()),
]


@pytest.mark.parametrize("text,lang,want", PLACES)
def test_places(text, lang, want):
    assert {m.place.name for m in geoparse(text, lang)} == want


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


THURSDAY = dt.date(2016, 9, 22)
DATES = [
    ("a annoncé jeudi soir", "fr", "2016-09-22"),
    ("doit revoir vendredi à Genève", "fr", "2016-09-23"),
    ("avait reconnu mardi", "fr", "2016-09-20"),
    ("hier", "fr", "2016-09-21"),
    ("le 30 septembre 2015", "fr", "2015-09-30"),
    ("mi-juillet", "fr", "2016-07-15"),
    ("trois jours après le bombardement", "fr", "2016-09-19"),
    ("on Monday", "en", "2016-09-19"),
    ("will meet on Friday", "en", "2016-09-23"),
    ("dans la nuit de mardi à mercredi", "fr", "2016-09-20"),
    ("la semaine dernière", "fr", "2016-09-15"),
    ("fin février", "fr", "2016-02-29"),
    ("depuis l'été 2014", "fr", "2014-07-01"),
    ("en juin 2012", "fr", "2012-06-01"),
    ("le 3 sept. 2015", "fr", "2015-09-03"),
    ("Vendredi, les deux ministres se retrouveront à Vienne", "fr", "2016-09-23"),
    ("Sept. 30, 2015", "en", "2015-09-30"),
    ("on Sept. 12", "en", "2016-09-12"),
    ("last week", "en", "2016-09-15"),
    ("in mid-July", "en", "2016-07-15"),
    ("in late February", "en", "2016-02-29"),
    ("the summer of 2014", "en", "2014-07-01"),
    ("overnight Tuesday to Wednesday", "en", "2016-09-20"),
    ("three days after the strike on the convoy", "en", "2016-09-19"),
]


@pytest.mark.parametrize("text,lang,want", DATES)
def test_dates(text, lang, want):
    assert find_dates(text, THURSDAY, lang)[0].date.isoformat() == want


def test_tense_is_read_per_time_expression():
    """One sentence, a planned Friday and a past Wednesday (published on a Wednesday)."""
    wed = dt.date(2016, 8, 24)
    got = find_dates("Le ministre doit revoir vendredi son homologue, a annoncé mercredi son porte-parole.", wed, "fr")
    assert [w.date.isoformat() for w in got] == ["2016-08-26", "2016-08-24"]
    got = find_dates("The minister will meet his counterpart on Friday, his spokesman said on Monday.", wed, "en")
    assert [w.date.isoformat() for w in got] == ["2016-08-26", "2016-08-22"]


def test_relative_dates_need_a_publication_date():
    assert find_dates("mardi", None, "fr") == []


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
