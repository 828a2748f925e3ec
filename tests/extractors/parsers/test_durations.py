"""parse_hours / parse_period_months / parse_period_days / parse_days over real forms."""

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hetong.extractors.parsers.durations import (
    parse_days,
    parse_hours,
    parse_period_days,
    parse_period_months,
)

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
    "traditional": [
        ("2小時", "2"), ("兩小時", "2"), ("一個小時", "1"), ("30分鐘", "0.5"), ("一個半小時", "1.5"),
        ("半個小時", "0.5"), ("2個鐘頭", "2"), ("一週", "168"), ("4小時內響應", "4"), ("十二小時", "12"),
        ("1.5小時", "1.5"), ("15分鐘內", "0.25"), ("2個工作日", "16"), ("兩週", "336"), ("十八秒鐘", "0.005"),
    ],
    # every part counts: 1年11个月 is not 1年, 一个小时三十分钟 is not 1 h
    "compound": [
        ("36天5小时30分", "869.5"), ("一个小时三十分钟", "1.5"), ("1小时30分钟", "1.5"), ("2小时30分", "2.5"),
        ("1天3小时", "27"), ("1天半", "36"), ("一天半", "36"), ("1小时半", "1.5"), ("两小时十五分钟", "2.25"),
        ("2h30min", "2.5"), ("1分30秒", "0.025"), ("1天半小时", "24.5"), ("1周2天", "216"),
        ("一個小時三十分鐘", "1.5"), ("2小时30分钟内到达现场", "2.5"), ("1小时零30分钟", "1.5"),
        ("半小时30秒", "0.5083333333333333333333333333"),
    ],
    "quarter_hours": [("一刻钟", "0.25"), ("三刻钟", "0.75"), ("一刻鐘內響應", "0.25")],
    "thousands_separators": [("1,000小时", "1000"), ("1,200分钟", "20"), ("10,800秒", "3"), ("1,000 小时", "1000")],
    # a duration that cannot be read to its end is None, not its first part
    "cut_short_or_not_one": [
        ("2小时30", None), ("7天24小时", None), ("30分钟2小时", None), ("1小时60分钟", None),
        ("1个半小时30分钟", None), ("1个工作日4小时", None), ("2小时3", None), ("5分", None), ("扣5分", None),
        ("1,00小时", None), ("1,5小时", None), ("2小时十十分钟", None), ("24小时7天", None),
    ],
}

MONTHS_CASES = {
    "months": [("12个月", "12"), ("6个月", "6"), ("三个月", "3"), ("十二个月", "12"), ("半个月", "0.5"),
               ("服务时间为12个月", "12")],
    "years": [("一年", "12"), ("1年", "12"), ("为期3年", "36"), ("两年", "24"), ("一年期", "12"), ("半年", "6"),
              ("一年半", "18"), ("1年6个月", "18"), ("服务期为两年，自2024年1月1日起", "24")],
    "not_a_period": [("365天", None), ("2022年9月", None), ("22年9月", None), ("2022年度", None), ("6月", None),
                     ("", None)],
    "traditional": [("12個月", "12"), ("三個月", "3"), ("兩年", "24"), ("1年11個月", "23"), ("半個月", "0.5"),
                    ("為期3年", "36"), ("一個半月", "1.5"), ("服務期為兩年", "24"), ("十八個月", "18")],
    "compound": [
        ("1年11个月", "23"), ("一年零三个月", "15"), ("两年零六个月", "30"), ("3年6个月", "42"), ("两年半", "30"),
        ("一年又三个月", "15"), ("1年零11个月", "23"), ("服务期限为1年11个月", "23"), ("三年零一个月", "37"),
    ],
    # 3个月15天 is no whole number of months, and 2年3 is cut short
    "cut_short_or_not_months": [("3个月15天", None), ("1年12个月", None), ("2年3", None), ("一年半零三个月", None),
                                ("1年11個", None), ("1年3个半月", None)],
    "date_after_the_period": [("为期一年2024年1月1日起", "12"), ("服务期12个月2024年1月1日至2024年12月31日", "12")],
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
    "traditional": [("30日內", (30, "calendar")), ("五個工作日內", (5, "working")), ("十個工作日", (10, "working")),
                    ("15天內", (15, "calendar")), ("7個自然日", (7, "calendar")), ("10個日曆日", (10, "calendar")),
                    ("收到通知之日起兩個工作日內", (2, "working"))],
    "thousands_separators": [("1,000日内", (1000, "calendar")), ("1,000天", (1000, "calendar")),
                             ("1,000个工作日", (1000, "working")), ("1,00日", None), ("1,5日内", None)],
    # a part of a longer duration, or an ordinal, is no count of days
    "not_whole_days": [("15天半", None), ("3天5小时", None), ("1周3天", None), ("第3天", None),
                       ("自第3日起30日内", (30, "calendar")), ("3个月15天", None)],
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


TRADITIONAL = str.maketrans("两个时钟", "兩個時鐘")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=99), st.integers(min_value=1, max_value=59),
       st.integers(min_value=0, max_value=59), st.sampled_from(["low", "arabic"]), st.booleans())
def test_compound_durations_keep_every_part(hours, minutes, seconds, style, traditional):
    def count(n):
        return cn2an.an2cn(n) if style == "low" else str(n)

    text = f"{count(hours)}个小时{count(minutes)}分钟" + (f"{count(seconds)}秒" if seconds else "")
    text = text.translate(TRADITIONAL) if traditional else text
    want = Decimal(hours * 3600 + minutes * 60 + seconds) / 3600
    assert parse_hours(text) == (want if hours else Decimal(minutes * 60 + seconds) / 3600)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=11),
       st.sampled_from(["low", "arabic"]), st.sampled_from(["", "零", "又"]), st.booleans())
def test_years_and_months_keep_every_part(years, months, style, joiner, traditional):
    def count(n):
        return cn2an.an2cn(n) if style == "low" else str(n)

    text = f"{count(years)}年{joiner}{count(months)}个月"
    assert parse_period_months(text.translate(TRADITIONAL) if traditional else text) == 12 * years + months


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1000, max_value=999_999))
def test_thousands_separators_in_durations(n):
    assert parse_hours(f"{n:,}小时") == n
    assert parse_days(f"{n:,}日内") == (n, "calendar")
    assert parse_days(f"{n:,}个工作日") == (n, "working")
