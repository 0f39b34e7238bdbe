"""Place names in the briefing's language: `report.place_name`, and the data it reads.

Every table, chart and map label of the briefing and the profiles names a place through
`place_name`: CLDR for countries, the gazetteer's `name_fr` for divisions and cities,
the articles' own spelling where neither has one, the gazetteer's English name last.
"""
import csv
import gzip
import json
import re
from collections import namedtuple

import pandas as pd
import pytest

from wirebrief import Frames, report
from wirebrief import gazetteer as G
from wirebrief.config import GAZETTEER_DIR
from wirebrief.schema import ARTICLES, CASUALTIES, EVENTS, LOCATIONS

NAN = float("nan")
DAY = pd.Timestamp("2017-06-01")

# (place as the frames give it, language, the articles' spellings, label)
CASES = [
    # countries: CLDR through babel, whatever the gazetteer calls them
    ({"name": "Syria", "country": "SY", "kind": "country"}, "fr", {}, "Syrie"),
    ({"location": "Sudan", "country": "SD", "lat": 15.6, "lon": 30.2}, "fr", {}, "Soudan"),
    ({"location": "United States", "country": "US"}, "fr", {}, "États-Unis"),
    ({"location": "Sudan", "country": "SD"}, "en", {}, "Sudan"),
    # first-level divisions: a curated governorate by its French cue alias, a generated one by
    # name_fr; a bare French name gets its kind from the English name
    ({"location": "Aleppo Governorate", "country": "SY", "lat": 36.25, "lon": 37.6}, "fr", {}, "Province d'Alep"),
    ({"location": "Rif Dimashq Governorate", "country": "SY"}, "fr", {}, "Province de Damas"),
    ({"location": "Damascus Governorate", "country": "SY"}, "fr", {}, "Gouvernorat de Damas"),
    ({"location": "Kharkiv Oblast", "country": "UA"}, "fr", {}, "Région de Kharkiv"),   # curated: as the press writes
    ({"location": "Zhytomyr Oblast", "country": "UA"}, "fr", {}, "Oblast de Jytomyr"),   # GeoNames
    ({"location": "Khartoum State", "country": "SD"}, "fr", {}, "Khartoum (État)"),
    ({"location": "White Nile State", "country": "SD"}, "fr", {}, "Nil Blanc (État)"),
    ({"location": "Aleppo Governorate", "country": "SY"}, "en", {}, "Aleppo Governorate"),
    # cities: CLDR's exemplar cities first, then GeoNames' French names
    ({"location": "Damascus", "country": "SY", "lat": 33.51, "lon": 36.29}, "fr", {}, "Damas"),
    ({"location": "Cairo", "country": "EG"}, "fr", {}, "Le Caire"),
    ({"location": "Omdurman", "country": "SD"}, "fr", {}, "Omdourman"),
    ({"location": "Kyiv", "country": "UA", "lat": 50.45, "lon": 30.52}, "fr", {}, "Kiev"),
    ({"location": "Tripoli", "country": "LB", "lat": 34.43, "lon": 35.84}, "fr", {}, "Tripoli"),
    ("Beirut", "fr", {}, "Beyrouth"),   # a bare name: the one place anywhere that has a French name
    # a namesake on another continent is not the famous city
    ({"location": "Cairo", "country": "US", "lat": 37.0, "lon": -89.18}, "fr", {}, "Cairo"),
    # renamed since the Debian catalogue was made: its "French" name was the old one
    ({"location": "Kadiyivka", "country": "UA"}, "fr", {}, "Kadiyivka"),
    # no French name in CLDR or the gazetteer: the articles' own spelling, else the English name
    ({"location": "Raqqa", "country": "SY"}, "fr", {("SY", "Raqqa"): "Raqa"}, "Raqa"),
    ({"location": "Borno State", "country": "NG"}, "fr", {("NG", "Borno State"): "Borno"}, "Borno (État)"),
    ({"location": "Kramatorsk Railway Station", "country": "UA"}, "fr",
     {("UA", "Kramatorsk Railway Station"): "gare de Kramatorsk"}, "Gare de Kramatorsk"),
    ({"location": "Borno State", "country": "NG"}, "fr", {}, "Borno State"),
    ({"location": "Raqqa", "country": "SY"}, "en", {("SY", "Raqqa"): "Raqa"}, "Raqqa"),
    # unknown places stay as the frames name them; a row without a place is empty
    ({"location": "Wadi Qasr al-Nur", "country": "SY", "lat": NAN, "lon": NAN}, "fr", {}, "Wadi Qasr al-Nur"),
    ({"location": None, "country": None, "lat": None, "lon": None}, "fr", {}, ""),
    ({"location": pd.NA, "country": pd.NA}, "fr", {}, ""),
]


@pytest.mark.parametrize(("place", "lang", "spelled", "label"), CASES)
def test_place_name(place, lang, spelled, label):
    assert report.place_name(place, lang, spelled) == label


def test_a_missing_coordinate_is_no_coordinate():
    # name_in called directly, as a notebook may, with pandas' missing values
    assert G.name_in("fr", "Damascus", "SY", pd.NA, pd.NA).name == "Damas"
    assert G.name_in("fr", "Damascus", "SY", NAN, 36.29).name == "Damas"


def test_a_frame_row_in_any_shape_is_named():
    row = {"location": "Aleppo", "country": "SY", "lat": 36.2, "lon": 37.16}
    Row = namedtuple("Row", list(row))
    assert report.place_name(pd.Series(row), "fr") == "Alep"
    assert report.place_name(Row(**row), "fr") == "Alep"
    assert report.place_title({"name": "Aleppo", "kind": "city", "country": "SY"}, "fr") == "Alep (Syrie)"
    assert report.place_title({"name": "Sudan", "kind": "country", "country": "SD"}, "fr") == "Soudan"


def _frames(articles: list[tuple[str, str]], locations=(), events=(), casualties=()) -> Frames:
    """Frames of a few hand-written rows: articles as (id, language), locations as
    (article, name, country, surface forms)."""
    arts = [{"article_id": a, "lang": lang, "title": a, "published": DAY, "text": "…"} for a, lang in articles]
    locs = [{"article_id": a, "name": n, "country": c, "surface_forms": f} for a, n, c, f in locations]
    return Frames(articles=ARTICLES.frame(arts), locations=LOCATIONS.frame(locs),
                  events=EVENTS.frame(list(events)), casualties=CASUALTIES.frame(list(casualties)))


def test_spellings_are_the_articles_own_proper_names_in_the_language():
    frames = _frames(
        [("a1", "fr"), ("a2", "fr"), ("a3", "fr"), ("e1", "en")],
        [("a1", "Mosul", "IQ", "Mossoul|la deuxième ville irakienne"),
         ("a2", "Mosul", "IQ", "Mossoul"),
         ("a3", "Mosul", "IQ", "Mosul"),
         ("a3", "Iraq", "IQ", "irakienne"),
         ("a1", "Benghazi Airport", "LY", "aéroport de Benghazi"),
         ("e1", "Tal Afar", "IQ", "Tal Afar")])
    spelled = report.spellings(frames, "fr")
    assert spelled[("IQ", "Mosul")] == "Mossoul"               # the form most articles use
    assert ("IQ", "Iraq") not in spelled                       # an adjective is no name
    assert spelled[("LY", "Benghazi Airport")] == "aéroport de Benghazi"
    assert ("IQ", "Tal Afar") not in spelled                   # an English article's spelling
    assert report.spellings(frames, "en") == {}                # English labels are the gazetteer's


def test_every_label_of_a_french_briefing_goes_through_place_name():
    raqqa = {"location": "Raqqa", "country": "SY", "lat": 35.95, "lon": 39.01}
    geneva = {"location": "Geneva", "country": "CH", "lat": 46.2, "lon": 6.14}
    frames = _frames(
        [("a1", "fr")], [("a1", "Raqqa", "SY", "Raqa"), ("a1", "Geneva", "CH", "Genève")],
        events=[{"article_id": "a1", "type": "airstrike", "date": DAY, "evidence": "Des raids sur Raqa.", **raqqa},
                {"article_id": "a1", "type": "meeting", "date": DAY, "evidence": "Réunion à Genève.", **geneva}],
        casualties=[{"article_id": "a1", "kind": "killed", "best": 12, "low": 12, "group": "civilians",
                     "scope": "incident", "date": DAY, "evidence": "Des raids sur Raqa.", **raqqa}])
    column = report.labels("fr").get("col_location", "location")
    assert list(report.casualty_table(frames, "fr")[column]) == ["Raqa"]
    assert set(report.key_events(frames, lang="fr")["places"]) == {"Raqa", "Genève"}
    assert report.off_map(frames, "fr") == ["Genève"]
    fig = report.casualties_chart(frames, "fr")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Raqa"]
    # English: the gazetteer's names, as before
    assert list(report.casualty_table(frames, "en")[report.labels("en").get("col_location", "location")]) == ["Raqqa"]
    assert set(report.key_events(frames)["places"]) == {"Raqqa", "Geneva"}


# ---------------------------------------------------------------- the data behind the names

def _rows(name: str) -> list[dict]:
    opener = gzip.open if name.endswith(".gz") else open
    with opener(GAZETTEER_DIR / name, "rt", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def cities():
    return _rows("cities.tsv.gz")


ENGLISH_KIND = re.compile(r"\s(?:Governorate|State|Province|Oblast|Region|District|County|Prefecture|Department|"
                          r"Territory|Municipality|Emirate|Zone|Raion|Krai)$")


@pytest.mark.parametrize("name", ["cities.tsv.gz", "admin1.tsv.gz", "continents.tsv"])
def test_every_french_name_is_a_clean_latin_name_not_an_english_one(name, cities):
    rows = cities if name == "cities.tsv.gz" else _rows(name)
    named = [r for r in rows if r["name_fr"]]
    assert named, name
    for r in named:
        fr = r["name_fr"]
        assert fr == fr.strip() and fr[0].isalpha() and not set(fr) & set("|\t\""), (name, r["name"], fr)
        # Latin script; "/" joins a bilingual name ("Ferizaj/Uroševac"), digits number a district
        assert re.fullmatch(r"[A-Za-z0-9\u00C0-\u024F\u1E00-\u1EFF' .()/\-’‘ʿʾ]+", fr), (name, r["name"], fr)
        # a French division name puts its kind first: "X Governorate" is the English name copied
        assert not ENGLISH_KIND.search(fr), (name, r["name"], fr)


def test_cldr_cities_carry_cldrs_french_name_never_the_english_one(cities):
    """Where CLDR names a city in French (its time zones' exemplar cities: "Damas", "Le Caire"),
    the gazetteer's name_fr is that name: the English name is never copied in as a translation."""
    from babel.core import get_global
    from babel.dates import get_timezone_location
    biggest: dict[tuple[str, str], dict] = {}
    for r in cities:
        key = (r["country"], r["name"])
        if int(r["population"] or 0) >= int(biggest.get(key, {}).get("population") or 0):
            biggest[key] = r
    checked = 0
    for zone, country in get_global("zone_territories").items():
        try:
            en = get_timezone_location(zone, "en", return_city=True)
            fr = re.sub(r"\s*[(\[].*?[)\]]\s*$", "", get_timezone_location(zone, "fr", return_city=True))
        except (LookupError, ValueError):
            continue
        row = biggest.get((country, en))
        if row is None or "," in en:
            continue
        checked += 1
        assert row["name_fr"] == fr, (zone, en, row["name_fr"], fr)
    assert checked > 250


def test_a_division_s_french_label_is_its_own_in_its_country():
    """No two first-level divisions of one country share a French label unless they share
    their English name too: a reader must be able to tell them apart."""
    labels: dict[tuple[str, str], set] = {}
    for r in _rows("admin1.tsv.gz"):
        place = {"name": r["name"], "country": r["country"], "lat": r["lat"], "lon": r["lon"]}
        labels.setdefault((r["country"], report.place_name(place, "fr")), set()).add(r["name"])
    assert not [(k, v) for k, v in labels.items() if len(v) > 1]


def test_build_json_counts_the_french_names(cities):
    manifest = json.loads((GAZETTEER_DIR / "build.json").read_text(encoding="utf-8"))
    assert manifest["names_fr"]["cities"] == sum(1 for r in cities if r["name_fr"])
    assert "babel" in manifest["sources"]


def test_the_display_names_cost_the_geoparser_nothing():
    """The names in `lang` are read apart from the gazetteer the geoparser loads (its load,
    uncached here, reads none of them), and only the first time a label asks."""
    G._local_names.cache_clear()
    G._load()
    assert G._local_names.cache_info().currsize == 0
    assert report.place_name({"location": "Baghdad", "country": "IQ"}, "fr") == "Bagdad"
    assert G._local_names.cache_info().currsize == 1
