"""Chinese and Arabic numerals → int / Decimal.

Every parser in this package NFKC-normalises first (via `squash`), so
full-width digits (１２), full-width ％ and ￥ arrive here as ASCII.
Pure-Chinese integers are delegated to cn2an ("normal" mode validates the
form and knows 两, 〇, 廿, capitals and digit-by-digit years); Arabic parts
and decimals are handled here because cn2an goes through float for them.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

__all__ = ["NUMBER", "squash", "parse_cn_int", "parse_cn_decimal"]

# Digits and units cn2an understands, plus 廿 (it rewrites 廿 → 二十).
_CN_DIGITS = "零〇一二三四五六七八九两壹贰叁肆伍陆柒捌玖"
_CN_UNITS = "十百千万亿拾佰仟廿"
_CN_CHARS = _CN_DIGITS + _CN_UNITS

# One number as it appears in a contract: Arabic with optional decimals, or a
# run of Chinese numeral characters (with 点 for decimals). The sibling
# parsers embed this fragment as is to find the number before 小时, 个月, 倍 …
NUMBER = rf"(?:[0-9]+(?:\.[0-9]+)?|[{_CN_CHARS}点]+)"

# Longer numerals are not amounts but OCR noise; the cap also keeps cn2an and
# int↔str conversion away from pathological input.
_MAX_LEN = 40

# `$\leq 2$ 小时`, `$\geq 5\%$`, `7 $\times 24$`: OCR of PDFs emits LaTeX.
_LATEX = {r"\times": "×", r"\leq": "≤", r"\geq": "≥", r"\%": "%", "$": ""}
_WS = re.compile(r"\s+")

_FRACTION_DIGITS = {c: str(i % 10) for i, c in enumerate("零一二三四五六七八九")}
_FRACTION_DIGITS.update({c: str(i + 1) for i, c in enumerate("壹贰叁肆伍陆柒捌玖")})
_FRACTION_DIGITS.update({"〇": "0", "两": "2", **{str(i): str(i) for i in range(10)}})

_ARABIC = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
# "15.5万", "3千万": an Arabic quantity scaled by a unit chain.
_ARABIC_SCALED = re.compile(r"([0-9]+(?:\.[0-9]+)?)(十|百|千|万|亿|十万|百万|千万|万亿)")
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_DIGIT_RUN = re.compile(r"[0-9]+")


def squash(text: str) -> str:
    """NFKC, drop OCR'd LaTeX wrappers, drop all white space.

    Parsers get one span, so white space inside it (`2025 年 3 月`,
    `壹拾伍万  元整`) is layout, never a separator between two values.
    """
    s = unicodedata.normalize("NFKC", text)
    for latex, plain in _LATEX.items():
        s = s.replace(latex, plain)
    return _WS.sub("", s)


def _cn_integer(s: str) -> int | None:
    """Integer part in Chinese numerals, Arabic digit runs allowed ("3万5千")."""
    if not s or len(s) > _MAX_LEN or not all(c in _CN_CHARS or (c.isascii() and c.isdigit()) for c in s):
        return None
    if s.isdigit():
        return int(s)
    # Mixed forms: spell the Arabic runs in Chinese so cn2an sees one system.
    # A run with a leading zero ("1万05") is not a numeral we can read.
    if any(run.startswith("0") and run != "0" for run in _DIGIT_RUN.findall(s)):
        return None
    import cn2an  # ~0.2 s of tables and regexes: paid on first use, not at import

    try:
        s = _DIGIT_RUN.sub(lambda m: cn2an.an2cn(m.group()), s)
        value = cn2an.cn2an(s, "normal")
    except Exception:  # cn2an raises ValueError/KeyError/IndexError on bad forms
        return None
    return value if type(value) is int and value >= 0 else None


def parse_cn_decimal(text: str) -> Decimal | None:
    """A non-negative number in any contract form → Decimal, else None.

    零点五 → 0.5, 0.5 → 0.5, 1,202,000 → 1202000, 15.5万 → 155000,
    二〇二五 → 2025, 壹拾伍万 → 150000. Signs are not numerals here: amounts,
    rates and durations in contracts are never negative.
    """
    if not isinstance(text, str):
        return None
    s = squash(text)
    if not s or len(s) > _MAX_LEN:
        return None
    if _ARABIC.fullmatch(s):
        return Decimal(s.replace(",", ""))
    if m := _ARABIC_SCALED.fullmatch(s):
        scale = 1
        for unit in m.group(2):
            scale *= _UNIT_VALUE[unit]
        return Decimal(m.group(1)) * scale
    whole, dot, frac = s.partition("点")
    integer = _cn_integer(whole)
    if integer is None:
        return None
    if not dot:
        return Decimal(integer)
    # Fraction digits are read one by one (零点零五 → .05), never with units.
    if not frac or not all(c in _FRACTION_DIGITS for c in frac):
        return None
    return Decimal(f"{integer}.{''.join(_FRACTION_DIGITS[c] for c in frac)}")


def parse_cn_int(text: str) -> int | None:
    """A non-negative integer in any contract form → int, else None.

    十二 → 12, 一百零五 → 105, 二〇二五 → 2025 (digit by digit), 两 → 2,
    廿三 → 23, 壹拾伍 → 15, 3万 → 30000, 1.5万 → 15000. A value with a
    fractional part (1.5, 一点五) is not an integer → None.
    """
    value = parse_cn_decimal(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)
