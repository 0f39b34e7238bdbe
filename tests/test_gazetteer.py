"""The shipped gazetteer is what scripts/build_gazetteer.py writes, and it resolves names worldwide."""
import ast
import csv
import gzip
import json
import warnings
from pathlib import Path

import pytest

from wirebrief import datacheck
from wirebrief import gazetteer as G
from wirebrief.config import GAZETTEER_DIR
from wirebrief.extract.places import geoparse

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "build_gazetteer.py"


def _script_constant(name: str):
    """A literal assigned at the top of the build script (read, not imported: it needs the build's packages)."""
    for node in ast.parse(SCRIPT.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise LookupError(name)


def _rows(name: str) -> list[dict]:
    opener = gzip.open if name.endswith(".gz") else open
    with opener(GAZETTEER_DIR / name, "rt", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def admin1():
    return {row["code"]: row for row in _rows("admin1.tsv.gz")}


def test_the_shipped_files_have_the_columns_the_build_writes():
    # the build script writes each file with datacheck's column list for it
    for name in _script_constant("WRITES"):
        cols = datacheck.GAZETTEER_COLUMNS[name]
        opener = gzip.open if name.endswith(".gz") else open
        with opener(GAZETTEER_DIR / name, "rt", encoding="utf-8") as fh:
            assert fh.readline().rstrip("\n").split("\t") == cols, name


def test_build_json_counts_the_shipped_rows_and_the_keys_are_current():
    manifest = json.loads((GAZETTEER_DIR / "build.json").read_text(encoding="utf-8"))
    for name in ("cities.tsv.gz", "admin1.tsv.gz", "admin2.tsv.gz", "continents.tsv"):
        assert manifest["files"][name]["rows"] == len(_rows(name)), name
    assert G.keys_fingerprint(manifest["key_chars"]) == manifest["key_fingerprint"]
    with open(GAZETTEER_DIR / "conflict_countries.csv", encoding="utf-8") as fh:
        assert manifest["conflict_countries"] == sorted(row["iso2"] for row in csv.DictReader(fh))


def test_known_first_level_divisions(admin1):
    borno = admin1["NG.27"]
    assert borno["name"] == "Borno State" and "Borno" in borno["aliases"].split("|")
    # at its capital, Maiduguri
    assert G.km(float(borno["lat"]), float(borno["lon"]), 11.85, 13.16) < 10
    donetsk = admin1["UA.05"]
    assert donetsk["name"] == "Donetsk Oblast" and donetsk["name_fr"] == "Oblast de Donetsk"
    assert G.km(float(donetsk["lat"]), float(donetsk["lon"]), 48.02, 37.80) < 10   # Donetsk, its capital
    assert donetsk["seat_basis"] == "capital"
    # at the capital, not the largest town: Buea (not Kumba) for Cameroon's South-West,
    # Bahir Dar (not Gondar) for Amhara
    assert G.km(float(admin1["CM.09"]["lat"]), float(admin1["CM.09"]["lon"]), 4.15, 9.24) < 10
    assert G.km(float(admin1["ET.46"]["lat"]), float(admin1["ET.46"]["lon"]), 11.59, 37.39) < 10
    kivu = admin1["CD.11"]
    assert {"Nord Kivu", "North Kivu"} <= {kivu["name"], *kivu["aliases"].split("|")}
    assert G.km(float(kivu["lat"]), float(kivu["lon"]), -1.68, 29.22) < 10   # Goma
    assert admin1["SY.09"]["name"] == "Aleppo Governorate"


def test_every_division_has_an_english_name_and_coordinates(admin1):
    assert len(admin1) > 3500
    assert all(row["name"] and row["lat"] and row["lon"] for row in admin1.values())


def test_small_towns_outside_the_old_focus_countries_and_their_districts():
    cities = {row["geonameid"]: row for row in _rows("cities.tsv.gz")}
    douentza = cities["2458334"]   # Mali, 37,000 people; the old gazetteer kept only SY IQ LB ... EG below 15,000
    assert (douentza["name"], douentza["country"], douentza["admin1"]) == ("Douentza", "ML", "04")
    goma = cities["216281"]
    admin2 = {row["code"]: row for row in _rows("admin2.tsv.gz")}
    assert admin2[f"CD.{goma['admin1']}.{goma['admin2']}"]["seat"] == "216281"   # Goma, the seat of its district
    # outside the conflict countries no place of unknown population (0): the geoparser takes 0 for
    # "a small place of a deep-coverage country" and accepts it after any locative
    conflict = _conflict()
    assert all(int(row["population"]) > 0 for row in cities.values() if row["country"] not in conflict)
    assert any(int(row["population"]) == 0 for row in cities.values() if row["country"] in conflict)


def _conflict() -> set[str]:
    with open(GAZETTEER_DIR / "conflict_countries.csv", encoding="utf-8") as fh:
        return {row["iso2"] for row in csv.DictReader(fh)}


def test_continents_in_english_and_french():
    rows = {row["code"]: row for row in _rows("continents.tsv")}
    assert (rows["AF"]["name"], rows["AF"]["name_fr"]) == ("Africa", "Afrique")
    assert G.lookup("Afrique") == G.lookup("Africa")
    assert G.lookup("Afrique")["kind"] == "region" and G.lookup("Afrique")["country"] is None   # no one country


@pytest.mark.parametrize("name,expected", [
    ("Borno", ("Borno State", "admin1", "NG")),
    ("Nord-Kivu", ("Nord Kivu", "admin1", "CD")),
    ("North Kivu", ("Nord Kivu", "admin1", "CD")),
    ("Douentza", ("Douentza", "city", "ML")),
    ("Kanem", ("Kanem Region", "admin1", "TD")),
    ("Aleppo", ("Aleppo", "city", "SY")),           # the city, not the governorate of that name
    ("Mopti", ("Mopti", "city", "ML")),
    ("Aleppo Governorate", ("Aleppo Governorate", "admin1", "SY")),   # the curated row, not a second one
])
def test_lookup(name, expected):
    got = G.lookup(name)
    assert (got["name"], got["kind"], got["country"]) == expected


def test_a_curated_governorate_absorbs_the_generated_one():
    gz = G.gazetteer()
    ids = gz.index[G.key_of("Aleppo Governorate")]
    assert [(gz.places[i].kind, gz.places[i].curated) for i in ids] == [("admin1", True)]
    assert gz.admin1_by_base[("SY", G.key_of("Alep"))] == ids[0]


def test_bare_division_names_that_would_mislead_are_not_indexed():
    gz = G.gazetteer()
    for word in ("Centre", "Nord-Ouest", "Far North", "Red Sea", "Sahel", "Somali"):
        assert all(gz.places[i].kind != "admin1" for i in gz.index.get(G.key_of(word), ())), word
    # the full names are
    assert G.lookup("Red Sea State")["country"] == "SD" and G.lookup("Far North Region")["country"] == "CM"


def test_a_small_namesake_of_a_famous_place_does_not_take_its_name():
    text = "Des diplomates américains et russes se retrouvent à Genève, puis à Moscou et à Damas."
    got = {m.surface: m.place.country for m in geoparse(text, "fr")}
    assert got == {"Genève": "CH", "Moscou": "RU", "Damas": "SY"}
    got = {m.surface: m.place.country for m in geoparse("American and Russian envoys met in Geneva and Paris.", "en")}
    assert got == {"Geneva": "CH", "Paris": "FR"}


def test_a_province_cue_finds_a_generated_division():
    mentions = geoparse("Des combats ont eu lieu dans la province du Nord-Kivu, près de Goma.", "fr")
    assert [(m.place.name, m.place.kind) for m in mentions] == [("Nord Kivu", "admin1"), ("Goma", "city")]


def test_places_are_made_once_on_demand():
    gz = G.gazetteer()
    i = gz.index[G.key_of("Douentza")][0]
    assert gz.places[i] is gz.places[i] and gz.places[i].pid == i
    assert len(gz.places) > 200_000


def test_the_loader_folds_the_names_itself_when_key_of_has_changed(monkeypatch):
    """Stale shipped keys (another key_of) fall back to folding every name: same index."""
    shipped = G.gazetteer()
    monkeypatch.setattr(G, "_keys_are_current", lambda: False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        folded = G._load()
    assert any("--rekey" in str(w.message) for w in caught)
    assert folded.index.keys() == shipped.index.keys()
    assert folded.index[G.key_of("Borno")] == shipped.index[G.key_of("Borno")]
    assert len(folded.places) == len(shipped.places)


def test_airport_towns_are_towns_geonames_lists_with_no_population():
    """A town an airport is named after joins the places when GeoNames' 500+ lists miss it;
    an airport named after a region or a person gives no town."""
    towns = {row["iata"]: row for row in _rows("airport_towns.tsv")}
    amenas = towns["IAM"]   # "In Amenas Airport", city "Amenas"
    assert (amenas["name"], amenas["country"], amenas["alt"]) == ("In Amenas", "DZ", "Amenas")
    assert "TEE" not in towns        # "Cheikh Larbi Tebessi Airport": a person
    assert "AJF" not in towns        # "Al-Jawf Domestic Airport": a Saudi region (and Yemen's al-Jawf)
    cities = _rows("cities.tsv.gz")
    # GeoNames has none of them under the airport's name near it (a namesake far off is another town)
    named = {(row["name"], row["country"]): row for row in cities}
    for town in towns.values():
        same = named.get((town["name"], town["country"]))
        assert same is None or G.km(*map(float, (town["lat"], town["lon"], same["lat"], same["lon"]))) > 100
    assert all(row["country"] in _conflict() for row in towns.values())
    assert G.lookup("In Amenas")["country"] == "DZ"
