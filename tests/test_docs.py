"""The README stays true: its quickstart test command is what CI runs, and
every CLI command is documented."""

import re
from pathlib import Path

import pytest

from hetong.pipeline.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _ci_command() -> str:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith("python3 -m venv")][-1]


def test_ci_runs_the_readme_test_command_verbatim():
    assert _ci_command() in README


def test_readme_test_command_includes_the_accuracy_gate():
    assert re.search(r"hetong evaluate --gold data/gold --min-f1 0\.\d+", _ci_command())


def test_readme_main_command_ingests_the_samples():
    assert "hetong ingest data/samples --db contracts.duckdb" in README


@pytest.mark.parametrize("command", [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands])
def test_every_cli_command_is_documented(command):
    assert f"hetong {command}" in README, f"README does not document `hetong {command}`"


def test_ci_checks_the_built_wheel_outside_the_checkout():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/ci_wheel.sh" in run
    # `set -e` does not stop on a failure inside the test command's && list: the script must check it
    after = run.split(_ci_command(), 1)[1]
    assert after.index('exit "$status"') < after.index("bash scripts/ci_wheel.sh")
    script = (ROOT / "scripts" / "ci_wheel.sh").read_text(encoding="utf-8")
    for step in ("python\" -m build --sdist --wheel", "cd \"$WORK\"", "hetong\" ingest \"$REPO/data/samples\"", "cmp -s"):
        assert step in script, step
