"""Values read from OCR text the recogniser was unsure of, flagged for review.

An OCR'd page keeps each line's lowest recognition score (`Line.confidence`,
pipeline/read/ocr.py). A value whose evidence overlaps a line scored below `LOW`
rests on characters that may be misread (a 6 read as 8 in an amount, 申 for
甲 in a role): the value is kept, and one `ocr_low_confidence` flag per
document names each such value, its score and page, with the value's
evidence as the flag's spans (rule `flags.ocr_low_confidence.<field>`), so
that the review shows where to look. Text-layer, Word and plain-text
documents have no OCR lines and are never flagged.

`LOW` is 0.8: RapidOCR drops boxes scored under 0.5; on the real scans
(data/real) 2.6 % of OCR lines score under 0.8 — stamps, handwriting,
smudged digits — against 0.998 for a clean printed line.
"""

from __future__ import annotations

from collections.abc import Iterator

from hetong.models import Document, Evidence, Flag

LOW = 0.8
KIND = "ocr_low_confidence"


def line_confidence(doc: Document, ev: Evidence) -> float | None:
    """The lowest score of the OCR lines that the raw span of `ev` overlaps
    (None: the span touches no OCR line)."""
    lowest: float | None = None
    for page in doc.pages:
        if page.source != "ocr" or page.end < ev.start or page.start > ev.end:
            continue
        for line in page.lines:
            if line.confidence is not None and line.start < max(ev.end, ev.start + 1) and ev.start < line.end:
                lowest = line.confidence if lowest is None else min(lowest, line.confidence)
    return lowest


def _values(doc: Document) -> Iterator[tuple[str, Evidence]]:
    """(field, evidence) of every extracted value, named as in the export."""
    for field, ev in doc.contract.evidence.items():
        yield f"contract.{field}", ev
    for party in doc.parties:
        for field, ev in party.evidence.items():
            yield f"parties[{party.role}].{field}", ev
    for group, items in (("payments", doc.payments), ("penalties", doc.penalties), ("sla", doc.sla)):
        for i, item in enumerate(items):
            if item.evidence is not None:
                yield f"{group}[{i}]", item.evidence


def check(doc: Document, mentions: object = None) -> list[Flag]:
    """One `ocr_low_confidence` flag naming every value read from an OCR
    line scored below LOW, or none."""
    if not any(p.source == "ocr" for p in doc.pages):
        return []
    found: list[tuple[str, Evidence, float]] = []
    for field, ev in _values(doc):
        score = line_confidence(doc, ev)
        if score is not None and score < LOW:
            found.append((field, ev, score))
    if not found:
        return []
    named = "; ".join(f"{field} {ev.text!r} ({score:.2f}, page {ev.page})" for field, ev, score in found)
    evidence: list[str] = []
    for _, ev, _ in found:
        if ev.text and ev.text not in evidence:
            evidence.append(ev.text)
    return [Flag(
        kind=KIND, severity="warning",
        message=f"read from OCR text recognised with confidence under {LOW}: check against the scan: {named}",
        evidence=evidence,
        spans=[ev.model_copy(update={"rule": f"flags.{KIND}.{field}"}) for field, ev, _ in found],
    )]
