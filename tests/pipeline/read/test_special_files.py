"""Special files are refused by type before any read (a FIFO named *.txt
would block the batch forever), and reads are bounded by the bytes actually
read, not by the size the file system reports."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb
import pytest

from hetong.pipeline.batch.importer import ingest_files
from hetong.pipeline.read.limits import LimitExceeded, Limits, read_file
from hetong.pipeline.orchestrate import process_path

CONTRACT = "采购合同\n甲方：某某局\n乙方：某某公司\n第一条 合同总价为人民币10000元。\n"


def test_a_fifo_named_txt_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "contract.txt"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match=r"not a regular file \(a FIFO\)"):
        read_file(fifo, Limits())


def test_an_import_with_a_fifo_finishes_and_records_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(CONTRACT, encoding="utf-8")
    os.mkfifo(folder / "b.txt")
    db = tmp_path / "c.duckdb"
    result: dict[str, object] = {}
    worker = threading.Thread(target=lambda: result.update(summary=ingest_files([folder], db)))
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the import blocked on the FIFO"
    summary = result["summary"]
    assert summary.unreadable == 1  # type: ignore[attr-defined]
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT kind, reason FROM files_not_read").fetchall() == [
            ("unreadable", "cannot read file: not a regular file (a FIFO): not read")]


def test_extract_refuses_a_device(tmp_path: Path) -> None:
    doc = process_path(Path("/dev/zero"))
    assert doc.status == "failed" and "not a regular file (a device)" in doc.errors[0]


def test_the_read_is_bounded_by_the_bytes_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(LimitExceeded, match="file too large"):
        read_file(big, Limits(max_bytes=1000))
    assert read_file(big, Limits(max_bytes=10_000)) == b"x" * 5000


@pytest.mark.parametrize(("var", "value"), [("HETONG_MAX_BYTES", "lots"), ("HETONG_MAX_SECONDS", "-1"), ("HETONG_OCR_PAGE_SECONDS", "x")])
def test_a_bad_setting_is_one_line_and_leaves_no_run_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, var: str, value: str) -> None:
    from typer.testing import CliRunner

    from hetong.pipeline.cli import app

    (tmp_path / "a.txt").write_text(CONTRACT, encoding="utf-8")
    db = tmp_path / "c.duckdb"
    monkeypatch.setenv(var, value)
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(db)])
    assert result.exit_code == 2 and "invalid setting" in result.output and "Traceback" not in result.output
    if db.exists():
        with duckdb.connect(str(db), read_only=True) as conn:
            assert conn.execute("SELECT count(*) FROM runs WHERE finished_at IS NULL").fetchone() == (0,)


def test_ingest_refuses_another_programs_duckdb_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from hetong.pipeline.cli import app

    db = tmp_path / "sales.duckdb"
    with duckdb.connect(str(db)) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER, amount DECIMAL(18,2))")
        conn.execute("INSERT INTO orders VALUES (1, 9.99)")
    (tmp_path / "a.txt").write_text(CONTRACT, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(db)])
    assert result.exit_code == 2 and "not a hetong database: it holds other tables (orders)" in result.output
    with duckdb.connect(str(db), read_only=True) as conn:
        tables = {name for (name,) in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == {"orders"}
