"""Exports. `to_json_dict`/`to_json_line`: one contract as JSON, in the field
names of data/gold/FORMAT.md — values are JSON-native: Decimal → string, date
→ ISO string; extra keys (evidence, rule ids, clause ids) ride along and the
scorer ignores them. `export_relation`: any table or view of a database to
Parquet, CSV or JSON Lines, optionally with personal data masked
(`hetong export`).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models import ContractRecord

if TYPE_CHECKING:  # duckdb and the redactor load when a table is exported, not for JSON lines
    import duckdb

    from pipeline.redact import Redactor


def to_json_dict(record: ContractRecord) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    for item in data.get("sla", []):
        # hours as a JSON number, as in gold
        item["hours"] = _number(item["hours"])
    return data


def to_json_line(record: ContractRecord) -> str:
    return json.dumps(to_json_dict(record), ensure_ascii=False, separators=(",", ":"))


def _number(value: Any) -> Any:
    if isinstance(value, str):
        f = float(value)
        return int(f) if f.is_integer() else f
    return value


# -- tables and views to files (`hetong export`) ------------------------------------------

FORMATS = ("parquet", "csv", "jsonl")

_BATCH = 2000
# Columns whose text is the value a row's `field` (evidence) or `rule` (flag
# spans) describes: `parties[乙方].phone` makes its value a phone number.
_DESCRIBED = frozenset({"value", "text", "ev_text"})
_PERSONAL_FIELD = r"[.\]](phone|email|account)$"


class ExportError(ValueError):
    """The export cannot be done; the message says why."""


def relations(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Exportable relations of the database: name -> 'table' | 'view'."""
    rows = conn.execute(
        """
        SELECT table_name, 'table' FROM duckdb_tables()
        WHERE NOT internal AND NOT temporary AND database_name = current_database() AND schema_name = 'main'
        UNION ALL
        SELECT view_name, 'view' FROM duckdb_views()
        WHERE NOT internal AND NOT temporary AND database_name = current_database() AND schema_name = 'main'
        """
    ).fetchall()
    return dict(sorted(rows))


def resolve_relation(conn: duckdb.DuckDBPyConnection, name: str) -> str:
    """The catalog name of the table or view `name` (DuckDB names are
    case-insensitive); ExportError when there is none. The result, never the
    user's text, is what goes into SQL, quoted."""
    known = relations(conn)
    if name in known:
        return name
    folded = [k for k in known if k.lower() == name.lower()]
    if len(folded) == 1:
        return folded[0]
    raise ExportError(f"no table or view {name!r}; there are: {', '.join(known)}")


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def export_relation(
    conn: duckdb.DuckDBPyConnection, name: str, fmt: str, out: str | Path, *, redact: bool = False
) -> int:
    """Write the table or view `name` to `out` as parquet, csv (header, UTF-8)
    or jsonl (one JSON object per row; DECIMAL as a string, dates ISO 8601,
    lists and structs as JSON). With `redact`, personal data in every text
    value is masked (pipeline/redact.py), lists and structs included, types
    unchanged. Returns the number of rows written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    relation = resolve_relation(conn, name)
    # the relation name is resolved against the catalog, then quoted
    select = f"SELECT * FROM {quote_ident(relation)}"
    out = str(out)
    if not redact:
        if fmt == "jsonl":
            return _write_jsonl(conn, select, out, None)  # sql-identifier-checked
        rel = conn.sql(select)  # sql-identifier-checked
        (rel.write_parquet if fmt == "parquet" else _write_csv(rel))(out)
        return _count(conn, select)
    from pipeline.redact import Redactor

    redactor = Redactor(known_personal_values(conn))
    if fmt == "jsonl":
        return _write_jsonl(conn, select, out, redactor)  # sql-identifier-checked
    temp = f"hetong_export_{uuid.uuid4().hex}"
    conn.execute(f"CREATE TEMP TABLE {quote_ident(temp)} AS {select} LIMIT 0")  # sql-identifier-checked
    try:
        reader = conn.cursor()  # a second connection: inserting on `conn` must not end the read
        try:
            cur = reader.execute(select)  # sql-identifier-checked
            columns = [d[0] for d in cur.description]
            insert = f"INSERT INTO {quote_ident(temp)} VALUES ({', '.join('?' for _ in columns)})"
            while batch := cur.fetchmany(_BATCH):
                conn.executemany(insert, [_redact_row(columns, row, redactor) for row in batch])  # sql-identifier-checked
        finally:
            reader.close()
        rel = conn.sql(f"SELECT * FROM {quote_ident(temp)}")  # sql-identifier-checked
        (rel.write_parquet if fmt == "parquet" else _write_csv(rel))(out)
        return _count(conn, f"SELECT * FROM {quote_ident(temp)}")
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {quote_ident(temp)}")  # sql-identifier-checked


def known_personal_values(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Phone numbers, e-mails and accounts the database holds as such: in
    parties, in evidence of those fields, and in flag spans about them."""
    have = relations(conn)
    parts = []
    if "parties" in have:
        parts += ["SELECT phone FROM parties", "SELECT email FROM parties", "SELECT account FROM parties"]
    if "evidence" in have:
        parts += [
            f"SELECT value FROM evidence WHERE regexp_matches(field, '{_PERSONAL_FIELD}')",
            f"SELECT text FROM evidence WHERE regexp_matches(field, '{_PERSONAL_FIELD}')",
        ]
    if "flags" in have:
        parts.append(
            "SELECT s.text FROM (SELECT unnest(spans) AS s FROM flags) "
            f"WHERE regexp_matches(s.rule, '{_PERSONAL_FIELD}')"
        )
    if not parts:
        return []
    rows = conn.execute(" UNION ".join(parts)).fetchall()
    return sorted(r[0] for r in rows if r[0])


def _write_csv(rel: duckdb.DuckDBPyRelation) -> Callable[[str], None]:
    return lambda path: rel.write_csv(path, header=True)


def _count(conn: duckdb.DuckDBPyConnection, select: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM ({select})").fetchone()  # sql-identifier-checked
    return int(row[0]) if row else 0


def _redact_row(columns: list[str], row: tuple[Any, ...], redactor: Redactor) -> list[Any]:
    context = _context(dict(zip(columns, row)))
    return [
        _redact_value(value, context if column in _DESCRIBED and context else column, redactor)
        for column, value in zip(columns, row)
    ]


def _context(record: dict[str, Any]) -> str | None:
    """What a row or struct describes: its `field` (evidence) or `rule` (flag spans)."""
    for key in ("field", "rule"):
        if isinstance(record.get(key), str):
            return record[key]
    return None


def _redact_value(value: Any, hint: str | None, redactor: Redactor) -> Any:
    if isinstance(value, str):
        return redactor(value, hint)
    if isinstance(value, list):
        return [_redact_value(v, hint, redactor) for v in value]
    if isinstance(value, tuple):
        return tuple(_redact_value(v, hint, redactor) for v in value)
    if isinstance(value, dict):
        context = _context(value)
        return {
            k: _redact_value(v, context if k in _DESCRIBED and context else k, redactor) for k, v in value.items()
        }
    return value


def _write_jsonl(conn: duckdb.DuckDBPyConnection, select: str, out: str, redactor: Redactor | None) -> int:
    rel = conn.sql(select)
    json_columns = {c for c, t in zip(rel.columns, rel.types) if str(t) == "JSON"}
    cur = conn.execute(select)
    columns = [d[0] for d in cur.description]
    n = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        while batch := cur.fetchmany(_BATCH):
            for row in batch:
                values = _redact_row(columns, row, redactor) if redactor is not None else list(row)
                record = {
                    c: (json.loads(v) if c in json_columns and isinstance(v, str) else _jsonable(v))
                    for c, v in zip(columns, values)
                }
                f.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
                n += 1
    return n


def _jsonable(value: Any) -> Any:
    """A JSON-native value: Decimal → string (never float), dates ISO 8601."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)  # UUID, …


def export_command(db: Path, table: str, fmt: str, out: Path, *, redact: bool = False) -> int:
    """`hetong export`: write one table or view of DB to OUT. Exit code 0; 2
    when the database, the table, the format or the output path is wrong."""
    import sys

    import duckdb

    from pipeline import readers, storage

    def fail(message: str) -> int:
        print(message, file=sys.stderr)
        return 2

    fmt = fmt.lower()
    if fmt not in FORMATS:
        return fail(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not Path(out).parent.is_dir():
        return fail(f"cannot write {out}: folder {Path(out).parent} does not exist")
    try:
        conn = readers.open_for_reading(db)
    except (duckdb.Error, storage.MigrationError, OSError, readers.DatabaseBusy) as exc:
        return fail(f"cannot open database {db}: {exc}")
    try:
        n = export_relation(conn, table, fmt, out, redact=redact)
    except ExportError as exc:
        return fail(str(exc))
    finally:
        conn.close()
    print(f"{out}: {n} rows of {table} as {fmt}{' (redacted)' if redact else ''}", file=sys.stderr)
    return 0
