"""`hetong export`: the format from the --out extension (an explicit --format
that contradicts it is refused), `--excel` (CSV with a UTF-8 BOM), `--all DIR`
(every table and view plus a data dictionary), and output paths that cannot
be written refused with one line before any work."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from hetong.pipeline.store import storage
from hetong.pipeline.cli import app
from hetong.pipeline.store.export import BOM, ExportError, catalog, choose_format, columns, file_names
from hetong.pipeline.orchestrate import process_path

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "samples" / "000_ea93da92590dbf3c.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export_formats") / "contracts.duckdb"
    with storage.connect(path) as conn:
        run = storage.start_run(conn)
        storage.store_document(conn, process_path(SAMPLE), run)
        storage.finish_run(conn, run, files_seen=1, ok=1, partial=0, failed=0, skipped=0)
        conn.execute('CREATE TABLE "odd ""name""" (a INTEGER)')
        conn.execute('COMMENT ON TABLE "odd ""name""" IS \'a table whose name | needs quoting\'')
        conn.execute('COMMENT ON COLUMN "odd ""name""".a IS \'a number\'')
        conn.execute('INSERT INTO "odd ""name""" VALUES (1), (2)')
    return path


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()




def export(runner: CliRunner, db: Path, *args: str):
    return runner.invoke(app, ["export", "--db", str(db), *args])


def one_line_exit_2(result) -> str:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def read_back(path: Path) -> list[tuple]:
    readers = {".parquet": "read_parquet", ".csv": "read_csv", ".jsonl": "read_json", ".json": "read_json"}
    with duckdb.connect() as conn:
        return conn.execute(f"SELECT * FROM {readers[path.suffix.lower()]}(?)", [str(path)]).fetchall()


# -- the format from the extension ------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl", ".json", ".CSV"])
def test_the_format_comes_from_the_extension(runner: CliRunner, db: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"parties{suffix}"
    result = export(runner, db, "--table", "parties", "--out", str(out))
    assert result.exit_code == 0, result.output
    fmt = suffix.lower().lstrip(".")
    assert result.stderr.strip() == f"{out}: 2 rows of parties as {fmt}"
    assert len(read_back(out)) == 2


def test_json_is_one_array_with_exact_money(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "contracts.json"
    assert export(runner, db, "--table", "contracts", "--out", str(out)).exit_code == 0
    [record] = json.loads(out.read_text(encoding="utf-8"))
    assert record["total_amount"] == "129800.00" and record["signed_on"] == "2025-03-12"


def test_json_of_an_empty_table_is_an_empty_array(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "files_not_read.json"
    assert export(runner, db, "--table", "files_not_read", "--out", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == []


def test_json_rows_are_the_jsonl_rows(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    array, lines = tmp_path / "e.json", tmp_path / "e.jsonl"
    assert export(runner, db, "--table", "all_evidence", "--out", str(array), "--redact").exit_code == 0
    assert export(runner, db, "--table", "all_evidence", "--out", str(lines), "--redact").exit_code == 0
    assert json.loads(array.read_text(encoding="utf-8")) == [
        json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()
    ]


def test_an_explicit_format_that_matches_is_fine(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.ndjson"
    assert export(runner, db, "--table", "parties", "--out", str(out), "--format", "jsonl").exit_code == 0
    result = export(runner, db, "--table", "parties", "--out", str(tmp_path / "p.txt"), "--format", "csv")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("x.csv", ["--format", "jsonl"], "--format jsonl does not match x.csv (.csv is csv): change the extension or the format"),
        ("x.json", ["--format", "jsonl"], "--format jsonl does not match x.json (.json is json): change the extension or the format"),
        ("x.parquet", ["--format", "CSV"], "--format csv does not match x.parquet (.parquet is parquet): change the extension or the format"),
        ("x.parquet", ["--excel"], "--excel (CSV) does not match x.parquet (.parquet is parquet): change the extension or the format"),
        ("x.csv", ["--excel", "--format", "json"], "--excel writes CSV; it cannot be combined with --format json"),
        ("x.txt", [], "cannot tell the format of x.txt from its extension: name it .parquet, .csv, .jsonl, .ndjson, .json, or give --format"),
        ("x", [], "cannot tell the format of x from its extension: name it .parquet, .csv, .jsonl, .ndjson, .json, or give --format"),
        ("x.csv", ["--format", "xlsx"], "unknown format 'xlsx'; use one of parquet, csv, jsonl, json"),
    ],
)
def test_a_format_that_contradicts_the_extension_is_refused(
    runner: CliRunner, db: Path, tmp_path: Path, name: str, args: list[str], message: str
) -> None:
    result = export(runner, db, "--table", "parties", "--out", str(tmp_path / name), *args)
    assert one_line_exit_2(result) == message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("out", "fmt", "excel", "expected"),
    [
        ("a.parquet", None, False, "parquet"),
        ("a.Json", None, False, "json"),
        ("a.ndjson", None, False, "jsonl"),
        ("a.csv", None, True, "csv"),
        ("a.tsv", "csv", False, "csv"),
        ("a.tsv", None, True, "csv"),
        (None, None, False, "parquet"),
        (None, "jsonl", False, "jsonl"),
        (None, None, True, "csv"),
    ],
)
def test_choose_format(out: str | None, fmt: str | None, excel: bool, expected: str) -> None:
    assert choose_format(Path(out) if out else None, fmt, excel=excel) == expected


def test_choose_format_refuses_an_excel_parquet_folder() -> None:
    with pytest.raises(ExportError, match="--excel writes CSV"):
        choose_format(None, "parquet", excel=True)


# -- --excel ------------------------------------------------------------------------------------


def test_excel_csv_starts_with_a_bom_and_keeps_the_chinese(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "parties.csv"
    result = export(runner, db, "--table", "parties", "--out", str(out), "--excel")
    assert result.exit_code == 0, result.output
    assert "(with a UTF-8 BOM for Excel)" in result.stderr
    data = out.read_bytes()
    assert data.startswith(BOM) and not data[len(BOM):].startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {r["role"] for r in rows} == {"甲方", "乙方"}
    assert [p.name for p in tmp_path.iterdir()] == ["parties.csv"]  # the part file is gone


def test_excel_csv_is_the_plain_csv_behind_the_bom(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    assert export(runner, db, "--table", "texts", "--out", str(plain), "--redact").exit_code == 0
    assert export(runner, db, "--table", "texts", "--out", str(excel), "--redact", "--excel").exit_code == 0
    assert not plain.read_bytes().startswith(BOM)
    assert excel.read_bytes() == BOM + plain.read_bytes()


def test_excel_overwrites_an_existing_file(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "parties.csv"
    out.write_text("old content that is longer than nothing\n" * 1000, encoding="utf-8")
    assert export(runner, db, "--table", "parties", "--out", str(out), "--excel").exit_code == 0
    assert "old content" not in out.read_bytes().decode("utf-8-sig")


# -- --all ----------------------------------------------------------------------------------------


def test_all_writes_every_table_and_view_and_a_data_dictionary(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    result = export(runner, db, "--all", str(folder))
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(db), read_only=True) as conn:
        rels = catalog(conn)
        cols = columns(conn)
    names = file_names([r.name for r in rels], ".parquet")
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names.values(), "data_dictionary.csv", "data_dictionary.md"])
    assert names['odd "name"'] == "odd_name_.parquet"
    assert len(read_back(folder / "parties.parquet")) == 2
    assert len(read_back(folder / "v_contracts.parquet")) == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"{folder}: {len(rels)} tables and views as parquet, ")


def test_the_data_dictionary_describes_every_column(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    assert export(runner, db, "--all", str(folder), "--format", "jsonl").exit_code == 0
    rows = list(csv.DictReader(io.StringIO((folder / "data_dictionary.csv").read_text(encoding="utf-8"))))
    with duckdb.connect(str(db), read_only=True) as conn:
        cols = columns(conn)
    assert [(r["table"], r["column"], r["type"]) for r in rows] == [(c.relation, c.name, c.type) for c in cols]
    total = next(r for r in rows if (r["table"], r["column"]) == ("contracts", "total_amount"))
    assert total == {
        "table": "contracts",
        "column": "total_amount",
        "type": "DECIMAL(18,2)",
        "description": "Contract total in CNY yuan.",
        "kind": "table",
        "table_description": total["table_description"],
        "file": "contracts.jsonl",
    }
    assert total["table_description"].startswith("One row per document that went through extraction")
    assert [f"{r['table']}.{r['column']}" for r in rows if not r["description"]] == []


def test_the_markdown_dictionary_has_a_section_per_relation(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    assert export(runner, db, "--all", str(folder), "--format", "csv").exit_code == 0
    md = (folder / "data_dictionary.md").read_text(encoding="utf-8")
    with duckdb.connect(str(db), read_only=True) as conn:
        rels = catalog(conn)
    headings = [line[3:] for line in md.splitlines() if line.startswith("## ")]
    assert headings == [r.name for r in rels]
    assert "| total_amount | DECIMAL(18,2) | Contract total in CNY yuan. |" in md
    # pipes escaped (documents.status; contract_overview, which said the same, is an alias of v_contracts since 008)
    assert "| status | VARCHAR | ok \\| partial (an extractor or check failed) \\| failed (nothing extracted) \\| not_a_contract. |" in md
    assert "table · 2 rows · file `odd_name_.csv`" in md
    assert "a table whose name \\| needs quoting" in md


def test_all_with_excel_puts_a_bom_on_every_csv(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    result = export(runner, db, "--all", str(folder), "--excel", "--redact")
    assert result.exit_code == 0, result.output
    csvs = sorted(folder.glob("*.csv"))
    assert len(csvs) == len(list(folder.iterdir())) - 1  # everything but the markdown
    assert all(p.read_bytes().startswith(BOM) for p in csvs)


def test_all_into_an_existing_folder_overwrites(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    (tmp_path / "parties.parquet").write_text("stale", encoding="utf-8")
    assert export(runner, db, "--all", str(tmp_path)).exit_code == 0
    assert len(read_back(tmp_path / "parties.parquet")) == 2


def test_file_names_are_safe_and_unique() -> None:
    names = file_names(["Parties", "parties", 'odd "name"', "data_dictionary", "../up", "合同"], ".csv")
    assert names == {
        "Parties": "Parties.csv",
        "parties": "parties_2.csv",
        'odd "name"': "odd_name_.csv",
        "data_dictionary": "data_dictionary_2.csv",
        "../up": "_up.csv",
        "合同": "合同.csv",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--all", "{tmp}/dump", "--table", "parties"], "--all DIR writes every table and view: give it without --table and --out"),
        (["--all", "{tmp}/dump", "--out", "{tmp}/x.csv"], "--all DIR writes every table and view: give it without --table and --out"),
        ([], "give --table NAME and --out FILE, or --all DIR"),
        (["--table", "parties"], "give --table NAME and --out FILE, or --all DIR"),
        (["--all", "{tmp}/no/such/dump"], "cannot create folder {tmp}/no/such/dump: folder {tmp}/no/such does not exist"),
        (["--all", "{tmp}/a-file"], "cannot write into {tmp}/a-file: it is not a folder"),
        (["--all", "{tmp}/dump", "--format", "xml"], "unknown format 'xml'; use one of parquet, csv, jsonl, json"),
    ],
)
def test_bad_all_arguments(runner: CliRunner, db: Path, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = export(runner, db, *(a.format(tmp=tmp_path) for a in args))
    assert one_line_exit_2(result) == message.format(tmp=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_all_with_a_missing_database_creates_no_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--db", str(tmp_path / "nope.duckdb"), "--all", str(tmp_path / "dump")])
    assert result.exit_code == 2 and "no such database" in result.stderr
    assert not (tmp_path / "dump").exists()


# -- output paths that cannot be written --------------------------------------------------------


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("/unwritable/x.csv", "cannot write /unwritable/x.csv: folder /unwritable does not exist"),
        ("{tmp}/a-file/x.csv", "cannot write {tmp}/a-file/x.csv: {tmp}/a-file is not a folder"),
        ("{tmp}/a-folder.csv", "cannot write {tmp}/a-folder.csv: it is a folder"),
    ],
)
def test_an_out_path_that_cannot_be_written(runner: CliRunner, db: Path, tmp_path: Path, out: str, message: str) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (tmp_path / "a-folder.csv").mkdir()
    result = export(runner, db, "--table", "parties", "--out", out.format(tmp=tmp_path))
    assert one_line_exit_2(result) == message.format(tmp=tmp_path)


def test_an_unwritable_out_folder(runner: CliRunner, db: Path, unwritable_dir: Path) -> None:
    out = unwritable_dir / "x.parquet"
    line = one_line_exit_2(export(runner, db, "--table", "parties", "--out", str(out)))
    assert line.startswith(f"cannot write {out}: ")


def test_an_unwritable_all_folder(runner: CliRunner, db: Path, unwritable_dir: Path) -> None:
    line = one_line_exit_2(export(runner, db, "--all", str(unwritable_dir)))
    assert line.startswith(f"cannot write {unwritable_dir}: ")
