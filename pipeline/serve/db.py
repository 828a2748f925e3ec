"""The workbench's access to the database file: open, one short piece of
work, close — as every other reader does (docs/concurrency.md), so that
`hetong ingest` can commit while the workbench is running. Reads open the file
read-only; a decision opens it read-write for one INSERT. Inside one process
DuckDB refuses a read-only and a read-write connection to the same file at
the same time, so the opens are serialised by a lock (each is milliseconds)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from hetong.pipeline.store import readers, storage

__all__ = ["Database", "rows"]


class Database:
    def __init__(self, path: str | Path, *, timeout: float = readers.DEFAULT_READ_TIMEOUT):
        self.path = Path(path)
        self.timeout = timeout
        self._lock = threading.Lock()

    def prepare(self) -> None:
        """Bring the schema up to date once (migration 009 adds `reviews`);
        raises storage.MigrationError for a file hetong did not make."""
        with self._lock:
            storage.open_database(self.path).close()

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            conn = readers.open_retrying(self.path, read_only=True, timeout=self.timeout)
            try:
                yield conn
            finally:
                conn.close()

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            conn = readers.open_retrying(self.path, read_only=False, timeout=self.timeout)
            try:
                yield conn
            finally:
                conn.close()


def rows(conn: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Every row of a parameterised query, as dicts."""
    cur = conn.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]
