"""Load a file's bytes into a Document: detect the media type and the text
encoding, extract PDF text page by page (pipeline/read/pdf.py, with OCR of pages
without a text layer when installed) and Word .docx text with its tables
(pipeline/read/docx.py), hash the content.

Bad input raises IngestError with a one-line reason a person can act on; the
orchestrator turns it into a `failed` Document so the batch goes on.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath
from typing import TYPE_CHECKING

from hetong.models import Document
from hetong.pipeline.read import limits as _limits
from hetong.pipeline.read.errors import IngestError
from hetong.pipeline.read.extras import install_hint

if TYPE_CHECKING:
    from hetong.pipeline.read.limits import Limits

__all__ = ["IngestError", "load_bytes", "media_type_of", "sha256"]

TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LEGACY_WORD = "application/msword"  # .doc / .wps / .rtf, read through LibreOffice
# Photos and scans of contracts, read through OCR (pipeline/read/ocr.py).
_IMAGE_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"), (b"MM\x00*", "image/tiff"), (b"BM", "image/bmp"),
)
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"})
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office: .doc, .xls, .ppt
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def media_type_of(data: bytes, source: str) -> str:
    if data.startswith(b"%PDF"):
        return "application/pdf"
    if data.startswith(b"PK\x03\x04"):
        if PurePath(source).suffix.lower() == ".docx" or b"word/document.xml" in data:
            return DOCX
        return "application/zip"
    for magic, image_type in _IMAGE_MAGIC:
        if data.startswith(magic):
            return image_type
    if data.startswith(_OLE2):
        from hetong.pipeline.read.legacy_office import word_kind

        return LEGACY_WORD if word_kind(data) else "application/x-ole-storage"
    if data.startswith(b"{\\rtf"):
        return LEGACY_WORD
    suffix = PurePath(source).suffix.lower()
    return TEXT_SUFFIXES.get(suffix, "text/plain")


def load_bytes(data: bytes, source: str, path: str | None = None, limits: Limits | None = None) -> Document:
    """`limits`: the per-document limits (default `Limits.from_env()`); a file
    over them raises `LimitExceeded`, an IngestError."""
    limits = limits if limits is not None else _limits.Limits.from_env()
    media_type = media_type_of(data, source)
    _limits.check_bytes(data, limits, media_type)  # before anything is decoded or copied
    doc = Document(source=source, path=path, sha256=sha256(data), media_type=media_type)
    if not data.strip():
        raise IngestError("empty file")
    if media_type == "application/pdf":
        pages = _limits.pdf_page_count(data)  # the page tree's /Count: no page is parsed
        if pages is not None:
            _limits.check_pages(pages, limits)
        _load_pdf(doc, data, limits)
    elif media_type == DOCX:
        from hetong.pipeline.read.docx import DocxError, read_docx

        _limits.check_docx_body(data)  # paragraphs, before the body is parsed
        try:
            doc.raw_text = read_docx(data)
        except DocxError as exc:
            raise IngestError(str(exc)) from exc
    elif media_type == "application/zip":
        raise IngestError("unsupported format: ZIP container that is not a Word .docx (XLSX, ODT, an archive?)")
    elif media_type.startswith("image/"):
        _load_image(doc, data)
    elif media_type == LEGACY_WORD:
        from hetong.pipeline.read.docx import DocxError, read_docx
        from hetong.pipeline.read.legacy_office import LegacyOfficeError, to_docx

        try:
            doc.raw_text = read_docx(to_docx(data, PurePath(source).suffix.lower() or ".doc"))
        except (LegacyOfficeError, DocxError) as exc:
            raise IngestError(str(exc)) from exc
    elif media_type == "application/x-ole-storage":
        raise IngestError("unsupported format: legacy Office file that is not a word-processor document (.xls/.ppt?); save it as PDF")
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
        # UTF-16 without a BOM is the only text with many NUL bytes; a stray
        # one or two (a bad copy) in a text file are dropped, not fatal
        found = _best(data, ("utf-16-le", "utf-16-be"))
        if found is not None:
            return found
        if data.count(b"\x00") > max(2, len(data) // 1000):
            raise IngestError("binary file: contains NUL bytes, not text")
        data = data.replace(b"\x00", b"")
    # Valid UTF-8 with multi-byte characters is almost never an accident of
    # another encoding: take it whatever symbols it holds (¥, box drawing).
    text = _decode_cut(data, "utf-8")
    if text is not None and not _too_many_controls(text):
        return text, "utf-8"
    # GB18030 (⊃ GBK ⊃ GB2312) and Big5 byte ranges overlap: keep the reading
    # that looks most like Chinese prose.
    found = _best(data, ("gb18030", "big5"))
    if found:
        return found
    detected = _charset_normalizer_guess(data)
    if detected:
        return detected
    # A few corrupt bytes in an otherwise good GB18030 or UTF-8 text (a bad
    # sector, a truncated copy) cost those characters (U+FFFD), not the file.
    for encoding in ("utf-8", "gb18030"):
        text = data.decode(encoding, errors="replace")
        if text.count("\ufffd") <= max(3, len(text) // 2000) and _textlike(text) and _has_words(text):
            return text, encoding
    raise IngestError("unknown encoding: not UTF-8/UTF-16/GB18030/Big5 and no charset detected")


# Frequent characters of Chinese prose and contracts, simplified and traditional.
_COMMON = set(
    "的一是不了在人有我他这這个個们們中来來上大为為和国國地到以说說时時要就出会會可也对對生能而子那得于於着著下自之年过過"
    "发發后後作里裡用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好小部其些主样樣理心"
    "本前开開但因只从從想实實合甲乙服务務项項目期限费費金额額元万萬整日月付款双雙协協议議责責任违違约約条條款公司单單位政府"
)
# printable ASCII, Latin-1 symbols (¥ §), general punctuation to box drawing and
# geometric shapes, CJK symbols and ideographs (incl. ext. A), full-width forms
_TEXTLIKE = re.compile(r"[\x20-\x7e\s\u00a0-\u00ff\u2000-\u2bff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")  # terminal colour codes (a text piped from a tool)


def _too_many_controls(text: str) -> bool:
    sample = _ANSI.sub("", text[:20000])
    return len(_CONTROL.findall(sample)) > max(2, len(sample) // 200)


def _textlike(text: str) -> bool:
    if not text or _too_many_controls(text):
        return False
    sample = text[:20000]
    return len(_TEXTLIKE.findall(sample)) >= 0.9 * len(sample)


_WORDLIKE = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")


def _has_words(text: str) -> bool:
    """Symbols alone (a PNG read as UTF-16 is all full-width forms) are not text."""
    sample = text[:20000]
    return len(_WORDLIKE.findall(sample)) >= 0.2 * len(sample.strip() or "x")


def _decode_cut(data: bytes, encoding: str) -> str | None:
    """Strict decoding; a file cut inside its last character (an interrupted
    copy) keeps its text and shows the loss as one U+FFFD."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason in ("unexpected end of data", "incomplete multibyte sequence"):
            try:
                return data[: exc.start].decode(encoding) + "\ufffd"
            except UnicodeDecodeError:
                return None
        return None


def _best(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str] | None:
    best: tuple[float, str, str] | None = None
    for encoding in encodings:
        text = _decode_cut(data, encoding)
        if text is None or not _textlike(text) or not _has_words(text):
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


def _load_image(doc: Document, data: bytes) -> None:
    """A photo or scan: every frame OCR'd, one page each, marked as OCR text
    with its confidence. Without the OCR extra: failed, with the hint."""
    from hetong.models.document import Page
    from hetong.pipeline.read import ocr
    from hetong.pipeline.read.limits import extend_deadline, ocr_page_seconds

    if not ocr.available():
        raise IngestError(f"image of a document: OCR is not installed ({install_hint('ocr')})")
    extend_deadline(ocr_page_seconds() * _frame_count(data))  # each frame earns its OCR time
    try:
        frames = ocr.ocr_image_frames(data)
    except ValueError as exc:
        raise IngestError(str(exc)) from exc
    offset = 0
    texts = []
    for number, frame in enumerate(frames, start=1):
        doc.pages.append(Page(number=number, start=offset, end=offset + len(frame.text), lines=frame.lines,
                              source="ocr" if frame.text else None, confidence=frame.confidence))
        texts.append(frame.text)
        offset += len(frame.text) + 1
    doc.raw_text = "\n".join(texts)
    doc.versions["ocr"] = ocr.version()
    if not doc.raw_text.strip():
        raise IngestError("no text found by OCR in the image")


def _frame_count(data: bytes) -> int:
    try:
        import io

        from PIL import Image

        return max(1, int(getattr(Image.open(io.BytesIO(data)), "n_frames", 1)))
    except Exception:  # unreadable: the OCR step says why
        return 1


def _load_pdf(doc: Document, data: bytes, limits: Limits | None = None) -> None:
    from hetong.pipeline.read.pdf import PdfError, read_pdf

    try:
        pdf = read_pdf(data, limits=limits)
    except PdfError as exc:
        raise IngestError(str(exc)) from exc
    doc.raw_text, doc.pages = pdf.text, pdf.pages
    if pdf.ocr_engine:
        doc.versions["ocr"] = pdf.ocr_engine
    if pdf.problems:
        doc.fail("ingest", "; ".join(pdf.problems), status="partial")
