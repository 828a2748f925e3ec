"""Values read from OCR lines the recogniser was unsure of are flagged for
review (`ocr_low_confidence`), and the `pages` table says which pages were
OCR'd and how surely. Real text: a gold contract laid out as OCR lines, one
of which (the total amount's, or a party's) gets a low score."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from hetong.extractors.flags import ocr_confidence
from hetong.models import Document
from hetong.models.document import Line, Page
from hetong.pipeline.store import storage
from hetong.pipeline.read.ingest import sha256
from hetong.pipeline.orchestrate import process_document

ROOT = Path(__file__).resolve().parents[3]
TEXT = (ROOT / "data" / "gold" / "126_wanbailin_portal_sites.txt").read_text(encoding="utf-8")
TOTAL_LINE = "本合同总金额为人民币198,000.00元"
PARTY_LINE = "甲方：太原市万柏林区人民政府办公室"


def scanned(low_on: str | None, score: float, source: str = "ocr") -> Document:
    """TEXT as one OCR'd page whose lines score 0.99, except the first line
    containing `low_on`, which scores `score`."""
    lines, offset, marked = [], 0, False
    for i, text in enumerate(TEXT.split("\n")):
        low = low_on is not None and low_on in text and not marked
        marked = marked or low
        lines.append(Line(start=offset, end=offset + len(text), x0=70, top=70 + 16 * i, x1=520, bottom=82 + 16 * i,
                          confidence=(score if low else 0.99) if source == "ocr" else None))
        offset += len(text) + 1
    assert low_on is None or marked, f"no line holds {low_on!r}"
    page = Page(number=1, start=0, end=len(TEXT), lines=lines, source=source, confidence=0.97 if source == "ocr" else None)
    doc = Document(source="scan.png", sha256=sha256(TEXT.encode() + (low_on or "").encode() + source.encode()),
                   media_type="image/png", raw_text=TEXT, pages=[page])
    return process_document(doc)


def low_flags(doc: Document) -> list:
    return [f for f in doc.flags if f.kind == "ocr_low_confidence"]


@pytest.mark.parametrize(
    ("low_on", "score", "source", "field"),
    [
        (TOTAL_LINE, 0.62, "ocr", "contract.total_amount"),
        (PARTY_LINE, 0.71, "ocr", "parties[甲方].name"),
    ],
    ids=["total-amount-line", "party-line"],
)
def test_a_value_read_from_a_low_scored_line_is_flagged_with_its_evidence(low_on: str, score: float, source: str, field: str) -> None:
    doc = scanned(low_on, score, source)
    (flag,) = low_flags(doc)
    rules = [span.rule for span in flag.spans]
    assert f"flags.ocr_low_confidence.{field}" in rules
    span = flag.spans[rules.index(f"flags.ocr_low_confidence.{field}")]
    assert low_on in TEXT[:span.end] and span.page == 1  # the value's own evidence, on the scan
    assert f"{score:.2f}" in flag.message and field in flag.message
    assert flag.severity == "warning"


@pytest.mark.parametrize(
    ("low_on", "score", "source"),
    [
        (None, 0.0, "ocr"),  # every line 0.99
        (TOTAL_LINE, 0.85, "ocr"),  # above LOW
        ("第一条", 0.55, "ocr"),  # a low line no value is read from... unless one is: checked below
        (TOTAL_LINE, 0.62, "text_layer"),  # a text layer has no recognition score
    ],
    ids=["all-sure", "above-threshold", "heading-only", "text-layer"],
)
def test_no_flag_when_no_value_rests_on_a_low_scored_ocr_line(low_on: str | None, score: float, source: str) -> None:
    doc = scanned(low_on, score, source)
    if low_on == "第一条":  # only if no value's evidence touches that heading line
        line = next(l for l in doc.pages[0].lines if l.confidence == score)
        touched = [f for f, ev in ocr_confidence._values(doc) if ev.start < line.end and line.start < ev.end]
        assert not touched
    assert low_flags(doc) == []


def test_the_values_are_kept_as_read() -> None:
    sure, unsure = scanned(None, 0.0), scanned(TOTAL_LINE, 0.62)
    assert unsure.contract.total_amount == sure.contract.total_amount is not None


@pytest.fixture
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    c = storage.connect(":memory:")
    storage.migrate(c)
    yield c
    c.close()


def test_pages_table_records_ocr_and_its_confidence(conn: duckdb.DuckDBPyConnection) -> None:
    doc = scanned(TOTAL_LINE, 0.62)
    storage.store_document(conn, doc, storage.start_run(conn))
    row = conn.execute("SELECT page, source, confidence, low_confidence_lines, lowest_line_confidence, lines, chars "
                       "FROM pages WHERE sha256 = ?", [doc.sha256]).fetchall()
    assert row == [(1, "ocr", 0.97, 1, 0.62, len(TEXT.split("\n")), len(TEXT))]
    flagged = conn.execute("SELECT count(*) FROM flags WHERE sha256 = ? AND kind = 'ocr_low_confidence'", [doc.sha256]).fetchone()
    assert flagged == (1,)


def test_a_text_layer_page_has_no_confidence(conn: duckdb.DuckDBPyConnection) -> None:
    doc = scanned(None, 0.0, "text_layer")
    storage.store_document(conn, doc, storage.start_run(conn))
    assert conn.execute("SELECT source, confidence, low_confidence_lines, lowest_line_confidence FROM pages "
                        "WHERE sha256 = ?", [doc.sha256]).fetchall() == [("text_layer", None, None, None)]
