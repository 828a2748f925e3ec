"""parse_money / is_capital_amount over the amount forms met in contracts."""

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.parsers.money import is_capital_amount, parse_money

FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")

MONEY_CASES = {
    "arabic_with_marks": [
        ("¥129800 元", "129800"), ("￥150,000.00元", "150000"), ("人民币1202000元整", "1202000"),
        ("1,202,000", "1202000"), ("60000元", "60000"), ("¥1202000元整", "1202000"),
        ("¥97,720.10", "97720.10"), ("1101886.79 元", "1101886.79"), ("（¥129800 元）", "129800"),
        ("¥1,286,000.00", "1286000"), ("RMB 5000", "5000"),
    ],
    "rounding_to_cents": [("1101886.785元", "1101886.79"), ("0.004元", "0.00"), ("0.005元", "0.01")],
    "wan_units": [("15万元", "150000"), ("15.5万元", "155000"), ("3万5千元", "35000"), ("1.2亿元", "120000000")],
    "capital_integers": [
        ("壹拾伍万元整", "150000"), ("陆万整", "60000"), ("壹拾贰万玖仟捌佰元整", "129800"),
        ("叁万贰仟肆佰伍拾元整", "32450"), ("伍仟元", "5000"), ("壹万圆整", "10000"),
        ("壹佰壹拾陆万捌仟元整", "1168000"), ("贰万伍仟元整", "25000"), ("壹拾元正", "10"),
    ],
    "capital_with_zero": [
        ("壹佰贰拾万零贰仟元整", "1202000"), ("陆拾万零壹仟元整", "601000"), ("叁拾陆万零陆佰元整", "360600"),
        ("贰拾肆万零肆佰元整", "240400"), ("壹拾万零伍佰元整", "100500"), ("壹亿零壹元整", "100000001"),
    ],
    "jiao_fen": [
        ("贰拾元伍角", "20.50"), ("叁佰元零伍分", "300.05"), ("壹佰元伍角陆分", "100.56"), ("伍角", "0.50"),
        ("伍分", "0.05"), ("肆拾捌万陆仟叁佰伍拾元伍角", "486350.50"), ("壹拾万元零伍分", "100000.05"),
        ("壹元零伍角", "1.50"),
    ],
    "labels_brackets_spaces": [
        ("人民币（大写）壹拾伍万元整", "150000"), ("（大写）壹拾伍万 元整", "150000"),
        ("大写：陆拾万零壹仟元整", "601000"), ("（人民币大写：叁拾陆万零陆佰元整）", "360600"),
        ("合计：壹佰贰拾万零贰仟元整", "1202000"), ("小写：（￥150,000.00）", "150000"),
        ("人民币（大写）:  壹拾伍万  元整", "150000"), ("计¥601000元", "601000"),
    ],
    "lowercase_chinese": [("一百二十万元", "1200000"), ("十五万元", "150000"), ("三千元", "3000"), ("两万元", "20000")],
    "full_width": [("１２０００元", "12000"), ("￥１５０，０００．００元", "150000"), ("１５万元", "150000")],
    "not_one_amount": [
        ("", None), ("元", None), ("整", None), ("人民币", None), ("壹拾伍万元整（¥150,000.00）", None),
        ("1.5角", None), ("金额为多少", None), ("-500元", None), ("15美元", None), ("10000000000000000", None),
        ("元整壹万", None), ("1,2,3元", None),
    ],
}

UNIT_CASES = [
    ("15", "万元", "150000"), ("120.2", "万元", "1202000"), ("1,202,000", "元", "1202000"),
    ("15万元", "万元", "150000"), ("60000元", "万元", "60000"), ("15", None, "15"), ("5", "千元", "5000"),
    ("15", "（万元）", "150000"), ("15", "美元", None), ("１５", "万元", "150000"),
]

CAPITAL_CASES = [
    ("壹拾伍万元整", True), ("人民币（大写）壹拾伍万元整", True), ("陆万整", True), ("贰拾元伍角", True),
    ("壹万圆整", True), ("15万元", False), ("一百二十万元", False), ("壹拾5万元", False), ("零元", False),
    ("壹拾伍万元整（¥150,000.00）", False), ("壹拾伍", True), ("", False), ("伍拾万元", True),
]


def _rows(table):
    return [pytest.param(text, want, id=f"{group}:{text}") for group, rows in table.items() for text, want in rows]


@pytest.mark.parametrize(("text", "want"), _rows(MONEY_CASES))
def test_parse_money(text, want):
    assert parse_money(text) == (None if want is None else Decimal(want))


@pytest.mark.parametrize(("text", "unit", "want"), [pytest.param(*row, id=f"{row[0]}|{row[1]}") for row in UNIT_CASES])
def test_parse_money_with_header_unit(text, unit, want):
    assert parse_money(text, unit=unit) == (None if want is None else Decimal(want))


@pytest.mark.parametrize(("text", "want"), [pytest.param(*row, id=row[0] or "empty") for row in CAPITAL_CASES])
def test_is_capital_amount(text, want):
    assert is_capital_amount(text) is want


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789.,¥元圆角分整零万亿壹贰叁拾佰仟一二十百千人民币大写（）: ")
               | st.characters(), max_size=30),
       st.sampled_from([None, "元", "万元", "美元"]))
def test_never_raises_and_returns_cents(text, unit):
    got = parse_money(text, unit=unit)
    assert got is None or (isinstance(got, Decimal) and got.as_tuple().exponent == -2)
    assert isinstance(is_capital_amount(text), bool)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**9))
def test_round_trips_rmb_capitals(n):
    words = cn2an.an2cn(n, "rmb")  # e.g. 壹佰贰拾万贰仟元整
    assert parse_money(words) == n
    assert is_capital_amount(words)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**11))
def test_round_trips_rmb_jiao_fen(cents):
    amount = Decimal(cents).scaleb(-2)
    words = cn2an.an2cn(f"{amount:.2f}", "rmb")  # e.g. 壹拾贰元零伍分, 伍角
    assert parse_money(words) == amount


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**13))
def test_round_trips_written_figures(cents):
    amount = Decimal(cents).scaleb(-2)
    assert parse_money(f"¥{amount:,.2f}元") == amount
    assert parse_money(f"￥{amount:,.2f}元".translate(FULL_WIDTH)) == amount
