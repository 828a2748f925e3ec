"""parse_cn_int / parse_cn_decimal over the numeral forms met in contracts."""

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.parsers.numerals import parse_cn_decimal, parse_cn_int

FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")

INT_CASES = {
    "lowercase": [
        ("十", 10), ("十二", 12), ("二十三", 23), ("一百零五", 105), ("一百十五", 115),
        ("一千零十", 1010), ("三十一", 31), ("一万二千", 12000), ("一亿二千万", 120_000_000),
    ],
    "zero_and_two": [("〇", 0), ("零", 0), ("两", 2), ("两千三百", 2300), ("廿三", 23), ("廿", 20)],
    "capitals": [
        ("拾", 10), ("壹拾伍", 15), ("壹拾伍万", 150_000), ("壹佰贰拾万零贰仟", 1_202_000),
        ("陆拾万零壹仟", 601_000), ("叁万贰仟肆佰伍拾", 32_450), ("壹亿零壹", 100_000_001),
    ],
    "digit_by_digit_year": [("二〇二五", 2025), ("二零二二", 2022), ("二〇〇八", 2008)],
    "arabic": [("12", 12), ("１２", 12), ("２０２５", 2025), ("1,202,000", 1_202_000), ("0", 0)],
    "mixed_digits_and_units": [("3万", 30_000), ("1.5万", 15_000), ("3万5千", 35_000), ("12万3千", 123_000),
                               ("1亿2000万", 120_000_000), ("３万", 30_000), ("3千万", 30_000_000)],
    "spoken": [("一万二", 12_000), ("两千三", 2300)],
    "not_an_integer": [("1.5", None), ("零点五", None), ("十十", None), ("万", None), ("", None),
                       ("abc", None), ("十二元", None), ("一二三万", None), ("-5", None), ("1,2", None),
                       ("九" * 41, None)],
}

DECIMAL_CASES = {
    "chinese_point": [("零点五", "0.5"), ("一点五", "1.5"), ("零点零五", "0.05"), ("十二点三四", "12.34"),
                      ("1点5", "1.5"), ("〇点五", "0.5")],
    "arabic": [("0.5", "0.5"), ("０．５", "0.5"), ("150,000.00", "150000.00"), ("10", "10")],
    "scaled": [("15.5万", "155000"), ("1.23456万", "12345.6")],
    "integers": [("二十", "20"), ("壹拾伍万", "150000")],
    "rejected": [("点五", None), ("十点", None), ("一点五点", None), ("1.2.3", None), ("五%", None)],
}


def _rows(table):
    return [pytest.param(text, want, id=f"{group}:{text}") for group, rows in table.items() for text, want in rows]


@pytest.mark.parametrize(("text", "want"), _rows(INT_CASES))
def test_parse_cn_int(text, want):
    assert parse_cn_int(text) == want


@pytest.mark.parametrize(("text", "want"), _rows(DECIMAL_CASES))
def test_parse_cn_decimal(text, want):
    got = parse_cn_decimal(text)
    assert got == (None if want is None else Decimal(want))
    assert got is None or isinstance(got, Decimal)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789.,点零〇一二三四五六七八九十百千万亿两廿壹贰拾佰仟元 ") | st.characters(),
               max_size=30))
def test_never_raises_and_returns_one_shape(text):
    n = parse_cn_int(text)
    d = parse_cn_decimal(text)
    assert n is None or type(n) is int
    assert d is None or isinstance(d, Decimal)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["low", "up"]))
def test_round_trips_cn2an_spelling(n, mode):
    assert parse_cn_int(cn2an.an2cn(n, mode)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_full_width_digits_are_digits(n):
    assert parse_cn_int(str(n).translate(FULL_WIDTH)) == n
