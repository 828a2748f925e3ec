"""Photos and scans as image files (PNG, JPEG, multi-page TIFF) are read by
OCR, page by page, marked as OCR text with its confidence; without the OCR
extra they fail with the hint, never as `not_a_contract`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hetong.pipeline.read.extras import install_hint
from hetong.pipeline.read import ocr
from hetong.pipeline.store.export import to_json_dict
from hetong.pipeline.read.ingest import IngestError, load_bytes, media_type_of
from hetong.pipeline.orchestrate import process_bytes

ROOT = Path(__file__).resolve().parents[3]
PDF = ROOT / "tests" / "fixtures" / "pdf" / "004_203ddecaf6b58c51.pdf"
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the [ocr] extra (rapidocr, onnxruntime) is not installed")


def pages_as_images(fmt: str, dpi: int = 150, pages: int = 2) -> bytes:
    """The fixture PDF's first pages rendered as one image file (all of them in a TIFF)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(PDF.read_bytes())
    try:
        images = [pdf[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(min(pages, len(pdf)))]
    finally:
        pdf.close()
    buffer = io.BytesIO()
    if fmt == "TIFF":
        images[0].save(buffer, format="TIFF", save_all=True, append_images=images[1:])
    else:
        images[0].save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(("fmt", "media"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("TIFF", "image/tiff"), ("BMP", "image/bmp")])
def test_image_types_are_recognised_by_their_bytes(fmt: str, media: str) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format=fmt)
    assert media_type_of(buffer.getvalue(), "scan.bin") == media


@needs_ocr
def test_a_multi_page_tiff_is_read_page_by_page() -> None:
    data = pages_as_images("TIFF")
    record = to_json_dict(process_bytes(data, "contract.tiff").to_record())
    assert record["status"] in ("ok", "partial") and record["media_type"] == "image/tiff"
    doc = load_bytes(data, "contract.tiff")
    assert len(doc.pages) == 2 and all(p.source == "ocr" and p.confidence and p.confidence > 0.5 for p in doc.pages)
    assert doc.raw_text.index("甲方") < doc.pages[0].end < doc.pages[1].start
    assert {p["role"] for p in record["parties"]} >= {"甲方", "乙方"}


def test_without_ocr_an_image_fails_with_the_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    monkeypatch.setattr(ocr, "available", lambda: False)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    with pytest.raises(IngestError, match="OCR is not installed") as info:
        load_bytes(buffer.getvalue(), "photo.png")
    assert install_hint("ocr") in str(info.value) and "rapidocr" in str(info.value)


@needs_ocr
def test_a_corrupt_image_is_a_clear_error() -> None:
    with pytest.raises(IngestError, match="unreadable image"):
        load_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "broken.png")
