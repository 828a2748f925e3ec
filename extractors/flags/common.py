"""What every check shares: the kinds and their severity, and the flag built from evidence items."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from decimal import Decimal

from hetong.models import Document, Evidence, Flag
from hetong.models.records import Severity

SEVERITY: dict[str, Severity] = {
    "district_mismatch": "warning",
    "party_name_mismatch": "warning",
    "person_name_mismatch": "warning",
    "party_detail_mismatch": "warning",
    "amount_words_mismatch": "error",
    "payment_sum_mismatch": "error",
    "payment_ratio_mismatch": "error",
    "tax_mismatch": "error",
    "period_mismatch": "warning",
    "missing_signing_date": "info",
    "numbering_gap": "info",
    "ocr_low_confidence": "warning",
}
KINDS: tuple[str, ...] = tuple(SEVERITY)

_CENT = Decimal("0.01")
Item = tuple[str, int, int]  # (evidence string, start, end) with offsets into doc.text


def _flag(doc: Document, kind: str, rule: str, message: str, items: Iterable[Item]) -> Flag:
    """A flag whose evidence strings are the distinct texts of `items` (in
    order) and whose spans are all of them."""
    evidence: list[str] = []
    spans: list[Evidence] = []
    seen: set[tuple[int, int]] = set()
    for text, start, end in items:
        if text and text not in evidence:
            evidence.append(text)
        if end > start and (start, end) not in seen:
            seen.add((start, end))
            spans.append(doc.evidence(start, end, f"flags.{kind}.{rule}"))
    return Flag(kind=kind, severity=SEVERITY[kind], message=message, evidence=evidence, spans=spans)


def _text_span(doc: Document, ev: Evidence) -> tuple[int, int]:
    """The doc.text span of evidence recorded with raw offsets."""
    if not doc.offsets:
        return ev.start, ev.end
    start = bisect.bisect_left(doc.offsets, ev.start, 0, len(doc.text))
    return start, min(len(doc.text), start + len(ev.text))


def _locate(doc: Document, start: int, end: int, token: str) -> tuple[int, int]:
    """The span of `token` (white space removed) inside doc.text[start:end],
    which may hold spaces (`PIC-B1` in `园区 PIC-B1 号`); the whole span when
    it is not there."""
    index = [i for i in range(start, end) if not doc.text[i].isspace()]
    squeezed = "".join(doc.text[i] for i in index)
    k = squeezed.find(token)
    if k < 0 or not token:
        return start, end
    return index[k], index[k + len(token) - 1] + 1
