"""Chinese and Arabic numerals → int / Decimal.

Every parser in this package NFKC-normalises first (via `squash`), so
full-width digits (１２), full-width ％ and ￥ arrive here as ASCII.
Chinese integers (两, 〇, 廿, capitals, digit-by-digit years, Arabic runs
mixed in) are read here by hand: cn2an does it too but costs ~0.4 s of
start-up; the tests check every form against cn2an.an2cn round trips.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache, wraps
from typing import TypeVar

__all__ = ["NUMBER", "NUMBER_START", "squash", "parse_cn_int", "parse_cn_decimal", "short_text_cache"]

# Digits and units cn2an understands, plus 廿 (it rewrites 廿 → 二十).
_CN_DIGITS = "零〇一二三四五六七八九两壹贰叁肆伍陆柒捌玖"
_CN_UNITS = "十百千万亿拾佰仟廿"
_CN_CHARS = _CN_DIGITS + _CN_UNITS

# One number as it appears in a contract: Arabic with optional decimals, or a
# run of Chinese numeral characters (with 点 for decimals). The sibling
# parsers embed this fragment as is to find the number before 小时, 个月, 倍 …
NUMBER = rf"(?:[0-9]+(?:\.[0-9]+)?|[{_CN_CHARS}点]+)"
NUMBER_START = rf"[0-9{_CN_CHARS}点]"  # the first character of a NUMBER

# Longer numerals are not amounts but OCR noise; the cap also keeps cn2an and
# int↔str conversion away from pathological input.
_MAX_LEN = 40

# `$\leq 2$ 小时`, `$\geq 5\%$`, `7 $\times 24$`: OCR of PDFs emits LaTeX.
_LATEX = {r"\times": "×", r"\leq": "≤", r"\geq": "≥", r"\%": "%", "$": ""}

_FRACTION_DIGITS = {c: str(i % 10) for i, c in enumerate("零一二三四五六七八九")}
_FRACTION_DIGITS.update({c: str(i + 1) for i, c in enumerate("壹贰叁肆伍陆柒捌玖")})
_FRACTION_DIGITS.update({"〇": "0", "两": "2", **{str(i): str(i) for i in range(10)}})

_ARABIC = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
# "15.5万", "3千万": an Arabic quantity scaled by a unit chain.
_ARABIC_SCALED = re.compile(r"([0-9]+(?:\.[0-9]+)?)(十|百|千|万|亿|十万|百万|千万|万亿)")
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_DIGIT_RUN = re.compile(r"[0-9]+")


_T = TypeVar("_T")
# Values worth remembering are short (`¥150,000.00元`, `30日内`, `5%`); the
# bound keeps the caches from holding large texts passed by some caller.
_CACHED_LEN = 200


def short_text_cache(parse: Callable[..., _T]) -> Callable[..., _T]:
    """An lru_cache for a parser that is a pure function of its string
    arguments and returns an immutable value (Decimal, int, str, date, tuple).

    Contracts repeat the same few figures across their sentences, and
    several finders read the same span, so each string is parsed once.
    Longer text is parsed without the cache."""
    cached = lru_cache(maxsize=4096)(parse)

    @wraps(parse)
    def wrapper(text: str, *rest: str | None) -> _T:
        if len(text) <= _CACHED_LEN and (not rest or all(len(r or "") <= _CACHED_LEN for r in rest)):
            return cached(text, *rest)
        return parse(text, *rest)

    wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return wrapper


def squash(text: str) -> str:
    """NFKC, drop OCR'd LaTeX wrappers, drop all white space.

    Parsers get one span, so white space inside it (`2025 年 3 月`,
    `壹拾伍万  元整`) is layout, never a separator between two values.
    """
    s = unicodedata.normalize("NFKC", text)
    if "$" in s or "\\" in s:  # every LaTeX wrapper holds one of them
        for latex, plain in _LATEX.items():
            s = s.replace(latex, plain)
    # str.split and re's \s agree on what white space is
    return "".join(s.split())


def _cn_integer(s: str) -> int | None:
    """Integer part in Chinese numerals, Arabic digit runs allowed ("3万5千")."""
    if not s or len(s) > _MAX_LEN or not all(c in _CN_CHARS or (c.isascii() and c.isdigit()) for c in s):
        return None
    if s.isdigit():
        return int(s)
    # A run with a leading zero ("1万05") is not a numeral we can read.
    if any(run.startswith("0") and run != "0" for run in _DIGIT_RUN.findall(s)):
        return None
    return _read_cn_integer(s.replace("廿", "二十"))


# Reading Chinese integers by hand rather than through cn2an: importing cn2an
# costs ~0.4 s of start-up and every contract has a capital-numeral amount.
# cn2an stays the oracle of the tests (round trips through cn2an.an2cn).
_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")}
_DIGIT_VALUE.update({c: i + 1 for i, c in enumerate("壹贰叁肆伍陆柒捌玖")})
_DIGIT_VALUE.update({"〇": 0, "两": 2})
_SMALL_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_TOKEN = re.compile(r"[0-9]+|.")


def _read_cn_integer(s: str) -> int | None:
    """十二 → 12, 一百零五 → 105, 壹佰贰拾万零贰仟 → 1202000, 3万5千 → 35000,
    二〇二五 → 2025 (digit by digit), 一百五 → 150 (colloquial); None for
    malformed forms (二三, 十十, 万万, 五零)."""
    if all(c in _DIGIT_VALUE for c in s):
        # one digit, or a year read digit by digit; 两 is never a year digit
        return None if len(s) > 1 and "两" in s else int("".join(str(_DIGIT_VALUE[c]) for c in s))
    yi = wan = cur = 0
    digit: int | None = None
    tail_unit = 0  # the unit just before the current digit
    last_unit = 10**4  # units within a section must fall: 千 > 百 > 十
    seen_wan = seen_yi = False
    prev_unit = 0  # value of the unit token just before the current one (0: none)
    for tok in _TOKEN.findall(s):
        if tok.isdigit() or tok in _DIGIT_VALUE:
            value = int(tok) if tok.isdigit() else _DIGIT_VALUE[tok]
            if value == 0 and not tok.isdigit():
                if digit is not None:
                    return None  # 五零
                prev_unit = 0
                continue
            if digit is not None:
                return None  # two numbers in a row: 二三
            digit = value
            tail_unit, prev_unit = prev_unit, 0
            continue
        elif tok in _SMALL_UNIT:
            unit = _SMALL_UNIT[tok]
            if unit >= last_unit:
                return None  # 十百, 十十
            if digit is None:
                if unit != 10:
                    return None
                digit = 1  # 十二, 一百十五: a bare 十 is 一十
            if digit >= 10:
                return None  # an Arabic number before 十/百/千 (15百) is no contract form
            cur += digit * unit
            digit, last_unit = None, unit
            prev_unit = unit
        elif tok in ("万", "亿"):
            cur += digit or 0
            digit = None
            if tok == "万":
                if seen_wan or cur == 0:
                    return None
                wan, cur, seen_wan = cur, 0, True
            else:
                value = wan * 10**4 + cur
                if seen_yi or value == 0:
                    return None
                yi, wan, cur, seen_wan, seen_yi = value, 0, 0, False, True
            last_unit = 10**4
            prev_unit = 10**4 if tok == "万" else 10**8
        else:
            return None
    if digit is not None:
        # 一百五, 一万二 (no 零): a digit right after 百/千/万/亿 counts in the
        # unit below it
        if tail_unit >= 100:
            digit *= tail_unit // 10
        cur += digit
    return yi * 10**8 + wan * 10**4 + cur


def parse_cn_decimal(text: str) -> Decimal | None:
    """A non-negative number in any contract form → Decimal, else None.

    零点五 → 0.5, 0.5 → 0.5, 1,202,000 → 1202000, 15.5万 → 155000,
    二〇二五 → 2025, 壹拾伍万 → 150000. Signs are not numerals here: amounts,
    rates and durations in contracts are never negative.
    """
    if not isinstance(text, str):
        return None
    return _parse_cn_decimal(text)


@short_text_cache
def _parse_cn_decimal(text: str) -> Decimal | None:
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
