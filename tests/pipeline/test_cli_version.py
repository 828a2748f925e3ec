"""`hetong --version`: hetong, NER model, division table and schema versions,
one per line, read from the files they describe."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hetong.pipeline import __version__
from hetong.pipeline.cli import app
from hetong.pipeline.store.storage import migrations

ROOT = Path(__file__).resolve().parents[2]


def version_lines(*, env: dict[str, str] | None = None) -> dict[str, str]:
    result = CliRunner().invoke(app, ["--version"], env=env)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["hetong", "ner-model", "divisions", "schema"]
    return dict(line.split(" ", 1) for line in lines)  # type: ignore[misc]


def test_hetong_version() -> None:
    assert version_lines()["hetong"] == __version__


def test_ner_model_version_is_the_one_documents_record() -> None:
    meta = json.loads((ROOT / "data" / "ner" / "model" / "meta.json").read_text(encoding="utf-8"))
    assert version_lines(env={"HETONG_NER": "1"})["ner-model"] == f"{meta['version']}+{meta['hetong']['digest'][:12]}"


def test_ner_model_switched_off_says_so() -> None:
    assert version_lines(env={"HETONG_NER": "0"})["ner-model"].endswith("(off: HETONG_NER)")


def test_a_missing_ner_model_says_how_to_build_it(tmp_path: Path) -> None:
    line = version_lines(env={"HETONG_NER_MODEL": str(tmp_path)})["ner-model"]
    assert line == f"none (no model in {tmp_path}: run `hetong train-ner`)"


def test_division_table_version_names_its_date_and_content() -> None:
    data = (ROOT / "data" / "reference" / "divisions.csv").read_bytes()
    line = version_lines()["divisions"]
    assert line.startswith(f"2025-12-31+{hashlib.sha256(data).hexdigest()[:12]} (")
    assert line.endswith(" current, 119 former units)")


def test_schema_version_is_the_highest_migration() -> None:
    latest = migrations()[-1]
    assert version_lines()["schema"] == f"{latest.version} ({latest.version:03d}_{latest.name})"


@pytest.mark.parametrize("args", [["--version", "extract"], ["--version", "--help"]])
def test_version_wins_over_what_follows(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"hetong {__version__}\n")
