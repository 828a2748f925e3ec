"""Comparing names written twice: the same party, or a different one?

Contracts restate names with variation that changes nothing: a region prefix
(`新疆维吾尔自治区阿克苏地区数字化发展局` / `阿克苏地区数字化发展局`), 人民政府
for 政府, 有限责任公司 for 有限公司, a stamp note (`…有限公司（盖章）`), spaces
from OCR. Anything else is a real conflict (`…大数据发展局` / `…大数据管理局`,
`…乌鲁木齐区…` / `…乌尔禾区…`).

People are compared exactly; `near_miss` tells a typo (`李胜` / `李印胜`,
`周振华` / `周振宇`) from a different person (`王庆丰` / `江伟`).
`person_shape` says whether a string is shaped like a person's name at all
(`授权代表`, `项目经理`, `见附件` are not; `李胜`, `欧阳振宇` are; `次仁多吉` may be:
the rules cannot tell, NER can).
`diff_tokens` names what differs between two details (`PIC-B1` / `P1C-B1`).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from hetong.extractors.shared import regions
from hetong.extractors.shared.resources import data_path

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


# -- person names -----------------------------------------------------------

SURNAMES = data_path("ner", "lexicon", "surnames.txt")
_CJK = "\u4e00-\u9fff\u3400-\u4dbf"
# What a slot for a person's name holds when it holds no name: a role, a
# title or a job, a placeholder, a note to sign, an organisation.
_NOT_A_NAME = re.compile(
    r"代表|代理人|委托人|负责人|联系人|经办人|签字|签名|签章|盖章|公章|手签|甲方|乙方|丙方|丁方|双方|本方|对方"
    r"|经理|主任|主管|总监|工程师|专员|人员|职员|同志|先生|女士|领导|部门|单位|公司|有限|集团|机关|科室"
    r"|同上|见附|详见|附件|附表|附录|清单|目录|待定|暂无|本人|姓名|名称|日期|年月|电话|地址|邮箱|账号"
    r"|项目|授权|委托|服务|技术|驻场|现场|负责|分别|职务|职位|职称|岗位|身份|股东|董事|监事|代持|专用章|印章|合同"
    r"|^(?:无|空|略|否|是|某某?|[某XＸ×*＊]+)$"
)
_NAME_CHARS = re.compile(rf"[{_CJK}]{{2,6}}|[{_CJK}]{{1,8}}[·•][{_CJK}]{{1,8}}|[A-Za-z][A-Za-z .'-]{{1,40}}")
# A title written after a name: 李明华经理, 王建国同志
_TITLE = re.compile(
    r"(?:先生|女士|同志|总经理|副总经理|经理|主任|副主任|局长|副局长|处长|科长|主管|总监|总工|工程师"
    r"|董事长|总裁|书记|院长|部长|所长|站长|馆长|校长|老师)$"
)


@functools.cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single, compound) surnames of the NER lexicon, read on first use."""
    single: set[str] = set()
    compound: set[str] = set()
    section = None
    for line in SURNAMES.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("["):
            section = line.strip("[]")
        elif line:
            (compound if section == "compound" else single).update(line.split())
    return frozenset(single), frozenset(compound)


def split_title(value: str) -> tuple[str, str] | None:
    """(name, title) when `value` is a name followed by a title
    (`李明华经理` → (李明华, 经理)), else None."""
    v = clean(value)
    m = _TITLE.search(v)
    if m is None or m.start() < 2 or not re.fullmatch(f"[{_CJK}]+", v[: m.start()]) \
            or _NOT_A_NAME.search(v[: m.start()]):
        return None
    return v[: m.start()], m.group(0)


def person_shape(value: str) -> bool | None:
    """Is `value` shaped like a person's name? False when it cannot be one
    (a role, a title, a placeholder, digits, an organisation); True for a Han
    name of two to four characters that starts with a common surname; None
    when only a model can tell (`次仁多吉`, `乌云其木格`, a rare surname)."""
    v = clean(value)
    if not _NAME_CHARS.fullmatch(v) or _NOT_A_NAME.search(v) or split_title(v):
        return False
    if not re.fullmatch(f"[{_CJK}]+", v) or not 2 <= len(v) <= 4:
        return None
    single, compound = _surnames()
    if v[:2] in compound and len(v) >= 3:
        return True
    return True if v[0] in single and len(v) <= 3 else None


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
