"""OCR accuracy floor (the [ocr] extra): a gold contract drawn as two
scanned pages (benchmarks/page_images.py: 150 dpi, skew, noise, blur), read
by hetong as a multi-page TIFF. The character error rate against the drawn
text and the fields extracted against the gold labels must stay above a
floor: a change to the OCR settings, the layout of recognised boxes or the
image reader that costs accuracy fails here. The full measurement, at 150
and 300 dpi over every gold contract, is benchmarks/ocr_gold.py."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from hetong.pipeline.read import ocr
from hetong.pipeline.store.export import to_json_dict
from hetong.pipeline.read.limits import Limits
from hetong.pipeline.orchestrate import process_bytes
from hetong.pipeline.quality.scoring import score_document

ROOT = Path(__file__).resolve().parents[3]
NAME = "126_wanbailin_portal_sites"  # two pages at 150 dpi
GOLD = json.loads((ROOT / "data" / "gold" / f"{NAME}.gold.json").read_text(encoding="utf-8"))
MAX_CER = 0.01  # measured 0.0015 (2 misread of 1,359 characters)
MIN_F1 = 0.90  # the issue's floor for OCR'd gold; measured 0.94 (乙方's legal representative and tax id missed)

pytestmark = pytest.mark.skipif(not ocr.available(), reason="the [ocr] extra (rapidocr, onnxruntime) is not installed")


def _page_images() -> Any:
    spec = importlib.util.spec_from_file_location("page_images", ROOT / "benchmarks" / "page_images.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules.setdefault("page_images", module)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="module")
def reading(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[Any], Any]:
    images = _page_images()
    drawn = images.render((ROOT / "data" / "gold" / f"{NAME}.txt").read_text(encoding="utf-8"), 150)
    scans = [images.scanned(page.image, seed=7 + i) for i, page in enumerate(drawn)]
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("HETONG_OCR_CACHE", raising=False)  # recognised here, not read from a cache
        doc = process_bytes(images.tiff(scans, 150), source=f"{NAME}.tif", limits=Limits.unlimited())
    return doc, drawn, images


def test_every_page_is_ocr_text_with_its_confidence(reading: tuple[Any, list[Any], Any]) -> None:
    doc, drawn, _ = reading
    assert doc.status == "ok", doc.errors
    assert [p.source for p in doc.pages] == ["ocr"] * len(drawn) == ["ocr", "ocr"]
    assert all(p.confidence is not None and p.confidence > 0.9 for p in doc.pages)
    assert all(line.confidence is not None for p in doc.pages for line in p.lines)


def test_character_error_rate_stays_under_the_floor(reading: tuple[Any, list[Any], Any]) -> None:
    doc, drawn, images = reading
    edits = chars = 0
    for page, read in zip(drawn, doc.pages, strict=True):
        e, n = images.cer(page.drawn, doc.raw_text[read.start:read.end])
        edits, chars = edits + e, chars + n
    assert chars > 1000 and edits / chars <= MAX_CER, f"CER {edits}/{chars}"


def test_fields_extracted_from_the_scan_stay_above_the_floor(reading: tuple[Any, list[Any], Any]) -> None:
    doc, _, _ = reading
    score = score_document(GOLD, to_json_dict(doc.to_record()))
    assert score.overall.f1 >= MIN_F1, [d for d in score.discrepancies]
    assert str(doc.contract.total_amount) == GOLD["contract"]["total_amount"]
