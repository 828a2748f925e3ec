"""Batch import: walk files and folders, process each new file, store it.

A file is identified by the SHA-256 of its bytes: content already in the
database is skipped before any processing, so re-running an import changes
nothing. A file that fails is stored with status `failed` and its error, and
the batch goes on.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb

from models import Document
from pipeline import storage
from pipeline.ingest import media_type_of, sha256
from pipeline.orchestrate import process_bytes

SUFFIXES = frozenset({".txt", ".md", ".markdown", ".pdf"})

# (path, outcome, error): outcome is a document status, "skipped" or "unreadable"
Progress = Callable[[Path, str, str | None], None]


@dataclass
class Summary:
    """What one `ingest_files` call did."""

    run_id: int
    seen: int = 0
    ok: int = 0
    partial: int = 0
    failed: int = 0  # includes `unreadable`
    unreadable: int = 0  # could not be read: no content, so no documents row
    not_a_contract: int = 0
    skipped: int = 0  # content already imported
    elapsed: float = 0.0  # seconds
    problems: list[tuple[Path, str]] = field(default_factory=list)  # (file, error), not ok

    @property
    def processed(self) -> int:
        return self.seen - self.skipped

    @property
    def docs_per_second(self) -> float:
        return self.processed / self.elapsed if self.elapsed > 0 else 0.0


def find_files(paths: Iterable[Path]) -> list[Path]:
    """Files to import: each given file as is, and every .txt/.md/.pdf under
    each given folder, recursively, skipping hidden files and folders. Sorted
    within each folder for a deterministic order; a file named twice is listed
    once. Paths that do not exist are returned too (they fail as unreadable)."""
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        path = Path(path)
        candidates = _walk(path) if path.is_dir() else iter([path])
        for candidate in candidates:
            key = candidate.absolute()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                yield Path(root) / name


def ingest_files(
    paths: Iterable[Path],
    conn: duckdb.DuckDBPyConnection,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """Import every file under `paths` into `conn` as one run (see
    `find_files`). Content already imported is skipped unless `force`, which
    re-processes it and replaces its rows."""
    started = time.perf_counter()
    summary = Summary(run_id=storage.start_run(conn))
    for path in find_files(paths):
        summary.seen += 1
        outcome, error = _ingest_one(path, conn, summary.run_id, force)
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
    summary.elapsed = time.perf_counter() - started
    storage.finish_run(
        conn,
        summary.run_id,
        files_seen=summary.seen,
        ok=summary.ok,
        partial=summary.partial,
        failed=summary.failed,
        not_a_contract=summary.not_a_contract,
        skipped=summary.skipped,
    )
    return summary


def _ingest_one(path: Path, conn: duckdb.DuckDBPyConnection, run_id: int, force: bool) -> tuple[str, str | None]:
    """Import one file; returns (outcome, error)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        # No content, so no sha256 to key a documents row by: reported only.
        return "unreadable", f"cannot read file: {exc.strerror or exc}"
    digest = sha256(data)
    if not force and storage.is_imported(conn, digest):
        return "skipped", None
    source, where = path.name, str(path.absolute())
    try:
        doc = process_bytes(data, source=source, path=where)
    except Exception as exc:  # process_bytes should not raise; the batch goes on if it does
        doc = _failed(data, source, where, "pipeline", exc)
    try:
        storage.store_document(conn, doc, run_id, size=len(data))
    except Exception as exc:  # a value that cannot be stored fails this document only
        doc = _failed(data, source, where, "store", exc, before=doc)
        storage.store_document(conn, doc, run_id, size=len(data))
    return doc.status, "; ".join(doc.errors) or None


def _failed(
    data: bytes, source: str, path: str, stage: str, exc: Exception, before: Document | None = None
) -> Document:
    """A bare failed Document for `data`, keeping the errors and metadata of
    `before` (a Document whose rows could not be stored)."""
    doc = Document(source=source, path=path, sha256=sha256(data), media_type=media_type_of(data, source))
    if before is not None:
        doc.encoding, doc.pages = before.encoding, before.pages
        doc.versions, doc.errors = dict(before.versions), list(before.errors)
    doc.fail(stage, f"{type(exc).__name__}: {exc}", status="failed")
    return doc


# -- command ------------------------------------------------------------------------


def ingest_command(paths: list[Path], db: Path, *, force: bool = False) -> int:
    """`hetong ingest`: import PATHS into the DuckDB file DB, print a summary
    to stdout (problems go to stderr as they happen). Exit code 0 unless no
    file was found or every file failed; 2 when the database cannot be opened."""
    from rich.console import Console

    out = Console(file=sys.stdout, highlight=False, soft_wrap=True)
    err = Console(file=sys.stderr, highlight=False, soft_wrap=True)

    def report(path: Path, outcome: str, error: str | None) -> None:
        if outcome not in ("ok", "skipped"):
            err.print(f"{path}: {outcome}: {error or ''}", markup=False)

    try:
        conn = storage.connect(db)
    except (duckdb.Error, storage.MigrationError, OSError) as exc:
        err.print(f"cannot open database {db}: {exc}", markup=False)
        return 2
    try:
        summary = ingest_files(paths, conn, force=force, progress=report)
        totals = _database_totals(conn)
    finally:
        conn.close()

    imported = f"ok {summary.ok}, partial {summary.partial}, failed {summary.failed - summary.unreadable}"
    if summary.not_a_contract:
        imported += f", not a contract {summary.not_a_contract}"
    unreadable = f"unreadable {summary.unreadable}; " if summary.unreadable else ""
    out.print(
        f"files seen {summary.seen}: imported {imported}; {unreadable}"
        f"skipped {summary.skipped} (already imported)",
        markup=False,
    )
    out.print(
        f"elapsed {summary.elapsed:.2f} s, {summary.docs_per_second:.1f} docs/s, run {summary.run_id}",
        markup=False,
    )
    out.print(
        f"database {db}: {totals['documents']} documents, {totals['contracts']} contracts, "
        f"total amount {_yuan(totals['total_amount'])} "
        f"({totals['with_amount']} contracts with a total), {totals['flags']} flags",
        markup=False,
    )
    if summary.seen == 0:
        err.print("no .txt/.md/.pdf files found", markup=False)
        return 1
    return 1 if summary.failed == summary.seen else 0


def _database_totals(conn: duckdb.DuckDBPyConnection) -> dict[str, int | Decimal]:
    row = conn.execute(
        """
        SELECT
            (SELECT count(*) FROM documents),
            (SELECT count(*) FROM contracts),
            (SELECT coalesce(sum(total_amount), 0) FROM contracts),
            (SELECT count(total_amount) FROM contracts),
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
