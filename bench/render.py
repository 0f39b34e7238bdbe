"""Render time of the sample briefing versus an empty notebook, HTML and PDF, same machine, same path.

    .venv/bin/python bench/render.py [--repeat 3]

Both go through wirebrief.render (papermill, nbconvert HTML, WeasyPrint PDF),
so the ratio isolates what the briefing itself costs: loading the frames,
the charts and map, and the longer layout.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from wirebrief import parse, render  # noqa: E402


def empty_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cell = nbformat.v4.new_code_cell('frames_dir: str = ""')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    nbformat.write(nb, path)
    return path


def timed(notebook: Path, params: dict, formats, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            t = time.perf_counter()
            render(notebook, out, params, formats=formats, roots=[params["frames_dir"]])
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        frames = Path(tmp) / "frames"
        parse(ROOT / "data" / "raw" / "samples").save(frames)
        empty = empty_notebook(Path(tmp) / "empty.ipynb")
        print(f"{'formats':<10} {'empty (s)':>10} {'briefing (s)':>13} {'ratio':>6}")
        for formats in (["html"], ["html", "pdf"]):
            e = timed(empty, {"frames_dir": str(frames)}, formats, args.repeat)
            b = timed(ROOT / "notebooks" / "briefing.ipynb", {"frames_dir": str(frames)}, formats, args.repeat)
            print(f"{'+'.join(formats):<10} {e:>10.2f} {b:>13.2f} {b / e:>6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
