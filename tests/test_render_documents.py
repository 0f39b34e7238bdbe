"""The rendered documents know what they are (issue 21 items 18, 19): the briefing's title and
language in the HTML <title>/lang and the PDF metadata, no script at all in the HTML, and
notebooks that papermill runs from any folder, frames read from the project root."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from wirebrief import render

from .conftest import ROOT

TITLE = "Kordofan & Darfour — note « hebdo »"


@pytest.fixture(scope="module")
def french(sample_frames, tmp_path_factory):
    out = tmp_path_factory.mktemp("french")
    return render(ROOT / "notebooks" / "briefing.ipynb", out,
                  {"frames_dir": str(sample_frames), "lang": "fr", "title": TITLE})


def test_html_page_carries_the_briefings_title_and_language(french):
    html = french["html"].read_text(encoding="utf-8")
    assert re.search(r'<html lang="fr"', html)
    assert "<title>Kordofan &amp; Darfour — note « hebdo »</title>" in html


def test_html_has_no_script_at_all(french):
    html = french["html"].read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "cdnjs" not in html and "mermaid" not in html.lower()


def test_pdf_metadata_has_the_title_and_language(french):
    pdf = PdfReader(french["pdf"])
    assert pdf.metadata.title == TITLE
    assert pdf.trailer["/Root"]["/Lang"] == "fr"


def test_french_briefing_quotes_with_guillemets_and_english_with_curly_quotes(french, sample_frames, tmp_path):
    fr = french["html"].read_text(encoding="utf-8")
    assert re.search(r'<span class="quote">«\u00a0', fr)
    en = render(ROOT / "notebooks" / "briefing.ipynb", tmp_path, {"frames_dir": str(sample_frames)},
                formats=["html"])["html"].read_text(encoding="utf-8")
    assert re.search(r'<span class="quote">“', en) and '<span class="quote">«' not in en


def test_notebooks_run_with_papermill_from_any_folder(sample_frames, tmp_path):
    """`papermill notebooks/briefing.ipynb out.ipynb` from the repository root (or anywhere):
    the default `frames_dir` is read from the project root, not the kernel's folder."""
    project = tmp_path / "project"
    shutil.copytree(sample_frames, project / "data" / "processed" / "samples")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    papermill = Path(sys.executable).parent / "papermill"
    env = {**__import__("os").environ, "WIREBRIEF_ROOT": str(project)}
    for name in ("briefing.ipynb", "place_profile.ipynb", "actor_profile.ipynb"):
        res = subprocess.run([str(papermill), str(ROOT / "notebooks" / name), str(tmp_path / f"run-{name}"),
                              "--no-progress-bar"], cwd=elsewhere, env=env, capture_output=True, text=True,
                             timeout=300)
        assert res.returncode == 0, res.stderr[-2000:]


def test_page_header_names_the_window_once(sample_frames, tmp_path):
    """A default title already names the window: the running header does not repeat it."""
    out = render(ROOT / "notebooks" / "briefing.ipynb", tmp_path,
                 {"frames_dir": str(sample_frames), "start": "2016-09-16", "end": "2016-09-22"}, formats=["pdf"])
    lines = PdfReader(out["pdf"]).pages[1].extract_text().splitlines()   # margins come last
    running = lines[next(i for i, line in enumerate(lines) if line.startswith("page 2 /")) - 1]
    assert running.startswith("Briefing") and running.count("2016") == 1, running
