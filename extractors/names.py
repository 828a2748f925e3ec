"""Comparing names written twice: the same party, or a different one?

Contracts restate names with variation that changes nothing: a region prefix
(`新疆维吾尔自治区阿克苏地区数字化发展局` / `阿克苏地区数字化发展局`), 人民政府
for 政府, 有限责任公司 for 有限公司, a stamp note (`…有限公司（盖章）`), spaces
from OCR. Anything else is a real conflict (`…大数据发展局` / `…大数据管理局`,
`…乌鲁木齐区…` / `…乌尔禾区…`).

People are compared exactly; `near_miss` tells a typo (`李胜` / `李印胜`,
`周振华` / `周振宇`) from a different person (`王庆丰` / `江伟`).
`diff_tokens` names what differs between two details (`PIC-B1` / `P1C-B1`).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from extractors import regions

_WS = re.compile(r"\s+")
_STAMP = re.compile(r"\(\s*(?:盖章|公章|签章|签字|签名|章|盖公章|签字盖章|签字或盖章)\s*\)|(?:盖章|公章|签章)$")
# Same organisation, other wording: (pattern, canonical form).
_EQUIVALENT: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"人民政府"), "政府"),
    (re.compile(r"有限责任公司"), "有限公司"),
)
_PUNCT = re.compile(r"[()\"“”'‘’·.,:;]")


def clean(text: str) -> str:
    """NFKC, no white space."""
    return _WS.sub("", unicodedata.normalize("NFKC", text or ""))


@dataclass(frozen=True)
class OrgName:
    regions: tuple[str, ...]  # leading division names, full forms where known
    core: str  # the rest, in canonical wording


def org_name(name: str) -> OrgName:
    s = _STAMP.sub("", clean(name))
    for pattern, canonical in _EQUIVALENT:
        s = pattern.sub(canonical, s)
    parts, core = regions.region_prefix(s, loose=True)
    return OrgName(tuple(parts), _PUNCT.sub("", core))


def same_org(a: str, b: str) -> bool:
    """True when `a` and `b` name the same organisation: equal once the known
    variations are undone, one region prefix ending the other (阿克苏地区 /
    新疆维吾尔自治区阿克苏地区) or missing."""
    x, y = org_name(a), org_name(b)
    if x.core != y.core:
        return False
    short, long = sorted((x.regions, y.regions), key=len)
    return not short or long[len(long) - len(short) :] == short


def same_person(a: str, b: str) -> bool:
    return clean(a) == clean(b)


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (names are short)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def near_miss(a: str, b: str) -> bool:
    """Two different spellings that look like one person's name mistyped:
    same surname (first character), one character added, dropped or changed."""
    a, b = clean(a), clean(b)
    return a != b and a[:1] == b[:1] and _edits(a, b) == 1


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_.#/]*")


def diff_tokens(a: str, b: str) -> tuple[str, str]:
    """What differs between `a` and `b` (as written, after NFKC and without
    white space), widened to whole Latin/digit tokens (`PIC-B1` / `P1C-B1`)
    and, when shorter than four characters, by two characters of context on
    each side (`路1号` / `路2号`)."""
    a, b = clean(a), clean(b)
    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not ops:
        return a, b
    a0, a1 = ops[0][1], ops[-1][2]
    b0, b1 = ops[0][3], ops[-1][4]
    return _widen(a, a0, a1), _widen(b, b0, b1)


def _widen(s: str, i: int, j: int) -> str:
    for m in _TOKEN.finditer(s):
        if m.start() <= i < m.end() or m.start() < j <= m.end():
            i, j = min(i, m.start()), max(j, m.end())
    if j - i < 4 or not _TOKEN.fullmatch(s[i:j]):
        i, j = max(0, i - 2), min(len(s), j + 2)
    return s[i:j]


def digits(text: str) -> str:
    return "".join(c for c in clean(text) if c.isalnum())


def near_digits(a: str, b: str, most: int = 2) -> bool:
    """Two numbers of one length that differ in at most `most` places (a typo,
    not another number)."""
    a, b = digits(a), digits(b)
    return a != b and len(a) == len(b) and sum(x != y for x, y in zip(a, b)) <= most
