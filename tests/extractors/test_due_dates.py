"""Due dates of installments (extractors/due_dates.py): a date where the
trigger and the contract's dates fix one, and a due_rule saying why not
otherwise."""

from __future__ import annotations

import datetime as dt

import pytest

from hetong.extractors.due_dates import (
    ContractDates,
    add_months,
    add_working_days,
    resolve,
    stated_acceptance,
)
from hetong.models import Evidence, Payment

D = dt.date
# signed on a Friday; service from 2022-09-25 to 2023-09-24
DATES = ContractDates(signed_on=D(2022, 9, 23), service_start=D(2022, 9, 25), service_end=D(2023, 9, 24))


def pay(trigger: str | None, rule: str = "payments.prose", seq: int = 1) -> Payment:
    return Payment(seq=seq, trigger=trigger, evidence=Evidence(start=0, end=1, text="付", rule=rule))


def one(trigger: str | None, dates: ContractDates = DATES) -> Payment:
    return resolve([pay(trigger)], dates)[0]


# (trigger, due_on, exact, rule)
FIXED = [
    ("2025 年 7 月底前", D(2025, 7, 31), True, "date written in the trigger (2025-07-31)"),
    ("2025年7月31日前", D(2025, 7, 31), True, "date written in the trigger (2025-07-31)"),
    ("合同签订后30日内", D(2022, 10, 23), True, "signed_on + 30 calendar days"),
    ("合同签订后2周内", D(2022, 10, 7), True, "signed_on + 14 calendar days"),
    ("合同签订后3个月内", D(2022, 12, 23), True, "signed_on + 3 months"),
    ("合同签订后10个工作日内", D(2022, 10, 7), False, "signed_on + 10 working days (Mon–Fri; public holidays ignored)"),
    ("合同签订生效后", D(2022, 9, 23), True, "signed_on"),
    ("运营服务满6个月后", D(2023, 3, 25), True, "service_start + 6 months"),
    ("服务满6个月后15日内", D(2023, 4, 9), True, "service_start + 6 months + 15 calendar days"),
    ("服务期满后30日内", D(2023, 10, 24), True, "service_end + 30 calendar days"),
    ("12月底前", D(2022, 12, 31), False, "12月 of the signing year 2022 (year inferred)"),
]


@pytest.mark.parametrize(("trigger", "due_on", "exact", "rule"), FIXED)
def test_a_trigger_that_fixes_the_date(trigger: str, due_on: dt.date, exact: bool, rule: str) -> None:
    p = one(trigger)
    assert (p.due_on, p.due_exact, p.due_rule) == (due_on, exact, rule)


# (trigger, dates, the reason starts with)
NOT_FIXED = [
    ("服务期满经甲方验收合格后15个工作日内", DATES, "no date: counts from acceptance"),
    ("收到发票后30个工作日内", DATES, "no date: counts from an invoice"),
    ("合同签订且乙方人员进场后15个工作日内", DATES, "no date: counts from staff arriving on site"),
    ("合同签订后30日内", ContractDates(service_start=D(2022, 9, 25)), "no date: counts from signing, and the contract states no signing date"),
    ("运营服务满6个月后", ContractDates(signed_on=D(2022, 9, 23)), "no date: counts from the service start"),
    ("服务期满后", ContractDates(), "no date: counts from the end of the service period"),
    ("7月底前", ContractDates(), "no date: a month without a year"),
    ("3月底前", DATES, "no date: a month without a year, before the signing month"),
    ("按工程进度", DATES, "no date: the trigger is not a form hetong reads"),
    (None, DATES, "no date: the contract states no time for this payment"),
]


@pytest.mark.parametrize(("trigger", "dates", "why"), NOT_FIXED)
def test_no_date_says_why(trigger: str | None, dates: ContractDates, why: str) -> None:
    p = one(trigger, dates)
    assert (p.due_on, p.due_exact) == (None, None)
    assert p.due_rule is not None and p.due_rule.startswith(why)


def test_acceptance_counts_when_the_contract_states_its_date() -> None:
    dates = ContractDates(signed_on=D(2022, 9, 23), accepted_on=D(2023, 1, 10))
    p = one("验收合格后30日内", dates)
    assert (p.due_on, p.due_exact, p.due_rule) == (D(2023, 2, 9), True, "acceptance date stated in the contract + 30 calendar days")


@pytest.mark.parametrize(("text", "date"), [
    ("验收日期：2023年1月10日", D(2023, 1, 10)),
    ("乙方于2023年1月10日完成验收", D(2023, 1, 10)),
    ("验收日期：2023年1月10日；验收时间：2023年2月1日", None),  # two dates: which one?
    ("验收合格后支付", None),
])
def test_stated_acceptance(text: str, date: dt.date | None) -> None:
    assert stated_acceptance(text) == date


def quarterly(trigger: str) -> list[Payment]:
    ps = [pay(trigger, "payments.periodic", seq) for seq in range(1, 5)]
    return resolve(ps, ContractDates(D(2025, 3, 1), D(2025, 3, 12), D(2026, 3, 11)))


def test_each_quarter_counts_from_its_own_end() -> None:
    got = [(p.due_on, p.due_exact) for p in quarterly("每季度末后15日内")]
    assert got == [(D(2025, 6, 26), True), (D(2025, 9, 26), True), (D(2025, 12, 26), True), (D(2026, 3, 26), True)]


def test_a_quarterly_acceptance_is_assumed_at_the_quarter_end() -> None:
    ps = quarterly("每季度考核验收后20日内")
    assert [p.due_on for p in ps] == [D(2025, 7, 1), D(2025, 10, 1), D(2025, 12, 31), D(2026, 3, 31)]
    assert {p.due_exact for p in ps} == {False}
    assert ps[0].due_rule == "end of period 1 (2025-03-12 – 2025-06-11) + 20 calendar days (acceptance assumed at the period end)"


def test_an_assessment_done_each_quarter_is_assumed_at_its_end() -> None:
    ps = quarterly("每季度结束且当季考核完成后20日内")
    assert [(p.due_on, p.due_exact) for p in ps][:2] == [(D(2025, 7, 1), False), (D(2025, 10, 1), False)]


def test_signing_fixes_only_the_first_period() -> None:
    ps = quarterly("第一季度服务费于合同签订后15日内")
    assert [p.due_on for p in ps] == [D(2025, 3, 16), None, None, None]
    ps = quarterly("合同签订后15日内")
    assert ps[0].due_on == D(2025, 3, 16)
    assert [p.due_on for p in ps[1:]] == [None, None, None]
    assert ps[1].due_rule == "no date: the trigger counts from signing, which fixes only the first period's payment"


def test_the_day_of_the_next_month_of_a_monthly_installment() -> None:
    ps = [pay("次月5日前", "payments.periodic", seq) for seq in range(1, 13)]
    got = resolve(ps, ContractDates(None, D(2024, 1, 1), D(2024, 12, 31)))
    assert [p.due_on for p in got][:2] == [D(2024, 2, 5), D(2024, 3, 5)]
    assert got[-1].due_on == D(2025, 1, 5)


def test_every_installment_gets_a_rule() -> None:
    ps = [pay(t, seq=i) for i, (t, *_) in enumerate(FIXED + NOT_FIXED, start=1)]
    assert all(p.due_rule for p in resolve(ps, DATES))


@pytest.mark.parametrize(("start", "n", "end"), [
    (D(2022, 1, 31), 1, D(2022, 2, 28)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2024, 11, 30), 3, D(2025, 2, 28)),
])
def test_add_months(start: dt.date, n: int, end: dt.date) -> None:
    assert add_months(start, n) == end


@pytest.mark.parametrize(("start", "n", "end"), [
    (D(2024, 3, 15), 10, D(2024, 3, 29)),  # Friday
    (D(2024, 3, 16), 1, D(2024, 3, 18)),  # Saturday → Monday
    (D(2024, 1, 31), 10, D(2024, 2, 14)),
])
def test_add_working_days(start: dt.date, n: int, end: dt.date) -> None:
    assert add_working_days(start, n) == end


def test_a_monthly_fee_on_a_day_of_the_next_month() -> None:
    wording = "支付时间:甲方自下个月起,每月27日向乙方支付兼职费用7000元"
    ps = [Payment(seq=k, evidence=Evidence(start=0, end=1, text=wording, rule="payments.periodic")) for k in (1, 2, 3)]
    got = resolve(ps, ContractDates(None, D(2026, 4, 27), D(2026, 7, 26)))
    assert [(p.due_on, p.due_exact) for p in got] == [(D(2026, 5, 27), True), (D(2026, 6, 27), True), (D(2026, 7, 27), True)]


def test_a_monthly_day_without_its_month_gives_no_date() -> None:
    wording = "租金每月支付一次，租金需要每月25日给付甲方"
    ps = [Payment(seq=k, evidence=Evidence(start=0, end=1, text=wording, rule="payments.periodic")) for k in (1, 2)]
    got = resolve(ps, ContractDates(None, D(2024, 8, 1), D(2024, 9, 30)))
    assert [p.due_on for p in got] == [None, None]
    assert got[0].due_rule == "no date: the contract states no time for this periodic payment that hetong reads"


def test_a_series_with_unknown_periods_gets_no_shared_date() -> None:
    ps = [pay("服务期满后30日内", "payments.periodic", seq) for seq in (1, 2)]
    got = resolve(ps, ContractDates(signed_on=D(2024, 1, 1), service_end=D(2024, 12, 31)))  # no service start
    assert [p.due_on for p in got] == [None, None]
    assert got[0].due_rule.startswith("no date: one of a series of payments whose periods are unknown")
    ps = [pay("2025年7月底前", "payments.periodic", seq) for seq in (1, 2)]
    assert [p.due_on for p in resolve(ps, DATES)] == [D(2025, 7, 31), None]
