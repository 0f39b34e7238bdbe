#!/usr/bin/env python3
"""Extraction speed on unique texts, one core, in process.

    python bench/extract.py [--repeat 3] CORPUS [CORPUS ...]

Reads every article of the corpora once (wirebrief.corpus), runs the first
through the pipeline to load the gazetteer and compile the rules (left out
of the timing, as spaCy's model load is), then times the extraction of every
article, each text once, so that no cache keyed on a text can make a
repeated article cheap. Prints articles/s (best of --repeat passes over
fresh copies of the texts) and CPU ms per article.
"""
from __future__ import annotations

import argparse
import time

from wirebrief.corpus import Article, iter_corpus
from wirebrief.extract import extract_article


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    articles = [a for a in iter_corpus(args.corpora) if isinstance(a, Article)]
    extract_article(articles[0])   # gazetteer load and rule compilation
    best = None
    for k in range(args.repeat):
        # a distinct suffix per pass: every text is new to every memo keyed on it
        batch = [Article(**{**vars(a), "text": a.text + " " * (k + 1)}) for a in articles]
        t0 = time.process_time()
        for a in batch:
            extract_article(a)
        spent = time.process_time() - t0
        best = spent if best is None else min(best, spent)
    print(f"{len(articles)} articles, best of {args.repeat}: {best:.2f} s CPU, "
          f"{len(articles) / best:.0f} articles/s, {1000 * best / len(articles):.2f} ms/article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
