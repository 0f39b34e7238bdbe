"""The shipped gazetteer: place names of the world in French and English, resolved to coordinates.

The gazetteer joins GeoNames (countries, cities; built by
scripts/build_gazetteer.py), country names from babel's CLDR data in both
languages, and a curated file of exonyms, governorates, regions, districts and
camps (data/gazetteer/curated.csv). It lives outside the extraction package:
the briefing notebooks and `wirebrief.report` look names up and measure
distances without importing the extractors.
"""
from __future__ import annotations

import csv
import gc
import gzip
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from . import lang as langdata
from .config import GAZETTEER_DIR

KIND_RANK = {"site": 0, "district": 1, "city": 2, "region": 3, "admin1": 4, "country": 5}


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



@dataclass
class Gazetteer:
    places: list[Place] = field(default_factory=list)
    index: dict[str, list[int]] = field(default_factory=dict)
    admin1_by_base: dict[tuple[str, str], int] = field(default_factory=dict)
    capitals: dict[str, int] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)
    max_tokens: int = 1
    # every word-prefix of an indexed key: lets the longest-match search stop
    # at the first token that no name continues with
    prefixes: set[str] = field(default_factory=set)

    def add(self, place: Place, names) -> None:
        self.places.append(place)
        for n in names:
            key = key_of(n)
            if key:
                ids = self.index.setdefault(key, [])
                if place.pid not in ids:
                    ids.append(place.pid)
                words = key.split(" ")
                for k in range(1, len(words) + 1):
                    self.prefixes.add(" ".join(words[:k]))
                self.max_tokens = min(6, max(self.max_tokens, key.count(" ") + 1))


@lru_cache(maxsize=200_000)
def key_of(name: str) -> str:
    """Index key: folded, hyphens/apostrophes as spaces, single-spaced."""
    return " ".join(re.split(r"[\s\-'’.]+", fold(name))).strip()


@cache
def gazetteer() -> Gazetteer:
    """Load the shipped gazetteer once (about 0.5 s, 47k places)."""
    from babel import Locale

    gz = Gazetteer()
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
    with open(GAZETTEER_DIR / "curated.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            p = Place(len(gz.places), row["name"], row["kind"], row["country"],
                      float(row["lat"]), float(row["lon"]), curated=True,
                      capital=(row["country"], key_of(row["name"])) in capital_names)
            gz.add(p, [row["name"], *filter(None, (row["aliases"] or "").split("|"))])
            curated_keys[(row["country"], key_of(row["name"]))] = p.pid
            if p.kind == "admin1":   # "province de Chabwa" -> the governorate named Chabwa
                for name in (p.name, *filter(None, (row["aliases"] or "").split("|"))):
                    gz.admin1_by_base.setdefault((p.country, key_of(_admin1_base(name))), p.pid)
            if p.capital:
                gz.capitals[p.country] = p.pid
    with gzip.open(GAZETTEER_DIR / "cities.tsv.gz", "rt", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            names = [row["name"], *filter(None, row["alt"].split("|"))]
            iso = row["country"]
            # a curated entry for the same place already carries its names
            dup = next((curated_keys[(iso, key_of(n))] for n in names[:1] + names[1:4]
                        if (iso, key_of(n)) in curated_keys), None)
            if dup is not None and _near(gz.places[dup], float(row["lat"]), float(row["lon"])):
                gz.add(gz.places[dup], names)
                continue
            p = Place(len(gz.places), row["name"], "city", iso, float(row["lat"]),
                      float(row["lon"]), int(row["population"] or 0),
                      capital=(iso, key_of(row["name"])) in capital_names)
            gz.add(p, names)
            if p.capital and iso not in gz.capitals:
                gz.capitals[iso] = p.pid
    # the gazetteer lives as long as the process: take its objects out of the cyclic
    # garbage collector's sweeps, which otherwise walk them all again and again (~5 %)
    gc.freeze()
    return gz


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


def lookup(name: str) -> dict | None:
    """Canonical row for a place name in any language ('Alep' -> Aleppo), for notebooks."""
    gz = gazetteer()
    ids = gz.index.get(key_of(name))
    if not ids:
        return None
    best = max((gz.places[i] for i in ids), key=lambda p: (p.curated, p.kind == "country", p.population))
    return {"name": best.name, "kind": best.kind, "country": best.country,
            "lat": best.lat, "lon": best.lon, "population": best.population}
