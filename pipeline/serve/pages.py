"""The page image of a PDF beside its text: rendered with pypdfium2 from the
file the document was imported from, only when that file still has the
document's content (its sha256), so a page never shows another version."""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from pathlib import Path

__all__ = ["PageUnavailable", "page_count", "render_page"]

SCALE = 1.4  # ~100 dpi: readable beside the text, ~150 KB a page
_CACHE_SIZE = 64
_cache: OrderedDict[tuple[str, int, int, str, int], bytes] = OrderedDict()
_lock = threading.Lock()  # pdfium is not thread-safe


class PageUnavailable(LookupError):
    """No image: not a PDF, the file is gone or changed, or no such page."""


def _verified(path: str | None, sha256: str) -> bytes:
    if not path:
        raise PageUnavailable("no path stored for the document")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise PageUnavailable(f"{path}: {exc.strerror or exc}") from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise PageUnavailable(f"{path} has changed since it was imported")
    if not data.startswith(b"%PDF"):
        raise PageUnavailable(f"{path} is not a PDF")
    return data


def page_count(path: str | None, sha256: str) -> int:
    import pypdfium2 as pdfium

    data = _verified(path, sha256)
    with _lock:
        pdf = pdfium.PdfDocument(data)
        try:
            return len(pdf)
        finally:
            pdf.close()


def render_page(path: str | None, sha256: str, page: int) -> bytes:
    """PNG of page `page` (1-based) of the document's PDF. Rendered pages are
    kept (the last 64) for as long as the file keeps its size and time."""
    import pypdfium2 as pdfium

    try:
        stat = Path(path).stat() if path else None
    except OSError as exc:
        raise PageUnavailable(f"{path}: {exc.strerror or exc}") from exc
    if stat is None:
        raise PageUnavailable("no path stored for the document")
    key = (path, stat.st_mtime_ns, stat.st_size, sha256, page)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    data = _verified(path, sha256)
    with _lock:
        pdf = pdfium.PdfDocument(data)
        try:
            if not 1 <= page <= len(pdf):
                raise PageUnavailable(f"no page {page} (the PDF has {len(pdf)})")
            bitmap = pdf[page - 1].render(scale=SCALE)
            image = bitmap.to_pil()
        finally:
            pdf.close()
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=True)
        png = buf.getvalue()
        _cache[key] = png
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return png
