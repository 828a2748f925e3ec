"""Word .docx → raw text as the reader sees it, tables included.

The body is read in document order straight from WordprocessingML (lxml,
through python-docx's package reader), because python-docx's `Paragraph.text`
drops what a reader of a negotiated contract sees:

- **tracked changes are accepted**: text inside `w:ins` and `w:moveTo` is
  kept, `w:del` / `w:delText` and `w:moveFrom` are dropped (a move is read
  once, where it landed); a paragraph whose mark and text were all deleted
  leaves no line. Comments live in their own part and never enter the text.
- **auto-numbers are rendered** (`w:numPr` on the paragraph or its style):
  `第一条`, `1.1`, `（一）` are built from the numbering part's level formats
  and counters, as Word shows them (pipeline/read/docx_numbering.py).
- fields (`w:fldSimple`, complex fields' result runs), smart tags, custom XML,
  hyperlinks and content controls (`w:sdt`) are read through; field
  instructions are not text.
- **text boxes** (`w:txbxContent`, the DrawingML choice only — the VML
  fallback repeats it) follow the paragraph that anchors them, a line each.

Each paragraph is a line; each table row is a line of TAB-separated cells
(the form pipeline/text/tables.py reads as a table). A cell spanning columns is
written once (spans are never expanded, so a hostile `gridSpan` costs
nothing); lines inside a cell, nested tables included, are joined. Header
and footer text is returned separately by `read_docx_parts` (page furniture
for the clause text, but a title or party set only in the page header is
there). A .docx has no pages: `Document.pages` stays empty.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from hetong.pipeline.read.docx_numbering import Numbering

_CJK = re.compile(r"[\u3400-\u9fff]")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Elements whose content is not in the accepted text; every other container
# (w:ins, w:moveTo, w:r, w:hyperlink, w:smartTag, w:fldSimple, w:sdt, …) is
# read through.
_DROPPED = {W + t for t in ("del", "moveFrom", "delText", "instrText", "delInstrText", "rPr", "pPr", "sdtPr", "commentReference", "footnoteReference")}


# ISO 29500 Strict names the same elements in another namespace (Word's
# "Strict Open XML Document"): read as the Transitional form they mirror.
_STRICT = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"


def _as_transitional(root: Any) -> Any:
    from lxml import etree

    xml = etree.tostring(root).replace(b"http://purl.oclc.org/ooxml/wordprocessingml/main",
                                       b"http://schemas.openxmlformats.org/wordprocessingml/2006/main")
    return etree.fromstring(xml)


class DocxError(ValueError):
    """The file cannot be read as a Word document; the message says why."""


@dataclass
class DocxParts:
    body: str
    headers: list[str] = field(default_factory=list)  # header and footer texts, in part order


def read_docx(data: bytes) -> str:
    """The body text of a .docx (revisions accepted, numbers rendered)."""
    return read_docx_parts(data).body


# Uncompressed size of word/document.xml past which a .docx is refused before
# parsing: a 40 KB file can hold 10 M empty paragraphs (gigabytes once parsed).
MAX_XML_BYTES = 64 * 2**20


def _check_parts(data: bytes) -> None:
    """Refuse, from the ZIP directory alone, a document part too large to parse."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        return  # python-docx says what is wrong with it
    if info.file_size > MAX_XML_BYTES:
        raise DocxError(f"DOCX body too large to read: word/document.xml is {info.file_size:,} bytes uncompressed "
                        f"(limit {MAX_XML_BYTES:,}; {info.compress_size:,} compressed)")


def read_docx_parts(data: bytes) -> DocxParts:
    _check_parts(data)
    try:
        import docx
    except ImportError as exc:  # python-docx is a dependency; a broken install says so
        raise DocxError("reading .docx needs python-docx (pip install python-docx)") from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocxError(f"unreadable DOCX: {type(exc).__name__}: {exc}") from exc
    except Exception as exc:  # lxml and python-docx raise their own types for corrupt parts
        raise DocxError(f"unreadable DOCX: {type(exc).__name__}: {exc}") from exc
    body = document.element.find(W + "body")
    if body is None and document.element.find(_STRICT + "body") is not None:
        body = _as_transitional(document.element).find(W + "body")
    if body is None:
        raise DocxError("unreadable DOCX: word/document.xml has no w:body (not a WordprocessingML document?)")
    numbering = Numbering.from_document(document)
    reader = _Reader(numbering)
    lines = list(reader.blocks(body))
    headers: list[str] = []
    for rel in document.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")) and not rel.is_external:
            try:
                root = rel.target_part.element
            except Exception:  # a header part that is not XML is furniture we can lose
                continue
            text = "\n".join(_Reader(numbering).blocks(root)).strip()
            if text:
                headers.append(text)
    return DocxParts(body="\n".join(lines), headers=headers)


class _Reader:
    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering

    def blocks(self, parent: Any) -> Iterator[str]:
        """Lines of paragraphs and table rows in document order."""
        for child in parent.iterchildren():
            tag = child.tag
            if tag == W + "p":
                yield from self.paragraph(child)
            elif tag == W + "tbl":
                yield from self.rows(child)
            elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo"):
                yield from self.blocks(child if tag != W + "sdt" else _content(child))

    def paragraph(self, p: Any) -> Iterator[str]:
        parts: list[str] = []
        boxes: list[str] = []
        self._inline(p, parts, boxes)
        text = "".join(parts)
        if _mark_deleted(p) and not text.strip():
            yield from boxes
            return
        label = self.numbering.label(p)
        if label:
            text = label + text
        yield text
        yield from boxes

    def _inline(self, element: Any, parts: list[str], boxes: list[str]) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _DROPPED:
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab" or tag == W + "ptab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "sym":
                parts.append(_symbol(child))
            elif tag == W + "txbxContent":
                boxes.extend(line for line in self.blocks(child) if line.strip())
            elif tag == _MC + "AlternateContent":
                choice = child.find(_MC + "Choice")
                if choice is not None:  # the fallback repeats the choice in VML
                    self._inline(choice, parts, boxes)
            elif tag == W + "p":  # a paragraph inside a drawing we walked into
                boxes.extend(self.paragraph(child))
            elif tag == W + "tbl":
                boxes.extend(self.rows(child))
            else:
                self._inline(child, parts, boxes)

    def rows(self, table: Any) -> Iterator[str]:
        for tr in table.iterchildren(W + "tr", W + "ins", W + "sdt", W + "customXml"):
            if tr.tag != W + "tr":
                yield from self.rows(tr if tr.tag != W + "sdt" else _content(tr))
                continue
            if _row_deleted(tr):
                continue
            cells = [self._cell(tc) for tc in _cells(tr)]
            yield "\t".join(cells)

    def _cell(self, tc: Any) -> str:
        lines = [line for line in self.blocks(tc)]
        return _cell_text("\n".join(lines))


def _content(sdt: Any) -> Any:
    content = sdt.find(W + "sdtContent")
    return content if content is not None else sdt.makeelement(W + "sdtContent")


def _cells(tr: Any) -> Iterator[Any]:
    for child in tr.iterchildren():
        if child.tag == W + "tc":
            yield child
        elif child.tag in (W + "sdt", W + "customXml", W + "ins"):
            inner = _content(child) if child.tag == W + "sdt" else child
            yield from (c for c in inner.iter(W + "tc"))


def _mark_deleted(p: Any) -> bool:
    ppr = p.find(W + "pPr")
    if ppr is None:
        return False
    rpr = ppr.find(W + "rPr")
    return rpr is not None and rpr.find(W + "del") is not None


def _row_deleted(tr: Any) -> bool:
    trpr = tr.find(W + "trPr")
    return trpr is not None and trpr.find(W + "del") is not None


def _symbol(sym: Any) -> str:
    code = sym.get(W + "char") or ""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:  # symbol-font private range: the glyph is not text
        return ""
    return chr(value) if 0 < value < 0x110000 else ""


def _cell_text(text: str) -> str:
    parts = [p.strip() for p in text.replace("\t", " ").split("\n") if p.strip()]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        out += ("" if _CJK.match(part[0]) or _CJK.match(out[-1]) else " ") + part
    return out
