"""Amount text → Decimal CNY yuan, quantised to 0.01.

Handles the forms met in contracts: `¥1,202,000.00元`, `人民币1202000元整`,
`15.5万元`, `壹佰贰拾万零贰仟元整`, `陆万整`, `叁佰元零伍分`,
`人民币（大写）壹拾伍万 元整`, `一百二十万元`. The span must hold ONE amount:
two amounts (`壹拾伍万元整（¥150,000.00）`) give None rather than a guess.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from .numerals import parse_cn_decimal, parse_cn_int, short_text_cache, squash

__all__ = ["parse_money", "is_capital_amount"]

_CENT = Decimal("0.01")
# DuckDB stores DECIMAL(18,2): anything at or above 10^16 cannot be stored.
_LIMIT = Decimal(10) ** 16

# Labels and currency marks around the number; brackets come from
# `人民币（大写）` / `（¥129800 元）` after NFKC turned （） into ().
_NOISE = re.compile(r"人民币|RMB|CNY|大写金额|小写金额|大写|小写|金额|合计|总计|共计|计|为|即|[¥():]", re.IGNORECASE)

_DIGIT = "零〇一二三四五六七八九两壹贰叁肆伍陆柒捌玖"
_AMOUNT = re.compile(
    r"(?P<num>[^元圆角分整正]+?)??"  # the yuan figure, 万/亿 included
    r"[元圆]?"
    rf"(?:零?(?P<jiao>[{_DIGIT}0-9])角)?"
    rf"(?:零?(?P<fen>[{_DIGIT}0-9])分)?"
    r"[整正]?"  # 元整 / 陆万整: "and no cents"
)

# A table header such as 金额（万元） scales bare numbers in its cells.
_UNIT_SCALE = {"元": 1, "圆": 1, "千元": 1000, "万元": 10**4, "万": 10**4, "亿元": 10**8}
_EXPLICIT_UNIT = re.compile(r"[元圆万亿角分]")

_CAPITAL = set("壹贰叁肆伍陆柒捌玖拾佰仟")
_LOWERCASE = set("一二三四五六七八九十百千两廿〇0123456789")


def parse_money(text: str, unit: str | None = None) -> Decimal | None:
    """One amount → yuan as Decimal (2 places), or None.

    `unit` is the header unit of a table column ("万元", "（万元）", "元"). It only
    scales text without its own unit: a cell `15` under 金额（万元） is
    150000, a cell `15万元` stays 150000. An unknown unit gives None.
    """
    if not isinstance(text, str) or not (unit is None or isinstance(unit, str)):
        return None  # a unit that is not text is an unknown unit
    return _parse_money(text, unit)


@short_text_cache
def _parse_money(text: str, unit: str | None) -> Decimal | None:
    scale = 1
    if unit is not None:
        # Accept the header's own brackets: 金额（万元） → "（万元）".
        scale = _UNIT_SCALE.get(squash(unit).strip("()"), 0)
        if not scale:
            return None
    s = _NOISE.sub("", squash(text))
    m = _AMOUNT.fullmatch(s)
    if not m or not any(m.group("num", "jiao", "fen")):
        return None
    num, jiao, fen = m.group("num", "jiao", "fen")
    yuan = parse_cn_decimal(num) if num else Decimal(0)
    if yuan is None:
        return None
    if jiao or fen:
        # 角/分 only follow a whole number of yuan written out (贰拾元伍角).
        if yuan != yuan.to_integral_value():
            return None
        yuan += Decimal(parse_cn_int(jiao or "0")) / 10 + Decimal(parse_cn_int(fen or "0")) / 100
    if not _EXPLICIT_UNIT.search(s):
        yuan *= scale
    if yuan >= _LIMIT:
        return None
    return yuan.quantize(_CENT, rounding=ROUND_HALF_UP)


def is_capital_amount(text: str) -> bool:
    """True when `text` is one amount written in capital numerals (壹贰叁…).

    Decides `total_amount_words`: `壹拾伍万元整` yes; `15万元`, `一百二十万元`
    and mixed forms such as `壹拾5万元` no. 零, 万, 亿 are shared by both
    styles, so at least one capital digit or unit is required.
    """
    if not isinstance(text, str) or parse_money(text) is None:
        return False
    s = squash(text)
    return any(c in _CAPITAL for c in s) and not any(c in _LOWERCASE for c in s)
