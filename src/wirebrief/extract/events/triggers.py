"""Trigger scan and typing: which words report a happening, of which coarse type and ACLED
sub-type, and which mentions are not events at all (denied, hypothetical, generic, causal...)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

from ... import codes
from ..actors import is_state_force
from ..text import CaseFree, Sentence
from .placement import _clause
from .roles import _subjects
from .rules import BACKGROUND_REACH, PREDICATE_REACH, REFERENCE_REACH, _Rules


def _cued_type(cls: str, sent: str, text: str, r: _Rules, options: list[str], near: str = "",
               target: str = "") -> str:
    """The type a `codes_as` trigger class is coded as, from its context.

    'bombardement' is aerial or artillery, a bare 'attaque' is a battle or an
    attack on civilians, a 'raid' is from the air or on the ground: each
    option's cue words (`type_cues_re`) are counted in the sentence, then, for
    classes listed in `article_cue_classes`, in the whole article; the option
    with most cues wins, and a tie goes to the last option (event_types.csv). The words
    right around the trigger speak first ("bombardements de l'aviation ... et tirs
    d'artillerie": the first is aerial). Before them, for a verb that names its target
    right after it, the target's own words (`target_cues_re`: people or forces, not a
    town) speak ("then attacked Iraqi forces from a building full of civilians": a battle).
    """
    if target:
        counts = [len(c.findall(target)) if (c := r.target_cues.get(o)) else 0 for o in options]
        best = max(counts)
        if best and counts.count(best) == 1:
            return options[counts.index(best)]
    scopes = (near, sent, text) if cls in r.article_cues else (near, sent)
    for scope in scopes:
        cues = [r.cues.get(f"{cls}.{o}") or r.cues.get(o) for o in options]  # "raid.battle": a class's own cues
        counts = [len(c.findall(scope)) if c else 0 for c in cues]
        best = max(counts)
        if best and counts.count(best) == 1:
            return options[counts.index(best)]
    return options[-1]


def _coded_type(cls: str, sent: str, text: str, r: _Rules, near: str = "", after: str = "") -> str:
    """The type of a `codes_as` class; a class listed in `recue` that is not coded as its
    default is decided again by another class's cues: a raid on the ground (not from the
    air) is then a battle or an attack on civilians, like an 'attaque'."""
    options = codes.event_types()[cls]["codes_as"].split("|")
    if cls in r.weapon_classes:
        armed = _armed(cls, sent, r, options, near, after)
        if armed:
            return armed
    target = _target(after, r) if cls in r.target_classes else ""
    etype = _cued_type(cls, sent, text, r, options, near, target)
    again = r.recue.get(cls)
    if again and etype != options[-1]:
        etype = _cued_type(again, sent, text, r, codes.event_types()[again]["codes_as"].split("|"), near)
    return etype


def _target(after: str, r: _Rules) -> str:
    """The words right after a vague attack verb, up to the first punctuation: its object,
    the target whose kind decides the attack before the rest of the sentence does."""
    m = r.target_span.search(after) if r.target_span else None
    return m.group(0) if m else ""


def _armed(cls: str, sent: str, r: _Rules, options: list[str], near: str, after: str = "") -> str | None:
    """The remote-violence type of a vague attack whose weapon is named (GUIDELINE: violence
    against civilians is what the other types do not cover, so the weapon wins over the victims).

    A weapon right around the trigger types it ("rocket attacks", "attaques à la roquette"),
    and so does one its clause says it used ("attacks on army posts, some with drones"); a
    weapon elsewhere in the sentence only when the sentence names no target that would
    decide the attack ("cities were targeted by attacks overnight ... debris from downed
    missiles"), since a weapon in another clause may be another happening's.
    """
    if not (r.any_weapon and r.any_weapon.search(sent)):
        return None   # most sentences name no weapon: one search instead of one per type and scope
    for etype, rx in r.weapons.items():
        if rx and rx.search(near):
            return etype
    with_ = r.armed_with.search(after) if r.armed_with else None
    if with_:   # "attacks on army posts, some with drones": the weapon the clause says it used
        return next((etype for etype, rx in r.weapons.items() if rx and rx.search(with_.group(0))), None)
    cues = [r.cues.get(f"{cls}.{o}") or r.cues.get(o) for o in options]
    if any(c and c.search(sent) for c in cues):
        return None
    return next((etype for etype, rx in r.weapons.items() if rx and rx.search(sent)), None)


def _skip(s: str, a: int, b: int, r: _Rules, etype: str = "") -> bool:
    """Denied, hypothetical, generic, purpose or iterative mentions are not events; nor is
    violence that only opens a period (an agreement "since" which ... is still news), one
    cited as a reason or a link, feared or awaited, a trend, a search, a sound heard, or the
    backdrop of the happening the sentence tells ("amid ongoing exchanges of fire")."""
    if r.denied and r.denied.search(s):
        return True
    if r.hypothetical and r.hypothetical.search(s[:a]):
        return True
    if r.before_trigger and r.before_trigger.search(s[max(0, a - 40):a]):
        return True   # a cause ("because of the fighting"), an aftermath ("a survivor of the attack")
        # or a weapon that did not go off ("defused a bomb"): not a reported happening
    if r.aftermath and r.aftermath.search(s[b:b + 20]):
        return True   # "23 bombing survivors": told after, not reported
    if r.document_says and etype in codes.speech_acts() and r.document_says.search(s[max(0, a - 30):a]):
        return True   # "the agreement also calls for ...": what a text provides, not a party's appeal
    if etype in r.predicate_classes and r.predicate and r.predicate.search(s[max(0, a - PREDICATE_REACH):a]):
        return True   # "l'attaque chimique qui a frappé la ville": the verb of an attack already read
    if r.negated and r.negated.search(s[max(0, a - 30):a]):
        return True   # "aucune attaque ne se produise", "no fighting was reported"
    if r.medical and etype in r.placed_at_origin and r.medical.search(s[max(0, a - 40):a]):
        return True   # "les blessés ont été évacués": taken to hospital, not displaced
    if r.opens_period and etype and codes.family_of(etype) == "violent" and r.opens_period.search(s[max(0, a - 50):a]):
        return True   # "since Hamas attacked Israel", "depuis l'invasion russe": when a tally began
    if r.causes and r.causes.search(s[b:b + 40]):
        return True
    if _touching(r.habitual, s, a, b):
        return True   # "launching regular attacks on the army": a habit, no happening
    if r.referenced and r.referenced.search(s[max(0, a - REFERENCE_REACH):a]):
        return True   # "in response to Hamas' Oct 7 attack", "en riposte aux massacres de X": cited
    if (r.backdrop_as and r.backdrop_verb and r.backdrop_as.search(s[max(0, a - 20):a])
            and r.backdrop_verb.search(s[b:b + 80])):
        return True   # "..., as fighting between X and Y intensified": the backdrop of what is told
    if _touching(r.untold, s, a, b):
        return True   # "raids searching for suspects", "explosions were heard", "have intensified
        # attacks", "which had taken control of", "fighting Sufism": nothing told happened
    if (r.background and etype and codes.family_of(etype) == "violent"
            and r.background.search(s[max(0, a - BACKGROUND_REACH):a])):
        return True   # "amid ongoing exchanges of fire", "because of ..., ongoing hostilities": the backdrop
    if r.lone_person and etype in r.placed_at_origin and r.lone_person.search(s[max(0, a - 40):a]):
        return True   # "the premier, who was forced to leave the capital": one man's exile
    if etype and codes.family_of(etype) == "violent" and _touching(r.wanted, s, a, b):
        return True   # "renewed calls for air strikes": the strikes are asked for (the call is an appeal)
    window = s[max(0, a - 60):min(len(s), b + 80)]
    return bool(r.generic_re and r.generic_re.search(window))


def _touching(rx: CaseFree | None, s: str, a: int, b: int) -> bool:
    """Whether a match of `rx` touches the trigger s[a:b]: a habit word ("launching regular
    attacks on the army", "are increasingly kidnapping civilians", "enlèvent régulièrement")
    or a demand ("renewed calls for air strikes") says what a group does or wants, not what
    happened. Only words touching the trigger count, so that "rebels who launch regular
    attacks attacked Beni on Monday" is still an attack on Beni."""
    if rx is None:
        return False
    lo = max(0, a - 40)
    return any(m.start() + lo <= b and m.end() + lo >= a for m in rx.finditer(s[lo:b + 40]))


def _specific_hits(s: str, si: int, hits: dict, r: _Rules) -> list[_Hit]:
    """The sentence's specific violent triggers that are not skipped."""
    return [h for t in _specific_classes(r.generic) for h in hits.get((si, t), ()) if not _skip(s, h.a, h.b, r, t)]


def _beside(a: int, b: int, specific: list[_Hit], sent: Sentence, r: _Rules) -> bool:
    """Whether a specific trigger stands in the vague trigger's clause: "a car bomb ... the
    attack" is one happening, but in "jets struck A, while troops attacked B" the attack on B
    is its own."""
    lo, hi = _clause(a, b, sent, r)
    return any(lo <= sent.start + h.a < hi for h in specific)


@cache
def _specific_classes(generic: frozenset) -> tuple[str, ...]:
    return tuple(t for t in codes.trigger_classes() if t not in generic and codes.family_of(t) == "violent")


def _reported(etype: str) -> bool:
    """Violence and flight a quote reports are happenings all the same ("«plus de 1 000
    personnes ont été contraintes d'abandonner leurs maisons», indique le rapport"); what a
    speaker asks, agrees or threatens in a quote is coded through the speech verb outside it."""
    return codes.family_of(etype) == "violent"


@dataclass(frozen=True)
class _Hit:
    """A trigger match, in the offsets of its sentence (the re.Match methods _event uses)."""
    a: int
    b: int
    surface: str

    def start(self) -> int:
        return self.a

    def end(self) -> int:
        return self.b

    def group(self, _n: int = 0) -> str:
        return self.surface


def _trigger_hits(text: str, sentences: list[Sentence], r: _Rules) -> dict[tuple[int, str], list[_Hit]]:
    """(sentence index, event type) -> its trigger matches, from one scan of the whole text per type.

    Scanning the text once per type instead of every sentence once per type
    spares some 250 regex calls per article; a match that would straddle two
    sentences belongs to neither.
    """
    starts = [sent.start for sent in sentences]
    out: dict[tuple[int, str], list[_Hit]] = {}
    for etype in codes.trigger_classes():
        rx = r.triggers[etype]
        if rx is None:
            continue
        for m in rx.finditer(text):
            si = bisect.bisect_right(starts, m.start()) - 1
            if si < 0 or m.end() > sentences[si].end:
                continue
            off = sentences[si].start
            out.setdefault((si, etype), []).append(_Hit(m.start() - off, m.end() - off, text[m.start():m.end()]))
    return out


def _subtype(etype: str, window: str, r: _Rules) -> str | None:
    """The ACLED sub-event type the trigger's words name, among those at home in `etype`.

    "voiture piégée" is a remote explosive, "kamikaze" a suicide bomb, "drone"
    an air/drone strike, "enlevés" an abduction; None leaves the type's own.
    The caller reads the trigger's surroundings first, then its whole sentence
    ("protesters gathered ...; police dispersed them": a protest with intervention).
    """
    homes = _subtype_homes()
    for name, rx in r.subtypes:
        if etype in homes.get(name, ()) and rx.search(window):
            return name
    return None


@cache
def _subtype_homes() -> dict[str, frozenset]:
    homes: dict[str, set] = {}
    for row in codes.acled_subtypes():
        homes.setdefault(row["acled_sub_event_type"], set()).add(row["type"])
    return {k: frozenset(v) for k, v in homes.items()}


_TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")
TAKER_REACH = 60   # characters before a territory verb where its subject is named


def _territory_by_actor(subtype: str | None, doc, actor_starts: list[int], sent: Sentence, a: int, b: int,
                        r: _Rules, country: str | None) -> str | None:
    """A territory taken by force is coded by who took it, as ACLED does: "the army
    captured Kidal" is the government regaining territory, "al-Shabaab recaptured
    Mahaas" a non-state actor overtaking it, whatever the verb. The takers are the
    parties named in the TAKER_REACH characters before the trigger in its clause (not
    the side "from" which it was taken, nor the subject of an earlier clause); a state
    force among them makes it the government's. With none known the
    verb's reading stands ('retook' regains, 'seized' overtakes, "X fell to the rebels")."""
    if subtype not in _TERRITORY:
        return subtype
    sides = _taker_sides(doc, actor_starts, sent, a, b, r, country)
    return subtype if not sides else _TERRITORY[0] if True in sides else _TERRITORY[1]


def _taker_sides(doc, actor_starts: list[int], sent: Sentence, a: int, b: int, r: _Rules,
                 country: str | None) -> set[bool]:
    """Of the parties named as the subject right before the trigger, which are state forces
    (True) and which armed groups (False): the TAKER_REACH characters before it, in its clause
    (not the side "from" which a town was taken, nor the subject of an earlier clause)."""
    lo = max(0, _clause(a, b, sent, r)[0] - sent.start, a - TAKER_REACH)
    return {is_state_force(t) for t in _subjects(doc, actor_starts, sent, lo, a, r, country)} - {None}


ABDUCTION = "Abduction/forced disappearance"


def _held_by_armed_group(doc, actor_starts: list[int], sent: Sentence, a: int, b: int, r: _Rules,
                         country: str | None) -> bool:
    """Whether the ones who arrest or capture people are armed groups only ("al-Shabaab
    arrested five villagers", "ELN guerrillas seized a councillor"): ACLED codes that as an
    abduction, an arrest being a state's."""
    return _taker_sides(doc, actor_starts, sent, a, b, r, country) == {False}


def _armed_side_acts(doc, actor_starts: list[int], sent: Sentence, a: int, b: int, r: _Rules,
                     country: str | None) -> bool:
    """Whether a state force or an armed group is named as the subject right before the
    trigger ("ISWAP fighters set up a camp", "Police detained ..."): in a one-sentence
    item that is a report of what it did, not a comment ("the shelling must stop").
    Only the TAKER_REACH characters before it count: a side named far earlier may be
    doing something else ("police arrested three men and seized two pistols")."""
    return bool(_taker_sides(doc, actor_starts, sent, a, b, r, country))
