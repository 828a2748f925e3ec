"""hetong.pipeline.batch.distributed: shards written as Parquet in the DuckDB tables'
shape, idempotent by sha256, merged into DuckDB without duplicates — on a
local pool, and on a Dask LocalCluster when Dask is installed."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from hetong.pipeline.batch import importer as batch, distributed
from hetong.pipeline.store import storage
from hetong.pipeline.quality.corpus import generate
from hetong.pipeline.batch.distributed import SHARD_TABLES as TABLES  # contract_files is assigned at merge

N = 24


def table_rows(conn: duckdb.DuckDBPyConnection, sql_from: str, table: str) -> list[tuple]:
    exclude = ["run_id"] + (["imported_at"] if table == "documents" else [])
    return conn.execute(f"SELECT * EXCLUDE ({', '.join(exclude)}) FROM {sql_from} ORDER BY ALL").fetchall()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archive")
    paths = generate(folder, N, seed=3, per_folder=10)
    shutil.copy(paths[0], folder / "copy-of-the-first.txt")  # same content twice: one document
    (folder / "empty.txt").write_bytes(b"")  # a failed document
    return folder


@pytest.fixture(scope="module")
def sharded(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("out")
    summary = distributed.run([corpus], out, shard_size=8, local=2)
    return out, summary


@pytest.fixture(scope="module")
def reference(corpus: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The same archive imported by `hetong ingest`, in this process."""
    conn = storage.connect(":memory:")
    batch.ingest_files([corpus], conn)
    yield conn
    conn.close()


def test_the_run_plans_distinct_content_into_shards(sharded: tuple[Path, dict]) -> None:
    out, summary = sharded
    assert (summary["files"], summary["distinct"], summary["todo"]) == (N + 2, N + 1, N + 1)
    assert (summary["shards"], summary["documents"]) == (4, N + 1)
    assert (summary["ok"] + summary["partial"], summary["failed"]) == (N, 1)
    for table in TABLES:
        assert len(list((out / table).glob("*.parquet"))) == 4, table
    assert not list(out.rglob("*.tmp"))


@pytest.mark.parametrize("table", TABLES)
def test_parquet_shards_have_the_shape_of_the_duckdb_table(sharded: tuple[Path, dict], table: str) -> None:
    out, _ = sharded
    with storage.connect(":memory:") as conn:
        declared = conn.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND table_name = ? ORDER BY column_index", [table]).fetchall()
        found = conn.execute(f"DESCRIBE SELECT * FROM read_parquet('{out / table}/*.parquet')").fetchall()
    assert [(name, kind) for name, kind, *_ in found] == declared


@pytest.mark.parametrize("table", TABLES)
def test_shards_hold_what_ingest_stores(sharded: tuple[Path, dict], reference: duckdb.DuckDBPyConnection, table: str) -> None:
    out, _ = sharded
    shard_rows = table_rows(reference, f"read_parquet('{out / table}/*.parquet')", table)
    stored = table_rows(reference, table, table)
    if table == "documents":  # the duplicate file's name may differ: compare content
        shard_rows = sorted(r[:1] + r[3:] for r in shard_rows)
        stored = sorted(r[:1] + r[3:] for r in stored)
    assert shard_rows == stored


def test_running_again_does_nothing(sharded: tuple[Path, dict], corpus: Path) -> None:
    out, _ = sharded
    before = sorted(p.name for p in out.rglob("*.parquet"))
    again = distributed.run([corpus], out, shard_size=8, local=2)
    assert (again["done_before"], again["todo"], again["shards"]) == (N + 1, 0, 0)
    assert sorted(p.name for p in out.rglob("*.parquet")) == before


def test_a_shard_run_twice_writes_the_same_rows(sharded: tuple[Path, dict], corpus: Path, tmp_path: Path) -> None:
    out, _ = sharded
    shards, _ = distributed.plan([corpus], tmp_path, 8, map)
    first = distributed.process_shard(shards[0], str(tmp_path), 1)
    with duckdb.connect() as conn:
        once = conn.execute(f"SELECT * EXCLUDE (imported_at) FROM read_parquet('{tmp_path}/documents/*.parquet') ORDER BY ALL").fetchall()
        distributed.process_shard(shards[0], str(tmp_path), 1)
        twice = conn.execute(f"SELECT * EXCLUDE (imported_at) FROM read_parquet('{tmp_path}/documents/*.parquet') ORDER BY ALL").fetchall()
    assert once == twice and len(once) == first.documents == 8
    assert (out / "documents" / f"{shards[0].name}.parquet").exists()  # the same work has the same name


def test_merge_loads_every_document_once(sharded: tuple[Path, dict], reference: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    out, _ = sharded
    db = tmp_path / "merged.duckdb"
    counts = distributed.merge(out, db)
    assert counts["documents"] == N + 1
    again = distributed.merge(out, db)
    assert all(n == 0 for n in again.values())
    with storage.connect(db) as conn:
        for table in TABLES:
            if table != "documents":
                assert table_rows(conn, table, table) == table_rows(reference, table, table), table
        assert conn.execute("SELECT count(*), count(DISTINCT sha256) FROM documents").fetchone() == (N + 1, N + 1)
        runs = conn.execute("SELECT files_seen, ok + partial, failed, finished_at IS NOT NULL FROM runs ORDER BY run_id").fetchall()
    assert runs[0] == (N + 1, N, 1, True)


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="Dask (the [distributed] extra) is not installed")
def test_a_dask_cluster_writes_the_same_shards(sharded: tuple[Path, dict], corpus: Path, tmp_path: Path) -> None:
    out, _ = sharded
    summary = distributed.run([corpus], tmp_path, shard_size=8)  # a LocalCluster
    assert (summary["shards"], summary["documents"]) == (4, N + 1)
    assert sorted(p.name for p in tmp_path.rglob("*.parquet")) == sorted(p.name for p in out.rglob("*.parquet"))
    with duckdb.connect() as conn:
        for table in TABLES:
            assert table_rows(conn, f"read_parquet('{tmp_path / table}/*.parquet')", table) == table_rows(
                conn, f"read_parquet('{out / table}/*.parquet')", table
            ), table
