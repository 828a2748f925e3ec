"""OCR (extra `[ocr]`): scanned pages are read by RapidOCR with its bundled
models and no network; lines and confidence are kept. The layout of
recognised boxes is tested without the engine (the confusion rules: tests/pipeline/text/test_ocr_confusions.py)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

from hetong.pipeline.read import ocr
from hetong.pipeline.read.ocr import _Box, layout

ROOT = Path(__file__).resolve().parents[3]
SCANNED = ROOT / "tests" / "fixtures" / "pdf" / "scanned_112_njlh_video_ops.pdf"
GOLD = json.loads((ROOT / "data" / "gold" / "112_njlh_video_ops.gold.json").read_text(encoding="utf-8"))

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the [ocr] extra (rapidocr, onnxruntime) is not installed")


def box(x0: float, top: float, x1: float, text: str, score: float = 0.9, height: float = 10) -> _Box:
    return _Box(x0, top, x1, top + height, text, score)


# -- layout of recognised boxes ------------------------------------------------------------


def test_boxes_on_one_line_are_read_left_to_right_with_cells_as_tabs() -> None:
    found = layout([box(200, 101, 260, "40%"), box(10, 100, 60, "第一期"), box(300, 99, 400, "¥194,540.20")], 0)
    assert found.text == "第一期\t40%\t¥194,540.20"
    assert [(l.start, l.end, l.x0, l.x1) for l in found.lines] == [(0, len(found.text), 10, 400)]


def test_a_line_wrapped_at_the_margin_is_joined_and_a_gap_is_a_paragraph() -> None:
    first, second, heading = "乙方应每月对平台服务器进行一次全面巡检，每季度对前端点位进行一次抽", "检，并形成巡检报告。", "二、服务期限"
    found = layout([box(10, 100, 500, first), box(10, 114, 200, second), box(10, 150, 120, heading)], offset=7)
    assert found.text == f"{first}{second}\n\n{heading}"
    assert [l.start for l in found.lines] == [7, 7 + len(first), 7 + len(first + second) + 2]


def test_confidence_is_the_mean_score_and_nothing_found_is_empty() -> None:
    assert layout([box(0, 0, 10, "甲", 0.8), box(20, 0, 30, "方", 1.0)], 0).confidence == 0.9
    assert layout([], 0) == ocr.OcrText("", [], None)


# -- the engine -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scanned() -> Any:
    """The scanned fixture OCR'd with the network unreachable: the models
    must come from the installed wheel."""
    from hetong.pipeline.orchestrate import process_bytes

    def no_network(*args: object, **kwargs: object) -> None:
        raise OSError("network access during OCR")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", no_network)
        mp.setattr(socket, "getaddrinfo", no_network)
        ocr.engine.cache_clear()
        return process_bytes(SCANNED.read_bytes(), SCANNED.name)


@needs_ocr
def test_a_scanned_pdf_is_read_by_ocr_without_network(scanned: Any) -> None:
    assert scanned.status == "ok", scanned.errors
    assert scanned.versions["ocr"].startswith("rapidocr ")
    assert [p.source for p in scanned.pages] == ["ocr", "ocr"]
    assert all(p.confidence is not None and p.confidence > 0.9 for p in scanned.pages)
    assert all(p.lines for p in scanned.pages)


@needs_ocr
@pytest.mark.parametrize("field", ["title", "project_name", "contract_no", "total_amount", "total_amount_words", "service_start", "service_end"])
def test_ocr_text_extracts_the_contract(scanned: Any, field: str) -> None:
    gold = GOLD["contract"][field]
    got = scanned.to_record().model_dump(mode="json")["contract"][field]
    assert got in gold if isinstance(gold, list) else got == gold


@needs_ocr
def test_ocr_text_extracts_the_parties(scanned: Any) -> None:
    assert [(p.role, p.name) for p in scanned.parties] == [(p["role"], p["name"]) for p in GOLD["parties"]]


@pytest.mark.parametrize(("width", "height", "dpi", "expected"), [
    (595, 842, 150, 150 / 72),  # A4 at 150 dpi: as asked
    (1191, 1684, 150, 150 / 72),  # A2: 14 M pixels, as asked
    (14400, 14400, 150, (40_000_000 / 14400 / 14400) ** 0.5),  # a 200-inch page: capped
])
def test_a_page_is_never_rendered_past_the_pixel_cap(width: float, height: float, dpi: int, expected: float) -> None:
    scale = ocr.render_scale(width, height, dpi)
    assert scale == pytest.approx(expected)
    assert width * height * scale * scale <= ocr.MAX_PIXELS * 1.0001



# -- settings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "threads"), [("1", 1), (" 2 ", 2)])
def test_ocr_threads_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, raw: str, threads: int) -> None:
    monkeypatch.setenv("HETONG_OCR_THREADS", raw)
    assert ocr.threads() == threads and ocr.settings()["threads"] == threads


@pytest.mark.parametrize("raw", ["0", "two", "-1"])
def test_a_bad_ocr_thread_count_is_refused_by_name(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("HETONG_OCR_THREADS", raw)
    with pytest.raises(ValueError, match="HETONG_OCR_THREADS"):
        ocr.threads()


@needs_ocr
def test_the_engine_version_names_the_settings_that_change_what_it_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The OCR cache and each document's `versions` are keyed by it: boxes
    read with other settings are never taken for these."""
    before = ocr.version()
    assert all(f"{key}={value}" in before for key, value in ocr.SETTINGS.items())
    monkeypatch.setitem(ocr.SETTINGS, "rec_squeeze", 0.5)
    assert ocr.version() != before
    monkeypatch.setenv("HETONG_OCR_CACHE", "/tmp/x")
    assert "rec_squeeze=0.5" in str(ocr._cache_path(b"%PDF", 0, 150))
