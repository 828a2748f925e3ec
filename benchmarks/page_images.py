"""Contract texts drawn as page images, as a scanner would deliver them, and
the character error rate of an OCR reading against what was drawn.

`render(text, dpi)` lays a contract out on A4 pages the way a word
processor prints it (25 mm margins, 10.5 pt wqy-zenhei, 16 pt leading,
table rows as ruled cells) and draws each page with Pillow at `dpi`;
`scanned(page, seed)` adds what a cheap office scanner adds: a small skew
(0.4–1.2°, either way), grey noise, specks and a slight blur. Each page comes
with the characters drawn on it (`Page.drawn`), which is the reference the
OCR is scored against: `cer(reference, hypothesis)` is the Levenshtein
distance over the non-blank characters (NFKC) divided by the reference's
length. Deterministic: the same text, dpi and seed give the same pixels.

Used by benchmarks/ocr_gold.py and by tests/pipeline/test_ocr_floor.py.
"""

from __future__ import annotations

import io
import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from hetong.pipeline.quality.variant_pdf import blocks

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
A4_MM = (210.0, 297.0)
MARGIN_MM = 25.0
BODY_PT, CELL_PT, LEADING_PT, CELL_LEADING_PT, BLANK_PT = 10.5, 9.0, 16.0, 12.0, 6.0
_BLANK = re.compile(r"\s+")


@dataclass
class Page:
    image: Image.Image  # mode "L", white paper
    drawn: str  # the characters drawn on it, one line of text per drawn line


def _pt(dpi: int, pt: float) -> int:
    return round(pt * dpi / 72)


def _mm(dpi: int, mm: float) -> int:
    return round(mm * dpi / 25.4)


def _blocks(text: str) -> list[tuple[str, object]]:
    """("para", line) | ("blank", None) | ("row", cells): the blocks the `pdf`
    variant prints (pipeline/quality/variant_pdf.py), a table as its rows."""
    out: list[tuple[str, object]] = []
    for kind, value in blocks(text):
        if kind == "table":
            out.extend(("row", row) for row in value)  # type: ignore[union-attr]
        else:
            out.append((kind, value))
    return out


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break `text` into lines no wider than `width` pixels, anywhere (CJK)."""
    lines, current = [], ""
    for ch in text:
        if current and font.getlength(current + ch) > width:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current] if current or not lines else lines


def render(text: str, dpi: int) -> list[Page]:
    """The pages of `text` drawn at `dpi` (see the module doc)."""
    body = ImageFont.truetype(str(FONT), _pt(dpi, BODY_PT), index=0)
    cell = ImageFont.truetype(str(FONT), _pt(dpi, CELL_PT), index=0)
    size = (_mm(dpi, A4_MM[0]), _mm(dpi, A4_MM[1]))
    left, top = _mm(dpi, MARGIN_MM), _mm(dpi, MARGIN_MM)
    width, bottom = size[0] - 2 * left, size[1] - _mm(dpi, MARGIN_MM)
    leading, cell_leading, pad = _pt(dpi, LEADING_PT), _pt(dpi, CELL_LEADING_PT), _pt(dpi, 3)
    pages: list[Page] = []
    image = draw = None
    y, drawn = top, []

    def new_page() -> None:
        nonlocal image, draw, y, drawn
        if image is not None:
            pages.append(Page(image, "\n".join(drawn)))
        image = Image.new("L", size, 255)
        draw = ImageDraw.Draw(image)
        y, drawn = top, []

    new_page()
    for kind, value in _blocks(text):
        if kind == "blank":
            y += _pt(dpi, BLANK_PT)
        elif kind == "para":
            for line in _wrap(str(value), body, width):
                if y + leading > bottom:
                    new_page()
                draw.text((left, y), line, font=body, fill=0)
                drawn.append(line)
                y += leading
        else:
            cells = [c for c in value]  # type: ignore[union-attr]
            col = width // len(cells)
            wrapped = [_wrap(c, cell, col - 2 * pad) if c else [] for c in cells]
            height = max(1, max(len(w) for w in wrapped)) * cell_leading + 2 * pad
            if y + height > bottom:
                new_page()
            for i, lines in enumerate(wrapped):
                x = left + i * col
                draw.rectangle((x, y, x + col, y + height), outline=0, width=max(1, dpi // 150))
                for k, line in enumerate(lines):
                    draw.text((x + pad, y + pad + k * cell_leading), line, font=cell, fill=0)
            drawn.append("\t".join("".join(lines) for lines in wrapped))
            y += height
    pages.append(Page(image, "\n".join(drawn)))
    return pages


def scanned(image: Image.Image, seed: int) -> Image.Image:
    """`image` as a cheap scanner returns it: skewed 0.4–1.2° either way,
    slightly blurred, with grey noise and dark specks (see the module doc)."""
    rng = random.Random(seed)
    angle = rng.uniform(0.4, 1.2) * rng.choice((-1, 1))
    out = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    out = out.filter(ImageFilter.GaussianBlur(radius=0.5 * image.width / 1240))
    pixels = np.asarray(out, dtype=np.float32)
    noise = np.random.default_rng(seed).normal(0.0, 14.0, pixels.shape)
    pixels = pixels * 0.92 + 12 + noise  # grey paper, a little less contrast
    specks = np.random.default_rng(seed + 1).random(pixels.shape) < 0.0015
    pixels[specks] = 40
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")


def tiff(images: list[Image.Image], dpi: int) -> bytes:
    """The pages as one multi-page TIFF (deflate), as a scanner saves a document."""
    buffer = io.BytesIO()
    images[0].save(buffer, "TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate",
                   dpi=(dpi, dpi))
    return buffer.getvalue()


def _chars(text: str) -> str:
    return _BLANK.sub("", unicodedata.normalize("NFKC", text))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one numpy row at a time (insertions by a running minimum)."""
    if not a or not b:
        return max(len(a), len(b))
    codes_b = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    ramp = np.arange(len(b) + 1)
    row = ramp.copy()
    for i, ch in enumerate(a, start=1):
        cost = (codes_b != ord(ch)).astype(np.int64)
        best = np.empty_like(row)
        best[0] = i
        best[1:] = np.minimum(row[1:] + 1, row[:-1] + cost)
        row = np.minimum.accumulate(best - ramp) + ramp
    return int(row[-1])


def cer(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edits, reference characters) over non-blank NFKC characters."""
    ref, hyp = _chars(reference), _chars(hypothesis)
    return edit_distance(ref, hyp), len(ref)
