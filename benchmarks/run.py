"""Benchmarks of `hetong ingest` and of the PDF/OCR readers.

    python benchmarks/run.py ingest --n 2000 --workers 1 2   # generated corpus → DuckDB
    python benchmarks/run.py ingest --n 10000 --workers 2    # the 10k peak-RSS run
    python benchmarks/run.py pdf                             # text-layer PDF pages/s, pdfium vs pdfplumber
    python benchmarks/run.py ocr                             # OCR s/page (needs hetong[ocr])
    python benchmarks/ocr_gold.py --limit 3                  # OCR CER / field F1 on the gold contracts drawn as pages

Each measurement is written to benchmarks/results/NAME.json and
benchmarks/results.md is rebuilt from all of them, with the machine's facts.
The ingest benchmark runs each worker count in a fresh process (so peak RSS
is that run's) on a corpus from `hetong.pipeline.quality.corpus` (distinct contracts varied
from data/gold, data/holdout and data/samples), into a new DuckDB file,
end to end: walk, read, hash, extract, store. Not part of the test suite; a
smoke test runs it on 20 documents.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STAGES = ("normalise", "segment", "contract", "parties", "payments", "penalties", "sla", "flags", "rows", "store")


# -- machine ------------------------------------------------------------------------------


def machine() -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    import duckdb

    from hetong.pipeline import __version__

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gib": ram,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "hetong": __version__,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


# -- peak memory ------------------------------------------------------------------------------


class PeakRss:
    """Peak resident memory of this process and of this process plus all its
    descendants (workers, the fork server), sampled with psutil when
    installed (else ru_maxrss only). The sum counts pages a worker shares
    with the fork server copy-on-write twice: an upper bound."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak_tree = 0
        self.peak_child = 0  # largest single child process (a worker), the fork server aside
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        try:
            import psutil

            self._proc = psutil.Process()
        except ImportError:
            self._proc = None

    def __enter__(self) -> PeakRss:
        if self._proc is not None:
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                total = self._proc.memory_info().rss
                for child in self._proc.children(recursive=True):
                    try:
                        rss = child.memory_info().rss
                    except psutil.Error:
                        continue
                    total += rss
                    try:  # a direct child with children of its own is the fork server
                        server = child.ppid() == self._proc.pid and bool(child.children())
                    except psutil.Error:
                        server = False
                    if not server:
                        self.peak_child = max(self.peak_child, rss)
                self.peak_tree = max(self.peak_tree, total)
            except psutil.Error:
                pass
            self._stop.wait(self.interval)

    @staticmethod
    def self_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024



def _cpu_seconds(parent_only: bool = False) -> float:
    """User+system CPU seconds of this process, and unless `parent_only` of
    every process it started, directly or not: extraction workers are
    children of the multiprocessing fork server, not of this process, so
    reaped children's times (RUSAGE_CHILDREN) alone would miss them. A live
    process counts its own time and its reaped children's (psutil)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    total = me.ru_utime + me.ru_stime
    if parent_only:
        return total
    total += children.ru_utime + children.ru_stime
    import psutil

    for proc in psutil.Process().children(recursive=True):
        try:
            t = proc.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except psutil.Error:
            pass  # exited since the listing: its time went to its parent's children_* fields
    return total


# -- ingest ----------------------------------------------------------------------------------


def ingest_once(corpus: Path, workers: int, db: Path, supervised: bool = False) -> dict[str, object]:
    """One end-to-end import (run in a fresh process by `ingest`);
    `supervised`: in watched worker processes, as `hetong ingest` extracts."""
    from hetong.pipeline.batch import importer as batch
    from hetong.pipeline.store import storage

    # CPU counted from this process's start: interpreter, imports and model
    # loads are part of what an import costs.
    with PeakRss() as peak:
        started = time.perf_counter()
        storage.connect(db).close()  # create and migrate, as `hetong ingest` does first
        # the path, not a connection: the writer opens the file per batch, as the CLI does
        summary = batch.ingest_files([corpus], db, workers=workers, supervised=supervised)
        elapsed = time.perf_counter() - started
    cpu, parent_cpu = _cpu_seconds(), _cpu_seconds(parent_only=True)
    n = summary.processed
    return {
        "workers": workers,
        "supervised": supervised,
        "documents": n,
        "ok": summary.ok,
        "partial": summary.partial,
        "failed": summary.failed,
        "megabytes": round(summary.bytes / 1e6, 2),
        "elapsed_s": round(elapsed, 2),
        "docs_per_s": round(n / elapsed, 1),
        "mb_per_s": round(summary.bytes / 1e6 / elapsed, 3),
        "cpu_s": round(cpu, 1),  # user+system, this process from its start and its (finished) workers
        "cpu_from_process_start": True,
        "docs_per_cpu_s": round(n / cpu, 1) if cpu else None,  # throughput per fully available core
        "parent_cpu_ms_per_doc": round(parent_cpu / max(n, 1) * 1000, 2),  # walk, read, hash, write (+ extraction when workers=1)
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "ms_per_doc": {k: round(summary.timings.get(k, 0.0) / max(n, 1) * 1000, 2) for k in STAGES},
        "peak_rss_mb_parent": round(PeakRss.self_mb(), 0),
        "peak_rss_mb_largest_worker": round(peak.peak_child / 2**20, 0) if workers > 1 else None,
        "peak_rss_mb_all_processes": round(peak.peak_tree / 2**20, 0) or None,
        "db_mb": round(db.stat().st_size / 1e6, 1),
    }


def ingest(args: argparse.Namespace) -> dict[str, object]:
    from hetong.pipeline.quality.corpus import generate

    with tempfile.TemporaryDirectory(prefix="hetong-bench-") as tmp:
        corpus = Path(args.corpus) if args.corpus else Path(tmp) / "corpus"
        if not args.corpus:
            t0 = time.perf_counter()
            generate(corpus, args.n, seed=args.seed)
            print(f"corpus: {args.n} contracts in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        runs = []
        for workers in args.workers:
            db = Path(tmp) / f"w{workers}.duckdb"
            out = subprocess.run(
                [sys.executable, __file__, "_ingest_once", str(corpus), str(workers), str(db)],
                check=True, capture_output=True, text=True, cwd=ROOT,
            )
            run = json.loads(out.stdout)
            print(json.dumps(run), file=sys.stderr)
            runs.append(run)
    return {"kind": "ingest", "n": args.n, "seed": args.seed, "machine": machine(), "runs": runs}


# -- start-up -------------------------------------------------------------------------------

# One contract whose parties are all labelled (the rules suffice) and one whose
# names are not (NER loads: spaCy, the model, jieba's dictionary).
STARTUP_FILES = {
    "rules only": ROOT / "data" / "samples" / "001_d28e756e3b72c66a.txt",
    "with NER": ROOT / "data" / "gold" / "121_xihu_govcloud_ops.txt",
}


def startup(args: argparse.Namespace) -> dict[str, object]:
    """Wall and CPU seconds of `hetong extract FILE`, a fresh process each
    time, after one warm-up run (which builds the per-machine caches: .pyc
    files where Python writes them, jieba's split dictionary)."""
    hetong = Path(sys.executable).with_name("hetong")
    files = {}
    for label, path in STARTUP_FILES.items():
        cmd = [str(hetong), "extract", str(path)]
        subprocess.run(cmd, check=True, capture_output=True)  # warm-up
        walls, cpus = [], []
        for _ in range(args.repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            out = subprocess.run(cmd, check=True, capture_output=True, text=True)
            walls.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            ner_ran = "ner" in json.loads(out.stdout)["versions"]  # recorded when the model ran
        files[label] = {
            "file": str(path.relative_to(ROOT)), "runs": args.repeat, "ner_ran": ner_ran,
            "median_wall_s": round(statistics.median(walls), 2), "max_wall_s": round(max(walls), 2),
            "median_cpu_s": round(statistics.median(cpus), 2),
        }
    return {"kind": "startup", "machine": machine(), "files": files}


# -- PDF / OCR ------------------------------------------------------------------------------


PDF_REAL = ("r06", "r07", "r08", "r14", "r15", "r18", "r19")  # data/real PDFs with a text layer


def pdf(args: argparse.Namespace) -> dict[str, object]:
    """Text-layer pages per second through `read_pdf`, the pdfium reader
    (default) against the pdfplumber reference (`fast=False`), in this one
    process, the two alternating file by file so that other load on the
    machine falls on both alike; the ratio is the figure to compare across
    machines, the load average is printed beside the absolute ones."""
    from hetong.pipeline.read.pdf import read_pdf

    sets = {
        "fixtures": sorted((ROOT / "tests" / "fixtures" / "pdf").glob("[0-9]*.pdf")),
        "real": sorted(p for p in (ROOT / "data" / "real").glob("r*.pdf") if p.name[:3] in PDF_REAL),
    }
    load_before = [round(x, 2) for x in os.getloadavg()]
    out: dict[str, dict[str, object]] = {}
    for label, files in sets.items():
        datas = [f.read_bytes() for f in files]
        for data in datas:  # warm-up: imports, pdfium, fonts
            read_pdf(data, ocr=False)
        seconds = {True: 0.0, False: 0.0}
        cpu = {True: 0.0, False: 0.0}
        pages = plumber = 0
        reasons: dict[str, int] = {}
        for _ in range(args.repeat):
            for data in datas:
                for fast in (True, False):
                    c0, t0 = time.process_time(), time.perf_counter()
                    result = read_pdf(data, ocr=False, fast=fast)
                    seconds[fast] += time.perf_counter() - t0
                    cpu[fast] += time.process_time() - c0
                pages += len(result.pages)
        for data in datas:
            for reason in read_pdf(data, ocr=False).plumber_pages.values():
                plumber += 1
                reasons[reason] = reasons.get(reason, 0) + 1
        out[label] = {
            "files": len(files), "pages": pages // args.repeat, "repeat": args.repeat,
            "pages_per_s_pdfium": round(pages / seconds[True], 1),
            "pages_per_s_pdfplumber": round(pages / seconds[False], 1),
            "ratio": round(seconds[False] / seconds[True], 2),
            "pages_per_cpu_s_pdfium": round(pages / cpu[True], 1),
            "pages_per_cpu_s_pdfplumber": round(pages / cpu[False], 1),
            "pages_read_by_pdfplumber": plumber, "why": reasons,
        }
        print(json.dumps({label: out[label]}, ensure_ascii=False), file=sys.stderr)
    return {"kind": "pdf", "machine": machine(), "sets": out, "load_average_before": load_before,
            "load_average_after": [round(x, 2) for x in os.getloadavg()]}


def ocr(args: argparse.Namespace) -> dict[str, object]:
    from hetong.pipeline.read import ocr as ocr_mod
    from hetong.pipeline.read.pdf import read_pdf

    if not ocr_mod.available():
        raise SystemExit("OCR is not installed: pip install 'hetong[ocr]'")
    files = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("scanned*.pdf"))
    t0 = time.perf_counter()
    ocr_mod.engine()  # model load, reported apart
    load = time.perf_counter() - t0
    pages, confidences = 0, []
    cpu0, t0 = _cpu_seconds(), time.perf_counter()
    for f in files:
        result = read_pdf(f.read_bytes(), ocr=True)
        pages += len(result.pages)
        confidences += [p.confidence for p in result.pages if p.confidence is not None]
    elapsed, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    return {
        "kind": "ocr", "machine": machine(), "engine": ocr_mod.version(), "files": len(files), "pages": pages,
        "model_load_s": round(load, 2), "elapsed_s": round(elapsed, 2),
        "s_per_page": round(elapsed / max(pages, 1), 2),
        "cpu_s_per_page": round(cpu / max(pages, 1), 2),  # onnxruntime uses every core: CPU-s > wall-s
        "mean_confidence": round(sum(confidences) / len(confidences), 3) if confidences else None,
    }


# -- report ----------------------------------------------------------------------------------


def render(results: list[dict]) -> str:
    lines = ["# Benchmark results", "", "Written by `python benchmarks/run.py`; do not edit by hand.", ""]
    for res in results:
        m = res["machine"]
        facts = (
            f"{m['nproc']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM, Python {m['python']}, "
            f"DuckDB {m['duckdb']}, hetong {m['hetong']}; load average at start {m['load_average_at_start']}"
        )
        if res["kind"] == "ingest":
            name = res.get("name") or f"ingest-{res['n']}"
            lines += [f"## Ingest, {res['n']} generated contracts (seed {res['seed']}; results/{name}.json)", "", f"Machine: {facts}.", ""]
            if res.get("note"):
                lines += [f"Note: {res['note']}.", ""]
            lines += [
                "| workers | docs | MB | elapsed s | docs/s | MB/s | CPU s | docs per CPU-s | load avg end | peak RSS parent MB | largest worker MB | all processes MB | DuckDB MB |",
                "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            ]
            for r in res["runs"]:
                lines.append(
                    f"| {r['workers']} | {r['documents']} | {r['megabytes']} | {r['elapsed_s']} | {r['docs_per_s']} | "
                    f"{r['mb_per_s']} | {r.get('cpu_s', '—')} | {r.get('docs_per_cpu_s', '—')} | "
                    f"{(r.get('load_average_at_end') or ['—'])[0]} | {r['peak_rss_mb_parent']:.0f} | "
                    f"{r['peak_rss_mb_largest_worker'] or '—'} | {r['peak_rss_mb_all_processes'] or '—'} | {r['db_mb']} |"
                )
            since = ("the whole import process from its start (interpreter, imports, model loads) and its workers"
                     if all(r.get("cpu_from_process_start") for r in res["runs"])
                     else "the import and its workers, imports before it not counted")
            lines += ["", f"docs per CPU-s = documents / (user+system CPU seconds of {since}): the "
                      "throughput of one fully available core, independent of other load on the machine."]
            lines += ["", "Milliseconds per document by stage (wall time inside each stage, summed over workers; "
                      "inflated when the cores are shared):", ""]
            lines += ["| workers | " + " | ".join(STAGES) + " |", "|---:|" + "---:|" * len(STAGES)]
            for r in res["runs"]:
                lines.append(f"| {r['workers']} | " + " | ".join(f"{r['ms_per_doc'][s]}" for s in STAGES) + " |")
            lines.append("")
        elif res["kind"] == "startup":
            lines += ["## Start-up of `hetong extract` on one file", "", f"Machine: {facts}.", ""]
            lines += ["| file | NER ran | runs | median wall s | max wall s | median CPU s |",
                      "|---|---|---:|---:|---:|---:|"]
            for label, r in res["files"].items():
                lines.append(f"| {label}: {r['file']} | {'yes' if r['ner_ran'] else 'no'} | {r['runs']} | "
                             f"{r['median_wall_s']} | {r['max_wall_s']} | {r['median_cpu_s']} |")
            lines.append("")
        elif res["kind"] == "pdf" and "sets" in res:
            lines += ["## Text-layer PDF: pdfium reader against pdfplumber (results/pdf.json)", "",
                      f"Machine: {facts}; load average before {res['load_average_before']}, after {res['load_average_after']}.", ""]
            lines += ["| set | files | pages | pages/s pdfium reader | pages/s pdfplumber | ratio | pages per CPU-s pdfium reader | pages per CPU-s pdfplumber | pages left to pdfplumber |",
                      "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
            for label, r in res["sets"].items():
                lines.append(f"| {label} | {r['files']} | {r['pages']} | {r['pages_per_s_pdfium']} | "
                             f"{r['pages_per_s_pdfplumber']} | {r['ratio']} | {r.get('pages_per_cpu_s_pdfium', '—')} | "
                             f"{r.get('pages_per_cpu_s_pdfplumber', '—')} | {r['pages_read_by_pdfplumber']} |")
            reasons: dict[str, int] = {}
            for r in res["sets"].values():
                for why, n in r["why"].items():
                    reasons[why] = reasons.get(why, 0) + n
            lines += ["", "`read_pdf(data, ocr=False)` end to end (text, line boxes, tables; extraction stages not "
                      "included), both readers in one process, alternating file by file. Pages pdfium cannot give "
                      "exactly are read by pdfplumber: " + ("; ".join(f"{n} × {why}" for why, n in sorted(reasons.items())) or "none") + ".", ""]
        elif res["kind"] == "pdf":
            lines += ["## Text-layer PDF", "", f"Machine: {facts}.", ""]
            lines += [f"{res['pages']} pages of {res['files']} fixture PDFs (tests/fixtures/pdf) read in "
                      f"{res['elapsed_s']} s: **{res['pages_per_s']} pages/s** wall, {res.get('pages_per_cpu_s', '—')} pages per CPU-second "
                      "(pdfplumber text, line positions and tables; extraction stages not included).", ""]
        elif res["kind"] == "ocr":
            lines += ["## OCR", "", f"Machine: {facts}.", ""]
            lines += [f"{res['engine']}: model load {res['model_load_s']} s once per process; {res['pages']} scanned pages "
                      f"in {res['elapsed_s']} s: **{res['s_per_page']} s/page** wall ({res.get('cpu_s_per_page', '—')} CPU-s/page, "
                      f"rendered at 150 dpi), mean confidence {res['mean_confidence']}.", ""]
        elif res["kind"] in ("ocr-gold", "ocr-ablation"):
            lines += render_ocr_gold(res, facts)
    return "\n".join(lines)


def render_ocr_gold(res: dict, facts: str) -> list[str]:
    """The sections of benchmarks/ocr_gold.py: OCR of the gold contracts drawn as pages."""
    which = f"the {res['limit']} shortest" if res.get("limit") else "all"
    pages = f", at most {res['max_pages']} pages each" if res.get("max_pages") else ""
    head = ("## OCR of the gold contracts drawn as pages (results/ocr-gold.json)" if res["kind"] == "ocr-gold"
            else "## OCR settings, one change at a time (results/ocr-ablation.json)")
    lines = [head, "", f"Machine: {facts}.", "",
             f"{which} of {res['gold']}{pages}; engine {res['engine']}; field F1 of the same contracts read from "
             f"their text files: {res.get('text_f1', '—')}. s/page is the OCR (reading) stage alone, wall; CPU-s/page "
             "is that stage's process CPU time; the load average is the machine's before → after each row.", ""]
    header = "| dpi | pages | CER | field F1 | s/page wall | CPU-s/page | threads | load avg before → after | mean confidence |"
    rule = "|---:|---:|---:|---:|---:|---:|---:|---|---:|"
    if res["kind"] == "ocr-gold":
        lines += [header.replace("| dpi |", "| dpi | condition |"), rule.replace("|---:|", "|---:|---|", 1)]
        threads = res["settings"]["threads"]
        for r in res["sets"]:
            lines.append(f"| {r['dpi']} | {r['condition']} | {r['pages']} | {r['cer']:.2%} | {r.get('field_f1', '—')} | "
                         f"{r['s_per_page']} | {r['cpu_s_per_page']} | {threads} | {r['load_average_before'][0]} → "
                         f"{r['load_average_after'][0]} | {r['mean_confidence']} |")
    else:
        lines += ["| settings " + header.replace("| dpi |", "| dpi | condition |"),
                  "|---" + rule.replace("|---:|", "|---:|---|", 1)]
        for row in res["rows"]:
            for r in row["sets"]:
                lines.append(f"| {row['label']} | {r['dpi']} | {r['condition']} | {r['pages']} | {r['cer']:.2%} | "
                             f"{r.get('field_f1', '—')} | {r['s_per_page']} | {r['cpu_s_per_page']} | "
                             f"{row['settings']['threads']} | {r['load_average_before'][0]} → {r['load_average_after'][0]} | "
                             f"{r['mean_confidence']} |")
    return [*lines, ""]


def save(name: str, result: dict) -> None:
    folder = HERE / "results"
    folder.mkdir(exist_ok=True)
    result = {**result, "name": name}
    (folder / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    order = {"ingest": 0, "startup": 1, "pdf": 2, "ocr": 3, "ocr-gold": 4, "ocr-ablation": 5}
    results = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    results.sort(key=lambda r: (order[r["kind"]], r.get("n", 0), r.get("name", "")))
    (HERE / "results.md").write_text(render(results) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_ingest_once":
        corpus, workers, db = argv[1:4]
        print(json.dumps(ingest_once(Path(corpus), int(workers), Path(db), supervised="--supervised" in argv)))
        return 0
    parser = argparse.ArgumentParser(prog="benchmarks/run.py")
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("ingest")
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--corpus", help="Use this folder instead of generating one.")
    p.add_argument("--name", help="Result name (default ingest-N).")
    p.add_argument("--no-save", action="store_true", help="Print the JSON only (smoke test).")
    p.add_argument("--min-docs-per-cpu-s", type=float, help="Fail (exit 1) below this, for any worker count.")
    p.add_argument("--max-rss-mb", type=float, help="Fail (exit 1) when all processes together peak above this.")
    p = sub.add_parser("startup")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--max-s", type=float, help="Fail (exit 1) when a median wall time is above this.")
    p.add_argument("--no-save", action="store_true", help="Print the JSON only.")
    p = sub.add_parser("pdf")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--no-save", action="store_true", help="Print the JSON only.")
    sub.add_parser("ocr")
    args = parser.parse_args(argv)
    result = {"ingest": ingest, "startup": startup, "pdf": pdf, "ocr": ocr}[args.what](args)
    if getattr(args, "no_save", False):
        print(json.dumps(result, ensure_ascii=False))
    else:
        name = getattr(args, "name", None) or (f"ingest-{args.n}" if args.what == "ingest" else args.what)
        save(name, result)
        print(f"wrote {HERE / 'results.md'}", file=sys.stderr)
    failures = requirements(args, result)
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


def requirements(args: argparse.Namespace, result: dict) -> list[str]:
    """The targets given on the command line that `result` misses."""
    failures = []
    for run in result.get("runs", []):
        floor = getattr(args, "min_docs_per_cpu_s", None)
        if floor is not None and (run["docs_per_cpu_s"] or 0) < floor:
            failures.append(f"workers {run['workers']}: {run['docs_per_cpu_s']} docs per CPU-s < {floor}")
        ceiling = getattr(args, "max_rss_mb", None)
        if ceiling is not None and (run["peak_rss_mb_all_processes"] or 0) > ceiling:
            failures.append(f"workers {run['workers']}: peak RSS {run['peak_rss_mb_all_processes']} MB > {ceiling}")
    limit = getattr(args, "max_s", None)
    files = result.get("files")
    for label, r in (files.items() if isinstance(files, dict) else ()):  # start-up results name their files
        if limit is not None and r["median_wall_s"] > limit:
            failures.append(f"start-up {label}: median {r['median_wall_s']} s > {limit}")
    return failures


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
