"""Who said each quotation (issue 21 item 4): tests/cases/statements.yaml through parse_text,
and the statements frame end to end through a saved dataset."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wirebrief import parse_text
from wirebrief.frames import Frames

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "statements.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_a_quotation_goes_to_the_speaker_the_text_names(case):
    lang = case["id"].split("/")[0]
    got = parse_text(case["text"], lang=lang).statements
    want = case["statements"]
    assert len(got) == len(want), got[["speaker", "role", "quote"]].to_dict("records")
    for row, w in zip(got.itertuples(), want, strict=True):
        assert row.speaker == w["speaker"]
        assert row.quote == w["quote"]
        assert (None if row.role is None or row.role is __import__("pandas").NA else row.role) == w.get("role")


def test_every_statement_keeps_its_evidence_in_the_published_text():
    text = "DARFOUR (AFP) - «Nous n’avons plus d’eau», a déclaré à l’AFP Halimé Moussa, une habitante."
    st = parse_text(text, lang="fr").statements
    row = st.iloc[0]
    assert text[row.start:row.end].strip("«»") == "Nous n’avons plus d’eau"
    assert text[row.speaker_start:row.speaker_end] == "Halimé Moussa"


def test_the_statements_frame_is_saved_and_loaded_with_the_others(tmp_path):
    frames = parse_text("« Tout a brûlé », raconte Awa Traoré, une mère de famille.", lang="fr",
                        published="2024-05-02")
    Frames.save(frames, tmp_path / "frames")
    back = Frames.load(tmp_path / "frames")
    assert back.statements[["speaker", "role", "quote"]].to_dict("records") == [
        {"speaker": "Awa Traoré", "role": "une mère de famille", "quote": "Tout a brûlé"}]
