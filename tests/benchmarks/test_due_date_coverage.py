"""The due-date coverage figure of the README (benchmarks/due_dates/measure.py):
on the team-written sets, every installment labelled determinable gets its
date (≥ 90 % required), none gets a wrong one, and every installment has a
due_rule. (data/real is measured by the same script in the README; its scans
need the OCR cache, so it is not run here.)"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load():
    spec = importlib.util.spec_from_file_location("measure", ROOT / "benchmarks" / "due_dates" / "measure.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("spec", "contract", "seq", "date"), [
    ("date:2025-07-31", {}, 1, dt.date(2025, 7, 31)),
    ("signed+30d", {"signed_on": "2022-09-23"}, 1, dt.date(2022, 10, 23)),
    ("signed+10wd", {"signed_on": "2024-03-15"}, 1, dt.date(2024, 3, 29)),
    ("start+6m+15d", {"service_start": "2023-01-01"}, 2, dt.date(2023, 7, 16)),
    ("monthday:27+1", {"service_start": "2026-04-27"}, 2, dt.date(2026, 6, 27)),
    ("signed+30d", {}, 1, None),
])
def test_expected_dates_from_the_gold_contract(spec: str, contract: dict, seq: int, date: dt.date | None) -> None:
    assert load().expected(spec, contract, seq) == date


@pytest.mark.parametrize("folder", ["gold", "holdout"])
def test_determinable_due_dates_are_found(folder: str) -> None:
    counts = load().measure([ROOT / "data" / folder])["sets"][folder]
    assert counts["determinable"] > 0
    assert counts["coverage"] >= 0.9, counts
    assert (counts["wrong"], counts["no_rule"]) == (0, 0), counts
