"""Shape and script variants of a contract, for invariance scoring.

The same contract must extract the same whatever shape it reaches us in. Each
variant renders a contract text as another file (bytes + file name) and, where
the script changes, the gold strings the same way:

- `flat`: every line break removed (PDF-to-text services, web forms, OCR APIs);
- `spaced`: every line break replaced by one space;
- `trad`: OpenCC s2t on the text and on every gold string (numbers, dates and
  enums are unchanged by s2t);
- `fullwidth`: ASCII digits, letters and punctuation as full-width forms;
- `halfwidth`: full-width punctuation (，：（）；) as ASCII;
- `docx`: a Word file written by python-docx, tab-separated rows as real tables;
- `pdf`: a text-layer PDF laid out on A4 pages (pipeline/quality/variant_pdf.py), read
  back through the PDF reader: wrapped lines, page footers, ruled tables.

`hetong evaluate --variant NAME` scores a gold set through one of them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_ENUM_KEYS = {"source", "kind", "unit", "base", "role", "payer", "dispute_forum", "signed_on", "service_start",
              "service_end", "total_amount", "tax_rate", "amount", "ratio", "rate", "hours", "seq", "coverage", "optional"}


@dataclass(frozen=True)
class Variant:
    name: str
    render: Callable[[str, str], tuple[bytes, str]]  # (text, stem) -> (file bytes, file name)
    gold: Callable[[dict[str, Any]], dict[str, Any]] | None = None


def _text(text: str, stem: str) -> tuple[bytes, str]:
    return text.encode("utf-8"), f"{stem}.txt"


def flat(text: str, stem: str) -> tuple[bytes, str]:
    return _text(re.sub(r"\r?\n", "", text), stem)


def spaced(text: str, stem: str) -> tuple[bytes, str]:
    return _text(re.sub(r"\r?\n", " ", text), stem)


@lru_cache(maxsize=1)
def _s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    return _s2t().convert(text)


def trad(text: str, stem: str) -> tuple[bytes, str]:
    return _text(to_traditional(text), stem)


def trad_gold(gold: dict[str, Any]) -> dict[str, Any]:
    def walk(value: Any, key: str | None) -> Any:
        if key in _ENUM_KEYS:
            return value
        if isinstance(value, str):
            return to_traditional(value)
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        return value
    return walk(gold, None)


_TO_FULL = {c: chr(ord(c) + 0xFEE0) for c in (chr(x) for x in range(0x21, 0x7F))}
_TO_HALF = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?", "．": "."}


def fullwidth(text: str, stem: str) -> tuple[bytes, str]:
    return _text(text.translate(str.maketrans(_TO_FULL)), stem)


def halfwidth(text: str, stem: str) -> tuple[bytes, str]:
    return _text(text.translate(str.maketrans(_TO_HALF)), stem)


def docx(text: str, stem: str) -> tuple[bytes, str]:
    """Paragraph per line; a run of tab-separated lines becomes a Word table."""
    import docx as python_docx

    document = python_docx.Document()
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            j = i
            while j < len(lines) and "\t" in lines[j]:
                j += 1
            rows = [line.split("\t") for line in lines[i:j]]
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
            i = j
        else:
            document.add_paragraph(lines[i])
            i += 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), f"{stem}.docx"


def pdf(text: str, stem: str) -> tuple[bytes, str]:
    from hetong.pipeline.quality.variant_pdf import render_pdf

    return render_pdf(text, title=stem), f"{stem}.pdf"


VARIANTS: dict[str, Variant] = {
    "flat": Variant("flat", flat),
    "spaced": Variant("spaced", spaced),
    "trad": Variant("trad", trad, trad_gold),
    "fullwidth": Variant("fullwidth", fullwidth),
    "halfwidth": Variant("halfwidth", halfwidth),
    "docx": Variant("docx", docx),
    "pdf": Variant("pdf", pdf),
}
