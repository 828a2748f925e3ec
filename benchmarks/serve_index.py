"""Benchmark of the review workbench's index (and contract page) on 10,000
imported contracts.

    python benchmarks/serve_index.py                  # import data/gold, grow it to 10,000, time
    python benchmarks/serve_index.py --from gold.duckdb --n 10000 --repeat 30

Building 10,000 contracts by extraction would take most of an hour on this
machine, and the index does not care where rows came from, so the script
imports data/gold once (real extraction, ~35 contracts) and copies its rows
in SQL — every document table, each copy under a new sha256 and file name —
until there are N contracts; one contract in five gets decisions (its flags
dismissed, its total confirmed) so the review columns have work to do.

Each filter is timed as a request is served: open the file read-only, run
the page's queries (index.load_index + the menus), close; and once more
end to end through the app (Starlette's TestClient: routing, the queries,
Jinja rendering). p50 and p95 over --repeat runs, with the load average
before and after, go to stdout and to benchmarks/serve_index.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

TABLES = (
    "documents", "texts", "contracts", "parties", "clauses", "payments", "penalties", "sla", "flags", "evidence",
    "fingerprints", "fingerprint_bands", "contract_files",
)
SCENARIOS = {
    "no filter": {},
    "status=ok": {"status": "ok"},
    "severity=error": {"severity": "error"},
    "kind=person_name_mismatch": {"kind": "person_name_mismatch"},
    "region=北京市": {"region": "北京市"},
    "party=科技": {"party": "科技"},
    "amount 10万–100万": {"amount_min": "100000", "amount_max": "1000000"},
    "review=in_progress": {"review": "in_progress"},
    "sort=amount_desc": {"sort": "amount_desc"},
    "severity=warning & party=有限公司 & sort=open_desc": {"severity": "warning", "party": "有限公司", "sort": "open_desc"},
    "page 150 (deep paging)": {"page": "150"},
}


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def build(source_db: Path | None, n: int, out: Path) -> None:
    import duckdb

    from hetong.pipeline.store import storage
    from hetong.pipeline.batch.importer import ingest_files

    if source_db is None:
        source_db = out.with_name("gold.duckdb")
        if not source_db.exists():
            t = time.perf_counter()
            ingest_files([ROOT / "data" / "gold"], source_db)
            print(f"imported data/gold in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    shutil.copy(source_db, out)
    conn = storage.open_database(out)
    try:
        base = conn.execute("SELECT count(*) FROM v_contracts").fetchall()[0][0]
        copies = -(-n // base) - 1
        t = time.perf_counter()
        conn.execute("BEGIN")
        for table in TABLES:
            cols = [r[0] for r in conn.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]).fetchall()]
            replace = ["sha256(t.sha256 || '#' || k) AS sha256"]
            if table == "documents":
                replace.append("printf('%05d_', k) || t.source AS source")
            if table == "contract_files":
                replace.append("sha256(t.contract_id || '#' || k) AS contract_id")
            assert "sha256" in cols, table
            conn.execute(  # table names: our constant tuple
                f"INSERT INTO {table} SELECT t.* REPLACE ({', '.join(replace)}) "
                f"FROM {table} AS t, range(1, {copies + 1}) AS r(k)"
            )
        # decisions: the flags of one contract in five dismissed, the total of one in three confirmed
        conn.execute(
            "INSERT INTO reviews (sha256, target, evidence_key, evidence_text, ev_start, ev_end, extracted_value, decision, "
            "reviewer, decided_at) SELECT sha256, target, evidence_key, evidence_text, ev_start, ev_end, extracted_value, "
            "CASE WHEN kind = 'flag' THEN 'dismiss' ELSE 'confirm' END, 'bench', now()::TIMESTAMP FROM v_review_targets "
            "WHERE (kind = 'flag' AND hash(sha256) % 5 = 0) OR (target = 'contract.total_amount' AND hash(sha256) % 3 = 0)"
        )
        conn.execute("COMMIT")
        conn.execute("CHECKPOINT")
        total = conn.execute("SELECT count(*) FROM v_contracts").fetchall()[0][0]
        print(f"built {total} contracts ({base} imported × {copies + 1}) in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    finally:
        conn.close()


def timed(fn, repeat: int) -> tuple[float, float]:  # noqa: ANN001
    fn()  # warm
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="source", type=Path, help="an imported database to grow (default: import data/gold)")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="keep the built database here")
    args = parser.parse_args()

    from starlette.testclient import TestClient

    from hetong.pipeline.serve.app import create_app
    from hetong.pipeline.serve.db import Database
    from hetong.pipeline.serve.index import Filters, IndexCache, load_index, neighbours, options

    work = Path(tempfile.mkdtemp(prefix="hetong-serve-bench-"))
    db = args.keep or work / "contracts.duckdb"
    try:
        build(args.source, args.n, db)
        database = Database(db)
        with database.read() as conn:
            total = conn.execute("SELECT count(*) FROM v_contracts").fetchall()[0][0]
        t = time.perf_counter()
        client = TestClient(create_app(db, allowed_hosts=["testserver"]))
        startup = (time.perf_counter() - t) * 1000
        cache = IndexCache()
        with database.read() as conn:
            t = time.perf_counter()
            cache.sync(conn)
            copy_ms = (time.perf_counter() - t) * 1000
        before = load()
        lines = [
            f"# Workbench index on {total:,} contracts",
            "",
            "Written by `python benchmarks/serve_index.py`; do not edit by hand.",
            "",
            f"{os.cpu_count()} cores; load average before: {before}. Times in ms over {args.repeat} runs (after one warm-up).",
            "",
            "*queries*: what a request does before rendering — open the file read-only, check that the index copy is",
            "current (documents and reviews unchanged), filter, sort, count and page the copy, fill the menus, close.",
            "*whole request*: the same through the app (Starlette's TestClient): routing, queries, Jinja, 50 rows of HTML.",
            f"Copying v_contracts_reviewed into the index (at start-up, and again after an import): {copy_ms:.0f} ms;",
            f"the app's start-up including it: {startup:.0f} ms.",
            "",
            "| filter | matches | queries p50 | queries p95 | whole request p50 | whole request p95 |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        print("\n".join(lines))
        for name, params in SCENARIOS.items():
            filters, problems = Filters.from_params(params)
            assert not problems, (name, problems)

            def queries(filters: Filters = filters) -> int:
                with database.read() as conn:
                    cache.sync(conn)
                    page = load_index(cache.mem, filters, "idx")
                    options(cache.mem, "idx")
                return page.total

            matches = queries()
            q50, q95 = timed(queries, args.repeat)
            url = "/" + filters.query()
            assert client.get(url).status_code == 200
            r50, r95 = timed(lambda url=url: client.get(url), args.repeat)
            line = f"| {name} | {matches:,} | {q50:.0f} | {q95:.0f} | {r50:.0f} | {r95:.0f} |"
            lines.append(line)
            print(line, flush=True)
        with database.read() as conn:
            sha = conn.execute("SELECT sha256 FROM v_contracts_reviewed WHERE n_flags > 0 ORDER BY source LIMIT 1 OFFSET 5000").fetchall()[0][0]
        filt = Filters(severity="warning", sort="amount_desc")

        def nav() -> None:
            with database.read() as conn:
                cache.sync(conn)
                neighbours(cache.mem, filt, sha, "idx")

        n50, n95 = timed(nav, args.repeat)
        c50, c95 = timed(lambda: client.get(f"/c/{sha}{filt.query()}"), args.repeat)
        # the first index request after a decision: the copy recomputes that contract
        from hetong.pipeline.serve.decisions import record, targets_for

        with database.read() as conn:
            shas = [r[0] for r in conn.execute(
                "SELECT sha256 FROM v_contracts_reviewed WHERE n_flags_open > 0 ORDER BY source LIMIT ?", [args.repeat + 1]).fetchall()]
        after: list[float] = []
        for one in shas:
            with database.write() as conn:
                flag = next(t for t in targets_for(conn, one) if t["kind"] == "flag")
                record(conn, sha256=one, target=flag["target"], evidence_key=flag["evidence_key"], decision="dismiss",
                       reviewer="bench")
            t = time.perf_counter()
            assert client.get("/?severity=warning").status_code == 200
            after.append((time.perf_counter() - t) * 1000)
        after.sort()
        extra = [
            f"| first index request after a decision (its contract recomputed in the copy) | – | – | – | "
            f"{statistics.median(after):.0f} | {after[min(len(after) - 1, int(round(0.95 * (len(after) - 1))))]:.0f} |",
            f"| contract page (prev/next in severity=warning by amount; whole request: text, panel, decisions) | – | {n50:.0f} | {n95:.0f} | {c50:.0f} | {c95:.0f} |",
            "",
            f"Load average after: {load()}.",
        ]
        lines += extra
        print("\n".join(extra))
        (HERE / "serve_index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
