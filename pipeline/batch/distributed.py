"""Scale-out: `process_bytes` mapped over an archive on a Dask cluster,
written as Parquet shards in the shape of the DuckDB tables.

    hetong cluster run ARCHIVE... --out OUT [--scheduler tcp://HOST:8786 | --local N] [--shard-size 500] [--json]
    hetong cluster merge OUT --db contracts.duckdb

(`python -m hetong.pipeline.batch.distributed run|merge` is the same, printing JSON.)

Layout of OUT: one folder per document table, one Parquet file per shard,
`OUT/<table>/<shard>.parquet`, with exactly the columns and types of the
DuckDB table (each shard is written through an in-memory DuckDB created by
the real migrations, so the shape cannot drift). DuckDB queries them as they
are: `SELECT … FROM read_parquet('OUT/contracts/*.parquet')`.

Idempotency by sha256:
* `plan` hashes every file (a distributed map too), drops content already in
  OUT (`OUT/documents/*.parquet`) and duplicates, sorts by sha256 and cuts
  shards of `shard_size` documents; a shard's name is the hash of its sha256
  list, so the same work always has the same name;
* a shard writes each table to a temporary file and renames it into place,
  `documents` LAST: a shard is done iff `OUT/documents/<shard>.parquet`
  exists, and a shard re-run (retry, lost worker, re-run of the job) rewrites
  the same files with the same rows;
* `merge` loads shards into DuckDB, skipping sha256 already there, one
  document's rows from one shard, in one transaction.

Dask was chosen over Ray and Spark: the work is an embarrassingly parallel map
of a pure Python function over files, with no shuffle; Dask's scheduler gives
retries, work stealing and re-execution on lost workers, and installs from
PyPI as two pure-Python wheels (dask + distributed, ~2.5 MB) that run the same
code on a laptop (LocalCluster) and on a cluster (dask-scheduler /
dask-worker, dask-jobqueue, dask-kubernetes). Ray's wheel is ~76 MB, PySpark's
~435 MB plus a JVM, and Spark would add JVM↔Python serialisation to a job that
has no use for Spark SQL. Without Dask, `--local N` runs the same shards in a
local process pool.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

@dataclass(frozen=True)
class Shard:
    name: str
    items: tuple[tuple[str, str], ...]  # (sha256, path)


@dataclass
class ShardResult:
    name: str
    documents: int = 0
    ok: int = 0
    partial: int = 0
    failed: int = 0
    not_a_contract: int = 0  # read, and not a contract: stored as such, not failed
    unreadable: int = 0  # planned, then gone or unreadable when the shard ran
    changed: int = 0  # files whose content changed between planning and processing
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


# -- plan --------------------------------------------------------------------------------------


def _hash_files(paths: Sequence[str]) -> list[tuple[str, str]]:
    out = []
    for path in paths:
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            digest = ""  # unreadable: no content to key a row by (counted by plan)
        out.append((digest, path))
    return out


def done_sha256(out: Path) -> set[str]:
    """sha256 of the documents already written to OUT (finished shards)."""
    if not any((out / "documents").glob("*.parquet")):
        return set()
    import duckdb

    with duckdb.connect() as conn:
        rows = conn.execute("SELECT sha256 FROM read_parquet(?)", [str(out / "documents" / "*.parquet")]).fetchall()
    return {sha for (sha,) in rows}


def plan(
    paths: Iterable[Path], out: Path, shard_size: int, mapper: Callable[[Callable[..., Any], list[Any]], Iterator[Any]]
) -> tuple[list[Shard], dict[str, int]]:
    """Shards of new content under `paths`; `mapper(func, chunks)` runs the
    hashing where the shards will run."""
    from hetong.pipeline.batch.importer import find_files

    files = [str(p.absolute()) for p in find_files(paths)]
    chunks = [files[i : i + 1000] for i in range(0, len(files), 1000)]
    hashed: dict[str, str] = {}
    unreadable = 0
    for part in mapper(_hash_files, chunks):
        for digest, path in part:
            if not digest:
                unreadable += 1
                continue
            hashed.setdefault(digest, path)
    known = done_sha256(out)
    todo = sorted((sha, path) for sha, path in hashed.items() if sha not in known)
    shards = []
    for i in range(0, len(todo), shard_size):
        items = tuple(todo[i : i + shard_size])
        name = hashlib.sha256("\n".join(sha for sha, _ in items).encode()).hexdigest()[:20]
        shards.append(Shard(name, items))
    stats = {"files": len(files), "distinct": len(hashed), "done_before": len(hashed) - len(todo), "todo": len(todo),
             "unreadable": unreadable}
    return shards, stats


# -- one shard ---------------------------------------------------------------------------------


def process_shard(shard: Shard, out: str, run_id: int) -> ShardResult:
    """Extract every file of `shard` and write its rows as Parquet, one file
    per table, `documents` last (the shard's commit marker). Pure in its
    inputs: re-running it rewrites the same rows."""
    from hetong.pipeline.store import storage
    from hetong.pipeline.batch.workers import Task, extract
    from hetong.pipeline.store.writer import TABLES, BatchWriter

    started = time.perf_counter()
    result = ShardResult(shard.name)
    conn = storage.connect(":memory:")
    try:
        writer = BatchWriter(conn)
        batch = []
        seen: set[str] = set()
        for sha, path in shard.items:
            try:
                data = Path(path).read_bytes()
            except OSError:
                result.unreadable += 1
                continue
            task = Task(path=path, source=Path(path).name, data=data, sha256=hashlib.sha256(data).hexdigest())
            if task.sha256 != sha:
                result.changed += 1
            if task.sha256 in seen:
                continue
            seen.add(task.sha256)
            ex = extract(task, run_id)
            for stage, seconds in ex.timings.items():
                result.timings[stage] = result.timings.get(stage, 0.0) + seconds
            outcome = ex.status if ex.status in ("ok", "partial", "not_a_contract") else "failed"
            setattr(result, outcome, getattr(result, outcome) + 1)
            batch.append((ex.sha256, ex.rows))
        writer.write(batch)
        result.documents = len(batch)
        for table in SHARD_TABLES:  # children first, documents last
            folder = Path(out) / table
            folder.mkdir(parents=True, exist_ok=True)
            final = folder / f"{shard.name}.parquet"
            tmp = folder / f".{shard.name}.{os.getpid()}.tmp"
            # `table` is from TABLES (our constant); the path is ours, its quotes doubled
            copy = f"COPY (SELECT * FROM {table} ORDER BY ALL) TO '{_sql_path(tmp)}' (FORMAT parquet)"  # sql-identifier-checked
            conn.execute(copy)  # sql-identifier-checked
            os.replace(tmp, final)
    finally:
        conn.close()
    result.seconds = time.perf_counter() - started
    return result


def _shard_tables() -> tuple[str, ...]:
    from hetong.pipeline.store.writer import TABLES

    # contract_files is assigned at merge time, across shards (pipeline/store/identity.py)
    return tuple(t for t in TABLES if t != "contract_files")


SHARD_TABLES = _shard_tables()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


# -- run ---------------------------------------------------------------------------------------


def run(
    paths: Iterable[Path],
    out: Path,
    *,
    shard_size: int = 500,
    scheduler: str | None = None,
    local: int | None = None,
    retries: int = 2,
    progress: Callable[[ShardResult, int, int], None] | None = None,
) -> dict[str, Any]:
    """Process `paths` into Parquet shards under `out`. With `scheduler` (a
    Dask scheduler address) or no `local`, on Dask (a LocalCluster when no
    address is given); with `local=N`, in a local pool of N processes."""
    out.mkdir(parents=True, exist_ok=True)
    run_id = int(time.time())
    started = time.perf_counter()
    if local is not None:
        with ProcessPoolExecutor(max_workers=local) as pool:
            def mapper(func: Callable[..., Any], items: list[Any]) -> Iterator[Any]:
                return pool.map(func, items)

            shards, stats = plan(paths, out, shard_size, mapper)
            futures = [pool.submit(process_shard, s, str(out), run_id) for s in shards]
            results = _collect(as_completed(futures), len(shards), progress)
    else:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import as_completed as dask_completed

        cluster = None if scheduler else LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, dashboard_address=None)
        try:
            with Client(scheduler or cluster) as client:
                def mapper(func: Callable[..., Any], items: list[Any]) -> Iterator[Any]:
                    return iter(client.gather(client.map(func, items, retries=retries)))

                shards, stats = plan(paths, out, shard_size, mapper)
                futures = [client.submit(process_shard, s, str(out), run_id, key=f"shard-{s.name}", retries=retries, pure=False) for s in shards]
                results = _collect(dask_completed(futures), len(shards), progress)
        finally:
            if cluster is not None:
                cluster.close()
    elapsed = time.perf_counter() - started
    documents = sum(r.documents for r in results)
    summary = {
        "run_id": run_id, **stats, "shards": len(results), "documents": documents,
        "ok": sum(r.ok for r in results), "partial": sum(r.partial for r in results),
        "failed": sum(r.failed for r in results),
        "not_a_contract": sum(r.not_a_contract for r in results),
        "unreadable": stats["unreadable"] + sum(r.unreadable for r in results),
        "skipped": stats["done_before"], "elapsed_s": round(elapsed, 2),
        "docs_per_s": round(documents / elapsed, 1) if elapsed else 0.0,
    }
    with open(out / "_runs.jsonl", "a", encoding="utf-8") as log:
        log.write(json.dumps(summary) + "\n")
    return summary


def _collect(futures: Iterable[Any], total: int, progress: Callable[[ShardResult, int, int], None] | None) -> list[ShardResult]:
    results = []
    for future in futures:
        result = future.result()
        results.append(result)
        if progress is not None:
            progress(result, len(results), total)
    return results


# -- merge -------------------------------------------------------------------------------------


def merge(out: Path, db: Path | str) -> dict[str, int]:
    """Load the Parquet shards under `out` into the DuckDB database `db` as
    one import run, in one transaction: documents already in `db` are
    skipped, and each new document's rows come from one shard."""
    from hetong.pipeline.store import storage
    from hetong.pipeline.store.writer import TABLES

    conn = storage.connect(db)
    try:
        if not any((out / "documents").glob("*.parquet")):
            return {"documents": 0}
        run_id = storage.start_run(conn)
        return _merge(conn, out, run_id, [t for t in TABLES if t in SHARD_TABLES])
    finally:
        conn.close()


def _merge(conn: Any, out: Path, run_id: int, tables: Sequence[str]) -> dict[str, int]:
    from hetong.pipeline.store import storage

    conn.begin()
    try:
        conn.execute(
            "CREATE TEMP TABLE _new AS SELECT sha256, min(parse_filename(filename, true)) AS shard "
            "FROM read_parquet(?, filename = true) WHERE sha256 NOT IN (SELECT sha256 FROM documents) GROUP BY sha256",
            [str(out / "documents" / "*.parquet")],
        )
        counts: dict[str, int] = {}
        for table in reversed(tables):  # documents first: all in one transaction anyway
            pattern = str(out / table / "*.parquet")
            columns = [c for (c,) in conn.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
                "AND schema_name = 'main' AND table_name = ? ORDER BY column_index", [table]).fetchall()]
            select = ", ".join("? AS run_id" if c == "run_id" else f"p.{c}" for c in columns)
            # `table` is from TABLES, `columns` from duckdb_columns() of that table
            insert = (
                f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} "  # sql-identifier-checked
                "FROM read_parquet(?, filename = true, union_by_name = true) p "
                "JOIN _new n ON p.sha256 = n.sha256 AND parse_filename(p.filename, true) = n.shard"
            )
            n = conn.execute(insert, [run_id, pattern]).fetchone()  # sql-identifier-checked
            counts[table] = int(n[0]) if n else 0
        # which contract each new file is of: decided across all shards, here
        from hetong.pipeline.store import identity

        identity.assign(conn, [sha for (sha,) in conn.execute(
            "SELECT f.sha256 FROM fingerprints f JOIN _new n USING (sha256) ORDER BY n.shard, f.sha256").fetchall()])
        conn.execute("DROP TABLE _new")
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    counted = conn.execute(
        "SELECT count(*) FILTER (status = 'ok'), count(*) FILTER (status = 'partial'), "
        "count(*) FILTER (status = 'failed'), count(*) FILTER (status = 'not_a_contract') FROM documents WHERE run_id = ?",
        [run_id],
    ).fetchone()
    ok, partial, failed, not_a_contract = counted if counted else (0, 0, 0, 0)
    storage.finish_run(
        conn, run_id, files_seen=counts.get("documents", 0), ok=ok, partial=partial, failed=failed,
        not_a_contract=not_a_contract, skipped=0,
    )
    return counts


# -- command line ------------------------------------------------------------------------------


def run_command(
    paths: Sequence[Path], out: Path, *, shard_size: int = 500, scheduler: str | None = None,
    local: int | None = None, as_json: bool = False,
) -> int:
    """`hetong cluster run`: the run with the summary and exit codes of
    `hetong ingest` — 0; 1 when no file was found or every file failed; 2 for
    a bad path (one line, before anything is written)."""
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:
        print(f"no such file or folder: {', '.join(missing)} (nothing run)", file=sys.stderr)
        return 2
    problem = _unwritable(out)
    if problem:
        print(f"cannot write to --out {out}: {problem}", file=sys.stderr)
        return 2

    def show(result: ShardResult, done: int, total: int) -> None:
        print(f"shard {done}/{total} {result.name}: {result.documents} documents in {result.seconds:.1f} s",
              file=sys.stderr)

    summary = run(paths, out, shard_size=shard_size, scheduler=scheduler, local=local, progress=show)
    if as_json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(format_summary(summary, out))
    seen = summary["documents"] + summary["unreadable"]
    if summary["files"] == 0:
        print("no .txt/.md/.pdf/.docx files found", file=sys.stderr)
        return 1
    if seen and summary["failed"] + summary["unreadable"] == seen:
        return 1
    return 0


def format_summary(summary: dict[str, Any], out: Path) -> str:
    """The run's outcome in the words of `hetong ingest`'s summary."""
    return (
        f"ok {summary['ok']} · partial {summary['partial']} · failed {summary['failed']} · "
        f"unreadable {summary['unreadable']} · not a contract {summary['not_a_contract']} · "
        f"skipped {summary['skipped']} (already in {out})\n"
        f"{summary['files']} files, {summary['documents']} documents in {summary['shards']} shards, "
        f"{summary['elapsed_s']} s, {summary['docs_per_s']} documents/s"
    )


def merge_command(out: Path, db: Path) -> int:
    """`hetong cluster merge`: 2 when OUT is not a folder or DB cannot be opened."""
    if not out.is_dir():
        print(f"no such folder: {out}", file=sys.stderr)
        return 2
    import duckdb

    from hetong.pipeline.store import storage

    try:
        counts = merge(out, db)
    except (duckdb.Error, storage.MigrationError, OSError) as exc:
        print(f"cannot open database {db}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    print(json.dumps(counts))
    return 0


def _unwritable(out: Path) -> str | None:
    """Why `out` cannot be the output folder (None when it can)."""
    if out.exists() and not out.is_dir():
        return "it is a file"
    parent = out if out.exists() else out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"{parent} is not writable"
    return None


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m hetong.pipeline.batch.distributed", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="Extract an archive into Parquet shards.")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--shard-size", type=int, default=500)
    p.add_argument("--scheduler", help="Dask scheduler address (default: a LocalCluster on this machine).")
    p.add_argument("--local", type=int, help="No Dask: a local pool of N processes.")
    p = sub.add_parser("merge", help="Load Parquet shards into a DuckDB file.")
    p.add_argument("out", type=Path)
    p.add_argument("--db", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "run":
        return run_command(args.paths, args.out, shard_size=args.shard_size, scheduler=args.scheduler,
                           local=args.local, as_json=True)
    return merge_command(args.out, args.db)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
