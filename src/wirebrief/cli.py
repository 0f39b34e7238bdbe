"""The `wirebrief` command: gathers arguments and calls one library function each."""
from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path

from .config import REPORTS
from .errors import InputError, RenderError, WirebriefError


def _parse(args) -> int:
    from . import dataset, ingest
    try:
        summary = ingest.build(args.corpus, args.out, engine=args.engine, rebuild=args.rebuild,
                               prune=args.prune, scheduler=args.scheduler, workers=args.workers,
                               progress=sys.stderr.isatty())
    except InputError as exc:
        print(f"wirebrief: parse: {exc}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as exc:
        print(f"wirebrief: parse failed: {exc}", file=sys.stderr)
        return 2
    print(f"wirebrief: {summary.line()} -> {args.out}")
    empty = summary.files == 0
    if empty:
        print(f"wirebrief: warning: no file to read in {' '.join(args.corpus)} "
              f"(wirebrief reads {' '.join(_readable_suffixes())})", file=sys.stderr)
    errors = dataset.errors(args.out)
    for row in errors.head(MAX_ERRORS_SHOWN).itertuples():
        print(f"  error: {row.path}: {row.stage}: {row.message}", file=sys.stderr)
    if len(errors) > MAX_ERRORS_SHOWN:
        print(f"  ... and {len(errors) - MAX_ERRORS_SHOWN} more in {args.out}/errors", file=sys.stderr)
    return 1 if args.strict and (len(errors) or empty) else 0


MAX_ERRORS_SHOWN = 20


def _readable_suffixes() -> list[str]:
    from .corpus import READERS
    return sorted(READERS)


def _render(args) -> int:
    import datetime as dt

    from .report.params import read_file, resolve_days
    from .report.rendering import output_stem, render
    _log_to_stderr(args.verbose)
    if args.list_params:
        return _list_params(args.notebook)
    params = {}
    for name, value in args.param or []:
        params[name] = value
    if args.frames:
        params["frames_dir"] = str(Path(args.frames).resolve())
    try:
        params = {**(read_file(args.param_file) if args.param_file else {}), **params}
        params = resolve_days(params, dt.date.today())
        out = render(args.notebook, args.out, params, formats=_formats(args.to),
                     stem=args.name or output_stem(args.notebook, params))
    except RenderError as exc:
        where = f" (executed notebook kept at {exc.executed_notebook})" if exc.executed_notebook else ""
        print(f"wirebrief: render failed at {exc.step}: {exc}{where}", file=sys.stderr)
        return 2
    print("wirebrief: wrote " + ", ".join(str(p) for p in out.values()))
    return 0


def _formats(to: str) -> list[str]:
    """`--to PDF,Html` means pdf and html: formats are names, not case-sensitive paths."""
    return [f.strip().lower() for f in to.split(",") if f.strip()]


def _list_params(notebook: str) -> int:
    """The notebook's parameters as its `parameters` cell declares them, one a line."""
    from .report.params import declared
    if not Path(notebook).is_file():
        print(f"wirebrief: render: no notebook at {notebook}", file=sys.stderr)
        return 2
    try:
        rows = [(p["name"], p.get("inferred_type_name") or "", p.get("default") or "", p.get("help") or "")
                for p in declared(notebook).values()]
    except Exception as exc:   # not JSON, not a notebook: papermill's and nbformat's many errors
        print(f"wirebrief: render: cannot read the parameters of {notebook}: {exc}", file=sys.stderr)
        return 2
    rows.insert(0, ("name", "type", "default", "comment"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row[:3], widths, strict=True)) + "  " + row[3])
    return 0


def _log_to_stderr(verbose: bool = False) -> None:
    """Warnings and errors on stderr; with -v, every library's progress lines too.

    cron mails whatever a job prints, so a run that went well must print
    nothing but its result: papermill's and WeasyPrint's INFO lines are for -v.
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _schedules_path(args) -> str:
    return args.file or os.environ.get("WIREBRIEF_SCHEDULES", "schedules.toml")


def _schedule(args) -> int:
    from .deliver import schedule, smtp
    _log_to_stderr(args.verbose)
    sched = schedule.load(_schedules_path(args))
    if args.action == "check":
        return _schedule_check(sched)
    if args.action == "list":
        return _schedule_list(sched)
    cfg = smtp.SmtpConfig.from_env(dotenv=smtp.dotenv_files(sched.path))
    outcomes = schedule.run(sched, cfg, only=args.job, force=args.now, resend=args.resend)
    for o in outcomes:
        print(f"{o.job}: {o.status}" + (f" ({o.detail})" if o.detail else ""))
    return 0 if all(o.ok for o in outcomes) else 1


def _schedule_check(sched) -> int:
    from .deliver import schedule
    problems = schedule.check(sched)
    for line in problems:
        print(f"wirebrief: {line}", file=sys.stderr)
    if problems:
        return 2
    print(f"wirebrief: {sched.path}: {len(sched.jobs)} job(s) OK; SMTP settings and frames folders found")
    return 0


def _schedule_list(sched) -> int:
    from .deliver import schedule
    from .deliver.state import State
    state = State(sched.state_dir)
    now = schedule.utcnow()
    print(f"{'job':<20} {'cron':<16} {'next run (UTC)':<20} last run")
    for job in sched.jobs:
        print(f"{job.name:<20} {job.cron:<16} {schedule.next_fire(job, now).isoformat(' '):<20} "
              f"{schedule.last_run_line(state, job)}")
    state.close()
    return 0


OPEN = ("pending", "failed", "unconfirmed")   # outbox statuses that still need an operator or a retry


def _outbox(args) -> int:
    from .deliver import outbox, schedule, smtp
    from .deliver.state import State
    _log_to_stderr(args.verbose)
    sched = schedule.load(_schedules_path(args))
    if args.action == "list":
        state = State(sched.state_dir)
        for row in state.deliveries():
            print(f"{row['status']:<12} {row['job']:<20} attempts={row['attempts']} {row['message_id']}"
                  + (f"  {row['last_error']}" if row["last_error"] else ""))
        state.close()
        return 0
    cfg = smtp.SmtpConfig.from_env(dotenv=smtp.dotenv_files(sched.path))
    results = outbox.retry_outbox(sched, cfg, force=args.force)
    for mid, status in results:
        print(f"{status}: {mid}")
    if any(s == "pending" for _, s in results):
        print("wirebrief: the SMTP server still does not take them: run `wirebrief outbox retry` "
              "again later", file=sys.stderr)
    return 1 if any(s in OPEN for _, s in results) else 0


class _Parser(argparse.ArgumentParser):
    """argparse that reads `-7d`, `-2w`, `-1m` as values, like the negative number `-7`.

    Relative days are values of `-p start -7d`, but argparse takes any word that
    starts with '-' and is not a number for an option, and stops with "expected 2
    arguments". No wirebrief option looks like a number, so a number with a day,
    week or month unit can safely be read as one (subcommands inherit the class).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = re.compile(r"^-\d+[dwm]?$|^-\d*\.\d+$")


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Shows each option's default, except where there is none to show (None, a flag's
    False) or the help already says what happens without the option."""

    def _get_help_string(self, action):
        if action.default is None or action.default is False or "default" in (action.help or ""):
            return action.help
        return super()._get_help_string(action)


SCHEDULES_FILE_HELP = "schedules file (default: $WIREBRIEF_SCHEDULES, else ./schedules.toml)"


def _common() -> argparse.ArgumentParser:
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument("-v", "--verbose", action="store_true",
                         help="also log papermill's and WeasyPrint's progress (default: warnings only)")
    return verbose


def _add_parse(sub) -> None:
    p = sub.add_parser("parse", help="read a corpus and write its frames as Parquet",
                       description="Read wire articles and write their frames as a Parquet dataset.",
                       formatter_class=_HelpFormatter)
    p.add_argument("corpus", nargs="+", help="folders (read recursively) or files")
    p.add_argument("--out", required=True, help="folder for the Parquet frames")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any file failed or CORPUS holds no file to read (default: a warning)")
    p.add_argument("--rebuild", action="store_true",
                   help="parse every file of CORPUS again (default: only files whose content hash changed)")
    p.add_argument("--prune", action="store_true",
                   help="remove every article not from CORPUS (default: keep earlier batches; remove only "
                        "files deleted from the folders given)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: this process; dask: a Dask cluster (LocalCluster unless --scheduler)")
    p.add_argument("--workers", type=int, help="Dask LocalCluster workers (default: one per core)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address, e.g. tcp://10.0.0.5:8786, workers must see --out "
                        "(default: a LocalCluster)")
    p.set_defaults(func=_parse)


def _export(args) -> int:
    from .frames import Frames
    from .incidents.export import export
    table = export(Frames.load(args.frames), args.format)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    table.to_csv(tmp, index=False)
    os.replace(tmp, out)   # a reader never sees half a file
    print(f"wirebrief: {len(table)} incidents as {args.format.upper()} -> {out}")
    return 0


def _add_export(sub) -> None:
    e = sub.add_parser("export", help="write the incidents in ACLED's or UCDP GED's columns (CSV)",
                       description="Write one row per incident with the columns of ACLED or UCDP GED, "
                                   "filled with what wirebrief knows (the rest left empty).",
                       formatter_class=_HelpFormatter)
    e.add_argument("--format", required=True, choices=("acled", "ucdp"), type=str.lower,
                   help="acled: ACLED's event columns (fatalities = the incident's low); ucdp: UCDP GED's")
    e.add_argument("--frames", required=True, help="frames folder written by `wirebrief parse`")
    e.add_argument("--out", required=True, help="CSV file to write")
    e.set_defaults(func=_export)


def _add_render(sub, verbose) -> None:
    r = sub.add_parser("render", parents=[verbose], help="execute a briefing notebook and render HTML/PDF",
                       description="Execute a notebook with papermill and render it to HTML and PDF.",
                       formatter_class=_HelpFormatter)
    r.add_argument("notebook", help="the notebook to run, e.g. notebooks/briefing.ipynb")
    r.add_argument("--list-params", action="store_true",
                   help="print the notebook's parameters (name, type, default, comment) and exit")
    r.add_argument("--frames", help="frames folder, as written by `wirebrief parse` (sets frames_dir; "
                                    "default: the notebook's own)")
    r.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="set a notebook parameter; start and end also take today, yesterday, -7d, "
                        "-2w, -1m (default: the notebook's values; see --list-params)")
    r.add_argument("--param-file", help="YAML file of parameters; -p wins over it (default: none)")
    r.add_argument("--to", default="html,pdf", help="comma-separated formats, any case: html, pdf")
    r.add_argument("--out", default=str(REPORTS), help="output folder")
    r.add_argument("--name", help="output file stem (default: notebook name and the area, window and language)")
    r.set_defaults(func=_render)


def _actions(parser, command: str, metavar: str, verbose):
    """The ACTION subparsers of `schedule` or `outbox`, and the options every action shares."""
    actions = parser.add_subparsers(dest="action", required=True, metavar=metavar,
                                    help=f"`wirebrief {command} ACTION --help` tells more")
    common = argparse.ArgumentParser(add_help=False, parents=[verbose])
    common.add_argument("--file", help=SCHEDULES_FILE_HELP)
    return actions, common


def _add_schedule(sub, verbose) -> None:
    s = sub.add_parser("schedule", help="run scheduled briefings (for cron, systemd timers, orchestrators)",
                       description="Scheduled briefings: the jobs of a schedules file (TOML).",
                       formatter_class=_HelpFormatter)
    actions, common = _actions(s, "schedule", "{run,list,check}", verbose)
    run = actions.add_parser("run", parents=[common], formatter_class=_HelpFormatter,
                             help="render and mail every job that is due, then exit",
                             description="Render and mail every job whose cron expression fired since its "
                                         "window last succeeded, deliver what waits in the outbox, and exit. "
                                         "Made to be called by cron every few minutes.")
    run.add_argument("--job", help="only this job (default: every job that is due)")
    run.add_argument("--now", action="store_true",
                     help="run --job now, whether due or not; a window already mailed is not mailed again")
    run.add_argument("--resend", action="store_true",
                     help="with --job NAME --now: mail the window again even if it was delivered")
    actions.add_parser("list", parents=[common], formatter_class=_HelpFormatter,
                       help="each job, its next run and its last run",
                       description="List each job with its cron expression, next run (UTC) and last run.")
    actions.add_parser("check", parents=[common], formatter_class=_HelpFormatter,
                       help="validate the schedules file and exit",
                       description="Read and validate the schedules file; exit 2 naming the job and key "
                                   "of the first mistake.")
    s.set_defaults(func=_schedule)


def _add_outbox(sub, verbose) -> None:
    o = sub.add_parser("outbox", help="messages waiting to be sent",
                       description="The scheduler's outbox: mailed briefings and their delivery state.",
                       formatter_class=_HelpFormatter)
    actions, common = _actions(o, "outbox", "{list,retry}", verbose)
    actions.add_parser("list", parents=[common], formatter_class=_HelpFormatter,
                       help="every message and its delivery status",
                       description="List every queued message with its status, attempts and last error.")
    retry = actions.add_parser("retry", parents=[common], formatter_class=_HelpFormatter,
                               help="send the messages still pending",
                               description="Send the messages still pending to the recipients not yet served.")
    retry.add_argument("--force", metavar="MESSAGE_ID",
                       help="resend an unconfirmed message (default: unconfirmed ones are left alone)")
    o.set_defaults(func=_outbox)


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    ap = _Parser(prog="wirebrief", formatter_class=_HelpFormatter,
                 description="French and English wire articles in, frames and briefings out.")
    ap.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                    help="print the version and exit")
    sub = ap.add_subparsers(dest="command", required=True, metavar="{parse,render,export,schedule,outbox}",
                            help="what to do; `wirebrief COMMAND --help` tells more")
    verbose = _common()
    _add_parse(sub)
    _add_render(sub, verbose)
    _add_export(sub)
    _add_schedule(sub, verbose)
    _add_outbox(sub, verbose)
    return ap


def _skip_slow_optional_imports() -> None:
    """Keep jsonschema from importing rfc3987_syntax in this process (0.75 s of every run).

    nbformat imports jsonschema, whose format module eagerly imports the optional
    IRI checker rfc3987_syntax, and that builds some thirty Earley parsers at
    import time (python-jsonschema/jsonschema#1428). No notebook schema uses the
    `iri` formats, so the command marks the module absent; jsonschema then skips
    that one checker. Only the `wirebrief` process does this, never a program
    that imports the library.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


def main(argv=None) -> int:
    """Run one command; an error the user can fix is one line on stderr and exit 2.

    Every such error is a WirebriefError (errors.py); anything else is a bug
    and keeps its traceback.
    """
    _skip_slow_optional_imports()
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except WirebriefError as exc:
        print(f"wirebrief: {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
