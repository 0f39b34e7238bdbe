"""A briefing's default title says what it covers (window, country, job), never the Syria sample."""
import datetime as dt
import json
import re

import nbformat
import pytest

from wirebrief import parse, render, report
from wirebrief.deliver import schedule

from .conftest import ROOT

SUDAN = [
    {"id": "sd-1", "lang": "en", "published": "2023-06-05", "title": "Clashes in Khartoum",
     "text": "At least 12 civilians were killed in Khartoum on Monday in fighting between the army "
             "and the Rapid Support Forces, medics said."},
    {"id": "sd-2", "lang": "en", "published": "2023-06-20", "title": "Shelling in El Fasher",
     "text": "Shelling killed 7 people and injured 20 in El Fasher, Sudan, on Tuesday, a local "
             "official said."},
]


@pytest.fixture(scope="module")
def sudan_frames(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sudan")
    (folder / "wire.jsonl").write_text("\n".join(json.dumps(a) for a in SUDAN), encoding="utf-8")
    out = tmp_path_factory.mktemp("sudan_frames")
    parse(folder).save(out)
    return out


def _heading(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


@pytest.mark.parametrize("params,title", [
    ({}, "Briefing, Jun 1\u2009–\u200930, 2023"),
    ({"country": "SD"}, "Sudan briefing, Jun 1\u2009–\u200930, 2023"),
    ({"country": "SD", "lang": "fr"}, "Note de synthèse — Soudan, 1–30 juin 2023"),
])
def test_default_title_names_the_window_and_country(sudan_frames, tmp_path, params, title):
    out = render(ROOT / "notebooks" / "briefing.ipynb", tmp_path,
                 {"frames_dir": str(sudan_frames), "start": "2023-06-01", "end": "2023-06-30", **params},
                 formats=["html"])
    html = out["html"].read_text(encoding="utf-8")
    assert _heading(html) == title
    assert "Syria" not in html and "Syrie" not in html


def test_default_title_without_a_window_is_the_word_alone():
    assert report.default_title() == "Briefing"
    assert report.default_title("", "", "sd", "fr") == "Note de synthèse — Soudan"
    assert report.default_title("2023-06-01", "", "", "en") == "Briefing, Jun 1, 2023 – …"


def test_the_scheduler_titles_a_briefing_with_the_job_name(tmp_path):
    job = schedule.Job("sudan-weekly", ROOT / "notebooks" / "briefing.ipynb", "0 6 * * 1", ("a@b.c",),
                       parameters={"start": "-7d", "end": "yesterday"})
    params = schedule.parameters_for(job, dt.date(2023, 6, 8))
    assert params["title"] == "sudan-weekly"
    named = schedule.Job("j", job.notebook, job.cron, job.recipients, parameters={"title": "Mine"})
    assert schedule.parameters_for(named, dt.date(2023, 6, 8))["title"] == "Mine"
    untitled = tmp_path / "untitled.ipynb"
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('frames_dir: str = ""\nstart: str = ""\nend: str = ""')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    nbformat.write(nb, untitled)
    bare = schedule.Job("j", untitled, job.cron, job.recipients)
    assert "title" not in schedule.parameters_for(bare, dt.date(2023, 6, 8))
