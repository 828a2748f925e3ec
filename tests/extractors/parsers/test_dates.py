"""parse_date / parse_date_range over the date forms met in contracts."""

from datetime import date

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hetong.extractors.parsers.dates import parse_date, parse_date_range

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
    # ○ (white circle), 〇 and 零 are all zero in a year written digit by digit
    "zero_as_circle": [
        ("二○一八年七月四日", D(2018, 7, 4)), ("二〇一八年七月四日", D(2018, 7, 4)), ("二零一八年七月四日", D(2018, 7, 4)),
        ("二○二○年十月一日", D(2020, 10, 1)), ("二○一九年十二月三十一日", D(2019, 12, 31)),
        ("二○○八年八月八日", D(2008, 8, 8)), ("二◯一八年七月四日", D(2018, 7, 4)), ("二○一八年○七月○四日", D(2018, 7, 4)),
        ("签订日期：二○二三年三月十五日", D(2023, 3, 15)),
    ],
    "traditional": [("二○一八年七月四號", D(2018, 7, 4)), ("2018年7月4號", D(2018, 7, 4)),
                    ("簽訂日期：2018年7月4號", D(2018, 7, 4))],
    "time_after_the_date": [
        ("2024-01-01 00:00", D(2024, 1, 1)), ("2024-01-01 00:00:00", D(2024, 1, 1)), ("2024/1/1 9:30", D(2024, 1, 1)),
        ("2024-1-1 10:00", D(2024, 1, 1)), ("2024.01.01 12:00", D(2024, 1, 1)), ("2024-01-01T08:00", D(2024, 1, 1)),
        ("2024年1月1日 0时", D(2024, 1, 1)), ("2024年1月1日0时", D(2024, 1, 1)), ("2024年1月1日 00:00", D(2024, 1, 1)),
        ("2024年1月1日上午9时", D(2024, 1, 1)), ("2024年1月1日下午3点30分", D(2024, 1, 1)),
        ("2024年1月1日 24时", D(2024, 1, 1)), ("2024年1月1日 0時", D(2024, 1, 1)), ("2024-12-31 23:59", D(2024, 12, 31)),
        ("２０２４－０１－０１　００：００", D(2024, 1, 1)), ("2024年1月1號 9:00", D(2024, 1, 1)),
        ("2024-01-01 25:00", None), ("2024-01-01 24:30", None), ("2024-01-01 12:60", None),
    ],
    # a weekday before or after; one that disagrees with the date leaves None
    "weekday": [
        ("2024年1月1日（星期一）", D(2024, 1, 1)), ("2024年1月1日 星期一", D(2024, 1, 1)), ("2024年1月1日(周一)", D(2024, 1, 1)),
        ("2024年1月1日礼拜一", D(2024, 1, 1)), ("星期一 2024年1月1日", D(2024, 1, 1)), ("周一 2024-01-01", D(2024, 1, 1)),
        ("2024年1月7日（星期日）", D(2024, 1, 7)), ("2024年1月7日（星期天）", D(2024, 1, 7)), ("2024年1月7日周日", D(2024, 1, 7)),
        ("2024-01-01（星期一）", D(2024, 1, 1)), ("2024年1月1日（星期一）上午9时", D(2024, 1, 1)),
        ("2024年1月1日 9:00（星期一）", D(2024, 1, 1)), ("二○一八年七月四日（星期三）", D(2018, 7, 4)),
        ("2024年1月1日（禮拜一）", D(2024, 1, 1)), ("2024年1月1日（星期二）", None), ("星期五 2024年1月1日", None),
    ],
    "no_day_marker": [
        ("2016年6月29", D(2016, 6, 29)), ("二〇一六年六月二十九", D(2016, 6, 29)), ("2016年6月29 10:00", D(2016, 6, 29)),
        ("签订日期：2016年6月29，", D(2016, 6, 29)), ("2016年6月29（星期三）", D(2016, 6, 29)),
        ("2016年6月29个工作日", None), ("2016年6月3期", None), ("2016年6月", None), ("2016年6月32", None),
    ],
    # ROC years (民国110年 = 2021) are not guessed
    "roc_year_not_guessed": [
        ("民国110年3月1日", None), ("中華民國110年3月1日", None), ("110年3月1日", None), ("民國一一〇年三月一日", None),
        ("中华民国一百一十年三月一日", None), ("民国110.3.1", None),
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
    # the end takes the start's year and month
    "shared_month": [
        ("2019年4月12-19日", (D(2019, 4, 12), D(2019, 4, 19))), ("2019年4月12日-19日", (D(2019, 4, 12), D(2019, 4, 19))),
        ("2019年12月九号到十五号", (D(2019, 12, 9), D(2019, 12, 15))),
        ("2019年4月12日至19日", (D(2019, 4, 12), D(2019, 4, 19))),
        ("二○一九年四月十二日至十九日", (D(2019, 4, 12), D(2019, 4, 19))),
        ("2019年4月12~19日", (D(2019, 4, 12), D(2019, 4, 19))), ("2019年4月12日—19日", (D(2019, 4, 12), D(2019, 4, 19))),
        ("2019年12月九號到十五號", (D(2019, 12, 9), D(2019, 12, 15))),
        ("2019年4月12-31日", (D(2019, 4, 12), None)),
        ("12月九号到十五号", (None, None)),  # no year anywhere: not guessed
    ],
    # 以前 / 之前 / 前 / 不晚于 mark the date as an end
    "end_marked": [
        ("2025年12月31日以前", (None, D(2025, 12, 31))), ("2025年12月31日之前", (None, D(2025, 12, 31))),
        ("2025年12月31日前", (None, D(2025, 12, 31))), ("于2025年12月31日前完成", (None, D(2025, 12, 31))),
        ("不晚于2025年12月31日", (None, D(2025, 12, 31))), ("最迟于2025年12月31日", (None, D(2025, 12, 31))),
        ("不遲於2025年12月31日", (None, D(2025, 12, 31))),
        ("2025年12月31日（星期三）以前", (None, D(2025, 12, 31))), ("2025年1月1日以后", (D(2025, 1, 1), None)),
        ("2025年1月1日之后", (D(2025, 1, 1), None)), ("2025年1月1日前后", (D(2025, 1, 1), None)),
    ],
    "weekday_and_time_in_ranges": [
        ("2024年1月1日（星期一）至2024年12月31日（星期二）", (D(2024, 1, 1), D(2024, 12, 31))),
        ("2024年1月1日（星期一）至12月31日（星期二）", (D(2024, 1, 1), D(2024, 12, 31))),
        ("2024年1月1日0时起至2024年12月31日24时止", (D(2024, 1, 1), D(2024, 12, 31))),
        ("2024年1月1日0时起至12月31日24时止", (D(2024, 1, 1), D(2024, 12, 31))),
        ("2024-01-01 00:00至2024-12-31 23:59", (D(2024, 1, 1), D(2024, 12, 31))),
        ("2024年1月1日（星期二）至2024年12月31日", (None, D(2024, 12, 31))),
    ],
    "traditional_and_circle": [
        ("二○二四年一月一日起至二○二四年十二月三十一日止", (D(2024, 1, 1), D(2024, 12, 31))),
        ("自2024年1月1日起至2024年12月31日止", (D(2024, 1, 1), D(2024, 12, 31))),
        ("二○二四年七月一日至十二月三十一日", (D(2024, 7, 1), D(2024, 12, 31))),
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
    "circle_zero": lambda d: f"{_low(d.year, 'direct').replace('零', '○')}年{_low(d.month)}月{_low(d.day)}号",
    "no_day_marker": lambda d: f"{d.year}年{d.month}月{d.day}",
    "with_time": lambda d: f"{d:%Y-%m-%d} {d.day % 24:02d}:{d.month * 4:02d}",
    "with_weekday": lambda d: f"{d.year}年{d.month}月{d.day}日（星期{'一二三四五六日'[d.weekday()]}）",
    "weekday_before": lambda d: f"周{'一二三四五六日'[d.weekday()]} {d:%Y/%m/%d}",
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


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2099, 12, 31)), st.integers(min_value=1, max_value=6))
def test_a_wrong_weekday_is_no_date(d, shift):
    wrong = "一二三四五六日"[(d.weekday() + shift) % 7]
    assert parse_date(f"{d.year}年{d.month}月{d.day}日（星期{wrong}）") is None


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(1950, 1, 1), max_value=D(2099, 12, 31)), st.integers(min_value=0, max_value=30))
def test_shared_month_ranges(d, span):
    end = d.day + span
    want_end = D(d.year, d.month, end) if end <= 28 or _exists(d.year, d.month, end) else None
    assert parse_date_range(f"{d.year}年{d.month}月{d.day}-{end}日") == (d, want_end)
    assert parse_date_range(f"{d.year}年{d.month}月{_low(d.day)}号到{_low(end)}号") == (d, want_end)


def _exists(year, month, day):
    try:
        D(year, month, day)
    except ValueError:
        return False
    return True
