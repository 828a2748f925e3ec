"""What the hard wall-clock kill costs: `hetong ingest` with one supervised
worker process (pipeline/batch/supervisor.py) against extraction in the importing
process itself, on the same generated contracts.

    python benchmarks/supervised.py --n 2000 --chunk 200
    python benchmarks/supervised.py --n 2000 --chunk 200 --workers 2   # against the process pool

With `--workers 2` the baseline is the ProcessPoolExecutor pool (no hard kill)
that `ingest_files` uses when not supervised.

The load of this shared machine changes by the minute, and the CPU time of
a document grows with it: two imports run one after the other compare the
loads more than the modes. So both modes run in ONE process, alternating
chunk by chunk in the order ABBA ABBA … (in-process, supervised, supervised,
in-process, …): each chunk is a whole `ingest_files` call, end to end (walk,
read, hash, extract, store into its mode's DuckDB file), so the supervised
figure includes starting its worker for each chunk (a real import starts it
once). Imports, the fork server's preload and the NER model are loaded by a
warm-up chunk of each mode before timing. CPU = user+system of this process
and of the fork server and the workers it forked (reaped), summed per mode.
Writes benchmarks/supervised.json (supervised-wN.json) and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _cpu() -> float:
    """CPU seconds of this process and every process it started (alive or reaped)."""
    import psutil

    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    for proc in psutil.Process().children(recursive=True):
        try:
            t = proc.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.Error:
            pass
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/supervised.py")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--chunk", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--max-cost", type=float, help="Fail (exit 1) when supervised loses more than this share (0.10).")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from hetong.pipeline.batch import importer as batch
    from hetong.pipeline.store import storage
    from hetong.pipeline.quality.corpus import generate

    with tempfile.TemporaryDirectory(prefix="hetong-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        generate(corpus, args.n, seed=args.seed)
        files = sorted(p for p in corpus.rglob("*") if p.is_file())
        chunks = []
        for i in range(0, len(files), args.chunk):
            folder = Path(tmp) / f"chunk{i // args.chunk:03d}"
            folder.mkdir()
            for f in files[i:i + args.chunk]:
                shutil.copy(f, folder / f.name)
            chunks.append(folder)
        warm = Path(tmp) / "warm"
        warm.mkdir()
        for f in (ROOT / "data" / "samples").glob("*.txt"):
            shutil.copy(f, warm / f.name)
        base = "in_process" if args.workers <= 1 else "pool"
        dbs = {mode: Path(tmp) / f"{mode}.duckdb" for mode in (base, "supervised")}
        for db in dbs.values():
            storage.connect(db).close()
        for mode in dbs:  # imports, NER model, fork server
            batch.ingest_files([warm], Path(tmp) / f"warm-{mode}.duckdb", workers=args.workers,
                               supervised=mode == "supervised")
        load_before = [round(x, 2) for x in os.getloadavg()]
        totals = {mode: {"documents": 0, "cpu_s": 0.0, "wall_s": 0.0} for mode in dbs}
        order = [base, "supervised", "supervised", base]
        chunk_runs = []
        for i, folder in enumerate(chunks):
            mode = order[i % 4]
            time.sleep(0.5)  # let the fork server reap the last worker: its time goes to the right chunk
            cpu0, wall0 = _cpu(), time.perf_counter()
            summary = batch.ingest_files([folder], dbs[mode], workers=args.workers, supervised=mode == "supervised")
            time.sleep(0.5)
            cpu, wall = _cpu() - cpu0 - 0.0, time.perf_counter() - wall0 - 0.5
            totals[mode]["documents"] += summary.processed
            totals[mode]["cpu_s"] += cpu
            totals[mode]["wall_s"] += wall
            chunk_runs.append({"mode": mode, "documents": summary.processed, "ok": summary.ok, "cpu_s": round(cpu, 2),
                               "load": round(os.getloadavg()[0], 2)})
            print(json.dumps(chunk_runs[-1]), file=sys.stderr)
    for t in totals.values():
        t["docs_per_cpu_s"] = round(t["documents"] / t["cpu_s"], 1)
        t["cpu_s"] = round(t["cpu_s"], 1)
        t["wall_s"] = round(t["wall_s"], 1)
    ratio = totals["supervised"]["docs_per_cpu_s"] / totals[base]["docs_per_cpu_s"]
    result = {"n": args.n, "chunk": args.chunk, "workers": args.workers, "order": "ABBA", "totals": totals,
              "ratio_docs_per_cpu_s": round(ratio, 3),
              "load_average_before": load_before, "load_average_after": [round(x, 2) for x in os.getloadavg()],
              "chunks": chunk_runs}
    name = "supervised.json" if args.workers <= 1 else f"supervised-w{args.workers}.json"
    (HERE / name).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "chunks"}))
    if args.max_cost is not None and ratio < 1 - args.max_cost:
        print(f"FAIL: supervised throughput {ratio:.3f} of {base}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
