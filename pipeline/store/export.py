"""Exports. `to_json_dict`/`to_json_line`: one contract as JSON, in the field
names of data/gold/FORMAT.md — values are JSON-native: Decimal → string, date
→ ISO string; extra keys (evidence, rule ids, clause ids) ride along and the
scorer ignores them. `export_relation`: any table or view of a database to
Parquet, CSV (with a UTF-8 byte order mark for Excel, on request), JSON Lines
or one JSON array, optionally with personal data masked (`hetong export`);
`export_all`: every table and view into one folder, with a data dictionary
made of the column comments (`hetong export --all`). The catalog helpers
(`catalog`, `columns`, `resolve_relation`) are shared with pipeline/store/query.py.

Why one module: JSON, CSV, Parquet and the whole-database export share the
catalog helpers and the redaction hook; each format is a short function.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import json
import math
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hetong.models import ContractRecord

if TYPE_CHECKING:  # duckdb and the redactor load when a table is exported, not for JSON lines
    import duckdb

    from hetong.pipeline.store.redact import Redactor


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

FORMATS = ("parquet", "csv", "jsonl", "json")
# The format an output file's extension names (matched case-insensitively).
SUFFIX_FORMATS = {".parquet": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}
EXTENSIONS = {"parquet": ".parquet", "csv": ".csv", "jsonl": ".jsonl", "json": ".json"}
BOM = "\ufeff".encode("utf-8")  # Excel reads a CSV file as UTF-8 only when it starts with this
DICTIONARY = "data_dictionary"  # stem of the data dictionary files `export_all` writes

_BATCH = 2000
# Columns whose text is the value a row's `field` (evidence) or `rule` (flag
# spans) describes: `parties[乙方].phone` makes its value a phone number.
_DESCRIBED = frozenset({"value", "text", "ev_text"})
_PERSONAL_FIELD = r"[.\]](phone|email|account)$"


class ExportError(ValueError):
    """The export cannot be done; the message says why."""


# -- the catalog ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """A table or view of the database's main schema."""

    name: str
    kind: str  # table | view
    comment: str | None  # COMMENT ON TABLE/VIEW


@dataclass(frozen=True)
class Column:
    """A column of a table or view, with its declared type and COMMENT."""

    relation: str
    position: int  # 1-based
    name: str
    type: str
    comment: str | None


def catalog(conn: duckdb.DuckDBPyConnection) -> list[Relation]:
    """The tables and views of the database (main schema, not temporary), by name."""
    rows = conn.execute(
        """
        SELECT table_name, 'table', comment FROM duckdb_tables()
        WHERE NOT internal AND NOT temporary AND database_name = current_database() AND schema_name = 'main'
        UNION ALL
        SELECT view_name, 'view', comment FROM duckdb_views()
        WHERE NOT internal AND NOT temporary AND database_name = current_database() AND schema_name = 'main'
        """
    ).fetchall()
    return [Relation(name, kind, comment or None) for name, kind, comment in sorted(rows)]


def relations(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Exportable relations of the database: name -> 'table' | 'view'."""
    return {r.name: r.kind for r in catalog(conn)}


def columns(conn: duckdb.DuckDBPyConnection, relation: str | None = None) -> list[Column]:
    """The columns of `relation` (a catalog name, see `resolve_relation`), or of
    every table and view, in relation-name then column order."""
    known = {r.name for r in catalog(conn)}
    rows = conn.execute(
        """
        SELECT table_name, column_index, column_name, data_type, comment FROM duckdb_columns()
        WHERE NOT internal AND database_name = current_database() AND schema_name = 'main'
          AND (? IS NULL OR table_name = ?)
        ORDER BY table_name, column_index
        """,
        [relation, relation],
    ).fetchall()
    return [Column(t, int(i), c, str(d), comment or None) for t, i, c, d, comment in rows if t in known]


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


# -- choosing and checking the output ---------------------------------------------------------


def choose_format(out: Path | None, fmt: str | None, *, excel: bool = False) -> str:
    """The format to write `out` in: `fmt` when given, else the one its
    extension names (`SUFFIX_FORMATS`); `excel` means csv. Without `out` (a
    folder export) the default is parquet. ExportError when `fmt` is unknown,
    when `fmt` or `excel` contradicts the extension, or when neither is given
    and the extension names no format."""
    if fmt is not None:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if excel:
        if fmt not in (None, "csv"):
            raise ExportError(f"--excel writes CSV; it cannot be combined with --format {fmt}")
        fmt = "csv"
    if out is None:
        return fmt or "parquet"
    implied = SUFFIX_FORMATS.get(out.suffix.lower())
    if fmt is not None and implied is not None and fmt != implied:
        asked = "--excel (CSV)" if excel else f"--format {fmt}"
        raise ExportError(f"{asked} does not match {out.name} ({out.suffix} is {implied}): change the extension or the format")
    chosen = fmt or implied
    if chosen is None:
        known = ", ".join(SUFFIX_FORMATS)
        raise ExportError(f"cannot tell the format of {out.name} from its extension: name it {known}, or give --format")
    return chosen


def output_problem(path: Path) -> str | None:
    """Why a file cannot be written at `path` (one line), or None when it can:
    checked before any work, so a typo in an output path costs nothing. Tries
    a temporary file in the folder, so a read-only file system or a folder
    without write permission is caught too."""
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        return f"cannot write {path}: it is a folder"
    if not folder.exists():
        return f"cannot write {path}: folder {folder} does not exist"
    if not folder.is_dir():
        return f"cannot write {path}: {folder} is not a folder"
    if path.exists() and not os.access(path, os.W_OK):
        return f"cannot write {path}: permission denied"
    return _probe(folder, path)


def folder_problem(folder: Path) -> str | None:
    """Why files cannot be written into `folder` (which `prepare_folder` would
    create when only it is missing), or None."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        return f"cannot write into {folder}: it is not a folder"
    if not folder.exists():
        parent = folder.parent
        if not parent.is_dir():
            return f"cannot create folder {folder}: folder {parent} does not exist"
        return _probe(parent, folder)
    return _probe(folder, folder)


def _probe(folder: Path, target: Path) -> str | None:
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return f"cannot write {target}: {exc.strerror or exc}"
    return None


def first_line(exc: BaseException) -> str:
    """The first line of an error message (DuckDB's carry context lines)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- writing -------------------------------------------------------------------------------------


def export_relation(
    conn: duckdb.DuckDBPyConnection,
    name: str,
    fmt: str,
    out: str | Path,
    *,
    redact: bool = False,
    bom: bool = False,
) -> int:
    """Write the table or view `name` to `out` as parquet, csv (header, UTF-8;
    with `bom`, a UTF-8 byte order mark first, for Excel), jsonl (one JSON
    object per row) or json (one array of those objects): DECIMAL as a
    string, dates ISO 8601, lists and structs as JSON. With `redact`,
    personal data in every text value is masked (pipeline/store/redact.py), lists
    and structs included, types unchanged. Returns the number of rows written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    relation = resolve_relation(conn, name)
    # the relation name is resolved against the catalog, then quoted
    select = f"SELECT * FROM {quote_ident(relation)}"
    out = str(out)
    redactor = None
    if redact:
        from hetong.pipeline.store.redact import Redactor

        redactor = Redactor(known_personal_values(conn))
    if fmt in ("jsonl", "json"):
        return _write_json(conn, select, out, redactor, array=fmt == "json")  # sql-identifier-checked
    if redactor is None:
        _write_relation(conn.sql(select), fmt, out, bom=bom)  # sql-identifier-checked
        return _count(conn, select)
    temp = f"hetong_export_{uuid.uuid4().hex}"
    conn.execute(f"CREATE TEMP TABLE {quote_ident(temp)} AS {select} LIMIT 0")  # sql-identifier-checked
    try:
        reader = conn.cursor()  # a second connection: inserting on `conn` must not end the read
        try:
            cur = reader.execute(select)  # sql-identifier-checked
            names = [d[0] for d in cur.description]
            insert = f"INSERT INTO {quote_ident(temp)} VALUES ({', '.join('?' for _ in names)})"
            while batch := cur.fetchmany(_BATCH):
                conn.executemany(insert, [_redact_row(names, row, redactor) for row in batch])  # sql-identifier-checked
        finally:
            reader.close()
        _write_relation(conn.sql(f"SELECT * FROM {quote_ident(temp)}"), fmt, out, bom=bom)  # sql-identifier-checked
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


def _write_relation(rel: duckdb.DuckDBPyRelation, fmt: str, out: str, *, bom: bool) -> None:
    if fmt == "parquet":
        rel.write_parquet(out)
    elif not bom:
        rel.write_csv(out, header=True)
    else:  # DuckDB writes no byte order mark: write beside, then copy behind one
        fd, part = tempfile.mkstemp(prefix=".hetong-export-", suffix=".csv", dir=os.path.dirname(os.path.abspath(out)))
        os.close(fd)
        try:
            rel.write_csv(part, header=True)
            with open(part, "rb") as src, open(out, "wb") as dst:
                dst.write(BOM)
                shutil.copyfileobj(src, dst, 1 << 20)
        finally:
            os.unlink(part)


def _count(conn: duckdb.DuckDBPyConnection, select: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM ({select})").fetchone()  # sql-identifier-checked
    return int(row[0]) if row else 0


def _redact_row(names: list[str], row: tuple[Any, ...], redactor: Redactor) -> list[Any]:
    context = _context(dict(zip(names, row)))
    return [
        _redact_value(value, context if column in _DESCRIBED and context else column, redactor)
        for column, value in zip(names, row)
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


def json_rows(cur: duckdb.DuckDBPyConnection, redactor: Redactor | None = None) -> Iterator[dict[str, Any]]:
    """The rows of an executed cursor as JSON-native dicts (see `jsonable`);
    a JSON column's text is parsed, so it nests instead of being a string."""
    names = [d[0] for d in cur.description]
    json_columns = {d[0] for d in cur.description if str(d[1]) == "JSON"}
    while batch := cur.fetchmany(_BATCH):
        for row in batch:
            values = _redact_row(names, row, redactor) if redactor is not None else list(row)
            yield {
                c: (json.loads(v) if c in json_columns and isinstance(v, str) else jsonable(v))
                for c, v in zip(names, values)
            }


def _write_json(
    conn: duckdb.DuckDBPyConnection, select: str, out: str, redactor: Redactor | None, *, array: bool
) -> int:
    cur = conn.execute(select)  # sql-identifier-checked: built by export_relation from a resolved name
    n = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        if array:
            f.write("[")
        for record in json_rows(cur, redactor):
            line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
            f.write((("\n" if n == 0 else ",\n") + line) if array else line + "\n")
            n += 1
        if array:
            f.write("\n]\n" if n else "]\n")
    return n


def jsonable(value: Any) -> Any:
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
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)  # UUID, …


# -- every table and view, and the data dictionary (`hetong export --all`) ---------------------


@dataclass(frozen=True)
class Exported:
    """One file `export_all` wrote."""

    relation: str
    kind: str
    path: Path
    rows: int


_UNSAFE = re.compile(r"[^\w.-]+")


def file_names(names: list[str], extension: str) -> dict[str, str]:
    """A file name for each relation: its name with characters unsafe in a
    file name replaced by `_`, made unique (case-insensitively, and never one
    of the data dictionary's names) by a numeric suffix."""
    taken = {f"{DICTIONARY}.csv", f"{DICTIONARY}.md"}
    chosen: dict[str, str] = {}
    for name in names:
        stem = _UNSAFE.sub("_", name).lstrip(".") or "relation"
        candidate, i = stem + extension, 2
        while candidate.lower() in taken:
            candidate, i = f"{stem}_{i}{extension}", i + 1
        taken.add(candidate.lower())
        chosen[name] = candidate
    return chosen


def export_all(
    conn: duckdb.DuckDBPyConnection, folder: Path, fmt: str, *, redact: bool = False, bom: bool = False
) -> list[Exported]:
    """Write every table and view of `conn` into the existing `folder`, one
    file each (see `file_names`), then the data dictionary (`write_dictionary`).
    Returns the files written, in relation order. ExportError names the file
    that could not be written."""
    import duckdb

    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    rels = catalog(conn)
    names = file_names([r.name for r in rels], EXTENSIONS[fmt])
    written: list[Exported] = []
    for rel in rels:
        path = Path(folder) / names[rel.name]
        try:
            rows = export_relation(conn, rel.name, fmt, path, redact=redact, bom=bom)
        except (OSError, duckdb.Error) as exc:
            raise ExportError(f"cannot write {path}: {first_line(exc)}") from exc
        written.append(Exported(rel.name, rel.kind, path, rows))
    try:
        write_dictionary(conn, Path(folder), written, bom=bom)
    except OSError as exc:
        raise ExportError(f"cannot write the data dictionary into {folder}: {exc.strerror or exc}") from exc
    return written


DICTIONARY_COLUMNS = ("table", "column", "type", "description", "kind", "table_description", "file")


def dictionary_rows(conn: duckdb.DuckDBPyConnection, files: dict[str, str] | None = None) -> list[dict[str, str]]:
    """One row per column of every table and view: its type and its COMMENT,
    with the relation's kind and COMMENT, and (given `files`) its file name."""
    rels = {r.name: r for r in catalog(conn)}
    files = files or {}
    return [
        {
            "table": c.relation,
            "column": c.name,
            "type": c.type,
            "description": c.comment or "",
            "kind": rels[c.relation].kind,
            "table_description": rels[c.relation].comment or "",
            "file": files.get(c.relation, ""),
        }
        for c in columns(conn)
    ]


def write_dictionary(
    conn: duckdb.DuckDBPyConnection, folder: Path, written: list[Exported], *, bom: bool = False
) -> tuple[Path, Path]:
    """Write `data_dictionary.csv` (one row per column, `DICTIONARY_COLUMNS`)
    and `data_dictionary.md` (a section per table and view: its description,
    row count and file, then its columns) into `folder`. Returns both paths."""
    files = {e.relation: e.path.name for e in written}
    counts = {e.relation: e.rows for e in written}
    rows = dictionary_rows(conn, files)
    csv_path = Path(folder) / f"{DICTIONARY}.csv"
    with open(csv_path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=DICTIONARY_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    md_path = Path(folder) / f"{DICTIONARY}.md"
    md_path.write_text(_dictionary_markdown(conn, rows, files, counts), encoding="utf-8")
    return csv_path, md_path


def _dictionary_markdown(
    conn: duckdb.DuckDBPyConnection, rows: list[dict[str, str]], files: dict[str, str], counts: dict[str, int]
) -> str:
    from hetong.pipeline import __version__

    rels = catalog(conn)
    schema = ""
    if "_migrations" in {r.name for r in rels}:
        row = conn.execute("SELECT max(version) FROM _migrations").fetchone()
        schema = f", schema version {row[0]}" if row and row[0] is not None else ""
    lines = [
        "# Data dictionary",
        "",
        f"Written by `hetong export --all` (hetong {__version__}{schema}): {len(rels)} tables and views. "
        "Each description is the column's COMMENT in the database.",
        "",
        "| table | kind | rows | file | description |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rel in rels:
        lines.append(
            f"| {_md(rel.name)} | {rel.kind} | {counts.get(rel.name, '')} | {_md(files.get(rel.name, ''))} "
            f"| {_md(rel.comment or '')} |"
        )
    for rel in rels:
        lines += ["", f"## {_md(rel.name)}", ""]
        facts = [rel.kind]
        if rel.name in counts:
            facts.append(f"{counts[rel.name]} rows")
        if rel.name in files:
            facts.append(f"file `{files[rel.name]}`")
        lines.append(" · ".join(facts))
        if rel.comment:
            lines += ["", _md(rel.comment)]
        lines += ["", "| column | type | description |", "| --- | --- | --- |"]
        lines += [f"| {_md(r['column'])} | {_md(r['type'])} | {_md(r['description'])} |"
                  for r in rows if r["table"] == rel.name]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text safe in a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


# -- commands ---------------------------------------------------------------------------------


def _fail(message: str) -> int:
    """One line on stderr; exit code 2 (a bad argument, path or database)."""
    import sys

    print(message, file=sys.stderr)
    return 2


def _open_or_say(db: Path) -> Any:
    """The database opened for reading, or None after saying why on stderr."""
    import duckdb

    from hetong.pipeline.store import readers, storage

    try:
        return readers.open_for_reading(db)
    except (duckdb.Error, storage.MigrationError, OSError, readers.DatabaseBusy) as exc:
        _fail(f"cannot open database {db}: {exc}")
        return None


def _extras(redact: bool, excel: bool) -> str:
    notes = [note for flag, note in ((redact, "redacted"), (excel, "with a UTF-8 BOM for Excel")) if flag]
    return f" ({', '.join(notes)})" if notes else ""


def export_command(
    db: Path, table: str, fmt: str | None, out: Path, *, redact: bool = False, excel: bool = False
) -> int:
    """`hetong export`: write one table or view of DB to OUT, in FMT or the
    format OUT's extension names (`choose_format`). Exit code 0; 2 when the
    database, the table, the format or the output path is wrong."""
    import sys

    import duckdb

    try:
        fmt = choose_format(Path(out), fmt, excel=excel)
    except ExportError as exc:
        return _fail(str(exc))
    problem = output_problem(Path(out))
    if problem:
        return _fail(problem)
    conn = _open_or_say(db)
    if conn is None:
        return 2
    try:
        n = export_relation(conn, table, fmt, out, redact=redact, bom=excel)
    except ExportError as exc:
        return _fail(str(exc))
    except (duckdb.Error, OSError) as exc:
        return _fail(f"cannot write {out}: {first_line(exc)}")
    finally:
        conn.close()
    print(f"{out}: {n} rows of {table} as {fmt}{_extras(redact, excel)}", file=sys.stderr)
    return 0


def export_all_command(
    db: Path, folder: Path, fmt: str | None, *, redact: bool = False, excel: bool = False
) -> int:
    """`hetong export --all`: every table and view of DB into FOLDER (created
    when only it is missing) as FMT (default parquet), plus the data
    dictionary. Exit code 0; 2 when the database, the format or the folder is
    wrong or a file cannot be written."""
    import sys

    try:
        fmt = choose_format(None, fmt, excel=excel)
    except ExportError as exc:
        return _fail(str(exc))
    problem = folder_problem(Path(folder))
    if problem:
        return _fail(problem)
    conn = _open_or_say(db)
    if conn is None:
        return 2
    try:
        Path(folder).mkdir(exist_ok=True)
        written = export_all(conn, Path(folder), fmt, redact=redact, bom=excel)
    except ExportError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot create folder {folder}: {exc.strerror or exc}")
    finally:
        conn.close()
    for e in written:
        print(f"{e.path}: {e.rows} rows of {e.relation} ({e.kind})", file=sys.stderr)
    print(
        f"{folder}: {len(written)} tables and views as {fmt}{_extras(redact, excel)}, "
        f"{sum(e.rows for e in written)} rows; columns described in {DICTIONARY}.csv and {DICTIONARY}.md",
        file=sys.stderr,
    )
    return 0
