"""Per-language knowledge: one folder per language, one YAML file per component.

    data/lang/<code>/grammar.yaml      closed classes every component uses (top level)
    data/lang/<code>/<component>.yaml  numbers, dates, places, casualties, events,
                                       briefing, display: load(code)[<component>]

A language is supported because its folder exists (with a grammar.yaml), in
the package's data/lang or in a folder named by WIREBRIEF_LANG_PATH
(os.pathsep-separated): adding a language is adding data, never code. Keys
ending in `_re` hold regular expressions; every other list holds words.
A key the reference language has and another language lacks is read as
empty (a regex that never matches, an empty word list), so a new language
can start small; tests/test_lang_data.py holds the shipped ones to the
reference's keys.
"""
from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from .config import LANG_DIR, read_yaml

DEFAULT = "fr"        # the rules an article in an unsupported language is read with
REFERENCE = "en"      # the language whose keys every shipped language must have
TOP_LEVEL = "grammar"  # the one file whose keys sit at the top of load(code)
NEVER = "(?!)"        # a regex that matches nothing: an absent `_re` string


def search_path() -> list[Path]:
    """The package's language folder, then those WIREBRIEF_LANG_PATH names."""
    extra = [Path(p) for p in os.environ.get("WIREBRIEF_LANG_PATH", "").split(os.pathsep) if p]
    return [LANG_DIR, *extra]


def _folder(code: str) -> Path | None:
    for root in search_path():
        if (root / code / f"{TOP_LEVEL}.yaml").is_file():
            return root / code
    return None


def supported() -> tuple[str, ...]:
    """Every language with a data folder, in alphabetical order."""
    found = {p.name for root in search_path() if root.is_dir()
             for p in root.iterdir() if (p / f"{TOP_LEVEL}.yaml").is_file()}
    return tuple(sorted(found))


def briefing_languages() -> tuple[str, ...]:
    """The languages a briefing can be written in: those with the briefing's labels."""
    return tuple(code for code in supported() if (_folder(code) / "briefing.yaml").is_file())


SUPPORTED = supported()   # the shipped languages at import; supported() also sees WIREBRIEF_LANG_PATH changes


def read_folder(folder: Path) -> dict[str, Any]:
    """A language folder's files as one dict, exactly as written (no defaults)."""
    data: dict[str, Any] = {}
    for path in sorted(folder.glob("*.yaml")):
        with open(path, encoding="utf-8") as fh:
            content = read_yaml(fh) or {}
        if path.stem == TOP_LEVEL:
            data.update(content)
        else:
            data[path.stem] = content
    return data


def _empty_like(key: str, value: Any) -> Any:
    """What a missing key reads as: the reference value's type, empty."""
    if isinstance(value, dict):
        return {k: _empty_like(k, v) for k, v in value.items()} if key.endswith("_re") or key in ("qualifiers",) else {}
    if isinstance(value, list):
        return []
    if isinstance(value, str):
        return NEVER if key.endswith("_re") else ""
    return value


def _with_defaults(data: dict, reference: dict) -> dict:
    out = dict(data)
    for key, ref in reference.items():
        if key not in out:
            out[key] = _empty_like(key, ref)
        elif isinstance(ref, dict) and isinstance(out[key], dict) and not key.endswith("_re"):
            # a component file: fill its missing keys one level down
            if all(isinstance(k, str) for k in ref) and key in _reference_sections():
                out[key] = _with_defaults(out[key], ref)
    return out


@cache
def _reference_sections() -> frozenset:
    return frozenset(k for k, v in read_folder(LANG_DIR / REFERENCE).items() if isinstance(v, dict))


@cache
def load(lang: str) -> dict[str, Any]:
    """The language's knowledge as one dict; unsupported codes fall back to DEFAULT."""
    folder = _folder(lang) or _folder(DEFAULT)
    data = read_folder(folder)
    if folder.name == REFERENCE and folder.parent == LANG_DIR:
        return data
    return _with_defaults(data, read_folder(LANG_DIR / REFERENCE))


def either(patterns) -> str:
    """Regex alternatives joined with |, or a regex that never matches when there are none.

    An empty alternation would match everywhere: a language file that leaves a
    list empty must switch its rule off, not fire it on every word.
    """
    return "|".join(patterns) or NEVER


def alternation(items, *, words: bool = True) -> str:
    """A regex alternative of literal items, longest first (so 'plus de' beats 'plus')."""
    parts = sorted((re.escape(i) for i in items), key=len, reverse=True)
    body = "|".join(parts) or "(?!)"
    return rf"(?<!\w)(?:{body})(?!\w)" if words else f"(?:{body})"


@cache
def union(*path: str) -> tuple[str, ...]:
    """The list at load(lang)[path...] joined over every supported language.

    For cues that also appear in other-language copy (French titles in an
    English story, a place list joined by "et" or "and").
    """
    out: list[str] = []
    for code in supported():
        node: Any = load(code)
        for key in path:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        out += [str(v) for v in node or [] if str(v) not in out]
    return tuple(out)
