"""DOCX: Word documents extract to the same values as their text, tables
included as tab-separated rows."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from hetong.pipeline.read.docx import read_docx
from hetong.pipeline.store.export import to_json_dict
from hetong.pipeline.read.ingest import DOCX, IngestError, load_bytes
from hetong.pipeline.orchestrate import process_bytes

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "docx"
DOCXS = sorted(p.name for p in FIXTURES.glob("*.docx"))
GROUPS = ("contract", "parties", "payments", "penalties", "sla", "flags")


def values(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: values(v) for k, v in data.items() if k not in ("evidence", "spans")}
    if isinstance(data, list):
        return [values(x) for x in data]
    return data


def build(*blocks: object) -> bytes:
    """A .docx of paragraphs (str) and tables (list of rows)."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            rows = block  # type: ignore[assignment]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[arg-type]
            for r, row in enumerate(rows):  # type: ignore[arg-type]
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", DOCXS)
def test_a_docx_extracts_to_the_same_values_as_its_text(name: str) -> None:
    text = next(ROOT.glob(f"data/*/{Path(name).stem}.txt"))
    from_docx = to_json_dict(process_bytes((FIXTURES / name).read_bytes(), name).to_record())
    from_text = to_json_dict(process_bytes(text.read_bytes(), text.name).to_record())
    assert from_docx["status"] == "ok" and from_docx["media_type"] == DOCX
    for group in GROUPS:
        assert values(from_docx[group]) == values(from_text[group]), group


def test_paragraphs_and_tables_come_in_document_order() -> None:
    data = build("付款方式如下：", [["期次", "比例", "金额"], ["第一期", "40%", "40,000元"]], "第五条 违约责任")
    assert read_docx(data) == "付款方式如下：\n期次\t比例\t金额\n第一期\t40%\t40,000元\n第五条 违约责任"


def test_a_merged_cell_is_written_once_and_cell_lines_are_joined() -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "服务内容"
    table.cell(0, 2).text = "要求"
    table.cell(1, 0).text = "巡检"
    table.cell(1, 1).text = "每月"
    table.cell(1, 2).text = "形成巡检\n报告"
    buffer = io.BytesIO()
    document.save(buffer)
    assert read_docx(buffer.getvalue()) == "服务内容\t要求\n巡检\t每月\t形成巡检报告"


def test_docx_tables_are_found_by_the_table_finder() -> None:
    doc = process_bytes(build("合同金额", [["期次", "金额"], ["一", "1元"], ["二", "2元"]]), "t.docx")
    assert [(t.kind, len(t.rows)) for t in doc.tables] == [("tab", 3)]
    assert doc.pages == []


def test_a_docx_is_recognised_by_content_whatever_its_name() -> None:
    doc = load_bytes(build("甲方：某某公司"), source="contract.bin")
    assert doc.media_type == DOCX and doc.raw_text == "甲方：某某公司"


@pytest.mark.parametrize(
    ("data", "source", "message"),
    [
        (b"PK\x03\x04" + b"\x00" * 40, "scan.docx", "unreadable DOCX"),
        (b"PK\x03\x04" + b"\x00" * 40, "a.zip", "unsupported format: ZIP container"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc", "legacy Office file"),
    ],
    ids=["corrupt-docx", "zip", "legacy-doc"],
)
def test_unreadable_word_files_are_clear_errors(data: bytes, source: str, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        load_bytes(data, source=source)


def test_an_empty_docx_has_no_text() -> None:
    with pytest.raises(IngestError, match="no text found"):
        load_bytes(build(""), source="empty.docx")
