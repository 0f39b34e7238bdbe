"""Quiet success for cron: a real `wirebrief render` / `schedule run` prints its result and nothing
else (no kernel transport warning, no WeasyPrint progress, no papermill lines) unless -v."""
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.smtpd import Server
from tests.test_schedule import cli, write_schedule

NOISE = ("Kernel is running over TCP", "weasyprint", "papermill", "IPKernelApp")


def _render(sample_frames, tmp_path, *extra):
    return subprocess.run([sys.executable, "-m", "wirebrief.cli", "render", str(ROOT / "notebooks" / "briefing.ipynb"),
                           "--frames", str(sample_frames), "--out", str(tmp_path), *extra],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)


def test_a_render_that_succeeds_prints_only_what_it_wrote(sample_frames, tmp_path):
    proc = _render(sample_frames, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.startswith("wirebrief: wrote ") and proc.stdout.count("\n") == 1
    assert not any(n.lower() in proc.stdout.lower() for n in NOISE)
    assert not list(tmp_path.glob("kernel-ipc*")) and not list((ROOT / "notebooks").glob("kernel-ipc*"))


def test_verbose_render_logs_papermill_and_weasyprint_once(sample_frames, tmp_path):
    proc = _render(sample_frames, tmp_path, "-v")
    assert proc.returncode == 0, proc.stderr
    assert "INFO papermill: Executing notebook" in proc.stderr
    assert "INFO weasyprint.progress" in proc.stderr
    assert proc.stderr.count("Input Notebook") == 1, "papermill's lines are not repeated"
    assert "Kernel is running over TCP" not in proc.stderr


@pytest.fixture
def server():
    srv = Server().start()
    yield srv
    srv.stop()


def test_a_scheduled_run_that_succeeds_prints_only_its_outcome(tmp_path, sample_frames, server):
    write_schedule(tmp_path, sample_frames)
    code, out, err = cli(tmp_path, server, "schedule", "run")
    assert code == 0, err
    assert out == "daily: succeeded (window 2016-01-01..2016-12-31; delivery sent)\n"
    assert err == ""
    code, out, err = cli(tmp_path, server, "schedule", "run", "--job", "daily", "--now", "-v")
    assert code == 0, err
    assert err.count("Input Notebook") == 1 and "weasyprint.progress" in err
    assert "Kernel is running over TCP" not in err
