"""A contract that lost its line breaks gets them back at its structure
markers; ordinary lines are left alone and every offset stays exact."""

from __future__ import annotations

import pytest

from pipeline.layout import LONG_LINE, restore_breaks
from pipeline.mapped_text import MappedText

FLAT = ("房屋租赁合同 出租方（甲方）：成都锦城置业有限公司 地址：成都市高新区天府大道北段1777号 联系电话：028-85551234 "
        "承租方（乙方）：四川香满楼餐饮管理有限公司 通讯地址：成都市锦江区三色路199号 开户银行：中信银行成都锦江支行 "
        "账号：8111001012200980215 第一条 租赁物 甲方将位于成都市的房屋出租给乙方，按本合同第三条约定使用。"
        "第二条 租赁期限 租赁期限自2024年1月1日起至2026年12月31日止。第三条 租金 一、首年租金为146400元；"
        "（一）租金按季度支付；1.押金为人民币三万元。签订日期：2024年1月1日")


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in restore_breaks(MappedText.from_raw(text)).text.split("\n")]


def test_a_flattened_contract_gets_its_lines_back() -> None:
    assert len(FLAT) > LONG_LINE
    assert lines_of(FLAT) == [
        "房屋租赁合同",
        "出租方（甲方）：成都锦城置业有限公司",
        "地址：成都市高新区天府大道北段1777号",
        "联系电话：028-85551234",
        "承租方（乙方）：四川香满楼餐饮管理有限公司",
        "通讯地址：成都市锦江区三色路199号",
        "开户银行：中信银行成都锦江支行",
        "账号：8111001012200980215",
        "第一条 租赁物 甲方将位于成都市的房屋出租给乙方，按本合同第三条约定使用。",
        "第二条 租赁期限 租赁期限自2024年1月1日起至2026年12月31日止。",
        "第三条 租金",
        "一、首年租金为146400元；",
        "（一）租金按季度支付；",
        "1.押金为人民币三万元。",
        "签订日期：2024年1月1日",
    ]


@pytest.mark.parametrize("glued", [
    "运维服务第二条 服务期限",  # a heading glued to the text before it
    "联系电话：0991-1234567第二条 服务内容",
])
def test_a_clause_heading_glued_to_the_text_before_it_starts_a_line(glued: str) -> None:
    text = "甲方委托乙方提供" + "运维服务，" * 60 + glued
    assert lines_of(text)[-1].startswith("第二条")


@pytest.mark.parametrize("reference", ["按本合同第三条约定", "违反第五条的", "依照第二条、第三条", "见第四条第2款"])
def test_cross_references_are_not_clause_starts(reference: str) -> None:
    text = "乙方应当" + "认真履行义务，" * 40 + reference + "承担责任。"
    assert len(lines_of(text)) == 1


def test_spaced_out_labels_are_labels() -> None:
    text = "甲方委托乙方" + "提供服务，" * 60 + "委 托 方（甲方）：某某局 地 址：某市某路1号"
    assert lines_of(text)[-2:] == ["委 托 方（甲方）：某某局", "地 址：某市某路1号"]


def test_short_lines_are_never_cut() -> None:
    text = "甲方：某某公司 地址：某市某路1号 电话：010-12345678\n第一条 服务内容 第二条 服务期限"
    assert lines_of(text) == text.split("\n")


def test_offsets_stay_exact() -> None:
    mt = restore_breaks(MappedText.from_raw(FLAT))
    assert mt.text.count("\n") > 10
    for i, ch in enumerate(mt.text):
        if ch != "\n":
            assert FLAT[mt.offsets[i]] == ch


@pytest.mark.parametrize(("glued", "first"), [
    ("宜昌市政务服务和大数据管理局1.1.2 地址：宜昌市沿江大道189号", "1.1.2 地址"),
    ("甲方应按时付款五、服务期限", "五、服务期限"),
    ("某某科技有限公司法定代表人或委托代理人：张三", "法定代表人或委托代理人"),
])
def test_more_markers_glued_to_the_text_before_them(glued: str, first: str) -> None:
    text = "甲方委托乙方提供" + "运维服务，" * 60 + glued
    assert lines_of(text)[-1].startswith(first)


@pytest.mark.parametrize("prose", ["第三、四季度的服务费", "一、二级故障", "增长1.5倍", "费用为1.25万元"])
def test_enumerations_and_decimals_in_prose_are_not_cut(prose: str) -> None:
    text = "乙方应当" + "认真履行义务，" * 40 + prose + "按约定执行。"
    assert len(lines_of(text)) == 1
