"""Batch writer: many documents per DuckDB transaction, the same rows as
`storage.store_document`.

`storage.store_document` writes one document per transaction with one
`executemany` per table; DuckDB executes an `executemany` row by row, which
costs about 1 ms a row, so a contract of ~80 rows took 150–550 ms to store
and storage, not extraction, bounded an import at a few documents a second.
Here a batch of documents is written in ONE transaction:

1. `DELETE FROM t WHERE sha256 IN (…)` for every document table, for the
   documents of the batch already stored — the same per-document
   delete-then-insert as `store_document`, so writing a document twice (a
   `--force` re-import, a batch retried after a crash) replaces its rows and
   never duplicates them;
2. one `INSERT … SELECT` per table for the whole batch, each column passed as
   ONE list parameter and cast to the column's declared type in SQL.

A kill at any moment leaves either the whole batch committed or none of it
(DuckDB replays its WAL on the next open and drops an uncommitted
transaction), so a document has a `documents` row iff all its child rows are
stored, and a re-run that skips by sha256 imports every document exactly once.

Values are passed losslessly: DECIMAL as its exact decimal string, DATE and
TIMESTAMP as ISO strings, LIST/STRUCT as JSON, integers and booleans as
typed lists; DuckDB casts each to the column type. The row dicts come from
`storage._rows` (the one conversion and validation of a Document into rows;
see the report for the proposed public name), so both writers store
identical rows — `tests/pipeline/batch/test_batch.py` compares them table by table.

Given a database PATH rather than a connection, the writer holds the file
only while it writes: `connection()` opens it (retrying while an analyst's
read-only connection holds the lock, up to `lock_timeout` seconds, then
raising readers.DatabaseBusy), and closes it when the batch is committed, so
read-only connections can open the file between batches (docs/concurrency.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from hetong.pipeline.store import identity, readers, storage

Rows = Mapping[str, Sequence[Mapping[str, Any]]]  # table -> rows (column -> value)

TABLES: tuple[str, ...] = storage._DOCUMENT_TABLES  # children first
_INTEGER = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT"}


# One thread: a batch's statements are small (hundreds to thousands of rows),
# where DuckDB's thread hand-offs cost more than they save — measured 20%
# less CPU per batch — and extraction workers need the other cores.
WRITER_CONFIG: dict[str, object] = {"threads": 1}


def rows_of(doc: Any, run_id: int, size: int | None) -> dict[str, list[dict[str, Any]]]:
    """Every row `doc` stores, per table (raises storage.StorageError when a
    value cannot be stored faithfully)."""
    return storage._rows(doc, run_id, size)


def write_lock_timeout() -> float:
    """Seconds a commit waits for readers to release the database file
    (HETONG_WRITE_TIMEOUT, default 600)."""
    return float(os.environ.get("HETONG_WRITE_TIMEOUT", "600"))


class BatchWriter:
    """Writes batches of documents' rows to `target`, one transaction a batch.

    `target` is an open connection (used as is, kept open) or the path of a
    database file, opened for each batch and closed after its commit."""

    def __init__(self, target: duckdb.DuckDBPyConnection | str | Path, *, lock_timeout: float | None = None) -> None:
        if isinstance(target, (str, Path)):
            self.path: Path | None = Path(target)
            self.conn: duckdb.DuckDBPyConnection | None = None
        else:
            self.path, self.conn = None, target
        self.lock_timeout = write_lock_timeout() if lock_timeout is None else lock_timeout
        self._depth = 0
        self._types: dict[str, dict[str, str]] = {}

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection to write with. With a path: opened on entry (lock
        errors retried) and closed on exit of the outermost `with`, so
        nested uses share one open."""
        if self.path is None:
            assert self.conn is not None
            yield self.conn
            return
        if self._depth == 0:
            self.conn = readers.open_retrying(self.path, read_only=False, timeout=self.lock_timeout,
                                              config=WRITER_CONFIG)
        self._depth += 1
        try:
            yield self.conn  # type: ignore[misc]
        finally:
            self._depth -= 1
            if self._depth == 0:
                conn, self.conn = self.conn, None
                conn.close()  # type: ignore[union-attr]

    def column_types(self, table: str) -> dict[str, str]:
        """Column name -> declared type of `table` (read once, then cached:
        the schema does not change while a writer is in use)."""
        if table not in self._types:
            with self.connection() as conn:
                rows = conn.execute(
                    "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() "
                    "AND schema_name = 'main' AND table_name = ? ORDER BY column_index",
                    [table],
                ).fetchall()
            self._types[table] = dict(rows)
        return self._types[table]

    def write(self, batch: Sequence[tuple[str, Rows]]) -> None:
        """Store `batch`, a sequence of (sha256, rows per table), in one
        transaction, replacing whatever was stored for those sha256 before.
        A sha256 listed twice keeps its last rows. On any error nothing is
        written and the error is raised."""
        if not batch:
            return
        latest: dict[str, Rows] = {}
        for sha, rows in batch:
            latest[sha] = rows  # dict keeps the first position, the last value
        shas = list(latest)
        merged: dict[str, list[Mapping[str, Any]]] = {table: [] for table in TABLES}
        for rows in latest.values():
            for table in TABLES:
                merged[table].extend(rows.get(table, ()))
        with self.connection() as conn:
            self._write(conn, shas, merged)

    def _write(
        self, conn: duckdb.DuckDBPyConnection, shas: list[str], merged: dict[str, list[Mapping[str, Any]]]
    ) -> None:
        conn.begin()
        try:
            # Only documents already stored have rows to replace: every writer
            # stores a document's rows with its `documents` row in one
            # transaction, so there are no child rows without one. Looking
            # them up by the primary key keeps a batch of new documents from
            # scanning every child table (which grows with the database).
            stored = [
                sha
                for (sha,) in conn.execute(
                    "SELECT sha256 FROM documents WHERE sha256 IN (SELECT unnest(?::VARCHAR[]))", [shas]
                ).fetchall()
            ]
            for table in TABLES if stored else ():  # table names: our constant tuple, never input
                sql = f"DELETE FROM {table} WHERE sha256 IN (SELECT unnest(?::VARCHAR[]))"  # sql-identifier-checked
                conn.execute(sql, [stored])  # sql-identifier-checked
            for table in reversed(TABLES):
                if merged[table]:
                    self._insert(conn, table, merged[table])
            # which contract each new file is of (pipeline/store/identity.py), in the same transaction
            identity.assign(conn, [row["sha256"] for row in merged["fingerprints"]])
            conn.commit()
        except BaseException:
            # A failed commit may leave no transaction to roll back: the
            # rollback's own error must not replace the cause (disk full, …).
            try:
                conn.rollback()
            except duckdb.Error:
                pass
            raise

    def _insert(self, conn: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
        types = self.column_types(table)
        columns = list(rows[0])
        unknown = [c for c in columns if c not in types]
        if unknown:
            raise storage.StorageError(f"{table}: no such columns {unknown}")
        selects, unnests, params = [], [], []
        for i, column in enumerate(columns):
            kind, values = _column([row.get(column) for row in rows], types[column])
            params.append(values)
            unnests.append(f"unnest(?::{_param_type(kind)}[]) AS c{i}")
            selects.append(_cast(f"c{i}", kind, types[column]))
        # `table` is from TABLES; every column and type was checked against duckdb_columns() above
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}) "  # sql-identifier-checked
            f"SELECT {', '.join(selects)} FROM (SELECT {', '.join(unnests)})"  # sql-identifier-checked
        )
        conn.execute(sql, params)  # sql-identifier-checked


def _kind(declared: str) -> str:
    if declared == "VARCHAR":
        return "text"
    if declared in _INTEGER:
        return "int"
    if declared == "BOOLEAN":
        return "bool"
    if declared == "JSON":
        return "json"
    if declared.endswith("]") or declared.startswith(("STRUCT", "MAP", "UNION")):
        return "nested"
    return "scalar"  # DECIMAL, DATE, TIMESTAMP, DOUBLE, …: passed as text, cast in SQL


def _param_type(kind: str) -> str:
    return {"int": "BIGINT", "bool": "BOOLEAN"}.get(kind, "VARCHAR")


def _cast(name: str, kind: str, declared: str) -> str:
    if kind == "text":
        return name
    if kind == "nested":
        return f"CAST(CAST({name} AS JSON) AS {declared})"
    return f"CAST({name} AS {declared})"


def _column(values: list[Any], declared: str) -> tuple[str, list[Any]]:
    kind = _kind(declared)
    if kind in ("text", "json"):
        return kind, values
    if kind in ("int", "bool"):
        return kind, values
    if kind == "nested":
        return kind, [None if v is None else json.dumps(v, ensure_ascii=False, default=_json_default) for v in values]
    return kind, [_scalar_text(v) for v in values]


def _scalar_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")  # never exponent notation: 1E+5 → 100000
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in a nested column")
