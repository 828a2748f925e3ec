"""`hetong tables`, `hetong schema` and `hetong query` through the CLI runner:
the database opened read-only and never changed, a statement that would write
refused with one line and exit code 2."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from hetong.pipeline.store import storage
from hetong.pipeline.cli import app
from hetong.pipeline.store.export import catalog, columns
from hetong.pipeline.orchestrate import process_path
from hetong.pipeline.store.query import QueryError, check_read_only, open_read_only, open_waiting

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "000_ea93da92590dbf3c.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("query") / "contracts.duckdb"
    with storage.connect(path) as conn:
        run = storage.start_run(conn)
        storage.store_document(conn, process_path(SAMPLE), run)
        storage.finish_run(conn, run, files_seen=1, ok=1, partial=0, failed=0, skipped=0)
    return path


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str):
    return runner.invoke(app, list(args))


def fingerprint(path: Path) -> tuple[int, int, bytes]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, path.read_bytes()


# -- tables ----------------------------------------------------------------------------------


def test_tables_lists_every_table_and_view_with_kind_and_rows(runner: CliRunner, db: Path) -> None:
    result = invoke(runner, "tables", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    listed = {row["name"]: row for row in json.loads(result.stdout)}
    with duckdb.connect(str(db), read_only=True) as conn:
        expected = {r.name: r.kind for r in catalog(conn)}
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()
        parties = conn.execute("SELECT count(*) FROM parties").fetchone()
    assert {name: row["kind"] for name, row in listed.items()} == expected
    assert (listed["documents"]["rows"], listed["parties"]["rows"]) == (documents[0], parties[0])  # type: ignore[index]
    assert listed["v_contracts"]["kind"] == "view" and listed["v_contracts"]["rows"] == 1
    assert listed["documents"]["description"].startswith("One row per distinct file content")


def test_tables_prints_a_table_by_default(runner: CliRunner, db: Path) -> None:
    result = invoke(runner, "tables", "--db", str(db))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    row = next(line for line in lines if line.startswith("│ documents "))
    assert [cell.strip() for cell in row.strip("│").split("│")][:3] == ["documents", "table", "1"]
    assert any(line.startswith("│ v_contracts ") for line in lines)


# -- schema ----------------------------------------------------------------------------------


def test_schema_of_one_table_gives_types_and_comments(runner: CliRunner, db: Path) -> None:
    result = invoke(runner, "schema", "contracts", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["column"]: row for row in json.loads(result.stdout)}
    assert rows["total_amount"] == {
        "table": "contracts",
        "column": "total_amount",
        "type": "DECIMAL(18,2)",
        "description": "Contract total in CNY yuan.",
    }
    assert rows["signed_on"]["type"] == "DATE"


def test_schema_names_are_case_insensitive(runner: CliRunner, db: Path) -> None:
    result = invoke(runner, "schema", "V_CONTRACTS", "--db", str(db), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert {row["table"] for row in csv.DictReader(io.StringIO(result.stdout))} == {"v_contracts"}


def test_schema_table_format_shows_the_relation_and_its_comment(runner: CliRunner, db: Path) -> None:
    result = invoke(runner, "schema", "documents", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("documents (table): One row per distinct file content")
    assert any(line.startswith("│ sha256 ") and "SHA-256 of the file bytes" in line for line in result.stdout.splitlines())


def test_schema_of_everything_covers_every_column(runner: CliRunner, db: Path) -> None:
    result = invoke(runner, "schema", "--db", str(db), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    with duckdb.connect(str(db), read_only=True) as conn:
        assert [(r["table"], r["column"]) for r in rows] == [(c.relation, c.name) for c in columns(conn)]


def test_the_migrations_comment_every_column(runner: CliRunner, db: Path) -> None:
    result = invoke(runner, "schema", "--db", str(db), "--format", "json")
    missing = [f"{r['table']}.{r['column']}" for r in json.loads(result.stdout) if not r["description"]]
    assert missing == []


def test_schema_of_an_unknown_name_is_refused(runner: CliRunner, db: Path) -> None:
    result = invoke(runner, "schema", "contract", "--db", str(db))
    assert result.exit_code == 2
    assert result.stderr.startswith("no table or view 'contract'; there are: _migrations, ")
    assert len(result.stderr.strip().splitlines()) == 1


# -- query -----------------------------------------------------------------------------------


def test_query_prints_a_rich_table_by_default(runner: CliRunner, db: Path) -> None:
    result = invoke(runner, "query", "--db", str(db), "SELECT source, total_amount, signed_on FROM v_contracts")
    assert result.exit_code == 0, result.output
    assert "┃ source" in result.stdout and "┃ total_amount" in result.stdout
    assert "│ 000_ea93da92590dbf3c.txt │    129800.00 │ 2025-03-12 │" in result.stdout
    assert result.stderr.strip() == "1 row"


def test_query_values_are_never_read_as_markup(runner: CliRunner, db: Path) -> None:
    result = invoke(runner, "query", "--db", str(db), "SELECT '[bold]甲方[/bold]' AS x, NULL AS y")
    assert result.exit_code == 0, result.output
    assert "│ [bold]甲方[/bold] │ NULL │" in result.stdout


def test_query_csv(runner: CliRunner, db: Path) -> None:
    result = invoke(runner, "query", "--db", str(db), "--format", "csv",
                    "SELECT d.source, c.total_amount, c.coverage, NULL AS nothing FROM documents d JOIN contracts c USING (sha256)")
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["source", "total_amount", "coverage", "nothing"],
        ["000_ea93da92590dbf3c.txt", "129800.00", json.dumps(_coverage(db), ensure_ascii=False), ""],
    ]


def _coverage(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as conn:
        row = conn.execute("SELECT coverage FROM contracts").fetchone()
    return list(row[0]) if row and row[0] is not None else []


def test_query_json_keeps_money_exact_and_nests_json_columns(runner: CliRunner, db: Path) -> None:
    result = invoke(runner, "query", "--db", str(db), "--format", "json",
                    "SELECT d.source, c.total_amount, c.signed_on, d.versions FROM documents d JOIN contracts c USING (sha256)")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["total_amount"] == "129800.00" and row["signed_on"] == "2025-03-12"
    assert isinstance(row["versions"], dict) and "hetong" in row["versions"]


def test_query_with_no_rows(runner: CliRunner, db: Path) -> None:
    result = invoke(runner, "query", "--db", str(db), "--format", "json", "SELECT * FROM documents WHERE false")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    "sql",
    [
        "DESCRIBE contracts",
        "SHOW TABLES",
        "SUMMARIZE contracts",
        "EXPLAIN SELECT * FROM contracts",
        "PRAGMA table_info('contracts')",
        "FROM documents SELECT count(*)",
        "WITH t AS (SELECT 1 AS a) SELECT * FROM t",
        "VALUES (1, 2)",
        "SELECT 1; SELECT 2",
    ],
)
def test_statements_that_only_read_are_run(runner: CliRunner, db: Path, sql: str) -> None:
    result = invoke(runner, "query", "--db", str(db), "--format", "csv", sql)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("INSERT INTO runs (run_id) VALUES (99)", "INSERT"),
        ("UPDATE contracts SET total_amount = 0", "UPDATE"),
        ("DELETE FROM documents", "DELETE"),
        ("DROP TABLE documents", "DROP"),
        ("CREATE TABLE t (a INTEGER)", "CREATE"),
        ("CREATE TEMP TABLE t AS SELECT 1", "CREATE"),
        ("ALTER TABLE documents ADD COLUMN x INTEGER", "ALTER"),
        ("COPY documents TO '{tmp}/leak.csv'", "COPY"),
        ("EXPORT DATABASE '{tmp}/dump'", "EXPORT"),
        ("ATTACH '{tmp}/other.duckdb' AS other", "ATTACH"),
        ("SET threads = 1", "SET"),
        ("INSTALL httpfs", "LOAD"),
        ("SELECT 1; DELETE FROM documents", "DELETE"),
    ],
)
def test_a_statement_that_would_write_is_refused(
    runner: CliRunner, db: Path, tmp_path: Path, sql: str, kind: str
) -> None:
    before = fingerprint(db)
    result = invoke(runner, "query", "--db", str(db), sql.format(tmp=tmp_path))
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.exit_code == 2
    assert result.stderr.startswith(f"hetong query is read-only: {kind} statements are refused")
    assert result.stdout == ""
    assert fingerprint(db) == before
    assert list(tmp_path.iterdir()) == []


def test_a_call_that_would_write_changes_nothing(runner: CliRunner, db: Path) -> None:
    before = fingerprint(db)
    invoke(runner, "query", "--db", str(db), "CHECKPOINT")  # a CALL; on a read-only database, a no-op
    assert fingerprint(db) == before


def test_the_connection_itself_is_read_only(db: Path) -> None:
    with open_read_only(db) as conn:
        with pytest.raises(duckdb.Error, match="read-only"):
            conn.execute("CREATE TABLE t (a INTEGER)")


def test_check_read_only_refuses_an_empty_statement() -> None:
    with duckdb.connect() as conn, pytest.raises(QueryError, match="no SQL statement"):
        check_read_only(conn, "  ;  ")


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELEC 1", 'query failed: Parser Error: syntax error at or near "SELEC"'),
        ("SELECT * FROM nope", "query failed: Catalog Error: Table with name nope does not exist!"),
    ],
)
def test_a_query_duckdb_cannot_run_is_one_line_and_exit_1(runner: CliRunner, db: Path, sql: str, message: str) -> None:
    result = invoke(runner, "query", "--db", str(db), sql)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.strip().splitlines() == [message]


# -- bad databases and options ----------------------------------------------------------------


@pytest.mark.parametrize("command", [["tables"], ["schema"], ["query", "SELECT 1"]])
def test_a_missing_database_is_not_created(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "contracts.duckdb"
    result = invoke(runner, *command, "--db", str(missing))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"no such database file: {missing}"]
    assert not missing.exists()


@pytest.mark.parametrize("command", [["tables"], ["schema"], ["query", "SELECT 1"]])
def test_a_file_that_is_not_a_database(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    bad = tmp_path / "contracts.duckdb"
    bad.write_text("甲方：某某公司\n" * 200, encoding="utf-8")
    result = invoke(runner, *command, "--db", str(bad))
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"cannot open database {bad}: ")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["tables"], ["schema"], ["query", "SELECT 1"]])
def test_an_unknown_format_is_refused(runner: CliRunner, db: Path, command: list[str]) -> None:
    result = invoke(runner, *command, "--db", str(db), "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stderr.strip() == "unknown format 'xlsx'; use one of table, csv, json"


def test_any_duckdb_file_can_be_inspected(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as conn:
        conn.execute("CREATE TABLE t (a INTEGER)")
        conn.execute("COMMENT ON COLUMN t.a IS '一个数'")
        conn.execute("INSERT INTO t VALUES (1), (2)")
    before = fingerprint(other)
    tables = invoke(runner, "tables", "--db", str(other), "--format", "json")
    assert json.loads(tables.stdout) == [{"name": "t", "kind": "table", "rows": 2, "description": None}]
    schema = invoke(runner, "schema", "t", "--db", str(other), "--format", "json")
    assert json.loads(schema.stdout) == [{"table": "t", "column": "a", "type": "INTEGER", "description": "一个数"}]
    assert fingerprint(other) == before  # never migrated


# -- another process holding the file ------------------------------------------------------------


def test_open_waiting_says_who_holds_the_file(tmp_path: Path) -> None:
    from hetong.pipeline.store.readers import DatabaseBusy

    path = tmp_path / "held.duckdb"
    duckdb.connect(str(path)).close()
    code = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)"
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    said: list[str] = []
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseBusy):
            open_waiting(path, read_only=True, timeout=0.3, on_wait=said.append)
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    assert said == [f"waiting for {path}, held by another process (PID {proc.pid})… (up to 0.3 s)"]
    with open_waiting(path, read_only=True, timeout=5, on_wait=said.append):
        pass
    assert len(said) == 1  # free: no message
    assert os.path.isfile(path)
