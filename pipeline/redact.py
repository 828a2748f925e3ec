"""Redaction of personal data in exported text: find, then mask.

What is masked (each rule has an id, reported by `find`):

- `email`: e-mail addresses (`37392278@qq.com`, also cut at a line end:
  `chensy@ctwl`).
- `phone.mobile`: mainland mobile numbers, 11 digits from 13–19, optionally
  +86 and spaced or hyphenated 3-4-4 (`139 9285 2916`).
- `phone.area`: numbers with an area code (`0991-4689363`, `(0512)58188000`,
  `010 84681632`, an extension `-801` included), and 400/800 numbers.
- `phone.labelled`: any run of 5 or more digits written after a phone label
  (电话, 手机, 传真, 联系方式, Tel, Fax; OCR-spaced `电  话` too), so a bare
  `84681632` after `电话：` is masked; several numbers after one label are.
- `id.personal`: 18-character 居民身份证 numbers — 6 digits, a birth date
  from 1900 on, 3 digits and a check character (digit or X) — whether or not
  the check character is right (OCR misreads it).
- `account.digits`: bank account and card numbers: any run of 12 or more
  digits, spaces or hyphens allowed between groups (`6222 0212 3456 7890`).
- `account.labelled`: any run of 5 or more digits after an account label
  (账号, 帐号, 账户, 卡号, 开户账号).

What is kept, on purpose:

- 统一社会信用代码 / 纳税人识别号 of organisations (`91650200584793998F`):
  they identify a company or a government body, not a person, and are public
  in procurement notices. An 18-character code containing a letter is never
  masked; an all-digit one is kept when written after a tax-id label (统一社会
  信用代码, 纳税人识别号, 税号) or in a `tax_id` column, unless it has the
  shape of a personal ID.
- Names of people (legal representatives, contacts), postcodes, amounts,
  dates, contract numbers, addresses.

Masking keeps the length of the text: every letter and digit of a match
becomes `*` and separators (`-`, space, `@`, `.`, parentheses) stay, so the
evidence offsets of a redacted export still index its redacted raw text.

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

__all__ = ["Hit", "Redactor", "find", "mask", "redact", "whole_field"]

_SEPARATORS = frozenset("-－ \u3000.．@＠()（）+_＿/")

_D = r"[0-9０-９]"  # ASCII and full-width digits (the raw text is not NFKC'd)

_W = "A-Za-z0-9Ａ-Ｚａ-ｚ０-９"  # ASCII and full-width letters and digits
_EMAIL = re.compile(rf"[{_W}][{_W}._%+\-．＿－]*[@＠][{_W}\-－]+(?:[.．][{_W}\-－]+)*")
_START = r"(?<![0-9０-９A-Za-z])"  # not inside a longer number or code
_END = r"(?![0-9０-９])"
_MOBILE = re.compile(rf"{_START}(?:\+?86[ \t-]?)?1[3-9]{_D}(?:[ \t-]?{_D}{{4}}){{2}}{_END}")
_AREA = re.compile(
    rf"{_START}(?:[(（]0{_D}{{2,3}}[)）][ \t]?|0{_D}{{2,3}}[ \t\-－]?){_D}{{7,8}}(?:[\-－]{_D}{{1,5}})?{_END}"
    rf"|{_START}[48]00[ \t-]?{_D}{{3}}[ \t-]?{_D}{{4}}{_END}"
)
_BIRTH_DATE = rf"(?:19|20){_D}{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]{_D}|3[01])"
_ID = re.compile(rf"{_START}[1-9]{_D}{{5}}{_BIRTH_DATE}{_D}{{3}}[0-9Xx](?![0-9０-９A-Za-z])")
_LONG_DIGITS = re.compile(rf"(?<![0-9０-９A-Za-z\-])(?:{_D}[ \t\-]?){{11,}}{_D}(?![0-9０-９A-Za-z])")


def _spaced(word: str) -> str:
    """A label as OCR writes it: `电话`, `电 话`, `电    话`."""
    return r"[ \t\u3000]*".join(re.escape(c) for c in word)


def _labels(*words: str) -> str:
    return "|".join(_spaced(w) for w in sorted(words, key=len, reverse=True))


_PHONE_LABEL = (
    _labels("电话", "手机", "传真", "联系方式", "联系电话", "电话号码", "传真号码", "手机号码", "座机", "热线")
    + r"|(?i:tel|fax|mobile|phone)"
)
_ACCOUNT_LABEL = _labels("账号", "帐号", "账户", "帐户", "卡号", "开户账号", "银行账号", "银行帐号")
_TAX_LABEL = _labels("统一社会信用代码", "社会信用代码", "信用代码", "纳税人识别号", "税号", "纳税识别号")

# label, then an optional bracket (电话(传真)), 为/是 or an English `reads`,
# a colon and spaces, then the numbers
_AFTER = r"(?:[(（][^()（）\n]{0,6}[)）])?(?:为|是|号码|号| reads| number| No\.?)?[ \t\u3000:：(（]*"
_NUMBERS = rf"((?:{_D}[ \t\u3000\-－()（）]{{0,3}}){{4,}}{_D})"
_PHONE_LABELLED = re.compile(rf"(?:{_PHONE_LABEL}){_AFTER}[:：]?\s*{_NUMBERS}")
_ACCOUNT_LABELLED = re.compile(rf"(?:{_ACCOUNT_LABEL}){_AFTER}[:：]?\s*{_NUMBERS}")
_TAX_LABELLED = re.compile(rf"(?:{_TAX_LABEL})[^\n0-9０-９A-Za-z]{{0,6}}")

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
    values known to be personal (see `Redactor`)."""
    if not text:
        return []
    if whole_field(hint):
        return [Hit(0, len(text), f"field.{hint}")]
    hits: list[Hit] = []
    if known is not None:
        for m in known.finditer(text):
            hits.append(Hit(m.start(), m.end(), "known"))
    for m in _EMAIL.finditer(text):
        hits.append(Hit(m.start(), m.end(), "email"))
    for m in _ID.finditer(text):
        hits.append(Hit(m.start(), m.end(), "id.personal"))
    for m in _MOBILE.finditer(text):
        hits.append(Hit(m.start(), m.end(), "phone.mobile"))
    for m in _AREA.finditer(text):
        hits.append(Hit(m.start(), m.end(), "phone.area"))
    for m in _PHONE_LABELLED.finditer(text):
        hits.append(Hit(m.start(1), m.end(1), "phone.labelled"))
    for m in _ACCOUNT_LABELLED.finditer(text):
        hits.append(Hit(m.start(1), m.end(1), "account.labelled"))
    organisation = _organisation_codes(text, hint)
    for m in _LONG_DIGITS.finditer(text):
        if (m.start(), m.end()) not in organisation:
            hits.append(Hit(m.start(), m.end(), "account.digits"))
    return _merge(hits)


def _organisation_codes(text: str, hint: str | None) -> set[tuple[int, int]]:
    """All-digit 18-character codes written as organisation codes: after a
    tax-id label, or the whole text of a tax_id column."""
    out: set[tuple[int, int]] = set()
    if hint and _TAX_FIELDS.search(hint) and re.fullmatch(r"[0-9]{18}", text.strip()):
        start = len(text) - len(text.lstrip())
        out.add((start, start + 18))
    for m in _TAX_LABELLED.finditer(text):
        code = re.match(r"[0-9]{18}(?![0-9A-Za-z])", text[m.end() :])
        if code:
            out.add((m.end(), m.end() + 18))
    return {span for span in out if not _ID.fullmatch(text[span[0] : span[1]])}


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
    separators stay, so the length does not change."""
    if not hits:
        return text
    chars = list(text)
    for hit in hits:
        for i in range(hit.start, hit.end):
            if chars[i] not in _SEPARATORS and not chars[i].isspace():
                chars[i] = "*"
    return "".join(chars)


def redact(text: str, hint: str | None = None) -> str:
    """`text` with its personal data masked (see the module docstring)."""
    return mask(text, find(text, hint))


class Redactor:
    """Redaction that also masks every occurrence of values known to be
    personal — the phone numbers, e-mails and accounts a database holds in
    its phone/email/account fields — wherever they appear (a bare `84681632`
    in a signature block or a flag message has no label to go by). Values
    shorter than 5 characters are ignored."""

    def __init__(self, known: Iterable[str] = ()):
        values = sorted({v.strip() for v in known if v and len(v.strip()) >= 5}, key=len, reverse=True)
        self.known = (
            re.compile(r"(?<![0-9０-９])(?:" + "|".join(re.escape(v) for v in values) + r")(?![0-9０-９])")
            if values
            else None
        )

    def find(self, text: str, hint: str | None = None) -> list[Hit]:
        return find(text, hint, self.known)

    def __call__(self, text: str, hint: str | None = None) -> str:
        return mask(text, self.find(text, hint))
