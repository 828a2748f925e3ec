"""Party roles and the labels contracts use for them.

A contract names its parties by role (甲方, 乙方, 丙方, 丁方) or by a label
standing for a role (采购人, 供应商, 委托方, 承包人, …). The declaration says
which: `采购单位(以下简称"甲方")`, `委托方(甲方)`, `甲方(采购人)`. Where it
does not, the usual reading of the label applies (the buyer side is 甲方, the
provider side 乙方).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ROLES: tuple[str, ...] = ("甲方", "乙方", "丙方", "丁方")

# The usual reading of a label when the contract does not tie it to a role.
DEFAULT_ALIASES: dict[str, str] = {
    **dict.fromkeys(
        (
            "采购人", "采购单位", "采购方", "委托方", "委托单位", "委托人", "购买方", "买方",
            "发包人", "发包方", "需方", "招标人", "建设单位", "业主", "业主方", "用户单位",
        ),
        "甲方",
    ),
    **dict.fromkeys(
        (
            "供应商", "服务供应商", "中标供应商", "成交供应商", "中标人", "受托方", "受托单位",
            "受托人", "服务单位", "服务方", "服务商", "提供方", "承包人", "承包方", "供方",
            "卖方", "承接方", "承建单位", "运维单位",
        ),
        "乙方",
    ),
}

_ROLE_IN_PARENS = re.compile(r"^(?:以下简称|以下称|下称|简称)?\s*[\"“”'‘’]?([甲乙丙丁]方)[\"“”'‘’]?$")


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
