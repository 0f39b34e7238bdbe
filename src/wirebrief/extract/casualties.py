"""Casualty counts, one row per count, coded the way a careful analyst would.

A count is a number (see numbers.py) whose head noun is a kind of victim
("300 000 morts") or a group of people ("13 personnes", "300 insurgés") that a
nearby verb says were killed, injured, missing or displaced ("ont été tuées",
"a tué", "ayant fui"). Counts of trucks, days, ages or besieged populations
have no such head or verb and are never taken. Words live in
data/lang/<lang>/casualties.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from .. import lang as langdata
from ..gazetteer import KIND_RANK, gazetteer, nationalities
from . import dating
from .actors import parties_in
from .doc import Casualty
from .numbers import Quantity, find_quantities
from .places import Mention, mentions_between
from .registry import component
from .text import CaseFree, Sentence, fold, unquote


@dataclass(frozen=True)
class _CasualtyRules:
    kind_nouns: dict          # folded noun -> kind
    groups: dict              # folded noun -> English group
    modifiers: frozenset      # folded words allowed between a number and its head
    same_group: frozenset     # folded heads that take the previous count's group ("autres")
    same_before: re.Pattern   # words before a count that do the same ("Another 12")
    same_single: frozenset    # folded words that are one more of the people before ("another was wounded")
    same_source: frozenset    # folded reporters that name the previous count's ("la même source")
    lead: re.Pattern          # what may precede the head ("de", "le nombre de")
    after: dict               # kind -> CaseFree pattern
    before: dict              # kind -> CaseFree pattern
    subset: re.Pattern
    subset_after: re.Pattern
    severity: re.Pattern
    one_attack: re.Pattern        # before a count: the attack whose toll it is ("attacks on X, killing")
    agent: re.Pattern             # a harm verb with its object after it: the count before is the doer
    fatal: re.Pattern             # right after a part of a total: it died ("one fatally", "dont deux mortellement")
    age_after: re.Pattern
    age_before: re.Pattern
    age_noun: re.Pattern | None   # a victim named by age alone ("a 22-year-old"); group `age` = the years
    conj: re.Pattern          # a gap that is only a conjunction (", et")
    clause_break: re.Pattern  # punctuation or a conjunction: a verb beyond it governs another clause
    sibling: re.Pattern       # "dont 8 combattants du régime et 5 jihadistes": the list goes on
    shared: re.Pattern        # a gap that coordinates two subjects ("et ses", "and her")
    partitive: re.Pattern     # "de"/"of" right before a number: "membres d'une famille"
    cumulative: CaseFree | None
    weak_cumulative: CaseFree     # "au total": a running total unless the sentence names its day
    one_day: CaseFree             # "avant l'aube", "overnight": the sentence names its time of day
    running: CaseFree             # "portant à N le bilan": the counts after it are running totals
    not_cumulative: CaseFree      # "la pire escalade depuis 2014": a comparison, not a tally
    hypothetical: CaseFree | None
    condition: re.Pattern         # "si", "if": a hypothetical that reaches over a comma
    clause: re.Pattern            # what ends a count's own clause (";", "et", "tandis que")
    clause_hard: re.Pattern       # what ends the reach of a coordinated clause's place (";", ", with")
    town_anaphor: re.Pattern      # "dans la ville", "in the town": the story's town, never its country
    beyond: re.Pattern            # after a place: "and beyond", "et ailleurs": the count is its country's
    capital: re.Pattern           # "in the capital", "dans la capitale": the capital of the article's country
    destination: re.Pattern       # before a place: where the displaced went ("fled to X", "vers X")
    mostly: re.Pattern            # before a place: "dont la plupart à X", "most of them in X": only a share
    nationwide: re.Pattern        # in the count's clause: "across the country", "à l'intérieur du pays"
    campaign: re.Pattern          # in a running toll's sentence: one campaign ("l'offensive", "the operation")
    war: re.Pattern               # in a running toll's sentence: the whole war ("le conflit", "since 2011")
    base_before: re.Pattern       # before a nationwide phrase: it says where a source is ("basé dans le pays")
    subset_cue: re.Pattern        # anywhere: "dont", "including": a breakdown starts
    side: re.Pattern              # "on the Israeli side", "côté libanais": group 1 is a nationality adjective
    scene: re.Pattern             # "the strike", "cette attaque": the incident the sentences before placed
    among_after: re.Pattern       # right after the head: "were among the dead": a part of a total told before
    mixed: re.Pattern             # a second kind right after the verb: "killed and injured"
    mixed_before: re.Pattern      # a first kind right before the verb: "tué et blessé 270 personnes"
    single_date_gap: re.Pattern   # between a verb and its single victim once the date is out: "le", "on"
    mixed_noun: re.Pattern        # "ces morts et blessés": two kinds as one noun
    list_gap: re.Pattern          # between two items of a list: a comma or a conjunction
    sum_after: re.Pattern         # after a number that follows its noun: "23 au total", "27 in all"
    elided: re.Pattern            # "… in Douma and nine in Homs": a count that repeats the one before
    copula: re.Pattern            # "19 were teenagers": the group after the verb "to be"
    remaining: re.Pattern         # right after the head: people who stay, besieged or trapped
    population: re.Pattern        # right before the number: a population housed or hosted
    not_here_before: re.Pattern   # before a place: it is the source's base or people's origin
    beneficiary: re.Pattern       # before the number: aid given to them ("distribué des vivres à")
    not_here_after: re.Pattern    # after a place: "-based"
    part_of_country: re.Pattern   # before a country: "dans le nord du", "a village in eastern"
    speaker: re.Pattern           # right after the head: "a doctor said", "un maire a déclaré"
    subordinate: re.Pattern       # "while", "alors que": a verb beyond it is in another clause
    when_clause: re.Pattern       # "lorsque", "when": a count after it is the subordinate clause's subject
    light_toll: re.Pattern        # "a fait", "leaving": toll verbs that take their kind from the noun
    side_subject: re.Pattern      # after a country: it tells its own losses ("a enregistré de lourdes pertes")
    named_victim: tuple           # "le gouverneur … a été tué", "… ainsi que le maire ont été tués"
    titles: dict                  # folded title -> English group ("gouverneur" -> officials)
    finite: re.Pattern            # an auxiliary: a verb between two subjects ends the first one's clause
    claim: CaseFree | None
    reporters: list
    reporter_lead: re.Pattern     # a tally before its author: "nouveau bilan établi par"
    reporter_stop: re.Pattern     # where a source's name ends: "qui", "basée", "in the"
    reporter_trail: re.Pattern    # function words left dangling at the end: "et", "de", "and"
    reporter_reject: re.Pattern   # phrases that name no source: pronouns, weekdays, "bilans"
    and_families: re.Pattern
    of_the: re.Pattern            # "six des Palestiniens tués", "three of the dead": part of a total
    breakdown: tuple              # "Parmi les morts figurent…", "Among the injured are…": the kind of the list
    breakdown_kinds: dict         # a breakdown noun that is no kind noun: "The victims included…" -> killed
    bare_gap: re.Pattern          # only auxiliaries and adverbs: "deux ont été gravement blessés"
    bare_end: re.Pattern          # what may follow a headless number after its verb ("killing 64 on Monday")
    not_head: re.Pattern          # after a kind noun: a unit or a thing, no victim ("un corps expéditionnaire")
    place_list: re.Pattern        # between two places of one list: ", the", ", du", " and from"
    family_of: re.Pattern         # right before a number with no noun: "a family of four", "une famille de cinq"
    source_before: re.Pattern     # right before a number: its people are a source ("selon un médecin")
    site_source: re.Pattern       # after a site: its staff speak ("al-Yarmuk hospital officials said")


def _alt(items) -> str:
    return langdata.either(re.escape(i) for i in sorted(items, key=len, reverse=True))


@cache
def rules(lang: str) -> _CasualtyRules:
    d = langdata.load(lang)["casualties"]
    of = langdata.load(lang)["numbers"]["of"]
    kind_nouns = {fold(n): k for k, nouns in d["kind_nouns"].items() for n in nouns}
    groups = {fold(n): g for n, g in d["groups"].items()}
    conj = _alt(d["conjunctions"])

    def comp(pats):
        return CaseFree(langdata.either(f"(?:{p})" for p in pats or ()))
    return _CasualtyRules(
        kind_nouns=kind_nouns, groups=groups,
        modifiers=frozenset(fold(w) for w in d["modifiers"]),
        same_group=frozenset(fold(w) for w in d["same_group"]),
        same_before=(re.compile(rf"(?<!\w)(?:{_alt(d['same_group_before'])})\s+$", re.I)
                     if d.get("same_group_before") else re.compile("(?!)")),
        same_single=frozenset(fold(w) for w in d.get("same_group_before", [])),
        same_source=frozenset(fold(w) for w in d.get("same_source", [])),
        # "of"/"de" only as a word: "3 officers" is no "of" + "ficers", "3 députés" no "de" + "putés"
        lead=re.compile(rf"\s*(?:(?:{_alt(d['number_of'] + of)})(?:(?<=['’])|\b)\s*)?", re.I),
        after={k: comp(v) for k, v in d["after_re"].items()},
        before={k: comp(v) for k, v in d["before_re"].items()},
        subset=re.compile(rf"(?:{_alt(d['subset_cues'])})\s*,?\s*$", re.I),
        subset_after=re.compile(rf"^\s*(?:{_alt(d['subset_after'])})\b", re.I),
        severity=re.compile(rf"^\s*(?:(?:{_alt(d['severity'])})\b|[,.;)]|$)", re.I),
        one_attack=re.compile(rf"(?:{langdata.either(d.get('one_attack_before_re') or ['(?!)'])})\s*$", re.I),
        agent=re.compile(rf"\s*(?:{langdata.either(d.get('agent_after_re') or ['(?!)'])})", re.I),
        fatal=re.compile(rf"^\s*(?:{_alt(d.get('fatal_after') or ['(?!)'])})\b", re.I),
        age_after=re.compile(d["age_after_re"], re.I),
        age_before=re.compile(d["age_before_re"], re.I),
        age_noun=re.compile(d["age_noun_re"], re.I) if d.get("age_noun_re") else None,
        conj=re.compile(rf"^\s*,?\s*(?:{conj})\s*$", re.I),
        clause_break=re.compile(rf"[,;:()]|\b(?:{conj})\b", re.I),
        sibling=re.compile(rf"^[^.;:()]{{0,30}}?,?\s*(?:{conj})\s*$|^\s*,\s*$", re.I),
        shared=re.compile(rf"^\s*,?\s*(?:{conj})(?:\s+[\w'’]+)?\s*$", re.I),
        partitive=re.compile(rf"(?:^|\s)(?:{_alt(of)})\s*$", re.I),
        cumulative=comp(d["cumulative_re"]),
        weak_cumulative=comp(d.get("weak_cumulative_re")),
        one_day=comp(d.get("one_day_re")),
        running=comp(d.get("running_total_re")),
        not_cumulative=comp(d.get("not_cumulative_re")),
        hypothetical=comp(d["hypothetical_re"]),
        condition=re.compile(langdata.either(d.get("condition_re") or []), re.I),
        clause=re.compile(langdata.either(d.get("clause_re") or []), re.I),
        clause_hard=re.compile(langdata.either(d.get("clause_hard_re") or ["(?!)"]), re.I),
        town_anaphor=re.compile(langdata.either(d.get("town_anaphor_re") or ["(?!)"]), re.I),
        beyond=re.compile(langdata.either(d.get("beyond_after_re") or ["(?!)"]), re.I),
        capital=re.compile(langdata.either(d.get("capital_anaphor_re") or ["(?!)"]), re.I),
        destination=re.compile(rf"(?:{langdata.either(d.get('destination_before_re') or ['(?!)'])})\s*$", re.I),
        mostly=re.compile(rf"(?:{langdata.either(d.get('mostly_before_re') or ['(?!)'])})\s*$", re.I),
        nationwide=re.compile(langdata.either(d.get("nationwide_re") or ["(?!)"]), re.I),
        campaign=re.compile(langdata.either(d.get("campaign_re") or ["(?!)"]), re.I),
        war=re.compile(langdata.either(d.get("war_re") or ["(?!)"]), re.I),
        base_before=re.compile(rf"(?:{langdata.either(d.get('base_before_re') or ['(?!)'])})\s*$", re.I),
        subset_cue=re.compile(rf"(?:{_alt(d['subset_cues'])})", re.I),
        side=re.compile(langdata.either(d.get("side_re") or ["(?!)"]), re.I),
        scene=re.compile(langdata.either(d.get("scene_anaphor_re") or ["(?!)"]), re.I),
        among_after=re.compile(langdata.either(d.get("among_after_re") or ["(?!)"]), re.I),
        mixed=re.compile(langdata.either(d.get("mixed_re") or []), re.I),
        mixed_before=re.compile(langdata.either(d.get("mixed_before_re") or ["(?!)"]), re.I),
        single_date_gap=re.compile(d.get("single_date_gap_re") or r"\s*", re.I),
        list_gap=re.compile(rf"^\s*(?:,\s*)?(?:(?:{conj})\s*)?$", re.I),
        mixed_noun=re.compile(langdata.either(d.get("mixed_noun_re") or []), re.I),
        copula=re.compile(rf"\s*(?:{langdata.either(d.get('copula_re') or [])})\s+(?P<noun>[\w'’-]+)", re.I),
        elided=re.compile(rf"^[^.;:()]{{0,60}}?(?:,\s*|\s)(?:{conj})(?:\s+(?:{_alt(of)}))?\s*$", re.I),
        sum_after=re.compile(rf"^\s*(?:{langdata.either(d.get('sum_after_re') or [])})\b", re.I),
        remaining=re.compile(rf"^\s*,?\s*(?:{langdata.either(d.get('remaining_re') or [])})", re.I),
        population=re.compile(rf"(?:{langdata.either(d.get('population_re') or [])})\s*$", re.I),
        beneficiary=re.compile(rf"(?:{langdata.either(d.get('beneficiary_re') or [])})\s*$", re.I),
        not_here_before=re.compile(rf"(?:{langdata.either(d.get('not_here_before_re') or [])})\s*$", re.I),
        not_here_after=re.compile(rf"^(?:{langdata.either(d.get('not_here_after_re') or [])})", re.I),
        part_of_country=re.compile(rf"(?:{langdata.either(d.get('part_of_country_re') or [])})", re.I),
        speaker=re.compile(langdata.either(d.get("speaker_after_re") or ["(?!)"]), re.I),
        subordinate=re.compile(langdata.either(d.get("subordinate_re") or ["(?!)"]), re.I),
        when_clause=re.compile(langdata.either(d.get("when_clause_re") or ["(?!)"]), re.I),
        light_toll=re.compile(langdata.either(d.get("light_toll_re") or ["(?!)"]), re.I),
        side_subject=re.compile(langdata.either(d.get("side_subject_re") or ["(?!)"]), re.I),
        named_victim=tuple(CaseFree(d[key].replace("TITLE", _alt(d.get("named_titles") or {"(?!)": 0})))
                           for key in ("named_victim_re", "named_joined_re") if d.get(key)),
        titles={fold(k): v for k, v in (d.get("named_titles") or {}).items()},
        finite=re.compile(langdata.either(d.get("finite_re") or []), re.I),
        claim=comp(d["claim_re"]),
        reporters=[re.compile(p) for p in d["reporters_re"]],
        reporter_lead=re.compile(langdata.either(f"^(?:{p})" for p in d.get("reporter_lead_re") or []), re.I),
        reporter_stop=re.compile(langdata.either(d.get("reporter_stop_re") or []), re.I),
        reporter_trail=re.compile(rf"(?:\s+(?:{langdata.either(d.get('reporter_trail_re') or [])}))+\s*$", re.I),
        reporter_reject=re.compile(langdata.either(f"(?:{p})" for p in d.get("reporter_reject_re") or []), re.I),
        and_families=re.compile(rf"^\s*(?:\w+\s+)?{d['and_families_re']}", re.I),
        of_the=re.compile(rf"\s*(?:{_alt(d['partitive_lead'])})\s+", re.I) if d.get("partitive_lead") else re.compile("(?!)"),
        breakdown=tuple(CaseFree(p) for p in d.get("breakdown_re") or ()),
        breakdown_kinds={fold(k): v for k, v in (d.get("breakdown_kinds") or {}).items()},
        bare_gap=re.compile(d.get("bare_gap_re") or "(?!)", re.I),
        bare_end=re.compile(d.get("bare_end_re") or "(?!)", re.I),
        not_head=re.compile(langdata.either(d.get("not_head_after_re") or ["(?!)"]), re.I),
        family_of=re.compile(rf"(?:{langdata.either(d.get('family_of_re') or ['(?!)'])})\s*$", re.I),
        source_before=re.compile(rf"(?:{langdata.either(d.get('source_before_re') or ['(?!)'])})\s*$", re.I),
        site_source=re.compile(rf"^(?:{langdata.either(d.get('site_source_after_re') or ['(?!)'])})", re.I),
        place_list=re.compile(rf"\s*(?:,\s*)?(?:(?:{conj})\s+)?(?:(?:{_alt(d.get('place_list_words') or ['(?!)'])})\s*)*$", re.I),
    )


@dataclass
class _Head:
    """The noun a count is about: "300 000 morts" (a kind), "13 personnes" (a group)."""
    word: str              # folded head word, "" when there is none
    end: int               # offset just after the head
    kind: str | None = None
    group: str | None = None
    same: bool = False     # "autres"/"others": the group of the count before
    of_total: bool = False  # "six des Palestiniens tués": a part of a total given before


_WORD = re.compile(r"\s*([\w'’]+(?:-[\w'’]+)*)")


def _head(s: str, pos: int, r: _CasualtyRules) -> _Head:
    """The head noun after a number, skipping up to two modifiers ("40 Iraqi soldiers", "5 autres soldats")."""
    h = _head_words(s, pos, r)
    part = r.of_the.match(s, pos)
    if part and not _is_count(h):
        h = _head_words(s, part.end(), r)
        return replace(h, of_total=True) if _is_count(h) else _Head("", pos)
    return h


def _head_words(s: str, pos: int, r: _CasualtyRules) -> _Head:
    i = r.lead.match(s, pos).end()
    if i > pos and _toll_words().search(s, pos, i) and not _head_word(s, i, r):
        # "portant à 19 le bilan depuis dimanche": a toll named after its number, no noun of its own
        return _Head("", i, kind="killed", group="people")
    first, same = None, False
    for n in range(3):
        w = _WORD.match(s, i)
        if not w:
            break
        word, f = w.group(1), fold(w.group(1))
        nxt = _WORD.match(s, w.end())
        two = f"{f} {fold(nxt.group(1))}" if nxt else ""
        if two in r.kind_nouns or two in r.groups:
            return _Head(two, nxt.end(), r.kind_nouns.get(two), r.groups.get(two), same)
        if f in r.kind_nouns and r.not_head.match(s, w.end()):
            break   # "un corps expéditionnaire", "two death squads": the noun names no victim here
        if f in r.kind_nouns:   # "4 000 réfugiés": a kind, and a group when the noun names one
            return _Head(f, w.end(), kind=r.kind_nouns[f], group=r.groups.get(f), same=same)
        if f in r.groups and not (f in r.modifiers and _head_word(s, w.end(), r)):
            # ("jeunes" is a head in "trois jeunes tués", a modifier in "trois jeunes femmes")
            if nxt and fold(nxt.group(1)) in r.kind_nouns:   # "160 civilian deaths", "trois civils tués"
                return _Head(f, nxt.end(), kind=r.kind_nouns[fold(nxt.group(1))], group=r.groups[f])
            return _Head(f, w.end(), group=r.groups[f])
        following = _head_word(s, w.end(), r)
        if r.age_noun and not following and (age := r.age_noun.fullmatch(f)):
            # "a 22-year-old was shot dead": the age is the noun; a minor is a child
            return _Head(f, w.end(), group="children" if int(age.group("years")) < 18 else "people")
        if f in r.same_group and not following:
            return _Head(f, w.end(), same=True)
        if (word[:1].isupper() or n == 0) and f in nationalities() and not following:
            return _Head(f, w.end(), group="people")   # "3 000 Syriens ont fui"
        first = first or _Head(f, w.end())
        same = same or f in r.same_group
        if not (f in r.modifiers or same or word[:1].isupper() or "-" in word):
            break
        i = w.end()
    return first or _Head("", pos)


def _head_word(s: str, pos: int, r: _CasualtyRules) -> bool:
    """Is the next word a person or casualty noun?"""
    w = _WORD.match(s, pos)
    return bool(w) and (fold(w.group(1)) in r.groups or fold(w.group(1)) in r.kind_nouns)


@dataclass
class _Found:
    q: Quantity
    kind: str
    group: str
    head_end: int
    trig: tuple[int, int] | None
    parent: int | None   # index in the sentence's counts of the total this one is part of
    carried: bool = False  # "autres"/"another" with no count before it in the sentence: the article's
    of_total: bool = False  # part of a total stated before ("six des tués", "Parmi les morts, deux…")

    @property
    def subset(self) -> bool:
        return self.parent is not None


@cache
def _toll_words() -> re.Pattern:
    return re.compile("|".join(langdata.union("casualties", "toll_words")), re.I)


_WORD_END = re.compile(r"\w*")


def _kind_from(text_after: str, text_before: str, r: _CasualtyRules):
    """(kind, span relative, side) from the trigger governing the count.

    A verb right before the number, with nothing but qualifiers between
    ("a coûté la vie à 11 policiers", "killed at least 14"), governs it; else
    the nearest trigger after the head, else a looser verb before it.
    """
    before_best = None
    for kind, rx in r.before.items():
        if rx is None:
            continue
        for m in rx.finditer(text_before):
            if len(text_before) - m.end() <= 25 and (before_best is None or m.end() > before_best[1][1]):
                before_best = (kind, (m.start(), m.end()), "before")
    if before_best and r.when_clause.search(text_before, before_best[1][1]):
        # "Onze personnes ont été tuées lorsque deux kamikazes se sont fait exploser": the verb is the
        # main clause's; the count after "lorsque" is who acted in the subordinate clause
        before_best = None
    if before_best and not r.clause_break.search(text_before[before_best[1][1]:]):
        return before_best
    best = None
    for kind, rx in r.after.items():
        if rx is None:
            continue
        m = rx.search(text_after)
        if m and kind in ("killed", "injured") and r.agent.match(text_after, m.start()):
            m = None   # "A gunman killed two people", "Un homme a tué sa femme": he did it
        if m and m.group(0).strip() and (best is None or m.start() < best[1][0]):
            end = m.end() + len(_WORD_END.match(text_after, m.end()).group(0))  # "tué" -> "tués"
            best = (kind, (m.start(), end), "after")
    if best and best[1][0] <= 60:
        return best
    return before_best or best


def _reporter(sentence: str, r: _CasualtyRules, lang: str) -> str | None:
    for rx in r.reporters:
        m = rx.search(sentence)
        if m:
            who = m.group("who").strip()
            stop = r.reporter_stop.search(who)   # "l'ONG basée au Royaume-Uni": the base is no source
            parties = parties_in(who[:stop.start()] if stop else who, with_sources=True)
            if parties:
                return parties[0]
            return _source_named(who, r, lang)
    return None


def _source_named(who: str, r: _CasualtyRules, lang: str) -> str | None:
    """The source as the text names it, cut from the phrase a reporting pattern caught.

    "nouveau bilan établi par le ministère" -> "le ministère"; "ONG qui dispose d'un" ->
    "ONG"; "Medical sources in the" -> "Medical sources"; a phrase that is a count, a
    pronoun or a tally with no author ("At least 24 civilians", "He") names no source.
    """
    prev = None
    while prev != who:   # "dernier bilan donné par le ministère": the tally is not the source
        prev, who = who, r.reporter_lead.sub("", who, count=1).strip()
    stop = r.reporter_stop.search(who)
    if stop:
        who = who[:stop.start()]
    who = r.reporter_trail.sub("", who).strip(" ,'’«»\"")
    if not who or r.reporter_reject.match(who) or len(who.split()) > 7:
        return None
    if any(q.start == 0 for q in find_quantities(who, lang)):
        return None
    words = [fold(w) for w in re.findall(r"[\w'’-]+", who)]
    if all(w in nationalities() or r.conj.match(w) for w in words):
        return None   # "bilans israélien et palestinien": adjectives, no source
    return who


def _clause(s: str, f: _Found, r: _CasualtyRules) -> tuple[int, int, int]:
    """Offsets of the count's own clause: from the coordination before it to the one after its verb
    ("Quatre personnes ont été tuées en Israël | et 19 autres dans la bande de Gaza"); and, third,
    where the clauses coordinated after it end ("14 killed | and 30 wounded in strikes on Hodeidah |,
    with six more strikes on Sanaa"): their place is the count's when its own clause names none."""
    a = 0
    for m in r.clause.finditer(s, 0, f.q.start):
        a = m.end()
    end = max(f.head_end, f.trig[1] if f.trig else f.head_end)
    m = r.clause.search(s, end)
    hard = r.clause_hard.search(s, end)
    return a, m.start() if m else len(s), hard.start() if hard else len(s)


def _elsewhere(m: Mention, sent: Sentence, r: _CasualtyRules) -> bool:
    """A place that is not where people were harmed: the source's base ("l'ONG basée à Londres",
    "the UK-based group") or reach ("qui dispose d'un réseau de sources en Syrie"), where people
    came from ("two from Turkey", "venus de Syrie"), or a site whose staff give the figure
    ("al-Yarmuk hospital officials said": the hospital is no scene)."""
    before = sent.text[max(0, m.start - sent.start - 60):m.start - sent.start]
    after = sent.text[m.end - sent.start:]
    return bool(r.not_here_before.search(before) or r.not_here_after.match(after)
                or (m.place.kind == "site" and r.site_source.match(after)))


def _place_for(q_start: int, sent: Sentence, mentions: list[Mention], cumulative: bool,
               main_country: Mention | None, main_place: Mention | None,
               recent: Mention | None = None, clause: tuple[int, int, int] | None = None,
               r: _CasualtyRules | None = None, focus: Mention | None = None,
               scene: Mention | None = None) -> tuple[Mention | None, bool]:
    """(place, own): the most specific literal place of the count's clause, else of its
    sentence, else the place of the story's count just before, else the article's.

    A running toll with no place of its own belongs to the country, not to
    the city the story is about. The source's base and people's origin are
    no place of the count. Of two places as specific, the one after the
    count wins: the place of a toll follows its verb ("ont été tués à X").
    """
    # a named site (the station struck, the hospital hit) is the most specific place of all; one
    # where the wounded were only taken is told apart when repeats are merged (_same_area)
    inside = _here(mentions, sent, r)
    if clause:
        own = [m for m in inside if clause[0] <= m.start - sent.start < clause[1]]
        wide = [m for m in inside if clause[0] <= m.start - sent.start < clause[2]]
        inside = own or wide or inside
    specific = [m for m in inside if m.place.kind != "country"] or inside
    if clause and r and _spread(sent.text, q_start - sent.start, clause, r):
        return _nationwide(specific, main_country)
    if not specific and clause and r and (side := _side(sent, clause, r) or _losing_side(mentions, sent, clause, r)):
        return side, True
    if not specific and r and main_country is not None and r.capital.search(sent.text):
        capital = _capital_of(main_country)   # "un adolescent a été tué dans la capitale"
        if capital is not None:
            return capital, False
    if not specific and clause and r and r.town_anaphor.search(sent.text):
        # "28 personnes sont mortes de faim dans la ville": the town of the counts before, or the
        # story's; a sentence that names no place at all speaks of that town in any of its clauses
        # ("des tirs ont retenti dans plusieurs quartiers et un adolescent a été tué")
        town = next((m for m in (recent, main_place) if m is not None and m.place.kind in _TOWNS), None)
        if town is not None:
            return town, False
    if not specific:
        if cumulative:   # a running total is the country's; the story's place when no country is known
            return _campaign_place(sent, focus, main_country, r) or main_country or focus, False
        return recent or scene or focus or main_place or main_country, False
    if (not cumulative and r and specific[0].place.kind == "country"
            and (finer := _finer(specific, sent, recent, main_place, r))):
        return finer, False
    def rank(m: Mention) -> tuple:   # the most specific; of equals, the one after the count, then the nearest
        return KIND_RANK[m.place.kind], m.start < q_start, abs(m.start - q_start)

    best = min(specific, key=rank)
    if r and best.place.kind != "country" and _share(best, sent, r):
        # "110 morts, dont une grande majorité à Qousseir": the toll reaches past the place of its
        # share, to the other place its clause names, else to the whole country
        rest = [m for m in specific if not _share(m, sent, r)]
        if rest:
            return min(rest, key=rank), True
        whole = _country_of(best)
        return (whole, True) if whole else (best, True)
    if r and best.place.kind != "country" and r.beyond.match(sent.text[best.end - sent.start:]):
        whole = _country_of(best)   # "carnage in Colombo and beyond": the toll of the whole country
        return (whole, True) if whole else (best, True)
    return best, True


def _campaign_place(sent: Sentence, focus: Mention | None, main_country: Mention | None,
                    r: _CasualtyRules | None) -> Mention | None:
    """The town or province the article is about, for a running toll of one campaign that names no
    place ("Depuis le début de l'offensive, 121 morts", "During the operation, 163 were killed"):
    the campaign was fought there, not over the whole country. A toll of the war itself ("le
    conflit a fait 46 000 morts", "since 2011") stays the country's, and so does any toll when the
    article's place lies outside its country (talks abroad)."""
    if r is None or focus is None or focus.place.kind == "country":
        return None
    if main_country is not None and focus.place.country != main_country.place.country:
        return None
    if r.campaign.search(sent.text) and not r.war.search(sent.text):
        return focus
    return None


def _origins(mentions: list[Mention], sent: Sentence, r: _CasualtyRules) -> list[Mention]:
    """The places of a displacement that are not where people went ("fled across the border into
    Chad", "ont fui vers la Turquie"): the count of the displaced is the place they left."""
    return [m for m in mentions if not (sent.start <= m.start < sent.end and r.destination.search(
        sent.text, max(0, m.start - sent.start - 60), m.start - sent.start))]


def _share(m: Mention, sent: Sentence, r: _CasualtyRules) -> bool:
    """The place holds only a share of the count ("most of them in X", "dont la plupart à X")."""
    return bool(r.mostly.search(sent.text, max(0, m.start - sent.start - 60), m.start - sent.start))


def _here(mentions: list[Mention], sent: Sentence, r: _CasualtyRules | None) -> list[Mention]:
    """The sentence's literal places that can be where people were harmed: not the source's base nor
    people's origin (see _elsewhere), nor the places listed after such a place ("foreigners from
    South Africa, the UK and other countries", "venus de Syrie, d'Irak et du Liban")."""
    out, away = [], None   # away: where the last place that is no scene ended, while its list goes on
    for m in mentions:
        if not (sent.start <= m.start < sent.end and m.literal):
            continue
        if r and (_elsewhere(m, sent, r) or (
                away is not None and r.place_list.match(sent.text, away - sent.start, m.start - sent.start))):
            away = m.end
            continue
        away = None
        out.append(m)
    return out


def _side(sent: Sentence, clause: tuple[int, int, int], r: _CasualtyRules) -> Mention | None:
    """The country of the side a toll is counted on ("On the Israeli side, 14 soldiers have been
    killed", "côté libanais, trois morts"), when the count's clause names no place: a toll split by
    the warring sides is each side's country, not the town the story is about."""
    for m in r.side.finditer(sent.text, 0, clause[1]):
        pid = gazetteer().countries.get(nationalities().get(fold(next(g for g in m.groups() if g)), ""))
        if pid is not None:
            place = gazetteer().places[pid]
            return Mention(place, sent.start + m.start(), sent.start + m.end(), m.group(0), True)
    return None


def _losing_side(mentions: list[Mention], sent: Sentence, clause: tuple[int, int, int],
                 r: _CasualtyRules) -> Mention | None:
    """The country that tells its own losses ("Israël a aussi enregistré de lourdes pertes, avec la
    mort de 10 soldats", "Russia lost 12 soldiers"), when the count's clause names no place: the
    country is named as a party, not a place, but its losses are counted on its side."""
    for m in mentions:
        if (m.place.kind == "country" and sent.start <= m.start < sent.start + clause[1]
                and r.side_subject.match(sent.text, m.end - sent.start)):
            return replace(m, literal=True)
    return None


def _spread(s: str, q: int, clause: tuple[int, int, int], r: _CasualtyRules) -> bool:
    """The count's clause says it covers the whole country ("across the country"), and the count is
    not an item of a breakdown after it ("… dans l'ensemble du pays, dont 900 dans la région de X")."""
    return any(not (m.end() <= q and r.subset_cue.search(s, m.end(), q))
               and not r.base_before.search(s[max(0, m.start() - 30):m.start()])   # "l'ONG basée dans le pays"
               for m in r.nationwide.finditer(s, clause[0], clause[1]))


def _nationwide(specific: list[Mention], main_country: Mention | None) -> tuple[Mention | None, bool]:
    """The place of a count its clause spreads over a whole country ("deux millions de déplacés à
    l'intérieur du pays, dont 5 % dans la province de X"): the country of the places it names, else
    the article's country. A province or town named in the clause is only a share of the count."""
    for m in specific:
        whole = m if m.place.kind == "country" else _country_of(m)
        if whole is not None:
            return whole, True
    return main_country, False


def _scene(doc, si: int, sent: Sentence, starts: list[int], r: _CasualtyRules) -> Mention | None:
    """Where the incident a count refers back to was placed ("A drone strike hit the village of X."
    … "The strike killed three people"): the most specific literal place below a country in the
    nearest of the two sentences before, when the count's sentence names the incident by a definite
    noun. The article's focus (another front, the capital) says less than the sentence that told
    the incident."""
    if not r.scene.search(sent.text):
        return None
    for k in (si - 1, si - 2):
        if k < 0:
            return None
        before = doc.sentences[k]
        named = [m for m in mentions_between(doc.mentions, starts, before.start, before.end)
                 if m.literal and not m.dateline and m.place.kind != "country" and not _elsewhere(m, before, r)]
        if named:   # the most specific, the first of equals ("the village of X near Y")
            return min(named, key=lambda m: KIND_RANK[m.place.kind])
    return None


def _home(doc, focus: Mention | None) -> Mention | None:
    """The country the article's counts are told in: its main country, unless the town the story
    is about lies in another country the article names too ("an attack on a village in Burkina
    Faso near the border with Mali", Mali named more often as the insurgency's origin): the
    country named most is then a neighbour or a party. A town abroad whose country is never
    named (talks in Geneva) says nothing of where the war is."""
    main = doc.main_country
    if focus is None or focus.place.kind == "country" or main is None or focus.place.country == main.place.country:
        return main
    named = any(m.literal and not m.dateline and m.place.kind == "country" and m.place.country == focus.place.country
                for m in doc.mentions)
    return (_country_of(focus) or main) if named else main


def _capital_of(country: Mention) -> Mention | None:
    """The capital of a country, as a mention at the country's own offsets."""
    pid = gazetteer().capitals.get(country.place.country)
    return replace(country, place=gazetteer().places[pid]) if pid is not None else None


def _country_of(m: Mention) -> Mention | None:
    """The country a place is in, as a mention at the place's own offsets."""
    pid = gazetteer().countries.get(m.place.country)
    return replace(m, place=gazetteer().places[pid]) if pid is not None else None


def _finer(countries: list[Mention], sent: Sentence, recent: Mention | None, main_place: Mention | None,
           r: _CasualtyRules) -> Mention | None:
    """The incident's own place when the count's clause names only a part of its country ("huit
    civils tués dans le nord du Mali", the village named in the next sentence): the place of the
    count just before, else the article's main place, when it lies in that country. A bare country
    ("19 morts mercredi en Syrie") is a tally over the whole country and stays so."""
    names = {m.place.country for m in countries
             if r.part_of_country.search(sent.text[max(0, m.start - sent.start - 40):m.start - sent.start])}
    for m in (recent, main_place):
        if m is not None and m.place.kind != "country" and m.place.country in names:
            return m
    return None


def _counts(s: str, quantities: list[Quantity], r: _CasualtyRules, dates: list) -> list[Quantity]:
    """Numbers that can be counts of people: not dates, not ages, not "of one family"."""
    out = []
    for q in quantities:
        if any(w.start <= q.start < w.end for w in dates):   # "le 3 mai 2015", "in 2011"
            continue
        if r.age_after.match(s[q.end:]) or r.age_before.search(s[:q.start]):
            continue
        if q.single and r.partitive.search(s[max(0, q.start - 6):q.start]) and not _harm_noun_before(s, q, r):
            continue
        if not (q.best or q.low or q.high):   # "zero civilian casualties": a goal, not a count
            continue
        if r.population.search(s[max(0, q.start - 30):q.start]):
            continue   # "la région abrite trois millions de personnes": a population
        if r.beneficiary.search(s[max(0, q.start - 60):q.start]) and not _toll_words().search(s[max(0, q.start - 60):q.start]):
            continue   # "le PAM a distribué des vivres à 20 000 déplacés": aid beneficiaries (not "the toll reached")
        out.append(q)
    return out


def _harm_noun_before(s: str, q: Quantity, r: _CasualtyRules) -> bool:
    """A harm noun ends right before the number: "la mort d'un combattant", "the death of a child"."""
    k = _kind_from("", s[max(0, q.start - 40):q.start], r)
    return bool(k) and not s[max(0, q.start - 40) + k[1][1]:q.start].strip()


def _is_count(h: _Head) -> bool:
    return bool(h.kind or h.group or h.same)


@component("casualties", requires=("sentences", "mentions", "main_place", "main_country", "dates",
                                   "quantities", "lead", "reference", "lang"), assigns=("casualties",))
def casualties_step(doc) -> None:
    """The article's casualty counts (Doc.casualties; see docs/frames.md for the frame).

    Counts with no place in their sentence go to the article's main place,
    cumulative tolls to its main country.
    """
    r = rules(doc.lang)
    rows: list[Casualty] = []
    places: list[Mention | None] = []   # per row: the incident place its own sentence named
    placed: list[Mention | None] = []   # per row: the place it was given
    retold: list[int] = []              # row indices in the order they were told or retold
    starts = [m.start for m in doc.mentions]
    focus = _focus(doc) or _dateline(doc)
    home = _home(doc, focus) or (_country_of(focus) if focus is not None else None)
    for si, sent in enumerate(doc.sentences):
        named = _named_victims(sent.text, doc.quantities[si], r)
        if not doc.quantities[si] and not named:   # most sentences hold no count at all
            continue
        s = unquote(sent.text)
        dates = doc.dates[si]
        quantities = sorted((*doc.quantities[si], *named), key=lambda q: q.start) if named else doc.quantities[si]
        found = _sentence_counts(s, quantities, doc.lang, r, dates, frozenset(q.start for q in named))
        if found:
            local = mentions_between(doc.mentions, starts, sent.start, sent.end)
            scene = _scene(doc, si, sent, starts, r)
            _emit(found, si, sent, s, dates, doc, local, r, rows, places, focus, scene, placed, retold, home)
    doc.casualties = rows


def _subset_parent(s: str, q: Quantity, found: list[_Found], h: _Head, r: _CasualtyRules) -> int | None:
    """Index of the count this one is a subset of, or None.

    "13 morts, dont huit civils" (a cue before), "20 women, 18 of whom" (a cue
    after) hang under the count just before; "dont huit civils et cinq
    enfants" continues the list under the same total.
    """
    if not found:
        return None
    prev = found[-1]
    gap = s[prev.head_end:q.start]
    if r.subset.search(gap) or r.subset_after.match(s[q.end:]):
        return len(found) - 1
    if _fatal(s, q, r) and _FATAL_GAP.fullmatch(gap):
        return len(found) - 1   # "Five people were shot, one fatally": the one is of the five
    if prev.subset and r.sibling.search(gap) and not (h.kind and h.kind != prev.kind):
        return prev.parent
    return None


def _agent(s: str, q: Quantity, h: _Head, r: _CasualtyRules) -> bool:
    """The head's kind word is an active verb with its object ("A man killed his wife", "three
    soldiers shot a boy"): the count is who did it, not who was harmed."""
    m = r.agent.search(s, q.end, h.end + 40)
    return m is not None and m.start() < h.end <= m.end()


def _fatal(s: str, q: Quantity, r: _CasualtyRules) -> bool:
    """The part died of it: "one fatally", "four of them fatally", "dont deux mortellement"."""
    after = s[q.end:q.end + 40]   # both patterns are anchored at "^": match on the slice
    lead = r.subset_after.match(after)
    return bool(r.fatal.match(after[lead.end():] if lead else after))


def _severity_word(after: str, r: _CasualtyRules) -> bool:
    """A severity adverb right after the number ("dont un grièvement"), not mere punctuation."""
    m = r.severity.match(after)
    return bool(m) and any(c.isalpha() for c in m.group(0))


def _single_governed(s: str, q: Quantity, h: _Head, trig, shared: bool, r: _CasualtyRules,
                     dates: list = ()) -> bool:
    """Is "un"/"a" a count of one victim: its verb close after the noun, or right before the article
    (a date may stand between: "ont tué le 27 décembre un sous-traitant", "a tué mardi un soldat")?

    "a child was killed", "tuant un enfant"; not "37 injured when a missile struck", nor "an
    officer … while attempting to flee" (the verb is in a clause of its own).
    """
    if trig is None:
        return False
    if trig[1] <= q.start:
        gap = s[trig[1]:q.start]
        inside = [w for w in dates if trig[1] <= w.start and w.end <= q.start]
        for w in inside:
            gap = gap.replace(s[w.start:w.end], " ", 1)
        return shared or not gap.strip() or bool(inside and r.single_date_gap.fullmatch(gap))
    return shared or (trig[0] - h.end <= 25 and not r.subordinate.search(s[h.end:trig[0]]))


def _hypothetical(window: str, r: _CasualtyRules) -> bool:
    """A hypothetical cue governs the count: "pourraient fuir", "si les combats reprennent, 300 000…".

    A modal set off by a comma belongs to another clause ("le bilan pourrait
    s'alourdir, 98 blessés ayant été hospitalisés"); a condition does not.
    """
    cues = list(r.hypothetical.finditer(window))
    if not cues:
        return False
    last = cues[-1]
    return "," not in window[last.end():] or bool(r.condition.match(last.group(0)))


def _coordinated_kind(s: str, h: _Head, nxt: Quantity, r: _CasualtyRules):
    """(kind, span) of the verb shared by a list of subjects: "Un dirigeant et 10 membres des FDS
    ainsi que sept civils, dont trois enfants, ont été tués". The next count must come before the
    verb, and no other verb stands between."""
    k = _kind_from(s[h.end:h.end + 200], "", r)
    if not k or k[2] != "after" or h.end + k[1][0] <= nxt.start:
        return None
    gap = s[h.end:h.end + k[1][0]]
    if r.finite.search(gap[:nxt.start - h.end]) or any(c in gap for c in ".;:"):
        return None
    return k[0], (h.end + k[1][0], h.end + k[1][1])


def _sum_after(s: str, q: Quantity, r: _CasualtyRules) -> tuple[str, tuple[int, int]] | None:
    """A number after its noun: "de nombreux blessés, 23 au total", "several were hurt, 27 in all".

    The kind is the casualty noun or verb just before the number, in the same sentence.
    """
    if not r.sum_after.match(s[q.end:]):
        return None
    back = max(0, q.start - 60)
    nouns = [m for m in _WORD.finditer(s, back, q.start) if fold(m.group(1)) in r.kind_nouns]
    if nouns:
        m = nouns[-1]
        return r.kind_nouns[fold(m.group(1))], (m.start(1), m.end(1))
    k = _kind_from(s[back:q.start], "", r)
    return (k[0], (back + k[1][0], back + k[1][1])) if k else None


def _copula_group(s: str, q: Quantity, r: _CasualtyRules) -> str | None:
    """The group a copula gives a headless number: "19 were teenagers", "14 sont des enfants"."""
    m = r.copula.match(s, q.end)
    return r.groups.get(fold(m.group("noun"))) if m else None


def _breakdown_kind(s: str, r: _CasualtyRules) -> str | None:
    """The kind a sentence lists people under: "Parmi les morts figurent…", "Among the injured are…"."""
    for rx in r.breakdown:
        m = rx.search(s)
        if m:
            noun = fold(m.group("noun"))
            return r.kind_nouns.get(noun) or r.breakdown_kinds.get(noun)
    return None


def _bare(s: str, q: Quantity, r: _CasualtyRules) -> tuple[str, tuple[int, int]] | None:
    """(kind, trigger span) of a number with no noun that its own verb governs.

    The verb follows with only auxiliaries and adverbs between ("deux ont été
    gravement blessés", "Thousands have been killed"), or comes right before it
    with the clause ending after ("killing 64 on Monday", "a tué 3, dont…").
    """
    lead = r.subset_after.match(s[q.end:])
    start = q.end + (lead.end() if lead else 0)
    after = s[start:start + 80]
    k = _kind_from(after, "", r)
    if k and r.bare_gap.fullmatch(after[:k[1][0]]):
        return k[0], (start + k[1][0], start + k[1][1])
    back = max(0, q.start - 140)   # "the number of civilians killed in … has increased to 57"
    k = _kind_from("", s[back:q.start], r)
    if k and not s[back + k[1][1]:q.start].strip() and r.bare_end.match(s[q.end:]):
        return k[0], (back + k[1][0], q.start)
    return None


def _named_victims(s: str, quantities, r: _CasualtyRules) -> list[Quantity]:
    """One person named by a title and a definite article or possessive, whose own singular verb
    says what happened ("le gouverneur de la province a été tué", "its commander died"): a count
    of one, as "un gouverneur" would be. Not where a number already stands."""
    taken = {q.start for q in quantities}
    found = {}
    for rx in r.named_victim:
        for m in rx.finditer(s):
            if m.start("art") not in taken:
                found[m.start("art")] = Quantity(1, 1, 1, m.start("art"), m.start("title"),
                                                 s[m.start("art"):m.start("title")], single=True)
    return [found[k] for k in sorted(found)]


def _title_head(s: str, pos: int, r: _CasualtyRules) -> _Head:
    """The head of a victim named by a title ("le gouverneur", "the provincial governor"): the
    title and its group; a title is a count only with its own verb, so it is not in `groups`."""
    w = _WORD.match(s, pos)
    two = _WORD.match(s, w.end()) if w else None
    for end, word in ((two.end(), f"{fold(w.group(1))} {fold(two.group(1))}") if two else (0, ""),
                      (w.end(), fold(w.group(1))) if w else (0, "")):
        if word in r.titles:
            return _Head(word, end, group=r.titles[word])
    return _head(s, pos, r)


DISPLACED_GROUP = "displaced people"   # the group of victims a harm verb finds among the displaced


def _governs(between: str, r: _CasualtyRules) -> bool:
    """Whether a verb this far before a number governs it: only qualifiers between ("killing at
    least 35"), no other count, comma or conjunction ("20 000 morts et près de 2 millions de
    déplacés": the displaced are a count of their own)."""
    words = between.split()
    return len(words) <= 3 and not any(ch.isdigit() or ch == "," for ch in between) and not any(
        r.conj.match(w) for w in words)


def _sentence_counts(s: str, quantities: list[Quantity], lang: str, r: _CasualtyRules,
                     dates: list, named: frozenset = frozenset()) -> list[_Found]:
    found: list[_Found] = []
    quantities = _counts(s, quantities, r, dates)
    listed = _breakdown_kind(s, r)
    heads = [_title_head(s, q.end, r) if q.start in named else _head(s, q.end, r) for q in quantities]
    for n, q in enumerate(quantities):   # "a family of four driving home was killed": its members
        if not _is_count(heads[n]) and r.family_of.search(s[max(0, q.start - 20):q.start]):
            heads[n] = _Head("", q.end, group="family members")
    pending: tuple[Quantity, int] | None = None   # "Trois des 12 morts": a part, and its total's index
    joint: tuple[int, tuple[int, int]] | None = None   # the next subject of a shared verb, and that verb
    for n, q in enumerate(quantities):
        h = heads[n]
        if n + 1 < len(quantities) and _is_count(heads[n + 1]) and r.of_the.fullmatch(s[q.end:quantities[n + 1].start]):
            pending = q, n + 1   # "Trois des 12 morts sont des enfants": the part waits for its total
            continue
        if not h.same and r.same_before.search(s[max(0, q.start - 15):q.start]) and (_is_count(h) or _bare(s, q, r)):
            h = replace(h, same=True)   # "Another 12 were wounded"; not "another six airstrikes"
        base = next((f for f in reversed(found) if not f.subset), None)
        parent = _subset_parent(s, q, found, h, r)
        is_subset = parent is not None
        nxt, nh = (quantities[n + 1], heads[n + 1]) if n + 1 < len(quantities) else (None, None)
        after = s[h.end:min(len(s), h.end + 160)].split(";")[0]   # a verb past ";" has its own subject
        if nxt is not None and _is_count(nh) and not r.subset.search(s[h.end:nxt.start]):
            after = s[h.end:nxt.start]
        if r.source_before.search(s[max(0, q.start - 20):q.start]):
            continue   # "Selon un médecin, 18 personnes ont péri": the doctor is a source, not a victim
        if r.remaining.match(s[h.end:]):
            continue   # "246 children remain in the town", "des milliers restent assiégés": not harmed
        if _is_count(h) and r.speaker.match(s[h.end:h.end + 90]):
            continue   # "a doctor said three people were killed": the doctor is a speaker
        if (q.single and nxt is not None and r.partitive.fullmatch(" " + s[h.end:nxt.start].strip())
                and (_is_count(nh) or _bare(s, nxt, r))):
            continue   # "a family of five was killed": five people, not one family ("un bébé de quatre mois" is one)
        kind, group, trig, shared = None, None, None, False
        among_joint = False   # "49 children and 34 women were among the victims": both parts of a toll told before
        back = max(0, q.start - 80)
        if (h.kind and _agent(s, q, h, r)) or (h.group and r.agent.match(s, h.end)):
            continue   # "A gunman killed two people", "Un homme a tué ses enfants": the doer, no victim
        if h.kind:
            kind, group, trig = h.kind, h.group or "people", (q.end, h.end)
            moved = _kind_from("", s[back:q.start], r)
            if moved and moved[0] == "displaced" and not s[back + moved[1][1]:q.start].strip():
                kind = "displaced"   # "l'évacuation de 1 200 blessés": the wounded were moved
            elif (moved and moved[0] in ("killed", "injured") and h.kind == "displaced"
                  and _governs(s[back + moved[1][1]:q.start], r)
                  and not r.light_toll.search(s[back + moved[1][0]:back + moved[1][1]])):
                # "killing 35 displaced people", "tuant 35 déplacés": the displaced are the victims
                kind, group = moved[0], DISPLACED_GROUP
            died = _kind_from(s[h.end:h.end + 40], "", r) if h.kind == "injured" else None
            if died and died[0] == "killed" and died[1][0] <= 15 and not r.clause_break.search(s[h.end:h.end + died[1][0]]):
                kind, trig = "killed", (h.end + died[1][0], h.end + died[1][1])   # "un blessé a succombé"
            # "3 soldats ont été tués et neuf blessés", "5 autres blessés": soldiers too
            if not h.group and base and (h.same or r.conj.match(s[(base.trig or (0, base.head_end))[1]:q.start])):
                group = base.group
        elif h.group or h.same:
            group = h.group or (base.group if base else "people")
            if not h.group:   # "another two are in critical condition": the word after is its verb
                after = s[q.end:min(len(s), q.end + 160)].split(";")[0]
            k = _kind_from(after, s[back:q.start], r)
            if is_subset and not (k and k[2] == "after" and k[1][0] <= 15 and not r.clause_break.search(after[:k[1][0]])):
                # "9 morts, dont deux enfants, et 15 blessés": the children are dead, like their total
                kind, trig = found[parent].kind, None
            elif k:
                kind = k[0]
                off = h.end if k[2] == "after" else back
                trig = (off + k[1][0], off + k[1][1])
            elif nxt is not None and _is_count(nh) and r.shared.match(s[h.end:nxt.start]):
                # "une femme et ses deux enfants ont été tués": one verb for both
                k = _kind_from(s[nh.end:nh.end + 160], "", r)
                if k and k[1][0] <= 60:
                    kind, trig, shared = k[0], (nh.end + k[1][0], nh.end + k[1][1]), True
                    joint = n + 1, trig   # "One Belgian and one German had been identified among the dead"
                    among_joint = bool(r.among_after.match(s[nh.end:]))
            if kind is None and nxt is not None and not nh.same and (co := _coordinated_kind(s, h, nxt, r)):
                # not "176 personnes et 180 autres blessées": the verb after "autres" is theirs alone
                kind, trig, shared = *co, True   # "une femme, un enfant et quatre paysans ont été tués"
            if listed and (kind is None or (trig and (trig[1] <= q.start or r.clause_break.search(s[h.end:trig[0]])))):
                kind, trig, h = listed, None, replace(h, of_total=True)   # "Parmi les morts figurent deux secouristes"
            if base and r.elided.search(s[base.head_end:q.start]) and (kind is None or (trig and trig[1] <= q.start)):
                # "killed four soldiers and a civilian": the verb of the count before
                kind, trig, shared = kind or base.kind, trig or base.trig, True
            elif kind is None and base and not q.single and _LIST_COMMA.match(s[base.head_end:q.start]):
                # "576 jihadistes ont péri dans les combats, 361 membres des YPG…": the next item of a list
                kind, trig, shared = base.kind, base.trig, True
            elif kind is None and h.same and base:
                kind = base.kind   # "14 des tués sont des enfants et neuf autres des femmes"
            if kind is None and h.of_total and h.group and not q.single:
                kind = ""   # "Seven of the victims were in Ariha": the kind of the total they are part of
        elif is_subset and (r.subset_after.match(s[q.end:]) or r.severity.match(s[q.end:]) or r.bare_end.match(s[q.end:])):
            # "dont deux grièvement", "18 of whom": the kind and group of the count above; "dont deux
            # mortellement", "seven fatally": those of them who died
            kind, group, trig = found[parent].kind, found[parent].group, None
            if _fatal(s, q, r):
                kind = "killed"
        elif (not q.single or (base and fold(q.text) in r.same_single)) and (bare := _bare(s, q, r)):
            # "deux ont été gravement blessés", "killing 64 on Monday": the people of the count before
            kind, trig = bare
            group = base.group if base else "people"
            if r.subset_after.match(s[q.end:]) or listed:
                h = replace(h, of_total=True)   # "Neuf d'entre eux ont été tués": of a total given before
        else:
            k = _kind_from("", s[back:q.start], r)
            if k and _toll_words().search(s[back:q.start]):
                kind, group, trig = k[0], "people", (back + k[1][0], q.start)
            elif k and base and r.severity.match(s[q.end:]) and not s[back + k[1][1]:q.start].strip():
                # "... and wounded 15.": a bare number right after its verb, same people as before
                kind, group, trig = k[0], base.group, (back + k[1][0], q.start)
            elif (base and not (q.single and not base.of_total) and r.bare_end.match(s[q.end:])
                  and (r.elided.search(s[base.head_end:q.start]) or _LIST_COMMA.match(s[base.head_end:q.start]))):
                # "killed six civilians in Douma and nine in Homs", "Sept de ces victimes se trouvent
                # à Ariha, trois à Saraqeb et une à Binnish": the verb and noun are left out
                kind, group, trig, shared = base.kind, base.group, base.trig, True
                if base.of_total:
                    h = replace(h, of_total=True)   # items of a breakdown of a total told before
            elif (total := _sum_after(s, q, r)):
                kind, group, trig = total[0], base.group if base else "people", total[1]
            elif listed and not q.single:
                # "Of the dead, 19 were teenagers", "The dead included five firefighters"
                kind, group, h = listed, h.group or _copula_group(s, q, r) or "people", replace(h, of_total=True)
            elif not found and (part := r.subset_after.match(s[q.end:])):
                # "Four of them are children", "deux d'entre eux grièvement": of the total told before,
                # whose kind they take (resolved when the article's rows are known)
                kind, group = "", _copula_group(s[:q.end] + s[q.end + part.end():], q, r) or "people"
                h, trig = replace(h, of_total=True), (q.start, q.end + part.end())
        if kind is None:
            continue
        if not h.of_total and h.group and (among_joint or r.among_after.match(s[h.end:])):
            h = replace(h, of_total=True)   # "37 foreigners were among the dead": of the toll told before
        # "six wounded, one of them seriously", "huit blessés, dont un grièvement": one of the total
        one_of = bool(is_subset and (r.subset_after.match(s[q.end:]) or _severity_word(s[q.end:], r)))
        if q.single and not ((is_subset or h.of_total) and (h.group or kind == "" or one_of)) and not _single_governed(
                s, q, h, trig, shared or q.start in named or joint == (n, trig), r, dates):
            continue
        if _hypothetical(s[max(0, min(q.start, trig[0] if trig else q.start) - 40):q.start], r):
            continue
        if trig and trig[1] > q.end and r.mixed.match(s[trig[1]:]):
            continue   # "tuées, blessées ou enlevées", "killed and injured": no one kind to code
        if trig and trig[1] <= q.start and r.mixed_before.search(s[max(0, trig[0] - 20):trig[0]]):
            continue   # "qui ont tué et blessé 270 personnes": no one kind either
        if trig and trig[1] <= q.start and r.mixed_noun.search(s[max(0, trig[0] - 12):trig[1] + 12]):
            continue   # "Parmi tous ces morts et blessés, 28 sont des civils"
        fam = r.and_families.match(s[h.end:])
        if fam and group not in (None, "people"):
            group = f"{group} and families"
        found.append(_Found(q, kind, group or "people", h.end, trig, parent,
                            carried=h.same and base is None, of_total=h.of_total and parent is None))
        if pending is not None and pending[1] == n:   # never hung under a later count if its total fell
            found.append(_part_before(s, pending[0], found, r))
            pending = None
    return found


def _part_before(s: str, part: Quantity, found: list[_Found], r: _CasualtyRules) -> _Found:
    """The part told before its total ("Trois des 12 morts sont des enfants", "three of the 40
    dead were children"): the total's kind, the group the copula after the total gives."""
    total = found[-1]
    m = r.copula.match(s, total.trig[1] if total.trig and total.trig[1] > total.head_end else total.head_end)
    group = r.groups.get(fold(m.group("noun"))) if m else None
    return _Found(part, total.kind, group or total.group, part.end, None, len(found) - 1)


def _blank(s: str, rx: CaseFree) -> str:
    """`s` with every match of `rx` blanked out (same offsets)."""
    for m in rx.finditer(s):
        s = s[:m.start()] + " " * (m.end() - m.start()) + s[m.end():]
    return s


def _is_cumulative(s: str, at: int, day_dated: bool, r: _CasualtyRules, end: int | None = None) -> bool:
    """Is the count at offset `at` of sentence `s` a running total (the guideline's scope)?

    A running-total cue ("portant à 1 200 le nombre de morts", "bringing the
    toll to") makes the counts after it cumulative and leaves those before it
    to the rest of the sentence: "100 killed, bringing the toll since 2011 to
    30 000" is one incident and one running total. Comparisons ("the worst
    escalation since 2014") are no tally at all. "Au total" / "in all" sums
    one operation when the sentence names its day, and sums the people just
    listed when it follows the number ("plusieurs blessés, 23 au total").
    """
    s = _blank(s, r.not_cumulative)
    if end is not None and (total := r.sum_after.match(s[end:])):
        s = s[:end] + " " * total.end() + s[end + total.end():]
    run = r.running.search(s)
    if run:
        if at >= run.start():
            return True
        s = s[:run.start()]
    if r.cumulative.search(s):
        return True
    return not (day_dated or r.one_day.search(s)) and bool(r.weak_cumulative.search(s))


# figures no single attack reaches in conflict copy: a toll or an exodus this large with no day of
# its own is a war's or a campaign's running total ("Thousands have been killed, more than two
# million people have fled"), whatever words carry it; a day named keeps it one incident ("Les raids
# de lundi ont fait plus de 1 000 blessés")
_WAR_SCALE = {"killed": 1000, "displaced": 100_000}


def _war_scale(f: _Found) -> bool:
    floor = _WAR_SCALE.get(f.kind)
    return floor is not None and (f.q.best or f.q.low or f.q.high or 0) >= floor


def _when(cumulative: bool, dates: list, at: int, lead, published) -> dating.Dating:
    """A count's date columns: see dating.count_dating (an incident's nearest told day, a
    running total's as-of day)."""
    return dating.count_dating(dates, at, cumulative, lead, published)


def _restated(rows: list[Casualty], f: _Found, group: str, parent: int | None, own_place,
              neighbour: int | None, named: bool = True, guessed: frozenset = frozenset()) -> int | None:
    """The row this count restates, if any: same kind and figure, both totals or both parts,
    the same people ("huit civils" … "huit morts": a generic repeat restates any group) and no
    other place of its own ("23 morts" … "ces 23 victimes"; "une cinquantaine" … "près de 50").
    `named` says the sentence named `own_place` (not carried from the counts before it)."""
    value = f.q.best or f.q.low or f.q.high
    for i, row in enumerate(rows):
        if i == neighbour:
            continue   # the next item of a list ("trois Indiens, trois Britanniques"), not a repeat
        if (row.kind != f.kind or (row.best or row.low or row.high) != value
                or (row.part_of is None and parent is not None)):
            continue   # a total may restate a part ("dont cinq membres d'une famille" … "Cinq membres…")
        if _shape(row.low, row.best, row.high) != _shape(f.q.low, f.q.best, f.q.high):
            continue   # "de 20 000 à 30 000" or "des dizaines" after "au moins 20 000": another figure
        if row.group != group and group != "people":   # "quatre civils" after "4 morts" says more: a new count
            continue
        if (own_place is not None and row.place is not None and i not in guessed
                and not _same_area(row.place, own_place)):   # a place only guessed says nothing against
            continue
        if value == 1 and (row.group != group or own_place is None or not named or row.place is None):
            continue   # single victims are told apart by who and where, not by the figure
        return i
    return None


_TOWNS = frozenset({"city", "district", "site"})
_SPEAKER_REACH = 5   # sentences: a speaker quoted further back has left the story
# an item of a list after a comma: "… à Ariha, trois à Saraqeb" (no verb, no full stop between)
_LIST_COMMA = re.compile(r"[^.;:()]{0,60}?,\s*$")
# between a total and "one fatally": its verb and a comma, no other clause ("were shot, one fatally")
_FATAL_GAP = re.compile(r"[^.;:()]{0,40}?,\s*")


def _list_neighbour(found: list[_Found], n: int, row_of: list, s: str, r: _CasualtyRules) -> int | None:
    """The row of the count just before `found[n]` when the two are items of one list
    ("trois Indiens, trois Britanniques"): same figure, different people, never one count."""
    if n == 0 or found[n - 1].head_end > found[n].q.start:
        return None
    gap = s[found[n - 1].head_end:found[n].q.start]
    return row_of[n - 1] if r.list_gap.match(gap) else None


def _same_area(a, b) -> bool:
    """The same place, or a country or a site and a place in the same country (a repeat may name
    the town the lead left out, or the hospital the wounded were taken to)."""
    if a.name == b.name:
        return True
    return bool({a.kind, b.kind} & {"country", "site"}) and a.country == b.country


def _recent_place(rows: list[Casualty], si: int, places: list) -> Mention | None:
    """The place the last incident count named in its own sentence, when it is at most two sentences back."""
    for row, place in zip(reversed(rows), reversed(places), strict=False):
        if si - row.sentence > 2:
            return None
        if place is not None:
            return place
    return None


def _shape(low, best, high) -> str:
    """How a figure is given: a range ("2 500 à 4 000": two bounds, no best figure), a vague
    quantity ("des dizaines", "dozens": a floor only) or a figure ("23", "au moins 23", "une
    vingtaine"). A restatement keeps the shape; a figure after "dozens" is a new record."""
    if best is None and low is not None and high is not None and low != high:
        return "range"
    return "vague" if best is None and high is None else "figure"


def _fill_place(rows: list[Casualty], placed: list, i: int, place: Mention | None, found_here: bool) -> None:
    """A restatement that finds the town the first telling left to a fallback gives it to the count
    and to the parts told with it: a lead says "three people were killed in a strike in the
    country's south", a later sentence "The strike [on the village of X] killed three people"."""
    if placed[i] is not None or not found_here or place is None or place.place.kind not in _TOWNS:
        return
    old, placed[i] = rows[i].place, place
    rows[i].place = place.place
    for j in range(i + 1, len(rows)):
        if rows[j].part_of == i and rows[j].place == old:
            rows[j].place = place.place


def _previous_place(rows: list[Casualty], si: int, placed: list) -> Mention | None:
    """The place of the article's last count when it was told in this sentence or the one before:
    a count with no place of its own goes on with the story being told ("At least 37 foreigners
    were among the dead. The government said three Indians … had died"), wherever that story's
    counts were placed, before the article's focus (a town the lead named, a capital)."""
    if rows and si - rows[-1].sentence <= 1:
        return placed[-1]
    return None


def _speaker_place(rows: list[Casualty], si: int, placed: list, reporter: str | None) -> Mention | None:
    """Where the count the same speaker gave last was placed, when that speaker is the last one the
    story quoted ("Two men were killed in X, the governor Y said." … quotes … "Four people were
    taken to hospital, Y added"): the speaker goes on telling the scene they were quoted on, not
    the article's main place. Another speaker quoted in between has moved the story on."""
    if not reporter:
        return None
    name = fold(reporter).split()[-1]
    for row, where in zip(reversed(rows), reversed(placed), strict=False):
        if si - row.sentence > _SPEAKER_REACH:
            return None
        if row.reported_by:
            return where if fold(row.reported_by).split()[-1] == name else None
    return None


def _tally_place(rows: list[Casualty], si: int, country: Mention | None) -> Mention | None:
    """The country of a nationwide running total told in the sentence before, for a count with no
    place of its own that goes on with it ("… 1,640 killed since October. As of yesterday, an
    increase of 11 killed and 108 injured since Friday"): the update of a country's tally is the
    country's, not the capital's the article is filed from. A count coordinated with the total in
    its own sentence ("un million de déplacés, tandis que 470 civils ont été tués") is no update."""
    if not rows or country is None or si - rows[-1].sentence != 1:
        return None
    last = rows[-1]
    if last.scope != "cumulative" or last.place is None or last.place.kind != "country":
        return None
    return replace(country, place=last.place)


def _town_tally(rows: list[Casualty], focus: Mention | None, kind: str) -> bool:
    """The article already told a running total of the town it is about ("About 600 people have
    been killed in three months of fighting in X"): a later running total with no place of its own
    ("Since the start of January, 34 people have been killed") counts the same town's fighting,
    not the whole country's. The people who fled a town are no tally of its dead: a toll and a
    count of the displaced only go on with their own sort."""
    if focus is None or focus.place.kind not in _TOWNS:
        return False
    fled = kind == "displaced"
    return any(row.scope == "cumulative" and row.part_of is None and row.place == focus.place
               and (row.kind == "displaced") == fled for row in rows)


def _total_before(rows: list[Casualty], f: _Found, listed: set, retold: list | None = None) -> int | None:
    """The article's last total of the same kind that `f` can be a part of ("Parmi ces 19…"),
    never another item of the same list ("deux Canadiens, un Suédois"); of any kind when `f`
    has none of its own ("Four of them are children"). Last as told: a total restated just before
    ("… injuring 100. A rescuer said 35 people had died. Four of them are children") is the one
    the part refers to, though its row was opened earlier."""
    value = f.q.best or f.q.low or f.q.high or 0
    order = list(dict.fromkeys(reversed(retold))) if retold else range(len(rows) - 1, -1, -1)
    for i in order:
        row = rows[i]
        if i in listed:
            continue
        top = row.best or row.low or row.high or 0
        if row.part_of is None and f.kind in (row.kind, "") and top > value:
            return i
    return None


def _dateline(doc) -> Mention | None:
    """The dateline's town ("KABUL, Afghanistan —"), when the body names no place the article is
    about: where the story was filed is where its counts with no place of their own happened."""
    towns = [m for m in doc.mentions if m.dateline and m.place.kind != "country"]
    return min(towns, key=lambda m: KIND_RANK[m.place.kind]) if towns else None


def _focus(doc) -> Mention | None:
    """The place the article is about, where a count that names none happened: its main place,
    unless the main place's own country is named more often ("Israeli strikes on Lebanon … in the
    south": the country). A story told around one town names the town more often than its country;
    another country named often (the attacker, a neighbour) says nothing of where the count was."""
    place = doc.main_place
    if place is None or place.place.kind == "country":
        return place or doc.main_country
    body = [m for m in doc.mentions if m.literal and not m.dateline and not m.site]
    home = [m for m in body if m.place.kind == "country" and m.place.country == place.place.country]
    n_place = sum(m.place.pid == place.place.pid for m in body)
    return home[0] if len(home) > n_place else place


def _emit(found, si, sent, s, dates, doc, mentions, r, rows: list[Casualty], places: list, focus=None,
          scene=None, placed: list | None = None, retold: list | None = None, home=None) -> None:
    """Append the sentence's counts to `rows`. `places` holds, per row, the incident place its own
    sentence named; `placed`, the place the row was given however it was found (its parent's for a
    part), which the story's next counts with no place of their own carry on."""
    placed = [] if placed is None else placed
    retold = [] if retold is None else retold   # row indices in the order the article told (or retold) them
    published = doc.reference
    claimed = bool(r.claim.search(s)) if r.claim else False
    reporter = _reporter(sent.text, r, doc.lang)
    before = next((row for row in reversed(rows) if row.part_of is None), None)
    if reporter and fold(reporter) in r.same_source:   # "selon la même source"
        reporter = before.reported_by if before else None
    dates = [w for w in dates if w.precision in ("day", "week") and (published is None or w.date <= published)]
    day_dated = any(w.precision == "day" for w in dates)
    row_of: list[int | None] = []     # found index -> article row index
    listed: set[int] = set()          # rows of this sentence that are parts of an earlier total
    for n, f in enumerate(found):
        parent = row_of[f.parent] if f.parent is not None else None
        if f.of_total:
            parent = _total_before(rows, f, listed, retold)
        if f.kind == "":   # "Four of them are children": the kind of the total they are part of
            if parent is None:
                row_of.append(None)
                continue
            f = replace(f, kind=rows[parent].kind)
        group = before.group if f.carried and before else f.group   # "Vingt autres ont été blessés"
        cumulative = _is_cumulative(s, f.q.start, day_dated, r, f.q.end) or (
            not day_dated and _war_scale(f) and not r.one_attack.search(s[max(0, f.q.start - 160):f.q.start]))
        if f.carried and before:   # "22 autres blessés." goes on the running total or incident before it
            cumulative = before.scope == "cumulative"
        if parent is not None and rows[parent].scope == "cumulative":
            cumulative = True   # a part of a running total is a running total ("Parmi ces morts figurent…")
        recent = _recent_place(rows, si, places)
        story = scene or _previous_place(rows, si, placed) or _speaker_place(rows, si, placed, reporter) \
            or _tally_place(rows, si, home or doc.main_country)
        around = _origins(mentions, sent, r) if f.kind == "displaced" else mentions
        place, own = _place_for(sent.start + f.q.start, sent, around, cumulative, home or doc.main_country,
                                doc.main_place, recent, _clause(s, f, r), r, focus, story)
        if cumulative and not own and _town_tally(rows, focus, f.kind) and (place is None or place.place.kind == "country"):
            place = focus
        # a count with no place of its own is told apart from an earlier figure by the town of the
        # counts just before it ("Four were treated at the scene" in a later story of the article);
        # a country or region carried so far says too little to part two figures
        told = place.place if place and (own or (place in (recent, story) and place.place.kind in _TOWNS)) else None
        # the story's last total, when its place was only a guess, is restated by the same figure
        # with a place of its own ("seven people injured" … "seven people were injured in X district")
        last = next((i for i in range(len(rows) - 1, -1, -1) if rows[i].part_of is None), None)
        guessed = frozenset({last}) if last is not None and placed[last] is None else frozenset()
        first = _restated(rows, f, group, parent, told, _list_neighbour(found, n, row_of, s, r), own, guessed)
        if first is not None:   # the same count restated: one row
            _fill_place(rows, placed, first, place, own or (place is not None and place in (recent, story)))
            retold.append(first)
            row_of.append(first)
            continue
        if f.of_total:
            listed.add(len(rows))
        retold.append(len(rows))
        row_of.append(len(rows))
        places.append(place if own and not cumulative else None)
        # what the next counts carry on: a place found around this count, not the article's fallback
        found_here = own or (place is not None and place in (recent, story))
        placed.append(placed[parent] if parent is not None and not own else place if found_here else None)
        # a part of a total happened where the total did ("18 morts à X, dont 11 membres des FDS"),
        # and "22 autres blessés" with no place of its own where the count it goes on did
        where = (rows[parent].place if parent is not None and not own
                 else before.place if f.carried and before and not own
                 else place.place if place else None)
        lo = min(f.q.start, f.trig[0] if f.trig else f.q.start)
        hi = max(f.head_end, f.trig[1] if f.trig else f.head_end)
        dated = _when(cumulative, dates, f.q.start, doc.lead, published)
        rows.append(Casualty(
            kind=f.kind, low=f.q.low, best=f.q.best, high=f.q.high, group=group, part_of=parent,
            scope="cumulative" if cumulative else "incident",
            place=where, reported_by=reporter, claimed=claimed,
            date=dated.date, date_precision=dated.precision, date_basis=dated.basis,
            date_end=dated.date_end, part_of_day=dated.part_of_day,
            start=sent.start + lo, end=sent.start + hi, sentence=si))
