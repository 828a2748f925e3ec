"""Extraction in a process pool: `process_bytes` mapped over files.

Extracting a document is a pure function of its bytes and name, so it runs
anywhere: in this process (`workers <= 1`) or in worker processes. A worker
returns the document's storage rows (`Extracted`), already converted and
validated, not the Document: rows are a fraction of the Document's size to
send back (no raw/normalised text copies, no offset map), and converting them
is CPU work the parent, which writes to DuckDB, does not have to do.

Robustness:
* `extract` never raises: a pipeline that raises fails that document, a
  value storage cannot hold stores it as `failed` (as `store_document` did).
* At most `16 × workers` files and 256 MB of file bytes are in flight, so
  memory stays flat however large the folder (the bytes of a file live only
  while it is in flight), while enough work is queued to keep the workers
  busy during the parent's DuckDB writes.
* A worker that dies (segfault in a native library, OOM kill) breaks the
  pool; the files that were in flight are re-run one at a time in a new pool,
  and the one that kills a worker on its own is recorded as `failed`.
* Workers ignore SIGINT (the parent handles Ctrl-C) and exit by themselves
  when the parent dies, even by SIGKILL: no orphans keep running.
* Workers are forked from a `forkserver` process (where there is one; else
  `spawn`), never from the parent, which holds a DuckDB connection and
  threads that `fork` would copy mid-state. The fork server imports every
  stage and loads the NER model once (pipeline/batch/worker_preload.py), so a
  worker starts warm instead of paying ~3 CPU-seconds of imports and model
  load each, and the model's pages are shared copy-on-write. Each worker
  takes the parent's HETONG_* settings of the moment it is started (the
  server's environment is the one of its own start).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from hetong.models import Document
from hetong.pipeline.read.ingest import media_type_of, sha256

Process = Callable[..., Document]  # process_bytes(data, source=, path=, timings=)


@dataclass(frozen=True)
class Task:
    """One file to extract: its bytes, already read and hashed by the parent."""

    path: str  # as stored in documents.path
    source: str  # file name
    data: bytes
    sha256: str


@dataclass
class Extracted:
    """What a worker sends back: the document's outcome and storage rows."""

    path: str
    source: str
    sha256: str
    media_type: str
    size: int
    status: str
    errors: list[str]
    rows: dict[str, list[dict[str, Any]]]  # table -> rows, as storage writes them
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds (incl. "rows")

    @property
    def error(self) -> str | None:
        return "; ".join(self.errors) or None


def failed_document(
    data: bytes, source: str, path: str, stage: str, exc: BaseException | str, before: Document | None = None
) -> Document:
    """A bare failed Document for `data`, keeping the errors and metadata of
    `before` (a Document whose rows could not be stored)."""
    doc = Document(source=source, path=path, sha256=sha256(data), media_type=media_type_of(data, source))
    if before is not None:
        doc.encoding, doc.pages = before.encoding, before.pages
        doc.versions, doc.errors = dict(before.versions), list(before.errors)
    message = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    doc.fail(stage, message, status="failed")
    return doc


def extract(task: Task, run_id: int, process: Process | None = None) -> Extracted:
    """Extract one file into its storage rows. Never raises."""
    from hetong.pipeline.store.writer import rows_of

    if process is None:
        from hetong.pipeline.orchestrate import process_bytes as process
    timings: dict[str, float] = {}
    data, source, path = task.data, task.source, task.path
    try:
        doc = process(data, source=source, path=path, timings=timings)
    except Exception as exc:  # process_bytes should not raise; the batch goes on if it does
        doc = failed_document(data, source, path, "pipeline", exc)
    t0 = time.perf_counter()
    try:
        rows = rows_of(doc, run_id, len(data))
    except Exception as exc:  # a value that cannot be stored fails this document only
        doc = failed_document(data, source, path, "store", exc, before=doc)
        rows = rows_of(doc, run_id, len(data))
    timings["rows"] = time.perf_counter() - t0
    return Extracted(
        path=path,
        source=source,
        sha256=doc.sha256,
        media_type=doc.media_type,
        size=len(data),
        status=doc.status,
        errors=list(doc.errors),
        rows=rows,
        timings=timings,
    )


def crashed(task: Task, run_id: int, reason: str) -> Extracted:
    """The record of a file whose extraction killed its worker."""
    from hetong.pipeline.store.writer import rows_of

    doc = failed_document(task.data, task.source, task.path, "worker", reason)
    return Extracted(
        path=task.path,
        source=task.source,
        sha256=doc.sha256,
        media_type=doc.media_type,
        size=len(task.data),
        status=doc.status,
        errors=list(doc.errors),
        rows=rows_of(doc, run_id, len(task.data)),
    )


# -- the pool ---------------------------------------------------------------------------


def map_extract(
    tasks: Iterable[Task],
    run_id: int,
    *,
    workers: int = 1,
    process: Process | None = None,
    in_flight: int | None = None,
    max_bytes_in_flight: int = 256 * 2**20,
) -> Iterator[Extracted]:
    """Extract every task with `process` (default `process_bytes`), yielding
    results as they complete (in any order when `workers > 1`). `workers <= 1`
    runs in this process; otherwise in `workers` processes, to which a custom
    `process` must be importable by name (a module-level function). Watched
    processes under a hard wall-clock kill are pipeline/batch/supervisor.py's
    (`map_documents` chooses)."""
    if workers <= 1:
        for task in tasks:
            yield extract(task, run_id, process)
        return
    yield from _Pool(workers, run_id, in_flight or 16 * workers, process, max_bytes_in_flight).map(tasks)


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["hetong.pipeline.batch.worker_preload"])
    return ctx


class _Pool:
    def __init__(self, workers: int, run_id: int, in_flight: int, process: Process | None, max_bytes: int) -> None:
        self.process = process
        self.max_bytes = max_bytes
        self.workers = workers
        self.run_id = run_id
        self.limit = max(1, in_flight)
        self.executor: ProcessPoolExecutor | None = None

    def _start(self, workers: int) -> ProcessPoolExecutor:
        settings = {k: v for k, v in os.environ.items() if k.startswith("HETONG_")}
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=_context(),
            initializer=_init_worker,
            initargs=(os.getpid(), settings),
        )


    def map(self, tasks: Iterable[Task]) -> Iterator[Extracted]:
        source = iter(tasks)
        running: dict[Future[Extracted], Task] = {}
        suspects: deque[Task] = deque()  # in flight when a worker died: re-run one at a time
        exhausted = False
        try:
            while True:
                if suspects:
                    yield from self._one_at_a_time(suspects)
                while not exhausted and len(running) < self.limit and (
                    not running or sum(len(t.data) for t in running.values()) < self.max_bytes
                ):
                    task = next(source, None)
                    if task is None:
                        exhausted = True
                        break
                    try:
                        running[self._submit(task)] = task
                    except BrokenProcessPool:
                        # a worker died (OOM killer, kill -9) since the last
                        # wait: the pool refuses work; all in flight are suspect
                        suspects.append(task)
                        break
                if suspects:  # the pool broke while work was being handed out
                    suspects.extend(running.values())
                    running.clear()
                    self._stop()
                    continue
                if not running:
                    return
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    task = running.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        suspects.append(task)
                if suspects:  # the pool is broken: everything in flight is suspect
                    suspects.extend(running.values())
                    running.clear()
                    self._stop()
        finally:
            self._stop()

    def _submit(self, task: Task) -> Future[Extracted]:
        if self.executor is None:
            self.executor = self._start(self.workers)
        return self.executor.submit(_extract_in_worker, task, self.run_id, self.process)

    def _stop(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def _one_at_a_time(self, suspects: deque[Task]) -> Iterator[Extracted]:
        """Run each suspect alone in a single-worker pool, so that a crash is
        attributable to it; one that crashes alone is recorded as failed."""
        solo = self._start(1)
        try:
            while suspects:
                task = suspects.popleft()
                try:
                    yield solo.submit(_extract_in_worker, task, self.run_id, self.process).result()
                except BrokenProcessPool as exc:
                    yield crashed(task, self.run_id, f"worker process died extracting this file ({exc})")
                    solo.shutdown(wait=True, cancel_futures=True)
                    solo = self._start(1)
        finally:
            solo.shutdown(wait=True, cancel_futures=True)


# -- in the worker process ------------------------------------------------------------------


def _init_worker(parent_pid: int, settings: dict[str, str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # the parent's HETONG_* settings now, not the fork server's from its start
    for key in [k for k in os.environ if k.startswith("HETONG_") and k not in settings]:
        del os.environ[key]
    os.environ.update(settings)
    from hetong.pipeline.read.limits import max_memory, memory_limit

    memory_limit(max_memory()).__enter__()  # for the worker's whole life: it exits with the pool
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True, name="orphan-watch").start()
    from hetong.pipeline.orchestrate import _steps

    _steps()  # import every stage now, not in the first document's timings


def _exit_with_parent(parent_pid: int) -> None:
    """Exit once the importing process is gone (even by SIGKILL). A worker
    forked by the fork server is not its child, and the server lives as long
    as any worker does, so the parent itself is watched, not `getppid()`."""
    while True:
        if not _alive(parent_pid):
            os._exit(1)
        time.sleep(0.5)


def _alive(pid: int) -> bool:
    """Is process `pid` running (not gone, not a zombie waiting to be reaped)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):  # no /proc (macOS): kill(0) is all we have
        return True


def _extract_in_worker(task: Task, run_id: int, process: Process | None) -> Extracted:
    return extract(task, run_id, process)
