"""The shipped gazetteer: place names of the world in French and English, resolved to coordinates.

The gazetteer joins GeoNames (countries, cities, first- and second-level
divisions, continents; built by scripts/build_gazetteer.py), country names from
babel's CLDR data in both languages, and a curated file of exonyms,
governorates, regions, districts and camps (data/gazetteer/curated.csv). It
lives outside the extraction package: the briefing notebooks and
`wirebrief.report` look names up and measure distances without importing the
extractors.

Loading is built for a quarter of a million places: the index keys of the
generated names are computed by the build (the `keys` columns), so the loader
folds no name of its own beyond the few thousand hand-made and division rows,
and places are kept in columns, each `Place` object made the first time it is
asked for.
"""
from __future__ import annotations

import csv
import gc
import gzip
import hashlib
import json
import math
import re
import unicodedata
import warnings
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from . import lang as langdata
from .config import GAZETTEER_DIR

KIND_RANK = {"site": 0, "district": 1, "city": 2, "region": 3, "admin1": 4, "country": 5}

# Words that alone name no particular place: a division called "Centre", "Nord-Ouest"
# or "Far North" is found through its full name ("Centre Region", "région du Nord"),
# never from the bare words (a type word such as "Region" is not among them).
GENERIC_WORDS = frozenset("""
north south east west northern southern eastern western central centre center middle mid far upper lower
northeast northwest southeast southwest nord sud est ouest centrale extreme haut haute bas basse grand grande
moyen moyenne
oriental orientale occidental occidentale septentrional meridional
capital city town
lake lac lakes coast coastal littoral island islands iles ile plateau plateaux highlands lowlands
mountain mountains valley river delta sahel savanes savannah maritime interior
the of and de du des la le les el al
""".split())


@lru_cache(maxsize=200_000)
def fold(s: str) -> str:
    """Lowercase without accents, for matching names written either way.

    Memoised: the geoparser folds every capitalised token several times per
    article and the vocabulary of a news corpus is small.
    """
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Place:
    pid: int
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    population: int = 0
    curated: bool = False
    capital: bool = False


class PlaceTable(Sequence):
    """The gazetteer's places, kept in columns; `table[pid]` makes the `Place` on first use.

    A quarter of a million frozen dataclasses would cost half a second to make and
    ~60 MB to keep; an article asks for a few dozen of them.
    """

    _CURATED, _CAPITAL = 1, 2

    def __init__(self) -> None:
        self.name: list[str] = []
        self.kind: list[str] = []
        self.country: list[str] = []
        self.lat = array("d")
        self.lon = array("d")
        self.population = array("q")
        self.flags = bytearray()
        self._made: dict[int, Place] = {}

    def __len__(self) -> int:
        return len(self.name)

    def __getitem__(self, i):
        p = self._made.get(i)
        if p is not None:
            return p
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        f = self.flags[i]
        p = Place(i, self.name[i], self.kind[i], self.country[i], self.lat[i], self.lon[i],
                  self.population[i], bool(f & self._CURATED), bool(f & self._CAPITAL))
        self._made[i] = p
        return p

    def row(self, name: str, kind: str, country: str, lat: float, lon: float, population: int = 0,
            curated: bool = False, capital: bool = False) -> int:
        """Append a place without making its object; returns its pid."""
        self.name.append(name)
        self.kind.append(kind)
        self.country.append(country)
        self.lat.append(lat)
        self.lon.append(lon)
        self.population.append(population)
        self.flags.append(self._CURATED * curated | self._CAPITAL * capital)
        return len(self.name) - 1

    def append(self, place: Place) -> None:
        pid = self.row(place.name, place.kind, place.country, place.lat, place.lon, place.population,
                       place.curated, place.capital)
        if pid != place.pid:
            raise ValueError(f"place {place.name!r} has pid {place.pid}, the table's next is {pid}")
        self._made[pid] = place

    def set_capital(self, pid: int, capital: bool) -> None:
        """Mark or unmark a capital (only before the place's object is made)."""
        if pid in self._made:
            raise RuntimeError("the place's object exists already")
        self.flags[pid] = self.flags[pid] & ~self._CAPITAL | self._CAPITAL * capital


@dataclass
class Gazetteer:
    places: PlaceTable = field(default_factory=PlaceTable)
    index: dict[str, list[int]] = field(default_factory=dict)
    admin1_by_base: dict[tuple[str, str], int] = field(default_factory=dict)
    capitals: dict[str, int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)
    max_tokens: int = 1
    # every word-prefix of an indexed key: lets the longest-match search stop
    # at the first token that no name continues with
    prefixes: set[str] = field(default_factory=set)
    # pid -> the key of a city's French name ("soumy" for Sumy), where it has one
    french_keys: dict[int, str] = field(default_factory=dict)

    def add(self, place: Place, names) -> None:
        if place.pid == len(self.places):
            self.places.append(place)
        self.add_keys(place.pid, (key_of(n) for n in names))

    def add_keys(self, pid: int, keys) -> None:
        """Index a place under keys already made by key_of."""
        for key in keys:
            if key:
                ids = self.index.setdefault(key, [])
                if pid not in ids:
                    ids.append(pid)
                words = key.split(" ")
                for k in range(1, len(words) + 1):
                    self.prefixes.add(" ".join(words[:k]))
                self.max_tokens = min(6, max(self.max_tokens, len(words)))


_APOSTROPHES = re.compile(r"['’‘ʿʾ`´]")
_COMPASS = re.compile(r"\b(north|south)(east|west)")


@lru_cache(maxsize=200_000)
def key_of(name: str) -> str:
    """Index key: folded, apostrophes dropped, hyphens and dots as spaces, single-spaced.

    Apostrophes and ayn marks join what they stand between, since the press
    writes "Mekele", "Bir al-Abd" and "Maarrat" where GeoNames writes "Mek'ele",
    "Bi'r al 'Abd" and "Ma'arrat"; "Northwest" is "North-West".
    """
    key = _COMPASS.sub(r"\1 \2", _APOSTROPHES.sub("", fold(name)))
    return " ".join(re.split(r"[\s\-.]+", key)).strip()


# strings whose keys show what key_of does with separators, case, accents and ligatures
_KEY_PROBES = ("Al-Bab", "Saint-Jean-d'Acre", "Ma’rib", "N'Djaména", "Dayr az Zawr", "St. Petersburg",
               "  Deir   ez-Zor ", "ÆBLE Œuvre", "Straße", "Ḩalab", "İstanbul", "Kyïv", "Ghouta (East)",
               "Lyon, France", "a/b", "x_y", "ʿAyn al-ʿArab", "Guinée-Bissau")


def keys_fingerprint(chars: str) -> str:
    """A hash of what key_of makes of the probes and of each of `chars` between two letters.

    The build records it with the characters of the names it indexed; when key_of
    changes what it does to any of them, the shipped keys are stale.
    """
    h = hashlib.sha256()
    for s in (*_KEY_PROBES, *(f"X{c}y" for c in chars)):
        h.update(key_of.__wrapped__(s).encode("utf-8", "surrogatepass") + b"\x00")
    return h.hexdigest()[:16]


# ---------------------------------------------------------------- divisions' bare names

_DIVISION_SUFFIX = re.compile(
    r"\s+(?:state|region|regional state|province|governorate|oblast|krai|kray|county|prefecture|department|"
    r"territory|district|division|municipality|emirate|zone|raion|rayon|special wereda|wereda|woreda|"
    r"sub-city|subdistrict|sub-district|lga|local government area|okrug|ilcesi|İlçesi|markaz|qada|republic)$", re.I)
_DIVISION_PREFIX = re.compile(
    r"^(?:région|province|oblast|gouvernorat|état|etat|district|préfecture|département|territoire|cercle|république|"
    r"raïon|commune|ville|wilaya|qada|markaz|shahrestan-e|shahrestān-e)"
    r"(?:\s+(?:de la|de l'|du|des|de|d')\s*|\s+|-)", re.I)


def division_base(name: str) -> str:
    """A division's bare name: 'Borno State' -> 'Borno', 'Région du Kanem' -> 'Kanem', 'Akre District' -> 'Akre',
    'République de Tchétchénie' -> 'Tchétchénie'."""
    base = _admin1_base(name)
    base = _DIVISION_SUFFIX.sub("", base).strip()
    base = _DIVISION_PREFIX.sub("", base).strip()
    return base or name


# a division's name that ends (or opens) on one of these, bare, names the water: "Red Sea" (state), "Gulf"
WATER_WORDS = frozenset("sea seas gulf ocean bay strait lake lakes mer golfe baie detroit lac".split())


def is_generic(key: str) -> bool:
    """A key made only of GENERIC_WORDS ('nord ouest', 'far north'), or a body of water's ('red sea').

    No division is indexed under such a key; its full name ("Red Sea State", "région
    du Nord") still finds it.
    """
    words = key.split(" ")
    return all(w in GENERIC_WORDS for w in words) or words[-1] in WATER_WORDS or words[0] in WATER_WORDS


@cache
def nationality_keys() -> frozenset:
    """Nationality adjectives as keys ('somali', 'afghan'): a division of that name would catch them."""
    return frozenset(key_of(adj) for adj in nationalities())


@cache
def country_keys() -> frozenset:
    """Keys of every country name in English, French and the hand-made aliases."""
    from babel import Locale
    out = set()
    for lang in ("en", "fr"):
        out.update(key_of(n) for code, n in Locale(lang).territories.items() if len(code) == 2)
    with open(GAZETTEER_DIR / "country_aliases.csv", encoding="utf-8") as fh:
        out.update(key_of(row["alias"]) for row in csv.DictReader(fh))
    with open(GAZETTEER_DIR / "countries.tsv", encoding="utf-8") as fh:
        out.update(key_of(row["name"]) for row in csv.DictReader(fh, delimiter="\t"))
    return frozenset(out)


# ---------------------------------------------------------------- loading

def _rows(name: str):
    """Header and rows of a shipped TSV (plain or gzip; no quoting: fields hold no tab or quote)."""
    path = GAZETTEER_DIR / name
    raw = path.read_bytes()
    text = (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")
    header, *lines = text.rstrip("\n").split("\n")
    return header.split("\t"), [line.split("\t") for line in lines]


@cache
def _keys_are_current() -> bool:
    """The shipped `keys` columns were made by this key_of (build.json's fingerprint)."""
    try:
        manifest = json.loads((GAZETTEER_DIR / "build.json").read_text(encoding="utf-8"))
        return keys_fingerprint(manifest["key_chars"]) == manifest["key_fingerprint"]
    except (OSError, KeyError, ValueError):
        return False


def _keys(f: list[str], names_at: tuple[int, int], keys_at: int, current: bool) -> list[str]:
    if current:
        return f[keys_at].split("|")
    names = [f[names_at[0]], *filter(None, f[names_at[1]].split("|"))]
    return list(dict.fromkeys(k for k in map(key_of, names) if k))


@cache
def gazetteer() -> Gazetteer:
    """Load the shipped gazetteer once (about 1.5 s, 200k places)."""
    # a million new lists and strings would set off the cyclic collector again and
    # again while they are made, though none of them can be garbage yet
    enabled = gc.isenabled()
    gc.disable()
    try:
        gz = _load()
    finally:
        if enabled:
            gc.enable()
    # the gazetteer lives as long as the process: take its objects out of the cyclic
    # garbage collector's sweeps, which otherwise walk them all again and again (~5 %)
    gc.freeze()
    return gz


def _load() -> Gazetteer:
    from babel import Locale

    gz = Gazetteer()
    current = _keys_are_current()
    if not current:
        warnings.warn("the gazetteer's index keys were made by another key_of(): folding every name "
                      "(slow); run `python scripts/build_gazetteer.py --rekey`", stacklevel=2)
    names_fr = Locale("fr").territories
    aliases: dict[str, list[str]] = {}
    with open(GAZETTEER_DIR / "country_aliases.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            aliases.setdefault(row["iso2"], []).append(row["alias"])
    capital_names = {}
    with open(GAZETTEER_DIR / "countries.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            iso = row["iso2"]
            name = row["name"]
            p = Place(len(gz.places), name, "country", iso, float(row["lat"]), float(row["lon"]),
                      int(row["population"] or 0), curated=True)
            gz.add(p, [row["name"], name, names_fr.get(iso, ""), *aliases.get(iso, [])])
            gz.countries[iso] = p.pid
            capital_names[(iso, key_of(row["capital"]))] = True
    curated_keys: dict[tuple[str, str], int] = {}
    famous: dict[str, set[str]] = {}   # key -> countries of the curated or big places named so
    curated_admin1: tuple[dict, dict] = ({}, {})   # (country, key of a name) and (country, key of a bare name)
    with open(GAZETTEER_DIR / "curated.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            p = Place(len(gz.places), row["name"], row["kind"], row["country"],
                      float(row["lat"]), float(row["lon"]), curated=True,
                      capital=(row["country"], key_of(row["name"])) in capital_names)
            names = [row["name"], *filter(None, (row["aliases"] or "").split("|"))]
            gz.add(p, names)
            curated_keys[(row["country"], key_of(row["name"]))] = p.pid
            if p.kind in FAMOUS_KINDS:
                for k in map(key_of, names):
                    famous.setdefault(k, set()).add(p.country)
            if p.kind == "admin1":   # "province de Chabwa" -> the governorate named Chabwa
                for name in names:
                    gz.admin1_by_base.setdefault((p.country, key_of(_admin1_base(name))), p.pid)
                    curated_admin1[0].setdefault((p.country, key_of(name)), p.pid)
                    for k in (key_of(name), key_of(_admin1_base(name)), key_of(division_base(name))):
                        curated_admin1[1].setdefault((p.country, k), p.pid)
            if p.capital:
                gz.capitals[p.country] = p.pid
    _load_cities(gz, curated_keys, capital_names, famous, current)
    _load_admin1(gz, curated_admin1)
    _load_admin2(gz, famous, current)
    _load_continents(gz)
    # every word-prefix of every key (the keys themselves included)
    prefixes = gz.prefixes
    prefixes.update(gz.index)
    longest = gz.max_tokens
    for key in gz.index:
        j = key.find(" ")
        if j < 0:
            continue
        n = 1
        while j >= 0:
            prefixes.add(key[:j])
            n += 1
            j = key.find(" ", j + 1)
        longest = max(longest, n)
    gz.max_tokens = min(6, longest)
    return gz


def _index(index: dict, pid: int, keys) -> None:
    get = index.get
    for k in keys:
        ids = get(k)
        if ids is None:
            index[k] = [pid]
        elif pid not in ids:
            ids.append(pid)


def _load_cities(gz: Gazetteer, curated_keys: dict, capital_names: dict, famous: dict, current: bool) -> None:
    """GeoNames places (cities.tsv.gz) and airport towns (airport_towns.tsv); a curated row for
    the same place takes the names instead.

    A small place named like a famous one of another country (Geneva, Illinois; Paris,
    Texas) is left out under that name: see `_shadowed`. The loop is the loader's hot
    path (166k rows): it appends to the table's columns and the index without a
    function call per row.
    """
    cols, rows = _rows("cities.tsv.gz")
    # towns GeoNames gives no population but an airport is named after ("In Amenas"):
    # the same columns, an IATA code for the GeoNames id (scripts/build_gazetteer.py)
    town_cols, towns = _rows("airport_towns.tsv")
    if town_cols[1:] != cols[1:]:
        raise ValueError(f"airport_towns.tsv: columns {town_cols}, expected those of cities.tsv.gz")
    rows += towns
    c = {name: k for k, name in enumerate(cols)}
    at_name, at_country, at_lat, at_lon, at_pop = c["name"], c["country"], c["lat"], c["lon"], c["population"]
    names_at, at_keys, at_fr = (c["name"], c["alt"]), c["keys"], c["name_fr"]
    table, index = gz.places, gz.index
    get = index.get
    for f in rows:   # the big cities' names are famous too
        if len(f[at_pop]) >= 7 and int(f[at_pop]) >= BIG_CITY:
            for k in _keys(f, names_at, at_keys, current):
                famous.setdefault(k, set()).add(f[at_country])
    curated_words = {k for _iso, k in curated_keys} | famous.keys()
    countries: dict[str, str] = {}
    curated_capital = set(gz.capitals)
    capital_pop: dict[str, int] = {}
    names, kinds, isos, lats, lons, pops, flags = (table.name.append, table.kind.append, table.country.append,
                                                  table.lat.append, table.lon.append, table.population.append,
                                                  table.flags.append)
    pid = len(table) - 1
    for f in rows:
        keys = f[at_keys].split("|") if current else _keys(f, names_at, at_keys, current)
        iso = countries.setdefault(f[at_country], f[at_country])   # one string per country
        lat, lon = float(f[at_lat]), float(f[at_lon])
        pop = int(f[at_pop] or 0)
        if not curated_words.isdisjoint(keys):
            # a curated entry for the same place already carries its names
            dup = next((curated_keys[(iso, k)] for k in keys[:4] if (iso, k) in curated_keys), None)
            if dup is not None and _near(gz.places[dup], lat, lon):
                _index(index, dup, keys)
                continue
            keys = _shadowed(keys, iso, pop, famous)
            if not keys:
                continue
        pid += 1
        names(f[at_name])
        kinds("city")
        isos(iso)
        lats(lat)
        lons(lon)
        pops(pop)
        flags(0)
        if f[at_fr]:
            gz.french_keys[pid] = key_of(f[at_fr])
        for k in keys:   # a row's keys are distinct
            ids = get(k)
            if ids is None:
                index[k] = [pid]
            else:
                ids.append(pid)
        # the capital is the most populous place of the country bearing its name (unless curated)
        if (iso, keys[0]) in capital_names and iso not in curated_capital and pop >= capital_pop.get(iso, -1):
            if iso in gz.capitals:
                table.set_capital(gz.capitals[iso], False)
            table.set_capital(pid, True)
            gz.capitals[iso] = pid
            capital_pop[iso] = pop


def _load_admin1(gz: Gazetteer, curated_admin1: dict) -> None:
    """First-level divisions; a curated governorate for the same division takes their names instead.

    A division is the curated one when one of its names is a curated name or alias, or
    else when one of its bare names is a curated one's and no other division of the
    country has that bare name ("Kyiv" is both Kyiv City's and Kyiv Oblast's).
    Every name and bare name goes to `admin1_by_base` ("province du Nord-Kivu"); the
    index gets those that are not generic words, nationalities, country names or the
    name of another place of the same country ("Aleppo" stays the city).
    """
    cols, rows = _rows("admin1.tsv.gz")
    c = {name: k for k, name in enumerate(cols)}
    table, index = gz.places, gz.index
    skip = nationality_keys() | country_keys()
    divisions, shared = [], Counter()
    for f in rows:
        iso = f[c["country"]]
        names = [n for n in (f[c["name"]], *f[c["aliases"]].split("|"), f[c["name_fr"]]) if n]
        keys = list(dict.fromkeys(k for k in map(key_of, names) if k))
        bases = list(dict.fromkeys(k for k in (key_of(division_base(n)) for n in names) if k))
        divisions.append((f, iso, keys, bases))
        shared.update((iso, b) for b in bases)
    full, bare = curated_admin1
    claimed = {}
    for at, (_f, iso, keys, _bases) in enumerate(divisions):
        pid = next((full[(iso, k)] for k in keys if (iso, k) in full), None)
        if pid is not None and pid not in claimed.values():
            claimed[at] = pid
    for at, (_f, iso, _keys, bases) in enumerate(divisions):
        if at not in claimed:
            pid = next((bare[(iso, b)] for b in bases if shared[(iso, b)] == 1 and (iso, b) in bare), None)
            if pid is not None and pid not in claimed.values():
                claimed[at] = pid
    for at, (f, iso, keys, bases) in enumerate(divisions):
        pid = claimed.get(at)
        if pid is None:
            pid = table.row(f[c["name"]], "admin1", iso, float(f[c["lat"]]), float(f[c["lon"]]),
                            int(f[c["population"]] or 0))
        for k in bases + keys:
            gz.admin1_by_base.setdefault((iso, k), pid)

        seat = (float(f[c["lat"]]), float(f[c["lon"]]))
        _index(index, pid, [k for k in dict.fromkeys(keys + bases)
                            if not (is_generic(k) or k in skip or _demonym(k) or _named(gz, k, iso, pid, seat))])


SEAT_KM = 2   # a division's point is its seat's: a city this close to it is the seat


def _named(gz: Gazetteer, key: str, iso: str, pid: int, seat: tuple[float, float]) -> bool:
    """Another place of country `iso` is called `key` by its own name ("Aleppo" the city, for
    Aleppo Governorate), is a hand-checked place with that name, or is the division's seat
    called so in French ("Soumy", Sumy's French name, for Sumy Oblast: the reader of « à
    Soumy » means the city). An alternate name does not count: Oklahoma City is also
    "Oklahoma", but "Oklahoma" is the state."""
    for i in gz.index.get(key, ()):
        if i != pid and gz.places.country[i] == iso:
            other = gz.places[i]
            if other.curated or key_of(other.name) == key:
                return True
            if gz.french_keys.get(i) == key and km(other.lat, other.lon, *seat) <= SEAT_KM:
                return True
    return False


def _demonym(key: str) -> bool:
    """'somali' (Somalia), which names a people before a division: a country's name without its final -a."""
    return key + "a" in country_keys()


def _load_admin2(gz: Gazetteer, famous: dict, current: bool) -> None:
    """Second-level divisions (kind `region`): the build left out the bare names that would mislead."""
    cols, rows = _rows("admin2.tsv.gz")
    c = {name: k for k, name in enumerate(cols)}
    table, index = gz.places, gz.index
    names_at, at_keys = (c["name"], c["aliases"]), c["keys"]
    for f in rows:
        keys = _shadowed(_keys(f, names_at, at_keys, current), f[c["country"]], 0, famous)
        if keys:
            pid = table.row(f[c["name"]], "region", f[c["country"]], float(f[c["lat"]]), float(f[c["lon"]]))
            _index(index, pid, keys)


# curated places of these kinds, and cities of BIG_CITY people or more, are famous:
# a place of another country and fewer than SMALL people is not found under their names
FAMOUS_KINDS = frozenset({"city", "admin1", "region"})
BIG_CITY = 1_000_000
SMALL = 100_000


def _shadowed(keys: list[str], iso: str, population: int, famous: dict) -> list[str]:
    """`keys` less the names of famous places of other countries; none if its own name is one.

    "Genève" in a story that also says "américain" is Geneva, Switzerland, not the
    town of 13,000 in New York State that the article's countries would otherwise
    prefer; "Paris", "Moscow", "Damascus" and "Baghdad" likewise. The small
    namesake is left out under that name (and altogether when it is its own name).
    """
    if population >= SMALL:
        return keys
    out = [k for k in keys if k not in famous or iso in famous[k]]
    return out if out and out[0] == keys[0] else []


def _load_continents(gz: Gazetteer) -> None:
    """Continents (kind `region`, no country) under their English and French names."""
    with open(GAZETTEER_DIR / "continents.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            pid = gz.places.row(row["name"], "region", "", float(row["lat"]), float(row["lon"]),
                                int(row["population"] or 0))
            _index(gz.index, pid, [k for k in (key_of(row["name"]), key_of(row["name_fr"])) if k])


def _admin1_base(name: str) -> str:
    """'province de Chabwa' / 'Shabwa province' / 'Shabwah Governorate' -> the bare name."""
    return _admin1_words().sub("", name).strip()


@cache
def _admin1_words() -> re.Pattern:
    """The cue words of every language ("province de l'", "governorate") around a governorate's name."""
    cues = langdata.alternation(langdata.union("places", "admin1_cues"), words=False)
    suffixes = langdata.alternation(langdata.union("places", "admin1_suffix"), words=False)
    articles = "|".join(re.escape(a) + (r"\s*" if a.endswith("'") else r"\s+") for a in langdata.union("articles"))
    return re.compile(rf"^(?:{cues})\s*(?:{articles or '(?!)'})?|\s+(?:{suffixes})$", re.I)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def _near(p: Place, lat: float, lon: float) -> bool:
    return abs(p.lat - lat) < 0.3 and abs(p.lon - lon) < 0.3


@cache
def nationalities() -> dict[str, str]:
    """Folded nationality adjective (French or English) -> ISO country code."""
    out = {}
    with open(GAZETTEER_DIR / "nationalities.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for col in ("fr", "en"):
                for adj in row[col].split("|"):
                    out[fold(adj)] = row["iso2"]
    return out


def candidates(name: str, near: str | tuple[float, float] | None = None, country: str | None = None,
               limit: int = 10) -> list[dict]:
    """Every place a name can be, ranked, for notebooks: `candidates("Tripoli")`.

    Without `near` the ranking is the one a reader without context would use: a
    hand-checked place, a country, then the most populous. `near` (a
    place name or a (lat, lon) pair) ranks by distance instead, so
    `candidates("Tripoli", near="Beirut")` puts the Lebanese city first;
    `country` keeps only one country's places. Each row carries `km` from `near`.
    """
    gz = gazetteer()
    ids = gz.index.get(key_of(name)) or []
    places = [gz.places[i] for i in dict.fromkeys(ids)]
    if country:
        places = [p for p in places if p.country == country.upper()]
    origin = None
    if near is not None:
        if isinstance(near, str):
            anchor = lookup(near)
            if anchor is None:
                raise ValueError(f"unknown place {near!r}: not in the gazetteer")
            origin = (anchor["lat"], anchor["lon"])
        else:
            origin = (float(near[0]), float(near[1]))
    rows = []
    for p in places:
        d = km(origin[0], origin[1], p.lat, p.lon) if origin else None
        rows.append({"name": p.name, "kind": p.kind, "country": p.country or None, "lat": p.lat,
                     "lon": p.lon, "population": p.population, "curated": p.curated, "km": d})
    if origin:
        rows.sort(key=lambda r: r["km"])
    else:
        rows.sort(key=lambda r: (r["curated"], r["kind"] == "country", r["population"]), reverse=True)
    return rows[:limit]


def lookup(name: str, near: str | tuple[float, float] | None = None, country: str | None = None) -> dict | None:
    """The likeliest place for a name in any language ('Alep' -> Aleppo), for notebooks.

    `near` (a place name or (lat, lon)) picks the closest of the namesakes
    ("Tripoli" near "Beirut" is Tripoli, Lebanon); `country` keeps one country's.
    See `candidates` for the whole ranked list. None when the name is unknown.
    """
    found = candidates(name, near=near, country=country, limit=1)
    if not found:
        return None
    best = found[0]
    return {k: best[k] for k in ("name", "kind", "country", "lat", "lon", "population")}


@dataclass(frozen=True)
class Airport:
    """An airport the press may name by its city ("Sanaa airport", "l'aéroport de Tripoli")."""
    iata: str
    name: str
    city: str
    country: str
    lat: float
    lon: float


AIRPORT_CITY_KM = 60   # an airport this far from a city's centre can still be "its" airport


@cache
def airports() -> dict[tuple[str, str], list[Airport]]:
    """(country, key of the city served) -> its airports, from airports.tsv.gz (airportsdata)."""
    out: dict[tuple[str, str], list[Airport]] = {}
    with gzip.open(GAZETTEER_DIR / "airports.tsv.gz", "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            a = Airport(row["iata"], row["name"], row["city"], row["country"], float(row["lat"]), float(row["lon"]))
            out.setdefault((a.country, key_of(a.city)), []).append(a)
    return out


def airport_of(city: Place, *surfaces: str) -> Airport | None:
    """The main airport of a city: one that serves it under its name (or as the text writes
    it), near it, an international one first ("l'aéroport de Tripoli" is Tripoli
    International, not Mitiga)."""
    table = airports()
    names = {key_of(city.name), *(key_of(s) for s in surfaces)}
    found = [a for k in names for a in table.get((city.country, k), ())
             if km(a.lat, a.lon, city.lat, city.lon) <= AIRPORT_CITY_KM]
    return max(found, key=lambda a: ("international" in a.name.lower(), -km(a.lat, a.lon, city.lat, city.lon)),
               default=None)


@cache
def conflict_countries() -> frozenset[str]:
    """The countries of wars the gazetteer covers deeply (conflict_countries.csv): places of
    500+ people and their alternate names."""
    with open(GAZETTEER_DIR / "conflict_countries.csv", encoding="utf-8") as fh:
        return frozenset(row["iso2"] for row in csv.DictReader(fh))


@cache
def borders() -> dict[str, list]:
    """Country outlines {iso2: [[[lon, lat], ...], ...]} (Natural Earth 1:110m, public domain)."""
    return json.loads((GAZETTEER_DIR / "borders.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=4096)
def km_to_country(iso: str, lat: float, lon: float) -> float | None:
    """How far a point lies from a country's outline (its nearest outline point), or None
    when the country has no outline. A big country's centre says little: Zaporizhzhia
    is 4,000 km from Russia's centre but 200 km from its border."""
    rings = borders().get(iso)
    if not rings:
        return None
    return min(km(lat, lon, y, x) for ring in rings for x, y in ring)


# ---------------------------------------------------------------- display names

DISPLAY_KM = 30   # a place of the frames and a gazetteer row of its name this close are one place


@dataclass(frozen=True)
class LocalName:
    """A place's name in a briefing's language, as the gazetteer or CLDR gives it."""
    name: str
    kind: str
    lat: float | None = None
    lon: float | None = None
    curated: bool = False


def name_in(lang: str, name: str, country: str | None = None,
            lat: float | None = None, lon: float | None = None) -> LocalName | None:
    """The name in `lang` of the place the frames call `name` (their canonical English name),
    or None where neither CLDR nor the gazetteer has one.

    Countries come from CLDR through babel, first-level divisions from admin1.tsv.gz's
    `name_<lang>` (a curated governorate: its alias with the language's division cue,
    "province d'Alep"), cities from cities.tsv.gz's `name_<lang>` and continents from
    continents.tsv. Namesakes in one country are told apart by `lat`/`lon`: the row
    within DISPLAY_KM; without coordinates, a name is given only when all agree. A
    curated place's name wins over the generated row it absorbed, as in the geoparser.
    For the briefing's labels; the geoparser never reads this table.
    """
    if not name:
        return None
    found = _local_names(lang).get((country or "", key_of(name)))
    if not found and not country:   # a bare name: the places of every country called so
        found = _local_names_by_key(lang).get(key_of(name))
    if not found:
        return None
    if lat is not None and lon is not None and not (_isnan(lat) or _isnan(lon)):
        found = [f for f in found if f.lat is None or km(lat, lon, f.lat, f.lon) <= DISPLAY_KM]
        return min(found, key=lambda f: (not f.curated, 0 if f.lat is None else km(lat, lon, f.lat, f.lon)),
                   default=None)
    curated = [f for f in found if f.curated]
    return curated[0] if len(curated) == 1 else found[0] if len({f.name for f in found}) == 1 else None


def _isnan(x) -> bool:
    """A missing coordinate: NaN, or a value with no truth (pd.NA) or no number."""
    try:
        return bool(x != x) or not math.isfinite(float(x))
    except (TypeError, ValueError):
        return True


@cache
def _local_names(lang: str) -> dict[tuple[str, str], list[LocalName]]:
    """(country, key of an English name) -> the names in `lang` of the places called so.

    Read on first use (about 0.1 s: only the rows that have a name in `lang` are split).
    """
    from babel import Locale
    out: dict[tuple[str, str], list[LocalName]] = {}

    def add(country: str, english: str, local: LocalName) -> None:
        if english and local.name:
            out.setdefault((country, key_of(english)), []).append(local)

    territories = Locale.parse(lang).territories
    with open(GAZETTEER_DIR / "countries.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            add(row["iso2"], row["name"], LocalName(territories.get(row["iso2"], ""), "country"))
    col = f"name_{lang}"
    cities = _city_names(col)
    admin1 = {}
    header, rows = _rows("admin1.tsv.gz")
    if col in header:
        c = {name: k for k, name in enumerate(header)}
        for f in rows:
            admin1[f[c["code"]]] = f[c[col]]
            add(f[c["country"]], f[c["name"]],
                LocalName(f[c[col]], "admin1", float(f[c["lat"]]), float(f[c["lon"]])))
    for _gid, country, english, local in cities:
        add(country, english, local)
    by_gid = {gid: local.name for gid, _country, _english, local in cities}
    for row in _curated_names(lang, admin1, by_gid):
        add(*row)
    with open(GAZETTEER_DIR / "continents.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            add("", row["name"], LocalName(row.get(col) or "", "region"))
    return out


@cache
def _local_names_by_key(lang: str) -> dict[str, list[LocalName]]:
    """Key of an English name -> the names in `lang` of the places of any country called so."""
    out: dict[str, list[LocalName]] = {}
    for (_country, key), found in _local_names(lang).items():
        out.setdefault(key, []).extend(found)
    return out


def _city_names(col: str) -> list[tuple[str, str, str, LocalName]]:
    """(geonameid, country, English name, name in `col`) of every city that has one."""
    path = GAZETTEER_DIR / "cities.tsv.gz"
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    header, _, body = text.partition("\n")
    cols = header.split("\t")
    if col not in cols:
        return []
    c = {name: k for k, name in enumerate(cols)}
    last = c[col] == len(cols) - 1
    out = []
    for line in body.split("\n"):
        if not line or (last and line.endswith("\t")):
            continue   # most places have no name in `col`: skipped before splitting
        f = line.split("\t")
        if f[c[col]]:
            out.append((f[c["geonameid"]], f[c["country"]], f[c["name"]],
                        LocalName(f[c[col]], "city", float(f[c["lat"]]), float(f[c["lon"]]))))
    return out


def _curated_names(lang: str, admin1: dict[str, str], cities: dict[str, str]):
    """(country, English name, LocalName) of the curated places: a governorate by its alias with
    one of the language's division cues ("province d'Alep"), else its GeoNames division's name;
    a place taken from GeoNames ("GeoNames 170063") by that place's name."""
    cues = tuple(c.casefold() for c in langdata.load(lang).get("places", {}).get("admin1_cues", []))
    with open(GAZETTEER_DIR / "curated.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lat, lon = float(row["lat"]), float(row["lon"])
            source = (row.get("source") or "").split()
            local = ""
            if row["kind"] == "admin1":
                cued = [a for a in (row["aliases"] or "").split("|") if cues and a.casefold().startswith(cues)]
                local = cued[0] if cued else (admin1.get(source[-1], "") if source[:2] == ["GeoNames", "admin1"] else "")
            elif source[:1] == ["GeoNames"] and len(source) == 2:
                local = cities.get(source[1], "")
            if local:
                yield row["country"], row["name"], LocalName(local, row["kind"], lat, lon, curated=True)
