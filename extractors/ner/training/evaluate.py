"""Measuring NER: entity-level P/R/F1 (held-out set), its cost per contract
(whole text vs windows, and the whole pipeline with NER off and on) and
`hetong ablation` (the evaluator with NER off and on, and which party values
NER supplied: evidence rule `parties.<field>.ner`).

An entity counts as found only when label, start and end all match. Scores
cover the trained labels (ORG, PER, LOC); PHONE/EMAIL from the ruler are not
annotated in the held-out set and are ignored.
"""

from __future__ import annotations

import statistics
import sys
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hetong.extractors.ner import model as ner
from hetong.extractors.ner.training.corpus import HELDOUT, read_jsonl
from hetong.extractors.ner.training.generate import Fragment, Span

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "p": round(self.precision, 4),
                "r": round(self.recall, 4), "f1": round(self.f1, 4)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PRF:
        return cls(d["tp"], d["fp"], d["fn"])


def score_spans(
    gold: Iterable[Iterable[Span]],
    pred: Iterable[Iterable[Span]],
    labels: Iterable[str] = ner.LABELS,
) -> dict[str, PRF]:
    """Entity-level P/R/F1 per label and micro-averaged over them ("ALL").
    `gold` and `pred` are parallel: one collection of (start, end, label) per text."""
    wanted = tuple(labels)
    out = {label: PRF() for label in (*wanted, "ALL")}
    for g, p in zip(gold, pred, strict=True):
        gs = {x for x in g if x[2] in wanted}
        ps = {x for x in p if x[2] in wanted}
        for _, _, label in gs & ps:
            out[label].tp += 1
        for _, _, label in ps - gs:
            out[label].fp += 1
        for _, _, label in gs - ps:
            out[label].fn += 1
    for label in wanted:
        out["ALL"].tp += out[label].tp
        out["ALL"].fp += out[label].fp
        out["ALL"].fn += out[label].fn
    return out


def predict(nlp: Language, texts: list[str]) -> list[list[Span]]:
    """Entities of each text: white space trimmed, as `find_entities` does."""
    return [[(s, e, label) for label, s, e, _ in ner.doc_entities(doc)] for doc in nlp.pipe(texts)]


def evaluate_fragments(nlp: Language, fragments: list[Fragment]) -> dict[str, PRF]:
    return score_spans([f.entities for f in fragments], predict(nlp, [f.text for f in fragments]))


def heldout_scores(path: Path = HELDOUT, nlp: Language | None = None) -> dict[str, PRF]:
    """P/R/F1 of `nlp` (default: the shipped model) on the held-out set."""
    return evaluate_fragments(nlp or ner.load_model(), read_jsonl(path))


def format_scores(scores: dict[str, PRF]) -> list[str]:
    lines = [f"{'label':<7}{'TP':>6}{'FP':>6}{'FN':>6}{'P':>8}{'R':>8}{'F1':>8}"]
    for label, s in scores.items():
        lines.append(f"{label:<7}{s.tp:>6}{s.fp:>6}{s.fn:>6}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}")
    return lines


# -- cost ---------------------------------------------------------------------------

def _documents(gold_dir: Path) -> list[Any]:
    from hetong.pipeline.text import normalise, segment
    from hetong.pipeline.read.ingest import load_bytes

    docs = []
    for path in sorted(Path(gold_dir).glob("*.txt")):
        docs.append(segment.run(normalise.run(load_bytes(path.read_bytes(), path.name, str(path)))))
    return docs


def timing(docs: list[Any], repeat: int = 3) -> dict[str, float]:
    """Median CPU ms per contract of `find_entities` (this process's CPU time,
    so other load on the machine does not count), whole text vs windows, with
    a cold entity cache (the model itself is loaded before timing)."""
    ner.load_model()
    out: dict[str, float] = {}
    for name, spans_of in (("whole", lambda d: [(0, len(d.text))]), ("windowed", lambda d: None)):
        runs = []
        for _ in range(repeat):
            ner.clear_cache()
            t0 = time.process_time()
            for doc in docs:
                ner.find_entities(doc, spans=spans_of(doc))
            runs.append((time.process_time() - t0) * 1000 / len(docs))
        out[name] = statistics.median(runs)
    out["chars_whole"] = statistics.mean(len(d.text) for d in docs)
    out["chars_windowed"] = statistics.mean(sum(e - s for s, e in ner.windows(d)) for d in docs)
    return out


def pipeline_cost(paths: list[Path], repeat: int = 5) -> dict[str, float]:
    """CPU ms per contract of the whole pipeline (`process_path`) over
    `paths`, NER off and on: the median and the best of `repeat` passes (the
    best is what one core free of other load gives), each pass with a cold
    entity cache (the model is loaded before timing, as a long-running worker
    has it), and on how many contracts NER ran."""
    from hetong.pipeline.orchestrate import process_path

    saved = ner.ENABLED
    out: dict[str, float] = {}
    try:
        for name, on in (("rules", False), ("rules+NER", True)):
            ner.ENABLED = on
            if on:
                ner.load_model()
            for path in paths:  # warm: imports, reference data
                process_path(path)
            runs = []
            for _ in range(repeat):
                ner.clear_cache()
                t0 = time.process_time()
                for path in paths:
                    process_path(path)
                runs.append((time.process_time() - t0) * 1000 / len(paths))
            out[name] = statistics.median(runs)
            out[f"{name} best"] = min(runs)
        out["ner_ran"] = sum(1 for path in paths if "ner" in process_path(path).versions)
    finally:
        ner.ENABLED = saved
    return out


def ner_values(results: list[tuple[dict[str, Any], dict[str, Any] | None]]) -> dict[str, tuple[int, int]]:
    """Per party field, how many values NER supplied (evidence rule
    `parties.<field>.ner`) and how many of them equal the gold value, over
    (gold, export) pairs."""
    out: dict[str, tuple[int, int]] = {}
    for gold, pred in results:
        if not pred:
            continue
        by_role = {p["role"]: p for p in gold.get("parties", [])}
        for party in pred.get("parties") or []:
            for field, ev in (party.get("evidence") or {}).items():
                if not str(ev.get("rule", "")).endswith(".ner"):
                    continue
                expected = by_role.get(party["role"], {}).get(field)
                options = expected if isinstance(expected, list) else [expected]
                right = any(o is not None and _norm(o) == _norm(str(party.get(field) or "")) for o in options)
                n, k = out.get(field, (0, 0))
                out[field] = (n + 1, k + right)
    return out


# -- coverage of the gold parties ---------------------------------------------------

_FIELDS = {"name": "ORG", "legal_rep": "PER", "contact": "PER", "address": "LOC", "bank": "ORG"}


def _norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def coverage(gold_dir: Path, docs: list[Any]) -> dict[str, tuple[int, int]]:
    """How many gold party values (per field) the windowed NER finds with the
    right label somewhere in the contract: the ceiling of what the parties
    extractor can take from NER. The gold texts' labelled lines are silver
    training data, so this is optimistic for labelled fields."""
    from hetong.pipeline.quality.evaluate import gold_files, load_gold

    by_source = {d.source: d for d in docs}
    out = {f: (0, 0) for f in _FIELDS}
    for gold_path in gold_files(gold_dir):
        gold = load_gold(gold_path)
        doc = by_source.get(gold["source"])
        if doc is None:
            continue
        ents = ner.find_entities(doc)
        found = {(e.label, _norm(e.text)) for e in ents}
        for party in gold.get("parties", []):
            for field, label in _FIELDS.items():
                value = party.get(field)
                if not value:
                    continue
                hit, total = out[field]
                out[field] = (hit + ((label, _norm(value)) in found), total + 1)
    return out


# -- hetong ablation ------------------------------------------------------------------

def ablation_command(gold_dir: Path, texts_dir: Path | None = None) -> int:
    from hetong.pipeline.quality.evaluate import GoldError, evaluate_records
    from hetong.pipeline.quality.scoring import GROUPS

    from hetong.pipeline.quality.evaluate import extract_path, gold_files, load_gold

    runs = {}
    exports: dict[Path, dict[str, Any]] = {}

    def keep(path: Path) -> dict[str, Any]:
        exports[Path(path)] = pred = extract_path(path)
        return pred

    saved = ner.ENABLED
    try:
        for name, on in (("rules", False), ("rules+NER", True)):
            ner.ENABLED = on
            runs[name] = evaluate_records(gold_dir, texts_dir, extract=keep if on else None)
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        ner.ENABLED = saved

    rules, both = runs["rules"].summary, runs["rules+NER"].summary
    print(f"hetong ablation: {rules.documents} documents from {gold_dir}; "
          f"NER model {ner.model_version()}")
    print(f"{'group':<10}{'F1 rules':>10}{'F1 +NER':>10}{'delta':>8}")
    for group in (*GROUPS, "overall"):
        a = rules.overall if group == "overall" else rules.groups[group]
        b = both.overall if group == "overall" else both.groups[group]
        print(f"{group:<10}{a.f1:>10.3f}{b.f1:>10.3f}{b.f1 - a.f1:>+8.3f}")

    golds = [load_gold(p) for p in gold_files(gold_dir)]
    texts = [(Path(texts_dir) if texts_dir else p.parent) / g["source"] for p, g in zip(gold_files(gold_dir), golds)]
    supplied = ner_values([(g, exports.get(t)) for g, t in zip(golds, texts)])
    if supplied:
        print("\nParty values NER supplied (rule parties.<field>.ner), equal to gold:")
        for field, (n, right) in sorted(supplied.items()):
            print(f"  {field:<10}{right:>4}/{n:<4}")

    paths = [t for t in texts if t.is_file()]
    if paths:
        cost = pipeline_cost(paths)
        print(f"\nPipeline CPU time per contract (process_path, median / best of 5 passes): "
              f"rules {cost['rules']:.1f} / {cost['rules best']:.1f} ms, "
              f"rules+NER {cost['rules+NER']:.1f} / {cost['rules+NER best']:.1f} ms "
              f"(NER ran on {cost['ner_ran']:.0f} of {len(paths)} contracts)")

    docs = _documents(texts_dir or gold_dir)
    if docs:
        ms = timing(docs)
        print(f"\nNER CPU time per contract (mean {ms['chars_whole']:.0f} chars): "
              f"whole text {ms['whole']:.1f} ms, windowed {ms['windowed']:.1f} ms "
              f"({ms['chars_windowed']:.0f} chars in windows)")
        print("\nGold party values found by windowed NER (label and text exact):")
        for field, (hit, total) in coverage(gold_dir, docs).items():
            print(f"  {field:<10}{hit:>4}/{total:<4}")
    return 0
