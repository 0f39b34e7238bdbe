"""config.py is the one place that knows paths (issue 22): no module restates the layout."""
import re

from tests.conftest import ROOT
from wirebrief import config
from wirebrief.cli import build_parser
from wirebrief.deliver import schedule

LAYOUT = re.compile(r"""["'](?:\.\./)?(?:reports(?:/scheduled)?|var/wirebrief|data/processed/samples)/?["']""")


def test_no_module_but_config_spells_a_layout_path():
    package = ROOT / "src" / "wirebrief"
    offenders = [f"{path.relative_to(package)}:{n}" for path in package.rglob("*.py") if path.name != "config.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if LAYOUT.search(line)]
    assert offenders == []


def test_defaults_come_from_config(tmp_path):
    (tmp_path / "s.toml").write_text("")
    sched = schedule.load(tmp_path / "s.toml")
    assert sched.state_dir == (tmp_path / config.STATE).resolve()
    assert sched.reports_dir == (tmp_path / config.SCHEDULED_REPORTS).resolve()
    args = build_parser().parse_args(["render", "nb.ipynb"])
    assert args.out == str(config.REPORTS)
    assert config.REPORTS_DIR == config.PROJ_ROOT / "reports" and config.STATE_DIR.parts[-2:] == ("var", "wirebrief")
