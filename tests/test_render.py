"""The briefing notebook runs under papermill and renders to HTML and PDF; failures keep the old report."""
import json
import os
import re
from pathlib import Path

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
    outputs = [o for c in executed.cells for o in c.get("outputs", [])]
    assert not any("<Figure" in str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert html.count('src="data:image/png;base64') == 3, "timeline, map and casualty chart, embedded"
    pdf = PdfReader(out["pdf"])
    assert sum(len(page.images) for page in pdf.pages) >= 3
    text = "".join(p.extract_text() for p in pdf.pages)
    for heading in ("Key figures", "Timeline of events", "Map of events and tolls", "Casualties by place",
                    "Key events", "Sources", "Syrie — bilan « test »"):
        assert heading in text
    assert "300,000" in text and "page 1 /" in text
    assert "Off the map" in text and "Geneva" in text
    assert "Since the previous window" in text and "No previous window" in text
    assert "Key statements" in text and "Rami Abdel Rahmane" in re.sub(r"\s+", " ", text)


def test_jupyter_nbconvert_to_wirebrief_pdf(sample_frames, tmp_path):
    """The exporter the README documents, through the real `jupyter nbconvert` entry point."""
    import subprocess
    import sys
    executed = render(ROOT / "notebooks" / "briefing.ipynb", tmp_path, {"frames_dir": str(sample_frames)},
                      formats=["html"])["ipynb"]
    jupyter = Path(sys.executable).parent / "jupyter"
    res = subprocess.run([str(jupyter), "nbconvert", "--to", "wirebrief_pdf", str(executed)],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    pdf = executed.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert "Key figures" in text and "page 1 /" in text
    assert "frames_dir" not in text, "code cells stay out of the briefing"


def test_key_statements_give_each_quote_to_the_speaker_its_sentence_names(sample_frames):
    from wirebrief import Frames, report
    said = report.key_statements(Frames.load(sample_frames), "en", limit=50)
    def speaker(opening):
        return next(who for q, who in zip(said["quote"], said["speaker"], strict=True) if q.startswith(opening))
    assert speaker("“Le seul moyen (d'avancer)") == "Kerry"
    # "…», situés dans le sud de la ville, a-t-il précisé": the speaker of the quote before
    assert speaker("“Ils veulent prendre en premier").startswith("Rami Abdel Rahmane, directeur de l'Observatoire")
    assert all(len(q.split()) >= 6 for q in said["quote"])


def test_changes_compare_the_window_with_the_one_before(sample_frames):
    from wirebrief import Frames, report
    frames = Frames.load(sample_frames)
    assert report.previous_window("2016-09-16", "2016-09-22") == ("2016-09-09", "2016-09-15")
    # the sample of 2016-09-22 against the week before (nothing), then against itself a week on
    this = report.changes(frames, "2016-09-16", "2016-09-22").set_index("figure")
    assert this.loc["articles", "this window"] == "1" and this.loc["articles", "change"] == "+1"
    killed = int(this.loc["killed", "this window"].replace(",", ""))
    assert killed > 0 and this.loc["killed", "change"] == f"+{killed:,}"
    later = report.changes(frames, "2016-09-23", "2016-09-29", lang="fr").set_index("indicateur")
    assert later.loc["articles", "évolution"] == "−1"
    assert report.changes(frames, "", "2016-09-22").empty


def test_briefing_in_french(sample_frames, tmp_path):
    out = render(ROOT / "notebooks" / "briefing.ipynb", tmp_path,
                 {"frames_dir": str(sample_frames), "lang": "fr", "title": "Syrie : synthèse"}, formats=["pdf"])
    text = "".join(p.extract_text() for p in PdfReader(out["pdf"]).pages)
    for words in ("Chiffres clés", "Événements marquants", "Victimes par lieu", "22 sept. 2016", "déplacés",
                  "combats", "frappe aérienne", "publié le", "4 articles"):
        assert words in re.sub(r"\s+", " ", text)
    assert not re.search(r"\b(battle|airstrike|published)\b", text), "codes and headings named in French"
    assert re.search(r"300\s000", text), "French thousands separator"


def test_empty_window_renders_a_short_clear_briefing(sample_frames, tmp_path):
    out = render(ROOT / "notebooks" / "briefing.ipynb", tmp_path,
                 {"frames_dir": str(sample_frames), "start": "2030-01-01", "end": "2030-01-31"}, formats=["pdf"])
    text = "".join(p.extract_text() for p in PdfReader(out["pdf"]).pages)
    assert "No articles in this window" in text and "No events in this window" in text


@pytest.mark.parametrize("notebook,params,expect", [
    ("place_profile.ipynb", {}, "Aleppo"),
    ("place_profile.ipynb", {"place": "Alep", "lang": "fr"}, "Événements marquants"),
    ("actor_profile.ipynb", {}, "Russia"),
])
def test_profile_notebooks_run(sample_frames, tmp_path, notebook, params, expect):
    out = render(ROOT / "notebooks" / notebook, tmp_path, {"frames_dir": str(sample_frames), **params},
                 formats=["html"])
    assert expect in out["html"].read_text(encoding="utf-8")


def test_every_notebook_is_committed_without_outputs_and_with_tagged_parameters():
    for path in (ROOT / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), path.name
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1 and "frames_dir: str" in tagged[0].source, path.name


def test_output_names_follow_the_parameters(sample_frames, tmp_path):
    code = main(["render", str(ROOT / "notebooks" / "briefing.ipynb"), "--frames", str(sample_frames),
                 "-p", "country", "SY", "-p", "start", "2016-09-01", "-p", "end", "2016-09-30",
                 "--to", "html", "--out", str(tmp_path)])
    assert code == 0
    assert (tmp_path / "briefing_sy_2016-09-01_2016-09-30.html").exists()


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


def test_pre_commit_hook_strips_outputs_and_keeps_tags(tmp_path):
    """scripts/pre-commit (make hooks) in a real git repository: outputs go, the parameters tag stays."""
    import shutil
    import subprocess
    import sys
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@test.local"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    shutil.copy(ROOT / "scripts" / "pre-commit", repo / ".git" / "hooks" / "pre-commit")
    nb = nbformat.read(ROOT / "notebooks" / "briefing.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.execution_count = 7
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="secret output\n")]
    nbformat.write(nb, repo / "briefing.ipynb")
    env = {**os.environ, "NBSTRIPOUT": str(Path(sys.executable).parent / "nbstripout")}
    subprocess.run(git + ["add", "briefing.ipynb"], cwd=repo, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "nb"], cwd=repo, check=True, env=env)
    blob = subprocess.run(["git", "show", "HEAD:briefing.ipynb"], cwd=repo, check=True,
                          capture_output=True, text=True).stdout
    committed = nbformat.reads(blob, as_version=4)
    code = [c for c in committed.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    assert "secret output" not in blob
    assert [c for c in code if "parameters" in c.metadata.get("tags", [])]


def test_map_labels_never_overlap(sample_frames):
    from wirebrief import Frames, report
    fig = report.events_map(Frames.load(sample_frames))
    renderer = report.charts._renderer(fig)
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts]
    assert len(boxes) >= 6   # Aleppo, Damascus, Homs, Hama, Eastern Ghouta, Inkhil... all labelled
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
