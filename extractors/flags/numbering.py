"""Numbering: a clause or table row skipped (numbering_gap)."""

from __future__ import annotations

import re

from hetong.extractors.flags.common import _flag
from hetong.extractors.parsers.numerals import parse_cn_int
from hetong.extractors.parties import Mention
from hetong.models import Clause, Document, Flag

_NUMBERED_STYLES = {"chapter", "section", "article", "cn", "cn_paren", "dec1", "dec2", "dec3", "paren"}
_TOP_STYLES = ("chapter", "section", "article")
_CN_NUM = "一二三四五六七八九十百零〇两"
# How a heading of each numbering style is written anywhere in a line, to
# check a gap against the text: a heading the segmenter did not take (its
# line holds a tab, OCR glued it to its text, 1.2.270%尾款) is still seen by
# a reader. `pre` is everything before the last number.
_MARKER: dict[str, re.Pattern[str]] = {
    "chapter": re.compile(rf"第(?P<num>[{_CN_NUM}\d]+)章"),
    "section": re.compile(rf"第(?P<num>[{_CN_NUM}\d]+)节"),
    "article": re.compile(rf"第(?P<num>[{_CN_NUM}\d]+)条"),
    "cn": re.compile(rf"(?P<num>[{_CN_NUM}]{{1,3}})(?:、|\.(?!\d))"),
    "cn_paren": re.compile(rf"\((?P<num>[{_CN_NUM}]{{1,3}})\)"),
    "dec3": re.compile(r"(?P<pre>\d{1,2}\.\d{1,2}\.)(?P<num>\d{1,2})"),
    "dec2": re.compile(r"(?P<pre>\d{1,2}\.)(?P<num>\d{1,2})(?!\.\d)"),
    "dec1": re.compile(r"(?P<num>\d{1,2})(?:、|\.(?![\d%]))"),
    "paren": re.compile(r"\((?P<num>\d{1,2})\)"),
}
_GAP_AFTER = re.compile(r"[ \t]*")
# What may stand before a heading on its line: nothing, or a sentence end
# (`…甲方不得异议。第六条 参训及补助资格(一)…` in a reading that lost line breaks).
_HEAD_LEAD = re.compile(r"(?:^|[。;!?])[ \t]*+$", re.MULTILINE)
_Num = tuple[int, str, int, int]  # (ordinal, number as written, start, end)


def _prefix(number: str) -> str:
    """`1.2.` of `1.2.3`, `2.` of `2.1`; "" for numbers of one component."""
    m = re.fullmatch(r"((?:\d{1,2}\.)+)\d{1,2}\.?", number)
    return m.group(1) if m else ""


def _headings_between(text: str, start: int, end: int, style: str, prefix: str = "") -> list[tuple[int, str]]:
    """(ordinal, digits) of every heading of `style` written between start and
    end at the head of a line or sentence; for 1.2.3 styles, under `prefix`."""
    out = []
    for m in _MARKER[style].finditer(text, start, end):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if not _HEAD_LEAD.search(text, line_start, m.start()):
            continue
        if "pre" in m.groupdict() and m.group("pre") != prefix:
            continue
        num = m.group("num")
        ordinal = int(num) if num.isdigit() else parse_cn_int(num)
        if ordinal is not None:
            out.append((ordinal, num))
    return out


def _seen_between(doc: Document, style: str, prev: Clause, cur: Clause) -> bool:
    """Does the text between two headings explain their numbers? A skipped
    number written there as a heading, or a list restarting there (its 1 or
    a heading of a higher style), makes no gap a reader sees."""
    text = doc.text
    start, end = prev.start + len(prev.number), cur.start
    prefix = _prefix(cur.number)
    found = _headings_between(text, start, end, style, prefix)
    if cur.ordinal > prev.ordinal + 1:
        missing = range(prev.ordinal + 1, cur.ordinal)
        # glued digits (1.2.270%尾款 is 1.2.2 and 70%) count as the number they start with
        if any(o in missing or (digits.isdigit() and any(digits.startswith(str(k)) for k in missing))
               for o, digits in found):
            return True
    if any(o == 1 for o, _ in found):
        return True
    if cur.ordinal <= prev.ordinal and _glued_restart(text, start, end, style):
        return True
    return any(_headings_between(text, start, end, higher) for higher in _higher_styles(doc, style))


# A list's 1 glued to the heading of its parent in a reading that lost line
# breaks (…(二)用户与数据运营1. 维护全区…); not a reference (第1.5条, 附件1.).
_GLUED_LEAD = re.compile(r"[\u4e00-\u9fff)][ \t]*$")
_NOT_GLUED = re.compile(r"(?:第|附件|表|图|款|条|项|号|版|期)[ \t]*$")


def _glued_restart(text: str, start: int, end: int, style: str) -> bool:
    for m in _MARKER[style].finditer(text, start, end):
        num = m.group("num")
        if "pre" in m.groupdict() or (int(num) if num.isdigit() else parse_cn_int(num)) != 1:
            continue
        before = text[max(start, m.start() - 4) : m.start()]
        if _GLUED_LEAD.search(before) and not _NOT_GLUED.search(before):
            return True
    return False


def _higher_styles(doc: Document, style: str) -> list[str]:
    """Styles above `style`: chapters, sections and articles, and the styles
    the contract uses before it first uses `style` (they nest in that order)."""
    order = list(dict.fromkeys(c.style for c in doc.clauses if c.style in _NUMBERED_STYLES))
    earlier = order[: order.index(style)] if style in order else []
    return [s for s in dict.fromkeys((*_TOP_STYLES, *earlier)) if s != style]


# What follows a number that cites a clause rather than heads one
# (…送达《服务合同》\n第一章”合同说明”1.1中地址…, 第三条约定的, 第五条第2款).
_CITED_AFTER = re.compile(r"[ \t]*(?:[”“\"'’》]|的|中|约定|规定|所述|所列|项下|第|款|之规定)")


def _cited(doc: Document, c: Clause) -> bool:
    return c.style in _TOP_STYLES and bool(_CITED_AFTER.match(doc.text, c.start + len(c.number)))


def _on_ocr_page(doc: Document, offset: int) -> bool:
    page = doc.page_at(doc.raw_span(offset, offset + 1)[0])
    return any(p.number == page and p.source == "ocr" for p in doc.pages)


def _ordinals(doc: Document, c: Clause) -> set[int]:
    """The numbers a reader sees at a heading: its own, and a second one of
    its style written right after it (`4. 3. 优先分红权`, a Word auto-number
    in front of the typed one)."""
    seen = {c.ordinal} if c.ordinal is not None else set()
    m = _MARKER[c.style].match(doc.text, _GAP_AFTER.match(doc.text, c.start + len(c.number)).end())
    if m and "pre" not in m.groupdict():
        num = m.group("num")
        second = int(num) if num.isdigit() else parse_cn_int(num)
        if second is not None:
            seen.add(second)
    return seen


def _clause_gaps(doc: Document, items: list[Clause]) -> list[tuple[Clause, Clause]]:
    """Consecutive headings of one parent and style whose numbers skip, repeat
    or step back by one (第三条 then 第二条 again), as a reader sees them. A
    list restarting at 1 is no gap, nor one going back further (a list
    starting over whose 1 was lost). OCR drops and misreads lines: on an
    OCR'd page only a repeat that the next heading confirms (第二条, 第二条,
    第三条) is one."""
    out = []
    for k in range(1, len(items)):
        prev, cur = items[k - 1], items[k]
        before, now = _ordinals(doc, prev), _ordinals(doc, cur)
        if 1 in now or any(n == b + 1 for b in before for n in now):
            continue
        if all(n < b - 1 for b in before for n in now):
            continue
        if _seen_between(doc, cur.style, prev, cur):
            continue
        if _on_ocr_page(doc, prev.start) or _on_ocr_page(doc, cur.start):
            following = items[k + 1] if k + 1 < len(items) else None
            if cur.ordinal > prev.ordinal or following is None or following.ordinal != cur.ordinal + 1:
                continue
        out.append((prev, cur))
    return out


def _row_gaps(doc: Document, items: list[_Num]) -> list[tuple[_Num, _Num]]:
    """Consecutive table row numbers that skip or repeat; a list restarting
    at 1 is neither. On an OCR'd page only a repeat the next row confirms."""
    out = []
    for k in range(1, len(items)):
        prev, cur = items[k - 1], items[k]
        if cur[0] == 1 or not (cur[0] == prev[0] or cur[0] > prev[0] + 1):
            continue
        if _on_ocr_page(doc, prev[2]) or _on_ocr_page(doc, cur[2]):
            following = items[k + 1] if k + 1 < len(items) else None
            if cur[0] != prev[0] or following is None or following[0] != cur[0] + 1:
                continue
        out.append((prev, cur))
    return out


def _gap_flag(doc: Document, prev: _Num, cur: _Num, what: str, earlier: _Num | None = None) -> Flag:
    if cur[0] == prev[0]:
        message = f"{what} {cur[1]} is repeated."
    elif cur[0] < prev[0]:
        message = f"{what} numbering goes back from {prev[1]} to {cur[1]}"
        message += f" ({cur[1]} appears twice)" if earlier else ""
    else:
        message = f"{what} numbering skips from {prev[1]} to {cur[1]}"
    message += "" if message.endswith(".") else "."
    items = [(prev[1], prev[2], prev[3]), (cur[1], cur[2], cur[3])]
    if earlier:
        items.append((earlier[1], earlier[2], earlier[3]))
    return _flag(doc, "numbering_gap", what.split()[0].lower(), message, items)


def _num(c: Clause) -> _Num:
    return (c.ordinal or 0, c.number, c.start, c.start + len(c.number))


def check_numbering(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """Clause or item numbers that skip, repeat or go back within one parent
    and style, and table row numbers (序号) that skip or repeat."""
    flags = []
    groups: dict[tuple[int | None, str], list[Clause]] = {}
    for c in doc.clauses:
        if c.style in _NUMBERED_STYLES and c.ordinal is not None and not _cited(doc, c):
            groups.setdefault((c.parent, c.style), []).append(c)
    for items in groups.values():
        for prev, cur in _clause_gaps(doc, items):
            earlier = next((c for c in items if c.ordinal == cur.ordinal and c.start < prev.start), None)
            flags.append(_gap_flag(doc, _num(prev), _num(cur), "Clause", _num(earlier) if earlier else None))
    # table row numbers (序号); a table not starting at 1 continues the one before
    sequences: list[list[_Num]] = []
    for table in doc.tables:
        first = table.rows[0][0].text if table.rows and table.rows[0] else ""
        rows = table.rows if first.isdigit() else table.rows[1:]
        numbers = [(int(r[0].text), r[0].text, r[0].start, r[0].end)
                   for r in rows if r and r[0].text.isdigit() and len(r[0].text) <= 3]
        if not numbers:
            continue
        if numbers[0][0] == 1 or not sequences:
            sequences.append([])
        sequences[-1].extend(numbers)
    for numbers in sequences:
        if len(numbers) >= 3:
            for prev, cur in _row_gaps(doc, numbers):
                flags.append(_gap_flag(doc, prev, cur, "Table row"))
    return flags
