"""Money: figures against capital numerals, installments against the total, tax
(amount_words_mismatch, payment_sum_mismatch, payment_ratio_mismatch, tax_mismatch)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from hetong.extractors.contract import CAPITAL_AMOUNT, HEADER_UNIT, find_total_amount
from hetong.extractors.flags.common import _CENT, Item, _flag, _text_span
from hetong.extractors.parsers.money import is_capital_amount, parse_money
from hetong.extractors.parsers.numerals import squash
from hetong.extractors.parties import Mention
from hetong.models import Clause, Document, Evidence, Flag, Payment

_MONEY_UNIT = re.compile(r"[元圆万亿整角分]")
_DIGIT_MONEY = re.compile(
    r"(?P<cur>[¥$][ \t]*)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)(?![\d,.%‰])"
    r"(?:[ \t]*(?P<unit>万元|万|元))?整?"
)
# What may stand between the words and the digits of one amount:
# （¥129800 元）（大写金额）壹拾贰万…, 壹拾伍万元整，小写：（¥150,000.00元）,
# 壹拾伍万元整。小写：¥150,000.00元
_PAIR_GAP = re.compile(r"(?:[ \t():,]|[。;]?[ \t]*小写|大写|金额|人民币|RMB|即|计|为)*")
_WORDS_MARK = re.compile(r"大写")
# Labels that make capital numerals the contract total; 合同金额 is not one
# (上一年度合同金额为人民币叁拾壹万元整 names another contract's amount).
_TOTAL_LABEL = re.compile(r"(?<![上原前年架])(?:合同总金额|合同总价款|合同总价|合同总额|总金额|总价款|总价|总额|合计|总计)")
_LABEL_WINDOW = 14


@dataclass(frozen=True)
class _Amount:
    text: str
    value: Decimal
    start: int
    end: int


def _digit_amounts(text: str, start: int, end: int) -> list[_Amount]:
    out = []
    for m in _DIGIT_MONEY.finditer(text, start, end):
        if not (m.group("cur") or m.group("unit")):
            continue
        value = parse_money(m.group(0))
        if value is not None:
            out.append(_Amount(m.group(0).strip(), value, m.start(), m.end()))
    return out


def _word_amounts(text: str, start: int = 0, end: int | None = None) -> list[_Amount]:
    out = []
    for m in CAPITAL_AMOUNT.finditer(text, start, len(text) if end is None else end):
        words = squash(m.group(0))
        if not _MONEY_UNIT.search(words) or not is_capital_amount(words):
            continue
        value = parse_money(words)
        if value is not None:
            out.append(_Amount(words, value, m.start(), m.end()))
    return out


def _twin(text: str, words: _Amount) -> _Amount | None:
    """The digits written right beside capital numerals, before or after."""
    gap = _PAIR_GAP.match(text, words.end)
    after = _digit_amounts(text, gap.end(), min(len(text), gap.end() + 30))
    if after and after[0].start == gap.end():
        return after[0]
    line_start = text.rfind("\n", 0, words.start) + 1
    window = max(line_start, words.start - 60)
    while window > line_start and text[window - 1] in "0123456789,.¥$":
        window -= 1  # never start inside a number
    for before in reversed(_digit_amounts(text, window, words.start)):
        if _PAIR_GAP.fullmatch(text, before.end, words.start):
            return before
    return None


_AMOUNT_HEAD = re.compile(r"金额|总价|合价|小计|价款")
_TOTAL_ROW = re.compile(r"^[ \t]*(?:合计|总计|总价|小计)")


def _table_sum_for(doc: Document, words: _Amount) -> _Amount | None:
    """What a total row in words (合计（人民币大写） 贰仟壹佰元整) should equal:
    the amount column of the rows above it (含税金额（元） 19000), when every
    item row states its amount: the column's own 合计 digits when they add
    up, else the amount of a single item (the sum of several is written
    nowhere to point at)."""
    for table in doc.tables:
        at = next((k for k, row in enumerate(table.rows)
                   if any(c.start <= words.start < c.end for c in row)), None)
        if at is None or not table.rows[at] or not _TOTAL_ROW.match(table.rows[at][0].text):
            continue
        head = next((k for k in range(at) if any(_AMOUNT_HEAD.search(c.text) for c in table.rows[k])), None)
        if head is None:
            return None
        cols = [j for j, c in enumerate(table.rows[head]) if _AMOUNT_HEAD.search(c.text) and "单价" not in c.text]
        if len(cols) != 1:
            return None
        col, unit = cols[0], HEADER_UNIT.search(table.rows[head][cols[0]].text)
        items: list[_Amount] = []
        digits_total: _Amount | None = None
        for row in table.rows[head + 1 : at]:
            if not any(c.text.strip() for c in row):
                continue
            cell = row[col] if col < len(row) else None
            value = parse_money(cell.text, unit=unit.group("unit") if unit else None) if cell and cell.text else None
            if _TOTAL_ROW.match(row[0].text):
                digits_total = _Amount(cell.text, value, cell.start, cell.end) if cell and value is not None else None
                continue
            if value is None:
                return None  # an item without its amount: no sum to compare
            items.append(_Amount(cell.text, value, cell.start, cell.end))
        if not items:
            return None
        paid = sum((i.value for i in items), Decimal(0))
        if digits_total is not None and abs(digits_total.value - paid) < _CENT:
            return digits_total
        return items[0] if len(items) == 1 else None
    return None


def _stated_for(doc: Document, words: _Amount) -> _Amount | None:
    """What capital numerals without digits beside them should equal: the
    first amount of their line when marked 大写 (…¥530,000.00元…。大写：人民币
    伍拾叁万元整), else the contract total when they state it (合同金额大写：…)."""
    text = doc.text
    line_start = text.rfind("\n", 0, words.start) + 1
    window = text[max(line_start, words.start - _LABEL_WINDOW) : words.start]
    marked = bool(_WORDS_MARK.search(window))
    in_table = _table_sum_for(doc, words)
    if in_table is not None:
        return in_table
    if marked:
        earlier = _digit_amounts(text, line_start, words.start)
        if earlier:
            return earlier[0]
    total = doc.contract.total_amount
    if (marked or _TOTAL_LABEL.search(window)) and total is not None:
        ev = doc.contract.evidence.get("total_amount")
        start, end = _text_span(doc, ev) if ev else (0, 0)
        return _Amount(ev.text if ev else f"{total}", total, start, end)
    return None


def check_amount_words(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """Capital numerals that disagree with the digits they restate."""
    flags = []
    seen: dict[tuple[Decimal, Decimal], Flag] = {}
    for words in _word_amounts(doc.text):
        digits = _twin(doc.text, words) or _stated_for(doc, words)
        if digits is None or abs(digits.value - words.value) < _CENT:
            continue
        key = (words.value, digits.value)
        items = [(words.text, words.start, words.end), (digits.text, digits.start, digits.end)]
        if key in seen:
            seen[key].spans.extend(_flag(doc, "amount_words_mismatch", "pair", "", items).spans)
            continue
        message = (f"The amount in words {words.text} is {words.value:,} yuan "
                   f"but the digits say {digits.text} ({digits.value:,} yuan).")
        seen[key] = _flag(doc, "amount_words_mismatch", "pair", message, items)
        flags.append(seen[key])
    return flags


def _payment_item(doc: Document, amount: Decimal | None, ev: Evidence | None) -> Item | None:
    """The amount as written inside an installment's evidence."""
    if ev is None:
        return None
    start, end = _text_span(doc, ev)
    if amount is not None:
        for found in _digit_amounts(doc.text, start, end) + _word_amounts(doc.text, start, end):
            if found.value == amount:
                return (found.text, found.start, found.end)
    return (ev.text, start, end)


def _total_item(doc: Document) -> list[Item]:
    ev = doc.contract.evidence.get("total_amount")
    if ev is None:
        return []
    return [(ev.text, *_text_span(doc, ev))]


def _payments_total(doc: Document) -> tuple[Decimal | None, list[Item]]:
    """The total the installments are checked against: the best statement of
    the total outside the installments' own sentences (`支付合同金额60000元`
    pays; `维护费用为60000元` states the total), else the contract total."""
    paying = [_text_span(doc, p.evidence) for p in doc.payments if p.evidence is not None]
    for (value, _words), start, end, _rule in find_total_amount(doc):
        if not any(s <= start < e for s, e in paying):
            return value, [(doc.text[start:end], start, end)]
    return doc.contract.total_amount, _total_item(doc)


def _culprits(off_share: list[Payment], total: Decimal, excess: Decimal) -> list[Payment]:
    """The installments off their share whose deviations make up the excess
    of the sum (one wrong amount explains a sum that is off by its error)."""
    deviation = {p.seq: p.amount - (p.ratio * total).quantize(_CENT) for p in off_share}
    for size in range(1, min(3, len(off_share)) + 1):
        for group in combinations(off_share, size):
            if abs(sum(deviation[p.seq] for p in group) - excess) < _CENT:
                return list(group)
    return off_share


# A payment the installment list does not hold: the balance (一次性付清余款,
# 70%尾款) written without an amount the payments stage could take.
_BALANCE = re.compile(
    r"余款|尾款|剩余(?:款项|款|部分|价款|费用|合同款|金额|货款|租金)|其余(?:款项|价款|费用|款)|结清|付清"
)
# Money the payee lodges with the payer and gets back (乙方应向甲方提供…5%的
# 质量保证金), no share of the price; a retention kept back from the price
# (质保金为合同总价的5%…期满后退还) is one.
_DEPOSIT = re.compile(r"保证金|押金|质保金|保修金|保函")
_LODGED = re.compile(r"提供|提交|缴纳|交纳|开具|出具")
# What says one payment is the whole price.
_WHOLE = re.compile(r"一次性|全部|全额|全款|总价|总额|总金额|合同金额|合同价款|合同价格")
# A total stated per period (12,231,893.00 元/年, 每年租金, 第一年总费用): many
# installments make up several of it.
_PER_PERIOD_AFTER = re.compile(r"[ \t]*(?:/|每)[ \t]*(?:年|月|季度?|期)")
_PER_PERIOD_BEFORE = re.compile(
    r"(?:每年|每月|每季度?|每期|年租金|月租金|年费|月费|年度|第[一二三四五六七八九十\d]+年)[^。;\n]{0,12}$"
)


def _per_period(doc: Document, items: list[Item]) -> bool:
    return any(_PER_PERIOD_AFTER.match(doc.text, end) or _PER_PERIOD_BEFORE.search(doc.text, max(0, start - 20), start)
               for _t, start, end in items)


def _whole_list(payments: list[Payment], total: Decimal) -> bool:
    """Do the installments make up the total, by shares or by amounts?"""
    if all(p.ratio is not None for p in payments):
        return abs(sum((p.ratio for p in payments), Decimal(0)) - 1) <= Decimal("0.0001")
    if all(p.amount is not None for p in payments):
        return abs(sum((p.amount for p in payments), Decimal(0)) - total) < _CENT
    return False


def _payment_clause(doc: Document, offset: int) -> Clause | None:
    """The clause holding the installment at `offset`: the list it is an item
    of (五、付款方式 for its 1. 2. 3.), never a whole chapter."""
    clause = doc.clause_at(offset)
    if clause is not None and clause.parent is not None:
        parent = doc.clauses[clause.parent]
        if parent.style not in ("chapter", "section"):
            return parent
    return clause


_PAYS = re.compile(r"支付|付款|付清|预付|首付|进度款|首期款")
# A sentence that pays nothing: a penalty, a deposit, the statement of the total.
_NOT_PAID = re.compile(
    r"违约|滞纳|罚|赔偿|利息|保证金|押金|(?:总价|总额|总金额|总价款|合同价款|合同金额|总费用)(?:为|是|:)"
)
_PERCENT = re.compile(r"\d+(?:\.\d+)?[ \t]*%")


def _texts(payments: list[Payment]) -> list[str]:
    return [p.evidence.text for p in payments if p.evidence is not None] + [p.trigger or "" for p in payments]


def _lone(payments: list[Payment]) -> bool:
    """One payment without a share that does not say it is the whole price
    (并已支付12000万元预付款, 债权本金60,562,705.30元): what part of the total
    it is, the text does not say."""
    return (len(payments) == 1 and payments[0].ratio is None
            and not any(_WHOLE.search(t) for t in _texts(payments)))


def _partial(doc: Document, payments: list[Payment]) -> bool:
    """Is the installment list known to leave a payment out? In the clauses
    that hold the installments, a sentence outside every installment that
    names a balance (余款, 尾款, 剩余款项) no installment holds, or that pays
    an amount or a share (1.合同签订后…支付预付款：计人民币 50000 元)."""
    texts = _texts(payments)
    balance_held = any(_BALANCE.search(t) for t in texts)
    spans = [_text_span(doc, p.evidence) for p in payments if p.evidence is not None]
    regions = set()
    for s, e in spans:
        clause = _payment_clause(doc, s)
        regions.add((clause.start, clause.end) if clause else (max(0, s - 300), min(len(doc.text), e + 300)))
    text = doc.text
    for start, end in regions:
        for sentence in re.finditer(r"[^。;]+", text[start:end]):
            s, e = start + sentence.start(), start + sentence.end()
            if any(s < pe and ps < e for ps, pe in spans):
                continue
            said = sentence.group(0)
            if not balance_held and _BALANCE.search(said):
                return True
            if _PAYS.search(said) and not _NOT_PAID.search(said) and (
                    _PERCENT.search(said) or _digit_amounts(text, s, e) or _word_amounts(text, s, e)):
                return True
    return False


def check_payments(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """Installments that do not add up to the total (payment_sum_mismatch), or
    that are not their stated share of it, or shares that do not add up to
    100 % (payment_ratio_mismatch). An installment whose wrong amount breaks
    the sum is reported once, as a sum mismatch, even when it also breaks its
    share. A partial list (see `_partial`) falling short is no mismatch, nor
    a lone payment whose part of the total is not said (see `_lone`); a
    deposit (质量保证金 5%) is no installment when the others make the whole;
    a total stated per year or month is not what the installments add up to."""
    payments = doc.payments
    total, total_items = _payments_total(doc)
    if total is None or not payments or _per_period(doc, total_items):
        return []
    kept = [p for p in payments
            if not (p.evidence is not None and _DEPOSIT.search(p.evidence.text) and _LODGED.search(p.evidence.text))]
    if kept and len(kept) < len(payments) and _whole_list(kept, total):
        payments = kept
    partial = _partial(doc, payments)
    flags = []
    off_share = [p for p in payments
                 if p.amount is not None and p.ratio is not None and not p.derived
                 and abs(p.amount - (p.ratio * total).quantize(_CENT)) >= _CENT]
    blamed: set[int] = set()
    if all(p.amount is not None and not p.derived for p in payments):
        paid = sum((p.amount for p in payments), Decimal(0))
        # several periods' worth of a total the text does not mark as per period
        several = total > 0 and paid > total and (paid / total) == (paid / total).to_integral_value()
        if abs(paid - total) >= _CENT and not (paid < total and partial) and not several and not _lone(payments):
            culprits = _culprits(off_share, total, paid - total) if off_share else []
            blamed = {p.seq for p in culprits}
            items = [i for p in (culprits or payments) if (i := _payment_item(doc, p.amount, p.evidence))]
            message = f"The {len(payments)} installments add up to {paid:,} yuan, not the total of {total:,} yuan"
            if culprits:
                which = ", ".join(str(p.seq) for p in culprits)
                message += f"; installment {which} is not its stated share"
            flags.append(_flag(doc, "payment_sum_mismatch", "sum", message + ".", items + total_items))
    problems: list[str] = []
    items: list[Item] = []
    for p in off_share:
        if p.seq in blamed:
            continue
        problems.append(f"installment {p.seq} is {p.amount:,} yuan, not {p.ratio:%} of {total:,} yuan")
        if (item := _payment_item(doc, p.amount, p.evidence)) is not None:
            items.append(item)
    if all(p.ratio is not None for p in payments):
        shares = sum((p.ratio for p in payments), Decimal(0))
        if abs(shares - 1) > Decimal("0.0001") and not (shares < 1 and partial):
            problems.append(f"the shares add up to {shares:%}")
            items += [(p.evidence.text, *_text_span(doc, p.evidence)) for p in payments
                      if p.evidence is not None and p.seq not in blamed]
    if problems:
        message = "Payment shares do not match: " + "; ".join(problems) + "."
        flags.append(_flag(doc, "payment_ratio_mismatch", "share", message, items))
    return flags


_NET = re.compile(r"(?:不含(?:增值)?税|未含税|税前)(?:金额|总金额|价款|总价|价|合同价|费用)?(?:为|是|:)?[ \t]*(?:人民币)?[ \t]*")
_TAX = re.compile(r"(?<![含不])(?:增值税税额|增值税额|增值税|税额|税费|税金|税款)(?:为|是|:)?[ \t]*(?:人民币)?[ \t]*")


def _labelled_amount(doc: Document, label: re.Pattern[str]) -> _Amount | None:
    for m in label.finditer(doc.text):
        found = _digit_amounts(doc.text, m.end(), min(len(doc.text), m.end() + 25))
        if found and found[0].start == m.end():
            return found[0]
    return None


def _table_amount(doc: Document, label: re.Pattern[str]) -> _Amount | None:
    """The amount under a table header such as 不含税金额（元） or 税额."""
    for table in doc.tables:
        if len(table.rows) < 2:
            continue
        for col, head in enumerate(table.rows[0]):
            if not label.search(head.text):
                continue
            unit = HEADER_UNIT.search(head.text)
            for row in table.rows[1:]:
                if col < len(row) and row[col].text:
                    value = parse_money(row[col].text, unit=unit.group("unit") if unit else None)
                    if value is not None:
                        return _Amount(row[col].text, value, row[col].start, row[col].end)
    return None


def check_tax(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """Net + tax is not the total, or tax is not net × rate (±0.01)."""
    total, rate = doc.contract.total_amount, doc.contract.tax_rate
    net = _labelled_amount(doc, _NET) or _table_amount(doc, _NET)
    tax = _labelled_amount(doc, _TAX) or _table_amount(doc, _TAX)
    if net is None or tax is None:
        return []
    problems = []
    if total is not None and abs(net.value + tax.value - total) > _CENT:
        problems.append(f"net {net.value:,} + tax {tax.value:,} is {net.value + tax.value:,}, not the total {total:,}")
    if rate is not None and abs(net.value * rate - tax.value) > _CENT:
        problems.append(f"tax {tax.value:,} is not {rate:%} of the net {net.value:,} ({(net.value * rate).quantize(_CENT):,})")
    if not problems:
        return []
    items = [(net.text, net.start, net.end), (tax.text, tax.start, tax.end)] + _total_item(doc)
    return [_flag(doc, "tax_mismatch", "net_tax", "Tax does not add up: " + "; ".join(problems) + ".", items)]
