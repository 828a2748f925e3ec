"""Redaction of personal data in exported text: normalise, find, then mask.

Every rule matches on the shadow of the text (pipeline/store/redact_shadow.py):
NFKC, spelled-out e-mail signs written `@` and `.`, and the separators inside
a number (spaces, U+3000, dots, dashes, slashes, line breaks) folded away —
so `１３８　1234.5678`, `138-1234-5678` and `138\\n1234 5678` are all
`13812345678` there. A match is mapped back and masked on the raw text.

What is masked (each rule has an id, reported by `find`):

- `email`: e-mail addresses (`37392278@qq.com`, `ｓｅｒｖｉｃｅ＠１６３．ｃｏｍ`,
  also cut at a line end: `chensy@ctwl`), Chinese ones (`张三@例子.中国`) and
  spelled ones (`li [at] x [dot] com`, `li(at)x.com`, `li at x dot com`).
- `phone.mobile`: mainland mobile numbers, 11 digits from 13–19, optionally
  +86 or 0086, in any grouping (`139 9285 2916`, `138.1234.5678`).
- `phone.area`: numbers with an area code (`0991-4689363`, `(0512)58188000`,
  `010 84681632`, an extension `-801` included), and 400/800 numbers.
- `phone.labelled`: any number of 5 or more digits written after a phone
  label (电话, 手机, 传真, 联系方式, 热线, Tel, Fax, Mobile; OCR-spaced `电  话`
  too), so a bare `84681632` after `电话：` is masked; several numbers after
  one label are (`84681632、84681633`), and one after a contact's name
  (`联系人及电话：张三 84681632`).
- `phone.im`: QQ numbers and WeChat IDs after their label (QQ, 微信, 微信号,
  wx, vx, WeChat: `QQ：37392278`, `微信号：zhangsan_88`).
- `id.personal`: 18-character 居民身份证 numbers — 6 digits, a birth date
  from 1900 on, 3 digits and a check character (digit or X) — whether or not
  the check character is right (OCR misreads it).
- `id.labelled`: any number of 6 or more digits (or a passport number) after
  an ID label (身份证, 身份证号码, 公民身份号码, 证件号码, 护照号, ID No, IDNo).
- `account.labelled`: any number of 5 or more digits after an account label
  (账号, 帐号, 账户, 卡号, 开户账号, Account No, A/C).
- `account.digits`: bank account and card numbers: any run of 12 or more
  digits (`6222 0212 3456 7890`).

A number right after letters is part of a code (`ZB20250312000123`,
`HT-2025-0312-000123`) and kept, unless the letters say what follows is
personal (`No`, `No.`, `ID`, `IDNo`, `Tel`, `QQ`, `wx` …). Numbers written as
money (`¥…`, `…元`), after a contract or project number label (合同编号,
项目编号, 采购编号 …), and dates, amounts, decimals, percentages and IP
addresses (which the shadow keeps whole) are not masked by the rules that go
without a label.

What is kept, on purpose:

- 统一社会信用代码 / 纳税人识别号 of organisations (`91650200584793998F`):
  they identify a company or a government body, not a person, and are public
  in procurement notices. An 18-character code containing a letter is never
  masked; an all-digit one is kept when written after a tax-id label (统一社会
  信用代码, 纳税人识别号, 税号) or in a `tax_id` column, unless it has the
  shape of a personal ID.
- Names of people (legal representatives, contacts), postcodes, amounts,
  dates, contract numbers, clause numbers, addresses.

Masking keeps the length of the text: every letter and digit of a match
becomes `*` and everything else (`-`, spaces, `@`, `.`, parentheses, line
breaks) stays, so the evidence offsets of a redacted export still index its
redacted raw text.

Values known to be personal (the phone numbers, e-mails and accounts of the
`parties` table) are masked wherever they appear, with `Redactor`.

`redact(text, hint)`: `hint` names what the text is — a column name
(`phone`) or, for evidence rows, their `field` (`parties[乙方].phone`). A
text whose hint is a phone, e-mail or account field is masked whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from hetong.pipeline.text.mapped_text import MappedText
from hetong.pipeline.store.redact_shadow import QUANTITY, shadow

__all__ = ["Hit", "Redactor", "find", "mask", "redact", "whole_field"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"

# -- e-mail -----------------------------------------------------------------------------------

_CJK_TLD = "中国|中國|公司|网络|網絡|香港|澳门|澳門|台湾|台灣|在线|集团|政务|公益|企业|信息|网址|商城|网店|手机|游戏|我爱你|移动|新闻|广东|佛山|商标|娱乐|购物|时尚"
_EMAIL = re.compile(
    rf"(?P<local>[A-Za-z0-9._%+\-{_CJK}]{{1,64}})@"
    rf"(?P<domain>(?:[A-Za-z0-9\-{_CJK}]{{1,63}}\.){{0,8}}(?:[A-Za-z0-9\-]{{1,63}}|{_CJK_TLD}))"
)
_EMAIL_SPELLED = re.compile(  # `li at example.com` (`[dot]` is a `.` in the shadow already)
    r"(?<![A-Za-z0-9._%+\-])(?P<local>[A-Za-z0-9._%+\-]{1,64})[ \t]{1,2}(?:at|AT)[ \t]{1,2}"
    r"(?![Ww]{3}\.)(?:[A-Za-z0-9\-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9\-])"
)
_LOCAL_ASCII_TAIL = re.compile(r"[A-Za-z0-9._%+\-]{1,64}")
# words that end the sentence before a Chinese local part: `发送至张三@例子.中国`
_LOCAL_LEAD = re.compile(
    r"电子邮箱|电子邮件|邮箱|邮件|信箱|电邮|地址|联系人|发送至|发至|寄至|[至到给为是向或和及与的请即]"
)

# -- numbers without a label -------------------------------------------------------------------

_MOBILE = re.compile(r"(?<![0-9])(?:\(\+?86\)[ \t]?|(?:\+|00)?86)?1[3-9][0-9]{9}(?![0-9])")
_AREA = re.compile(
    r"(?<![0-9])(?:\(0[1-9][0-9]{1,2}\)[ \t]?[0-9]{7,8}(?:-?[0-9]{1,5})?|0[1-9][0-9]{8,15})(?![0-9])"
    r"|(?<![0-9])[48]00[0-9]{7}(?![0-9])"
)
_ID_SHAPE = r"[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]"
_ID = re.compile(rf"(?<![0-9]){_ID_SHAPE}(?![0-9A-Za-z])")
_ID_WHOLE = re.compile(_ID_SHAPE)
_LONG_DIGITS = re.compile(r"(?<![0-9])[0-9]{12,}(?![0-9A-Za-z])")

# letters right before a number: a code (`ZB2025…`, `HT-2025…`) unless they say what follows
# is personal (`No.`, `IDNo`, `Tel:`)
_PERSONAL_PREFIXES = frozenset(
    "no nr id idno idcard card cardno acct acctno account accountno a/c ac tel telephone phone mobile mob "
    "cell fax qq wx vx wechat weixin".split()
)
_MONEY_BEFORE = re.compile(r"(?:[¥$€£]|RMB|CNY|人民币)[ \t]{0,2}\Z")
_MONEY_AFTER = re.compile(r"[ \t]{0,2}(?:元|万|亿|%|‰)")

# -- numbers after a label ---------------------------------------------------------------------


def _spaced(word: str) -> str:
    """A label as OCR writes it: `电话`, `电 话`, `电   话`."""
    return r"[ \t]{0,3}".join(re.escape(c) for c in word)


def _labels(*words: str) -> str:
    return "|".join(_spaced(w) for w in sorted(words, key=len, reverse=True))


def _english(words: str) -> str:
    return rf"(?<![A-Za-z])(?i:{words})(?![A-Za-z])\.?"


_PHONE_LABEL = re.compile(
    _labels(
        "电话", "手机", "手机号", "传真", "联系方式", "联系电话", "电话号码", "传真号码", "手机号码",
        "座机", "热线", "移动电话", "办公电话", "固定电话", "固话", "联络电话",
    )
    + "|"
    + _english(r"tel(?:ephone)?|fax|mobile|mob|phone|cell(?:phone)?")
)
_IM_LABEL = re.compile(
    _labels("微信号", "微信", "企业微信", "扣扣", "QQ号码", "QQ号", "V信") + "|" + _english(r"qq|wx|vx|wechat(?:[ \t]?id)?|weixin")
)
_ACCOUNT_LABEL = re.compile(
    _labels("账号", "帐号", "账户", "帐户", "卡号", "开户账号", "银行账号", "银行帐号", "收款账号", "账户号码", "银行卡号")
    + "|"
    + _english(r"account(?:[ \t]?(?:no|number))?|acct(?:[ \t]?no)?|a/c(?:[ \t]?no)?|card[ \t]?no|bank[ \t]?account")
)
_ID_LABEL = re.compile(
    _labels(
        "身份证", "身份证号", "身份证号码", "公民身份号码", "身份号码", "居民身份证", "证件号码", "证件号",
        "护照号码", "护照号", "护照",
    )
    + "|"
    + _english(r"passport(?:[ \t]?no)?")
    # `ID` alone, not another word's (`Project ID: 2025…`, `项目ID`): at the start or after punctuation
    + rf"|(?<![A-Za-z{_CJK}])(?<![A-Za-z{_CJK}][ \t])"
    + _english(r"id(?:[ \t]?(?:no|number|card(?:[ \t]?no)?))?")
)
_TAX_LABEL = re.compile(_labels("统一社会信用代码", "社会信用代码", "信用代码", "纳税人识别号", "税号", "纳税识别号"))
_ORG_CODE = re.compile(r"[^\n0-9A-Za-z]{0,6}([0-9]{18})(?![0-9A-Za-z])")  # after a tax-id label
_WHOLE_CODE = re.compile(r"\s{0,8}([0-9]{18})\s{0,8}")  # a tax_id column
_CODE_LABEL = re.compile(
    _labels(
        "合同编号", "合同号", "合同编码", "项目编号", "项目代码", "采购编号", "招标编号", "标段编号", "包号",
        "订单编号", "订单号", "发票号码", "发票代码", "批准文号", "文号", "证书编号", "许可证号", "备案号",
    )
    + "|"
    + _english(r"contract[ \t]?no|project[ \t]?no")
)

# after a label: a bracket (电话(传真)), another label (电话/传真), 为/是/号码 or an
# English `reads`/`No.`, a colon and spaces (a line break too), then the number
_AFTER = re.compile(
    rf"(?:\([^()\n0-9]{{0,8}}\))?(?:[/、][{_CJK}A-Za-z]{{1,4}})?[ \t]{{0,3}}"
    r"(?:号码|编号|号|为|是|(?i:[ \t]?(?:reads|number|no|num|is)\.?))?"
    r"[ \t]{0,3}(?P<colon>[:=])?[ \t]{0,3}\s{0,3}"
)
_NAME = re.compile(rf"[{_CJK}·]{{2,4}}[ \t,/]{{1,3}}")  # 联系人及电话：张三 84681632
_LIST_SEP = re.compile(r"[ \t]{0,3}(?:[、,;/]|或者|或|和|及)?[ \t]{0,3}")
# a gap of up to 3 spaces inside a number after a label (`账号：6222  0212  3456`),
# unless the group after it is a quantity (`电话：84681632 2025年`)
_VALUE_GAP = rf"[ \t]{{1,3}}(?=[0-9(+])(?!{QUANTITY})"
_PHONE_VALUE = re.compile(rf"[+(]{{0,2}}[0-9](?:[0-9+\-(]|\)[ \t]?|{_VALUE_GAP}){{3,40}}")
_ACCOUNT_VALUE = re.compile(rf"[0-9](?:[0-9]|-(?=[0-9])|{_VALUE_GAP}){{4,40}}")
_ID_VALUE = re.compile(
    rf"[0-9](?:[0-9]|{_VALUE_GAP}){{5,40}}(?:[ \t]?[Xx])?(?![A-Za-z])|[A-Za-z]{{1,2}}[0-9]{{6,12}}(?![0-9A-Za-z])"
)
_IM_VALUE = re.compile(r"[0-9]{5,15}(?![0-9])")
_IM_HANDLE = re.compile(r"[A-Za-z][A-Za-z0-9_\-]{4,29}(?![A-Za-z0-9_\-])")
_CODE_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_/.()\[\]]{0,59}")
_DIGIT = re.compile(r"[0-9]")
_QUANTITY = re.compile(QUANTITY)

_WHOLE_FIELDS = re.compile(r"(?:^|[.\]_])(?:phone|mobile|tel|fax|email|e_mail|account|bank_account|id_number|id_card)$")
_TAX_FIELDS = re.compile(r"(?:^|[.\]_])(?:tax_id|credit_code|uscc)$")


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    rule: str


def whole_field(hint: str | None) -> bool:
    """True when a text with this hint is personal data as a whole: a phone,
    e-mail or account column, or evidence of such a field."""
    return bool(hint) and _WHOLE_FIELDS.search(hint) is not None


def find(text: str, hint: str | None = None, known: re.Pattern[str] | None = None) -> list[Hit]:
    """Spans of `text` to mask, sorted and not overlapping. `known` matches
    values known to be personal (see `Redactor`), in the shadow's forms."""
    if not text:
        return []
    if whole_field(hint):
        return [Hit(0, len(text), f"field.{hint}")]
    sh = shadow(text)
    s = sh.folded.text
    hits: list[Hit] = []

    def add(mt: MappedText, start: int, end: int, rule: str) -> None:
        hits.append(Hit(mt.offsets[start], mt.offsets[end - 1] + 1, rule))

    if known is not None:
        for mt in (sh.nfkc, sh.folded):
            for m in known.finditer(mt.text):
                add(mt, m.start(), m.end(), "known")
    for m in _EMAIL.finditer(sh.nfkc.text):
        add(sh.nfkc, m.start() + _local_start(m.group("local")), m.end(), "email")
    for m in _EMAIL_SPELLED.finditer(sh.nfkc.text):
        add(sh.nfkc, m.start(), m.end(), "email")
    exempt = _exempt_spans(s, hint)
    for rule, pattern in (("id.personal", _ID), ("phone.mobile", _MOBILE), ("phone.area", _AREA)):
        for m in pattern.finditer(s):
            if _plain_number(s, m.start(), m.end(), exempt):
                add(sh.folded, m.start(), m.end(), rule)
    for kind in _LABELLED:
        for start, end in _labelled_values(s, kind):
            add(sh.folded, start, end, kind.rule)
    for m in _LONG_DIGITS.finditer(s):
        if _plain_number(s, m.start(), m.end(), exempt):
            add(sh.folded, m.start(), m.end(), "account.digits")
    return _merge(hits)


def _local_start(local: str) -> int:
    """Where the address begins in the run of characters before its `@`: the
    trailing ASCII part, or the Chinese part after the last word that ends the
    sentence before it (`发送至张三@…`, `邮箱张三@…`)."""
    tail = _LOCAL_ASCII_TAIL.search(local)
    if tail is not None and tail.end() == len(local):
        return tail.start()
    start = 0
    for m in _LOCAL_LEAD.finditer(local):
        if m.end() < len(local):
            start = m.end()
    return start


def _plain_number(s: str, start: int, end: int, exempt: list[tuple[int, int]]) -> bool:
    """A number found without a label is personal unless it is part of a code,
    written as money, or inside an organisation's code or a contract number."""
    if any(a <= start and end <= b for a, b in exempt):
        return False
    if _code_prefix(s, start):
        return False
    return not (_MONEY_BEFORE.search(s, max(0, start - 6), start) or _MONEY_AFTER.match(s, end))


def _code_prefix(s: str, start: int) -> bool:
    """True when the number at `start` continues a code: capital letters right
    before it, or before a `-`/`_` (`ZB2025…`, `HT-2025…`), that are not a
    personal prefix (`NO`, `ID`, `TEL`); `No.`, `IDNo`, `Li` or `SN:` are not
    codes."""
    i = start
    while i > max(0, start - 2) and s[i - 1] in "-_":
        i -= 1
    j = i
    while j > max(0, i - 12) and s[j - 1].isascii() and (s[j - 1].isalnum() or s[j - 1] == "/"):
        j -= 1
    word = s[j:i].lstrip("0123456789/")
    return bool(word) and word.isupper() and word.lower() not in _PERSONAL_PREFIXES


def _exempt_spans(s: str, hint: str | None) -> list[tuple[int, int]]:
    """Spans of the shadow the rules without a label leave alone: an
    organisation's all-digit 18-character code after a tax-id label (or as the
    whole text of a tax_id column) unless it has the shape of a personal ID,
    and the value after a contract or project number label."""
    out: list[tuple[int, int]] = []
    if hint and _TAX_FIELDS.search(hint):
        code = _WHOLE_CODE.fullmatch(s)
        if code and not _ID_WHOLE.fullmatch(code.group(1)):
            out.append(code.span(1))
    for m in _TAX_LABEL.finditer(s):
        code = _ORG_CODE.match(s, m.end())
        if code and not _ID_WHOLE.fullmatch(code.group(1)):
            out.append(code.span(1))
    for m in _CODE_LABEL.finditer(s):
        value = _CODE_VALUE.match(s, _AFTER.match(s, m.end()).end())
        if value:
            out.append(value.span())
    return out


@dataclass(frozen=True)
class _Labelled:
    rule: str
    label: re.Pattern[str]
    value: re.Pattern[str]
    least: int  # the fewest digits a number has
    handle: re.Pattern[str] | None = None  # a value without digits, after a colon (微信号：zhangsan_88)


_LABELLED = [
    _Labelled("phone.labelled", _PHONE_LABEL, _PHONE_VALUE, 5),
    _Labelled("phone.im", _IM_LABEL, _IM_VALUE, 5, _IM_HANDLE),
    _Labelled("id.labelled", _ID_LABEL, _ID_VALUE, 6),
    _Labelled("account.labelled", _ACCOUNT_LABEL, _ACCOUNT_VALUE, 5),
]


def _labelled_values(s: str, kind: _Labelled) -> Iterable[tuple[int, int]]:
    """The numbers written after each label of `kind`: the first one (after a
    contact's name too: `电话：张三 84681632`), and more joined by `、`, `,`,
    `/`, 或 … (`电话：84681632、84681633`) that are not a quantity."""
    for m in kind.label.finditer(s):
        after = _AFTER.match(s, m.end())
        pos = after.end()
        first = _number(s, pos, kind)
        if first is None and after.group("colon"):
            name = _NAME.match(s, pos)
            first = _number(s, name.end(), kind) if name else None
            if first is None and kind.handle is not None:
                first = kind.handle.match(s, pos)
        if first is None:
            continue
        yield first.span()
        pos = first.end()
        for _ in range(5):
            sep = _LIST_SEP.match(s, pos)
            if sep.end() == pos or _QUANTITY.match(s, sep.end()):
                break
            more = _number(s, sep.end(), kind)
            if more is None:
                break
            yield more.span()
            pos = more.end()


def _number(s: str, pos: int, kind: _Labelled) -> re.Match[str] | None:
    m = kind.value.match(s, pos)
    return m if m is not None and len(_DIGIT.findall(m.group())) >= kind.least else None


def _merge(hits: list[Hit]) -> list[Hit]:
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if out and hit.start < out[-1].end:
            if hit.end > out[-1].end:
                out[-1] = Hit(out[-1].start, hit.end, out[-1].rule)
            continue
        out.append(hit)
    return out


def mask(text: str, hits: list[Hit]) -> str:
    """`text` with every letter and digit inside `hits` replaced by `*`;
    everything else stays, so the length does not change."""
    if not hits:
        return text
    chars = list(text)
    for hit in hits:
        for i in range(hit.start, hit.end):
            if chars[i].isalnum():
                chars[i] = "*"
    return "".join(chars)


def redact(text: str, hint: str | None = None) -> str:
    """`text` with its personal data masked (see the module docstring)."""
    return mask(text, find(text, hint))


class Redactor:
    """Redaction that also masks every occurrence of values known to be
    personal — the phone numbers, e-mails and accounts a database holds in
    its phone/email/account fields — wherever they appear (a bare `84681632`
    in a signature block or a flag message has no label to go by), however
    they are written there (`8468 1632`, full-width). Values shorter than 5
    characters are ignored."""

    def __init__(self, known: Iterable[str] = ()):
        forms: set[str] = set()
        for value in known:
            if value and len(value.strip()) >= 5:
                sh = shadow(value.strip())
                forms.update(f for f in (sh.nfkc.text.strip(), sh.folded.text.strip()) if len(f) >= 5)
        values = sorted(forms, key=len, reverse=True)
        self.known = (
            re.compile(r"(?<![0-9])(?:" + "|".join(re.escape(v) for v in values) + r")(?![0-9])", re.IGNORECASE)
            if values
            else None
        )

    def find(self, text: str, hint: str | None = None) -> list[Hit]:
        return find(text, hint, self.known)

    def __call__(self, text: str, hint: str | None = None) -> str:
        return mask(text, self.find(text, hint))
