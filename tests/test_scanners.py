"""The fast scanners of extract/text.py find exactly what the plain alternation finds.

`Alternatives` rewrites its patterns for speed (grouped by opening character,
opening groups spelt out), and so does `CaseFree` through `regrouped` (an
opening word boundary moved behind the first letter). The rewrite must never
change a match: the same spans, in the same order, the first alternative
still winning at a position.
"""
from __future__ import annotations

import re

import pytest

from wirebrief import lang as langdata
from wirebrief.extract import actors
from wirebrief.extract.text import Alternatives, CaseFree, _lower_pattern, _variants, regrouped

SENTENCES = [
    "Des avions russes ont bombardé mardi la ville d'Ariha, tuant 12 civils, selon l'OSDH.",
    "Government forces and Houthi rebels clashed overnight near Hodeidah; the army said it repelled an attack.",
    "L'armée malienne a repris Boni après des affrontements avec des jihadistes du JNIM.",
    "Israeli strikes hit Rafah as talks in Cairo on a truce were suspended, officials said.",
    "Les Forces de soutien rapide (FSR) ont attaqué El-Facher ; 40 personnes ont fui vers Tawila.",
    "A suicide bomber blew himself up at a checkpoint in Mogadishu, police said on Tuesday.",
    "« Nous appelons à un cessez-le-feu immédiat », a déclaré Antonio Guterres à New York.",
    "ÉTAT ISLAMIQUE: l'État islamique a revendiqué l'attaque; Etat islamique, état-major.",
    # "İ" lower-cases to two characters: the scanner then runs its IGNORECASE form on the text as it is
    "Des rebelles ont attaqué İdlib et Abcd; Abc, abc, ont fui.",
]


def naive(patterns: list[str], flags: int, text: str) -> list[tuple[int, int, str]]:
    """What the scanner must return: each pattern, boundary checked, in text order, longest first."""
    bounded = [p[2:] for p in patterns if p.startswith("\\b")]
    free = [p for p in patterns if not p.startswith("\\b")]
    found = []
    for group, needs in ((free, False), (bounded, True)):
        if not group:
            continue
        for m in re.finditer("|".join(f"(?:{p})" for p in group), text, flags):
            a = m.start()
            if needs and a and (text[a - 1].isalnum() or text[a - 1] == "_"):
                continue
            found.append(m)
    found.sort(key=lambda m: (m.start(), -m.end()))
    return [(m.start(), m.end(), m.group(0).lower()) for m in found]


def scanned(alt: Alternatives, text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0).lower()) for m in alt.finditer(text)]


@pytest.mark.parametrize("patterns", [
    ["armée", "attaque", "Syrie"],                                  # plain words, several openings
    ["attaques?", "attaque aérienne", "a(?:ttentat|ssaut)"],        # same opening: order kept
    ["(?:a|ont )?tué", "tués?"],                                    # optional opening group spelt out
    ["[EÉ]tat islamique", "[Ee]tat-major", "état"],                 # opening class
    ["s?frappe", "frappes? aériennes?"],                            # quantified opening: kept whole
    ["\\bclash(?:es|ed)?", "\\b(?:heavy |fierce )?fighting", "fight"],  # boundaries
    ["forces|troupes", "force"],                                    # a pattern that is an alternation
    ["(?:\\w+ ){0,2}ont fui", "fui", "(?:ont|a) (?:\\w+ )?fui"],   # an opening that cannot be spelt out
    ["(?:(?:air|drone) )?strikes?", "(?:air)?strike", "raids?"],    # nested groups
    ["(?P<who>rebels|rebelles) (?:ont )?attaqué", "attaqué"],       # a named group stays whole
    ["Abz", "abc", "Ab"],                                           # case variants of one opening
])
@pytest.mark.parametrize("flags", [0, re.I])
def test_the_rewritten_alternation_finds_what_the_plain_one_finds(patterns, flags):
    alt = Alternatives(patterns, flags)
    for text in SENTENCES + [s.upper() for s in SENTENCES]:
        assert scanned(alt, text) == naive(patterns, flags, text), text


def test_an_optional_opening_group_is_spelt_out_in_the_order_the_engine_tries_it():
    assert _variants("(?:a |ont |les )?tué") == ["a tué", "ont tué", "les tué", "tué"]
    assert _variants("(?:(?:air|drone) )?strike") == ["air strike", "drone strike", "strike"]
    assert _variants("(?:x|y)*z") == ["(?:x|y)*z"]           # a repeated group is not spelt out
    assert _variants("(?:a|b)c|d") == ["(?:a|b)c|d"]         # nor is a pattern that is an alternation


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_shipped_trigger_scanner_finds_what_its_plain_alternation_finds(lang):
    """The events' trigger lists (regexes of every shape) through the rewrite, on sentences of both languages."""
    lists = langdata.load(lang)["events"]["triggers_re"]
    for etype, patterns in lists.items():
        if not patterns:
            continue
        alt = Alternatives(patterns, re.I)   # as the events component builds them
        for text in SENTENCES:
            assert scanned(alt, text) == naive(patterns, re.I, text), (etype, text)


def test_the_parties_scanner_finds_what_its_plain_alternation_finds():
    anywhere = actors._tables()[0]
    patterns = sorted((p for info in actors._data()["parties"].values() for p in info["patterns"]),
                      key=len, reverse=True)
    for text in SENTENCES:
        assert scanned(anywhere, text) == naive(patterns, 0, text), text


@pytest.mark.parametrize("lang, text", [
    ("en", "Shells hit the village of Kafr Nabl and the Bab al-Hadid district, near Tal Rifaat."),
    ("fr", "Des obus sont tombés sur le village de Kafranbel et le quartier de Bab Amr, près de Talbisseh."),
])
def test_a_cued_place_pattern_runs_whenever_its_cue_word_is_there(lang, text):
    """The places step skips a cued-place pattern when its cue word is absent; the cue scan must
    find a cue wherever the pattern matches, so the skip never loses a place."""
    from wirebrief.extract import places
    cued = places.rules(lang).cued
    assert all(cue is not None for _, cue in cued)
    matched = 0
    for pattern, cue in cued:
        for m in pattern.finditer(text):
            matched += 1
            assert cue.search(text) is not None, (pattern.pattern[:60], m.group(0))
    assert matched >= 2
    assert all(cue.search("Rien à signaler aujourd'hui.") is None for _, cue in cued)


@pytest.mark.parametrize("pattern", [
    "\\bdenied|\\bnever happened|dément",                       # boundaries, then a plain opening
    "(?:\\bat (?:the )?$)|(?:\\bdue to (?:the )?$)",              # end-anchored cues, as windows use them
    "\\b(?:a|ont|avait) (?:\\w+ )?tué|\\btués?\\b",               # an opening group spelt out under a boundary
    "(?<!\\w)(?:plus de|près de|environ)(?!\\w)",                # a word list as lang.alternation builds it
    "\\b[eé]tat|\\bétat-major|etat",                              # an opening class under a boundary
    "\\b-\\d+|\\b'|\\bx",                                         # a boundary before a non-word: kept whole
    "^\\W*si\\b|\\bs'il\\b|\\bsi\\b",                              # a start anchor keeps its place in the order
    "\\bab|\\babc|abcd",                                          # same opening: the first alternative wins
    "(?:\\b(?:air|drone) strikes?)|strike",                       # nested optional-free groups
])
def test_regrouping_finds_what_the_plain_pattern_finds(pattern):
    plain = re.compile(pattern)
    fast = re.compile(regrouped(pattern))
    texts = [s.lower() for s in SENTENCES] + ["abcd ab xabc état-major de l'etat", "si", "x", "s'il -3 at the",
                                              "they denied it; it never happened, due to the "]
    for text in texts:
        for lo in range(0, len(text), 7):   # windows, as the rules search them: a boundary at a cut
            window = text[lo:lo + 40]
            assert [m.span() for m in fast.finditer(window)] == [m.span() for m in plain.finditer(window)], window


def test_an_opening_boundary_moves_behind_the_first_letter():
    assert regrouped("\\bdenied|\\bdément") == "d(?:(?:(?<!\\wd)enied)|(?:(?<!\\wd)ément))"
    assert regrouped("\\b-\\d+") == "(?:\\b-\\d+)"   # before a non-word character \\b means the opposite


@pytest.mark.parametrize("pattern", ["(?i)abc|def", "(a)bc|abd", "(?P<n>x)y|xz"])
def test_a_pattern_regrouping_would_break_is_left_as_it_is(pattern):
    """A global flag must stay first, and regrouping would renumber groups."""
    assert regrouped(pattern) == pattern
    re.compile(regrouped(pattern))


def _case_free_in(obj, seen: set) -> list[CaseFree]:
    """Every CaseFree a rules object holds, in its fields, dicts, lists and tuples."""
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    if isinstance(obj, CaseFree):
        return [obj]
    if isinstance(obj, dict):
        items = obj.values()
    elif isinstance(obj, (list, tuple)):
        items = obj
    elif hasattr(obj, "__dataclass_fields__"):
        items = vars(obj).values()
    else:
        return []
    return [c for item in items for c in _case_free_in(item, seen)]


def _shipped_cue_lists(lang: str) -> list[CaseFree]:
    from wirebrief.extract import casualties, dates, numbers, places, statements
    from wirebrief.extract.events.rules import rules as event_rules
    holders = [event_rules(lang), casualties.rules(lang), dates.rules(lang), places.rules(lang),
               numbers.grammar(lang), statements.rules(lang)]
    seen: set = set()
    return [c for h in holders if h is not None for c in _case_free_in(h, seen)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_shipped_cue_list_finds_what_its_plain_form_finds(lang):
    """Every cue list of the events, casualties, dates, places, numbers and statements rules,
    regrouped as CaseFree runs it, on windows of sentences of both languages."""
    cues = _shipped_cue_lists(lang)
    assert len(cues) > 150
    texts = [s.lower() for s in SENTENCES]
    for cue in cues:
        plain = re.compile(_lower_pattern(cue.pattern))
        for text in texts:
            for lo in range(0, len(text), 11):
                window = text[lo:lo + 60]
                assert ([m.span() for m in cue._rx.finditer(window)]
                        == [m.span() for m in plain.finditer(window)]), (cue.pattern[:60], window)
