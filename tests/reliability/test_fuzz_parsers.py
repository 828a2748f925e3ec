"""Property tests for every parser in extractors/parsers: total (never
raise, whatever the input), one return shape, values in their domain, and
round trips of the amount forms met in contracts (capitals with 角/分 via
cn2an, full-width digits, thousands separators, OCR spacing).

The per-parser case tables live in tests/extractors/parsers; this module
throws longer, nastier and non-string input at the same functions.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import cn2an
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hetong.extractors.parsers.dates import parse_date, parse_date_range
from hetong.extractors.parsers.durations import (
    parse_days,
    parse_hours,
    parse_period_days,
    parse_period_months,
)
from hetong.extractors.parsers.money import is_capital_amount, parse_money
from hetong.extractors.parsers.numerals import parse_cn_decimal, parse_cn_int
from hetong.extractors.parsers.rates import parse_rate, rate_is_daily
from hetong.pipeline.read.limits import time_limit
from tests.reliability.fuzzing import fuzz

# Characters the parsers care about, their full-width and OCR variants, and LaTeX debris.
_ALPHABET = (
    "0123456789.,，．０１２３４５６７８９¥￥$元圆角分整正零〇一二三四五六七八九十百千万亿两廿"
    "壹贰叁肆伍陆柒捌玖拾佰仟点%％‰‱倍个百分之日天小时分钟工作周年月号至起止-/~—（）()：: \t\n"
    "\\timesleqg大写小写人民币RMB每按逾期内以"
)
TEXT = st.text(alphabet=st.sampled_from(_ALPHABET) | st.characters(), max_size=160)
NOT_TEXT = st.one_of(st.none(), st.integers(), st.floats(), st.binary(max_size=8), st.lists(st.text(max_size=3)))
FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")
CENT = Decimal("0.01")


def _decimal(value: object, *, places: int | None = None) -> bool:
    return (type(value) is Decimal and value.is_finite() and value >= 0  # type: ignore[operator]
            and (places is None or value.as_tuple().exponent == -places))  # type: ignore[union-attr]


def _date(value: object) -> bool:
    return value is None or type(value) is dt.date


# parser -> (check of its return value). `None` is "not found" for all but the bool ones.
SHAPES: dict[str, tuple[Callable[[Any], Any], Callable[[Any], bool]]] = {
    "parse_money": (parse_money, lambda v: v is None or (_decimal(v, places=2) and v < 10**16)),
    "is_capital_amount": (is_capital_amount, lambda v: type(v) is bool),
    "parse_date": (parse_date, _date),
    "parse_date_range": (parse_date_range, lambda v: type(v) is tuple and len(v) == 2 and all(map(_date, v))),
    "parse_rate": (parse_rate, lambda v: v is None or _decimal(v)),
    "rate_is_daily": (rate_is_daily, lambda v: type(v) is bool),
    "parse_hours": (parse_hours, lambda v: v is None or _decimal(v)),
    "parse_period_months": (parse_period_months, lambda v: v is None or _decimal(v)),
    "parse_period_days": (parse_period_days, lambda v: v is None or (type(v) is int and v >= 0)),
    "parse_days": (parse_days, lambda v: v is None or (
        type(v) is tuple and len(v) == 2 and type(v[0]) is int and v[0] >= 0 and v[1] in ("calendar", "working"))),
    "parse_cn_int": (parse_cn_int, lambda v: v is None or (type(v) is int and v >= 0)),
    "parse_cn_decimal": (parse_cn_decimal, lambda v: v is None or _decimal(v)),
}
NOTHING = {"is_capital_amount": False, "rate_is_daily": False, "parse_date_range": (None, None)}


@pytest.mark.parametrize("name", SHAPES)
@fuzz(150)
@given(text=TEXT)
def test_never_raises_and_returns_one_shape(name: str, text: str) -> None:
    parser, shape = SHAPES[name]
    assert shape(parser(text))


@pytest.mark.parametrize("name", SHAPES)
@fuzz(25)
@given(value=NOT_TEXT)
def test_non_text_is_nothing_found(name: str, value: object) -> None:
    parser, _ = SHAPES[name]
    assert parser(value) == NOTHING.get(name)


@fuzz(100)
@given(TEXT, st.one_of(st.none(), st.sampled_from(["元", "万元", "（万元）", "千元", "亿元", "美元", "", "万"]), TEXT))
def test_parse_money_with_any_header_unit(text: str, unit: str | None) -> None:
    got = parse_money(text, unit=unit)
    assert got is None or (_decimal(got, places=2) and got < 10**16)


# Long runs of one form: a parser is handed one span, but a bad segmentation
# can hand it a whole page. Each must stay linear.
LONG_INPUTS = {
    "digits": "1" * 20_000, "cn_digits": "一" * 20_000, "capitals": "壹拾" * 10_000, "dots": "1." * 10_000,
    "percent_words": "百分之" * 5_000, "years": "2024年" * 4_000, "counts": "1个" * 10_000, "wan": "万" * 20_000,
    "half": "半" * 20_000, "commas": "1," * 10_000, "latex": "$\\times" * 3_000, "zero_point": "零点" * 10_000,
}


@pytest.mark.parametrize("name", SHAPES)
@pytest.mark.parametrize("text", LONG_INPUTS.values(), ids=LONG_INPUTS.keys())
def test_parsers_are_fast_on_long_runs(name: str, text: str) -> None:
    parser, shape = SHAPES[name]
    t0 = time.perf_counter()
    with time_limit(5):
        assert shape(parser(text))
    assert time.perf_counter() - t0 < 2.0


# -- money round trips ----------------------------------------------------------------------


@fuzz(100)
@given(st.integers(min_value=1, max_value=10**11), st.sampled_from(["", "人民币", "人民币（大写）", "大写：", "（大写）"]),
       st.data())
def test_capital_amounts_with_jiao_fen_and_ocr_spaces_round_trip(cents: int, label: str, data: st.DataObject) -> None:
    amount = Decimal(cents).scaleb(-2)
    words = cn2an.an2cn(f"{amount:.2f}", "rmb")  # 壹拾贰元零伍分, 伍角, 壹佰元整
    cut = data.draw(st.integers(min_value=0, max_value=len(words)), label="space at")
    spaced = words[:cut] + data.draw(st.sampled_from([" ", "  ", "\u3000", "\t"]), label="space") + words[cut:]
    assert parse_money(label + spaced) == amount
    assert is_capital_amount(label + spaced)


@fuzz(100)
@given(st.integers(min_value=0, max_value=10**13), st.sampled_from(["¥", "￥", "人民币", "RMB", "小写：", ""]),
       st.sampled_from(["元", "元整", ""]), st.booleans(), st.booleans(), st.sampled_from([",", "，", ""]))
def test_written_figures_round_trip(cents: int, prefix: str, suffix: str, full_width: bool, decimals: bool,
                                    separator: str) -> None:
    amount = Decimal(cents).scaleb(-2) if decimals else Decimal(cents // 100)
    figures = f"{amount:,.2f}" if decimals else f"{amount:,.0f}"
    figures = figures.replace(",", separator)
    if full_width:
        figures = figures.translate(FULL_WIDTH)
    assert parse_money(prefix + figures + suffix) == amount.quantize(CENT)


@fuzz(100)
@given(st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=13), st.data())
def test_each_digit_in_either_width_is_the_same_digit(digits: list[int], data: st.DataObject) -> None:
    mixed = "".join(
        chr(0xFF10 + d) if data.draw(st.booleans(), label=f"wide {i}") else str(d) for i, d in enumerate(digits)
    )
    assert parse_money(mixed + "元") == Decimal("".join(map(str, digits))).quantize(CENT)


@fuzz(100)
@given(st.integers(min_value=1000, max_value=10**12), st.data())
def test_misplaced_thousands_separators_are_not_a_number(n: int, data: st.DataObject) -> None:
    """`12,34元` is not 1234 (nor 12.34): None rather than a guess."""
    digits = str(n)
    cut = data.draw(st.integers(min_value=1, max_value=len(digits) - 1), label="comma at")
    text = digits[:cut] + "," + digits[cut:]
    groups = text.split(",")
    if len(groups[1]) == 3 and len(groups[0]) <= 3:
        return  # a well-placed separator
    assert parse_money(text + "元") is None


@fuzz(100)
@given(st.integers(min_value=1, max_value=10**12))
def test_lowercase_chinese_amounts_round_trip(n: int) -> None:
    assert parse_money(cn2an.an2cn(n) + "元") == n


@fuzz(100)
@given(st.integers(min_value=1, max_value=10**6).map(lambda n: n * 100))
def test_wan_amounts_round_trip(n: int) -> None:
    wan = Decimal(n) / 10_000
    assert parse_money(f"{wan.normalize():f}万元") == n
    assert parse_money(f"{wan.normalize():f}".translate(FULL_WIDTH), unit="（万元）") == n


@fuzz(100)
@given(st.integers(min_value=10**16, max_value=10**30), st.sampled_from(["{n}元", "¥{n:,}", "{n}.00元"]))
@example(10**16, "{n}元")
def test_amounts_duckdb_cannot_hold_are_refused(n: int, form: str) -> None:
    """DECIMAL(18,2) holds < 10^16: a bigger amount is None, never a rounded one."""
    assert parse_money(form.format(n=n)) is None


# -- other round trips with full-width and spaced forms ----------------------------------------


@fuzz(100)
@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["{y}年{m}月{d}日", "{y} 年 {m} 月 {d} 日", "{y}-{m:02d}-{d:02d}", "{y}.{m}.{d}"]))
def test_full_width_dates_round_trip(d: dt.date, form: str) -> None:
    text = form.format(y=d.year, m=d.month, d=d.day)
    assert parse_date(text.translate(FULL_WIDTH)) == d
    assert parse_date_range(f"签订日期：{text}".translate(FULL_WIDTH)) == (d, None)


@fuzz(100)
@given(st.decimals(min_value=0, max_value=100, places=2), st.sampled_from(["％", "%"]), st.booleans())
def test_full_width_rates_round_trip(x: Decimal, mark: str, full_width: bool) -> None:
    text = f"{x}{mark}"
    assert parse_rate(text.translate(FULL_WIDTH) if full_width else text) == x / 100


@fuzz(100)
@given(st.integers(min_value=1, max_value=999), st.booleans())
def test_full_width_durations_round_trip(n: int, full_width: bool) -> None:
    count = str(n).translate(FULL_WIDTH) if full_width else str(n)
    assert parse_hours(f"{count}小时内") == n
    assert parse_days(f"{count}个工作日内") == (n, "working")
    assert parse_period_days(f"{count}日内") == n
    assert parse_period_months(f"服务期{count}个月") == n
