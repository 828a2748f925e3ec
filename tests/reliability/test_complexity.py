"""No stage may be quadratic in a plausible shape of text.

A contract is 10–100 KB, but OCR output can run a whole document into one
line, repeat a label, or leave a long run of digits; a regex that rescans
the rest of the text from every position turns such a file into minutes of
CPU in one worker. Each case below runs the whole pipeline on ~10–20 K
characters under a budget a linear pipeline meets many times over on two
shared cores (the gold contracts take ~50 ms each). The budget is enforced
with `hetong.pipeline.read.limits.time_limit`, so a regression fails in seconds instead
of hanging the suite.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from hetong.pipeline.read.limits import time_limit
from hetong.pipeline.orchestrate import process_bytes

GOLD = Path(__file__).resolve().parents[2] / "data" / "gold" / "101_jiangmen_govcloud.txt"
BUDGET = 2.0  # seconds; each linear case takes 0.1–0.4 s here

_contract = GOLD.read_text(encoding="utf-8")
_one_line = _contract.replace("\n", "")

LINEAR = {
    "contract_on_one_line": (_one_line * 2)[:10_000],
    "many_short_lines": "合同\n" * 3_000,
    "one_heading_per_line": "第一条\n" * 2_000,
    "table_rows": "序号\t金额\t日期\n1\t100\t2024年1月1日\n" * 300,
    "pipes": "|" * 8_000,
    "percent_words": "百分之" * 6_000,
    "dates": "2024年1月1日至" * 800,
    "hours": "1小时" * 3_000,
    "latex": "$\\times$" * 4_000,
    "digit_groups": "1," * 10_000,
    # fixed findings: F1 (tax-rate regex), F2 (label search), F3 (SLA duration regex)
    "role_labels_on_one_line": "甲方:" * 3_000,
    "digit_run": "1" * 20_000,
    "capital_numeral_run": "壹拾伍万" * 2_500,
}



@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Load what a first document loads (stage modules, jieba, the NER
    model: seconds) outside the budgets."""
    from hetong.extractors.ner import model as ner

    if ner.enabled():
        ner.load_model()
    process_bytes(_contract.encode("utf-8"), "warm-up.txt")


def _run(text: str) -> float:
    """The whole pipeline on a real contract with `text` appended: a
    contract, so every extractor runs (hetong.pipeline.text.classify would otherwise
    stop a bare run of digits before extraction)."""
    data = (_contract + "\n" + text).encode("utf-8")
    t0 = time.perf_counter()
    with time_limit(BUDGET):
        doc = process_bytes(data, "x.txt")
    assert doc.status in {"ok", "partial", "failed", "not_a_contract"}
    return time.perf_counter() - t0


@pytest.mark.parametrize("text", LINEAR.values(), ids=LINEAR.keys())
def test_the_pipeline_is_fast_on(text: str) -> None:
    assert _run(text) < BUDGET

