"""Documents already extracted are committed every `flush_seconds`, even
while a slow document is being extracted: a reader sees them without waiting
for the slow one."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pytest

from hetong.pipeline.batch import importer as batch
from hetong.pipeline.batch.importer import ingest_files

SAMPLES = sorted((Path(__file__).resolve().parents[3] / "data" / "samples").glob("*.txt"))


def test_a_slow_document_does_not_hold_back_the_commit_of_earlier_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, sample in enumerate(SAMPLES):
        (folder / f"{i}_{sample.name}").write_bytes(sample.read_bytes())
    (folder / "9_slow.txt").write_bytes(SAMPLES[0].read_bytes() + "\n补充条款：无。\n".encode())  # last, and slow
    real = batch.process_bytes
    slow_started = threading.Event()

    def process(data: bytes, source: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if source == "9_slow.txt":
            slow_started.set()
            time.sleep(6)  # a 36-page scan being OCR'd
        return real(data, source, *args, **kwargs)

    monkeypatch.setattr(batch, "process_bytes", process)
    db = tmp_path / "c.duckdb"
    seen: list[int] = []

    def reader() -> None:
        slow_started.wait(30)
        time.sleep(3)  # the slow document is still running
        with duckdb.connect(str(db), read_only=True) as conn:
            seen.append(conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    watcher = threading.Thread(target=reader)
    watcher.start()
    summary = ingest_files([folder], db, batch_size=500, flush_seconds=1.0)
    watcher.join()
    assert summary.ok + summary.partial == len(SAMPLES) + 1
    assert seen == [len(SAMPLES)], "the documents before the slow one were not committed while it ran"


def test_a_second_import_on_the_same_database_is_refused_while_one_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two concurrent imports would both claim every document in `runs`."""
    from typer.testing import CliRunner

    from hetong.pipeline.batch.importer import ImportRunning, import_lock
    from hetong.pipeline.cli import app

    db = tmp_path / "c.duckdb"
    with import_lock(db):
        with pytest.raises(ImportRunning, match="another import is running on"):
            ingest_files([SAMPLES[0]], db)
        result = CliRunner().invoke(app, ["ingest", str(SAMPLES[0]), "--db", str(db)])
        assert result.exit_code == 2 and "another import is running on" in result.output
    summary = ingest_files([SAMPLES[0]], db)  # released: the next import runs
    assert summary.ok + summary.partial == 1
