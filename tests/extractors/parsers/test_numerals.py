"""parse_cn_int / parse_cn_decimal over the numeral forms met in contracts."""

import re
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hetong.extractors.parsers.numerals import parse_cn_decimal, parse_cn_int

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
    "spoken": [("一万二", 12_000), ("两千三", 2300), ("一百五", 150), ("一千二", 1200), ("一亿二", 120_000_000),
               ("两万五", 25_000), ("三百六", 360), ("一万零二", 10_002)],
    # Traditional characters anywhere in the numeral read as the simplified ones
    "traditional": [
        ("壹拾伍萬", 150_000), ("肆佰叁拾萬", 4_300_000), ("兩萬", 20_000), ("兩千三百", 2300), ("兩", 2),
        ("貳拾", 20), ("參佰", 300), ("叄佰", 300), ("陸仟", 6000), ("壹億貳仟萬", 120_000_000), ("十萬", 100_000),
        ("一億", 100_000_000), ("貳萬伍仟", 25_000), ("壹佰萬零貳仟", 1_002_000), ("陸拾萬零壹仟", 601_000),
        ("參萬貳仟肆佰伍拾", 32_450), ("壹億零壹", 100_000_001), ("3萬5千", 35_000), ("1.5萬", 15_000),
        ("二○二五", 2025), ("二○○八", 2008), ("二◯一八", 2018), ("一萬二", 12_000), ("伍拾萬", 500_000),
    ],
    # after a Chinese unit an Arabic run is read as written: the colloquial
    # 一万二 = 12000 is for Chinese digits only (1万600 is 10600, never 610000)
    "arabic_after_a_unit": [
        ("1万600", 10_600), ("200亿零四千230", 20_000_004_230), ("3千500", 3500), ("1万2000", 12_000),
        ("2万3500", 23_500), ("1万零600", 10_600), ("5亿3000万", 530_000_000), ("12万零50", 120_050),
        ("1万60", 10_060), ("1亿零5万", 100_050_000), ("2萬3500", 23_500), ("1億2000萬", 120_000_000),
    ],
    "arabic_before_wan": [("20000万", 200_000_000), ("1,500万", 15_000_000), ("10000万", 100_000_000),
                          ("1,000亿", 100_000_000_000), ("3百万", 3_000_000)],
    # two readings, or cut short: None, never a guess
    "ambiguous_or_cut_short": [
        ("1万6", None), ("3千5", None), ("1万0", None), ("壹万贰", None), ("壹仟伍", None), ("壹佰伍", None),
        ("三千五万", None), ("十万零", None), ("壹拾万零", None), ("一百零", None), ("1亿20000万", None),
        ("一万万", None), ("1万60000", None), ("四千2300", None), ("零十", None), ("一万百", None), ("百", None),
        ("千", None), ("亿", None), ("萬", None), ("1万05", None), ("一二万", None), ("二十五十", None),
        ("十五百", None), ("一万零零五", None),
    ],
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
    "traditional_point": [("一點五", "1.5"), ("零點零五", "0.05"), ("十二點三四", "12.34"), ("兩點五", "2.5"),
                          ("壹點伍", "1.5"), ("1點5", "1.5")],
    # a Chinese decimal before 万/亿 scales like an Arabic one (15.5万)
    "chinese_decimal_before_wan_yi": [
        ("二十点一万", "201000"), ("一点五亿", "150000000"), ("十六点三亿", "1630000000"), ("一点二万", "12000"),
        ("零点五万", "5000"), ("三点六五万", "36500"), ("一点五万亿", "1500000000000"), ("二十點一萬", "201000"),
        ("一點五億", "150000000"), ("十六點三億", "1630000000"), ("1点5万", "15000"), ("两点五万", "25000"),
    ],
    "arabic_scaled": [("1,500万", "15000000"), ("1.5千万", "15000000"), ("2.5亿", "250000000"),
                      ("3百万", "3000000"), ("1.5萬", "15000"), ("0.5万", "5000")],
    "scaled_rejected": [("一点五千", None), ("一万点五万", None), ("点五万", None), ("一点万", None),
                        ("一点五万二", None), ("1.5万3千", None), ("一点五万万", None), ("1,50万", None)],
}

# Where cn2an (mode "smart") is not the oracle, and why. Every other row of
# the tables above is also checked against cn2an.cn2an(text, "smart").
CN2AN_WRONG = {
    # cn2an raises on a Chinese decimal scaled by 万/亿, in every mode
    **dict.fromkeys(["二十点一万", "一点五亿", "十六点三亿", "一点二万", "零点五万", "三点六五万", "一点五万亿",
                     "二十點一萬", "一點五億", "十六點三億", "1点5万", "两点五万"], "decimal before 万/亿"),
    # cn2an truncates the decimals of a scaled Arabic number: 1.23456万 → 12345
    "1.23456万": "decimals dropped",
    # cn2an applies the colloquial rule to capitals and Arabic digits (壹万贰 →
    # 12000, 1万6 → 16000): capitals are never abbreviated, and 1万6 has two
    # readings (10006 or 16000); 1万0 and 1万05 are no written forms
    **dict.fromkeys(["1万6", "3千5", "壹万贰", "壹仟伍", "壹佰伍", "1万0", "1万05"],
                    "colloquial rule outside lowercase Chinese"),
    # … yet not after 亿: 一亿二 (1.2亿) raises in cn2an
    "一亿二": "colloquial rule missing after 亿",
    # cn2an drops a dangling 零 or 点 (十万零 → 100000, 十点 → 10): cut short
    **dict.fromkeys(["十万零", "壹拾万零", "一百零", "十点"], "dangling 零/点 accepted"),
    # cn2an does not know these characters or separators
    **dict.fromkeys(["二○二五", "二○○八", "二◯一八", "參佰", "參萬貳仟肆佰伍拾"], "○/◯/參 unknown"),
    **dict.fromkeys(["1,202,000", "1,500万", "1,000亿", "150,000.00", "1.5千万"], "thousands separators, 千万"),
    # not numerals here, by design: a sign, a unit of money, OCR noise
    **dict.fromkeys(["-5", "十二元", "九" * 41], "not a numeral in a contract"),
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


def _cn2an(text):
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except ValueError:
        return None


def _oracle_rows():
    for integer, table in ((True, INT_CASES), (False, DECIMAL_CASES)):
        for group, rows in table.items():
            for text, want in rows:
                if text not in CN2AN_WRONG:
                    yield pytest.param(text, want, integer, id=f"{group}:{text}")


@pytest.mark.parametrize(("text", "want", "integer"), list(_oracle_rows()))
def test_cn2an_agrees_where_it_is_right(text, want, integer):
    got = _cn2an(text)
    if integer and got is not None and got != got.to_integral_value():
        got = None  # 1.5 is no integer
    assert got == (None if want is None else Decimal(str(want)))


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


# Simplified → Traditional numerals, one character for one.
TRADITIONAL = str.maketrans("万亿两贰叁陆点", "萬億兩貳參陸點")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**15), st.sampled_from(["low", "up"]))
def test_round_trips_traditional_spelling(n, mode):
    assert parse_cn_int(cn2an.an2cn(n, mode).translate(TRADITIONAL)) == n


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=9999, places=2).filter(lambda d: d != d.to_integral_value()),
       st.sampled_from([("万", 10**4), ("亿", 10**8), ("萬", 10**4), ("億", 10**8)]))
def test_chinese_decimal_before_wan_yi(x, unit):
    """二十点一万 = 201000 (cn2an raises on every such form)."""
    word, scale = unit
    written = cn2an.an2cn(str(x))  # e.g. 二十点一
    assert parse_cn_decimal(f"{written}{word}") == x * scale
    assert parse_cn_decimal(f"{written}{word}".translate(TRADITIONAL)) == x * scale


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=10, max_value=9999),
       st.sampled_from(["万", "萬"]))
def test_arabic_after_wan_is_read_as_written(head, tail, wan):
    """1万600 = 10600, never 610000. Not checked against cn2an: its smart mode
    reads 1万600 so but raises on 1万10, and reads 1万6 as 16000."""
    assert parse_cn_int(f"{head}{wan}{tail}") == head * 10**4 + tail


def _strict(numeral):
    # cn2an.cn2an cannot read back what cn2an.an2cn writes for 100005000
    # (一亿五千, 壹亿伍仟: 零 may be dropped after 亿 where the 万 digit is 0):
    # the 零 is put back before asking it.
    numeral = re.sub(r"亿(?![零〇])(?=[^万]*$)(?=.)", "亿零", numeral)
    try:
        return cn2an.cn2an(numeral, "strict")
    except ValueError:
        return None


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**15), st.booleans())
def test_a_prefix_of_capitals_is_never_a_different_number(n, traditional):
    """Every prefix of a capital numeral parses to None or to what it denotes
    (cn2an, strict): 壹佰贰拾万贰 (of 壹佰贰拾万贰仟) is no 1220000, 壹拾万零 no
    100000."""
    written = cn2an.an2cn(n, "up")
    for cut in range(1, len(written) + 1):
        prefix = written[:cut]
        got = parse_cn_int(prefix.translate(TRADITIONAL) if traditional else prefix)
        assert got is None or got == _strict(prefix), prefix
