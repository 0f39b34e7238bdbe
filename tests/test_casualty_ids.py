"""A stable casualty_id, so that part_of can be joined (issue 21 item 18)."""
from __future__ import annotations

from wirebrief import parse_text
from wirebrief.frames import Frames

TEXT = ("Au moins 19 personnes, dont sept enfants et trois femmes, ont été tuées jeudi à Idleb. "
        "Douze autres ont été blessées, selon l'OSDH.")


def test_a_subset_joins_its_total_through_part_of_id(tmp_path):
    cas = parse_text(TEXT, lang="fr", published="2016-09-22").casualties
    parts = cas.merge(cas, left_on="part_of_id", right_on="casualty_id", suffixes=("", "_total"))
    assert sorted(zip(parts["best"], parts["best_total"], strict=True)) == [(3, 19), (7, 19)]
    assert cas["casualty_id"].is_unique


def test_the_same_text_parses_to_the_same_ids_after_a_save(tmp_path):
    first = parse_text(TEXT, lang="fr", published="2016-09-22")
    first.save(tmp_path / "frames")
    again = Frames.load(tmp_path / "frames").casualties
    assert again["casualty_id"].tolist() == first.casualties["casualty_id"].tolist()
    assert again["casualty_id"].str.startswith("text:").all()
