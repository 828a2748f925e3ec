"""Analysts can query the database while `hetong ingest` writes to it
(issue 8, docs/concurrency.md).

DuckDB locks the whole file: a process holding it read-write keeps every
other process out, even read-only ones. The importer therefore opens the file
only to commit a batch, and readers use `hetong.pipeline.store.readers.connect_read_only`,
which retries the lock error for a while. These tests drive a real
`hetong ingest` subprocess and read from this process, so the locks are the
real, cross-process ones (inside one process DuckDB shares one instance and
never conflicts)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from hetong.pipeline.store import storage
from hetong.pipeline.quality.corpus import generate
from hetong.pipeline.read.ingest import sha256
from hetong.pipeline.store.readers import DatabaseBusy, connect_read_only
from hetong.pipeline.store.writer import BatchWriter

N = 300


def hold(db: Path, *, read_only: bool, seconds: float) -> subprocess.Popen[str]:
    """Another process that keeps `db` open for `seconds`; returns once it has it."""
    script = (
        "import duckdb, sys, time\n"
        f"c = duckdb.connect(sys.argv[1], read_only={read_only})\n"
        "print('ready', flush=True)\n"
        f"time.sleep({seconds})\n"
        "c.close()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(db)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def test_reads_succeed_while_an_import_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "contracts.duckdb"
    shas = {sha256(p.read_bytes()) for p in generate(corpus, N, seed=11)}
    assert len(shas) == N

    # small, frequent batches, so there are many commits to read between
    monkeypatch.setenv("HETONG_BATCH_SIZE", "10")
    monkeypatch.setenv("HETONG_FLUSH_SECONDS", "0.3")
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hetong.pipeline.cli", "ingest", str(corpus), "--db", str(db), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        during: list[int] = []  # counts read while the import was running (before and after the read)
        counts: list[int] = []  # every count read, in order
        failures: list[str] = []
        while proc.poll() is None and time.monotonic() - started < 120:
            if not db.exists():
                time.sleep(0.05)
                continue
            running = proc.poll() is None
            try:
                with connect_read_only(db, timeout=10) as conn:
                    count = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            except (DatabaseBusy, duckdb.Error, storage.MigrationError) as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
                continue
            counts.append(count)
            if running and proc.poll() is None:
                during.append(count)
            time.sleep(0.05)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert not failures, failures[:3]

    assert counts == sorted(counts), "a reader saw the document count go down"
    inside = [c for c in during if 0 < c < N]
    assert len(set(inside)) >= 3, f"too few reads saw the import in progress: {during}"

    with connect_read_only(db) as conn:
        rows = conn.execute("SELECT sha256, count(*) FROM documents GROUP BY sha256").fetchall()
        unfinished = conn.execute("SELECT count(*) FROM runs WHERE finished_at IS NULL").fetchone()[0]
    assert {sha for sha, _ in rows} == shas
    assert all(n == 1 for _, n in rows)
    assert unfinished == 0
    assert f"files seen {N}" in out


def test_readers_and_the_writer_wait_for_each_other_then_give_up_clearly(tmp_path: Path) -> None:
    db = tmp_path / "contracts.duckdb"
    storage.connect(db).close()

    # a writer holds the file: a reader retries, gives up with DatabaseBusy …
    writer = hold(db, read_only=False, seconds=1.5)
    t0 = time.monotonic()
    with pytest.raises(DatabaseBusy, match="read-only"):
        connect_read_only(db, timeout=0.3)
    assert time.monotonic() - t0 < 1.5
    # … or, given time, gets in once the writer lets go
    with connect_read_only(db, timeout=10) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    writer.communicate(timeout=10)

    # a reader holds the file: a commit waits for it, or gives up with DatabaseBusy (not a duckdb.Error)
    reader = hold(db, read_only=True, seconds=1.5)
    with pytest.raises(DatabaseBusy, match="read-write"):
        with BatchWriter(db, lock_timeout=0.3).connection():
            pass
    with BatchWriter(db, lock_timeout=10).connection() as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    reader.communicate(timeout=10)

    with pytest.raises(FileNotFoundError):
        connect_read_only(tmp_path / "missing.duckdb", timeout=1)
