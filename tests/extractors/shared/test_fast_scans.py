"""The fast scans in contract, period, dispute and regions find exactly what
the plain `finditer` / character-by-character scans they replace find."""

from __future__ import annotations

import random

import pytest

from hetong.extractors import contract, dispute, period
from hetong.extractors.shared import regions, scan
from hetong.models import Document

_PIECES = [
    "自", "从", " ", "  ", "\t", "\n", "\u3000", "2022", "二〇二二", "年", "月", "日", "号", "1", "12", "-", ".", "/",
    "至", "到", "~", "起", "止", "5", "7", "×", "x", "24", "8", "天", "小时", "%", "6%", "税率", "含税", "增值税", "发票",
    "为", ":", "合同编号", "编号", "项目名称", "采购项目名称", "签订日期", "日期", "人民法院", "仲裁委员会", "仲裁院", "北京", "北京市", "海淀区",
    "克拉玛依市", "乌鲁木齐区", "新疆", "提交", "向", "(", ")", "技术服务费", "维护费用", "项目费用", "甲方", "。", "7×24", "5天8小时",
    "\n合同编号：HT-1", "  合同号 :", "2022年1月1日", "2022 年 12 月 31 日", "2022-01-01", "2023.1.31", "12月31日",
    "自 2022年1月1日至2023年1月1日止",
]


def _texts(n: int = 1500) -> list[str]:
    rng = random.Random(11)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 40))) for _ in range(n)]


def _spans(matches) -> list:
    return [(m.span(), m.groups()) for m in matches]


_SCANS = {
    "period range": (period._RANGE, period._ranges),
    "tax": (contract._TAX, lambda t: scan.finditer(contract._TAX, contract._TAX_START, t)),
    "coverage": (contract._COVERAGE, lambda t: scan.finditer(contract._COVERAGE, contract._COVERAGE_START, t)),
    "fee label": (contract._TOTAL_LABELS[2][1], lambda t: scan.finditer(*contract._TOTAL_LABELS[2][1:], t)),
    "contract no": (contract._CONTRACT_NO_LABEL[0], lambda t: scan.finditer(*contract._CONTRACT_NO_LABEL, t)),
    "project": (contract._PROJECT_LABEL[0], lambda t: scan.finditer(*contract._PROJECT_LABEL, t)),
    "signed": (contract._SIGNED_LABEL[0], lambda t: scan.finditer(*contract._SIGNED_LABEL, t)),
    "venue": (dispute._VENUE, dispute._venue_matches),
}


@pytest.mark.parametrize("name", list(_SCANS))
def test_fast_scan_finds_what_finditer_finds(name):
    pattern, fast = _SCANS[name]
    found = 0
    for text in _texts():
        expected = _spans(pattern.finditer(text))
        assert _spans(fast(text)) == expected, text
        found += bool(expected)
    assert found  # the texts do exercise the pattern


def _chains_by_character(text: str) -> list[regions.Chain]:
    """find_chains as a plain scan over every character."""
    t = regions.table()
    chains, i = [], 0
    while i < len(text):
        link = regions._link_at(text, i, first=True) if text[i : i + 2] in t.lengths else None
        if link is None:
            i += 1
            continue
        chain = [link]
        while (link := regions._link_at(text, regions._GAP.match(text, link.end).end(), first=False)) is not None:
            chain.append(link)
        chains.append(tuple(chain))
        i = chain[-1].end
    return chains


def test_find_chains_matches_a_scan_over_every_character():
    for text in _texts(500):
        assert regions.find_chains(text) == _chains_by_character(text), text


def _doc(text: str) -> Document:
    return Document(source="t.txt", sha256="", media_type="text/plain", raw_text=text, text=text)


def test_kept_answers_are_copies_and_follow_the_text():
    doc = _doc("服务期限：2022年1月1日至2022年12月31日。合同总金额为人民币100000元。")
    for finder in (period.find_service_period, contract.find_total_amount):
        first = finder(doc)
        assert first
        first.clear()
        assert finder(doc) and finder(doc) == finder(_doc(doc.text + " "))
        assert finder(_doc("无")) == []
