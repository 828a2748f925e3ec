"""Contract-level fields (data/gold/FORMAT.md `contract`): title, numbers,
dates, total amount, tax rate, service period, coverage windows, disputes.

Find, then parse. Every field has finder functions that return candidates
`(value, start, end, rule)` — offsets into `doc.text` — best first; `extract`
takes the first candidate of each field and records its evidence. Values are
parsed by `hetong.extractors.parsers`; a span whose value does not parse is not a
candidate. Title, service period and dispute finders live in their own
modules (`title`, `period`, `dispute`).

Why one module: the contract-level fields share one set of candidates (the
head clauses, the amounts and dates found once per document), and the total-
amount rules are the bulk: splitting by field would recompute the candidates
or pass them around; title, period and dispute already live in their own
modules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hetong.extractors.shared import scan
from hetong.extractors.dispute import find_dispute
from hetong.extractors.shared.memo import last_document
from hetong.extractors.parsers.dates import parse_date
from hetong.extractors.parsers.money import FOREIGN_CURRENCY_BEFORE, is_capital_amount, parse_money
from hetong.extractors.parsers.rates import parse_rate
from hetong.extractors.period import DATE, DATE_RE, date_text, find_service_period
from hetong.extractors.title import find_title
from hetong.models import Contract, Document

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
# 依据《…框架协议》（协议编号：…）is another agreement's number. A header
# block set in two columns puts the number after one blank (乙(需)方：… 合同编号：…);
# there the label must name a contract, order or agreement (a bare 编号 after
# a blank may number anything). An order contract numbers itself 订单号.
# (Where a match may start: 合/协/编/订 at a line start or after a blank; a
# blank at a line start; the third blank of a run. A match tried later in a
# run of blanks would end as the one tried there, so trying each blank of a
# long run (40,000 spaces) would only make the scan quadratic.)
_CONTRACT_NO_LABEL = _label(
    r"(?:^|(?<=\n)|(?<=[ \t]{2}))[ \t]*(?:(?:合同|协议)(?:登记)?编号|合同号|协议号|订单编号|订单号|编号)"
    r"|(?<=[ \t])(?:(?:合同|协议)(?:登记)?编号|合同号|协议号|订单编号|订单号)",
    r"[合协编订](?<![^\n \t].)|(?<![^\n])[ \t]|(?<=(?<![ \t])[ \t]{2})[ \t]",
)
_CODE = re.compile(r"[0-9A-Za-z]")
# What a number is written with; anything else (20>3-37) is a misread.
_NUMBER_CHARS = re.compile(rf"[0-9A-Za-z{CJK}\-–—_/.()【】\[\]〔〕#]+")
# A number printed right under the title without a label, in the form of a
# file number: 川厚律代字【2025】第1013号, 京财采字(2024)第15号.
_FILE_NUMBER = re.compile(
    rf"[ \t]*(?P<no>[{CJK}]{{1,12}}[(【\[〔]\d{{4}}[)】\]〕][ \t]*第?[ \t]*\d{{1,6}}[ \t]*号)[ \t]*(?=\n|$)"
)
_UNDER_TITLE_LINES = 2


def find_contract_no(doc: Document, title_end: int | None = None) -> list[Candidate]:
    """Labelled numbers in document order, then an unlabelled file number on
    one of the lines right under the title (which ends at `title_end`)."""
    found = []
    for value, s, e in _label_values(doc, _CONTRACT_NO_LABEL):
        if value and len(value) <= 40 and _CODE.search(value) and _NUMBER_CHARS.fullmatch(value.replace(" ", "")):
            found.append((value, s, e, "contract.contract_no.label"))
    if title_end is not None:
        text = doc.text
        pos = text.find("\n", title_end)
        for _ in range(_UNDER_TITLE_LINES):
            if pos < 0:
                break
            while pos < len(text) and text[pos] == "\n":
                pos += 1
            m = _FILE_NUMBER.match(text, pos)
            if m:
                found.append((m.group("no"), m.start("no"), m.end("no"), "contract.contract_no.under_title"))
                break
            pos = text.find("\n", pos)
    return found


_PROJECT_LABEL = _label(rf"(?<![{CJK}])(?:采购)?项目名称", "[采项]")


# How a project's name ends: …项目, …服务, …工程, …采购, …平台 (…建设项目（二期）).
_PROJECT_END = re.compile(rf"(?:项目|服务|工程|采购|平台|系统|建设)(?:\([^()\n]{{1,12}}\))?$")
# A fragment on the next line that completes a name an OCR line break cut
# (项目名称:…等级保护测 / 评项目): short, no colon or sentence punctuation.
_NAME_TAIL = re.compile(rf"[ \t]*([{CJK}\w()（）\-—]{{1,15}})[ \t]*(?=\n|$)")


# The short name a contract gives the project after its name is no part of it:
# 项目名称：…运维项目（以下简称本项目）.
_SHORT_NAME = re.compile(r"[ \t]*\((?:以下(?:简)?称|简称|下称)")


# A programme the contract carries out, named where no 项目名称 is given:
# 补助计划名称：…(以下简称本计划). Its value must end cleanly (at the short
# name, the line end or the next label), never run into a clause.
_PLAN_LABEL = _label(r"(?:计划|计画)名称", "计")
_CLAUSE_MARK = re.compile(r"第[一二三四五六七八九十百\d]+[条章]")


def find_project_name(doc: Document) -> list[Candidate]:
    """项目名称 values, then 计划名称 values."""
    found = []
    for label, rule in ((_PROJECT_LABEL, "contract.project_name.label"), (_PLAN_LABEL, "contract.project_name.plan")):
        for value, s, e in _label_values(doc, label):
            if short := _SHORT_NAME.search(value):
                value, e = value[: short.start()], s + short.start()
            if rule.endswith("plan") and (not short or _CLAUSE_MARK.search(value)):
                continue
            if len(re.findall(rf"[{CJK}]", value)) >= 2:
                value, e = _completed_name(doc.text, value, e)
                found.append((value, s, e, rule))
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
# A date after the seal mark on its line: (单位盖章) 2025 年 4 月 9 日.
_DATE_AFTER_MARK = re.compile(rf"(?m)(?:盖章|签字|签章|签名|公章)\)?[ \t:]*(?P<date>{DATE})[ \t]*$")
_SIGN_LOOKBACK = 6  # lines between a signature mark and a bare date under it


def find_signed_on(doc: Document) -> list[Candidate]:
    """Labelled signing dates in document order (a blank one is skipped, so a
    blank header falls through to the signature block), then bare date lines
    under a signature mark (甲方（盖章） … 2022 年 9 月 23 日) or after it on
    its line ((单位盖章) 2025 年 4 月 9 日).

    A labelled date is read from the label to the line end, not from the
    label's value: two blocks side by side (日期:2025年4月9日日期:2025年4月9日)
    cut the value at the second label. A filled-in form's blanks
    (签订日期：_2024_年_07_月_30_日) are layout."""
    text = doc.text
    found = []
    for _, s, _ in _label_values(doc, _SIGNED_LABEL):
        line_end = text.find("\n", s)
        while s < len(text) and text[s] in "_【[":  # a form's blank or bracket opens the figure
            s += 1
        m = DATE_RE.match(text, s, len(text) if line_end < 0 else line_end)
        date = parse_date(date_text(m.group(0))) if m else None
        if m is not None and date is not None:
            found.append((date, s, m.end(), "contract.signed_on.label"))
    for m in _DATE_LINE.finditer(text):
        # the date's line and the _SIGN_LOOKBACK lines above it
        before = m.start()
        for _ in range(_SIGN_LOOKBACK + 1):
            before = text.rfind("\n", 0, before)
            if before < 0:
                break
        before += 1  # the start of the first of those lines (0 when there are fewer)
        date = parse_date(date_text(m.group(0)))
        if date is not None and SIGN_MARK.search(text, before, m.start()):
            s = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            found.append((date, s, s + len(m.group(0).strip()), "contract.signed_on.signature_block"))
    for m in _DATE_AFTER_MARK.finditer(text):
        date = parse_date(date_text(m.group("date")))
        if date is not None:
            found.append((date, m.start("date"), m.end("date"), "contract.signed_on.signature_block"))
    return found


# -- total amount --------------------------------------------------------------

# Labels of the contract total, strongest first, with the characters they
# start with (for `scan.finditer`; re skips ahead by itself for a pattern that
# opens with plain words). A label followed by 的 is a base (合同总额的 50%),
# not a statement of the total. A total may name what it totals between 总
# and 费用 (软件总开发费用为 100000 元) or put 合计 after it (价款合计).
_TOTAL_LABELS: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    (
        "total",
        re.compile(
            rf"合同总金额|合同总价款|合同总价|合同总额|总金额|总价款|总价|总额|总费用|总[{CJK}]{{1,4}}?费用"
            r"|(?:价款|费用|金额|价税)合计(?:金额)?|合计金额|合计|总计"
        ),
        None,
    ),
    ("contract", re.compile(r"合同价款|合同金额|合同价格|合同价|协议金额|协议价款|成交价款|成交金额|中标金额|中标价"), None),
    (
        "fee",
        re.compile(
            r"(?:技术|维护|运维|运营|维保)?(?:服务|维护|运维|运营|维保)费(?:用)?(?:金额)?|项目费用"
            # the one fee of an agency, a consultancy or a development
            r"|(?:律师)?代理费|律师费|咨询费|(?:软件|技术)?开发费(?:用)?"
            # a yearly figure (年费用, 年租金): the total only of a one-year contract
            # (3年服务费 is three years' fee: its label is 服务费)
            r"|(?<![\d一二三四五六七八九十两个])年度?(?:总)?(?:费用|服务费(?:用)?|租金|价款|合同金额)"
        ),
        re.compile(r"[技维运服项律代咨软开年]"),
    ),
)
_YEARLY_LABEL = re.compile(r"(?<![\d一二三四五六七八九十两个])年度?(?:总)?(?:费用|服务费(?:用)?|租金|价款|合同金额)$")
# A monthly figure's label (月服务费合计, 月租金总额); 12个月服务费合计 is not one.
_MONTHLY_LABEL = re.compile(rf"(?<!个)月度?[{CJK}]{{0,6}}?(?:费用?|租金|金额|价款)(?:合计|总计|总额|总金额|总价)?$")
# A label that names the contract itself (合同总金额, 成交金额) states its total
# whatever the contract is; a bare one (总金额, 合计, 服务费) totals what its
# clause is about.
_NAMED_LABEL = re.compile(r"^(?:合同|协议|成交|中标)")
# An installment, a share or the net of tax, not the total.
_PART_BEFORE = re.compile(
    r"(?:每月|每季度?|每年|每期|每次|首期|首付|尾款|预付|分期|第[一二三四五六七八九十\d]+[期次笔])[^,。;]{0,6}$|不含税$"
)
_PART_BETWEEN = re.compile(r"%|‰|支付|付款|其中|扣除|扣减|违约|不含税")
# An amount per period (12,231,893.00 元/年, 4900元每月) is no total of the
# contract: only a yearly one, and only when the contract runs one year.
_PER_PERIOD = re.compile(r"[ \t]*(?:/|每)[ \t]*(?P<unit>年|月|季度?|半年|天|日|周)")
_ONE_YEAR_TERM = re.compile(
    r"(?:期限|租期|服务期|有效期|为期)[ \t]*(?:为|:)?[ \t]*(?:一|壹|1)[ \t]*(?:个)?[ \t]*(?:年|周年)(?![\d一二三四五六七八九十半])"
    r"|(?:期限|租期|服务期|有效期|为期)[ \t]*(?:为|:)?[ \t]*(?:十二|12)[ \t]*个月"
)
# In a lease the consideration is rent: a bare total counts only as rent.
_LEASE_TITLE = re.compile(r"租赁|租房|出租|承租|租用")
_RENT = re.compile(r"租金|租赁费|房租|租费")
_GAP = 30  # label end → amount start
_CONTEXT = 120  # how far back a label's sentence is read for what it totals
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


# A foreign currency written before the figures: not a yuan amount (USD 50,000元).
_FOREIGN_BEFORE = FOREIGN_CURRENCY_BEFORE


def _digits_money(text: str, start: int, end: int) -> tuple[Decimal, int, int] | None:
    for m in _DIGITS_MONEY.finditer(text, start, end):
        if not (m.group("cur") or m.group("unit")):
            continue
        if _FOREIGN_BEFORE.search(text, max(0, m.start() - 8), m.start()):
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


def _sentence_end(text: str, pos: int, limit: int) -> int:
    """Where the sentence at `pos` ends, looking no further than `limit`."""
    m = _SENTENCE_END.search(text, pos, limit)
    return m.start() if m else min(limit, len(text))


def _sentence_start(text: str, pos: int, limit: int) -> int:
    """Where the sentence at `pos` starts, looking no further back than `limit`."""
    return max(max(text.rfind(c, max(0, limit), pos) for c in "。;\n") + 1, limit, 0)


# A statement of a total: its tier, where its label starts, the amount
# ((value, s, e) | None, (words, value, s, e) | None, rule), whether its label
# names the contract, and the words that say what it totals.
_Total = tuple[int, int, tuple[Any, ...], bool, str]


def _note_unread_amount(doc: Document, start: int, end: int) -> None:
    """A money-like span right after a total label that the money parser
    refuses (a foreign currency, a form it does not read whole) is recorded,
    so the missing total says why instead of nothing."""
    for pattern in (_DIGITS_MONEY, CAPITAL_AMOUNT):
        m = pattern.search(doc.text, start, end)
        foreign = m is not None and _FOREIGN_BEFORE.search(doc.text, max(0, m.start() - 8), m.start())
        if m and m.start() - start <= _GAP and (foreign or parse_money(re.sub(r"\s+", "", m.group(0))) is None):
            doc.note_unread("contract.total_amount", m.start(), m.end(),
                            "an amount after a total label that the money parser does not read whole "
                            "(foreign currency, or a form it does not fully understand): no total taken from it")
            return


def _prose_totals(doc: Document) -> list[_Total]:
    """Each labelled amount in running text."""
    text = doc.text
    out = []
    for tier, (name, label, starts) in enumerate(_TOTAL_LABELS):
        for m in scan.finditer(label, starts, text) if starts else label.finditer(text):
            if text[m.end() : m.end() + 1] == "的" or _PART_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue
            amount = _amount_after(text, m.end(), _sentence_end(text, m.end(), m.end() + 80))
            if amount is None:
                _note_unread_amount(doc, m.end(), _sentence_end(text, m.end(), m.end() + 80))
            if amount:
                named = name == "contract" or bool(_NAMED_LABEL.match(m.group(0)))
                context = text[_sentence_start(text, m.start(), m.start() - _CONTEXT) : m.end()]
                out.append((tier, m.start(), (*amount, f"contract.total_amount.{name}_label"), named, context))
    return out


_TABLE_TOTAL_ROW = re.compile(r"^(?:合计|总计|总价|合同总价|合同总金额|总金额)")
_HEADER_TOTAL = re.compile(r"合同金额|合同总价|合同总金额|总金额|合同价款|总价")
HEADER_UNIT = re.compile(r"\((?P<unit>万元|千元|元)\)")
_MONEY_HEADER = re.compile(r"金额|价格|总价|单价|费用|价款|元")


def _table_totals(doc: Document) -> list[_Total]:
    """A 合计 row of a price table (合计：壹佰贰拾万零贰仟元整 … 1,202,000), or
    the single value under a total column (合同金额（万元） | 120). Tiers as
    in `_TOTAL_LABELS`: a 合计 row is a total, a 合同金额 column a contract
    amount. A row's words may stand in any of its cells (合计（人民币大写） |
    贰仟壹佰元整)."""
    out: list[_Total] = []
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
            words = next((w for c in cells if (w := _words_money(doc.text, c.start, c.end))), None)
            digits = None
            head = ""
            for col in range(len(row) - 1, 0, -1):
                money_col, unit = unit_of(col)
                cell = row[col]
                if not cell.text or not (money_col or re.search(r"[¥元]", cell.text)):
                    continue
                value = parse_money(cell.text, unit=unit)
                if value is not None:
                    digits = (value, cell.start, cell.end)
                    head = header[col].text if col < len(header) else ""
                    break
            if digits or words:
                named = bool(_NAMED_LABEL.match(cells[0].text))
                out.append((0, cells[0].start, (digits, words, "contract.total_amount.table_total_row"),
                            named, cells[0].text + "|" + head))
        for col, head in enumerate(header):
            if not _HEADER_TOTAL.search(head.text) or len(table.rows) != 2 or col >= len(table.rows[1]):
                continue
            cell = table.rows[1][col]
            value = parse_money(cell.text, unit=unit_of(col)[1])
            if value is not None:
                words = _words_money(doc.text, cell.start, cell.end)
                digits = None if words else (value, cell.start, cell.end)
                out.append((1, cell.start, (digits, words, "contract.total_amount.table_total_column"),
                            bool(_NAMED_LABEL.match(head.text)), head.text))
    return out


def _one_year_term(doc: Document) -> bool:
    """The contract runs one year: its period spans one year of dates, or a
    term of one year is stated (租赁期限为一年, 为期12个月)."""
    for (start, end), _, _, _ in find_service_period(doc)[:1]:
        if start is not None and end is not None:
            try:
                year_on = start.replace(year=start.year + 1)
            except ValueError:  # 29 February
                year_on = start.replace(year=start.year + 1, day=28)
            # one year to the day, give or take the leap day a contract forgets
            return 0 <= (year_on - end).days <= 2
    return _ONE_YEAR_TERM.search(doc.text) is not None


def _per_period(text: str, amount: tuple[Any, ...]) -> str | None:
    """The period an amount is stated per (`年` for 12,231,893.00 元/年), else None."""
    digits, words = amount[0], amount[1]
    end = max(x[-1] for x in (digits, words) if x is not None)
    m = _PER_PERIOD.match(text, end)
    return m.group("unit") if m else None


@last_document(lambda doc: (doc.text, doc.tables))
def find_total_amount(doc: Document) -> list[Candidate]:
    """Candidates `((amount, (words, start, end) | None), start, end, rule)`.

    Order: label tier (合同总金额/总价/合计 > 合同价款/合同金额 > 服务费/费用),
    then candidates that state digits, then document order; table totals rank
    with the strongest labels after running text.

    Not candidates: a zero (a 合计 cell left at 000); an amount per period
    (元/年, 元/月) — a yearly one is the total when the contract runs one
    year — nor the same figure under a bare label elsewhere (the 合计 row of
    the yearly rent table); in a lease, a bare total that does not total the
    rent (十、运营筹建费用 1、总金额：…).

    Asked twice per document (the contract fields and the flags), so the last
    document's answer is kept.
    """
    text = doc.text
    totals = _prose_totals(doc) + _table_totals(doc)
    titles = find_title(doc)
    lease = bool(titles) and _LEASE_TITLE.search(titles[0][0]) is not None
    periodic: set[Decimal] = set()
    one_year: list[bool] = []  # asked at most once: does the contract run one year?
    kept: list[_Total] = []
    for total in totals:
        digits, words = total[2][0], total[2][1]
        if digits is not None and digits[0] == 0:
            digits = None
            total = (total[0], total[1], (None, words, total[2][2]), total[3], total[4])
        if digits is None and words is None:
            continue
        unit = (_per_period(text, total[2]) or ("年" if _YEARLY_LABEL.search(total[4]) else None)
                or ("月" if _MONTHLY_LABEL.search(total[4]) else None))
        if unit == "年" and not one_year:
            one_year.append(_one_year_term(doc))
        if unit is not None and not (unit == "年" and one_year[0]):
            periodic.update(x[0] if len(x) == 3 else x[1] for x in (digits, words) if x is not None)
            continue
        if lease and not total[3] and not _RENT.search(total[4]):
            continue
        kept.append(total)
    ranked = []
    for tier, pos, (digits, words, rule), named, _ in kept:
        value = digits[0] if digits else words[1]
        if value in periodic and not named:
            continue
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

# The rate before the tax word (13%增值税专用发票, 含13%专票, 6%的税率) or after
# a label (税率13%, 税金13%, 增值税专用发票，税率13%).
_TAX = re.compile(
    r"(?:含税|增值税税率|增值税率|税率|税点|税金|增值税)\s*(?:为|是|按|:)?\s*(?P<rate>\d+(?:\.\d+)?\s*%)"
    # the look-behind starts a number only at its first digit: without it a
    # long digit run is rescanned from every position (quadratic)
    r"|(?<![\d.])(?P<rate2>\d+(?:\.\d+)?\s*%)\s*(?:的)?\s*(?:税率|增值税|专票|普票|(?:专用|普通|电子)?发票)"
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
    titles = find_title(doc)
    contract.title = _first(doc, contract, lambda _: titles, "title")
    # an unlabelled number stands under a heading, not under a name found elsewhere
    title_end = titles[0][2] if titles and titles[0][3] == "contract.title.heading" else None
    contract.project_name = _first(doc, contract, find_project_name, "project_name")
    contract.contract_no = _first(doc, contract, lambda d: find_contract_no(d, title_end), "contract_no")
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
