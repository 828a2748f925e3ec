"""Party roles and the labels contracts use for them.

A contract names its parties by role (甲方, 乙方, 丙方, … 庚方, written
`甲方` or with the side between its characters: `甲(供)方`) or by a label
standing for a role (采购人, 供应商, 委托方, 承包人, 出租方, …). The
declaration says which: `采购单位(以下简称"甲方")`, `委托方(甲方)`,
`甲方(采购人)`. Where it does not, the usual reading of the label applies
(the buyer, client, lessor, investor or lender side is 甲方, the provider,
lessee or borrower side 乙方); a contract that never writes 甲方 or 乙方
takes its roles from the order it declares its parties in
(`hetong.extractors.shared.party_blocks`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ROLES: tuple[str, ...] = ("甲方", "乙方", "丙方", "丁方", "戊方", "己方", "庚方", "辛方", "壬方", "癸方")

# The usual reading of a label when the contract does not tie it to a role.
DEFAULT_ALIASES: dict[str, str] = {
    **dict.fromkeys(
        (
            "采购人", "采购单位", "采购方", "委托方", "委托单位", "委托人", "购买方", "买方",
            "发包人", "发包方", "需方", "招标人", "建设单位", "业主", "业主方", "用户单位",
            "出租方", "出租人", "出租单位", "买受人", "买受方", "投资方", "投资人", "出借人", "出借方",
            "贷款人", "转让方", "定作人", "定作方",
        ),
        "甲方",
    ),
    **dict.fromkeys(
        (
            "供应商", "服务供应商", "中标供应商", "成交供应商", "中标人", "受托方", "受托单位",
            "受托人", "服务单位", "服务方", "服务商", "提供方", "承包人", "承包方", "供方",
            "卖方", "承接方", "承建单位", "运维单位",
            "承租方", "承租人", "承租单位", "出卖人", "出卖方", "供货方", "供货单位", "供货商",
            "融资方", "借款人", "借款方", "受让方", "承揽人", "承揽方", "开发方", "研究开发方",
        ),
        "乙方",
    ),
}

_ROLE_IN_PARENS = re.compile(r"^(?:以下简称|以下称|下称|简称)?\s*[\"“”'‘’]?([甲乙丙丁戊己庚辛壬癸]方)[\"“”'‘’]?$")
# A role with the side it stands for between its characters: 甲(供)方, 乙(需)方
SPLIT_ROLE = r"[甲乙丙丁戊己庚辛壬癸]\(\s*[\u4e00-\u9fff]{1,3}\s*\)方"
_SPLIT_ROLE = re.compile(SPLIT_ROLE)


def role_order(role: str) -> int:
    return ROLES.index(role) if role in ROLES else len(ROLES)


def role_in_parens(inner: str) -> str | None:
    """`甲方`, `以下简称"甲方"`, `下称甲方` → 甲方; anything else → None."""
    m = _ROLE_IN_PARENS.match(inner.strip())
    return m.group(1) if m else None


def resolve(label: str, learned: dict[str, str]) -> str | None:
    """The role a label stands for: a role itself, a label this contract tied
    to a role (`learned`), or the usual reading of the label."""
    if label in ROLES:
        return label
    if _SPLIT_ROLE.fullmatch(label):
        return label[0] + "方"
    return learned.get(label) or DEFAULT_ALIASES.get(label)


# A role or a label standing for one, as running text writes it (`乙方`,
# `成交供应商`, `采购人`): longest first, so 成交供应商 is not read as 供应商.
_WORDS = sorted((*ROLES, *DEFAULT_ALIASES), key=len, reverse=True)
# (the lookahead on the first characters lets a scan skip most positions at once)
ROLE_WORD = ("(?:(?=[" + "".join(sorted({w[0] for w in _WORDS})) + "])(?:"
             + "|".join(re.escape(w) for w in _WORDS) + "))")


def learned_labels(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The labels a contract tied to a role, from (label, role) pairs (the
    headings of its party blocks): `采购人(甲方)` ties 采购人 to 甲方. A label
    the contract ties to two roles is ambiguous and dropped."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    for label, role in pairs:
        if label in ROLES or label in clash:
            continue
        if out.get(label, role) != role:
            clash.add(label)
            out.pop(label, None)
        else:
            out[label] = role
    return out
