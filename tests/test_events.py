"""Events: tables of invented wire-style sentences, French and English.

None of these sentences comes from the sample articles: each row is one type,
place, date form or trap (negation, planned, denied, hypothetical, direct
speech, background, repeated mention) that an analyst would code by hand.
"""
import datetime as dt

import pytest

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


CODED = [
    # (text, lang, [(type, location, date)])
    ("Des raids aériens ont frappé mardi la ville de Douma, tuant six civils.", "fr",
     [("airstrike", "Douma", "2016-09-20")]),
    ("Les rebelles ont lancé jeudi une offensive contre les positions de l'armée à Maaret al-Noomane.", "fr",
     [("battle", "Maarat al-Numan", "2016-09-22")]),
    ("Un attentat à la voiture piégée a frappé mercredi le centre de Qamichli.", "fr",
     [("bombing", "Qamishli", "2016-09-21")]),
    ("Des tirs d'artillerie ont visé lundi le quartier de Jobar, à Damas.", "fr",
     [("shelling", "Jobar", "2016-09-19")]),
    ("L'ONU a fait entrer mercredi un convoi humanitaire à Madaya.", "fr",
     [("humanitarian", "Madaya", "2016-09-21")]),
    ("Quelque 500 civils ont été évacués mardi de Daraya.", "fr",
     [("evacuation", "Daraya", "2016-09-20")]),
    ("Le ministre turc s'est entretenu mardi à Ankara avec son homologue iranien.", "fr",
     [("meeting", "Ankara", "2016-09-20")]),
    ("Les deux ministres doivent se rencontrer samedi à Lausanne.", "fr",
     [("meeting", "Lausanne", "2016-09-24")]),
    ("La réunion de Lausanne n'a pas permis de trouver un accord, a regretté mardi l'émissaire.", "fr",
     [("meeting", "Lausanne", "2016-09-20")]),
    ("Des combats ont eu lieu mardi à Alep, à Hama et à Deraa.", "fr",
     [("battle", "Aleppo", "2016-09-20"), ("battle", "Hama", "2016-09-20"), ("battle", "Daraa", "2016-09-20")]),
    ("Des raids ont visé mardi la ville de Douma. Ces raids ont tué huit civils. "
     "Les raids sur Douma ont été condamnés par l'ONU.", "fr", [("airstrike", "Douma", "2016-09-20")]),
    ("Lors d'un entretien téléphonique mardi, le ministre a demandé à son homologue de faire pression sur le régime.",
     "fr", [("meeting", None, "2016-09-20")]),
    ("Russian air strikes hit rebel-held areas of Idlib on Tuesday, killing 12 civilians.", "en",
     [("airstrike", "Idlib", "2016-09-20")]),
    ("Fierce clashes erupted on Wednesday in the town of Manbij.", "en",
     [("battle", "Manbij", "2016-09-21")]),
    ("A car bomb exploded on Monday in the town of Azaz, killing eight people.", "en",
     [("bombing", "Azaz", "2016-09-19")]),
    ("The two foreign ministers will meet on Friday in Geneva, the State Department said.", "en",
     [("meeting", "Geneva", "2016-09-23")]),
    ("The UN delivered aid convoys to Madaya on Wednesday.", "en",
     [("humanitarian", "Madaya", "2016-09-21")]),
]


@pytest.mark.parametrize("text,lang,want", CODED)
def test_events_are_coded(text, lang, want):
    assert brief(events(text, lang)) == want


NOT_EVENTS = [
    ("Moscou a démenti mardi avoir mené des frappes aériennes sur Idleb.", "fr"),
    ("Si les raids se poursuivent à Alep, la coopération sera suspendue.", "fr"),
    ("Paris veut réunir les parties pour ouvrir des négociations entre le régime et l'opposition.", "fr"),
    ("La coalition bombarde les positions de l'EI depuis l'été 2014 en Irak.", "fr"),
    ("«Nous exigeons l'arrêt immédiat des raids sur Alep», a déclaré mardi le ministre.", "fr"),
    ("«La situation est très grave», a averti mardi le ministre.", "fr"),
    ("Le chef de la diplomatie a regretté l'échec de rencontres passées avec Moscou.", "fr"),
    ("Moscow denied on Tuesday that its jets had bombed a hospital in Idlib.", "en"),
    ("If the strikes on Aleppo continue, cooperation will be suspended.", "en"),
    ('"We demand an end to the air strikes on Aleppo," the minister said on Tuesday.', "en"),
]


@pytest.mark.parametrize("text,lang", NOT_EVENTS)
def test_traps_are_not_coded(text, lang):
    assert events(text, lang) == []


def test_status_planned_and_uncertain():
    (e,) = events("Les deux ministres doivent se rencontrer samedi à Lausanne.")
    assert e["status"] == "planned"
    (e,) = events("Une frappe aurait touché mardi un hôpital à Idleb.")
    assert (e["type"], e["status"]) == ("airstrike", "uncertain")
    (e,) = events("Une frappe menée mardi près de Raqa pourrait avoir fait des victimes civiles.")
    assert (e["type"], e["status"], e["location"]) == ("airstrike", "asserted", "Raqqa")


def test_target_of_an_attack_is_not_a_second_event():
    got = brief(events("Le bombardement d'un convoi humanitaire près d'Alep a fait 20 morts mardi."))
    assert [t for t, *_ in got] == ["shelling"] or [t for t, *_ in got] == ["airstrike"]


def test_bombardment_is_aerial_or_artillery_from_context():
    (e,) = events("Les avions du régime ont poursuivi mardi leurs bombardements sur Douma.")
    assert e["type"] == "airstrike"
    (e,) = events("L'artillerie a poursuivi mardi ses bombardements sur Douma.")
    assert e["type"] == "shelling"


def test_undated_event_takes_the_lead_date_and_says_so():
    text = ("Le ministre a présenté mardi un nouveau plan de paix. "
            "Il a par ailleurs exhorté l'opposition à revenir à la table des négociations.")
    (e,) = events(text)
    assert (e["type"], e["date"].isoformat(), e["date_basis"]) == ("appeal", "2016-09-20", "lead")
    (e,) = events(text, published=None)
    assert e["date"] is None


def test_anaphoric_mention_joins_the_event_it_refers_to():
    text = ("Un attentat a tué mardi neuf personnes à Azaz. "
            "L'attentat s'est produit devant une mosquée de cette ville de la province d'Alep, tenue par les rebelles depuis 2012.")
    assert brief(events(text)) == [("bombing", "Azaz", "2016-09-20")]


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


@pytest.mark.parametrize("text, lang, actors", [
    ("Des combats ont opposé mardi l'armée syrienne aux rebelles à Deraa, selon l'ONU.", "fr",
     ["Syrian army", "rebels"]),
    ("Shelling by pro-government forces killed 12 people in Douma on Monday, according to the Red Cross.", "en",
     ["Syrian government"]),
    ("Des raids de l'aviation russe ont visé jeudi Idleb, d'après l'Observatoire syrien des droits de l'homme.", "fr",
     ["Russia"]),
])
def test_who_reports_an_event_is_not_one_of_its_actors(text, lang, actors):
    """'selon l'ONU', 'according to the Red Cross': an attribution names a source, not a party."""
    evs = events(text, lang)
    assert evs and evs[0]["actors"] == actors, [(e["type"], e["actors"]) for e in evs]
