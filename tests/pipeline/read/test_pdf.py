"""PDF: text-layer PDFs extract to the same values as their text, with pages,
line boxes and tables kept; a broken or missing text layer is detected.

The fixtures in tests/fixtures/pdf are made by scripts/make_fixtures.py
(reportlab, an embedded CJK font) from the seed and gold texts: wrapped
paragraphs, ruled tables, page-number footers, page breaks mid-table."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from hetong.pipeline.read.extras import install_hint
from hetong.pipeline.read import ocr
from hetong.pipeline.store.export import to_json_dict
from hetong.pipeline.read.ingest import IngestError, load_bytes
from hetong.pipeline.orchestrate import process_bytes
from hetong.pipeline.read.pdf import broken_reason, read_pdf

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
PDFS = sorted(p.name for p in FIXTURES.glob("[0-9]*.pdf"))
GROUPS = ("contract", "parties", "payments", "penalties", "sla", "flags")
PROVENANCE = {"evidence", "spans"}  # offsets and pages legitimately differ


def values(data: Any) -> Any:
    """An exported record without provenance: what a reader of the JSON compares."""
    if isinstance(data, dict):
        return {k: values(v) for k, v in data.items() if k not in PROVENANCE}
    if isinstance(data, list):
        return [values(x) for x in data]
    return data


def text_of(pdf_name: str) -> Path:
    return next(ROOT.glob(f"data/*/{Path(pdf_name).stem}.txt"))


@pytest.fixture(scope="module")
def extracted() -> dict[str, Any]:
    return {name: process_bytes((FIXTURES / name).read_bytes(), name) for name in PDFS}


@pytest.fixture
def no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda: False)


def test_the_fixtures_are_there() -> None:
    assert len(PDFS) == 8  # 5 seeds + 3 gold contracts


@pytest.mark.parametrize("name", PDFS)
def test_a_pdf_extracts_to_the_same_values_as_its_text(extracted: dict[str, Any], name: str) -> None:
    from_pdf = to_json_dict(extracted[name].to_record())
    from_text = to_json_dict(process_bytes(text_of(name).read_bytes(), name).to_record())
    assert from_pdf["status"] == "ok"
    for group in GROUPS:
        assert values(from_pdf[group]) == values(from_text[group]), group


@pytest.mark.parametrize("name", PDFS)
def test_pages_and_line_boxes_are_kept(extracted: dict[str, Any], name: str) -> None:
    doc = extracted[name]
    assert doc.media_type == "application/pdf" and doc.encoding is None
    assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1)) and len(doc.pages) > 1
    for page in doc.pages:
        assert page.source == "text_layer" and page.confidence is None
        assert page.lines and [l.start for l in page.lines] == sorted(l.start for l in page.lines)
        for line in page.lines:
            assert page.start <= line.start < line.end <= page.end
            assert doc.raw_text[line.start : line.end].strip() or "\t" in doc.raw_text[line.start : line.end]
            assert 0 <= line.x0 < line.x1 <= page.width and 0 <= line.top < line.bottom <= page.height


@pytest.mark.parametrize("name", PDFS)
def test_evidence_points_at_its_page_and_text(extracted: dict[str, Any], name: str) -> None:
    doc = extracted[name]
    evidence = [ev for ev in doc.contract.evidence.values()] + [p.evidence for p in doc.payments if p.evidence]
    assert evidence
    for ev in evidence:
        page = next(p for p in doc.pages if p.number == ev.page)
        assert page.start <= ev.start < ev.end <= page.end + 1
    assert {ev.page for ev in evidence} != {1} or len(doc.pages) == 1


def test_pdf_tables_become_tab_rows_the_table_finder_reads(extracted: dict[str, Any]) -> None:
    doc = extracted["000_ea93da92590dbf3c.pdf"]
    assert "\t区政务要闻\t" in doc.raw_text
    tab_tables = [t for t in doc.tables if t.kind == "tab"]
    assert tab_tables and max(len(t.rows) for t in tab_tables) >= 10


def test_wrapped_lines_are_joined_and_paragraphs_kept(extracted: dict[str, Any]) -> None:
    raw = extracted["112_njlh_video_ops.pdf"].raw_text
    source = text_of("112_njlh_video_ops.pdf").read_text(encoding="utf-8")
    long_line = next(line for line in source.splitlines() if len(line) > 80 and "\t" not in line)
    assert long_line in raw  # one line in the source, several on the page, one again in raw_text
    assert "\n\n" in raw


def test_pages_per_second_is_measured() -> None:
    pdf = read_pdf((FIXTURES / PDFS[0]).read_bytes(), ocr=False)
    assert len(pdf.pages) >= 5 and not pdf.problems


# -- broken text layers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no text layer"),
        ("  \n\t ", "no text layer"),
        ("(cid:12)(cid:345)(cid:6)(cid:78)\n(cid:9)", "(cid:…) glyphs"),
        ("ÃÂ¼Ã¦ÂÂÃ¤Â¸ÂÃ¥ÂÂ¸ ÃÂ§ÂÂ", "mojibake"),
        ("\ue001\ue002\ue003\ue004 甲", "mojibake"),
        ("甲方：某某公司\n合同金额 100 万元", None),
        ("Service level 99.9% (cid:3) agreement between the parties", None),
        ("Café résumé contract, naïve façade", None),
    ],
    ids=["empty", "blank", "cid", "latin1-mojibake", "private-use", "chinese", "one-cid", "accented-latin"],
)
def test_broken_text_layers_are_recognised(text: str, reason: str | None) -> None:
    found = broken_reason(text)
    assert (found is None) if reason is None else (reason in (found or ""))


@pytest.mark.usefixtures("no_ocr")
@pytest.mark.parametrize(
    ("name", "message"),
    [("broken_cid.pdf", "(cid:…) glyphs"), ("scanned_112_njlh_video_ops.pdf", "no text layer (scanned image?)")],
)
def test_a_pdf_without_usable_text_and_no_ocr_is_a_clear_error(name: str, message: str) -> None:
    with pytest.raises(IngestError, match="PDF has no usable text layer") as info:
        load_bytes((FIXTURES / name).read_bytes(), source=name)
    assert message in str(info.value)
    assert install_hint("ocr") in str(info.value) and "rapidocr" in str(info.value)


@pytest.mark.usefixtures("no_ocr")
def test_a_pdf_with_some_scanned_pages_is_partial_and_names_them() -> None:
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    merged.import_pages(pdfium.PdfDocument((FIXTURES / "112_njlh_video_ops.pdf").read_bytes()), [0])
    merged.import_pages(pdfium.PdfDocument((FIXTURES / "scanned_112_njlh_video_ops.pdf").read_bytes()), [1])
    buffer = io.BytesIO()
    merged.save(buffer)
    doc = process_bytes(buffer.getvalue(), "mixed.pdf")
    assert doc.status == "partial"
    assert doc.errors[0].startswith("ingest: page 2: no text layer (scanned image?)")
    assert [p.source for p in doc.pages] == ["text_layer", None]
    assert doc.contract.title == "南京市公安局六合分局视频监控系统运维服务采购合同"


def test_a_corrupt_pdf_is_a_clear_error() -> None:
    data = (FIXTURES / PDFS[0]).read_bytes()[:3000]
    with pytest.raises(IngestError, match="unreadable PDF|no usable text layer"):
        load_bytes(data, source="cut.pdf")


def test_a_password_protected_pdf_is_named_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    def locked(*args: object, **kwargs: object) -> None:
        raise PdfminerException(PDFPasswordIncorrect())

    monkeypatch.setattr(pdfplumber, "open", locked)
    with pytest.raises(IngestError, match="^encrypted PDF: password-protected"):
        load_bytes(b"%PDF-1.7\n...", source="locked.pdf")


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_rotate_flag_on_an_upright_page_does_not_reverse_its_text(rotation: int) -> None:
    """/Rotate set on a page whose text is drawn upright (a viewer shows it
    turned) must not make the reader read it backwards (。助协…) and call the
    contract not a contract."""
    import re

    original = (ROOT / "tests" / "fixtures" / "pdf" / "004_203ddecaf6b58c51.pdf").read_bytes()
    rotated = re.sub(rb"/Type\s*/Page\b", b"/Type /Page /Rotate %d" % rotation, original)
    assert rotated != original
    plain, turned = read_pdf(original, ocr=False), read_pdf(rotated, ocr=False)
    assert turned.text == plain.text


def test_the_page_limit_holds_when_the_page_count_lies() -> None:
    """A /Count of 1 on a 9-page document must not let it past HETONG_MAX_PAGES."""
    import re

    from hetong.pipeline.read.limits import LimitExceeded, Limits

    original = (ROOT / "tests" / "fixtures" / "pdf" / "004_203ddecaf6b58c51.pdf").read_bytes()
    lying = re.sub(rb"/Count\s+\d+", b"/Count 1", original)
    assert lying != original
    with pytest.raises(LimitExceeded, match="too many pages: 4"):
        read_pdf(lying, ocr=False, limits=Limits(max_pages=3))
