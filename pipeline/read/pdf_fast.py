"""A PDF page's characters and ruling read by pdfium (pypdfium2), in the
form pdfplumber reads them from pdfminer, so that pdfplumber's own layout and
table logic (and `hetong.pipeline.read.pdf._page_text`) run on them unchanged.

pdfminer interprets a page's content stream in Python (10-25 pages/s);
pdfium does it in C. What pdfplumber needs from a page is plain data:

* chars: text, x0/x1 (origin and advance), top/bottom (pdfminer's box: the
  font's descriptor descent, one font size high), upright;
* rects, lines and curves: the painted paths, split into subpaths and
  classified as pdfminer does (`PDFLayoutAnalyzer.paint_path`).

`page_objects` builds them, or names the reason pdfium cannot give exactly
what pdfminer would, and pdf.py reads that page with pdfplumber instead:

* a page with /Rotate (pdf.py's `_unrotated` chooses between two readings);
* text drawn rotated, mirrored, skewed or vertically (pdfminer's boxes and
  pdfplumber's reading directions differ from the upright case);
* a text object pdfium's text page leaves out (an object repeating the one
  before it: fake bold) whose glyphs have outlines: its characters are
  unknown here, and pdfminer keeps them. An object it leaves out whose glyphs
  have none (its box has no height: spaces, Word's blank runs) is read here
  as one blank character at its origin (`_blank`): a blank only ends the word
  before it, whatever its width or count, so it is placed where pdfminer puts
  its first one, unless other characters fall inside the run. Where ruling
  lies within a character's width and a tolerance of it, the table cell it
  falls in could depend on its width: pdf.py then lays the page out with the
  blank as narrow and as wide as it can be (`unsure`, `widest`) and lets
  pdfplumber read the page unless both give the same;
* a character without a Unicode mapping, a private-use or NUL character, a
  soft hyphen pdfium rewrote, or replaced by marked content (/ActualText):
  pdfminer decodes these its own way;
* Type 3 fonts and fonts pdfminer measures from its built-in AFM tables
  (Helvetica, Arial, …) rather than from the PDF's own widths, and a
  character whose width (the font's, looked up by pdfium) does not fit
  pdfium's own box for it;
* more than `MAX_CHARS` characters (a limit on work, as pdfminer has none).

pdfium is only asked for text pages and page objects; no rendering.
"""

from __future__ import annotations

import ctypes
from itertools import groupby
from operator import itemgetter
from typing import Any

MAX_CHARS = 200_000

_Objects = dict[str, list[dict[str, Any]]]
_FONTS: dict[int, tuple[float, str | None]] = {}  # font handle address → (descent per point, reason or None)


def open_document(data: bytes) -> Any:
    """A pypdfium2 document, or None when pdfium cannot open the bytes
    (pdf.py then lets pdfplumber read it and name the problem)."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except Exception:  # PdfiumError: format, password, …
        return None


def page_objects(document: Any, index: int, height: float, page_number: int, doctop: float) -> _Objects | str:
    """The chars, rects, lines and curves of page `index` as pdfplumber's
    `Page.objects` would hold them, or the reason to let pdfplumber read the
    page. `height` is pdfplumber's page height (its MediaBox), `doctop` the
    page's `initial_doctop`."""
    A = _api()
    page = A.FPDF_LoadPage(ctypes.cast(document.raw, ctypes.c_void_p).value, index)
    if not page:
        return "pdfium cannot load the page"
    textpage = None
    try:
        _FONTS.clear()  # font handles are per document: never reuse another's
        text_objects: set[int] = set()
        paths: list[dict[str, Any]] = []
        reason = _walk(A, page, None, height, page_number, doctop, text_objects, paths)
        if reason:
            return reason
        textpage = A.FPDFText_LoadPage(page)
        if not textpage:
            return "pdfium cannot read the page's text"
        runs: set[int] = set()
        chars = _chars(A, textpage, height, page_number, doctop, text_objects, runs)
        if isinstance(chars, str):
            return chars
        if text_objects or runs:  # see the module doc
            inked: dict[int, list[float]] = {}  # x0 of the characters other than blanks, by whole point of top
            for ch in chars:
                if not ch["text"].isspace():
                    inked.setdefault(int(ch["top"]), []).append(ch["x0"])
            blanks = []
            for obj in (*text_objects, *runs):
                blank = _blank(A, obj, height, page_number, doctop, inked, paths)
                if isinstance(blank, str):
                    return blank
                if obj in text_objects:
                    blanks.append(blank)
            chars.extend(blanks)
        objects: _Objects = {"char": chars}
        for obj in paths:
            objects.setdefault(obj["object_type"], []).append(obj)
        return objects
    finally:
        if textpage:
            A.FPDFText_ClosePage(textpage)
        A.FPDF_ClosePage(page)


def _snap(value: float) -> float:
    """pdfium computes in single precision, pdfminer in double. A gap of
    exactly 3 pt (Word's space between Chinese and Latin text at 12 pt) is
    pdfplumber's x_tolerance itself, and float noise (pdfium's is up to
    ~2e-4 pt) would decide whether a word is split there. Positions rounded
    to 1e-3 pt come out as the decimals the PDF wrote, so ties compare equal
    here as they do in pdfminer's doubles."""
    return round(value, 3)


# -- pdfium, bound for speed -----------------------------------------------------------------------

_API: Any = None


def _api() -> Any:
    """pypdfium2's raw bindings, rebound so that pdfium's opaque handles
    travel as plain ints (no pointer objects, casts or type checks per call:
    a page of 1,000 characters makes ~5,000 calls). Built on first use."""
    global _API
    if _API is None:
        import types

        import pypdfium2.raw as R

        def plain(t: Any) -> Any:
            name = getattr(getattr(t, "_type_", None), "__name__", "")
            return ctypes.c_void_p if name.startswith("struct_fpdf_") else t

        bound = {}
        for name in dir(R):
            function = getattr(R, name)
            if name.startswith("FPDF") and callable(function) and hasattr(function, "argtypes"):
                prototype = ctypes.CFUNCTYPE(plain(function.restype), *map(plain, function.argtypes or ()))
                bound[name] = prototype(ctypes.cast(function, ctypes.c_void_p).value)
            elif name.startswith(("FPDF_", "FS_")) and not callable(function):
                bound[name] = function
        bound.update(FS_RECTF=R.FS_RECTF, FS_MATRIX=R.FS_MATRIX)
        _API = types.SimpleNamespace(**bound)
    return _API


# -- characters -------------------------------------------------------------------------------


def _chars(A: Any, textpage: int, height: float, page_number: int, doctop: float, text_objects: set[int],
           runs: set[int]) -> list[dict[str, Any]] | str:
    """The page's characters, or the reason to let pdfplumber read it. Leaves
    in `text_objects` the objects pdfium's text page leaves out, and puts in
    `runs` those of which it gives only blanks (it may give one for a run of
    several)."""
    count = A.FPDFText_CountChars(textpage)
    if count > MAX_CHARS:
        return f"more than {MAX_CHARS} characters"
    origin_x, origin_y, width = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
    box = A.FS_RECTF()
    matrix = A.FS_MATRIX()
    x_ref, y_ref, box_ref, matrix_ref = ctypes.byref(origin_x), ctypes.byref(origin_y), ctypes.byref(box), ctypes.byref(matrix)
    unicode, generated, map_error = A.FPDFText_GetUnicode, A.FPDFText_IsGenerated, A.FPDFText_HasUnicodeMapError
    text_object, char_origin, loose_box = A.FPDFText_GetTextObject, A.FPDFText_GetCharOrigin, A.FPDFText_GetLooseCharBox
    one = ctypes.c_float(1.0)
    widths: dict[tuple[int, int], float] = {}
    seen: set[int] = set()
    inked: set[int] = set()
    chars: list[dict[str, Any]] = []
    append = chars.append
    current = font = None
    a = b = c = d = size = scale = baseline = descent = 0.0
    for i in range(count):
        code = unicode(textpage, i)
        if code in _BLANKS:
            if generated(textpage, i):
                continue  # pdfium's own word and line breaks: pdfplumber makes its own
        elif code < 0x20 or code in _UNMAPPED or 0xE000 <= code <= 0xF8FF:
            return f"character U+{code:04X} (unmapped, private use, or a hyphen pdfium rewrote)"
        if map_error(textpage, i):
            return "a character without a Unicode mapping"
        obj = text_object(textpage, i)
        if code not in _BLANKS:
            inked.add(obj)
        char_origin(textpage, i, x_ref, y_ref)
        if obj != current:
            current = obj
            seen.add(obj)
            A.FPDFText_GetMatrix(textpage, i, matrix_ref)
            a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
            if b != 0 or c != 0 or a <= 0 or d <= 0:
                return "text drawn rotated, mirrored or skewed"
            font = A.FPDFTextObj_GetFont(obj)
            per_point, why = _font(A, font)
            if why:
                return why
            font_size = A.FPDFText_GetFontSize(textpage, i)
            size, scale = font_size * d, font_size * a
            descent = per_point * size
            baseline = origin_y.value
        elif abs(origin_y.value - baseline) > 0.01:
            return "vertical text (or a baseline moving inside one text object)"
        key = (font, code)
        advance = widths.get(key)
        if advance is None:  # pdfminer's advance: the font's width of the character, scaled (Tz included)
            if not A.FPDFFont_GetGlyphWidth(font, code, one, ctypes.byref(width)):
                return f"no width for U+{code:04X}"
            widths[key] = advance = width.value
        x0 = origin_x.value
        x1 = x0 + advance * scale
        loose_box(textpage, i, box_ref)  # pdfium's advance box, widened by the glyph's own outline
        if box.right < x1 - 0.01 or (box.right > x1 + 0.01 and not _overhangs(A, textpage, i, box.right)):
            return "a character width pdfium and pdfminer disagree on"
        y0 = origin_y.value + descent
        top, bottom = round(height - (y0 + size), 3), round(height - y0, 3)
        x0, x1 = round(x0, 3), round(x1, 3)
        append({
            "object_type": "char", "page_number": page_number, "text": chr(code),
            "x0": x0, "x1": x1, "y0": height - bottom, "y1": height - top, "top": top, "bottom": bottom,
            "doctop": doctop + top, "width": x1 - x0, "height": bottom - top, "size": size, "upright": True,
            "matrix": (a, b, c, d, x0, origin_y.value),
        })
    text_objects -= seen
    runs.update(seen - inked)
    return chars


_LEFT_OUT = "a text object pdfium leaves out (zero-width or repeating the one before)"
_TOLERANCE = 3.0  # pdfplumber's x/y, snap and join tolerances
_SLACK = 1.0  # pdfminer may place the first blank a little right of the object's origin (seen: 0.017 pt)


def _blank(A: Any, obj: int, height: float, page_number: int, doctop: float,
           inked: dict[int, list[float]], paths: list[dict[str, Any]]) -> dict[str, Any] | str:
    """The first character pdfminer reads from a text object that draws only
    blanks, in the form `_chars` gives (see the module doc); or the reason to
    let pdfplumber read the page: the object has glyphs with outlines, or a
    character other than a blank (`inked`) or ruling lies where the run's
    blanks would decide how it is read."""
    left, bottom, right, top_ = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not A.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top_)):
        return _LEFT_OUT
    if abs(top_.value - bottom.value) > 0.001:
        return _LEFT_OUT  # glyphs with outlines: characters pdfium did not give
    matrix = A.FS_MATRIX()
    A.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    if b != 0 or c != 0 or a <= 0 or d <= 0:
        return "text drawn rotated, mirrored or skewed"
    font = A.FPDFTextObj_GetFont(obj)
    per_point, why = _font(A, font)
    if why:
        return why
    font_size = ctypes.c_float()
    if not A.FPDFTextObj_GetFontSize(obj, ctypes.byref(font_size)):
        return _LEFT_OUT
    size = font_size.value * d
    x0 = round(e, 3)  # the object's origin (its box is single precision); see _SLACK
    y0 = f + per_point * size
    top, bottom_ = round(height - (y0 + size), 3), round(height - y0, 3)
    end = max(x0, round(right.value, 3))
    for line in range(int(top - _TOLERANCE) - 1, int(top + _TOLERANCE) + 2):  # a character within the run, or a
        if any(x0 - _SLACK <= x <= end + _SLACK for x in inked.get(line, ())):  # point of it: pdfminer's blanks might
            return _LEFT_OUT  # split or order it otherwise
    # pdfplumber puts a character in a table cell by its middle, at most half
    # an em right of x0 here; cells are bounded by vertical edges, snapped
    # and joined within the tolerance
    lo, hi = x0 - _TOLERANCE, end + size / 2 + _TOLERANCE
    near = False
    for path in paths:
        if path["top"] > bottom_ + _TOLERANCE or path["bottom"] < top - _TOLERANCE:
            continue
        if path["object_type"] == "rect":
            near = lo <= path["x0"] <= hi or lo <= path["x1"] <= hi
        elif path["object_type"] == "line" and path["top"] == path["bottom"]:
            near = False  # a horizontal rule has no vertical edge
        else:  # a vertical or slanted line, a curve: anywhere across its width
            near = path["x0"] <= hi and path["x1"] >= lo
        if near:
            break
    blank = {
        "object_type": "char", "page_number": page_number, "text": " ",
        "x0": x0, "x1": x0, "y0": height - bottom_, "y1": height - top, "top": top, "bottom": bottom_,
        "doctop": doctop + top, "width": 0.0, "height": bottom_ - top, "size": size, "upright": True,
        "matrix": (a, b, c, d, x0, f),
    }
    if near:  # its width may decide its cell: pdf.py reads the page with it as narrow and as wide as can be
        blank[UNSURE] = end - x0 + size
    return blank


UNSURE = "hetong_unsure_width"  # key of a blank whose width is unknown beside ruling: its widest


def unsure(objects: _Objects) -> bool:
    """Does the page hold a blank whose width could decide its table cell?"""
    return any(UNSURE in char for char in objects.get("char", ()))


def widest(objects: _Objects) -> _Objects:
    """`objects` with every unsure blank as wide as it can be."""
    chars = [{**c, "x1": c["x0"] + c[UNSURE], "width": c[UNSURE]} if UNSURE in c else c for c in objects["char"]]
    return {**objects, "char": chars}


def _overhangs(A: Any, textpage: int, i: int, right: float) -> bool:
    """Is the loose box wider than the advance because of the glyph's outline?"""
    left, rgt, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    A.FPDFText_GetCharBox(textpage, i, ctypes.byref(left), ctypes.byref(rgt), ctypes.byref(bottom), ctypes.byref(top))
    return abs(rgt.value - right) <= 0.01


_BLANKS = frozenset((0x20, 0x0D, 0x0A, 0x09, 0x3000))
_UNMAPPED = frozenset((0xFFFE, 0xFFFF, 0xFFFD))


def _font(A: Any, font: int) -> tuple[float, str | None]:
    """Descent below the baseline per point of size, as pdfminer takes it
    (the descriptor's /Descent, always negative), and a reason pdfminer would
    measure this font otherwise, if any."""
    if font in _FONTS:
        return _FONTS[font]
    from pdfminer.fontmetrics import FONT_METRICS

    why = None
    size = A.FPDFFont_GetBaseFontName(font, None, 0)
    name = ""
    if size > 0:
        buffer = ctypes.create_string_buffer(size)
        A.FPDFFont_GetBaseFontName(font, buffer, size)
        name = buffer.value.decode("latin-1", "replace")
    if name in FONT_METRICS:
        why = f"font {name}: pdfminer measures it from its AFM table"
    data_size = ctypes.c_ulong()
    if A.FPDFFont_GetIsEmbedded(font) and A.FPDFFont_GetFontData(font, None, 0, ctypes.byref(data_size)) and data_size.value == 0:
        why = f"Type 3 font {name!r}"
    descent = ctypes.c_float()
    if not A.FPDFFont_GetDescent(font, ctypes.c_float(1.0), ctypes.byref(descent)):
        why = why or f"font {name!r} without metrics"
    _FONTS[font] = (-abs(descent.value), why)
    return _FONTS[font]


# -- page objects: text objects seen, painted paths ------------------------------------------------


def _walk(A: Any, page: int, form: int | None, height: float, page_number: int, doctop: float,
          text_objects: set[int], paths: list[dict[str, Any]], outer: tuple[float, ...] | None = None) -> str | None:
    """Collect the page's text objects and paths (inside forms too, with the
    forms' matrices applied); a reason for pdfplumber, or None."""
    count = A.FPDFFormObj_CountObjects(form) if form is not None else A.FPDFPage_CountObjects(page)
    matrix = A.FS_MATRIX()
    for i in range(count):
        obj = A.FPDFFormObj_GetObject(form, i) if form is not None else A.FPDFPage_GetObject(page, i)
        kind = A.FPDFPageObj_GetType(obj)
        if kind == A.FPDF_PAGEOBJ_TEXT:
            text_objects.add(obj)
            if A.FPDFPageObj_CountMarks(obj) and _actual_text(A, obj):
                return "marked content with /ActualText"
        elif kind in (A.FPDF_PAGEOBJ_PATH, A.FPDF_PAGEOBJ_FORM):
            A.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
            m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            if outer is not None:
                m = _multiply(m, outer)
            if kind == A.FPDF_PAGEOBJ_FORM:
                reason = _walk(A, page, obj, height, page_number, doctop, text_objects, paths, m)
                if reason:
                    return reason
            else:
                paths.extend(_path_objects(A, obj, m, height, page_number, doctop))
    return None


def _actual_text(A: Any, obj: int) -> bool:
    for i in range(A.FPDFPageObj_CountMarks(obj)):
        mark = A.FPDFPageObj_GetMark(obj, i)
        if mark and A.FPDFPageObjMark_GetParamValueType(mark, b"ActualText") != A.FPDF_OBJECT_UNKNOWN:
            return True
    return False


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m then n (PDF matrix order, as pdfminer's mult_matrix)."""
    a, b, c, d, e, f = m
    a1, b1, c1, d1, e1, f1 = n
    return (a * a1 + b * c1, a * b1 + b * d1, c * a1 + d * c1, c * b1 + d * d1,
            e * a1 + f * c1 + e1, e * b1 + f * d1 + f1)


def _path_objects(A: Any, obj: int, m: tuple[float, ...], height: float, page_number: int, doctop: float) -> list[dict[str, Any]]:
    """The path's subpaths as pdfminer's LTLine/LTRect/LTCurve, in pdfplumber's form."""
    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    ops: list[tuple[str, tuple[float, float]]] = []
    pending = 0  # Bézier points seen of the current curve (pdfium gives 3 per curve)
    for i in range(A.FPDFPath_CountSegments(obj)):
        segment = A.FPDFPath_GetPathSegment(obj, i)
        A.FPDFPathSegment_GetPoint(segment, x_ref, y_ref)
        point = (_snap(a * x.value + c * y.value + e), _snap(b * x.value + d * y.value + f))
        kind = A.FPDFPathSegment_GetType(segment)
        if kind == A.FPDF_SEGMENT_MOVETO:
            ops.append(("m", point))
            pending = 0
        elif kind == A.FPDF_SEGMENT_BEZIERTO:
            pending += 1
            if pending < 3:
                continue
            ops.append(("c", point))
            pending = 0
        else:
            ops.append(("l", point))
        if A.FPDFPathSegment_GetClose(segment):
            start = next((p for op, p in reversed(ops) if op == "m"), ops[0][1])
            ops.append(("h", start))
    out = []
    start = 0
    for i in range(1, len(ops) + 1):
        if i == len(ops) or ops[i][0] == "m":
            made = _classify(ops[start:i], height, page_number, doctop)
            if made is not None:
                out.append(made)
            start = i
    return out


def _classify(path: list[tuple[str, tuple[float, float]]], height: float, page_number: int, doctop: float) -> dict[str, Any] | None:
    """pdfminer's `paint_path` for one subpath (pdfminer 20260107)."""
    shape = "".join(op for op, _ in path)
    if shape[:1] != "m" or len(shape) < 2:
        return None  # pdfminer: a lone moveto makes an (empty) curve; pdfplumber never sees it on a table
    pts = [p for _, p in path]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    kind = "curve"
    if shape in ("mlh", "ml"):
        kind, box_pts = "line", pts[:2]
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            kind, box_pts = "rect", [pts[0], pts[2]]
    if kind == "curve":
        box_pts = pts
    elif kind == "line":
        pts = pts[:2]
    xs = [p[0] for p in box_pts]
    ys = [p[1] for p in box_pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top = _snap(height - y1)
    return {
        "object_type": kind, "page_number": page_number,
        "x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": top, "bottom": _snap(height - y0),
        "doctop": doctop + top, "width": x1 - x0, "height": y1 - y0,
        "pts": [(px, _snap(height - py)) for px, py in pts],
    }


# -- text lines -----------------------------------------------------------------------------------


def text_lines(chars: list[dict[str, Any]], tolerance: float = 3) -> list[dict[str, Any]]:
    """`chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=False)`
    of pdfplumber 0.11 with its defaults, for upright characters, without its
    per-character tuples and regex: the same lines (text and box), three to
    four times faster. tests/pipeline/read/test_pdf_fast.py holds it to
    pdfplumber's result on every fixture page."""
    from pdfplumber.utils.text import LIGATURES

    if not chars:
        return []
    line_of = _cluster_ids([c["top"] for c in chars], tolerance)
    words: list[tuple[str, float, float, float, float]] = []  # text, x0, top, x1, bottom
    for _, group in groupby(sorted(chars, key=lambda c: line_of[c["top"]]), key=lambda c: line_of[c["top"]]):
        word: list[dict[str, Any]] = []
        for char in sorted(group, key=itemgetter("x0")):
            if char["text"].isspace():
                if word:
                    words.append(_word(word, LIGATURES))
                word = []
            elif word and (
                char["x0"] < word[-1]["x0"] or char["x0"] > word[-1]["x1"] + tolerance
                or abs(char["top"] - word[-1]["top"]) > tolerance
            ):
                words.append(_word(word, LIGATURES))
                word = [char]
            else:
                word.append(char)
        if word:
            words.append(_word(word, LIGATURES))
    row_of = _cluster_ids([w[2] for w in words], tolerance)
    lines = []
    for _, row in groupby(words, key=lambda w: row_of[w[2]]):
        row = list(row)
        lines.append({
            "text": " ".join(w[0] for w in row), "x0": min(w[1] for w in row), "top": min(w[2] for w in row),
            "x1": max(w[3] for w in row), "bottom": max(w[4] for w in row),
        })
    return lines


def _word(chars: list[dict[str, Any]], ligatures: dict[str, str]) -> tuple[str, float, float, float, float]:
    return (
        "".join(ligatures.get(c["text"], c["text"]) for c in chars),
        min(c["x0"] for c in chars), min(c["top"] for c in chars),
        max(c["x1"] for c in chars), max(c["bottom"] for c in chars),
    )


def _cluster_ids(values: list[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's `make_cluster_dict`: sorted distinct values, a new
    cluster wherever the step from the previous value exceeds `tolerance`."""
    ids: dict[float, int] = {}
    cluster, last = 0, None
    for value in sorted(set(values)):
        if last is not None and not value <= last + tolerance:
            cluster += 1
        ids[value] = cluster
        last = value
    return ids
