"""Opening the database while an import runs (see docs/concurrency.md).

DuckDB locks the database FILE: while one process has it open read-write, no
other process can open it at all, not even read-only; while any process has it
open read-only, no process can open it read-write. `hetong ingest` therefore
holds the file only while it commits a batch (open → one transaction → close,
typically tens of milliseconds every couple of seconds), and everybody else
opens it briefly and retries on the lock error:

    from hetong.pipeline.store.readers import connect_read_only

    with connect_read_only("contracts.duckdb", timeout=30) as conn:
        df = conn.execute("SELECT * FROM contracts").df()

The retry contract: the lock error (and only that) is retried with a short,
growing, jittered backoff until `timeout` seconds have passed; then
`DatabaseBusy` is raised, naming the file and the process DuckDB reports as
holding it. Any other error (no such file, not a DuckDB file, schema out of
date) is raised at once. Close the connection as soon as the query is done:
an open read-only connection blocks the importer's next commit (it waits for
it, up to HETONG_WRITE_TIMEOUT seconds).
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import duckdb

__all__ = ["DatabaseBusy", "connect_read_only", "is_lock_error", "open_retrying"]

DEFAULT_READ_TIMEOUT = 30.0  # seconds
_FIRST_DELAY = 0.01
_MAX_DELAY = 0.2


class DatabaseBusy(TimeoutError):
    """The database file stayed locked by another process for the whole
    timeout. Not a duckdb.Error, so code that handles database errors (for
    instance by storing a document as failed) does not mistake it for one."""


def is_lock_error(exc: BaseException) -> bool:
    """True for DuckDB's "Could not set lock on file" error: another process
    has the file open in a conflicting mode (temporary; worth retrying)."""
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def open_retrying(
    path: str | Path, *, read_only: bool, timeout: float, config: dict[str, object] | None = None
) -> duckdb.DuckDBPyConnection:
    """`duckdb.connect(path, read_only=…, config=…)`, retrying the lock error with a
    short backoff (10 ms doubling to 200 ms, jittered) for up to `timeout`
    seconds, then raising DatabaseBusy. Other errors are raised at once."""
    deadline = time.monotonic() + max(timeout, 0.0)
    delay = _FIRST_DELAY
    attempts = 0
    while True:
        attempts += 1
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config or {})
        except duckdb.IOException as exc:
            if not is_lock_error(exc):
                raise
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                mode = "read-only" if read_only else "read-write"
                raise DatabaseBusy(
                    f"{path}: could not open the database {mode} within {timeout:g} s "
                    f"({attempts} attempts): another process keeps it locked — {exc}"
                ) from exc
            time.sleep(min(remaining, delay * random.uniform(0.5, 1.5)))
            delay = min(delay * 2, _MAX_DELAY)


def connect_read_only(path: str | Path, *, timeout: float = DEFAULT_READ_TIMEOUT) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the hetong database at `path`, usable while
    `hetong ingest` is writing to it: retries while the importer is
    committing a batch (see the module docstring for the contract), raises
    DatabaseBusy after `timeout` seconds, FileNotFoundError when there is no
    such file, storage.MigrationError when its schema is older than this
    hetong (open it once read-write, e.g. with `hetong ingest`, to migrate).
    Use it in a `with` block, or close it promptly: it blocks commits."""
    from hetong.pipeline.store import storage

    if not os.path.isfile(path):
        raise FileNotFoundError(f"{path}: no such database file")
    conn = open_retrying(path, read_only=True, timeout=timeout)
    try:
        storage.check_schema(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def open_for_reading(path: str | Path, *, timeout: float = DEFAULT_READ_TIMEOUT) -> duckdb.DuckDBPyConnection:
    """What `hetong review --db` and `hetong export` use: read-only (so they
    work during an import), upgrading the schema first when the file was made
    by an older hetong."""
    from hetong.pipeline.store import storage

    try:
        return connect_read_only(path, timeout=timeout)
    except storage.MigrationError:
        storage.open_database(path).close()  # migrate once, read-write
        return connect_read_only(path, timeout=timeout)
