"""Integrity checks of the data wirebrief ships: languages, codes and the gazetteer.

    python -m wirebrief.datacheck          # prints every problem, exits 1 if any

Language knowledge, event types and the gazetteer are data, so a mistake in
them fails nowhere near where it was made: a regex that does not compile, an
event type with no triggers in one language, a place at latitude 400. These
checks find such mistakes (dateparser keeps the same kind of tests over its
language files); tests/test_data_integrity.py runs them, and anyone adding a
language or an event type can run them by hand.
"""
from __future__ import annotations

import csv
import gzip
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

from . import codes
from . import lang as langdata
from .config import GAZETTEER_DIR, LANG_DIR
from .gazetteer import KIND_RANK

# CLDR's two-letter territory codes include groupings that are not countries
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB"})
# files every language folder holds, and those a briefing language adds
EXTRACTION_FILES = ("grammar", "numbers", "dates", "places", "casualties", "events", "incidents")
BRIEFING_FILES = ("briefing", "display")


@cache
def country_codes() -> frozenset:
    """ISO 3166-1 alpha-2 codes, plus the user-assigned XK (Kosovo) the gazetteer uses."""
    from babel import Locale
    found = {k for k in Locale("en").territories if len(k) == 2 and k.isalpha()}
    return frozenset(found - _NOT_COUNTRIES)


def _regex_problems(where: str, value: Any) -> list[str]:
    """Every string under a `_re` key compiles (a string, a list, or a mapping of them)."""
    if isinstance(value, str):
        try:
            re.compile(value)
        except re.error as exc:
            return [f"{where}: does not compile: {exc} in {value!r}"]
        return []
    if isinstance(value, list):
        return [p for k, v in enumerate(value) for p in _regex_problems(f"{where}[{k}]", v)]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _regex_problems(f"{where}.{k}", v)]
    return [f"{where}: a regex key holds {type(value).__name__}, not text"]


def _shape_problems(where: str, data: dict, reference: dict) -> list[str]:
    """Keys the reference has and `data` lacks; values of another type; regexes that do not compile."""
    out = []
    for key, ref in reference.items():
        here = f"{where}.{key}"
        if key not in data:
            out.append(f"{here}: missing (the reference language has it)")
            continue
        value = data[key]
        if value is not None and ref is not None and type(value) is not type(ref):
            out.append(f"{here}: {type(value).__name__}, the reference has {type(ref).__name__}")
    for key, value in data.items():
        if key.endswith("_re"):
            out += _regex_problems(f"{where}.{key}", value)
        elif isinstance(value, list) and not all(isinstance(v, str) for v in value):
            out.append(f"{where}.{key}: a word list holds something other than words")
    return out


def _read(path: Path) -> dict:
    from .config import read_yaml
    with open(path, encoding="utf-8") as fh:
        return read_yaml(fh) or {}


def language_problems(lang_dir: Path = LANG_DIR) -> list[str]:
    """Every shipped language against the reference: files, keys, types, regexes, vocabularies."""
    out = []
    ref_dir = lang_dir / langdata.REFERENCE
    trigger_classes = codes.trigger_classes()
    kinds = codes.count_kinds()
    for folder in sorted(p for p in lang_dir.iterdir() if p.is_dir()):
        code = folder.name
        for name in (*EXTRACTION_FILES, *BRIEFING_FILES):
            if not (folder / f"{name}.yaml").is_file():
                out.append(f"{code}: no {name}.yaml")
                continue
            out += _shape_problems(f"{code}/{name}", _read(folder / f"{name}.yaml"), _read(ref_dir / f"{name}.yaml"))
        data = langdata.read_folder(folder)
        triggers = data.get("events", {}).get("triggers_re", {})
        out += [f"{code}/events.triggers_re: no triggers for event type {t!r} (event_types.csv)"
                for t in trigger_classes if not triggers.get(t)]
        out += [f"{code}/events.triggers_re: {t!r} is not in event_types.csv"
                for t in triggers if t not in trigger_classes]
        if data.get("lang") != code:
            out.append(f"{code}/grammar.lang: says {data.get('lang')!r}")
        display = data.get("display", {})
        labels = data.get("briefing", {})
        out += [f"{code}/display.event_types: no name for {t!r}" for t in codes.coded_types()
                if t not in display.get("event_types", {})]
        out += [f"{code}/briefing: no label for count kind {k!r}" for k in kinds if k not in labels]
        out += [f"{code}/casualties.kind_nouns: {k!r} is not a count kind (count_kinds.csv)"
                for k in data.get("casualties", {}).get("kind_nouns", {}) if k not in kinds]
    return out


def code_problems() -> list[str]:
    """event_types.csv and count_kinds.csv: known families, unique names, `codes_as` naming coded types."""
    out = []
    rows = list(codes.event_types().values())
    names = [row["type"] for row in rows]
    out += [f"event_types.csv: {n!r} listed twice" for n in set(names) if names.count(n) > 1]
    precedences = [row["precedence"] for row in rows]
    out += [f"event_types.csv: precedence {p} used twice" for p in set(precedences) if precedences.count(p) > 1]
    for row in rows:
        if row["family"] not in codes.FAMILIES:
            out.append(f"event_types.csv: {row['type']!r} has family {row['family']!r}, not one of {codes.FAMILIES}")
        for target in filter(None, row["codes_as"].split("|")):
            if target not in codes.coded_types():
                out.append(f"event_types.csv: {row['type']!r} codes as {target!r}, which is no coded type")
        if not row["codes_as"] and not row["plover"]:
            out.append(f"event_types.csv: {row['type']!r} has no PLOVER category")
    kinds = codes.count_kinds()
    out += [f"count_kinds.csv: {k!r} listed twice" for k in set(kinds) if kinds.count(k) > 1]
    return out


def _place_problems(where: str, kind: str, country: str | None, lat: str, lon: str) -> list[str]:
    """Known kind, ISO country code (None: a place in no country, a continent), coordinates in range."""
    out = []
    if kind not in KIND_RANK:
        out.append(f"{where}: kind {kind!r} is not one of {sorted(KIND_RANK)}")
    # continents (no country at all) and seas, rivers or the Sahel (curated with none): no one country
    international = country is None or (not country and kind in ("region", "site"))
    if not international and country not in country_codes():
        out.append(f"{where}: {country!r} is not an ISO 3166-1 alpha-2 code")
    try:
        la, lo = float(lat), float(lon)
        if not (-90 <= la <= 90 and -180 <= lo <= 180):
            out.append(f"{where}: coordinates ({la}, {lo}) out of range")
    except ValueError:
        out.append(f"{where}: coordinates {lat!r}, {lon!r} are not numbers")
    return out


# the columns of the gazetteer files: those scripts/build_gazetteer.py writes (it reads them
# from here), and curated.csv's and conflict_countries.csv's, written by hand
GAZETTEER_COLUMNS = {
    "cities.tsv.gz": ["geonameid", "name", "country", "admin1", "admin2", "lat", "lon", "population", "alt", "keys",
                      "name_fr"],
    "admin1.tsv.gz": ["code", "country", "name", "name_fr", "lat", "lon", "population", "seat", "seat_basis", "aliases"],
    "admin2.tsv.gz": ["code", "geonameid", "country", "admin1", "name", "lat", "lon", "seat", "aliases", "keys"],
    "continents.tsv": ["code", "geonameid", "name", "name_fr", "lat", "lon", "population"],
    "countries.tsv": ["iso2", "iso3", "name", "lat", "lon", "population", "capital"],
    "curated.csv": ["name", "kind", "country", "lat", "lon", "aliases", "source"],
    "conflict_countries.csv": ["iso2", "name", "why"],
    "airports.tsv.gz": ["iata", "icao", "name", "city", "country", "lat", "lon"],
    "airport_towns.tsv": ["iata", "name", "country", "admin1", "admin2", "lat", "lon", "population", "alt", "keys",
                          "name_fr"],
}


def _header(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return re.split(r"[\t,]", fh.readline().rstrip("\n"))


def _tsv(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _twice(name: str, what: str, values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for v in values:
        if v in seen:
            out.append(f"{name} {v}: {what} listed twice")
        seen.add(v)
    return out


def _key_problems(name: str, rows: list[dict], names_col: str, label: str) -> list[str]:
    """Every row's `keys` are key_of of its names (the loader indexes them as they are)."""
    from .gazetteer import key_of
    out = []
    for row in rows:
        names = [row["name"], *filter(None, row[names_col].split("|"))]
        want = "|".join(dict.fromkeys(k for k in map(key_of, names) if k))
        if row["keys"] != want:
            out.append(f"{name} {row[label]} ({row['name']}): keys {row['keys']!r} are not key_of of its names "
                       f"({want!r}); run scripts/build_gazetteer.py --rekey")
    return out


def gazetteer_problems(gazetteer_dir: Path = GAZETTEER_DIR) -> list[str]:
    """Columns, kinds, ISO codes, coordinate ranges, duplicates and index keys of the shipped gazetteer files."""
    out = [f"{name}: columns {_header(gazetteer_dir / name)}, expected {cols}"
           for name, cols in GAZETTEER_COLUMNS.items() if _header(gazetteer_dir / name) != cols]
    if out:
        return out
    countries = _tsv(gazetteer_dir / "countries.tsv")
    out += _twice("countries.tsv", "country", [row["iso2"] for row in countries])
    for row in _tsv(gazetteer_dir / "airports.tsv.gz"):
        out += _place_problems(f"airports.tsv.gz {row['iata']}", "site", row["country"], row["lat"], row["lon"])
    for row in countries:
        out += _place_problems(f"countries.tsv {row['iso2']}", "country", row["iso2"], row["lat"], row["lon"])
    with open(gazetteer_dir / "curated.csv", encoding="utf-8") as fh:
        curated = list(csv.DictReader(fh))
    seen: set[tuple] = set()
    for n, row in enumerate(curated, start=2):
        where = f"curated.csv line {n} ({row['name']})"
        out += _place_problems(where, row["kind"], row["country"], row["lat"], row["lon"])
        key = (row["name"], row["kind"], row["country"])
        if key in seen:
            out.append(f"{where}: same name, kind and country as an earlier row")
        seen.add(key)
    cities = _tsv(gazetteer_dir / "cities.tsv.gz")
    for row in cities:
        out += _place_problems(f"cities.tsv.gz {row['geonameid']} ({row['name']})", "city",
                               row["country"], row["lat"], row["lon"])
    out += _twice("cities.tsv.gz", "GeoNames id", [row["geonameid"] for row in cities])
    towns = _tsv(gazetteer_dir / "airport_towns.tsv")
    iatas = {row["iata"]: row["country"] for row in _tsv(gazetteer_dir / "airports.tsv.gz")}
    for row in towns:
        where = f"airport_towns.tsv {row['iata']} ({row['name']})"
        out += _place_problems(where, "city", row["country"], row["lat"], row["lon"])
        if iatas.get(row["iata"]) != row["country"]:
            out.append(f"{where}: no airport of that code in airports.tsv.gz in country {row['country']}")
    out += _twice("airport_towns.tsv", "IATA code", [row["iata"] for row in towns])
    admin1 = _tsv(gazetteer_dir / "admin1.tsv.gz")
    for row in admin1:
        where = f"admin1.tsv.gz {row['code']} ({row['name']})"
        out += _place_problems(where, "admin1", row["country"], row["lat"], row["lon"])
        if not row["code"].startswith(row["country"] + "."):
            out.append(f"{where}: the code is not of country {row['country']}")
        if row["seat_basis"] not in ("capital", "namesake", "largest"):
            out.append(f"{where}: seat_basis {row['seat_basis']!r} is not 'capital', 'namesake' or 'largest'")
    out += _twice("admin1.tsv.gz", "code", [row["code"] for row in admin1])
    admin2 = _tsv(gazetteer_dir / "admin2.tsv.gz")
    for row in admin2:
        where = f"admin2.tsv.gz {row['code']} ({row['name']})"
        out += _place_problems(where, "region", row["country"], row["lat"], row["lon"])
        if not row["code"].startswith(f"{row['country']}.{row['admin1']}."):
            out.append(f"{where}: the code is not of country {row['country']}, admin1 {row['admin1']}")
    out += _twice("admin2.tsv.gz", "code", [row["code"] for row in admin2])
    out += _key_problems("cities.tsv.gz", cities, "alt", "geonameid")
    out += _key_problems("airport_towns.tsv", towns, "alt", "iata")
    out += _key_problems("admin2.tsv.gz", admin2, "aliases", "code")
    continents = _tsv(gazetteer_dir / "continents.tsv")
    for row in continents:   # a continent is in no country
        out += _place_problems(f"continents.tsv {row['code']}", "region", None, row["lat"], row["lon"])
    out += _twice("continents.tsv", "continent", [row["code"] for row in continents])
    rows_in = {"cities.tsv.gz": len(cities), "airport_towns.tsv": len(towns), "admin1.tsv.gz": len(admin1), "admin2.tsv.gz": len(admin2),
               "continents.tsv": len(continents), "countries.tsv": len(countries)}
    out += _build_problems(gazetteer_dir, rows_in)
    for name in ("country_aliases.csv", "nationalities.csv", "conflict_countries.csv"):
        with open(gazetteer_dir / name, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["iso2"] not in country_codes():
                    out.append(f"{name}: {row['iso2']!r} is not an ISO 3166-1 alpha-2 code")
    with open(gazetteer_dir / "conflict_countries.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out += _twice("conflict_countries.csv", "country", [row["iso2"] for row in rows])
    out += [f"conflict_countries.csv: {row['iso2']} says not why" for row in rows if not row["why"].strip()]
    return out


def _build_problems(gazetteer_dir: Path, rows_in: dict[str, int]) -> list[str]:
    """build.json: the rows it counted are the files' rows, and key_of still makes the shipped keys."""
    import json

    from .gazetteer import keys_fingerprint
    try:
        manifest = json.loads((gazetteer_dir / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"build.json: {exc}"]
    out = []
    if keys_fingerprint(manifest.get("key_chars", "")) != manifest.get("key_fingerprint"):
        out.append("build.json: key_of() has changed since the build made the index keys; "
                   "run scripts/build_gazetteer.py --rekey")
    for name, rows in rows_in.items():
        wrote = manifest.get("files", {}).get(name, {}).get("rows")
        if rows != wrote:
            out.append(f"build.json: {name} has {rows} rows, the build wrote {wrote}")
    return out


def problems() -> list[str]:
    """Every problem in the shipped data, one line each."""
    return language_problems() + code_problems() + gazetteer_problems()


def main() -> int:
    found = problems()
    for line in found:
        print(line)
    print(f"{len(found)} problem(s) in wirebrief's data" if found else "wirebrief's data: no problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
