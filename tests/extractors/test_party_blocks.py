"""Party blocks: the line rules the fast paths of `find_blocks` must keep."""

from __future__ import annotations

from extractors.party_blocks import find_blocks
from models import Document
from pipeline import normalise, segment


def doc_of(fragment: str) -> Document:
    doc = Document(source="t.txt", sha256="x", media_type="text/plain", raw_text=fragment)
    return segment.run(normalise.run(doc))


def blocks_of(fragment: str) -> list[tuple]:
    doc = doc_of(fragment)
    return [(b.role, b.heading.label, doc.text[b.heading.name_start:b.heading.name_end],
             [(v.label, doc.text[v.value_start:v.value_end], v.signs) for v in b.values])
            for b in find_blocks(doc)]


def test_a_numbered_clause_heading_opens_no_block():
    assert blocks_of("2. 附件文件: 见附件\n采购单位: 北京某某有限公司\n地址: 北京市某路1号\n") == [
        ("甲方", "采购单位", "北京某某有限公司", [("地址", "北京市某路1号", False)]),
    ]


def test_a_numbered_clause_heading_still_ties_a_label_to_a_role():
    # the line yields no block, but `采购单位(乙方):` on it overrides the usual reading (甲方)
    fragment = "2. 附件文件: 采购单位(乙方): 某公司\n采购单位: 北京某某有限公司\n地址: 北京市某路1号\n"
    assert blocks_of(fragment) == [("乙方", "采购单位", "北京某某有限公司", [("地址", "北京市某路1号", False)])]


def test_side_by_side_headings_without_colons():
    assert blocks_of("甲方(盖章)      乙方(盖章)\n北京某某管理局      上海某某有限公司\n") == [
        ("甲方", "甲方", "北京某某管理局", []),
        ("乙方", "乙方", "上海某某有限公司", []),
    ]


def test_a_label_standing_alone():
    assert blocks_of("甲方: 北京某某管理局\n法定代表人/授权代表(签字)\n") == [
        ("甲方", "甲方", "北京某某管理局", [("法定代表人/授权代表", "", True)]),
    ]


def test_sentences_open_no_block():
    assert blocks_of("本合同一式两份,甲乙双方各执一份。\n项目名称: 某某运维服务\n") == []


def test_a_table_with_a_row_per_party():
    fragment = ("| 角色 | 单位名称 | 地址 | 联系人 | 电话 |\n| --- | --- | --- | --- | --- |\n"
                "| 甲方（采购人） | 某市人民医院 | 某市某路1号 | 张三 | 0311-1234567 |\n"
                "| 采购代理机构 | 某招标代理有限公司 | 某市某路2号 | 李四 | 0311-7654321 |\n"
                "| 乙方（供应商） | 某信息技术有限公司 | 某市某路3号 | 王五 | 0311-2345678 |\n")
    assert blocks_of(fragment) == [
        ("甲方", "采购人", "某市人民医院",
         [("地址", "某市某路1号", False), ("联系人", "张三", False), ("电话", "0311-1234567", False)]),
        ("乙方", "供应商", "某信息技术有限公司",
         [("地址", "某市某路3号", False), ("联系人", "王五", False), ("电话", "0311-2345678", False)]),
    ]


def test_a_header_row_of_roles_is_no_row_per_party_table():
    # `单位 | 甲方 | 乙方`: a column per party, whatever the corner says
    fragment = "单位\t甲方\t乙方\n开户行：\t中国银行某支行\t招商银行某支行\n"
    assert blocks_of(fragment) == [
        ("甲方", "甲方", "", [("开户行", "中国银行某支行", False)]),
        ("乙方", "乙方", "", [("开户行", "招商银行某支行", False)]),
    ]


def test_a_sentence_introducing_an_account_heads_its_owner_bank_details():
    # the values are the owner's, not the open block's (乙方's declaration)
    fragment = ("乙方：某信息技术有限公司\n地址：某市某路3号\n"
                "甲方退款账户：开户银行：中国银行某支行；账号：100265418732\n")
    assert blocks_of(fragment) == [
        ("乙方", "乙方", "某信息技术有限公司", [("地址", "某市某路3号", False)]),
        ("甲方", "甲方", "", [("开户银行", "中国银行某支行;", False), ("账号", "100265418732", False)]),
    ]


def test_a_sentence_of_paying_into_an_account_heads_no_block():
    fragment = ("乙方：某信息技术有限公司\n地址：某市某路3号\n"
                "甲方应将款项汇入以下账户：\n开户行：中国银行某支行\n账号：100265418732\n")
    assert blocks_of(fragment) == [("乙方", "乙方", "某信息技术有限公司", [("地址", "某市某路3号", False)])]
