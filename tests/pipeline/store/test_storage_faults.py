"""A database that cannot be written (disk full) stops the import with the
original error; earlier batches stay, nothing good is stored as failed, and
the next run imports the rest exactly once."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from hetong.pipeline.store import writer as writer_module
from hetong.pipeline.batch.importer import StorageAborted, ingest_files
from hetong.pipeline.cli import app

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"


def fail_on_write(monkeypatch: pytest.MonkeyPatch, after: int, error: Exception) -> None:
    """The writer's `after`+1-th transaction fails with `error` at commit time."""
    real = writer_module.BatchWriter._write
    calls = {"n": 0}

    def flaky(self, conn, shas, merged):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] > after:
            raise error
        return real(self, conn, shas, merged)

    monkeypatch.setattr(writer_module.BatchWriter, "_write", flaky)


def test_disk_full_stops_the_import_with_the_original_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "c.duckdb"
    fail_on_write(monkeypatch, after=1, error=duckdb.IOException("No space left on device"))
    with pytest.raises(StorageAborted, match="No space left on device"):
        ingest_files([SAMPLES], db, batch_size=2)
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall()
    assert rows == [("ok", 2)]  # the first batch, and no document stored as failed


def test_the_next_run_imports_the_rest_exactly_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "c.duckdb"
    fail_on_write(monkeypatch, after=1, error=duckdb.IOException("No space left on device"))
    with pytest.raises(StorageAborted):
        ingest_files([SAMPLES], db, batch_size=2)
    monkeypatch.undo()
    summary = ingest_files([SAMPLES], db, batch_size=2)
    assert (summary.skipped, summary.ok) == (2, 3)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT sha256) FROM documents WHERE status = 'ok'").fetchone() == (5, 5)


def test_a_document_whose_rows_are_bad_is_stored_as_failed_and_the_batch_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "c.duckdb"
    real = writer_module.BatchWriter._write
    target: dict[str, str] = {}

    def bad_once(self, conn, shas, merged):  # type: ignore[no-untyped-def]
        target.setdefault("sha", shas[0])  # the first document of the batch has a bad value
        extracted = any(row.get("status") == "ok" for row in merged["documents"])
        if target["sha"] in shas and extracted:
            raise duckdb.ConversionException("Could not convert string 'x' to DECIMAL")
        return real(self, conn, shas, merged)

    monkeypatch.setattr(writer_module.BatchWriter, "_write", bad_once)
    summary = ingest_files([SAMPLES], db, batch_size=10)
    assert summary.failed == 1 and summary.ok == 4


def test_the_command_says_what_happened_in_one_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fail_on_write(monkeypatch, after=0, error=duckdb.IOException("No space left on device"))
    result = CliRunner().invoke(app, ["ingest", str(SAMPLES), "--db", str(tmp_path / "c.duckdb")])
    assert result.exit_code == 1
    assert "import stopped: cannot write to the database: IOException: No space left on device" in result.output
    assert "Traceback" not in result.output
