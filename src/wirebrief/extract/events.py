"""Events: what happened, who, where and when, from trigger vocabularies per language.

Triggers and the cue words that qualify them (negation, modality, purpose,
background, venue prepositions) live in data/lang/<lang>/events.yaml;
each type maps to ACLED and PLOVER in data/event_types.csv.

Automated event coders over-generate, so most of this module decides what
*not* to code:
- words inside direct speech («…» opening a sentence) are a speaker's words,
  coded through the speech verb outside the quote, not as happenings;
- denied, hypothetical, purpose ("pour ouvrir des négociations"), generic and
  iterative mentions are dropped;
- a long-running campaign dated only by "depuis l'été 2014" is background;
- a demand made during a phone call is that call, not a second event;
- the same happening mentioned twice (same type, compatible place and date)
  is one row.
Dates come from the clause; an undated asserted event takes the story's lead
date (the day of the first dated sentence), marked `date_basis = "lead"`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from functools import cache

from .. import codes
from .. import lang as langdata
from ..gazetteer import KIND_RANK, gazetteer, km
from . import dating
from .actors import actors_between, parties, resolve, sources
from .dates import find_dates
from .doc import Event
from .places import Mention, mentions_between
from .registry import component
from .text import Alternatives, CaseFree, Sentence, in_spans

MERGE_KM = 60               # a place inside another (Inkhil in Daraa Governorate) is one event
UNDATED_REACH = 3           # sentences apart beyond which two undated mentions are not one happening
NESTED_KM = 15              # a quarter or site this close to a town's centre is inside the town
PLACE_GAP = 45              # max characters between two coordinated places of one event
NEAR_CUE = 25               # characters around a vague trigger whose cue words speak first
SUMMARY_REACH = 80          # a war-summary phrase this close to a trigger makes it background


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
    anaphora: re.Pattern | None
    demonstrative: re.Pattern | None
    target_of: re.Pattern | None
    venue: re.Pattern | None
    venue_of: CaseFree | None
    cues: dict                # coded type -> CaseFree: the words that decide a `codes_as` class
    article_cues: frozenset   # classes whose cues are also counted over the whole article
    war_summary: CaseFree | None
    causal: CaseFree | None          # "en raison des combats": a cause, not a happening
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
    clause_break: CaseFree | None    # ", tandis que", "; ", ", while": another clause begins
    origin: CaseFree | None         # "venus de X": where fighters or fire came from
    reference: CaseFree | None      # "au nord de X", "east of X": a reference point, not the place
    seat: CaseFree | None           # "basée à X" before, "-based" after: where a source sits
    topic: CaseFree | None          # "about the situation in X": a meeting's topic, not its venue
    the_capital: CaseFree | None    # "la capitale", "the capital": the article country's capital
    the_city: CaseFree | None       # "la ville", "the city": the article's main town
    destination: CaseFree | None    # "fled to X", "vers la frontière": where people went
    subtypes: tuple           # (ACLED sub-event type, CaseFree) in order of preference
    placed_by_topic: frozenset  # diplomatic types placed where they apply when no venue is named
    generic: frozenset        # trigger classes too vague to stand beside a specific trigger
    placed_at_origin: frozenset       # flights happen where people left
    placed_at_destination: frozenset  # aid happens where it arrives
    joiners: frozenset
    coordinators: frozenset   # the joiners that add a place ("et", "and") rather than qualify one
    attribution: re.Pattern   # "selon X", "according to X" up to the clause end


@cache
def rules(lang: str) -> _Rules:
    d = langdata.load(lang)["events"]
    venue = d.get("venue_prepositions", [])
    return _Rules(
        triggers={t: Alternatives(d["triggers_re"][t], re.I) if d["triggers_re"].get(t) else None
                  for t in codes.trigger_classes()},
        needs_anchor=frozenset(d["needs_anchor"]),
        anchor=_alt(d.get("anchor_re")), weekday=_alt(d.get("weekday_re")), denied=_alt(d.get("denied_re")),
        hypothetical=_alt(d.get("hypothetical_re")), uncertain=_alt(d.get("uncertain_re")),
        planned=_alt(d.get("planned_re")), generic_re=_alt(d.get("generic_re")), habitual=_alt(d.get("habitual_re")),
        wanted=_alt(d.get("wanted_re")),
        past_perfect=_alt(d.get("past_perfect_re")),
        anaphora=re.compile(rf"(?:^|\W)(?:{langdata.either(d['definite'] + d['demonstrative'])})\s*$", re.I),
        demonstrative=re.compile(rf"(?:^|\W)(?:{langdata.either(d['demonstrative'])})\s*$", re.I),
        target_of=re.compile(rf"\s*(?:{langdata.either(d['target_of_re'])})\s*(?:\w+\s+)?", re.I),
        venue=re.compile(rf"(?:^|\W)(?:{langdata.either(venue)})\s*(?:\w+\s+|\w+['’]){{0,5}}$", re.I) if venue else None,
        venue_of=_alt([rf"\s*(?:{p})\s*" for p in d.get("venue_of_re", [])]),
        cues={t: _alt(p) for t, p in (d.get("type_cues_re") or {}).items()},
        article_cues=frozenset(d.get("article_cue_classes", [])),
        war_summary=_alt(d.get("war_summary_re")),
        causal=_alt(d.get("causal_re")),
        opens_period=_alt(d.get("opens_period_re")), negated=_alt(d.get("negated_re")),
        aftermath=_alt(d.get("aftermath_re")), document_says=_alt(d.get("document_says_re")),
        predicate=_alt(d.get("predicate_re")), air_launched=_alt(d.get("air_launched_re")), predicate_classes=frozenset(d.get("predicate_classes", [])),
        medical=_alt(d.get("medical_re")),
        causes=_alt(d.get("causes_re")),
        neutralised=_alt(d.get("neutralised_re")),
        cancelled=_alt(d.get("cancelled_re")),
        recue=dict(d.get("recue", {})),
        agent=_alt([f"(?:{p})" for p in d.get("agent_re", [])]),
        speaker_after=_alt(d.get("speaker_after_re")),
        two_sided=frozenset(d.get("two_sided", [])),
        distinct=_alt([f"(?:{p})" for p in d.get("distinct_re", [])]),
        clause_break=_alt(d.get("clause_break_re")),
        speaker_before=_alt([f"(?:{p})" for p in d.get("speaker_before_re", [])]),
        origin=_alt([f"(?:{p})" for p in d.get("origin_re", [])]),
        reference=_alt([f"(?:{p})" for p in d.get("reference_re", [])]),
        seat=_alt(d.get("seat_re")), topic=_alt(d.get("topic_re")), the_capital=_alt(d.get("the_capital_re")), the_city=_alt(d.get("the_city_re")),
        destination=_alt([f"(?:{p})" for p in d.get("destination_re", [])]),
        placed_by_topic=frozenset(d.get("placed_by_topic", [])),
        generic=frozenset(d.get("generic_classes", [])),
        placed_at_origin=frozenset(d.get("placed_at_origin", [])),
        placed_at_destination=frozenset(d.get("placed_at_destination", [])),
        subtypes=tuple((k, _alt(v)) for k, v in (d.get("acled_subtypes_re") or {}).items() if v),
        joiners=frozenset(d.get("place_joiners", [])), coordinators=frozenset(d.get("place_coordinators", [])),
        attribution=(re.compile(rf"(?<!\w)(?:{langdata.either(map(re.escape, d['attribution']))})\s[^,.;:«»()]{{1,80}}",
                                re.I) if d.get("attribution") else re.compile("(?!)")),
    )


# ---------------------------------------------------------------- places

def _elsewhere(m: Mention, sent: Sentence, r: _Rules, etype: str) -> bool:
    """A place named as where fire or fighters came from, where people went, or where a source
    sits is not where the event happened ("des obus partis de Jobar", "fled to Tanzania", "the
    Britain-based monitor"); a flight's origin is, and aid is delivered where it goes
    ("convoys to Madaya")."""
    before = sent.text[max(0, m.start - sent.start - 30):m.start - sent.start]
    if _seated(m, sent, r):
        return True
    flight = etype in r.placed_at_origin
    if etype not in r.placed_at_destination and r.destination and r.destination.search(before):
        return True
    return bool(not flight and r.origin and r.origin.search(before))


def _seated(m: Mention, sent: Sentence, r: _Rules) -> bool:
    """Where a source sits or a speaker spoke: "the Britain-based Observatory", "l'ONG basée
    à Londres", "the envoy told a news briefing in Geneva", "a déclaré jeudi à Genève"."""
    before = sent.text[max(0, m.start - sent.start - 30):m.start - sent.start]
    return bool(r.seat and (r.seat.search(before) or r.seat.search(sent.text[m.end - sent.start:m.end - sent.start + 10])))


def _reference(m: Mention, sent: Sentence, r: _Rules) -> bool:
    """A place named as a reference point ("à 20 km au nord de Hama", "east of the capital
    Sanaa") locates another place; the event is there, not at the reference."""
    before = sent.text[max(0, m.start - sent.start - 40):m.start - sent.start]
    return bool(r.reference.search(before))


def _places_for(trig_start: int, trig_end: int, sent: Sentence, mentions: list[Mention],
                joiners: frozenset, r: _Rules | None = None, etype: str = "") -> list[Mention]:
    """Where a violent event happened: the place(s) after the trigger, coordinated, else the nearest before.

    The trigger's offsets are in its sentence, the mentions' in the document.
    """
    if r is not None:
        mentions = [m for m in mentions if not _elsewhere(m, sent, r, etype)]
    lo, hi = _clause(trig_start, trig_end, sent, r)
    inside = [m for m in mentions if lo <= m.start < hi and m.literal and not m.site
              and m.place.kind != "country"]
    trig_start, trig_end = sent.start + trig_start, sent.start + trig_end   # mentions are in document offsets
    if r is not None and r.reference is not None:
        located = [m for m in inside if not _reference(m, sent, r)]
        inside = located or inside   # "à l'est de la capitale Sanaa": only where nothing else is named
    after = [m for m in inside if m.start >= trig_end]
    if after:
        chosen = [after[0]]
        for m in after[1:]:
            gap = sent.text[chosen[-1].end - sent.start:m.start - sent.start]
            words = re.findall(r"\w+", gap.lower())
            if KIND_RANK[m.place.kind] > KIND_RANK[chosen[-1].place.kind]:
                break  # "le quartier de Jobar, à Damas": the city contains the district
            if (r is not None and KIND_RANK[m.place.kind] < KIND_RANK[chosen[-1].place.kind]
                    and chosen[-1].place.kind != "country" and len(gap) <= PLACE_GAP and words
                    and all(w in joiners and w not in r.coordinators for w in words) and "," not in gap):
                chosen[-1] = m   # "the Red Sea port city of Hodeidah", "the Hama district of Al-Arbaeen"
            elif len(gap) <= PLACE_GAP and re.search(r",|\w", gap) and all(w in joiners for w in words):
                chosen.append(m)
            elif _parallel(chosen[0], m, gap, sent, joiners) or (r is not None and _paired(chosen[0], gap, sent, r)):
                chosen.append(m)
            elif m.place.kind in ("district", "site") and chosen[-1].place.kind in ("city", "admin1"):
                continue
            else:
                break
        return chosen
    before = [m for m in inside if m.end <= trig_start]
    if before:
        best = min(before, key=lambda m: (trig_start - m.end > 80, KIND_RANK[m.place.kind], trig_start - m.end))
        return _coordinated_before(best, before, sent, joiners)
    return _country_for(trig_start, trig_end, sent, mentions)


def _intro(m: Mention, sent: Sentence, joiners: frozenset) -> str:
    """The joiner words that introduce a place: "in the village of " before Bdeite."""
    words = re.findall(r"[\w'’]+\W*", sent.text[max(0, m.start - sent.start - 40):m.start - sent.start])
    intro = ""
    for w in reversed(words):
        if re.sub(r"\W", "", w).lower() not in joiners:
            break
        intro = w + intro
    return intro


def _parallel(first: Mention, m: Mention, gap: str, sent: Sentence, joiners: frozenset) -> bool:
    """A place in an enumeration that repeats the first place's introduction: "left one dead in
    the village of A, five in the village of B and one in the village of C" is one event in each."""
    intro = _intro(first, sent, joiners)
    return (len(gap) <= 2 * PLACE_GAP and len(re.findall(r"\w+", intro)) >= 2 and gap.lower().endswith(intro.lower())
            and re.match(r"\s*(?:,|\w+\b)", gap) is not None and not re.search(r"[.;:()«»“”\"]", gap))


def _paired(first: Mention, gap: str, sent: Sentence, r: _Rules) -> bool:
    """A second target in the first one's shape: "hit a clinic in Jableh and a bakery in
    Baniyas" (a coordinator, a short noun phrase, the first place's preposition again)."""
    intro = _intro(first, sent, r.joiners).strip().lower()
    words = re.findall(r"[\w'’]+", gap.lower())
    return (bool(intro) and len(gap) <= PLACE_GAP and len(words) <= 5 and bool(words) and words[0] in r.coordinators
            and gap.lower().rstrip().endswith(" " + intro.split()[-1]) and not re.search(r"[.;:()«»“”\"]", gap))


def _clause(trig_start: int, trig_end: int, sent: Sentence, r: _Rules | None) -> tuple[int, int]:
    """The trigger's clause, in document offsets: its sentence cut at the clause breaks around
    it ("..., tandis que onze djihadistes ont péri à Raqa": Raqa is not where the fighting was)."""
    lo, hi = sent.start, sent.end
    if r is None or r.clause_break is None:
        return lo, hi
    for m in r.clause_break.finditer(sent.text):
        if m.start() >= trig_end:
            return lo, min(hi, sent.start + m.start())
        if m.end() <= trig_start:
            lo = sent.start + m.end()
    return lo, hi


def _coordinated_before(best: Mention, before: list[Mention], sent: Sentence, joiners: frozenset) -> list[Mention]:
    """The places coordinated with `best` in front of it, in text order: "Nubl et Zahraa ont
    été ravitaillées" is one event in each town."""
    chosen = [best]
    for m in reversed([x for x in before if x.end <= best.start]):
        gap = sent.text[m.end - sent.start:chosen[0].start - sent.start]
        words = re.findall(r"\w+", gap.lower())
        if (m.place.kind != best.place.kind or len(gap) > PLACE_GAP or not re.search(r",|\w", gap)
                or not all(w in joiners for w in words)):
            break
        chosen.insert(0, m)
    return chosen


def _country_for(trig_start: int, trig_end: int, sent: Sentence, mentions: list[Mention]) -> list[Mention]:
    """A clause that names no town or province is placed at its country ("des raids au Liban").

    The nearest literal country after the trigger (offsets in the document), else the nearest before it;
    a country that only stands for its government ("Israël a frappé") is not literal.
    """
    countries = [m for m in mentions if sent.start <= m.start < sent.end and m.literal and not m.site
                 and m.place.kind == "country"]
    after = [m for m in countries if m.start >= trig_end]
    if after:
        return [after[0]]
    before = [m for m in countries if m.end <= trig_start]
    return [max(before, key=lambda m: m.end)] if before else []


def _unplaced(doc, si: int, mentions: list[Mention], r: _Rules, etype: str,
              clause: tuple[int, int] | None = None) -> list[Mention]:
    """Where an event whose clause names no place happened: the town of the sentence before,
    else the article's focus when it is in the article's country, else that country.

    A sentence whose places all play another role ("la frontière entre le Niger et le
    Burkina") counts as naming none; one that names a place elsewhere in the trigger's
    clause gets none (a place in another clause, "despite a summit in Berlin", does not count).
    """
    carried = _carried_place(doc, si, mentions, r, etype)
    if carried or doc.main_place is None:
        return carried
    sent = doc.sentences[si]
    lo, hi = clause or (sent.start, sent.end)
    if any(lo <= x.start < hi and not x.site and not _elsewhere(x, sent, r, etype) for x in mentions):
        return []   # (a site there is a speaker's hospital or office: "a doctor at X Hospital said")
    home = doc.main_country.place.country if doc.main_country else None
    if any(sent.start <= x.start < sent.end and x.place == doc.main_place.place and x.literal
           and not _elsewhere(x, sent, r, etype) for x in mentions):
        return []   # "combats, tandis que des frappes ont visé Raqa": not at the other clause's town
    if _only_spoken(doc, doc.main_place, r):
        # "..., the envoy told a news briefing in Geneva": the story's most named town is where
        # people spoke, so it places nothing; nor does its country when only that town names it
        spoken = doc.main_place.place.country
        country = doc.main_country
        return [country] if country and not (country.place.country == spoken
                                            or _only_spoken(doc, country, r)) else []
    if home is None or doc.main_place.place.country == home or _only_aside(doc, doc.main_country, r, etype):
        # an article that never names its country, or names it only as a border or a source's
        # seat ("near the border with Mali", "the Britain-based Observatory"): its main town
        return [doc.main_place]
    return [doc.main_country] if doc.main_country else []   # "previous truces were violated"


def _only_aside(doc, focus: Mention, r: _Rules, etype: str) -> bool:
    """Whether the article names `focus`'s place, and only in another role: a border, a
    destination, an origin of fire, a source's seat or a speaker's place."""
    return _only(doc, focus, lambda m, sent: _elsewhere(m, sent, r, etype))


def _only_spoken(doc, focus: Mention, r: _Rules) -> bool:
    """Whether every mention of `focus`'s place in the article is a source's seat or a
    speaker's place: then it is no fallback place for an event. (A place named only as a
    border or a reference still tells which country the story is about.)"""
    return _only(doc, focus, lambda m, sent: _seated(m, sent, r))


def _only(doc, focus: Mention, role) -> bool:
    """Whether the article names `focus`'s place (outside its dateline) and every such
    mention plays `role` (a predicate of the mention and its sentence)."""
    starts = [s.start for s in doc.sentences]
    seen = False
    for m in doc.mentions:
        if m.place != focus.place or m.dateline:
            continue
        seen = True
        if not role(m, doc.sentences[max(0, bisect.bisect_right(starts, m.start) - 1)]):
            return False
    return seen


def _described_place(doc, sent: Sentence, lo: int, hi: int, mentions: list[Mention], r: _Rules) -> list[Mention]:
    """A place the clause [lo, hi) names by description, not by name: "les quartiers sud de
    la capitale" is the capital of the article's country, "the city" or "cette même ville" the
    town last named (else the story's main town). Only in a clause that names no town or province."""
    if any(lo <= m.start < hi and m.place.kind != "country" for m in mentions):
        return []
    text = doc.norm[lo:hi]
    if r.the_capital and doc.main_country and (found := r.the_capital.search(text)):
        pid = gazetteer().capitals.get(doc.main_country.place.country)
        if pid is not None:
            return [Mention(gazetteer().places[pid], lo + found.start(), lo + found.end(), found.group(0), True)]
    if r.the_city and (found := r.the_city.search(text)):
        named = [m for m in doc.mentions if m.end <= lo and m.place.kind == "city" and m.literal and not m.site]
        town = named[-1] if named else doc.main_place   # the town last named, else the story's
        if town is not None and town.place.kind == "city":
            return [replace(town, start=lo + found.start(), end=lo + found.end())]
    return []


def _carried_place(doc, si: int, mentions: list[Mention], r: _Rules, etype: str) -> list[Mention]:
    """A clause that names no place happened where the sentence before it did:
    "L'armée a lancé un assaut sur Jisr al-Choghour. Les combats ont fait 20 morts."

    Only when the event's own sentence names no place at all (a place there in
    another role is no licence to look back), and only the previous sentence's
    last town or district, never a country, a site or a place in another role.
    """
    sent = doc.sentences[si]
    if si == 0 or any(sent.start <= m.start < sent.end for m in mentions):
        return []
    prev = doc.sentences[si - 1]
    cands = [m for m in doc.mentions if prev.start <= m.start < prev.end
             and m.literal and not m.site and m.place.kind in ("city", "district")
             and not _elsewhere(m, prev, r, etype)]
    return cands[-1:]


def _venue(trig_start: int, trig_end: int, sent: Sentence, mentions: list[Mention],
           r: _Rules, home: str | None) -> Mention | None:
    """Where a meeting or statement took place: a place introduced by a locative preposition.

    "parlé au téléphone de la situation autour d'Alep" names a topic, not a
    venue; "réuni ... dans la capitale autrichienne" and "au Brunei" are venues.
    Countries count here (diplomats meet "au Brunei"), except the country the
    article is about: "le bain de sang en Syrie" is the topic, not a venue.
    """
    if r.venue is None:
        return None
    s, off = sent.text, sent.start
    found = []
    for m in mentions:
        a, b = m.start - off, m.end - off
        if not (0 <= a < len(s)) or not m.literal:
            continue
        if m.place.kind == "country" and m.place.country == home:
            continue
        ahead = 0 <= a - trig_end <= 120 and not re.search(r"[«»“”]", s[trig_end:a])
        if m.place.kind == "city" and r.venue_of and r.venue_of.fullmatch(s[trig_end:a]):
            found.append(m)  # "la réunion de Lausanne", "the Geneva talks"
            continue
        if m.place.kind == "city" and 0 <= trig_start - b <= 1:
            found.append(m)
            continue
        opening = b <= trig_start and re.fullmatch(r"\W*\w+\W*", s[:a] or " ") is not None
        if r.topic and r.topic.search(s[max(0, a - 50):a]):
            continue   # "talks about the situation in Aleppo": what was discussed, not where
        if (ahead or opening) and r.venue.search(s[max(0, a - 40):a]):
            found.append(m)
    found.sort(key=lambda m: KIND_RANK[m.place.kind])  # "in the Black Sea resort of Sochi": the town
    return found[0] if found else None


# ---------------------------------------------------------------- extraction

def _cued_type(cls: str, sent: str, text: str, r: _Rules, options: list[str], near: str = "") -> str:
    """The type a `codes_as` trigger class is coded as, from its context.

    'bombardement' is aerial or artillery, a bare 'attaque' is a battle or an
    attack on civilians, a 'raid' is from the air or on the ground: each
    option's cue words (`type_cues_re`) are counted in the sentence, then, for
    classes listed in `article_cue_classes`, in the whole article; the option
    with most cues wins, and a tie goes to the last option (event_types.csv). The words
    right around the trigger speak first ("bombardements de l'aviation ... et tirs
    d'artillerie": the first is aerial).
    """
    scopes = (near, sent, text) if cls in r.article_cues else (near, sent)
    for scope in scopes:
        cues = [r.cues.get(f"{cls}.{o}") or r.cues.get(o) for o in options]  # "raid.battle": a class's own cues
        counts = [len(c.findall(scope)) if c else 0 for c in cues]
        best = max(counts)
        if best and counts.count(best) == 1:
            return options[counts.index(best)]
    return options[-1]


def _coded_type(cls: str, sent: str, text: str, r: _Rules, near: str = "") -> str:
    """The type of a `codes_as` class; a class listed in `recue` that is not coded as its
    default is decided again by another class's cues: a raid on the ground (not from the
    air) is then a battle or an attack on civilians, like an 'attaque'."""
    options = codes.event_types()[cls]["codes_as"].split("|")
    etype = _cued_type(cls, sent, text, r, options, near)
    again = r.recue.get(cls)
    if again and etype != options[-1]:
        etype = _cued_type(again, sent, text, r, codes.event_types()[again]["codes_as"].split("|"), near)
    return etype


def _skip(s: str, a: int, b: int, r: _Rules, etype: str = "") -> bool:
    """Denied, hypothetical, generic, purpose or iterative mentions are not events; nor is
    violence that only opens a period (an agreement "since" which ... is still news)."""
    if r.denied and r.denied.search(s):
        return True
    if r.hypothetical and r.hypothetical.search(s[:a]):
        return True
    if r.causal and r.causal.search(s[max(0, a - 40):a]):
        return True
    if r.aftermath and (r.aftermath.search(s[max(0, a - 40):a]) or r.aftermath.search(s[b:b + 20])):
        return True   # "a survivor of the attack", "les victimes de l'attentat": told after, not reported
    if r.document_says and etype in codes.speech_acts() and r.document_says.search(s[max(0, a - 30):a]):
        return True   # "the agreement also calls for ...": what a text provides, not a party's appeal
    if etype in r.predicate_classes and r.predicate and r.predicate.search(s[max(0, a - 50):a]):
        return True   # "l'attaque chimique qui a frappé la ville": the verb of an attack already read
    if r.negated and r.negated.search(s[max(0, a - 30):a]):
        return True   # "aucune attaque ne se produise", "no fighting was reported"
    if r.medical and etype in r.placed_at_origin and r.medical.search(s[max(0, a - 40):a]):
        return True   # "les blessés ont été évacués": taken to hospital, not displaced
    if r.opens_period and etype and codes.family_of(etype) == "violent" and r.opens_period.search(s[max(0, a - 50):a]):
        return True   # "since Hamas attacked Israel", "depuis l'invasion russe": when a tally began
    if r.causes and r.causes.search(s[b:b + 40]):
        return True
    if r.neutralised and r.neutralised.search(s[max(0, a - 40):a]):
        return True
    if _touching(r.habitual, s, a, b):
        return True   # "launching regular attacks on the army": a habit, no happening
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


@component("events", requires=("norm", "sentences", "quotes", "mentions", "main_place", "main_country",
                               "dates", "actors", "lead", "reference", "lang"), assigns=("events",))
def events_step(doc) -> None:
    """The article's events (Doc.events; see docs/frames.md for the frame).

    An undated asserted event takes the story's lead date (the day of the
    first dated sentence), marked `date_basis = "lead"`.
    """
    r = rules(doc.lang)
    found: list[Event] = []
    hits = _trigger_hits(doc.norm, doc.sentences, r)
    starts = [x.start for x in doc.mentions]
    actor_starts = [x.start for x in doc.actors]
    for si, sent in enumerate(doc.sentences):
        s = sent.text
        local = mentions_between(doc.mentions, starts, sent.start, sent.end)
        taken: list[tuple[int, int]] = []
        specific = None   # the sentence's unskipped specific violent triggers, computed when asked
        for etype in codes.trigger_classes():
            for m in hits.get((si, etype), ()):
                a, b = m.start(), m.end()
                if any(x < b and a < y for x, y in taken):
                    continue
                taken.append((a, b))
                if (in_spans(sent.start + a, doc.quotes) and not _reported(etype)) or _skip(s, a, b, r, etype):
                    continue
                if etype in r.generic:
                    if specific is None:
                        specific = _specific_hits(s, si, hits, r)
                    if _beside(a, b, specific, sent, r):
                        continue  # "the attack" beside "a car bomb": the same happening
                    if _refers_back(s, a, r, found):
                        _sharpen(found, _event(etype, m, sent, si, doc, local, actor_starts, r, taken[:-1]))
                        continue  # "l'attaque" after one: the same happening, perhaps told more precisely
                found.extend(_event(etype, m, sent, si, doc, local, actor_starts, r, taken[:-1]))
    news = dating.news_dating(found, doc.lead, doc.reference)
    found = dating.fill_undated(found, news, final=False)
    doc.events = dating.fill_undated(_merge(_fold_appeals_into_calls(found)), news)


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


def _sharpen(found: list[Event], again: list[Event]) -> None:
    """A back-reference ("L'attaque a visé un camp à Djibo") that names a place inside the
    place of the last violent event of its type makes that event's place more specific."""
    for ev in again:
        last = next((x for x in reversed(found) if x.type == ev.type), None)
        if last is not None and ev.place is not None and _same_place(last, ev):
            _absorb(last, ev, date=False)


def _refers_back(s: str, a: int, r: _Rules, found: list[Event]) -> bool:
    """A vague trigger with a definite or demonstrative article ("l'attaque", "this attack")
    after a violent event is that event again, not a new one."""
    violent = any(codes.family_of(ev.type) == "violent" for ev in found)
    return violent and bool(r.anaphora and r.anaphora.search(s[max(0, a - 20):a]))


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


def _actors(doc, starts: list[int], sent: Sentence, r: _Rules, country: str | None) -> list[str]:
    """The sentence's parties, without those it only cites as its source ("selon l'ONU").

    A bare national force ("l'armée", "the army") is the army of `country`, the
    event's; with no country it is left out.
    """
    cited = [(sent.start + m.start(), sent.start + m.end()) for m in r.attribution.finditer(sent.text)]
    out: list[str] = []
    for a in actors_between(doc.actors, starts, sent.start, sent.end):
        if any(x <= a.start < y for x, y in cited) or _seat_of_source(a.end - sent.start, sent, r):
            continue
        party = resolve(a, country) if a.force else a.party
        if party and party not in out and party not in sources():
            out.append(party)
    return _named_over_generic(out)[:4]


def _seat_of_source(end: int, sent: Sentence, r: _Rules) -> bool:
    """A country named as where a source sits ("the Britain-based Observatory") is no party;
    `end` is the name's end in its sentence."""
    return bool(r.seat and r.seat.search(sent.text[end:end + 10]))


def _roles(doc, starts: list[int], sent: Sentence, a: int, b: int, r: _Rules,
           country: str | None, etype: str) -> tuple[str | None, str | None]:
    """(actor1, actor2) as ACLED codes them: who acts and whom it targets, where the sentence says.

    A party that speaks ("..., the army said") is a source here, not a side. The
    agent of a passive or a noun ("attaqué par le JNIM", "killed by the RSF",
    "les raids du régime") acts and the
    party before the trigger is its target; otherwise the nearest party before the
    trigger acts and the first after it is the target. Sources and cited monitors are
    never roles; a side the sentence does not name stays None.
    """
    cited = [(m.start(), m.end()) for m in r.attribution.finditer(sent.text)]
    named = []
    for x in actors_between(doc.actors, starts, sent.start, sent.end):
        party = resolve(x, country) if x.force else x.party
        at = x.start - sent.start
        end = x.end - sent.start
        speaks = r.speaker_after and r.speaker_after.search(sent.text[end:end + 40]) or (
            r.speaker_before and r.speaker_before.search(sent.text[max(0, at - 50):at]))
        if (party and party not in sources() and not speaks and not any(p <= at < q for p, q in cited)
                and not _seat_of_source(end, sent, r)):
            named.append((at, end, party))
    kept = set(_named_over_generic([n[2] for n in named]))
    named = [n for n in named if n[2] in kept]   # "M23 rebels": M23 acts, not "rebels"
    agent = next((n for n in named if n[0] >= b and r.agent and r.agent.search(sent.text[max(b, n[0] - 25):n[0]])),
                 None)
    inside = [n for n in named if n[0] < b and n[1] > a]   # "raids de l'aviation russe": in the trigger
    before = [n for n in named if n[1] <= a and n != agent]
    after = [n for n in named if n[0] >= b and n != agent]
    if agent:
        return agent[2], (before[-1][2] if before else after[0][2] if after else None)
    actor1 = inside[0][2] if inside else before[-1][2] if before else None
    if actor1 is None and etype in r.two_sided and after:
        actor1, after = after[0][2], after[1:]   # "des combats ont opposé A à B", "talks between A and B"
    actor2 = next((n[2] for n in after if n[2] != actor1), None)
    return actor1, actor2


def _named_over_generic(names: list[str]) -> list[str]:
    """"M23 rebels", "Houthi rebels": the named group is the actor, the generic "rebels" adds nothing."""
    kinds = {n: p.kind for n, p in parties().items()}
    if any(kinds.get(n) == "armed_group" for n in names):
        return [n for n in names if kinds.get(n) != "rebels"]
    return names


def _event(etype: str, m: _Hit, sent: Sentence, si: int, doc, mentions: list[Mention],  # the sentence's
           actor_starts: list[int], r: _Rules, taken: list[tuple[int, int]]) -> list[Event]:
    s, a, b = sent.text, m.start(), m.end()
    published, main_country = doc.reference, doc.main_country
    pre = s[max(0, a - 60):a]
    if codes.event_types()[etype]["codes_as"]:
        etype = _coded_type(etype, s, doc.norm, r, s[max(0, a - NEAR_CUE):b + NEAR_CUE])
    if etype == "shelling" and r.air_launched and r.air_launched.search(s[max(0, a - 40):a]):
        etype = "airstrike"   # "a war jet fired a missile": fire from the air is an air strike
    if etype == "appeal" and re.search(r"[»\"]\s*,?\s*$", pre) and re.match(r"\W*[«“\"]", s):
        return []  # "«…», a mis en garde X": a speech tag, the quote is the statement
    if any(0 <= a - y <= 25 and r.target_of and r.target_of.fullmatch(s[y:a]) for _, y in taken):
        return []  # "le bombardement d'un convoi humanitaire": the convoy is the target
    if (r.war_summary and r.war_summary.search(s[max(0, a - SUMMARY_REACH):b + SUMMARY_REACH])
            and not any(w.precision == "day" for w in doc.dates[si])):
        return []  # "the war has killed 300,000 and displaced millions since 2011": background
    is_planned = bool(r.planned and r.planned.search(pre + m.group(0)))
    # a planned event's bare weekday is the next one: its sentence's dates read again forwards
    dates = find_dates(s, published, doc.lang, future=True) if is_planned else doc.dates[si]
    if not is_planned:   # "the summit opens Monday": a later day in the trigger's own clause plans it
        is_planned = dating.planned_by_date(s, dating.event_when(dates, a, speech=True, planned=True,
                                                                 reference=published, text=s), a, published)
    when = dating.event_when(dates, a, speech=etype in codes.speech_acts(), planned=is_planned,
                             reference=published, text=s)
    diplomatic = etype in codes.diplomatic()
    if diplomatic and r.cancelled and r.cancelled.search(s[b:b + 80]):
        return []  # "talks remained suspended", "la réunion ... a été annulée"
    if when is not None and dating.is_open_span(when, published) and dating.long_ago(when, published):
        if not diplomatic and abs(when.start - a) <= SUMMARY_REACH:
            return []  # "bombardent ... depuis l'été 2014": a campaign, not a happening
        when = None    # a war's "since 2011" elsewhere in the sentence never dates the event
    if diplomatic:
        venue = _venue(a, b, sent, mentions, r, main_country.place.country if main_country else None)
        places = [venue] if venue else []
        if not places and etype in r.placed_by_topic:   # "a ceasefire in the port of Hodeidah"
            places = _places_for(a, b, sent, mentions, r.joiners, r, etype)
    else:
        places = _places_for(a, b, sent, mentions, r.joiners, r, etype)
    if not any(p.start >= sent.start + b and p.place.kind != "country" for p in places):
        # "Libya Dawn seized the capital": a place described after the trigger is its own
        lo, hi = _clause(a, b, sent, r)
        described = _described_place(doc, sent, sent.start + b, hi, mentions, r)
        if not described and (not places or all(p.place.kind == "country" for p in places)):
            described = _described_place(doc, sent, lo, hi, mentions, r)
        places = described or places
    if etype in r.needs_anchor:
        clause = s[max(0, a - 80):b + 100]
        located_after = any(p.start >= sent.start + b for p in places)
        weekday = published is None and r.weekday and r.weekday.search(clause)   # unresolved without a date
        if not (when or located_after or weekday or (r.anchor and r.anchor.search(clause))):
            return []
    if not places and (not diplomatic or etype in r.placed_by_topic):
        places = _unplaced(doc, si, mentions, r, etype, _clause(a, b, sent, r))
    status = "planned" if is_planned else (
        "uncertain" if r.uncertain and r.uncertain.search(pre + " " + s[b:b + 25]) else "asserted")
    home = main_country.place.country if main_country else None
    country = places[0].place.country if places and places[0].place.country else home
    actors = _actors(doc, actor_starts, sent, r, country)
    actor1, actor2 = _roles(doc, actor_starts, sent, a, b, r, country, etype)
    past = bool(r.past_perfect and r.past_perfect.search(s[max(0, a - 40):b + 40]))
    anaphoric = bool(r.anaphora and r.anaphora.search(pre) and (
        r.demonstrative.search(pre) or len(re.findall(r"\w+", s[:a])) <= 1))
    places = list({id(p.place): p for p in places}.values())   # "Khartoum ... Khartoum": one event
    subtype = _subtype(etype, s[max(0, a - 40):b + 40], r) or _subtype(etype, s, r)
    dated = dating.from_when(when)
    return [Event(type=etype, status=status, actors=actors, place=place.place if place else None, subtype=subtype,
                  date=dated.date, date_precision=dated.precision, date_basis=dated.basis,
                  date_end=dated.date_end, part_of_day=dated.part_of_day, start=sent.start + a, end=sent.start + b,
                  sentence=si, past=past, anaphoric=anaphoric, actor1=actor1, actor2=actor2,
                  distinct=bool(r.distinct and r.distinct.search(s[max(0, a - 30):b])))
            for place in places or [None]]


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


def _fold_appeals_into_calls(events: list[Event]) -> list[Event]:
    """A demand voiced in the sentence that reports a call or meeting is part of that meeting."""
    meetings = {ev.sentence for ev in events if ev.type == "meeting"}
    return [ev for ev in events if not (ev.type == "appeal" and ev.sentence in meetings)]


_BROAD = frozenset({"admin1", "region"})


_LOCAL = frozenset({"district", "site"})


def _same_place(x: Event, y: Event) -> bool:
    """Compatible places for one happening: the same, one unknown, a country or a province and a town in it,
    or, reported on the same day in another sentence, a town and a quarter or site in it ("raids
    on Aleppo" ... "strikes on Sukkari"). In one sentence a town and its quarter are two targets."""
    if x.place is None or y.place is None or x.place.name == y.place.name:
        return True
    if x.place.country != y.place.country:
        return False
    if (x.place.kind == "country") != (y.place.kind == "country"):
        return True   # "des raids au Yémen" ... "le raid sur Marib": the country's lead, told in detail
    if (x.place.kind in _BROAD) != (y.place.kind in _BROAD):
        if x.date is None and y.date is None and abs(x.sentence - y.sentence) > UNDATED_REACH:
            return False   # undated, far apart: "evacuations from Kurakhove" ... "from Donetsk region"
        return km(x.place.lat, x.place.lon, y.place.lat, y.place.lon) <= MERGE_KM
    if (x.sentence != y.sentence and x.date is not None and x.date == y.date
            and (x.place.kind in _LOCAL) != (y.place.kind in _LOCAL)):
        return km(x.place.lat, x.place.lon, y.place.lat, y.place.lon) <= NESTED_KM
    return False


HALF_SPAN_DAYS = {"day": 0, "week": 3, "month": 15, "year": 183}


def _same_time(x: Event, y: Event) -> bool:
    """Dates are compatible when either is unknown or each lies within the other's precision."""
    if x.date is None or y.date is None:
        return True
    slack = max(HALF_SPAN_DAYS.get(x.date_precision, 0), HALF_SPAN_DAYS.get(y.date_precision, 0))
    return abs((x.date - y.date).days) <= slack


def _merge(events: list[Event]) -> list[Event]:
    """One event per happening: same type, compatible place (one unknown or nested) and date."""
    out: list[Event] = []
    speech = codes.speech_acts()
    for ev in events:
        # the places of one trigger ("les localités de A, B et C") are never one another's repeats
        earlier = [k for k in out if k.type == ev.type and k.start != ev.start]
        if ev.distinct:
            out.append(ev)   # "une autre attaque à la voiture piégée": not the one just reported
            continue
        if ev.anaphoric and earlier:
            # "L'attentat s'est produit ...": the one just reported, made more specific by a quarter in it
            _absorb(earlier[-1], ev, place=_same_place(earlier[-1], ev), date=False)
            continue
        for kept in out:
            if ev.type in speech and kept.sentence != ev.sentence:
                continue
            if kept.type == ev.type and kept.start != ev.start and _same_place(kept, ev) and _same_time(kept, ev):
                _absorb(kept, ev)
                break
        else:
            out.append(ev)
    return out


def _absorb(kept: Event, ev: Event, place: bool = True, date: bool = True) -> None:
    """Fill what the first mention lacked from a later mention of the same happening
    (a back-reference gives no date: "L'attentat, le pire depuis 2011, ...")."""
    if place and date and ev.date is not None and (kept.date is None or kept.date_basis == "lead"):
        kept.date, kept.date_precision, kept.date_basis = ev.date, ev.date_precision, ev.date_basis
        kept.date_end, kept.part_of_day = ev.date_end, ev.part_of_day   # the whole When, not its first day only
    if place and ev.place is not None and (
            KIND_RANK.get(ev.place.kind, 9) < KIND_RANK.get(kept.place.kind if kept.place else None, 9)):
        kept.place = ev.place   # the more specific place wins: a district over its city, a city over its province
    kept.actors = list(dict.fromkeys(kept.actors + ev.actors))[:4]
    kept.past = kept.past and ev.past
