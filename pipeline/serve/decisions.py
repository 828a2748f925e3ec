"""Reviewer decisions: what can be decided on (v_review_targets), what was
decided (v_review_decisions), and recording a new decision in `reviews`
(migration 009).

A decision names its target by the document's content hash, the field and
the evidence key that v_review_targets computes (target + extracted value +
evidence spans), never by row numbers, so it survives `hetong ingest --force`
and stops applying when the evidence it was made on is gone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import duckdb

from hetong.extractors.parsers.dates import parse_date
from hetong.extractors.parsers.money import parse_money
from hetong.pipeline.serve.db import rows

__all__ = ["DecisionError", "Decision", "decisions_for", "normalise_value", "record", "targets_for"]

DECISIONS = ("confirm", "dismiss", "correct")
MAX_TEXT = 500

_MONEY_TARGETS = {"contract.total_amount", "payments"}
_DATE_TARGETS = {"contract.signed_on", "contract.service_start", "contract.service_end"}
_FRACTION_TARGETS = {"contract.tax_rate", "penalties"}
_HOURS_TARGETS = {"sla"}


class DecisionError(ValueError):
    """A decision that cannot be recorded; `zh` and `en` say why, as a reviewer reads it."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh = zh
        self.en = en

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Decision:
    review_id: int
    target: str
    evidence_key: str
    decision: str
    extracted_value: str | None
    corrected_value: str | None
    reviewed_value: str | None
    note: str | None
    reviewer: str
    decided_at: dt.datetime
    applies: bool
    evidence_text: str | None


def targets_for(conn: duckdb.DuckDBPyConnection, sha256: str) -> list[dict[str, Any]]:
    return rows(
        conn,
        "SELECT target, kind, seq, extracted_value, evidence_key, evidence_text, ev_start, ev_end, page, severity, "
        "message FROM v_review_targets WHERE sha256 = ? ORDER BY kind, target, seq",
        [sha256],
    )


def decisions_for(
    conn: duckdb.DuckDBPyConnection, sha256: str, targets: list[dict[str, Any]] | None = None
) -> list[Decision]:
    """The decision that counts on each reviewed target of the document
    (the latest on the same target and evidence), oldest first, each saying
    whether it still applies — what v_review_decisions says for it, read
    from `reviews` and the document's targets alone, so it costs a few
    milliseconds whatever the size of the database."""
    if targets is None:
        targets = targets_for(conn, sha256)
    live = {(t["target"], t["evidence_key"]) for t in targets}
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows(
        conn,
        "SELECT review_id, target, evidence_key, decision, extracted_value, corrected_value, note, reviewer, decided_at, "
        "evidence_text FROM reviews WHERE sha256 = ? ORDER BY decided_at, review_id",
        [sha256],
    ):
        latest[(r["target"], r["evidence_key"])] = r
    out = []
    for key, r in latest.items():
        reviewed = {"correct": r["corrected_value"], "confirm": r["extracted_value"]}.get(r["decision"])
        out.append(Decision(**r, reviewed_value=reviewed, applies=key in live))
    return sorted(out, key=lambda d: (d.decided_at, d.review_id))


def normalise_value(target: str, value: str) -> str:
    """The corrected value as stored: an amount as a plain decimal, a date as
    YYYY-MM-DD, a rate as a fraction, a time limit in hours, text stripped."""
    text = " ".join(value.split())
    if not text:
        raise DecisionError("请填写正确的值。", "Give the right value.")
    if len(text) > MAX_TEXT:
        raise DecisionError(f"更正的值太长（不超过 {MAX_TEXT} 个字）。", f"The value is too long (at most {MAX_TEXT} characters).")
    if target in _MONEY_TARGETS:
        amount = parse_money(text)
        if amount is None:
            raise DecisionError(
                f"“{text}”不是一个金额。请写成 1202000 或 1,202,000.00 元 或 壹佰贰拾万零贰仟元整。",
                f"“{text}” is not an amount. Write it as 1202000, 1,202,000.00 or 壹佰贰拾万零贰仟元整.",
            )
        return format(amount.quantize(Decimal("0.01")), "f")
    if target in _DATE_TARGETS:
        day = parse_date(text)
        if day is None:
            raise DecisionError(
                f"“{text}”不是一个日期。请写成 2022-10-23 或 2022年10月23日。",
                f"“{text}” is not a date. Write it as 2022-10-23 or 2022年10月23日.",
            )
        return day.isoformat()
    if target in _FRACTION_TARGETS:
        return format(_fraction(text), "f")
    if target in _HOURS_TARGETS:
        return format(_number(text.removesuffix("小时").removesuffix("h").strip(), text), "f")
    return text


def _number(text: str, shown: str) -> Decimal:
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise DecisionError(f"“{shown}”不是一个数。", f"“{shown}” is not a number.")
    return number


def _fraction(text: str) -> Decimal:
    if text.endswith(("%", "％")):
        return (_number(text[:-1].strip(), text) / 100).normalize()
    return _number(text, text).normalize()


def record(
    conn: duckdb.DuckDBPyConnection,
    *,
    sha256: str,
    target: str,
    evidence_key: str,
    decision: str,
    reviewer: str,
    corrected_value: str | None = None,
    note: str | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Store one decision on the target of `sha256` that has `evidence_key`
    now; returns its review_id. Raises DecisionError when the decision does
    not fit (an unknown decision, a correction without a value, a target
    that changed since the page was shown)."""
    if decision not in DECISIONS:
        raise DecisionError(f"未知的决定：{decision}。", f"Unknown decision: {decision}.")
    reviewer = " ".join((reviewer or "").split())[:100]
    if not reviewer:
        raise DecisionError("请先填写审阅人姓名。", "Set the reviewer's name first.")
    found = rows(
        conn,
        "SELECT kind, extracted_value, evidence_text, ev_start, ev_end FROM v_review_targets "
        "WHERE sha256 = ? AND target = ? AND evidence_key = ? LIMIT 1",
        [sha256, target, evidence_key],
    )
    if not found:
        raise DecisionError(
            "这一项已经变了（合同可能刚被重新导入）。请刷新页面后再决定。",
            "This item has changed (the contract may have been re-imported). Reload the page and decide again.",
        )
    item = found[0]
    if decision == "correct":
        if item["kind"] == "flag":
            raise DecisionError("标记只能确认或忽略，不能更正。", "A flag can be confirmed or dismissed, not corrected.")
        corrected = normalise_value(target, corrected_value or "")
    else:
        corrected = None
    note = " ".join((note or "").split())[:2000] or None
    conn.execute(
        "INSERT INTO reviews (sha256, target, evidence_key, evidence_text, ev_start, ev_end, extracted_value, "
        "decision, corrected_value, note, reviewer, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            sha256,
            target,
            evidence_key,
            item["evidence_text"],
            item["ev_start"],
            item["ev_end"],
            item["extracted_value"],
            decision,
            corrected,
            note,
            reviewer,
            now or dt.datetime.now(dt.UTC).replace(tzinfo=None),
        ],
    )
    return int(conn.execute("SELECT currval('reviews_review_id_seq')").fetchall()[0][0])
