"""Parse throughput and peak memory on generated corpora, with spaCy NER as the yardstick.

    .venv/bin/python bench/parse.py                          # 1k and 10k, spaCy on 1k
    .venv/bin/python bench/parse.py --sizes 1000,10000,100000 --spacy 1000,10000 --dask 20000

For each size a corpus is generated (wirebrief.synthetic, seeded; JSONL shards
of 1,000 stories) and `wirebrief parse` runs on it in a fresh process, which
reports its own wall time and peak RSS (ru_maxrss). The local engine is one
process on one core. The spaCy baseline runs `fr_core_news_md` with every
component but NER (and the tok2vec it needs) excluded, `nlp.pipe` in one
process, over the same texts. `--dask N` parses an N-article corpus with the
local engine and with Dask on a 2-worker LocalCluster.
Figures go to stdout as a Markdown table (copied into the README).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

RUN_PARSE = r"""
import json, resource, sys, time
from wirebrief import ingest
from wirebrief.gazetteer import gazetteer
from wirebrief.corpus import Article
from wirebrief.extract import extract_article
gazetteer()   # one-time loads (gazetteer, compiled language rules), left out as spaCy's model load is
for lang, text in (("fr", "Deux civils ont été tués mardi à Alep."), ("en", "Two people were killed in Homs.")):
    extract_article(Article("warm-up", text, lang=lang))
t = time.perf_counter()
s = ingest.build(sys.argv[1], sys.argv[2], engine=sys.argv[3], workers=int(sys.argv[4]) or None)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "articles": s.articles, "errors": s.errors,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

RUN_SPACY = r"""
import json, resource, sys, time
import spacy
texts = [json.loads(line)["text"] for f in sorted(__import__("pathlib").Path(sys.argv[1]).glob("*.jsonl"))
         for line in open(f, encoding="utf-8")]
nlp = spacy.load("fr_core_news_md", exclude=["morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer"])
t = time.perf_counter()
r0 = resource.getrusage(resource.RUSAGE_SELF)
ents = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64))
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_SELF)
cpu = ru.ru_utime + ru.ru_stime - r0.ru_utime - r0.ru_stime
print(json.dumps({"wall": wall, "cpu": cpu, "articles": len(texts), "entities": ents, "pipes": nlp.pipe_names,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def corpus(n: int, work: Path) -> Path:
    from wirebrief import synthetic
    folder = work / f"corpus-{n}"
    if not folder.exists():
        t = time.perf_counter()
        synthetic.generate(folder, n, seed=2026)
        print(f"# generated {n} articles in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return folder


def child(code: str, *args) -> dict:
    out = subprocess.run([PY, "-c", code, *map(str, args)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def parse_run(folder: Path, work: Path, engine: str = "local", workers: int = 0) -> dict:
    out = work / f"frames-{folder.name}-{engine}"
    subprocess.run(["rm", "-rf", str(out)], check=True)
    return child(RUN_PARSE, folder, out, engine, workers)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--spacy", default="1000", help="sizes to run the spaCy baseline on ('' for none)")
    ap.add_argument("--dask", type=int, default=0, help="corpus size for the local vs Dask comparison")
    ap.add_argument("--work", help="folder for corpora and frames (default: a temporary one)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    spacy_sizes = {int(s) for s in args.spacy.split(",") if s}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work or tmp)
        work.mkdir(parents=True, exist_ok=True)
        print("| articles | wirebrief s | art/s (1 core) | ms/article | peak RSS MB | "
              "spaCy NER s | spaCy art/s | ratio |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n in sizes:
            folder = corpus(n, work)
            w = parse_run(folder, work)
            row = (f"| {n:,} | {w['wall']:.1f} | {n / w['wall']:.0f} | {1000 * w['wall'] / n:.2f} | "
                   f"{w['rss_mb']:.0f} |")
            if n in spacy_sizes:
                s = child(RUN_SPACY, folder)
                row += f" {s['wall']:.1f} | {n / s['wall']:.1f} | {s['wall'] / w['wall']:.1f}x |"
            else:
                row += " | | |"
            print(row, flush=True)
        if args.dask:
            folder = corpus(args.dask, work)
            loc = parse_run(folder, work, "local")
            dsk = parse_run(folder, work, "dask", 2)
            print(f"\n| {args.dask:,} articles | wall s | art/s | speedup |\n|---|---:|---:|---:|")
            print(f"| local engine (1 process) | {loc['wall']:.1f} | {args.dask / loc['wall']:.0f} | 1.00 |")
            print(f"| dask, LocalCluster 2 workers | {dsk['wall']:.1f} | {args.dask / dsk['wall']:.0f} | "
                  f"{loc['wall'] / dsk['wall']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
