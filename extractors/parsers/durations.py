"""Duration text → hours (SLA limits), months (service periods), days (due rules).

Each function reads the first duration of its kind in the span, whole: a
compound keeps every part (36天5小时30分, 一个小时三十分钟, 1年11个月), and a
duration that a parser cannot read to its end (2小时30, 7天24小时, 3个月15天
for months) gives None, never the value of its first part.
- `parse_hours`: 30分钟 → 0.5, 半小时 → 0.5, 18秒 → 0.005, 1天 → 24,
  1个工作日 → 8 (a working day is a shift, as the gold rules say), 一周 → 168,
  一个小时三十分钟 → 1.5, 1天半 → 36.
- `parse_period_months`: 12个月, 一年, 为期3年 → 36, 半年 → 6, 一年半 → 18,
  1年11个月 → 23. Days are not converted to months (365天 is not exactly 12
  months): use `parse_period_days` and let the period check compare dates.
- `parse_period_days`: 90日, 30天, 三十日 → calendar days; 工作日 → None.
- `parse_days`: due rules, 30日内 → (30, "calendar"), 30个工作日内 → (30, "working").
Traditional forms (小時, 分鐘, 個月, 兩週) read as the simplified ones.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .numerals import NUMBER, NUMBER_START, canonical, parse_cn_decimal, parse_cn_int, short_text_cache

__all__ = ["parse_hours", "parse_period_months", "parse_period_days", "parse_days"]

# A count must start a numeral (in `124小时` only 124 counts, in `1,000小时`
# the 000 never does). `7*24小时` is a coverage window (→ contract.coverage),
# so × and * also block; `9月23日` is a day of the month, so 月 blocks a count
# of days; `第3天` is an ordinal, not a count.
_START = r"(?<![0-9.点零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟廿第*×xX])(?<![0-9],)"

# Seconds per unit: every part is summed in seconds and divided once, so
# 30分钟 is exactly 0.5 h and 18秒 exactly 0.005 h (20分钟 is 0.333… and 20秒
# 0.00555… to Decimal's 28 digits; round where it is stored or shown).
_SECONDS = {
    "周": 604800, "星期": 604800, "天": 86400, "日": 86400, "工作日": 28800,
    "小时": 3600, "钟头": 3600, "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
    "刻钟": 900, "分钟": 60, "分": 60, "min": 60, "mins": 60,
    "秒": 1, "秒钟": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
}  # fmt: skip
_WORKING_DAY = _SECONDS["工作日"]  # a shift: never part of a compound (1个工作日4小时)
_HOUR_UNIT = (
    r"小时|钟头|工作日|刻钟|分钟|秒钟|秒|分|天|日|周|星期"
    r"|(?:hours?|hrs?|h|mins?|secs?|seconds?)(?![a-z])"
)
# One part: a count (一个半 / 半个 / 两) and its unit, a trailing 半 (1天半)
# unless a part of its own follows (1天半小时).
_HOUR_PART = re.compile(
    rf"(?P<n>{NUMBER}|半)(?P<half>个半|半)?个?(?P<u>{_HOUR_UNIT})(?P<after>半(?!个?(?:{_HOUR_UNIT})))?",
    re.IGNORECASE,
)
_HOURS = re.compile(rf"{_START}(?<!月)(?={NUMBER_START}|半)")
# Between two parts of one duration: 1小时零5分钟, 一年又三个月.
_JOIN = re.compile(r"零|又")
# A numeral right after a duration makes it unreadable (2小时30, 7天24小时),
# unless it starts a date (为期一年2024年1月1日起).
_DANGLING = re.compile(rf"(?![0-9]{{4}}[年./-]|[〇零一二三四五六七八九]{{4}}年){NUMBER_START}")

_YEAR_PART = re.compile(
    rf"(?P<n>{NUMBER}|半)年(?P<half>半)?(?![0-9一二三四五六七八九十]{{1,2}}月)"
)  # 2022年9月 is a date, and 22年9月 too
_MONTH_PART = re.compile(rf"(?P<n>{NUMBER}|半)个(?P<half>半)?月")
_PERIOD = re.compile(rf"{_START}(?={NUMBER_START}|半)")
_DAYS = re.compile(rf"{_START}(?<!月)(?P<n>{NUMBER})个?(?P<kind>工作日|自然日|日历日|天|日)")
# A count of days right after another part (1周3天, 1年3天) is no count of days.
_PART_BEFORE = re.compile(rf"(?:{NUMBER}|半)个?(?:年|月|周|星期|天|日|小时)(?:零|又)?$")


def _count(n: str) -> Decimal | None:
    return Decimal("0.5") if n == "半" else parse_cn_decimal(n)


def _dangles(s: str, end: int) -> bool:
    return bool(_DANGLING.match(s, end))


def parse_hours(text: str) -> Decimal | None:
    """The first time limit in `text`, in hours; None when there is none or
    it cannot be read whole."""
    if not isinstance(text, str):
        return None
    return _parse_hours(text)


def _hour_parts(s: str, pos: int) -> Decimal | None:
    """The duration starting at `pos`, in seconds; None when it cannot be
    read to its end."""
    total, prev, halved, end = Decimal(0), 0, False, pos
    while True:
        join = _JOIN.match(s, end) if prev else None
        m = _HOUR_PART.match(s, join.end() if join else end)
        if m is None:
            break
        unit = _SECONDS[m.group("u").lower()]
        n = _count(m.group("n"))
        if n is None:
            return None
        if m.group("half"):  # 一个半小时
            n += Decimal("0.5")
        if m.group("after"):  # 1天半
            n += Decimal("0.5")
        if prev:
            # each later part is smaller and less than one of the part before:
            # 1小时30分钟, not 30分钟2小时 nor 7天24小时
            if halved or unit >= prev or _WORKING_DAY in (unit, prev) or n * unit >= prev:
                break
        total += n * unit
        prev, halved, end = unit, bool(m.group("half") or m.group("after")), m.end()
    return None if not prev or _dangles(s, end) else total


def _is_seconds_part(s: str, pos: int) -> bool:
    m = _HOUR_PART.match(s, pos)
    return bool(m and _SECONDS[m.group("u").lower()] == 1)


@short_text_cache
def _parse_hours(text: str) -> Decimal | None:
    s = canonical(text)
    for start in _HOURS.finditer(s):
        m = _HOUR_PART.match(s, start.start())
        if m is None or (m.group("u") == "分" and not _is_seconds_part(s, m.end())):
            # not a duration at all: 二〇二五年; 扣5分 (a bare 分 is minutes
            # only before seconds, 五分三十秒, or after hours, 2小时30分)
            continue
        seconds = _hour_parts(s, start.start())
        return None if seconds is None else seconds / 3600
    return None


def parse_period_months(text: str) -> Decimal | None:
    """The first service period in `text`, in months; None for days, none,
    or a period that cannot be read whole (3个月15天)."""
    if not isinstance(text, str):
        return None
    return _parse_period_months(text)


@short_text_cache
def _parse_period_months(text: str) -> Decimal | None:
    s = canonical(text)
    for start in _PERIOD.finditer(s):
        pos = start.start()
        months = Decimal(0)
        if y := _YEAR_PART.match(s, pos):
            years = _count(y.group("n"))
            if years is None:
                return None
            if years > 100:
                continue  # 2022年度: a year, not a period
            months, pos = years * 12 + (6 if y.group("half") else 0), y.end()
            if not y.group("half"):
                join = _JOIN.match(s, pos)
                m = _MONTH_PART.match(s, join.end() if join else pos)
                if m:
                    extra = _count(m.group("n"))
                    # 1年11个月, 一年零三个月; 1年12个月 is no form
                    if extra is None or m.group("half") or extra >= 12:
                        return None
                    months, pos = months + extra, m.end()
        elif m := _MONTH_PART.match(s, pos):
            n = _count(m.group("n"))
            if n is None:
                return None
            months, pos = n + (Decimal("0.5") if m.group("half") else 0), m.end()
        else:
            continue
        return None if _dangles(s, pos) else months
    return None


def parse_days(text: str) -> tuple[int, str] | None:
    """The first due period in `text` → (days, "calendar" | "working"), else None."""
    if not isinstance(text, str):
        return None
    return _parse_days(text)


@short_text_cache
def _parse_days(text: str) -> tuple[int, str] | None:
    s = canonical(text)
    m = _DAYS.search(s)
    if m is None:
        return None
    n = parse_cn_int(m.group("n"))
    # 15天半, 3天5小时, 1周3天: not a whole number of days
    if n is None or s.startswith("半", m.end()) or _dangles(s, m.end()):
        return None
    if _PART_BEFORE.search(s, max(0, m.start() - 24), m.start()):
        return None
    return n, "working" if m.group("kind") == "工作日" else "calendar"


def parse_period_days(text: str) -> int | None:
    """The first period in calendar days (90日, 30天, 三十日); 工作日 → None."""
    found = parse_days(text)
    return found[0] if found and found[1] == "calendar" else None
