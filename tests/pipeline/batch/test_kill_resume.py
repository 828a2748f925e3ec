"""`hetong ingest --workers 2` killed with SIGKILL midway, then run again,
imports every document exactly once: every sha256 has one `documents` row,
child tables have no duplicate rows and no rows without a document, and
every document's rows come from one import (one run_id)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from hetong.pipeline.store import storage
from hetong.pipeline.quality.corpus import generate
from hetong.pipeline.read.ingest import sha256
from hetong.pipeline.store.readers import connect_read_only

N = 300
# Child tables and the key that identifies one of a document's rows.
KEYS = {
    "contracts": "sha256",
    "texts": "sha256",
    "parties": "sha256, seq",
    "clauses": "sha256, clause_id",
    "payments": "sha256, seq",
    "penalties": "sha256, seq",
    "sla": "sha256, seq",
    "flags": "sha256, seq",
    "evidence": "sha256, field, start_offset, end_offset",
}


def ingest(corpus: Path, db: Path, **popen: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "hetong.pipeline.cli", "ingest", str(corpus), "--db", str(db), "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the workers can be found after the kill
        **popen,  # type: ignore[arg-type]
    )


def _stored(db: Path) -> int:
    """Documents committed so far, read while the import runs (0 before the
    database exists or while a commit holds it)."""
    try:
        with connect_read_only(db, timeout=0.5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except (OSError, storage.MigrationError, duckdb.Error):
        return 0


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def resumed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[set[str], duckdb.DuckDBPyConnection, dict[str, int]]]:
    root = tmp_path_factory.mktemp("kill")
    corpus, db = root / "corpus", root / "contracts.duckdb"
    shas = {sha256(p.read_bytes()) for p in generate(corpus, N, seed=7)}
    assert len(shas) == N

    # 1. start with small batches, watch the database (the importer holds the
    # file only while it commits) and kill the parent with SIGKILL as soon as
    # a first batch is committed: midway however fast extraction is
    proc = ingest(corpus, db, env={**os.environ, "HETONG_BATCH_SIZE": "10", "HETONG_FLUSH_SECONDS": "30"})
    assert proc.stderr is not None
    done = 0
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        done = _stored(db)
        if done > 0:
            break
        time.sleep(0.02)
    assert 0 < done < N, f"the import ended before it could be killed midway ({done} of {N})"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()  # type: ignore[union-attr]
    proc.stderr.close()
    # the workers notice their parent died and exit by themselves
    deadline = time.monotonic() + 15
    while group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    orphans = group_alive(proc.pid)
    if orphans:
        os.killpg(proc.pid, signal.SIGKILL)
    assert not orphans, "worker processes outlived their killed parent"

    with storage.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 0 < stored < N, f"kill was not midway: {stored} of {N} stored"

    # 2. run again to completion
    again = ingest(corpus, db)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert f"skipped {stored} (already imported)" in out

    conn = storage.connect(db)
    counts = {"stored_before_rerun": stored}
    yield shas, conn, counts
    conn.close()


def test_every_document_is_imported_exactly_once(resumed) -> None:  # type: ignore[no-untyped-def]
    shas, conn, _ = resumed
    rows = conn.execute("SELECT sha256, count(*) FROM documents GROUP BY sha256").fetchall()
    assert {sha for sha, _ in rows} == shas
    assert all(n == 1 for _, n in rows)


@pytest.mark.parametrize("table", sorted(KEYS))
def test_child_rows_are_not_duplicated(resumed, table: str) -> None:  # type: ignore[no-untyped-def]
    _, conn, _ = resumed
    duplicates = conn.execute(
        f"SELECT count(*) FROM (SELECT {KEYS[table]} FROM {table} GROUP BY ALL HAVING count(*) > 1)"
    ).fetchone()[0]
    assert duplicates == 0


@pytest.mark.parametrize("table", sorted(KEYS))
def test_child_rows_belong_to_a_document_of_the_same_import(resumed, table: str) -> None:  # type: ignore[no-untyped-def]
    _, conn, _ = resumed
    orphans = conn.execute(
        f"SELECT count(*) FROM {table} t LEFT JOIN documents d USING (sha256) "
        "WHERE d.sha256 IS NULL OR t.run_id <> d.run_id"
    ).fetchone()[0]
    assert orphans == 0


def test_every_extracted_document_has_its_contract_and_text(resumed) -> None:  # type: ignore[no-untyped-def]
    _, conn, _ = resumed
    missing = conn.execute(
        "SELECT count(*) FROM documents d WHERE d.status IN ('ok', 'partial') AND "
        "(d.sha256 NOT IN (SELECT sha256 FROM contracts) OR d.sha256 NOT IN (SELECT sha256 FROM texts))"
    ).fetchone()[0]
    assert missing == 0


def test_both_runs_are_recorded_and_only_the_second_finished(resumed) -> None:  # type: ignore[no-untyped-def]
    _, conn, counts = resumed
    runs = conn.execute("SELECT run_id, finished_at IS NOT NULL, skipped FROM runs ORDER BY run_id").fetchall()
    assert [(finished, skipped) for _, finished, skipped in runs] == [(False, None), (True, counts["stored_before_rerun"])]
