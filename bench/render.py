"""Render time of the sample briefing against an empty notebook, rendered the same way.

    .venv/bin/python bench/render.py [--repeat 7] [--mode command,in-process]

Two ways of rendering, each measured for both notebooks, html+pdf and html only:

command     `wirebrief render NOTEBOOK --frames F --out O` in a fresh process, timed
            from the outside (wall clock). This is how renders happen: `make report`,
            and `wirebrief schedule run` called by cron or a timer, one process per run.
            Python start-up, the imports of papermill, nbconvert and WeasyPrint and
            WeasyPrint's first-use set-up are part of every render, briefing or not.
in-process  `wirebrief.render()` called again and again in one warm process (the
            first call is not timed). Only the kernel, the export and the layout are
            left, which isolates what the briefing itself costs.

The empty notebook is one parameters cell (`frames_dir`), so both take the same
arguments. Renders alternate between the two notebooks so that drift in the
machine's speed hits both alike; the figure reported is the median.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wirebrief import parse, render  # noqa: E402

BRIEFING = ROOT / "notebooks" / "briefing.ipynb"
WIREBRIEF = Path(sys.executable).with_name("wirebrief")


def empty_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell('frames_dir: str = ""')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    nbformat.write(nb, path)
    return path


def by_command(notebook: Path, frames: Path, formats: list[str]) -> float:
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        subprocess.run([str(WIREBRIEF), "render", str(notebook), "--frames", str(frames), "--out", out,
                        "--to", ",".join(formats)], check=True, capture_output=True)
        return time.perf_counter() - t


def in_process(notebook: Path, frames: Path, formats: list[str]) -> float:
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        render(notebook, out, {"frames_dir": str(frames)}, formats=formats, roots=[frames])
        return time.perf_counter() - t


MODES = {"command": by_command, "in-process": in_process}


def measure(mode: str, empty: Path, frames: Path, formats: list[str], repeat: int) -> tuple[float, float]:
    run = MODES[mode]
    run(empty, frames, formats)           # warm-up: file caches, and the warm process of in-process
    run(BRIEFING, frames, formats)
    e, b = [], []
    for _ in range(repeat):
        e.append(run(empty, frames, formats))
        b.append(run(BRIEFING, frames, formats))
    return statistics.median(e), statistics.median(b)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--mode", default="command,in-process", help="comma-separated: command, in-process")
    args = ap.parse_args()
    modes = args.mode.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        frames = Path(tmp) / "frames"
        parse(ROOT / "data" / "raw" / "samples").save(frames)
        os.environ["WIREBRIEF_FRAMES_ROOTS"] = tmp
        empty = empty_notebook(Path(tmp) / "empty.ipynb")
        print("| mode | formats | empty notebook (s) | sample briefing (s) | ratio |\n|---|---|---:|---:|---:|")
        for mode in modes:
            for formats in (["html", "pdf"], ["html"]):
                e, b = measure(mode, empty, frames, formats, args.repeat)
                print(f"| {mode} | {'+'.join(formats)} | {e:.2f} | {b:.2f} | {b / e:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
