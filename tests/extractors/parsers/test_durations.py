"""parse_hours / parse_period_months / parse_period_days / parse_days over real forms."""

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.parsers.durations import parse_days, parse_hours, parse_period_days, parse_period_months

HOURS_CASES = {
    "hours": [
        ("2小时", "2"), ("2 小时", "2"), ("两小时", "2"), ("十二小时", "12"), ("1.5小时", "1.5"), ("24小时", "24"),
        ("4 小时内", "4"), ("一个小时", "1"), ("1 小时", "1"), ("48小时", "48"), ("0.5小时内响应", "0.5"),
        ("１２小时", "12"), ("一个半小时", "1.5"),
    ],
    "latin_units": [("12h", "12"), ("12H", "12"), ("3hours", "3"), ("2 hrs", "2")],
    "minutes": [("30分钟", "0.5"), ("15分钟", "0.25"), ("45分钟", "0.75"), ("30 分钟内响应", "0.5"), ("90min", "1.5")],
    "half": [("半小时", "0.5"), ("半个小时", "0.5")],
    # seconds divide exactly: 18秒 is 0.005 h, not 18 × a rounded 1/3600
    "seconds": [("18秒", "0.005"), ("18 秒钟", "0.005"), ("90秒", "0.025"), ("36秒内应答", "0.01"),
                ("平均应答时长不超过18秒", "0.005"), ("72 seconds", "0.02"), ("180sec", "0.05")],
    "days_and_weeks": [
        ("1天", "24"), ("一天", "24"), ("1日", "24"), ("1个工作日", "8"), ("2个工作日", "16"), ("3个工作日", "24"),
        ("一周", "168"), ("1周", "168"),
    ],
    "in_a_clause": [
        ("接到请求后 30 分钟内响应", "0.5"), ("技术人员须8小时内到达现场", "8"), ("事件 $\\leq 2$ 小时响应", "2"),
        ("故障响应不超过 2 小时", "2"),
    ],
    "not_a_limit": [
        ("7*24小时", None), ("7×24小时", None), ("5*8 小时", None), ("7 $\\times 24$ 小时", None),
        ("2022年9月23日", None), ("小时", None), ("", None), ("及时处理", None),
        ("秒", None), ("15s", None),
    ],
}

MONTHS_CASES = {
    "months": [("12个月", "12"), ("6个月", "6"), ("三个月", "3"), ("十二个月", "12"), ("半个月", "0.5"),
               ("服务时间为12个月", "12")],
    "years": [("一年", "12"), ("1年", "12"), ("为期3年", "36"), ("两年", "24"), ("一年期", "12"), ("半年", "6"),
              ("一年半", "18"), ("1年6个月", "18"), ("服务期为两年，自2024年1月1日起", "24")],
    "not_a_period": [("365天", None), ("2022年9月", None), ("22年9月", None), ("2022年度", None), ("6月", None),
                     ("", None)],
}

DAYS_CASES = {
    "calendar": [("30日内", (30, "calendar")), ("十五日", (15, "calendar")), ("15天", (15, "calendar")),
                 ("90日", (90, "calendar")), ("三十日", (30, "calendar")), ("5个自然日", (5, "calendar")),
                 ("应当在15日内通知另一方", (15, "calendar"))],
    "working": [("30个工作日内", (30, "working")), ("五个工作日", (5, "working")),
                ("收到通知之日起五个工作日内", (5, "working")), ("十个工作日内", (10, "working")),
                ("15工作日", (15, "working"))],
    "not_a_count_of_days": [("每月15日前", None), ("2022年9月23日", None), ("1.5天", None), ("之日起", None),
                            ("", None)],
}

PERIOD_DAYS_CASES = [("90日", 90), ("30天", 30), ("三十日", 30), ("365天", 365), ("30个工作日", None), ("12个月", None)]


def _rows(table):
    return [pytest.param(text, want, id=f"{group}:{text}") for group, rows in table.items() for text, want in rows]


@pytest.mark.parametrize(("text", "want"), _rows(HOURS_CASES))
def test_parse_hours(text, want):
    assert parse_hours(text) == (None if want is None else Decimal(want))


@pytest.mark.parametrize(("text", "want"), _rows(MONTHS_CASES))
def test_parse_period_months(text, want):
    assert parse_period_months(text) == (None if want is None else Decimal(want))


@pytest.mark.parametrize(("text", "want"), _rows(DAYS_CASES))
def test_parse_days(text, want):
    assert parse_days(text) == want


@pytest.mark.parametrize(("text", "want"), [pytest.param(*row, id=row[0]) for row in PERIOD_DAYS_CASES])
def test_parse_period_days(text, want):
    assert parse_period_days(text) == want


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789.半个小时分钟天日工作周年月零一二两三十*× hH") | st.characters(),
               max_size=30))
def test_never_raises_and_returns_one_shape(text):
    for got in (parse_hours(text), parse_period_months(text)):
        assert got is None or isinstance(got, Decimal)
    period_days = parse_period_days(text)
    assert period_days is None or type(period_days) is int
    due = parse_days(text)
    assert due is None or (type(due[0]) is int and due[1] in {"calendar", "working"})


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.sampled_from(["low", "arabic"]))
def test_round_trips_counts(n, style):
    count = cn2an.an2cn(n) if style == "low" else str(n)
    assert parse_hours(f"{count}小时内") == n
    assert parse_hours(f"{count}分钟") == Decimal(n) / 60
    assert parse_hours(f"{count}秒") == Decimal(n) / 3600
    assert parse_hours(f"{count}个工作日") == 8 * n
    assert parse_days(f"{count}个工作日内") == (n, "working")
    assert parse_days(f"{count}日内") == (n, "calendar")
    assert parse_period_months(f"为期{count}个月") == n
