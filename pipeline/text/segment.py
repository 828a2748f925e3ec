"""Segment normalised text into a clause tree.

Numbering styles nest in the order a contract first uses them, not by a fixed
ranking: one contract puts 一、 under 第X条, another puts 1.1 under 第X章.
A heading whose style is already open closes everything opened after it
(it is a sibling); a new style opens a child level.
"""

from __future__ import annotations

import re

from hetong.models import Clause, Document
from hetong.extractors.parsers.numerals import parse_cn_int

_CN = "一二三四五六七八九十百零〇两"
# (style, pattern) tried in order at the start of a line; group "num" is the
# last numbering component, group "rest" the heading text.
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"^第(?P<num>[{_CN}\d]+)章")),
    ("section", re.compile(rf"^第(?P<num>[{_CN}\d]+)节")),
    ("article", re.compile(rf"^第(?P<num>[{_CN}\d]+)条")),
    ("annex", re.compile(r"^(?:附件|附表|附录)\s*(?P<num>\d{0,2})(?=[\s:、.]|$)")),
    ("cn", re.compile(rf"^(?P<num>[{_CN}]{{1,3}})(?:、|\.(?!\d))")),
    ("cn_paren", re.compile(rf"^\((?P<num>[{_CN}]{{1,3}})\)")),
    ("dec3", re.compile(r"^\d{1,2}\.\d{1,2}\.(?P<num>\d{1,2})(?![\d.])")),
    ("dec2", re.compile(r"^\d{1,2}\.(?P<num>\d{1,2})(?![\d.%])")),
    ("dec1", re.compile(r"^(?P<num>\d{1,2})(?:[.、](?![\d%])|\s*[.、]\s)")),
    ("paren", re.compile(r"^\((?P<num>\d{1,2})\)")),
)
_MAX_HEADING = 40
# Characters a numbered heading can start with besides a digit (第, 附件/附表/
# 附录, a Chinese numeral, a bracket): other lines, most of them, skip the patterns.
_OPENERS = frozenset("第附(" + _CN)


def _ordinal(num: str) -> int | None:
    if not num:
        return None
    if num.isdigit():
        return int(num)
    return parse_cn_int(num)


def find_headings(text: str) -> list[tuple[int, str, str, int | None, str]]:
    """(offset, style, number, ordinal, heading) for each line that opens a clause."""
    found = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.lstrip()
        lead = len(line) - len(stripped)
        if stripped and (stripped[0] in _OPENERS or stripped[0].isdecimal()) and "\t" not in stripped:
            for style, pattern in _STYLES:
                m = pattern.match(stripped)
                if m:
                    rest = stripped[m.end() :].strip()
                    heading = re.split(r"[。;:,]", rest, maxsplit=1)[0][:_MAX_HEADING]
                    found.append((pos + lead, style, m.group(0).strip(), _ordinal(m.group("num")), heading))
                    break
        pos += len(line) + 1
    return found


_TOP_BODY = {"chapter", "article"}


def segment(text: str) -> list[Clause]:
    headings = find_headings(text)
    # An annex line followed later by a chapter/article is a reference in the
    # body (附件1：保密协议 in a list of contract documents), not an annex.
    last_body = max((i for i, h in enumerate(headings) if h[1] in _TOP_BODY), default=-1)
    headings = [h for i, h in enumerate(headings) if h[1] != "annex" or i > last_body]
    clauses: list[Clause] = []
    stack: list[tuple[str, int]] = []  # (style, clause index) from outermost to innermost
    for offset, style, number, ordinal, heading in headings:
        if style == "annex":
            # annexes are always top level
            while stack:
                clauses[stack.pop()[1]].end = offset
        styles = [s for s, _ in stack]
        if style in styles:
            # sibling of the open clause with this style: close it and its children
            while stack and stack[-1][0] != style:
                clauses[stack.pop()[1]].end = offset
            clauses[stack.pop()[1]].end = offset
        parent = stack[-1][1] if stack else None
        clauses.append(
            Clause(
                id=len(clauses),
                parent=parent,
                number=number,
                style=style,
                ordinal=ordinal,
                heading=heading,
                level=len(stack) + 1,
                start=offset,
                end=len(text),
            )
        )
        stack.append((style, len(clauses) - 1))
    return clauses


def run(doc: Document) -> Document:
    doc.clauses = segment(doc.text)
    return doc
