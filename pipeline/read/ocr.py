"""OCR of PDF pages without a usable text layer (optional extra `[ocr]`).

Engine: RapidOCR 3.x on onnxruntime. Its wheel ships the PP-OCR detection,
classification and recognition models (PP-OCRv6 small), so nothing is
downloaded at run time: the engine is built on first use, once per process
(`engine()`), from the files in the installed package. Pages are rendered
with pypdfium2 (already installed with pdfplumber) at `DPI`.

The engine runs with `SETTINGS` rather than RapidOCR's defaults, each
measured on the gold contracts drawn as pages (benchmarks/ocr_gold.py; the
ablation table is in the README): no angle classifier (contract pages are
upright; a page on its side is turned by its EXIF or not at all), each line
recognised alone (a batch pads every line to the widest), narrow lines not
padded to 320 px, and each line squeezed to `rec_squeeze` of its width
before recognition (the recogniser's cost grows with width; a CJK character
is 6 of its time steps wide, 4.5 after the squeeze, a digit 2.2).
`det_side` would scale the page to at most that many pixels a side for
detection: a third of detection's CPU on the drawn gold pages, but on the
real scans (data/real) it lost the small print of two contracts' party and
payment tables, so detection sees the page as rendered (None). `threads` is onnxruntime's intra-op thread
count (HETONG_OCR_THREADS, default 1: several workers each OCR a document).
`version()` names the settings, so the OCR cache and each document's
`versions` tell answers of other settings apart.

A page's text is rebuilt from the recognised boxes: boxes whose vertical
centres fall within half a line height of each other are one line, read
left to right; a horizontal gap wider than two characters between two boxes
of a line becomes a TAB (a table's cells, or a label and its value), which
the text path reads as a table row. Each line keeps its box in PDF points
and its lowest recognition score (`Line`), the page its mean recognition
confidence (`Page.confidence`); extractors/flags/ocr_confidence.py flags values
read from a line scored below its threshold.

Recognition errors common on scans (甲方 read as 申方, 项目 as 项自) are NOT
corrected here: `hetong.pipeline.text.ocr_confusions` lists the corrections
that are certain in context, for the normaliser to apply as offset-mapped edits.
"""

from __future__ import annotations

import hashlib
import io
import importlib.util
import json
import os
import logging
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from functools import lru_cache
from typing import Any

from hetong.models import Line

DPI = 150
_CJK = re.compile(r"[\u3400-\u9fff]")


def available() -> bool:
    """True when the [ocr] extra (rapidocr, onnxruntime) is installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime"))


# See the module doc; benchmarks/ocr_gold.py --settings measures others.
SETTINGS: dict[str, Any] = {"det_side": None, "cls": False, "rec_batch": 1, "rec_min_width": 96, "rec_squeeze": 0.75}


def settings() -> dict[str, Any]:
    """SETTINGS plus the onnxruntime thread count in force."""
    return {**SETTINGS, "threads": threads()}


def threads() -> int:
    raw = os.environ.get("HETONG_OCR_THREADS", "1").strip()
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"HETONG_OCR_THREADS must be a whole number of threads, not {raw!r}") from None
    if value < 1:
        raise ValueError(f"HETONG_OCR_THREADS must be at least 1, not {value}")
    return value


@lru_cache(maxsize=1)
def engine() -> Any:
    """The OCR engine, built once per process from the models in the wheel."""
    return build_engine(settings())


def build_engine(chosen: dict[str, Any]) -> Any:
    """A RapidOCR engine with these settings (keys of SETTINGS, plus `threads`)."""
    import cv2
    from rapidocr import RapidOCR

    class _Engine(RapidOCR):  # type: ignore[misc]
        def recognize_txt(self, img: list[Any]) -> Any:  # each line squeezed before recognition
            squeeze = chosen["rec_squeeze"]
            if squeeze != 1:
                img = [cv2.resize(i, (max(1, round(i.shape[1] * squeeze)), i.shape[0]), interpolation=cv2.INTER_AREA)
                       for i in img]
            return super().recognize_txt(img)

    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    params: dict[str, Any] = {
        "Global.log_level": "warning",
        "Global.use_cls": chosen["cls"],
        "Rec.rec_batch_num": chosen["rec_batch"],
        "Rec.rec_img_shape": [3, 48, chosen["rec_min_width"]],
        "EngineConfig.onnxruntime.intra_op_num_threads": chosen["threads"],
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    if chosen["det_side"]:
        params |= {"Det.limit_type": "max", "Det.limit_side_len": chosen["det_side"]}
    return _Engine(params=params)


def version() -> str:
    """The engine and the settings that change what it reads (not the thread count)."""
    from importlib.metadata import version as dist_version

    tuned = ",".join(f"{k}={v}" for k, v in SETTINGS.items())
    return f"rapidocr {dist_version('rapidocr')} (onnxruntime {dist_version('onnxruntime')}; {tuned})"


@dataclass
class OcrText:
    text: str
    lines: list[Line]
    confidence: float | None  # mean over recognised boxes; None when nothing was found


@dataclass
class _Box:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    score: float


def ocr_pdf_page(data: bytes, index: int, offset: int, dpi: int = DPI) -> OcrText:
    """OCR page `index` (0-based) of the PDF `data`; line offsets start at
    `offset` (the page's start in raw_text)."""
    cached = _cache_path(data, index, dpi)
    if cached is not None and cached.exists():
        try:
            return layout([_Box(**b) for b in json.loads(cached.read_text(encoding="utf-8"))], offset)
        except (OSError, ValueError, TypeError):  # a torn or foreign cache file: OCR again
            pass
    boxes = _recognise(data, index, dpi)
    _store(cached, boxes)
    return layout(boxes, offset)


def ocr_image_frames(data: bytes) -> list[OcrText]:
    """OCR every frame of an image file (JPG, PNG, BMP, TIFF with several
    pages): one OcrText per frame, offsets starting at each frame's place in
    the joined text ("\n" between frames). Raises ValueError for an image
    Pillow cannot open."""
    import numpy as np
    from PIL import Image, ImageOps, ImageSequence

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception as exc:  # Pillow raises many types for corrupt images
        detail = re.sub(r"<_io\.\w+ object at 0x[0-9a-f]+>", "the file", str(exc))  # no memory addresses in a record
        raise ValueError(f"unreadable image: {type(exc).__name__}: {detail}") from exc
    frames: list[OcrText] = []
    offset = 0
    for index, frame in enumerate(ImageSequence.Iterator(image)):
        cached = _cache_path(data, index, 0)
        boxes: list[_Box] | None = None
        if cached is not None and cached.exists():
            try:
                boxes = [_Box(**b) for b in json.loads(cached.read_text(encoding="utf-8"))]
            except (OSError, ValueError, TypeError):
                boxes = None
        if boxes is None:
            # the photo's EXIF orientation, as a viewer shows it; boxes stay in image pixels
            rgb = ImageOps.exif_transpose(frame.convert("RGB"))
            boxes = _boxes(engine()(np.asarray(rgb)), 1.0)
            _store(cached, boxes)
        result = layout(boxes, offset)
        frames.append(result)
        offset += len(result.text) + 1
    return frames


def _store(cached: Path | None, boxes: list[_Box]) -> None:
    if cached is None:
        return
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps([b.__dict__ for b in boxes], ensure_ascii=False), encoding="utf-8")
        tmp.replace(cached)
    except OSError:  # a read-only cache is no reason to fail a page
        pass


def _cache_path(data: bytes, index: int, dpi: int) -> Path | None:
    """Where the boxes of this page are cached: HETONG_OCR_CACHE (a folder;
    unset = no cache), keyed by the file's SHA-256, the page, the dpi and the
    OCR engine's version, so a new model never reads an old answer."""
    folder = os.environ.get("HETONG_OCR_CACHE")
    if not folder:
        return None
    digest = hashlib.sha256(data).hexdigest()
    return Path(folder) / f"{digest}-p{index}-{dpi}dpi-{version()}.json"


def _recognise(data: bytes, index: int, dpi: int) -> list[_Box]:
    import numpy as np
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[index]
        scale = render_scale(page.get_width(), page.get_height(), dpi)
        image = page.render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()
    return _boxes(engine()(np.asarray(image)), 1 / scale)


# A page is rendered at most this many pixels (an A2 sheet at 150 dpi is 14 M):
# a 2 KB PDF declaring a 200-inch page would otherwise take gigabytes to render.
MAX_PIXELS = 40_000_000


def render_scale(width_pt: float, height_pt: float, dpi: int) -> float:
    """The scale to render a page of this size at `dpi`, lowered so that the
    image stays within MAX_PIXELS."""
    scale = dpi / 72
    area = max(1.0, float(width_pt) * float(height_pt))
    if area * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / area) ** 0.5
    return scale


def _boxes(result: Any, scale: float) -> list[_Box]:
    """The engine's recognised lines as boxes, scaled to the page's units."""
    boxes = []
    boxes_found = result.boxes if result.boxes is not None else []
    for box, text, score in zip(boxes_found, result.txts or (), result.scores or (), strict=False):
        xs = [float(p[0]) * scale for p in box]
        ys = [float(p[1]) * scale for p in box]
        if text.strip():
            boxes.append(_Box(min(xs), min(ys), max(xs), max(ys), text.strip(), float(score)))
    return boxes


def layout(boxes: list[_Box], offset: int) -> OcrText:
    """Group recognised boxes into lines and text (see the module doc)."""
    if not boxes:
        return OcrText("", [], None)
    height = statistics.median(b.bottom - b.top for b in boxes) or 1.0
    rows: list[list[_Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        centre = (box.top + box.bottom) / 2
        if rows and abs(centre - _centre(rows[-1])) <= height / 2:
            rows[-1].append(box)
        else:
            rows.append([box])
    for row in rows:
        row.sort(key=lambda b: b.x0)
    left = min(row[0].x0 for row in rows)
    right = max(row[-1].x1 for row in rows)
    out = ""
    lines: list[Line] = []
    prev: list[_Box] | None = None
    prev_text = ""
    for row in rows:
        text = ""
        for i, box in enumerate(row):
            if i:
                gap = box.x0 - row[i - 1].x1
                text += "\t" if gap > 2 * height else ("" if gap < 0.3 * height else " ")
            text += box.text
        if prev is not None:
            gap = row[0].top - max(b.bottom for b in prev)
            if _wrapped(prev, prev_text, row, text, left, right, height):
                pass  # a line wrapped by the layout: joined
            else:
                out += "\n\n" if gap > height else "\n"
        start = offset + len(out)
        out += text
        lines.append(
            Line(
                start=start, end=offset + len(out),
                x0=min(b.x0 for b in row), top=min(b.top for b in row),
                x1=max(b.x1 for b in row), bottom=max(b.bottom for b in row),
                confidence=round(min(b.score for b in row), 4),
            )
        )
        prev, prev_text = row, text
    confidence = sum(b.score for b in boxes) / len(boxes)
    return OcrText(out, lines, round(confidence, 4))


def _wrapped(prev: list[_Box], prev_text: str, row: list[_Box], text: str, left: float, right: float, height: float) -> bool:
    """Did the layout, not the author, break the line between `prev` and
    `row`? (prev runs to the right margin, row starts at the left one, no
    table cells, no sentence end.) CJK text only: no space is added."""
    return (
        "\t" not in prev_text
        and "\t" not in text
        and prev[-1].x1 >= right - 1.5 * height
        and row[0].x0 <= left + 0.5 * height
        and row[0].top - max(b.bottom for b in prev) < height
        and not prev_text.endswith(tuple("。；;！!？?：:"))
        and bool(_CJK.match(text[0]) or _CJK.match(prev_text[-1]))
    )


def _centre(row: list[_Box]) -> float:
    return statistics.fmean((b.top + b.bottom) / 2 for b in row)

