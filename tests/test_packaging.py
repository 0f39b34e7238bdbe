"""environment.yml mirrors pyproject.toml; docs/frames.md mirrors the schemas; the scorer reads our frames."""
import re
import subprocess
import sys
import tomllib

import yaml

from wirebrief.schema import markdown

from .conftest import ROOT, SEEDS


def _names(specs):
    return {re.split(r"[<>=!\[ ]", s, maxsplit=1)[0].lower() for s in specs}


def test_environment_yml_matches_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = _names(d for d in env["dependencies"] if isinstance(d, str)) - {"python", "pip"}
    assert conda == _names(py["dependencies"]) | _names(py["optional-dependencies"]["test"])


def test_frames_doc_is_generated_from_schema():
    assert (ROOT / "docs" / "frames.md").read_text(encoding="utf-8") == markdown()


def test_scorer_reads_our_frames(tmp_path):
    if not (SEEDS.parent / "score.py").exists():
        import pytest
        pytest.fail("../shared/eval/score.py is missing: the repository expects shared/ beside it")
    from wirebrief import parse
    parse(SEEDS).save(tmp_path)
    res = subprocess.run([sys.executable, str(SEEDS.parent / "score.py"), "--gold", str(SEEDS),
                          "--frames", str(tmp_path)], capture_output=True, text=True, check=True)
    # the samples are the extractors' first check: a drop below 0.95 is a regression, not noise
    macro = float(res.stdout.rsplit("macro F1:", 1)[1].split()[0])
    assert macro >= 0.95, res.stdout


def test_lazy_public_names_survive_submodule_imports():
    """`wirebrief.render` is the function even after the rendering module was imported by another."""
    import wirebrief.cli  # noqa: F401  (imports wirebrief.report.rendering and wirebrief.schedule lazily or not)
    import wirebrief.report.rendering  # noqa: F401
    from wirebrief import Frames, parse, render, report
    assert callable(render) and callable(parse) and hasattr(report, "key_figures") and Frames
