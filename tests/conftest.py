from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "raw" / "samples"
SEEDS = ROOT.parent / "shared" / "eval" / "seeds"


@pytest.fixture(scope="session", autouse=True)
def frames_roots(tmp_path_factory):
    """Renders may read frames from the test folders (the deployment setting, not a bypass)."""
    import os
    os.environ["WIREBRIEF_FRAMES_ROOTS"] = os.pathsep.join(
        [str(tmp_path_factory.getbasetemp()), str(ROOT / "data")])


@pytest.fixture(scope="session")
def sample_frames(tmp_path_factory):
    from wirebrief import parse
    out = tmp_path_factory.mktemp("frames")
    parse(SAMPLES).save(out)
    return out


@pytest.fixture
def corpus_dir(tmp_path):
    return tmp_path
