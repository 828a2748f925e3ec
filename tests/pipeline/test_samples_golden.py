"""The full JSON of every bundled sample contract — values, evidence offsets,
rule ids, flags — pinned in golden files, so a refactor that changes any byte
of the output fails here (the architecture move was checked this way).

Regenerate them (only when the output is meant to change, and say why in the
commit):

    HETONG_REGENERATE_SAMPLES=1 .venv/bin/python -m pytest tests/pipeline/test_samples_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hetong.pipeline.orchestrate import process_path
from hetong.pipeline.store.export import to_json_line

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.txt"))
GOLDEN = Path(__file__).resolve().parent / "samples_expected"
REGENERATE = os.environ.get("HETONG_REGENERATE_SAMPLES") == "1"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_a_sample_extracts_to_its_golden_json(sample: Path) -> None:
    line = to_json_line(process_path(sample).to_record())
    path = GOLDEN / f"{sample.stem}.json"
    if REGENERATE:
        path.write_text(line + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: regenerate (see the module docstring)"
    assert line + "\n" == path.read_text(encoding="utf-8")


def test_every_sample_has_a_golden_file_and_no_golden_file_is_orphaned() -> None:
    assert {p.stem for p in GOLDEN.glob("*.json")} == {p.stem for p in SAMPLES}


def test_the_regenerate_switch_is_off() -> None:
    assert not REGENERATE, "HETONG_REGENERATE_SAMPLES is on: golden files were rewritten, not checked"
