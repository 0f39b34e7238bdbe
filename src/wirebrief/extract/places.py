"""Geoparsing: place mentions in running text, resolved against the gazetteer.

Finds names in French or English copy, disambiguates them towards the
countries the article is about, and marks a capital or country that stands
for its government as `literal=False`. The `places` pipeline component
assigns the article's mentions and its main place and country.
"""
from __future__ import annotations

import bisect
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import cache, lru_cache

from .. import lang as langdata
from .. import transliteration
from ..gazetteer import (
    KIND_RANK,
    Gazetteer,
    Place,
    airport_of,
    conflict_countries,
    fold,
    gazetteer,
    is_generic,
    key_of,
    km,
    km_to_country,
    nationalities,
)
from .registry import component
from .text import CaseFree, dateline, in_spans, top_level

__all__ = ["KIND_RANK", "Mention", "Place", "geoparse", "main_mention", "mentions_between"]


@dataclass
class Mention:
    place: Place
    start: int
    end: int
    surface: str
    literal: bool
    dateline: bool = False   # named in the dateline: where the story was filed
    site: bool = False       # a named site in a city ("Al-Shifa Hospital"): a place, but not where a toll happened


# ---------------------------------------------------------------- geoparsing

@cache
def _token_re(lang: str) -> re.Pattern:
    """Words, with the language's elided words split off ("d'Alep" -> "d'", "Alep").

    An English possessive is not part of the name: "Yemen's third city" -> "Yemen";
    nor is a suffix such as "-based": "a Britain-based monitor" -> "Britain", or a city's part
    ("Alep-Est" -> "Alep"); but a compound opening on a point of the compass stays whole
    ("Centre-Nord", "Sud-Ouest": a division's own name).
    """
    d = langdata.load(lang)
    elided = "|".join(f"[{e[0].lower()}{e[0].upper()}]{re.escape(e[1:])}" for e in d["elisions"])
    suffixes = langdata.alternation(d["places"]["place_suffixes"], words=False)
    heads = langdata.alternation(d["places"].get("compound_heads") or [], words=False)
    word = rf"(?:{heads})(?:-\w+)+|\w+(?:-(?!{suffixes}\b)\w+|['’](?!s\b)\w+)*"
    return re.compile(rf"(?:{elided})['’](?=\w)|{word}" if elided else word)


@cache
def article_re(lang: str | None = None) -> str:
    """A regex for an article and the space after it ("la ", "l'", "the "); every language's when lang is None."""
    articles = langdata.load(lang)["articles"] if lang else langdata.union("articles")
    alts = [re.escape(a) + (r"\s*" if a.endswith("'") else r"\s+") for a in articles]
    return f"(?:{'|'.join(alts) or '(?!)'})"


@dataclass(frozen=True)
class _Rules:
    not_places: frozenset
    token: re.Pattern
    articles: frozenset       # folded: "La Haye" is a name, "la Ghouta" a name after its article
    and_gap: re.Pattern       # " et ", " and ", ", " between two names of one list
    and_words: frozenset      # "and", "et"
    capitalised_nouns: bool   # German: a capital alone does not make a name
    lowercase_heads: frozenset  # as written: "bande de Gaza", "mer Rouge" open on a lower-case word
    where_adjective: re.Pattern  # "la ville syrienne de", "the Ukrainian city of": the adjective says where
    acronym_followers: frozenset  # "the US on Monday": words after which a country acronym is a place
    site: re.Pattern          # "Al-Shifa Hospital", "l'aéroport de Damas": a named site
    same_name_division: re.Pattern  # "la province du même nom": the division of the place before
    person_after: re.Pattern  # "Georgia herself": the name is a person's
    time_words: frozenset     # weekdays and months: "in Aleppo Monday" leaves Aleppo a place
    literal_strong: re.Pattern  # "la frontière avec la Russie", "the capital Sanaa": a place, whatever else
    list_gap: re.Pattern      # ", " / " et la " / " and the ": the gap between two members of a list
    division_list_gap: re.Pattern  # " et de ", ", ": between two divisions named under one cue
    site_kinds: dict          # lower-cased kind word -> its English name
    site_in_town: re.Pattern | None  # "the railway station in Kramatorsk": a site by its kind and town
    site_stopwords: frozenset  # "One hospital said": words that are never a site's name
    apposition: re.Pattern    # ", " / ", northern ": between a town and its division or country
    organisations: re.Pattern | None
    codename: re.Pattern | None  # "Operation Olive Branch": the name alone later is no place either
    titles_after: frozenset   # "Kyiv Mayor Vitali Klitschko": a title glued after a place keeps it one
    admin1_cue: re.Pattern
    district_cue: re.Pattern
    city_cue: re.Pattern      # "la ville de", "the city of": the town of a name that is also a territory's
    locative: re.Pattern
    meto_after: re.Pattern
    meto_before: re.Pattern
    literal_before: re.Pattern
    literal_after: re.Pattern | None
    capital_phrase: re.Pattern
    locative_adjectives: dict
    admin1_suffix: re.Pattern | None
    division_suffix: re.Pattern | None  # "Kalo district", "North Wollo Zone": a second-level division
    cued: tuple               # "the village of X", "X district", "X, un quartier de…": a place by what it is
    division_lists: tuple     # "the two provinces, Northwest and Southwest", "et dans celle d'Alep"
    cued_kinds: dict          # the cue word ("village", "quartier") -> the place's kind
    in_country: re.Pattern | None  # ", " / " in northern " / " dans le nord du ": a town, then its country
    compass_division: re.Pattern | None  # "the West province", "la région de l'Extrême-Nord"
    adjective_site: re.Pattern | None  # "l'ambassade américaine": a site named by a nationality adjective
    place_prefixes: frozenset
    division_titles: frozenset   # a capitalised division word right before its name ("l'État Kachin")
    name_adjectives: frozenset   # capitalised adjectives before a cued name ("the Shiite Karrada district")
    capital_of: re.Pattern | None  # "Afghanistan's capital", "la capitale de l'Afghanistan"
    list_joiner: re.Pattern | None  # ", " / " et " / " ou à ": between two places of one list
    list_opener: re.Pattern   # "entre", "between", or a locative: what opens a list of places
    list_joiner_end: re.Pattern | None  # a joiner that ends the text searched
    list_follower: re.Pattern  # what may follow the last place of a list: punctuation or a locative
    compass_part: re.Pattern | None  # "le Nord Kanem": a point of the compass glued before a division
    lang: str = ""             # the text's language: "Soumy" is Sumy's own name in French
    # key of a bare name two countries share -> their codes, the language's usual reading first
    shared_countries: dict = field(default_factory=dict)


# a place's name as written: capitalised words, Arabic articles ("al-Sbiaa", "Tell el-Kebir") and
# the small words inside names ("Tell el-Kebir", "Bel Air"); case-sensitive inside the
# case-insensitive cue patterns, since a capital is what makes a name
_NAME_WORD = r"(?:(?:[Aa][lnrstdz]|[Ee]l|[Aa]sh)-)?[A-ZÀ-ÖØ-Þ](?:\w|['’](?!s\b))*(?:-\w+)*"
# (the lookarounds first: most positions of a text are no word start, and fail there at once)
_CUED_NAME = (r"(?<![\w-])(?-i:(?=[A-ZÀ-ÖØ-Þ]|[Aa][lnrstdz]-|[Ee]l-|[Aa]sh-))"
              rf"(?-i:{_NAME_WORD}(?: (?:(?:al|el|ad|as|ash|an|ar)[ -])?{_NAME_WORD}){{0,3}})")

_CUED_NAME_RE = re.compile(_CUED_NAME)


def _cue_of(pattern: str) -> CaseFree | None:
    """The cue-word group of a cued-place pattern ("(?P<word>village|localité|…)"), alone, as a
    fast lower-case scan: a text without any cue word cannot match the pattern, and the
    pattern itself (case-insensitive, opening on a name) tries every position of the text.
    None when the group is missing or optional (then the pattern always runs)."""
    start = pattern.find("(?P<word>")
    if start < 0:
        return None
    i = next((start + k for k, ch, depth in top_level(pattern[start:]) if ch == ")" and depth == 0), None)
    if i is None or pattern[i + 1:i + 2] in ("?", "*", "{"):
        return None
    return CaseFree(pattern[start + len("(?P<word>"):i])


@cache
def rules(lang: str) -> _Rules:
    grammar = langdata.load(lang)
    d = grammar["places"]
    tail = r"\s*$"
    orgs = d.get("organisations_re") or []
    article = article_re(lang)
    return _Rules(
        lang=lang,
        shared_countries={key_of(k): tuple(v) for k, v in (d.get("shared_country_names") or {}).items()},
        not_places=frozenset(fold(w) for w in d["not_places"]),
        token=_token_re(lang),
        articles=frozenset(fold(a) for a in grammar["articles"]),
        and_gap=re.compile(rf"\s*(?:{langdata.alternation(grammar['and_words'], words=False)}|,)\s*"),
        capitalised_nouns=bool(grammar["capitalised_nouns"]),
        and_words=frozenset(w.lower() for w in grammar["and_words"]),
        lowercase_heads=frozenset(d["lowercase_heads"]),
        where_adjective=re.compile(d["where_adjective_re"]),
        acronym_followers=frozenset(d["acronym_place_followers"]),
        site=re.compile(d["site_re"]),
        same_name_division=re.compile(d["same_name_division_re"], re.I),
        person_after=re.compile(langdata.either(d["person_after_re"]), re.I),
        time_words=frozenset(fold(w) for w in (*grammar["dates"]["weekdays"], *grammar["dates"]["months"])),
        literal_strong=re.compile(rf"(?:{langdata.either(d['literal_strong_before_re'])})\s*$", re.I),
        division_list_gap=re.compile(
            rf"\s*(?:{langdata.alternation(grammar['and_words'], words=False)}|,)\s*"
            rf"(?:{langdata.alternation(grammar['numbers']['of'], words=False)}\s*)?"),
        list_gap=re.compile(rf"\s*(?:{langdata.alternation(grammar['and_words'], words=False)}|,)\s*{article}?"),
        site_kinds={k.lower(): v for k, v in d["site_kinds"].items()},
        site_in_town=(re.compile(d["site_in_town_re"].replace("KINDS", langdata.alternation(
            [k.lower() for k in d["site_kinds"]], words=False))) if d.get("site_in_town_re") else None),
        site_stopwords=frozenset(d["site_name_stopwords"]),
        apposition=re.compile(rf",\s+(?:{langdata.either(d['apposition_words_re'])})?", re.I),
        organisations=re.compile("|".join(orgs)) if orgs else None,
        codename=re.compile(langdata.either(d["codename_re"])) if d.get("codename_re") else None,
        titles_after=frozenset(fold(w) for w in d.get("titles_after", [])),
        admin1_cue=re.compile(rf"(?:{langdata.either(map(re.escape, d['admin1_cues']))})(?:\s+\w+)?{tail}", re.I),
        district_cue=re.compile(rf"(?:{langdata.either(map(re.escape, d['district_cues']))})(?:\s+\w+)?{tail}", re.I),
        city_cue=re.compile(rf"(?<!\w)(?:{langdata.either(map(re.escape, d.get('city_cues') or []))}){tail}", re.I),
        locative=re.compile(rf"(?<!\w)(?:{langdata.alternation(d['locative'], words=False)})(?:\s+{article})?{tail}", re.I),
        meto_after=re.compile(rf"^\s*,?\s*(?:{langdata.either(d['metonymy_after_re'])})", re.I),
        meto_before=re.compile(rf"(?:{langdata.either(d['metonymy_before_re'])})\s*{article}?{tail}", re.I),
        literal_before=re.compile(rf"(?<!\w)(?:{langdata.either(d['literal_before_re'])})\s*{article}?{tail}", re.I),
        literal_after=re.compile(rf"^(?:{langdata.either(d['literal_after_re'])})", re.I) if d.get("literal_after_re") else None,
        capital_phrase=re.compile(d["capital_phrase_re"], re.I),
        capital_of=re.compile(d["capital_of_re"]) if d.get("capital_of_re") else None,
        locative_adjectives={fold(k): v for k, v in d.get("locative_adjectives", {}).items()},
        admin1_suffix=(re.compile(rf"\s+(?:{langdata.either(map(re.escape, d['admin1_suffix']))})(?P<plural>s)?\b", re.I)
                       if d.get("admin1_suffix") else None),
        place_prefixes=frozenset(fold(w) for w in d.get("place_prefixes", [])),
        division_titles=frozenset(fold(w) for w in d.get("division_titles", [])),
        name_adjectives=frozenset(fold(w) for w in d.get("name_adjectives", [])),
        cued=tuple((re.compile(p.replace("NAME", _CUED_NAME), re.I), _cue_of(p)) for p in d.get("cued_place_re", [])),
        division_lists=tuple(re.compile(p.replace("NAME", _CUED_NAME), re.I) for p in d.get("division_list_re", [])),
        cued_kinds={fold(k): v for k, v in d.get("cued_place_kinds", {}).items()},
        compass_division=re.compile(d["compass_division_re"]) if d.get("compass_division_re") else None,
        adjective_site=re.compile(d["adjective_site_re"]) if d.get("adjective_site_re") else None,
        in_country=re.compile(langdata.either(d["in_country_re"]), re.I) if d.get("in_country_re") else None,
        compass_part=re.compile(d["compass_part_re"]) if d.get("compass_part_re") else None,
        list_joiner=re.compile(langdata.either(d["list_joiner_re"])) if d.get("list_joiner_re") else None,
        list_joiner_end=(re.compile(rf"(?:{langdata.either(d['list_joiner_re'])})$")
                         if d.get("list_joiner_re") else None),
        list_follower=re.compile(rf"\s*(?:[,.;:!?()»”\"\n]|$)|\s+(?:{langdata.alternation(d['locative'], words=False)}"
                                 rf"|{langdata.either(d.get('list_opener_re') or ['(?!)'])})(?!\w)", re.I),
        list_opener=(re.compile(rf"(?<!\w)(?:{langdata.alternation(d['locative'], words=False)}"
                                rf"|{langdata.either(d.get('list_opener_re') or ['(?!)'])})\s*$", re.I)),
        division_suffix=(re.compile(rf"\s+(?:{langdata.either(map(re.escape, d['division_suffix']))})\b", re.I)
                         if d.get("division_suffix") else None),
    )


def _tokens(text: str, r: _Rules) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in r.token.finditer(text)]


_WORD = re.compile(r"\w+")
_COMPOUND = re.compile(r"\w+(?:-\w+)*")
_ARABIC_ARTICLE = re.compile(r"(?:al|el|ad|ar|as|ash|az|an|at)-")


def _capitalised(tok: str) -> bool:
    """Capitalised, or an Arabic article before a capital ("al-Bab")."""
    if tok[:1].isupper():
        return True
    m = _ARABIC_ARTICLE.match(tok)
    return bool(m) and tok[m.end():m.end() + 1].isupper()


def _masked(text: str, r: _Rules) -> list[tuple[int, int]]:
    """Spans no place is read in: names of organisations and media, clock-time zones, and
    every occurrence of an operation's codename ("Operation Olive Branch" names no town, and
    neither do "the Olive Branch forces" two paragraphs on)."""
    spans = [(m.start(), m.end()) for m in r.organisations.finditer(text)] if r.organisations else []
    if r.codename is not None:
        names = {m.group("name") for m in r.codename.finditer(text)}
        spans += [(m.start(), m.end()) for name in names
                  for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):   # in_spans wants them disjoint
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _candidates(text: str, gz: Gazetteer, r: _Rules):
    """(start, end, surface, [place ids]) for the longest gazetteer names in the text."""
    toks = _tokens(text, r)
    masked = _masked(text, r)
    i = 0
    while i < len(toks):
        s, e, tok = toks[i]
        # inlined _capitalised: most tokens are lower-case words that open on no Arabic article
        first = tok[:1]
        head = False
        if not (first.isupper() or (first in "ae" and _capitalised(tok))):
            head = tok in r.lowercase_heads   # "bande de Gaza", "mer Rouge"
            if not head:
                i += 1
                continue
        if in_spans(s, masked):
            i += 1
            continue
        found = None
        for n in range(1, min(gz.max_tokens, len(toks) - i) + 1):
            last = toks[i + n - 1]
            key = key_of(text[s:last[1]])
            if key in gz.index:
                found = (s, last[1], text[s:last[1]], gz.index[key], n)
            elif n == 1 and "-" in tok:   # "Pétion-Ville" is GeoNames' Pétionville
                joined = key_of(tok.replace("-", ""))
                if joined in gz.index:
                    found = (s, e, tok, gz.index[joined], 1)
            if key not in gz.prefixes and not last[2].endswith(("'", "’")):
                break   # an elided word ("golfe d'" of "golfe d'Aden") is no prefix on its own: read on
        article_first = fold(tok) in r.articles and found and found[4] > 1
        if article_first and not _capitalised(toks[i + 1][2]):
            found = None
        if head and found and found[4] == 1:
            found = None   # "mer" alone is no place
        fuzzy = False
        if (found is None or found[4] == 1) and not head and fold(tok) not in r.not_places:
            # a longer name spelt otherwise beats a one-word exact match ("Tell Rifaat", not "Tell")
            other = _transliterated(text, toks, i, gz.max_tokens)
            if other is not None and (found is None or other[4] > 1):
                found, fuzzy = other, True
        if found and found[4] == 1 and r.shared_countries:
            found = _shared_country(found, r, gz)
        if found and not (found[4] == 1 and fold(tok) in r.not_places):
            yield found[:4], toks, i, found[4], fuzzy
            i += found[4]
        else:
            i += 1


def _shared_country(found: tuple, r: _Rules, gz: Gazetteer) -> tuple:
    """A bare name two countries share ("Congo") reads as those countries, the language's
    usual one first, not as the towns that bear it (Congo, Paraíba)."""
    isos = r.shared_countries.get(key_of(found[2]))
    if not isos:
        return found
    return (*found[:3], [gz.countries[iso] for iso in isos if iso in gz.countries], found[4])


def _shared_reading(ids: list[int], gz: Gazetteer, focus: set[str], raw: list) -> Place:
    """Of the countries a shared name can be, the one the text is about: the one in focus,
    else the one more of the text's other names can lie in ("Goma, dans l'est du Congo"),
    else the language's usual one."""
    places = [gz.places[i] for i in ids]
    chosen = [p for p in places if p.country in focus]
    if len(chosen) == 1:
        return chosen[0]
    isos = {p.country for p in places}
    lying = Counter(iso for (_s, _e, _surf, other), *_ in raw if other is not ids
                    for iso in {gz.places.country[j] for j in other} & isos)
    ranked = lying.most_common()
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return next(p for p in places if p.country == ranked[0][0])
    return places[0]


@cache
def _skeleton_index() -> tuple[dict[str, tuple[int, ...]], frozenset]:
    """Skeleton -> place ids, and every word-prefix of a skeleton, for the places of the
    countries whose names are transliterated (wirebrief.transliteration)."""
    gz, countries = gazetteer(), transliteration.countries()
    index: dict[str, list[int]] = {}
    for key, ids in gz.index.items():
        mine = [i for i in ids if gz.places[i].country in countries]
        if not mine:
            continue
        sk = transliteration.skeleton(key)
        for form in (sk, sk[3:] if sk.startswith("al ") else None):   # "Al-Hasakah" is also "Hasakah"
            if form:
                index.setdefault(form, []).extend(i for i in mine if i not in index.get(form, ()))
    prefixes = {" ".join(k.split(" ")[:n]) for k in index for n in range(1, k.count(" ") + 2)}
    return {k: tuple(v) for k, v in index.items()}, frozenset(prefixes)


def _transliterated(text: str, toks, i: int, max_tokens: int):
    """The longest name from token i that matches a gazetteer name through its skeleton only
    ("Tel Abiad" for Tall Abyad), as _candidates' (start, end, surface, ids, tokens), or None."""
    index, prefixes = _skeleton_index()
    s = toks[i][0]
    found = None
    for n in range(1, min(max_tokens, len(toks) - i) + 1):
        end = toks[i + n - 1][1]
        sk = transliteration.skeleton(key_of(text[s:end]))
        bare = sk[3:] if sk.startswith("al ") else sk
        hit = index.get(sk) or index.get(bare)
        if hit:
            found = (s, end, text[s:end], list(hit), n)
        if sk not in prefixes and bare not in prefixes and not toks[i + n - 1][2].endswith(("'", "’")):
            break
    return found


def _choose(ids: list[int], gz: Gazetteer, focus: set[str], want_kind: str | None,
            key: str | None = None) -> Place | None:
    """The most likely of the places a name can be.

    A country first; then a place in the article's countries; a hand-checked
    row; a capital; a place whose own name this is, over one that only lists it
    among its alternate names (GeoNames gives Mahdia the old name "Africa" and
    Hamm a foreign "Hamas"); then the most populous.
    """
    options = [gz.places[i] for i in ids]
    if want_kind:
        kinded = [p for p in options if p.kind == want_kind]
        options = kinded or options

    biggest = max((p.population for p in options), default=0)

    def dwarfed(p: Place) -> bool:
        return p.kind == "city" and biggest >= 100 * max(p.population, 1_000)

    def own_name(p: Place) -> bool:
        # a hamlet that bears the name beats a city that only lists it, unless the city is a
        # hundred times larger: a spelling the city lists means the city, not the hamlet of that spelling
        return key is not None and own_key(p.name) == own_key(key) and not dwarfed(p)

    def score(p: Place):
        return (p.kind == "country", p.country in focus, p.curated, p.capital, own_name(p), spelt(p), p.population)

    def spelt(p: Place) -> float:
        # of two places that both list the spelling, the one whose own name it is closest to:
        # GeoNames lists "Sloviansk" for Nikopol as well as for Sloviansk
        if not key or dwarfed(p):
            return 0.0
        return round(SequenceMatcher(None, own_key(p.name), own_key(key)).ratio(), 1)
    if len(options) <= 1:
        return options[0] if options else None
    return max(options, key=score)


_LEADING_ARTICLE = re.compile(r"^(?:le|la|les|l|the|al|el|an|ar|as|ash|ad|az) ")


@lru_cache(maxsize=200_000)
def own_key(name: str) -> str:
    """A name's key without a leading article: "Le Bardo" is named "Bardo" as well."""
    return _LEADING_ARTICLE.sub("", key_of(name))


FAR_KM = 1500          # farther than this from every country the article names: another region
WORLD_CITY = 1_000_000  # a city this large, or a capital, is news anywhere
EXONYM_CITY = 500_000   # the press has names of its own ("Francfort", "Anvers") for cities this large


NEAR_KM = 150          # this close to the outline of a country the article names: its borderland


def _near_focus(place: Place, focus: set[str]) -> bool:
    """No country in focus, or the place lies within NEAR_KM of one's outline."""
    if not focus:
        return True
    return any((d := km_to_country(iso, place.lat, place.lon)) is not None and d <= NEAR_KM for iso in focus)


def _far_from_focus(place: Place, focus: set[str], gz: Gazetteer) -> bool:
    """A place far from every country the article is about (false when it names none):
    far from its outline, or from its centre when it has none."""
    far = None
    for iso in focus:
        if iso not in gz.countries:
            continue
        d = km_to_country(iso, place.lat, place.lon)
        if d is None:
            c = gz.places[gz.countries[iso]]
            d = km(place.lat, place.lon, c.lat, c.lon)
        if d <= FAR_KM:
            return False
        far = True
    return bool(far)


def geoparse(text: str, lang: str = "fr", focus: set[str] | None = None,
             dateline_places: int | None = None) -> list[Mention]:
    """Every place mention in `text`, resolved, with its literal flag.

    `dateline_places` is the end of the dateline's place names when the caller has found it.
    """
    gz, r = gazetteer(), rules(lang)
    raw = list(_candidates(text, gz, r))
    # countries named in the article steer ambiguous names towards them
    focus = set(focus or ())
    named = set(focus)   # the countries the text names, by name or adjective
    through: dict[str, list[Place]] = {}   # country -> the places that brought it into focus
    for (_s, _e, surf, ids), _toks, _i, _n, fuzzy in raw:
        for i in () if fuzzy else ids:
            p = gz.places[i]
            # a country, or a capital or hand-checked place that is the name's only reading ("Tunis");
            # not a name two countries share ("Congo"): the text's other names pick its country
            if p.kind == "country" and not (r.shared_countries and key_of(surf) in r.shared_countries):
                focus.add(p.country)
                named.add(p.country)
            elif len(ids) == 1 and (p.capital or p.curated) and p.country:
                focus.add(p.country)
                through.setdefault(p.country, []).append(p)
    nat = nationalities()
    for word in set(_WORD.findall(text)):   # each distinct word once
        iso = nat.get(fold(word))
        if iso:
            focus.add(iso)
            named.add(iso)
    # a country in focus only through a hand-checked place ("the Golan Heights") is local to
    # it; one whose capital is named ("ADDIS ABABA -") is the story's country, as if named
    local = {iso: places for iso, places in through.items()
             if iso not in named and not any(p.capital for p in places)}
    mentions: list[Mention] = []
    prev_admin1_end = -10
    if dateline_places is None:
        dateline_places, _ = dateline(text)
    for k, ((s, e, surf, ids), toks, i, n, fuzzy) in enumerate(raw):
        if fuzzy and not _fuzzy_ok(ids, toks, i, n, text, s, focus, r):
            continue
        before = text[max(0, s - 40):s]
        want = None
        suffix = r.admin1_suffix.match(text, e) if r.admin1_suffix else None
        division = r.division_suffix.match(text, e) if r.division_suffix and not suffix else None
        plural_next = _plural_admin1_follows(raw, k, text, r)
        if division:
            want = "region"
        elif suffix or plural_next or r.admin1_cue.search(before) or (
                s - prev_admin1_end < 12 and r.division_list_gap.fullmatch(text, prev_admin1_end, s)):
            want = "admin1"
        elif r.district_cue.search(before):
            want = "district"
        elif r.city_cue.search(before):
            want = "city"   # "la ville de Gaza" is the city, "Gaza" alone the Strip
        if len(ids) > 1 and key_of(surf) in r.shared_countries:
            place = _shared_reading(ids, gz, focus, raw)
        else:
            place = _choose(ids, gz, focus, None, key_of(surf))
        town = mentions[-1] if mentions and mentions[-1].place.kind in ("city", "district", "admin1", "region") else None
        apposed = town is not None and r.apposition.fullmatch(text, town.end, s) is not None
        if apposed and want is None:   # "Atlanta, Georgia", "Windsor, Ontario": the town's division
            inside = [j for j in ids if gz.places[j].country == town.place.country
                      and gz.places[j].kind in ("admin1", "region")]
            if inside:
                place = _choose(inside, gz, focus, None, key_of(surf))
        if want == "admin1":
            base = place.country if place else None
            a1 = None
            for k in ((key_of(place.name), key_of(surf)) if place else (key_of(surf),)):
                a1 = a1 if a1 is not None else gz.admin1_by_base.get((base, k))
            if a1 is None:   # a region of several countries ("la région du Sahel"): the division in the story's
                named = _admin1_named().get(key_of(surf), [])
                a1 = next((j for j in named if gz.places[j].country in focus), named[0] if named else None)
            if a1 is not None:
                place = gz.places[a1]
                prev_admin1_end = e
        elif want == "city" and place is not None and place.kind != "city":
            # the town of that territory, not a namesake town elsewhere ("la ville d'Ariha" stays Syrian)
            towns = [j for j in ids if gz.places[j].kind == "city" and gz.places[j].country == place.country]
            place = _choose(towns, gz, focus, "city") if towns else place
        elif want in ("district", "region"):
            place = _choose(ids, gz, focus, want) or place
        # "Tigray Region": the division word after the name is no part of a longer name
        # the dateline ("MOSUL, Iraq (Reuters) -") says where the story was filed: a literal place
        filed = s < dateline_places or (not dateline_places and _bare_dateline(text, s, e))
        if place is None or not (filed or _plausible(place, toks, i, n, text, s, focus, r, bool(suffix or division), local)):
            continue
        if place.kind == "country" and _adjectival_acronym(surf, text, e, toks, i + n, r):
            continue
        # "Kunduz, northern Afghanistan": the country after its town says where the town is
        where = apposed and place.kind == "country" and place.country == town.place.country
        tail = division or (suffix if suffix and not suffix.group("plural") else None)
        if tail is not None and place.kind in ("admin1", "region"):
            e = tail.end()   # "Tigray Region" is the mention, and its evidence
            surf = text[s:e]
        mentions.append(Mention(place, s, e, surf, filed or where or _literal(place, text, s, e, r), filed))
    mentions.extend(_compass_divisions(text, mentions, gz, r, focus))
    mentions.extend(_compass_parts(text, mentions, gz, r, focus))
    mentions.extend(_division_lists(text, mentions, gz, r, focus))
    mentions.sort(key=lambda m: m.start)
    mentions = _namesakes_placed(text, mentions, gz, r)
    mentions.extend(_same_name_divisions(text, mentions, gz, r))
    mentions.sort(key=lambda m: m.start)
    _literal_lists(mentions, text, r)
    mentions.extend(_capital_phrases(text, gz, r, mentions))
    mentions.extend(_locative_adjectives(text, gz, r))
    mentions.extend(_where_adjectives(text, gz, r))
    mentions.sort(key=lambda m: m.start)
    mentions.extend(_sites(text, mentions, r, focus))
    mentions.extend(_sites_in_towns(text, mentions, r))
    mentions.extend(_adjective_sites(text, mentions, gz, r))
    mentions.sort(key=lambda m: m.start)
    # a cued name no known place locates is read only in the countries the text names
    cued = _cued_places(text, mentions, gz, r, focus - local.keys())
    if cued:
        mentions.extend(cued)
        mentions.sort(key=lambda m: m.start)
    listed = _listed_places(text, mentions, r)
    if listed:
        mentions.extend(listed)
        mentions.sort(key=lambda m: m.start)
    return mentions


def _text_place(name: str, kind: str, country: str | None, lat: float, lon: float,
                salt: str | None = None) -> Place:
    """A place the text names and the gazetteer lacks (a listed village, a site, a compass part),
    at the point of the known place that locates it. Its id is negative, so it never collides
    with a gazetteer row, and a hash of its name (and `salt`: the country or town that locates
    it), so the same name read twice is one place."""
    key = name if salt is None else f"{name}|{salt}"
    return Place(-1 - zlib.crc32(key.encode()), name, kind, country, lat, lon)


LIST_NAME_WINDOW = 40   # characters looked back from a known town for a name listed before it


def _listed_places(text: str, mentions: list[Mention], r: _Rules) -> list[Mention]:
    """Names the gazetteer lacks, listed with a town it knows: "entre Douentza et Hombori",
    "à Cana, Beyrouth ou Ayanat", "in Qusayr and Rableh".

    A list that opens on a locative ("à", "in", "entre") is a list of places: a
    one-word name in it that no rule read is a place too, at the point of the
    known town next to it (the nearest point the text gives). One word only: a
    name of two words after a town ("à Damas et Bachar al-Assad") is as often a
    person's.
    """
    if r.list_joiner is None:
        return []
    towns = [m for m in mentions if m.place.kind in ("city", "district", "admin1", "region") and m.literal
             and not m.site and not m.dateline and m.place.country]
    taken = [(m.start, m.end) for m in mentions]
    out: list[Mention] = []
    for town in towns:
        for (a, b), near in (*_listed_after(text, town, mentions, taken, r),
                             *((span, town) for span in _listed_before(text, town, taken, r))):
            place = _text_place(text[a:b], "city", near.place.country, near.place.lat, near.place.lon,
                                salt=near.place.country)
            out.append(Mention(place, a, b, text[a:b], True))
            taken.append((a, b))
    return out


def _listed_after(text: str, town: Mention, mentions: list[Mention], taken: list,
                  r: _Rules) -> list[tuple[tuple[int, int], Mention]]:
    """The unknown names listed after a known town, each joined to the one before it, with
    the known town named last before each (its point is the nearest the text gives)."""
    if _joined(text, town.end, r) is None or not _opens_list(text, town.start, r):
        return []   # (most towns are followed by no joiner: that test first)
    out, end, near = [], town.end, town
    while j := _joined(text, end, r):
        held = next((m for m in mentions if m.start == j.end()), None)
        if held is not None and held.place.kind == "country":
            return []   # "in Gaza, Hamas and Israel": a list with a country in it lists parties
        if held is not None:   # a place read already: the list goes on after it
            end = held.end
            near = held if held.place.country else near
            continue
        # after a comma only a known place goes on with the list: "À Tripoli, Haftar et Sarraj
        # se sont vus" opens a clause on a place, and lists people
        name = None if j.re is _COMMA else _list_name(text, j.end(), taken, r)
        if name is None:
            break
        out.append((name, near))
        end = name[1]
    return out


_COMMA = re.compile(r",\s*")
_LIST_HEAD = re.compile(rf"(?:{_CUED_NAME},\s*)*$")
LIST_HEAD_WINDOW = 80   # characters of a list's earlier members looked back over for its opener


def _opens_list(text: str, start: int, r: _Rules) -> bool:
    """Whether a locative or "entre" opens the list `start` is in: right before it, or before
    the names listed with commas ahead of it ("à Cana, Beyrouth")."""
    lo = max(0, start - LIST_HEAD_WINDOW)
    head = _LIST_HEAD.search(text, lo, start)
    at = head.start() if head else start
    return r.list_opener.search(text, max(0, at - 25), at) is not None


def _joined(text: str, end: int, r: _Rules) -> re.Match | None:
    """The joiner of a list right at `end` (" et ", " or in ", or a comma), else None."""
    return r.list_joiner.match(text, end) or _COMMA.match(text, end)


def _listed_before(text: str, town: Mention, taken: list, r: _Rules) -> list[tuple[int, int]]:
    """An unknown name listed right before a known town that a locative opens ("à Saqba et Douma")."""
    lo = max(0, town.start - LIST_NAME_WINDOW)
    if r.list_joiner_end.search(text, max(lo, town.start - 12), town.start) is None:
        return []   # no "et"/"and" right before the town: the usual case, settled at once
    for m in _CUED_NAME_RE.finditer(text, lo, town.start):
        j = r.list_joiner.match(text, m.end())   # an "and", not a comma: "à Douma, Alep..." opens no list
        if j and j.end() == town.start and r.list_opener.search(text, max(0, m.start() - 25), m.start()):
            name = _list_name(text, m.start(), taken, r)
            return [name] if name and name[1] == m.end() else []
    return []


def _list_name(text: str, a: int, taken: list, r: _Rules) -> tuple[int, int] | None:
    """The span of a one-word place name at `a` that no mention holds and the gazetteer
    lacks (a name it has but turned down, "Lausanne" in a story that names no Swiss
    place, is no village by the town before it), else None."""
    m = _CUED_NAME_RE.match(text, a)
    if m is None or " " in m.group(0) or m.group(0).isupper() or key_of(m.group(0)) in gazetteer().index:
        return None
    word = fold(m.group(0))
    if (word in r.not_places or word in r.time_words or word in nationalities()
            or any(s < m.end() and a < e for s, e in taken)):
        return None
    # a place ends the list on punctuation, a locative or another member; a verb or a possessive
    # after the name makes it a subject or an owner: "les frappes à Kherson et Zelensky ont dominé",
    # "the offensive on Aleppo and Assad's gains"
    if not (r.list_follower.match(text, m.end()) or _joined(text, m.end(), r)):
        return None
    return m.span()


_DATELINE_SEPARATOR = re.compile(r"\s*[|–—:]\s")


def _bare_dateline(text: str, s: int, e: int) -> bool:
    """A place that opens the text, set off by a bar, a dash or a colon ("KYIV | Some 300
    people...", "HAMA — The army..."): the dateline of a copy whose form the dateline
    reader does not know; the place the story was filed from."""
    return not text[:s].strip() and _DATELINE_SEPARATOR.match(text, e) is not None


def _compass_divisions(text: str, mentions: list[Mention], gz: Gazetteer, r: _Rules,
                       focus: set[str]) -> list[Mention]:
    """Divisions named by a point of the compass: "the West province", "la région de l'Extrême-Nord".

    Such names are generic (every country has a north), so the gazetteer does not
    index them alone; with the division word they name the division of that name
    in the article's one country that has it.
    """
    if r.compass_division is None:
        return []
    out = []
    for m in r.compass_division.finditer(text):
        a, b = m.span("name")
        if any(t.start < b and a < t.end for t in mentions):
            continue
        found = _only_division(gz, key_of(m.group("name")), focus)
        if found is not None:
            out.append(Mention(gz.places[found], a, m.end(), m.group(0), True))
    return out


def _only_division(gz: Gazetteer, key: str, countries) -> int | None:
    """The first-level division whose bare name is `key`, when exactly one of `countries` has one."""
    found = {gz.admin1_by_base[(iso, key)] for iso in countries if (iso, key) in gz.admin1_by_base}
    return found.pop() if len(found) == 1 else None


def _compass_parts(text: str, mentions: list[Mention], gz: Gazetteer, r: _Rules,
                   focus: set[str]) -> list[Mention]:
    """"le Nord Kanem", "North Kanem": a point of the compass glued before the bare name of a
    division of the article's countries, in a compound the gazetteer lacks, names a part of
    that division (a district, a department): a region of that name, at the division's point.
    A compound the gazetteer has ("Nord-Kivu") was read as a mention already."""
    if r.compass_part is None:
        return []
    out = []
    for m in r.compass_part.finditer(text):
        a, b = m.span()
        if any(t.start < b and a < t.end for t in mentions):
            continue
        key = key_of(m.group("name"))
        if is_generic(key):
            continue   # "Centre-Nord" is a division's whole name, not the centre of "Nord"
        found = _only_division(gz, key, focus)
        if found is None:
            continue
        division = gz.places[found]
        name = f"{m.group('compass')} {m.group('name')}"
        place = _text_place(name, "region", division.country, division.lat, division.lon, salt=division.country)
        out.append(Mention(place, a, b, m.group(0), True))
    return out


def _division_lists(text: str, mentions: list[Mention], gz: Gazetteer, r: _Rules,
                    focus: set[str]) -> list[Mention]:
    """Divisions named under one division word said once: "the two provinces, Northwest and
    Southwest", "dans la province d'Idleb et dans celle d'Alep".

    Each name of the list is the first-level division of that name in the article's
    countries, when exactly one has it; a town of that name found there ("Alep") gives
    way to its division, since the word before the list says which is meant.
    """
    out: list[Mention] = []
    for m in (m for pattern in r.division_lists for m in pattern.finditer(text)):
        a0, b0 = m.span("names")
        for name in _CUED_NAME_RE.finditer(text, a0, b0):
            a, b = name.span()
            if fold(name.group(0)) in r.and_words:
                continue
            there = [t for t in mentions if t.start < b and a < t.end]
            if any(t.place.kind in ("admin1", "country") for t in there):
                continue   # named as a division already ("the provinces of Idlib and Hama")
            key = key_of(name.group(0))
            isos = {t.place.country for t in there} or focus
            found = _only_division(gz, key, isos)
            if found is not None:
                for t in there:
                    mentions.remove(t)
                out.append(Mention(gz.places[found], a, b, name.group(0), True))
    return out


def _namesakes_placed(text: str, mentions: list[Mention], gz: Gazetteer, r: _Rules) -> list[Mention]:
    """Towns the text puts in a country: "Valencia in northern Venezuela", "Kunduz, Afghanistan".

    A town resolved to another country than the one named right after it is a
    namesake: the same name in that country replaces it, and without one the
    mention goes (a wrong continent is worse than no point).
    """
    if r.in_country is None:
        return mentions
    placed: dict[str, Place | None] = {}   # name -> the place the text put it in (None: none we know)
    for k, m in enumerate(mentions[:-1]):
        nxt = mentions[k + 1]
        if (m.place.kind == "city" and nxt.place.kind == "country" and not m.dateline
                and nxt.place.country != m.place.country and r.in_country.fullmatch(text, m.end, nxt.start)):
            inside = [gz.places[i] for i in gz.index.get(key_of(m.surface), ())
                      if gz.places[i].country == nxt.place.country and gz.places[i].kind != "country"]
            placed[key_of(m.surface)] = max(inside, key=lambda p: p.population, default=None)
    if not placed:
        return mentions
    # one name, one place in a story: its other mentions follow the one the text located
    out = []
    for m in mentions:
        key = key_of(m.surface)
        if key in placed and m.place.kind == "city":
            if placed[key] is None:
                continue
            m = replace(m, place=placed[key])
        out.append(m)
    return out


def _fuzzy_ok(ids: list[int], toks, i: int, n: int, text: str, s: int, focus: set[str], r: _Rules) -> bool:
    """Whether a name found only through its transliteration skeleton may stand.

    A spelling the gazetteer lacks is a place only in a country the article is
    about, never as part of a longer capitalised name ("Tel Mennis" is not Tall),
    and a single word needs a locative cue before it ("à Maaret Hourma", not "There").
    """
    gz = gazetteer()
    ids[:] = [j for j in ids if gz.places[j].country in focus]
    if not ids:
        return False
    prev_glued = i > 0 and _capitalised(toks[i - 1][2]) and not _after_break(text, s, ".!?«»:;,(\"\n")
    next_glued = i + n < len(toks) and _capitalised(toks[i + n][2]) and not _after_break(
        text, toks[i + n][0], ",;(.!?:»«\"\n")
    if prev_glued or next_glued:
        return False
    return n > 1 or r.locative.search(text[max(0, s - 25):s]) is not None


_ACRONYM = re.compile(r"[A-Z](?:\.?[A-Z])+\.?")


def _adjectival_acronym(surface: str, text: str, end: int, toks, after: int, r: _Rules) -> bool:
    """"the US military", "UK officials": a country's acronym right before a word other than
    a function word qualifies that word; it names no place ("backed by the US." does)."""
    if not _ACRONYM.fullmatch(surface) or after >= len(toks):
        return False
    start, _end, nxt = toks[after]
    gap = text[end:start]
    if nxt.lower() in r.and_words and after + 1 < len(toks) and fold(toks[after + 1][2]) in nationalities():
        return True   # "US and British strikes": two adjectives of one noun
    if not nxt.isalpha() or nxt.lower() in r.acronym_followers or gap.strip(".") != " ":
        return False
    # "the U.S. military" but "backed by the US. Washington...": after a full stop, lower case only
    return "." not in gap or nxt[:1].islower()


def _same_name_divisions(text: str, mentions: list[Mention], gz: Gazetteer, r: _Rules) -> list[Mention]:
    """"Tartous et la province du même nom": the division named after the place just before it."""
    out = []
    for m in r.same_name_division.finditer(text):
        before = [x for x in mentions if x.end <= m.start() and not _SENTENCE_END.search(text, x.end, m.start())]
        if not before:
            continue
        place = before[-1].place
        pid = gz.admin1_by_base.get((place.country, key_of(place.name)))
        if pid is not None and gz.places[pid].kind == "admin1":
            out.append(Mention(gz.places[pid], m.start(), m.end(), m.group(0), True))
    return out


def _literal_lists(mentions: list[Mention], text: str, r: _Rules) -> None:
    """A country or capital listed right after a literal one is literal too: "in both Syria
    and Iraq", "from South Africa, the UK and other countries"."""
    for prev, m in zip(mentions, mentions[1:], strict=False):   # each mention with the one before
        if not m.literal and prev.literal and not prev.dateline \
                and (m.place.kind == "country") == (prev.place.kind == "country") \
                and r.list_gap.fullmatch(text, prev.end, m.start):
            m.literal = True


def _plural_admin1_follows(raw, k: int, text: str, r: _Rules) -> bool:
    """'Jawf and Marib provinces', 'the Donetsk, Luhansk and Kherson regions': a name in a list
    joined by commas and 'and' that ends on a plural 'provinces'."""
    if r.admin1_suffix is None:
        return False
    for j in range(k, min(k + 8, len(raw) - 1)):
        (_s, e, _surf, _ids), *_ = raw[j]
        (s2, e2, _surf2, _ids2), *_ = raw[j + 1]
        if r.and_gap.fullmatch(text, e, s2) is None:
            return False
        m = r.admin1_suffix.match(text, e2)
        if m:
            return bool(m.group("plural"))
    return False


def _plausible(place: Place, toks, i: int, n: int, text: str, s: int, focus: set[str], r: _Rules,
               suffixed: bool = False, local: dict | None = None) -> bool:
    """Reject names that are likely people, organisations or noise.

    `suffixed`: a division word follows ("Tigray Region"), which makes the name no person's.
    `local`: the countries in `focus` that the text never names, by name or adjective, each
    with the places of it that the text does name.
    """
    prev_tok = toks[i - 1][2] if i > 0 else ""
    next_tok = toks[i + n][2] if i + n < len(toks) and not suffixed else ""
    sentence_start = i == 0 or _after_break(text, s, ".!?«»:\n")
    end = toks[i + n - 1][1]
    if r.person_after.match(text, end):
        return False   # "Georgia herself said"
    if place.curated or place.kind == "country":
        # "Jordan Peterson", "Sam Gallagher", "the Kyiv Independent": a capitalised word glued
        # after it makes a person's or a title's name (a weekday or a month does not)
        if (n == 1 and _capitalised(next_tok) and fold(next_tok) not in r.time_words
                and fold(next_tok) not in r.titles_after
                and not _after_break(text, toks[i + n][0], ",;()/.!?:»«\"\n-–—|")):
            return False
        # "François Hollande", "Michael Jordan": a first name before it makes a person
        return n > 1 or not (_capitalised(prev_tok) and not sentence_start
                             and fold(prev_tok) not in r.place_prefixes and fold(prev_tok) not in r.not_places
                             and not r.locative.search(prev_tok)
                             and not _after_break(text, s, ",;(/|–—"))
    # part of a longer capitalised name ("John Kerry", "Kerry Lavrov") -> a person or org
    glued_before = (_capitalised(prev_tok) and not sentence_start and not _after_break(text, s, ",;()/|–—")
                    and fold(prev_tok) not in r.division_titles
                    and not r.locative.search(prev_tok))   # "In Dnipro", "À Goma" open a sentence
    glued_after = (_capitalised(next_tok) and fold(next_tok) not in r.titles_after
                   and not _after_break(text, toks[i + n][0], ",;()/.!?:»«\"\n|–—-"))
    if glued_before or glued_after:
        return False
    if _person_title().search(text[max(0, s - 15):s]):
        return False
    if suffixed and place.kind in ("admin1", "region", "district"):
        return True   # "Kalo district": the division word vouches for a name of any size
    locative = r.locative.search(text[max(0, s - 25):s]) is not None
    if r.capitalised_nouns and n == 1 and not locative:
        return False   # German "Alpen", "Bad": every noun has a capital, so a capital proves nothing
    own_name = _own_name(place, text[s:toks[i + n - 1][1]], r.lang)
    if sentence_start and not own_name and not locative and not (place.capital or place.population >= EXONYM_CITY):
        return False   # "More than 500…" is no Mora; "Tbilissi a dénoncé…" is Tbilisi
    if local and place.country in local and not own_name and _far_alias(place, local[place.country]):
        return False
    if place.country in focus or (locative and place.population == 0):
        # population 0 is "unknown" in GeoNames; only the deep-coverage countries have such rows
        return place.population >= 1000 or locative
    if sentence_start and not locative and not place.capital:
        return False
    if place.country in conflict_countries() and _near_focus(place, focus):
        # a town of a war the gazetteer covers, in a story about that war's country or its borderland
        # ("Russian troops took Chasiv Yar", "Israeli strikes on Khan Younis") or naming no country
        return place.population >= 1000 and (locative or own_name or place.population >= 15_000)
    if (focus and not own_name and place.country not in focus
            and not (place.capital or place.population >= EXONYM_CITY)):
        # an alternate name of a town outside the article's countries: GeoNames lists "Bardo"
        # for Bordeaux and "Hamas" for Hamm; the press uses exonyms for big cities only
        return False
    if _far_from_focus(place, focus, gazetteer()) and not (place.capital or place.population >= WORLD_CITY):
        # a namesake in another region needs more than a matching word: Borna (Germany) for
        # "Borno" in a story about Nigeria, Hamm for "Hamas" in one about Gaza
        return locative and place.population >= 100_000 and own_name
    return place.population >= 100_000 or (locative and place.population >= 15_000)


def _own_name(place: Place, surface: str, lang: str) -> bool:
    """The text calls the place by its own name: its main name, or its name in the text's
    language ("Soumy" for Sumy in French), not one of the alternate names GeoNames gathers
    from every language and century."""
    key = own_key(surface)
    return key == own_key(place.name) or (lang == "fr" and gazetteer().french_keys.get(place.pid) == key)


def _far_alias(place: Place, named: list[Place]) -> bool:
    """A town read under an alias, far from every place that brought its country into focus.

    A country the text never names is in focus only around the places it does name
    ("the occupied Golan Heights" in a story about south Lebanon does not make a Syrian
    town 200 km away, which GeoNames also calls "Houla", the village meant); near them
    ("Koupiansk, dans la région de Kharkiv") an alias stands. Capitals and big cities
    have exonyms of their own and always stand.
    """
    if place.capital or place.population >= EXONYM_CITY:
        return False
    return all(km(place.lat, place.lon, p.lat, p.lon) > CUED_NEAR_KM for p in named)


_NEXT_WORD = re.compile(r"\s+(\w+)")


@cache
def _person_title() -> re.Pattern:
    titles = langdata.either(r"\b" + t for t in langdata.union("places", "person_titles_re"))
    return re.compile(rf"(?:{titles})\s*$")


def _literal(place: Place, text: str, s: int, e: int, r: _Rules) -> bool:
    """Capitals and countries are literal only where the text puts something in them."""
    if place.kind not in ("country", "city") or (place.kind == "city" and not place.capital):
        return True
    before = text[max(0, s - 40):s]
    if r.literal_strong.search(before):
        return True
    title = _NEXT_WORD.match(text, e)
    if title and fold(title.group(1)) in r.titles_after:
        return True   # "Kyiv Mayor X said": the city's own officer speaks for the city, not a state
    if r.literal_before.search(before) and not r.meto_before.search(before):
        return True   # "who control Sanaa blamed...": the verb after is someone else's
    if r.meto_before.search(before) or r.meto_after.search(text[e:e + 60]):
        return False
    if r.literal_after is not None and r.literal_after.match(text[e:e + 40]):
        return True
    return r.locative.search(before) is not None or r.literal_before.search(before) is not None


def _capital_phrases(text: str, gz: Gazetteer, r: _Rules, mentions: list[Mention]) -> list[Mention]:
    """The capital a phrase names: "la capitale soudanaise", "the Sudanese capital" (by the
    nationality adjective), "Afghanistan's capital", "la capitale de l'Afghanistan" (by the
    country, whose own mention stays: the capital's mention is the word "capital").

    A city of that country set in apposition after the phrase is the capital meant ("la
    capitale burundaise, Bujumbura", written before the seat moved to Gitega): the phrase
    then adds no mention of its own, and the city is a place (literal).
    """
    out = []
    towns = {t.start: t for t in mentions if t.place.kind == "city"}
    for m in r.capital_phrase.finditer(text):
        iso = nationalities().get(fold(m.group("adj")))   # "la capitale soudanaise": Sudan's capital
        pid = gz.capitals.get(iso) if iso else None
        comma = _COMMA.match(text, m.end())
        named = towns.get(comma.end()) if comma else None
        if named is not None and named.place.country == iso:
            named.literal = True   # "the capital, X": the city as a place, as "the capital X" is
            continue
        if pid is not None:
            before = text[max(0, m.start() - 30):m.start()]
            out.append(Mention(gz.places[pid], m.start(), m.end(), m.group(0),
                               r.locative.search(before) is not None))
    for m in (r.capital_of.finditer(text) if r.capital_of else ()):
        country = _country_named(m.group("country"), gz)
        pid = gz.capitals.get(country.country) if country is not None else None
        if pid is not None:   # a place where things happen, unless it speaks ("the capital has denied")
            a, b = m.span("word")
            out.append(Mention(gz.places[pid], a, b, m.group("word"), not r.meto_after.search(text[m.end():m.end() + 60])))
    return out


def _country_named(words: str, gz: Gazetteer) -> Place | None:
    """The country the longest opening of `words` names: "Soudan du Sud" before "Soudan"
    ("la capitale du Soudan du Sud" is Juba), "Syrie" in "Syrie Bachar"."""
    parts = words.split(" ")
    for n in range(len(parts), 0, -1):
        ids = [i for i in gz.index.get(key_of(" ".join(parts[:n])), ()) if gz.places[i].kind == "country"]
        if ids:
            return _choose(ids, gz, set(), "country")
    return None


SITE_CITY_GAP = 80   # characters between a site and the city it is in ("Al-Shifa Hospital in Gaza")
_SENTENCE_END = re.compile(r"[.!?\n]")


def _sites(text: str, mentions: list[Mention], r: _Rules, focus: set[str]) -> list[Mention]:
    """Named sites: hospitals, mosques, airports, hotels, markets, camps…

    A site is a place of its own ("Al-Shifa Hospital", "Kramatorsk railway
    station", "l'aéroport de Damas") at the coordinates of the city it is in:
    a city named just after it ("Al-Quds Hospital in Gaza City": the name
    inside is the hospital's, not a mention of Jerusalem), else the city its
    name is when that city is in the article's countries ("Damascus Airport"),
    else the nearest city named before it in the sentence, else a territory named
    in the sentence ("le plus grand hôpital de Gaza"), else the city the article
    names most. Mentions inside a site's name that are not its city
    are removed from `mentions`.
    """
    out = []
    # the dateline's city is where the story was filed, not where its sites are
    towns = [m for m in mentions if m.place.kind in ("city", "district") and m.literal and not m.dateline]
    # a territory named in the site's sentence, when no town is: "le plus grand hôpital de Gaza"
    areas = [m for m in mentions if m.place.kind == "region" and m.place.country and m.literal and not m.dateline]
    for m in r.site.finditer(text):
        kind = r.site_kinds.get(re.sub(r"\s+", " ", m.group("kind").lower()))
        if kind is None:
            continue
        a, b = m.span("name")
        # "The Yarmouk camp", "One hospital", "A square": such words are no part of a name
        while a < b and (w := re.match(r"\S+", text[a:b])) and w.group(0) in r.site_stopwords:
            a = min(b, a + w.end() + 1)   # "One hospital", "A square": no name at all
        inner = [t for t in mentions if t.start < b and a < t.end]   # mentions overlapping the name
        if a >= b or any(t.place.kind in ("district", "site") for t in inner):
            continue   # nothing left of the name, or the gazetteer knows the place ("Yarmouk" camp)
        named = next((t for t in inner if t.start == a and t.end == b and t in towns
                      and (not focus or t.place.country in focus)), None)
        lead = None
        if named is None and not inner:
            named = _site_city(text[a:b], a, b, focus)   # "Kabul International Airport": glued, so unread
            lead = None if named else _leading_city(text, a, b, focus)   # "the Mariupol Drama Theatre"
        elif named is None:   # "the Kharkiv Regional Hospital": the town read at the name's start
            lead = next((t for t in inner if t.start == a and t in towns), None)
        city = (_nearest_town(text, towns, m.start(), m.end(), before=False) or named or lead
                or _nearest_town(text, towns, m.start(), m.end(), before=True)
                or _nearest_town(text, areas, m.start(), m.end(), before=False)
                or _nearest_town(text, areas, m.start(), m.end(), before=True) or _main_town(towns, inner))
        if city is None:
            continue
        if city is not named:
            for t in inner:   # "Al-Quds" in "Al-Quds Hospital in Gaza" names the hospital
                if t in mentions and t is not city:
                    mentions.remove(t)
        name = f"{city.place.name if city is named else text[a:b]} {kind}"
        lat, lon = city.place.lat, city.place.lon
        after_city = city is named or key_of(text[a:b]) in (key_of(city.place.name), key_of(city.surface))
        airport = airport_of(city.place, text[a:b]) if after_city and "Airport" in kind else None
        if airport is not None:   # an airport lies outside its city: its own name and point
            name, lat, lon = airport.name, airport.lat, airport.lon
        place = _text_place(name, "site", city.place.country, lat, lon)
        out.append(Mention(place, m.start(), m.end(), m.group(0), True, site=True))
    return out


def _sites_in_towns(text: str, mentions: list[Mention], r: _Rules) -> list[Mention]:
    """Sites named by their kind and their town: "the railway station in Kramatorsk", "le
    théâtre dramatique de Marioupol" are "Kramatorsk Railway Station" and "Mariupol Theatre",
    at the town. The town must be a town the article names there; a site already read at
    that spot ("Kramatorsk Railway Station", "la gare de Kramatorsk") is not read twice."""
    if r.site_in_town is None:
        return []
    towns = {m.start: m for m in mentions if m.place.kind == "city" and not m.site}
    out = []
    for m in r.site_in_town.finditer(text):
        town = towns.get(m.start("town"))
        kind = r.site_kinds.get(re.sub(r"\s+", " ", m.group("kind").lower()))
        if (town is None or kind in (None, "Camp")   # "the Jabalia camp" is the town-camp itself
                or any(t.site and t.start < m.end() and m.start() < t.end for t in mentions)):
            continue
        name = f"{town.place.name} {kind}"
        place = _text_place(name, "site", town.place.country, town.place.lat, town.place.lon)
        out.append(Mention(place, m.start("kind"), m.end("kind"), m.group("kind"), True, site=True))
    return out


CUED_ANCHOR_GAP = 150   # characters between a cued place and the known place that locates it
CUED_NEAR_KM = 150      # a gazetteer place of the cued name this close to the anchor is the one meant


@cache
def _admin1_named() -> dict[str, list[int]]:
    """Base name -> the divisions of every country that bear it (admin1_by_base is keyed by country)."""
    out: dict[str, list[int]] = {}
    for (_country, base), pid in gazetteer().admin1_by_base.items():
        out.setdefault(base, []).append(pid)
    return out


def _cued_places(text: str, mentions: list[Mention], gz: Gazetteer, r: _Rules, focus: set[str]) -> list[Mention]:
    """Places the text says are places ("the village of X", "X district", "X, une banlieue de Y").

    The words around a name vouch for it when the gazetteer's filters did not:
    a small town of the gazetteer that the plausibility rules turned down, or a
    village or quarter that no source lists. The place is located by the nearest
    known place of its sentence (its anchor: "the Darnytskyi district of Kyiv",
    "Karrada, un quartier de Bagdad"): a gazetteer place of that name near the
    anchor is taken as it is; a name the gazetteer lacks becomes a row of its own
    at the anchor's coordinates, as a site does. Without an anchor below the
    country level nothing is said, rather than a point the text does not give.
    """
    out: list[Mention] = []
    anchors = [m for m in mentions if m.literal and not m.dateline and not m.site
               and m.place.kind in ("city", "district", "admin1", "region") and m.place.country]
    # outside its sentence, a cued place is only located by a place of the countries the article
    # is about (a village after "the talks in Geneva" is not Swiss)
    context = _context_anchors(mentions, anchors)
    main = main_mention(context, country=False)
    for m in (m for pattern, cue in r.cued if cue is None or cue.search(text) for m in pattern.finditer(text)):
        word = fold(m.group("word"))
        a, b = m.span("name")
        a, b = _trim_name(text, a, b, r)
        if a >= b or fold(text[a:b]) in nationalities() or any(t.start < b and a < t.end for t in (*mentions, *out)):
            continue   # nothing left of the name, an adjective ("Shiite district"), or a place found already
        anchor = (_nearest_town(text, anchors, a, b, before=False, gap=CUED_ANCHOR_GAP)
                  or _nearest_town(text, anchors, a, b, before=True, gap=CUED_ANCHOR_GAP)
                  or _previous_anchor(context, a) or main)
        place = _cued_in_gazetteer(text[a:b], anchor, gz, focus)
        if place is None and anchor is not None:   # "the village of Al-Tamani" ... "the village of Tamani"
            place = _named_already(text[a:b], out, anchor)
        if place is None and anchor is not None:
            kind = r.cued_kinds.get(word, "city")
            place = _text_place(text[a:b], kind, anchor.place.country, anchor.place.lat, anchor.place.lon,
                                salt=anchor.place.country)
        if place is not None:
            out.append(Mention(place, a, b, text[a:b], True))
    return out


def _named_already(name: str, cued: list[Mention], anchor: Mention) -> Place | None:
    """A village cued earlier under this name, with or without its article ("Al-Tamani" ...
    "Tamani"), in the anchor's country and near it: the same village, not a namesake."""
    return next((t.place for t in cued if own_key(t.surface) == own_key(name)
                 and t.place.country == anchor.place.country
                 and km(t.place.lat, t.place.lon, anchor.place.lat, anchor.place.lon) <= CUED_NEAR_KM), None)


def _context_anchors(mentions: list[Mention], anchors: list[Mention]) -> list[Mention]:
    """The known places that may locate a cued place outside its own sentence.

    Those of the article's main country; when the article names that country but no
    place in it (a story about an attack in Burkina Faso that cites Mali more often),
    those of the other countries it names as places. Never a place of a country the
    article does not name as a place: a village after "the talks in Geneva" is not Swiss.
    """
    home = main_mention(mentions, country=True)
    named = {m.place.country for m in mentions if m.place.kind == "country"}
    if home is None:
        return [m for m in anchors if not named or m.place.country in named]
    mine = [m for m in anchors if m.place.country == home.place.country]
    if mine:
        return mine
    literal = {m.place.country for m in mentions if m.place.kind == "country" and m.literal}
    return [m for m in anchors if m.place.country in literal]


CUED_CONTEXT_GAP = 400   # a place named this far before, in an earlier sentence, still locates a cued one


def _previous_anchor(anchors: list[Mention], start: int) -> Mention | None:
    """The last known place named shortly before, when the cued place's sentence names none."""
    return max((t for t in anchors if 0 <= start - t.end <= CUED_CONTEXT_GAP), key=lambda t: t.end, default=None)


def _trim_name(text: str, a: int, b: int, r: _Rules) -> tuple[int, int]:
    """The name without a trailing weekday, month or word that is never a place ("Qubeir Monday"),
    nor a leading adjective of faith or nation ("Shiite Karrada")."""
    words = list(re.finditer(r"\S+", text[a:b]))
    while words and (fold(words[-1].group(0)) in r.time_words or fold(words[-1].group(0)) in r.not_places):
        words.pop()
    # "the Shiite Karrada district", "the Kurdish Sheikh Maqsoud district": the adjective describes
    while len(words) > 1 and (fold(words[0].group(0)) in r.name_adjectives or fold(words[0].group(0)) in nationalities()):
        words.pop(0)
    if not words or fold(words[0].group(0)) in r.not_places:
        return a, a
    return a + words[0].start(), a + words[-1].end()


def _cued_in_gazetteer(name: str, anchor: Mention | None, gz: Gazetteer, focus: set[str]) -> Place | None:
    """The gazetteer's place of this name near the anchor, else the only one in the article's countries."""
    ids = gz.index.get(key_of(name), ())
    options = [gz.places[i] for i in ids if gz.places[i].kind in ("city", "district", "region")]
    if anchor is not None:
        # across a border only under its own name: GeoNames also calls a Syrian town "Houla",
        # which a Lebanese village of that name near the border is not
        near = [p for p in options if km(p.lat, p.lon, anchor.place.lat, anchor.place.lon) <= CUED_NEAR_KM
                and (p.country == anchor.place.country or own_key(p.name) == own_key(name))]
        return max(near, key=lambda p: p.population, default=None)
    inside = [p for p in options if p.country in focus]
    return inside[0] if len(inside) == 1 else None


def _adjective_sites(text: str, mentions: list[Mention], gz: Gazetteer, r: _Rules) -> list[Mention]:
    """Sites named by a nationality adjective after their noun: "l'ambassade américaine à Bagdad"
    is the United States Embassy, at the city named just after it."""
    if r.adjective_site is None:
        return []
    out = []
    towns = [m for m in mentions if m.place.kind in ("city", "district") and m.literal and not m.dateline]
    for m in r.adjective_site.finditer(text):
        iso = nationalities().get(fold(m.group("adj")))
        kind = r.site_kinds.get(m.group("kind").lower())
        city = _nearest_town(text, towns, m.start(), m.end(), before=False) if iso and kind else None
        if city is None or iso not in gz.countries:
            continue
        name = f"{gz.places[gz.countries[iso]].name} {kind}"
        place = _text_place(name, "site", city.place.country, city.place.lat, city.place.lon, salt=city.place.name)
        out.append(Mention(place, m.start(), m.end(), m.group(0), True, site=True))
    return out


def _site_city(name: str, a: int, b: int, focus: set[str]) -> Mention | None:
    """The city a site is named after, when the name was left unread as part of a longer one."""
    gz = gazetteer()
    ids = [i for i in gz.index.get(key_of(name), ()) if gz.places[i].kind == "city"]
    place = _choose(ids, gz, focus, "city", key_of(name)) if ids else None
    if place is None or not (place.capital or place.population >= 100_000 or place.country in focus):
        return None
    return Mention(place, a, b, name, True)


def _leading_city(text: str, a: int, b: int, focus: set[str]) -> Mention | None:
    """The city the first words of a site's name are ("Mariupol" of "Mariupol Drama Theatre"):
    glued to the rest of the name, it was left unread, and it says where the site is."""
    words = list(re.finditer(r"\S+", text[a:b]))
    for k in range(len(words) - 1, 0, -1):
        city = _site_city(text[a:a + words[k - 1].end()], a, a + words[k - 1].end(), focus)
        if city is not None:
            return city
    return None


def _main_town(towns: list[Mention], exclude: list[Mention]) -> Mention | None:
    """The city the article names most (first on ties), outside a site's own name."""
    counts: dict[int, list[Mention]] = {}
    for t in towns:
        if t not in exclude and t.place.kind == "city":
            counts.setdefault(t.place.pid, []).append(t)
    return max(counts.values(), key=len)[0] if counts else None


def _nearest_town(text: str, towns: list[Mention], start: int, end: int, before: bool,
                  gap: int = SITE_CITY_GAP) -> Mention | None:
    """The place of `towns` named closest after [start, end) (or before it) in the same sentence."""
    if before:
        near = [t for t in towns if 0 <= start - t.end <= gap
                and not _SENTENCE_END.search(text, t.end, start)]
        return max(near, key=lambda t: t.end, default=None)
    near = [t for t in towns if 0 <= t.start - end <= gap
            and not _SENTENCE_END.search(text, end, t.start)]
    return min(near, key=lambda t: t.start, default=None)


def _where_adjectives(text: str, gz: Gazetteer, r: _Rules) -> list[Mention]:
    """Countries named by an adjective that says where a place is.

    "la ville syrienne de Palmyre", "the northern Ukrainian city of Chernihiv",
    "la capitale soudanaise": the adjective locates the place in a country, so
    the country is a (literal) place of the article. A nationality adjective on
    its own ("le régime syrien") says who, not where, and is no mention.
    """
    out = []
    nat = nationalities()
    for m in r.where_adjective.finditer(text):
        iso = nat.get(fold(m.group("adj")))
        pid = gz.countries.get(iso) if iso else None
        if pid is not None:
            a, b = m.span("adj")
            out.append(Mention(gz.places[pid], a, b, m.group("adj"), True))
    return out


def _locative_adjectives(text: str, gz: Gazetteer, r: _Rules) -> list[Mention]:
    out = []
    if not any(fold(w) in r.locative_adjectives for w in set(_COMPOUND.findall(text))):
        return out   # the usual case, found without walking the text twice
    for m in _COMPOUND.finditer(text):
        name = r.locative_adjectives.get(fold(m.group(0)))
        if name:
            ids = gz.index.get(key_of(name))
            if ids:
                p = _choose(ids, gz, set(), "city")
                out.append(Mention(p, m.start(), m.end(), m.group(0), True))
    return out


def mentions_between(mentions: list[Mention], starts: list[int], a: int, b: int) -> list[Mention]:
    """The mentions starting in [a, b) of a start-sorted list (`starts` = their starts).

    Extractors look at one sentence's places at a time; slicing instead of
    filtering the whole list keeps a long article linear.
    """
    return mentions[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)]


def _after_break(text: str, pos: int, marks: str) -> bool:
    """True when the last non-space character before `pos` is one of `marks`
    (a newline in `marks` also matches a line break among those spaces).

    Looks back only over the spaces, where a `[marks]\\s*$` search over
    `text[:pos]` copied and scanned the whole prefix for every name.
    """
    j = pos
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if "\n" in marks and "\n" in text[j:pos]:
        return True
    return j > 0 and text[j - 1] in marks


def main_mention(mentions: list[Mention], country: bool) -> Mention | None:
    """The article's main country (or main non-country place): most literal mentions, first on ties."""
    counts: dict[int, list[Mention]] = {}
    body = [m for m in mentions if not m.dateline and not m.site] or mentions
    for m in body:
        if m.literal and (m.place.kind == "country") == country:
            counts.setdefault(m.place.pid, []).append(m)
    if not counts:
        return None
    return max(counts.values(), key=lambda ms: (len(ms), -ms[0].start))[0]


def home_country(mentions: list[Mention]) -> str | None:
    """The country most of the article's literal mentions are in, its own name or its places'
    (first named on ties): the country of a Darfur story that names Chad more often than
    Sudan, but whose towns (El Geneina, Nyala, Zalingei) all lie in Sudan."""
    counts: dict[str, int] = {}
    for m in [m for m in mentions if not m.dateline and not m.site] or mentions:
        if m.literal and m.place.country:
            counts[m.place.country] = counts.get(m.place.country, 0) + 1
    return max(counts, key=counts.get) if counts else None


@component("places", requires=("norm", "lang", "dateline"), assigns=("mentions", "main_place", "main_country"))
def places_step(doc) -> None:
    """The article's place mentions, and its main country and place (where unplaced counts go)."""
    doc.mentions = geoparse(doc.norm, doc.lang, dateline_places=doc.dateline[0])
    doc.main_country = main_mention(doc.mentions, country=True)
    doc.main_place = main_mention(doc.mentions, country=False) or doc.main_country
