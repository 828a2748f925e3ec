import pytest

from hetong.pipeline.text.segment import segment

ARTICLES = """第一条 项目概述
正文。
第二条 协议内容
一、区级政府网站运维服务主要事项
1.政府网站内容管理，包括：
(1) 政务公开规划管理工作，乙方应按照要求开展。
(2) 政务公开培训服务。
2.开普云监测报告整改工作
二、电子政务外包服务工作
第三条 责任与义务
附表
考核评分表
"""

CHAPTERS = """第一章 合同说明
1.1 甲乙双方之间任何与本合同有关的信函。
1.2 财务往来及结算。
第二章 合同内容
2.1 本合同所称名称。
2.2 乙方为甲方提供以下服务:
2.2.1 驻场服务:由公司委派人员。
2.2.2 系统升级:由公司负责。
2.4 甲方如需其他服务。
附件 1
1、客户服务理念
"""


def outline(text):
    return [(c.number, c.style, c.level, c.ordinal) for c in segment(text)]


def test_styles_nest_in_order_of_first_use():
    assert outline(ARTICLES) == [
        ("第一条", "article", 1, 1),
        ("第二条", "article", 1, 2),
        ("一、", "cn", 2, 1),
        ("1.", "dec1", 3, 1),
        ("(1)", "paren", 4, 1),
        ("(2)", "paren", 4, 2),
        ("2.", "dec1", 3, 2),
        ("二、", "cn", 2, 2),
        ("第三条", "article", 1, 3),
        ("附表", "annex", 1, None),
    ]


def test_decimal_numbering_under_chapters():
    assert outline(CHAPTERS) == [
        ("第一章", "chapter", 1, 1),
        ("1.1", "dec2", 2, 1),
        ("1.2", "dec2", 2, 2),
        ("第二章", "chapter", 1, 2),
        ("2.1", "dec2", 2, 1),
        ("2.2", "dec2", 2, 2),
        ("2.2.1", "dec3", 3, 1),
        ("2.2.2", "dec3", 3, 2),
        ("2.4", "dec2", 2, 4),
        ("附件 1", "annex", 1, 1),
        ("1、", "dec1", 2, 1),
    ]


def test_clause_spans_nest_and_cover_their_children():
    clauses = segment(ARTICLES)
    by_id = {c.id: c for c in clauses}
    for c in clauses:
        assert c.start < c.end <= len(ARTICLES)
        if c.parent is not None:
            parent = by_id[c.parent]
            assert parent.start <= c.start and c.end <= parent.end
    second = clauses[1]
    assert ARTICLES[second.start :].startswith("第二条 协议内容")
    assert second.heading == "协议内容"


def test_annex_reference_inside_body_is_not_an_annex():
    text = "第一条 合同文件\n1. 本合同书\n附件1:保密协议\n第二条 付款\n正文\n附件1:保密协议\n内容"
    styles = [c.style for c in segment(text)]
    assert styles == ["article", "dec1", "article", "annex"]


@pytest.mark.parametrize(
    "line",
    ["2022 年 9 月 23 日", "1202000元", "2025-XX-XX", "12.5%的费用", "6-2039"],
)
def test_numbers_that_are_not_headings(line):
    assert segment(line) == []


def test_cn_number_followed_by_digit_is_a_heading():
    assert outline("四、7*24小时响应反馈服务") == [("四、", "cn", 1, 4)]
