"""The notebooks over frames with missing optional values (issue 21 item 9): the briefing once
crashed with `TypeError: boolean value of NA is ambiguous` in key_statements on a plain .txt
folder (no manifest: no source, title or date) in which an official is quoted."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wirebrief import Frames, parse, report
from wirebrief.report.rendering import render
from wirebrief.schema import ALL

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = {"article_id", "text", "path", "kind", "type", "name", "speaker", "quote", "stage", "message",
            "start", "end", "speaker_start", "speaker_end"}


def _blanked(frames: Frames) -> Frames:
    """Every value a reader may lack left empty: titles, sources, dates, places, roles, groups…"""
    out = {}
    for name, schema in ALL.items():
        df = getattr(frames, name).copy()
        for c in schema.columns:
            if c.name not in REQUIRED and c.dtype != "object":
                df[c.name] = pd.Series([pd.NA] * len(df), dtype=df[c.name].dtype, index=df.index)
        out[name] = df
    return Frames(**out)


@pytest.fixture(scope="module")
def plain_txt_frames(tmp_path_factory):
    """A plain .txt folder with no manifest, quoting an official, as the trial had it."""
    folder = tmp_path_factory.mktemp("plain")
    (folder / "khartoum.txt").write_text(
        "Des combats ont éclaté mardi à Khartoum entre l'armée et les FSR, faisant au moins 12 morts.\n\n"
        "« Nous ne laisserons pas la capitale tomber entre les mains des rebelles », a déclaré "
        "le général Abdel Fattah al-Burhane, chef de l'armée soudanaise.\n", encoding="utf-8")
    (folder / "el-fasher.txt").write_text(
        "At least 30 people were killed in El Fasher on Sunday, local doctors said.\n\n"
        "\"The hospital has run out of everything we need to treat the wounded,\" said Amna Hassan, "
        "a nurse at the Saudi hospital.\n", encoding="utf-8")
    frames = parse(folder)
    assert len(frames.statements) == 2 and frames.articles["source"].isna().all()
    return frames


def test_every_briefing_helper_copes_with_missing_values(plain_txt_frames):
    for frames in (plain_txt_frames, _blanked(plain_txt_frames), _blanked(parse(ROOT / "data" / "raw" / "samples"))):
        for lang in ("en", "fr"):
            report.key_statements(frames, lang)
            report.key_figures(frames)
            report.format_key_figures(report.key_figures(frames), lang)
            report.sources_table(frames, lang)
            report.key_events(frames)


@pytest.mark.slow
@pytest.mark.parametrize("blank", [False, True], ids=["plain-txt", "every-optional-value-empty"])
def test_the_briefing_renders_over_frames_with_missing_values(plain_txt_frames, tmp_path, blank):
    frames = _blanked(plain_txt_frames) if blank else plain_txt_frames
    frames.save(tmp_path / "frames")
    out = render(ROOT / "notebooks" / "briefing.ipynb", tmp_path / "out",
                 {"frames_dir": str(tmp_path / "frames")}, formats=("html",))
    html = out["html"].read_text(encoding="utf-8")
    assert "Traceback" not in html and "Error" not in html.split("</style>")[-1]
    assert "&lt;NA&gt;" not in html and "NaT" not in html and ">nan<" not in html
    if not blank:   # the quoted official, under the name the text gives
        assert "Abdel Fattah al-Burhane" in html and "Amna Hassan" in html
