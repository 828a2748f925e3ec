"""Date text → datetime.date; a period text → (start, end).

Forms: `2025年3月12日`, `2025 年 3 月 12 日`, `二〇二五年六月十日`,
`2022-09-23`, `2022.9.23`, `2022/09/23`. A date without a day (`2022年9月`)
or left blank for signing (`2022 年 月 日`) is None: a guessed day would
hide the `missing_signing_date` flag.
"""

from __future__ import annotations

import re
from datetime import date

from .numerals import parse_cn_int, short_text_cache, squash

__all__ = ["parse_date", "parse_date_range"]

_YEAR = r"[0-9]{4}|[〇零一二三四五六七八九]{4}"  # 二〇二五: digit by digit
_MONTH_DAY = r"[0-9]{1,2}|[〇零一二三四五六七八九十廿]{1,3}"
_DATE = re.compile(
    rf"(?<![0-9〇零一二三四五六七八九])(?P<y>{_YEAR})年(?P<m>{_MONTH_DAY})月(?P<d>{_MONTH_DAY})[日号]"
    # Numeric forms need the same separator twice, so 2022.9 (a decimal)
    # or 2022-9 never pass for a date.
    rf"|(?<![0-9.])(?P<ny>[0-9]{{4}})(?P<sep>[-./])(?P<nm>[0-9]{{1,2}})(?P=sep)(?P<nd>[0-9]{{1,2}})(?![0-9])"
)
# `2022年7月1日至12月31日`: the end inherits the start's year.
_SAME_YEAR_END = re.compile(rf"^起?(?:至|到|~|-|—|–)(?P<m>{_MONTH_DAY})月(?P<d>{_MONTH_DAY})[日号]")
_OPEN_START = re.compile(r"(?:至|到|截止|截至|止于)$")  # `截止至 2025 年 12 月 31 日`
_END_AFTER = re.compile(r"^(?:止|为止|截止|到期)")  # `2025年12月31日止`


def _make(y: str | int | None, m: str | None, d: str | None) -> date | None:
    year = y if isinstance(y, int) else parse_cn_int(y or "")
    month, day = parse_cn_int(m or ""), parse_cn_int(d or "")
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 2023年2月30日, month 13, year 0
        return None


def _value(m: re.Match[str]) -> date | None:
    if m.group("y"):
        return _make(m.group("y"), m.group("m"), m.group("d"))
    return _make(m.group("ny"), m.group("nm"), m.group("nd"))


def parse_date(text: str) -> date | None:
    """The first full date in `text` (labels such as 签订日期： may surround it)."""
    if not isinstance(text, str):
        return None
    return _parse_date(text)


@short_text_cache
def _parse_date(text: str) -> date | None:
    m = _DATE.search(squash(text))
    return _value(m) if m else None


def parse_date_range(text: str) -> tuple[date | None, date | None]:
    """A period `A至B` / `自A起至B止` / `A-B` → (start, end), as written.

    The end is not checked against the start: an end before the start is a
    `period_mismatch` for the checks to report, not for the parser to hide.
    A lone date is the end when marked so (`截止至…`, `…止`), else the start.
    A date that does not exist (2月30日) leaves its slot None.
    """
    if not isinstance(text, str):
        return (None, None)
    return _parse_date_range(text)


@short_text_cache
def _parse_date_range(text: str) -> tuple[date | None, date | None]:
    s = squash(text)
    found = list(_DATE.finditer(s))
    if len(found) >= 2:
        return (_value(found[0]), _value(found[1]))
    if not found:
        return (None, None)
    first = found[0]
    value = _value(first)
    before, after = s[: first.start()], s[first.end() :]
    if tail := _SAME_YEAR_END.match(after):
        end = _make(value.year, tail.group("m"), tail.group("d")) if value else None
        return (value, end)
    if _OPEN_START.search(before) or _END_AFTER.match(after):
        return (None, value)
    return (value, None)
