#!/usr/bin/env python3
"""Incident linking at archive scale: time per article as the archive grows.

    python bench/incidents.py [--sizes 10000 30000 100000]

Linking runs on article signatures (one per article, from its rows; computing
them is one pass over the frames). The archive is synthetic and seeded:
incidents in 300 towns of 6 countries, each reported by 1 to 5 articles
over a few days, a third of them with no day in the text, leads naming one
of the data files' targets. An archive grows with time: the days it spans
grow with its size (100 articles a day), so a month holds as much news at
every size. Near-linear means the time per article stays flat as the archive
grows: the grid and month blocking keep each comparison local.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from wirebrief.incidents.linking import Linker, order
from wirebrief.incidents.signature import Signature

PER_DAY = 100   # articles a day: the archive's days grow with its size
TARGETS = ("hospital", "market", "school", "station", "mosque", "convoy", "funeral", "camp")


def archive(n: int, seed: int = 2026) -> list[Signature]:
    rng = random.Random(seed)
    towns = [(c, 30 + rng.random() * 10, 35 + rng.random() * 10) for c in ("SY", "IQ", "YE", "UA", "SD", "ML")
             for _ in range(50)]
    out: list[Signature] = []
    k = 0
    while len(out) < n:
        country, lat, lon = rng.choice(towns)
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(max(1, n // PER_DAY)))
        target = frozenset({rng.choice(TARGETS)})
        killed = rng.randrange(1, 60)
        for _ in range(rng.randint(1, 5)):
            dated = rng.random() > 0.33
            out.append(Signature(
                article_id=f"a{len(out):07d}", country=country, place=f"town{k % 300}", kind="city",
                lat=lat, lon=lon, day=day if dated else None,
                published=day + dt.timedelta(days=rng.randint(0, 2)) if rng.random() > 0.4 else None,
                type="airstrike", targets=target, weapons=frozenset(), sites=frozenset(), areas=frozenset(),
                killed=killed + rng.randint(0, 5)))
        k += 1
    return out[:n]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    args = ap.parse_args()
    print("| articles | incidents | link s | µs per article |")
    print("|---:|---:|---:|---:|")
    for n in args.sizes:
        sigs = order(archive(n))
        linker = Linker()
        t = time.perf_counter()
        for s in sigs:
            linker.add(s)
        took = time.perf_counter() - t
        print(f"| {n:,} | {len(linker.incidents):,} | {took:.2f} | {1e6 * took / n:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
