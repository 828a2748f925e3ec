"""Extraction in supervised worker processes: a hard wall-clock kill per document.

The time budget of `hetong.pipeline.read.limits.time_limit` is a signal raised between
bytecodes: a document stuck inside a C call that never returns (pdfium, a
parser looping in native code, a close() re-entering a reference cycle after
the budget fired) never sees it, and with `--workers 1` it used to stall the
import itself. Here every document is extracted in a worker process that the
importing process watches, whatever the number of workers (one included):

* each worker is a persistent process (forked warm from the fork server of
  pipeline/batch/workers.py, its HETONG_* settings and memory cap set as in the
  pool) that extracts one document at a time, sent and returned over a pipe,
  so the cost per document is one pickled task and its rows, not a process;
* the parent gives each document its budget (HETONG_MAX_SECONDS, moved on by
  every OCR'd page the worker reports) plus a grace for the worker's own
  clean time-limit failure; a worker still busy after that is killed with
  SIGKILL, its document recorded `failed` (`time limit exceeded: … worker
  killed`) and a fresh worker takes the next document;
* a worker that dies on its own (the OOM killer, a segfault in a native
  library) is replaced too, and its document recorded `failed: worker
  process died extracting this file (signal 9)`: one document fails, never
  the batch, and exactly the one that was running (each worker runs one
  document at a time, so there is nothing to re-run to find it);
* with several workers the next document is handed to a worker as soon as
  it returns one, so extraction overlaps the parent's writes; with one, the
  worker and the parent take turns, as in-process extraction did.

Workers exit when the pipe closes, when told to, or when the importing
process dies (the orphan watch of pipeline/batch/workers.py); Ctrl-C is the
parent's to handle, and on its way out it kills workers still busy.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from hetong.pipeline.read.limits import Limits, listen_to_extensions
from hetong.pipeline.batch.workers import (
    Extracted,
    Process,
    Task,
    _context,
    _init_worker,
    extract,
    failed_document,
    map_extract,
)

# A worker gets this much longer than the document's budget to fail it cleanly
# itself (the SIGALRM path) before it is killed: 5 s plus a tenth of the budget.
GRACE_SECONDS = 5.0
GRACE_SHARE = 0.1
START_SECONDS = 120.0  # a worker that is not ready after this long is replaced


class _Worker:
    """One supervised worker process and the document it is extracting."""

    def __init__(self, run_id: int, process: Process | None) -> None:
        ctx = _context()
        settings = {k: v for k, v in os.environ.items() if k.startswith("HETONG_")}
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_serve, args=(child, os.getpid(), settings, run_id, process),
                                name="hetong-extract", daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.task: Task | None = None
        self.sent = time.monotonic()
        self.deadline: float | None = time.monotonic() + START_SECONDS

    def send(self, task: Task, budget: float | None) -> None:
        self.task = task
        self.sent = time.monotonic()
        self.deadline = None if budget is None else self.sent + budget
        self.conn.send(task)

    def extend(self, seconds: float) -> None:
        if self.deadline is not None:
            self.deadline += seconds

    def died(self) -> str:
        """Why the process ended (after it did): `signal 9`, `exit code 3`."""
        self.proc.join(5)
        code = self.proc.exitcode
        if code is None:
            return "still running"
        return f"signal {-code}" if code < 0 else f"exit code {code}"

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        """Ask an idle worker to exit; kill it if it does not."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(2)
        self.kill()


def map_supervised(tasks: Iterable[Task], run_id: int, *, workers: int = 1,
                   process: Process | None = None, limits: Limits | None = None) -> Iterator[Extracted]:
    """Extract every task in `workers` supervised processes, yielding results
    as they complete. `process` (default `process_bytes`) must be importable
    by name in the workers. `limits.max_seconds` (default HETONG_MAX_SECONDS)
    is each document's budget; None: no hard kill."""
    limits = limits if limits is not None else Limits.from_env()
    seconds = limits.max_seconds
    budget = None if seconds is None else seconds + GRACE_SECONDS + GRACE_SHARE * seconds
    source = iter(tasks)
    pool = [_Worker(run_id, process) for _ in range(max(1, workers))]
    results: deque[Extracted] = deque()
    exhausted = False
    failed_starts = 0

    def dispatch() -> None:
        nonlocal exhausted
        for worker in pool:
            if not exhausted and worker.ready and worker.task is None:
                task = next(source, None)
                if task is None:
                    exhausted = True
                else:
                    worker.send(task, budget)

    def replace(worker: _Worker) -> None:
        nonlocal failed_starts
        failed_starts = 0 if worker.ready else failed_starts + 1
        worker.kill()
        if failed_starts >= 3:
            raise RuntimeError(f"extraction worker processes cannot start (the last one ended with {worker.died()})")
        pool[pool.index(worker)] = _Worker(run_id, process)

    # With several workers the next document is handed out before the parent
    # stores what it received (the workers keep busy). With one, the two take
    # turns, as extraction in the importing process and the writes did, so the
    # CPU cost per document stays that of in-process extraction plus the
    # pickling (benchmarks/supervised.py).
    overlap = len(pool) > 1
    try:
        while True:
            if overlap:
                dispatch()
            while results:
                yield results.popleft()
                if overlap:
                    dispatch()
            dispatch()
            if exhausted and all(w.task is None for w in pool):
                return
            waiting = [w.deadline for w in pool if w.deadline is not None]
            timeout = None if not waiting else max(0.0, min(waiting) - time.monotonic())
            ready = wait([w.conn for w in pool] + [w.proc.sentinel for w in pool], timeout)
            for worker in list(pool):
                if worker.conn in ready or worker.proc.sentinel in ready:
                    if not _receive(worker, results) or not worker.proc.is_alive():
                        if worker.task is not None:
                            reason = f"worker process died extracting this file ({worker.died()})"
                            results.append(_failed(worker.task, run_id, "worker", reason))
                        replace(worker)
            now = time.monotonic()
            for worker in list(pool):
                if worker.deadline is not None and now >= worker.deadline:
                    if worker.task is not None:
                        results.append(_failed(worker.task, run_id, "limits", (
                            f"time limit exceeded: more than {seconds:g} s on this document (HETONG_MAX_SECONDS); "
                            f"its worker process was killed after {now - worker.sent:.0f} s")))
                    replace(worker)
    finally:
        for worker in pool:
            if worker.task is None and worker.proc.is_alive():
                worker.stop()
            else:
                worker.kill()


def _receive(worker: _Worker, results: deque[Extracted]) -> bool:
    """Read what `worker` sent; False when it is gone (or sent garbage)."""
    try:
        while worker.conn.poll():
            kind, value = worker.conn.recv()
            if kind == "ready":
                worker.ready = True
                worker.deadline = None
            elif kind == "extend":
                worker.extend(value)
            elif kind == "done":
                results.append(value)
                worker.task = None
                worker.deadline = None
    except Exception:  # noqa: BLE001 — EOF or a message cut by a death: the worker is gone, not the import
        return False
    return True


def _failed(task: Task, run_id: int, stage: str, reason: str) -> Extracted:
    from hetong.pipeline.store.writer import rows_of

    doc = failed_document(task.data, task.source, task.path, stage, reason)
    return Extracted(path=task.path, source=task.source, sha256=doc.sha256, media_type=doc.media_type,
                     size=len(task.data), status=doc.status, errors=list(doc.errors),
                     rows=rows_of(doc, run_id, len(task.data)))


# -- in the worker process ------------------------------------------------------------------


def _serve(conn: Connection, parent_pid: int, settings: dict[str, str], run_id: int, process: Any) -> None:
    """A worker's life: extract each task received until told to stop."""
    _init_worker(parent_pid, settings)
    listen_to_extensions(lambda seconds: conn.send(("extend", seconds)))
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(("done", extract(task, run_id, process)))


def map_documents(tasks: Iterable[Task], run_id: int, *, workers: int = 1, process: Process | None = None,
                  supervised: bool = False) -> Iterator[Extracted]:
    """`supervised` (what `hetong ingest` does): in `max(1, workers)` watched
    processes, each document under a hard wall-clock kill; otherwise as
    `workers.map_extract` (in this process with one worker, else the pool)."""
    if supervised:
        yield from map_supervised(tasks, run_id, workers=max(1, workers), process=process)
    else:
        yield from map_extract(tasks, run_id, workers=workers, process=process)
