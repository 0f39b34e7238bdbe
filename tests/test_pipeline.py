"""The extraction pipeline: named components over one Doc, checked before they run,
each runnable alone; a new language and a new event type are data only."""
import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from wirebrief import lang as langdata
from wirebrief.config import LANG_DIR, PACKAGE_DATA
from wirebrief.corpus import Article
from wirebrief.errors import PipelineError
from wirebrief.extract import extract_article
from wirebrief.extract.doc import Doc
from wirebrief.extract.pipeline import DEFAULT, Pipeline
from wirebrief.extract.registry import REGISTRY

FIXTURES = Path(__file__).parent / "fixtures"
THURSDAY = dt.date(2016, 9, 22)


def test_the_default_pipeline_runs_the_documented_steps_in_order():
    assert Pipeline().names == list(DEFAULT) == [
        "normalise", "dateline", "sentences", "quotes", "statements", "places", "dates",
        "quantities", "actors", "casualties", "events"]


def test_every_component_requires_only_what_inputs_or_earlier_steps_assign():
    have = {"text", "lang", "published", "article_id"}
    for name in DEFAULT:
        comp = REGISTRY[name]
        assert set(comp.requires) <= have, name
        have |= set(comp.assigns)
        assert all(hasattr(Doc("x"), field) for field in comp.assigns), name


def test_a_missing_step_is_named_before_anything_runs():
    with pytest.raises(PipelineError) as err:
        Pipeline([n for n in DEFAULT if n != "places"])
    assert err.value.component == "casualties"
    assert set(err.value.missing) == {"mentions", "main_place", "main_country"}
    assert "casualties" in str(err.value) and "mentions" in str(err.value)


def test_an_unknown_step_is_refused_with_the_known_ones():
    with pytest.raises(PipelineError, match="unknown extraction component 'geocode'.*normalise"):
        Pipeline(["normalise", "geocode"])


def test_components_run_alone_on_a_doc():
    doc = Doc("DAMAS, 12 mars 2017 (AFP) - Trois civils ont été tués\u00a0jeudi. Les combats continuent.",
              lang="fr", published=None)
    for name in ("normalise", "dateline", "sentences"):
        REGISTRY[name](doc)
    assert doc.norm.endswith("tués jeudi. Les combats continuent.")
    assert doc.reference == dt.date(2017, 3, 12)        # the dateline's day stands in for publication
    assert [s.text for s in doc.sentences][1:] == ["Trois civils ont été tués jeudi.", "Les combats continuent."]
    REGISTRY["quantities"](doc)
    assert [[q.best for q in found] for found in doc.quantities] == [[12, 2017], [3], []]   # raw numbers


def test_a_partial_pipeline_stops_where_it_is_asked_to():
    doc = Pipeline(["normalise", "dateline", "sentences", "places"])("Des combats à Alep et à Hama.", "fr", THURSDAY)
    assert [m.place.name for m in doc.mentions] == ["Aleppo", "Hama"]
    assert doc.casualties == [] and doc.events == []


def test_unsupported_languages_are_read_with_the_default_rules():
    doc = Pipeline(["normalise"])("Trois civils tués.", "xx")
    assert doc.lang == langdata.DEFAULT


def _run_with_env(code: str, **env) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, **env})
    assert out.returncode == 0, out.stderr
    return out.stdout


PARSE_ONE = """
import json, sys
from wirebrief import parse_text
f = parse_text(sys.argv[1] if len(sys.argv) > 1 else {text!r}, lang={lang!r}, published="2016-09-22")
print(json.dumps({{"errors": f.errors["message"].tolist(),
    "casualties": f.casualties[["kind", "best", "group", "location"]].astype(str).values.tolist(),
    "events": f.events[["type", "location", "date"]].astype(str).values.tolist()}}))
"""


def test_a_new_language_is_data_only():
    """tests/fixtures/lang/de holds a few German words per component and nothing else."""
    assert "de" not in langdata.SUPPORTED and not (LANG_DIR / "de").exists()
    text = "Bei Kämpfen in Aleppo wurden am Dienstag zwölf Zivilisten getötet und drei Kinder verletzt."
    got = json.loads(_run_with_env(PARSE_ONE.format(text=text, lang="de"),
                                   WIREBRIEF_LANG_PATH=str(FIXTURES / "lang")))
    assert got == {"errors": [],
                   "casualties": [["killed", "12", "civilians", "Aleppo"], ["injured", "3", "children", "Aleppo"]],
                   "events": [["battle", "Aleppo", "2016-09-20"]]}


def test_without_its_data_folder_the_language_falls_back_to_french_rules():
    text = "Bei Kämpfen in Aleppo wurden am Dienstag zwölf Zivilisten getötet."
    got = json.loads(_run_with_env(PARSE_ONE.format(text=text, lang="de")))
    assert got["casualties"] == [] and got["events"] == []


def _data_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(PACKAGE_DATA, data)
    return data


def _add_event_type(data: Path, triggers: dict[str, list[str]], names: dict[str, str]) -> None:
    """What the docs say adding an event type takes: one CSV row, triggers, display names."""
    with open(data / "event_types.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["cyberattack", "13", "violent", "", "", "", "ASSAULT"])
    for code, patterns in triggers.items():
        path = data / "lang" / code / "events.yaml"
        events = yaml.safe_load(path.read_text(encoding="utf-8"))
        events["triggers_re"]["cyberattack"] = patterns
        path.write_text(yaml.safe_dump(events, allow_unicode=True), encoding="utf-8")
    for code, name in names.items():
        path = data / "lang" / code / "display.yaml"
        display = yaml.safe_load(path.read_text(encoding="utf-8"))
        display["event_types"]["cyberattack"] = name
        path.write_text(yaml.safe_dump(display, allow_unicode=True), encoding="utf-8")


def test_a_new_event_type_is_one_csv_row_its_triggers_and_its_names(tmp_path):
    data = _data_copy(tmp_path)
    _add_event_type(data, {"fr": [r"\bcyber-?attaques?\b"], "en": [r"\bcyber-?attacks?\b"]},
                    {"fr": "cyberattaque", "en": "cyberattack"})
    env = {"WIREBRIEF_DATA_DIR": str(data)}
    assert "no problems" in _run_with_env("from wirebrief import datacheck; datacheck.main()", **env)
    fr = json.loads(_run_with_env(PARSE_ONE.format(
        text="Une cyberattaque a paralysé mardi le réseau électrique de Homs.", lang="fr"), **env))
    en = json.loads(_run_with_env(PARSE_ONE.format(
        text="A cyberattack shut down the water utility of Kharkiv on Wednesday.", lang="en"), **env))
    assert fr["events"] == [["cyberattack", "Homs", "2016-09-20"]]
    assert en["events"] == [["cyberattack", "Kharkiv", "2016-09-21"]]
    shown = _run_with_env("from wirebrief import report; print(report.display_name('event_types', 'cyberattack', 'fr'))",
                          **env)
    assert shown.strip() == "cyberattaque"


def test_a_new_event_type_without_triggers_fails_the_data_check(tmp_path):
    data = _data_copy(tmp_path)
    _add_event_type(data, {"fr": [r"\bcyber-?attaques?\b"]}, {"fr": "cyberattaque", "en": "cyberattack"})
    out = subprocess.run([sys.executable, "-m", "wirebrief.datacheck"], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "WIREBRIEF_DATA_DIR": str(data)})
    assert out.returncode == 1
    assert "en/events.triggers_re: no triggers for event type 'cyberattack'" in out.stdout


def test_the_same_article_gives_the_same_rows_through_extract_article_and_the_pipeline():
    text = "Au moins 12 civils ont été tués jeudi dans des raids aériens sur Douma, selon l'OSDH."
    events, casualties, locations, actors = extract_article(Article("a", text, published=THURSDAY, lang="fr"))
    assert [(c["kind"], c["low"], c["group"], c["location"], c["reported_by"]) for c in casualties] == [
        ("killed", 12, "civilians", "Douma", "SOHR")]
    assert [(e["type"], e["location"], e["date"]) for e in events] == [("airstrike", "Douma", THURSDAY)]
    assert {row["name"] for row in locations} == {"Douma"}
    assert {row["name"] for row in actors} == {"SOHR"}
