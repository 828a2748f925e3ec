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
    if b"\x00" in data:
        # UTF-16 without a BOM is the only text with NUL bytes
        found = _best(data, ("utf-16-le", "utf-16-be"))
        if found is None:
            raise IngestError("binary file: contains NUL bytes, not text")
        return found
    try:
        text = data.decode("utf-8")
        if _textlike(text):
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    # GB18030 (⊃ GBK ⊃ GB2312) and Big5 byte ranges overlap: keep the reading
    # that looks most like Chinese prose.
    found = _best(data, ("gb18030", "big5"))
    if found:
        return found
    detected = _charset_normalizer_guess(data)
    if detected:
        return detected
    raise IngestError("unknown encoding: not UTF-8/UTF-16/GB18030/Big5 and no charset detected")


# Frequent characters of Chinese prose and contracts, simplified and traditional.
_COMMON = set(
    "的一是不了在人有我他这這个個们們中来來上大为為和国國地到以说說时時要就出会會可也对對生能而子那得于於着著下自之年过過"
    "发發后後作里裡用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些主样樣理心"
    "本前开開但因只从從想实實合甲乙服务務项項目期限费費金额額元万萬整日月付款双雙协協议議责責任违違约約条條款公司单單位政府"
)
_TEXTLIKE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\s\u2000-\u206f]")


def _textlike(text: str) -> bool:
    if not text:
        return False
    sample = text[:20000]
    if len(_CONTROL.findall(sample)) > max(2, len(sample) // 200):
        return False
    return len(_TEXTLIKE.findall(sample)) >= 0.9 * len(sample)


def _best(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str] | None:
    best: tuple[float, str, str] | None = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _textlike(text):
            continue
        sample = text[:20000]
        score = sum(ch in _COMMON for ch in sample) / max(1, len(sample))
        if best is None or score > best[0]:
            best = (score, text, encoding)
    return (best[1], best[2]) if best else None


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(f"undecodable {encoding} text at byte {exc.start}") from exc


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    text = str(best)
    if not _textlike(text) or not _CJK.search(text):
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
