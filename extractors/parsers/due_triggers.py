"""Payment trigger text → what its due date counts from (a pure parser).

`parse_trigger(text)` reads a trigger as `hetong.extractors.payments` keeps it
(`合同签订后30日内`, `2025 年 7 月底前`, `运营服务满6个月后`) and returns a
`Trigger`: the event the date counts from and the offset after it. It reads a
trigger only when the WHOLE text is one of the forms below; a trigger with
any other condition in it (`合同签订且乙方人员进场后15个工作日内`,
`服务满6个月,经甲方考核合格后…`) is `kind="event"` with the events it names,
never a date counted from its first part.

Forms (after white space, quotes and a leading 在/于/自 are dropped):

| kind | written | offset |
|---|---|---|
| `date` | `2025年7月31日前`, `2025年7月底前`, `2025年7月末前`, `2025-07-31前`, `于2025年7月31日之前` | — |
| `month_end` | `7月底前`, `7月31日前` (no year: the signing year, see due_dates) | — |
| `signing` | `合同签订后30日内`, `本合同签署之日起15个工作日内`, `合同生效后2周内`, `合同签订生效后`, `第一季度服务费于合同签订后15个工作日内` | days, weeks, months |
| `service_start` | `服务满6个月后`, `运营服务满6个月后`, `服务满半年后15日内`, `服务开始后10日内` | months (+ days) |
| `service_end` | `服务期满后30日内`, `合同期满后`, `服务期届满之日起10个工作日内` | days |
| `period_end` | `每季度末后15日内`, `每月结束后10个工作日内`, `每季度结束后` | days |
| `next_month_day` | `次月5日前`, `每月10日前` (of a periodic installment) | day of month |
| `event` | anything else that names an event: acceptance (验收, 考核, 终验), an invoice, a delivery, an approval, staff on site, … | days when written |
| `unknown` | nothing read | — |
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import month_end, parse_date
from .numerals import NUMBER, parse_cn_int

__all__ = ["Trigger", "parse_monthly_day", "parse_trigger"]


@dataclass(frozen=True)
class Trigger:
    kind: str  # date | month_end | signing | service_start | service_end | period_end | next_month_day | event | unknown
    date: dt.date | None = None  # kind date: the date itself
    month: int | None = None  # kind month_end: the month (no year written)
    day: int | None = None  # month_end: a day written (7月31日前); next_month_day: the day
    months: int = 0  # whole months after the basis (服务满6个月)
    days: int = 0  # days after the basis (and after the months)
    day_kind: str = "calendar"  # calendar | working
    events: tuple[str, ...] = ()  # kind event: what it waits for (acceptance, invoice, …)


_DROP = re.compile(r"[\s\"“”「」『』'‘’]")
_LEAD = re.compile(r"^(?:并|且|应|须|在|于|自|从)+")
# the first period's fee named before its time (第一季度服务费于合同签订后…): the
# time is read; the resolver applies a signing date to the first period only
_FIRST_PERIOD = re.compile(r"^第一(?:个)?(?:季度|期|年度|年|月|笔)[^,;。]{0,8}?(?:于|在)")
_WITHIN = r"(?:内|之内|以内)?"
# an offset after the basis: 30日内, 15个工作日内, 2周内, 3个月内, 十五个工作日内
_OFFSET = rf"(?P<n>{NUMBER}|半)个?(?P<unit>工作日|自然日|日历日|天|日|周|星期|月)"
_AFTER = r"(?:之日)?(?:后|起|以后|之后)?的?"
_DEADLINE = r"(?:前|之前|以前)"

_DATE = re.compile(
    rf"^(?P<date>\d{{4}}年\d{{1,2}}月\d{{1,2}}[日号]|\d{{4}}[-./]\d{{1,2}}[-./]\d{{1,2}})(?:当日)?{_DEADLINE}$"
)
_MONTH_END_Y = re.compile(rf"^(?P<y>\d{{4}})年(?P<m>\d{{1,2}})月(?:底|末|月底|月末){_DEADLINE}?$")
_MONTH_NO_Y = re.compile(rf"^(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月(?:(?P<d>\d{{1,2}})[日号]|底|末){_DEADLINE}$")
_SIGNING = re.compile(
    r"^(?:本|双方)?(?:合同|协议|本合同|本协议)?(?:正式)?(?:签订|签署|签字|盖章|签字盖章)?(?:并|且)?(?:生效)?"
    rf"{_AFTER}(?:{_OFFSET}{_WITHIN})?$"
)
_SERVICE_START = re.compile(
    rf"^(?:运营|运维|维护|技术)?服务(?:期)?(?:满(?P<sn>{NUMBER}|半)个?(?P<su>月|年|季度)|开始|启动)"
    rf"{_AFTER}(?:{_OFFSET}{_WITHIN})?$"
)
_SERVICE_END = re.compile(
    rf"^(?:运营|运维|维护|技术)?(?:服务期|服务期限|合同期|合同期限|运维期|维护期)(?:满|届满|结束|到期){_AFTER}(?:{_OFFSET}{_WITHIN})?$"
)
_PERIOD_END = re.compile(rf"^每(?:个)?(?:季度|月|年度|年|半年)(?:末|结束|届满|期满){_AFTER}(?:{_OFFSET}{_WITHIN})?$")
_NEXT_MONTH = re.compile(rf"^(?:次月|下月|每月)(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[日号]{_DEADLINE}$")

# events a trigger may wait for, by name; the first found names the trigger's kind
_EVENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("acceptance", re.compile(r"验收|终验|初验|考核|评审|确认|达标|审定")),
    ("invoice", re.compile(r"发票")),
    ("approval", re.compile(r"审核|审批|批准|拨款|财政")),
    ("delivery", re.compile(r"交付|递交|提交|提供|交货|到货|交至|送达|提车|出具|(?<!考核)(?<!验收)(?<!评审)完成|上线|交接")),
    ("staff", re.compile(r"到岗|进场|进驻|驻场|到位")),
    ("registration", re.compile(r"登记|备案")),
    ("condition", re.compile(r"无质量问题|质保期|保修期|正常运行|可正确使用")),
)
_ANY_OFFSET = re.compile(rf"{_OFFSET}{_WITHIN}")
_DAYS_PER_UNIT = {"周": 7, "星期": 7}


def _count(n: str) -> int | None:
    return 0 if n == "半" else parse_cn_int(n)


def _offset(m: re.Match[str]) -> tuple[int, int, str] | None:
    """(months, days, day kind) of the match's offset group; None when unread."""
    if m.group("n") is None:
        return 0, 0, "calendar"
    unit = m.group("unit")
    if m.group("n") == "半":
        return (6, 0, "calendar") if unit == "年" else None
    n = parse_cn_int(m.group("n"))
    if n is None:
        return None
    if unit == "月":
        return n, 0, "calendar"
    if unit in _DAYS_PER_UNIT:
        return 0, n * _DAYS_PER_UNIT[unit], "calendar"
    return 0, n, "working" if unit == "工作日" else "calendar"


def parse_trigger(text: str | None) -> Trigger:
    if not text:
        return Trigger("unknown")
    s = _LEAD.sub("", _FIRST_PERIOD.sub("", _DROP.sub("", text))).rstrip(",，。;；:")
    if not s:
        return Trigger("unknown")
    if m := _DATE.match(s):
        when = parse_date(m.group("date"))
        return Trigger("date", date=when) if when else Trigger("unknown")
    if m := _MONTH_END_Y.match(s):
        year, month = int(m.group("y")), int(m.group("m"))
        if 1 <= month <= 12:
            return Trigger("date", date=month_end(year, month))
        return Trigger("unknown")
    if m := _MONTH_NO_Y.match(s):
        month = parse_cn_int(m.group("m"))
        day = int(m.group("d")) if m.group("d") else None
        if month and 1 <= month <= 12:
            return Trigger("month_end", month=month, day=day)
        return Trigger("unknown")
    if m := _NEXT_MONTH.match(s):
        day = parse_cn_int(m.group("d"))
        return Trigger("next_month_day", day=day) if day and 1 <= day <= 28 else Trigger("unknown")
    for kind, pattern in (("service_end", _SERVICE_END), ("period_end", _PERIOD_END)):
        if m := pattern.match(s):
            off = _offset(m)
            return Trigger(kind, months=off[0], days=off[1], day_kind=off[2]) if off else Trigger("unknown")
    if m := _SERVICE_START.match(s):
        off = _offset(m)
        start_months = 0
        if m.group("sn") is not None:
            n, unit = m.group("sn"), m.group("su")
            per = {"月": 1, "季度": 3, "年": 12}[unit]
            count = 6 if n == "半" and unit == "年" else _count(n)
            if not count:
                return Trigger("unknown")
            start_months = count if n == "半" else count * per
        if off is None:
            return Trigger("unknown")
        return Trigger("service_start", months=start_months + off[0], days=off[1], day_kind=off[2])
    if re.search(r"签订|签署|签字|盖章|生效", s) and (m := _SIGNING.match(s)):
        off = _offset(m)
        return Trigger("signing", months=off[0], days=off[1], day_kind=off[2]) if off else Trigger("unknown")
    events = tuple(name for name, pattern in _EVENTS if pattern.search(s))
    if events:
        off_m = _ANY_OFFSET.search(s)
        off = _offset(off_m) if off_m else (0, 0, "calendar")
        off = off or (0, 0, "calendar")
        return Trigger("event", months=off[0], days=off[1], day_kind=off[2], events=events)
    return Trigger("unknown")


# a day of every month a periodic fee is paid on, with which month it is
_MONTHLY_DAY = re.compile(
    r"(?P<which>自下个?月起|从下个?月起|次月|下个?月|当月|本月)?[^。;\n]{0,6}?"
    r"每(?:个)?月(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})[日号](?:前|之前|以前)?"
    r"[^。;\n]{0,16}?(?:支付|付款|付清|给付|缴纳|交纳)"
)


def parse_monthly_day(text: str | None) -> tuple[int, int] | None:
    """(day, months after the period's first month) of `每月N日…支付` when the
    text says which month (`自下个月起，每月27日向乙方支付` → (27, 1); `当月…每月
    10日前支付` → (10, 0)); None when it does not say (`租金需要每月25日给付`:
    this month's rent or next month's?) or there is no such day."""
    if not text:
        return None
    m = _MONTHLY_DAY.search(_DROP.sub("", text))
    if not m or not m.group("which"):
        return None
    day = parse_cn_int(m.group("d"))
    if not day or not 1 <= day <= 28:
        return None
    return day, 0 if m.group("which") in ("当月", "本月") else 1

