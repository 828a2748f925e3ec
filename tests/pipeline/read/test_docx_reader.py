"""DOCX as the reader sees it: tracked changes accepted, comments out,
auto-numbers rendered, text boxes, fields and smart tags read, headers kept
apart. Each fixture is a small WordprocessingML body written here, in the
shapes Word and WPS save negotiated contracts in."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree

from hetong.pipeline.read.docx import DocxError, read_docx, read_docx_parts
from hetong.pipeline.read.docx_numbering import chinese_counting, format_number

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W_NS}" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
REAL = Path(__file__).resolve().parents[3] / "data" / "real"


def build(body_xml: str, numbering_xml: str | None = None, header: str | None = None) -> bytes:
    """A .docx whose body is `body_xml` (w:p / w:tbl elements)."""
    import docx

    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != f"{{{W_NS}}}sectPr":
            body.remove(child)
    wrapper = etree.fromstring(f"<w:body {NS}>{body_xml}</w:body>")
    for i, child in enumerate(wrapper):
        body.insert(i, child)
    if numbering_xml is not None:
        part = document.part.numbering_part
        root = part.element
        for child in list(root):
            root.remove(child)
        for child in etree.fromstring(f"<w:numbering {NS}>{numbering_xml}</w:numbering>"):
            root.append(child)
    if header is not None:
        section = document.sections[0]
        section.header.paragraphs[0].text = header
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def p(inner: str, ppr: str = "") -> str:
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{inner}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def ins(inner: str) -> str:
    return f'<w:ins w:id="1" w:author="甲方律师" w:date="2025-06-06T10:00:00Z">{inner}</w:ins>'


def dele(text: str) -> str:
    return (f'<w:del w:id="2" w:author="乙方" w:date="2025-06-06T10:00:00Z">'
            f'<w:r><w:delText>{text}</w:delText></w:r></w:del>')


# -- tracked changes ---------------------------------------------------------------

def test_inserted_runs_are_read_and_deleted_runs_are_not() -> None:
    data = build(p(r("租金为每月") + dele("10000") + ins(r("12000")) + r("元。")))
    assert read_docx(data) == "租金为每月12000元。"


def test_a_whole_inserted_paragraph_is_read() -> None:
    data = build(p(r("第一条 租赁物")) + p(ins(r("第二条 逾期付款的，每日按欠款的万分之五支付违约金。"))))
    assert read_docx(data).splitlines() == ["第一条 租赁物", "第二条 逾期付款的，每日按欠款的万分之五支付违约金。"]


def test_a_deleted_paragraph_leaves_no_line() -> None:
    deleted_mark = '<w:rPr><w:del w:id="3" w:author="x" w:date="2025-01-01T00:00:00Z"/></w:rPr>'
    data = build(p(r("甲方：成都某某公司")) + p(dele("作废的条款"), ppr=deleted_mark) + p(r("乙方：某某餐饮公司")))
    assert read_docx(data).splitlines() == ["甲方：成都某某公司", "乙方：某某餐饮公司"]


def test_a_moved_sentence_is_read_once_where_it_landed() -> None:
    moved = "保证金为人民币伍万元。"
    body = (p(f'<w:moveFrom w:id="4" w:author="x" w:date="2025-01-01T00:00:00Z">{r(moved)}</w:moveFrom>')
            + p(r("第三条 付款"))
            + p(f'<w:moveTo w:id="5" w:author="x" w:date="2025-01-01T00:00:00Z">{r(moved)}</w:moveTo>'))
    text = read_docx(build(body))
    assert text.count(moved) == 1 and text.index("第三条") < text.index(moved)


def test_comment_marks_add_no_text() -> None:
    body = p('<w:commentRangeStart w:id="0"/>' + r("合同总价：61600元") + '<w:commentRangeEnd w:id="0"/>'
             '<w:r><w:commentReference w:id="0"/></w:r>')
    assert read_docx(build(body)) == "合同总价：61600元"


def test_inserted_table_rows_are_read_and_deleted_rows_are_not() -> None:
    row = "<w:tr>{trpr}<w:tc><w:p>{a}</w:p></w:tc><w:tc><w:p>{b}</w:p></w:tc></w:tr>"
    deleted = '<w:trPr><w:del w:id="6" w:author="x" w:date="2025-01-01T00:00:00Z"/></w:trPr>'
    table = ("<w:tbl>" + row.format(trpr="", a=r("第一年"), b=r("146400"))
             + row.format(trpr=deleted, a=dele("第二年"), b=dele("150000"))
             + row.format(trpr="", a=ins(r("第二年")), b=ins(r("155400"))) + "</w:tbl>")
    assert read_docx(build(table)).splitlines() == ["第一年\t146400", "第二年\t155400"]


# -- fields, smart tags, symbols ----------------------------------------------------

def test_simple_fields_and_smart_tags_are_read_through() -> None:
    body = p('<w:fldSimple w:instr=" PAGE ">' + r("3") + "</w:fldSimple>"
             + '<w:smartTag w:uri="urn:x" w:element="date">' + r("2025年6月6日") + "</w:smartTag>")
    assert read_docx(build(body)) == "32025年6月6日"


def test_complex_field_shows_its_result_not_its_instruction() -> None:
    body = p('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> MERGEFIELD 金额 </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("8000") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    assert read_docx(build(body)) == "8000"


# -- text boxes ---------------------------------------------------------------------

def test_a_text_box_is_read_once_after_its_anchor_paragraph() -> None:
    box = (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
           f'{p(r("合同编号：CS-2025-345"))}</w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
           f'<mc:Fallback><w:pict><v:textbox><w:txbxContent>{p(r("合同编号：CS-2025-345"))}'
           f'</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    text = read_docx(build(p(r("物资采购合同") + box) + p(r("甲方：某公司"))))
    assert text.splitlines() == ["物资采购合同", "合同编号：CS-2025-345", "甲方：某公司"]


# -- auto-numbering -----------------------------------------------------------------

NUMBERING = """
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="space"/><w:lvlText w:val="第%1条"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlText w:val="%1.%2"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="nothing"/><w:lvlText w:val="（%3）"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
"""


def numbered(text: str, num_id: int, ilvl: int = 0) -> str:
    return p(r(text), ppr=f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')


def test_clause_numbers_render_as_word_shows_them() -> None:
    body = (numbered("合同标的", 1) + numbered("甲方委托乙方开发软件。", 1, 1) + numbered("交付源代码；", 1, 2)
            + numbered("交付文档。", 1, 2) + numbered("甲方应提供资料。", 1, 1) + numbered("合同价款", 1)
            + numbered("总价为人民币100000元。", 1, 1))
    assert read_docx(build(body, NUMBERING)).splitlines() == [
        "第一条 合同标的", "1.1 甲方委托乙方开发软件。", "（1）交付源代码；", "（2）交付文档。",
        "1.2 甲方应提供资料。", "第二条 合同价款", "2.1 总价为人民币100000元。",
    ]


def test_chinese_list_numbers_bullets_and_restarts() -> None:
    body = (numbered("合作方式", 2) + numbered("合同标的", 2) + numbered("一项要点", 3)
            + numbered("附件一", 4) + numbered("附件二", 4))
    assert read_docx(build(body, NUMBERING)).splitlines() == ["一、合作方式", "二、合同标的", "一项要点", "一、附件一", "二、附件二"]


def test_numbering_through_the_paragraph_style() -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    data = build(p(r("总体安排"), ppr='<w:pStyle w:val="Clause"/>') + p(r("借款安排"), ppr='<w:pStyle w:val="Clause"/>'), NUMBERING)
    document = docx.Document(io.BytesIO(data))
    style = document.styles.add_style("Clause", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(etree.fromstring(
        f'<w:numPr {NS}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_docx(buffer.getvalue()).splitlines() == ["第一条 总体安排", "第二条 借款安排"]


@pytest.mark.parametrize(("n", "fmt", "text"), [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCountingThousand", "二十"), (105, "chineseCounting", "一百零五"), (110, "chineseCounting", "一百一十"),
    (3, "decimalEnclosedCircle", "③"), (2, "ideographTraditional", "乙"), (4, "lowerLetter", "d"),
    (27, "upperLetter", "AA"), (9, "lowerRoman", "ix"), (14, "upperRoman", "XIV"), (7, "decimalFullWidth", "７"),
    (5, "decimalZero", "05"), (1, "bullet", None), (1, "none", None),
])
def test_number_formats(n: int, fmt: str, text: str | None) -> None:
    assert format_number(n, fmt) == text


def test_chinese_counting_is_total_over_small_numbers() -> None:
    assert [chinese_counting(n) for n in (1, 9, 12, 19, 21, 99, 100, 101)] == [
        "一", "九", "十二", "十九", "二十一", "九十九", "一百", "一百零一"]


# -- headers, malformed files -------------------------------------------------------

def test_header_text_is_kept_apart_from_the_body() -> None:
    parts = read_docx_parts(build(p(r("甲方：某公司")), header="房屋租赁合同"))
    assert parts.body == "甲方：某公司" and parts.headers == ["房屋租赁合同"]


def test_a_document_without_a_body_is_a_clear_error() -> None:
    import zipfile

    data = build(p(r("x")))
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "word/document.xml":
                content = f'<w:document {NS}></w:document>'.encode()
            dst.writestr(item, content)
    with pytest.raises(DocxError, match="no w:body"):
        read_docx(out.getvalue())


def test_a_huge_grid_span_costs_nothing() -> None:
    table = ('<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2000000000"/></w:tcPr>' + p(r("合计")) + "</w:tc>"
             "<w:tc>" + p(r("61600")) + "</w:tc></w:tr></w:tbl>")
    assert read_docx(build(table)) == "合计\t61600"


# -- the real negotiated lease --------------------------------------------------------

def test_real_lease_with_open_revisions_reads_every_inserted_character() -> None:
    import re
    import zipfile

    data = (REAL / "r12_commercial_lease_chengdu.docx").read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    inserted = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", "".join(re.findall(r"<w:ins\b.*?</w:ins>", xml, re.S))))
    deleted = "".join(re.findall(r"<w:delText(?: [^>]*)?>([^<]*)</w:delText>", xml))
    text = read_docx(data)
    assert inserted and deleted
    squeezed = re.sub(r"\s", "", text)
    for piece in re.findall(r"[^\s]{4,}", inserted):
        assert piece in squeezed
    assert "w:delText" not in text


def test_a_zip_bomb_of_empty_paragraphs_is_refused_before_parsing() -> None:
    import zipfile

    data = build(p(r("甲方：某公司")))
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "word/document.xml":
                content = content.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 12_000_000)
            dst.writestr(item.filename, content)
    assert len(out.getvalue()) < 1_000_000
    with pytest.raises(DocxError, match="DOCX body too large to read"):
        read_docx(out.getvalue())


def test_a_strict_open_xml_document_is_read() -> None:
    """Word's "Strict Open XML Document" names the elements in the ISO Strict namespace."""
    import zipfile

    data = build(p(r("甲方：某公司")) + p(ins(r("乙方：另一公司"))))
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "word/document.xml":
                content = content.replace(W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
            dst.writestr(item, content)
    assert read_docx(out.getvalue()).splitlines() == ["甲方：某公司", "乙方：另一公司"]
