"""ACLED sub-event types: the published mapping is consistent and no sub-type is unreachable.

data/acled_subtypes.csv maps every ACLED sub-event type to its home coarse type;
each language names the words of each sub-type in events.yaml `acled_subtypes_re`.
"""
import pytest

from wirebrief import codes
from wirebrief import lang as langdata

ACLED = {  # ACLED's own codebook: event type -> sub-event types
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Air/drone strike", "Shelling/artillery/missile attack", "Suicide bomb",
                                   "Remote explosive/landmine/IED", "Grenade", "Chemical weapon"},
    "Violence against civilians": {"Attack", "Abduction/forced disappearance", "Sexual violence"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}


def test_every_acled_sub_event_type_has_a_home_type():
    homes = {(r["acled_event_type"], r["acled_sub_event_type"]) for r in codes.acled_subtypes()}
    assert homes == {(e, s) for e, subs in ACLED.items() for s in subs}
    assert all(r["type"] in codes.coded_types() and r["plover"] for r in codes.acled_subtypes())


def test_each_types_own_sub_type_is_one_of_its_rows():
    rows = {(r["type"], r["acled_sub_event_type"]) for r in codes.acled_subtypes()}
    for etype in codes.coded_types():
        own = codes.event_types()[etype]["acled_sub_event_type"]
        assert not own or (etype, own) in rows, etype


@pytest.mark.parametrize("code", sorted(langdata.supported()))
def test_every_sub_type_is_reachable_in_each_language(code):
    named = set(langdata.load(code)["events"]["acled_subtypes_re"])
    defaults = {codes.event_types()[t]["acled_sub_event_type"] for t in codes.coded_types()}
    listed = {r["acled_sub_event_type"] for r in codes.acled_subtypes()}
    assert named <= listed                       # no pattern for a sub-type the mapping lacks
    assert listed - named - defaults == set()   # every sub-type is some trigger's or some type's own


def test_a_sub_type_outside_its_home_falls_back_to_the_types_own():
    assert codes.acled_codes("battle", "Grenade") == ("Battles", "Armed clash", "FIGHT")
    assert codes.acled_codes("airstrike", "Chemical weapon") == (
        "Explosions/Remote violence", "Chemical weapon", "ASSAULT")
