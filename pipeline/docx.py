"""Word .docx → raw text, tables included (python-docx).

The body is read in document order: each paragraph is a line (python-docx's
`Paragraph.text`: runs and hyperlinks, tabs as TAB, line breaks as "\\n"),
each table row is a line of TAB-separated cells — the form the text path
already reads as a table (pipeline/tables.py), the same as PDF tables
(pipeline/pdf.py). A cell merged across columns is written once; the lines
inside a cell are joined. Content controls (`w:sdt`) are read through;
headers, footers and text boxes are page furniture and left out. A .docx
has no pages: `Document.pages` stays empty.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

_CJK = re.compile(r"[\u3400-\u9fff]")


class DocxError(ValueError):
    """The file cannot be read as a Word document; the message says why."""


def read_docx(data: bytes) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # python-docx is a dependency; a broken install says so
        raise DocxError("reading .docx needs python-docx (pip install python-docx)") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocxError(f"unreadable DOCX: {type(exc).__name__}: {exc}") from exc
    except Exception as exc:  # lxml and python-docx raise their own types for corrupt parts
        raise DocxError(f"unreadable DOCX: {type(exc).__name__}: {exc}") from exc
    lines: list[str] = []
    for element in _blocks(document.element.body):
        if element.tag == _W + "p":
            lines.append(Paragraph(element, document).text)
        else:
            lines.extend(_rows(Table(element, document)))
    return "\n".join(lines)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _blocks(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in document order, through content controls."""
    for child in parent.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _blocks(content)


def _rows(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats for each column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell.text))
        yield "\t".join(cells)


def _cell_text(text: str) -> str:
    parts = [p.strip() for p in text.replace("\t", " ").split("\n") if p.strip()]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        out += ("" if _CJK.match(part[0]) or _CJK.match(out[-1]) else " ") + part
    return out
