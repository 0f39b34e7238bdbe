"""The `wirebrief` command: gathers arguments and calls one library function each."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from .errors import RenderError


def _parse(args) -> int:
    from .frames import parse
    frames = parse(args.corpus, progress=sys.stderr.isatty())
    frames.save(args.out)
    print(f"wirebrief: {frames.summary()} -> {args.out}")
    for row in frames.errors.itertuples():
        print(f"  error: {row.path}: {row.stage}: {row.message}", file=sys.stderr)
    return 1 if args.strict and len(frames.errors) else 0


def _render(args) -> int:
    from .render import render
    params = {}
    if args.param_file:
        params.update(yaml.safe_load(Path(args.param_file).read_text(encoding="utf-8")) or {})
    for name, value in args.param or []:
        params[name] = value
    if args.frames:
        params["frames_dir"] = str(Path(args.frames).resolve())
    try:
        out = render(args.notebook, args.out, params, formats=[f for f in args.to.split(",") if f])
    except RenderError as exc:
        where = f" (executed notebook kept at {exc.executed_notebook})" if exc.executed_notebook else ""
        print(f"wirebrief: render failed at {exc.step}: {exc}{where}", file=sys.stderr)
        return 2
    print("wirebrief: wrote " + ", ".join(str(p) for p in out.values()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="wirebrief", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="read a corpus and write its frames as Parquet")
    p.add_argument("corpus", nargs="+", help="folders (read recursively) or files")
    p.add_argument("--out", required=True, help="folder for the Parquet frames")
    p.add_argument("--strict", action="store_true", help="exit 1 when any file failed")
    p.set_defaults(func=_parse)
    r = sub.add_parser("render", help="execute a briefing notebook and render HTML/PDF")
    r.add_argument("notebook")
    r.add_argument("--frames", help="frames folder (sets the frames_dir parameter)")
    r.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"))
    r.add_argument("--param-file", help="YAML file of parameters")
    r.add_argument("--to", default="html,pdf", help="comma-separated formats: html,pdf")
    r.add_argument("--out", default="reports", help="output folder")
    r.set_defaults(func=_render)
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
