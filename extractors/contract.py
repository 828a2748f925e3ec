"""Contract-level fields (data/gold/FORMAT.md `contract`): title, numbers,
dates, total amount, tax rate, service period, coverage windows, disputes.

Find, then parse. Every field has finder functions that return candidates
`(value, start, end, rule)` — offsets into `doc.text` — best first; `extract`
takes the first candidate of each field and records its evidence. Values are
parsed by `extractors.parsers`; a span whose value does not parse is not a
candidate. Title, service period and dispute finders live in their own
modules (`title`, `period`, `dispute`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from extractors import scan
from extractors.dispute import find_dispute
from extractors.memo import last_document
from extractors.parsers.dates import parse_date
from extractors.parsers.money import is_capital_amount, parse_money
from extractors.parsers.rates import parse_rate
from extractors.period import DATE, DATE_RE, find_service_period
from extractors.title import find_title
from models import Contract, Document

Candidate = tuple[Any, int, int, str]

CJK = "\u4e00-\u9fff\u3400-\u4dbf"


# -- label values -------------------------------------------------------------

# A value ends at the line end or where the next label on the line starts
# (合同编号：          签订日期：…); a value that is itself a label is blank.
_NEXT_LABEL = re.compile(rf"\s{{2,}}|\s+(?=[{CJK}]{{2,8}}\s*:)")
_LABEL_ONLY = re.compile(rf"[{CJK}]{{2,8}}\s*:")
# The normaliser joins a broken line even across a blank line; a value that
# runs on into a new paragraph opening like this was joined by mistake.
_PARAGRAPH_OPENING = re.compile(r"依据|根据|按照|依照|为了|鉴于|经|本合同|本协议|甲乙双方|双方|甲方|乙方")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _paragraph_break(doc: Document, start: int, end: int) -> int:
    """First offset in [start, end) where the raw text has a blank line before
    it and a new paragraph opens; `end` when there is none."""
    if not doc.offsets:
        return end
    offsets = doc.offsets
    for i in range(start + 1, end):
        # a blank line takes two characters at least; most gaps are empty
        if offsets[i] - offsets[i - 1] <= 2:
            continue
        gap = doc.raw_text[offsets[i - 1] + 1 : offsets[i]]
        if _BLANK_LINE.search(gap) and _PARAGRAPH_OPENING.match(doc.text, i):
            return i
    return end


_Label = tuple[re.Pattern[str], re.Pattern[str]]


def _label(label: str, first: str) -> _Label:
    """`label：` with the blanks around the colon, and where a match may start
    (for `scan.finditer`)."""
    return re.compile(rf"(?:{label})[ \t]*:[ \t]*"), re.compile(first)


def _label_values(doc: Document, label: _Label) -> list[tuple[str, int, int]]:
    """(value, start, end) for each `label：value` on a line; blank values included."""
    text = doc.text
    out = []
    for m in scan.finditer(*label, text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        stop = _NEXT_LABEL.search(text, m.end(), line_end)
        end = stop.start() if stop else line_end
        if _LABEL_ONLY.match(text, m.end(), end):
            end = m.end()
        end = _paragraph_break(doc, m.end(), end)
        value = text[m.end() : end].rstrip(" \t,。;")
        out.append((value, m.end(), m.end() + len(value)))
    return out


# -- contract number, project name ---------------------------------------------

# At a line start (or after a gap): 合同编号 inside a sentence names another
# contract (鉴于…框架合同（合同编号：NPDZ-2023-017）…). A framework
# agreement (框架协议) numbers itself 协议编号 / 协议号, with the same care:
# 依据《…框架协议》（协议编号：…）is another agreement's number.
# (Its first character: a blank or 合/协/编 at a line start or after a blank. The
# look-behind stands after the class so that re can skip ahead to the class.)
_CONTRACT_NO_LABEL = _label(
    r"(?:^|(?<=\n)|(?<=[ \t]{2}))[ \t]*(?:(?:合同|协议)(?:登记)?编号|合同号|协议号|编号)",
    r"[ \t合协编](?<![^\n \t].)",
)
_CODE = re.compile(r"[0-9A-Za-z]")


def find_contract_no(doc: Document) -> list[Candidate]:
    found = []
    for value, s, e in _label_values(doc, _CONTRACT_NO_LABEL):
        if value and len(value) <= 40 and _CODE.search(value):
            found.append((value, s, e, "contract.contract_no.label"))
    return found


_PROJECT_LABEL = _label(rf"(?<![{CJK}])(?:采购)?项目名称", "[采项]")


# How a project's name ends: …项目, …服务, …工程, …采购, …平台 (…建设项目（二期）).
_PROJECT_END = re.compile(rf"(?:项目|服务|工程|采购|平台|系统|建设)(?:\([^()\n]{{1,12}}\))?$")
# A fragment on the next line that completes a name an OCR line break cut
# (项目名称:…等级保护测 / 评项目): short, no colon or sentence punctuation.
_NAME_TAIL = re.compile(rf"[ \t]*([{CJK}\w()（）\-—]{{1,15}})[ \t]*(?=\n|$)")


def find_project_name(doc: Document) -> list[Candidate]:
    found = []
    for value, s, e in _label_values(doc, _PROJECT_LABEL):
        if len(re.findall(rf"[{CJK}]", value)) >= 2:
            value, e = _completed_name(doc.text, value, e)
            found.append((value, s, e, "contract.project_name.label"))
    return found


def _completed_name(text: str, value: str, end: int) -> tuple[str, int]:
    """The project name with the fragment a line break cut off it, when the
    value runs to the end of its line without a name's ending and the next
    line is a short fragment that supplies one, followed by a blank line, a
    label line or the end."""
    line_end = text.find("\n", end)
    if line_end < 0 or text[end:line_end].strip() or _PROJECT_END.search(value):
        return value, end
    tail = _NAME_TAIL.match(text, line_end + 1)
    if not tail or not _PROJECT_END.search(value + tail.group(1)):
        return value, end
    following = text[tail.end() + 1 :].split("\n", 1)[0] if tail.end() < len(text) else ""
    if following.strip() and ":" not in following:
        return value, end  # a paragraph goes on: the line is prose, not a cut name
    return value + tail.group(1), tail.end(1)


# -- signing date --------------------------------------------------------------

_SIGNED_LABEL = _label(rf"(?:签订|签署|签约|签字|签定|订立|签章)(?:日期|时间)|(?<![{CJK}])日期", "[签订日]")
SIGN_MARK = re.compile(r"盖章|签字|签名|签章|公章")
_DATE_LINE = re.compile(rf"(?m)^[ \t]*(?:{DATE})[ \t]*$")
_SIGN_LOOKBACK = 6  # lines between a signature mark and a bare date under it


def find_signed_on(doc: Document) -> list[Candidate]:
    """Labelled signing dates in document order (a blank one is skipped, so a
    blank header falls through to the signature block), then bare date lines
    under a signature mark (甲方（盖章） … 2022 年 9 月 23 日)."""
    text = doc.text
    found = []
    for value, s, _ in _label_values(doc, _SIGNED_LABEL):
        m = DATE_RE.match(value)
        date = parse_date(m.group(0)) if m else None
        if date is not None:
            found.append((date, s, s + m.end(), "contract.signed_on.label"))
    for m in _DATE_LINE.finditer(text):
        # the date's line and the _SIGN_LOOKBACK lines above it
        before = m.start()
        for _ in range(_SIGN_LOOKBACK + 1):
            before = text.rfind("\n", 0, before)
            if before < 0:
                break
        before += 1  # the start of the first of those lines (0 when there are fewer)
        date = parse_date(m.group(0))
        if date is not None and SIGN_MARK.search(text, before, m.start()):
            s = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            found.append((date, s, s + len(m.group(0).strip()), "contract.signed_on.signature_block"))
    return found


# -- total amount --------------------------------------------------------------

# Labels of the contract total, strongest first, with the characters they
# start with (for `scan.finditer`; re skips ahead by itself for a pattern that
# opens with plain words). A label followed by 的 is a base (合同总额的 50%),
# not a statement of the total.
_TOTAL_LABELS: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    ("total", re.compile(r"合同总金额|合同总价款|合同总价|合同总额|总金额|总价款|总价|总额|总费用|合计|总计"), None),
    ("contract", re.compile(r"合同价款|合同金额|合同价格|合同价|协议金额|协议价款|成交价款|成交金额|中标金额|中标价"), None),
    (
        "fee",
        re.compile(r"(?:技术|维护|运维|运营|维保)?(?:服务|维护|运维|运营|维保)费(?:用)?(?:金额)?|项目费用"),
        re.compile(r"[技维运服项]"),
    ),
)
# An installment, a share or the net of tax, not the total.
_PART_BEFORE = re.compile(
    r"(?:每月|每季度?|每年|每期|每次|首期|首付|尾款|预付|分期|第[一二三四五六七八九十\d]+[期次笔])[^,。;]{0,6}$|不含税$"
)
_PART_BETWEEN = re.compile(r"%|‰|支付|付款|其中|扣除|扣减|违约|不含税")
_GAP = 30  # label end → amount start
_ASIDE = re.compile(r"\([^()]*\)")
_DIGITS_MONEY = re.compile(
    r"(?:(?:人民币|RMB)\s*)?(?P<cur>[¥$]\s*)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)(?![\d,.])"
    r"\s*(?P<unit>万元|万|元)?(?:整)?"
)
# an amount in capital numerals (壹拾伍万元整); also read by the flags
CAPITAL_AMOUNT = re.compile(r"[壹贰叁肆伍陆柒捌玖拾](?:[ \t]*[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整])+")
# What may stand between the digits and the words of one amount:
# （¥129800 元）（大写金额）壹拾贰万…, 壹拾伍万元整，小写：（¥150,000.00元）.
_PAIR_GAP = re.compile(r"(?:[\s():,]|大写|小写|金额|人民币|即|计|为)*")


def _digits_money(text: str, start: int, end: int) -> tuple[Decimal, int, int] | None:
    for m in _DIGITS_MONEY.finditer(text, start, end):
        if not (m.group("cur") or m.group("unit")):
            continue
        value = parse_money(m.group(0))
        if value is not None:
            return value, m.start(), m.end()
    return None


def _words_money(text: str, start: int, end: int) -> tuple[str, Decimal, int, int] | None:
    for m in CAPITAL_AMOUNT.finditer(text, start, end):
        words = re.sub(r"\s+", "", m.group(0))
        value = parse_money(words)
        if value is not None and is_capital_amount(words):
            return words, value, m.start(), m.end()
    return None


def _amount_after(text: str, start: int, limit: int) -> tuple[Any, ...] | None:
    """The amount stated right after a label: digits, words, or both when they
    stand side by side. ((value, s, e) | None, (words, s, e) | None)."""
    digits = _digits_money(text, start, limit)
    words = _words_money(text, start, limit)
    if digits is None and words is None:
        return None
    first = min(x[-2] for x in (digits, words) if x is not None)
    # an aside in brackets (含税价，税率6%) does not make the amount a part
    between = _ASIDE.sub("", text[start:first])
    if first - start > _GAP or _PART_BETWEEN.search(between):
        return None
    if digits and words:
        a, b = sorted([digits[-2:], words[-2:]])
        if not _PAIR_GAP.fullmatch(text, a[1], b[0]):
            # two separate amounts: keep the one next to the label
            digits, words = (digits, None) if digits[-2] == first else (None, words)
    return (
        (digits[0], digits[1], digits[2]) if digits else None,
        (words[0], words[1], words[2], words[3]) if words else None,
    )


_SENTENCE_END = re.compile(r"[。;\n]")


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos)
    return m.start() if m else len(text)


def _prose_totals(doc: Document) -> list[tuple[int, int, tuple[Any, ...]]]:
    """(tier, label_start, amount) for each labelled amount in running text."""
    text = doc.text
    out = []
    for tier, (name, label, starts) in enumerate(_TOTAL_LABELS):
        for m in scan.finditer(label, starts, text) if starts else label.finditer(text):
            if text[m.end() : m.end() + 1] == "的" or _PART_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue
            amount = _amount_after(text, m.end(), min(_sentence_end(text, m.end()), m.end() + 80))
            if amount:
                out.append((tier, m.start(), (*amount, f"contract.total_amount.{name}_label")))
    return out


_TABLE_TOTAL_ROW = re.compile(r"^(?:合计|总计|总价|合同总价|合同总金额|总金额)")
_HEADER_TOTAL = re.compile(r"合同金额|合同总价|合同总金额|总金额|合同价款|总价")
HEADER_UNIT = re.compile(r"\((?P<unit>万元|千元|元)\)")
_MONEY_HEADER = re.compile(r"金额|价格|总价|单价|费用|价款|元")


def _table_totals(doc: Document) -> list[tuple[int, int, tuple[Any, ...]]]:
    """A 合计 row of a price table (合计：壹佰贰拾万零贰仟元整 … 1,202,000), or
    the single value under a total column (合同金额（万元） | 120). Tiers as
    in `_TOTAL_LABELS`: a 合计 row is a total, a 合同金额 column a contract amount."""
    out = []
    for table in doc.tables:
        header = table.rows[0]

        def unit_of(col: int) -> tuple[bool, str | None]:
            if col >= len(header):
                return False, None
            head = header[col].text
            m = HEADER_UNIT.search(head)
            return bool(_MONEY_HEADER.search(head)), m.group("unit") if m else None

        for row in table.rows[1:]:
            cells = [c for c in row if c.text]
            if not cells or not _TABLE_TOTAL_ROW.match(cells[0].text):
                continue
            words = _words_money(doc.text, cells[0].start, cells[0].end)
            digits = None
            for col in range(len(row) - 1, 0, -1):
                money_col, unit = unit_of(col)
                cell = row[col]
                if not cell.text or not (money_col or re.search(r"[¥元]", cell.text)):
                    continue
                value = parse_money(cell.text, unit=unit)
                if value is not None:
                    digits = (value, cell.start, cell.end)
                    break
            if digits or words:
                out.append((0, cells[0].start, (digits, words, "contract.total_amount.table_total_row")))
        for col, head in enumerate(header):
            if not _HEADER_TOTAL.search(head.text) or len(table.rows) != 2 or col >= len(table.rows[1]):
                continue
            cell = table.rows[1][col]
            value = parse_money(cell.text, unit=unit_of(col)[1])
            if value is not None:
                words = _words_money(doc.text, cell.start, cell.end)
                digits = None if words else (value, cell.start, cell.end)
                out.append((1, cell.start, (digits, words, "contract.total_amount.table_total_column")))
    return out


@last_document(lambda doc: (doc.text, doc.tables))
def find_total_amount(doc: Document) -> list[Candidate]:
    """Candidates `((amount, (words, start, end) | None), start, end, rule)`.

    Order: label tier (合同总金额/总价/合计 > 合同价款/合同金额 > 服务费/费用),
    then candidates that state digits, then document order; table totals rank
    with the strongest labels after running text.

    Asked twice per document (the contract fields and the flags), so the last
    document's answer is kept.
    """
    ranked = []
    for tier, pos, (digits, words, rule) in _prose_totals(doc) + _table_totals(doc):
        value = digits[0] if digits else words[1]
        span = (digits[1], digits[2]) if digits else (words[2], words[3])
        word_part = (words[0], words[2], words[3]) if words else None
        is_table = rule.startswith("contract.total_amount.table")
        ranked.append(((tier, digits is None, is_table, pos), ((value, word_part), span[0], span[1], rule)))
    ranked.sort(key=lambda r: r[0])
    return [c for _, c in ranked]


def find_amount_words(doc: Document, total: Decimal, candidates: list[Candidate]) -> Candidate | None:
    """The capital-numeral form of `total` when the chosen statement gives only
    digits: the words of another total statement of the same amount
    (维护服务费为人民币壹佰壹拾陆万捌仟元整 … 本合同总金额为 1168000 元), else the
    first capital amount of the same value anywhere (…。大写：人民币伍拾叁万元整)."""
    for (value, words), _, _, rule in candidates:
        if words is not None and value == total:
            return words[0], words[1], words[2], rule
    text = doc.text
    for m in CAPITAL_AMOUNT.finditer(text):
        found = _words_money(text, m.start(), m.end())
        if found is not None and found[1] == total:
            return found[0], found[2], found[3], "contract.total_amount_words.same_value"
    return None


# -- tax rate ------------------------------------------------------------------

_TAX = re.compile(
    r"(?:含税|增值税税率|增值税率|税率|税点|增值税)\s*(?:为|是|按|:)?\s*(?P<rate>\d+(?:\.\d+)?\s*%)"
    # the look-behind starts a number only at its first digit: without it a
    # long digit run is rescanned from every position (quadratic)
    r"|(?<![\d.])(?P<rate2>\d+(?:\.\d+)?\s*%)\s*(?:的)?\s*(?:税率|增值税|(?:专用|普通|电子)?发票)"
)
# where a match may start: a label's first character or the first digit of a
# number (the look-behind after the class, so that re can skip ahead to it)
_TAX_START = re.compile(r"[含增税\d](?<![\d.]\d)")


def find_tax_rate(doc: Document) -> list[Candidate]:
    found = []
    for m in scan.finditer(_TAX, _TAX_START, doc.text):
        group = "rate" if m.group("rate") else "rate2"
        rate = parse_rate(m.group(group))
        if rate is not None and 0 < rate < 1:
            found.append((rate, m.start(group), m.end(group), "contract.tax_rate.label"))
    return found


# -- coverage ------------------------------------------------------------------

_COVERAGE = re.compile(
    r"(?<![\d.])(?P<days>[57])\s*(?:天|日)?\s*[*×xX]\s*(?P<hours>24|8)(?![\d.])"
    r"|(?<![\d.])(?P<days2>[57])\s*(?:天|日)\s*(?P<hours2>24|8)\s*小时"
)
_COVERAGE_START = re.compile(r"[57]")


def find_coverage(doc: Document) -> list[Candidate]:
    found = []
    for m in scan.finditer(_COVERAGE, _COVERAGE_START, doc.text):
        days, hours = m.group("days") or m.group("days2"), m.group("hours") or m.group("hours2")
        found.append((f"{days}x{hours}", m.start(), m.end(), "contract.coverage.window"))
    return found


# -- assembly ------------------------------------------------------------------


def _first(doc: Document, contract: Contract, finder: Callable[[Document], list[Candidate]], field: str) -> Any:
    candidates = finder(doc)
    if not candidates:
        return None
    value, start, end, rule = candidates[0]
    contract.evidence[field] = doc.evidence(start, end, rule)
    return value


def extract(doc: Document) -> Contract:
    contract = Contract()
    contract.title = _first(doc, contract, find_title, "title")
    contract.project_name = _first(doc, contract, find_project_name, "project_name")
    contract.contract_no = _first(doc, contract, find_contract_no, "contract_no")
    contract.signed_on = _first(doc, contract, find_signed_on, "signed_on")
    contract.tax_rate = _first(doc, contract, find_tax_rate, "tax_rate")

    totals = find_total_amount(doc)
    if totals:
        (total, words), s, e, rule = totals[0]
        contract.total_amount = total
        contract.evidence["total_amount"] = doc.evidence(s, e, rule)
        found = (*words, rule) if words else find_amount_words(doc, total, totals)
        if found is not None:
            contract.total_amount_words = found[0]
            contract.evidence["total_amount_words"] = doc.evidence(found[1], found[2], found[3])

    period = find_service_period(doc)
    if period:
        (start, end), s, e, rule = period[0]
        contract.service_start, contract.service_end = start, end
        for field, value in (("service_start", start), ("service_end", end)):
            if value is not None:
                contract.evidence[field] = doc.evidence(s, e, rule)

    seen: list[str] = []
    for value, s, e, rule in find_coverage(doc):
        if value not in seen:
            seen.append(value)
            contract.evidence.setdefault("coverage", doc.evidence(s, e, rule))
    contract.coverage = seen

    dispute = find_dispute(doc)
    if dispute:
        (forum, venue), s, e, rule = dispute[0]
        contract.dispute_forum, contract.dispute_venue = forum, venue
        contract.evidence["dispute_forum"] = doc.evidence(s, e, rule)
        if venue is not None:
            contract.evidence["dispute_venue"] = doc.evidence(s, e, rule)
    return contract
