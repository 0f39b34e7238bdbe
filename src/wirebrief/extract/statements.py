"""Statements: who said each direct quotation.

A quotation goes to the speaker its own sentence names — after it ("…," said
Fatima Adam, a teacher; «…», a déclaré à l'AFP Fatima Adam; "…," Fatima Adam
said) or before it (Fatima Adam told Reuters: "…"; Selon Fatima Adam, «…») —
with the role the text gives. A pronoun ("…," he said; a-t-il ajouté) stands
for the speaker named last in the same paragraph. A quotation whose speaker
is not named is left out: a wrong name is worse than none, and the nearest
name in a paragraph is often someone the speaker talks about. Speakers need
not be in any list: the words around the quote say who speaks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .. import lang as langdata
from .quotes import quotations
from .registry import component

# a name as the press writes it: capitalised words, with the particles of Arabic, French,
# Dutch… names inside ("Rami Abdel Rahmane", "Abu Mohammed al-Jolani", "Charles de Gaulle")
_WORD = r"(?:(?:[Aa]l|[Ee]l|Abu|Abou|Ibn|Ould)-)?[A-ZÀ-ÖØ-Þ][\w'’.-]*"
_PARTICLE = r"(?:de|du|des|van|von|der|bin|ben|ibn|bint|al|el|abu|abou|la|le|di|da|dos|ould)"
_PERSON = rf"(?-i:{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD}){{0,4}})"
_ROLE_TAIL = r"[^,.;:«»\n]{1,90}?"


@dataclass
class Statement:
    """One direct quotation and who said it (offsets in doc.norm)."""
    speaker: str
    role: str | None
    start: int            # the quotation, quote marks included
    end: int
    speaker_start: int    # where the text names the speaker (for a pronoun, the earlier naming)
    speaker_end: int


@dataclass(frozen=True)
class _Rules:
    # each: (subject first: '," Fatima Adam said'; verb first: '," said Fatima Adam, a teacher' /
    # '», a déclaré Fatima Adam'; a pronoun: '," he said' / '», a-t-il ajouté'), read right after
    # the quote, then after a short clause (the first reading that fits wins)
    after_close: tuple
    after_clause: tuple
    before_named: re.Pattern     # 'Fatima Adam told Reuters: "'
    according: re.Pattern        # 'Selon Fatima Adam, «'
    not_speakers: frozenset


@cache
def rules(lang: str) -> _Rules | None:
    """The language's attribution patterns, or None when it lists no speech verbs (rule off)."""
    d = langdata.load(lang).get("statements") or {}
    if not d.get("speech_verbs"):
        return None
    d = {k: d.get(k) or [] for k in ("speech_verbs", "auxiliaries", "titles", "role_openers", "role_heads", "title_articles",
                                      "audience_re", "pronoun_after_re", "according", "not_speakers")}
    verb = langdata.alternation(d["speech_verbs"], words=False)
    aux = langdata.alternation(d["auxiliaries"], words=False)
    titles = langdata.alternation(d["titles"], words=False)
    opener = langdata.alternation(d["role_openers"], words=False)
    heads = langdata.alternation(d["role_heads"], words=False)
    audience = langdata.either(d["audience_re"])
    article = langdata.alternation(d["title_articles"], words=False)
    speaker = rf"(?:(?:{article})\s*(?={titles}))?(?:(?:{titles})\s+)?(?P<speaker>{_PERSON})"
    # "a teacher", "le chef de…", or an office with no article ("directeur de l'OSDH")
    role = rf"(?P<role>(?:(?:{opener})\s*|(?={heads}\b)){_ROLE_TAIL})"
    # right after the quote, or after a short clause: «…», situés au sud de la ville, a-t-il précisé
    close, clause = r"^\s*,?\s*", r"^\s*,?\s*[^.!?«»\n]{1,80}?,\s*"
    age = r"(?:,\s*\d{1,3})?"   # "Awadia Musa, 34, a tea seller"

    def after(lead: str) -> tuple[re.Pattern, ...]:
        pronoun = langdata.either(p.replace("VERB", f"(?:{verb})") for p in d["pronoun_after_re"])
        return (re.compile(rf"{lead}{speaker}{age}(?:,\s+{role},)?\s+(?:(?:{aux})\s+)?(?:{verb})\b", re.I),
                re.compile(rf"{lead}(?:(?:{aux})\s+)?(?:{verb})(?:\s+(?:{audience}))?\s+{speaker}{age}"
                           rf"(?:,\s+{role}(?=\s*[,.;]|\s*$))?", re.I),
                re.compile(rf"{lead}(?:{pronoun})", re.I))

    return _Rules(
        after_close=after(close),
        after_clause=after(clause),
        before_named=re.compile(rf"{speaker}{age}(?:,\s+{role},)?\s+(?:(?:{aux})\s+)?(?:{verb})"
                                rf"(?:\s+(?:{audience}|(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*){{0,3}})))?\s*:\s*$",
                                re.I),
        according=re.compile(rf"(?:{langdata.alternation(d['according'], words=False)})\s+{speaker}"
                             rf"(?:,\s+{role})?\s*,\s*$", re.I),
        not_speakers=frozenset(w.casefold() for w in d["not_speakers"]),
    )


AFTER = 160    # characters after a quotation where its speaker may be named
BEFORE = 200   # characters before it


def attribute(text: str, quotes: list[tuple[int, int]], lang: str) -> list[Statement]:
    """The statements of `text`: each quotation of `quotes` whose speaker the text names."""
    r = rules(lang)
    if r is None:
        return []
    out: list[Statement] = []
    for a, b in quotes:
        found = _after(text, a, b, r, out)
        if found is None:
            found = _named_before(text, a, r)
        if found is not None:
            speaker, role, s, e = found
            out.append(Statement(speaker, role, a, b, s, e))
    return out


def _after(text: str, a: int, b: int, r: _Rules, done: list[Statement]):
    """The speaker an attribution after the quotation names (or, for a pronoun, the speaker of
    the quotation before); a reading right after the quote beats one after a clause."""
    after = _clause_after(text, b)
    for subject, verb_first, pronoun in (r.after_close, r.after_clause):
        for pattern in (subject, verb_first):
            m = pattern.match(after)
            if m and _is_name(m.group("speaker"), r):
                return _found(m, b)
        if pronoun.match(after):
            return _last_speaker(done, text, a)
    return None


def _clause_after(text: str, b: int) -> str:
    """The text after a quotation up to the end of its line (the attribution lives there)."""
    end = text.find("\n", b)
    return text[b:min(b + AFTER, end if end >= 0 else len(text))]


def _named_before(text: str, a: int, r: _Rules):
    line_start = text.rfind("\n", 0, a) + 1
    start = max(line_start, a - BEFORE)
    before = text[start:a]
    for pattern in (r.before_named, r.according):
        m = pattern.search(before)
        if m and _is_name(m.group("speaker"), r):
            return _found(m, start)
    return None


def _found(m: re.Match, offset: int):
    role = m.group("role").strip() if m.group("role") else None
    speaker = m.group("speaker")
    if speaker.endswith(".") and len(speaker.split()[-1]) > 2:
        speaker = speaker[:-1]   # the sentence's full stop, not an initial's ("said Dujarric.")
    start = offset + m.start("speaker")
    return speaker, role, start, start + len(speaker)


def _is_name(speaker: str, r: _Rules) -> bool:
    """A name, not a capitalised pronoun or function word ("He", "The")."""
    return speaker.split()[0].casefold().strip(".") not in r.not_speakers


def _last_speaker(done: list[Statement], text: str, a: int):
    """For "he said": the speaker of the quotation just before, in this paragraph or the one
    before it (wire copy puts each quote of one speaker in a paragraph of its own)."""
    if not done:
        return None
    last = done[-1]
    if len([p for p in re.split(r"\n\s*", text[last.end:a]) if p.strip()]) > 1:
        return None   # a paragraph between: someone else may have spoken
    return last.speaker, last.role, last.speaker_start, last.speaker_end


@component("statements", requires=("norm", "lang"), assigns=("statements",))
def statements_step(doc) -> None:
    """Who said each quotation of the article (see the module docstring). Every quotation
    counts, not only those that open a sentence: "Selon X, « … »" is X's."""
    doc.statements = attribute(doc.norm, quotations(doc.norm), doc.lang)
