"""The shadow that redaction matches on: normalise first, then match.

People write one phone number, account or ID number in many ways —
full-width digits (`１３８…`), grouped by spaces, ideographic spaces, dots,
dashes or slashes (`138.1234.5678`, `6222　0212　3456`), broken over a line —
and spell out the signs of an e-mail address (`[at]`, `(dot)`). `shadow(text)`
writes the text once in a single form and keeps, for every character, the
index of the raw character it came from (a `MappedText`), so each rule of
pipeline/store/redact.py knows one form only and a match is masked on the raw text,
where the evidence offsets point. Two stages are kept:

`nfkc`: NFKC (full-width digits and letters, `＠`, `．`, U+3000 become ASCII,
  `№` becomes `No`); invisible characters (zero-width spaces, soft hyphens)
  dropped; `[at]`, `(at)`, `{at}`, `【at】` written `@` and the same forms of
  `dot` written `.`, as are ` @ ` (spaces around the sign) and ` dot `
  between two letters or digits (` at ` itself is left to the e-mail rule,
  which asks for a domain after it).

`folded`: the same, with the separator between two digits folded away: one
  space or tab, a dash, slash, underscore, dot or middle dot (a space either
  side allowed), or a line break (spaces either side allowed). Kept, because
  they are not inside a personal number:
  - the separators of a date (`2025.03.12`, `2025-3-12`, `12/03/2025`), an IP
    address, an amount or decimal (`1,202,000.00`, `12.5`) and a percentage,
    and the gaps on either side of one;
  - a gap before a group that is a quantity (`2025年`, `12个月`, `3000元`);
  - a line break before a clause number (`2.`, `2.1 乙方`, `3、`);
  - a line break between two lines that are bare numbers (a column of a
    table), unless together with at most two more such lines they make a
    mobile number, an 18-digit ID or a 16–19-digit card number starting 62.
  Two or more spaces between digits are not folded (table columns); rules
  that read a number after a label (`电话：`, `账号：`) allow them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hetong.pipeline.text.mapped_text import MappedText
from hetong.pipeline.text.script import simplify

__all__ = ["QUANTITY", "Shadow", "shadow"]


@dataclass(frozen=True)
class Shadow:
    """The two stages of the shadow (see the module docstring)."""

    nfkc: MappedText  # offsets index the raw text
    folded: MappedText  # offsets index the raw text


_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
_OPEN = r"[\[(<{【〔〖]"
_CLOSE = r"[\])>}】〕〗]"
_SPELLED_AT = re.compile(rf"[ \t]{{0,2}}{_OPEN}[ \t]{{0,2}}[Aa][Tt][ \t]{{0,2}}{_CLOSE}[ \t]{{0,2}}")
_SPACED_AT = re.compile(  # `zhangsan @ 163.com`
    r"(?<=[A-Za-z0-9._%+\-\u3400-\u4dbf\u4e00-\u9fff])(?:[ \t]{1,2}@[ \t]{0,2}|@[ \t]{1,2})"
    r"(?=[A-Za-z0-9\u3400-\u4dbf\u4e00-\u9fff])"
)
_SPELLED_DOT = re.compile(
    rf"[ \t]{{0,2}}{_OPEN}[ \t]{{0,2}}[Dd][Oo][Tt][ \t]{{0,2}}{_CLOSE}[ \t]{{0,2}}"
    r"|(?<=[A-Za-z0-9])[ \t]{1,2}(?:dot|DOT)[ \t]{1,2}(?=[A-Za-z0-9])"
)

_BREAK = r"(?:\r\n|[\n\r\v\f\x85\u2028\u2029])"
# a gap between two digits that may be folded; `line` when it breaks the line
_GAP = re.compile(
    rf"(?<=[0-9])(?:(?P<line>[ \t]{{0,2}}{_BREAK}[ \t]{{0,4}})|[ \t]?[-‐‑‒–—―−/_][ \t]?|[.·•・]|[ \t])(?=[0-9])"
)
_PROTECTED = re.compile(
    # an IP address
    r"(?<![0-9.])[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?![0-9]|\.[0-9])"
    # a date, year first (not the tail of a longer grouped number: `110105-1990-01-01-1234`)
    r"|(?<![0-9])(?<![0-9]{3}[-./])(?:19|20)[0-9]{2}(?P<ys>[-./])(?:0?[1-9]|1[0-2])"
    r"(?:(?P=ys)(?:0?[1-9]|[12][0-9]|3[01]))?(?![0-9])"
    # a date, day first
    r"|(?<![0-9])(?:0?[1-9]|[12][0-9]|3[01])(?P<ds>[-./])(?:0?[1-9]|1[0-2])(?P=ds)(?:19|20)[0-9]{2}(?![0-9])"
    # an amount with thousands separators
    r"|(?<![0-9,])[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,4})?(?![0-9])"
    # a percentage
    r"|(?<![0-9.])[0-9]{1,6}(?:\.[0-9]{1,4})?[ \t]?[%‰]"
    # a decimal: one or two places (`1202000.00`, `12.5`, a clause `3.2`)
    r"|(?<![0-9.])[0-9]{1,15}\.[0-9]{1,2}(?![0-9]|\.[0-9])"
)
# a digit group that is a quantity, not part of a number: a year, a count of
# months, days, items …, money or a percentage (`2025年`, `12个月`, `3000元`);
# `138 1234 5678 周一至周五` is a phone number
QUANTITY = (
    r"(?<![0-9])(?:[0-9]{1,4}[ \t]{0,2}年|[0-9]{1,2}[ \t]{0,2}(?:个月|月|日|号|天|周|小时|时|分钟|分|秒|岁|条|款|项|页|章|节|个|次|台|套|件|人|部|名)"
    r"|[0-9]{1,8}[ \t]{0,2}(?:元|万|亿|%|‰))"
)
_UNIT_AFTER = re.compile(QUANTITY)
_CLAUSE_START = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){0,3}(?:[.、)]|[ \t]{1,4}[^0-9\s])")
_BARE_LINE = re.compile(r"[ \t]{0,8}[0-9][0-9 \t.\-/]{0,40}")
_BARE_LINE_AHEAD = re.compile(rf"(?<![0-9])[0-9][0-9 \t.\-/]{{0,40}}(?:{_BREAK}[ \t]{{0,4}}|\Z)")
_NOT_DIGIT = re.compile(r"[^0-9]")
_JOINED_NUMBER = re.compile(
    r"1[3-9][0-9]{9}"  # a mobile number
    r"|[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{4}"  # an ID
    r"|62[0-9]{14,17}"  # a UnionPay card
)


def shadow(text: str) -> Shadow:
    """`text` normalised for matching, with offsets back to `text`."""
    mt = MappedText.from_raw(text).nfkc()
    # Traditional labels (電話, 帳號, 身份證) read as their simplified forms: one for one, offsets kept
    mt = MappedText(simplify(mt.text), mt.offsets)
    mt = mt.sub(_INVISIBLE, "").sub(_SPELLED_AT, "@").sub(_SPACED_AT, "@").sub(_SPELLED_DOT, ".")
    return Shadow(mt, mt.delete_spans(_folded_gaps(mt.text)))


def _folded_gaps(text: str) -> list[tuple[int, int]]:
    protected = bytearray(len(text) + 1)
    for m in _PROTECTED.finditer(text):
        protected[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    out: list[tuple[int, int]] = []
    last_line_gap = -1  # where the last folded line break ended
    for m in _GAP.finditer(text):
        a, b = m.start(), m.end()
        if protected[a - 1] or protected[b] or _UNIT_AFTER.match(text, b):
            continue
        if m.group("line") is not None:
            if _CLAUSE_START.match(text, b):
                continue
            if last_line_gap != _line_start(text, a) and not _joins_bare_lines(text, a, b):
                continue
            last_line_gap = b
        out.append((a, b))
    return out


def _line_start(text: str, a: int) -> int:
    """Where the line that ends at `a` begins, after its indentation; -2 when
    it is longer than 48 characters."""
    i = text.rfind("\n", max(0, a - 48), a)
    j = text.rfind("\r", max(0, a - 48), a)
    start = max(i, j) + 1 if max(i, j) >= 0 else (0 if a <= 48 else -2)
    while start >= 0 and start < a and text[start] in " \t":
        start += 1
    return start


def _joins_bare_lines(text: str, a: int, b: int) -> bool:
    """False when the lines on both sides of the break at [a, b) are bare
    numbers (a column of a table) that do not join into a mobile, an ID or a
    card number; True when either line has something else on it."""
    start = _line_start(text, a)
    if start < 0 or not _BARE_LINE.fullmatch(text, start, a):
        return True
    joined = _NOT_DIGIT.sub("", text[start:a])
    pos = b
    for _ in range(3):
        line = _BARE_LINE_AHEAD.match(text, pos)
        if line is None:
            return pos == b  # the line after has more than a number on it
        joined += _NOT_DIGIT.sub("", line.group())
        if _JOINED_NUMBER.fullmatch(joined):
            return True
        pos = line.end()
    return False
