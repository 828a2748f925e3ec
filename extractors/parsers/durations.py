"""Duration text → hours (SLA limits), months (service periods), days (due rules).

Each function returns the first duration of its kind in the span:
- `parse_hours`: 30分钟 → 0.5, 半小时 → 0.5, 18秒 → 0.005, 1天 → 24,
  1个工作日 → 8 (a working day is a shift, as the gold rules say), 一周 → 168.
- `parse_period_months`: 12个月, 一年, 为期3年 → 36, 半年 → 6, 一年半 → 18.
  Days are not converted to months (365天 is not exactly 12 months): use
  `parse_period_days` and let the period check compare dates.
- `parse_period_days`: 90日, 30天, 三十日 → calendar days; 工作日 → None.
- `parse_days`: due rules, 30日内 → (30, "calendar"), 30个工作日内 → (30, "working").
"""

from __future__ import annotations

import re
from decimal import Decimal

from .numerals import NUMBER, parse_cn_decimal, parse_cn_int, short_text_cache, squash

__all__ = ["parse_hours", "parse_period_months", "parse_period_days", "parse_days"]

# A count must start a numeral (in `124小时` only 124 counts). `7*24小时` is a
# coverage window (→ contract.coverage), so × and * also block; `9月23日` is
# a day of the month, so 月 blocks a count of days.
_START = r"(?<![0-9.点零〇一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟*×xX])"

_HOURS_PER = {
    "小时": 1, "钟头": 1, "h": 1, "hr": 1, "hrs": 1, "hour": 1, "hours": 1,
    "工作日": 8, "天": 24, "日": 24, "周": 168, "星期": 168,
}  # fmt: skip
# Minutes and seconds are divided, not multiplied by a rounded 1/60 or
# 1/3600: 30分钟 is exactly 0.5 and 18秒 exactly 0.005 (20分钟 is 0.333… and
# 20秒 0.00555… to Decimal's 28 digits; round where it is stored or shown).
_PER_HOUR = {
    "分钟": 60, "min": 60, "mins": 60,
    "秒": 3600, "秒钟": 3600, "sec": 3600, "secs": 3600, "second": 3600, "seconds": 3600,
}  # fmt: skip
_HOURS = re.compile(
    rf"{_START}(?<!月)(?P<n>{NUMBER}|半)(?P<half>个半|半)?个?"
    r"(?P<u>小时|钟头|分钟|秒钟|秒|工作日|天|日|周|星期|(?:hours?|hrs?|h|mins?|secs?|seconds?)(?![a-z]))",
    re.IGNORECASE,
)
# Years (≤ 100, so the 2022 of 2022年 is no period) with optional months.
_PERIOD = re.compile(
    rf"{_START}(?P<y>{NUMBER}|半)年(?P<yhalf>半)?(?![0-9一二三四五六七八九十]{{1,2}}月)(?:零?(?P<ym>{NUMBER})个月)?"
    rf"|{_START}(?P<m>{NUMBER}|半)个(?P<mhalf>半)?月"
)
_DAYS = re.compile(rf"{_START}(?<!月)(?P<n>{NUMBER})个?(?P<kind>工作日|自然日|日历日|天|日)")


def _count(n: str) -> Decimal | None:
    return Decimal("0.5") if n == "半" else parse_cn_decimal(n)


def parse_hours(text: str) -> Decimal | None:
    """The first time limit in `text`, in hours; None when there is none."""
    if not isinstance(text, str):
        return None
    return _parse_hours(text)


@short_text_cache
def _parse_hours(text: str) -> Decimal | None:
    for m in _HOURS.finditer(squash(text)):
        n = _count(m.group("n"))
        if n is not None:
            if m.group("half"):  # 一个半小时
                n += Decimal("0.5")
            unit = m.group("u").lower()
            return n / _PER_HOUR[unit] if unit in _PER_HOUR else n * _HOURS_PER[unit]
    return None


def parse_period_months(text: str) -> Decimal | None:
    """The first service period in `text`, in months; None for days or none."""
    if not isinstance(text, str):
        return None
    return _parse_period_months(text)


@short_text_cache
def _parse_period_months(text: str) -> Decimal | None:
    for m in _PERIOD.finditer(squash(text)):
        if m.group("y"):
            years, extra = _count(m.group("y")), _count(m.group("ym") or "0")
            if years is None or extra is None or years > 100:
                continue
            return years * 12 + (6 if m.group("yhalf") else 0) + extra
        months = _count(m.group("m"))
        if months is not None:
            return months + (Decimal("0.5") if m.group("mhalf") else 0)
    return None


def parse_days(text: str) -> tuple[int, str] | None:
    """The first due period in `text` → (days, "calendar" | "working"), else None."""
    if not isinstance(text, str):
        return None
    return _parse_days(text)


@short_text_cache
def _parse_days(text: str) -> tuple[int, str] | None:
    for m in _DAYS.finditer(squash(text)):
        n = parse_cn_int(m.group("n"))
        if n is not None:
            return n, "working" if m.group("kind") == "工作日" else "calendar"
    return None


def parse_period_days(text: str) -> int | None:
    """The first period in calendar days (90日, 30天, 三十日); 工作日 → None."""
    found = parse_days(text)
    return found[0] if found and found[1] == "calendar" else None
