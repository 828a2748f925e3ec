"""hetong.pipeline.batch.importer: walk, skip what is imported, store everything else, and the
`hetong ingest` command."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from hetong.models import Document, Payment
from hetong.pipeline.batch import importer as batch
from hetong.pipeline.store import storage, writer
from hetong.pipeline.cli import app
from hetong.pipeline.read.ingest import sha256
from hetong.pipeline.store.writer import BatchWriter, rows_of

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"
SEEDS = sorted(p.name for p in SAMPLES.glob("*.txt"))
TABLES = ("documents", "contracts", "parties", "clauses", "payments", "penalties", "sla", "flags", "evidence")
JUNK = bytes(range(256)) * 16  # NUL bytes and C1 controls: not text in any encoding


@pytest.fixture
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    c = storage.connect(":memory:")
    yield c
    c.close()


def make_folder(root: Path) -> Path:
    """Seed texts, an empty file and binary junk in nested folders, plus
    files the walk must ignore."""
    folder = root / "contracts"
    (folder / "nested" / "deeper").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    for name in SEEDS:
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "nested" / "empty.txt").write_bytes(b"")
    (folder / "nested" / "deeper" / "junk.txt").write_bytes(JUNK)
    (folder / ".hidden" / "copy.txt").write_bytes((SAMPLES / SEEDS[0]).read_bytes())
    (folder / ".notes.md").write_text("hidden", encoding="utf-8")
    (folder / "scan.docx").write_bytes(b"PK\x03\x04")  # a .docx, but not a ZIP archive
    (folder / "notes.odt").write_bytes(b"PK\x03\x04")  # not a suffix the walk takes
    return folder


EXPECTED = [*SEEDS, "scan.docx", "empty.txt", "junk.txt"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_folder(tmp_path)


def stub_document(data: bytes, source: str, path: str | None = None, timings: dict[str, float] | None = None) -> Document:
    """What a pipeline returns for a readable file, without running one."""
    return Document(source=source, path=path, sha256=sha256(data), media_type="text/plain",
                    raw_text=data.decode("utf-8"))


def counts(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


# -- walking ------------------------------------------------------------------------


def test_find_files_walks_recursively_and_skips_hidden_and_other_suffixes(folder: Path) -> None:
    found = batch.find_files([folder])
    assert sorted(p.name for p in found) == sorted(EXPECTED)


def test_find_files_order_is_deterministic(folder: Path) -> None:
    found = [p.relative_to(folder).as_posix() for p in batch.find_files([folder])]
    assert found == [*SEEDS, "scan.docx", "nested/empty.txt", "nested/deeper/junk.txt"]


def test_find_files_takes_named_files_as_given_and_lists_each_once(folder: Path) -> None:
    named = folder / "notes.odt"
    found = batch.find_files([named, folder, folder / SEEDS[0]])
    assert found[0] == named
    assert len(found) == len(EXPECTED) + 1


# -- ingesting a folder ----------------------------------------------------------------


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, duckdb.DuckDBPyConnection, batch.Summary]]:
    folder = make_folder(tmp_path_factory.mktemp("batch"))
    c = storage.connect(":memory:")
    summary = batch.ingest_files([folder], c)
    yield folder, c, summary
    c.close()


@pytest.mark.parametrize("name", EXPECTED)
def test_every_file_has_a_documents_row(ingested, name: str) -> None:  # type: ignore[no-untyped-def]
    folder, conn, _ = ingested
    path = next(folder.rglob(name))
    row = conn.execute("SELECT source, path, bytes FROM documents WHERE sha256 = ?", [sha256(path.read_bytes())]).fetchone()
    assert row == (name, str(path.absolute()), path.stat().st_size)


@pytest.mark.parametrize(
    ("name", "error"),
    [("empty.txt", "ingest: empty file"), ("junk.txt", "ingest: binary file: contains NUL bytes, not text")],
)
def test_bad_files_are_stored_as_failed(ingested, name: str, error: str) -> None:  # type: ignore[no-untyped-def]
    _, conn, _ = ingested
    assert conn.execute("SELECT status, error FROM documents WHERE source = ?", [name]).fetchone() == ("failed", error)


def test_summary_counts_every_file(ingested) -> None:  # type: ignore[no-untyped-def]
    _, conn, summary = ingested
    assert summary.seen == len(EXPECTED)
    assert summary.skipped == 0
    assert summary.ok + summary.partial + summary.failed + summary.not_a_contract == summary.seen
    assert summary.failed >= 2
    assert sorted(p.name for p, _ in summary.problems if p.name in ("empty.txt", "junk.txt")) == ["empty.txt", "junk.txt"]


def test_the_run_is_recorded(ingested) -> None:  # type: ignore[no-untyped-def]
    _, conn, summary = ingested
    row = conn.execute(
        "SELECT files_seen, ok, partial, failed, not_a_contract, skipped, finished_at IS NOT NULL FROM runs WHERE run_id = ?",
        [summary.run_id],
    ).fetchone()
    assert row == (summary.seen, summary.ok, summary.partial, summary.failed, summary.not_a_contract, 0, True)
    assert conn.execute("SELECT DISTINCT run_id FROM documents").fetchall() == [(summary.run_id,)]


def test_rerunning_skips_everything_and_changes_nothing(folder: Path, conn: duckdb.DuckDBPyConnection) -> None:
    first = batch.ingest_files([folder], conn)
    before = counts(conn)
    again = batch.ingest_files([folder], conn)
    assert (again.seen, again.skipped) == (first.seen, first.seen)
    assert (again.ok, again.partial, again.failed) == (0, 0, 0)
    assert counts(conn) == before


def test_force_reprocesses_without_duplicating(folder: Path, conn: duckdb.DuckDBPyConnection) -> None:
    batch.ingest_files([folder], conn)
    before = counts(conn)
    again = batch.ingest_files([folder], conn, force=True)
    assert again.skipped == 0
    assert counts(conn) == before
    assert conn.execute("SELECT DISTINCT run_id FROM documents").fetchall() == [(again.run_id,)]


def test_the_same_content_twice_in_one_batch_is_stored_once(tmp_path: Path, conn: duckdb.DuckDBPyConnection) -> None:
    for name in ("a.txt", "b.txt"):
        shutil.copy(SAMPLES / SEEDS[0], tmp_path / name)
    summary = batch.ingest_files([tmp_path], conn)
    assert (summary.seen, summary.skipped) == (2, 1)
    assert conn.execute("SELECT source FROM documents").fetchall() == [("a.txt",)]


def test_an_unreadable_path_is_reported_not_stored(tmp_path: Path, conn: duckdb.DuckDBPyConnection) -> None:
    summary = batch.ingest_files([tmp_path / "missing.txt"], conn)
    assert (summary.seen, summary.failed, summary.unreadable) == (1, 1, 1)
    assert summary.problems[0][1].startswith("cannot read file:")
    assert counts(conn)["documents"] == 0


def test_a_pipeline_that_raises_fails_only_that_file(
    tmp_path: Path, conn: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(data: bytes, source: str, path: str | None = None, timings: dict[str, float] | None = None) -> Document:
        if source == "a.txt":
            raise RuntimeError("boom")
        return stub_document(data, source, path)

    monkeypatch.setattr(batch, "process_bytes", explode)
    (tmp_path / "a.txt").write_text("甲方：某某公司", encoding="utf-8")
    (tmp_path / "b.txt").write_text("乙方：另一公司", encoding="utf-8")
    summary = batch.ingest_files([tmp_path], conn)
    rows = conn.execute("SELECT source, status, error FROM documents ORDER BY source").fetchall()
    assert rows == [("a.txt", "failed", "pipeline: RuntimeError: boom"), ("b.txt", "ok", None)]
    assert (summary.seen, summary.ok, summary.failed) == (2, 1, 1)


def test_a_document_that_cannot_be_stored_is_stored_as_failed(
    tmp_path: Path, conn: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fractional_cents(data: bytes, source: str, path: str | None = None, timings: dict[str, float] | None = None) -> Document:
        doc = stub_document(data, source, path)
        doc.payments = [Payment(seq=1, amount=Decimal("10.005"))]
        return doc

    monkeypatch.setattr(batch, "process_bytes", fractional_cents)
    (tmp_path / "a.txt").write_text("甲方：某某公司", encoding="utf-8")
    summary = batch.ingest_files([tmp_path], conn)
    assert conn.execute("SELECT status, error FROM documents").fetchone() == (
        "failed",
        "store: StorageError: payments[1].amount: amount 10.005 has more than 2 decimal places",
    )
    assert counts(conn)["payments"] == 0
    assert summary.failed == 1


# -- the command ------------------------------------------------------------------------


def test_hetong_ingest_command(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "contracts.duckdb"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"files seen {len(EXPECTED)}:" in result.stdout
    assert "skipped 0" in result.stdout
    assert "docs/s" in result.stdout
    assert "contracts" in result.stdout and "flags" in result.stdout
    assert "empty.txt: failed: ingest: empty file" in result.stderr

    again = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert f"skipped {len(EXPECTED)} (already imported)" in again.stdout
    with storage.connect(db, read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (len(EXPECTED),)
        assert conn.execute("SELECT count(*) FROM runs WHERE finished_at IS NOT NULL").fetchone() == (2,)


def test_ingest_command_fails_when_every_file_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert batch.ingest_command([tmp_path], tmp_path / "c.duckdb") == 1


def test_ingest_command_fails_when_no_file_is_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert batch.ingest_command([tmp_path], tmp_path / "c.duckdb") == 1
    assert "no .txt/.md/.pdf/.docx files found" in capsys.readouterr().err


def test_ingest_command_reports_a_database_it_cannot_open(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert batch.ingest_command([tmp_path], tmp_path / "no" / "such" / "dir" / "c.duckdb") == 2
    assert "cannot open database" in capsys.readouterr().err


# -- batch writer ---------------------------------------------------------------------


def table_rows(conn: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    exclude = " EXCLUDE (imported_at)" if table == "documents" else ""
    return conn.execute(f"SELECT *{exclude} FROM {table} ORDER BY ALL").fetchall()


@pytest.fixture(scope="module")
def seed_documents() -> list[Document]:
    from hetong.pipeline.orchestrate import process_path

    return [process_path(SAMPLES / name) for name in SEEDS]


@pytest.fixture(scope="module")
def both_writers(seed_documents: list[Document]) -> Iterator[tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection]]:
    one, many = storage.connect(":memory:"), storage.connect(":memory:")
    for doc in seed_documents:
        storage.store_document(one, doc, 1, size=100)
    BatchWriter(many).write([(doc.sha256, rows_of(doc, 1, 100)) for doc in seed_documents])
    yield one, many
    one.close()
    many.close()


@pytest.mark.parametrize("table", writer.TABLES)
def test_batch_writer_stores_what_store_document_stores(both_writers, table: str) -> None:  # type: ignore[no-untyped-def]
    one, many = both_writers
    assert table_rows(many, table) == table_rows(one, table)


def test_writing_a_batch_again_replaces_its_rows(conn: duckdb.DuckDBPyConnection, seed_documents: list[Document]) -> None:
    batch_rows = [(doc.sha256, rows_of(doc, 1, None)) for doc in seed_documents]
    w = BatchWriter(conn)
    w.write(batch_rows)
    before = counts(conn)
    w.write(batch_rows[:2])
    w.write(batch_rows + batch_rows[:1])  # a sha256 twice in one batch keeps one copy
    assert counts(conn) == before


def test_a_failed_batch_writes_nothing(conn: duckdb.DuckDBPyConnection, seed_documents: list[Document]) -> None:
    good = (seed_documents[0].sha256, rows_of(seed_documents[0], 1, None))
    bad_rows = rows_of(seed_documents[1], 1, None)
    bad_rows["documents"][0]["status"] = None  # NOT NULL
    with pytest.raises(duckdb.Error):
        BatchWriter(conn).write([good, (seed_documents[1].sha256, bad_rows)])
    assert counts(conn)["documents"] == 0


def test_a_batch_the_database_rejects_is_written_document_by_document(
    folder: Path, conn: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    rejected = sha256((folder / SEEDS[1]).read_bytes())
    write = BatchWriter.write

    def picky(self: BatchWriter, batch_rows) -> None:  # type: ignore[no-untyped-def]
        if any(sha == rejected and rows["contracts"] for sha, rows in batch_rows):
            raise duckdb.ConversionException("value out of range")
        write(self, batch_rows)

    monkeypatch.setattr(BatchWriter, "write", picky)
    summary = batch.ingest_files([folder], conn)
    status, error = conn.execute("SELECT status, error FROM documents WHERE sha256 = ?", [rejected]).fetchone()
    assert status == "failed" and error.endswith("store: ConversionException: value out of range")
    assert conn.execute("SELECT count(*) FROM contracts WHERE sha256 = ?", [rejected]).fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM documents").fetchone() == (len(EXPECTED),)
    assert summary.ok == len(SEEDS) - 1


# -- workers --------------------------------------------------------------------------------


def test_two_workers_store_what_one_stores(folder: Path) -> None:
    one, two = storage.connect(":memory:"), storage.connect(":memory:")
    s1 = batch.ingest_files([folder], one, workers=1)
    s2 = batch.ingest_files([folder], two, workers=2, batch_size=2)
    assert (s2.seen, s2.ok, s2.failed, s2.skipped) == (s1.seen, s1.ok, s1.failed, s1.skipped)
    for table in writer.TABLES:
        assert table_rows(two, table) == table_rows(one, table), table
    assert {"normalise", "flags", "rows", "store"} <= set(s2.timings)
    assert s2.bytes == sum(p.stat().st_size for p in batch.find_files([folder]))


def test_hetong_ingest_with_workers_shows_progress_and_summary(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "contracts.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert f"progress: {len(EXPECTED)}/{len(EXPECTED)} files" in result.stderr
    assert "workers 2" in result.stdout and "MB/s" in result.stdout
    assert "empty.txt: failed: ingest: empty file" in result.stderr


def test_progress_is_a_bar_on_a_terminal() -> None:
    import io

    from rich.console import Console

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    with batch.ProgressReport(console, total=3) as report:
        report(Path("a.txt"), "ok", None)
        report(Path("b.txt"), "failed", "ingest: empty file")
        report(Path("c.txt"), "skipped", None)
    text = screen.getvalue()
    assert "3/3" in text and "docs/s" in text and "failed 1" in text
    assert "b.txt: failed: ingest: empty file" in text
    assert "progress:" not in text


# -- benchmark smoke test ----------------------------------------------------------------------


def test_the_benchmark_runs_on_a_tiny_corpus() -> None:
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    out = subprocess.run(
        [sys.executable, str(root / "benchmarks" / "run.py"), "ingest", "--n", "20", "--workers", "1", "--no-save"],
        capture_output=True, text=True, timeout=600, cwd=root, check=True,
    )
    result = json.loads(out.stdout)
    run = result["runs"][0]
    assert (result["n"], run["documents"], run["ok"] + run["partial"]) == (20, 20, 20)
    assert run["docs_per_s"] > 0 and run["peak_rss_mb_parent"] > 0 and run["ms_per_doc"]["store"] > 0
    assert result["machine"]["nproc"] >= 1


def test_walking_takes_a_file_symlink_only_inside_the_folder(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside.txt"
    root.mkdir()
    outside.write_text("甲方：外部", encoding="utf-8")
    (root / "contract.txt").write_text("甲方：内部", encoding="utf-8")
    (root / "alias.txt").symlink_to(root / "contract.txt")
    (root / "secret.txt").symlink_to(outside)
    (root / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    assert [p.name for p in batch.find_files([root])] == ["alias.txt", "contract.txt"]
    assert batch.find_files([root / "secret.txt"]) == [root / "secret.txt"]  # named: taken as is
