"""Transliteration skeletons: one key for the many Latin spellings of a name.

A name written in Arabic, Persian, Pashto, Kurdish or a Turkic script reaches
the press in many Latin spellings: "Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor";
"Tall Abyad", "Tel Abiad". The gazetteer holds a few of them. The rules in
data/gazetteer/transliteration.yaml reduce a folded name key to a skeleton,
so two spellings with the same skeleton are the same name. The geoparser uses
skeletons only after an exact match has failed, and only for places in the
countries the data file lists.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from .config import GAZETTEER_DIR, read_yaml


@cache
def _data() -> dict:
    with open(GAZETTEER_DIR / "transliteration.yaml", encoding="utf-8") as fh:
        return read_yaml(fh)


@cache
def rules() -> tuple[tuple[str, re.Pattern, str], ...]:
    """(name, compiled pattern, replacement) for every rule, in order."""
    return tuple((r["name"], re.compile(r["pattern"]), r["replace"]) for r in _data()["rules"])


@cache
def countries() -> frozenset:
    """The countries whose place names the skeletons are used for."""
    return frozenset(_data()["countries"])


@lru_cache(maxsize=200_000)
def skeleton(key: str) -> str:
    """The skeleton of a folded name key ('deir ez zor' -> 'dayr al zor').

    Memoised: the geoparser asks for the skeletons of the same few thousand
    capitalised words again and again.
    """
    for _name, rx, repl in rules():
        key = rx.sub(repl, key)
    return key
