"""A contract text printed as a text-layer PDF, for the `pdf` variant.

Laid out as a word processor prints a contract: A4, paragraphs wrapped at the
margin (so the reader meets lines broken mid-sentence), ruled tables for the
text's table rows (tab-separated, markdown or ` | ` rows), a page number
footer on every page. The glyphs are a CJK TrueType font embedded as a
subset with its /ToUnicode map, so the PDF reader gets the text back from the
text layer, not by OCR.

reportlab (the `dev` and `fixtures` extras) lays the pages out in-process,
about a tenth of a second per contract; the font is Debian's
`fonts-wqy-zenhei` (or `HETONG_CJK_FONT`, any TrueType file with CJK glyphs).
Without either, `PdfRenderError` says what to install.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
)
_FONT_NAME = "HetongCJK"
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-*:?\s*)*\|?\s*$")


class PdfRenderError(RuntimeError):
    """The PDF variant cannot be rendered here; the message says what is missing."""


def font_path() -> Path | None:
    explicit = os.environ.get("HETONG_CJK_FONT")
    candidates = [explicit] if explicit else list(FONT_PATHS)
    return next((Path(p) for p in candidates if p and Path(p).is_file()), None)


def blocks(text: str) -> list[tuple[str, object]]:
    """The text as ("para", line) | ("blank", None) | ("table", rows) blocks:
    consecutive table rows (tab-separated, `|`-delimited, ` | `-separated)
    form one table; a markdown separator row is dropped."""
    out: list[tuple[str, object]] = []
    rows: list[list[str]] = []

    def end_table() -> None:
        if rows:
            width = max(len(r) for r in rows)
            out.append(("table", [r + [""] * (width - len(r)) for r in rows]))
            rows.clear()

    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|"):
            if not _MD_SEPARATOR.match(stripped):
                rows.append([c.strip() for c in stripped.strip("|").split("|")])
            continue
        if "\t" in line and stripped:
            rows.append([c.strip() for c in line.split("\t")])
            continue
        if " | " in stripped:
            rows.append([c.strip() for c in stripped.split(" | ")])
            continue
        end_table()
        out.append(("para", stripped) if stripped else ("blank", None))
    end_table()
    return out


def render_pdf(text: str, title: str = "contract") -> bytes:
    """The bytes of a PDF whose text layer is `text`, laid out on A4 pages."""
    try:
        from reportlab.lib import colors
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    except ImportError as exc:
        raise PdfRenderError("the pdf variant needs reportlab: pip install -e '.[dev]'") from exc
    font = font_path()
    if font is None:
        raise PdfRenderError("the pdf variant needs a CJK TrueType font: apt-get install fonts-wqy-zenhei (or set HETONG_CJK_FONT)")
    if _FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT_NAME, str(font), subfontIndex=0))
    body = ParagraphStyle("body", fontName=_FONT_NAME, fontSize=10.5, leading=16, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12)

    def footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont(_FONT_NAME, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"- {doc.page} -")

    def para(s: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(s).replace("  ", " &nbsp;"), style)

    story: list[object] = []
    for kind, value in blocks(text):
        if kind == "para":
            story.append(para(str(value), body))
        elif kind == "blank":
            story.append(Spacer(1, 6))
        else:
            rows = [[para(c, cell) for c in row] for row in value]  # type: ignore[union-attr]
            width = A4[0] - 50 * mm
            table = Table(rows, colWidths=[width / len(rows[0])] * len(rows[0]))
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                            topMargin=25 * mm, bottomMargin=25 * mm, invariant=1, title=title)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
