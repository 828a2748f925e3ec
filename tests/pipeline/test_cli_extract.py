"""`hetong extract` through the CLI runner: JSON Lines on stdout only, one
clear error line per bad file, and the rest of the batch still extracted."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hetong.pipeline.cli import app

GOLD = Path(__file__).resolve().parents[2] / "data" / "gold"
SEEDS = sorted(GOLD.glob("00[0-4]_*.txt"))


@pytest.fixture(scope="module")
def runner():
    return CliRunner()




def test_extract_seeds_emits_one_json_line_each(runner):
    result = runner.invoke(app, ["extract", *map(str, SEEDS)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().split("\n")
    assert len(lines) == len(SEEDS) == 5
    records = [json.loads(line) for line in lines]
    assert [r["source"] for r in records] == [p.name for p in SEEDS]
    for record in records:
        assert set(record) >= {"contract", "parties", "payments", "penalties", "sla", "flags"}
        assert record["status"] in {"ok", "partial"}


def test_bad_files_get_one_error_line_and_the_batch_goes_on(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    gb = tmp_path / "gb.txt"
    gb.write_bytes(SEEDS[0].read_text(encoding="utf-8").encode("gb18030"))
    result = runner.invoke(app, ["extract", str(empty), str(junk), str(gb)])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.strip().split("\n")]
    assert [r["status"] for r in records] == ["failed", "failed", records[2]["status"]]
    assert records[2]["status"] != "failed" and records[2]["encoding"] == "gb18030"
    assert "empty file" in records[0]["error"] and "binary file" in records[1]["error"]
    errors = [line for line in result.stderr.strip().split("\n") if line]
    assert any("empty.txt: ingest: empty file" in e for e in errors)
    assert any("junk.txt: ingest: binary file" in e for e in errors)


def test_missing_file_is_reported_not_raised(runner, tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert record["status"] == "failed" and "cannot read file" in record["error"]


def test_out_option_writes_a_file(runner, tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(SEEDS[0]), "--out", str(out)])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["source"] == SEEDS[0].name


# -- folders and output paths ---------------------------------------------------------


def test_folders_are_walked_like_ingest(runner, tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(SEEDS[0].read_bytes())
    (folder / "sub" / "b.txt").write_bytes(SEEDS[1].read_bytes())
    (folder / ".hidden.txt").write_bytes(SEEDS[2].read_bytes())
    (folder / "prices.xlsx").write_bytes(b"PK\x03\x04")
    result = runner.invoke(app, ["extract", str(folder)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.strip().split("\n")]
    assert [r["source"] for r in records] == ["a.txt", "b.txt"]
    assert "prices.xlsx: not read: unsupported type .xlsx" in result.stderr


def test_a_folder_without_contracts_exits_1(runner, tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == f"no contract files found in {tmp_path}"


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("/unwritable/x.jsonl", "cannot write /unwritable/x.jsonl: folder /unwritable does not exist"),
        ("{tmp}/no/such/x.jsonl", "cannot write {tmp}/no/such/x.jsonl: folder {tmp}/no/such does not exist"),
        ("{tmp}/a-file/x.jsonl", "cannot write {tmp}/a-file/x.jsonl: {tmp}/a-file is not a folder"),
        ("{tmp}", "cannot write {tmp}: it is a folder"),
    ],
)
def test_an_output_path_that_cannot_be_written_is_one_line_and_exit_2(runner, tmp_path, out, message):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(SEEDS[0]), "--out", out.format(tmp=tmp_path)])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert result.stderr.strip().splitlines() == [message.format(tmp=tmp_path)]
    assert result.stdout == ""


def test_an_unwritable_output_folder_is_refused(runner, unwritable_dir):
    result = runner.invoke(app, ["extract", str(SEEDS[0]), "--out", str(unwritable_dir / "x.jsonl")])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"cannot write {unwritable_dir / 'x.jsonl'}: ")
    assert len(result.stderr.strip().splitlines()) == 1
