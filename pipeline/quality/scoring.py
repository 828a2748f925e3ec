"""Score one contract's extraction against its gold file (data/gold/FORMAT.md).

Pure functions, no I/O: `score_document(gold, pred)` compares two JSON-like
dicts (a gold file and a `to_json_dict` export) and returns a `DocumentScore`
with TP/FP/FN per field group plus every discrepancy; `aggregate(scores)`
micro-averages any number of them. `validate_gold(gold)` lists what is wrong
with a gold file, so that a typo in gold is reported instead of scored.

Groups and what one count is:

- `contract`: one per scalar field of FORMAT.md's `contract` block, plus one
  per `coverage` item.
- `parties`: one per non-role field of each party.
- `payments`, `penalties`, `sla`, `flags`: one per item.
- `overall`: the sum of the six groups' TP, FP and FN.

Rules from FORMAT.md, implemented as written:

- Text is compared after NFKC normalisation with all white space removed. A
  gold value that is a JSON list where FORMAT.md has a scalar is a set of
  acceptable answers.
- Amounts and rates (`total_amount`, `tax_rate`, payment `amount`/`ratio`,
  penalty `rate`) are exact decimals: "60000" == "60000.00". SLA `hours` are
  numbers: 2 == 2.0 == "2". Dates are ISO strings, compared as text.
- `null` gold + non-null prediction = FP; non-null gold + null or missing
  prediction = FN; both null = nothing.
- Parties are matched by `role`. Payments match when the amounts are equal or,
  where the gold amount is null, the ratios; penalties on (payer, rate, unit);
  SLA items on (kind, hours); all one-to-one, so duplicates are a multiset.
  Payment ratio/trigger, penalty base/trigger and SLA severity are not scored.
- A flag matches a gold flag of the same kind sharing at least one evidence
  string (normalised; containment either way counts); a gold flag with empty
  evidence matches any flag of its kind. Optional gold flags are neither found
  nor missed, and a prediction matching one is not an FP.
- A failed extraction (`pred` None or `status` "failed") is scored as an empty
  prediction: every gold value is an FN.

Decisions where FORMAT.md is silent:

- A non-null prediction that differs from a non-null gold value counts once as
  FN (the gold value was not found) and once as FP (a wrong value was
  asserted): standard slot-filling scoring. It is reported as one discrepancy
  of kind "wrong".
- An empty (after normalisation) string counts as null, in gold and
  prediction alike; an empty list of acceptable answers counts as null too.
  A list predicted for a scalar (e.g. a gold file used as its own prediction)
  counts as its first non-null item, so listing every candidate earns nothing.
  A list of acceptable answers that contains null also accepts "not stated":
  a null prediction then counts nothing, a matching one is a TP, a wrong one
  an FP (but no FN).
- `contract.coverage` is a set: each gold item found is a TP, each predicted
  item not in gold an FP, each gold item not predicted an FN; duplicates are
  ignored. `[]` and null gold both mean "none stated".
- A matched party scores every FORMAT.md party field (a field absent from
  gold counts as null). A gold party whose role no prediction has: each
  non-null field is an FN. A predicted party whose role matches no gold party
  (or a second party with an already matched role): each non-null field is an
  FP. When a role occurs more than once, parties of that role are paired to
  maximise agreeing fields.
- A gold payment with neither amount nor ratio can never be matched (FN).
- One-to-one matching is a maximum matching (augmenting paths), not greedy,
  so the order of items never changes a score. For flags, gold flags that are
  not optional are matched first: the result finds as many non-optional flags
  as possible and, among those matchings, absorbs as many predictions into
  optional flags as possible.
- Precision, recall and F1 of 0/0 are 1.0 when the group has no TP, FP or FN
  at all (nothing to find, nothing wrongly found), else 0.0.
- Extra keys in predictions (evidence, status, clause ids, …) are ignored;
  so are gold keys FORMAT.md marks as reported-but-not-scored.

Why one module: one matching function per FORMAT.md group, all driven by the
same value normalisation and P/R/F1 bookkeeping; the group matchers are short
and read best side by side.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

GROUPS: tuple[str, ...] = ("contract", "parties", "payments", "penalties", "sla", "flags")

FieldKind = Literal["text", "decimal", "date"]

# FORMAT.md's `contract` scalars and how each is compared; coverage is a set.
CONTRACT_FIELDS: dict[str, FieldKind] = {
    "title": "text",
    "project_name": "text",
    "contract_no": "text",
    "signed_on": "date",
    "total_amount": "decimal",
    "total_amount_words": "text",
    "tax_rate": "decimal",
    "service_start": "date",
    "service_end": "date",
    "dispute_forum": "text",
    "dispute_venue": "text",
}
COVERAGE_FIELD = "coverage"
PARTY_FIELDS: tuple[str, ...] = (
    "name", "address", "legal_rep", "contact", "phone", "email",
    "postcode", "bank", "account", "tax_id",
)
# Every key a gold item may carry (scored or only reported).
_GOLD_KEYS: dict[str, set[str]] = {
    "contract": {*CONTRACT_FIELDS, COVERAGE_FIELD},
    "parties": {"role", *PARTY_FIELDS},
    "payments": {"seq", "amount", "ratio", "trigger"},
    "penalties": {"payer", "rate", "unit", "base", "trigger"},
    "sla": {"kind", "hours", "severity"},
    "flags": {"kind", "evidence", "optional"},
}

DiscrepancyKind = Literal["missed", "spurious", "wrong"]


# -- results -----------------------------------------------------------------

@dataclass
class GroupCounts:
    """True positives, false positives and false negatives of one group."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: GroupCounts) -> GroupCounts:
        return GroupCounts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def empty(self) -> bool:
        return self.tp == self.fp == self.fn == 0

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp, self.empty)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn, self.empty)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp, "fp": self.fp, "fn": self.fn,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
        }


def _ratio(num: int, den: int, empty: bool) -> float:
    if den:
        return num / den
    return 1.0 if empty else 0.0


@dataclass(frozen=True)
class Discrepancy:
    """One scoring error. `missed` = FN, `spurious` = FP, `wrong` = FN + FP
    (a value was found in the right slot but differs from gold)."""

    group: str
    path: str  # contract.title, parties[乙方].phone, payments[gold 2] (1-based)
    kind: DiscrepancyKind
    gold: Any = None
    pred: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group, "path": self.path, "kind": self.kind,
                "gold": self.gold, "pred": self.pred}


@dataclass
class DocumentScore:
    source: str
    failed: bool
    groups: dict[str, GroupCounts]
    discrepancies: list[Discrepancy] = field(default_factory=list)

    @property
    def overall(self) -> GroupCounts:
        return _sum(self.groups.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "failed": self.failed,
            "groups": {g: c.to_dict() for g, c in self.groups.items()},
            "overall": self.overall.to_dict(),
            "discrepancies": [d.to_dict() for d in self.discrepancies],
        }


@dataclass
class Summary:
    """Micro-averaged counts over documents, per group and overall."""

    documents: int
    failed: int
    groups: dict[str, GroupCounts]

    @property
    def overall(self) -> GroupCounts:
        return _sum(self.groups.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_documents": self.documents,
            "n_failed": self.failed,
            "groups": {g: c.to_dict() for g, c in self.groups.items()},
            "overall": self.overall.to_dict(),
        }


def _sum(counts: Iterable[GroupCounts]) -> GroupCounts:
    total = GroupCounts()
    for c in counts:
        total = total + c
    return total


def aggregate(scores: Iterable[DocumentScore]) -> Summary:
    """Micro-average: add up TP/FP/FN of every document, per group."""
    groups = {g: GroupCounts() for g in GROUPS}
    documents = failed = 0
    for score in scores:
        documents += 1
        failed += score.failed
        for g in GROUPS:
            groups[g] = groups[g] + score.groups[g]
    return Summary(documents=documents, failed=failed, groups=groups)


# -- normalisation -----------------------------------------------------------

_INVALID = object()  # a predicted value that cannot be parsed: equals nothing


def norm_text(value: Any) -> str | None:
    """NFKC, all white space removed; None and "" (after normalisation) → None."""
    if value is None:
        return None
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False)
    text = "".join(unicodedata.normalize("NFKC", value).split())
    return text or None


def norm_decimal(value: Any) -> Any:
    """Decimal of a decimal string or JSON number; None for null/empty;
    `_INVALID` when it is not a finite number."""
    if value is None or isinstance(value, bool):
        return None if value is None else _INVALID
    text = norm_text(value if isinstance(value, str) else str(value))
    if text is None:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return _INVALID
    return number if number.is_finite() else _INVALID


def _norm(value: Any, kind: FieldKind) -> Any:
    return norm_decimal(value) if kind == "decimal" else norm_text(value)


def _same(a: Any, b: Any) -> bool:
    return a is not _INVALID and b is not _INVALID and a is not None and a == b


# -- the scorer --------------------------------------------------------------

class _Scorer:
    def __init__(self) -> None:
        self.groups = {g: GroupCounts() for g in GROUPS}
        self.discrepancies: list[Discrepancy] = []

    def tp(self, group: str) -> None:
        self.groups[group].tp += 1

    def fn(self, group: str, path: str, gold: Any) -> None:
        self.groups[group].fn += 1
        self.discrepancies.append(Discrepancy(group, path, "missed", gold=gold))

    def fp(self, group: str, path: str, pred: Any) -> None:
        self.groups[group].fp += 1
        self.discrepancies.append(Discrepancy(group, path, "spurious", pred=pred))

    def wrong(self, group: str, path: str, gold: Any, pred: Any) -> None:
        self.groups[group].fn += 1
        self.groups[group].fp += 1
        self.discrepancies.append(Discrepancy(group, path, "wrong", gold=gold, pred=pred))

    # A scalar slot -----------------------------------------------------
    def scalar(self, group: str, path: str, gold: Any, pred: Any, kind: FieldKind) -> bool:
        """Score one slot; return True on a TP."""
        accepted = gold if isinstance(gold, list) else [gold]
        normed = [_norm(v, kind) for v in accepted]
        answers = [v for v in normed if v is not None]
        null_ok = not answers or len(answers) < len(normed)
        if isinstance(pred, list):  # a ranked list of answers: the first one counts
            pred = next((v for v in pred if _norm(v, kind) is not None), None)
        p = _norm(pred, kind)
        if p is None:
            if not null_ok:
                self.fn(group, path, gold)
            return False
        if any(_same(a, p) for a in answers):
            self.tp(group)
            return True
        if null_ok:
            self.fp(group, path, pred)
        else:
            self.wrong(group, path, gold, pred)
        return False


def score_document(gold: dict[str, Any], pred: dict[str, Any] | None) -> DocumentScore:
    """Score one prediction (a `to_json_dict` export, or None when extraction
    failed) against one gold file. See the module docstring for the rules."""
    failed = pred is None or pred.get("status") == "failed"
    p: dict[str, Any] = {} if failed or pred is None else pred
    s = _Scorer()
    _score_contract(s, _dict(gold.get("contract")), _dict(p.get("contract")))
    _score_parties(s, _items(gold.get("parties")), _items(p.get("parties")))
    _score_payments(s, _items(gold.get("payments")), _items(p.get("payments")))
    _score_matched(s, "penalties", _items(gold.get("penalties")), _items(p.get("penalties")),
                   key=_penalty_key, label=_penalty_label)
    _score_matched(s, "sla", _items(gold.get("sla")), _items(p.get("sla")),
                   key=_sla_key, label=_sla_label)
    _score_flags(s, _items(gold.get("flags")), _items(p.get("flags")))
    return DocumentScore(
        source=str(gold.get("source") or (pred or {}).get("source") or ""),
        failed=failed,
        groups=s.groups,
        discrepancies=s.discrepancies,
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _items(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


# contract ------------------------------------------------------------------

def _score_contract(s: _Scorer, gold: dict[str, Any], pred: dict[str, Any]) -> None:
    for name, kind in CONTRACT_FIELDS.items():
        s.scalar("contract", f"contract.{name}", gold.get(name), pred.get(name), kind)
    _score_set(s, "contract", f"contract.{COVERAGE_FIELD}",
               gold.get(COVERAGE_FIELD), pred.get(COVERAGE_FIELD))


def _score_set(s: _Scorer, group: str, path: str, gold: Any, pred: Any) -> None:
    def as_set(value: Any) -> dict[str, Any]:
        values = value if isinstance(value, list) else [] if value is None else [value]
        out: dict[str, Any] = {}
        for v in values:
            key = norm_text(v)
            if key is not None:
                out.setdefault(key, v)
        return out

    g, p = as_set(gold), as_set(pred)
    for key, value in g.items():
        if key in p:
            s.tp(group)
        else:
            s.fn(group, path, value)
    for key, value in p.items():
        if key not in g:
            s.fp(group, path, value)


# parties -------------------------------------------------------------------

def _score_parties(s: _Scorer, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> None:
    def agreement(g: dict[str, Any], p: dict[str, Any]) -> int:
        probe = _Scorer()
        return sum(probe.scalar("parties", "", g.get(f), p.get(f), "text") for f in PARTY_FIELDS)

    unmatched = list(range(len(pred)))
    for g in gold:
        role = norm_text(g.get("role"))
        label = g.get("role")
        candidates = [i for i in unmatched if role is not None and norm_text(pred[i].get("role")) == role]
        best = max(candidates, key=lambda i: agreement(g, pred[i]), default=None)
        if best is None:
            for f in PARTY_FIELDS:
                s.scalar("parties", f"parties[{label}].{f}", g.get(f), None, "text")
            continue
        unmatched.remove(best)
        for f in PARTY_FIELDS:
            s.scalar("parties", f"parties[{label}].{f}", g.get(f), pred[best].get(f), "text")
    for i in unmatched:
        label = pred[i].get("role")
        for f in PARTY_FIELDS:
            s.scalar("parties", f"parties[{label}].{f}", None, pred[i].get(f), "text")


# one-to-one matching ---------------------------------------------------------

def max_matching(
    n_gold: int, n_pred: int, compatible: Callable[[int, int], bool],
    order: Sequence[int] | None = None,
) -> dict[int, int]:
    """Maximum bipartite matching gold → pred by augmenting paths (Kuhn).

    Gold items are inserted in `order` (default 0..n-1); once matched, a gold
    item stays matched, so the gold items matched are the greedy-best set for
    that priority order (transversal matroid), and the matching is maximum.
    """
    edges = [[j for j in range(n_pred) if compatible(i, j)] for i in range(n_gold)]
    owner: dict[int, int] = {}  # pred → gold

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in (range(n_gold) if order is None else order):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _score_matched(
    s: _Scorer, group: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]],
    key: Callable[[dict[str, Any]], tuple[Any, ...]], label: Callable[[dict[str, Any]], Any],
) -> None:
    """Items equal on `key`, matched one-to-one: a multiset intersection."""
    gk = [key(g) for g in gold]
    pk = [key(p) for p in pred]
    match = max_matching(len(gold), len(pred),
                         lambda i, j: all(_same(a, b) or a is b is None for a, b in zip(gk[i], pk[j])))
    _report_matching(s, group, gold, pred, match, label)


def _report_matching(
    s: _Scorer, group: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]],
    match: dict[int, int], label: Callable[[dict[str, Any]], Any],
    skip_gold: Callable[[int], bool] = lambda i: False,
    skip_pred: Callable[[int], bool] = lambda j: False,
) -> None:
    for i, g in enumerate(gold):
        if skip_gold(i):
            continue
        if i in match:
            s.tp(group)
        else:
            s.fn(group, f"{group}[gold {i + 1}]", label(g))
    used = set(match.values())
    for j, p in enumerate(pred):
        if j not in used and not skip_pred(j):
            s.fp(group, f"{group}[pred {j + 1}]", label(p))


# payments --------------------------------------------------------------------

def _score_payments(s: _Scorer, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> None:
    def compatible(i: int, j: int) -> bool:
        g, p = gold[i], pred[j]
        g_amount = norm_decimal(g.get("amount"))
        if g_amount is not None:
            return _same(g_amount, norm_decimal(p.get("amount")))
        return _same(norm_decimal(g.get("ratio")), norm_decimal(p.get("ratio")))

    match = max_matching(len(gold), len(pred), compatible)
    _report_matching(s, "payments", gold, pred, match,
                     lambda x: {k: x.get(k) for k in ("seq", "amount", "ratio")})


# penalties and sla -------------------------------------------------------------

def _penalty_key(item: dict[str, Any]) -> tuple[Any, ...]:
    return (norm_text(item.get("payer")), norm_decimal(item.get("rate")), norm_text(item.get("unit")))


def _penalty_label(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item.get(k) for k in ("payer", "rate", "unit")}


def _sla_key(item: dict[str, Any]) -> tuple[Any, ...]:
    return (norm_text(item.get("kind")), norm_decimal(item.get("hours")))


def _sla_label(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item.get(k) for k in ("kind", "hours")}


# flags -------------------------------------------------------------------------

def _evidence(item: dict[str, Any]) -> list[str]:
    values = item.get("evidence")
    if not isinstance(values, list):
        values = [] if values is None else [values]
    return [t for t in (norm_text(v) for v in values) if t is not None]


def _score_flags(s: _Scorer, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> None:
    g_kind = [norm_text(g.get("kind")) for g in gold]
    p_kind = [norm_text(p.get("kind")) for p in pred]
    g_ev = [_evidence(g) for g in gold]
    p_ev = [_evidence(p) for p in pred]
    optional = [bool(g.get("optional")) for g in gold]

    def compatible(i: int, j: int) -> bool:
        if g_kind[i] is None or g_kind[i] != p_kind[j]:
            return False
        if not g_ev[i]:
            return True
        return any(a in b or b in a for a in g_ev[i] for b in p_ev[j])

    order = [i for i in range(len(gold)) if not optional[i]] + [i for i in range(len(gold)) if optional[i]]
    match = max_matching(len(gold), len(pred), compatible, order)
    absorbed = {j for i, j in match.items() if optional[i]}
    _report_matching(
        s, "flags", gold, pred, {i: j for i, j in match.items() if not optional[i]},
        lambda x: {"kind": x.get("kind"), "evidence": x.get("evidence")},
        skip_gold=lambda i: optional[i],
        skip_pred=lambda j: j in absorbed,
    )


# -- gold validation -------------------------------------------------------------

def validate_gold(gold: Any) -> list[str]:
    """Problems with a gold file's shape and values (empty list = valid)."""
    if not isinstance(gold, dict):
        return ["top level is not a JSON object"]
    problems: list[str] = []
    if not isinstance(gold.get("source"), str) or not gold["source"]:
        problems.append("source: missing or not a string")
    unknown = set(gold) - {"source", *GROUPS}
    if unknown:
        problems.append(f"unknown top-level keys: {', '.join(sorted(unknown))}")

    contract = gold.get("contract")
    if not isinstance(contract, dict):
        problems.append("contract: missing or not an object")
    else:
        problems += _unknown_keys("contract", contract, _GOLD_KEYS["contract"])
        for name, kind in CONTRACT_FIELDS.items():
            problems += _check_scalar(f"contract.{name}", contract.get(name), kind)
        coverage = contract.get(COVERAGE_FIELD)
        if coverage is not None and not (
            isinstance(coverage, list) and all(isinstance(v, str) for v in coverage)
        ):
            problems.append("contract.coverage: not a list of strings")

    for group in GROUPS[1:]:
        items = gold.get(group)
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            problems.append(f"{group}: missing or not a list of objects")
            continue
        for n, item in enumerate(items):
            where = f"{group}[{n}]"
            problems += _unknown_keys(where, item, _GOLD_KEYS[group])
            problems += _check_item(group, where, item)
    return problems


def _unknown_keys(where: str, item: dict[str, Any], allowed: set[str]) -> list[str]:
    unknown = set(item) - allowed
    return [f"{where}: unknown keys {', '.join(sorted(unknown))}"] if unknown else []


def _check_scalar(where: str, value: Any, kind: FieldKind) -> list[str]:
    values = value if isinstance(value, list) else [value]
    problems = []
    for v in values:
        if v is None:
            continue
        if kind == "decimal" and (not isinstance(v, str) or norm_decimal(v) in (None, _INVALID)):
            problems.append(f"{where}: {v!r} is not a decimal string")
        elif kind == "date" and not _is_iso_date(v):
            problems.append(f"{where}: {v!r} is not an ISO date (YYYY-MM-DD)")
        elif kind == "text" and not isinstance(v, str):
            problems.append(f"{where}: {v!r} is not a string")
    return problems


def _is_iso_date(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_item(group: str, where: str, item: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    if group == "parties":
        if norm_text(item.get("role")) is None:
            problems.append(f"{where}: role missing")
        for f in PARTY_FIELDS:
            problems += _check_scalar(f"{where}.{f}", item.get(f), "text")
    elif group == "payments":
        problems += _check_scalar(f"{where}.amount", item.get("amount"), "decimal")
        problems += _check_scalar(f"{where}.ratio", item.get("ratio"), "decimal")
        if item.get("amount") is None and item.get("ratio") is None:
            problems.append(f"{where}: neither amount nor ratio; it can never be matched")
    elif group == "penalties":
        if item.get("rate") is None:
            problems.append(f"{where}.rate: missing")
        problems += _check_scalar(f"{where}.rate", item.get("rate"), "decimal")
        if norm_text(item.get("unit")) is None:
            problems.append(f"{where}.unit: missing")
    elif group == "sla":
        hours = item.get("hours")
        if isinstance(hours, bool) or not isinstance(hours, (int, float)):
            problems.append(f"{where}.hours: {hours!r} is not a number")
        if norm_text(item.get("kind")) is None:
            problems.append(f"{where}.kind: missing")
    elif group == "flags":
        if norm_text(item.get("kind")) is None:
            problems.append(f"{where}.kind: missing")
        evidence = item.get("evidence", [])
        if not isinstance(evidence, list) or not all(isinstance(v, str) for v in evidence):
            problems.append(f"{where}.evidence: not a list of strings")
        if not isinstance(item.get("optional", False), bool):
            problems.append(f"{where}.optional: not true/false")
    return problems
