"""Due dates of installments: the date each falls due, or why there is none.

`resolve(payments, dates)` is pure: it reads each installment's trigger with
`hetong.extractors.parsers.due_triggers.parse_trigger` and the contract's dates
(signing, service start and end, an acceptance date the contract states) and
returns the installments with `due_on`, `due_exact` and `due_rule` set. Every
installment gets a `due_rule`: how its date was computed, or why it has none
(`no date: counts from acceptance (验收/考核), whose date the contract does not
state`). `for_document(doc, payments)` takes the dates from the Document; the
payments extractor calls it last, and migration 008 calls `resolve` on stored
rows.

Rules, in order:

1. a date written in the trigger (`2025年7月底前` → 2025-07-31); a month
   without a year (`7月底前`) takes the signing year when the month is not
   before the signing month (not exact: the year is inferred);
2. signing + the offset (`合同签订后30日内`; `2周内` = 14 days; months
   calendar months);
3. service start + the months served + the offset (`运营服务满6个月后` →
   service_start + 6 months: the first day after six months of service);
4. service end + the offset (`服务期满后30日内`);
5. one of a series of installments paid per period (每季度, 按月; rule
   `payments.periodic` / `payments.even_periods`): its period *k* runs from
   service_start + (k−1)·m months to the day before service_start + k·m
   months; `每季度末后15日内` counts from that end; `次月5日前` is the 5th of
   the month after it; an assessment, acceptance or invoice each period is
   assumed at the period end (`due_exact` false, and said so); a trigger that
   names signing fixes only the first period; a monthly fee paid on a day
   of the month (`自下个月起，每月27日向乙方支付`) is due that day of the month
   its wording names (the month after the period starts, or 当月 the same
   month) — a day without the month (`租金需要每月25日给付`: this month's rent
   or next month's?) gives no date;
6. acceptance: only when the contract states one acceptance date
   (`验收日期：2025年3月1日`, `于2025年3月1日完成验收`);
7. otherwise no date, and `due_rule` says which event it waits for, or that
   the trigger is not understood, or that no trigger is written.

Working days are counted Monday to Friday (public holidays and adjusted
weekends ignored): such a date is `due_exact = false`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hetong.extractors.parsers.dates import add_months, month_end, parse_date
from hetong.extractors.parsers.due_triggers import Trigger, parse_monthly_day, parse_trigger
from hetong.models import Document, Payment

_PERIODIC_RULES = frozenset({"payments.periodic", "payments.even_periods"})
_PERIOD_MONTHS = (("半年", 6), ("季度", 3), ("季", 3), ("月", 1), ("年", 12))
_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_ACCEPTED_ON = (
    re.compile(rf"验收(?:合格)?(?:日期|时间)\s*[:：为]\s*(?P<date>{_DATE})"),
    re.compile(rf"于\s*(?P<date>{_DATE})\s*(?:完成|通过)(?:最终|终)?验收"),
)
_EVENT_NAMES = {
    "acceptance": "acceptance or an assessment (验收/考核/确认)",
    "invoice": "an invoice (发票)",
    "approval": "an approval (审核/审批/拨款)",
    "delivery": "a delivery or a piece of work done (交付/提交/完成)",
    "staff": "staff arriving on site (到岗/进场)",
    "registration": "a registration (登记)",
    "condition": "a condition (无质量问题, 质保期满 …)",
}


@dataclass(frozen=True)
class ContractDates:
    signed_on: dt.date | None = None
    service_start: dt.date | None = None
    service_end: dt.date | None = None
    accepted_on: dt.date | None = None  # an acceptance date the contract states


def for_document(doc: Document, payments: list[Payment]) -> list[Payment]:
    c = doc.contract
    dates = ContractDates(c.signed_on, c.service_start, c.service_end, stated_acceptance(doc.text))
    return resolve(payments, dates)


def stated_acceptance(text: str) -> dt.date | None:
    """The one acceptance date a contract states, if it states exactly one."""
    found = {
        d for pattern in _ACCEPTED_ON for m in pattern.finditer(text)
        if (d := parse_date(re.sub(r"\s", "", m.group("date"))))
    }
    return found.pop() if len(found) == 1 else None


def resolve(payments: list[Payment], dates: ContractDates) -> list[Payment]:
    periodic = [p for p in payments if _rule(p) in _PERIODIC_RULES]
    period_no = {id(p): k for k, p in enumerate(periodic, start=1)}
    months = _period_months(periodic, dates)
    out = []
    for p in payments:
        k = period_no.get(id(p))
        due_on, exact, rule = _resolve(p, dates, k, months)
        out.append(p.model_copy(update={"due_on": due_on, "due_exact": exact if due_on else None, "due_rule": rule}))
    return out


def _rule(p: Payment) -> str | None:
    return p.evidence.rule if p.evidence else None


def _period_months(periodic: list[Payment], dates: ContractDates) -> int | None:
    """Months per period of a periodic series: from its wording, else the
    service term divided evenly into the installments."""
    for p in periodic:
        words = f"{p.trigger or ''} {p.evidence.text if p.evidence else ''}"
        for word, months in _PERIOD_MONTHS:
            if f"每{word}" in words or f"按{word}" in words or f"每个{word}" in words:
                return months
    if periodic and dates.service_start and dates.service_end:
        term = _months_between(dates.service_start, dates.service_end + dt.timedelta(days=1))
        if term and term % len(periodic) == 0:
            return term // len(periodic)
    return None


def _months_between(a: dt.date, b: dt.date) -> int | None:
    """Whole months from a to b when b is exactly that many months after a."""
    n = (b.year - a.year) * 12 + b.month - a.month
    return n if n > 0 and add_months(a, n) == b else None


def _resolve(p: Payment, d: ContractDates, k: int | None, months: int | None) -> tuple[dt.date | None, bool, str]:
    t = parse_trigger(p.trigger)
    if k is not None and k > 1 and t.kind in ("date", "month_end"):
        return None, False, "no date: the date written fixes one payment, not every payment of the series"
    if t.kind == "date" and t.date:
        return t.date, True, f"date written in the trigger ({t.date.isoformat()})"
    if t.kind == "month_end":
        if d.signed_on is None:
            return None, False, "no date: a month without a year, and no signing date to take the year from"
        if t.month < d.signed_on.month:
            return None, False, "no date: a month without a year, before the signing month"
        day = t.day or month_end(d.signed_on.year, t.month).day
        return dt.date(d.signed_on.year, t.month, day), False, f"{t.month}月 of the signing year {d.signed_on.year} (year inferred)"
    if k is not None and months is not None and d.service_start is not None:
        return _periodic(t, d, k, months, p.evidence.text if p.evidence else None)
    if k is not None and t.kind in ("service_start", "service_end", "period_end", "next_month_day"):
        return None, False, "no date: one of a series of payments whose periods are unknown (no service start or period length)"
    if t.kind == "signing":
        if k is not None and k > 1:
            return None, False, "no date: the trigger counts from signing, which fixes only the first period's payment"
        if d.signed_on is None:
            return None, False, "no date: counts from signing, and the contract states no signing date"
        return _offset(d.signed_on, t, "signed_on")
    if t.kind == "service_start":
        if d.service_start is None:
            return None, False, "no date: counts from the service start, which the contract does not state"
        return _offset(d.service_start, t, "service_start")
    if t.kind == "service_end":
        if d.service_end is None:
            return None, False, "no date: counts from the end of the service period, which the contract does not state"
        return _offset(d.service_end, t, "service_end")
    if t.kind == "event" and t.events[0] == "acceptance" and len(t.events) == 1 and d.accepted_on:
        return _offset(d.accepted_on, t, "acceptance date stated in the contract")
    return None, False, _why_not(p, t, k)


def _periodic(
    t: Trigger, d: ContractDates, k: int, months: int, wording: str | None = None
) -> tuple[dt.date | None, bool, str]:
    assert d.service_start is not None
    start = add_months(d.service_start, (k - 1) * months)
    end = add_months(d.service_start, k * months) - dt.timedelta(days=1)
    period = f"period {k} ({start.isoformat()} – {end.isoformat()})"
    if t.kind in ("period_end", "service_end"):
        return _offset(end, t, f"end of {period}")
    if t.kind == "next_month_day" and t.day:
        nxt = add_months(end.replace(day=1), 1)
        return nxt.replace(day=t.day), True, f"day {t.day} of the month after {period}"
    if t.kind == "signing":
        if k > 1:
            return None, False, "no date: the trigger counts from signing, which fixes only the first period's payment"
        if d.signed_on is None:
            return None, False, "no date: counts from signing, and the contract states no signing date"
        return _offset(d.signed_on, t, "signed_on")
    if t.kind == "unknown" and months == 1 and (monthly := parse_monthly_day(wording)):
        day, later = monthly
        month = add_months(start.replace(day=1), later)
        which = "the month after the start of" if later else "the first month of"
        return month.replace(day=day), True, f"day {day} of {which} {period} (每月{day}日)"
    if t.kind == "event" and set(t.events) <= {"acceptance", "invoice", "approval"}:
        due, _, rule = _offset(end, t, f"end of {period}")
        names = "/".join(t.events)
        return due, False, f"{rule} ({names} assumed at the period end)"
    return None, False, _why_not(None, t, k)


def _offset(basis: dt.date, t: Trigger, name: str) -> tuple[dt.date, bool, str]:
    due = add_months(basis, t.months) if t.months else basis
    parts = [name]
    if t.months:
        parts.append(f"{t.months} months")
    if t.days and t.day_kind == "working":
        due = add_working_days(due, t.days)
        parts.append(f"{t.days} working days (Mon–Fri; public holidays ignored)")
    elif t.days:
        due = due + dt.timedelta(days=t.days)
        parts.append(f"{t.days} calendar days")
    return due, not (t.days and t.day_kind == "working"), " + ".join(parts)


def _why_not(p: Payment | None, t: Trigger, k: int | None) -> str:
    if t.kind == "event":
        waits = ", ".join(_EVENT_NAMES[e] for e in t.events)
        return f"no date: counts from {waits}, whose date the contract does not state"
    if t.kind == "next_month_day":
        return "no date: a day of the next month, but the installment's period is unknown"
    if t.kind == "period_end":
        return "no date: counts from the end of a period, but the periods are unknown (no service start or period length)"
    if p is not None and re.search(r"每月|按月|每个月", p.trigger or ""):
        return "no date: paid monthly, and the trigger does not say on which day"
    if p is not None and not (p.trigger or "").strip():
        return "no date: the contract states no time for this payment"
    if t.kind == "unknown" and k is not None:
        return "no date: the contract states no time for this periodic payment that hetong reads"
    return "no date: the trigger is not a form hetong reads"


def add_working_days(d: dt.date, n: int) -> dt.date:
    """n Monday–Friday days after d (public holidays ignored)."""
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d
