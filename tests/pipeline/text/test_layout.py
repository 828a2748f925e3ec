"""A contract that lost its line breaks gets them back at its structure
markers; ordinary lines are left alone and every offset stays exact."""

from __future__ import annotations

import pytest

from hetong.pipeline.text.layout import LONG_LINE, restore_breaks
from hetong.pipeline.text.mapped_text import MappedText

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


@pytest.mark.parametrize("reference", ["按本合同第三条约定", "违反第五条的", "依照第二条、第三条", "见第四条第2款",
                                       "未按本合同“三、服务响应”约定", "按“第六条 付款方式”执行"])
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


def last_lines(glued: str, n: int) -> list[str]:
    return lines_of("甲方委托乙方提供" + "运维服务，" * 60 + glued)[-n:]


@pytest.mark.parametrize(("glued", "expected"), [
    # a qualified label is one label (单位地址, not 地址 after 单位)
    ("单位名称：某某中心单位地址：某市某路1号", ["单位名称：某某中心", "单位地址：某市某路1号"]),
    # a role written before its label stays with it
    ("乙方统一社会信用代码：91130101MA0FJ3K28W", ["乙方统一社会信用代码：91130101MA0FJ3K28W"]),
    # labels joined by 或, with a note before the colon
    ("乙方：某某公司法定代表人或授权代表（签字）：", ["乙方：某某公司", "法定代表人或授权代表（签字）："]),
    # a label spaced out to its column's width
    ("需    方：某某局地    址：某市某路1号电    话：0371-65931208",
     ["需    方：某某局", "地    址：某市某路1号", "电    话：0371-65931208"]),
])
def test_labels_as_forms_write_them(glued: str, expected: list[str]) -> None:
    assert last_lines(glued, len(expected)) == expected


def test_a_label_that_would_complete_a_name_is_not_cut_off() -> None:
    assert last_lines("乙方：某某科技有限公司地址：某市某路1号", 2) == ["乙方：某某科技有限公司", "地址：某市某路1号"]


@pytest.mark.parametrize(("glued", "expected"), [
    ("提供方：哈尔滨某某科技有限公司", ["提供方：哈尔滨某某科技有限公司"]),  # 提供方, not 供方 after 提
    ("经双方盖章后生效。乙方基本信息：统一社会信用代码：91140100MA0K000000",
     ["乙方基本信息：", "统一社会信用代码：91140100MA0K000000"]),
    ("受托方：某某局委托方（以下简称“甲方”）单位名称：某某中心", ["受托方：某某局", "委托方（以下简称“甲方”）", "单位名称：某某中心"]),
    ("乙方：某某局甲方（采购人）单位名称：某某中心", ["乙方：某某局", "甲方（采购人）", "单位名称：某某中心"]),
    # a sentence opening with a role and ending with a colon introduces the block after it
    ("计¥240400元（贰拾肆万零肆佰元整）。  乙方开户银行名称、地址和帐号为：开户银行：某某银行某某支行",
     ["乙方开户银行名称、地址和帐号为：", "开户银行：某某银行某某支行"]),
    # a blank line turned into spaces between the heading and its label
    ("项目名称：某某平台运维项目    乙方（供应商）  单位名称：某某公司",
     ["项目名称：某某平台运维项目", "乙方（供应商）", "单位名称：某某公司"]),
])
def test_role_headings_without_a_colon(glued: str, expected: list[str]) -> None:
    assert last_lines(glued, len(expected)) == expected


@pytest.mark.parametrize("prose", ["由甲方委托乙方完成", "乙方应当按期交付", "甲方（采购人）应当按期付款"])
def test_roles_in_prose_are_not_headings(prose: str) -> None:
    assert len(lines_of("乙方应当" + "认真履行义务，" * 40 + prose + "。")) == 1


def test_no_cut_inside_brackets() -> None:
    text = "采购代理机构：某某招标代理有限公司（联系人：赵敏，电话：0311-87015562）" + "签约双方如下，" * 40
    assert any(line.startswith("采购代理机构：某某招标代理有限公司（联系人：赵敏，电话：0311-87015562）")
               for line in lines_of(text))


@pytest.mark.parametrize(("glued", "expected"), [
    ("合同编号：BXZC-2024-019宾县人民政府网站群运维服务合同", ["合同编号：BXZC-2024-019", "宾县人民政府网站群运维服务合同"]),
    ("统一社会信用代码：91230103MA1BW6Q97P甲方为做好工作", ["统一社会信用代码：91230103MA1BW6Q97P", "甲方为做好工作"]),
    ("邮政编码：310013    西湖区政务云项目", ["邮政编码：310013", "西湖区政务云项目"]),
    # …or at the clause number after it
    ("联系电话：0871-6123456  2.2 乙方", ["联系电话：0871-6123456", "2.2 乙方"]),
    ("统一社会信用代码：91530100MA6K7L8M9N  3 服务内容", ["统一社会信用代码：91530100MA6K7L8M9N", "3 服务内容"]),
])
def test_a_code_value_ends_where_its_code_does(glued: str, expected: list[str]) -> None:
    assert last_lines(glued, len(expected)) == expected


@pytest.mark.parametrize("value", ["合同编号：HT-2024-001号", "联系电话：028-85551234转8001", "合同编号：〔2024〕第15号"])
def test_a_code_value_keeps_its_own_characters(value: str) -> None:
    assert last_lines(value, 1) == [value]


@pytest.mark.parametrize(("glued", "expected"), [
    ("通讯地址：某市某厂房1层1150室本合同甲方委托乙方实施本项目。", ["通讯地址：某市某厂房1层1150室", "本合同甲方委托乙方实施本项目。"]),
    ("丙方：湖北某某咨询有限公司为保障电子政务外网安全", ["丙方：湖北某某咨询有限公司", "为保障电子政务外网安全"]),
])
def test_a_value_ends_at_a_sentence_opening(glued: str, expected: list[str]) -> None:
    assert last_lines(glued, len(expected)) == expected


def test_a_sentence_opening_in_prose_is_not_cut() -> None:
    assert len(lines_of("乙方应当" + "认真履行义务，" * 40 + "双方根据《民法典》本合同约定执行。")) == 1


def test_markdown_table_rows_run_together_get_their_lines_back() -> None:
    text = ("付款如下：| 期次 | 比例 | 金额 || --- | --- | --- || 第一期 | 30% | 1.5 || 第二期 |  | 3.5 |"
            "第七条 服务考核" + "甲方按季度考核，" * 40)
    assert lines_of(text)[:6] == ["付款如下：", "| 期次 | 比例 | 金额 |", "| --- | --- | --- |",
                                  "| 第一期 | 30% | 1.5 |", "| 第二期 |  | 3.5 |", "第七条 服务考核" + "甲方按季度考核，" * 40]


def test_markers_inside_a_table_row_stay_in_it() -> None:
    text = "| 角色 | 地址 || --- | --- || 甲方（采购人） | 地址：某市 1. 某路 |" + "甲方按季度考核，" * 40
    assert "| 甲方（采购人） | 地址：某市 1. 某路 |" in lines_of(text)


@pytest.mark.parametrize(("glued", "first"), [
    ("一、服务内容1. 宾县人民政府门户网站", "1. 宾县"),
    ("全部费用。5.2  合同价款按季度支付", "5.2  合同价款"),
    ("等额发票。  6  考核  6.1  甲方每季度考核", "6  考核"),
    ("本合同。## 第一条 服务内容", "## 第一条 服务内容"),  # the normaliser then drops the mark
])
def test_numbers_after_headings_and_sentences(glued: str, first: str) -> None:
    assert any(line.startswith(first) for line in last_lines(glued, 3))


@pytest.mark.parametrize("prose", ["增长 1.5 倍", "费用。3 个月内付清", "约为 2.5 万元"])
def test_amounts_after_a_space_are_not_clause_numbers(prose: str) -> None:
    assert len(lines_of("乙方应当" + "认真履行义务，" * 40 + prose + "。")) == 1


def test_markdown_tables_back_to_back_keep_their_own_rows() -> None:
    # the second table's separator has a two-dash column; its header row is not a row of the first
    text = ("清单如下：| 序号 | 内容 || --- | --- || 1 | 巡检 || 2 | 备份 |"
            "|    |      |  || ---- | ---- |--|| 3 | 升级 | 按需 |" + "乙方按月提交报告，" * 40)
    assert lines_of(text)[:8] == ["清单如下：", "| 序号 | 内容 |", "| --- | --- |", "| 1 | 巡检 |", "| 2 | 备份 |",
                                  "|    |      |  |", "| ---- | ---- |--|", "| 3 | 升级 | 按需 |"]


@pytest.mark.parametrize(("glued", "expected"), [
    # a signature block run on after the last clause: heading, signatory, date
    ("经双方盖章后生效。甲方（盖章）某某市数据资源局张三2024年3月18日乙方（签章）某某科技有限公司李四2024年3月19日",
     ["甲方（盖章）", "某某市数据资源局张三", "2024年3月18日",
      "乙方（签章）", "某某科技有限公司李四", "2024年3月19日"]),
    # the breaks turned into spaces between the lines of the block
    ("经双方盖章后生效。 甲方（盖章） 某某市数据资源局 张三 2024年3月18日",
     ["甲方（盖章）", "某某市数据资源局", "张三", "2024年3月18日"]),
    # blocks side by side keep their columns on one line
    ("经双方盖章后生效。甲方（盖章）     乙方（盖章） 某某市数据资源局      某某科技有限公司",
     ["甲方（盖章）", "乙方（盖章）", "某某市数据资源局      某某科技有限公司"]),
    # the date under the signatory's name, then the page footer
    ("经双方盖章后生效。乙方（盖章）：某某科技有限公司法定代表人：刘某某2025年1月8日第 4 页 共 4 页",
     ["乙方（盖章）：某某科技有限公司", "法定代表人：刘某某", "2025年1月8日", "第 4 页 共 4 页"]),
    # a heading with its colon keeps its value
    ("一式三份。甲方（盖章）：某某市数据资源局法定代表人（签字）：张三",
     ["甲方（盖章）：某某市数据资源局", "法定代表人（签字）：张三"]),
])
def test_signature_blocks(glued: str, expected: list[str]) -> None:
    assert last_lines(glued, len(expected)) == expected


def test_a_stamp_note_in_prose_is_not_a_heading() -> None:
    assert len(lines_of("乙方应当" + "认真履行义务，" * 40 + "甲方盖章后于2024年3月18日前付款。")) == 1


@pytest.mark.parametrize(("text", "expected"), [
    # a blank contract number's label run on into the title under it
    ("合同编号：某某市档案馆数字化加工服务合同项目名称：某某项目", ["合同编号：", "某某市档案馆数字化加工服务合同", "项目名称：某某项目"]),
    # (the normaliser then drops the heading mark)
    ("合 同 编 号：HT-2024-07# 某某市档案馆数字化加工服务合同", ["合 同 编 号：HT-2024-07", "# 某某市档案馆数字化加工服务合同"]),
    # a kind of contract and the contract's own name
    ("政府采购合同某某市档案馆数字化加工服务合同合同编号：", ["政府采购合同", "某某市档案馆数字化加工服务合同", "合同编号："]),
    ("  技术服务合同  某某区数据治理平台运维合同  项目名称：某某项目", ["技术服务合同", "某某区数据治理平台运维合同", "项目名称：某某项目"]),
])
def test_titles_run_into_the_header(text: str, expected: list[str]) -> None:
    assert lines_of(text + " 第一条 服务内容" + "乙方按约定提供服务，" * 30)[:len(expected)] == expected


@pytest.mark.parametrize("value", ["合同编号：京财采〔2024〕15号", "合同编号：某某采购中心2024第15号"])
def test_a_number_written_in_words_is_not_a_title(value: str) -> None:
    assert lines_of(value + "第一条 服务内容" + "乙方按约定提供服务，" * 30)[0] == value


@pytest.mark.parametrize(("glued", "expected"), [
    # the next clause number glued to the digits of a code: it follows the clause before it
    ("1.1 甲方 账号：054201010400099991.2  乙方：某某公司",
     ["1.1 甲方 账号：05420101040009999", "1.2  乙方：某某公司"]),
    ("1.2.6 统一社会信用代码：91420100MA4K000001.3 丙方",
     ["1.2.6 统一社会信用代码：91420100MA4K00000", "1.3 丙方"]),
])
def test_a_clause_number_glued_to_a_codes_digits(glued: str, expected: list[str]) -> None:
    assert lines_of("甲方委托乙方提供运维服务。" * 30 + glued)[-len(expected):] == expected


@pytest.mark.parametrize("value", [
    "账号：054201010400099991.5  乙方",  # 1.5 does not follow 1.1: the digits are the code's
    "联系电话：0571-88215566  电子邮箱",  # a bare last digit is never taken for a clause number
])
def test_a_codes_own_digits_stay(value: str) -> None:
    assert "1.1 甲方 " + value.split("  ")[0] in lines_of("甲方委托乙方提供运维服务。" * 30 + "1.1 甲方 " + value)


def test_a_heading_number_set_off_by_a_wide_gap() -> None:
    assert last_lines("项目名称：某某平台运维服务1  合同当事人", 2) == ["项目名称：某某平台运维服务", "1  合同当事人"]


@pytest.mark.parametrize("prose", ["共需3  个月完成", "另计2  万元"])
def test_a_count_before_a_gap_is_not_a_heading(prose: str) -> None:
    assert len(lines_of("乙方应当" + "认真履行义务，" * 40 + prose + "。")) == 1


def test_role_names_a_contract_declares_for_itself() -> None:
    # 用户方 is no role word of ours: the text declares it (用户方（甲方）) and heads a block with it
    text = ("某某档案数字化加工服务合同用户方（甲方）：某某档案馆服务方（乙方）：某某科技有限公司签订地点：某某市"
            "用户方：某某档案馆地址：某市某路28号服务方：某某科技有限公司地址：某市某大道105号" + "甲方委托乙方加工档案。" * 20)
    lines = lines_of(text)
    assert lines[:8] == ["某某档案数字化加工服务合同", "用户方（甲方）：某某档案馆", "服务方（乙方）：某某科技有限公司",
                         "签订地点：某某市", "用户方：某某档案馆", "地址：某市某路28号", "服务方：某某科技有限公司",
                         "地址：某市某大道105号"]


def test_a_page_number_glued_to_the_next_clause_number() -> None:
    # 3.4 … then page 2 and clause 4: 24. does not follow 3.4, its 4. does
    text = "3.3 乙方按月巡检。" * 20 + "3.4 乙方提交季度报告。24. 合同价款4.1 本合同总价为人民币十万元。"
    assert lines_of(text)[-3:] == ["3.4 乙方提交季度报告。2", "4. 合同价款", "4.1 本合同总价为人民币十万元。"]


def test_a_clause_number_that_follows_is_kept_whole() -> None:
    text = "11.1 乙方按月巡检。" * 20 + "11.2 乙方提交报告。12. 合同价款"
    assert lines_of(text)[-1] == "12. 合同价款"
