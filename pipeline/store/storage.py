"""DuckDB storage: schema migrations, one transaction per document, import runs.

The schema lives in numbered SQL files, `pipeline/migrations/NNN_name.sql`,
applied in order by `connect`, each in its own transaction and recorded in
`_migrations` (with a checksum: an applied migration must never be edited;
add a new one). Every value reaches DuckDB as a bound parameter, never by
formatting document content into SQL. Money stays Decimal end to end and is
never rounded on the way in: an amount that does not fit DECIMAL(18,2) is a
StorageError, not a silently different number.

Why one module: the schema (migrations) and the row writers share the table
definitions; a document is written in one transaction across all tables, which
this module owns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from hetong.models import Document, Evidence
from hetong.pipeline import __version__
from hetong.pipeline.store import analyst_units

__all__ = [
    "Migration",
    "MigrationError",
    "Region",
    "StorageError",
    "check_schema",
    "connect",
    "fill_regions",
    "finish_run",
    "is_imported",
    "migrate",
    "migrations",
    "open_database",
    "region_of",
    "start_run",
    "store_document",
]

_MIGRATION_FILE = re.compile(r"^(?P<version>\d{3,})_(?P<name>[a-z0-9_]+)\.sql$")
# Document tables, children first (there are no FOREIGN KEYs; see 001_initial).
_DOCUMENT_TABLES = (
    "contract_files", "fingerprint_bands", "fingerprints", "evidence", "flags", "sla", "penalties", "payments", "clauses", "parties", "contracts", "pages", "texts", "documents",
)
_EXTRACTED = ("ok", "partial")  # statuses whose document went through extraction


class MigrationError(RuntimeError):
    """The schema cannot be brought up to date; the message says why."""


class StorageError(ValueError):
    """A document's values cannot be stored faithfully (e.g. an amount with
    more decimals than DECIMAL(18,2) keeps)."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


# -- migrations ---------------------------------------------------------------


def migrations() -> list[Migration]:
    """The migrations shipped with hetong, in version order."""
    found: dict[int, Migration] = {}
    for entry in resources.files("hetong.pipeline.store").joinpath("migrations").iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = _MIGRATION_FILE.match(entry.name)
        if match is None:
            raise MigrationError(f"migration file name {entry.name!r} is not NNN_name.sql")
        version = int(match["version"])
        if version in found:
            raise MigrationError(f"two migrations numbered {version}: {found[version].name}, {match['name']}")
        found[version] = Migration(version, match["name"], entry.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS _migrations (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    checksum    VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
)
"""


def _applied(conn: duckdb.DuckDBPyConnection) -> dict[int, tuple[str, str]] | None:
    """version -> (name, checksum) of applied migrations; None when the
    database has no `_migrations` table yet."""
    exists = conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name = '_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return None
    rows = conn.execute("SELECT version, name, checksum FROM _migrations").fetchall()
    return {version: (name, checksum) for version, name, checksum in rows}


def _pending(applied: dict[int, tuple[str, str]], available: Sequence[Migration]) -> list[Migration]:
    known = {m.version: m for m in available}
    unknown = sorted(set(applied) - set(known))
    if unknown:
        raise MigrationError(
            f"database has migrations {unknown} that this hetong ({__version__}) does not know; "
            "it was written by a newer version"
        )
    for version, (name, checksum) in sorted(applied.items()):
        if known[version].checksum != checksum:
            raise MigrationError(
                f"migration {version:03d}_{name}.sql was edited after it was applied to this database; "
                "never edit an applied migration, add a new one (or rebuild the database)"
            )
    return [m for m in available if m.version not in applied]


def migrate(conn: duckdb.DuckDBPyConnection, available: Sequence[Migration] | None = None) -> list[int]:
    """Apply pending migrations in order, each in its own transaction and
    recorded in `_migrations`. Returns the versions applied (empty when the
    schema is up to date, so calling it again is a no-op).

    A migration that adds columns derived from data already stored may have a
    Python hook (`_AFTER_MIGRATION`) that fills them for the existing rows; it
    runs in the migration's transaction and must only use the schema as of
    that migration."""
    available = migrations() if available is None else list(available)
    applied = _applied(conn)
    if applied is None:
        # A DuckDB file with tables but no _migrations is another program's:
        # hetong's schema must not be added to it.
        foreign = [name for (name,) in conn.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT internal "
            "ORDER BY 1 LIMIT 5").fetchall()]
        if foreign:
            raise MigrationError(f"not a hetong database: it holds other tables ({', '.join(foreign)}); "
                                 "choose another --db file")
        conn.execute(_BOOTSTRAP)
        applied = {}
    done: list[int] = []
    for migration in _pending(applied, available):
        conn.begin()
        try:
            conn.execute(migration.sql)  # sql-identifier-checked: our packaged migration files
            hook = _AFTER_MIGRATION.get((migration.version, migration.name))
            if hook is not None:
                hook(conn)
            conn.execute(
                "INSERT INTO _migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                [migration.version, migration.name, migration.checksum, _utcnow()],
            )
            conn.commit()
        except duckdb.Error as exc:
            conn.rollback()
            raise MigrationError(f"migration {migration.version:03d}_{migration.name}.sql failed: {exc}") from exc
        except BaseException:
            conn.rollback()
            raise
        done.append(migration.version)
    return done


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (or create) a DuckDB database and bring its schema up to date.
    `":memory:"` gives an in-memory database. A read-only connection is not
    migrated; it must already be up to date."""
    conn = duckdb.connect(str(path), read_only=read_only)
    try:
        if read_only:
            check_schema(conn, path)
        else:
            migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def check_schema(conn: duckdb.DuckDBPyConnection, path: str | Path) -> None:
    """Raise MigrationError unless the schema of `conn` is up to date (for a
    read-only connection, which cannot migrate; see hetong.pipeline.store.readers)."""
    pending = _pending(_applied(conn) or {}, migrations())
    if pending:
        raise MigrationError(
            f"{path}: schema is not up to date ({len(pending)} pending migrations); "
            "open it once without read_only"
        )


def open_database(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open an existing hetong database and bring its schema up to date. Unlike
    `connect`, never creates a database, and refuses a DuckDB file that hetong
    did not make (no `_migrations` table) rather than adding its schema to it."""
    if not Path(path).is_file():
        raise MigrationError(f"{path}: no such database file")
    conn = duckdb.connect(str(path))
    try:
        if _applied(conn) is None:
            raise MigrationError(f"{path}: not a hetong database (it has no _migrations table)")
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


# -- runs -----------------------------------------------------------------------


def start_run(conn: duckdb.DuckDBPyConnection) -> int:
    """Record the start of an import run; returns its run_id."""
    row = conn.execute(
        "INSERT INTO runs (started_at, hetong_version) VALUES (?, ?) RETURNING run_id",
        [_utcnow(), __version__],
    ).fetchone()
    assert row is not None
    return int(row[0])


def finish_run(
    conn: duckdb.DuckDBPyConnection,
    run_id: int,
    *,
    files_seen: int,
    ok: int,
    partial: int,
    failed: int,
    skipped: int,
    not_a_contract: int = 0,
) -> None:
    """Record the end of an import run and its counts."""
    conn.execute(
        "UPDATE runs SET finished_at = ?, files_seen = ?, ok = ?, partial = ?, failed = ?, "
        "not_a_contract = ?, skipped = ? WHERE run_id = ?",
        [_utcnow(), files_seen, ok, partial, failed, not_a_contract, skipped, run_id],
    )


def record_not_read(conn: duckdb.DuckDBPyConnection, run_id: int, items: Sequence[Any]) -> None:
    """One `files_not_read` row per file or folder the run met and did not
    read (`items`: objects with path, kind, reason)."""
    if not items:
        return
    now = _utcnow()
    conn.executemany(
        "INSERT INTO files_not_read (run_id, path, kind, reason, seen_at) VALUES (?, ?, ?, ?, ?)",
        [[run_id, _file_name(str(Path(i.path).absolute())), i.kind, i.reason, now] for i in items],
    )


# -- documents --------------------------------------------------------------------


def is_imported(conn: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    """True when content with this sha256 already has a `documents` row."""
    return conn.execute("SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1", [sha256]).fetchone() is not None


def store_document(
    conn: duckdb.DuckDBPyConnection,
    doc: Document,
    run_id: int,
    *,
    size: int | None = None,
) -> None:
    """Write `doc` and all its child rows in one transaction, replacing
    whatever was stored for its sha256 before. A failed document gets its
    `documents` row (status, error) and nothing else. `size` is the file size
    in bytes (the Document does not carry it).

    Raises StorageError when a value cannot be stored faithfully; nothing is
    written then."""
    rows = _rows(doc, run_id, size)  # convert and validate before touching the database
    conn.begin()
    try:
        for table in _DOCUMENT_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE sha256 = ?", [doc.sha256])  # sql-identifier-checked: _DOCUMENT_TABLES
        for table in reversed(_DOCUMENT_TABLES):
            if rows[table]:
                _insert(conn, table, rows[table])
        from hetong.pipeline.store import identity

        identity.assign(conn, [row["sha256"] for row in rows["fingerprints"]])
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def _insert(conn: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    columns = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    # table and columns are _rows' own constants, values are bound
    conn.executemany(sql, [[row[c] for c in columns] for row in rows])  # sql-identifier-checked


def _fingerprint_rows(out: dict[str, list[dict[str, Any]]], doc: Document, record: Any, run_id: int) -> None:
    """The document's MinHash signature, its LSH buckets and its key values
    (pipeline/store/identity.py); contract_files is assigned by the writer."""
    from hetong.pipeline.store import identity

    sig = identity.signature(doc.text)
    if sig is None:
        return
    c = record.contract
    key = {
        "total_amount": str(c.total_amount) if c.total_amount is not None else None,
        "signed_on": str(c.signed_on) if c.signed_on else None,
        "service_start": str(c.service_start) if c.service_start else None,
        "service_end": str(c.service_end) if c.service_end else None,
        "contract_no": c.contract_no,
        "parties": sorted(f"{p.role}:{p.name}" for p in record.parties if p.name),
    }
    out["fingerprints"].append({"sha256": doc.sha256, "signature": sig,
                                "values_key": json.dumps(key, ensure_ascii=False, sort_keys=True), "run_id": run_id})
    out["fingerprint_bands"].extend(
        {"sha256": doc.sha256, "band": band, "bucket": bucket, "run_id": run_id}
        for band, bucket in enumerate(identity.bands(sig))
    )


def _rows(doc: Document, run_id: int, size: int | None) -> dict[str, list[dict[str, Any]]]:
    """Every row `doc` stores, per table, as column -> Python value."""
    record = doc.to_record()
    sha = doc.sha256
    out: dict[str, list[dict[str, Any]]] = {table: [] for table in _DOCUMENT_TABLES}
    out["documents"].append(
        {
            "sha256": sha,
            "source": _file_name(record.source),
            "path": _file_name(doc.path),
            "media_type": _text(record.media_type),
            "encoding": _text(record.encoding),
            "pages": record.pages,
            "bytes": size,
            "status": record.status,
            "error": _text(record.error),
            "versions": json.dumps(record.versions, ensure_ascii=False, sort_keys=True),
            "imported_at": _utcnow(),
            "run_id": run_id,
        }
    )
    if doc.raw_text:
        raw = _text(doc.raw_text)
        out["texts"].append({"sha256": sha, "raw_text": raw, "chars": len(doc.raw_text), "run_id": run_id})
    if record.status not in _EXTRACTED:
        return out
    out["pages"] = _page_rows(doc, run_id)

    c = record.contract
    _fingerprint_rows(out, doc, record, run_id)
    party_regions = [region_of(p.name, p.address) for p in record.parties]
    buyer = next((r for p, r in zip(record.parties, party_regions) if p.role == "甲方"), None)
    out["contracts"].append(
        {
            "sha256": sha,
            "title": _text(c.title),
            "project_name": _text(c.project_name),
            "contract_no": _text(c.contract_no),
            "signed_on": c.signed_on,
            "total_amount": _money(c.total_amount, "contract.total_amount"),
            "total_amount_words": _text(c.total_amount_words),
            "tax_rate": _fraction(c.tax_rate, "contract.tax_rate", precision=9, scale=6),
            "service_start": c.service_start,
            "service_end": c.service_end,
            "coverage": [_text(x) for x in c.coverage],
            "dispute_forum": c.dispute_forum,
            "dispute_venue": _text(c.dispute_venue),
            **_region_columns(buyer, source=False),
            "run_id": run_id,
        }
    )
    out["evidence"].extend(_evidence_rows(sha, "contract", c, c.evidence, run_id))

    for seq, (p, region) in enumerate(zip(record.parties, party_regions), start=1):
        out["parties"].append(
            {
                "sha256": sha,
                "seq": seq,
                "role": _text(p.role),
                "label": _text(p.label),
                "name": _text(p.name),
                "address": _text(p.address),
                "legal_rep": _text(p.legal_rep),
                "contact": _text(p.contact),
                "phone": _text(p.phone),
                "email": _text(p.email),
                "postcode": _text(p.postcode),
                "bank": _text(p.bank),
                "account": _text(p.account),
                "tax_id": _text(p.tax_id),
                **_region_columns(region, source=True),
                "run_id": run_id,
            }
        )
        out["evidence"].extend(_evidence_rows(sha, f"parties[{p.role}]", p, p.evidence, run_id))

    for clause in doc.clauses:
        raw_start, raw_end = doc.raw_span(clause.start, clause.end)
        out["clauses"].append(
            {
                "sha256": sha,
                "clause_id": clause.id,
                "parent_id": clause.parent,
                "number": _text(clause.number),
                "style": _text(clause.style),
                "ordinal": clause.ordinal,
                "heading": _text(clause.heading),
                "level": clause.level,
                "start_offset": raw_start,
                "end_offset": raw_end,
                "text_start": clause.start,
                "text_end": clause.end,
                "run_id": run_id,
            }
        )

    for i, pay in enumerate(_with_due_dates(doc, record.payments), start=1):
        where = f"payments[{i}]"
        out["payments"].append(
            {
                "sha256": sha,
                "seq": pay.seq,
                "amount": _money(pay.amount, f"{where}.amount"),
                "ratio": _fraction(pay.ratio, f"{where}.ratio", precision=9, scale=6),
                "trigger": _text(pay.trigger),
                "due_days": pay.due_days,
                "due_day_kind": pay.due_day_kind,
                "due_basis": _text(pay.due_basis),
                "derived": pay.derived,
                "clause": _text(pay.clause),
                **_ev_columns(pay.evidence),
                "due_on": pay.due_on,
                "due_exact": pay.due_exact,
                "due_rule": _text(pay.due_rule),
                "run_id": run_id,
            }
        )

    for seq, pen in enumerate(record.penalties, start=1):
        where = f"penalties[{seq}]"
        out["penalties"].append(
            {
                "sha256": sha,
                "seq": seq,
                "payer": _text(pen.payer),
                "rate": _fraction(pen.rate, f"{where}.rate", precision=12, scale=6),
                "unit": pen.unit,
                "base": pen.base,
                "cap": _fraction(pen.cap, f"{where}.cap", precision=12, scale=6),
                "trigger": _text(pen.trigger),
                "clause": _text(pen.clause),
                **_ev_columns(pen.evidence),
                "run_id": run_id,
            }
        )

    for seq, item in enumerate(record.sla, start=1):
        out["sla"].append(
            {
                "sha256": sha,
                "seq": seq,
                "kind": item.kind,
                "hours": _fraction(item.hours, f"sla[{seq}].hours", precision=9, scale=3),
                "severity": _text(item.severity),
                "seconds": item.seconds,
                "channel": _text(item.channel),
                "clause": _text(item.clause),
                **_ev_columns(item.evidence),
                "run_id": run_id,
            }
        )

    for seq, flag in enumerate(record.flags, start=1):
        out["flags"].append(
            {
                "sha256": sha,
                "seq": seq,
                "kind": _text(flag.kind),
                "severity": flag.severity,
                "message": _text(flag.message),
                "evidence": [_text(x) for x in flag.evidence],
                "spans": [
                    {
                        "start_offset": s.start,
                        "end_offset": s.end,
                        "text": _text(s.text),
                        "page": s.page,
                        "rule": _text(s.rule),
                    }
                    for s in flag.spans
                ],
                "run_id": run_id,
            }
        )
    return out


def _page_rows(doc: Document, run_id: int) -> list[dict[str, Any]]:
    """One `pages` row per page: its text's source and, for OCR, the confidence."""
    from hetong.extractors.flags.ocr_confidence import LOW

    rows = []
    for page in doc.pages:
        scores = [line.confidence for line in page.lines if line.confidence is not None] if page.source == "ocr" else []
        rows.append({
            "sha256": doc.sha256, "page": page.number, "source": page.source, "confidence": page.confidence,
            "lines": len(page.lines), "low_confidence_lines": sum(s < LOW for s in scores) if page.source == "ocr" else None,
            "lowest_line_confidence": min(scores) if scores else None, "chars": page.end - page.start, "run_id": run_id,
        })
    return rows


def _evidence_rows(
    sha: str, prefix: str, owner: Any, evidence: dict[str, Evidence], run_id: int
) -> Iterable[dict[str, Any]]:
    for field in sorted(evidence):
        ev = evidence[field]
        yield {
            "sha256": sha,
            "field": _text(f"{prefix}.{field}"),
            "value": _value_text(getattr(owner, field, None)),
            "text": _text(ev.text),
            "start_offset": ev.start,
            "end_offset": ev.end,
            "page": ev.page,
            "rule": _text(ev.rule),
            "run_id": run_id,
        }


def _ev_columns(ev: Evidence | None) -> dict[str, Any]:
    if ev is None:
        return {"ev_start": None, "ev_end": None, "ev_text": None, "ev_page": None, "rule": None}
    return {
        "ev_start": ev.start,
        "ev_end": ev.end,
        "ev_text": _text(ev.text),
        "ev_page": ev.page,
        "rule": _text(ev.rule),
    }


# -- regions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    """Where a party is, as administrative divisions (see 004_regions.sql)."""

    province: str | None
    city: str | None
    district: str | None
    code: str | None  # adcode of the most specific division
    source: str  # address | name

    @property
    def depth(self) -> int:
        return sum(x is not None for x in (self.province, self.city, self.district))

    def within(self, other: Region) -> bool:
        """True when this region is `other` or lies inside it."""
        mine = (self.province, self.city, self.district)
        theirs = (other.province, other.city, other.district)
        return all(t is None or m == t for m, t in zip(mine, theirs))


def region_of(name: str | None, address: str | None) -> Region | None:
    """The region of a party from its address and its name (a government
    body is named after its place: 北京市朝阳区政务服务管理局). When both give
    one, the more specific wins if one lies inside the other, else the
    address. None when neither starts with a known division, or when the
    division table (extractors/shared/regions.py) is not there."""
    by_address = _place(address, "address")
    by_name = _place(name, "name")
    if by_address is not None and by_name is not None:
        return by_name if by_name.within(by_address) and by_name.depth > by_address.depth else by_address
    return by_address or by_name


def _place(text: str | None, source: str) -> Region | None:
    """The chain of divisions `text` starts with, down to the deepest link
    that lies in the one before it; an ambiguous first link (朝阳区 alone:
    Beijing or Changchun) gives None."""
    if not text or not text.strip():
        return None
    from hetong.extractors.shared import regions  # the division table loads on first use
    names, _ = regions.region_prefix(text.strip(), loose=True)
    chosen = None
    for name in names:
        units = [u for u in regions.lookup(name) if chosen is None or _inside(u, chosen)]
        if not units or len({(u.province, u.city) for u in units}) > 1:
            break  # not a division here (乌鲁木齐区 under 克拉玛依市), or ambiguous
        chosen = units[0]
    if chosen is None:
        return None
    if not chosen.current and chosen.successor:  # a former name: report today's division
        province, *_, last = chosen.successor.split("/")
        today = [u for u in regions.lookup(last) if u.current and u.province == province]
        chosen = today[0] if today else chosen
    if chosen.level == "province":
        return Region(chosen.name, None, None, chosen.adcode, source)
    if chosen.level == "city":
        return Region(chosen.province, chosen.name, None, chosen.adcode, source)
    return Region(chosen.province, chosen.city or None, chosen.name, chosen.adcode, source)


def _inside(unit: Any, parent: Any) -> bool:
    """`unit` lies in `parent` (Division objects of hetong.extractors.shared.regions); a
    municipality's prefecture (北京市 in 北京市) lies in its province."""
    if parent.level == "province":
        return unit.province == parent.name and unit.level != "province"
    if parent.level == "city":
        return unit.level == "county" and unit.province == parent.province and unit.city == parent.name
    return False


def _region_columns(region: Region | None, *, source: bool) -> dict[str, str | None]:
    cols = {
        "province": region.province if region else None,
        "city": region.city if region else None,
        "district": region.district if region else None,
        "region_code": region.code if region else None,
    }
    if source:
        cols["region_source"] = region.source if region else None
    return cols


def fill_regions(conn: duckdb.DuckDBPyConnection) -> None:
    """(Re)compute the region columns of every party and contract from the
    parties' stored names and addresses, as `store_document` does: the hook
    of migration 004 for rows imported before it. Runs in the caller's
    transaction."""
    buyers: dict[str, tuple[int, Region | None]] = {}
    updates = []
    rows = conn.execute("SELECT sha256, seq, role, name, address FROM parties ORDER BY sha256, seq").fetchall()
    for sha, seq, role, name, address in rows:
        region = region_of(name, address)
        updates.append([*_region_columns(region, source=True).values(), sha, seq])
        if role == "甲方" and sha not in buyers:
            buyers[sha] = (seq, region)
    if updates:
        conn.executemany(
            "UPDATE parties SET province = ?, city = ?, district = ?, region_code = ?, region_source = ? "
            "WHERE sha256 = ? AND seq = ?",
            updates,
        )
    contracts = [[*_region_columns(region, source=False).values(), sha] for sha, (_, region) in buyers.items()]
    if contracts:
        conn.executemany(
            "UPDATE contracts SET province = ?, city = ?, district = ?, region_code = ? WHERE sha256 = ?", contracts
        )


_AFTER_MIGRATION: dict[tuple[int, str], Callable[[duckdb.DuckDBPyConnection], None]] = {
    (4, "regions"): fill_regions,
    (8, "analyst_units"): lambda conn: analyst_units.upgrade(conn),
}


def _with_due_dates(doc: Any, payments: list[Any]) -> list[Any]:
    """The installments with their due dates: as extracted, or resolved
    here when a Document was built without them (extractors/due_dates.py)."""
    if all(p.due_rule is not None for p in payments):
        return payments
    return analyst_units.resolve_due_dates(doc, payments)


# -- value conversion ---------------------------------------------------------------


def _money(value: Decimal | None, where: str) -> Decimal | None:
    """A DECIMAL(18,2) amount, exactly: more than 2 decimal places or more
    than 16 integer digits is an error, never a rounded number."""
    if value is None:
        return None
    _finite(value, where)
    if abs(value) >= Decimal(10) ** 16:
        raise StorageError(f"{where}: amount {value} does not fit DECIMAL(18,2)")
    cents = value.quantize(Decimal("0.01"))
    if cents != value:
        raise StorageError(f"{where}: amount {value} has more than 2 decimal places")
    return cents


def _fraction(value: Decimal | None, where: str, *, precision: int, scale: int) -> Decimal | None:
    """A rate, ratio or duration rounded (half-even) to the column's `scale`;
    quotients like 1/3 or 10 分钟 in hours have no exact decimal form. Too
    large for the column is an error."""
    if value is None:
        return None
    _finite(value, where)
    limit = Decimal(10) ** (precision - scale)
    rounded = value.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_EVEN) if abs(value) < limit else value
    if abs(rounded) >= limit:
        raise StorageError(f"{where}: {value} does not fit DECIMAL({precision},{scale})")
    return rounded


def _finite(value: Decimal, where: str) -> None:
    if not isinstance(value, Decimal):
        raise StorageError(f"{where}: expected Decimal, got {type(value).__name__}")
    if not value.is_finite():
        raise StorageError(f"{where}: {value} is not a finite number")


def _text(value: str | None) -> str | None:
    """A str DuckDB accepts: lone surrogates (undecodable file names, smuggled
    in by os.fsdecode) become U+FFFD instead of failing the insert."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:
            return value.encode("utf-8", "replace").decode("utf-8")
    return value


def _file_name(value: str | None) -> str | None:
    """A file name as text DuckDB accepts, without loss: bytes that are not
    UTF-8 (os.fsdecode smuggles them in as lone surrogates) are written as
    `\\xNN` escapes, so the file can be found again from the database."""
    if value is None:
        return None
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _value_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, dict)):
        return _text(json.dumps(value, ensure_ascii=False, default=str))
    return _text(str(value))


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
