"""Events: checks that are not table rows (the event table is tests/cases/events.yaml).

None of these sentences comes from the sample articles.
"""
import datetime as dt

from wirebrief.codes import coded_types, event_types
from wirebrief.corpus import Article
from wirebrief.extract import extract_article
from wirebrief.extract.quotes import direct_speech

THURSDAY = dt.date(2016, 9, 22)


def events(text, lang="fr", published=THURSDAY):
    evs, *_ = extract_article(Article("t", text, published=published, lang=lang))
    return evs


def brief(rows):
    return [(e["type"], e["location"], e["date"].isoformat() if e["date"] else None) for e in rows]


def test_target_of_an_attack_is_not_a_second_event():
    got = brief(events("Le bombardement d'un convoi humanitaire près d'Alep a fait 20 morts mardi."))
    assert [t for t, *_ in got] == ["shelling"] or [t for t, *_ in got] == ["airstrike"]


def test_actors_exclude_monitors_and_agencies():
    (e,) = events("Des raids du régime ont tué mardi cinq civils à Idleb, selon l'OSDH.")
    assert "Syrian government" in e["actors"] and "SOHR" not in e["actors"]
    (e,) = events("Le secrétaire d'État américain a rencontré mardi son homologue russe à Genève.")
    assert e["actors"][:2] == ["United States", "Russia"]


def test_every_type_maps_to_acled_or_plover():
    for etype in coded_types():
        assert event_types()[etype]["plover"], etype
    (e,) = events("Des raids aériens ont frappé mardi la ville de Douma.")
    assert (e["acled_event_type"], e["acled_sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")


def test_direct_speech_spans():
    text = "«Nous partons», a-t-il dit. Il a demandé de «cesser les frappes» sur Alep.\n\n«Titre»"
    spans = [text[a:b] for a, b in direct_speech(text)]
    assert spans == ["«Nous partons»", "«Titre»"]
