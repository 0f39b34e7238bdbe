"""Checking notebook parameters before a render.

Parameters come from the command line, parameter files and schedules: text a
user (or a less trusted config) typed. papermill writes them into the
notebook as Python literals, so they are never run as code, but a wrong one
still matters: a misspelt name is silently ignored, a `frames_dir` can name
a folder that holds no frames (an empty briefing) or point anywhere on the
machine (it is read as the notebook reads it: from the project root). So every parameter must be one the
notebook declares (in its cell tagged `parameters`), of the declared type, and
the well-known ones must make sense: ISO dates, a known language, an ISO
country code, a frames folder inside the configured roots.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import tempfile
from pathlib import Path

from .. import lang as langdata
from ..config import DATA_DIR, read_yaml
from ..dataset import is_frames, not_frames_message
from ..errors import RenderError

MAX_TEXT = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def frames_roots(extra: list[str | os.PathLike] | None = None) -> list[Path]:
    """Folders a `frames_dir` may lie in: $WIREBRIEF_FRAMES_ROOTS (os.pathsep-separated),
    else the project's data/ folder; plus `extra` (the scheduler's state folder, say)."""
    env = os.environ.get("WIREBRIEF_FRAMES_ROOTS", "")
    roots = [Path(p) for p in env.split(os.pathsep) if p] or [DATA_DIR]
    return [r.resolve() for r in roots + [Path(p) for p in extra or []]]


def _declared(notebook: Path) -> dict[str, dict]:
    """The notebook's declared parameters (papermill's reading of the `parameters` cell).

    papermill needs a kernel name to read them; a notebook written without one
    is read as the Python notebook render will run it as.
    """
    import nbformat
    nb = nbformat.read(notebook, as_version=4)
    if nb.metadata.get("kernelspec", {}).get("name"):
        return _inspect(notebook)
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / notebook.name
        nbformat.write(nb, copy)
        return _inspect(copy)


def _inspect(notebook: Path) -> dict[str, dict]:
    """papermill's reading of the parameters, without its "Input Notebook" log line: the
    render logs that line once more for the same notebook (a temporary copy, here)."""
    import logging

    import papermill as pm
    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        return pm.inspect_notebook(str(notebook))
    finally:
        logger.setLevel(level)


def declared(notebook: str | os.PathLike) -> dict[str, dict]:
    """The parameters `notebook` declares: name -> papermill's name, inferred_type_name,
    default and help (the comment after it)."""
    return _declared(Path(notebook))


RELATIVE_DAY = re.compile(r"^(?:today|yesterday|[+-]\d+[dwm])$")


def resolve_day(value: str, today: dt.date) -> str:
    """'today', 'yesterday', '-7d', '+1d', '-2w', '-1m' (calendar months) or an ISO date -> ISO date."""
    if value == "today":
        return today.isoformat()
    if value == "yesterday":
        return (today - dt.timedelta(days=1)).isoformat()
    m = re.fullmatch(r"([+-]\d+)([dwm])", value)
    if not m:
        return value
    n, unit = int(m.group(1)), m.group(2)
    if unit == "d":
        return (today + dt.timedelta(days=n)).isoformat()
    if unit == "w":
        return (today + dt.timedelta(weeks=n)).isoformat()
    month = today.month - 1 + n
    year, month = today.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1])).isoformat()


def resolve_days(params: dict, today: dt.date) -> dict:
    """`start` and `end` given as days relative to `today` made ISO dates, as a schedule's are
    against its fire day: `render -p start -7d -p end yesterday` is last week."""
    return {k: resolve_day(v, today) if k in ("start", "end") and isinstance(v, str) else v
            for k, v in params.items()}


def _fail(name: str, why: str) -> RenderError:
    return RenderError("parameters", f"parameter {name!r}: {why}")


def _typed(name: str, value, type_name: str | None):
    if type_name in ("int", "float"):
        if isinstance(value, bool):
            raise _fail(name, f"expected a number, got {value!r}")
        try:
            return int(value) if type_name == "int" else float(value)
        except (TypeError, ValueError):
            raise _fail(name, f"expected a number, got {value!r}") from None
    if type_name == "bool":
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "yes", "1", "false", "no", "0"):
            return str(value).lower() in ("true", "yes", "1")
        raise _fail(name, f"expected true or false, got {value!r}")
    # str (and untyped): a plain scalar, no control characters, not a novel
    if isinstance(value, dt.date):
        value = value.isoformat()
    if isinstance(value, (list, dict, set, tuple)) or value is None:
        raise _fail(name, f"expected text, got {type(value).__name__}")
    value = str(value)
    if _CONTROL.search(value):
        raise _fail(name, "control characters are not allowed")
    if len(value) > MAX_TEXT:
        raise _fail(name, f"longer than {MAX_TEXT} characters")
    return value


def _iso_day(name: str, value: str) -> str:
    if value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise _fail(name, f"expected an ISO date such as 2016-09-01, got {value!r}") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise _fail(name, f"expected an ISO date such as 2016-09-01, got {value!r}")
    return value


def _frames_dir(value: str, notebook: Path, roots: list[Path]) -> str:
    from .select import frames_path
    path = frames_path(value).resolve()   # as the notebook will read it
    if not any(path.is_relative_to(r) for r in roots):
        raise _fail("frames_dir", f"{path} is outside the allowed folders "
                    f"({', '.join(map(str, roots))}; set WIREBRIEF_FRAMES_ROOTS to allow others)")
    if not path.is_dir():
        raise _fail("frames_dir", f"no frames folder at {path} (run `wirebrief parse` first)")
    if not is_frames(path):
        raise _fail("frames_dir", not_frames_message(path))
    return str(path)


def read_file(path: str | os.PathLike) -> dict:
    """The parameters of a YAML file (`--param-file`): a mapping of names to values.

    A missing or unreadable file, bad YAML or a list instead of a mapping is a
    one-line error at step 'arguments', before a kernel is started.
    """
    import yaml
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RenderError("arguments", f"no parameter file at {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise RenderError("arguments", f"parameter file {path}: {why}") from None
    try:
        data = read_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise RenderError("arguments", f"parameter file {path}: not valid YAML{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RenderError("arguments", f"parameter file {path}: expected a mapping of parameter names "
                          f"to values, got a {type(data).__name__}")
    return data


def validate(notebook: str | os.PathLike, params: dict, roots: list | None = None) -> dict:
    """The parameters, checked and typed, or a RenderError at step 'parameters' saying which and why."""
    notebook = Path(notebook)
    declared = _declared(notebook)
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise RenderError("parameters", f"unknown parameter(s) {unknown} for {notebook.name}; "
                          f"it takes {sorted(declared)}")
    out = {}
    for name, value in params.items():
        value = _typed(name, value, declared[name].get("inferred_type_name"))
        if name in ("start", "end"):
            value = _iso_day(name, value)
        elif name == "lang":
            langs = list(langdata.briefing_languages())
            if value not in langs:
                raise _fail(name, f"expected one of {langs}, got {value!r}")
        elif name == "country":
            if value and not re.fullmatch(r"[A-Za-z]{2}", value):
                raise _fail(name, f"expected an ISO 3166-1 alpha-2 code such as SY, got {value!r}")
            value = value.upper()
        elif name == "frames_dir":
            value = _frames_dir(value, notebook, frames_roots(roots))
        out[name] = value
    if out.get("start") and out.get("end") and out["start"] > out["end"]:
        raise RenderError("parameters", f"start {out['start']} is after end {out['end']}")
    return out
