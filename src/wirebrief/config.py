"""The one place that knows wirebrief's paths (Cookiecutter Data Science layout)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
# WIREBRIEF_DATA_DIR points wirebrief at an edited copy of its data folder (vocabularies,
# event types, gazetteer): a team can keep its own without patching the package.
PACKAGE_DATA = Path(os.environ.get("WIREBRIEF_DATA_DIR") or PACKAGE_DIR / "data")
LANG_DIR = PACKAGE_DATA / "lang"
GAZETTEER_DIR = PACKAGE_DATA / "gazetteer"
TEMPLATES_DIR = PACKAGE_DIR / "templates"

# The layout as relative paths: the command line's defaults are relative to the working
# folder (`render --out`), a schedules file's to the file's folder (`state_dir`,
# `reports_dir`), and the *_DIR paths below to PROJ_ROOT.
REPORTS = Path("reports")
SCHEDULED_REPORTS = REPORTS / "scheduled"   # <job>/<start>_<end>/<job>.{ipynb,html,pdf}
STATE = Path("var") / "wirebrief"           # the scheduler's SQLite state, locks and outbox
SAMPLE_FRAMES = Path("data") / "processed" / "samples"

# PROJ_ROOT is the checkout when wirebrief runs from one; override with WIREBRIEF_ROOT.
PROJ_ROOT = Path(os.environ.get("WIREBRIEF_ROOT", PACKAGE_DIR.parents[1]))
DATA_DIR = PROJ_ROOT / "data"
RAW_DATA_DIR = DATA_DIR / "raw"
SAMPLES_DIR = RAW_DATA_DIR / "samples"
PROCESSED_DATA_DIR = DATA_DIR / "processed"
SAMPLE_FRAMES_DIR = PROJ_ROOT / SAMPLE_FRAMES
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / REPORTS
STATE_DIR = PROJ_ROOT / STATE

# Limits that keep one hostile file from exhausting memory.
MAX_FILE_BYTES = int(os.environ.get("WIREBRIEF_MAX_FILE_BYTES", 20 * 1024 * 1024))


# libyaml's loader reads the same documents ten times faster than the pure-Python one;
# wheels without libyaml fall back to the latter.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text_or_file) -> Any:
    """Safe-load YAML (a string or an open file): plain data only, never Python objects."""
    return yaml.load(text_or_file, Loader=_YAML_LOADER)
