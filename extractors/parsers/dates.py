"""Date text → datetime.date; a period text → (start, end).

Forms: `2025年3月12日`, `2025 年 3 月 12 日`, `二〇二五年六月十日`,
`二○一八年七月四號`, `2016年6月29` (no 日), `2022-09-23`, `2022.9.23`,
`2022/09/23`, a time after the date (`2024-01-01 00:00`, `2024年1月1日
0时`), a weekday before or after it (`2024年1月1日（星期一）`). A date
without a day (`2022年9月`) or left blank for signing (`2022 年 月 日`) is
None: a guessed day would hide the `missing_signing_date` flag. So is a date
whose weekday disagrees with it (which of the two is wrong?) and a ROC year
(民国110年): years are read as written, never converted.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

from .numerals import canonical, parse_cn_int, short_text_cache

__all__ = ["add_months", "month_end", "parse_date", "parse_date_range"]

_YEAR = r"[0-9]{4}|[〇零一二三四五六七八九]{4}"  # 二〇二五: digit by digit
_MONTH_DAY = r"[0-9]{1,2}|[〇零一二三四五六七八九十廿]{1,3}"
# A day without 日/号 (2016年6月29) must end the numerals: not 2016年6月29个,
# 2016年6月3期; it may be followed by a time, a weekday, a range mark or a bracket.
_BARE_DAY_END = r"(?=$|[,.;:!?()、。;至到~\-—–起止前以之T星周礼])"
_DAY = rf"(?:[日号]|{_BARE_DAY_END})"
# After the date: a time (0时, 00:00, 上午9时30分) and a weekday, both optional.
_TIME = (
    r"(?:T|上午|下午|中午|晚上|凌晨)?(?P<hh>[0-9]{1,2})(?::(?P<mm>[0-9]{2})(?::(?P<ss>[0-9]{2}))?"
    r"|[时点](?:(?P<cm>[0-9]{1,2})分)?)"
)
_WEEKDAY = r"\(?(?:星期|礼拜|周)(?P<wd>[一二三四五六日天])\)?"
# No year starts inside a number (12022年), but one may follow a weekday (星期一2024年1月1日).
_NOT_IN_NUMBER = r"(?:(?<![0-9〇零一二三四五六七八九])|(?<=星期[一二三四五六日天])|(?<=礼拜[一二三四五六日天])|(?<=周[一二三四五六日天]))"
_DATE = re.compile(
    rf"(?:{_NOT_IN_NUMBER}(?P<y>{_YEAR})年(?P<m>{_MONTH_DAY})月(?P<d>{_MONTH_DAY}){_DAY}"
    # Numeric forms need the same separator twice, so 2022.9 (a decimal)
    # or 2022-9 never pass for a date.
    rf"|(?<![0-9.])(?P<ny>[0-9]{{4}})(?P<sep>[-./])(?P<nm>[0-9]{{1,2}})(?P=sep)(?P<nd>[0-9]{{1,2}})(?![0-9]))"
    rf"(?:{_TIME})?(?:{_WEEKDAY})?"
)
_WEEKDAY_BEFORE = re.compile(rf"{_WEEKDAY}[,、]?$")
_WEEKDAYS = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6}
# White space before a time (`2024-01-01 00:00`) separates it from the day;
# any other white space is layout, dropped.
_TIME_GAP = re.compile(r"(?<=[0-9日号號])\s+(?=[0-9]{1,2}(?::[0-9]{2}|[时点時點]))")
_RANGE = r"(?:至|到|~|-|—|–)"
# `2022年7月1日至12月31日`: the end inherits the start's year;
# `2019年4月12-19日`, `12月九号到十五号`: the end inherits its month too.
_SAME_YEAR_END = re.compile(rf"^起?{_RANGE}(?P<m>{_MONTH_DAY})月(?P<d>{_MONTH_DAY}){_DAY}")
_SAME_MONTH_END = re.compile(rf"^起?{_RANGE}(?P<d>{_MONTH_DAY})(?:[日号]|{_BARE_DAY_END})(?!月)")
# A lone date is an end when so marked: `截止至 2025 年 12 月 31 日`,
# `不晚于2025年12月31日`, `2025年12月31日止`, `2025年12月31日以前`.
_OPEN_START = re.compile(r"(?:至|到|截止|截至|止于|不晚于|不迟于|最迟于?|最晚于?)$")
_END_AFTER = re.compile(r"^(?:止|为止|截止|到期|以前|之前|前(?!后))")


def _make(y: str | int | None, m: str | None, d: str | None) -> date | None:
    year = y if isinstance(y, int) else parse_cn_int(y or "")
    month, day = parse_cn_int(m or ""), parse_cn_int(d or "")
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 2023年2月30日, month 13, year 0
        return None


def _value(m: re.Match[str], s: str, floor: int = 0) -> date | None:
    """The date `m` found in `s`; `floor`: where the date before it ended
    (a weekday it took is not this one's)."""
    if m.group("y"):
        value = _make(m.group("y"), m.group("m"), m.group("d"))
    else:
        value = _make(m.group("ny"), m.group("nm"), m.group("nd"))
    if value is None or not _time_ok(m):
        return None
    before = _WEEKDAY_BEFORE.search(s, floor, m.start())
    for weekday in (m.group("wd"), before.group("wd") if before else None):
        if weekday and _WEEKDAYS[weekday] != value.weekday():
            return None  # 2024年1月1日（星期二）: the date or the weekday is wrong
    return value


def _time_ok(m: re.Match[str]) -> bool:
    hh, mm, ss, cm = m.group("hh", "mm", "ss", "cm")
    if hh is None:
        return True
    minutes = int(mm or cm or 0)
    return int(hh) <= 24 and minutes < 60 and int(ss or 0) < 60 and (int(hh) < 24 or minutes == 0)


def _text(text: str) -> str:
    return canonical(_TIME_GAP.sub("T", unicodedata.normalize("NFKC", text)))


def parse_date(text: str) -> date | None:
    """The first full date in `text` (labels such as 签订日期： may surround it)."""
    if not isinstance(text, str):
        return None
    return _parse_date(text)


@short_text_cache
def _parse_date(text: str) -> date | None:
    s = _text(text)
    m = _DATE.search(s)
    return _value(m, s) if m else None


def parse_date_range(text: str) -> tuple[date | None, date | None]:
    """A period `A至B` / `自A起至B止` / `A-B` → (start, end), as written.

    The end is not checked against the start: an end before the start is a
    `period_mismatch` for the checks to report, not for the parser to hide.
    A lone date is the end when marked so (`截止至…`, `…止`, `…以前`), else
    the start. A date that does not exist (2月30日) leaves its slot None. An
    end without a year (`2019年4月12-19日`, `2022年7月1日至12月31日`) takes the
    start's; a range without any year (`12月九号到十五号`) is not guessed.
    """
    if not isinstance(text, str):
        return (None, None)
    return _parse_date_range(text)


@short_text_cache
def _parse_date_range(text: str) -> tuple[date | None, date | None]:
    s = _text(text)
    found = list(_DATE.finditer(s))
    if len(found) >= 2:
        return (_value(found[0], s), _value(found[1], s, found[0].end()))
    if not found:
        return (None, None)
    first = found[0]
    value = _value(first, s)
    before, after = s[: first.start()], s[first.end() :]
    if tail := _SAME_YEAR_END.match(after):
        return (value, _make(value.year, tail.group("m"), tail.group("d")) if value else None)
    if first.group("y") and (tail := _SAME_MONTH_END.match(after)):
        return (value, _make(value.year, first.group("m"), tail.group("d")) if value else None)
    if _OPEN_START.search(before) or _END_AFTER.match(after):
        return (None, value)
    return (value, None)


def month_end(year: int, month: int) -> date:
    """The last day of the month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """Calendar months later; the 31st of a shorter month becomes its last day."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, month_end(year, month).day))
