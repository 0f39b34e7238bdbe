"""Hostile article text never runs in a briefing (checked in real headless Chromium), and the SMTP
password never reaches a notebook, report, log or state file."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from wirebrief import render
from wirebrief.extract import parse

MARK = "data-pwned"
PAYLOADS = [
    f"<script>document.documentElement.setAttribute('{MARK}','script')</script>",
    f"<img src=x onerror=\"document.documentElement.setAttribute('{MARK}','img')\">",
    f"<svg onload=\"document.documentElement.setAttribute('{MARK}','svg')\"></svg>",
    f"\"><iframe src=\"javascript:parent.document.documentElement.setAttribute('{MARK}','iframe')\">",
]


def chromium() -> str:
    """Debian's chromium, installed by `make test` (scripts/test-deps.sh)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "chromium is not installed: run `make test` (it installs it) or apt-get install chromium"
    return path


def dom_after_scripts(html_file: Path) -> str:
    """The DOM after Chromium loaded the page and ran whatever scripts it would run."""
    done = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000",
                           "--dump-dom", html_file.as_uri()], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_chromium_runs_scripts_here(tmp_path):
    """The control: the same payloads in a page that does not escape them do run."""
    page = tmp_path / "control.html"
    page.write_text("<html><body>" + "".join(PAYLOADS[:3]) + "</body></html>", encoding="utf-8")
    dom = dom_after_scripts(page)
    assert re.search(rf"<html[^>]*{MARK}=", dom), dom[:500]


def test_hostile_articles_cannot_script_the_briefing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = []
    for i, payload in enumerate(PAYLOADS):
        records.append({"id": f"evil-{i}", "title": f"Raid {payload}",
                        "text": f"«Nous exigeons la fin des frappes {payload}», a déclaré John Kerry. "
                                f"Au moins {12 + i} civils ont été tués mardi dans des frappes aériennes à Alep "
                                f"{payload}, selon l'OSDH.",
                        "url": ["javascript:alert(1)", "JaVaScRiPt:alert(2)", "data:text/html,<script>x</script>",
                                "https://example.org/ok\"onmouseover=\"alert(3)"][i],
                        "published": "2016-09-20", "source": f"Wire {payload}", "lang": "fr"})
    records.append({"id": "fine", "title": "Normal story", "text": "Trois civils ont été tués mardi dans des frappes aériennes à Homs, selon l'OSDH.",
                    "url": "https://example.org/normal", "published": "2016-09-21", "lang": "fr"})
    (corpus / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    frames_dir = tmp_path / "frames"
    parse(corpus).save(frames_dir)
    out = render(ROOT / "notebooks" / "briefing.ipynb", tmp_path / "out",
                 {"frames_dir": str(frames_dir), "title": f"Briefing {PAYLOADS[0]}"}, formats=["html"])
    html = out["html"].read_text(encoding="utf-8")
    assert "Alep" in html and "Rami" not in html   # the hostile stories were rendered
    dom = dom_after_scripts(out["html"])
    assert not re.search(rf"<html[^>]*{MARK}=", dom), "a script from an article ran"
    assert "&lt;script&gt;" in dom            # shown as text instead
    hrefs = re.findall(r'href="([^"]*)"', dom)
    assert hrefs and all(h.startswith(("http://", "https://", "#")) for h in hrefs), hrefs
    assert "https://example.org/normal" in hrefs
    assert not re.search(r"<[^>]+\s(?:onerror|onload|onmouseover)=", html)   # no live handler attribute


def test_the_smtp_password_never_leaves_the_environment(tmp_path, sample_frames):
    """A canary password set only in the environment is in no output the run writes or logs."""
    from tests.smtpd import Server, tls_pair
    from tests.test_schedule import write_schedule
    canary = "Canary-Secret-5b1e9c0d"
    ctx, cafile = tls_pair(tmp_path)
    srv = Server(tls=ctx, users={"wb": canary}).start()
    try:
        write_schedule(tmp_path, sample_frames)
        env = dict(os.environ, WIREBRIEF_SMTP_HOST="127.0.0.1", WIREBRIEF_SMTP_PORT=str(srv.port),
                   WIREBRIEF_SMTP_SECURITY="starttls", WIREBRIEF_SMTP_CAFILE=cafile,
                   WIREBRIEF_SMTP_USER="wb", WIREBRIEF_SMTP_PASSWORD=canary,
                   WIREBRIEF_SMTP_FROM="wirebrief@test.local", WIREBRIEF_ALERT_TO="ops@test.local")
        done = subprocess.run([sys.executable, "-m", "wirebrief.cli", "schedule", "run", "--file",
                               str(tmp_path / "schedules.toml")], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        out, err = done.stdout, done.stderr
        assert done.returncode == 0, err[-3000:]
        assert len(srv.recorder.messages) == 1     # it did log in with the password
    finally:
        srv.stop()
    assert canary not in out and canary not in err
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pdf" for p in written) and any(p.suffix == ".ipynb" for p in written)
    for p in written:
        data = p.read_bytes()
        assert canary.encode() not in data, p
        assert canary.encode("utf-16-le") not in data, p
    from pypdf import PdfReader
    for pdf in tmp_path.rglob("*.pdf"):
        assert canary not in "".join(page.extract_text() for page in PdfReader(pdf).pages)
    _, raw = srv.recorder.messages[0][1], srv.recorder.messages[0][2]
    assert canary.encode() not in raw                # nor in the mail itself
    assert os.environ.get("WIREBRIEF_SMTP_PASSWORD") != canary


@pytest.mark.parametrize("name", [".env", "*.env", ".env.*"])
def test_secret_files_are_ignored_by_git(name):
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert name in ignored
