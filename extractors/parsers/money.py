"""Amount text → Decimal CNY yuan, quantised to 0.01.

Handles the forms met in contracts: `¥1,202,000.00元`, `人民币1202000元整`,
`15.5万元`, `一点五万元`, `壹佰贰拾万零贰仟元整`, `陆万整`, `叁佰元零伍分`,
`人民币（大写）壹拾伍万 元整`, `一百二十万元`, and the Traditional capitals
(`肆佰叁拾萬圓整`, `人民幣壹拾伍萬元整`). The span must hold ONE amount in
yuan, read whole: two amounts (`壹拾伍万元整（¥150,000.00）`), a foreign
currency (`$5`, `USD 5`, `5美元`, `HK$5`, `5欧元`), 角/分 without 元
(`20分`, `二十五分`: a score, or 0.25 yuan?) give None rather than a guess.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from .numerals import canonical, parse_cn_decimal, parse_cn_int, short_text_cache

__all__ = ["parse_money", "is_capital_amount"]

_CENT = Decimal("0.01")
# DuckDB stores DECIMAL(18,2): anything at or above 10^16 cannot be stored.
_LIMIT = Decimal(10) ** 16

# Labels and currency marks before the number, and what may close it;
# brackets come from `人民币（大写）` / `（¥129800 元）` after NFKC turned （） into ().
_LEAD = re.compile(r"(?:人民币|RMB|CNY|大写金额|小写金额|大写|小写|金额|合计|总计|共计|计|为|即|[¥():])*", re.IGNORECASE)
_TRAIL = re.compile(r"(?:人民币|RMB|CNY|\))*$", re.IGNORECASE)
# Money in another currency is no amount in yuan. `$` is looked for before
# the LaTeX wrappers (`$\leq 2$`) are dropped.
_FOREIGN = re.compile(
    r"USD|US\$|HKD|HK\$|EUR|GBP|JPY|AUD|CAD|SGD|TWD|NTD|CHF|KRW|[€£₩₹円]"
    r"|美元|美金|港币|港元|欧元|英镑|日元|日圆|澳元|加元|新台币|台币|新加坡元|瑞士法郎|韩元|卢布|外币",
    re.IGNORECASE,
)

_DIGIT = "零〇一二三四五六七八九两壹贰叁肆伍陆柒捌玖"
_AMOUNT = re.compile(
    r"(?P<num>[^元圆角分整正]+?)??"  # the yuan figure, 万/亿 included
    r"(?P<yuan>[元圆])?"
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


def _is_foreign(text: str) -> bool:
    raw = unicodedata.normalize("NFKC", text)
    # a lone `$` is a dollar; `$…$` around a LaTeX command is OCR debris
    return ("$" in raw and "\\" not in raw) or bool(_FOREIGN.search(canonical(raw)))


@short_text_cache
def _parse_money(text: str, unit: str | None) -> Decimal | None:
    scale = 1
    if unit is not None:
        # Accept the header's own brackets: 金额（万元） → "（万元）".
        scale = _UNIT_SCALE.get(canonical(unit).strip("()"), 0)
        if not scale:
            return None
    if _is_foreign(text):
        return None
    s = canonical(text)
    s = s[_LEAD.match(s).end() :]
    s = s[: _TRAIL.search(s).start()]
    m = _AMOUNT.fullmatch(s)
    if not m or not any(m.group("num", "jiao", "fen")):
        return None
    num, jiao, fen = m.group("num", "jiao", "fen")
    if jiao or fen:
        # 角/分 follow 元 (贰拾元伍角); alone they must be capitals (伍角, 伍分):
        # 20分 and 二十五分 are no amounts
        if num and not m.group("yuan"):
            return None
        if not num and not all(c in _CAPITAL for c in (jiao or "") + (fen or "")):
            return None
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

    Decides `total_amount_words`: `壹拾伍万元整` and `壹拾伍萬圓整` yes; `15万元`,
    `一百二十万元` and mixed forms such as `壹拾5万元` no. 零, 万, 亿 are
    shared by both styles, so at least one capital digit or unit is required.
    """
    if not isinstance(text, str) or parse_money(text) is None:
        return False
    s = canonical(text)
    return any(c in _CAPITAL for c in s) and not any(c in _LOWERCASE for c in s)


# A foreign currency written just before the figures of an amount (USD 50,000元,
# $5,000元, 港币12,000元): the figures are not yuan. Shared by the extractors
# that locate amounts, which test the text before a match with it.
FOREIGN_CURRENCY_BEFORE = re.compile(
    r"(?:USD|US\$|HK\$|HKD|EUR|GBP|JPY|美元|港币|港元|欧元|日元|英镑|[$€£])[ \t]*$", re.IGNORECASE
)
