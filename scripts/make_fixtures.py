"""Generate the committed PDF and DOCX fixtures from contract texts.

    .venv/bin/pip install reportlab python-docx
    apt-get install fonts-wqy-zenhei            # a CJK TrueType font to embed
    .venv/bin/python scripts/make_fixtures.py

Writes tests/fixtures/pdf/NAME.pdf for the 5 seed contracts (data/samples)
and a few gold contracts, laid out as Word would print them: A4, wrapped
paragraphs, ruled tables for the text's table rows (tab, markdown or pipe),
a page number footer. Also:

* tests/fixtures/pdf/broken_cid.pdf: one of them with its /ToUnicode maps
  made unusable, the classic broken text layer that extracts as `(cid:123)`;
* tests/fixtures/pdf/scanned_*.pdf: pages rendered to grey images at 150
  dpi and saved as an image-only PDF (no text layer), for the OCR path;
* tests/fixtures/docx/NAME.docx: paragraphs and real Word tables.

CI never runs this: the outputs are committed. Rerunning gives the same text
(reportlab stamps a creation date, so bytes differ; invariant=1 keeps them
stable).
"""

from __future__ import annotations

import sys
from pathlib import Path

from hetong.pipeline.quality.variant_pdf import blocks, render_pdf

ROOT = Path(__file__).resolve().parents[1]
OUT_PDF = ROOT / "tests" / "fixtures" / "pdf"
OUT_DOCX = ROOT / "tests" / "fixtures" / "docx"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
SOURCES = [
    *sorted((ROOT / "data" / "samples").glob("*.txt")),
    ROOT / "data" / "gold" / "101_jiangmen_govcloud.txt",
    ROOT / "data" / "gold" / "103_mianyang_12345.txt",
    ROOT / "data" / "gold" / "112_njlh_video_ops.txt",
]
DOCX_SOURCES = [ROOT / "data" / "samples" / "004_203ddecaf6b58c51.txt", ROOT / "data" / "gold" / "112_njlh_video_ops.txt"]
SCANNED = ROOT / "data" / "gold" / "112_njlh_video_ops.txt"

def make_pdf(text: str, path: Path) -> None:
    """The PDF as the `pdf` variant prints it (one layout for fixtures and variants)."""
    path.write_bytes(render_pdf(text, title=path.stem))


def break_text_layer(src: Path, dst: Path) -> None:
    """Same length rename: the /ToUnicode maps are no longer found, so text
    extraction yields (cid:N) for every glyph; xref offsets stay valid."""
    data = src.read_bytes()
    assert b"/ToUnicode" in data
    dst.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))


def scan(src: Path, dst: Path, pages: int = 2, dpi: int = 150) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src))
    images = []
    for i in range(min(pages, len(pdf))):
        image = pdf[i].render(scale=dpi / 72).to_pil().convert("L")
        images.append(image)
    images[0].save(dst, "PDF", resolution=dpi, save_all=True, append_images=images[1:])


def make_docx(text: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for kind, value in blocks(text):
        if kind == "para":
            document.add_paragraph(str(value))
        elif kind == "blank":
            document.add_paragraph("")
        else:
            rows = value  # type: ignore[assignment]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[arg-type]
            table.style = "Table Grid"
            for r, row in enumerate(rows):  # type: ignore[arg-type]
                for c, value_ in enumerate(row):
                    table.cell(r, c).text = value_
    document.core_properties.author = "hetong fixtures"
    document.save(str(path))


def main() -> int:
    if not FONT.exists():
        print(f"missing {FONT}: apt-get install fonts-wqy-zenhei", file=sys.stderr)
        return 1
    OUT_PDF.mkdir(parents=True, exist_ok=True)
    OUT_DOCX.mkdir(parents=True, exist_ok=True)
    for src in SOURCES:
        make_pdf(src.read_text(encoding="utf-8"), OUT_PDF / f"{src.stem}.pdf")
        print(OUT_PDF / f"{src.stem}.pdf", file=sys.stderr)
    break_text_layer(OUT_PDF / f"{SOURCES[0].stem}.pdf", OUT_PDF / "broken_cid.pdf")
    scan(OUT_PDF / f"{SCANNED.stem}.pdf", OUT_PDF / f"scanned_{SCANNED.stem}.pdf")
    for src in DOCX_SOURCES:
        make_docx(src.read_text(encoding="utf-8"), OUT_DOCX / f"{src.stem}.docx")
        print(OUT_DOCX / f"{src.stem}.docx", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
