from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "raw" / "samples"
SEEDS = ROOT.parent / "shared" / "eval" / "seeds"


@pytest.fixture(scope="session")
def sample_frames(tmp_path_factory):
    from wirebrief import parse
    out = tmp_path_factory.mktemp("frames")
    parse(SAMPLES).save(out)
    return out


@pytest.fixture
def corpus_dir(tmp_path):
    return tmp_path
