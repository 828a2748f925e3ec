"""OCR confusions (申方 for 甲方, a province one character off) are undone only
where context makes the fix certain, as equal-length edits."""

from __future__ import annotations

import pytest

from hetong.pipeline.text.ocr_confusions import confusions


# -- OCR confusions certain in context --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("甲方：某局\n申方应于5日内付款。", "甲方：某局\n甲方应于5日内付款。"),
        ("甲方：某局 申方（盖章）", "甲方：某局 甲方（盖章）"),
        ("甲方：某局。本项目经理为张三，项自经理负责。", "甲方：某局。本项目经理为张三，项目经理负责。"),
        ("乙方：某公司。乙万应按时提交报告。", "乙方：某公司。乙方应按时提交报告。"),
    ],
    ids=["shen-fang-role", "shen-fang-stamp", "xiang-zi", "yi-wan"],
)
def test_confusions_are_fixed_where_context_makes_them_certain(text: str, fixed: str) -> None:
    out = list(text)
    for start, end, replacement in confusions(text):
        assert end - start == len(replacement)  # equal length: offsets are kept
        out[start:end] = replacement
    assert "".join(out) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "申方应于5日内付款。",  # 甲方 never appears: the reading is not established
        "甲方：某局。重申方案须经审批，申方应付款。",  # 申方 also inside 重申方案: not certain
        "甲方：某局。各项自主创新成果归甲方。",  # 项自 before 主: 各项自主 is a word
    ],
    ids=["no-jia-fang", "shen-fang-in-a-word", "xiang-zi-zhu"],
)
def test_confusions_leave_text_alone_when_not_certain(text: str) -> None:
    assert confusions(text) == []


@pytest.mark.parametrize(("text", "fixed"), [
    ("中共四州省纪委机关服务中心，地址：四川省成都市，四川省", "中共四川省纪委机关服务中心，地址：四川省成都市，四川省"),
    ("甲方：浙汪省某某局，地址：浙江省杭州市，浙江省", "甲方：浙江省某某局，地址：浙江省杭州市，浙江省"),
])
def test_a_misread_province_is_fixed_where_the_document_writes_it_right(text: str, fixed: str) -> None:
    out = text
    for start, end, repl in reversed(confusions(text)):
        out = out[:start] + repl + out[end:]
    assert out == fixed


@pytest.mark.parametrize("text", [
    "四州省某某局",  # the document never writes the right one: not certain
    "地址：四州省，另见贵州省、贵州省与四川省、四川省",  # two candidates written: not certain
    "四川省成都市四川省",  # nothing misread
])
def test_a_province_is_left_alone_when_the_fix_is_not_certain(text: str) -> None:
    assert [e for e in confusions(text) if e[2] in ("四川", "贵州")] == []


def test_a_misread_province_in_traditional_text_is_fixed_in_traditional() -> None:
    text = "甲方：貴卅省某某局，地址：貴州省貴陽市，貴州省"
    out = text
    for start, end, repl in reversed(confusions(text)):
        out = out[:start] + repl + out[end:]
    assert out == "甲方：貴州省某某局，地址：貴州省貴陽市，貴州省"
