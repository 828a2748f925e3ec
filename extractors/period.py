"""Dates of a contract: where a date is written, and the service period.

Finders only locate spans; `hetong.extractors.parsers.dates` turns them into values.
`find_service_period` returns candidates `((start, end), span_start, span_end,
rule)` best first, offsets into `doc.text`:

1. a date range right after a period label (服务期限：A至B, 合同服务时限：A至B,
   服务期限自A起至B止, 租赁期限自A起至B止, 开发周期：A至B, 有效期);
2. an open period after a label: only the end (维护期 1 年，截止至 B) or only
   the start (服务期限自A起);
3. a range next to service words (在 A至B 具体提供…服务, 此次A至B网站技术维护费用);
4. any other date range.

Dates are read as a filled-in form writes them, the figures in blanks or
brackets (自_2024_年07月_30_日至…, 【2025】年【6】月【30】日), and in the era of
the Republic of China only when the era is written (自中华民国106年10月14日至
106年11月11日止 → 2017-10-14 … 2017-11-11); a bare 106年 is never a year.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from hetong.extractors.shared.memo import last_document
from hetong.extractors.parsers.dates import parse_date, parse_date_range
from hetong.extractors.parsers.numerals import parse_cn_int
from hetong.models import Document

Period = tuple[dt.date | None, dt.date | None]
Candidate = tuple[Period, int, int, str]

# One written date: 2025 年 3 月 12 日, 二〇二五年 6 月 10 日, 2022-09-23, 2022.9.23;
# in a filled-in form the figures stand in blanks or brackets
# (_2024_年07月_30_日, 【2025】年【6】月【30】日): see `date_text`.
_YEAR = r"(?:\d{4}|[〇零一二三四五六七八九]{4})"
_MONTH_DAY = r"(?:\d{1,2}|[〇零一二三四五六七八九十]{1,3})"
_SEP = r"[ \t_【】\[\]]*"
DATE = (
    rf"(?<![\d〇零一二三四五六七八九]){_YEAR}{_SEP}年{_SEP}{_MONTH_DAY}{_SEP}月{_SEP}{_MONTH_DAY}{_SEP}[日号]"
    r"|(?<![\d.])\d{4}(?:-\d{1,2}-\d{1,2}|\.\d{1,2}\.\d{1,2}|/\d{1,2}/\d{1,2})(?![\d])"
)
DATE_RE = re.compile(DATE)
_FORM_MARKS = str.maketrans("", "", "_【】[]")


def date_text(text: str) -> str:
    """A date or period as the parsers read it: the blanks and brackets a
    filled-in form puts around its figures taken out."""
    return text.translate(_FORM_MARKS)


# The end may leave out the year of the start (2022年7月1日至12月31日).
_SAME_YEAR_END = rf"{_MONTH_DAY}{_SEP}月{_SEP}{_MONTH_DAY}{_SEP}[日号]"
# White space, or the blank or bracket a form opens a figure with; bounded,
# and never two gaps side by side (起 sits between them), so a long run of
# spaces after a date is one linear scan, not a quadratic one.
_GAP = r"[\s_【\[]{0,12}"
# A time of day after a date (2024-01-01 00:00, 2024年1月1日 0时) belongs to it.
_TIME = r"(?:[ \t]{0,3}\d{1,2}[:：]\d{2}(?:[:：]\d{2})?|[ \t]{0,3}\d{1,2}[时点](?:\d{1,2}分)?)?"
_RANGE = re.compile(
    rf"(?:(?:自|从){_GAP})?(?:{DATE}){_TIME}{_GAP}(?:起{_GAP})?(?:至|到|~|—|–|-){_GAP}(?:{DATE}|{_SAME_YEAR_END}){_TIME}(?:{_GAP}止)?"
)
# Every date opens with four digits or numerals (its year), and a range opens
# with its first date or with 自/从 and white space before it. re cannot skip
# ahead for _RANGE (it opens with an optional group and a look-behind), so
# `_RANGE.finditer` runs the whole pattern at every character; `_ranges` tries
# it only at a year and at a 自/从 right before one.
_YEAR_START = re.compile(r"[\d〇零一二三四五六七八九]{4}")
_END_ONLY = re.compile(rf"(?:截止至|截止到|截至|截止|至|到){_GAP}(?:{DATE})(?:{_GAP}(?:止|为止))?")
_START_ONLY = re.compile(rf"(?:自|从){_GAP}(?:{DATE}){_GAP}起")

# Dates of the Republic of China era (Taiwan), read only when the era is
# written: 中华民国106年10月14日 is 2017-10-14. In a range opened by such a
# date the end may leave the era out (自中华民国106年10月14日至106年11月11日止).
_ROC_ERA = r"(?:中华民国|民国)"
_ROC_YEAR = r"(?:\d{2,3}|[一二三四五六七八九十百〇零]{2,5})"
_ROC_DATE = rf"{_ROC_ERA}[ \t]*(?P<y1>{_ROC_YEAR})[ \t]*年(?P<md1>{_SAME_YEAR_END})"
_ROC_RANGE = re.compile(
    rf"(?:(?:自|从)\s*)?{_ROC_DATE}\s*(?:起)?\s*(?:至|到|~|—|–|-)\s*"
    rf"(?:(?:{_ROC_ERA}[ \t]*)?(?P<y2>{_ROC_YEAR})[ \t]*年)?(?P<md2>{_SAME_YEAR_END})(?:\s*止)?"
)
_ROC_OFFSET = 1911

# Labels that name the service period.
# 租赁期限 / 租期 (a lease), 开发周期 (development), 训练期间 (a course).
_PERIOD_LABEL = re.compile(
    r"(?:服务|维护|运维|运营|维保|履行|合作|合同|项目|技术维护|租赁|承租|开发|训练|培训|委托|代理)"
    r"(?:期限|期间|时限|周期|年限|时间|期)|有效期|租期"
)
# Words that tie a range to the service itself.
_SERVICE_WORD = re.compile(r"服务|维护|运维|运营|维保")
_LOOKBACK = 40
_NEAR = 20


def _label_before(text: str, start: int) -> bool:
    """A period label shortly before `start`, with no sentence end in between."""
    window = text[max(0, start - _LOOKBACK) : start]
    window = re.split(r"[。;]", window)[-1]
    return bool(_PERIOD_LABEL.search(window))


def _service_near(text: str, start: int, end: int) -> bool:
    before = re.split(r"[。;\n]", text[max(0, start - _NEAR) : start])[-1]
    after = re.split(r"[。;\n]", text[end : end + _NEAR])[0]
    return bool(_SERVICE_WORD.search(before) or _SERVICE_WORD.search(after))


def _ranges(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_RANGE.finditer(text)`, found faster (see _YEAR_START)."""
    pos = 0
    while year := _YEAR_START.search(text, pos):
        y = year.start()
        m = None
        s = y  # 自/从 and white space before the year, not before `pos`
        while s > pos and (text[s - 1].isspace() or text[s - 1] in "_【["):  # what _GAP takes
            s -= 1
        if s > pos and text[s - 1] in "自从":
            m = _RANGE.match(text, s - 1)
        m = m or _RANGE.match(text, y)
        if m:
            yield m
            pos = m.end()
        else:
            pos = y + 1


def _roc_period(m: re.Match[str]) -> Period:
    """The Gregorian dates of an ROC-era range."""
    start_year = parse_cn_int(m.group("y1"))
    end_year = parse_cn_int(m.group("y2")) if m.group("y2") else start_year
    if start_year is None or end_year is None:
        return (None, None)
    start = parse_date(f"{start_year + _ROC_OFFSET}年{date_text(m.group('md1'))}")
    end = parse_date(f"{end_year + _ROC_OFFSET}年{date_text(m.group('md2'))}")
    return (start, end)


def _rank(text: str, start: int, end: int) -> tuple[int, str]:
    if _label_before(text, start):
        return 0, "contract.service_period.label_range"
    if _service_near(text, start, end):
        return 2, "contract.service_period.service_range"
    return 3, "contract.service_period.bare_range"


@last_document(lambda doc: (doc.text,))
def find_service_period(doc: Document) -> list[Candidate]:
    """Candidates best first. Asked twice per document (the contract fields
    and the flags), so the last document's answer is kept."""
    text = doc.text
    ranked: list[tuple[int, int, Candidate]] = []
    covered: list[tuple[int, int]] = []
    for m in _ranges(text):
        period = parse_date_range(date_text(m.group(0)))
        if None in period:  # a side of a located range not read (an impossible date?): say so
            doc.note_unread("contract.service_period", m.start(), m.end(),
                            "a date range the date parser does not read whole (an impossible date?)")
        if period == (None, None):
            continue
        covered.append(m.span())
        rank, rule = _rank(text, m.start(), m.end())
        ranked.append((rank, m.start(), (period, m.start(), m.end(), rule)))
    if "民国" in text:
        for m in _ROC_RANGE.finditer(text):
            period = _roc_period(m)
            if period == (None, None):
                continue
            covered.append(m.span())
            rank, rule = _rank(text, m.start(), m.end())
            ranked.append((rank, m.start(), (period, m.start(), m.end(), rule)))
    for pattern, rule, pick in (
        (_END_ONLY, "contract.service_period.label_end", lambda d: (None, d)),
        (_START_ONLY, "contract.service_period.label_start", lambda d: (d, None)),
    ):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in covered) or not _label_before(text, m.start()):
                continue
            date_m = DATE_RE.search(m.group(0))
            value = parse_date(date_text(date_m.group(0))) if date_m else None
            if value is None:
                continue
            ranked.append((1, m.start(), (pick(value), m.start(), m.end(), rule)))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [c for _, _, c in ranked]
