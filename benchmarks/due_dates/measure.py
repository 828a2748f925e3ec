"""How many installments whose due date is determinable get it.

    python benchmarks/due_dates/measure.py data/gold data/real data/holdout [--list] [--json] [--min 0.9]

Method. "Determinable" was decided by reading every installment's trigger
(`--list` prints them all, with the contract dates and what hetong gives):
an installment is determinable when its trigger fixes the date from dates
the contract states — a date written (`2025 年 7 月底前`), N (working) days,
weeks or months after signing when the signing date is stated, N months of
service when the service start is stated, the end of the service period when
it is stated, a day of each month for a monthly fee when the contract says
which month (`自下个月起，每月27日`), an acceptance date when the contract
states it. It is not
determinable when the trigger waits for an event whose date the contract does
not give (acceptance, an assessment, an invoice, an approval, staff arriving,
a delivery), when the date it counts from is not stated (no signing date),
when it is ambiguous (`租金需要每月25日给付`: this month's rent or the next?),
or when no time is written. The determinable installments and their rule are
listed by hand in `determinable.csv` (`expect`: `date:YYYY-MM-DD`,
`signed+Nd`, `signed+Nwd` (working days), `start+Nm[+Nd]`, `monthday:D+L`:
the k-th monthly fee on day D of the k-th month of service plus L); the expected date
is computed here from the GOLD file's contract dates (not from what hetong
extracted), working days with numpy's business-day calendar (Monday–Friday,
as hetong counts them). An installment counts as got when hetong's `due_on`
equals the expected date. Every other installment must have a `due_rule`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from hetong.pipeline.quality.evaluate import extract_path, gold_files, load_gold  # noqa: E402

_SPEC = re.compile(r"^(?:date:(?P<date>\d{4}-\d{2}-\d{2})|monthday:(?P<day>\d+)\+(?P<later>\d+)|(?P<basis>signed|start)(?:\+(?P<m>\d+)m)?(?:\+(?P<n>\d+)(?P<k>wd|d))?)$")


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    for day in range(d.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, min(d.day, 28))


def expected(spec: str, contract: dict[str, Any], seq: int) -> dt.date | None:
    m = _SPEC.match(spec)
    if not m:
        raise ValueError(f"bad expect spec {spec!r}")
    if m["date"]:
        return dt.date.fromisoformat(m["date"])
    if m["day"]:  # the seq-th monthly fee, paid on day N of (its month + later) counted from the service start
        if not contract.get("service_start"):
            return None
        start = dt.date.fromisoformat(contract["service_start"])
        first = add_months(start.replace(day=1), seq - 1 + int(m["later"]))
        return first.replace(day=int(m["day"]))
    base = contract.get("signed_on" if m["basis"] == "signed" else "service_start")
    if not base:
        return None
    d = dt.date.fromisoformat(base)
    if m["m"]:
        d = add_months(d, int(m["m"]))
    if m["n"]:
        n = int(m["n"])
        d = np.busday_offset(np.datetime64(d), n, roll="backward").astype(dt.date) if m["k"] == "wd" else d + dt.timedelta(days=n)
    return d


def measure(dirs: list[Path]) -> dict[str, Any]:
    labels: dict[tuple[str, int], str] = {}
    with open(HERE / "determinable.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            labels[(row["source"], int(row["seq"]))] = row["expect"]
    sets: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    for d in dirs:
        counts = {"installments": 0, "determinable": 0, "got": 0, "wrong": 0, "estimated": 0, "no_rule": 0}
        for gold_path in gold_files(d):
            gold = load_gold(gold_path)
            record = extract_path(gold_path.parent / gold["source"])
            for p in record.get("payments", []):
                counts["installments"] += 1
                spec = labels.get((gold["source"], p["seq"]))
                want = expected(spec, gold.get("contract", {}), p["seq"]) if spec else None
                got = dt.date.fromisoformat(p["due_on"]) if p.get("due_on") else None
                status = "not determinable"
                if spec:
                    counts["determinable"] += 1
                    status = "got" if got == want else "missed" if got is None else "wrong"
                    counts["got"] += got == want
                    counts["wrong"] += got is not None and got != want
                elif got is not None:
                    counts["estimated"] += 1
                    status = "estimate"
                counts["no_rule"] += not p.get("due_rule")
                rows.append({"set": d.name, "source": gold["source"], "seq": p["seq"], "trigger": p.get("trigger"),
                             "status": status, "expected": want and want.isoformat(), "due_on": p.get("due_on"),
                             "due_rule": p.get("due_rule")})
        counts["coverage"] = round(counts["got"] / counts["determinable"], 3) if counts["determinable"] else None
        sets[d.name] = counts
    return {"sets": sets, "installments": rows}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--list", action="store_true", help="print every installment with its trigger and status")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--min", type=float, default=None, help="exit 1 when a set's coverage is below this")
    args = ap.parse_args()
    result = measure(args.dirs)
    if args.json:
        print(json.dumps(result if args.list else result["sets"], ensure_ascii=False, indent=1))
    else:
        if args.list:
            for r in result["installments"]:
                print(f"{r['set']:8} {r['source'][:34]:34} {r['seq']:>3} {r['status']:16} "
                      f"{r['expected'] or '':10} {r['due_on'] or '':10} | {r['trigger'] or ''} | {r['due_rule']}")
        for name, c in result["sets"].items():
            cov = f"{c['coverage']:.1%}" if c["coverage"] is not None else "—"
            print(f"{name}: {c['installments']} installments, {c['determinable']} with a determinable due date, "
                  f"{c['got']} got it ({cov}), {c['wrong']} wrong; {c['estimated']} more with an estimate "
                  f"(due_exact false); {c['no_rule']} without a due_rule")
    failed = args.min is not None and any(
        c["coverage"] is not None and c["coverage"] < args.min or c["no_rule"] or c["wrong"]
        for c in result["sets"].values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
