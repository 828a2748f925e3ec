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
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from extractors import names, ner, ocr_confidence, regions
from extractors.contract import CAPITAL_AMOUNT, HEADER_UNIT, SIGN_MARK, find_total_amount
from extractors.parsers.dates import parse_date
from extractors.parsers.durations import parse_period_days, parse_period_months
from extractors.parsers.money import is_capital_amount, parse_money
from extractors.parsers.numerals import parse_cn_int, squash
from extractors.parties import Mention, find_mentions
from extractors.period import DATE_RE, find_service_period
from extractors.roles import ROLE_WORD
from extractors.spans import sentence_at
from models import Clause, Document, Evidence, Flag, Payment
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
    "ocr_low_confidence": "warning",
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


# Field labels that follow a name in a signature or bank block; a reading
# that loses the line break glues their first character to the name
# (`买方（章）：昆明某某商贸有限公司帐    号：8111…` from 帐号).
_NEXT_FIELD = re.compile(
    r"(?:帐|账)(?:号|户)|户名|开户|地址|住所|电话|手机|传真|邮编|邮箱|税号|纳税人|法定代表|法人|委托代理|授权代表"
    r"|联系人|联系电话|签订|签字|签章|日期|统一社会"
)
# A name left to be filled in (XXXXXXX有限责任公司, ××公司, ＊＊＊科技): nothing to compare.
_PLACEHOLDER_NAME = re.compile(r"[XxＸｘ×*＊○〇□_]{2,}|某某")
# A value holding more than a name: two parties, or a note on who is meant
# (`某公司（以下简称甲方）与某某汽车有限公司`).
_NOT_ONE_NAME = re.compile(r"简称|以下称|下称|[甲乙丙丁]方")


# A company name cut short where a line or a column broke (…股份有限公 | 司装备…).
_CUT_NAME = re.compile(r"(?:有限责任|有限公|有限|股份|公)$")


def _cut_short(a: str, b: str) -> bool:
    """Is one of two names the other cut off mid-suffix?"""
    short, long = sorted((names.clean(a), names.clean(b)), key=len)
    return len(short) < len(long) and long.startswith(short) and bool(_CUT_NAME.search(short))


def _name_as_written(doc: Document, m: Mention) -> str:
    """The name of `m` without the first character(s) of a field label glued
    to its end."""
    after = "".join(doc.text[m.end : m.end + 16].split())
    for cut in (2, 1):
        if len(m.value) - cut >= 4 and _NEXT_FIELD.match(m.value[-cut:] + after):
            return m.value[:-cut]
    return m.value


def check_party_names(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """One role's organisation name differing between mentions beyond known
    variation (region prefix, 人民政府/政府, 有限责任公司/有限公司, stamp notes).
    Placeholders and values that hold more than one name are not compared; a
    field label glued to a name is no part of it."""
    flags = []
    by_role: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.field != "name" or _PLACEHOLDER_NAME.search(m.value) or _NOT_ONE_NAME.search(m.value):
            continue
        value = _name_as_written(doc, m)
        if value != m.value:
            m = dataclasses.replace(m, value=value, end=m.start + len(value))
        by_role.setdefault(m.role, []).append(m)
    for role, named in by_role.items():
        first = next((m for m in named if m.block == "declaration"), named[0])
        clusters: list[list[Mention]] = [[first]]
        for m in named:
            if m is first:
                continue
            home = next((c for c in clusters
                         if names.same_org(c[0].value, m.value) or _cut_short(c[0].value, m.value)), None)
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


# Labels of a block that says where notices go (送达地址, 通知方式, 收件人):
# the party's own statement of how to reach it.
_SERVICE_LABEL = re.compile(r"送达|通知|收件")


@dataclass(frozen=True)
class _Blocks:
    banks: dict[int | None, str]
    service: set[int | None]  # blocks that say where notices go
    contacts: dict[int | None, set[str]]  # the contact persons each block names


def _blocks(mentions: list[Mention]) -> _Blocks:
    contacts: dict[int | None, set[str]] = {}
    for m in mentions:
        if m.field == "contact":
            contacts.setdefault(m.block_id, set()).add(names.clean(m.value))
    return _Blocks(
        banks={m.block_id: names.clean(m.value) for m in mentions if m.field == "bank"},
        service={m.block_id for m in mentions if m.block_id is not None and _SERVICE_LABEL.search(m.label)},
        contacts=contacts,
    )


def _phone_kind(number: str) -> str:
    """`mobile`, a landline's area code (`0871`), or "" when neither shows."""
    d = names.digits(number)
    if re.fullmatch(r"(?:86)?1[3-9]\d{9}", d):
        return "mobile"
    m = re.match(r"0(?:10|2\d|[3-9]\d{2})(?=\d{7,8}$)", d)
    return m.group(0) if m else ""


def _one_digit_dropped(a: str, b: str) -> bool:
    a, b = sorted((names.digits(a), names.digits(b)), key=len)
    return len(b) == len(a) + 1 and any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


def _phone_conflict(a: Mention, b: Mention, blocks: _Blocks) -> bool:
    """A typo (two places, one digit dropped), or one party stating another
    number of the same kind where it says how to reach it (送达/通知 block)
    than in its declaration, the same person (or none) named beside both."""
    kind = _phone_kind(a.value)
    if names.near_digits(a.value, b.value, 2):
        return True
    if (kind or _phone_kind(b.value)) and _one_digit_dropped(a.value, b.value):
        return True
    if not kind or kind != _phone_kind(b.value) or a.block_id is None or b.block_id is None or a.block_id == b.block_id:
        return False
    if {a.block_id in blocks.service, b.block_id in blocks.service} != {True, False}:
        return False
    other = b if a.block_id in blocks.service else a
    if not other.primary:
        return False
    return blocks.contacts.get(a.block_id, set()) == blocks.contacts.get(b.block_id, set())


def _detail_conflict(field: str, a: Mention, b: Mention, blocks: _Blocks) -> bool:
    x, y = names.clean(a.value), names.clean(b.value)
    if field == "address":
        if _ADDRESS_KIND.get(a.label, "generic") == _ADDRESS_KIND.get(b.label, "generic"):
            return x not in y and y not in x
        # a registered and a postal address may differ; a typo between them is still one
        return len(x) == len(y) and sum(p != q for p, q in zip(x, y)) <= 2
    if field == "account":
        bank_a, bank_b = blocks.banks.get(a.block_id), blocks.banks.get(b.block_id)
        return names.near_digits(x, y, 3) or bool(bank_a and bank_a == bank_b)
    if field == "phone":
        return _phone_conflict(a, b, blocks)
    return names.digits(x) != names.digits(y)  # tax_id: one per party


def check_party_details(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """One party's address, account, phone or tax id differing between mentions."""
    flags = []
    blocks = _blocks(mentions)
    seen: set[tuple[str, str, frozenset[str]]] = set()
    details = [m for m in mentions if m.field in ("address", "account", "phone", "tax_id")]
    for a, b in combinations(details, 2):
        if a.role != b.role or a.field != b.field:
            continue
        if names.clean(a.value) == names.clean(b.value) or not _detail_conflict(a.field, a, b, blocks):
            continue
        key = (a.role, a.field, frozenset((names.clean(a.value), names.clean(b.value))))
        if key in seen:
            continue
        seen.add(key)
        ta, tb = names.diff_tokens(a.value, b.value) if a.field == "address" else (a.value, b.value)
        sa, sb = _locate(doc, a.start, a.end, names.clean(ta)), _locate(doc, b.start, b.end, names.clean(tb))
        field = a.field.replace("_", " ")
        where_a = "the notice details" if a.block_id in blocks.service else _describe(a)
        where_b = "the notice details" if b.block_id in blocks.service else _describe(b)
        message = f"{a.role}'s {field} reads {ta} in {where_a} but {tb} in {where_b}."
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


# -- numbering -----------------------------------------------------------------------

_NUMBERED_STYLES = {"chapter", "section", "article", "cn", "cn_paren", "dec1", "dec2", "dec3", "paren"}
_TOP_STYLES = ("chapter", "section", "article")
_CN_NUM = "一二三四五六七八九十百零〇两"
# How a heading of each numbering style is written anywhere in a line, to
# check a gap against the text: a heading the segmenter did not take (its
# line holds a tab, OCR glued it to its text, 1.2.270%尾款) is still seen by
# a reader. `pre` is everything before the last number.
_MARKER: dict[str, re.Pattern[str]] = {
    "chapter": re.compile(rf"第(?P<num>[{_CN_NUM}\d]+)章"),
    "section": re.compile(rf"第(?P<num>[{_CN_NUM}\d]+)节"),
    "article": re.compile(rf"第(?P<num>[{_CN_NUM}\d]+)条"),
    "cn": re.compile(rf"(?P<num>[{_CN_NUM}]{{1,3}})(?:、|\.(?!\d))"),
    "cn_paren": re.compile(rf"\((?P<num>[{_CN_NUM}]{{1,3}})\)"),
    "dec3": re.compile(r"(?P<pre>\d{1,2}\.\d{1,2}\.)(?P<num>\d{1,2})"),
    "dec2": re.compile(r"(?P<pre>\d{1,2}\.)(?P<num>\d{1,2})(?!\.\d)"),
    "dec1": re.compile(r"(?P<num>\d{1,2})(?:、|\.(?![\d%]))"),
    "paren": re.compile(r"\((?P<num>\d{1,2})\)"),
}
_GAP_AFTER = re.compile(r"[ \t]*")
# What may stand before a heading on its line: nothing, or a sentence end
# (`…甲方不得异议。第六条 参训及补助资格(一)…` in a reading that lost line breaks).
_HEAD_LEAD = re.compile(r"(?:^|[。;!?])[ \t]*+$", re.MULTILINE)
_Num = tuple[int, str, int, int]  # (ordinal, number as written, start, end)


def _prefix(number: str) -> str:
    """`1.2.` of `1.2.3`, `2.` of `2.1`; "" for numbers of one component."""
    m = re.fullmatch(r"((?:\d{1,2}\.)+)\d{1,2}\.?", number)
    return m.group(1) if m else ""


def _headings_between(text: str, start: int, end: int, style: str, prefix: str = "") -> list[tuple[int, str]]:
    """(ordinal, digits) of every heading of `style` written between start and
    end at the head of a line or sentence; for 1.2.3 styles, under `prefix`."""
    out = []
    for m in _MARKER[style].finditer(text, start, end):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if not _HEAD_LEAD.search(text, line_start, m.start()):
            continue
        if "pre" in m.groupdict() and m.group("pre") != prefix:
            continue
        num = m.group("num")
        ordinal = int(num) if num.isdigit() else parse_cn_int(num)
        if ordinal is not None:
            out.append((ordinal, num))
    return out


def _seen_between(doc: Document, style: str, prev: Clause, cur: Clause) -> bool:
    """Does the text between two headings explain their numbers? A skipped
    number written there as a heading, or a list restarting there (its 1 or
    a heading of a higher style), makes no gap a reader sees."""
    text = doc.text
    start, end = prev.start + len(prev.number), cur.start
    prefix = _prefix(cur.number)
    found = _headings_between(text, start, end, style, prefix)
    if cur.ordinal > prev.ordinal + 1:
        missing = range(prev.ordinal + 1, cur.ordinal)
        # glued digits (1.2.270%尾款 is 1.2.2 and 70%) count as the number they start with
        if any(o in missing or (digits.isdigit() and any(digits.startswith(str(k)) for k in missing))
               for o, digits in found):
            return True
    if any(o == 1 for o, _ in found):
        return True
    if cur.ordinal <= prev.ordinal and _glued_restart(text, start, end, style):
        return True
    return any(_headings_between(text, start, end, higher) for higher in _higher_styles(doc, style))


# A list's 1 glued to the heading of its parent in a reading that lost line
# breaks (…(二)用户与数据运营1. 维护全区…); not a reference (第1.5条, 附件1.).
_GLUED_LEAD = re.compile(r"[\u4e00-\u9fff)][ \t]*$")
_NOT_GLUED = re.compile(r"(?:第|附件|表|图|款|条|项|号|版|期)[ \t]*$")


def _glued_restart(text: str, start: int, end: int, style: str) -> bool:
    for m in _MARKER[style].finditer(text, start, end):
        num = m.group("num")
        if "pre" in m.groupdict() or (int(num) if num.isdigit() else parse_cn_int(num)) != 1:
            continue
        before = text[max(start, m.start() - 4) : m.start()]
        if _GLUED_LEAD.search(before) and not _NOT_GLUED.search(before):
            return True
    return False


def _higher_styles(doc: Document, style: str) -> list[str]:
    """Styles above `style`: chapters, sections and articles, and the styles
    the contract uses before it first uses `style` (they nest in that order)."""
    order = list(dict.fromkeys(c.style for c in doc.clauses if c.style in _NUMBERED_STYLES))
    earlier = order[: order.index(style)] if style in order else []
    return [s for s in dict.fromkeys((*_TOP_STYLES, *earlier)) if s != style]


# What follows a number that cites a clause rather than heads one
# (…送达《服务合同》\n第一章”合同说明”1.1中地址…, 第三条约定的, 第五条第2款).
_CITED_AFTER = re.compile(r"[ \t]*(?:[”“\"'’》]|的|中|约定|规定|所述|所列|项下|第|款|之规定)")


def _cited(doc: Document, c: Clause) -> bool:
    return c.style in _TOP_STYLES and bool(_CITED_AFTER.match(doc.text, c.start + len(c.number)))


def _on_ocr_page(doc: Document, offset: int) -> bool:
    page = doc.page_at(doc.raw_span(offset, offset + 1)[0])
    return any(p.number == page and p.source == "ocr" for p in doc.pages)


def _ordinals(doc: Document, c: Clause) -> set[int]:
    """The numbers a reader sees at a heading: its own, and a second one of
    its style written right after it (`4. 3. 优先分红权`, a Word auto-number
    in front of the typed one)."""
    seen = {c.ordinal} if c.ordinal is not None else set()
    m = _MARKER[c.style].match(doc.text, _GAP_AFTER.match(doc.text, c.start + len(c.number)).end())
    if m and "pre" not in m.groupdict():
        num = m.group("num")
        second = int(num) if num.isdigit() else parse_cn_int(num)
        if second is not None:
            seen.add(second)
    return seen


def _clause_gaps(doc: Document, items: list[Clause]) -> list[tuple[Clause, Clause]]:
    """Consecutive headings of one parent and style whose numbers skip, repeat
    or step back by one (第三条 then 第二条 again), as a reader sees them. A
    list restarting at 1 is no gap, nor one going back further (a list
    starting over whose 1 was lost). OCR drops and misreads lines: on an
    OCR'd page only a repeat that the next heading confirms (第二条, 第二条,
    第三条) is one."""
    out = []
    for k in range(1, len(items)):
        prev, cur = items[k - 1], items[k]
        before, now = _ordinals(doc, prev), _ordinals(doc, cur)
        if 1 in now or any(n == b + 1 for b in before for n in now):
            continue
        if all(n < b - 1 for b in before for n in now):
            continue
        if _seen_between(doc, cur.style, prev, cur):
            continue
        if _on_ocr_page(doc, prev.start) or _on_ocr_page(doc, cur.start):
            following = items[k + 1] if k + 1 < len(items) else None
            if cur.ordinal > prev.ordinal or following is None or following.ordinal != cur.ordinal + 1:
                continue
        out.append((prev, cur))
    return out


def _row_gaps(doc: Document, items: list[_Num]) -> list[tuple[_Num, _Num]]:
    """Consecutive table row numbers that skip or repeat; a list restarting
    at 1 is neither. On an OCR'd page only a repeat the next row confirms."""
    out = []
    for k in range(1, len(items)):
        prev, cur = items[k - 1], items[k]
        if cur[0] == 1 or not (cur[0] == prev[0] or cur[0] > prev[0] + 1):
            continue
        if _on_ocr_page(doc, prev[2]) or _on_ocr_page(doc, cur[2]):
            following = items[k + 1] if k + 1 < len(items) else None
            if cur[0] != prev[0] or following is None or following[0] != cur[0] + 1:
                continue
        out.append((prev, cur))
    return out


def _gap_flag(doc: Document, prev: _Num, cur: _Num, what: str, earlier: _Num | None = None) -> Flag:
    if cur[0] == prev[0]:
        message = f"{what} {cur[1]} is repeated."
    elif cur[0] < prev[0]:
        message = f"{what} numbering goes back from {prev[1]} to {cur[1]}"
        message += f" ({cur[1]} appears twice)" if earlier else ""
    else:
        message = f"{what} numbering skips from {prev[1]} to {cur[1]}"
    message += "" if message.endswith(".") else "."
    items = [(prev[1], prev[2], prev[3]), (cur[1], cur[2], cur[3])]
    if earlier:
        items.append((earlier[1], earlier[2], earlier[3]))
    return _flag(doc, "numbering_gap", what.split()[0].lower(), message, items)


def _num(c: Clause) -> _Num:
    return (c.ordinal or 0, c.number, c.start, c.start + len(c.number))


def check_numbering(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """Clause or item numbers that skip, repeat or go back within one parent
    and style, and table row numbers (序号) that skip or repeat."""
    flags = []
    groups: dict[tuple[int | None, str], list[Clause]] = {}
    for c in doc.clauses:
        if c.style in _NUMBERED_STYLES and c.ordinal is not None and not _cited(doc, c):
            groups.setdefault((c.parent, c.style), []).append(c)
    for items in groups.values():
        for prev, cur in _clause_gaps(doc, items):
            earlier = next((c for c in items if c.ordinal == cur.ordinal and c.start < prev.start), None)
            flags.append(_gap_flag(doc, _num(prev), _num(cur), "Clause", _num(earlier) if earlier else None))
    # table row numbers (序号); a table not starting at 1 continues the one before
    sequences: list[list[_Num]] = []
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
            for prev, cur in _row_gaps(doc, numbers):
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
    ("ocr_confidence", ocr_confidence.check),
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
