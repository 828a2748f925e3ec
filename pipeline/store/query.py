"""Looking into a database without changing it: its tables and views with
row counts (`hetong tables`), their columns with types and COMMENT text
(`hetong schema`), and SQL run read-only (`hetong query`).

The database is opened READ-ONLY (so these work while `hetong ingest`
imports, between its commits) and never migrated: any DuckDB file can be
inspected, and nothing here can change it. `hetong query` also refuses, before
running anything, every statement that is not a query (INSERT, CREATE, COPY,
ATTACH, SET, …): a write would fail on the read-only connection anyway, and
COPY … TO or ATTACH would write files outside it.

The functions return data; pipeline/cli.py prints it (`write_rows`,
`rich_table`) and sets the exit code.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from hetong.pipeline.store.export import (
    Column,
    Relation,
    catalog,
    columns,
    jsonable,
    quote_ident,
    resolve_relation,
)

if TYPE_CHECKING:  # duckdb and rich load when a command runs
    import duckdb
    from rich.table import Table

FORMATS = ("table", "csv", "json")
_BATCH = 2000
_READ_STATEMENTS = frozenset({"SELECT", "EXPLAIN", "PRAGMA", "CALL"})  # StatementType names that only read
_PID = re.compile(r"\(PID (\d+)\)")


class QueryError(ValueError):
    """A statement hetong refuses to run (it would write); the message says why."""


# -- opening -----------------------------------------------------------------------------------


def holder(exc: BaseException) -> str:
    """Who holds the database, from DuckDB's lock error ("another process
    (PID 828)"), for a message."""
    text = f"{exc} {exc.__cause__ or ''}"
    match = _PID.search(text)
    return f"another process (PID {match[1]})" if match else "another process"


def open_waiting(
    path: str | Path,
    *,
    read_only: bool,
    timeout: float,
    on_wait: Callable[[str], None] | None = None,
    config: dict[str, object] | None = None,
) -> duckdb.DuckDBPyConnection:
    """`readers.open_retrying`, but saying so when it has to wait: the first
    attempt does not wait; when another process holds the file, `on_wait`
    gets one line ("waiting for contracts.duckdb, held by another process
    (PID 828)… (up to 600 s)") and the lock is retried for up to `timeout`
    seconds, then readers.DatabaseBusy is raised."""
    from hetong.pipeline.store import readers

    try:
        return readers.open_retrying(path, read_only=read_only, timeout=0, config=config)
    except readers.DatabaseBusy as exc:
        if timeout <= 0:
            raise
        if on_wait is not None:
            on_wait(f"waiting for {path}, held by {holder(exc)}… (up to {timeout:g} s)")
        return readers.open_retrying(path, read_only=read_only, timeout=timeout, config=config)


def open_read_only(
    path: str | Path, *, timeout: float | None = None, on_wait: Callable[[str], None] | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the DuckDB file `path` (FileNotFoundError when
    there is none; it is never created), waiting up to `timeout` seconds
    (default readers.DEFAULT_READ_TIMEOUT) while another process holds it."""
    from hetong.pipeline.store import readers

    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such database file: {path}")
    wait = readers.DEFAULT_READ_TIMEOUT if timeout is None else timeout
    return open_waiting(path, read_only=True, timeout=wait, on_wait=on_wait)


# -- tables and schema ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TableInfo:
    name: str
    kind: str  # table | view
    rows: int
    comment: str | None


def table_list(conn: duckdb.DuckDBPyConnection) -> list[TableInfo]:
    """Every table and view of the database with its row count, by name."""
    found = []
    for rel in catalog(conn):
        row = conn.execute(f"SELECT count(*) FROM {quote_ident(rel.name)}").fetchone()  # sql-identifier-checked
        found.append(TableInfo(rel.name, rel.kind, int(row[0]) if row else 0, rel.comment))
    return found


def schema(conn: duckdb.DuckDBPyConnection, name: str | None = None) -> list[tuple[Relation, list[Column]]]:
    """The columns of the table or view `name` (matched as `hetong export`
    does; export.ExportError when there is none), or of every one."""
    rels = catalog(conn)
    if name is not None:
        wanted = resolve_relation(conn, name)
        rels = [r for r in rels if r.name == wanted]
    cols = columns(conn, rels[0].name if name is not None and rels else None)
    return [(rel, [c for c in cols if c.relation == rel.name]) for rel in rels]


# -- queries ------------------------------------------------------------------------------------


def check_read_only(conn: duckdb.DuckDBPyConnection, sql: str) -> None:
    """QueryError unless every statement of `sql` only reads (SELECT, WITH,
    FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN, PRAGMA, CALL). A syntax
    error is raised as DuckDB's ParserException."""
    statements = conn.extract_statements(sql)
    if not statements:
        raise QueryError("no SQL statement given")
    refused = sorted({s.type.name for s in statements if s.type.name not in _READ_STATEMENTS})
    if refused:
        raise QueryError(
            f"hetong query is read-only: {', '.join(refused)} statements are refused "
            "(the database is opened read-only; `hetong ingest` is what changes it)"
        )


def execute_read_only(conn: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyConnection:
    """Run `sql` after `check_read_only`; the connection, holding the result
    of its last statement (`description` is None when it returns no rows)."""
    check_read_only(conn, sql)
    return conn.execute(sql)  # the user's own SQL, by design: only reading statements, on a read-only connection


def result_rows(cur: duckdb.DuckDBPyConnection) -> Iterator[tuple[Any, ...]]:
    """The rows of an executed statement, fetched in batches."""
    while batch := cur.fetchmany(_BATCH):
        yield from batch


def json_columns(cur: duckdb.DuckDBPyConnection) -> frozenset[str]:
    return frozenset(d[0] for d in cur.description or () if str(d[1]) == "JSON")


# -- output --------------------------------------------------------------------------------------


def cell(value: Any) -> str:
    """A value as text for a table cell or a CSV field: NULL empty, money as
    its exact decimal, dates ISO 8601, lists and structs as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(jsonable(value), ensure_ascii=False)
    plain = jsonable(value)
    return plain if isinstance(plain, str) else str(plain)


def write_rows(
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    fmt: str,
    stream: TextIO,
    *,
    json_cols: frozenset[str] = frozenset(),
) -> int:
    """Write `rows` to `stream` as csv (a header row, then one line a row) or
    json (one array of objects, a row a line; money as decimal strings, a JSON
    column nested). Returns the number of rows."""
    n = 0
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([cell(v) for v in row])
            n += 1
        return n
    if fmt != "json":
        raise ValueError(f"unknown format {fmt!r}")
    stream.write("[")
    for row in rows:
        record = {
            c: (json.loads(v) if c in json_cols and isinstance(v, str) else jsonable(v)) for c, v in zip(names, row)
        }
        stream.write(("\n" if n == 0 else ",\n") + json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        n += 1
    stream.write("\n]\n" if n else "]\n")
    return n


def rich_table(names: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str | None = None) -> tuple[Table, int]:
    """A rich Table of `rows` (values as `cell` writes them, NULL shown dim;
    never read as markup) and its number of rows."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title) if title else None, title_justify="left", show_lines=False)
    for name in names:
        table.add_column(Text(str(name)), overflow="fold")
    numeric = [True] * len(names)  # right-justify columns of numbers only
    n = 0
    for row in rows:
        table.add_row(*(Text("NULL", style="dim") if v is None else Text(cell(v)) for v in row))
        for i, v in enumerate(row):
            numeric[i] = numeric[i] and (v is None or (isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)))
        n += 1
    for column, is_number in zip(table.columns, numeric):
        if is_number and n:
            column.justify = "right"
    return table, n
