"""extractors.shared.resources: the shipped data is found through
importlib.resources, and a missing file is one clear error at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hetong.extractors.shared import resources
from hetong.pipeline.cli import app

ROOT = Path(__file__).resolve().parents[3]


def test_every_required_file_is_found_through_the_package() -> None:
    resources.check()  # raises if anything is missing
    for parts in resources.REQUIRED + resources.MODEL:
        assert resources.data_path(*parts).is_file()


def test_the_data_is_found_through_the_package_not_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resources.data_path("reference", "divisions.csv").read_bytes() == (ROOT / "data" / "reference" / "divisions.csv").read_bytes()


@pytest.fixture
def empty_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # the modules that name a data file at import must be imported unpatched
    import hetong.extractors.ner.model
    import hetong.extractors.shared.names
    import hetong.extractors.shared.regions
    import hetong.pipeline.version  # noqa: F401

    monkeypatch.setattr(resources, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    return tmp_path


def test_a_missing_file_is_named_with_the_fix(empty_data: Path) -> None:
    with pytest.raises(resources.ResourceMissing) as info:
        resources.check()
    message = str(info.value)
    assert str(empty_data / "reference" / "divisions.csv") in message
    assert str(empty_data / "ner" / "model" / "meta.json") in message
    assert "pip install --force-reinstall hetong" in message


def test_without_the_model_only_the_model_may_be_missing(empty_data: Path) -> None:
    with pytest.raises(resources.ResourceMissing) as info:
        resources.check(model=False)
    assert "meta.json" not in str(info.value) and "divisions.csv" in str(info.value)


@pytest.mark.parametrize("command", [["extract", "x.txt"], ["ingest", "x.txt", "--db", "x.duckdb"], ["evaluate", "--gold", "g"]])
def test_a_command_that_reads_contracts_stops_at_start_up_with_one_line(empty_data: Path, command: list[str]) -> None:
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2
    assert "hetong's package data is incomplete" in result.output
    assert "Traceback" not in result.output


def test_commands_that_only_read_the_database_do_not_need_the_data(empty_data: Path) -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
