"""Dates: a service period against its stated duration, a blank signing date
(period_mismatch, missing_signing_date)."""

from __future__ import annotations

import datetime as dt
import re

from hetong.extractors.contract import SIGN_MARK
from hetong.extractors.flags.common import Item, _flag
from hetong.extractors.parsers.dates import add_months, parse_date
from hetong.extractors.parsers.durations import parse_period_days, parse_period_months
from hetong.extractors.parties import Mention
from hetong.extractors.period import DATE_RE, find_service_period
from hetong.extractors.shared.roles import ROLE_WORD
from hetong.extractors.shared.spans import sentence_at
from hetong.models import Document, Flag

# A stated duration: a number of years, months or days after a word that
# states it (为期3年, 共12个月, 服务期一年, 期限为12个月, 服务时间为12个月) or
# right beside the dates (`一年（2022年7月1日至2023年6月30日）`). Not one:
# 上一年度, 每年, 一年期贷款, 三年内, 满6个月后, 每季度提交3个月的报告.
_DURATION = re.compile(
    r"(?P<key>为期|共计?|合计|历时|(?:服务|维护|运维|运营|合同|协议)?(?:期限|期|时间|时限)(?:为|是|:)?)?[ \t]*"
    r"(?<![0-9一二两三四五六七八九十年月日号上下每第前近这该本次当])"
    r"(?P<n>[0-9]+|[一二两三四五六七八九十半]+)[ \t]*(?P<unit>个[ \t]*月|年半?|天|日|个自然日)"
    r"(?![度期级内以后前底初末])"
)
_BESIDE = 6  # characters between a bare duration and the dates


def _fits(start: dt.date, end: dt.date, phrase: str) -> bool | None:
    """Does a duration phrase agree with start..end? None when it is no duration."""
    months = parse_period_months(phrase)
    if months is not None:
        if months != months.to_integral_value() or months <= 0:
            return None
        due = add_months(start, int(months))
        # 2024-01-01 … 2024-12-31 and 2024-03-01 … 2025-03-01 both are one year
        return min(abs((end + dt.timedelta(days=1) - due).days), abs((end - due).days)) <= 2
    days = parse_period_days(phrase)
    if days is not None and days > 0:
        return abs((end - start).days + 1 - days) <= 1
    return None


def check_period(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """A stated duration that disagrees with the service dates of its
    sentence, or a period whose end is before its start."""
    text = doc.text
    flags = []
    seen: set[tuple[dt.date, dt.date]] = set()
    for (start, end), s, e, _rule in find_service_period(doc):
        if start is None or end is None or (start, end) in seen:
            continue
        seen.add((start, end))
        dates = [(m.group(0), s + m.start(), s + m.end()) for m in DATE_RE.finditer(text[s:e])]
        if end < start:
            flags.append(_flag(doc, "period_mismatch", "order",
                               f"The service period ends ({end}) before it starts ({start}).", dates))
            continue
        sentence = sentence_at(text, s)
        stated = []
        for m in _DURATION.finditer(text, sentence.start, sentence.end):
            if s <= m.start() < e:
                continue  # inside the date range itself
            if not m.group("key") and not (0 <= s - m.end() <= _BESIDE or 0 <= m.start() - e <= _BESIDE):
                continue
            fits = _fits(start, end, m.group(0))
            if fits is not None:
                stated.append((fits, m))
        if stated and not any(fits for fits, _ in stated):
            m = stated[0][1]
            phrase = m.group(0).strip()
            flags.append(_flag(doc, "period_mismatch", "duration",
                               f"The contract states a duration of {phrase} but the service runs from {start} to {end}.",
                               [(phrase, m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end()), *dates]))
    return flags + _term_elsewhere(doc, flags)


# The term of the service stated in words in a sentence of its own
# (乙方为甲方提供 一年 的物业管理服务, 服务期为一年), apart from its dates.
_SERVICE_TERM = re.compile(
    r"(?P<key>提供|服务(?:期限|期|时间|周期|年限))(?:为|是|:)?[ \t]*+(?:为期[ \t]*+)?"
    r"(?P<n>[0-9]+|[一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]+)[ \t]*+(?P<unit>个[ \t]*+月|年)"
    r"(?![度期级内以后前底初末份])"
)
# What makes a term some other term: a warranty or free support after delivery.
_OTHER_TERM = re.compile(r"免费|质保|保修|保质|质量保证|售后|维保期|缺陷|一年一签|每年一签|逐年|续签|续约|延续")


def _term_elsewhere(doc: Document, found: list[Flag]) -> list[Flag]:
    """A service term in words that no dated service period of the contract
    fits (its sentence holds no dates: those were checked above)."""
    if found:
        return []
    text = doc.text
    periods = []
    for (start, end), s, e, rule in find_service_period(doc):
        if start is not None and end is not None and start <= end and not rule.endswith("bare_range"):
            periods.append((start, end, s, e))
    if not periods:
        return []
    for m in _SERVICE_TERM.finditer(text):
        sentence = sentence_at(text, m.start())
        if DATE_RE.search(text, sentence.start, sentence.end) or _OTHER_TERM.search(text, sentence.start, sentence.end):
            continue
        if m.group("key") == "提供" and "服务" not in text[m.end() : sentence.end][:24]:
            continue
        phrase = m.group(0)[m.start("n") - m.start() :].strip()
        if any(_fits(start, end, phrase) is not False for start, end, _s, _e in periods):
            continue
        start, end, s, e = periods[0]
        dates = [(d.group(0), s + d.start(), s + d.end()) for d in DATE_RE.finditer(text[s:e])]
        written = m.group(0).strip()
        return [_flag(doc, "period_mismatch", "term",
                      f"The contract states a term of {phrase} ({written}) but the service runs from {start} to {end}.",
                      [(written, m.start(), m.end()), *dates])]
    return []


_SIGNING_LABEL = re.compile(
    r"(?:签订|签署|签约|签字|签定|订立|签章)(?:日期|时间)|(?<![\u4e00-\u9fff])日期"
)
# One date slot of a form, filled or not: 2023年7月3日, 2023 年 月 日,
# ____年__月__日, 【2025年7月 日】, 中华民国 年 月 日 (an era before the year).
# A slot whose day is left out is blank, whatever its year and month say.
_ERA = r"中华民国|中華民國|民国|民國|公元"
_DAY = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_BLANK = r"[ \t_]*+"  # possessive: a run of blanks is never split two ways


def _slot_pattern(era: str, day: str) -> str:
    # a slot starts at its first character that is no space, or at the first
    # of a run of underscores (never inside one: a long run stays linear)
    start = r"(?:(?=[【\[(中民公0-9〇零一二三四五六七八九年])|(?<!_)(?=_))"
    return (rf"{start}[【\[(]?(?:{era}{_BLANK})?{_BLANK}(?:[0-9〇零一二三四五六七八九]{{1,4}}{_BLANK})?年{_BLANK}"
            rf"(?:(?:[0-9]{{1,2}}|[一二三四五六七八九十]{{1,2}}){_BLANK})?月{_BLANK}"
            rf"(?:{day}{_BLANK})?[日号][】\])]?")


_SLOT = re.compile(_slot_pattern(f"(?P<era>{_ERA})", f"(?P<day>{_DAY})"))
# A line of date slots and nothing else (two parties' dates side by side: 年 月 日\t年 月 日)
_ANY_SLOT = _slot_pattern(f"(?:{_ERA})", f"(?:{_DAY})")
_SLOT_LINE = re.compile(rf"(?:{_BLANK}(?:{_ANY_SLOT}|{DATE_RE.pattern}))++{_BLANK}")
# A date that stops at the month (签订日期：2025年11月): the day is not given.
_MONTH_ONLY = re.compile(
    rf"{_BLANK}(?:[0-9〇零一二三四五六七八九]{{1,4}}{_BLANK})?年"
    rf"{_BLANK}(?:(?:[0-9]{{1,2}}|[一二三四五六七八九十]{{1,2}}){_BLANK})?月")
# A role's line left empty for the signature (甲方： / 出租方（甲方）：___); a
# role line with a name is a declaration or a cover as often as a signature.
_ROLE_LINE = re.compile(
    rf"^[ \t]*+(?:{ROLE_WORD}|出租方|承租方|出租人|承租人)[ \t]*+(?:\([^()\n]{{0,16}}\)[ \t]*+)?:[ \t_]*+$")
_SIGNED_BEFORE = re.compile(r"(?:盖章|签字|签名|签章|公章)\)?[ \t]*+:?[ \t]*+$")
# …签署 after a date slot: this agreement's signing, not an earlier contract's
# (双方于2023年1月1日签订的《租赁合同》, 签订了《主合同》).
_SIGNED_IN = re.compile(r"[^。;\n]{0,30}?(?:签署|签订|订立|签约|签定)(?![的了之])")
# where the next label of the line starts (签订日期：  年 月 日   签订地点：昆明)
_NEXT_LABEL = re.compile(r"(?<![ \t])[ \t]++(?=[\u4e00-\u9fff]{2,8}[ \t]*+:)")
_SIGN_WINDOW = 6  # lines between a signature mark or role line and the date slots under it


def _slot_filled(value: str) -> bool | None:
    """True for a filled date, False for a blank slot (or nothing at all),
    None for anything else (a garbled reading, a note)."""
    value = value.strip()
    if parse_date(value) is not None:
        return True
    slot = _SLOT.match(value)
    if slot and slot.group("day"):
        return True  # a day is written (2年7月4日 as OCR read it): not blank
    if not value.strip(" \t_") or _SLOT_LINE.fullmatch(value) or _MONTH_ONLY.fullmatch(value):
        return False
    return None


def _signing_slots(doc: Document) -> tuple[list[Item], list[Item]]:
    """(blank, filled) signing-date slots: `签订日期：…` labels, and date
    slots in a signature block (under 甲方（盖章） or a bare 甲方： line, or
    after the mark on its line): a line of slots (年 月 日, 年月日年月日, 年 月 日\t年 月 日),
    a slot after the mark (甲方（签章）： 年 月 日), or an era-dated slot ending
    a line (…12楼中华民国 年月日)."""
    text = doc.text
    blank: list[Item] = []
    filled: list[Item] = []
    for m in _SIGNING_LABEL.finditer(text):
        colon = re.compile(r"[ \t]*:[ \t]*").match(text, m.end())
        if colon is None:
            continue
        line_end = text.find("\n", colon.end())
        line_end = len(text) if line_end < 0 else line_end
        value = _NEXT_LABEL.split(text[colon.end() : line_end])[0].rstrip()
        item = (text[m.start() : colon.end() + len(value)].strip(), m.start(), colon.end() + len(value))
        state = _slot_filled(value)
        if state is not None:
            (filled if state else blank).append(item)
    for slot in _SLOT.finditer(text):
        # the preamble's 由以下各方于【2025年7月 日】在【成都市】签署
        if _SIGNED_IN.match(text, slot.end()) and text[max(0, slot.start() - 2) : slot.start()].rstrip().endswith("于"):
            lead = len(slot.group(0)) - len(slot.group(0).lstrip(" \t_"))
            item = (slot.group(0).strip(" \t_"), slot.start() + lead, slot.end())
            (filled if slot.group("day") else blank).append(item)
    lines = text.split("\n")
    pos = 0
    for k, line in enumerate(lines):
        window = lines[max(0, k - _SIGN_WINDOW) : k]
        context = any(SIGN_MARK.search(prev) or _ROLE_LINE.match(prev) for prev in window)
        if _SLOT_LINE.fullmatch(line) and line.strip(" \t_"):
            if context:
                lead = len(line) - len(line.lstrip())
                stripped = line.strip()
                item = (stripped, pos + lead, pos + lead + len(stripped))
                dates = (*_SLOT.finditer(stripped), *DATE_RE.finditer(stripped))
                has_date = any(_slot_filled(d.group(0)) for d in dates)
                (filled if has_date else blank).append(item)
        else:
            for slot in _SLOT.finditer(line):
                before = line[: slot.start()]
                at_end = not line[slot.end() :].strip()
                if not ((slot.group("era") and at_end) or _SIGNED_BEFORE.search(before)):
                    continue
                if not (context or SIGN_MARK.search(before)):
                    continue
                lead = len(slot.group(0)) - len(slot.group(0).lstrip(" \t_"))
                item = (slot.group(0).strip(" \t_"), pos + slot.start() + lead, pos + slot.end())
                (filled if slot.group("day") else blank).append(item)
        pos += len(line) + 1
    return blank, filled


def check_signing_date(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """The signing date is left blank everywhere it appears."""
    if doc.contract.signed_on is not None:
        return []
    blank, filled = _signing_slots(doc)
    if not blank or filled:
        return []
    return [_flag(doc, "missing_signing_date", "blank",
                  f"The signing date is left blank ({len(blank)} place{'s' if len(blank) > 1 else ''}).", blank)]
