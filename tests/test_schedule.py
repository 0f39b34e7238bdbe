"""Scheduled briefings end to end: `wirebrief schedule run` in real processes, a real notebook
rendered by papermill and WeasyPrint, and a real SMTP server on localhost."""
import datetime as dt
import os
import sqlite3
import subprocess
import sys
import time

import nbformat
import pytest

from tests.conftest import ROOT
from tests.smtpd import Server, Silent, tls_pair
from wirebrief.deliver import schedule
from wirebrief.report.params import resolve_day

TINY = '''frames_dir: str = ""
start: str = ""
end: str = ""
country: str = ""
title: str = "Tiny briefing"
lang: str = "en"
fail: bool = False'''


def tiny_notebook(path):
    """A short briefing notebook (fast to render) that reads the frames and can be told to fail."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(TINY)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(
        "from wirebrief import Frames, report\n"
        "F = report.window(Frames.load(frames_dir), start, end, country)\n"
        "if fail:\n    raise RuntimeError('the briefing cell failed on purpose')\n"
        "report.format_key_figures(report.key_figures(F), lang)")]
    nbformat.write(nb, path)
    return path


def write_schedule(tmp_path, frames, fail=False, recipients=("desk@test.local",),
                   window=("2016-01-01", "2016-12-31"), extra=""):
    """`extra`: more job keys, one TOML line each."""
    nb = tiny_notebook(tmp_path / "tiny.ipynb")
    rcpts = ", ".join(f'"{r}"' for r in recipients)
    (tmp_path / "schedules.toml").write_text(f'''
[settings]
state_dir = "state"
reports_dir = "out"

[[job]]
name = "daily"
notebook = "{nb.name}"
cron = "0 6 * * *"
frames = "{frames}"
recipients = [{rcpts}]
subject = "{{title}} {{start}}..{{end}}"
{extra}

[job.parameters]
start = "{window[0]}"
end = "{window[1]}"
title = "Daily"
fail = {str(fail).lower()}
''')
    return tmp_path / "schedules.toml"


def smtp_env(server) -> dict:
    """The WIREBRIEF_SMTP_* settings that point at the test server."""
    return dict(WIREBRIEF_SMTP_HOST="127.0.0.1", WIREBRIEF_SMTP_PORT=str(server.port),
                WIREBRIEF_SMTP_SECURITY="none", WIREBRIEF_SMTP_FROM="wirebrief@test.local",
                WIREBRIEF_ALERT_TO="ops@test.local", WIREBRIEF_SMTP_BACKOFF="0.05")


def cli(tmp_path, server, *args, env=None, wait=True, smtp=True, cwd=None):
    """`wirebrief ARGS --file tmp_path/schedules.toml` in a real process; `smtp=False` gives it
    no SMTP settings at all (none inherited either), `cwd` another working folder."""
    e = {k: v for k, v in os.environ.items() if not k.startswith(("WIREBRIEF_SMTP_", "WIREBRIEF_ALERT"))}
    e.update(smtp_env(server) if smtp else {}, **(env or {}))
    cmd = [sys.executable, "-m", "wirebrief.cli", *args, "--file", str(tmp_path / "schedules.toml")]
    p = subprocess.Popen(cmd, cwd=cwd or tmp_path, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    if not wait:
        return p
    out, err = p.communicate(timeout=300)
    return p.returncode, out, err


def runs(tmp_path):
    db = sqlite3.connect(tmp_path / "state" / "wirebrief.sqlite3")
    db.row_factory = sqlite3.Row
    return [dict(r) for r in db.execute("SELECT * FROM runs ORDER BY id")]


@pytest.fixture
def server():
    srv = Server().start()
    yield srv
    srv.stop()


def test_shipped_schedules_file_is_valid():
    sched = schedule.load(ROOT / "schedules.toml")
    assert {j.name for j in sched.jobs} >= {"syria-weekly"}
    for job in sched.jobs:
        assert job.notebook.is_file() and "pdf" in job.formats


@pytest.mark.parametrize("bad,message", [
    ('cron = "61 * * * *"', "not a cron expression"),
    ('recipients = ["not-an-address"]', "not an email address"),
    ('colour = "red"', "unknown key"),
    ('send_empty = "yes"', "send_empty: must be true or false, not 'yes'"),
])
def test_schedule_mistakes_are_reported_with_job_and_key(tmp_path, bad, message):
    tiny_notebook(tmp_path / "tiny.ipynb")
    key = bad.split(" = ")[0]
    lines = {"name": '"x"', "notebook": '"tiny.ipynb"', "cron": '"0 6 * * *"', "frames": '"."',
             "recipients": '["a@b.c"]'}
    lines[key] = bad.split(" = ", 1)[1]
    (tmp_path / "s.toml").write_text("[[job]]\n" + "\n".join(f"{k} = {v}" for k, v in lines.items()))
    with pytest.raises(schedule.ScheduleError, match=message) as exc:
        schedule.load(tmp_path / "s.toml")
    assert "'x'" in str(exc.value)


def test_relative_windows_resolve_against_the_fire_day():
    day = dt.date(2016, 3, 31)
    assert [resolve_day(v, day) for v in ("today", "yesterday", "-7d", "-2w", "-1m", "2016-01-05")] == \
        ["2016-03-31", "2016-03-30", "2016-03-24", "2016-03-17", "2016-02-29", "2016-01-05"]
    job = schedule.Job("j", ROOT / "schedules.toml", "0 6 * * *", ("a@b.c",))
    assert schedule.last_fire(job, dt.datetime(2016, 3, 31, 5, 0)) == dt.datetime(2016, 3, 30, 6, 0)
    assert schedule.last_fire(job, dt.datetime(2016, 3, 31, 6, 0)) == dt.datetime(2016, 3, 31, 6, 0)


def test_run_renders_and_mails_once_per_window(tmp_path, sample_frames, server):
    write_schedule(tmp_path, sample_frames, recipients=("desk@test.local", "chief@test.local"))
    code, out, err = cli(tmp_path, server, "schedule", "run")
    assert code == 0, err
    assert "daily: succeeded" in out
    (rcpts, msg, _), = server.recorder.messages
    assert sorted(rcpts) == ["chief@test.local", "desk@test.local"]
    assert msg["Subject"] == "Daily 2016-01-01..2016-12-31"
    pdf = (tmp_path / "out" / "daily" / "2016-01-01_2016-12-31" / "daily.pdf").read_bytes()
    (attachment,) = msg.iter_attachments()
    assert attachment.get_content() == pdf
    assert attachment.get_filename() == "Daily 2016-01-01–2016-12-31.pdf"   # title and window, issue 21
    body = msg.get_body(("plain",)).get_content()
    assert "killed:" in body and "The briefing is attached." in body and msg["Content-Language"] == "en"
    code, out, _ = cli(tmp_path, server, "schedule", "run")
    assert code == 0 and "already-done" in out
    assert len(server.recorder.messages) == 1
    code, out, _ = cli(tmp_path, server, "schedule", "list")
    assert "daily" in out and "succeeded 2016-01-01..2016-12-31" in out


def test_concurrent_invocations_run_the_job_once(tmp_path, sample_frames, server):
    write_schedule(tmp_path, sample_frames)
    procs = [cli(tmp_path, server, "schedule", "run", wait=False) for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    text = "".join(o for o, _ in outs)
    assert text.count("daily: succeeded") == 1
    assert len(server.recorder.messages) == 1
    assert [r["status"] for r in runs(tmp_path)] == ["succeeded"]


def _wait_for(tmp_path, sql: str, timeout: float = 120) -> None:
    """Poll the state database until `sql` returns a row (the run has reached that point)."""
    deadline = time.time() + timeout
    db_path = tmp_path / "state" / "wirebrief.sqlite3"
    while time.time() < deadline:
        if db_path.exists():
            try:
                with sqlite3.connect(db_path, timeout=1) as db:
                    if db.execute(sql).fetchone():
                        return
            except sqlite3.OperationalError:   # tables not created yet
                pass
        time.sleep(0.05)
    raise AssertionError(f"the run never got to: {sql}")


def test_a_run_killed_while_rendering_is_marked_crashed_and_redone_once(tmp_path, sample_frames, server):
    write_schedule(tmp_path, sample_frames)
    p = cli(tmp_path, server, "schedule", "run", wait=False)
    _wait_for(tmp_path, "SELECT 1 FROM runs WHERE status='running'")
    p.kill()
    p.communicate()
    assert [r["status"] for r in runs(tmp_path)] == ["running"] and server.recorder.messages == []
    code, out, err = cli(tmp_path, server, "schedule", "run")
    assert code == 0, err
    assert "daily: succeeded" in out
    assert [r["status"] for r in runs(tmp_path)] == ["crashed", "succeeded"]
    assert len(server.recorder.messages) == 1


def test_a_run_killed_between_queueing_and_sending_is_sent_once_by_the_next(tmp_path, sample_frames, server):
    """The briefing is rendered and queued when the process dies: the next call mails it
    from the outbox, without rendering it again, and exactly once."""
    write_schedule(tmp_path, sample_frames)
    wedged = Silent()
    try:
        p = cli(tmp_path, wedged, "schedule", "run", env={"WIREBRIEF_SMTP_TIMEOUT": "300"}, wait=False)
        _wait_for(tmp_path, "SELECT 1 FROM deliveries WHERE status='pending'")
        time.sleep(0.3)   # inside the SMTP greeting: nothing can have been sent
        p.kill()
        p.communicate()
    finally:
        wedged.stop()
    assert [r["status"] for r in runs(tmp_path)] == ["succeeded"]
    code, out, err = cli(tmp_path, server, "schedule", "run")
    assert code == 0, err
    assert "daily: already-done" in out
    assert [r["status"] for r in runs(tmp_path)] == ["succeeded"]   # not rendered again
    (rcpts, _, _), = server.recorder.messages
    assert rcpts == ["desk@test.local"]
    code, out, _ = cli(tmp_path, server, "outbox", "list")
    assert out.startswith("sent ")


def test_failing_notebook_sends_nothing_records_and_alerts(tmp_path, sample_frames, server):
    write_schedule(tmp_path, sample_frames, fail=True)
    code, out, err = cli(tmp_path, server, "schedule", "run")
    assert code == 1
    assert "daily: failed" in out and "failed on purpose" in out
    assert server.recorder.to("desk@test.local") == []
    (alert,) = server.recorder.to("ops@test.local")
    assert "briefing failed" in alert["Subject"]
    (run,) = runs(tmp_path)
    assert run["status"] == "failed" and "RuntimeError" in run["error"]
    assert not (tmp_path / "out" / "daily" / "2016-01-01_2016-12-31" / "daily.pdf").exists()


def test_outbox_keeps_a_message_when_the_server_is_down(tmp_path, sample_frames):
    write_schedule(tmp_path, sample_frames)
    down = Server()
    code, out, _ = cli(tmp_path, down, "schedule", "run", env={"WIREBRIEF_SMTP_ATTEMPTS": "2"})
    assert code == 1
    # the run is recorded as it is printed; the delivery is said apart, with what to do about it
    assert out.startswith("daily: succeeded (window 2016-01-01..2016-12-31; delivery pending: cannot reach")
    assert "run `wirebrief outbox retry` once the server is back" in out
    code, listed, _ = cli(tmp_path, down, "schedule", "list")
    assert code == 0 and "succeeded 2016-01-01..2016-12-31 at " in listed and "; delivery pending" in listed
    code, out, err = cli(tmp_path, down, "outbox", "retry", env={"WIREBRIEF_SMTP_ATTEMPTS": "1"})
    assert code == 1 and out.startswith("pending: <wirebrief.daily.") and "`wirebrief outbox retry`" in err
    up = Server(port=down.port).start()
    try:
        code, out, _ = cli(tmp_path, up, "outbox", "retry")
        assert code == 0 and out.startswith("sent:")
        code, out, _ = cli(tmp_path, up, "schedule", "run")
        assert "already-done" in out
        assert len(up.recorder.to("desk@test.local")) == 1
        code, listed, _ = cli(tmp_path, up, "schedule", "list")
        assert "succeeded 2016-01-01..2016-12-31 at " in listed and "; delivery sent" in listed
    finally:
        up.stop()


def test_a_forced_run_mails_a_delivered_window_again_only_with_resend(tmp_path, sample_frames, server):
    """Issue 21: `--now` twice mailed the same briefing twice; nobody may receive a window twice."""
    write_schedule(tmp_path, sample_frames)
    for _ in range(2):
        code, out, err = cli(tmp_path, server, "schedule", "run", "--job", "daily", "--now")
        assert code == 0, err
    assert len(server.recorder.messages) == 1
    assert "daily: succeeded" in out and "already queued, delivery sent; not mailed again" in out
    code, out, err = cli(tmp_path, server, "schedule", "run", "--job", "daily", "--now", "--resend")
    assert code == 0, err
    assert "delivery sent" in out
    first, second = server.recorder.messages
    assert first[1]["Message-ID"] == second[1]["Message-ID"]
    assert [r["status"] for r in runs(tmp_path)] == ["succeeded"] * 3   # each forced run rendered again


@pytest.mark.parametrize("args", [["--now"], ["--resend"], ["--job", "daily", "--resend"]])
def test_forcing_needs_a_job_and_resending_needs_now(tmp_path, sample_frames, server, args):
    write_schedule(tmp_path, sample_frames)
    code, out, err = cli(tmp_path, server, "schedule", "run", *args)
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert line.startswith("wirebrief: ") and "--job NAME --now" in line
    assert server.recorder.messages == []
    assert not (tmp_path / "state").exists()   # refused before anything ran


EMPTY = ("2015-01-01", "2015-01-31")   # the sample articles are from 2016


def test_an_empty_window_is_not_mailed_and_is_recorded_as_skipped(tmp_path, sample_frames, server):
    write_schedule(tmp_path, sample_frames, window=EMPTY)
    code, out, err = cli(tmp_path, server, "schedule", "run")
    assert code == 0, err
    assert out.startswith("daily: skipped: empty (window 2015-01-01..2015-01-31 has no articles")
    assert server.recorder.messages == []
    assert [r["status"] for r in runs(tmp_path)] == ["skipped: empty"]
    assert not (tmp_path / "out" / "daily" / "2015-01-01_2015-01-31" / "daily.pdf").exists()
    code, out, _ = cli(tmp_path, server, "schedule", "list")
    assert code == 0 and "skipped: empty 2015-01-01..2015-01-31" in out
    # the window is done: the next call does not check it again (cron calls every 15 minutes)
    code, out, _ = cli(tmp_path, server, "schedule", "run")
    assert code == 0 and "daily: already-done (window 2015-01-01..2015-01-31 already skipped: empty)" in out
    # forcing it does not mail an empty briefing either
    code, out, _ = cli(tmp_path, server, "schedule", "run", "--job", "daily", "--now")
    assert code == 0 and out.startswith("daily: skipped: empty")
    assert server.recorder.messages == []
    assert [r["status"] for r in runs(tmp_path)] == ["skipped: empty"] * 2


def test_send_empty_mails_a_window_without_articles(tmp_path, sample_frames, server):
    write_schedule(tmp_path, sample_frames, window=EMPTY, extra="send_empty = true")
    code, out, err = cli(tmp_path, server, "schedule", "run")
    assert code == 0, err
    assert "daily: succeeded" in out
    (rcpts, msg, _), = server.recorder.messages
    assert rcpts == ["desk@test.local"] and msg["Subject"] == "Daily 2015-01-01..2015-01-31"
    assert "articles: 0" in msg.get_body(("plain",)).get_content()
    pdf = (tmp_path / "out" / "daily" / "2015-01-01_2015-01-31" / "daily.pdf").read_bytes()
    assert next(msg.iter_attachments()).get_content() == pdf
    assert [r["status"] for r in runs(tmp_path)] == ["succeeded"]


def test_a_french_briefing_is_mailed_in_french_and_bcc_stays_hidden(tmp_path, sample_frames, server):
    """Issue 21: the body follows the briefing's language; Bcc recipients get it, unnamed."""
    write_schedule(tmp_path, sample_frames, recipients=("bureau@test.local",),
                   extra='bcc = ["archives@test.local", "direction@test.local"]')
    toml = tmp_path / "schedules.toml"
    toml.write_text(toml.read_text().replace('title = "Daily"', 'title = "Note Soudan"\nlang = "fr"'))
    code, out, err = cli(tmp_path, server, "schedule", "run")
    assert code == 0, err
    (rcpts, msg, raw), = server.recorder.messages
    assert sorted(rcpts) == ["archives@test.local", "bureau@test.local", "direction@test.local"]
    assert msg["To"] == "bureau@test.local" and msg["Bcc"] is None
    assert b"archives@" not in raw and b"direction@" not in raw
    body = msg.get_body(("plain",)).get_content()
    assert "La note de synthèse est en pièce jointe." in body and "attached" not in body
    assert msg["Content-Language"] == "fr"
    assert "tués: " in body, body   # key figures labelled in French
    (attachment,) = msg.iter_attachments()
    assert attachment.get_filename() == "Note Soudan 2016-01-01–2016-12-31.pdf"


def test_run_without_smtp_settings_says_so_before_anything_runs(tmp_path, sample_frames, server):
    """Issue 21: no settings used to mean a silent try of localhost:587, failing as a pending delivery."""
    write_schedule(tmp_path, sample_frames)
    code, out, err = cli(tmp_path, server, "schedule", "run", smtp=False)
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert line.startswith("wirebrief: schedule: SMTP not configured: set WIREBRIEF_SMTP_HOST")
    assert str(tmp_path / ".env") in line
    assert not (tmp_path / "state").exists() and server.recorder.messages == []


@pytest.mark.parametrize("setting,value", [("WIREBRIEF_SMTP_SECURITY", "ssl3"), ("WIREBRIEF_SMTP_PORT", "smtp")])
def test_a_wrong_smtp_setting_is_one_line_naming_it(tmp_path, sample_frames, server, setting, value):
    """Issue 22: a bad WIREBRIEF_SMTP_SECURITY ended in a traceback."""
    write_schedule(tmp_path, sample_frames)
    for command in (("schedule", "run"), ("outbox", "retry"), ("schedule", "check")):
        code, out, err = cli(tmp_path, server, *command, env={setting: value})
        assert code == 2 and out == "", command
        (line,) = err.splitlines()
        assert setting in line and repr(value) in line and "Traceback" not in err, command


def test_dotenv_beside_the_schedules_file_is_read_from_any_working_folder(tmp_path, sample_frames, server):
    """cron starts jobs in $HOME: the .env kept next to schedules.toml must still be found."""
    write_schedule(tmp_path, sample_frames)
    (tmp_path / ".env").write_text("\n".join(f"{k}={v}" for k, v in smtp_env(server).items()) + "\n")
    elsewhere = tmp_path / "home"
    elsewhere.mkdir()
    code, out, err = cli(tmp_path, server, "schedule", "check", smtp=False, cwd=elsewhere)
    assert code == 0, err
    code, out, err = cli(tmp_path, server, "schedule", "run", smtp=False, cwd=elsewhere)
    assert code == 0, err
    assert "delivery sent" in out and len(server.recorder.messages) == 1


def test_check_validates_smtp_settings_and_frames_folders(tmp_path, sample_frames, server):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "a.txt").write_text("KHARTOUM, 3 juin 2023 - Des combats ont eu lieu.")
    write_schedule(tmp_path, corpus)    # a corpus where the frames folder should be
    code, out, err = cli(tmp_path, server, "schedule", "check", smtp=False)
    assert code == 2 and out == ""
    smtp, frames = err.splitlines()
    assert "SMTP not configured" in smtp
    assert "job 'daily': frames:" in frames and "is not a wirebrief frames folder" in frames
    write_schedule(tmp_path, tmp_path / "nowhere")
    code, _, err = cli(tmp_path, server, "schedule", "check")
    assert code == 2 and "frames: no folder at" in err and "SMTP" not in err
    write_schedule(tmp_path, sample_frames)
    code, out, err = cli(tmp_path, server, "schedule", "check")
    assert code == 0 and err == "" and "1 job(s) OK; SMTP settings and frames folders found" in out


def test_schedule_errors_carry_the_file_job_and_key(tmp_path):
    """Issue 22: one error family; ScheduleError lives in wirebrief.errors with structured fields."""
    from wirebrief.errors import ScheduleError, WirebriefError
    tiny_notebook(tmp_path / "tiny.ipynb")
    (tmp_path / "s.toml").write_text('[[job]]\nname = "weekly-mali"\nnotebook = "tiny.ipynb"\n'
                                     'cron = "0 7 * * 2"\nframes = "."\nrecipients = ["a@b.c"]\nbcc = "c@d.e"\n')
    with pytest.raises(ScheduleError) as exc:
        schedule.load(tmp_path / "s.toml")
    assert schedule.ScheduleError is ScheduleError and isinstance(exc.value, WirebriefError)
    assert (exc.value.path, exc.value.job, exc.value.key) == (str(tmp_path / "s.toml"), "weekly-mali", "bcc")
    assert "bcc: a list of addresses" in str(exc.value)


def test_an_unusable_state_folder_is_one_line(tmp_path, sample_frames, server):
    write_schedule(tmp_path, sample_frames)
    (tmp_path / "state").write_text("a file where the state folder should be")
    for command in (("schedule", "list"), ("schedule", "run"), ("outbox", "list")):
        code, out, err = cli(tmp_path, server, *command)
        assert code == 2 and "Traceback" not in err, (command, err)
        (line,) = err.splitlines()
        assert line.startswith(f"wirebrief: {command[0]}: state folder {tmp_path / 'state'}"), line


def test_a_refused_login_is_reported_with_what_to_do_and_sent_after_the_fix(tmp_path, sample_frames):
    """A permanent failure (wrong password) is not retried on its own: the run says so, and
    `outbox retry --force` sends it once the settings are fixed."""
    ctx, cafile = tls_pair(tmp_path)
    srv = Server(tls=ctx, users={"desk": "right-horse"}).start()
    try:
        write_schedule(tmp_path, sample_frames)
        login = {"WIREBRIEF_SMTP_SECURITY": "starttls", "WIREBRIEF_SMTP_CAFILE": cafile,
                 "WIREBRIEF_SMTP_USER": "desk", "WIREBRIEF_SMTP_PASSWORD": "wrong-horse"}
        code, out, _ = cli(tmp_path, srv, "schedule", "run", env=login)
        assert code == 1 and out.startswith("daily: succeeded (window 2016-01-01..2016-12-31; delivery failed: "
                                            "SMTP authentication failed")
        mid = out.split("--force '")[1].split("'")[0]
        assert "once that is fixed, `wirebrief outbox retry --force" in out and "wrong-horse" not in out
        code, listed, _ = cli(tmp_path, srv, "schedule", "list", env=login)
        assert "succeeded 2016-01-01..2016-12-31 at " in listed and "; delivery failed" in listed
        fixed = dict(login, WIREBRIEF_SMTP_PASSWORD="right-horse")
        code, out, _ = cli(tmp_path, srv, "outbox", "retry", env=fixed)
        assert code == 0 and out == "" and srv.recorder.messages == []   # not retried without --force
        code, out, err = cli(tmp_path, srv, "outbox", "retry", "--force", mid, env=fixed)
        assert code == 0, err
        assert out == f"sent: {mid}\n" and len(srv.recorder.to("desk@test.local")) == 1
    finally:
        srv.stop()


def test_check_finds_parameters_the_notebook_refuses(tmp_path, sample_frames, server):
    """A wrong `lang` or `country` used to surface only when the job ran (and failed) at night."""
    write_schedule(tmp_path, sample_frames)
    toml = tmp_path / "schedules.toml"
    good = toml.read_text()
    for line, words in (('lang = "de"', ["parameters", "lang", "'de'"]),
                        ('country = "Sudan"', ["parameters", "country", "ISO 3166-1"]),
                        ('colour = "red"', ["unknown parameter(s) ['colour']"])):
        toml.write_text(good.replace('title = "Daily"', f'title = "Daily"\n{line}'))
        code, out, err = cli(tmp_path, server, "schedule", "check")
        assert code == 2 and out == "", line
        (problem,) = err.splitlines()
        assert problem.startswith(f"wirebrief: {toml}: job 'daily': parameters:"), problem
        assert all(w in problem for w in words), problem
    toml.write_text(good.replace('title = "Daily"', 'title = "Daily"\nlang = "fr"\ncountry = "sd"'))
    code, out, err = cli(tmp_path, server, "schedule", "check")
    assert code == 0, err
