"""Find the blocks of a contract that describe its parties.

A party block opens with a role heading (`甲方:…`, `委托方(甲方):…`,
`采购单位(以下简称"甲方"):…`, `乙方(盖章):…`, `乙方财务信息:`, or a heading
line without a colon: `委托方(以下简称"甲方")`, `1.1 甲方`) and goes on over the
`label: value` lines that follow it, blank lines included, until a line that
is not a label line. One line may hold several labels (`法人代表: 刘春
经办人: 李玲玲`); a value ends at the next label, at the end of the line, at a
semicolon or at a stamp note (`(盖章)`). Two role headings on one line (or in
one table row) lay the blocks out side by side: the labels of the following
lines are dealt to them in order. A table row of role headings standing alone
in their cells after a label column (`项目 | 甲方 | 乙方`) heads a table with a
column per party: each following row's label (`开户银行 | 农行… | 工行…`) gives
every party the value in its own column. The other way round, a header row of
labels after a role column (`角色 | 单位名称 | 地址 | 联系人`) heads a table with
a row per party: each following row that opens with a role heading
(`甲方(采购人) | 某医院 | 某路1号 | 张三`) gives its party the value under each
label; a row that opens with anything else (`采购代理机构 | …`) is no party's.

Side-by-side blocks keep their columns over what a scan puts between the
headings and the labels (seal text, a name wrapped in its column): a line of
one piece per column completes each column's value (`甲方(公章):某某卫浴有限
乙方(公章):` / `公司  上海某某科技有限公司`), and a single piece completes the
one value left unfinished (`…766号9  …88号A座` / `03室`); such a value keeps
its pieces apart (`more`). OCR may run the second heading onto the first
name (`…股份有限公乙方(盖章) 某某汽车…`): a role with a stamp note starts a
heading wherever it stands.

Where no role heading declares the parties, the list announced by a sentence
(`本协议由以下各方签署:` / `1. 某某有限公司(以下简称"某某"),…,其住所为:…`)
does, each item the role of its number (甲方, 乙方, … 庚方); where the
contract never writes 甲方 or 乙方 (`卖方:… 买方:…`), the order of the
declaration gives the roles. A declared party's name alone on a line over
label lines (a notice clause: `某某有限公司` / `地址:…` / `收件人:…`) heads a
block of that party.

Lines are taken as the raw text broke them where it matters: a sentence or a
label the normaliser joined onto a label line is split off again, and a short
line that completes an address or a name (`126号`, `信科技有限公司`) is joined
on to it.

This module only locates spans; `hetong.extractors.parties` judges the values.

Why one module: a party block is located by one state machine (heading,
labelled lines, continuation, the next heading or the clauses); its stop
conditions refer to each other, and splitting them apart would hide that.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from typing import Literal

from hetong.extractors.shared import names, roles
from hetong.models import Document

CJK = "\u4e00-\u9fff\u3400-\u4dbf"

# Labels of party details, as written after normalisation (spaced labels are
# already collapsed). Each maps to the Party field it fills; None marks a
# label that is known but fills no Party field (it still ends the value
# before it: `传真号码: … 邮编: …`).
FIELD_LABELS: dict[str, str | None] = {
    **dict.fromkeys(("名称", "单位名称", "公司名称", "企业名称", "单位全称", "全称", "名称(或姓名)", "名称或姓名",
                     "姓名或名称", "单位名称(或姓名)", "名称(姓名)"), "name"),
    **dict.fromkeys(
        ("住所", "住所地", "地址", "单位地址", "注册地址", "通讯地址", "通信地址", "联系地址",
         "办公地址", "公司地址", "详细地址", "住址", "单位住所", "注册地", "有效地址", "送达地址",
         "收件地址", "联络地址", "住所(通讯地址)", "通讯地址(住所)", "住所(地址)"),
        "address",
    ),
    **dict.fromkeys(
        ("法定代表人", "法人代表", "负责人", "单位负责人", "法定代表人(负责人)",
         "法定代表人或负责人", "法定代表人/负责人", "主要负责人", "法人", "代表人姓名"),
        "legal_rep",
    ),
    **dict.fromkeys(
        ("联系人", "经办人", "项目联系人", "项目负责人", "业务联系人", "联系人姓名", "收件人", "联络人",
         "联系(经办)人", "联系人(经办人)", "经办人(联系人)"),
        "contact",
    ),
    **dict.fromkeys(
        ("授权代表", "委托代理人", "代表签字", "授权代表签字", "签字代表", "代表", "签字人",
         "法定代表人/授权代表", "法定代表人或授权代表", "法定代表人/委托代理人",
         "法定代表人或委托代理人", "法定代表人(或授权代表)", "法定代表人(或委托代理人)",
         "法定代表人或其授权代表", "法定代表人或其委托代理人", "授权代理人", "签约代表",
         "法定代表人或授权委托人", "法定代表人/授权委托人", "授权委托人", "负责人或授权代表",
         "负责人/授权代表", "单位负责人或授权代表", "代表人"),
        "signatory",
    ),
    **dict.fromkeys(
        ("电话", "联系电话", "联系方式", "电话(传真)", "电话/传真", "联系电话/传真",
         "电话号码", "手机", "手机号码", "联系手机", "办公电话", "固定电话", "联系电话(手机)", "联络电话"),
        "phone",
    ),
    **dict.fromkeys(("电子邮箱", "邮箱", "电子邮件", "E-mail", "e-mail", "Email", "email", "电邮", "电子信箱"),
                    "email"),
    **dict.fromkeys(("邮编", "邮政编码"), "postcode"),
    **dict.fromkeys(("开户行", "开户银行", "开户银行名称", "开户行名称", "开户行全称", "开户银行全称"),
                    "bank"),
    **dict.fromkeys(
        ("账号", "帐号", "银行账号", "银行帐号", "开户账号", "开户帐号", "账户号码", "帐户号码",
         "银行账户", "银行帐户", "收款账号", "收款帐号"),
        "account",
    ),
    # 开户行及账号: 中国工商银行某支行 0200…: both in one value
    **dict.fromkeys(
        ("开户行及账号", "开户行及帐号", "开户银行及账号", "开户银行及帐号", "开户行及账户", "开户银行及账户",
         "开户行和账号", "开户银行和账号"),
        "bank_account",
    ),
    # 地址电话: 北京市海淀区某路1号 010-82345678 (invoice details): both in one value
    **dict.fromkeys(("地址电话", "地址、电话", "地址及电话", "地址和电话", "地址/电话"), "address_phone"),
    **dict.fromkeys(
        ("税号", "纳税人识别号", "统一社会信用代码", "社会信用代码", "纳税识别号", "税务登记号",
         "统一社会信用代码/纳税人识别号", "身份证/统一社会信用代码", "统一社会信用代码/身份证",
         "统一社会信用代码/身份证号", "身份证号/统一社会信用代码"),
        "tax_id",
    ),
    **dict.fromkeys(
        ("传真", "传真号码", "帐户名称", "账户名称", "户名", "开户名称", "开户名", "收款人",
         "收款单位", "日期", "签订日期", "签字日期", "签约日期", "签署日期", "签章日期",
         "网址", "身份证号", "身份证号码", "签订地点"),
        None,
    ),
}

# A role, or a label standing for one, before a field label: 甲方联系人:, 供应商联系电话:
_ROLE_PREFIX = roles.ROLE_WORD
_STAMP_WORDS = "盖章|公章|签章|签字|签名|章|签字或盖章|签字/盖章|盖章/签字|签字盖章|单位盖章|手签"
# A role label may carry a stamp word without brackets: 甲方盖章:, 乙方签章:
_HEAD_STAMP_SUFFIX = re.compile(r"(?:签字盖章|盖章签字|盖章|签章|公章|签字)$")
STAMP_NOTE = re.compile(rf"\(\s*(?:{_STAMP_WORDS})\s*\)")
_LABEL_ALT = "|".join(re.escape(label) for label in sorted(FIELD_LABELS, key=len, reverse=True))
# A known label followed by a colon, optionally prefixed by a role (甲方联系人:)
# and followed by a stamp note (法定代表人/授权代表(签字):).
# The role may designate the person: 甲方指定联系人:, 乙方的地址:
_FIELD_LABEL = re.compile(
    rf"(?:(?P<prefix>{_ROLE_PREFIX})(?:的|指定的?|委派的?|确定的?)?)?(?P<label>{_LABEL_ALT})"
    rf"\s*(?:{STAMP_NOTE.pattern})?\s*[:]"
)
# A known label spaced out to the width of its column (帐    号:, 地    址:) right
# after the value before it (`…有限公司帐    号:`), where the normaliser leaves
# its spaces: white space between every two characters.
_SPACED_FIELD_LABEL = re.compile(
    "(?P<label>" + "|".join("[ \t\u3000]+".join(map(re.escape, label))
                            for label in sorted(FIELD_LABELS, key=len, reverse=True)
                            if len(label) >= 2 and re.fullmatch(f"[{CJK}]+", label)) + r")\s*[:]"
)
# A known label standing alone, as signature blocks write them: 法定代表人/授权代表(签字)
_LABEL_ALONE = re.compile(rf"(?P<label>{_LABEL_ALT})\s*(?:{STAMP_NOTE.pattern})?\s*")
# …or after the role it is of, in a table's label cell: 采购人地址, 供应商联系人
_ROLE_LABEL_ALONE = re.compile(rf"(?P<prefix>{_ROLE_PREFIX})的?(?P<label>{_LABEL_ALT})\s*")
# Any short CJK label followed by a colon (帐户名称:, 项目名称:).
_ANY_LABEL = re.compile(rf"[{CJK}][{CJK}()/]{{0,14}}\s*[:]")
# A role heading: a label, bracketed notes, a colon.
_HEADING = re.compile(
    rf"(?P<head>{roles.SPLIT_ROLE}|[{CJK}]{{1,12}})"
    rf"\s*(?P<parens>(?:\([^()\n:]{{1,20}}\)\s*)*)[:]"
)
_PAREN = re.compile(r"\(([^()]*)\)")
# How a heading that ties a label to a role ends (`采购单位(甲方):`): reading a
# line may teach `learned` only where this follows.
_TEACHING_HEADING = re.compile(r"\)\s*[:]")
_ALIAS = re.compile(rf"[{CJK}]{{2,8}}")
# Clause numbering before a label or heading: 1.1 甲方, 1.2.3 地址:, (1) 联系人:
_NUMBERING = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*(?:[.、]\s*|\s+)|\(\d{1,2}\)\s*|[一二三四五六七八九十]{1,3}、\s*"
    r"|\([一二三四五六七八九十]{1,3}\)\s*)"
)
# A note in a heading's brackets naming its role: (简称乙方), (以下简称"甲方")
_NAMES_ROLE = re.compile(r"\(\s*(?:以下简称|以下称|下称|简称)\s*[\"“”'‘’]?[甲乙丙丁戊己庚]方")
# A second signing heading the text ran onto the first one's name, without
# white space or a colon (OCR of side-by-side columns):
# `甲方(盖章):四川某某股份有限公乙方(盖章) 某某汽车…`
_GLUED_SIGNING = re.compile(
    rf"(?P<head>[甲乙丙丁戊己庚]方|{roles.SPLIT_ROLE})\s*(?P<parens>\(\s*(?:{_STAMP_WORDS})\s*\))\s*:?"
)
# A role heading on a line of its own, without a colon.
_PART = re.compile(r"\S+(?:\s\S+)*")  # one of side-by-side headings
_BARE_HEADING = re.compile(
    rf"(?P<head>{roles.SPLIT_ROLE}|[{CJK}]{{1,12}})"
    rf"\s*(?P<parens>(?:\([^()\n:]{{1,20}}\)\s*)*)"
)
# How a line of them starts: a short label, then white space, a bracket or the
# end. Rules out most lines (sentences, `地址:`) before any other work.
_BARE_START = re.compile(rf"\s*[{CJK}]{{1,12}}(?:[\s(]|$)")
# A heading of bank details after a role label: 乙方财务信息:, 乙方开户银行名称、地址和帐号为:,
# or of its invoicing details, which hold them too: 乙方提供的开票信息如下:
_BANK_HEADING_REST = re.compile(
    rf"的?[{CJK}、/]{{0,24}}?(?:财务|开户|银行|账号|帐号|账户|帐户|收款|开票|发票)[{CJK}、/]{{0,24}}[:]\s*$"
)
# A sentence naming the party whose account it introduces (the owner: the role
# word right before the account, only words qualifying the account between):
# 乙方收款账户信息如下:, 甲方应将款项汇入乙方以下账户:, 乙方指定的收款账户:, 甲方退款账户:
OWNER_ACCOUNT = re.compile(
    rf"(?P<word>{_ROLE_PREFIX})(?:的|之|指定|以下|下列|如下|收款|付款|退款|结算|基本|对公|专用|财务|银行|开户)*?"
    r"(?:账户|帐户|账号|帐号|开户行|开户银行|银行|开户)(?:信息|资料|情况|及账号|及帐号|和账号|和帐号)?"
    r"(?:如下|为|是)?\s*:"
)
# A sentence of paying into an account, which names the payer, not the owner: 甲方应将款项汇入以下账户:
_PAYING = re.compile(r"汇入|汇至|汇到|支付至|支付到|付至|付到|转入|转至|转到|打入|划入|划至|划到|存入")
_ACCOUNT_WORD = re.compile(r"账户|帐户|账号|帐号|开户行|开户银行")
# A heading of a party's details after a role label: 乙方基本信息:, 供应商信息:, or of
# where it takes notices: 甲方确认有效的送达信息:, 乙方联系方式如下:
_INFO_HEADING_REST = re.compile(
    rf"的?(?:基本信息|基本情况|主体信息|单位信息|企业信息|信息"
    rf"|(?:确认|指定)?[{CJK}]{{0,6}}?(?:送达|通知|联系|通讯)(?:信息|方式|地址))(?:如下|为)?\s*[:]\s*$"
)
# Lines a signature block may hold besides labels: dates and stamp notes.
_SIGNATURE_FILLER = re.compile(
    rf"^\s*(?:(?:[\d〇零一二三四五六七八九]{{2,4}}\s*)?年\s*[\d一二三四五六七八九十]{{0,2}}\s*月\s*"
    rf"[\d一二三四五六七八九十]{{0,3}}\s*日|{STAMP_NOTE.pattern}|[_\s]+)\s*$"
)
_SENTENCE_PUNCT = re.compile(r"[,。;!?]")
_SIGNS = re.compile(r"签字|签名|签章|盖章")
_MD_SEPARATOR = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|?)+\s*$")
# A value ends at a stamp note, a semicolon, or a note naming the role
# (甲方:北京某公司(以下简称甲方)).
_VALUE_END = re.compile(
    rf"{STAMP_NOTE.pattern}|[;。]|\(\s*(?:以下简称|以下称|下称|简称)[^()]*\)|\(\s*[甲乙丙丁]方\s*\)"
    # a signing date the text ran on after the value: …12楼中华民国 年 月 日
    r"|\s*(?:中华民国|民国|公元)?\s*(?:\d{2,4}|[〇零一二三四五六七八九]{2,4})?\s*年\s*\d{0,2}\s*月\s*\d{0,2}\s*日\s*$"
)
# The header of the role column of a table with a row per party: 角色 | 单位名称 | 地址 | …
_ROLE_COLUMN = frozenset({"", "角色", "身份", "类别", "单位", "合同角色", "当事人", "合同当事人", "签约方",
                          "合同方", "签约单位", "签约主体", "合同主体", "主体", "单位类别", "类型", "项目"})
_SHORT_LABEL = re.compile(rf"[{CJK}][{CJK}()/、]{{0,14}}")
_CONTINUED = {"address", "bank"}  # fields whose value may run on to the next line
# A short line without a label under a signing block: a name signed without one.
_LOOSE = re.compile(r"^\s*[^\s:,。;!?][^:,。;!?]{0,78}$")
_MAX_LOOSE = 3  # loose lines kept under one signing block
_CELL = re.compile(r"\S+(?:[ ]\S+)*")  # a column of a line laid out with runs of spaces or tabs
# A person's name the normaliser joined onto the organisation name above it
# (`…服务管理中心` / `冯嘉文`): a short run of name characters.
_NAME = rf"(?:[{CJK}]{{2,4}}|[{CJK}]{{1,6}}[·•][{CJK}]{{1,8}})"
_NAME_TAIL = re.compile(rf"^\s*{_NAME}(?:(?:\t|\s{{2,}}){_NAME})*\s*$")
# How an organisation's name ends: 有限公司, 管理局, 中心, 办公室, (普通合伙), …
ORG_END = re.compile(r"(?:[司局心室院所会厅处委办站行社部队馆校园台府团区县市镇村厂店]|\([^()]{1,8}\))$")


def _name_completed(text: str, start: int, end: int, more: str) -> bool:
    """Does `more` on the next line complete the name text[start:end]?"""
    name = STAMP_NOTE.sub("", text[start:end]).strip()
    rest = STAMP_NOTE.sub("", more).strip()
    return bool(name) and bool(rest) and not ORG_END.search(name) and bool(ORG_END.search(rest))


@dataclass(frozen=True)
class Heading:
    """`甲方(采购人): 上海市…` — the role, the label as written, the name span."""

    role: str
    label: str  # the label standing for the role: 甲方, 采购人, 委托方, …
    start: int  # offsets into doc.text of the heading label …
    end: int  # … up to and including the colon
    name_start: int  # the value after the colon (may be empty)
    name_end: int
    stamp: bool  # the heading carries a stamp note: 甲方(盖章):
    bank: bool  # a heading of bank details: 乙方财务信息:
    # pieces of the name on later lines, apart from it (a column wrapped in a two-column block)
    more: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class LabelValue:
    """One `label: value` pair; `field` is None for labels that fill no Party field."""

    label: str
    field: str | None
    start: int  # offsets into doc.text of the label …
    value_start: int  # … and of its value (value_start == value_end when blank)
    value_end: int
    role: str | None = None  # role written in the label itself (甲方联系人:)
    signs: bool = False  # label or value asks for a signature or stamp: 授权代表(签字):
    # pieces of the value on later lines, apart from it (a column wrapped in a two-column block)
    more: tuple[tuple[int, int], ...] = ()


BlockKind = Literal["declaration", "cover", "bank", "signature"]


@dataclass
class Block:
    """A role heading and the label lines that follow it."""

    role: str
    heading: Heading
    values: list[LabelValue] = field(default_factory=list)
    kind: BlockKind = "declaration"  # set by `find_blocks`
    group: int = 0  # blocks on consecutive label lines share a group
    column: int = 0  # offset of the heading in its line (side-by-side blocks)
    primary: bool = False  # the role's main declaration: its values take precedence
    # (start, end) of short lines without a label right under a signing block
    # (`甲方(盖章)` / `北京某局` / `张三`): a name signed without a label may be there
    loose: list[tuple[int, int]] = field(default_factory=list)
    # (table, column) of a heading standing alone in a table cell after the
    # label column (`项目 | 甲方 | 乙方`): the party's values are in that column
    cell: tuple[int, int] | None = None


@dataclass
class _Line:
    start: int
    text: str
    cells: list[tuple[int, str]] | None  # table cells (offset, text) when in a table
    table: int | None = None  # index of the table in doc.tables


def _lines(doc: Document) -> list[_Line]:
    """The lines of doc.text; a line the normaliser joined onto a label line
    is split off again when it opens a label or runs on as a sentence
    (`统一社会信用代码:9137…依据《民法典》…`, `…MB1869347T提供方(以下简称乙方)`),
    and a person's name joined onto an organisation name (`…中心` / `冯嘉文`)."""
    out: list[_Line] = []
    pos = 0
    joins = joined_breaks(doc)
    nxt = 0  # joins[:nxt] lie before the current line
    for text in doc.text.split("\n"):
        start, end = pos, pos + len(text)
        pos = end + 1
        if nxt == len(joins) or joins[nxt] >= end:
            out.append(_Line(start, text, None))  # no join inside: most lines
            continue
        first, nxt = bisect.bisect_right(joins, start, nxt), bisect.bisect_left(joins, end, nxt)
        cuts = joins[first:nxt]
        for k, cut in enumerate(cuts):
            upto = cuts[k + 1] if k + 1 < len(cuts) else end
            if cut > start and (_splits(doc.text[cut:end]) or _own_line(doc.text[start:cut], doc.text[cut:upto])):
                out.append(_Line(start, doc.text[start:cut], None))
                start = cut
        out.append(_Line(start, doc.text[start:end], None))
    starts = [line.start for line in out]
    for t, table in enumerate(doc.tables):
        for row in table.rows:
            if row:
                i = bisect.bisect_right(starts, row[0].start) - 1
                out[i].cells = [(c.start, c.text) for c in row]
                out[i].table = t
    return out


def _own_line(head: str, tail: str) -> bool:
    """Was `tail`, a raw line of its own, a person's name under the
    organisation name `head` ends with, or anything under a line of bare
    headings (`甲方(盖章)    乙方(盖章)`)?"""
    name = STAMP_NOTE.sub("", head).strip()
    if ORG_END.search(name) and _NAME_TAIL.match(tail) and not ORG_END.search(tail.split()[-1]):
        return True
    body = head.rstrip()
    lead = len(body) - len(body.lstrip())
    if body.strip() and _bare_headings(body, lead, 0, {}):
        return True
    # a piece wrapped from one of two columns (`地址:…766号9  地址:…88号A座` / `03室`):
    # which column it belongs to is for the block builder to tell
    piece = tail.strip()
    if not piece or len(piece) > 20 or ":" in piece or _SENTENCE_PUNCT.search(piece):
        return False
    labels = [item.label for item in _scan(body, 0, {}) if isinstance(item, (LabelValue, Heading))]
    return len(labels) >= 2 and len(set(labels)) < len(labels)


def _splits(tail: str) -> bool:
    """Does the joined-on part open a line of its own: a sentence, a label
    (`统一社会信用代码:…`, `法定代表人/授权代表(签字)`) or a heading?"""
    line = tail.split("\n", 1)[0]
    return bool(_SENTENCE_PUNCT.search(line) or len(line.strip()) > 40 or _scan(line, 0, {}))


# -- one line ---------------------------------------------------------------

def _heading_at(text: str, m: re.Match[str], offset: int, learned: dict[str, str]) -> Heading | None:
    """Interpret a `label(notes):` match as a role heading, or None."""
    head = m.group("head")
    stamp = False
    stripped = _HEAD_STAMP_SUFFIX.sub("", head)
    if stripped != head and (stripped in roles.ROLES or roles.resolve(stripped, learned)):
        head, stamp = stripped, True
    paren_role = alias = None
    for inner in _PAREN.findall(m.group("parens")):
        inner = inner.strip()
        if STAMP_NOTE.fullmatch(f"({inner})"):
            stamp = True
        elif roles.role_in_parens(inner):
            paren_role = roles.role_in_parens(inner)
        elif inner in FIELD_LABELS:
            continue  # 甲方(全称):
        elif _ALIAS.fullmatch(inner) and head in roles.ROLES:
            alias = inner  # 甲方(采购人)
        else:
            return None
    if paren_role:
        if head in roles.ROLES and head != paren_role:
            return None
        role, label = paren_role, head
        if head not in roles.ROLES:
            learned[head] = paren_role
    elif head in roles.ROLES:
        role, label = head, alias or head
        if alias:
            learned[alias] = head
    else:
        resolved = roles.resolve(head, learned)
        if resolved is None:
            return None
        role, label = resolved, head
    start = offset + m.start()
    return Heading(role, label, start, offset + m.end(), offset + m.end(), offset + m.end(), stamp, False)


def _scan(text: str, offset: int, learned: dict[str, str]) -> list[Heading | LabelValue]:
    """The headings and labels of one line (or table cell), in order, with
    each value running to the next label or the end of the text. A line that
    does not start with a label yields nothing."""
    items: list[Heading | LabelValue] = []
    lead = len(text) - len(text.lstrip())
    numbered = _NUMBERING.match(text)
    if numbered:
        lead = numbered.end()
    body = text.rstrip()
    for k in range(1, 9 if body.endswith(":") else 1):  # headings of details end in a colon
        head = body[lead : lead + k]
        role = roles.resolve(head, learned)
        if role is not None and _BANK_HEADING_REST.match(body, lead + k):
            owner = OWNER_ACCOUNT.search(body, lead + k)
            if owner:  # 甲方应将款项汇入乙方以下账户: the account is 乙方's
                role = roles.resolve(owner.group("word"), learned) or role
            elif _PAYING.search(body, lead + k):
                return []  # 甲方应将款项汇入以下账户: whose account, it does not say
            end = offset + len(body)
            return [Heading(role, head, offset + lead, end, end, end, False, True)]
        if role is not None and _INFO_HEADING_REST.match(body, lead + k):
            end = offset + len(body)
            return [Heading(role, head, offset + lead, end, end, end, False, False)]
    bare = _bare_headings(body, lead, offset, learned)
    if bare:
        return bare
    pos = lead
    while pos < len(body):
        found = _next_item(body, pos, offset, learned, first=not items)
        if found is None:
            break
        item, item_end = found
        if not items and _clause_heading(numbered, item) and not _TEACHING_HEADING.search(body, item_end):
            # the line yields nothing (see below), and reading on could teach `learned` nothing
            return []
        items.append(item)
        pos = item_end
    if not items:
        alone = _LABEL_ALONE.fullmatch(body, lead)
        if alone:
            end = offset + len(body)
            label = alone.group("label")
            return [LabelValue(label, FIELD_LABELS[label], offset + lead, end, end, None,
                               bool(_SIGNS.search(alone.group(0))))]
        owned = _ROLE_LABEL_ALONE.fullmatch(body, lead)
        role = roles.resolve(owned.group("prefix"), learned) if owned else None
        if owned and role:
            end = offset + len(body)
            label = owned.group("label")
            return [LabelValue(label, FIELD_LABELS[label], offset + lead, end, end, role)]
        return items
    if _clause_heading(numbered, items[0]):
        return []  # a numbered clause heading (2. 附件文件:), not a label line
    if isinstance(items[0], LabelValue) and items[0].label not in FIELD_LABELS:
        first = items[0]
        sentence = first.label + ":"
        owner = OWNER_ACCOUNT.search(sentence)
        role = roles.resolve(owner.group("word"), learned) if owner and owner.end() == len(sentence) else None
        if owner and role:
            # 乙方收款账户信息如下:开户银行:…: a heading of the owner's bank details
            items[0] = Heading(role, owner.group("word"), first.start, first.value_start, first.value_start,
                               first.value_start, False, True)
        elif _PAYING.search(sentence) and _ACCOUNT_WORD.search(sentence):
            return []  # 甲方应将款项汇入以下账户:开户行:…: whose account, it does not say
    # values run from one label's colon to the next label
    out: list[Heading | LabelValue] = []
    for k, item in enumerate(items):
        nxt = items[k + 1].start if k + 1 < len(items) else offset + len(body)
        start = _value_start(text, offset, item)
        if isinstance(item, Heading) and item.bank:
            out.append(item)  # a heading of bank details names no one: 乙方收款账户如下:
        elif isinstance(item, Heading):
            # a stamp note after the name marks a signature: 甲方: 北京市… (盖章)
            stamp = item.stamp or bool(STAMP_NOTE.search(text, start - offset, max(start, nxt) - offset))
            out.append(Heading(item.role, item.label, item.start, item.end, start, max(start, nxt),
                               stamp, item.bank))
        else:
            signs = bool(_SIGNS.search(text, item.start - offset, max(start, nxt) - offset))
            out.append(LabelValue(item.label, item.field, item.start, start, max(start, nxt), item.role, signs))
    return out


def label_values(text: str, offset: int) -> list[LabelValue]:
    """The `label: value` pairs of `text` (at `offset` of doc.text), which must
    open with a label: `开户银行:某支行;账号:1305…`."""
    return [item for item in _scan(text, offset, {}) if isinstance(item, LabelValue)]


def _clause_heading(numbered: re.Match[str] | None, first: Heading | LabelValue) -> bool:
    """Does a numbered line open with an unknown label (2. 附件文件:)?"""
    return bool(numbered) and isinstance(first, LabelValue) and first.label not in FIELD_LABELS


def _bare_headings(body: str, lead: int, offset: int, learned: dict[str, str]) -> list[Heading]:
    """Headings without a colon on a line of their own: `委托方(以下简称"甲方")`,
    `1.1 甲方`, or side by side: `甲方(盖章)      乙方(盖章)`."""
    if not _BARE_START.match(body, lead):
        return []
    out: list[Heading] = []
    for part in _PART.finditer(body[lead:]):
        start = lead + part.start()
        m = _BARE_HEADING.fullmatch(body, start, lead + part.end())
        h = _heading_at(body, m, offset, learned) if m else None
        if h is None:
            return []
        out.append(Heading(h.role, h.label, h.start, h.end, h.end, h.end, h.stamp, False))
    return out


def _value_start(text: str, offset: int, item: Heading | LabelValue) -> int:
    colon_end = item.end if isinstance(item, Heading) else item.value_start
    pos = colon_end - offset
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return offset + pos


def _next_item(
    body: str, pos: int, offset: int, learned: dict[str, str], first: bool
) -> tuple[Heading | LabelValue, int] | None:
    """The next heading or label at or after `pos`. The first item of a line
    must open it; later ones may follow a value directly (a known label) or
    after white space (a role heading or any short label)."""
    # a later item is looked for in the next _ITEM_WINDOW characters only: a
    # line of thousands of labels (OCR) must not be rescanned for each of them
    upto = min(len(body), pos + _ITEM_WINDOW)
    # (start, rank, order, match, heading): at the same place a heading beats
    # a label, a known label an unknown one; labels are built for the winner only
    candidates: list[tuple[int, int, int, re.Match[str], Heading | None]] = []
    # (after white space and without a colon, `甲方(盖章) 某某局` is a bare heading or text)
    glued = None if first else next((g for g in _GLUED_SIGNING.finditer(body, pos, upto)
                                     if g.start() > 0 and not body[g.start() - 1].isspace()), None)
    if glued:
        heading = _heading_at(body, glued, offset, learned)
        if heading is not None:
            candidates.append((glued.start(), 0, 4, glued, heading))
    if not candidates and body.find(":", pos, len(body) if first else upto) < 0:
        return None  # each of the other patterns ends in a colon
    matches = [_HEADING.match(body, pos)] if first else _HEADING.finditer(body, pos, upto)
    for m in matches:
        if m is None:
            continue
        glued_on = m.start() > pos and not body[m.start() - 1].isspace()
        if glued_on and not _NAMES_ROLE.search(m.group("parens")):
            continue  # a heading right after a value must say its role: …_训练单位(简称乙方):
        heading = _heading_at(body, m, offset, learned)
        if heading is not None:
            if glued_on:  # where its label starts, the text does not show
                heading = replace(heading, label=heading.role)
            candidates.append((m.start(), 0, 0, m, heading))
            break
    known = _FIELD_LABEL.match(body, pos) if first else _FIELD_LABEL.search(body, pos, upto)
    if known:
        candidates.append((known.start(), 1, 1, known, None))
    spaced = None if first else _SPACED_FIELD_LABEL.search(body, pos, upto)
    if spaced:
        candidates.append((spaced.start(), 1, 3, spaced, None))
    matches = [_ANY_LABEL.match(body, pos)] if first else _ANY_LABEL.finditer(body, pos, upto)
    for m in matches:
        if m is not None and (first or (m.start() > pos and body[m.start() - 1].isspace())):
            rank = 1 if _any_label(m) in FIELD_LABELS else 2
            candidates.append((m.start(), rank, 2, m, None))
            break
    if not candidates:
        return None
    *_, m, heading = min(candidates)  # the earliest (order keeps the matches out of the comparison)
    if heading is not None:
        return heading, m.end()
    start, end = offset + m.start(), offset + m.end()
    if m is known:
        prefix, label = m.group("prefix"), m.group("label")
        role = roles.resolve(prefix, learned) if prefix else None
        return LabelValue(label, FIELD_LABELS[label], start, end, end, role), m.end()
    if m is spaced:
        label = re.sub(r"\s", "", m.group("label"))
        return LabelValue(label, FIELD_LABELS[label], start, end, end), m.end()
    return LabelValue(_any_label(m), None, start, end, end), m.end()


def _any_label(m: re.Match[str]) -> str:
    """The label of an `_ANY_LABEL` match, without the colon."""
    return m.group()[:-1].strip()


_ITEM_WINDOW = 400  # characters: a value longer than this between two labels is a sentence


def _row_items(cells: list[tuple[int, str]], learned: dict[str, str]) -> list[Heading | LabelValue]:
    """Headings and labels of a table row: `label: value` cells, or a label
    cell (`地址`, `甲方(盖章)`, `开户行:`) whose value is the next cell."""
    items: list[Heading | LabelValue] = []
    k = 0
    while k < len(cells):
        start, text = cells[k]
        found = _scan(text, start, learned)
        nxt = cells[k + 1] if k + 1 < len(cells) else None
        if (len(found) == 1 and _blank(found[0]) and nxt is not None and nxt[1].strip()
                and not _scan(nxt[1], nxt[0], dict(learned))):
            vs, ve = nxt[0], nxt[0] + len(nxt[1])
            item = found[0]
            if isinstance(item, Heading):
                found = [Heading(item.role, item.label, item.start, item.end, vs, ve, item.stamp, item.bank)]
            else:
                signs = item.signs or bool(_SIGNS.search(nxt[1]))
                found = [LabelValue(item.label, item.field, item.start, vs, ve, item.role, signs)]
            k += 1
        items.extend(found)
        k += 1
    return items


def _field_header(cells: list[tuple[int, str]], learned: dict[str, str]) -> list[LabelValue | None] | None:
    """The columns of a header row of labels after a role column (`角色 |
    单位名称 | 地址 | 联系人 | 电话`): a blank label per column after the first
    (None for a column of no known label), or None when the row is no such
    header. At least two columns must be known labels of party fields; the
    others short labels (`备注`), blank, never a role (`项目 | 甲方 | 乙方`)."""
    if len(cells) < 3 or cells[0][1].strip().rstrip(":") not in _ROLE_COLUMN:
        return None
    out: list[LabelValue | None] = [None]
    for start, text in cells[1:]:
        label = text.strip().rstrip(":").strip()
        alone = _LABEL_ALONE.fullmatch(label) if label else None
        if alone:
            name = alone.group("label")
            out.append(LabelValue(name, FIELD_LABELS[name], start, start, start, None,
                                  bool(_SIGNS.search(alone.group(0)))))
        elif not label or (_SHORT_LABEL.fullmatch(label) and roles.resolve(label, learned) is None
                           and not _SIGNS.search(label)):
            out.append(None)
        else:
            return None
    if sum(1 for v in out if v is not None and v.field is not None) < 2:
        return None
    return out


def _blank(item: Heading | LabelValue) -> bool:
    if isinstance(item, Heading):
        return item.name_end == item.name_start
    return item.value_end == item.value_start


# -- blocks -----------------------------------------------------------------

def find_blocks(doc: Document) -> list[Block]:
    """Every party block of `doc`, in document order, with its kind set.

    Besides the blocks under role headings: where no role heading declares
    the parties, the list they are declared in (`本协议由以下各方签署:` /
    `1. 某某有限公司(以下简称"某某"),…,其住所为:…`), a role to each by its
    place in the list; and the blocks headed by a declared party's name alone
    on a line (a notice clause: `某某有限公司` / `地址:…` / `收件人:…`)."""
    lines = [line for line in _lines(doc) if line.text.strip() and not _MD_SEPARATOR.match(line.text)]
    builder = _Builder(doc.text)
    for k, line in enumerate(lines):
        builder.line(line, lines[k + 1] if k + 1 < len(lines) else None)
    blocks = builder.blocks
    if not any(b.role for b in blocks):
        blocks = sorted(_declared_list(doc.text) + blocks, key=lambda b: b.heading.start)
    blocks = _by_name(doc.text, blocks)
    _in_declared_order(doc.text, blocks)
    _classify(blocks)
    return blocks


# A role written in the text: 甲方, 乙方, 甲(供)方 …
_ROLE_WRITTEN = re.compile(rf"[甲乙丙丁戊己庚辛壬癸]方|{roles.SPLIT_ROLE}")


def _in_declared_order(text: str, blocks: list[Block]) -> None:
    """A contract that never writes 甲方, 乙方, … (`卖方: … 买方: …`, `出卖人: …
    买受人: …`) takes its roles from the order it declares its parties in:
    the first declared is 甲方, the second 乙方, and so on, whatever the usual
    reading of their labels. The blocks' roles are changed in place."""
    if _ROLE_WRITTEN.search(text) or any(b.heading.label in roles.ROLES for b in blocks if b.role):
        return  # (a list of parties gives the roles of their places already)
    order: list[str] = []
    for b in blocks:
        if b.role and not _signs(b) and b.role not in order:
            order.append(b.role)
    moved = dict(zip(order, roles.ROLES))
    others = {b.role for b in blocks} - set(order)
    if all(a == b for a, b in moved.items()) or others & set(moved.values()):
        return  # already in order; or a role only a signature names would clash
    for b in blocks:
        if b.role in moved:
            b.role = moved[b.role]
            b.heading = replace(b.heading, role=b.role)


# -- parties declared without role labels -------------------------------------

# The sentence a list of parties follows: 本合伙协议由以下各方于…签署:, 签约各方如下:
_LIST_INTRO = re.compile(r"(?:以下|下列)(?:各方|双方|当事人|合伙人|签约方|签署方)|(?:各方|双方|当事人)(?:如下|为)\s*:\s*$")
# One party of the list: `1. 海南某某科技有限公司(以下简称"海南某某"),普通合伙人,…`
_LIST_ITEM = re.compile(
    rf"\s*(?:(?P<n>\d{{1,2}})\s*[.、]|\(\s*(?P<p>\d{{1,2}})\s*\))?\s*"
    rf"(?P<name>[{CJK}A-Za-z0-9()·]{{2,60}}?)\s*(?:\((?:以下简称|以下称|下称|简称)[^()]*\))?\s*[,;]"
)
# A detail of a party in its list item: 其住所为:某路1号, 法定代表人为:张三
_ITEM_DETAIL = re.compile(rf"(?P<label>{_LABEL_ALT})\s*(?:为|是)?\s*:\s*")
_ITEM_VALUE_END = re.compile(r"[,;。]")
_ITEM_LAST_LINE = re.compile(r"[;。]\s*(?:\n|$)")
# Where the list is over: the recitals or the first clause
_LIST_END = re.compile(r"\s*(?:鉴于|第[一二三四五六七八九十\d]+[条章]|[一二三四五六七八九十]+、)")
_MAX_LIST_LINES = 40  # lines a list of parties may take
_MAX_INTRO_LINE = 200  # the sentence announcing it comes early (after a table of contents, maybe)


def _declared_list(text: str) -> list[Block]:
    """The parties of a list after a sentence announcing it, each with the
    role of its place: the number written before it (1. → 甲方, 2. → 乙方, …,
    so an item the text lost shifts no other), else its order. Lines as the
    text has them (an item is one sentence, however the raw text broke it)."""
    lines: list[_Line] = []
    pos = 0
    for written in text.split("\n"):
        if written.strip():
            lines.append(_Line(pos, written, None))
        pos += len(written) + 1
    for k, line in enumerate(lines[:_MAX_INTRO_LINE]):
        if line.text.rstrip().endswith(":") and _LIST_INTRO.search(line.text):
            blocks = _list_items(text, lines[k + 1 : k + 1 + _MAX_LIST_LINES])
            if len(blocks) >= 2:
                return blocks
    return []


def _list_items(text: str, lines: list[_Line]) -> list[Block]:
    items: list[tuple[int, _Line, re.Match[str]]] = []
    for line in lines:
        if _LIST_END.match(line.text):
            break
        m = _LIST_ITEM.match(line.text)
        if m is None or not _party_name(m.group("name")):
            continue
        number = m.group("n") or m.group("p")
        if items and bool(number) != bool(items[0][2].group("n") or items[0][2].group("p")):
            continue  # a numbered list goes on over lines that are not items of it
        place = int(number) if number else (items[-1][0] + 1 if items else 1)
        if items and place <= items[-1][0]:
            break  # numbering starts again: another list
        items.append((place, line, m))
    if len(items) < 2 or items[-1][0] > len(roles.ROLES):
        return []
    blocks = []
    for k, (place, line, m) in enumerate(items):
        role = roles.ROLES[place - 1]
        upto = items[k + 1][1].start if k + 1 < len(items) else len(text)
        start, name_start, name_end = line.start, line.start + m.start("name"), line.start + m.end("name")
        heading = Heading(role, role, start, name_start, name_start, name_end, False, False)
        details = _item_details(text, line.start + m.end(), _item_end(text, line.start, upto))
        blocks.append(Block(role, heading, values=details))
    return blocks


def _party_name(name: str) -> bool:
    return bool(ORG_END.search(name)) or names.person_shape(name) is True


def _item_end(text: str, start: int, upto: int) -> int:
    """Where a list item ends: at the first line that ends a sentence (`…张三;`), or the next item."""
    m = _ITEM_LAST_LINE.search(text, start, upto)
    return m.start() + 1 if m else upto


def _item_details(text: str, start: int, end: int) -> list[LabelValue]:
    out = []
    seen: set[str] = set()
    for m in _ITEM_DETAIL.finditer(text, start, end):
        label = m.group("label")
        field_name = FIELD_LABELS[label]
        if field_name is None or field_name in seen:
            continue
        stop = _ITEM_VALUE_END.search(text, m.end(), end)
        value_end = stop.start() if stop else end
        if value_end > m.end():
            seen.add(field_name)
            out.append(LabelValue(label, field_name, m.start(), m.end(), value_end))
    return out


def _by_name(text: str, blocks: list[Block]) -> list[Block]:
    """Give each block headed by a name alone on its line the role whose
    declared name it is (names.same_org); drop those that name no party."""
    declared: dict[str, set[str]] = {}
    for b in blocks:
        h = b.heading
        if b.role and h.name_end > h.name_start:
            declared.setdefault(b.role, set()).add(STAMP_NOTE.sub("", text[h.name_start:h.name_end]).strip())
    out = []
    for b in blocks:
        if b.role:
            out.append(b)
            continue
        h = b.heading
        name = STAMP_NOTE.sub("", text[h.name_start:h.name_end]).strip()
        owners = {role for role, ns in declared.items() if any(names.same_org(name, n) for n in ns)}
        if len(owners) == 1:
            b.role = owners.pop()
            b.heading = replace(h, role=b.role, label=b.role)
            out.append(b)
    return out


class _Builder:
    def __init__(self, doc_text: str) -> None:
        self.doc_text = doc_text
        self.learned: dict[str, str] = {}  # labels the contract tied to a role
        self.blocks: list[Block] = []
        self.open: list[Block] = []  # blocks the next label lines belong to (columns)
        self.group = 0
        # the last value read: (block, index of the value), index -1 for the heading's name
        self.last: tuple[Block, int] | None = None
        # signing blocks whose loose lines go on (`甲方(盖章)` / `某局` / `张三`)
        self.under: list[Block] = []
        # a table with a row per party being read: (table, the header's label per column)
        self.rows: tuple[int, list[LabelValue | None]] | None = None
        self.previous = 0  # start of the last line read that held a heading or a label
        self.kept = False  # signing blocks kept open over a loose line

    def _names_side_by_side(self, line: _Line) -> bool:
        """`甲方(盖章)    乙方(盖章)` / `某局    某公司`: one organisation name
        per column under side-by-side headings without names."""
        if len(self.open) < 2 or any(b.heading.name_end > b.heading.name_start or b.heading.bank
                                     for b in self.open):
            return False
        cells = [m for m in _CELL.finditer(line.text)]
        if len(cells) != len(self.open) or not all(ORG_END.search(STAMP_NOTE.sub("", c.group()).strip())
                                                   for c in cells):
            return False
        for b, c in zip(sorted(self.open, key=lambda b: b.column), cells):
            h = b.heading
            b.heading = Heading(h.role, h.label, h.start, h.end, line.start + c.start(), line.start + c.end(),
                                h.stamp or bool(STAMP_NOTE.search(c.group())), h.bank)
        return True

    def _continues(self, line: _Line) -> bool:
        """A value broken over two lines: an address or bank name
        (`地址:郑州市金水区花园路` / `126号`), or a name that only the next line
        completes (`乙方(盖章):陕西秦安网` / `信科技有限公司`). The next line must be
        short and be neither a label nor a sentence nor a date."""
        text = line.text.strip()
        if (self.last is None or len(text) > 40 or _SENTENCE_PUNCT.search(text) or ":" in text
                or _SIGNATURE_FILLER.match(text) or _NUMBERING.match(text)):
            return False
        block, k = self.last
        end = line.start + len(line.text.rstrip())
        if k < 0:
            h = block.heading
            if h.name_end == h.name_start:
                # 甲方(盖章): / 北京某某有限公司 — the name on a line of its own
                if h.bank or len(text) > 40 or not ORG_END.search(STAMP_NOTE.sub("", text).strip()):
                    return False
                start = line.start + len(line.text) - len(line.text.lstrip())
                block.heading = Heading(h.role, h.label, h.start, h.end, start, end,
                                        h.stamp or bool(STAMP_NOTE.search(text)), h.bank)
                self.last = None
                return True
            if len(text) > 20 or not _name_completed(self.doc_text, h.name_start, h.name_end, text):
                return False
            stamp = h.stamp or bool(STAMP_NOTE.search(text))
            block.heading = Heading(h.role, h.label, h.start, h.end, h.name_start, end, stamp, h.bank)
        else:
            v = block.values[k]
            if v.field == "name":
                if not _name_completed(self.doc_text, v.value_start, v.value_end, text):
                    return False
            elif v.field not in _CONTINUED or v.value_end <= v.value_start or len(text) > 20:
                return False
            block.values[k] = LabelValue(v.label, v.field, v.start, v.value_start, end, v.role, v.signs)
        self.last = None
        return True

    def _columns_continue(self, line: _Line) -> bool:
        """A line of pieces wrapped from side-by-side columns (`甲方(公章):某卫浴有限
        乙方(公章):` / `公司  上海某科技有限公司`, `地址:…12号  地址:…3007` /
        `1-4-3-40  号`): one piece per column, each completing its column's
        last value, or a single piece that can only complete one of them (the
        one value left unfinished: `…766号9` beside `…88号A座`)."""
        if len(self.open) < 2:
            return False
        text = line.text.strip()
        if (len(text) > 60 or ":" in text or _SENTENCE_PUNCT.search(text) or _SIGNATURE_FILLER.match(text)
                or _NUMBERING.match(text) or STAMP_NOTE.search(text)):
            return False
        if line.cells:
            parts = [(start + len(t) - len(t.lstrip()), start + len(t.rstrip())) for start, t in line.cells
                     if t.strip()]
        else:
            parts = [(line.start + m.start(), line.start + m.end()) for m in re.finditer(r"\S+", line.text)]
        columns = sorted(self.open, key=lambda b: b.column)
        tails = [self._tail(b) for b in columns]
        if len(parts) == len(columns):
            pairs = list(zip(range(len(columns)), parts))
            if not all(self._completes(tails[k], part) for k, part in pairs):
                return False
        elif len(parts) == 1:
            unfinished = [k for k, tail in enumerate(tails) if tail is not None and _unfinished(self.doc_text, tail)]
            if len(unfinished) != 1 or not self._completes(tails[unfinished[0]], parts[0]):
                return False
            pairs = [(unfinished[0], parts[0])]
        else:
            return False
        for k, part in pairs:
            self._extend(columns[k], tails[k], part)  # type: ignore[arg-type]
        self.last = None
        return True

    def _named(self, line: _Line, nxt: _Line | None) -> bool:
        """A name alone on its line over label lines (`某某有限公司` / `地址:…`,
        `某某有限公司(盖章)` / `法定代表人或授权代表:`): a block whose role is
        the party's of that name, if any (`_by_name`)."""
        if any(b.role for b in self.open) or nxt is None or line.cells or nxt.cells:
            return False
        text = line.text.strip()
        stamp = _TRAILING_STAMP.search(text)
        name = text[: stamp.start()] if stamp else text
        if not 4 <= len(name) <= 60 or not _ORG_LINE.fullmatch(name) or not ORG_END.search(name):
            return False
        following = _scan(nxt.text, nxt.start, dict(self.learned))
        if not following or not all(isinstance(i, LabelValue) and i.label in FIELD_LABELS for i in following):
            return False
        start = line.start + len(line.text) - len(line.text.lstrip())
        h = Heading("", "", start, start, start, start + len(name), stamp is not None, False)
        self.group += 1
        self.open = [Block("", h, group=self.group)]
        self.blocks.append(self.open[0])
        self.last, self.under = None, []
        self.previous = line.start
        return True

    def _persons(self, line: _Line) -> bool:
        """A role held by persons, one a line with their ID number under a
        heading without a name (`丙方(控股股东):` / `尹涛,身份证号:` / `王洪,身份证号:`):
        each person is a piece of the role's name."""
        if len(self.open) != 1:
            return False
        block = self.open[0]
        h = block.heading
        m = _PERSON_WITH_ID.match(line.text)
        more_persons = self.last == (block, -2)
        if m is None or block.values or h.bank or (h.name_end > h.name_start and not more_persons):
            return False
        if names.person_shape(m.group("person")) is not True:
            return False
        span = (line.start + m.start("person"), line.start + m.end("person"))
        if h.name_end == h.name_start:
            block.heading = replace(h, name_start=span[0], name_end=span[1])
        else:
            block.heading = replace(h, more=(*h.more, span))
        self.last = (block, -2)  # (more persons may follow)
        return True

    def _columns_filled(self) -> int:
        """How many side-by-side blocks the line before gave a value to."""
        return sum(1 for b in self.open if self._tail(b) is not None) if len(self.open) > 1 else 0

    def _tail(self, block: Block) -> Heading | LabelValue | None:
        """The value a block's column ended with on the line before, if any."""
        item: Heading | LabelValue = block.values[-1] if block.values else block.heading
        return item if item.start >= self.previous else None

    def _completes(self, tail: Heading | LabelValue | None, part: tuple[int, int]) -> bool:
        if tail is None:
            return False
        piece = self.doc_text[part[0]:part[1]]
        if len(piece) > 30 or _SIGNATURE_FILLER.match(piece):
            return False
        if isinstance(tail, Heading) or tail.field == "name":
            start, end = (tail.name_start, tail.name_end) if isinstance(tail, Heading) else (
                tail.value_start, tail.value_end)
            if isinstance(tail, Heading) and (tail.bank or tail.more):
                return False
            if end == start:  # 乙方(公章): / 上海某科技有限公司 — the name under a blank heading
                return bool(ORG_END.search(piece))
            return _name_completed(self.doc_text, start, end, piece)
        return tail.field in _CONTINUED and tail.value_end > tail.value_start and not tail.more and len(piece) <= 20

    def _extend(self, block: Block, tail: Heading | LabelValue, part: tuple[int, int]) -> None:
        if isinstance(tail, Heading):
            if tail.name_end == tail.name_start:
                block.heading = replace(tail, name_start=part[0], name_end=part[1])
            else:
                block.heading = replace(tail, more=(*tail.more, part))
        else:
            block.values[-1] = replace(tail, more=(*tail.more, part))

    def _party_row(self, line: _Line) -> bool:
        """A row of a table with a row per party: the header of labels
        (`角色 | 单位名称 | 地址 | 联系人`), or a row under it. A row that opens
        with a role heading (`甲方(采购人) | 某医院 | 某路1号 | 张三`) is that
        party's block, each cell the value of its column's label; any other
        row (`采购代理机构 | 某公司 | …`) is passed over, lending nothing."""
        assert line.cells is not None and line.table is not None
        if self.rows is None or self.rows[0] != line.table:
            self.rows = None
            header = _field_header(line.cells, self.learned)
            if header is None:
                return False
            self.rows = (line.table, header)
            self.open, self.last, self.under = [], None, []
            self.group += 1
            return True
        columns = self.rows[1]
        (first_start, first), rest = line.cells[0], line.cells[1:]
        if any(_scan(text, start, dict(self.learned)) for start, text in rest):
            self.rows = None  # labelled cells: not a row of this layout
            return False
        self.open, self.last, self.under = [], None, []
        learned = dict(self.learned)
        found = _scan(first, first_start, learned) if first.strip() else []
        if len(found) != 1 or not isinstance(found[0], Heading) or found[0].bank:
            return True  # a row of no party
        self.learned.update(learned)
        h = found[0]
        block = Block(h.role, h, group=self.group)
        for k, (start, text) in enumerate(rest, start=1):
            label = columns[k] if k < len(columns) else None
            if label is None or not text.strip():
                continue
            end = start + len(text)
            if label.field == "name" and _blank(block.heading):
                block.heading = Heading(h.role, h.label, h.start, h.end, start, end,
                                        h.stamp or label.signs or bool(STAMP_NOTE.search(text)), False)
                continue
            signs = label.signs or bool(_SIGNS.search(text))
            block.values.append(LabelValue(label.label, label.field, label.start, start, end, None, signs))
        self.blocks.append(block)
        self.open = [block]
        return True

    def _column_row(self, line: _Line) -> bool:
        """A row of a table with a column per party (`开户银行 | 农行… | 工行…`
        under `项目 | 甲方 | 乙方`): the label in the first cell, each party's
        value in the column of its heading. A row with an unknown label
        (`单位性质 | … | …`) is passed over and keeps the table open."""
        columns = [b for b in self.open if b.cell is not None and b.cell[0] == line.table]
        if len(columns) < 2 or len(columns) != len(self.open) or not line.cells or len(line.cells) < 2:
            return False
        (first_start, first), rest = line.cells[0], line.cells[1:]
        if any(_scan(text, start, dict(self.learned)) for start, text in rest):
            return False
        found = _scan(first, first_start, dict(self.learned))
        if not found:
            label = first.strip().rstrip(":")
            if not _SHORT_LABEL.fullmatch(label):
                return False
            self.last = None
            return True  # a row of the table no party field is read from
        if len(found) != 1 or not isinstance(found[0], LabelValue) or not _blank(found[0]) or found[0].role:
            return False
        item = found[0]
        for b in columns:
            assert b.cell is not None
            k = b.cell[1]
            if k >= len(line.cells) or not line.cells[k][1].strip():
                continue
            start, text = line.cells[k]
            signs = item.signs or bool(_SIGNS.search(text))
            self._add(b, LabelValue(item.label, item.field, item.start, start, start + len(text), None, signs), line)
        self.last = None
        return True

    def _mark_columns(self, line: _Line) -> None:
        """Mark the blocks a row of headings opened as the columns of a table
        when each heading stands alone, without a name, in a cell after the
        first (the label column): `项目 | 甲方 | 乙方(盖章)`."""
        if not line.cells or line.table is None or len(self.open) < 2:
            return
        starts = [start for start, _ in line.cells]
        marks = []
        for b in self.open:
            h = b.heading
            k = bisect.bisect_right(starts, h.start) - 1
            start, text = line.cells[k]
            if k < 1 or h.name_end > h.name_start or h.bank or h.start != start or h.end < start + len(text):
                return
            marks.append(k)
        if len(set(marks)) != len(marks):
            return
        for b, k in zip(self.open, marks):
            b.cell = (line.table, k)

    def line(self, line: _Line, nxt: _Line | None = None) -> None:
        if line.cells is None:
            self.rows = None
        elif self._party_row(line) or self._column_row(line):
            return
        if line.cells:
            items = _row_items(line.cells, self.learned)
        else:
            items = _scan(line.text, line.start, self.learned)
        if not items:
            if self.open and (self._columns_continue(line) or self._names_side_by_side(line)
                              or (self._columns_filled() < 2 and self._continues(line))):
                return
            if self._named(line, nxt) or self._persons(line):
                return
            signing = bool(self.open) and any(map(_signs, self.open))
            self.last = None
            if _SIGNATURE_FILLER.match(line.text):
                if not signing:
                    self.open = []
                return
            under = self.open if signing else self.under
            if under and _LOOSE.match(line.text) and len(under[0].loose) < _MAX_LOOSE:
                lead = len(line.text) - len(line.text.lstrip())
                span = (line.start + lead, line.start + len(line.text.rstrip()))
                for b in under:
                    b.loose.append(span)
                self.under = under
                if signing and len(self.open) > 1:
                    # seal text or a signature between side-by-side signing blocks and
                    # their label lines (`甲方(盖章)  乙方(盖章)` / `某某公司 公` / `开户行: …  开户行: …`)
                    self.kept = True
                    return
            else:
                self.under = []
            self.open = []
            return
        self.under = []
        self.previous = line.start
        headings = [i for i in items if isinstance(i, Heading)]
        if not self.open or (self.kept and headings):
            self.group += 1  # (blocks kept open over loose lines take label lines, not headings)
        self.kept = False
        values = [i for i in items if isinstance(i, LabelValue)]
        self.last = None
        if headings:
            self.open = [self._open(h, line) for h in headings]
            if not values:
                self._mark_columns(line)
            if not values and len(self.open) == 1:
                self.last = (self.open[0], -1)
            ordered = sorted(self.open, key=lambda b: b.heading.start)
            starts = [b.heading.start for b in ordered]
            for v in values:
                # a label after a heading on its line belongs to that heading
                k = bisect.bisect_left(starts, v.start) - 1
                self._add(ordered[k] if k >= 0 else self.open[0], v, line)
        elif len(self.open) > 1 and len(values) == len(self.open):
            for b, v in zip(self.open, values):
                self._add(b, v, line)
        else:
            # a label after one naming its role belongs to the same role:
            # `乙方指定联系人:李娜,联系电话:139…`
            named: Block | None = None
            for v in values:
                self._add(named if named is not None and v.role is None else self._nearest(v, line), v, line)
                if v.role and self.last is not None:
                    named = self.last[0]

    def _open(self, h: Heading, line: _Line) -> Block:
        same = next((b for b in self.open if b.heading.bank and b.role == h.role
                     and b.heading.name_start == b.heading.name_end), None)
        if same is not None and not h.bank:
            # `乙方财务信息:` then `乙方: 名称`: the name of the bank block's party
            same.heading = Heading(h.role, h.label, same.heading.start, same.heading.end,
                                   h.name_start, h.name_end, h.stamp, True)
            return same
        block = Block(h.role, h, group=self.group, column=h.start - line.start)
        self.blocks.append(block)
        return block

    def _nearest(self, v: LabelValue, line: _Line) -> Block | None:
        if not self.open:
            return None
        col = v.start - line.start
        return min(self.open, key=lambda b: abs(b.column - col))

    def _add(self, block: Block | None, v: LabelValue, line: _Line) -> None:
        if v.role and (block is None or v.role != block.role):
            # 甲方联系人: — the block of the role the label names
            block = next((b for b in reversed(self.blocks) if b.role == v.role and b.group == self.group), None)
            if block is None:
                h = Heading(v.role, v.role, v.start, v.start, v.start, v.start, False, False)
                block = Block(v.role, h, group=self.group, column=v.start - line.start)
                self.blocks.append(block)
                self.open.append(block)
        if block is not None:
            block.values.append(v)
            self.last = (block, len(block.values) - 1)


# A person named with (a label for) an ID number: 尹涛,身份证号:, 王洪  身份证号码: 5201…
_PERSON_WITH_ID = re.compile(
    rf"\s*(?P<person>[{CJK}]{{2,4}})\s*[,、]?\s*(?:身份证|身份证号|身份证号码|身份证件号码|证件号码)\s*:"
)
# An organisation's name alone on its line, maybe with a stamp note after it
_ORG_LINE = re.compile(rf"[{CJK}A-Za-z0-9()·]+")
_TRAILING_STAMP = re.compile(rf"\s*{STAMP_NOTE.pattern}$")
# How an address or a bank's name ends when it is whole: 某路12号, 某大厦3层, 某支行
_WHOLE = re.compile(r"(?:[号室楼层座栋幢区路街道弄巷村镇园厦城苑院场心F]|[行社部处所点])$")


def _unfinished(text: str, item: Heading | LabelValue) -> bool:
    """Is a value cut where its column wraps (`…766号9`, `某卫浴有限`)?"""
    if isinstance(item, Heading):
        if item.bank or item.more:
            return False
        value = STAMP_NOTE.sub("", text[item.name_start:item.name_end]).strip()
        return bool(value) and not ORG_END.search(value)
    value = text[item.value_start:item.value_end].strip()
    if not value or item.more:
        return False
    if item.field == "name":
        return not ORG_END.search(value)
    return item.field in _CONTINUED and not _WHOLE.search(value)


def _signs(block: Block) -> bool:
    return block.heading.stamp or any(v.signs for v in block.values)


def has_details(block: Block) -> bool:
    """Does the block state anything about its party besides the name?"""
    return any(v.field not in (None, "name") and v.value_end > v.value_start for v in block.values)


def _classify(blocks: list[Block]) -> None:
    """Set each block's kind.

    - signature: a block with a stamp note or a label asking for a signature,
      and every block opened together with one (`甲方:… 乙方:… 授权代表签字:`);
    - bank: a bank heading, or a block whose details are all bank details;
    - cover: a block without details before the role's first block with
      details (the cover page's `委托单位: …`);
    - declaration: the rest.
    """
    signing_groups = {b.group for b in blocks if _signs(b)}
    for b in blocks:
        if b.group in signing_groups:
            b.kind = "signature"
        elif b.heading.bank or (
            has_details(b)
            and all(v.field in {"bank", "account", "tax_id", None} for v in b.values)
            and any(v.field in {"bank", "account"} for v in b.values)
        ):
            b.kind = "bank"
        else:
            b.kind = "declaration"
    for role in {b.role for b in blocks}:
        own = [b for b in blocks if b.role == role and b.kind != "signature"]
        first = next((b for b in own if has_details(b)), None)
        if first is None:
            fallback = own or [b for b in blocks if b.role == role]
            fallback[0].primary = True
            continue
        first.primary = True
        for b in own:
            if b is first:
                break
            if b.kind == "declaration":
                b.kind = "cover"


def joined_breaks(doc: Document) -> list[int]:
    """Every place of doc.text where the normaliser joined two raw lines
    (the index of the first character after the removed line break), sorted."""
    offsets = doc.offsets
    if not offsets:
        return []
    n = len(doc.text)
    out: list[int] = []
    r = doc.raw_text.find("\n")
    while r >= 0:
        i = bisect.bisect_left(offsets, r, 0, n)
        # a raw line break the text has no character for, between two it keeps
        if 0 < i < n and offsets[i] != r and (not out or out[-1] != i):
            out.append(i)
        r = doc.raw_text.find("\n", r + 1)
    return out


def joined_break(doc: Document, start: int, end: int) -> int | None:
    """The first place in (start, end) where the normaliser joined two raw
    lines, or None."""
    joins = joined_breaks(doc)
    k = bisect.bisect_right(joins, start)
    return joins[k] if k < len(joins) and joins[k] < end else None


def value_span(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Trim a value: cut at a stamp note or a semicolon, drop surrounding
    white space, underscores and punctuation."""
    text = doc.text
    m = _VALUE_END.search(text, start, end)
    if m:
        end = m.start()
    while True:
        while start < end and text[start] in " \t_":
            start += 1
        while end > start and text[end - 1] in " \t\n_,;,;。":
            end -= 1
        # a value set in brackets as a form fills it in: 开户银行:【中信银行某支行】
        close = _FILL_BRACKETS.get(text[start]) if end - start >= 2 else None
        if close is None or text[end - 1] != close or any(
                c in _FILL_BRACKETS or c in _FILL_BRACKETS.values() for c in text[start + 1 : end - 1]):
            return start, end
        start, end = start + 1, end - 1


_FILL_BRACKETS = {"【": "】", "[": "]", "〔": "〕", "〖": "〗"}
