"""The one object that flows through the stages (load → normalise → segment →
extract → check). Each stage takes a Document and returns it enriched; a stage
that fails records an error and lowers `status` instead of raising.
"""

from __future__ import annotations

import bisect

from pydantic import BaseModel, Field

from hetong.models.records import (
    Contract,
    ContractRecord,
    Evidence,
    Flag,
    Party,
    Payment,
    Penalty,
    SlaItem,
    Status,
    Unread,
)


class Line(BaseModel):
    """Where a line of a PDF page's text sits: its raw_text span and box."""

    start: int  # offsets into raw_text
    end: int
    x0: float  # PDF points from the page's left edge
    top: float  # PDF points from the page's top edge
    x1: float
    bottom: float
    confidence: float | None = None  # OCR: the lowest recognition score of the line's boxes, 0–1


class Page(BaseModel):
    number: int  # 1-based
    start: int  # offsets into raw_text
    end: int
    width: float | None = None  # PDF points; None for formats without pages
    height: float | None = None
    lines: list[Line] = Field(default_factory=list)  # PDF: every line's box, in raw_text order
    source: str | None = None  # where the text came from: "text_layer" | "ocr" (None: not a PDF)
    confidence: float | None = None  # OCR: mean recognition confidence of the page's lines, 0–1


class Cell(BaseModel):
    text: str
    start: int  # offsets into Document.text (normalised)
    end: int


class Table(BaseModel):
    kind: str  # markdown | tab | pipe
    start: int  # offsets into Document.text
    end: int
    rows: list[list[Cell]]


class Clause(BaseModel):
    id: int
    parent: int | None
    number: str  # as written: 第三条, 一、, （二）, 1.1, (3), 附件1
    style: str  # numbering style, e.g. chapter, article, cn, cn_paren, dec1, dec2, paren, annex
    ordinal: int | None  # numeric value of the last component (第三条 → 3), None when unparseable
    heading: str  # rest of the heading line
    level: int  # 1 = top
    start: int  # offsets into Document.text: the heading line …
    end: int  # … to the start of the next clause at the same or a higher level


class Document(BaseModel):
    source: str  # file name, as exported in "source"
    path: str | None = None
    sha256: str
    media_type: str  # text/plain | text/markdown | application/pdf | …
    encoding: str | None = None
    raw_text: str = ""
    pages: list[Page] = Field(default_factory=list)

    # normalise
    text: str = ""
    offsets: list[int] = Field(default_factory=list)  # len(text)+1: text index → raw index
    # Traditional/mixed script: `text` is a same-length simplified shadow that
    # the rules match on, `written` the normalised text as written ("" = same)
    written: str = ""
    tables: list[Table] = Field(default_factory=list)

    # segment
    clauses: list[Clause] = Field(default_factory=list)

    # extract / check
    contract: Contract = Field(default_factory=Contract)
    parties: list[Party] = Field(default_factory=list)
    payments: list[Payment] = Field(default_factory=list)
    penalties: list[Penalty] = Field(default_factory=list)
    sla: list[SlaItem] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    unread: list[Unread] = Field(default_factory=list)

    status: Status = "ok"
    errors: list[str] = Field(default_factory=list)
    versions: dict[str, str] = Field(default_factory=dict)

    # -- provenance ---------------------------------------------------------
    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to raw_text offsets."""
        if not self.offsets:
            return start, end
        n = len(self.text)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        raw_start = self.offsets[start]
        raw_end = self.offsets[end - 1] + 1 if end > start else raw_start
        return raw_start, max(raw_start, raw_end)

    def page_at(self, raw_offset: int) -> int | None:
        if not self.pages:
            return None
        starts = [p.start for p in self.pages]
        i = bisect.bisect_right(starts, raw_offset) - 1
        return self.pages[max(i, 0)].number

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        """Evidence for the normalised span [start, end) found by `rule`."""
        raw_start, raw_end = self.raw_span(start, end)
        return Evidence(
            start=raw_start,
            end=raw_end,
            text=(self.written or self.text)[start:end],
            rule=rule,
            page=self.page_at(raw_start),
        )

    def note_unread(self, field: str, start: int, end: int, reason: str) -> None:
        """Record that the normalised span [start, end) was located for
        `field` but not read whole (once per span and field)."""
        raw_start, raw_end = self.raw_span(start, end)
        if any(u.field == field and u.start == raw_start and u.end == raw_end for u in self.unread):
            return
        self.unread.append(Unread(field=field, text=(self.written or self.text)[start:end], start=raw_start,
                                  end=raw_end, page=self.page_at(raw_start), reason=reason))

    def clause_at(self, offset: int) -> Clause | None:
        """The innermost clause containing normalised offset `offset`."""
        best: Clause | None = None
        for clause in self.clauses:
            if clause.start <= offset < clause.end and (best is None or clause.level >= best.level):
                best = clause
        return best

    def fail(self, stage: str, error: str, status: Status = "partial") -> None:
        """Record a stage failure; `failed` is never downgraded to `partial`."""
        self.errors.append(f"{stage}: {error}")
        order = {"ok": 0, "partial": 1, "not_a_contract": 2, "failed": 3}
        if order[status] > order[self.status]:
            self.status = status

    def to_record(self) -> ContractRecord:
        return ContractRecord(
            source=self.source,
            sha256=self.sha256,
            media_type=self.media_type,
            encoding=self.encoding,
            pages=len(self.pages) or None,
            status=self.status,
            error="; ".join(self.errors) or None,
            contract=self.contract,
            parties=self.parties,
            payments=self.payments,
            penalties=self.penalties,
            sla=self.sla,
            flags=self.flags,
            unread=self.unread,
            versions=self.versions,
        )
