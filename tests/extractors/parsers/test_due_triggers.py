"""Payment triggers → what the due date counts from (extractors/parsers/due_triggers.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from hetong.extractors.parsers.due_triggers import Trigger, parse_monthly_day, parse_trigger

D = dt.date

# (written, kind, date, months, days, day kind)
READ = [
    # a date written
    ("2025 年 7 月底前", "date", D(2025, 7, 31), 0, 0, "calendar"),
    ("2025年7月31日前", "date", D(2025, 7, 31), 0, 0, "calendar"),
    ("于2025年2月底之前", "date", D(2025, 2, 28), 0, 0, "calendar"),
    ("2024年2月末前", "date", D(2024, 2, 29), 0, 0, "calendar"),
    ("2025-07-31前", "date", D(2025, 7, 31), 0, 0, "calendar"),
    # after signing
    ("合同签订后30日内", "signing", None, 0, 30, "calendar"),
    ("合同签订后 10 个工作日内", "signing", None, 0, 10, "working"),
    ("本合同签署之日起十五个工作日内", "signing", None, 0, 15, "working"),
    ("合同生效后2周内", "signing", None, 0, 14, "calendar"),
    ("合同签订后3个月内", "signing", None, 3, 0, "calendar"),
    ("合同签订生效后", "signing", None, 0, 0, "calendar"),
    ("“合同签订后 7 个工作日内", "signing", None, 0, 7, "working"),
    # after the service start
    ("运营服务满6个月后", "service_start", None, 6, 0, "calendar"),
    ("服务满半年后", "service_start", None, 6, 0, "calendar"),
    ("服务满6个月后15日内", "service_start", None, 6, 15, "calendar"),
    ("服务满1年后", "service_start", None, 12, 0, "calendar"),
    ("服务开始后10日内", "service_start", None, 0, 10, "calendar"),
    # after the end of the service
    ("服务期满后", "service_end", None, 0, 0, "calendar"),
    ("服务期满后30日内", "service_end", None, 0, 30, "calendar"),
    ("合同期届满之日起10个工作日内", "service_end", None, 0, 10, "working"),
    # the end of each period
    ("每季度末后15日内", "period_end", None, 0, 15, "calendar"),
    ("每月结束后10个工作日内", "period_end", None, 0, 10, "working"),
]


@pytest.mark.parametrize(("text", "kind", "date", "months", "days", "day_kind"), READ)
def test_forms_that_fix_a_date(text: str, kind: str, date: dt.date | None, months: int, days: int, day_kind: str) -> None:
    t = parse_trigger(text)
    assert (t.kind, t.date, t.months, t.days, t.day_kind) == (kind, date, months, days, day_kind)


def test_a_month_without_a_year() -> None:
    assert parse_trigger("7月底前") == Trigger("month_end", month=7)
    assert parse_trigger("7月15日前") == Trigger("month_end", month=7, day=15)


def test_a_day_of_the_next_month() -> None:
    assert parse_trigger("次月5日前") == Trigger("next_month_day", day=5)


# another condition besides the basis: never a date counted from the first part
EVENTS = [
    ("合同签订且乙方驻场人员到岗、完成运维交接后15个工作日内", ("delivery", "staff")),
    ("双方约定的提车时间之前", ("delivery",)),
    ("服务满6个月,经甲方中期考核合格后15个工作日内", ("acceptance",)),
    ("一年服务期满,且经甲方验收合格后30日内", ("acceptance",)),
    ("收到发票后30个工作日内", ("invoice",)),
    ("报财务部门审核批准同意拨款后 15日内", ("approval",)),
    ("乙方向甲方递交完整的维护资料后 30 个工作日内", ("delivery",)),
    ("服务期满无质量问题后", ("condition",)),
    ("每季度结束且当季考核完成后20个工作日内", ("acceptance",)),  # an assessment done is no delivery
    ("代持人员完成工商登记后(以工商办理时间为准)3个工作日内", ("delivery", "registration")),
]


@pytest.mark.parametrize(("text", "events"), EVENTS)
def test_triggers_waiting_for_another_event(text: str, events: tuple[str, ...]) -> None:
    t = parse_trigger(text)
    assert (t.kind, t.events) == ("event", events)


@pytest.mark.parametrize("text", [None, "", "  ", "按工程进度", "2025年13月底前", "2025年2月30日前"])
def test_nothing_read(text: str | None) -> None:
    assert parse_trigger(text).kind == "unknown"


@pytest.mark.parametrize(("text", "day"), [
    ("5. 支付时间:甲方自下个月起,每月27日向乙方支付兼职费用7000元", (27, 1)),
    ("当月服务费于每月10日前支付", (10, 0)),
    ("次月起每月5日前支付上月服务费", (5, 1)),
    ("租金每月支付一次，租金需要每月 25 日给付甲方", None),  # which month's rent? not said
    ("每月人民币7000元", None),
    (None, None),
])
def test_a_day_of_each_month(text: str | None, day: tuple[int, int] | None) -> None:
    assert parse_monthly_day(text) == day
