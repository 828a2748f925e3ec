"""The workbench's words (pipeline/serve/i18n.py): codes as their meaning,
in sentences, Chinese first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hetong.extractors.flags import KINDS
from hetong.pipeline.serve import i18n


@pytest.mark.parametrize(
    ("row", "zh", "en"),
    [
        ({"payer": "乙方", "rate": Decimal("0.01"), "unit": "per_point", "base": "service_fee"},
         "乙方：按服务费的1%每分扣减", "乙方 pays 1% of the service fee per point"),
        ({"payer": "甲方", "rate": Decimal("0.0005"), "unit": "per_day", "base": "overdue_amount"},
         "甲方：按逾期金额的0.05%每日支付违约金", "甲方 pays 0.05% of the overdue amount per day"),
        ({"payer": "乙方", "rate": Decimal("0.2"), "unit": "once", "base": "contract_total", "cap": Decimal("0.3"),
          "trigger": "乙方拒绝履行"},
         "乙方：按合同总额的20%一次性支付违约金，以30%为上限（乙方拒绝履行）",
         "乙方 pays 20% of the contract total once, at most 30% · 乙方拒绝履行"),
        ({"payer": None, "rate": Decimal("2"), "unit": "per_day", "base": "daily_fee"},
         "违约方：按日服务费的200%每日支付违约金", "? pays 200% of the daily fee per day"),
    ],
)
def test_penalties_read_as_sentences(row: dict, zh: str, en: str) -> None:
    assert i18n.penalty(row, "zh") == zh
    assert i18n.penalty(row, "en") == en


@pytest.mark.parametrize(
    ("row", "zh"),
    [
        ({"kind": "response", "hours": Decimal("0.5"), "severity": None}, "30分钟内响应"),
        ({"kind": "onsite", "hours": Decimal("4"), "severity": "一级故障"}, "一级故障：4小时内到场"),
    ],
)
def test_sla_reads_as_a_sentence(row: dict, zh: str) -> None:
    assert i18n.sla(row, "zh") == zh


def test_a_payment_reads_as_a_sentence() -> None:
    row = {"amount": Decimal("360600.00"), "ratio": Decimal("0.3"), "trigger": "合同签订后30日内", "due_on": dt.date(2022, 10, 23)}
    assert i18n.payment(row, "zh") == "360,600.00 元 · 占总额 30% · 合同签订后30日内 · 应于 2022-10-23 前支付"


@pytest.mark.parametrize("kind", KINDS)
def test_every_flag_kind_has_a_chinese_name_and_sentence(kind: str) -> None:
    assert i18n.pick(i18n.FLAG_KINDS, kind, "zh") != kind
    sentence = i18n.flag_sentence(kind, ["甲", "乙"], "message", "zh")
    assert "“甲”、“乙”" in sentence and sentence.endswith("。")


def test_an_unknown_code_is_shown_as_it_is() -> None:
    assert i18n.pick(i18n.FLAG_KINDS, "new_kind", "zh") == "new_kind"
    assert i18n.flag_sentence("new_kind", ["x"], "m", "zh") == "new_kind：“x”。"


def test_every_ui_word_has_both_languages() -> None:
    for key, (zh, en) in i18n._UI.items():
        assert zh and en, key
        assert i18n.ui("zh", key, **dict.fromkeys(("n", "first", "last", "i", "who", "when", "what", "value", "total"), "x"))
