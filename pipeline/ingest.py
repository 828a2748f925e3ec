"""Load a file's bytes into a Document: detect the media type and the text
encoding, extract PDF text page by page, hash the content.

Bad input raises IngestError with a one-line reason a person can act on; the
orchestrator turns it into a `failed` Document so the batch goes on.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import PurePath

from models import Document, Page

TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown"}
# Encodings tried strictly, in order, after BOM sniffing. GB18030 is a superset
# of GBK and GB2312; Big5 covers traditional-Chinese archives.
_FALLBACK_ENCODINGS = ("utf-8", "gb18030", "big5")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


class IngestError(ValueError):
    """The file cannot be read as a contract; the message says why."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def media_type_of(data: bytes, source: str) -> str:
    if data.startswith(b"%PDF"):
        return "application/pdf"
    if data.startswith(b"PK\x03\x04"):
        return "application/zip"
    suffix = PurePath(source).suffix.lower()
    return TEXT_SUFFIXES.get(suffix, "text/plain")


def load_bytes(data: bytes, source: str, path: str | None = None) -> Document:
    media_type = media_type_of(data, source)
    doc = Document(source=source, path=path, sha256=sha256(data), media_type=media_type)
    if not data.strip():
        raise IngestError("empty file")
    if media_type == "application/pdf":
        doc.raw_text, doc.pages = _pdf_text(data)
        doc.encoding = None
    elif media_type == "application/zip":
        raise IngestError("unsupported format: ZIP container (DOCX/XLSX are not supported yet)")
    else:
        doc.raw_text, doc.encoding = decode_text(data)
    if not doc.raw_text.strip():
        raise IngestError("no text found")
    return doc


def failed_document(data: bytes, source: str, path: str | None, error: str) -> Document:
    doc = Document(
        source=source, path=path, sha256=sha256(data), media_type=media_type_of(data, source)
    )
    doc.fail("ingest", error, status="failed")
    return doc


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes, returning (text, encoding). Raises IngestError for
    binary data or an encoding none of the common Chinese ones can read."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data, encoding), encoding
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        return _strict(data, encoding), encoding
    if b"\x00" in data:
        raise IngestError("binary file: contains NUL bytes, not text")
    for encoding in _FALLBACK_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text, encoding
    detected = _charset_normalizer_guess(data)
    if detected:
        return detected
    raise IngestError("unknown encoding: not UTF-8/UTF-16/GB18030/Big5 and no charset detected")


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(f"undecodable {encoding} text at byte {exc.start}") from exc


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    # ASCII-heavy UTF-16 has NULs in one byte lane; CJK-heavy has few NULs but
    # decodes cleanly with many CJK characters.
    if max(even_nuls, odd_nuls) > 0.3 * half and min(even_nuls, odd_nuls) < 0.05 * half:
        return True
    return False


def _plausible(text: str) -> bool:
    """Text, not binary junk that happens to decode: few control characters."""
    if not text:
        return False
    controls = len(_CONTROL.findall(text))
    return controls <= max(2, len(text) // 200)


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    text = str(best)
    if not _plausible(text) or not _CJK.search(text):
        return None
    return text, best.encoding


def _pdf_text(data: bytes) -> tuple[str, list[Page]]:
    import pdfplumber

    parts: list[str] = []
    pages: list[Page] = []
    offset = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                text = page.extract_text() or ""
                pages.append(Page(number=number, start=offset, end=offset + len(text)))
                parts.append(text)
                offset += len(text) + 1  # the "\n" joining pages
    except Exception as exc:  # pdfminer raises many types for corrupt files
        raise IngestError(f"unreadable PDF: {type(exc).__name__}: {exc}") from exc
    text = "\n".join(parts)
    if not text.strip():
        raise IngestError("PDF has no text layer (scanned image?); OCR is not enabled")
    if text.count("(cid:") > 10:
        raise IngestError("PDF text layer is broken ((cid:…) glyphs); OCR is not enabled")
    return text, pages
