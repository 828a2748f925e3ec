"""Rate text → Decimal FRACTION (0.5% → 0.005, 3‰ → 0.003, 二倍 → 2).

Gold stores rates as fractions, so every form is scaled here once:
`X%`, `X‰`, `X‱`, `百分之X`, `千分之X`, `万分之X`, `N分之X` (五百分之二 →
2/500, 三分之一), `百分之百`, `X倍`, `X个百分点`, with X Arabic or Chinese
(`百分之零点五`, `百分之10`, Traditional `萬分之五`, `百分之五點五`). The
first rate in the span is returned, read whole or not at all (`1,5%` and
`百分之十十` are None); a per-day marker does not change the value (see
`rate_is_daily`).

Judgement call: `X个百分点` is read as X/100, the same magnitude as X%.
Percentage points are a difference of two percentages; whether that is
added to something is for the caller's context, the magnitude is not.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .numerals import NUMBER, canonical, parse_cn_decimal, short_text_cache

__all__ = ["parse_rate", "rate_is_daily"]

_DENOMINATOR = {"百": 100, "千": 1000, "万": 10000}
_SUFFIX_SCALE = {"%": 100, "‰": 1000, "‱": 10000, "个百分点": 100, "倍": 1}

# The number must start a numeral: in `12%` the `2%` inside must not match,
# nor the `5%` of `1,5%`. The denominator of `N分之X` is a whole numeral, so
# 五百分之二 is 2/500, never 百分之二.
_RATE = re.compile(
    rf"(?<![0-9.点零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟])(?<![0-9],)"
    rf"(?:(?P<den>{NUMBER})分之(?P<n1>{NUMBER})|(?P<n2>{NUMBER})(?P<post>%|‰|‱|个百分点|倍))"
)

# Per-day markers glued to the rate: 日万分之五, 每日0.05%, 3‰/天, 千分之二/日,
# 百分之零点五每日. 工作日/节假日 before a rate are not "per day".
_DAILY_BEFORE = re.compile(r"(?:(?<!工作)(?<!假)日|每日|每天|按日|逐日|每一日|每一天)$")
_DAILY_AFTER = re.compile(r"^(?:/日|/天|/d|每日|每天|/day|perday)", re.IGNORECASE)


def _value(m: re.Match[str]) -> Decimal | None:
    if m.group("post"):
        number = parse_cn_decimal(m.group("n2"))
        return None if number is None else number / _SUFFIX_SCALE[m.group("post")]
    den, num = m.group("den", "n1")
    if den == num == "百":
        return Decimal(1)  # 百分之百
    whole = _DENOMINATOR.get(den) or parse_cn_decimal(den)
    number = parse_cn_decimal(num)
    if not whole or number is None:
        return None
    return number / whole


def _first_rate(s: str) -> tuple[re.Match[str], Decimal] | None:
    m = _RATE.search(s)
    if m is None:
        return None
    value = _value(m)
    return None if value is None else (m, value)


def parse_rate(text: str) -> Decimal | None:
    """The first rate in `text` as a fraction; None when there is none or it
    cannot be read whole."""
    if not isinstance(text, str):
        return None
    return _parse_rate(text)


@short_text_cache
def _parse_rate(text: str) -> Decimal | None:
    found = _first_rate(canonical(text))
    return found[1] if found else None


def rate_is_daily(text: str) -> bool:
    """True when the first rate carries a per-day marker right before or after it.

    Only markers attached to the rate count; a clause-level `每逾期一日` is
    context for the extractor, not part of the rate.
    """
    if not isinstance(text, str):
        return False
    return _rate_is_daily(text)


@short_text_cache
def _rate_is_daily(text: str) -> bool:
    s = canonical(text)
    found = _first_rate(s)
    if not found:
        return False
    m = found[0]
    return bool(_DAILY_BEFORE.search(s[: m.start()]) or _DAILY_AFTER.match(s[m.end() :]))
