"""Parties: one party's name, people and details written differently in two places
(party_name_mismatch, person_name_mismatch, party_detail_mismatch)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from itertools import combinations

from hetong.extractors.flags.common import _flag, _locate
from hetong.extractors.ner import model as ner
from hetong.extractors.parties import Mention
from hetong.extractors.shared import names
from hetong.models import Document, Flag


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
