"""Find tables in normalised text and keep them as rows of cells with offsets.

Three forms occur in OCR'd contracts: markdown pipe tables (`| a | b |`),
tab-separated rows (Word tables pasted as text), and `key | value` lines.
The text itself is left in place; tables are an index over it.
"""

from __future__ import annotations

import re

from hetong.models import Cell, Table

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{0,}:?\s*)*\|?\s*$")


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _kind(line: str) -> str | None:
    stripped = line.strip()
    if stripped.startswith("|"):
        return "markdown"
    if "\t" in line.strip("\n") and line.strip():
        return "tab"
    if " | " in stripped:
        return "pipe"
    return None


def _cells(start: int, line: str, sep: str) -> list[Cell]:
    cells: list[Cell] = []
    pos = 0
    parts = line.split(sep)
    if sep == "|" and line.strip().startswith("|"):
        # leading/trailing pipes delimit, they do not open empty cells
        lead = line.index("|")
        pos = lead + 1
        parts = line[lead + 1 :].split("|")
        if parts and not parts[-1].strip():
            parts = parts[:-1]
    for part in parts:
        stripped = part.strip()
        offset = pos + (len(part) - len(part.lstrip()))
        cells.append(Cell(text=stripped, start=start + offset, end=start + offset + len(stripped)))
        pos += len(part) + len(sep)
    return cells


def find_tables(text: str) -> list[Table]:
    tables: list[Table] = []
    lines = _lines(text)
    i = 0
    while i < len(lines):
        kind = _kind(lines[i][1])
        if kind is None:
            i += 1
            continue
        rows: list[list[Cell]] = []
        start = lines[i][0]
        end = start
        j = i
        while j < len(lines):
            pos, line = lines[j]
            if not line.strip():
                # a blank line continues the table only if a row of the same kind follows
                k = j + 1
                while k < len(lines) and not lines[k][1].strip():
                    k += 1
                if k < len(lines) and _kind(lines[k][1]) == kind:
                    j = k
                    continue
                break
            if _kind(line) != kind:
                break
            if not (kind == "markdown" and _MD_SEPARATOR.match(line)):
                sep = {"markdown": "|", "tab": "\t", "pipe": " | "}[kind]
                rows.append(_cells(pos, line, sep))
            end = pos + len(line)
            j += 1
        if rows:
            tables.append(Table(kind=kind, start=start, end=end, rows=rows))
        i = j
    return tables
