"""The briefing notebook runs under papermill and renders to HTML and PDF; failures keep the old report."""
import json
import re

import nbformat
import pytest
from pypdf import PdfReader

from wirebrief import RenderError, render
from wirebrief.cli import main

from .conftest import ROOT


def test_cli_parse_writes_frames_and_summary(tmp_path, capsys):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02\x00" * 50)
    (tmp_path / "ok.txt").write_text("Au moins 12 civils ont été tués à Alep mardi.", encoding="utf-8")
    assert main(["parse", str(tmp_path), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "1 articles" in out and "1 errors" in out
    assert (tmp_path / "out" / "casualties.parquet").exists()
    assert main(["parse", str(tmp_path), "--out", str(tmp_path / "out"), "--strict"]) == 1


def test_briefing_renders_html_and_pdf(sample_frames, tmp_path):
    out = render(ROOT / "notebooks" / "briefing.ipynb", tmp_path,
                 {"frames_dir": str(sample_frames), "title": "Syrie — bilan « test »"})
    assert set(out) == {"ipynb", "html", "pdf"}
    html = out["html"].read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*src=[\"']https?://", html)
    executed = nbformat.read(out["ipynb"], as_version=4)
    pngs = [o for c in executed.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(pngs) == 1, "the casualty chart is shown once, as an image"
    assert pngs[0]["data"]["image/png"][:40] in html
    assert any(page.images for page in PdfReader(out["pdf"]).pages)
    text = "".join(p.extract_text() for p in PdfReader(out["pdf"]).pages)
    for heading in ("Key figures", "Casualties", "Events", "Sources", "Syrie — bilan « test »"):
        assert heading in text
    assert "300000" in text.replace(" ", "") and "page 1 /" in text


def test_failing_cell_keeps_previous_report(sample_frames, tmp_path):
    good = render(ROOT / "notebooks" / "briefing.ipynb", tmp_path, {"frames_dir": str(sample_frames)},
                  formats=["html"], stem="b")
    before = good["html"].read_bytes()
    nb = nbformat.read(ROOT / "notebooks" / "briefing.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise ValueError('boom')"))
    broken = tmp_path / "broken.ipynb"
    nbformat.write(nb, broken)
    with pytest.raises(RenderError) as err:
        render(broken, tmp_path, {"frames_dir": str(sample_frames)}, formats=["html"], stem="b")
    assert err.value.step == "execute" and err.value.ename == "ValueError"
    assert good["html"].read_bytes() == before
    assert (tmp_path / "b.failed.ipynb").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    rc = main(["render", str(broken), "--frames", str(sample_frames), "--to", "html", "--out", str(tmp_path)])
    assert rc == 2


def test_notebook_has_tagged_parameters_and_no_outputs():
    nb = json.loads((ROOT / "notebooks" / "briefing.ipynb").read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
