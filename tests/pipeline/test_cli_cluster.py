"""`hetong cluster run|merge` through the CLI runner: the scale-out runner
under the same command line, with ingest's summary and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from hetong.pipeline.cli import app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "004_203ddecaf6b58c51.txt"
NOVEL = (
    "第一章 雨夜\n那天夜里下着大雨，老张独自坐在窗前，望着街上昏黄的路灯发呆。"
    "他想起年轻时在江南小镇度过的那些夏天，想起母亲做的桂花糕，想起河边的石桥和桥下缓缓流过的船。"
    "风从窗缝里钻进来，吹动了桌上的旧信纸。他叹了口气，把信纸折好，放回抽屉里。\n"
) * 5


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    (folder / "novel.txt").write_text(NOVEL, encoding="utf-8")
    return folder


def test_a_missing_path_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["cluster", "run", "/nonexistent", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == ["no such file or folder: /nonexistent (nothing run)"]
    assert not (tmp_path / "out").exists()


def test_an_out_that_is_a_file_is_refused(runner: CliRunner, archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("x")
    result = runner.invoke(app, ["cluster", "run", str(archive), "--out", str(out), "--local", "1"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"cannot write to --out {out}: it is a file"


def test_not_a_contract_is_counted_as_such_not_failed(runner: CliRunner, archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["cluster", "run", str(archive), "--out", str(out), "--local", "1", "--json"])
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["ok"] + summary["partial"], summary["not_a_contract"], summary["failed"]) == (1, 1, 0)
    again = json.loads(runner.invoke(app, ["cluster", "run", str(archive), "--out", str(out), "--local", "1",
                                           "--json"]).stdout)
    assert (again["skipped"], again["documents"]) == (2, 0)  # idempotent by sha256


def test_the_text_summary_uses_ingest_words(runner: CliRunner, archive: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["cluster", "run", str(archive), "--out", str(tmp_path / "out"), "--local", "1"])
    assert result.exit_code == 0
    assert result.stdout.startswith("ok 1 · partial 0 · failed 0 · unreadable 0 · not a contract 1 · skipped 0")


def test_every_file_failed_is_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["cluster", "run", str(folder), "--out", str(tmp_path / "out"), "--local", "1",
                                 "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["failed"] == 1


def test_merge_loads_the_shards(runner: CliRunner, archive: Path, tmp_path: Path) -> None:
    out, db = tmp_path / "out", tmp_path / "c.duckdb"
    assert runner.invoke(app, ["cluster", "run", str(archive), "--out", str(out), "--local", "1"]).exit_code == 0
    result = runner.invoke(app, ["cluster", "merge", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.stderr
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT status, count(*) FROM documents GROUP BY ALL ORDER BY 1").fetchall() == [
            ("not_a_contract", 1), ("ok", 1)]


def test_merge_of_a_missing_folder_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["cluster", "merge", str(tmp_path / "nope"), "--db", str(tmp_path / "c.duckdb")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"no such folder: {tmp_path / 'nope'}"


@pytest.mark.parametrize("command", ["run", "merge"])
def test_the_cluster_commands_are_documented(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"hetong cluster {command}" in readme
