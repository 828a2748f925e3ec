"""The `pdf` variant's renderer: a contract text printed to a text-layer PDF
that the PDF reader reads back (pipeline/quality/variant_pdf.py)."""

from __future__ import annotations

import pytest

from hetong.pipeline.quality import variant_pdf
from hetong.pipeline.read.pdf import read_pdf
from hetong.pipeline.quality.variant_pdf import PdfRenderError, blocks, font_path, render_pdf

pytest.importorskip("reportlab", reason="the pdf variant needs reportlab (pip install -e '.[dev]')")
needs_font = pytest.mark.skipif(font_path() is None, reason="no CJK font: apt-get install fonts-wqy-zenhei")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一条 总则\n\n甲方：某某局", [("para", "第一条 总则"), ("blank", None), ("para", "甲方：某某局")]),
        # tab rows form one table; a short row is padded to the table's width
        ("响应时间表\n级别\t响应\t到场\n一级\t15分钟\n结束", [
            ("para", "响应时间表"), ("table", [["级别", "响应", "到场"], ["一级", "15分钟", ""]]), ("para", "结束")]),
        # a markdown table: the separator row is dropped
        ("| 期次 | 比例 |\n| --- | --- |\n| 1 | 40% |", [("table", [["期次", "比例"], ["1", "40%"]])]),
        ("名称 | 数量\n服务器 | 2", [("table", [["名称", "数量"], ["服务器", "2"]])]),
    ],
    ids=["paragraphs", "tab-rows", "markdown", "pipe-rows"],
)
def test_blocks(text: str, expected: list[tuple[str, object]]) -> None:
    assert blocks(text) == expected


@needs_font
def test_text_layer_reads_back() -> None:
    line = "乙方应在接到甲方故障通知后15分钟内响应，2小时内到达现场，并在8小时内排除故障，恢复系统正常运行。"
    text = "运维服务合同\n\n" + "\n".join(f"{n}. {line}" for n in range(1, 80)) + "\n级别\t响应时间\n一级故障\t15分钟"
    pdf = read_pdf(render_pdf(text, title="t"), ocr=False)
    assert len(pdf.pages) >= 2, "79 long paragraphs fill more than one A4 page"
    assert "运维服务合同" in pdf.text
    assert "并在8小时内排除故障" in pdf.text.replace("\n", "")
    assert "一级故障" in pdf.text and "15分钟" in pdf.text
    assert all(p.source != "ocr" for p in pdf.pages)


def test_missing_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HETONG_CJK_FONT", str(tmp_path / "none.ttf"))
    monkeypatch.setattr(variant_pdf, "FONT_PATHS", ())
    with pytest.raises(PdfRenderError, match="fonts-wqy-zenhei"):
        render_pdf("甲方")
