"""The variant suite: every gold contract rendered in another shape or script
and scored against its gold (pipeline/quality/variants.py). Every shape and script
holds the same bar: overall F1 ≥ 0.97 and every group ≥ 0.93 (README,
"Shapes and scripts")."""

from __future__ import annotations

from pathlib import Path

import pytest

from hetong.pipeline.quality.evaluate import evaluate_records
from hetong.pipeline.quality.variant_pdf import font_path

GOLD = Path(__file__).resolve().parents[3] / "data" / "gold"

# variant: (overall F1 floor, every-group F1 floor)
FLOORS = {
    "trad": (0.97, 0.93),
    "fullwidth": (0.97, 0.93),
    "halfwidth": (0.97, 0.93),
    "docx": (0.97, 0.93),
    "pdf": (0.97, 0.93),
    "spaced": (0.97, 0.93),
    "flat": (0.97, 0.93),
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    if request.param == "pdf":
        pytest.importorskip("reportlab", reason="the pdf variant needs reportlab (pip install -e '.[dev]')")
        if font_path() is None:
            pytest.skip("the pdf variant needs a CJK font: apt-get install fonts-wqy-zenhei")
    return request.param, evaluate_records(GOLD, variant=request.param)


def test_variant_reaches_its_floor(scored) -> None:  # type: ignore[no-untyped-def]
    name, evaluation = scored
    overall_floor, group_floor = FLOORS[name]
    summary = evaluation.summary
    assert summary.overall.f1 >= overall_floor, f"{name}: overall F1 {summary.overall.f1:.3f}"
    low = {g: round(c.f1, 3) for g, c in summary.groups.items() if not c.empty and c.f1 < group_floor}
    assert not low, f"{name}: groups below {group_floor}: {low}"
