"""parse_date / parse_date_range over the date forms met in contracts."""

from datetime import date

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.parsers.dates import parse_date, parse_date_range

D = date

DATE_CASES = {
    "arabic_with_year_month_day": [
        ("2025年3月12日", D(2025, 3, 12)), ("2025 年 3 月 12 日", D(2025, 3, 12)), ("2022年09月23日", D(2022, 9, 23)),
        ("2022 年  9 月 23 日", D(2022, 9, 23)), ("2022年9月23号", D(2022, 9, 23)),
    ],
    "chinese_numerals": [
        ("二〇二五年 6 月 10 日", D(2025, 6, 10)), ("二〇二五年六月十日", D(2025, 6, 10)),
        ("二〇二二年十二月三十一日", D(2022, 12, 31)), ("二零二四年二月廿九日", D(2024, 2, 29)),
    ],
    "separators": [
        ("2022-09-23", D(2022, 9, 23)), ("2022.9.23", D(2022, 9, 23)), ("2022/09/23", D(2022, 9, 23)),
        ("2022-9-3", D(2022, 9, 3)),
    ],
    "full_width": [("２０２２年９月２３日", D(2022, 9, 23)), ("２０２２－０９－２３", D(2022, 9, 23))],
    "with_labels": [
        ("签署日期：2022 年 9 月 23 日", D(2022, 9, 23)), ("签订日期：二〇二五年 6 月 10 日", D(2025, 6, 10)),
        ("日 期：2024 年 11 月 8 日", D(2024, 11, 8)),
    ],
    "no_day_or_blank": [
        ("2022年9月", None), ("2022 年 月 日", None), ("年 月 日", None), ("签约日期：    2022 年  月  日", None),
        ("签订时间：2023 年 月 日", None), ("2022.9", None), ("", None),
    ],
    "invalid": [
        ("2023年2月30日", None), ("2022年13月1日", None), ("2022年0月10日", None), ("2022-09/23", None),
        ("12022年9月1日", None), ("2022-09-231", None),
    ],
}

RANGE_CASES = {
    "two_dates": [
        ("2025 年 3 月 12 日至 2026 年 3 月 11 日", (D(2025, 3, 12), D(2026, 3, 11))),
        ("自2022年7月1日起至2023年6月30日止", (D(2022, 7, 1), D(2023, 6, 30))),
        ("2022年9月25日-2023年9月24日", (D(2022, 9, 25), D(2023, 9, 24))),
        ("2022年7月1日至2023年6月30日", (D(2022, 7, 1), D(2023, 6, 30))),
        ("2023年7月1日至2024年6月30日", (D(2023, 7, 1), D(2024, 6, 30))),
        ("服务期限：2025 年 3 月 12 日至 2026 年 3 月 11 日", (D(2025, 3, 12), D(2026, 3, 11))),
        ("2022-07-01~2023-06-30", (D(2022, 7, 1), D(2023, 6, 30))),
    ],
    "end_inherits_year": [("2022年7月1日至12月31日", (D(2022, 7, 1), D(2022, 12, 31)))],
    "one_side_open": [
        ("截止至 2025 年 12 月 31 日", (None, D(2025, 12, 31))), ("截至2025年12月31日", (None, D(2025, 12, 31))),
        ("2025年12月31日止", (None, D(2025, 12, 31))), ("自2024年7月1日起", (D(2024, 7, 1), None)),
    ],
    "as_written_even_if_reversed": [("2024年6月30日至2023年7月1日", (D(2024, 6, 30), D(2023, 7, 1)))],
    "blank_or_invalid": [
        ("2022 年 月 日至 2023 年 月 日", (None, None)), ("每年12月15日至次年1月20日", (None, None)),
        ("2023年2月30日至2024年1月1日", (None, D(2024, 1, 1))), ("", (None, None)),
    ],
}


def _rows(table):
    return [pytest.param(text, want, id=f"{group}:{text}") for group, rows in table.items() for text, want in rows]


@pytest.mark.parametrize(("text", "want"), _rows(DATE_CASES))
def test_parse_date(text, want):
    assert parse_date(text) == want


@pytest.mark.parametrize(("text", "want"), _rows(RANGE_CASES))
def test_parse_date_range(text, want):
    assert parse_date_range(text) == want


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789年月日号-./至起止〇一二三十廿 ") | st.characters(), max_size=40))
def test_never_raises_and_returns_one_shape(text):
    got = parse_date(text)
    assert got is None or type(got) is date
    start, end = parse_date_range(text)
    assert all(d is None or type(d) is date for d in (start, end))


_low = cn2an.an2cn
WRITTEN_FORMS = {
    "arabic": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "padded_spaced": lambda d: f"{d.year} 年 {d.month:02d} 月 {d.day:02d} 日",
    "iso": lambda d: f"{d:%Y-%m-%d}",
    "dots": lambda d: f"{d.year}.{d.month}.{d.day}",
    "slashes": lambda d: f"{d:%Y/%m/%d}",
    "chinese": lambda d: f"{_low(d.year, 'direct')}年{_low(d.month)}月{_low(d.day)}日",  # 二零二五年六月十日
}


@pytest.mark.parametrize("form", WRITTEN_FORMS.values(), ids=WRITTEN_FORMS.keys())
@settings(max_examples=200, deadline=None)
@given(d=st.dates(min_value=D(1950, 1, 1), max_value=D(2099, 12, 31)))
def test_round_trips_written_forms(form, d):
    assert parse_date(form(d)) == d


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2099, 12, 31)),
       st.dates(min_value=D(1950, 1, 1), max_value=D(2099, 12, 31)))
def test_range_round_trips(a, b):
    assert parse_date_range(f"自{a.year}年{a.month}月{a.day}日起至{b.year}年{b.month}月{b.day}日止") == (a, b)
