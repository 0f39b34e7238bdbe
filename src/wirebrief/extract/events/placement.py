"""Where an event happened: its own clause's places, else the sentence before, the dateline
or the article's focus; never a place that plays another role (origin of fire, destination,
a source's seat, a reference point, a meeting's topic)."""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import cache, lru_cache

from ... import codes
from ... import lang as langdata
from ...gazetteer import KIND_RANK, fold, gazetteer, nationalities
from ..places import Mention, home_country
from ..text import Sentence
from .rules import PLACE_GAP, _Rules


def _elsewhere(m: Mention, sent: Sentence, r: _Rules, etype: str) -> bool:
    """A place named as where fire or fighters came from, where people went, or where a source
    sits is not where the event happened ("des obus partis de Jobar", "fled to Tanzania", "the
    Britain-based monitor"); a flight's origin is, and aid is delivered where it goes
    ("convoys to Madaya")."""
    before = sent.text[max(0, m.start - sent.start - 30):m.start - sent.start]
    if _seated(m, sent, r) or _remit(m, sent, r):
        return True
    flight = etype in r.placed_at_origin
    if etype not in r.placed_at_destination and r.destination and r.destination.search(before):
        return True
    return not flight and _origin(m, sent, r)


def _aimed_at(m: Mention, trig_end: int, sent: Sentence, r: _Rules, etype: str) -> bool:
    """Whether a place a direction word puts right after a violent trigger is where it struck:
    "une incursion vers Ménaka", "rockets fired into Israel", "an advance towards Kherson". The
    direction is the trigger's own complement, so it names the target, not where people went
    (a flight keeps its origin, aid its destination: they never come here).
    The trigger's end is in its sentence, the mention's offsets in the document."""
    aimed = _cue(r, "aimed_re")
    if aimed is None or codes.family_of(etype) != "violent" or m.start < sent.start + trig_end:
        return False
    return aimed.fullmatch(sent.text[trig_end:m.start - sent.start]) is not None


def _cue(r: _Rules, key: str) -> re.Pattern | None:
    """One of the placement cues of the events data (`aimed_re`, `remit_re`) in the language
    of the rules object the caller holds."""
    return _cue_of(r.lang, key) if r.lang else None


@cache
def _cue_of(lang: str, key: str) -> re.Pattern | None:
    pats = langdata.load(lang)["events"].get(key) or []
    return re.compile(f"(?:{langdata.either(pats)})", re.I) if pats else None


ORIGIN_REACH = 80   # characters before a place where its origin cue may begin


def _origin(m: Mention, sent: Sentence, r: _Rules) -> bool:
    """Where fire or fighters came from, the cue perhaps a few words back: "launched from
    Houthi-held areas of Yemen", "ils venaient du nord du Mali"."""
    wide = sent.text[max(0, m.start - sent.start - ORIGIN_REACH):m.start - sent.start]
    return bool(r.origin and r.origin.search(wide))


def _seated(m: Mention, sent: Sentence, r: _Rules) -> bool:
    """Where a source sits or a speaker spoke: "the Britain-based Observatory", "l'ONG basée
    à Londres", "the envoy told a news briefing in Geneva", "a déclaré jeudi à Genève"."""
    before = sent.text[max(0, m.start - sent.start - 30):m.start - sent.start]
    return bool(r.seat and (r.seat.search(before) or r.seat.search(sent.text[m.end - sent.start:m.end - sent.start + 10])))


def _remit_country(sent: Sentence, mentions: list[Mention], r: _Rules) -> list[Mention]:
    """With no town to fall back on, a country named only as a UN body's remit is still the
    story's country: "clashes erupted, the UN envoy for Yemen said" happened in Yemen."""
    return [m for m in mentions if sent.start <= m.start < sent.end and m.place.kind == "country"
            and _remit(m, sent, r)][:1]


REMIT_REACH = 80   # characters before a place where the UN body it names may begin


def _remit(m: Mention, sent: Sentence, r: _Rules) -> bool:
    """Whether a place only names a UN body's remit: "the UN-AU peacekeeping mission in
    Darfur", "la mission des Nations unies au Mali" say whom it serves, not where
    what it reports happened (events `remit_re`)."""
    rx = _cue(r, "remit_re")
    return rx is not None and _ends_with(rx, sent.text[max(0, m.start - sent.start - REMIT_REACH):m.start - sent.start])


@lru_cache(maxsize=1024)
def _ends_with(rx: re.Pattern, window: str) -> bool:
    """Whether a cue anchored at its end matches the window: each trigger of a sentence asks
    again about the same place, so the answer is kept."""
    return rx.search(window) is not None


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
        mentions = [m for m in mentions if not _elsewhere(m, sent, r, etype) or _aimed_at(m, trig_end, sent, r, etype)]
    lo, hi = _clause(trig_start, trig_end, sent, r)
    targets = etype in _HIT_SITES
    inside = [m for m in mentions if lo <= m.start < hi and m.literal and m.place.kind != "country"
              and (not m.site or (targets and _hit_site(m, sent, mentions, r)))]
    on_land = [m for m in inside if m.place.country]
    inside = on_land or inside   # "sur la rive ouest de l'Euphrate" in a named province: a landmark
    trig_start, trig_end = sent.start + trig_start, sent.start + trig_end   # mentions are in document offsets
    if inside and not on_land and (land := _land_before_sea(trig_end, hi, inside, mentions)):
        return [land]
    points: list[Mention] = []   # reference points, passed over like containers
    if r is not None and r.reference is not None:
        located = [m for m in inside if not _reference(m, sent, r)]
        points = [m for m in inside if m not in located] if located else []
        inside = located or inside   # "à l'est de la capitale Sanaa": only where nothing else is named
    # "dans la province d'Idleb, dans le nord-ouest de la Syrie, et dans celle voisine d'Alep":
    # a country in apposition is passed over too
    points += [m for m in mentions if lo <= m.start < hi and m.place.kind == "country"]
    after = [m for m in inside if m.start >= trig_end]
    if after:
        chosen = [after[0]]
        last = after[0].end   # the end of the last place read, chosen or a container passed over
        for m in after[1:]:
            if _encloses(m, chosen[-1]) and _own_site(m, r):
                chosen[-1] = m   # "near Sanaa airport": the site's name holds the town's
                last = m.end
                continue
            # "Douma et Harasta, au nord-est de Damas, ainsi que le quartier de Qaboun": the
            # enumeration goes on past a reference point
            last = max([last] + [x.end for x in points if last <= x.start and x.end <= m.start])
            gap = sent.text[last - sent.start:m.start - sent.start]
            words = re.findall(r"\w+", gap.lower())
            if KIND_RANK[m.place.kind] > KIND_RANK[chosen[-1].place.kind]:
                if r is not None and _contains(words, gap, joiners, r) and last == chosen[-1].end:
                    last = m.end   # "the Salaheddine district of Aleppo and the town of Azaz":
                    continue       # Aleppo contains the district; the enumeration goes on
                if r is not None and _coordinated(words, gap, joiners, r):
                    chosen.append(m)   # "the Sukkari district and the town of Azaz": two targets
                    last = m.end
                    continue
                break  # "le quartier de Jobar, à Damas": the city contains the district
            if (r is not None and KIND_RANK[m.place.kind] < KIND_RANK[chosen[-1].place.kind]
                    and chosen[-1].place.kind != "country" and len(gap) <= PLACE_GAP
                    and (_possessive(gap) or (words and "," not in gap
                                              and all(w in joiners and w not in r.coordinators for w in words)))):
                # "the Red Sea port city of Hodeidah", "the Hama district of Al-Arbaeen", "Aleppo's Sukkari district"
                chosen[-1] = m
                last = m.end
            elif len(gap) <= PLACE_GAP and re.search(r",|\w", gap) and all(w in joiners for w in words):
                chosen.append(m)
                last = m.end
            elif _parallel(chosen[0], m, gap, sent, joiners) or (r is not None and _paired(chosen[0], gap, sent, r)):
                chosen.append(m)
                last = m.end
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


def _encloses(m: Mention, chosen: Mention) -> bool:
    """Whether a target site's mention spans the place just chosen: "Sanaa airport", "Kabul
    airport" name one place, the site (a site is in the clause's places only for strike
    types; the caller keeps only sites of their own, not "Kharkiv's hospital")."""
    return m.site and m.start <= chosen.start and m.end > chosen.end


_HIT_SITES = frozenset({"airstrike", "shelling", "bombing", "attack_on_civilians"})


def _hit_site(m: Mention, sent: Sentence, mentions: list[Mention], r: _Rules | None) -> bool:
    """Whether a named site places a strike or an attack: one with a name of its own ("ont
    visé l'hôpital al-Qods", "the Radisson Hotel"), not a town's market or station ("un
    marché d'Ariha" is placed at Ariha), nor a speaker's ("a doctor at Ayder Hospital said").
    For a battle or a statement a site is a landmark or an office, never the place."""
    if any(t.place.kind == "city" and m.place.name.startswith(t.place.name + " ") for t in mentions) \
            and not _own_site(m, r):
        return False
    after = sent.text[m.end - sent.start:m.end - sent.start + 40]
    return not (r is not None and r.speaker_after and r.speaker_after.search(after))


def _own_site(m: Mention, r: _Rules | None) -> bool:
    """A site named after its town that is still a place of its own, coded apart from the town
    ("Damascus International Airport", "Mezzeh Air Base"), unlike a town's market or station
    (events `own_site_re`, read against the gazetteer's canonical name)."""
    rx = _cue(r, "own_site_re") if r is not None else None
    return rx is not None and rx.search(m.place.name) is not None


def _land_before_sea(trig_end: int, hi: int, seas: list[Mention], mentions: list[Mention]) -> Mention | None:
    """A country the trigger's complement names, when the clause's only other place is a sea
    or river named well after it: "strikes on Houthi targets in Yemen on Thursday to deter
    attacks on shipping in the Red Sea" were in Yemen; "struck a ship off Yemen in the Gulf of
    Aden" (the sea right after the country) was at sea."""
    sea = min((m for m in seas if m.start >= trig_end), key=lambda m: m.start, default=None)
    if sea is None:
        return None
    land = [m for m in mentions if trig_end <= m.start < min(sea.start, hi) and m.literal and not m.site
            and m.place.kind == "country"]
    return land[0] if land and sea.start - land[-1].end > PLACE_GAP else None


def _contains(words: list[str], gap: str, joiners: frozenset, r: _Rules) -> bool:
    """A gap that makes the next place the container of the last: " of ", ", in "."""
    return len(gap) <= PLACE_GAP and all(w in joiners and w not in r.coordinators for w in words)


def _coordinated(words: list[str], gap: str, joiners: frozenset, r: _Rules) -> bool:
    """A gap that adds a place: " and the town of ", or after the last place's own kind word,
    " district and the port of " ("the Sukkari district and the town of Azaz")."""
    lead = words[1:] if len(words) > 1 and words[0] not in r.coordinators else words
    return (len(gap) <= PLACE_GAP and bool(lead) and lead[0] in r.coordinators
            and all(w in joiners for w in words) and not re.search(r"[.;:()«»“”\"]", gap))


def _possessive(gap: str) -> bool:
    """An English possessive between a town and a place in it: "Aleppo's Sukkari district"."""
    return re.fullmatch(r"['’]s\s+(?:the\s+)?", gap) is not None


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
    for start, end in _breaks(r.clause_break, sent.text):
        if start >= trig_end:
            return lo, min(hi, sent.start + start)
        if end <= trig_start:
            lo = sent.start + end
    return lo, hi


@lru_cache(maxsize=64)
def _breaks(rx, text: str) -> tuple[tuple[int, int], ...]:
    """The clause breaks of a sentence, read once: every trigger and fallback asks again."""
    return tuple(m.span() for m in rx.finditer(text))


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


TOWN_KINDS = ("city", "district", "site")


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
        return carried or _remit_country(doc.sentences[si], mentions, r)
    sent = doc.sentences[si]
    lo, hi = clause or (sent.start, sent.end)
    if any(lo <= x.start < hi and not x.site and not _elsewhere(x, sent, r, etype) for x in mentions):
        return []   # (a site there is a speaker's hospital or office: "a doctor at X Hospital said")
    home = home_country(doc.mentions) if doc.main_country else None
    if doc.main_place.place.kind in TOWN_KINDS and any(
            sent.start <= x.start < sent.end and x.place == doc.main_place.place and x.literal
            and not _elsewhere(x, sent, r, etype) for x in mentions):
        # "combats, tandis que des frappes ont visé Raqa": not at the other clause's town (a
        # region there frames the whole sentence: "dans la province d'Idleb ..., tandis que 8 civils étaient tués")
        return []
    if etype not in r.placed_at_origin and _only(doc, doc.main_place, lambda m, sent: _origin(m, sent, r)):
        return []   # "ils venaient du nord du Mali": the attackers' origin is no fallback for what they did
    if etype not in codes.diplomatic() and _only(doc, doc.main_place, lambda m, sent: _venue_named(m, sent, r)):
        # "Clashes have continued", in a story about talks in Geneva on the war: not in Geneva,
        # but in the story's country, else where the last town it names in no such role is
        return [doc.main_country] if doc.main_country else _last_town(doc, si, r, etype)
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


MEETING_REACH = 60   # characters before a place where the meeting it hosts may be named


def _venue_named(m: Mention, sent: Sentence, r: _Rules) -> bool:
    """Whether a place is named as where people meet: "factions are meeting in Geneva", "the
    Geneva meeting", "began talks in Geneva on Monday"."""
    rx = r.triggers.get("meeting")
    a, b = m.start - sent.start, m.end - sent.start
    return rx is not None and bool(rx.finditer(sent.text[max(0, a - MEETING_REACH):b + 10]))


def _last_town(doc, si: int, r: _Rules, etype: str) -> list[Mention]:
    """The last town or district named before sentence `si` as a place where something is,
    not as a meeting's venue nor in another role."""
    starts = [x.start for x in doc.sentences]
    for m in reversed([x for x in doc.mentions if x.start < doc.sentences[si].start]):
        sent = doc.sentences[max(0, bisect.bisect_right(starts, m.start) - 1)]
        if (m.literal and not m.site and m.place.kind in ("city", "district")
                and not _elsewhere(m, sent, r, etype) and not _venue_named(m, sent, r)):
            return [m]
    return []


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
    if r.the_city and (found := r.the_city.search(text)) and not _area_just_named(doc, sent, lo):
        # the town last named, else the story's; a province named after its capital counts
        # as its town ("une frappe à Idleb ... dans cette même ville"): it has the capital's point
        named = [m for m in doc.mentions if m.end <= lo and m.place.kind in _TOWNLIKE and m.literal and not m.site]
        town = named[-1] if named else doc.main_place
        if town is not None and (town.place.kind == "city" or (town.place.kind == "admin1"
                                                                and not _as_province(doc, town))):
            return [replace(town, start=lo + found.start(), end=lo + found.end())]
    if r.the_region and (found := r.the_region.search(text)):
        # "cette région", "this province": the province or region last named, never a sea or river
        named = [m for m in doc.mentions if m.end <= lo and m.place.kind in _AREAS and m.literal
                 and not m.site and m.place.country]
        if named:
            return [replace(named[-1], start=lo + found.start(), end=lo + found.end())]
    return []


def _area_just_named(doc, sent: Sentence, lo: int) -> bool:
    """Whether the place last named before `lo`, in the same sentence, is an area, not a
    town: "convoys reached northern Darfur, the first aid to the area" points back to it,
    not over it to a town named sentences earlier."""
    last = next((m for m in reversed(doc.mentions) if m.end <= lo and m.literal and not m.site
                 and m.place.kind != "country"), None)
    return last is not None and last.start >= sent.start and last.place.kind not in _TOWNLIKE


_AREAS = frozenset({"admin1", "region"})


_TOWNLIKE = frozenset({"city", "admin1"})


def _as_province(doc, m: Mention) -> bool:
    """Whether a province's mention says it is one ("la province d'Idleb", "Nineveh province");
    named bare ("Idleb"), it may be its capital town, whose point it has."""
    before, after = _province_cues(doc.lang)
    return bool(before.search(doc.norm[max(0, m.start - 30):m.start]) or after.match(doc.norm[m.end:m.end + 20])
                or after.search(m.surface))   # "Amhara Region": the cue read as part of the name


@cache
def _province_cues(lang: str) -> tuple[re.Pattern, re.Pattern]:
    """The language's words that name a place as a province: before it, and after it."""
    places = langdata.load(lang)["places"]
    before = langdata.alternation(places.get("admin1_cues") or [], words=False)
    after = langdata.alternation(places.get("admin1_suffix") or [], words=False)
    return re.compile(rf"{before}\s*$", re.I), re.compile(rf"\s*{after}\b", re.I)


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
           r: _Rules, home: str | None, etype: str = "") -> Mention | None:
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
        ahead = (0 <= a - trig_end <= 120 and not re.search(r"[«»“”]", s[trig_end:a])
                 and not _other_meeting(s[trig_end:a], r, etype))
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


def _other_meeting(between: str, r: _Rules, etype: str) -> bool:
    """Whether a meeting is named between a trigger and a place: "reached an agreement ... after
    talks in Jeddah" places the talks in Jeddah, not the agreement."""
    rx = r.triggers.get("meeting")
    return etype != "meeting" and rx is not None and bool(rx.finditer(between))


ATTACKER_REACH = 30   # characters around a trigger where a nationality adjective names its side


def _attackers(s: str, a: int, b: int) -> set[str]:
    """The countries whose nationality adjective stands right around a trigger: "les frappes
    israéliennes", "an Israeli strike", "l'armée israélienne a frappé" name who struck."""
    known = nationalities()
    return {known[w] for w in map(fold, re.findall(r"[^\W\d_]+", s[max(0, a - ATTACKER_REACH):b + ATTACKER_REACH]))
            if w in known}


def _not_the_attackers(places: list[Mention], s: str, a: int, b: int) -> list[Mention]:
    """A strike told with no place is not placed by default in the striking side's country:
    "les frappes israéliennes se poursuivent" is not an event in Israel."""
    if places and places[0].place.kind == "country" and places[0].place.country in _attackers(s, a, b):
        return []
    return places
