"""Sentences, phrases, clauses and table cells around an offset of `doc.text`.

Shared by the payments, penalties and sla finders, which all read a value
(an amount, a rate, a time limit) in the context of its sentence: a sentence
ends at 。 ; ! ? or a line break (the normaliser has joined lines broken
mid-sentence, and table rows are lines); a phrase also ends at a comma or a
table cell boundary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hetong.models import Cell, Document, Table

_ENDS = "。;!?\n"  # the characters that end a sentence
SENTENCE_END = re.compile(f"[{_ENDS}]")
# What split(text, SENTENCE_END) keeps, found in one scan: a run without
# sentence ends, trimmed of white space (re's \s and str.strip agree on it).
# Every document is cut into sentences by several finders: this is their hot path.
_SENTENCE = re.compile(rf"[^{_ENDS}\s](?:[^{_ENDS}]*[^{_ENDS}\s])?")
# a comma between digits groups thousands (159,000.00): it ends nothing
PHRASE_END = re.compile(r"[。;!?\n\t|]|(?<![0-9]),|,(?![0-9])")


@dataclass(frozen=True)
class Span:
    start: int  # offsets into doc.text
    end: int
    text: str


def split(text: str, pattern: re.Pattern[str], start: int = 0, end: int | None = None) -> list[Span]:
    """The non-blank pieces of text[start:end] between matches of `pattern`,
    white space trimmed, with their offsets."""
    end = len(text) if end is None else end
    # piece boundaries first, then one loop over them (no call per piece)
    cuts = [start]
    for m in pattern.finditer(text, start, end):
        cuts += m.span()
    cuts.append(end)
    spans: list[Span] = []
    for i in range(0, len(cuts), 2):
        a, b = cuts[i], cuts[i + 1]
        if a == b:
            continue  # two separators in a row
        piece = text[a:b]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.append(Span(a + lead, a + lead + len(stripped), stripped))
    return spans


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """split(text, SENTENCE_END, start, end), in one regex scan."""
    if start == 0 and end is None:
        return list(_all_sentences(text))  # a copy: callers may change their list
    end = len(text) if end is None else end
    return [Span(m.start(), m.end(), m.group()) for m in _SENTENCE.finditer(text, start, end)]


# payments and penalties both read every sentence of the same document, one
# after the other; the document being processed is all the cache holds.
@lru_cache(maxsize=2)
def _all_sentences(text: str) -> tuple[Span, ...]:
    return tuple(Span(m.start(), m.end(), m.group()) for m in _SENTENCE.finditer(text))


def phrases(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    return split(text, PHRASE_END, start, end)


def sentence_at(text: str, pos: int) -> Span:
    """The sentence containing offset `pos`."""
    # just after the last sentence end before `pos` (0 when there is none)
    start = max(text.rfind(c, 0, pos) for c in _ENDS) + 1
    m = SENTENCE_END.search(text, pos)
    end = m.start() if m else len(text)
    found = sentences(text, start, end)
    return found[0] if found else Span(pos, pos, "")


def line_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Every line of text[start:end] (blank ones too, as empty spans)."""
    end = len(text) if end is None else end
    out: list[Span] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append(Span(pos, stop, text[pos:stop]))
        if nl < 0:
            break
        pos = nl + 1
    return out


def clause_number(doc: Document, offset: int) -> str | None:
    clause = doc.clause_at(offset)
    return clause.number if clause else None


def clause_bounds(doc: Document, offset: int) -> tuple[int, int]:
    """[start, end) of the innermost clause at `offset`, else the whole text."""
    clause = doc.clause_at(offset)
    return (clause.start, clause.end) if clause else (0, len(doc.text))


def clause_headings(doc: Document, offset: int) -> list[str]:
    """Headings of the clauses containing `offset`, innermost first."""
    by_id = {c.id: c for c in doc.clauses}
    clause = doc.clause_at(offset)
    out: list[str] = []
    while clause is not None:
        out.append(clause.heading)
        clause = by_id.get(clause.parent) if clause.parent is not None else None
    return out


@dataclass(frozen=True)
class CellRef:
    table: Table
    row: int
    col: int

    @property
    def cell(self) -> Cell:
        return self.table.rows[self.row][self.col]


def cell_at(doc: Document, offset: int) -> CellRef | None:
    """The table cell whose text contains `offset`, if any."""
    for table in doc.tables:
        if not table.start <= offset <= table.end:
            continue
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                if cell.start <= offset < cell.end:
                    return CellRef(table, r, c)
    return None

