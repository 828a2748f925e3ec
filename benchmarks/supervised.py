"""What the hard wall-clock kill costs: `hetong ingest` with one supervised
worker process (pipeline/supervisor.py) against extraction in the importing
process itself, on the same generated corpus.

    python benchmarks/supervised.py --n 2000 --rounds 2

Each import runs in a fresh process (benchmarks/run.py `_ingest_once`), the
two modes alternating (in-process, supervised, in-process, …) so that a
change of load on the shared machine falls on both. The measure is documents
per CPU-second of every process involved (the importer, the fork server and
the worker, from their start), and the ratio supervised / in-process of the
totals. Writes benchmarks/supervised.json and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/supervised.py")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-cost", type=float, help="Fail (exit 1) when supervised loses more than this share (0.10).")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from pipeline.corpus import generate

    runs: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="hetong-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        generate(corpus, args.n, seed=args.seed)
        for round_ in range(args.rounds):
            for supervised in (False, True):
                db = Path(tmp) / f"r{round_}-{'s' if supervised else 'p'}.duckdb"
                load_before = [round(x, 2) for x in os.getloadavg()]
                cmd = [sys.executable, str(HERE / "run.py"), "_ingest_once", str(corpus), "1", str(db)]
                out = subprocess.run(cmd + (["--supervised"] if supervised else []),
                                     check=True, capture_output=True, text=True, cwd=ROOT)
                run = json.loads(out.stdout)
                run["load_average_before"] = load_before
                print(json.dumps({k: run[k] for k in ("supervised", "documents", "elapsed_s", "cpu_s", "docs_per_cpu_s",
                                                      "load_average_before", "load_average_at_end")}), file=sys.stderr)
                runs.append(run)
    totals = {}
    for mode in (False, True):
        mine = [r for r in runs if r["supervised"] is mode]
        docs = sum(int(r["documents"]) for r in mine)  # type: ignore[arg-type]
        cpu = sum(float(r["cpu_s"]) for r in mine)  # type: ignore[arg-type]
        wall = sum(float(r["elapsed_s"]) for r in mine)  # type: ignore[arg-type]
        totals["supervised" if mode else "in_process"] = {
            "documents": docs, "cpu_s": round(cpu, 1), "docs_per_cpu_s": round(docs / cpu, 1),
            "docs_per_s": round(docs / wall, 1)}
    ratio = totals["supervised"]["docs_per_cpu_s"] / totals["in_process"]["docs_per_cpu_s"]
    wall_ratio = totals["supervised"]["docs_per_s"] / totals["in_process"]["docs_per_s"]
    result = {"n": args.n, "rounds": args.rounds, "totals": totals,
              "ratio_docs_per_cpu_s": round(ratio, 3), "ratio_docs_per_s": round(wall_ratio, 3), "runs": runs}
    (HERE / "supervised.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}))
    if args.max_cost is not None and ratio < 1 - args.max_cost:
        print(f"FAIL: supervised throughput {ratio:.3f} of in-process", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
