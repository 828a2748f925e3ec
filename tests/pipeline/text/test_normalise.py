"""Normalisation cases, one row per OCR phenomenon met in real contracts."""

import pytest

from hetong.pipeline.text.normalise import normalise


def norm(raw: str) -> str:
    return normalise(raw).text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("法 人 代 表： 刘春", "法人代表: 刘春"),
        ("甲 方：北京市朝阳区政务服务管理局", "甲方:北京市朝阳区政务服务管理局"),
        ("委 托 方（甲方）：乌鲁木齐市", "委托方(甲方):乌鲁木齐市"),
        ("单 位 地 址： 阿克苏市北京路 25 号", "单位地址: 阿克苏市北京路 25 号"),
        ("甲  方：乌鲁木齐", "甲方:乌鲁木齐"),
    ],
    ids=["legal-rep", "party", "role-with-paren", "address", "double-space"],
)
def test_spaced_out_labels_collapse(raw, expected):
    assert norm(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["签订地点：云南 昆明", "甲方指定 孙昊 为甲方项目联系人", "2022 年 9 月 23 日"],
    ids=["two-char-words", "name-in-running-text", "spaced-date"],
)
def test_ordinary_spaces_are_kept(raw):
    assert " " in norm(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("**阿克苏地区数字化发展局**", "阿克苏地区数字化发展局"),
        ("## 一、服务内容及服务方式：", "一、服务内容及服务方式:"),
        ("## **二、工作条件和协调事项**", "二、工作条件和协调事项"),
        ("- 1.超出上述服务内容的", "1.超出上述服务内容的"),
        ("审计费用由乙方承担（若审计发现乙方未履约  $\\geq 5\\%$ ）。", "审计费用由乙方承担(若审计发现乙方未履约  ≥5% )。"),
        ("$\\leq 2$ 小时响应", "≤2 小时响应"),
    ],
    ids=["bold", "md-heading", "heading-and-bold", "md-bullet", "latex-geq-percent", "latex-leq"],
)
def test_markup_is_stripped(raw, expected):
    assert norm(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2.政府网站开普云监测报告整改工作，乙方应及时对每月开普\n\n云监测报告进行分析。", "2.政府网站开普云监测报告整改工作,乙方应及时对每月开普云监测报告进行分析。"),
        ("每季度技术服务费金额为 32450 元（叁万贰仟肆佰伍拾\n\n元整)。", "每季度技术服务费金额为 32450 元(叁万贰仟肆佰伍拾元整)。"),
        ("一般性问题 2小时内解决；复杂性问题 2小时内反馈，12\n\n小时内解决。", "一般性问题 2小时内解决;复杂性问题 2小时内反馈,12小时内解决。"),
        ("甲方：克拉玛依市乌尔禾区\n人民政府办公室（盖章）", "甲方:克拉玛依市乌尔禾区人民政府办公室(盖章)"),
        ("乙方：昆明信息港传媒\n\n有限责任公司", "乙方:昆明信息港传媒有限责任公司"),
        ("地址：新疆乌鲁木齐市沙依巴克区钱塘江路 186号彩云名邸商住小区 6号住宅楼 1\n\n单元 203室", "地址:新疆乌鲁木齐市沙依巴克区钱塘江路 186号彩云名邸商住小区 6号住宅楼 1单元 203室"),
    ],
    ids=["mid-word", "inside-parenthesis", "number-then-unit", "signature-stamp", "org-suffix", "long-label-line"],
)
def test_lines_broken_mid_sentence_are_joined(raw, expected):
    assert norm(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "第一条 项目概述\n\n乌尔禾区人民政府网是政府面向社会进行信息发布的主要途径。",
        "甲方：昆明市交通运输局\n\n乙方：昆明信息港传媒有限责任公司",
        "合同签订后的付款方式如下：\n\n1. 第一次付款",
        "本合同一式陆份，甲乙双方各执叁份。\n\n第二条 协议内容",
        "一级栏目\t二级栏目\n首页\t国务院要闻",
        "服务期限为一年，按季度进行考核\n\n(1) 政务公开规划管理工作",
    ],
    ids=["heading", "label-lines", "colon-end", "sentence-end", "table-rows", "paren-number"],
)
def test_structure_is_not_joined(raw):
    assert "\n" in norm(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("正文结束。\n3\n接着下一页", "正文结束。\n接着下一页"),
        ("正文。\n- 12 -\n正文", "正文。\n正文"),
        ("正文。\n第 3 页 共 10 页\n正文", "正文。\n正文"),
        ("正文。\n3/10\n正文", "正文。\n正文"),
    ],
    ids=["lone-number", "dashed-number", "page-of", "slash"],
)
def test_page_furniture_is_dropped(raw, expected):
    assert norm(raw) == expected


def test_offsets_point_back_to_the_raw_text():
    raw = "**甲 方**：ＡＢＣ公司\n\n乙方：某某\n有限公司"
    mt = normalise(raw)
    assert len(mt.offsets) == len(mt.text) + 1
    for i, ch in enumerate(mt.text):
        source = raw[mt.offsets[i]]
        assert source == ch or ord(source) > 0x7F, (ch, source)
    assert mt.offsets == tuple(sorted(mt.offsets))


def test_latex_keeps_exact_offsets_of_kept_characters():
    raw = "提供$7 \\times 24$服务"
    mt = normalise(raw)
    assert mt.text == "提供7×24服务"
    kept = {ch: raw[mt.offsets[i]] for i, ch in enumerate(mt.text) if ch.isdigit()}
    assert kept == {"7": "7", "2": "2", "4": "4"}


def test_escaped_percent_outside_formulas_keeps_the_percent_and_its_offset():
    raw = "增值税税率 6\\%，每逾期一日按合同总价的 0.5\\% 支付违约金；成本 100\\\\ 元"
    mt = normalise(raw)
    assert "税率 6%," in mt.text and "0.5% 支付" in mt.text
    assert "100\\\\ 元" in mt.text  # a backslash not before % stays
    for i, ch in enumerate(mt.text):
        if ch == "%":
            assert raw[mt.offsets[i]] == "%"


def test_no_join_into_a_new_paragraph_after_a_blank_line():
    raw = "项目名称：某某市政务服务平台互联网一期、二期运维费项目\n\n依据《中华人民共和国民法典》之相关条款，双方协商。"
    assert "\n" in norm(raw)


def test_ocr_confusions_are_fixed_only_on_ocr_pages():
    from hetong.models import Document, Page
    from hetong.pipeline.text.normalise import run

    raw = "甲方:某某局\n申方应按时付款。\n乙方:某某公司"
    ocr = Document(source="s.pdf", sha256="x", media_type="application/pdf", raw_text=raw,
                   pages=[Page(number=1, start=0, end=len(raw), source="ocr")])
    assert "甲方应按时付款" in run(ocr).text
    layer = Document(source="t.pdf", sha256="y", media_type="application/pdf", raw_text=raw,
                     pages=[Page(number=1, start=0, end=len(raw), source="text_layer")])
    assert "申方应按时付款" in run(layer).text


def test_a_flattened_contract_loses_its_markdown_heading_marks() -> None:
    text = normalise("甲方委托乙方" + "提供服务，" * 60 + "本合同。## 第一条 服务内容").text
    assert text.split("\n")[-1] == "第一条 服务内容"


@pytest.mark.parametrize(("flat", "line"), [
    ("甲 方: 北京市某某管理局住 所 地: 北京市朝阳区某路1号", "住所地: 北京市朝阳区某路1号"),
    ("甲方: 某某局 法 人 代 表: 刘春", "法人代表: 刘春"),
])
def test_spaced_labels_on_a_flattened_line_collapse_once_their_line_is_back(flat: str, line: str) -> None:
    text = normalise("甲方委托乙方" + "提供服务，" * 60 + flat).text
    assert text.split("\n")[-1].strip() == line
