"""Every file under an imported folder is accounted for: files of a type
hetong does not read, files that cannot be opened and folders that cannot be
listed get a `files_not_read` row and a line in the summary."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from hetong.pipeline.batch.importer import find_files, ingest_files

CONTRACT = "采购合同\n甲方：某某局\n乙方：某某公司\n第一条 合同总价为人民币10000元。\n甲方应按约定付款。\n甲方（盖章）：\n乙方（盖章）：\n"


def folder(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(CONTRACT, encoding="utf-8")
    (root / "ledger.xlsx").write_bytes(b"PK\x03\x04 spreadsheet")
    (root / "sub" / "dump.csv").write_text("编号,金额\n1,100\n", encoding="utf-8")
    (root / "sub" / "bundle.zip").write_bytes(b"PK\x03\x04")
    (root / "README").write_text("notes", encoding="utf-8")
    return root


def test_unsupported_types_are_listed_with_their_reason(tmp_path: Path) -> None:
    not_read: list = []
    files = find_files([folder(tmp_path)], not_read)
    assert [f.name for f in files] == ["a.txt"]
    reasons = {item.path.name: (item.kind, item.reason) for item in not_read}
    assert reasons["ledger.xlsx"] == ("unsupported", "unsupported type .xlsx: a spreadsheet; save the contract as PDF")
    assert reasons["dump.csv"][0] == "unsupported" and reasons["bundle.zip"][0] == "unsupported"
    assert reasons["README"][1].startswith("unsupported type (no extension)")


def test_an_import_records_every_file_it_did_not_read(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    summary = ingest_files([folder(tmp_path)], db)
    assert (summary.ok + summary.partial, summary.not_read) == (1, 4)
    with duckdb.connect(str(db), read_only=True) as conn:
        rows = conn.execute("SELECT kind, reason FROM files_not_read WHERE run_id = ? ORDER BY path", [summary.run_id]).fetchall()
    assert len(rows) == 4 and all(kind == "unsupported" for kind, _ in rows)


def test_a_folder_that_cannot_be_listed_is_recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = folder(tmp_path)
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    db = tmp_path / "c.duckdb"
    summary = ingest_files([root], db)
    with duckdb.connect(str(db), read_only=True) as conn:
        kinds = conn.execute("SELECT kind, reason FROM files_not_read WHERE kind = 'unlistable'").fetchall()
    assert kinds == [("unlistable", "cannot list folder: Permission denied")]
    assert summary.not_read == 3  # ledger.xlsx, README and the folder


def test_the_command_records_them_too(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from hetong.pipeline.cli import app

    db = tmp_path / "c.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(folder(tmp_path)), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "not read 4" in result.output
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM files_not_read").fetchone() == (4,)
