"""`hetong ingest` through the CLI runner: a mistyped path creates nothing,
`--json` prints one summary object, and a database held by another process
is waited for with a visible message, up to `--wait` seconds."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from hetong.pipeline.store import storage
from hetong.pipeline.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
SAMPLE = SAMPLES / "000_ea93da92590dbf3c.txt"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """One contract, one empty file, one file of a type hetong does not read."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "prices.xlsx").write_bytes(b"PK\x03\x04")
    return folder


@contextmanager
def held(db: Path, seconds: float) -> Iterator[int]:
    """Another process with `db` open read-write for `seconds`; yields its PID."""
    code = (
        "import duckdb, sys, time\n"
        "conn = duckdb.connect(sys.argv[1])\n"
        "print('ready', flush=True)\n"
        "time.sleep(float(sys.argv[2]))\n"
        "conn.close()\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(seconds)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def documents(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as conn:
        row = conn.execute("SELECT count(*) FROM documents").fetchone()
    return int(row[0]) if row else 0


# -- a mistyped path ---------------------------------------------------------------------


def test_a_mistyped_path_creates_no_database(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "contracts.duckdb"
    result = runner.invoke(app, ["ingest", str(tmp_path / "samplez"), "--db", str(db)])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert result.stderr.strip().splitlines() == [f"no such file or folder: {tmp_path / 'samplez'} (nothing imported)"]
    assert not db.exists()
    assert list(tmp_path.iterdir()) == []


def test_one_mistyped_path_among_good_ones_imports_nothing(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "contracts.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), str(tmp_path / "nope.txt"), "--db", str(db)])
    assert result.exit_code == 2
    assert f"no such file or folder: {tmp_path / 'nope.txt'}" in result.stderr
    assert not db.exists()


# -- --json ----------------------------------------------------------------------------------


def test_json_prints_one_summary_object(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "contracts.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    summary = json.loads(lines[0])
    assert summary["run_id"] == 1 and summary["database"] == str(db)
    assert (summary["seen"], summary["ok"] + summary["partial"], summary["failed"], summary["not_read"]) == (2, 1, 1, 1)
    outcomes = ("ok", "partial", "failed", "unreadable", "not_a_contract", "skipped")
    assert sum(summary[k] for k in outcomes) == summary["seen"]
    assert summary["elapsed_seconds"] > 0 and summary["docs_per_second"] > 0
    problems = {Path(p["path"]).name: p["error"] for p in summary["problems"]}
    assert problems["empty.txt"] == "ingest: empty file"
    assert problems["prices.xlsx"].startswith("unsupported type .xlsx")
    assert summary["totals"]["documents"] == documents(db) == 2
    assert isinstance(summary["totals"]["total_amount"], str)  # exact decimal, never a float
    assert "empty.txt: failed: ingest: empty file" in result.stderr  # problems still go to stderr as they happen


def test_json_of_a_rerun_counts_the_skipped(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "contracts.duckdb"
    assert runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--json"]).exit_code == 0
    again = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--json"])
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout)
    assert (summary["run_id"], summary["skipped"], summary["ok"], summary["failed"]) == (2, 2, 0, 0)


def test_json_exit_code_when_every_file_fails(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "c.duckdb"), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["failed"] == 1


# -- a database held by another process ---------------------------------------------------


def test_a_held_database_is_waited_for_then_given_up(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "contracts.duckdb"
    storage.connect(db).close()
    with held(db, 60) as pid:
        result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--wait", "0.5"])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.strip().splitlines() == [
        f"waiting for {db}, held by another process (PID {pid})… (up to 0.5 s)",
        f"gave up waiting for {db} after 0.5 s: still held by another process (PID {pid}); "
        "nothing imported (run again later, or give --wait SECONDS)",
    ]
    assert result.stdout == ""
    assert documents(db) == 0


def test_an_import_goes_on_once_the_other_process_lets_go(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "contracts.duckdb"
    storage.connect(db).close()
    with held(db, 1.0) as pid:
        result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--wait", "60", "--json"])
    assert result.exit_code == 0, result.output
    assert f"waiting for {db}, held by another process (PID {pid})… (up to 60 s)" in result.stderr
    assert f"{db} is free after " in result.stderr
    assert json.loads(result.stdout)["seen"] == 2
    assert documents(db) == 2


def test_wait_zero_gives_up_at_once(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "contracts.duckdb"
    storage.connect(db).close()
    with held(db, 60):
        result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--wait", "0"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"gave up waiting for {db} after 0 s")


def test_wait_sets_the_commit_timeout_only_for_the_run(
    runner: CliRunner, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hetong.pipeline.batch import importer as batch

    seen: list[str | None] = []
    real = batch.ingest_command

    def spy(*args: object, **kwargs: object) -> int:
        import os

        seen.append(os.environ.get("HETONG_WRITE_TIMEOUT"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "ingest_command", spy)
    monkeypatch.setenv("HETONG_WRITE_TIMEOUT", "600")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "c.duckdb"), "--wait", "7"])
    assert result.exit_code == 0, result.output
    import os

    assert seen == ["7.0"] and os.environ["HETONG_WRITE_TIMEOUT"] == "600"


def test_a_database_that_cannot_be_opened_is_one_line(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "contracts.duckdb"
    bad.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(bad)])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"cannot open database {bad}: ")
