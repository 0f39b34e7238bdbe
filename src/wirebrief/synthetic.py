"""Synthetic wire stories: corpora of any size for benchmarks and engine tests.

A real archive cannot ship with the repository and the four samples are too
few to measure anything, so `generate` writes seeded, reproducible stories in
French and English with datelines, tolls (with subsets), injuries,
displacement, cumulative tolls, diplomacy, quotations and plain background,
in varied lengths. The building blocks live in `data/synthetic.yaml`; none is
taken from the samples. The same seed always gives the same corpus.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from .config import PACKAGE_DATA, read_yaml

FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 3 * 365
MAX_TAIL = 40   # paragraphs: the longest stories reach some 25,000 characters, like long reads
SLOT = re.compile(r"\{(\w+)\}")


@cache
def _blocks() -> dict:
    return read_yaml((PACKAGE_DATA / "synthetic.yaml").read_text(encoding="utf-8"))


def _count(rng: random.Random, words: list[str], low: int, high: int) -> str:
    n = rng.randint(low, high)
    if n <= len(words) and rng.random() < 0.35:
        return words[n - 1]
    return str(n)


def _big(rng: random.Random, lang: str) -> str:
    n = rng.choice((1, 2, 3, 5, 8, 12, 15, 20, 40)) * rng.choice((100, 1000))
    sep = "\u202f" if lang == "fr" else ","
    return f"{n:,}".replace(",", sep)


def _fill(template: str, rng: random.Random, lang: str, ctx: dict) -> str:
    b, L = _blocks(), _blocks()[lang]

    def value(name: str) -> str:
        key = name.lower()
        if key in ctx:
            v = ctx[key]
        elif key == "n":
            v = _count(rng, L["words"], 2, 60)
        elif key == "k":
            v = _count(rng, L["words"], 2, 9)
        elif key == "big":
            v = _big(rng, lang)
        elif key == "huge":
            v = f"{rng.randint(100, 400) * 1000:,}".replace(",", "\u202f" if lang == "fr" else ",")
        elif key == "place":
            v = rng.choice([p for p in b["places"] if p[2] == ctx["cc"]] or b["places"])[0 if lang == "fr" else 1]
        elif key == "date":
            d = ctx["published"] + dt.timedelta(days=rng.randint(3, 40))
            v = (f"{d.day} {L['months'][d.month - 1]}" if lang == "fr"
                 else f"{L['months'][d.month - 1]} {d.day}")
        elif key in ("country", "in_country"):
            v = L["countries" if key == "country" else "in_country"][ctx["cc"]]
        else:
            v = rng.choice(L[key + "s" if key + "s" in L else key])
        if name[0].isupper():
            v = v[0].upper() + v[1:]
        return v

    return SLOT.sub(lambda m: value(m.group(1)), template)


def story(i: int, seed: int = 0) -> dict:
    """One article record (`id, text, title, published, source, url, lang`), reproducible from (seed, i)."""
    rng = random.Random(f"{seed}:{i}")
    b = _blocks()
    lang = "fr" if rng.random() < 0.6 else "en"
    L = b[lang]
    place = rng.choice(b["places"])
    published = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    ctx = {"cc": place[2], "published": published,
           "place": place[0 if lang == "fr" else 1], "day": rng.choice(L["days"])}
    agency = rng.choice(b["agencies"])
    paragraphs = []
    kind = rng.random()
    if kind < 0.55:   # an incident story
        paragraphs.append(_fill(rng.choice(L["toll"]), rng, lang, ctx))
        for block, p in (("injured", 0.7), ("missing", 0.2), ("displaced", 0.3), ("cumulative", 0.4)):
            if rng.random() < p:
                paragraphs.append(_fill(rng.choice(L[block]), rng, lang, ctx))
    else:             # a diplomatic story
        paragraphs.append(_fill(rng.choice(L["diplomacy"]), rng, lang, ctx))
        if rng.random() < 0.3:
            paragraphs.append(_fill(rng.choice(L["toll"]), rng, lang, ctx))
    for _ in range(rng.randint(1, 6) + min(MAX_TAIL, int(rng.paretovariate(1.5) * 2))):   # long tail
        block = rng.choices(("background", "quotes", "diplomacy", "toll"), (6, 2, 1, 1))[0]
        sentences = [_fill(rng.choice(L[block]), rng, lang, ctx) for _ in range(rng.randint(1, 3))]
        paragraphs.append(" ".join(sentences))
    dateline = _fill(L["dateline"], rng, lang, {**ctx, "place": ctx["place"], "agency": agency})
    dateline = dateline.replace(ctx["place"], ctx["place"].upper(), 1)
    title = _fill(rng.choice(L["titles"]), rng, lang, ctx)
    return {"id": f"syn{seed}-{i:07d}", "text": dateline + "\n\n".join(paragraphs), "title": title,
            "published": published.isoformat(), "source": agency,
            "url": f"https://example.org/{lang}/{published:%Y/%m}/{i}", "lang": lang}


def stories(n: int, seed: int = 0) -> Iterator[dict]:
    for i in range(n):
        yield story(i, seed)


def generate(folder: str | Path, n: int, seed: int = 0, per_file: int = 1000,
             fmt: str = "jsonl") -> list[Path]:
    """Write `n` stories under `folder`: JSONL shards of `per_file` records, or one .txt each
    with a manifest.csv. Returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if fmt == "txt":
        import csv
        with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as mf:
            w = csv.writer(mf)
            w.writerow(["file", "published", "title", "source", "url", "lang"])
            for rec in stories(n, seed):
                path = folder / f"{rec['id']}.txt"
                path.write_text(rec["text"], encoding="utf-8")
                w.writerow([path.name, rec["published"], rec["title"], rec["source"], rec["url"], rec["lang"]])
                written.append(path)
        return written
    for start in range(0, n, per_file):
        path = folder / f"part-{start // per_file:05d}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for i in range(start, min(n, start + per_file)):
                fh.write(json.dumps(story(i, seed), ensure_ascii=False) + "\n")
        written.append(path)
    return written
