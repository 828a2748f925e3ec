"""Batch import: walk files and folders, process each new file, store it.

A file is identified by the SHA-256 of its bytes: content already in the
database is skipped before any processing, so re-running an import changes
nothing. A file that fails is stored with status `failed` and its error, and
the batch goes on.

`hetong ingest` passes the database PATH, not a connection: the file is open
only while a batch is committed, so analysts can open it read-only between
commits (hetong.pipeline.store.readers, docs/concurrency.md).

Why one module: the import loop owns one transaction discipline (walk, skip,
extract, write, account for every file, commit on a ticker) that is easiest to
check when it reads top to bottom.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from hetong.models import Document
from hetong.pipeline.store import storage
from hetong.pipeline.read.ingest import media_type_of, sha256
from hetong.pipeline.read.limits import LimitExceeded, Limits, check_size, max_memory, memory_limit, read_file
from hetong.pipeline.orchestrate import process_bytes
from hetong.pipeline.store.readers import DatabaseBusy
from hetong.pipeline.batch.supervisor import map_documents
from hetong.pipeline.batch.workers import Extracted, Task
from hetong.pipeline.store.writer import BatchWriter, rows_of

SUFFIXES = frozenset({".txt", ".md", ".markdown", ".pdf", ".docx", ".doc", ".wps", ".rtf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"})

# (path, outcome, error): outcome is a document status, "skipped" or "unreadable"
Progress = Callable[[Path, str, str | None], None]


@dataclass
class Summary:
    """What one `ingest_files` call did."""

    run_id: int
    total: int = 0  # files found
    seen: int = 0
    ok: int = 0
    partial: int = 0
    failed: int = 0  # includes `unreadable`
    unreadable: int = 0  # could not be read: no content, so no documents row (see files_not_read)
    not_read: int = 0  # unsupported types and unlistable folders met while walking (files_not_read)
    not_a_contract: int = 0
    skipped: int = 0  # content already imported
    elapsed: float = 0.0  # seconds
    bytes: int = 0  # size of the files processed (not skipped)
    interrupted: bool = False  # Ctrl-C: what was extracted is stored, the rest is left for a re-run
    problems: list[tuple[Path, str]] = field(default_factory=list)  # (file, error), not ok
    # seconds per stage, summed over documents (normalise … flags, rows, store)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def processed(self) -> int:
        return self.seen - self.skipped

    @property
    def docs_per_second(self) -> float:
        return self.processed / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(frozen=True)
class NotRead:
    """A file or folder met under an imported folder and not read."""

    path: Path
    kind: str  # unsupported | unreadable | unlistable
    reason: str


# What to do with a type hetong does not read: said in the record.
_UNSUPPORTED_HINT = {
    ".xlsx": "a spreadsheet; save the contract as PDF", ".xls": "a spreadsheet; save the contract as PDF",
    ".csv": "a table dump, not a contract text", ".zip": "an archive; unpack it first", ".rar": "an archive; unpack it first",
    ".7z": "an archive; unpack it first", ".pptx": "a presentation; save it as PDF", ".ofd": "OFD is not read yet; export it as PDF",
}


def find_files(paths: Iterable[Path], not_read: list[NotRead] | None = None) -> list[Path]:
    """Files to import: each given file as is, and every file of a readable
    type under each given folder, recursively, skipping hidden files and
    folders. Sorted within each folder for a deterministic order; a file named
    twice is listed once. Paths that do not exist are returned too (they fail
    as unreadable). Files of other types and folders that cannot be listed
    are appended to `not_read`, so a run can account for every one."""
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        path = Path(path)
        candidates = _walk(path, not_read) if path.is_dir() else iter([path])
        for candidate in candidates:
            key = candidate.absolute()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def _walk(folder: Path, not_read: list[NotRead] | None = None) -> Iterator[Path]:
    """Files under `folder`, never leaving it: folder symlinks are not
    followed (os.walk's default) and a file symlink is taken only when it
    resolves inside `folder` (a link met while walking is not consent to
    import a file from elsewhere; a file named explicitly is taken as is)."""
    inside = os.path.realpath(folder) + os.sep

    def unlistable(exc: OSError) -> None:
        if not_read is not None:
            where = Path(exc.filename) if exc.filename else folder
            not_read.append(NotRead(where, "unlistable", f"cannot list folder: {exc.strerror or exc}"))

    for root, dirs, files in os.walk(folder, onerror=unlistable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            suffix = path.suffix.lower()
            if suffix not in SUFFIXES:
                if not_read is not None:
                    hint = _UNSUPPORTED_HINT.get(suffix, "not a contract format hetong reads")
                    not_read.append(NotRead(path, "unsupported", f"unsupported type {suffix or '(no extension)'}: {hint}"))
                continue
            if path.is_symlink() and not os.path.realpath(path).startswith(inside):
                if not_read is not None:
                    not_read.append(NotRead(path, "unreadable", "symlink to a file outside the imported folder: not followed"))
                continue
            yield path


def ingest_files(
    paths: Iterable[Path],
    conn: duckdb.DuckDBPyConnection | str | Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
    workers: int = 1,
    batch_size: int = 500,
    flush_seconds: float = 5.0,
    supervised: bool = False,
) -> Summary:
    """Import every file under `paths` into `conn` as one run (see
    `find_files`). Content already imported is skipped unless `force`, which
    re-processes it and replaces its rows.

    `conn` is an open connection (kept open throughout) or the path of a
    database file (created and migrated if needed), which is then opened
    only to record the run, to read what is already imported, and for each
    batch commit, and closed in between, so other processes can read it
    (opening it waits while readers hold it; see hetong.pipeline.store.readers).

    The parent reads and hashes each file (to skip known content before any
    work), `workers` processes extract (`workers <= 1`: this process), and the
    parent writes the results in batches of up to `batch_size` documents, or
    every `flush_seconds`, one transaction a batch (see hetong.pipeline.store.writer).
    `progress` is told about each file once its outcome is final: when it is
    skipped or unreadable, or when its batch has been committed.
    `supervised` (what `hetong ingest` does): every document is extracted in
    one of `max(1, workers)` watched worker processes, killed and replaced
    when a document overruns its time budget or when it dies, so a document
    stuck in native code fails alone even with one worker
    (pipeline/batch/supervisor.py)."""
    started = time.perf_counter()
    writer = BatchWriter(conn)
    guard = import_lock(writer.path) if writer.path is not None else contextlib.nullcontext()
    with guard:
        return _ingest_locked(writer, paths, force=force, progress=progress, workers=workers,
                              batch_size=batch_size, flush_seconds=flush_seconds, started=started,
                              supervised=supervised)


class ImportRunning(DatabaseBusy):
    """Another import is running on the same database file: two would both
    claim the same documents in `runs`; the second is refused."""


@contextlib.contextmanager
def import_lock(db: Path) -> Iterator[None]:
    """One import at a time per database file: an exclusive lock on
    `<db>.import.lock` (released by the OS if the importer dies)."""
    import fcntl

    lock_path = Path(str(db) + ".import.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise ImportRunning(f"another import is running on {db} (PID {holder}); "
                                "wait for it to finish, or import into another --db") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def _ingest_locked(writer: BatchWriter, paths: Iterable[Path], *, force: bool, progress: Progress | None,
                   workers: int, batch_size: int, flush_seconds: float, started: float,
                   supervised: bool = False) -> Summary:
    with writer.connection() as c:
        if writer.path is not None:
            storage.migrate(c)
        summary = Summary(run_id=storage.start_run(c))
        known: set[str] = set() if force else _imported(c)
    walked: list[NotRead] = []
    files = find_files(paths, walked)
    summary.total = len(files)
    summary.not_read = len(walked)
    for item in walked:
        summary.problems.append((item.path, item.reason))
        if progress is not None:
            progress(item.path, "not_read", item.reason)
    unread_rows: list[NotRead] = []  # files that fail to open, filled as met
    limits = Limits.from_env()
    pending: list[Extracted] = []

    def tasks() -> Iterator[Task]:
        for path in files:
            summary.seen += 1
            try:
                size = path.stat().st_size
                check_size(size, limits, media_type_of(b"", path.name))
                data = read_file(path, limits)  # regular files only, bounded by bytes read
            except LimitExceeded as exc:
                # never read a file over the limit into memory: hash it in
                # chunks and record it as failed, so it is accounted for
                oversize = _oversize(path, size, str(exc), summary.run_id)
                if oversize.sha256 in known:
                    _count(summary, path, "skipped", None, progress)
                else:
                    known.add(oversize.sha256)
                    with lock:
                        pending.append(oversize)
                continue
            except OSError as exc:
                # No content, so no sha256 to key a documents row by: recorded in files_not_read.
                reason = f"cannot read file: {exc.strerror or exc}"
                unread_rows.append(NotRead(path, "unreadable", reason))
                _count(summary, path, "unreadable", reason, progress)
                continue
            digest = sha256(data)
            if digest in known:
                _count(summary, path, "skipped", None, progress)
                continue
            known.add(digest)  # the same content twice in one run is stored once
            summary.bytes += len(data)
            yield Task(path=str(path.absolute()), source=path.name, data=data, sha256=digest)

    # The extracting thread and the flush ticker share `pending`; a flush holds the lock.
    lock = threading.RLock()
    state: dict[str, Any] = {"last": time.perf_counter(), "error": None}

    def flush() -> None:
        with lock:
            if pending:
                t0 = time.perf_counter()
                _store(writer, pending)
                summary.timings["store"] = summary.timings.get("store", 0.0) + time.perf_counter() - t0
                for ex in pending:
                    for stage, seconds in ex.timings.items():
                        summary.timings[stage] = summary.timings.get(stage, 0.0) + seconds
                    _count(summary, Path(ex.path), ex.status, ex.error, progress)
                pending.clear()
            state["last"] = time.perf_counter()

    # Documents already extracted are committed every `flush_seconds` even
    # while a slow one (a 36-page scan) is being extracted: readers never
    # wait for it, and a kill loses at most that much work.
    stop = threading.Event()

    def ticker() -> None:
        while not stop.wait(min(1.0, flush_seconds)):
            if pending and time.perf_counter() - state["last"] >= flush_seconds:
                try:
                    flush()
                except BaseException as exc:  # re-raised in the importing thread
                    state["error"] = exc
                    return

    flusher = threading.Thread(target=ticker, name="hetong-flush", daemon=True)
    if flush_seconds > 0:
        flusher.start()
    # with one worker this process extracts: it gets the memory cap a worker would have
    cap = memory_limit(max_memory() if workers <= 1 and not supervised else None)
    cap.__enter__()
    try:
        for extracted in map_documents(tasks(), summary.run_id, workers=workers, process=process_bytes,
                                       supervised=supervised):
            if state["error"] is not None:
                raise state["error"]
            with lock:
                pending.append(extracted)
            if len(pending) >= batch_size or time.perf_counter() - state["last"] >= flush_seconds:
                flush()
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        cap.__exit__(None, None, None)
        stop.set()
        if flusher.is_alive():
            flusher.join()
    if state["error"] is not None:
        raise state["error"]
    flush()
    summary.elapsed = time.perf_counter() - started
    with writer.connection() as c:
        storage.record_not_read(c, summary.run_id, [*walked, *unread_rows])
        storage.finish_run(
            c,
            summary.run_id,
            files_seen=summary.seen,
            ok=summary.ok,
            partial=summary.partial,
            failed=summary.failed,
            not_a_contract=summary.not_a_contract,
            skipped=summary.skipped,
        )
    return summary


def _oversize(path: Path, size: int, error: str, run_id: int) -> Extracted:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    doc = Document(source=path.name, path=str(path.absolute()), sha256=digest.hexdigest(),
                   media_type=media_type_of(b"", path.name))
    doc.fail("limits", error, status="failed")
    return Extracted(path=str(path.absolute()), source=path.name, sha256=doc.sha256,
                     media_type=doc.media_type, size=size, status=doc.status, errors=list(doc.errors),
                     rows=rows_of(doc, run_id, size))


def _imported(conn: duckdb.DuckDBPyConnection) -> set[str]:
    """sha256 of every document already stored (one query, not one per file)."""
    return {sha for (sha,) in conn.execute("SELECT sha256 FROM documents").fetchall()}


def _count(summary: Summary, path: Path, outcome: str, error: str | None, progress: Progress | None) -> None:
    if outcome == "skipped":
        summary.skipped += 1
    elif outcome == "unreadable":
        summary.failed += 1
        summary.unreadable += 1
    else:
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    if error is not None:
        summary.problems.append((path, error))
    if progress is not None:
        progress(path, outcome, error)


def _store(writer: BatchWriter, batch: list[Extracted]) -> None:
    """Write `batch` in one transaction; when that fails, write each document
    on its own, and store one that still cannot be written as `failed`."""
    if not batch:
        return
    with writer.connection():  # one open of the file for the batch and any retries
        _store_open(writer, batch)


class StorageAborted(RuntimeError):
    """The database could not be written (disk full, file gone, permission):
    the import stops with the original error. Earlier batches stay committed;
    the documents of this batch are not stored, so the next run retries them."""


# Errors that say something about one document's rows, not about the database:
# such a document is stored as `failed` and the batch goes on. Any other
# duckdb error (IOException for a full disk, …) aborts the import.
_DOCUMENT_ERRORS = tuple(
    getattr(duckdb, name) for name in (
        "ConversionException", "ConstraintException", "InvalidInputException", "OutOfRangeException",
        "TypeMismatchException", "BinderException",
    ) if hasattr(duckdb, name)
)


def _store_open(writer: BatchWriter, batch: list[Extracted]) -> None:
    try:
        writer.write([(ex.sha256, ex.rows) for ex in batch])
        return
    except _DOCUMENT_ERRORS:
        pass  # find the document at fault: each is written on its own below
    except duckdb.Error as exc:
        raise StorageAborted(f"cannot write to the database: {type(exc).__name__}: {exc}") from exc
    for i, ex in enumerate(batch):
        try:
            writer.write([(ex.sha256, ex.rows)])
        except duckdb.Error as exc:
            if not isinstance(exc, _DOCUMENT_ERRORS):
                raise StorageAborted(f"cannot write to the database: {type(exc).__name__}: {exc}") from exc
            doc = Document(source=ex.source, path=ex.path, sha256=ex.sha256, media_type=ex.media_type)
            doc.errors = list(ex.errors)
            doc.fail("store", f"{type(exc).__name__}: {exc}", status="failed")
            run_id = _run_id(ex)
            batch[i] = replace(ex, status=doc.status, errors=list(doc.errors), rows=rows_of(doc, run_id, ex.size))
            try:
                writer.write([(ex.sha256, batch[i].rows)])
            except duckdb.Error as again:  # not even the failure record can be written
                raise StorageAborted(f"cannot write to the database: {type(again).__name__}: {again}") from exc


def _run_id(ex: Extracted) -> int:
    return int(ex.rows["documents"][0]["run_id"])


# -- command ------------------------------------------------------------------------


def ingest_command(paths: list[Path], db: Path, *, force: bool = False, workers: int = 1) -> int:
    """`hetong ingest`: import PATHS into the DuckDB file DB with `workers`
    extraction processes (0 = one per core), show progress on stderr (a live
    bar on a terminal, a line every few seconds otherwise), print a summary
    to stdout. Problems go to stderr as they happen. Exit code 0 unless no
    file was found or every file failed; 2 when the database cannot be
    opened (or stays locked by readers for HETONG_WRITE_TIMEOUT seconds:
    what was committed stays, re-run to import the rest); 130 when
    interrupted (what was extracted is stored: re-run to import the rest).

    DB is held open only while a batch is committed (see `ingest_files`).
    HETONG_BATCH_SIZE (default 500 documents) and HETONG_FLUSH_SECONDS
    (default 5) set how often batches are committed: every commit reopens
    and checkpoints the file, and the cost per document of a batch falls
    with its size (benchmarks/results.md)."""
    from rich.console import Console

    out = Console(file=sys.stdout, highlight=False, soft_wrap=True)
    err = Console(file=sys.stderr, highlight=False, soft_wrap=True)
    workers = workers if workers > 0 else (os.cpu_count() or 1)

    try:
        batch_size = max(1, int(os.environ.get("HETONG_BATCH_SIZE", "500")))
        flush_seconds = float(os.environ.get("HETONG_FLUSH_SECONDS", "5"))
    except ValueError as exc:
        err.print(f"HETONG_BATCH_SIZE / HETONG_FLUSH_SECONDS: {exc}", markup=False)
        return 2
    try:  # every setting read before the run starts: a bad one leaves no unfinished run behind
        Limits.from_env()
        from hetong.pipeline.read.limits import ocr_page_seconds

        ocr_page_seconds()
        max_memory()
    except ValueError as exc:
        err.print(f"invalid setting: {exc}", markup=False)
        return 2
    files = find_files(paths)
    writer = BatchWriter(db)
    try:
        with writer.connection() as conn:  # create and migrate now: fail before any work
            storage.migrate(conn)
    except (duckdb.Error, storage.MigrationError, OSError, DatabaseBusy) as exc:
        err.print(f"cannot open database {db}: {exc}", markup=False)
        return 2
    try:
        with ProgressReport(err, total=len(files)) as report:
            summary = ingest_files(  # the folders, not `files`: the walk records what it does not read
                paths, db, force=force, progress=report, workers=workers,
                batch_size=batch_size, flush_seconds=flush_seconds, supervised=True,
            )
        with writer.connection() as conn:
            totals = _database_totals(conn)
    except ImportRunning as exc:
        err.print(str(exc), markup=False)
        return 2
    except DatabaseBusy as exc:
        err.print(f"{exc}\nwhat was committed is stored: run again to import the rest", markup=False)
        return 2
    except StorageAborted as exc:
        err.print(f"import stopped: {exc}\nearlier batches are committed; the documents of the failed batch "
                  "were not stored and the next run imports them", markup=False)
        return 1

    imported = f"ok {summary.ok}, partial {summary.partial}, failed {summary.failed - summary.unreadable}"
    if summary.not_a_contract:
        imported += f", not a contract {summary.not_a_contract}"
    unreadable = f"unreadable {summary.unreadable}; " if summary.unreadable else ""
    out.print(
        f"files seen {summary.seen}: imported {imported}; {unreadable}"
        f"skipped {summary.skipped} (already imported)",
        markup=False,
    )
    if summary.not_read:
        out.print(f"not read {summary.not_read} (unsupported types or unlistable folders; see table files_not_read)",
                  markup=False)
    out.print(
        f"elapsed {summary.elapsed:.2f} s, {summary.docs_per_second:.1f} docs/s, "
        f"{summary.bytes / 1e6 / summary.elapsed if summary.elapsed else 0.0:.2f} MB/s, "
        f"workers {workers}, run {summary.run_id}",
        markup=False,
    )
    out.print(
        f"database {db}: {totals['documents']} documents, {totals['contracts']} contracts, "
        f"total amount {_yuan(totals['total_amount'])} "
        f"({totals['with_amount']} contracts with a total), {totals['flags']} flags",
        markup=False,
    )
    if summary.interrupted:
        err.print(f"interrupted after {summary.seen} of {summary.total} files: run again to import the rest", markup=False)
        return 130
    if summary.seen == 0:
        err.print("no .txt/.md/.pdf/.docx files found", markup=False)
        return 1
    return 1 if summary.failed == summary.seen else 0


class ProgressReport:
    """Progress on stderr: a rich bar (files, docs/s, failures) on a terminal;
    otherwise a plain `progress:` line every `interval` seconds while the
    count changes (from a timer thread, so the line shows the count of that
    moment even when documents are committed in bursts) and one at the end,
    so logs of unattended runs show it too. Used as the `progress` callback of
    `ingest_files`; problems are printed as they happen."""

    def __init__(self, console: Any, total: int, interval: float = 2.0) -> None:
        self.console = console
        self.total = total
        self.interval = interval
        self.counts = {"ok": 0, "partial": 0, "failed": 0, "not_a_contract": 0, "skipped": 0, "unreadable": 0}
        self.started = self.last = time.perf_counter()
        self.bar: Any = None
        self.task: Any = None
        self.printed = -1  # files done at the last plain line
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __enter__(self) -> ProgressReport:
        if self.console.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files · {task.fields[rate]:.1f} docs/s · failed {task.fields[failed]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=self.console,
            )
            self.task = self.bar.add_task("ingest", total=self.total, rate=0.0, failed=0)
            self.bar.start()
        else:
            self._ticker = threading.Thread(target=self._tick, daemon=True, name="progress")
            self._ticker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self._update()
            self.bar.stop()
            return
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        if self.printed != self.done:
            self._print()

    @property
    def done(self) -> int:
        return sum(n for outcome, n in self.counts.items() if outcome != "not_read")

    @property
    def rate(self) -> float:
        processed = self.done - self.counts["skipped"]
        elapsed = time.perf_counter() - self.started
        return processed / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        c = self.counts
        return (
            f"progress: {self.done}/{self.total} files, ok {c['ok']}, partial {c['partial']}, "
            f"failed {c['failed'] + c['unreadable']}, skipped {c['skipped']}, {self.rate:.1f} docs/s"
        )

    def __call__(self, path: Path, outcome: str, error: str | None) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        if outcome not in ("ok", "skipped"):
            printer = self.bar.console if self.bar is not None else self.console
            printer.print(f"{path}: {outcome}: {error or ''}", markup=False)
        if self.bar is not None:
            now = time.perf_counter()
            if now - self.last >= 0.1 or self.done == self.total:
                self._update()
                self.last = now

    def _tick(self) -> None:
        while not self._stop.wait(self.interval):
            if self.printed != self.done:
                self._print()

    def _print(self) -> None:
        done = self.done
        self.console.print(self.line(), markup=False)
        self.printed = done

    def _update(self) -> None:
        failed = self.counts["failed"] + self.counts["unreadable"]
        self.bar.update(self.task, completed=self.done, rate=self.rate, failed=failed)


def _database_totals(conn: duckdb.DuckDBPyConnection) -> dict[str, int | Decimal]:
    row = conn.execute(
        """
        SELECT
            (SELECT count(*) FROM documents),
            (SELECT count(*) FROM v_contracts),
            (SELECT coalesce(sum(total_amount), 0) FROM v_contracts),
            (SELECT count(total_amount) FROM v_contracts),
            (SELECT count(*) FROM flags)
        """
    ).fetchone()
    assert row is not None
    documents, contracts, total_amount, with_amount, flags = row
    return {
        "documents": documents,
        "contracts": contracts,
        "total_amount": Decimal(total_amount),
        "with_amount": with_amount,
        "flags": flags,
    }


def _yuan(amount: int | Decimal) -> str:
    return f"{Decimal(amount):,.2f} 元"
