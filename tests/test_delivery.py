"""Email delivery against a real SMTP server on localhost (aiosmtpd).

Each test queues one message in a real state database and delivers it with
`deliver.outbox.deliver`, the function `schedule run` and `outbox retry` use.
"""
import json
from pathlib import Path

import pytest

from tests.smtpd import Server, tls_pair
from wirebrief.deliver import smtp
from wirebrief.deliver.outbox import deliver
from wirebrief.deliver.state import State
from wirebrief.errors import ConfigError, WirebriefError

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"   # binary-safe attachment


def cfg_for(server, **kw):
    base = dict(host="127.0.0.1", port=server.port, security="none", sender="wirebrief@test.local",
                attempts=3, backoff=0.05, timeout=5)
    base.update(kw)
    return smtp.SmtpConfig(**base)


def queue(state: State, recipients, job="daily", window=("2016-09-01", "2016-09-30")):
    mid = smtp.message_id(job, *window)
    msg = smtp.build_message(sender="wirebrief@test.local", recipients=recipients, subject="Briefing",
                                 msgid=mid, figures=[("killed", "42 (40–42)")],
                                 attachments={"daily.pdf": PDF}, intro="Syria")
    eml = state.folder / "outbox" / "m.eml"
    eml.write_bytes(msg.as_bytes())
    run_id = state.start_run(job, *window, None)
    state.queue(mid, run_id, job, recipients, eml)
    return mid


@pytest.fixture
def state(tmp_path):
    s = State(tmp_path / "state")
    yield s
    s.close()


@pytest.fixture
def server():
    srv = Server().start()
    yield srv
    srv.stop()


def test_delivery_keeps_the_pdf_intact_and_the_message_id_stable(state, server):
    mid = queue(state, ["a@test.local", "b@test.local"])
    assert deliver(state, cfg_for(server), mid) == "sent"
    (rcpts, msg, _), = server.recorder.messages
    assert sorted(rcpts) == ["a@test.local", "b@test.local"]
    assert msg["Message-ID"] == mid == smtp.message_id("daily", "2016-09-01", "2016-09-30")
    (att,) = [p for p in msg.iter_attachments()]
    assert att.get_filename() == "daily.pdf" and att.get_content_type() == "application/pdf"
    assert att.get_content() == PDF
    body = msg.get_body(("plain",)).get_content()
    assert "killed: 42 (40–42)" in body
    assert "<th" in msg.get_body(("html",)).get_content()
    # delivered messages are never sent again
    assert deliver(state, cfg_for(server), mid) == "sent"
    assert len(server.recorder.messages) == 1


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "implicit-tls"])
def test_tls_and_auth_and_the_password_never_logged(state, tmp_path, caplog, implicit):
    ctx, cafile = tls_pair(tmp_path)
    password = "canary-Pa55word-7f3e"
    srv = Server(tls=ctx, implicit_tls=implicit, users={"wb": password}).start()
    try:
        mid = queue(state, ["a@test.local"])
        cfg = cfg_for(srv, security="tls" if implicit else "starttls", user="wb", password=password, cafile=cafile)
        caplog.set_level("DEBUG")
        assert deliver(state, cfg, mid) == "sent"
        assert len(srv.recorder.messages) == 1
        assert password not in repr(cfg) and password not in cfg.describe()
        # a wrong password is a permanent failure, reported without the password
        mid2 = queue(state, ["b@test.local"], window=("2016-10-01", "2016-10-31"))
        bad = cfg_for(srv, security="tls" if implicit else "starttls", user="wb", password="wrong-canary", cafile=cafile)
        assert deliver(state, bad, mid2) == "failed"
        row = state.delivery(mid2)
        assert "authentication failed" in row["last_error"] and "wrong-canary" not in row["last_error"]
        assert password not in caplog.text and "wrong-canary" not in caplog.text
    finally:
        srv.stop()


def test_server_down_then_up_delivers_exactly_once(state):
    down = Server()  # not started: connection refused
    mid = queue(state, ["a@test.local"])
    assert deliver(state, cfg_for(down, attempts=2), mid) == "pending"
    row = state.delivery(mid)
    assert row["attempts"] == 2 and "cannot reach" in row["last_error"]
    up = Server(port=down.port).start()
    try:
        assert deliver(state, cfg_for(up), mid) == "sent"
        assert deliver(state, cfg_for(up), mid) == "sent"
        assert len(up.recorder.messages) == 1
    finally:
        up.stop()


def test_temporary_4xx_then_success(state, server):
    server.recorder.data_replies = ["451 4.3.0 Try again later"]
    mid = queue(state, ["a@test.local"])
    assert deliver(state, cfg_for(server), mid) == "sent"
    assert state.delivery(mid)["attempts"] == 2
    assert len(server.recorder.messages) == 1


def test_permanent_5xx_for_one_recipient_does_not_block_the_others(state, server):
    server.recorder.refuse_rcpt = {"gone@test.local": "550 5.1.1 No such user"}
    mid = queue(state, ["a@test.local", "gone@test.local", "b@test.local"])
    assert deliver(state, cfg_for(server), mid) == "partial"
    (rcpts, _, _), = server.recorder.messages
    assert sorted(rcpts) == ["a@test.local", "b@test.local"]
    status = json.loads(state.delivery(mid)["recipients"])
    assert status["gone@test.local"].startswith("refused: 550")
    assert deliver(state, cfg_for(server), mid) == "partial"
    assert len(server.recorder.messages) == 1


def test_temporary_refusal_of_one_recipient_is_retried_for_that_recipient_only(state, server):
    server.recorder.refuse_rcpt = {"busy@test.local": "450 4.2.1 Mailbox busy"}
    mid = queue(state, ["a@test.local", "busy@test.local"])
    assert deliver(state, cfg_for(server, attempts=1), mid) == "pending"
    server.recorder.refuse_rcpt = {}
    assert deliver(state, cfg_for(server), mid) == "sent"
    assert [r for r, _, _ in server.recorder.messages] == [["a@test.local"], ["busy@test.local"]]


def test_a_crash_inside_data_is_not_resent_blindly(state, server):
    mid = queue(state, ["a@test.local"])
    state.update_delivery(mid, status="sending")        # what a process killed inside DATA leaves
    assert state.mark_unconfirmed("daily") == [mid]
    assert deliver(state, cfg_for(server), mid) == "unconfirmed"
    assert server.recorder.messages == []


def test_smtp_config_from_env_and_dotenv(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("WIREBRIEF_SMTP_HOST=mail.example.org\nWIREBRIEF_SMTP_PASSWORD=from-file\n")
    cfg = smtp.SmtpConfig.from_env({"WIREBRIEF_SMTP_SECURITY": "tls", "WIREBRIEF_SMTP_USER": "u"}, env_file)
    assert (cfg.host, cfg.port, cfg.security, cfg.user, cfg.password) == ("mail.example.org", 465, "tls", "u", "from-file")
    assert "from-file" not in repr(cfg)
    with pytest.raises(ConfigError, match="SECURITY") as exc:
        smtp.SmtpConfig.from_env({"WIREBRIEF_SMTP_HOST": "h", "WIREBRIEF_SMTP_SECURITY": "ssl3"}, None)
    assert (exc.value.setting, exc.value.value) == ("WIREBRIEF_SMTP_SECURITY", "ssl3")


def test_no_smtp_settings_is_an_error_not_localhost(tmp_path):
    """Issue 21: without settings, wirebrief tried localhost:587 and reported a pending delivery."""
    with pytest.raises(ConfigError, match="SMTP not configured") as exc:
        smtp.SmtpConfig.from_env({"WIREBRIEF_SMTP_PORT": "2525"}, tmp_path / ".env")
    assert exc.value.setting == "WIREBRIEF_SMTP_HOST" and str(tmp_path / ".env") in str(exc.value)
    assert isinstance(exc.value, WirebriefError)


def test_dotenv_in_the_working_folder_wins_over_the_one_beside_the_schedules(tmp_path, monkeypatch):
    conf, work = tmp_path / "conf", tmp_path / "work"
    conf.mkdir(), work.mkdir()
    (conf / ".env").write_text("WIREBRIEF_SMTP_HOST=beside.example.org\nWIREBRIEF_SMTP_USER=ops\n")
    monkeypatch.chdir(work)
    files = smtp.dotenv_files(conf / "schedules.toml")
    assert files == [Path(".env"), conf / ".env"]
    cfg = smtp.SmtpConfig.from_env({}, files)
    assert (cfg.host, cfg.user) == ("beside.example.org", "ops")
    (work / ".env").write_text("WIREBRIEF_SMTP_HOST=here.example.org\n")
    cfg = smtp.SmtpConfig.from_env({}, files)
    assert (cfg.host, cfg.user) == ("here.example.org", "ops")
    assert smtp.SmtpConfig.from_env({"WIREBRIEF_SMTP_HOST": "env.example.org"}, files).host == "env.example.org"
    monkeypatch.chdir(conf)   # the same file twice is read once
    assert smtp.dotenv_files(conf / "schedules.toml") == [Path(".env")]


@pytest.mark.parametrize("title,start,end,expect", [
    ("Sudan briefing", "2023-06-01", "2023-06-30", "Sudan briefing 2023-06-01–2023-06-30.pdf"),
    ("Mali: weekly / north", "2024-02-05", "2024-02-11", "Mali- weekly - north 2024-02-05–2024-02-11.pdf"),
    ("Yemen", "", "2024-01-31", "Yemen …–2024-01-31.pdf"),
    ("Yemen", "", "", "Yemen.pdf"),
])
def test_attachment_named_after_title_and_window(title, start, end, expect):
    assert smtp.attachment_name(title, start, end, "pdf") == expect


def test_bcc_recipients_are_served_but_never_named_even_on_a_retry(state, server):
    """The To header lists the visible recipients each attempt reaches; Bcc ones appear nowhere."""
    mid = smtp.message_id("weekly", "2024-03-04", "2024-03-10")
    msg = smtp.build_message(sender="wirebrief@test.local", recipients=["desk@test.local", "late@test.local"],
                                 subject="Weekly", msgid=mid, figures=[], attachments={"w.pdf": PDF})
    eml = state.folder / "outbox" / "w.eml"
    eml.write_bytes(msg.as_bytes())
    state.queue(mid, state.start_run("weekly", "2024-03-04", "2024-03-10", None), "weekly",
                ["desk@test.local", "late@test.local", "hidden@test.local"], eml)
    server.recorder.refuse_rcpt = {"late@test.local": "450 4.2.1 Mailbox busy"}
    assert deliver(state, cfg_for(server, attempts=1), mid) == "pending"
    server.recorder.refuse_rcpt = {}
    assert deliver(state, cfg_for(server), mid) == "sent"
    (first, m1, raw1), (second, m2, raw2) = server.recorder.messages
    assert sorted(first) == ["desk@test.local", "hidden@test.local"] and second == ["late@test.local"]
    assert (m1["To"], m2["To"]) == ("desk@test.local", "late@test.local")
    assert b"hidden@" not in raw1 + raw2
    only_bcc = smtp.build_message(sender="s@test.local", recipients=[], subject="x", msgid="<x@y>",
                                      figures=[], attachments={})
    assert only_bcc["To"] == smtp.UNDISCLOSED
