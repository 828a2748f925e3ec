"""parse_rate / rate_is_daily over the rate forms met in contracts."""

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hetong.extractors.parsers.rates import parse_rate, rate_is_daily

RATE_CASES = {
    "percent": [
        ("0.5%", "0.005"), ("20%", "0.2"), ("1%", "0.01"), ("0.3%", "0.003"), ("200%", "2"), ("100%", "1"),
        ("5 %", "0.05"), ("6%", "0.06"), ("99.9%", "0.999"), ("12%", "0.12"),
    ],
    "full_width_and_ocr": [("５％", "0.05"), ("０．５％", "0.005"), ("$\\geq 5\\%$", "0.05"), ("3 ‰", "0.003")],
    "permille": [("3‰", "0.003"), ("1‰", "0.001"), ("0.5‰", "0.0005"), ("5‱", "0.0005")],
    "chinese_fractions": [
        ("千分之三", "0.003"), ("万分之五", "0.0005"), ("百分之零点五", "0.005"), ("百分之五", "0.05"),
        ("百分之二十", "0.2"), ("万分之三", "0.0003"), ("千分之五", "0.005"), ("百分之10", "0.1"),
        ("千分之二", "0.002"), ("百分之一百", "1"), ("百分之0.5", "0.005"), ("百分之三十", "0.3"),
    ],
    "per_day_markers_keep_the_value": [
        ("日万分之五", "0.0005"), ("3‰/天", "0.003"), ("0.5%/日", "0.005"), ("每日0.05%", "0.0005"),
        ("千分之二/日", "0.002"), ("百分之零点五每日", "0.005"),
    ],
    "multiples": [("二倍", "2"), ("两倍", "2"), ("2倍", "2"), ("1.5倍", "1.5"), ("三倍", "3")],
    "percentage_points": [("10个百分点", "0.1"), ("两个百分点", "0.02")],
    "in_a_clause": [
        ("按逾期金额的日万分之五向乙方支付违约金", "0.0005"), ("每拖延一天按合同总额的 3‰向乙方支付", "0.003"),
        ("乙方承担本合同金额 20% 的违约金", "0.2"), ("需按日均服务费的 200% 赔偿甲方损失", "2"),
        ("扣除运维服务费1%", "0.01"), ("按合同总额的日千分之一", "0.001"),
    ],
    "no_rate": [
        ("", None), ("无", None), ("百分之", None), ("%", None), ("倍", None), ("违约金", None),
        ("合同总额", None), ("0.5", None), ("百分之点五", None),
    ],
    # N百分之M is M/N: 五百分之二 is 2/500, never 百分之二
    "n_fraction_of": [
        ("五百分之二", "0.004"), ("一千分之五", "0.005"), ("两百分之一", "0.005"), ("十分之一", "0.1"),
        ("二分之一", "0.5"), ("四分之一", "0.25"), ("五千分之一", "0.0002"), ("1000分之5", "0.005"),
        ("100分之5", "0.05"), ("按合同总额的五百分之二支付违约金", "0.004"), ("十万分之五", "0.00005"),
        ("五百分之零点五", "0.001"), ("兩百分之一", "0.005"),
    ],
    "whole_hundred": [("百分之百", "1"), ("百分之一百", "1"), ("百分之一百二十", "1.2"), ("百分之两百", "2"),
                      ("按百分之百赔偿", "1")],
    "permille_and_per_ten_thousand": [
        ("千分之一", "0.001"), ("千分之零点五", "0.0005"), ("万分之三", "0.0003"), ("万分之零点五", "0.00005"),
        ("日万分之五", "0.0005"), ("每日万分之三", "0.0003"), ("日千分之一", "0.001"), ("千分之1.5", "0.0015"),
        ("万分之2.1", "0.00021"), ("按日加收万分之五的滞纳金", "0.0005"), ("逾期每日按应付款的千分之三", "0.003"),
    ],
    "traditional": [
        ("萬分之五", "0.0005"), ("日萬分之五", "0.0005"), ("百分之五點五", "0.055"), ("兩倍", "2"),
        ("十個百分點", "0.1"), ("兩個百分點", "0.02"), ("千分之零點五", "0.0005"), ("百分之十五點五", "0.155"),
    ],
    "thousands_separators": [("1,000%", "10"), ("1,000‰", "1"), ("百分之1,000", "10")],
    # a rate cut short is None, not the part before the cut
    "cut_short": [("1,5%", None), ("百分之十十", None), ("百分之五点", None), ("五点%", None), ("分之五", None),
                  ("百分之十十，5%", None), ("3,5‰", None)],
}

DAILY_CASES = {
    "marker_before": [("日万分之五", True), ("每日0.05%", True), ("每天千分之一", True), ("按日万分之五", True),
                      ("逾期金额的日万分之五", True)],
    "marker_after": [("3‰/天", True), ("0.5%/日", True), ("千分之二/日", True), ("百分之零点五每日", True),
                     ("0.05%/天", True)],
    "not_attached_or_not_daily": [("万分之五", False), ("20%", False), ("工作日0.5%", False),
                                  ("每拖延一天按合同总额的3‰", False), ("3‰，逾期一日", False), ("每日", False),
                                  ("", False)],
    "traditional_and_fractions": [("日萬分之五", True), ("每日千分之一", True), ("五百分之二", False),
                                  ("千分之三/天", True), ("節假日0.5%", False)],
}


def _rows(table):
    return [pytest.param(text, want, id=f"{group}:{text}") for group, rows in table.items() for text, want in rows]


@pytest.mark.parametrize(("text", "want"), _rows(RATE_CASES))
def test_parse_rate(text, want):
    assert parse_rate(text) == (None if want is None else Decimal(want))


@pytest.mark.parametrize(("text", "want"), _rows(DAILY_CASES))
def test_rate_is_daily(text, want):
    assert rate_is_daily(text) is want


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789.%‰‱百千万分之点零一二三五十两倍个日每天/ ") | st.characters(),
               max_size=30))
def test_never_raises_and_returns_one_shape(text):
    got = parse_rate(text)
    assert got is None or isinstance(got, Decimal)
    assert isinstance(rate_is_daily(text), bool)


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=1000, places=3), st.sampled_from(["%", "％", "‰", " %"]))
def test_round_trips_arabic_marks(x, mark):
    scale = 1000 if mark == "‰" else 100
    assert parse_rate(f"{x}{mark}") == x / scale


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999),
       st.sampled_from([("百分之", 100), ("千分之", 1000), ("万分之", 10000)]),
       st.sampled_from(["", "日", "每日"]))
def test_round_trips_chinese_fractions(n, prefix, daily):
    word, scale = prefix
    text = f"{daily}{word}{cn2an.an2cn(n)}"
    assert parse_rate(text) == Decimal(n) / scale
    assert rate_is_daily(text) is bool(daily)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9), st.integers(min_value=1, max_value=99),
       st.sampled_from([("百", 100), ("千", 1000), ("万", 10000), ("萬", 10000)]))
def test_n_fraction_of_is_the_whole_numeral(n, m, unit):
    """五百分之二 = 2/500: the numeral before 百分之 is part of the denominator."""
    word, scale = unit
    assert parse_rate(f"{cn2an.an2cn(n)}{word}分之{cn2an.an2cn(m)}") == Decimal(m) / (n * scale)
