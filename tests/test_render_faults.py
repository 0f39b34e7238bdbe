"""Faults while rendering: a dead kernel, a full disk, a killed `wirebrief render`. Each time the
previous report stays byte for byte, no partial file carries a final name, the error names the step."""
import os
import re
import signal
import subprocess
import sys
import time

import nbformat
import pytest

from tests.conftest import ROOT
from wirebrief import render
from wirebrief.errors import RenderError

FINAL = ("b.ipynb", "b.html", "b.pdf")


def small_notebook(path, extra: str = ""):
    """A real notebook that reads the frames and draws one table (quick to render)."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('frames_dir: str = ""\nwait: float = 0.0')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(
        "import time\nfrom IPython.display import HTML, display\nfrom wirebrief import Frames, report\n"
        "F = Frames.load(frames_dir)\ntime.sleep(wait)\n"
        "display(HTML(report.to_html(report.key_figures(F))))")]
    if extra:
        nb.cells.append(nbformat.v4.new_code_cell(extra))
    nbformat.write(nb, path)
    return path


@pytest.fixture
def previous(sample_frames, tmp_path):
    """A good report already in place, and its bytes."""
    out = tmp_path / "reports"
    nb = small_notebook(tmp_path / "small.ipynb")
    render(nb, out, {"frames_dir": str(sample_frames)}, formats=["html", "pdf"], stem="b")
    return out, {name: (out / name).read_bytes() for name in FINAL}


def assert_untouched(out, before):
    for name, data in before.items():
        assert (out / name).read_bytes() == data, name
    finals = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert finals <= set(FINAL) | {"b.failed.ipynb"}, finals


def test_a_dead_kernel_is_reported_at_execute(previous, sample_frames, tmp_path):
    out, before = previous
    nb = small_notebook(tmp_path / "dies.ipynb", "import os\nos._exit(3)")
    with pytest.raises(RenderError) as err:
        render(nb, out, {"frames_dir": str(sample_frames)}, formats=["html", "pdf"], stem="b")
    assert err.value.step == "execute"
    assert "dead" in str(err.value).lower() or "died" in str(err.value).lower(), str(err.value)
    assert_untouched(out, before)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def _tiny_tmpfs(where, size_kb: int) -> bool:
    """Mount a tmpfs of `size_kb` at `where` when this machine allows it (root in most CI)."""
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)],
                          capture_output=True)
    return done.returncode == 0


def test_a_full_disk_leaves_the_previous_report(previous, sample_frames, tmp_path, monkeypatch):
    """A real ENOSPC: a tmpfs just big enough for the old report, else writes that land on /dev/full."""
    out, before = previous
    nb = small_notebook(tmp_path / "small.ipynb")
    disk = tmp_path / "disk"
    size_kb = sum(len(d) for d in before.values()) // 1024 + 64
    mounted = _tiny_tmpfs(disk, size_kb)
    try:
        if mounted:
            for name, data in before.items():
                (disk / name).write_bytes(data)
            target = disk
        else:   # no mount permission: every staged output is written to /dev/full (ENOSPC)
            import wirebrief.report.rendering as rendering
            real = rendering.tempfile.mkstemp

            def full_disk(*a, **k):
                fd, path = real(*a, **k)
                os.close(fd)
                return os.open("/dev/full", os.O_WRONLY), path
            monkeypatch.setattr(rendering.tempfile, "mkstemp", full_disk)
            target = out
        with pytest.raises(RenderError) as err:
            render(nb, target, {"frames_dir": str(sample_frames)}, formats=["html", "pdf"], stem="b")
        assert err.value.step == "write" and "No space left" in str(err.value), str(err.value)
        assert_untouched(target, before)
        assert not [p for p in target.iterdir() if p.name.startswith(".") and p.is_file()]
    finally:
        if mounted:
            subprocess.run(["umount", str(disk)], check=True)


def test_a_killed_render_leaves_no_partial_file(previous, sample_frames, tmp_path):
    out, before = previous
    nb = small_notebook(tmp_path / "slow.ipynb")
    cmd = [sys.executable, "-m", "wirebrief.cli", "render", str(nb), "--frames", str(sample_frames),
           "-p", "wait", "30", "--to", "html,pdf", "--out", str(out), "--name", "b"]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while not list(out.glob(".render-*/*")) and time.time() < deadline:   # mid-execution
        time.sleep(0.2)
    assert list(out.glob(".render-*")), "the render never started"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert_untouched(out, before)
    leftovers = [p for p in out.iterdir() if p.name.startswith(".")]
    assert leftovers and all(p.name.startswith(".render-") for p in leftovers)
    # the next render cleans what the killed one left once it is stale, and succeeds
    for p in leftovers:
        os.utime(p, (time.time() - 7200, time.time() - 7200))
    render(nb, out, {"frames_dir": str(sample_frames)}, formats=["html"], stem="b")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    assert (out / "b.pdf").read_bytes() == before["b.pdf"]   # not asked for: left alone


def test_the_cli_names_the_failed_step(sample_frames, tmp_path):
    nb = small_notebook(tmp_path / "boom.ipynb", "raise RuntimeError('boom')")
    proc = subprocess.run([sys.executable, "-m", "wirebrief.cli", "render", str(nb), "--frames",
                           str(sample_frames), "--to", "html", "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert re.search(r"render failed at execute: cell \d+ failed: RuntimeError: boom", proc.stderr), proc.stderr
