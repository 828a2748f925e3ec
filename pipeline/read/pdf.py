"""PDF → raw text with pages, line boxes and tables (pdfplumber), falling
back to OCR for pages without a usable text layer.

What raw_text is for a PDF: the page texts in order, joined by "\\n", each
page rebuilt from pdfplumber's text lines:

* a line that runs to the right margin and whose next line starts at the left
  margin was wrapped by the layout, not by the author: the two are joined
  (no "\\n"), so paragraphs come out whole, as in the source document;
* a vertical gap of more than a line's height becomes a blank line
  (paragraph break);
* a ruled table found by `page.find_tables()` is emitted in place (by its
  position on the page) as TAB-SEPARATED ROWS, one row a line, cells'
  inner line breaks joined. The text path already knows that form
  (pipeline/text/tables.py), so the normaliser's table finder, the segmenter and
  every extractor that reads table rows (payment schedules, SLA tables) see
  PDF tables exactly as they see a Word table pasted as text, and evidence
  offsets point into cell text. Putting them only in `doc.tables` instead
  would leave the page text with the cells' words interleaved in reading
  order and every text-reading extractor blind to the table.

Every line keeps its box (`Page.lines`: raw_text span + x0/top/x1/bottom in
PDF points), so evidence can be drawn on the page.

A page whose text layer is missing (scan), made of `(cid:N)` glyphs (font
without a ToUnicode map) or mojibake is OCR'd when the `[ocr]` extra is
installed (`Page.source = "ocr"`, `Page.confidence`); otherwise the reason is
reported: an IngestError when no page is usable, a `partial` document
listing the pages otherwise.

Speed (issue 16): pdfminer interprets content streams in Python. By default
each page's characters and ruling are read by pdfium instead
(pipeline/read/pdf_fast.py) and handed to pdfplumber as if pdfminer had read
them, so the text, tables and line boxes are the same; a page pdfium cannot
give exactly (rotated, vertical or unmapped text, text objects pdfium leaves
out, …: see pdf_fast) is read by pdfplumber itself, and so is every page
whose text is judged a scan or broken, so those rules run on pdfminer's
reading. `PdfText.plumber_pages` says which pages and why.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from hetong.models import Line, Page
from hetong.pipeline.read.extras import install_hint

_CID = re.compile(r"\(cid:\d+\)")
_ODD = re.compile(r"[\u0080-\u024f\ue000-\uf8ff\ufffd\x00-\x08\x0e-\x1f]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_TERMINAL = tuple("。；;！!？?：:")


class PdfError(ValueError):
    """The PDF cannot be read; the message says why (an IngestError upstream)."""


@dataclass
class PdfText:
    text: str
    pages: list[Page]
    problems: list[str] = field(default_factory=list)  # pages left without text, and why
    ocr_engine: str | None = None  # set when a page was OCR'd
    plumber_pages: dict[int, str] = field(default_factory=dict)  # fast reading: pages pdfminer read, and why


_CYCLE_GUARD_INSTALLED = False


def _guard_reference_cycles() -> None:
    """pdfminer follows a reference to a reference (`5 0 obj 6 0 R`) in a
    `while` loop: a cycle (5 → 6 → 5) never ends, and closing the document
    walks it again after a time limit fired. Resolving a chain ourselves, with
    the objects seen, turns a cycle into a syntax error. Installed once, on
    first use (not at import)."""
    global _CYCLE_GUARD_INSTALLED
    if _CYCLE_GUARD_INSTALLED:
        return
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.pdftypes import PDFObjRef

    original = PDFObjRef.resolve

    def resolve(self: PDFObjRef, default: object = None) -> object:
        found = original(self, default)
        seen = {self.objid}
        while isinstance(found, PDFObjRef):
            if found.objid in seen or len(seen) > 64:
                raise PDFSyntaxError(f"reference cycle through object {found.objid}")
            seen.add(found.objid)
            found = original(found, default)
        return found

    PDFObjRef.resolve = resolve  # type: ignore[method-assign]
    _CYCLE_GUARD_INSTALLED = True


def read_pdf(data: bytes, *, ocr: bool = True, limits: Any = None, fast: bool = True) -> PdfText:
    """Text, pages and line boxes of a PDF. `ocr`: OCR pages without a usable
    text layer when the [ocr] extra is installed. `fast`: pages read by
    pdfium where that gives pdfplumber's result (False: pdfplumber reads
    every page, the reference). Raises PdfError when the file is not a
    readable PDF or no page has usable text."""
    import pdfplumber

    from hetong.pipeline.read import ocr as ocr_mod

    _guard_reference_cycles()
    use_ocr = ocr and ocr_mod.available()
    parts: list[str] = []
    pages: list[Page] = []
    problems: list[str] = []
    plumber_pages: dict[int, str] = {}
    offset = 0
    engine = None
    document = None
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if fast:
                from hetong.pipeline.read import pdf_fast

                document = pdf_fast.open_document(data)
                why_not = _fast_whole_file(document, len(pdf.pages))
            for number, page in enumerate(pdf.pages, start=1):
                if limits is not None:  # the page tree's /Count can lie or be missing: count what is read
                    from hetong.pipeline.read.limits import check_page_content, check_pages

                    check_pages(number, limits)
                    check_page_content(page.page_obj, number)  # operators, before the page is interpreted
                if fast:
                    text, lines, why = _fast_page_text(page, document, why_not, offset)
                    if why is not None:
                        plumber_pages[number] = why
                else:
                    text, lines = _page_text(page, offset)
                source = "text_layer"
                confidence = None
                reason = broken_reason(text) or _scan_under_watermark(page, text)
                if reason is not None and use_ocr:
                    from hetong.pipeline.read.limits import extend_deadline, ocr_page_seconds

                    extend_deadline(ocr_page_seconds())
                    result = ocr_mod.ocr_pdf_page(data, number - 1, offset)
                    text, lines, confidence = result.text, result.lines, result.confidence
                    source, engine = "ocr", ocr_mod.version()
                    reason = None if text.strip() else "no text found by OCR"
                if reason is not None:
                    problems.append(f"page {number}: {reason}")
                    text, lines = "", []
                pages.append(
                    Page(
                        number=number, start=offset, end=offset + len(text),
                        width=float(page.width), height=float(page.height),
                        lines=lines, source=source if text else None, confidence=confidence,
                    )
                )
                parts.append(text)
                offset += len(text) + 1  # the "\n" joining pages
    except PdfError:
        raise
    except Exception as exc:  # pdfminer raises many types for corrupt files
        from hetong.pipeline.read.limits import LimitExceeded

        if isinstance(exc, LimitExceeded):
            raise
        raise PdfError(_unreadable(exc)) from exc
    finally:
        if document is not None:
            document.close()
    text = "\n".join(parts)
    if not text.strip():
        hint = "" if use_ocr or not ocr else f"; OCR is not installed ({install_hint('ocr')})"
        reasons = sorted({p.split(": ", 1)[1] for p in problems}) or ["no text"]
        raise PdfError(f"PDF has no usable text layer ({', '.join(reasons)}){hint}")
    if problems and ocr and not use_ocr:
        problems.append(f"OCR is not installed ({install_hint('ocr')})")
    return PdfText(text=text, pages=pages, problems=problems, ocr_engine=engine, plumber_pages=plumber_pages)


def _fast_whole_file(document: Any, page_count: int) -> str | None:
    """Why no page of this file can be read by pdfium, or None."""
    if document is None:
        return "pdfium cannot open the file"
    if len(document) != page_count:  # a lying /Count: pdfminer walks the page tree, pdfium may not
        return f"pdfium sees {len(document)} pages, pdfminer {page_count}"
    return None


def _fast_page_text(page: Any, document: Any, why_not: str | None, offset: int) -> tuple[str, list[Line], str | None]:
    """`_page_text` on pdfium's reading of the page where it gives
    pdfminer's result; else on pdfplumber's own. Returns the text, the line
    boxes and why pdfplumber read the page (None: pdfium did)."""
    from hetong.pipeline.read import pdf_fast

    why = why_not
    if why is None and page.rotation:
        why = "rotated page (/Rotate)"
    if why is None:
        try:
            objects = pdf_fast.page_objects(
                document, page.page_number - 1, float(page.height), page.page_number, page.initial_doctop
            )
        except Exception as exc:  # a pdfium or ctypes failure: pdfminer reads the page, and judges it
            objects = f"pdfium failed: {type(exc).__name__}: {exc}"
        if isinstance(objects, str):
            why = objects
        else:
            from pdfplumber.page import Page as PlumberPage

            fast_page = PlumberPage(page.pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)
            fast_page._objects = objects  # what `Page.objects` would parse with pdfminer
            fast_page._read_by_pdfium = True
            text, lines = _page_text(fast_page, offset)
            if pdf_fast.unsure(objects):  # a blank of unknown width beside ruling: as wide as it can be, too
                wide_page = PlumberPage(page.pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)
                wide_page._objects = pdf_fast.widest(objects)
                wide_page._read_by_pdfium = True
                if _page_text(wide_page, offset) != (text, lines):
                    why = "a blank whose width decides its table cell"
            if why is None and len("".join(text.split())) >= _WATERMARK_CHARS and broken_reason(text) is None:
                return text, lines, None
            why = why or "few or broken characters: judged on pdfminer's reading"
    text, lines = _page_text(page, offset)
    return text, lines, why


# A scanner app's stamp (扫描全能王 创建) is the only text some scans carry:
# a page with fewer characters than this over a page-sized image is a scan.
_WATERMARK_CHARS = 40


def _scan_under_watermark(page: object, text: str) -> str | None:
    """A reason to OCR a page whose few characters sit over a page image."""
    chars = len("".join(text.split()))
    if chars >= _WATERMARK_CHARS:
        return None
    try:
        area = float(page.width) * float(page.height)  # type: ignore[attr-defined]
        covered = max((abs((i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in page.images), default=0.0)  # type: ignore[attr-defined]
    except Exception:  # malformed image dictionaries: judge by the text alone
        return None
    if area > 0 and covered >= 0.5 * area:
        return f"only {chars} characters of text over a page image (a scan with a watermark?)"
    return None


def _unreadable(exc: Exception) -> str:
    """One line naming why pdfplumber/pdfminer could not read the file.
    pdfplumber wraps pdfminer's exception (PdfminerException(inner)) with an
    empty message: name the inner one."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return "encrypted PDF: password-protected, cannot be read without the password"
    detail = str(inner).strip()
    return f"unreadable PDF: {name}" + (f": {detail}" if detail else "")


def broken_reason(text: str) -> str | None:
    """Why a page's text layer is unusable, or None when it looks like text:
    no text (a scan), `(cid:N)` glyphs (font without a Unicode map), or
    mojibake (Latin-1/private-use characters where Chinese should be)."""
    chars = re.sub(r"\s", "", text)
    if not chars:
        return "no text layer (scanned image?)"
    cid_chars = sum(len(m) for m in _CID.findall(chars))
    if cid_chars > 0.2 * len(chars):
        return "broken text layer ((cid:…) glyphs: font without a Unicode map)"
    odd = len(_ODD.findall(chars))
    if odd > 0.2 * len(chars) and odd > len(_CJK.findall(chars)):
        return "broken text layer (mojibake)"
    return None


# -- one page ------------------------------------------------------------------------------


@dataclass
class _Item:
    top: float
    x0: float
    x1: float
    bottom: float
    text: str
    row: bool  # a table row (never joined to its neighbours)


def _reading(page: Any) -> float:
    """Share of a page's characters drawn left to right and upright as the
    page is shown (text matrix a > 0, no rotation term)."""
    chars = page.chars[:2000]
    if not chars:
        return 1.0
    ok = sum(1 for c in chars if c.get("matrix") and c["matrix"][0] > 0 and abs(c["matrix"][1]) < c["matrix"][0])
    return ok / len(chars)


def _unrotated(page: Any) -> Any:
    """A page whose /Rotate turns its upright text upside down or sideways
    (a /Rotate 180 set on a normal page reads backwards: 。助协…) is read as
    its text was drawn. A page whose text was drawn rotated for its /Rotate to
    set upright is left as it is: the better reading wins."""
    if not page.rotation or _reading(page) >= 0.5:
        return page
    from pdfplumber.page import Page as PlumberPage

    rotation = page.page_obj.rotate
    page.page_obj.rotate = 0
    plain = PlumberPage(page.pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)
    if _reading(plain) > _reading(page):
        return plain
    page.page_obj.rotate = rotation
    return page


def _page_text(page: Any, offset: int) -> tuple[str, list[Line]]:
    page = _unrotated(page)
    tables = page.find_tables() if (page.rects or page.lines or page.curves) else []
    boxes = [t.bbox for t in tables]
    items: list[_Item] = []
    for table in tables:
        for row, cells in zip(table.rows, table.extract(), strict=False):
            x0, top, x1, bottom = row.bbox
            items.append(_Item(top, x0, x1, bottom, "\t".join(_cell(c) for c in cells), True))
    body = page.filter(lambda obj: not _inside(obj, boxes)) if boxes else page
    if getattr(page, "_read_by_pdfium", False):  # upright characters only: the same lines, faster
        from hetong.pipeline.read.pdf_fast import text_lines

        found = text_lines(body.chars)
    else:
        found = body.extract_text_lines(strip=True, return_chars=False)
    for line in found:
        if line["text"].strip():
            items.append(_Item(line["top"], line["x0"], line["x1"], line["bottom"], line["text"], False))
    items.sort(key=lambda it: (round(it.top, 1), it.x0))
    return _layout(items, offset)


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
    cy = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _cell(value: str | None) -> str:
    if not value:
        return ""
    parts = [p.strip() for p in value.split("\n") if p.strip()]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        out += ("" if _CJK.match(part[0]) or _CJK.match(out[-1]) else " ") + part
    return out.replace("\t", " ")


def _layout(items: list[_Item], offset: int) -> tuple[str, list[Line]]:
    """Join the page's items into text: wrapped lines joined, paragraph gaps
    as blank lines, table rows one a line. Returns the text and line boxes."""
    if not items:
        return "", []
    text_items = [it for it in items if not it.row]
    heights = [it.bottom - it.top for it in items if it.bottom > it.top]
    line_height = statistics.median(heights) if heights else 12.0
    left = min((it.x0 for it in text_items), default=0.0)
    right = max((it.x1 for it in text_items), default=0.0)
    out = ""
    lines: list[Line] = []
    prev: _Item | None = None
    for it in items:
        if prev is not None:
            gap = it.top - prev.bottom
            if _wrapped(prev, it, left, right, line_height):
                if not (_CJK.match(it.text[0]) or _CJK.match(prev.text[-1])):
                    out += " "
            else:
                out += "\n\n" if gap > line_height else "\n"
        start = offset + len(out)
        out += it.text
        lines.append(Line(start=start, end=offset + len(out), x0=it.x0, top=it.top, x1=it.x1, bottom=it.bottom))
        prev = it
    return out, lines


def _wrapped(prev: _Item, nxt: _Item, left: float, right: float, line_height: float) -> bool:
    """Was the line break between `prev` and `nxt` made by the layout?"""
    if prev.row or nxt.row or not prev.text or not nxt.text:
        return False
    char = line_height  # a CJK glyph is about as wide as the line is high
    return (
        prev.x1 >= right - 1.5 * char  # prev runs to the right margin
        and nxt.x0 <= left + 0.5 * char  # nxt starts at the left margin (not indented)
        and 0 <= nxt.top - prev.bottom < line_height  # the very next line
        and not prev.text.endswith(_TERMINAL)
    )
