#!/usr/bin/env python3
"""Compare two frames folders row by row: the proof that a refactor changed nothing.

    python scripts/frames_diff.py BEFORE_DIR AFTER_DIR [--ignore COL ...] [--show N]

Each frame (articles, events, casualties, locations, actors, errors) is read
whole from both folders; rows are compared as multisets of their values, so
row order and partition layout do not matter. Prints, per frame, the rows
only one side has (at most N of each), and exits 1 when any frame differs.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

FRAMES = ("articles", "events", "casualties", "locations", "actors", "errors")


def _rows(folder: Path, name: str, ignore: set[str]) -> pd.Series:
    path = folder / f"{name}.parquet"
    if not path.exists():
        return pd.Series([], dtype=object)
    df = pd.read_parquet(path)
    df = df[[c for c in sorted(df.columns) if c not in ignore and c != "month"]]
    return df.astype(str).apply(lambda r: " | ".join(f"{k}={v}" for k, v in r.items()), axis=1)


def diff(before: Path, after: Path, ignore: set[str], show: int) -> int:
    changed = 0
    for name in FRAMES:
        a, b = _rows(before, name, ignore), _rows(after, name, ignore)
        ca, cb = a.value_counts(), b.value_counts()
        only_a = (ca - cb.reindex(ca.index, fill_value=0)).clip(lower=0)
        only_b = (cb - ca.reindex(cb.index, fill_value=0)).clip(lower=0)
        only_a, only_b = only_a[only_a > 0], only_b[only_b > 0]
        status = "identical" if only_a.empty and only_b.empty else "DIFFERS"
        print(f"{name:<11} {len(a):>6} -> {len(b):>6} rows  {status}"
              f"  (-{int(only_a.sum())} +{int(only_b.sum())})")
        for sign, rows in (("-", only_a), ("+", only_b)):
            for row in list(rows.index)[:show]:
                print(f"  {sign} {row}")
        changed += status != "identical"
    return 1 if changed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--ignore", nargs="*", default=[], help="columns left out of the comparison")
    ap.add_argument("--show", type=int, default=10, help="rows shown per side and frame (default 10)")
    args = ap.parse_args()
    return diff(args.before, args.after, set(args.ignore), args.show)


if __name__ == "__main__":
    sys.exit(main())
