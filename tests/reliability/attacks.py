"""The attack files of issue 17, generated at test time (nothing committed).

Each one is small on disk and was, before the fixes, enough to kill or stall
a whole import: a 2 KB PDF declaring a 200-inch page (9.5 GB to render), a
40 KB DOCX with `gridSpan="2000000000"`, a DOCX of 10 M empty paragraphs, a
page of 2 M text operators, a 505-byte PDF whose `/Length` is a reference
cycle, DOCX without `w:body` / in the Strict namespace / with a non-numeric
`gridSpan`, a FIFO named `*.txt`, DOCX content Word shows but a naive reader
drops (tracked insertions, nested tables, `w:fldSimple`, `w:smartTag`), a
page whose `/Count` lies, a text page flagged `/Rotate 180`, texts with ANSI
escapes, a NUL byte or three bad GB18030 bytes, 40,000 spaces after a date
(the quadratic `_RANGE` regex).

`ATTACKS` lists them with what an import must make of each (status, a word
of the stored error, a text the stored raw text must contain);
`write_attacks(folder)` writes them beside `GOOD`, contracts that must be
stored `ok` whatever sits next to them.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.reliability import hostile

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# -- PDF ------------------------------------------------------------------------------------


def pdf_file(objects: Sequence[bytes], streams: dict[int, bytes] | None = None, compress: bool = True) -> bytes:
    """A PDF of `objects` (object i+1 = objects[i]; object 1 the catalog).
    `streams`: object number -> content, written as a (Flate) stream whose
    dictionary is the object's text."""
    streams = streams or {}
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        if number in streams:
            data = zlib.compress(streams[number], 9) if compress else streams[number]
            flate = b" /Filter /FlateDecode" if compress else b""
            body = b"<< %s /Length %d%s >>\nstream\n%s\nendstream" % (body, len(data), flate, data)
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _one_page(media_box: bytes, content: bytes, extra: bytes = b"") -> bytes:
    """One page in the CJK font of hostile.make_pdf (Adobe-GB1, no embedding)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R%s >>"
        % (media_box, extra),
        b"",  # the content stream
        hostile._TYPE0.replace(b"[4 0 R]", b"[6 0 R]"),
        (hostile._CIDFONT % (b"Adobe".hex().encode(), b"GB1".hex().encode())).replace(b"5 0 R", b"7 0 R"),
        hostile._DESCRIPTOR,
    ]
    return pdf_file(objects, {4: content})


def _utf16(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().upper().encode() + b">"


def huge_page_pdf() -> bytes:
    """A 200 × 200-inch page with no text layer: OCR would render it at
    150 dpi, 30,000 × 30,000 pixels (2.7 GB RGB) without the pixel cap."""
    return _one_page(b"[0 0 14400 14400]", b"0 0 1 rg 0 0 100 100 re f")


def text_operators_pdf(n: int = 2_000_000) -> bytes:
    """One page drawing `n` characters with `n` text operators (a 30 KB file:
    the stream compresses 1000:1). pdfminer makes a Python object of each, a
    gigabyte and minutes of CPU."""
    return _one_page(b"[0 0 595 842]", b"BT /F1 1 Tf 10 10 Td " + b"<4E00> Tj " * n + b"ET")


def cycle_length_pdf() -> bytes:
    """One page whose content stream's /Length is 5 0 R, and 5 -> 6 -> 5 (505 bytes)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length 5 0 R >>\nstream\nBT ET\nendstream",
        b"6 0 R",
        b"5 0 R",
    ]
    return pdf_file(objects)


def _contract_lines() -> list[str]:
    return hostile.CONTRACT.read_text(encoding="utf-8").splitlines()


def lying_count_pdf() -> bytes:
    """A 3-page contract whose page tree says /Count 1 (read as 3 pages, under the limit)."""
    pages = hostile.contract_pages("\n".join(_contract_lines()), lines_per_page=45)
    data = hostile.make_pdf(pages)
    return data.replace(b"/Count %d" % len(pages), b"/Count 1", 1)


def rotated_text_pdf() -> bytes:
    """The contract drawn upright on pages flagged /Rotate 180 (a viewer shows
    them upside down; the text must not be read backwards)."""
    return hostile.make_pdf(hostile.contract_pages("\n".join(_contract_lines()))).replace(
        b"/Type /Page /Parent", b"/Type /Page /Rotate 180 /Parent")


# -- DOCX -----------------------------------------------------------------------------------


def _docx_with_body(body_xml: bytes, namespace: str = W_NS, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A .docx (python-docx's template) whose word/document.xml is replaced."""
    template = hostile.make_docx(["x"])
    document = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="%s">%s</w:document>'
                % (namespace.encode(), body_xml))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as src, zipfile.ZipFile(out, "w", compress) as dst:
        for item in src.infolist():
            data = document if item.filename == "word/document.xml" else src.read(item.filename)
            dst.writestr(item.filename, data)
    return out.getvalue()


def _p(text: str) -> bytes:
    return b'<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % text.encode("utf-8")


def _contract_body(lines: Sequence[str] | None = None) -> bytes:
    return b"".join(_p(line) for line in (lines or _contract_lines()) if line.strip())


def grid_span_docx(value: str = "2000000000") -> bytes:
    """The contract, then a table whose first cell spans `value` columns."""
    table = (b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="%s"/></w:tcPr>%s</w:tc><w:tc>%s</w:tc></w:tr></w:tbl>'
             % (value.encode(), _p("合计"), _p("616000")))
    return _docx_with_body(b"<w:body>" + _contract_body() + table + b"</w:body>")


def empty_paragraphs_docx(n: int = 10_000_000) -> bytes:
    """The contract followed by `n` empty paragraphs (60 MB of XML, a 60 KB file)."""
    return _docx_with_body(b"<w:body>" + _contract_body() + b"<w:p/>" * n + b"</w:body>")


def no_body_docx() -> bytes:
    return _docx_with_body(b"")


def strict_docx() -> bytes:
    """The contract in ISO 29500 Strict's namespace (Word's "Strict Open XML Document")."""
    return _docx_with_body(b"<w:body>" + _contract_body() + b"</w:body>",
                           namespace="http://purl.oclc.org/ooxml/wordprocessingml/main")


HIDDEN = {  # what each DOCX construct holds that the reader must keep
    "insertion": "乙方另行提供三年免费质保服务",
    "nested": "嵌套表格内的验收标准",
    "field": "合同编号HT2025088",
    "smart_tag": "二〇二五年六月六日",
}


def hidden_content_docx() -> bytes:
    """The contract plus a tracked insertion, a table nested in a table, a
    simple field's result and a smart tag: each once silently dropped."""
    ins = (b'<w:p><w:ins w:id="1" w:author="x" w:date="2025-01-01T00:00:00Z"><w:r><w:t>%s</w:t></w:r></w:ins></w:p>'
           % HIDDEN["insertion"].encode())
    nested = (b"<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc>%s</w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>"
              % _p(HIDDEN["nested"]))
    field = (b'<w:p><w:fldSimple w:instr=" DOCPROPERTY No "><w:r><w:t>%s</w:t></w:r></w:fldSimple></w:p>'
             % HIDDEN["field"].encode())
    tag = (b'<w:p><w:smartTag w:uri="urn:x" w:element="date"><w:r><w:t>%s</w:t></w:r></w:smartTag></w:p>'
           % HIDDEN["smart_tag"].encode())
    return _docx_with_body(b"<w:body>" + _contract_body() + ins + nested + field + tag + b"</w:body>")


# -- text -----------------------------------------------------------------------------------


def _contract_text() -> str:
    return hostile.CONTRACT.read_text(encoding="utf-8")


def ansi_text() -> bytes:
    lines = _contract_text().splitlines()
    return "\n".join(f"\x1b[1;3{i % 8}m{line}\x1b[0m" for i, line in enumerate(lines)).encode("utf-8")


def nul_text() -> bytes:
    return _contract_text().replace("甲方", "甲\x00方", 1).encode("utf-8")


def bad_gb18030_text() -> bytes:
    data = _contract_text().encode("gb18030")
    return data[:300] + b"\x81\x30\xff" + data[300:]


def spaces_after_date_text() -> bytes:
    """The contract, then a date followed by 40,000 spaces (9.5 s in one regex match before the fix)."""
    return (_contract_text() + "\n服务期自2024年1月1日" + " " * 40_000 + "起\n").encode("utf-8")


# -- the list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attack:
    name: str
    filename: str
    make: Callable[[], bytes] | None  # None: a special file (see `write_attacks`)
    status: str  # stored status(es) joined by "|", or "unreadable" (no documents row)
    error: str | None = None  # a phrase the error must contain
    contains: tuple[str, ...] = ()  # texts the stored raw text must contain
    item: int = 0  # the numbered finding of issue 17 it reproduces


ATTACKS: list[Attack] = [
    Attack("huge_page_pdf", "a_huge_page.pdf", huge_page_pdf, "failed", "no usable text layer", item=4),
    Attack("text_operators_pdf", "a_2m_operators.pdf", text_operators_pdf, "failed", "too many text operators on page 1", item=4),
    Attack("grid_span_docx", "a_grid_span.docx", grid_span_docx, "ok", contains=("合计\t616000",), item=4),
    Attack("empty_paragraphs_docx", "a_empty_paragraphs.docx", empty_paragraphs_docx, "failed",
           "too many paragraphs in the DOCX body", item=4),
    Attack("no_body_docx", "a_no_body.docx", no_body_docx, "failed", "no w:body", item=6),
    Attack("strict_docx", "a_strict.docx", strict_docx, "ok", contains=("甲方",), item=6),
    Attack("non_numeric_grid_span_docx", "a_grid_span_x.docx", lambda: grid_span_docx("two"), "ok",
           contains=("合计\t616000",), item=6),
    Attack("hidden_content_docx", "a_hidden_content.docx", hidden_content_docx, "ok",
           contains=tuple(HIDDEN.values()), item=2),
    Attack("cycle_length_pdf", "a_cycle.pdf", cycle_length_pdf, "failed", "PDF has no usable text layer", item=7),
    Attack("fifo_txt", "a_fifo.txt", None, "unreadable", "not a regular file (a FIFO)", item=7),
    Attack("spaces_after_date", "a_spaces.txt", spaces_after_date_text, "ok", item=8),
    Attack("lying_count_pdf", "a_lying_count.pdf", lying_count_pdf, "ok", contains=("甲方",), item=9),
    Attack("rotate_180_pdf", "a_rotated.pdf", rotated_text_pdf, "ok", contains=("甲方",), item=9),
    Attack("ansi_text", "a_ansi.txt", ansi_text, "ok", item=9),
    Attack("nul_text", "a_nul.txt", nul_text, "ok", item=9),
    Attack("bad_gb18030_text", "a_bad_gb18030.txt", bad_gb18030_text, "ok", item=9),
]

GOOD = sorted(SAMPLES.glob("*.txt"))  # five contracts that must be stored ok beside the attacks


def write_attacks(folder: Path, attacks: Sequence[Attack] = ATTACKS) -> dict[str, Path]:
    """Write each attack into `folder` and the GOOD contracts into `folder/good`."""
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for attack in attacks:
        path = folder / attack.filename
        if attack.make is None:
            os.mkfifo(path)
        else:
            path.write_bytes(attack.make())
        written[attack.name] = path
    (folder / "good").mkdir(exist_ok=True)
    for sample in GOOD:
        (folder / "good" / sample.name).write_bytes(sample.read_bytes())
    return written
