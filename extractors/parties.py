"""Parties: who signs the contract, with their address, people and bank details.

Find, then build. `find_mentions(doc)` lists every statement about a party
(its name, address, legal representative, contact, signatory, phone, email,
postcode, bank, account, tax id) with the block it was found in:

- `declaration`: the role's declaration block (`甲方: … 住所地: …`), or any
  later restatement of it;
- `cover`: a bare `委托单位: …` line before the declaration;
- `bank`: a block of bank details (`乙方财务信息:`, `1.2 … 甲方: … 开户银行: …`);
- `signature`: the signing block (`甲方(盖章): … 法定代表人/委托代理人: …`),
  including bank lines that follow it without a heading;
- `text`: running text (`X(甲方)委托 Y(乙方)…`, `甲方指定 孙昊 为甲方项目联系人`,
  `乙方在某银行某支行开立的账户,账号…`, `甲方应将款项汇入乙方以下账户:开户行:…;
  账号:…` — the details after a sentence naming whose account they are).

Where the rules leave a role's name, address, legal representative or contact
empty, `hetong.extractors.ner.parties` looks for it with NER in the places contracts
state it without a label (the introducing sentence, a designation, a line
under the stamp) and adds those mentions, with rule `parties.<field>.ner`;
it also adds the names signed without a label under a stamp (`signatory`,
for the flags) and corrects person values the rules read with a title
attached. With NER off (`HETONG_NER=0`) the mentions are the rules' alone.

`extract(doc)` builds one Party per role from the mentions: the role's main
declaration first, then the other blocks in document order, then running
text, each filling only fields still empty. Keeping every mention lets the
flags check compare them (a signatory unlike the legal representative, an
address that differs between the declaration and the bank block).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from hetong.extractors.shared import names, roles
from hetong.extractors.ner import model as ner, parties as party_ner
from hetong.extractors.shared.memo import last_document
from hetong.extractors.shared.party_blocks import (
    CJK,
    FIELD_LABELS,
    ORG_END,
    OWNER_ACCOUNT,
    Block,
    find_blocks,
    has_details,
    label_values,
    value_span,
)
from hetong.models import Document, Party

PARTY_FIELDS: tuple[str, ...] = (
    "name", "address", "legal_rep", "contact", "phone", "email", "postcode", "bank", "account", "tax_id",
)
MentionBlock = Literal["declaration", "cover", "bank", "signature", "text"]


@dataclass(frozen=True)
class Mention:
    """One statement about a party: `value` at `start`/`end` of `doc.text`.

    `field` is a Party field or `signatory` (who signs for the party).
    `block_id` numbers the block the mention came from (None for running
    text); mentions of one block share it. `rule` is the evidence rule id,
    `parties.<field>.<block>`. `primary` marks the role's main declaration
    (the first block with details that is not a signature block).
    """

    role: str
    field: str
    value: str
    start: int
    end: int
    block: MentionBlock
    rule: str
    label: str  # the label of the value as written: 住所地, 法定代表人/委托代理人, 甲方
    block_id: int | None = None
    role_label: str | None = None  # how the block's heading names the role: 甲方, 采购人, 委托方
    primary: bool = False  # from the role's main declaration, whose values take precedence


# -- values -----------------------------------------------------------------

_PLACEHOLDER = re.compile(r"^(?:[_\-—/\s.。…]*|(?:签字|签名|盖章|签章|手签|本人签字|日期|年月日))$")
_A_LABEL = re.compile(r"(?:单位|公司|企业)?(?:名称|姓名)(?:\(|或|$)")
# An address where a name should be (`通知送达地址: 甲方: 北京市某路1号, 收件人: …`)
_ADDRESS_SHAPE = re.compile(r"\d+\s*(?:号|室|楼|层|栋|幢|单元)|[路街巷弄道]\s*\d")
# A form's blank written as a run of crosses: XXXXXXX有限责任公司, XXX, ××银行××支行
_CROSSES = re.compile(r"[XxＸ×*＊]{3,}")
# A personal ID number (18 places, a birth date in the middle) is no tax id
_PERSONAL_ID = re.compile(r"\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dX]")
# A postcode in brackets before the address: (10405)臺北市…, (100020)北京市…
_POSTCODE_FIRST = re.compile(r"\(\s*(?P<code>\d{5,6})\s*\)\s*")
# A contact's phone written after the name: 联系人: 张三 13800000000
_NAME_THEN_PHONE = re.compile(r"(?P<name>.*?)\s*(?P<phone>(?:\+?86[\s-]?)?1[3-9]\d{9}|0\d{2,3}-\d{7,8})")
# Names of persons: Han names of 2-4 characters, transcribed names of up to 6
# (乌云其木格) or with a middle dot (阿依古丽·买买提), Latin names.
_PERSON = re.compile(rf"(?:[{CJK}]{{2,6}}|[{CJK}]{{1,6}}[·•][{CJK}]{{1,8}}|[A-Za-z][A-Za-z .'-]{{1,40}})")
_PHONE = re.compile(r"\+?[\d(][\d\s()\-转/、]*\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_POSTCODE = re.compile(r"\d{6}|\d{5}")  # six places; five in Taiwan (3+2)
_ACCOUNT = re.compile(r"\d[\d\s-]{4,}\d")
_TAX_ID = re.compile(r"[0-9A-Z]{15,20}")
_TRAILING_ACCOUNT = re.compile(r"[\s,:,;]*(?P<account>\d[\d\s-]{4,}\d)$")
_LINE_BREAK = re.compile(r"\s*\n\s*")
_TRAILING_PHONE = re.compile(r"[\s,:,;]*(?P<phone>\(?0\d{2,3}\)?-?\d{7,8}|1[3-9]\d{9})$")
_SENTENCE = re.compile(r"[,。;!?:]")


def _valid(field: str, value: str, has_details: bool, person_party: bool = False) -> str | None:
    """The value as it should be reported, or None when it is not a value of
    `field` (a placeholder, a sentence, the wrong shape). `person_party`: a
    name shaped like a person's is a party's name (`乙方: 王旭` in a
    declaration, where a person signs as a party)."""
    value = value.strip()
    if not value or _PLACEHOLDER.match(value) or _CROSSES.search(value):
        return None
    if field in {"legal_rep", "contact", "signatory"}:
        # a role, a title or a placeholder is no name (`授权代表`, `见附件`);
        # a name with a title (`李明华经理`) is kept for NER to confirm
        if not _PERSON.fullmatch(value) or (names.person_shape(value) is False and not names.split_title(value)):
            return None
        return value
    if field == "phone":
        # a number the text ran on into the next label (`(02)25064871单位` / `地址:`)
        m = _PHONE.match(value)
        if m is None or (m.end() < len(value) and not re.fullmatch(f"[{CJK}]+", value[m.end():])):
            return None
        return m.group() if sum(c.isdigit() for c in m.group()) >= 7 else None
    if field == "email":
        m = _EMAIL.search(value)
        return m.group(0) if m else None
    if field == "postcode":
        return value if _POSTCODE.fullmatch(value) else None
    if field == "account":
        return value if _ACCOUNT.fullmatch(value) else None
    if field == "tax_id":
        return value if _TAX_ID.fullmatch(value) and not _PERSONAL_ID.fullmatch(value) else None
    if _SENTENCE.search(value) or len(value) > 100:
        return None
    if field == "name":
        if len(value) < 2 or len(value) > 60 or not re.search(f"[{CJK}A-Za-z]", value):
            return None
        if value in FIELD_LABELS or _A_LABEL.match(value):
            return None  # a label in the name's place: `委托方(甲方) | 名称(或姓名) | …`
        if ORG_END.search(value):
            return value
        if has_details and len(value) <= 30 and not _ADDRESS_SHAPE.search(value):
            return value
        persons = value.split("、")
        return value if person_party and all(names.person_shape(p) is True for p in persons) else None
    return value  # address, bank


# -- mentions ---------------------------------------------------------------

@last_document(lambda doc: (doc.text, doc.raw_text, ner.enabled()))
def find_mentions(doc: Document) -> list[Mention]:
    """Every mention of a party detail in `doc`, in document order: the
    rules', then NER's where the rules leave a field empty (when NER is on).
    The parties extractor and the flags both ask; the last document's
    mentions are kept, so the second asking costs nothing."""
    mentions: list[Mention] = []
    blocks = find_blocks(doc)
    for block_id, block in enumerate(blocks):
        mentions.extend(_block_mentions(doc, block, block_id))
    mentions.extend(_text_mentions(doc, blocks))
    if ner.enabled():
        mentions = _with_ner(doc, mentions, blocks)
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def _with_ner(doc: Document, mentions: list[Mention], blocks: list[Block]) -> list[Mention]:
    """`mentions` with what NER finds where the rules found nothing; a
    missing model is recorded on the document and leaves the rules' mentions."""
    in_party = {(m.role, m.field) for m in mentions if m.field in PARTY_FIELDS}
    titled = [(m.role, m.field, m.start, m.end, m.label, m.block, m.block_id)
              for m in mentions if m.field in _PERSON_FIELDS and names.split_title(m.value)]
    org_names: dict[str, set[str]] = {}
    for m in mentions:
        if m.field == "name":
            org_names.setdefault(m.role, set()).add(m.value)
    try:
        found = party_ner.find(doc, in_party, blocks, titled, org_names)
    except FileNotFoundError as exc:
        doc.fail("parties.ner", str(exc))
        return mentions
    replaced = {f.replaces: f for f in found if f.replaces is not None}
    out = []
    for m in mentions:
        f = replaced.get((m.start, m.end))
        if f is not None and f.role == m.role and f.field == m.field:
            m = replace(m, value=f.value, start=f.start, end=f.end, rule=f"parties.{f.field}.ner")
        out.append(m)
    for f in found:
        if f.replaces is None:
            role_label = blocks[f.block_id].heading.label if f.block_id is not None else None
            out.append(Mention(f.role, f.field, f.value, f.start, f.end, f.block,  # type: ignore[arg-type]
                               f"parties.{f.field}.ner", f.label, f.block_id, role_label))
    return out


_PERSON_FIELDS = frozenset({"legal_rep", "contact", "signatory"})


def _block_mentions(doc: Document, block: Block, block_id: int) -> list[Mention]:
    out: list[Mention] = []
    details = has_details(block)
    h = block.heading

    def add(field: str, start: int, end: int, label: str, more: tuple[tuple[int, int], ...] = ()) -> None:
        start, end = value_span(doc, start, end)
        written = _LINE_BREAK.sub("", doc.text[start:end])  # a value run on over two lines
        # pieces wrapped in a column of their own (`…有限` / `公司`): the value is whole
        # with them; its evidence runs from the first piece to the last
        spans = [value_span(doc, *piece) for piece in more]
        pieces = [doc.text[s:e] for s, e in spans]
        # …but persons holding one role together are a list: 尹涛、王洪、张万
        persons = field == "name" and bool(pieces) and all(
            names.person_shape(p) is True for p in (written, *pieces))
        written = "、".join((written, *pieces)) if persons else written + "".join(pieces)
        if field == "address" and not more:
            code = _POSTCODE_FIRST.match(written)
            if code and "\n" not in doc.text[start:end]:
                # (10405)臺北市中山區… — the postcode, and the address after it
                add("postcode", start + code.start("code"), start + code.end("code"), label)
                add("address", start + code.end(), end, label)
                return
        if field in ("contact", "legal_rep") and not more:
            both = _NAME_THEN_PHONE.fullmatch(written)
            if both and "\n" not in doc.text[start:end]:
                # 联系人: 张三 13800000000 — the person, and the phone
                add("phone", start + both.start("phone"), start + both.end("phone"), label)
                if not both.group("name"):
                    return
                written = both.group("name")
                end = start + both.end("name")
        value = _valid(field, written, details, person_party=field == "name" and block.kind != "signature")
        if value is None:
            return
        if more:
            end = max(end, *(e for _, e in spans))
        elif value != written.strip() and value in doc.text[start:end]:  # an email inside a longer value
            start = doc.text.index(value, start)
            end = start + len(value)
        out.append(Mention(block.role, field, value, start, end, block.kind,
                           f"parties.{field}.{block.kind}", label, block_id, h.label, block.primary))

    if h.name_end > h.name_start:
        add("name", h.name_start, h.name_end, h.label, h.more)
    for v in block.values:
        if v.field == "address_phone":
            # 地址电话: 北京市海淀区某路1号 010-82345678
            start, end = value_span(doc, v.value_start, v.value_end)
            m = _TRAILING_PHONE.search(doc.text, start, end)
            if m:
                add("address", start, m.start(), v.label)
                add("phone", m.start("phone"), end, v.label)
        elif v.field == "bank_account":
            # 开户行及账号: 中国工商银行某支行 0200001234567890123
            start, end = value_span(doc, v.value_start, v.value_end)
            m = _TRAILING_ACCOUNT.search(doc.text, start, end)
            if m:
                add("bank", start, m.start(), v.label)
                add("account", m.start("account"), end, v.label)
        elif v.field is not None and v.value_end > v.value_start:
            add(v.field, v.value_start, v.value_end, v.label, v.more)
    return out


# 甲方指定 孙昊 为甲方项目联系人
_DESIGNATION = re.compile(
    rf"(?P<role>[甲乙丙丁]方)(?:指定|委派|确定|授权)\s*(?P<person>[{CJK}]{{2,4}})\s*(?:先生|女士)?\s*"
    r"(?:为|作为|担任)\s*(?:[甲乙丙丁]方|本方)?的?(?P<what>项目联系人|联系人|项目负责人)"
)
_NOT_A_PERSON = re.compile(r"专人|人员|一名|专门|代表|同志")
# 乌鲁木齐市人民政府电子政务中心(甲方)委托 …; X(以下简称"乙方")
_NAME_PAREN = re.compile(
    r"\(\s*(?:以下简称|以下称|下称|简称)?\s*[\"“”']?(?P<role>[甲乙丙丁]方)[\"“”']?\s*\)(?!\s*[:(])"
)
_NAME_RUN = re.compile(rf"[{CJK}A-Za-z0-9()]+$")
_CONNECTOR = re.compile(r"(?:本合同|本协议|由|与|和|及|同|经|是|为|委托|甲方|乙方|丙方|丁方)+")


# 乙方在杭州银行股份有限公司科技支行开立的基本存款账户,账号3301…
_PROSE_BANK = re.compile(
    rf"(?P<word>{roles.ROLE_WORD})\s*(?:在|于)\s*"
    r"(?P<bank>[^,。;:\s在于]{2,40}?(?:银行|信用社|信用合作联社|支行|分行|营业部|分理处))\s*开立的?"
    r"[^,。;:\n]{0,10}?(?:账户|帐户)"
    r"(?:\s*,?\s*(?:账号|帐号)\s*(?:为|是)?\s*:?\s*(?P<account>\d[\d\s-]{4,}\d))?"
)


def _text_mentions(doc: Document, blocks: list[Block]) -> list[Mention]:
    text = doc.text
    taken = [(b.heading.start, b.heading.name_end) for b in blocks]
    learned = roles.learned_labels((b.heading.label, b.role) for b in blocks)
    out: list[Mention] = []
    for m in _PROSE_BANK.finditer(text):
        role = roles.resolve(m.group("word"), learned)
        if role is None:
            continue
        out.append(Mention(role, "bank", m.group("bank"), m.start("bank"), m.end("bank"), "text",
                           "parties.bank.text", "开立"))
        if m.group("account"):
            out.append(Mention(role, "account", m.group("account"), m.start("account"), m.end("account"),
                               "text", "parties.account.text", "账号"))
    out.extend(_owner_accounts(doc, blocks, learned))
    for m in _DESIGNATION.finditer(text):
        role, start, end = m.group("role"), m.start("person"), m.end("person")
        if _NOT_A_PERSON.search(m.group("person")):
            continue
        out.append(Mention(role, "contact", m.group("person"), start, end, "text",
                           "parties.contact.text", m.group("what")))
    for m in _NAME_PAREN.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        run = _NAME_RUN.search(text, line_start, m.start())
        if run is None:
            continue
        start = run.start() + _unopened(run.group(0))
        lead = _CONNECTOR.match(text, start, m.start())
        start = lead.end() if lead else start
        value = _valid("name", text[start : m.start()], False)
        if value is None:
            continue
        out.append(Mention(m.group("role"), "name", value, start, m.start(), "text",
                           "parties.name.text", text[m.start() : m.end()]))
    return out


_MAX_ACCOUNT_LINES = 4  # label lines read under a sentence introducing an account
_MAX_ACCOUNT_BLANKS = 2  # blank lines in a row between them (a PDF's text has them)


def _owner_accounts(doc: Document, blocks: list[Block], learned: dict[str, str]) -> list[Mention]:
    """Bank details after a sentence naming whose account they are:
    `乙方收款账户信息如下:开户银行:某支行;账号:1305…。`, `甲方应将款项汇入乙方以下
    账户:户名:…;开户行:…;账号:…` — the labels to the end of the sentence, or,
    when the sentence ends its line, the label lines under it."""
    text = doc.text
    headings = [(b.heading.start, b.heading.end) for b in blocks]
    out: list[Mention] = []
    for m in OWNER_ACCOUNT.finditer(text):
        role = roles.resolve(m.group("word"), learned)
        if role is None or any(s <= m.start() < e for s, e in headings):
            continue  # a heading of a bank block (`乙方财务信息:`): its lines are the block's
        pos = m.end()
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        stop = text.find("。", pos, line_end)
        found = label_values(text[pos : stop if stop >= 0 else line_end], pos)
        if not text[pos:line_end].strip():
            # the details on the lines under it, blank lines between them passed over
            read = blank = 0
            while read < _MAX_ACCOUNT_LINES:
                pos = line_end + 1
                line_end = text.find("\n", pos)
                line_end = len(text) if line_end < 0 else line_end
                if pos >= len(text):
                    break
                if not text[pos:line_end].strip():
                    blank += 1
                    if blank > _MAX_ACCOUNT_BLANKS:
                        break
                    continue
                read, blank = read + 1, 0
                more = label_values(text[pos:line_end], pos)
                if not more or any(v.field not in _ACCOUNT_FIELDS for v in more):
                    break
                found += more
        for v in found:
            out.extend(_account_values(doc, role, v.label, v.field, v.value_start, v.value_end))
    return out


_ACCOUNT_FIELDS = frozenset({"bank", "account", "bank_account", None})


def _account_values(doc: Document, role: str, label: str, field: str | None, start: int, end: int) -> list[Mention]:
    """Mentions of a bank, an account, or both in one value (开户行及账号)."""
    start, end = value_span(doc, start, end)
    if field == "bank_account":
        m = _TRAILING_ACCOUNT.search(doc.text, start, end)
        if m is None:
            return []
        return (_account_values(doc, role, label, "bank", start, m.start())
                + _account_values(doc, role, label, "account", m.start("account"), end))
    if field not in ("bank", "account"):
        return []
    value = _valid(field, _LINE_BREAK.sub("", doc.text[start:end]), False)
    if value is None:
        return []
    return [Mention(role, field, value, start, end, "text", f"parties.{field}.text", label)]


def _unopened(run: str) -> int:
    """Where a run of name characters starts after its last unmatched `)`
    (`…(以下简称"甲方")与上海某公司`: the run starts after the `)`)."""
    depth, start = 0, 0
    for i, ch in enumerate(run):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                depth, start = 0, i + 1
    return start


# -- parties ----------------------------------------------------------------

def extract(doc: Document) -> list[Party]:
    """One Party per role, ordered 甲方, 乙方, 丙方, 丁方."""
    return build_parties(doc, find_mentions(doc))


def build_parties(doc: Document, mentions: list[Mention]) -> list[Party]:
    """Fill each role's fields from its mentions: the main declaration first,
    then the other blocks in document order, then running text; a mention
    only fills a field still empty. A role only running text names gets a
    Party when it is 甲方 or 乙方 (any contract has them)."""

    def precedence(m: Mention) -> tuple[int, int]:
        return (0 if m.primary else 1 if m.block_id is not None else 2, m.start)

    in_blocks = {m.role for m in mentions if m.block_id is not None}
    parties: dict[str, Party] = {}
    for m in sorted(mentions, key=precedence):
        if m.field not in PARTY_FIELDS or (m.role not in in_blocks and m.role not in _BASE_ROLES):
            continue
        party = parties.setdefault(m.role, Party(role=m.role))
        if getattr(party, m.field) is None:
            setattr(party, m.field, m.value)
            party.evidence[m.field] = doc.evidence(m.start, m.end, m.rule)
    for role, party in parties.items():
        party.label = _label(role, mentions)
    return sorted(parties.values(), key=lambda p: roles.role_order(p.role))


_BASE_ROLES = frozenset({"甲方", "乙方"})


def _label(role: str, mentions: list[Mention]) -> str:
    """The label the contract uses for the role: the main declaration's,
    else the first other label any of its blocks uses, else the role."""
    own = [m for m in mentions if m.role == role and m.role_label]
    for m in [m for m in own if m.primary] + own:
        if m.role_label != role:
            return m.role_label
    return role
