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


# Slow tests: whole modules that start processes (papermill kernels, nbconvert, the scheduler
# with a real SMTP server), and single tests that read ten thousand texts, start a Dask
# cluster or reload the gazetteer. `make test` (and CI) runs everything; `make check` runs
# the rest (`-m "not slow"`) for a quick answer while working.
SLOW_MODULES = {"test_render.py", "test_render_faults.py", "test_schedule.py", "test_quiet.py",
                "test_security.py", "test_delivery.py", "test_examples.py"}
SLOW_TESTS = ("test_extractors_never_raise", "dask", "test_the_loader_folds_the_names_itself",
              "test_a_new_event_type_is_one_csv_row", "test_memory_stays_bounded", "test_render_",
              "test_cli_parse_options", "test_incremental_parse", "test_dataset_loads_what",
              "test_a_new_language_is_data_only", "test_without_its_data_folder",
              "test_jupyter_nbconvert", "test_profile_notebooks_run", "test_a_parameter_is_text")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in SLOW_MODULES or any(s in item.nodeid for s in SLOW_TESTS):
            item.add_marker(pytest.mark.slow)
