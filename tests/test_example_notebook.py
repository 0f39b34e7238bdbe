"""The example analysis notebook (issue 21, item 20) runs with papermill from the repository
root, on any frames folder, and computes what pandas computes from the same frames."""
import nbformat
import papermill as pm

from tests.conftest import ROOT
from wirebrief import Frames

EXAMPLE = ROOT / "notebooks" / "examples" / "tolls_by_month.ipynb"


def test_example_notebook_runs_with_papermill_and_counts_right(sample_frames, tmp_path):
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(EXAMPLE), str(out), parameters={"frames_dir": str(sample_frames), "kind": "displaced"},
                        cwd=str(ROOT), kernel_name="python3", progress_bar=False)
    last = nbformat.read(out, as_version=4).cells[-1]
    printed = "".join(o.get("text", "") for o in last.outputs)
    c = Frames.load(sample_frames).casualties
    mine = c[(c["kind"] == "displaced") & (c["scope"] == "incident") & c["part_of"].isna()]
    total = int(mine["best"].fillna(mine["low"]).fillna(0).sum())
    assert total > 0, "the sample frames have displaced people: the check must count something"
    assert printed.strip() == f"displaced: {total} in {len(mine)} incident counts"


def test_example_notebook_is_committed_without_outputs():
    nb = nbformat.read(EXAMPLE, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")
    (params,) = [cell for cell in nb.cells if "parameters" in cell.metadata.get("tags", [])]
    assert "frames_dir: str" in params.source and "kind: str" in params.source
