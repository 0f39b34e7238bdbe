"""Normalisation: one form for every rule, and every span still indexes the original text."""
import datetime as dt
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wirebrief.corpus import Article
from wirebrief.extract import extract_article
from wirebrief.extract.normalise import normalise

THURSDAY = dt.date(2016, 9, 22)


@pytest.mark.parametrize("lang,raw,want", [
    ("fr", "l’armée", "l'armée"),
    ("fr", "300\u202f000 et 12\u00a0000", "300 000 et 12 000"),
    ("fr", "Il a dit “non” puis „oui”", "Il a dit «non» puis «oui»"),
    ("fr", "« déjà »", "« déjà »"),
    ("en", "the army’s “plan”", "the army's «plan»"),
    ("en", "al‑Bab", "al-Bab"),                          # a non-breaking hyphen
    ("en", "Ko\u00adbani", "Kobani"),                    # a soft hyphen
    ("en", "Deir\u200b ez-Zor\ufeff", "Deir ez-Zor"),    # a zero-width space, a byte-order mark
    ("fr", "e\u0301te\u0301", "été"),                    # decomposed accents
])
def test_every_rule_sees_one_form(lang, raw, want):
    assert normalise(raw, lang)[0] == want


def test_same_length_rewrites_need_no_offset_map():
    norm, offsets = normalise("Des tirs d’artillerie ont\u00a0visé Alep.", "fr")
    assert offsets is None and len(norm) == len("Des tirs d’artillerie ont\u00a0visé Alep.")


def test_the_offset_map_takes_spans_back_to_the_original():
    raw = "Ko\u00adbani e\u0301te\u0301 Alep"
    norm, offsets = normalise(raw, "fr")
    assert norm == "Kobani été Alep"
    for word in norm.split():
        a = norm.index(word)
        start, end = offsets.span(a, a + len(word))
        assert unicodedata.normalize("NFC", raw[start:end].replace("\u00ad", "")) == word


def test_frame_spans_and_quotes_are_cut_from_the_original_text():
    text = ("Des tirs d’artillerie ont tué jeudi trois ci\u00advils à Ma\u00adnbij, "
            "selon l’Observatoire syrien des droits de l’homme.")
    events, casualties, locations, actors = extract_article(Article("a", text, published=THURSDAY, lang="fr"))
    (ev,) = events
    assert (ev["type"], ev["location"]) == ("shelling", "Manbij")
    assert text[ev["start"]:ev["end"]] == ev["trigger"] == "tirs d’artillerie"
    assert ev["evidence"] == text
    (cas,) = casualties
    assert (cas["kind"], cas["best"], cas["group"], cas["location"]) == ("killed", 3, "civilians", "Manbij")
    assert "trois ci\u00advils" in text[cas["start"]:cas["end"]]
    (loc,) = locations
    assert text[loc["start"]:loc["end"]] == loc["surface_forms"] == "Ma\u00adnbij"
    (actor,) = actors
    assert text[actor["start"]:actor["end"]] == "Observatoire syrien des droits de l’homme"


BASE = "Au moins 14 civils ont été tués mardi dans des frappes aériennes sur Maaret al-Noomane, selon l'OSDH."
INVISIBLE = st.sampled_from(["\u00ad", "\u200b", "\u200c", "\u2060"])


def _without_invisible(s: str) -> str:
    return "".join(c for c in s if c not in "\u00ad\u200b\u200c\u2060")


def _rows(text: str):
    events, casualties, locations, _ = extract_article(Article("a", text, published=THURSDAY, lang="fr"))
    return events, casualties, locations


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, len(BASE) - 1), INVISIBLE), max_size=6))
def test_invisible_characters_change_no_row_and_spans_cover_the_same_words(inserts):
    text = BASE
    for pos, ch in sorted(inserts, reverse=True):
        text = text[:pos] + ch + text[pos:]
    base_ev, base_cas, base_loc = _rows(BASE)
    ev, cas, loc = _rows(text)
    strip = {"start", "end", "evidence", "trigger", "surface_forms"}
    for got, want in ((ev, base_ev), (cas, base_cas), (loc, base_loc)):
        assert [{k: v for k, v in r.items() if k not in strip} for r in got] == \
               [{k: v for k, v in r.items() if k not in strip} for r in want]
        for g, w in zip(got, want, strict=True):
            assert _without_invisible(text[g["start"]:g["end"]]) == BASE[w["start"]:w["end"]]
