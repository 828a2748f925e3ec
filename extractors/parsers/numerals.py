"""Chinese and Arabic numerals → int / Decimal.

Every parser in this package reads its span through `canonical`: NFKC (so
full-width digits １２, ％ and ￥ arrive as ASCII), white space dropped, and
Traditional or variant characters (萬 億 點 兩 貳 參 陸 圓 號 個 時 鐘 ○ …)
read as the simplified ones the patterns name. Chinese integers (两, 〇,
廿, capitals, digit-by-digit years, Arabic runs mixed in) are read here by
hand: cn2an does it too but costs ~0.4 s of start-up; the tests check every
form against cn2an.an2cn round trips.

Total or nothing: a numeral is read whole or not at all. Forms with two
readings give None rather than a guess: a capital numeral cut short
(壹万贰: capitals are never abbreviated), one Arabic digit after 百/千/万/亿
(1万6: 10006 or 16000?), a digit after 千 before 万 (三千五万), a
dangling 零 (十万零). Thousands right after 亿 are thousands (壹亿伍仟 is
100005000: the rules for writing capital amounts let 零 be dropped where
the 万 digit is 0 and the 千 digit is not, and cn2an.an2cn writes so).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache, wraps
from typing import TypeVar

__all__ = [
    "NUMBER", "NUMBER_START", "squash", "canonical", "parse_cn_int", "parse_cn_decimal", "short_text_cache",
]  # fmt: skip

# Digits and units cn2an understands, plus 廿 (it rewrites 廿 → 二十).
_CN_DIGITS = "零〇一二三四五六七八九两壹贰叁肆伍陆柒捌玖"
_CN_UNITS = "十百千万亿拾佰仟廿"
_CN_CHARS = _CN_DIGITS + _CN_UNITS

# Traditional and variant characters, read as the simplified ones. Only
# characters that some parser's pattern names are listed, one for one, so a
# span keeps its length. `canonical` applies it; `squash` does not (the
# flags keep the text they show as written).
_VARIANTS = str.maketrans({
    # numerals
    "萬": "万", "億": "亿", "點": "点", "兩": "两", "貳": "贰", "貮": "贰", "參": "叁", "叄": "叁",
    "陸": "陆", "○": "〇", "◯": "〇",
    # money
    "圓": "圆", "幣": "币", "寫": "写", "額": "额", "計": "计", "總": "总", "為": "为",
    # dates and durations
    "號": "号", "個": "个", "時": "时", "鐘": "钟", "鍾": "钟", "頭": "头", "週": "周", "禮": "礼",
    "內": "内", "曆": "历", "歷": "历", "於": "于", "遲": "迟", "後": "后", "屆": "届", "滿": "满",
    # rates
    "節": "节",
})  # fmt: skip
# The numeral characters among them, for patterns run over raw text.
_VARIANT_NUMERALS = "萬億兩貳貮參叄陸○◯"

# One number as it appears in a contract: Arabic (thousands separators and
# decimals allowed), Chinese numeral characters (with 点 for decimals), or a
# run mixing both (3万5千, 1.5万, 200亿零四千230). The sibling parsers embed
# this fragment as is to find the number before 小时, 个月, 倍 … It matches
# Traditional numerals too, so finders may run it over raw text.
_ARABIC_FRAGMENT = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?![0-9])"
NUMBER = rf"(?:{_ARABIC_FRAGMENT}|[{_CN_CHARS}{_VARIANT_NUMERALS}点點])+"
NUMBER_START = rf"[0-9{_CN_CHARS}{_VARIANT_NUMERALS}点點]"  # the first character of a NUMBER

# Longer numerals are not amounts but OCR noise; the cap also keeps
# int↔str conversion away from pathological input.
_MAX_LEN = 40

# `$\leq 2$ 小时`, `$\geq 5\%$`, `7 $\times 24$`: OCR of PDFs emits LaTeX.
_LATEX = {r"\times": "×", r"\leq": "≤", r"\geq": "≥", r"\%": "%", "$": ""}

_FRACTION_DIGITS = {c: str(i % 10) for i, c in enumerate("零一二三四五六七八九")}
_FRACTION_DIGITS.update({c: str(i + 1) for i, c in enumerate("壹贰叁肆伍陆柒捌玖")})
_FRACTION_DIGITS.update({"〇": "0", "两": "2", **{str(i): str(i) for i in range(10)}})

_ARABIC = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
# "15.5万", "3千万", "1,500万": an Arabic quantity scaled by a unit chain.
_ARABIC_SCALED = re.compile(r"(?P<n>(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)(?P<unit>[十百千]?万?亿?)")
# "二十点一万", "一点五亿", "十六点三亿": a Chinese decimal scaled by 万/亿.
_CN_SCALED = re.compile(r"(?P<whole>[^点]+)点(?P<frac>[^点万亿]+)(?P<unit>万|亿|万亿)?")
_UNIT_VALUE = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}


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


def _nfkc(text: str) -> str:
    s = unicodedata.normalize("NFKC", text)
    if "$" in s or "\\" in s:  # every LaTeX wrapper holds one of them
        for latex, plain in _LATEX.items():
            s = s.replace(latex, plain)
    return s


def squash(text: str) -> str:
    """NFKC, drop OCR'd LaTeX wrappers, drop all white space.

    Parsers get one span, so white space inside it (`2025 年 3 月`,
    `壹拾伍万  元整`) is layout, never a separator between two values.
    """
    # str.split and re's \s agree on what white space is
    return "".join(_nfkc(text).split())


def canonical(text: str) -> str:
    """`squash`, then Traditional and variant characters as the simplified
    ones the parsers read: 壹拾伍萬圓整 → 壹拾伍万圆整, 1年11個月 → 1年11个月,
    二○一八年 → 二〇一八年, 一個小時 → 一个小时."""
    return squash(text).translate(_VARIANTS)


_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")}
_DIGIT_VALUE.update({c: i + 1 for i, c in enumerate("壹贰叁肆伍陆柒捌玖")})
_DIGIT_VALUE.update({"〇": 0, "两": 2})
_ZERO = {"零", "〇"}
_CAPITALS = set("壹贰叁肆伍陆柒捌玖拾佰仟")
_SMALL_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_TOKEN = re.compile(r"[0-9]+|.")


def _cn_integer(s: str) -> int | None:
    """Integer part in Chinese numerals, Arabic digit runs allowed ("3万5千")."""
    if not s or len(s) > _MAX_LEN or not all(c in _CN_CHARS or c in "0123456789" for c in s):
        return None
    if s.isdigit():
        return int(s)
    tokens = _TOKEN.findall(s.replace("廿", "二十"))
    # A run with a leading zero ("1万05") is not a numeral we can read.
    if any(t[0] == "0" and t != "0" for t in tokens):
        return None
    if len(tokens) > 1 and all(t in _DIGIT_VALUE for t in tokens):
        # a year read digit by digit (二〇二五); 两 is never a year digit
        return None if "两" in tokens else int("".join(str(_DIGIT_VALUE[t]) for t in tokens))
    # 一万二 = 12000, 一百五 = 150: colloquial, so only in lowercase Chinese.
    spoken = not any(t[0].isdigit() or t in _CAPITALS for t in tokens)
    return _below(tokens, 10**12, spoken, last=True)


# Reading Chinese integers by hand rather than through cn2an: importing cn2an
# costs ~0.4 s of start-up and every contract has a capital-numeral amount.
# cn2an stays the oracle of the tests (round trips through cn2an.an2cn).
def _below(tokens: list[str], level: int, spoken: bool, last: bool) -> int | None:
    """The value of `tokens`, a numeral whose largest unit is below `level`
    (10**12: 亿 allowed; 10**8: 万 allowed; 10**4: one section of 千百十).
    `last`: these tokens end the whole numeral (a colloquial tail may end it)."""
    if level > 10**4:
        big, unit = ("亿", 10**8) if level > 10**8 else ("万", 10**4)
        if big in tokens:
            cut = tokens.index(big)
            head = _below(tokens[:cut], unit, spoken, last=False)
            tail = _tail(tokens[cut + 1 :], unit, spoken, last)
            if not head or tail is None:
                return None  # 万 / 零万 / 一万万
            return head * unit + tail
        return _below(tokens, unit, spoken, last)
    return _section(tokens, spoken, last)


def _tail(tokens: list[str], unit: int, spoken: bool, last: bool) -> int | None:
    """What follows 万 (unit 10**4) or 亿 (10**8): less than one unit."""
    if not tokens:
        return 0
    if tokens[0] in _ZERO:  # 一万零五百, 壹亿零壹
        rest = tokens[1:]
        if not rest or rest[0] in _ZERO:
            return None  # 十万零 is cut short
        value = _below(rest, unit, spoken, last)
        return value if value is not None and value < unit else None
    if len(tokens) == 1 and tokens[0] in _DIGIT_VALUE:
        # one digit right after 万/亿: 一万二 = 12000 in speech; 壹万贰 has
        # two readings (capitals are never abbreviated)
        return _DIGIT_VALUE[tokens[0]] * (unit // 10) if spoken and last else None
    if len(tokens) == 1 and len(tokens[0]) == 1 and tokens[0].isdigit():
        return None  # 1万6: 10006 or 16000?
    value = _below(tokens, unit, spoken, last)
    return value if value is not None and value < unit else None


def _section(tokens: list[str], spoken: bool, last: bool) -> int | None:
    """One section below 万: 十二 → 12, 一百零五 → 105, 3千500 → 3500,
    一百五 → 150 (colloquial); None for malformed forms (十十, 十百, 一百二三,
    一百五零, 1万15百, 3千5, 一百零)."""
    if len(tokens) == 1 and tokens[0] not in _SMALL_UNIT:
        t = tokens[0]
        return int(t) if t[0].isdigit() else _DIGIT_VALUE.get(t)
    total = 0
    last_unit = 10**4  # units within a section must fall: 千 > 百 > 十
    digit: str | None = None  # the digit token waiting for its unit
    after_zero = zero = False
    for tok in tokens:
        if tok in _ZERO:
            if digit is not None or zero or total == 0:
                return None  # 五零, 零零, 零五 inside a numeral
            zero = True
        elif tok[0].isdigit() or tok in _DIGIT_VALUE:
            if digit is not None:
                return None  # two numbers in a row: 二三
            digit, after_zero, zero = tok, zero, False
        elif tok in _SMALL_UNIT:
            unit = _SMALL_UNIT[tok]
            if unit >= last_unit:
                return None  # 十百, 十十
            if digit is None:
                if unit != 10:
                    return None
                digit = "一"  # 十二, 一百十五: a bare 十 is 一十
            value = int(digit) if digit[0].isdigit() else _DIGIT_VALUE[digit]
            if not 0 < value < 10:
                return None  # 15百, 0千: no contract form
            total += value * unit
            digit, last_unit, zero = None, unit, False
        else:
            return None
    if zero:
        return None  # 一百零: cut short
    if digit is None:
        return total
    arabic = digit[0].isdigit()
    value = int(digit) if arabic else _DIGIT_VALUE[digit]
    if last_unit >= 100 and not after_zero:
        # A digit right after 百/千: 一百五 = 150 in speech, but only at the end
        # of lowercase Chinese (三千五万 and 壹仟伍 have two readings); Arabic
        # after a unit is read as written (3千500 = 3500) when it has more
        # than one digit (3千5: 3005 or 3500?).
        if not arabic:
            return total + value * (last_unit // 10) if spoken and last else None
        if len(digit) == 1:
            return None
    return total + value if value < last_unit else None


def parse_cn_decimal(text: str) -> Decimal | None:
    """A non-negative number in any contract form → Decimal, else None.

    零点五 → 0.5, 0.5 → 0.5, 1,202,000 → 1202000, 15.5万 → 155000,
    二十点一万 → 201000, 二〇二五 → 2025, 壹拾伍萬 → 150000, 1万600 → 10600.
    Signs are not numerals here: amounts, rates and durations in contracts
    are never negative.
    """
    if not isinstance(text, str):
        return None
    return _parse_cn_decimal(text)


def _scale(units: str) -> int:
    scale = 1
    for unit in units:
        scale *= _UNIT_VALUE[unit]
    return scale


@short_text_cache
def _parse_cn_decimal(text: str) -> Decimal | None:
    s = canonical(text)
    if not s or len(s) > _MAX_LEN:
        return None
    if _ARABIC.fullmatch(s):
        return Decimal(s.replace(",", ""))
    if (m := _ARABIC_SCALED.fullmatch(s)) and m.group("unit"):
        return Decimal(m.group("n").replace(",", "")) * _scale(m.group("unit"))
    if m := _CN_SCALED.fullmatch(s):
        whole, frac, unit = m.group("whole", "frac", "unit")
        # Fraction digits are read one by one (零点零五 → .05), never with
        # units; a scaled decimal has no 万/亿 before its point (一万点五万).
        if not all(c in _FRACTION_DIGITS for c in frac) or (unit and ("万" in whole or "亿" in whole)):
            return None
        integer = _cn_integer(whole)
        if integer is None:
            return None
        return Decimal(f"{integer}.{''.join(_FRACTION_DIGITS[c] for c in frac)}") * _scale(unit or "")
    if "点" in s:
        return None  # 点五, 十点, 一点五点
    integer = _cn_integer(s)
    return None if integer is None else Decimal(integer)


def parse_cn_int(text: str) -> int | None:
    """A non-negative integer in any contract form → int, else None.

    十二 → 12, 一百零五 → 105, 二〇二五 → 2025 (digit by digit), 两 → 2,
    廿三 → 23, 壹拾伍 → 15, 3万 → 30000, 1.5万 → 15000, 兩萬 → 20000. A value
    with a fractional part (1.5, 一点五) is not an integer → None.
    """
    value = parse_cn_decimal(text)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)
