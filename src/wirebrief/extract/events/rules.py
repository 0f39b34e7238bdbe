"""The per-language event rules: trigger vocabularies and the cue words that qualify them.

Read once per language from data/lang/<lang>/events.yaml (regex keys end in `_re`;
a missing key is empty) and compiled into one cached `_Rules`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ... import codes
from ... import lang as langdata
from ..text import Alternatives, CaseFree

MERGE_KM = 60               # a place inside another (Inkhil in Daraa Governorate) is one event
UNDATED_REACH = 3           # sentences apart beyond which two undated mentions are not one happening
NESTED_KM = 15              # a quarter or site this close to a town's centre is inside the town
PLACE_GAP = 45              # max characters between two coordinated places of one event
NEAR_CUE = 25               # characters around a vague trigger whose cue words speak first
SUMMARY_REACH = 80          # a war-summary phrase this close to a trigger makes it background
BACKGROUND_REACH = 90       # characters before a trigger where "amid ongoing", "because of" make it background
HISTORY_YEARS = 25          # a happening dated this many years before the news is history, not an event
PREDICATE_REACH = 80        # characters before a verb trigger where its violent subject noun may stand
BEGAN_REACH = 35            # a "since <day>" this close to a trigger is the day it began, not a campaign's
REFERENCE_REACH = 60        # characters before a trigger where "in response to the", "since ... Oct 7" cite it
WITH_REACH = 80             # characters after a vague attack where "with drones" names its weapon
SETTING_REACH = 60          # a gathering this close after a strike is where its victims were


def _alt(pats: list[str] | None) -> CaseFree | None:
    """One case-insensitive regex for a list of cue patterns (or None for an empty list)."""
    return CaseFree("|".join(f"(?:{p})" for p in pats)) if pats else None


@dataclass(frozen=True)
class _Rules:
    triggers: dict
    needs_anchor: frozenset
    anchor: CaseFree | None
    weekday: CaseFree | None  # a weekday anchors a noun trigger when no publication date resolves it
    denied: CaseFree | None
    hypothetical: CaseFree | None
    uncertain: CaseFree | None
    planned: CaseFree | None
    generic_re: CaseFree | None
    habitual: CaseFree | None        # "regular attacks", "increasingly kidnapping": a habit, touching the trigger
    wanted: CaseFree | None          # "calls for air strikes", "réclame des frappes": asked for, touching the trigger
    past_perfect: CaseFree | None
    # a reporting verb and its "that": a pluperfect after it is the report's tense, not background
    reported_that: CaseFree | None
    still_past: CaseFree | None       # "previously", "déjà": background even after "said that"
    new_happening: CaseFree | None    # "also", "another", "voisin": "the gunmen" tell a new attack
    # "the war erupted after ...": the happening that began the war, dated by the day it began
    war_origin: CaseFree | None
    follow_up: CaseFree | None  # right before: "a subsequent strike", "une seconde frappe": after the last one told
    origin_day_before: CaseFree | None  # before a day: "since Israel launched its campaign on"
    anaphora: re.Pattern | None
    demonstrative: re.Pattern | None
    # the sentence's subject is the perpetrator already told ("The gunmen ... attacked the mosque")
    told_perpetrator: re.Pattern | None
    target_of: re.Pattern | None
    venue: re.Pattern | None
    venue_of: CaseFree | None
    cues: dict                # coded type -> CaseFree: the words that decide a `codes_as` class
    article_cues: frozenset   # classes whose cues are also counted over the whole article
    war_summary: CaseFree | None
    causal: CaseFree | None          # "en raison des combats": a cause, not a happening
    before_trigger: CaseFree | None  # causal, aftermath and neutralised as one search (see rules())
    opens_period: CaseFree | None    # "since the offensive began", "depuis l'invasion": background
    negated: CaseFree | None         # "aucune attaque", "no fighting": right before the trigger
    aftermath: CaseFree | None       # "survivors of the attack", "bombing survivors": its aftermath
    document_says: CaseFree | None   # "the agreement calls for": a text's provision, not an appeal
    predicate: CaseFree | None       # "the attack struck": a violent noun right before a verb trigger
    air_launched: CaseFree | None    # "a drone fired a missile": an aircraft right before a shelling word
    predicate_classes: frozenset     # the verb classes that are then only that noun's predicate
    medical: CaseFree | None         # "the wounded were evacuated": a casualty taken to care
    causes: CaseFree | None          # "les combats ont poussé ... à fuir": the cause of a flight
    neutralised: CaseFree | None     # "désamorcé un engin explosif": it did not go off
    cancelled: CaseFree | None       # "la réunion a été annulée": a meeting that did not happen
    recue: dict                      # class -> class whose cues decide it again when not its default
    agent: CaseFree | None           # "par", "by" right before a party: the agent of a passive
    speaker_after: CaseFree | None   # "..., the army said": a party that speaks plays no role
    speaker_before: CaseFree | None  # "..., a affirmé vendredi l'armée"
    two_sided: frozenset             # types whose two sides may both follow the trigger
    distinct: CaseFree | None        # "une autre attaque", "a separate raid": a new occurrence
    counted: CaseFree | None         # "two airstrikes": a count of its own
    clause_break: CaseFree | None    # ", tandis que", "; ", ", while": another clause begins
    complement_break: CaseFree | None  # "and that", "et que": a second reported clause begins
    origin: CaseFree | None         # "venus de X": where fighters or fire came from
    reference: CaseFree | None      # "au nord de X", "east of X": a reference point, not the place
    seat: CaseFree | None           # "basée à X" before, "-based" after: where a source sits
    topic: CaseFree | None          # "about the situation in X": a meeting's topic, not its venue
    the_capital: CaseFree | None    # "la capitale", "the capital": the article country's capital
    the_city: CaseFree | None       # "la ville", "the city": the article's main town
    the_region: CaseFree | None     # "cette région", "this province": the province last named
    destination: CaseFree | None    # "fled to X", "vers la frontière": where people went
    subtypes: tuple           # (ACLED sub-event type, CaseFree) in order of preference
    placed_by_topic: frozenset  # diplomatic types placed where they apply when no venue is named
    generic: frozenset        # trigger classes too vague to stand beside a specific trigger
    placed_at_origin: frozenset       # flights happen where people left
    placed_at_destination: frozenset  # aid happens where it arrives
    joiners: frozenset
    coordinators: frozenset   # the joiners that add a place ("et", "and") rather than qualify one
    attribution: re.Pattern   # "selon X", "according to X" up to the clause end
    told_by: CaseFree | None  # a trailing speaker: "…, police said", "…, a indiqué la police"
    background: CaseFree | None   # "amid ongoing exchanges of fire", "because of ..., ongoing hostilities"
    weapons: dict                 # remote-violence type -> the weapon words that name it
    any_weapon: CaseFree | None   # all of them as one alternation: whether a sentence names any
    weapon_classes: frozenset     # vague classes ('attack') a weapon named beside them types
    armed_with: CaseFree | None   # after the trigger, in its clause: "..., some with drones", "à l'aide de"
    target_span: CaseFree | None  # right after a vague attack verb: its object, up to punctuation
    agent_in_trigger: CaseFree | None  # "by"/"par" inside a trigger: what follows is its agent
    target_cues: dict             # type -> the target words that decide a vague attack by its object
    target_classes: frozenset     # vague classes whose object follows them ('killing' holds its victims)
    referenced: CaseFree | None   # up to REFERENCE_REACH before: a definite past attack cited, not told
    backdrop_as: CaseFree | None  # right before: "as", "alors que" ...
    backdrop_verb: CaseFree | None  # ... and right after: "intensified": a backdrop, not a happening
    crowd_before: CaseFree | None  # "hundreds of protesters stormed": a crowd's violence is a riot
    crowd_agent: CaseFree | None  # "l'assaut ... par des milliers de partisans": the same, as agent
    # touching the trigger, nothing told happened: a search ("raids searching for suspects"), a
    # sound ("explosions were heard"), a trend ("have intensified attacks"), who holds what
    # ("which had taken control of"), an idea fought ("fighting Sufism"); one alternation
    untold: CaseFree | None
    setting: CaseFree | None      # "during a school meeting" after a strike: the victims' gathering
    lone_person: CaseFree | None  # "who was forced to leave": one person's exile, no displacement
    lang: str = ""                # the language these rules read: placement reads its own cues by it


@cache
def rules(lang: str) -> _Rules:
    d = _folded(langdata.load(lang)["events"])
    venue = d.get("venue_prepositions", [])
    return _Rules(
        lang=lang,
        triggers={t: Alternatives(d["triggers_re"][t], re.I) if d["triggers_re"].get(t) else None
                  for t in codes.trigger_classes()},
        needs_anchor=frozenset(d["needs_anchor"]),
        anchor=_alt(d.get("anchor_re")), weekday=_alt(d.get("weekday_re")), denied=_alt(d.get("denied_re")),
        hypothetical=_alt(d.get("hypothetical_re", []) + d.get("counterfactual_re", [])), uncertain=_alt(d.get("uncertain_re")),
        planned=_alt(d.get("planned_re")), generic_re=_alt(d.get("generic_re")), habitual=_alt(d.get("habitual_re")),
        wanted=_alt(d.get("wanted_re")),
        past_perfect=_alt(d.get("past_perfect_re")), reported_that=_alt(d.get("reported_that_re")),
        still_past=_alt(d.get("still_past_re")), new_happening=_alt(d.get("new_happening_re")),
        war_origin=_alt(d.get("war_origin_re")), follow_up=_alt(d.get("follow_up_re")), origin_day_before=_alt(d.get("origin_day_before_re")),
        anaphora=re.compile(rf"(?:^|\W)(?:{langdata.either(d['definite'] + d['demonstrative'])})\s*$", re.I),
        demonstrative=re.compile(rf"(?:^|\W)(?:{langdata.either(d['demonstrative'])})\s*$", re.I),
        told_perpetrator=re.compile(
            rf"^\W*(?:{langdata.either(d['definite'] + d['demonstrative'])})\s*(?:{langdata.either(d['perpetrators'])})\b",
            re.I) if d.get("perpetrators") else None,
        target_of=re.compile(rf"\s*(?:{langdata.either(d['target_of_re'])})\s*(?:\w+\s+)?", re.I),
        venue=re.compile(rf"(?:^|\W)(?:{langdata.either(venue)})\s*(?:\w+\s+|\w+['’]){{0,5}}$", re.I) if venue else None,
        venue_of=_alt([rf"\s*(?:{p})\s*" for p in d.get("venue_of_re", [])]),
        cues={t: _alt(p) for t, p in (d.get("type_cues_re") or {}).items()},
        article_cues=frozenset(d.get("article_cue_classes", [])),
        war_summary=_alt(d.get("war_summary_re", []) + d.get("war_start_re", [])),
        causal=_alt(d.get("causal_re")),
        # the cue lists _skip reads in the same 40 characters before a trigger (causes,
        # aftermaths, defused weapons, feared or awaited happenings), as one alternation:
        # one search instead of four per trigger hit (any match skips it)
        before_trigger=_alt(d.get("causal_re", []) + d.get("aftermath_re", []) + d.get("neutralised_re", [])
                            + d.get("feared_re", [])),
        referenced=_alt(d.get("referenced_re")),
        opens_period=_alt(d.get("opens_period_re")), negated=_alt(d.get("negated_re")),
        aftermath=_alt(d.get("aftermath_re")), document_says=_alt(d.get("document_says_re")),
        predicate=_alt(d.get("predicate_re", []) + d.get("predicate_far_re", [])), air_launched=_alt(d.get("air_launched_re")), predicate_classes=frozenset(d.get("predicate_classes", [])),
        medical=_alt(d.get("medical_re")),
        causes=_alt(d.get("causes_re")),
        neutralised=_alt(d.get("neutralised_re")),
        cancelled=_alt(d.get("cancelled_re")),
        recue=dict(d.get("recue", {})),
        agent=_alt([f"(?:{p})" for p in d.get("agent_re", [])]),
        speaker_after=_alt(d.get("speaker_after_re")),
        two_sided=frozenset(d.get("two_sided", [])),
        distinct=_alt([f"(?:{p})" for p in d.get("distinct_re", [])]),
        counted=_alt(d.get("counted_re")),
        clause_break=_alt(d.get("clause_break_re")),
        complement_break=_alt(d.get("complement_break_re")),
        speaker_before=_alt([f"(?:{p})" for p in d.get("speaker_before_re", [])]),
        origin=_alt([f"(?:{p})" for p in d.get("origin_re", [])]),
        reference=_alt([f"(?:{p})" for p in d.get("reference_re", [])]),
        seat=_alt(d.get("seat_re")), topic=_alt(d.get("topic_re")), the_capital=_alt(d.get("the_capital_re")), the_city=_alt(d.get("the_city_re")),
        the_region=_alt(d.get("the_region_re")),
        destination=_alt([f"(?:{p})" for p in d.get("destination_re", [])]),
        placed_by_topic=frozenset(d.get("placed_by_topic", [])),
        generic=frozenset(d.get("generic_classes", [])),
        placed_at_origin=frozenset(d.get("placed_at_origin", [])),
        placed_at_destination=frozenset(d.get("placed_at_destination", [])),
        subtypes=tuple((k, _alt(v)) for k, v in (d.get("acled_subtypes_re") or {}).items() if v),
        joiners=frozenset(d.get("place_joiners", [])), coordinators=frozenset(d.get("place_coordinators", [])),
        attribution=(re.compile(rf"(?<!\w)(?:{langdata.either(map(re.escape, d['attribution']))})\s[^,.;:«»()]{{1,80}}",
                                re.I) if d.get("attribution") else re.compile("(?!)")),
        told_by=_alt(d.get("told_by_re")),
        background=_alt(d.get("background_re")),
        weapons={t: _alt(p) for t, p in (d.get("weapon_re") or {}).items()},
        any_weapon=_alt([p for ps in (d.get("weapon_re") or {}).values() for p in ps]),
        weapon_classes=frozenset(d.get("weapon_classes", [])), armed_with=_alt(d.get("armed_with_re")),
        target_span=_alt(d.get("target_span_re")),
        untold=_alt([p for k in ("search_op_re", "heard_re", "trend_re", "holder_re", "abstract_object_re",
                                       "stopped_re")
                     for p in d.get(k, [])]),
        crowd_before=_alt(d.get("crowd_before_re")), crowd_agent=_alt(d.get("crowd_agent_re")),
        backdrop_as=_alt(d.get("backdrop_as_re")), backdrop_verb=_alt(d.get("backdrop_verb_re")),
        agent_in_trigger=_alt(d.get("agent_in_trigger_re")),
        target_cues={t: _alt(p) for t, p in (d.get("target_cues_re") or {}).items()},
        target_classes=frozenset(d.get("target_classes", [])),
        setting=_alt(d.get("setting_re")), lone_person=_alt(d.get("lone_person_re")),
    )


def _folded(d: dict) -> dict:
    """The events section with every `more_<key>` folded into `<key>`.

    Vocabulary added later sits in its own keys at the end of events.yaml
    (`more_triggers_re: {riot: [...]}`, `more_anchor_re: [...]`): a list is
    extended, a mapping is extended entry by entry in file order. This keeps
    each addition a block of its own instead of an edit to a long shared line.
    """
    out = {k: v for k, v in d.items() if not k.startswith("more_")}
    for key, extra in d.items():
        if not key.startswith("more_") or not extra:
            continue
        base = out.get(key[len("more_"):])
        if isinstance(extra, dict):
            merged = dict(base or {})
            for k, v in extra.items():
                merged[k] = list(merged.get(k) or []) + list(v or [])
            out[key[len("more_"):]] = merged
        else:
            out[key[len("more_"):]] = list(base or []) + list(extra)
    return out
