"""Rate text → Decimal FRACTION (0.5% → 0.005, 3‰ → 0.003, 二倍 → 2).

Gold stores rates as fractions, so every form is scaled here once:
`X%`, `X‰`, `X‱`, `百分之X`, `千分之X`, `万分之X`, `X倍`, `X个百分点`,
with X Arabic or Chinese (`百分之零点五`, `百分之10`). The first rate in
the span is returned; a per-day marker does not change the value (see
`rate_is_daily`).

Judgement call: `X个百分点` is read as X/100, the same magnitude as X%.
Percentage points are a difference of two percentages; whether that is
added to something is for the caller's context, the magnitude is not.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .numerals import NUMBER, parse_cn_decimal, short_text_cache, squash

__all__ = ["parse_rate", "rate_is_daily"]

_PREFIX_SCALE = {"百分之": 100, "千分之": 1000, "万分之": 10000}
_SUFFIX_SCALE = {"%": 100, "‰": 1000, "‱": 10000, "个百分点": 100, "倍": 1}

# The number must start a numeral: in `12%` the `2%` inside must not match.
_RATE = re.compile(
    rf"(?P<pre>百分之|千分之|万分之)(?P<n1>{NUMBER})"
    rf"|(?<![0-9.点零〇一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟])"
    rf"(?P<n2>{NUMBER})(?P<post>%|‰|‱|个百分点|倍)"
)

# Per-day markers glued to the rate: 日万分之五, 每日0.05%, 3‰/天, 千分之二/日,
# 百分之零点五每日. 工作日/节假日 before a rate are not "per day".
_DAILY_BEFORE = re.compile(r"(?:(?<!工作)(?<!假)日|每日|每天|按日|逐日|每一日|每一天)$")
_DAILY_AFTER = re.compile(r"^(?:/日|/天|/d|每日|每天|/day|perday)", re.IGNORECASE)


def _first_rate(s: str) -> tuple[re.Match[str], Decimal] | None:
    for m in _RATE.finditer(s):
        number = parse_cn_decimal(m.group("n1") or m.group("n2"))
        if number is not None:
            scale = _PREFIX_SCALE[m.group("pre")] if m.group("pre") else _SUFFIX_SCALE[m.group("post")]
            return m, number / scale
    return None


def parse_rate(text: str) -> Decimal | None:
    """The first rate in `text` as a fraction; None when there is none."""
    if not isinstance(text, str):
        return None
    return _parse_rate(text)


@short_text_cache
def _parse_rate(text: str) -> Decimal | None:
    found = _first_rate(squash(text))
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
    s = squash(text)
    found = _first_rate(s)
    if not found:
        return False
    m = found[0]
    return bool(_DAILY_BEFORE.search(s[: m.start()]) or _DAILY_AFTER.match(s[m.end() :]))
