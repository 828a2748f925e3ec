"""`hetong evaluate`: run extraction over a gold set and score it.

Each `*.gold.json` names its contract text in `source`; the text is looked up
beside the gold file, or in `texts_dir` when given. Every text is extracted in
this process (`extract_path`, or any function passed as `extract`) and scored
with `hetong.pipeline.quality.scoring`. A text that is missing, or whose extraction raises or
ends `failed`, is scored as a failed document (every gold value an FN) and
reported; it never stops the run.

Output: per-document F1 lines, then (with `-v`) every discrepancy grouped by
document, then the summary: one fixed-width line per group and `overall`
(TP FP FN P R F1), last, so that `tail -8` shows it. `--json` prints one JSON
object instead: {"groups", "overall", "n_documents", "n_failed", "documents"}.

Exit codes: 0 scored; 1 overall F1 below `--min-f1`; 2 the gold set cannot be
read (no folder, no gold files, invalid gold).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hetong.pipeline.quality.scoring import (
    GROUPS,
    DocumentScore,
    GroupCounts,
    Summary,
    aggregate,
    score_document,
    validate_gold,
)

GOLD_SUFFIX = ".gold.json"

Extract = Callable[[Path], dict[str, Any]]


class GoldError(ValueError):
    """The gold set cannot be read; the message says which file and why."""


def extract_path(path: Path) -> dict[str, Any]:
    """The pipeline's own extraction: the JSON export of one contract file."""
    from hetong.pipeline.store.export import to_json_dict
    from hetong.pipeline.orchestrate import process_path

    return to_json_dict(process_path(path).to_record())


@dataclass
class DocumentResult:
    gold_path: Path
    text_path: Path
    status: str  # the export's status (ok | partial | failed | not_a_contract)
    error: str | None
    score: DocumentScore

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold_path.name,
            "text": str(self.text_path),
            "status": self.status,
            "error": self.error,
            **self.score.to_dict(),
        }


@dataclass
class Evaluation:
    documents: list[DocumentResult]
    summary: Summary

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary.to_dict(), "documents": [d.to_dict() for d in self.documents]}


# -- loading -------------------------------------------------------------------

def gold_files(gold: Path) -> list[Path]:
    """`gold` itself when it is a gold file, else its `*.gold.json`, sorted."""
    gold = Path(gold)
    if gold.is_file():
        return [gold]
    if not gold.is_dir():
        raise GoldError(f"{gold}: no such folder")
    files = sorted(gold.glob(f"*{GOLD_SUFFIX}"))
    if not files:
        raise GoldError(f"{gold}: no *{GOLD_SUFFIX} files")
    return files


def load_gold(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot read gold: {exc}") from exc
    problems = validate_gold(data)
    if problems:
        raise GoldError(f"{path}: invalid gold: " + "; ".join(problems))
    return data


# -- running -------------------------------------------------------------------

def variant_extract(name: str) -> Extract:
    """Extraction of a contract text rendered in variant `name` (pipeline/quality/variants.py)."""
    from hetong.pipeline.store.export import to_json_dict
    from hetong.pipeline.orchestrate import process_bytes
    from hetong.pipeline.quality.variants import VARIANTS

    variant = VARIANTS[name]

    def extract(path: Path) -> dict[str, Any]:
        data, file_name = variant.render(path.read_text(encoding="utf-8"), path.stem)
        return to_json_dict(process_bytes(data, file_name).to_record())

    return extract


def jsonl_extract(path: Path) -> Extract:
    """Predictions read from a JSON Lines export (`hetong extract --out`),
    matched to gold by file name (`source`): scores a run made earlier, by
    another version or by another system that writes FORMAT.md's fields."""
    by_source: dict[str, dict[str, Any]] = {}
    try:
        with Path(path).open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    record = json.loads(line)
                    by_source[Path(str(record.get("source", ""))).name] = record
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot read predictions: {exc}") from exc

    def extract(text_path: Path) -> dict[str, Any]:
        record = by_source.get(text_path.name)
        if record is None:
            raise LookupError(f"no prediction for {text_path.name} in {path}")
        return record

    extract.reads_file = False  # type: ignore[attr-defined]  # predictions need no contract file
    return extract


def evaluate_records(
    gold_dir: Path, texts_dir: Path | None = None, extract: Extract | None = None, variant: str | None = None
) -> Evaluation:
    """Extract and score every gold document. `extract` maps a text path to
    its JSON export (default `extract_path`); `variant` renders each text in
    that shape or script first and scores against the gold rendered alike.
    Raises GoldError for a bad gold set (or a variant of a non-text source);
    extraction problems are recorded per document."""
    if variant is not None:
        from hetong.pipeline.quality.variants import VARIANTS

        if variant not in VARIANTS:
            raise GoldError(f"unknown variant {variant!r} (known: {', '.join(VARIANTS)})")
        extract = variant_extract(variant)
    extract = extract or extract_path
    golds = [(p, load_gold(p)) for p in gold_files(gold_dir)]
    if variant is not None:
        from hetong.pipeline.quality.variants import VARIANTS

        transform = VARIANTS[variant].gold
        for gold_path, gold in golds:
            if not str(gold["source"]).endswith((".txt", ".md")):
                raise GoldError(f"{gold_path}: --variant renders contract texts; {gold['source']} is not one")
        golds = [(p, transform(g) if transform else g) for p, g in golds]
    results: list[DocumentResult] = []
    for gold_path, gold in golds:
        text_path = (Path(texts_dir) if texts_dir is not None else gold_path.parent) / gold["source"]
        pred, status, error = _run(extract, text_path)
        results.append(DocumentResult(gold_path, text_path, status, error, score_document(gold, pred)))
    return Evaluation(results, aggregate(r.score for r in results))


def _run(extract: Extract, text_path: Path) -> tuple[dict[str, Any] | None, str, str | None]:
    if getattr(extract, "reads_file", True) and not text_path.is_file():
        return None, "failed", f"text not found: {text_path}"
    try:
        pred = extract(text_path)
    except Exception as exc:  # one bad document must not stop the evaluation
        return None, "failed", f"extraction raised {type(exc).__name__}: {exc}"
    if not isinstance(pred, dict):
        return None, "failed", f"extraction returned {type(pred).__name__}, not a JSON object"
    status = str(pred.get("status") or "ok")
    return pred, status, pred.get("error")


# -- the command ---------------------------------------------------------------

def evaluate_command(
    gold_dir: Path,
    texts_dir: Path | None,
    *,
    min_f1: float | None = None,
    min_group_f1: float | None = None,
    verbose: bool = False,
    as_json: bool = False,
    variant: str | None = None,
    predictions: Path | None = None,
) -> int:
    try:
        extract = jsonl_extract(predictions) if predictions is not None else extract_path
        evaluation = evaluate_records(gold_dir, texts_dir, extract=extract, variant=variant)
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    for doc in evaluation.documents:
        if doc.status == "failed":
            print(f"warning: {doc.gold_path.name}: scored as failed: {doc.error or 'failed'}",
                  file=sys.stderr)

    if as_json:
        print(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print("\n".join(format_report(evaluation, gold_dir, verbose=verbose)))

    failures = []
    overall = evaluation.summary.overall.f1
    if min_f1 is not None and overall < min_f1:
        failures.append(f"overall F1 {overall:.3f} is below --min-f1 {min_f1:.3f}")
    if min_group_f1 is not None:
        # a group with nothing in gold and nothing predicted cannot fail
        for name, counts in evaluation.summary.groups.items():
            if not counts.empty and counts.f1 < min_group_f1:
                failures.append(f"{name} F1 {counts.f1:.3f} is below --min-group-f1 {min_group_f1:.3f}")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


# -- text output -----------------------------------------------------------------

_NAME = 10  # width of the group-name column


def format_summary(summary: Summary) -> list[str]:
    """Fixed-width summary: a header, one line per group, then `overall`."""
    lines = [f"{'group':<{_NAME}}{'TP':>6}{'FP':>6}{'FN':>6}{'P':>7}{'R':>7}{'F1':>7}"]
    for name, counts in (*summary.groups.items(), ("overall", summary.overall)):
        lines.append(_summary_line(name, counts))
    return lines


def _summary_line(name: str, c: GroupCounts) -> str:
    return (f"{name:<{_NAME}}{c.tp:>6}{c.fp:>6}{c.fn:>6}"
            f"{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}")


def format_report(evaluation: Evaluation, gold_dir: Path, *, verbose: bool = False) -> list[str]:
    summary = evaluation.summary
    lines = [f"hetong evaluate: {summary.documents} documents from {gold_dir}"
             f" ({summary.failed} failed)", ""]

    width = max([len("document"), *(_width(d.score.source) for d in evaluation.documents)]) + 2
    lines.append("F1 per document")
    lines.append(f"{'document':<{width}}{'status':<9}"
                 + "".join(f"{g:>10}" for g in (*GROUPS, "overall")))
    for d in evaluation.documents:
        counts = [*(d.score.groups[g] for g in GROUPS), d.score.overall]
        # "-": nothing in gold and nothing predicted for that group
        lines.append(_pad(d.score.source, width) + f"{d.status:<9}"
                     + "".join(f"{'-':>10}" if c.empty else f"{c.f1:>10.3f}" for c in counts))
        if d.error:
            lines.append(f"  ! {d.error}")

    if verbose:
        lines += ["", "Misses and false positives"]
        for d in evaluation.documents:
            lines.append(f"== {d.score.source} ({d.status}; {len(d.score.discrepancies)} discrepancies)")
            for x in d.score.discrepancies:
                values = []
                if x.kind != "spurious":
                    values.append(f"gold={_show(x.gold)}")
                if x.kind != "missed":
                    values.append(f"pred={_show(x.pred)}")
                lines.append(f"  {x.group:<10}{x.kind:<9}{_pad(x.path, 32)} {'  '.join(values)}")

    lines += ["", *format_summary(summary)]
    return lines


def _width(text: str) -> int:
    """Terminal columns of `text`: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
