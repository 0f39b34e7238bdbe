"""The `wirebrief` command itself, run as a real process: version, `python -m`, help, relative
days, case-insensitive formats and --list-params."""
import argparse
import datetime as dt
import subprocess
import sys
from importlib.metadata import version

import pytest

from wirebrief.cli import build_parser
from wirebrief.report.params import resolve_day

from .conftest import ROOT

BRIEFING = str(ROOT / "notebooks" / "briefing.ipynb")


def wirebrief(*args, module="wirebrief.cli"):
    return subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_version_and_python_dash_m():
    proc = wirebrief("--version", module="wirebrief")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"wirebrief {version('wirebrief')}"
    script = subprocess.run([str(ROOT / ".venv" / "bin" / "wirebrief"), "--version"], capture_output=True,
                            text=True) if (ROOT / ".venv" / "bin" / "wirebrief").exists() else proc
    assert script.stdout == proc.stdout


def _parsers(parser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def test_every_argument_has_help_and_every_command_a_description():
    for parser in _parsers(build_parser()):
        assert parser.description, parser.prog
        for action in parser._actions:
            assert action.help and action.help != argparse.SUPPRESS, f"{parser.prog}: {action.dest}"


@pytest.mark.parametrize("args,expect", [
    (["render", "--help"], ["(default: html,pdf)", "(default: reports)", "--list-params", "-7d"]),
    (["parse", "--help"], ["(default: local)"]),
    (["schedule", "--help"], ["run ", "render and mail every job that is due", "validate the schedules file"]),
    (["schedule", "run", "--help"], ["Made to be called by cron", "(default: every job that is due)",
                                      "(default: $WIREBRIEF_SCHEDULES, else ./schedules.toml)"]),
    (["schedule", "list", "--help"], ["next run (UTC) and last run"]),
    (["schedule", "check", "--help"], ["validate the schedules file"]),
    (["outbox", "retry", "--help"], ["--force MESSAGE_ID"]),
])
def test_help_shows_defaults_and_describes_subcommands(args, expect):
    proc = wirebrief(*args)
    assert proc.returncode == 0, proc.stderr
    text = " ".join(proc.stdout.split())
    for words in expect:
        assert " ".join(words.split()) in text, words


def test_render_takes_relative_days_and_formats_in_any_case(sample_frames, tmp_path):
    proc = wirebrief("render", BRIEFING, "--frames", str(sample_frames), "-p", "start", "-7d",
                     "-p", "end", "yesterday", "--to", "PDF,Html", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    today = dt.date.today()
    stem = f"briefing_{resolve_day('-7d', today)}_{resolve_day('yesterday', today)}"
    assert (tmp_path / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / f"{stem}.html").exists()
    month = wirebrief("render", BRIEFING, "--frames", str(sample_frames), "-p", "start", "-1m",
                      "-p", "end", "today", "--to", "html", "--out", str(tmp_path))
    assert month.returncode == 0, month.stderr
    assert (tmp_path / f"briefing_{resolve_day('-1m', today)}_{today.isoformat()}.html").exists()


def test_a_wrong_relative_day_is_one_line(sample_frames, tmp_path):
    proc = wirebrief("render", BRIEFING, "--frames", str(sample_frames), "-p", "start", "lastweek",
                     "--to", "html", "--out", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "parameter 'start'" in proc.stderr


def test_list_params_prints_name_type_default_and_comment(tmp_path):
    proc = wirebrief("render", "--list-params", BRIEFING)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["name", "type", "default", "comment"]
    lang = next(line for line in lines if line.startswith("lang "))
    assert lang.split()[:3] == ["lang", "str", '"en"'] and "language of headings" in lang
    assert not list(tmp_path.iterdir()), "nothing rendered"
    missing = wirebrief("render", "--list-params", str(tmp_path / "nope.ipynb"))
    assert missing.returncode == 2 and missing.stderr.strip().endswith("no notebook at " + str(tmp_path / "nope.ipynb"))


def test_schedule_run_passes_its_flags_to_the_library(tmp_path, monkeypatch, capsys):
    """Argument parsing only (the end-to-end runs are in test_schedule.py): `schedule run`
    hands --job, --now and --resend to deliver.schedule.run, with the SMTP settings read."""
    from wirebrief import cli
    from wirebrief.deliver import schedule
    (tmp_path / "s.toml").write_text("")
    calls = []

    def run(sched, cfg, only=None, force=False, resend=False):
        calls.append((sched.path.resolve(), cfg.host, only, force, resend))
        return [schedule.Outcome("weekly", "succeeded", "window a..b; delivery sent", delivery="sent")]
    monkeypatch.setattr(schedule, "run", run)
    monkeypatch.setenv("WIREBRIEF_SMTP_HOST", "mail.test")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["schedule", "run", "--file", "s.toml", "--job", "weekly", "--now", "--resend"]) == 0
    assert calls == [(tmp_path / "s.toml", "mail.test", "weekly", True, True)]
    assert capsys.readouterr().out == "weekly: succeeded (window a..b; delivery sent)\n"
    monkeypatch.setenv("WIREBRIEF_SCHEDULES", "s.toml")
    assert cli.main(["schedule", "run"]) == 0
    assert calls[-1] == (tmp_path / "s.toml", "mail.test", None, False, False)


def test_schedule_run_exits_1_when_a_mail_is_not_delivered(tmp_path, monkeypatch, capsys):
    from wirebrief import cli
    from wirebrief.deliver import schedule
    (tmp_path / "s.toml").write_text("")
    monkeypatch.setattr(schedule, "run", lambda *a, **k: [
        schedule.Outcome("weekly", "succeeded", "delivery pending", delivery="pending")])
    monkeypatch.setenv("WIREBRIEF_SMTP_HOST", "mail.test")
    assert cli.main(["schedule", "run", "--file", str(tmp_path / "s.toml")]) == 1
    assert capsys.readouterr().out.startswith("weekly: succeeded")
