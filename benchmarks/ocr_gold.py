"""OCR benchmark on the gold contracts: every data/gold contract drawn as
page images (benchmarks/page_images.py) at 150 and 300 dpi, clean and as a
scanner returns them (skew, noise, blur), saved as a multi-page TIFF and read
by hetong itself (`process_bytes`: the image reader, OCR, normalise,
extract). Reported per (dpi, condition):

* character error rate of each page's OCR text against the characters drawn
  on it (non-blank, NFKC; Levenshtein);
* field F1 of the extraction against the gold labels (hetong.pipeline.quality.scoring, as
  `hetong evaluate` scores), beside the F1 of the same contracts read from
  their text files;
* OCR seconds per page, wall and process CPU (the reading stage alone:
  whole `process_bytes` minus the extraction stages' own timings), with the
  load average before and after each set and the onnxruntime thread count.

    python benchmarks/ocr_gold.py                      # everything (about an hour on 2 loaded cores)
    python benchmarks/ocr_gold.py --limit 3 --dpi 150  # a few minutes
    python benchmarks/ocr_gold.py --no-save --json     # print the result only

`--limit N` takes the N shortest contracts (whole, so that field F1 stays
meaningful); `--pages N` stops each contract after N pages (CER only: the
values on later pages are then missing). The OCR cache (HETONG_OCR_CACHE) is
switched off: every page is recognised. Results: benchmarks/results/ocr-gold.json
and a section of benchmarks/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from page_images import render

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CONDITIONS = ("clean", "scanned")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def contracts(gold: Path, limit: int | None) -> list[tuple[Path, Path]]:
    """(text, gold) pairs of the gold set, shortest first when limited."""
    pairs = [(g.with_name(g.name.replace(".gold.json", ".txt")), g) for g in sorted(gold.glob("*.gold.json"))]
    pairs = [(t, g) for t, g in pairs if t.is_file()]
    if limit is not None:
        pairs = sorted(pairs, key=lambda p: p[0].stat().st_size)[:limit]
    return pairs


def read_one(tiff: bytes, name: str) -> tuple[Any, float, float]:
    """hetong's own reading of one TIFF: (Document, OCR wall s, OCR CPU s)."""
    from hetong.pipeline.read.limits import Limits
    from hetong.pipeline.orchestrate import process_bytes

    timings: dict[str, float] = {}
    cpu0, t0 = _cpu(), time.perf_counter()
    doc = process_bytes(tiff, source=name, timings=timings, limits=Limits.unlimited())
    wall, cpu = time.perf_counter() - t0, _cpu() - cpu0
    extraction = sum(timings.values())
    return doc, wall - extraction, max(0.0, cpu - extraction)  # extraction is single-threaded: CPU ≈ wall


def run_set(pairs: list[tuple[Path, Path]], dpi: int, condition: str, max_pages: int | None) -> dict[str, Any]:
    from page_images import cer, scanned, tiff

    from hetong.pipeline.store.export import to_json_dict
    from hetong.pipeline.quality.scoring import aggregate, score_document

    load_before = _load()
    pages = edits = chars = 0
    wall = cpu = 0.0
    scores, per_doc, confidences = [], [], []
    for text_path, gold_path in pairs:
        drawn = render(text_path.read_text(encoding="utf-8"), dpi)[:max_pages]
        images = [scanned(p.image, seed=hash_seed(text_path.name, i)) if condition == "scanned" else p.image
                  for i, p in enumerate(drawn)]
        doc, ocr_wall, ocr_cpu = read_one(tiff(images, dpi), text_path.stem + ".tif")
        wall, cpu, pages = wall + ocr_wall, cpu + ocr_cpu, pages + len(images)
        doc_edits = doc_chars = 0
        for page, read in zip(drawn, [doc.raw_text[p.start:p.end] for p in doc.pages] + [""] * len(drawn)):
            e, n = cer(page.drawn, read)
            doc_edits, doc_chars = doc_edits + e, doc_chars + n
        edits, chars = edits + doc_edits, chars + doc_chars
        confidences += [p.confidence for p in doc.pages if p.confidence is not None]
        row = {"contract": text_path.stem, "pages": len(images), "status": doc.status,
               "cer": round(doc_edits / max(doc_chars, 1), 4), "s_per_page": round(ocr_wall / len(images), 2)}
        if max_pages is None:
            score = score_document(json.loads(gold_path.read_text(encoding="utf-8")), to_json_dict(doc.to_record()))
            scores.append(score)
            row["f1"] = round(score.overall.f1, 4)
        per_doc.append(row)
        print(json.dumps({"dpi": dpi, "condition": condition, **row}, ensure_ascii=False), file=sys.stderr)
    result: dict[str, Any] = {
        "dpi": dpi, "condition": condition, "contracts": len(pairs), "pages": pages,
        "cer": round(edits / max(chars, 1), 4), "characters": chars,
        "s_per_page": round(wall / max(pages, 1), 3), "cpu_s_per_page": round(cpu / max(pages, 1), 3),
        "mean_confidence": round(statistics.fmean(confidences), 4) if confidences else None,
        "load_average_before": load_before, "load_average_after": _load(), "documents": per_doc,
    }
    if scores:
        result["field_f1"] = round(aggregate(scores).overall.f1, 4)
    return result


def text_f1(pairs: list[tuple[Path, Path]]) -> float:
    """Field F1 of the same contracts read from their text files: the ceiling OCR is measured against."""
    from hetong.pipeline.quality.evaluate import extract_path
    from hetong.pipeline.quality.scoring import aggregate, score_document

    return round(aggregate(score_document(json.loads(g.read_text(encoding="utf-8")), extract_path(t))
                           for t, g in pairs).overall.f1, 4)


def hash_seed(name: str, page: int) -> int:
    return sum(name.encode()) * 1000 + page  # stable across runs (str hash is salted)


# The ablation: RapidOCR's defaults, then one change at a time, then
# alternatives to the last row; onnxruntime threads fixed at 1 (CPU-s
# comparable) but in the 2-thread row. hetong's settings (hetong.pipeline.read.ocr.SETTINGS)
# are the last row: detection at ≤ 960 px cost real scans their small print
# (see pipeline/read/ocr.py).
DEFAULTS = {"det_side": None, "cls": True, "rec_batch": 6, "rec_min_width": 320, "rec_squeeze": 1, "threads": 1}
ABLATION: tuple[tuple[str, dict[str, Any]], ...] = (
    ("RapidOCR defaults", {}),
    ("no angle classifier", {"cls": False}),
    ("+ detection at ≤ 960 px a side", {"cls": False, "det_side": 960}),
    ("+ lines recognised one by one, not padded to 320 px", {"cls": False, "det_side": 960, "rec_batch": 1, "rec_min_width": 96}),
    ("+ lines squeezed to 0.75 of their width", {"cls": False, "det_side": 960, "rec_batch": 1, "rec_min_width": 96, "rec_squeeze": 0.75}),
    ("the row above, lines squeezed to 0.6 instead", {"cls": False, "det_side": 960, "rec_batch": 1, "rec_min_width": 96, "rec_squeeze": 0.6}),
    ("the row above, detection at ≤ 736 px instead", {"cls": False, "det_side": 736, "rec_batch": 1, "rec_min_width": 96, "rec_squeeze": 0.75}),
    ("the row above with 2 onnxruntime threads", {"cls": False, "det_side": 960, "rec_batch": 1, "rec_min_width": 96, "rec_squeeze": 0.75, "threads": 2}),
    ("hetong: detection at the page's rendered size", {"cls": False, "rec_batch": 1, "rec_min_width": 96, "rec_squeeze": 0.75}),
)


def use_engine(chosen: dict[str, Any] | None) -> dict[str, Any]:
    """Make hetong.pipeline.read.ocr read with these settings (None: its own), warmed up; returns them."""
    import numpy as np

    from hetong.pipeline.read import ocr

    chosen = ocr.settings() if chosen is None else chosen
    built = ocr.build_engine(chosen)
    ocr.engine = lambda: built  # the readers look the engine up on each page
    warm = render("甲方：某某局\n乙方：某某公司", 150)[0].image  # the first call loads every model
    built(np.asarray(warm.convert("RGB")))
    return chosen


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from hetong.pipeline.read import ocr
    from run import machine

    os.environ.pop("HETONG_OCR_CACHE", None)  # every page recognised: no cached answers
    if not ocr.available():
        raise SystemExit("OCR is not installed: pip install 'hetong[ocr]'")
    pairs = contracts(ROOT / args.gold, args.limit)
    facts = {"machine": machine(), "engine": ocr.version(), "gold": args.gold, "limit": args.limit,
             "max_pages": args.pages, "text_f1": text_f1(pairs) if args.pages is None else None}
    if args.ablation:
        rows = []
        for label, change in [ABLATION[i] for i in (args.rows or range(len(ABLATION)))]:
            chosen = use_engine({**DEFAULTS, **change})
            sets = [run_set(pairs, dpi, condition, args.pages) for dpi in args.dpi for condition in args.conditions]
            rows.append({"label": label, "settings": chosen, "sets": sets})
        if args.rows and not args.no_save:  # the rows not measured now are kept from the saved result
            saved = HERE / "results" / f"{args.name or 'ocr-ablation'}.json"
            if saved.exists():
                old = {r["label"]: r for r in json.loads(saved.read_text(encoding="utf-8"))["rows"]}
                old.update({r["label"]: r for r in rows})
                rows = [old[label] for label, _ in ABLATION if label in old]
        return {"kind": "ocr-ablation", **facts, "rows": rows}
    t0 = time.perf_counter()
    chosen = use_engine(None)
    load_s = round(time.perf_counter() - t0, 2)
    sets = [run_set(pairs, dpi, condition, args.pages) for dpi in args.dpi for condition in args.conditions]
    return {"kind": "ocr-gold", **facts, "settings": chosen, "model_load_s": load_s, "sets": sets}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/ocr_gold.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", default="data/gold")
    parser.add_argument("--limit", type=int, help="Only the N shortest contracts.")
    parser.add_argument("--pages", type=int, help="At most N pages of each contract (no field F1 then).")
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    parser.add_argument("--conditions", nargs="+", choices=CONDITIONS, default=list(CONDITIONS))
    parser.add_argument("--ablation", action="store_true",
                        help="Each of ABLATION's settings in turn (use with --limit and one --dpi).")
    parser.add_argument("--rows", type=int, nargs="+", help="With --ablation: only these rows (0-based), the others kept from the saved result.")
    parser.add_argument("--name", help="Result name (benchmarks/results/NAME.json; default ocr-gold or ocr-ablation).")
    parser.add_argument("--no-save", action="store_true", help="Print the JSON only.")
    args = parser.parse_args(argv)
    result = measure(args)
    if args.no_save:
        print(json.dumps(result, ensure_ascii=False))
    else:
        from run import save

        save(args.name or ("ocr-ablation" if args.ablation else "ocr-gold"), result)
        print(f"wrote {HERE / 'results.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.path[:0] = [str(HERE), str(ROOT)]
    sys.exit(main())
