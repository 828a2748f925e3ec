"""The fast PDF reader (issue 16): pypdfium2 reads each page's characters and
ruling, pdfplumber's own text and table logic lays them out, and the result
is the same as pdfplumber reading the page itself.

Golden files (tests/pipeline/pdf_expected/NAME.json) hold what `read_pdf`
returned for every PDF fixture and every text-layer PDF in data/real before
the fast path existed: the text, the pages and the problems (or the error).
Both readers must reproduce them exactly; a missing golden file fails.
Regenerate them (only when the reference reader's output is meant to change)
with

    HETONG_REGENERATE_PDF_GOLDEN=1 .venv/bin/python -m pytest tests/pipeline/read/test_pdf_fast.py

which writes them from the pdfplumber reference (`read_pdf(..., fast=False)`);
a test fails while the switch is on, so it cannot stay on in CI.
"""

from __future__ import annotations

import ctypes
import json
import os
from pathlib import Path
from typing import Any

import pytest

from hetong.pipeline.read.pdf import PdfError, read_pdf

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = Path(__file__).resolve().parent / "pdf_expected"
REGENERATE = os.environ.get("HETONG_REGENERATE_PDF_GOLDEN") == "1"
REAL = ("r06", "r07", "r08", "r14", "r15", "r18", "r19")  # data/real PDFs with a text layer
PDFS = {p.name: p for p in sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))} | {
    p.name: p for p in sorted((ROOT / "data" / "real").glob("r*.pdf")) if p.name[:3] in REAL
}


def record(path: Path, *, fast: bool) -> dict[str, Any]:
    """What a reader of `read_pdf`'s result sees, as JSON."""
    try:
        pdf = read_pdf(path.read_bytes(), ocr=False, fast=fast)
    except PdfError as exc:
        return {"error": str(exc)}
    return {
        "text": pdf.text,
        "pages": [
            {"number": p.number, "start": p.start, "end": p.end, "width": round(p.width, 3),
             "height": round(p.height, 3), "source": p.source, "lines": len(p.lines)}
            for p in pdf.pages
        ],
        "problems": pdf.problems,
    }


def golden(name: str) -> dict[str, Any]:
    path = GOLDEN / f"{Path(name).stem}.json"
    if REGENERATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(record(PDFS[name], fast=False), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: regenerate (see the module docstring)"
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_regenerate_switch_is_off() -> None:
    assert not REGENERATE, "HETONG_REGENERATE_PDF_GOLDEN is on: golden files were rewritten, not checked"


def test_every_golden_file_has_its_pdf() -> None:
    assert len(PDFS) == 17
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(Path(n).stem for n in PDFS)


@pytest.mark.parametrize("name", sorted(PDFS))
def test_the_fast_reader_gives_todays_text_and_pages(name: str) -> None:
    assert record(PDFS[name], fast=True) == golden(name)


@pytest.mark.parametrize("name", sorted(PDFS))
def test_the_reference_reader_still_gives_the_golden_text(name: str) -> None:
    assert record(PDFS[name], fast=False) == golden(name)


@pytest.mark.parametrize("name", sorted(n for n in PDFS if "error" not in golden(n)))
def test_line_boxes_are_the_references_within_a_quarter_point(name: str) -> None:
    """Same lines, same spans; boxes differ only by pdfium's single-precision
    positions (fonts with fractional widths drift up to ~0.2 pt along a line)."""
    data = PDFS[name].read_bytes()
    fast, reference = read_pdf(data, ocr=False), read_pdf(data, ocr=False, fast=False)
    for page, ref in zip(fast.pages, reference.pages, strict=True):
        assert [(l.start, l.end) for l in page.lines] == [(l.start, l.end) for l in ref.lines]
        for line, expected in zip(page.lines, ref.lines, strict=True):
            for key in ("x0", "top", "x1", "bottom"):
                assert getattr(line, key) == pytest.approx(getattr(expected, key), abs=0.25), (page.number, key)


@pytest.mark.parametrize("name", [n for n in sorted(PDFS) if n[0].isdigit() or n[:3] in REAL])
def test_text_lines_are_pdfplumbers_on_pdfminers_characters(name: str) -> None:
    """`pdf_fast.text_lines` replaces pdfplumber's extract_text_lines on
    pdfium pages: on pdfminer's own characters of every page they agree."""
    import pdfplumber

    from hetong.pipeline.read.pdf_fast import text_lines

    with pdfplumber.open(PDFS[name]) as pdf:
        for page in pdf.pages:
            if all(c["upright"] for c in page.chars):
                assert text_lines(page.chars) == page.extract_text_lines(strip=True, return_chars=False), page.page_number


def test_most_text_layer_pages_are_read_by_pdfium() -> None:
    pdf = read_pdf(PDFS["003_21901a1de7442d81.pdf"].read_bytes(), ocr=False)
    assert pdf.plumber_pages == {}
    assert read_pdf(PDFS["003_21901a1de7442d81.pdf"].read_bytes(), ocr=False, fast=False).plumber_pages == {}


# -- page shapes, on PDFs built here ----------------------------------------------------------


def make_pdf(contents: list[bytes], rotate: int = 0) -> bytes:
    """Pages with these content streams; /F1 is a TrueType font by name (not
    embedded: pdfium and pdfminer both take its /Widths), 500 units wide,
    digits 600."""
    widths = " ".join("600" if 48 <= c <= 57 else "500" for c in range(32, 127)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>", b"",
        b"<< /Type /FontDescriptor /FontName /Hetong-Test /Flags 32 /FontBBox [-100 -250 1000 900]"
        b" /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Hetong-Test /FirstChar 32 /LastChar 126 /Widths ["
        + widths + b"] /FontDescriptor 3 0 R /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for content in contents:
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
            b" /Contents %d 0 R%s >>" % (len(objects), b" /Rotate %d" % rotate if rotate else b"")
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(kids)
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def lines_of_text(*rows: tuple[float, float, str], size: float = 10) -> bytes:
    return b"".join(b"BT /F1 %g Tf %g %g Td (%s) Tj ET\n" % (size, x, y, text.encode()) for x, y, text in rows)


PARAGRAPH = lines_of_text(
    *[(72, 760 - 14 * i, f"Clause {i}: the supplier delivers the goods within {10 + i} days of the order") for i in range(12)]
)
TABLE = b"0.5 w " + b"".join(b"72 %d 300 20 re S " % y for y in (600, 580, 560)) + b"72 560 m 72 620 l S 222 560 m 222 620 l S\n" + lines_of_text(
    (76, 606, "Item"), (226, 606, "Amount"), (76, 586, "Server"), (226, 586, "120000"), (76, 566, "Support"), (226, 566, "30000"),
)
SPLIT = b"BT /F1 12 Tf 72 400 Td (ab) Tj ET BT /F1 12 Tf 84 400 Td ( ) Tj ET BT /F1 12 Tf 86 400 Td (cd) Tj ET\n"
SHAPES = {
    "plain paragraphs": ([PARAGRAPH], 0, None),
    "a ruled table": ([PARAGRAPH + TABLE], 0, None),
    "condensed and letter-spaced text (Tz, Tc, TJ)": (
        [b"BT /F1 12 Tf 80 Tz 72 700 Td (Total 1200 yuan) Tj ET BT /F1 10 Tf 2 Tc 72 650 Td (Spaced out) Tj ET"
         b" BT /F1 10 Tf 0 Tc 100 Tz 72 600 Td [(Kern) -500 (ed) 2000 (gap)] TJ ET" + PARAGRAPH], 0, None),
    "a gap of exactly 3 pt": ([b"BT /F1 12 Tf 72 700 Td (ab) Tj ET BT /F1 12 Tf 87 700 Td (cd) Tj ET" + PARAGRAPH], 0, None),
    "text drawn rotated": ([b"BT /F1 10 Tf 0 1 -1 0 300 300 Tm (Sideways text here) Tj ET" + PARAGRAPH], 0, "rotated, mirrored or skewed"),
    "a /Rotate page": ([PARAGRAPH], 90, "rotated page"),
    "a zero-width text object (a lone space)": ([PARAGRAPH + b"BT /F1 10 Tf 72 400 Td ( ) Tj ET"], 0, None),
    # a space object pdfium leaves out, between words 2 pt apart: pdfminer's
    # blank splits them (ab cd), the gap alone would not (abcd)
    "a blank object splitting two words": ([PARAGRAPH + SPLIT], 0, None),
    "a run of blanks between two columns": ([PARAGRAPH + b"BT /F1 12 Tf 72 400 Td (left) Tj ET BT /F1 12 Tf 96 400 Td (      ) Tj ET"
                                             b" BT /F1 12 Tf 140 400 Td (right) Tj ET"], 0, None),
    "a blank object with a character inside its run": (
        [PARAGRAPH + b"BT /F1 12 Tf 72 400 Td (ab) Tj ET BT /F1 12 Tf 84 400 Td (    ) Tj ET BT /F1 12 Tf 90 400 Td (cd) Tj ET"],
        0, "leaves out"),
    # a blank beside a cell's ruling, of unknown width: read as narrow and as
    # wide as it can be, the same either way (a cell's text is stripped) ...
    "a blank object beside a table's ruling": ([PARAGRAPH + TABLE + b"BT /F1 10 Tf 223 586 Td ( ) Tj ET"], 0, None),
    # ... or not: narrow, it splits "ab c" in the first cell; wide, its middle
    # is in the second cell and "abc" is one word
    "a blank whose width decides its table cell": (
        [PARAGRAPH + TABLE + b"BT /F1 10 Tf 208 586 Td (ab) Tj ET BT /F1 10 Tf 218 586 Td ( ) Tj ET"
         b" BT /F1 10 Tf 219.2 586 Td (c) Tj ET"], 0, "decides its table cell"),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_page_shape_reads_as_pdfplumber_reads_it(shape: str) -> None:
    contents, rotate, plumber_reason = SHAPES[shape]
    data = make_pdf(contents, rotate)
    fast, reference = read_pdf(data, ocr=False), read_pdf(data, ocr=False, fast=False)
    assert fast.text == reference.text and fast.text.strip()
    if plumber_reason is None:
        assert fast.plumber_pages == {}, "pdfium should read this page"
    else:
        assert plumber_reason in fast.plumber_pages.get(1, ""), fast.plumber_pages


def test_a_blank_pdfium_leaves_out_still_splits_words() -> None:
    pdf = read_pdf(make_pdf([PARAGRAPH + SPLIT]), ocr=False)
    assert not pdf.plumber_pages and "ab cd" in pdf.text


def test_a_ruled_table_read_by_pdfium_becomes_tab_rows() -> None:
    pdf = read_pdf(make_pdf([PARAGRAPH + TABLE]), ocr=False)
    assert not pdf.plumber_pages and "Server\t120000" in pdf.text


def test_a_pdf_pdfium_cannot_open_is_read_by_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    from hetong.pipeline.read import pdf_fast

    monkeypatch.setattr(pdf_fast, "open_document", lambda data: None)
    pdf = read_pdf(make_pdf([PARAGRAPH]), ocr=False)
    assert pdf.plumber_pages == {1: "pdfium cannot open the file"} and "Clause 3" in pdf.text


def test_a_pdfium_failure_on_a_page_falls_back_to_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    from hetong.pipeline.read import pdf_fast

    def broken(*args: object) -> None:
        raise ctypes.ArgumentError("simulated")

    monkeypatch.setattr(pdf_fast, "page_objects", broken)
    data = make_pdf([PARAGRAPH])
    pdf = read_pdf(data, ocr=False)
    assert pdf.text == read_pdf(data, ocr=False, fast=False).text
    assert pdf.plumber_pages[1].startswith("pdfium failed: ArgumentError")


def test_the_pdfium_document_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    from hetong.pipeline.read import pdf_fast

    opened: list[Any] = []
    original = pdf_fast.open_document

    def spy(data: bytes) -> Any:
        opened.append(original(data))
        return opened[-1]

    monkeypatch.setattr(pdf_fast, "open_document", spy)
    read_pdf(make_pdf([PARAGRAPH]), ocr=False)
    assert opened and opened[0].raw is None  # pypdfium2 clears the handle on close

