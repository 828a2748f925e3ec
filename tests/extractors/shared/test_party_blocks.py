"""Party blocks: the line rules the fast paths of `find_blocks` must keep."""

from __future__ import annotations

from hetong.extractors.shared.party_blocks import find_blocks
from hetong.models import Document
from hetong.pipeline.text import normalise, segment


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


# -- forms met in real contracts ---------------------------------------------------------------

def test_a_signing_heading_glued_onto_the_name_before_it():
    assert [b[:3] for b in blocks_of("甲方(盖章):四川某某股份有限公乙方(盖章) 某某汽车工业有限公司\n")] == [
        ("甲方", "甲方", "四川某某股份有限公"), ("乙方", "乙方", "某某汽车工业有限公司")]


def test_a_role_word_inside_a_name_is_no_glued_heading():
    # no stamp note after it: 乙方 inside the value is text
    assert [b[:3] for b in blocks_of("甲方:某某甲方乙方科技有限公司\n")] == [("甲方", "甲方", "某某甲方乙方科技有限公司")]


def test_side_by_side_signing_blocks_stay_open_over_seal_text():
    fragment = "甲方(盖章)      乙方(盖章)\n合同专用章 公 章 业\n开户行:某银行甲支行      开户行:某银行乙支行\n"
    assert blocks_of(fragment) == [
        ("甲方", "甲方", "", [("开户行", "某银行甲支行      ", False)]),
        ("乙方", "乙方", "", [("开户行", "某银行乙支行", False)]),
    ]


def test_a_single_piece_under_two_columns_goes_nowhere_when_both_look_whole():
    doc = doc_of("甲方:某某局 乙方:某某公司\n地址:某市某路1号 地址:某市某路2号\n3室\n")
    values = [v for b in find_blocks(doc) for v in b.values]
    assert [(doc.text[v.value_start:v.value_end].strip(), v.more) for v in values] == [
        ("某市某路1号", ()), ("某市某路2号", ())]


def test_a_numbered_party_list_needs_its_announcing_sentence():
    fragment = "1. 北京某某科技有限公司,其住所为:北京市某路1号;\n2. 上海某某科技有限公司,其住所为:上海市某路2号;\n"
    assert blocks_of(fragment) == []
    assert [b[:3] for b in blocks_of("本协议由以下各方签署:\n" + fragment)] == [
        ("甲方", "甲方", "北京某某科技有限公司"), ("乙方", "乙方", "上海某某科技有限公司")]


def test_no_list_where_role_headings_declare_the_parties():
    fragment = ("甲方:北京某某局\n乙方:上海某某公司\n本协议由以下各方签署:\n"
                "1. 北京某某科技有限公司,其住所为:北京市某路1号;\n2. 上海某某科技有限公司,其住所为:上海市某路2号;\n")
    assert [b[:3] for b in blocks_of(fragment)] == [("甲方", "甲方", "北京某某局"), ("乙方", "乙方", "上海某某公司")]


def test_a_name_line_over_labels_is_its_party_block():
    fragment = "甲方:北京某某科技有限公司\n\n16.1 各方确认其送达地址为:\n北京某某科技有限公司\n地址:北京市某路1号\n收件人:张伟\n"
    assert blocks_of(fragment)[-1] == ("甲方", "甲方", "北京某某科技有限公司",
                                       [("地址", "北京市某路1号", False), ("收件人", "张伟", False)])


def test_a_name_line_of_no_party_is_dropped():
    fragment = "甲方:北京某某科技有限公司\n\n16.1 各方确认其送达地址为:\n上海某某代理有限公司\n地址:上海市某路2号\n"
    assert blocks_of(fragment) == [("甲方", "甲方", "北京某某科技有限公司", [])]


def test_persons_under_a_heading_are_pieces_of_its_name():
    doc = doc_of("丙方(控股股东):\n赵伟,身份证号:\n王洪,身份证号:\n\n本合同各方协商一致。\n")
    (block,) = find_blocks(doc)
    h = block.heading
    assert doc.text[h.name_start:h.name_end] == "赵伟" and [doc.text[s:e] for s, e in h.more] == ["王洪"]


def test_declared_order_gives_way_to_a_role_only_a_signature_names():
    # 卖方 first, but 甲方 is the signature's: no reordering that would clash
    fragment = "卖方:某某实业有限公司\n买方:某某商贸有限公司\n\n丙方(盖章):某某担保有限公司\n"
    assert [b[0] for b in blocks_of(fragment)] == ["乙方", "甲方", "丙方"]
