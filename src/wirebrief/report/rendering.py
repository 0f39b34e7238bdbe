"""Rendering briefings: papermill executes, nbconvert renders HTML, WeasyPrint makes the PDF.

Every output is written to a temporary file and renamed into place, so a
failed render never replaces the last good report and no half-written file
ever carries a final name.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import nbformat
import papermill as pm

from ..errors import RenderError
from .exporter import BriefingHTMLExporter, html_to_pdf

FORMATS = ("html", "pdf")

# How papermill runs a briefing. The executed notebook lands in a private temporary
# folder, so saving it after every cell (papermill's default, with a full JSON
# validation each time) bought nothing: it is written once at the end, or with
# the failing cell when one fails. Once every output is back the kernel has
# nothing left to do, and a graceful shutdown only waits for pandas and
# matplotlib to tear down (0.2 s per briefing), so it is stopped at once.
EXECUTION_OPTIONS = {"request_save_on_cell_execute": False, "shutdown_kernel": "immediate"}


def _kernel_config(sockets: Path):
    """The kernel talks to papermill over Unix sockets in `sockets`, a private folder.

    Over TCP (jupyter's default) any local user can reach the kernel's ports and
    ipykernel prints a warning about it on every run, which cron mails to the
    operator. IPC sockets need an absolute path (jupyter's default is relative to
    the working folder, where two renders would share them) and a short one (a
    Unix socket path holds about 100 bytes), hence a folder of the temp dir.
    """
    from traitlets.config import Config
    return Config({"KernelManager": {"transport": "ipc", "ip": str(sockets / "kernel")}})


def _write_temp(folder: Path, prefix: str, data: bytes) -> Path:
    """`data` in a new temporary file of `folder`, fsynced and readable; nothing left on failure."""
    fd, tmp = tempfile.mkstemp(prefix=prefix, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def atomic_write(path: Path, data: bytes) -> None:
    """`data` at `path`, complete or not at all: a reader (a mailer, a browser) never sees a
    half-written report, and a failed write leaves the previous file as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.replace(_write_temp(path.parent, f".{path.name}.", data), path)


STEM_PARAMS = ("country", "place", "actor", "lang", "start", "end")


def output_stem(notebook: str | os.PathLike, parameters: dict | None) -> str:
    """`briefing_sy_2016-09-16_2016-09-22`: the notebook and the parameters that choose its content.

    Two renders that differ in area, window or language never overwrite each
    other; re-rendering the same selection replaces its previous report.
    """
    parts = [Path(notebook).stem]
    for key in STEM_PARAMS:
        value = str((parameters or {}).get(key) or "").strip()
        if value and not (key == "lang" and value == "en"):
            parts.append(re.sub(r"[^\w.-]+", "-", value.lower()).strip("-")[:40])
    return "_".join(p for p in parts if p)


STALE_SECONDS = 3600   # temporary files older than this are leftovers of a killed render


def _clear_leftovers(out_dir: Path) -> None:
    """Remove what a killed render left behind (`.render-*` folders, `.<name>.*` files)."""
    now = time.time()
    for p in out_dir.glob(".*"):
        if not (p.name.startswith(".render-") or re.match(r"\.[\w.-]+\.(?:ipynb|html|pdf)\.", p.name)):
            continue
        try:
            if now - p.lstat().st_mtime > STALE_SECONDS:
                shutil.rmtree(p) if p.is_dir() else p.unlink()
        except OSError:
            pass


def _stage(out_dir: Path, outputs: dict[str, bytes], stem: str) -> dict[str, Path]:
    """Write every output to a temporary file beside its final name (fsynced), or none at all."""
    staged: dict[str, Path] = {}
    try:
        for ext, data in outputs.items():
            staged[ext] = _write_temp(out_dir, f".{stem}.{ext}.", data)
    except OSError as exc:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
        raise RenderError("write", f"could not write the {ext} output into {out_dir}: {exc}") from exc
    return staged


def render(notebook: str | os.PathLike, out_dir: str | os.PathLike, parameters: dict | None = None,
           formats=FORMATS, stem: str | None = None, timeout: int = 600,
           roots: list[str | os.PathLike] | None = None) -> dict[str, Path]:
    """Execute `notebook` with `parameters` and write `<stem>.ipynb/.html/.pdf` into out_dir.

    Parameters are checked first (wirebrief.report.params): `roots` adds folders that
    `frames_dir` may point into. All outputs are written aside and renamed into
    place only once every one of them is complete, so a failure at any step
    leaves the previous report exactly as it was.
    """
    from .params import validate
    notebook, out_dir = Path(notebook), Path(out_dir)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise RenderError("arguments", f"unknown format(s) {sorted(unknown)}; choose from {FORMATS}")
    if not notebook.exists():
        raise RenderError("arguments", f"no notebook at {notebook}")
    if stem is not None and not re.fullmatch(r"\w[\w.-]{0,150}", stem):
        raise RenderError("arguments", f"output name {stem!r}: use letters, digits, '.', '-' and '_' only")
    parameters = validate(notebook, parameters or {}, roots)
    stem = stem or notebook.stem
    out_dir.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(out_dir)
    with tempfile.TemporaryDirectory(prefix=".render-", dir=out_dir) as tmp:
        executed = Path(tmp) / f"{stem}.ipynb"
        try:
            with tempfile.TemporaryDirectory(prefix="wirebrief-kernel-") as sockets:
                pm.execute_notebook(str(notebook), str(executed), parameters=parameters,
                                    cwd=str(notebook.parent), progress_bar=False,
                                    execution_timeout=timeout, kernel_name="python3", language="python",
                                    config=_kernel_config(Path(sockets)), **EXECUTION_OPTIONS)
        except pm.PapermillExecutionError as exc:
            failed = out_dir / f"{stem}.failed.ipynb"
            if executed.exists():
                atomic_write(failed, executed.read_bytes())
            raise RenderError("execute", f"cell {exc.cell_index} failed: {exc.ename}: {exc.evalue}",
                              cell_index=exc.cell_index, ename=exc.ename, evalue=exc.evalue,
                              executed_notebook=str(failed)) from exc
        except Exception as exc:   # a dead kernel, a timeout, a missing kernel
            raise RenderError("execute", f"{type(exc).__name__}: {exc}") from exc
        nb = nbformat.read(executed, as_version=4)
        outputs: dict[str, bytes] = {"ipynb": executed.read_bytes()}
        try:
            html, _ = BriefingHTMLExporter().from_notebook_node(nb)
        except Exception as exc:
            raise RenderError("html", f"{type(exc).__name__}: {exc}") from exc
        if "html" in formats:
            outputs["html"] = html.encode("utf-8")
        if "pdf" in formats:
            try:
                outputs["pdf"] = html_to_pdf(html)
            except Exception as exc:
                raise RenderError("pdf", f"{type(exc).__name__}: {exc}") from exc
    staged = _stage(out_dir, outputs, stem)
    written = {}
    for ext, tmp in staged.items():
        path = out_dir / f"{stem}.{ext}"
        os.replace(tmp, path)
        written[ext] = path
    (out_dir / f"{stem}.failed.ipynb").unlink(missing_ok=True)
    return written
