"""What an analyst or an operator meets first (issue 21, items 18 and 20): the `Frames` repr,
`make lab` as root, and documents that stand alone (docs/frames.md, .env.example, README)."""
import os
import re
import shutil
import subprocess

import pandas as pd

from tests.conftest import ROOT
from wirebrief import Frames
from wirebrief.deliver import smtp
from wirebrief.schema import ALL


def test_frames_repr_is_one_line_of_sizes_and_window(sample_frames):
    frames = Frames.load(sample_frames)
    text = repr(frames)
    assert "\n" not in text and len(text) < 200
    assert text.startswith(f"Frames({len(frames.articles)} articles, {len(frames.events)} events, ")
    first, last = frames.articles["published"].min(), frames.articles["published"].max()
    assert text.endswith(f"published {first:%Y-%m-%d}..{last:%Y-%m-%d})")
    assert repr(Frames()) == ("Frames(0 articles, 0 events, 0 casualties, 0 locations, 0 actors, 0 statements, "
                              "0 incidents, 0 errors)")
    undated = Frames(articles=frames.articles.assign(published=pd.NaT))
    assert "published" not in repr(undated)


def _lab_command(*runas) -> str:
    out = subprocess.run([*runas, "make", "-n", "-C", str(ROOT), "lab"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    (line,) = [x for x in out.stdout.splitlines() if "jupyter lab" in x]
    return " ".join(line.split())


def test_make_lab_allows_root_only_for_root():
    """Jupyter refuses to start as root without --allow-root; nobody else needs the flag."""
    assert ("--allow-root" in _lab_command()) == (os.geteuid() == 0)
    if os.geteuid() == 0 and shutil.which("setpriv"):
        # the same Makefile read by an unprivileged user leaves the flag out
        nobody = _lab_command("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
        assert "--allow-root" not in nobody and nobody.endswith("jupyter lab notebooks/")


def test_frames_doc_stands_alone():
    """docs/frames.md cited a guideline that is not in the repository, and left out `month`."""
    text = (ROOT / "docs" / "frames.md").read_text(encoding="utf-8")
    flat = " ".join(text.split())
    for cited in set(re.findall(r"[\w./*-]+\.(?:md|yaml|py)\b", text)):
        assert list(ROOT.glob(cited)) or list((ROOT / "src" / "wirebrief").glob(cited)), cited
    assert "## On disk" in text and "`month` is a partition column" in flat
    assert "## Conventions" in text and "cumulative" in text.split("## Conventions")[1]
    for schema in ALL.values():
        assert f"## {schema.name}" in text


def test_env_example_lists_every_setting_and_is_readable():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    keys = set(re.findall(r"^(WIREBRIEF_\w+)=", text, flags=re.M))
    assert keys == {f"WIREBRIEF_SMTP_{name}" for name in smtp.SETTINGS} | {"WIREBRIEF_ALERT_TO"}
    cfg = smtp.SmtpConfig.from_env({}, ROOT / ".env.example")
    assert (cfg.host, cfg.port, cfg.security, cfg.cafile) == ("smtp.example.org", 587, "starttls", None)
    ignored = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", ".env"])
    assert ignored.returncode == 0, ".env must stay out of git"


def test_readme_names_frames_roots_beside_the_dask_example():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    dask = readme.index("--engine dask --scheduler tcp://")
    assert "WIREBRIEF_FRAMES_ROOTS=" in readme[dask:dask + 400]
    assert "docs/frames.md" in readme
