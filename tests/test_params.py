"""Notebook parameters are checked before anything runs, and a parameter is never code."""
import re

import pytest

from tests.conftest import ROOT
from wirebrief import render
from wirebrief.cli import main
from wirebrief.errors import RenderError
from wirebrief.report.params import validate

BRIEFING = ROOT / "notebooks" / "briefing.ipynb"
PLACE = ROOT / "notebooks" / "place_profile.ipynb"


@pytest.mark.parametrize("params, message", [
    ({"strat": "2016-09-01"}, "unknown parameter(s) ['strat']"),
    ({"start": "01/09/2016"}, "expected an ISO date"),
    ({"end": "2016-02-30"}, "expected an ISO date"),
    ({"start": "2016-09-30", "end": "2016-09-01"}, "is after end"),
    ({"lang": "de"}, "expected one of ['en', 'fr']"),
    ({"country": "Syria"}, "alpha-2"),
    ({"title": "a\x00b"}, "control characters"),
    ({"title": "x" * 301}, "longer than 300"),
    ({"title": ["a", "list"]}, "expected text"),
    ({"frames_dir": "/etc"}, "outside the allowed folders"),
    ({"frames_dir": "../../../../../../etc"}, "outside the allowed folders"),
])
def test_bad_parameters_are_refused_with_the_reason(params, message):
    with pytest.raises(RenderError) as err:
        validate(BRIEFING, params)
    assert err.value.step == "parameters" and message in str(err.value), str(err.value)


def test_a_missing_frames_folder_inside_the_roots_is_named(tmp_path):
    with pytest.raises(RenderError, match="no frames folder at"):
        validate(BRIEFING, {"frames_dir": str(tmp_path / "not-parsed-yet")})


def test_good_parameters_are_typed_and_normalised(sample_frames):
    import datetime as dt
    got = validate(PLACE, {"radius_km": "25", "start": dt.date(2016, 9, 1), "frames_dir": str(sample_frames),
                           "place": "Alep"})
    assert got == {"radius_km": 25.0, "start": "2016-09-01", "frames_dir": str(sample_frames.resolve()),
                   "place": "Alep"}
    with pytest.raises(RenderError, match="expected a number"):
        validate(PLACE, {"radius_km": "far"})
    assert validate(BRIEFING, {"country": "sy"}) == {"country": "SY"}


def test_a_parameter_is_text_never_code(sample_frames, tmp_path):
    canary = tmp_path / "pwned"
    title = f"\"); import os; os.system('touch {canary}'); (\"<b>"
    out = render(BRIEFING, tmp_path, {"frames_dir": str(sample_frames), "title": title}, formats=["html"])
    html = out["html"].read_text(encoding="utf-8")
    assert not canary.exists()
    heading = re.search(r"<h1>(.*?)</h1>", html).group(1)
    assert heading == f"\"); import os; os.system('touch {canary}'); (\"&lt;b&gt;"   # shown as text


def test_the_cli_reports_parameter_errors(sample_frames, tmp_path, capsys):
    rc = main(["render", str(BRIEFING), "--frames", str(sample_frames), "-p", "start", "lastweek",
               "--out", str(tmp_path)])
    assert rc == 2
    assert "render failed at parameters: parameter 'start'" in capsys.readouterr().err
    rc = main(["render", str(BRIEFING), "--frames", str(sample_frames), "--name", "../../escape",
               "--out", str(tmp_path)])
    assert rc == 2 and "output name" in capsys.readouterr().err
    assert not list(tmp_path.parent.parent.glob("escape*"))


@pytest.mark.parametrize("what", ["corpus", "unrelated"])
def test_frames_that_are_not_a_frames_folder_are_refused_in_one_line(tmp_path, capsys, what):
    """--frames at a corpus (or any other folder) is a mistake, not an empty briefing."""
    folder = tmp_path / what
    folder.mkdir()
    if what == "corpus":
        (folder / "a.txt").write_text("Trois civils ont été tués à Alep.", encoding="utf-8")
    else:
        (folder / "budget.csv").write_text("year,total\n2016,3\n", encoding="utf-8")
    rc = main(["render", str(BRIEFING), "--frames", str(folder), "--to", "html", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert rc == 2 and len(err.splitlines()) == 1, err
    assert "not a wirebrief frames folder" in err and str(folder) in err
    assert not list((tmp_path / "out").glob("*.html"))
    from wirebrief import Frames
    from wirebrief.errors import InputError
    with pytest.raises(InputError, match="not a wirebrief frames folder"):
        Frames.load(folder)


def test_a_missing_or_bad_param_file_is_a_one_line_error(sample_frames, tmp_path, capsys):
    def run(param_file):
        rc = main(["render", str(BRIEFING), "--frames", str(sample_frames), "--param-file", str(param_file),
                   "--to", "html", "--out", str(tmp_path / "out")])
        err = capsys.readouterr().err
        assert rc == 2 and len(err.splitlines()) == 1, err
        return err
    assert f"no parameter file at {tmp_path / 'nope.yaml'}" in run(tmp_path / "nope.yaml")
    (tmp_path / "bad.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    assert "not valid YAML at line 2" in run(tmp_path / "bad.yaml")
    (tmp_path / "list.yaml").write_text("- title\n", encoding="utf-8")
    assert "expected a mapping of parameter names to values, got a list" in run(tmp_path / "list.yaml")
    (tmp_path / "good.yaml").write_text("title: From a file\nlang: fr\n", encoding="utf-8")
    assert main(["render", str(BRIEFING), "--frames", str(sample_frames), "--param-file",
                 str(tmp_path / "good.yaml"), "-p", "lang", "en", "--to", "html", "--name", "b",
                 "--out", str(tmp_path / "out")]) == 0
    html = (tmp_path / "out" / "b.html").read_text(encoding="utf-8")
    assert "From a file" in html and "Key figures" in html, "-p wins over the file"
