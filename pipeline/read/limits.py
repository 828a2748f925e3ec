"""Per-document limits: size in bytes, PDF pages, seconds.

A hostile or accidental input — a 50 MB log saved as `.txt`, a 5,000-page
scan, a text whose layout makes a quadratic regex run for hours — must fail
ONE document with a reason a person can act on, never stall or exhaust the
batch. Three limits, each `None` for "no limit":

* `max_bytes` (all files) and `max_text_bytes` (text files, whose contracts
  are 10 KB–1 MB while a scanned PDF is legitimately tens of MB): checked on
  the size before anything is decoded (`check_size`, `check_bytes`);
* `max_pages`: a PDF's page count, read from its page tree without parsing a
  page (`pdf_page_count`) and checked before pages are extracted
  (`check_pages`);
* `max_seconds`: wall-clock budget for one document (`time_limit`).

Over a size or page limit, `LimitExceeded` is raised: an `IngestError`, so
whatever already turns ingest errors into a `failed` document does the same
here, with messages such as ``file too large: 52,428,800 bytes, the limit
for text files is 8,388,608 (HETONG_MAX_TEXT_BYTES)``.

`Limits.from_env()` reads HETONG_MAX_BYTES, HETONG_MAX_TEXT_BYTES,
HETONG_MAX_PAGES and HETONG_MAX_SECONDS (unset: the default; `0`, `none` or
`off`: no limit; sizes take a K/M/G suffix, binary: `64M`).

The time budget
---------------
`with time_limit(seconds):` arms a one-shot `SIGALRM` timer
(`signal.setitimer`); when it fires, `TimeLimitExceeded` is raised in the
block wherever it is. Caveats, read them before using it elsewhere:

* It only arms in the MAIN THREAD of a process on a platform with SIGALRM
  (POSIX). That is where documents are extracted: in `hetong`'s worker
  processes (`ProcessPoolExecutor` runs tasks in the worker's main thread)
  and in the CLI process itself when `workers <= 1`. Elsewhere (a thread,
  Windows) the budget is NOT enforced by a signal: `Budget.enforced` is
  False and only cooperative checks (`check_deadline()`, `Budget.check()`)
  stop the work. It never silently pretends to enforce.
* `TimeLimitExceeded` derives from `BaseException`, like KeyboardInterrupt,
  so that the `except Exception` guards of the stages (the orchestrator
  records a failing stage and goes on to the next) and of libraries do not
  swallow it and carry on past the budget. Catch it where the document was
  started, and nowhere else.
* Python runs signal handlers between bytecodes: a long call into C code
  that does not check for signals (pdfium rendering, onnxruntime OCR, a
  DuckDB query) delays the exception until it returns. `re` does check, so
  a runaway regex is interrupted. For a hard guarantee the parent must also
  kill a worker that overruns (the pool already records a file whose worker
  died as `failed`).
* The exception can arrive anywhere, even inside a `finally:` or an
  `__exit__`; code under a budget must not hold state that outlives the
  document (a lock, a database transaction). Extraction is pure — the
  parent process writes to DuckDB — so this holds for `process_bytes`.
* Only one ITIMER_REAL exists per process. An enclosing timer (an outer
  `time_limit`, pytest-timeout's signal method) is respected: when it would
  fire first it is left alone, otherwise it is suspended and re-armed with
  its remaining time, and its handler restored, when the block exits.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import math
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from hetong.pipeline.read.errors import IngestError

__all__ = [
    "Budget",
    "LimitExceeded",
    "Limits",
    "TimeLimitExceeded",
    "check_bytes",
    "check_deadline",
    "check_docx_body",
    "check_page_content",
    "check_pages",
    "check_size",
    "pdf_page_count",
    "time_limit",
]

MiB = 2**20

_ENV = {
    "max_bytes": "HETONG_MAX_BYTES",
    "max_text_bytes": "HETONG_MAX_TEXT_BYTES",
    "max_pages": "HETONG_MAX_PAGES",
    "max_seconds": "HETONG_MAX_SECONDS",
}
_OFF = {"0", "none", "off", "no", "unlimited"}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$", re.IGNORECASE)
_SCALE = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}


class LimitExceeded(IngestError):
    """A document is over one of its limits; `limit` names which
    (`max_bytes`, `max_text_bytes`, `max_pages`)."""

    def __init__(self, message: str, limit: str = "") -> None:
        super().__init__(message)
        self.limit = limit

    def __reduce__(self) -> tuple[type[LimitExceeded], tuple[str, str]]:  # picklable across processes
        return (type(self), (str(self), self.limit))


class TimeLimitExceeded(BaseException):
    """A document's time budget ran out (see the module notes: a
    BaseException on purpose)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds

    def __str__(self) -> str:
        return f"time limit exceeded: more than {self.seconds:g} s on this document ({_ENV['max_seconds']})"


@dataclass(frozen=True)
class Limits:
    """What one document may cost. `None` disables a limit."""

    max_bytes: int | None = 64 * MiB
    max_text_bytes: int | None = 8 * MiB
    max_pages: int | None = 1000
    max_seconds: float | None = 120.0

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_text_bytes", "max_pages", "max_seconds"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not (value > 0 and math.isfinite(value))):
                raise ValueError(f"{name} must be positive and finite, or None, not {value!r}")

    @classmethod
    def unlimited(cls) -> Limits:
        return cls(max_bytes=None, max_text_bytes=None, max_pages=None, max_seconds=None)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """The defaults, overridden by HETONG_MAX_* variables. Raises
        ValueError naming the variable when a value cannot be read."""
        environ = os.environ if environ is None else environ
        values: dict[str, int | float | None] = {}
        for name, var in _ENV.items():
            raw = environ.get(var)
            if raw is None or not raw.strip():
                continue
            values[name] = _parse(name, var, raw)
        return cls(**values)  # type: ignore[arg-type]


def _parse(name: str, var: str, raw: str) -> int | float | None:
    text = raw.strip().lower()
    if text in _OFF:
        return None
    if name == "max_seconds":
        try:
            seconds = float(text)
        except ValueError:
            seconds = -1.0
        if not (seconds > 0 and math.isfinite(seconds)):  # also NaN
            raise ValueError(f"{var}={raw!r}: expected seconds, e.g. 120 or 0.5")
        return seconds
    m = _SIZE.match(text) if name != "max_pages" else re.fullmatch(r"\s*(\d+)()\s*", text)
    value = int(float(m.group(1)) * _SCALE[m.group(2).lower()]) if m else 0
    if value <= 0:
        example = "a page count, e.g. 1000" if name == "max_pages" else "bytes, e.g. 8388608 or 8M"
        raise ValueError(f"{var}={raw!r}: expected {example}")
    return value


# -- size and pages ------------------------------------------------------------------------


def read_file(path: str | os.PathLike[str], limits: Limits) -> bytes:
    """A regular file's bytes, refusing special files by type before any read
    (a FIFO named *.txt would block the batch forever; a device never ends)
    and bounding the read by the bytes actually read, not the size the file
    system reports. Raises LimitExceeded over `max_bytes`, OSError otherwise."""
    import stat as stat_module

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    info = os.stat(path)
    if not stat_module.S_ISREG(info.st_mode):
        kind = ("a FIFO" if stat_module.S_ISFIFO(info.st_mode) else "a socket" if stat_module.S_ISSOCK(info.st_mode)
                else "a device" if stat_module.S_ISCHR(info.st_mode) or stat_module.S_ISBLK(info.st_mode)
                else "a folder" if stat_module.S_ISDIR(info.st_mode) else "not a regular file")
        raise OSError(0, f"not a regular file ({kind}): not read", str(path))
    fd = os.open(path, flags)
    try:
        if not stat_module.S_ISREG(os.fstat(fd).st_mode):  # swapped for a FIFO since the stat
            raise OSError(0, "not a regular file: not read", str(path))
        cap = limits.max_bytes
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if cap is not None and total > cap:
                check_size(total, limits)  # raises, with the message of the size check
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def check_size(size: int, limits: Limits, media_type: str | None = None) -> None:
    """Raise LimitExceeded when a file of `size` bytes is over the limits.
    Call it with `os.stat(path).st_size` before reading a file, or through
    `check_bytes` once it is read. `media_type` text/*: the text limit too."""
    if limits.max_bytes is not None and size > limits.max_bytes:
        raise LimitExceeded(
            f"file too large: {size:,} bytes, the limit is {limits.max_bytes:,} ({_ENV['max_bytes']})", "max_bytes"
        )
    if media_type is not None and media_type.startswith("text/") and limits.max_text_bytes is not None \
            and size > limits.max_text_bytes:
        raise LimitExceeded(
            f"file too large: {size:,} bytes, the limit for text files is {limits.max_text_bytes:,} "
            f"({_ENV['max_text_bytes']})",
            "max_text_bytes",
        )


def check_bytes(data: bytes, limits: Limits, media_type: str | None = None) -> None:
    """Raise LimitExceeded when `data` is over the size limits (see `check_size`)."""
    check_size(len(data), limits, media_type)


def check_pages(pages: int, limits: Limits) -> None:
    """Raise LimitExceeded when a document of `pages` pages is over `max_pages`."""
    if limits.max_pages is not None and pages > limits.max_pages:
        raise LimitExceeded(
            f"too many pages: {pages:,}, the limit is {limits.max_pages:,} ({_ENV['max_pages']})", "max_pages"
        )


def pdf_page_count(data: bytes) -> int | None:
    """The page count a PDF declares (`/Count` of its page tree root), read
    without parsing any page; None when it cannot be read (the PDF reader
    then reports why). A lying `/Count` is possible: the page loop should
    still stop at `max_pages`."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        count = resolve1(resolve1(document.catalog["Pages"])["Count"])
    except Exception:  # pdfminer raises many types on corrupt files
        return None
    return count if isinstance(count, int) and not isinstance(count, bool) and count >= 0 else None


# -- content: what a small file can make the readers build --------------------------------
#
# A 30 KB PDF can hold a page of 2,000,000 text operators (its stream
# compresses 1000:1): pdfminer builds a Python object for each, minutes and a
# gigabyte for one page. A 130 KB .docx can hold 10,000,000 empty paragraphs.
# Both are refused here, from the compressed parts, before a reader starts;
# a page rendered for OCR is bounded by hetong.pipeline.read.ocr.MAX_PIXELS, and table
# spans are never expanded (hetong.pipeline.read.docx).

# Text-showing and XObject operators (Tj, TJ, Do) on one PDF page: a dense
# page of Chinese text drawn one character per operator has a few thousand.
MAX_PAGE_OPERATORS = 100_000
MAX_PAGE_CONTENT_BYTES = 32 * MiB  # decoded content stream bytes of one page
# Paragraphs in word/document.xml: a 500-page contract has some tens of thousands.
MAX_DOCX_PARAGRAPHS = 200_000
_OPERATORS = (b"Tj", b"TJ", b"Do")
_PARAGRAPH = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")


def check_page_content(page: object, number: int) -> None:
    """Raise LimitExceeded when PDF page `number` (a pdfminer PDFPage, as
    pdfplumber's `Page.page_obj`) draws more than MAX_PAGE_OPERATORS text or
    XObject operators, or decodes to more than MAX_PAGE_CONTENT_BYTES:
    counted in its (streamed) decoded content streams before the page is
    interpreted. A stream that cannot be decoded here passes: the reader
    says what is wrong with it."""
    from pdfminer.pdftypes import resolve1

    operators = size = 0
    for stream in getattr(page, "contents", None) or []:
        try:
            counted, decoded = _count_operators(resolve1(stream))
        except Exception:  # noqa: BLE001 — pdfminer raises many types on corrupt files: the reader reports them
            continue
        operators += counted
        size += decoded
        if operators > MAX_PAGE_OPERATORS:
            raise LimitExceeded(
                f"too many text operators on page {number}: more than {MAX_PAGE_OPERATORS:,} "
                "(a page drawn to exhaust the reader, not a contract page)", "max_page_operators")
        if size > MAX_PAGE_CONTENT_BYTES:
            raise LimitExceeded(
                f"page {number} too large to read: its content decodes to more than "
                f"{MAX_PAGE_CONTENT_BYTES:,} bytes", "max_page_operators")


def _count_operators(stream: object) -> tuple[int, int]:
    """(operators, decoded bytes) of one content stream, decoding Flate in
    chunks and stopping past the limits (a bomb is never inflated whole)."""
    import zlib

    filters = stream.get_filters() if hasattr(stream, "get_filters") else []
    names = [getattr(f, "name", f) for f, _ in filters]
    if names == ["FlateDecode"] and not any(params for _, params in filters):
        inflate = zlib.decompressobj()
        pending = stream.rawdata or b""
        count = size = 0
        tail = b""
        while pending and count <= MAX_PAGE_OPERATORS and size <= MAX_PAGE_CONTENT_BYTES:
            chunk = inflate.decompress(pending, 1 << 20)
            pending = inflate.unconsumed_tail
            if not chunk:
                break
            window = tail + chunk
            count += sum(window.count(op) for op in _OPERATORS) - sum(tail.count(op) for op in _OPERATORS)
            size += len(chunk)
            tail = chunk[-1:]
        return count, size
    decoded = stream.get_data() if hasattr(stream, "get_data") else b""
    return sum(decoded.count(op) for op in _OPERATORS), len(decoded)


def check_docx_body(data: bytes) -> None:
    """Raise LimitExceeded when word/document.xml holds more than
    MAX_DOCX_PARAGRAPHS paragraphs, counted while inflating it in chunks
    (never whole), before it is parsed. Not a ZIP or no body: passes, the
    reader says why."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        member = archive.open("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return
    count = 0
    tail = b""
    with member:
        while chunk := member.read(1 << 20):
            window = tail + chunk
            count += len(_PARAGRAPH.findall(window)) - len(_PARAGRAPH.findall(tail))
            tail = chunk[-64:]
            if count > MAX_DOCX_PARAGRAPHS:
                raise LimitExceeded(
                    f"too many paragraphs in the DOCX body: more than {MAX_DOCX_PARAGRAPHS:,} "
                    "(a document built to exhaust the reader, not a contract)", "max_docx_paragraphs")


# -- time ---------------------------------------------------------------------------------


@dataclass
class Budget:
    """The time budget of the enclosing `time_limit` block."""

    seconds: float | None
    enforced: bool  # True when this block's own SIGALRM timer is armed
    started: float = field(default_factory=time.monotonic)

    def remaining(self) -> float | None:
        if self.seconds is None:
            return None
        return self.seconds - (time.monotonic() - self.started)

    def extend(self, seconds: float) -> None:
        """Grant `seconds` more (an OCR'd page earns its own time: a scanned
        contract of 30 pages is slow, not stuck). Re-arms this block's timer."""
        if self.seconds is None or seconds <= 0:
            return
        self.seconds += seconds
        if self.enforced:
            left = self.remaining()
            if left is not None and left > 0:
                signal.setitimer(signal.ITIMER_REAL, left)

    def check(self) -> None:
        """Raise TimeLimitExceeded when the budget is spent (works in any thread)."""
        left = self.remaining()
        if left is not None and left <= 0:
            raise TimeLimitExceeded(self.seconds)  # type: ignore[arg-type]


_CURRENT: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("hetong_time_budget", default=None)


# Address space a process extracting documents may use (HETONG_MAX_MEMORY;
# 0/off: none). A document that needs more fails with MemoryError instead of
# the kernel's OOM killer ending the whole import. Measured: a process with
# every stage, the NER model and OCR loaded peaks at about 1.8 GB of address space.
DEFAULT_MAX_MEMORY = 6 * 2**30


def max_memory() -> int | None:
    raw = os.environ.get("HETONG_MAX_MEMORY", "").strip().lower()
    if not raw:
        return DEFAULT_MAX_MEMORY
    if raw in _OFF:
        return None
    m = _SIZE.match(raw)
    if not m:
        raise ValueError(f"HETONG_MAX_MEMORY={raw!r}: expected a size, e.g. 6G or 4096M")
    value = int(float(m.group(1)) * _SCALE[m.group(2).lower()])
    if value < 512 * 2**20:
        raise ValueError(f"HETONG_MAX_MEMORY={raw!r}: below 512M, too small to load the pipeline")
    return value


@contextlib.contextmanager
def memory_limit(limit: int | None) -> Iterator[None]:
    """Cap this process's address space (RLIMIT_AS soft limit) for the block,
    never above the hard limit the process was given."""
    try:
        import resource
    except ImportError:  # not on POSIX: no cap
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if limit is None or (hard != resource.RLIM_INFINITY and hard <= limit):
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


# Told of every extension (a supervised worker passes it on to the parent,
# whose hard wall-clock kill must move with the budget: pipeline/batch/supervisor.py).
_extension_listener: Callable[[float], None] | None = None


def listen_to_extensions(listener: Callable[[float], None] | None) -> None:
    """Call `listener(seconds)` whenever `extend_deadline` grants more time (None: stop)."""
    global _extension_listener
    _extension_listener = listener


def extend_deadline(seconds: float) -> None:
    """More time for the enclosing `time_limit` block (no-op outside one)."""
    budget = _CURRENT.get()
    if budget is not None:
        budget.extend(seconds)
        if _extension_listener is not None and budget.seconds is not None and seconds > 0:
            _extension_listener(seconds)


def ocr_page_seconds() -> float:
    """Time each OCR'd page adds to the document's budget (HETONG_OCR_PAGE_SECONDS, default 30)."""
    import os

    raw = os.environ.get("HETONG_OCR_PAGE_SECONDS", "30").strip()
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"HETONG_OCR_PAGE_SECONDS must be a number of seconds, not {raw!r}") from None
    return max(0.0, value)


def check_deadline() -> None:
    """Cooperative check for long loops (PDF pages, OCR): raise
    TimeLimitExceeded when the enclosing `time_limit` budget is spent. A
    no-op outside any `time_limit`."""
    budget = _CURRENT.get()
    if budget is not None:
        budget.check()


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[Budget]:
    """Run the block with a budget of `seconds` (None: no limit), raising
    TimeLimitExceeded inside it when the budget runs out. See the module
    notes for where this is enforced and how."""
    if seconds is not None and not (seconds > 0 and math.isfinite(seconds)):
        raise ValueError(f"seconds must be positive and finite, or None, not {seconds!r}")
    started = time.monotonic()
    outer_remaining, outer_interval = signal.getitimer(signal.ITIMER_REAL) if _can_alarm() else (0.0, 0.0)
    # An enclosing timer that fires first already bounds the block: leave it alone.
    arm = seconds is not None and _can_alarm() and not (0 < outer_remaining <= seconds)
    budget = Budget(seconds, enforced=arm, started=started)
    token = _CURRENT.set(budget)
    if not arm:
        try:
            yield budget
        finally:
            _CURRENT.reset(token)
        return

    def _expired(signum: int, frame: object) -> None:
        raise TimeLimitExceeded(seconds)  # type: ignore[arg-type]

    previous = signal.signal(signal.SIGALRM, _expired)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)  # type: ignore[arg-type]
        yield budget
    finally:
        try:
            # The timer may fire right here, before it is disarmed: the
            # exception then replaces the block's outcome, and the inner
            # `finally` still restores the previous state.
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous)
            _CURRENT.reset(token)
            if outer_remaining > 0:
                left = outer_remaining - (time.monotonic() - started)
                signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), outer_interval)
