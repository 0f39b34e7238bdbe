"""The shipped data holds together (wirebrief.datacheck), and the checks catch what they promise."""
import gzip
import shutil

import pytest

from wirebrief import codes, datacheck
from wirebrief import lang as langdata
from wirebrief.config import GAZETTEER_DIR, LANG_DIR


def test_the_shipped_data_has_no_problems():
    assert datacheck.problems() == []


def test_supported_languages_are_the_data_folders():
    assert langdata.SUPPORTED == langdata.supported() == ("en", "fr")
    assert langdata.briefing_languages() == ("en", "fr")


def test_every_event_type_and_count_kind_comes_from_data():
    assert codes.coded_types() == ("bombing", "airstrike", "shelling", "battle", "attack_on_civilians",
                                   "humanitarian", "evacuation", "ceasefire_breach", "agreement", "appeal",
                                   "meeting", "riot", "protest", "arrest", "strategic")
    assert codes.trigger_classes()[:4] == ("bombing", "airstrike", "shelling", "bombardment")
    assert codes.diplomatic() == {"meeting", "agreement", "appeal"} and codes.speech_acts() == {"appeal"}
    assert codes.count_kinds() == ("killed", "injured", "missing", "displaced")


@pytest.fixture
def lang_copy(tmp_path):
    folder = tmp_path / "lang"
    shutil.copytree(LANG_DIR, folder)
    return folder


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_regex_that_does_not_compile_is_reported(lang_copy):
    _edit(lang_copy / "fr" / "events.yaml", "denied_re: [", 'denied_re: ["(non fermé", ')
    assert any(p.startswith("fr/events.denied_re[0]: does not compile") for p in datacheck.language_problems(lang_copy))


def test_a_missing_key_a_wrong_type_and_a_missing_file_are_reported(lang_copy):
    _edit(lang_copy / "fr" / "dates.yaml", "weekdays:", "jours:")
    _edit(lang_copy / "fr" / "places.yaml", "capital_phrase_re:", "capital_phrase_re: [x]\nold_capital_phrase_re:")
    (lang_copy / "fr" / "display.yaml").unlink()
    found = datacheck.language_problems(lang_copy)
    assert "fr/dates.weekdays: missing (the reference language has it)" in found
    assert "fr/places.capital_phrase_re: list, the reference has str" in found
    assert "fr: no display.yaml" in found


def test_a_language_folder_that_names_another_language_is_reported(lang_copy):
    _edit(lang_copy / "fr" / "grammar.yaml", "lang: fr", "lang: en")
    assert "fr/grammar.lang: says 'en'" in datacheck.language_problems(lang_copy)


@pytest.fixture
def gazetteer_copy(tmp_path):
    folder = tmp_path / "gazetteer"
    shutil.copytree(GAZETTEER_DIR, folder)
    return folder


def test_bad_gazetteer_rows_are_reported(gazetteer_copy):
    with open(gazetteer_copy / "curated.csv", "a", encoding="utf-8") as fh:
        fh.write("Atlantis,city,QQ,12.0,40.0,,invented\n")
        fh.write("Nowhere,village,SY,95.0,40.0,,invented\n")
        fh.write("Aleppo,city,SY,36.2,37.16,,a second copy\n")
    with gzip.open(gazetteer_copy / "cities.tsv.gz", "rt", encoding="utf-8") as fh:
        head, first, *_ = fh.read().splitlines()[:3]
    with gzip.open(gazetteer_copy / "cities.tsv.gz", "at", encoding="utf-8") as fh:
        fh.write(first + "\n")
    found = datacheck.gazetteer_problems(gazetteer_copy)
    assert any("(Atlantis): 'QQ' is not an ISO 3166-1 alpha-2 code" in p for p in found)
    assert any("(Nowhere): kind 'village'" in p for p in found)
    assert any("(Nowhere): coordinates (95.0, 40.0) out of range" in p for p in found)
    assert any("(Aleppo): same name, kind and country as an earlier row" in p for p in found)
    assert any("GeoNames id listed twice" in p for p in found)


def test_kosovo_is_a_known_code_and_groupings_are_not():
    assert "XK" in datacheck.country_codes() and "SY" in datacheck.country_codes()
    assert "EU" not in datacheck.country_codes() and "UN" not in datacheck.country_codes()
