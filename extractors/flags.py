"""Checks: inconsistencies a reviewer must look at before a contract is paid.

`extract(doc)` runs last (after contract, parties, payments, penalties, sla)
and returns one `Flag` per problem, of the kinds in data/gold/FORMAT.md. Each
flag has a one-sentence English message that quotes the contract, the
evidence strings as written, and their spans (`doc.evidence`, offsets into the
raw text). One problem is one flag: a misplaced district named five times is
one flag with five spans.

Severity: `error` when money does not add up (amount_words_mismatch,
payment_sum_mismatch, payment_ratio_mismatch, tax_mismatch); `warning` for
names, places, party details and the service period; `info` for a blank
signing date and numbering gaps.

Each check is a function `(Document, mentions) -> list[Flag]` in `CHECKS`
(`mentions` are `extractors.parties.find_mentions(doc)`, computed once); a
check that raises is recorded on the document (`flags.<check>`, status
partial) and the others still run.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from extractors import names, ner, regions
from extractors.contract import CAPITAL_AMOUNT, HEADER_UNIT, SIGN_MARK, find_total_amount
from extractors.parsers.dates import parse_date
from extractors.parsers.durations import parse_period_days, parse_period_months
from extractors.parsers.money import is_capital_amount, parse_money
from extractors.parsers.numerals import squash
from extractors.parties import Mention, find_mentions
from extractors.period import DATE_RE, find_service_period
from extractors.spans import sentence_at
from models import Document, Evidence, Flag, Payment
from models.records import Severity

SEVERITY: dict[str, Severity] = {
    "district_mismatch": "warning",
    "party_name_mismatch": "warning",
    "person_name_mismatch": "warning",
    "party_detail_mismatch": "warning",
    "amount_words_mismatch": "error",
    "payment_sum_mismatch": "error",
    "payment_ratio_mismatch": "error",
    "tax_mismatch": "error",
    "period_mismatch": "warning",
    "missing_signing_date": "info",
    "numbering_gap": "info",
}
KINDS: tuple[str, ...] = tuple(SEVERITY)

_CENT = Decimal("0.01")
Item = tuple[str, int, int]  # (evidence string, start, end) with offsets into doc.text


def _flag(doc: Document, kind: str, rule: str, message: str, items: Iterable[Item]) -> Flag:
    """A flag whose evidence strings are the distinct texts of `items` (in
    order) and whose spans are all of them."""
    evidence: list[str] = []
    spans: list[Evidence] = []
    seen: set[tuple[int, int]] = set()
    for text, start, end in items:
        if text and text not in evidence:
            evidence.append(text)
        if end > start and (start, end) not in seen:
            seen.add((start, end))
            spans.append(doc.evidence(start, end, f"flags.{kind}.{rule}"))
    return Flag(kind=kind, severity=SEVERITY[kind], message=message, evidence=evidence, spans=spans)


def _text_span(doc: Document, ev: Evidence) -> tuple[int, int]:
    """The doc.text span of evidence recorded with raw offsets."""
    if not doc.offsets:
        return ev.start, ev.end
    start = bisect.bisect_left(doc.offsets, ev.start, 0, len(doc.text))
    return start, min(len(doc.text), start + len(ev.text))


def _locate(doc: Document, start: int, end: int, token: str) -> tuple[int, int]:
    """The span of `token` (white space removed) inside doc.text[start:end],
    which may hold spaces (`PIC-B1` in `园区 PIC-B1 号`); the whole span when
    it is not there."""
    index = [i for i in range(start, end) if not doc.text[i].isspace()]
    squeezed = "".join(doc.text[i] for i in index)
    k = squeezed.find(token)
    if k < 0 or not token:
        return start, end
    return index[k], index[k + len(token) - 1] + 1


# -- places --------------------------------------------------------------------------


def check_districts(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """A place written under a region it does not lie in (克拉玛依市乌鲁木齐区),
    or one party named after different districts in different places."""
    text = doc.text
    misplaced: dict[str, list[regions.Misplaced]] = {}
    for m in regions.find_misplaced(text):
        misplaced.setdefault(m.child.text, []).append(m)

    # districts in each role's name as written in different places
    conflicts: list[tuple[str, list[tuple[str, int, int]]]] = []
    by_role: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.field == "name":
            by_role.setdefault(m.role, []).append(m)
    for role, named in by_role.items():
        found: list[tuple[str, int, int]] = []
        for m in named:
            for link in regions.counties(m.value):
                start, end = _locate(doc, m.start, m.end, link.text)
                found.append((link.text, start, end))
        if len({t for t, _, _ in found}) > 1:
            conflicts.append((role, found))

    flags = []
    for child, items in misplaced.items():
        parents = list(dict.fromkeys(m.parent.text for m in items))
        homes = list(dict.fromkeys(h for m in items for h in m.known_parents()))
        ev: list[Item] = [(child, s, s + len(child)) for s in _occurrences(text, child)]
        ev += [(m.parent.text, m.parent.start, m.parent.end) for m in items]
        message = f"{child} is not in {'/'.join(parents)}"
        message += f" ({child} lies in {'/'.join(homes[:3])})" if homes else ""
        for role, found in conflicts:
            if any(t == child for t, _, _ in found):
                others = [t for t in dict.fromkeys(t for t, _, _ in found) if t != child]
                ev += [f for f in found if f[0] != child]
                message += f"; {role} is also named after {'/'.join(others)}"
                conflicts.remove((role, found))
                break
        flags.append(_flag(doc, "district_mismatch", "hierarchy", message + ".", ev))
    for role, found in conflicts:
        distinct = list(dict.fromkeys(t for t, _, _ in found))
        flags.append(_flag(doc, "district_mismatch", "party_name",
                           f"{role} is named after {' and '.join(distinct)} in different places.", found))
    return flags


def _occurrences(text: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), text)]


# -- parties -------------------------------------------------------------------------

def _describe(m: Mention) -> str:
    return {"declaration": "the declaration", "cover": "the cover", "bank": "the bank details",
            "signature": "the signature block", "text": "the text"}.get(m.block, m.block)


def check_party_names(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """One role's organisation name differing between mentions beyond known
    variation (region prefix, 人民政府/政府, 有限责任公司/有限公司, stamp notes)."""
    flags = []
    by_role: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.field == "name":
            by_role.setdefault(m.role, []).append(m)
    for role, named in by_role.items():
        first = next((m for m in named if m.block == "declaration"), named[0])
        clusters: list[list[Mention]] = [[first]]
        for m in named:
            if m is first:
                continue
            home = next((c for c in clusters if names.same_org(c[0].value, m.value)), None)
            if home is None:
                clusters.append([m])
            else:
                home.append(m)
        for other in clusters[1:]:
            odd = other[0]
            items = [(first.value, first.start, first.end)] + [(m.value, m.start, m.end) for m in other]
            flags.append(_flag(doc, "party_name_mismatch", "name",
                               f"{role} is {first.value} in {_describe(first)} but {odd.value} in {_describe(odd)}.",
                               items))
    return flags


# contact labels that name the same job (联系人 and 项目联系人 do; 经办人 does not)
_CONTACT_JOB = {"联系人": "contact", "项目联系人": "contact", "业务联系人": "contact", "联系人姓名": "contact",
                "经办人": "handler", "项目负责人": "lead"}
_PERSON_FIELDS = ("legal_rep", "contact", "signatory")
_FIELD_WORDS = {"legal_rep": "legal representative", "contact": "contact", "signatory": "signatory"}


def _people_conflict(a: Mention, b: Mention) -> bool:
    close = names.near_miss(a.value, b.value)
    fields = {a.field, b.field}
    if fields == {"legal_rep"}:
        return True
    if fields == {"contact"}:
        return close or _CONTACT_JOB.get(a.label, a.label) == _CONTACT_JOB.get(b.label, b.label)
    # a signatory may be an authorised agent: only a near miss is a conflict
    if fields <= {"legal_rep", "signatory"}:
        return close
    return False


def _is_person(doc: Document, m: Mention, known: dict[tuple[int, int], bool]) -> bool:
    """Is the value of `m` a person's name? Its shape says so, or says it
    cannot be (`授权代表`, `见附件`); a value only a model can judge
    (`次仁多吉`) is one when NER, reading it alone and in its line, sees an
    entity there (with NER off: when its shape allows it)."""
    if m.rule.endswith(".ner"):
        return True  # NER found it as a person
    shape = names.person_shape(m.value)
    if shape is not None:
        return shape
    if not ner.enabled():
        return True
    if (m.start, m.end) not in known:
        line_start = doc.text.rfind("\n", 0, m.start) + 1
        line_end = doc.text.find("\n", m.end)
        line = (line_start, len(doc.text) if line_end < 0 else line_end)
        try:
            entities = ner.find_entities(doc, spans=[(m.start, m.end), line], merge=False)
        except FileNotFoundError:
            entities = []  # no model: the parties stage has recorded it
        known[(m.start, m.end)] = any(e.start <= m.start and m.end <= e.end for e in entities)
    return known[(m.start, m.end)]


def check_person_names(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """One role's legal representative, contact or signatory differing
    between mentions. Only person names are compared: a placeholder in a
    person's slot (`授权代表`) is no second person."""
    flags = []
    seen: set[tuple[str, frozenset[str]]] = set()
    known: dict[tuple[int, int], bool] = {}
    people = [m for m in mentions if m.field in _PERSON_FIELDS]
    for a, b in combinations(people, 2):
        if a.role != b.role or (a.block_id is not None and a.block_id == b.block_id):
            continue
        if names.same_person(a.value, b.value) or not _people_conflict(a, b):
            continue
        if not (_is_person(doc, a, known) and _is_person(doc, b, known)):
            continue
        key = (a.role, frozenset((names.clean(a.value), names.clean(b.value))))
        if key in seen:
            continue
        seen.add(key)
        message = (f"{a.role}'s {_FIELD_WORDS[a.field]} is {a.value} in {_describe(a)} "
                   f"but {b.value} ({b.label}) in {_describe(b)}.")
        flags.append(_flag(doc, "person_name_mismatch", a.field, message,
                           [(a.value, a.start, a.end), (b.value, b.start, b.end)]))
    return flags


_ADDRESS_KIND = {
    **dict.fromkeys(("住所", "住所地", "注册地址", "注册地", "单位住所"), "registered"),
    **dict.fromkeys(("通讯地址", "通信地址", "联系地址", "邮寄地址"), "postal"),
    "办公地址": "office",
}


def _detail_conflict(field: str, a: Mention, b: Mention, banks: dict[int | None, str]) -> bool:
    x, y = names.clean(a.value), names.clean(b.value)
    if field == "address":
        if _ADDRESS_KIND.get(a.label, "generic") == _ADDRESS_KIND.get(b.label, "generic"):
            return x not in y and y not in x
        # a registered and a postal address may differ; a typo between them is still one
        return len(x) == len(y) and sum(p != q for p, q in zip(x, y)) <= 2
    if field == "account":
        bank_a, bank_b = banks.get(a.block_id), banks.get(b.block_id)
        return names.near_digits(x, y, 3) or bool(bank_a and bank_a == bank_b)
    if field == "phone":
        return names.near_digits(x, y, 2)
    return names.digits(x) != names.digits(y)  # tax_id: one per party


def check_party_details(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """One party's address, account, phone or tax id differing between mentions."""
    flags = []
    banks = {m.block_id: names.clean(m.value) for m in mentions if m.field == "bank"}
    seen: set[tuple[str, str, frozenset[str]]] = set()
    details = [m for m in mentions if m.field in ("address", "account", "phone", "tax_id")]
    for a, b in combinations(details, 2):
        if a.role != b.role or a.field != b.field:
            continue
        if names.clean(a.value) == names.clean(b.value) or not _detail_conflict(a.field, a, b, banks):
            continue
        key = (a.role, a.field, frozenset((names.clean(a.value), names.clean(b.value))))
        if key in seen:
            continue
        seen.add(key)
        ta, tb = names.diff_tokens(a.value, b.value) if a.field == "address" else (a.value, b.value)
        sa, sb = _locate(doc, a.start, a.end, names.clean(ta)), _locate(doc, b.start, b.end, names.clean(tb))
        field = a.field.replace("_", " ")
        message = f"{a.role}'s {field} reads {ta} in {_describe(a)} but {tb} in {_describe(b)}."
        flags.append(_flag(doc, "party_detail_mismatch", a.field, message,
                           [(names.clean(ta), *sa), (names.clean(tb), *sb)]))
    return flags


# -- money ---------------------------------------------------------------------------

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


def _stated_for(doc: Document, words: _Amount) -> _Amount | None:
    """What capital numerals without digits beside them should equal: the
    first amount of their line when marked 大写 (…¥530,000.00元…。大写：人民币
    伍拾叁万元整), else the contract total when they state it (合同金额大写：…)."""
    text = doc.text
    line_start = text.rfind("\n", 0, words.start) + 1
    window = text[max(line_start, words.start - _LABEL_WINDOW) : words.start]
    marked = bool(_WORDS_MARK.search(window))
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


def check_payments(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """Installments that do not add up to the total (payment_sum_mismatch), or
    that are not their stated share of it, or shares that do not add up to
    100 % (payment_ratio_mismatch). An installment whose wrong amount breaks
    the sum is reported once, as a sum mismatch, even when it also breaks its
    share."""
    payments = doc.payments
    total, total_items = _payments_total(doc)
    if total is None or not payments:
        return []
    flags = []
    off_share = [p for p in payments
                 if p.amount is not None and p.ratio is not None and not p.derived
                 and abs(p.amount - (p.ratio * total).quantize(_CENT)) >= _CENT]
    blamed: set[int] = set()
    if all(p.amount is not None and not p.derived for p in payments):
        paid = sum((p.amount for p in payments), Decimal(0))
        if abs(paid - total) >= _CENT:
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
        if abs(shares - 1) > Decimal("0.0001"):
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


# -- dates ---------------------------------------------------------------------------

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


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def _fits(start: dt.date, end: dt.date, phrase: str) -> bool | None:
    """Does a duration phrase agree with start..end? None when it is no duration."""
    months = parse_period_months(phrase)
    if months is not None:
        if months != months.to_integral_value() or months <= 0:
            return None
        due = _add_months(start, int(months))
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
    return flags


_SIGNING_LABEL = re.compile(
    r"(?:签订|签署|签约|签字|签定|订立|签章)(?:日期|时间)|(?<![\u4e00-\u9fff])日期"
)
_TEMPLATE = re.compile(r"^[ \t_]*(?:[0-9〇零一二三四五六七八九]{0,4}[ \t_]*年)[ \t_]*(?:[0-9]{0,2}[ \t_]*月)[ \t_]*(?:[0-9]{0,2}[ \t_]*日)?[ \t_]*$")


def _signing_slots(doc: Document) -> tuple[list[Item], list[Item]]:
    """(blank, filled) signing-date slots: `签订日期：…` labels, and date lines
    under a signature mark (甲方（盖章）… 年 月 日)."""
    text = doc.text
    blank: list[Item] = []
    filled: list[Item] = []
    for m in _SIGNING_LABEL.finditer(text):
        colon = re.compile(r"[ \t]*:[ \t]*").match(text, m.end())
        if colon is None:
            continue
        line_end = text.find("\n", colon.end())
        line_end = len(text) if line_end < 0 else line_end
        value = re.split(r"[ \t]{2,}(?=[\u4e00-\u9fff]{2,8}[ \t]*:)", text[colon.end() : line_end])[0].rstrip()
        item = (text[m.start() : colon.end() + len(value)].strip(), m.start(), colon.end() + len(value))
        if parse_date(value) is not None:
            filled.append(item)
        elif not value.strip() or _TEMPLATE.match(value):
            blank.append(item)
    lines = text.split("\n")
    pos = 0
    for k, line in enumerate(lines):
        stripped = line.strip()
        if stripped and (_TEMPLATE.match(stripped) or DATE_RE.fullmatch(stripped)):
            if any(SIGN_MARK.search(prev) for prev in lines[max(0, k - 6) : k]):
                lead = len(line) - len(line.lstrip())
                item = (stripped, pos + lead, pos + lead + len(stripped))
                (filled if parse_date(stripped) else blank).append(item)
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


# -- numbering -----------------------------------------------------------------------

_NUMBERED_STYLES = {"chapter", "section", "article", "cn", "cn_paren", "dec1", "dec2", "dec3", "paren"}


def _gaps(items: list[tuple[int, str, int, int]]) -> list[tuple[tuple[int, str, int, int], tuple[int, str, int, int]]]:
    """Consecutive (ordinal, number, start, end) pairs that skip or repeat;
    a list restarting at 1 is neither."""
    out = []
    for prev, cur in zip(items, items[1:]):
        if cur[0] != 1 and (cur[0] == prev[0] or cur[0] > prev[0] + 1):
            out.append((prev, cur))
    return out


def _gap_flag(doc: Document, prev: tuple[int, str, int, int], cur: tuple[int, str, int, int], what: str) -> Flag:
    if cur[0] == prev[0]:
        message = f"{what} {cur[1]} is repeated."
    else:
        message = f"{what} numbering skips from {prev[1]} to {cur[1]}."
    return _flag(doc, "numbering_gap", what.split()[0].lower(), message,
                 [(prev[1], prev[2], prev[3]), (cur[1], cur[2], cur[3])])


def check_numbering(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """Clause or item numbers that skip or repeat within one parent and style,
    and table row numbers (序号) that do."""
    flags = []
    groups: dict[tuple[int | None, str], list[tuple[int, str, int, int]]] = {}
    for c in doc.clauses:
        if c.style in _NUMBERED_STYLES and c.ordinal is not None:
            groups.setdefault((c.parent, c.style), []).append((c.ordinal, c.number, c.start, c.start + len(c.number)))
    for items in groups.values():
        for prev, cur in _gaps(items):
            flags.append(_gap_flag(doc, prev, cur, "Clause"))
    # table row numbers (序号); a table not starting at 1 continues the one before
    sequences: list[list[tuple[int, str, int, int]]] = []
    for table in doc.tables:
        first = table.rows[0][0].text if table.rows and table.rows[0] else ""
        rows = table.rows if first.isdigit() else table.rows[1:]
        numbers = [(int(r[0].text), r[0].text, r[0].start, r[0].end)
                   for r in rows if r and r[0].text.isdigit() and len(r[0].text) <= 3]
        if not numbers:
            continue
        if numbers[0][0] == 1 or not sequences:
            sequences.append([])
        sequences[-1].extend(numbers)
    for numbers in sequences:
        if len(numbers) >= 3:
            for prev, cur in _gaps(numbers):
                flags.append(_gap_flag(doc, prev, cur, "Table row"))
    return flags


# -- entry point ---------------------------------------------------------------------

Check = Callable[[Document, list[Mention]], list[Flag]]
CHECKS: tuple[tuple[str, Check], ...] = (
    ("districts", check_districts),
    ("party_names", check_party_names),
    ("person_names", check_person_names),
    ("party_details", check_party_details),
    ("amount_words", check_amount_words),
    ("payments", check_payments),
    ("tax", check_tax),
    ("period", check_period),
    ("signing_date", check_signing_date),
    ("numbering", check_numbering),
)


def extract(doc: Document) -> list[Flag]:
    """Every inconsistency found in `doc`, check by check."""
    flags: list[Flag] = []
    try:
        mentions = find_mentions(doc)
    except Exception as exc:  # the party checks then have nothing to compare
        doc.fail("flags.mentions", f"{type(exc).__name__}: {exc}")
        mentions = []
    for name, check in CHECKS:
        try:
            flags.extend(check(doc, mentions))
        except Exception as exc:  # one broken check must not hide the others
            doc.fail(f"flags.{name}", f"{type(exc).__name__}: {exc}")
    return flags
