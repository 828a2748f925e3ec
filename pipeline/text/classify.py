"""Is this document a contract at all? `looks_like_contract(doc)`.

A folder of contracts also holds other files: a novel someone saved there,
a notice, a spreadsheet of contracts exported as CSV, binary junk that
happened to decode as GB18030 characters. Extracting them gives empty or
absurd records; they are stored with status `not_a_contract` and the reason
instead.

The decision is made from evidence a contract of any layout carries, read
on the normalised text (NFKC, spaced labels joined):

* a contract word: 合同, 协议(书), 合约, 契约 — worth more in the title lines;
* party role labels: 甲方：, 乙方（盖章）：, 采购人（甲方）：, 委托方：, 买方：…
  (two different roles, or both 甲方 and 乙方 named throughout the text);
* a signature block: 盖章, 签字, 签章, 法定代表人, 授权代表, 签订日期 …;
* amounts: ¥…, 人民币…, …元;
* clause numbering: 第X条, 一、…, 1.1 …;
* obligation wording: 双方, 违约, 应当, 权利, 义务, 责任 …

A spreadsheet dump (most lines delimited rows with the same number of
fields) is rejected unless nearly all the evidence is there: a contract
ledger mentions 合同, 甲方 and amounts on every row, while a contract with a
long equipment list still has labels, signatures and clauses around it.

Deliberately lenient: every contract of data/gold, data/holdout and
data/samples must pass (tests/reliability/test_classify.py), and a partial
text (a PDF with unreadable pages) should still pass on what is left.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from hetong.extractors.shared.roles import DEFAULT_ALIASES, ROLES
from hetong.models import Document

__all__ = ["looks_like_contract", "run"]

_SCAN = 200_000  # characters read: enough for any contract's evidence, bounded for huge texts
_HEAD_LINES = 15

_CONTRACT_WORD = re.compile(r"合同|协议|合约|契约")
# Every role word the extractors know (extractors/shared/roles.py), and the ones that
# name a party without a side: partners, guarantors, a target company.
_UNSIDED = ("服务提供方", "用户方", "普通合伙人", "有限合伙人", "执行事务合伙人", "合伙人", "许可方", "被许可方",
            "目标公司", "担保人", "保证人")
_ROLE_ORDER = tuple(dict.fromkeys((*ROLES, *DEFAULT_ALIASES, *_UNSIDED)))
_ROLE = "|".join(sorted(_ROLE_ORDER, key=len, reverse=True))  # longest first: 普通合伙人 before 合伙人
# Roles named in running text (合伙协议 declare partners as `X公司，普通合伙人，…`)
_ROLE_WORD = re.compile(_ROLE)
# A role as a label: at a line start (after markup), maybe qualified, then a colon.
# `[ \t…]`, not `\s`: a prefix that could cross line ends would rescan every
# run of blank lines from each of its lines.
_ROLE_LABEL = re.compile(rf"(?m)^[ \t\u3000*#|>\-]*({_ROLE})[ \t]*(?:[(（][^()（）\n]{{0,20}}[)）])?[ \t]*[:：]")
_ROLE_MENTION = re.compile(r"甲方|乙方")
_SIGNATURE = re.compile(r"盖章|签字|签章|签名|法定代表人|授权代表|委托代理人|签订日期|签署日期|签订时间|签约|签订地点")
# Each run starts where a number starts: unanchored `\d+…元` would rescan a
# long digit run from every position (quadratic).
_AMOUNT = re.compile(
    r"[¥￥]\s*\d|人民币|(?<![\d,.])\d[\d,]*(?:\.\d+)?\s*万?元|(?<![壹贰叁肆伍陆柒捌玖拾佰仟])[壹贰叁肆伍陆柒捌玖拾佰仟]+万?[元圆]"
)
_CLAUSE = re.compile(
    r"(?m)^[ \t\u3000*#]*(?:第[一二三四五六七八九十百零〇\d]+[条章]|[一二三四五六七八九十]+[、.]|\d+\.\d+|\(\d+\)|\([一二三四五六七八九十]+\))"
)
_OBLIGATION = re.compile(r"双方|违约|应当|应按|权利|义务|责任|甲方应|乙方应|本合同|本协议")
_DELIMITED = re.compile(r"[,\t;|]")

_THRESHOLD = 5  # of 8
# A contract whose equipment list fills most lines still carries nearly every
# piece of evidence; a ledger of contracts does not (its labels are column
# headers, its amounts bare numbers).
_TABLE_THRESHOLD = 7


def looks_like_contract(doc: Document) -> tuple[bool, str]:
    """(True, evidence) when `doc` reads as a contract, else (False, why not).

    The reason names what was found and what is missing, e.g.
    ``not a contract: score 2 of 5 needed (found: 合同 in the text, amounts;
    missing: party role labels, signature block, clause numbering)``.
    """
    text = doc.text or unicodedata.normalize("NFKC", doc.raw_text)
    text = text[:_SCAN]
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return False, "not a contract: no text"

    found: list[str] = []
    missing: list[str] = []
    score = 0

    head = "\n".join(lines[:_HEAD_LINES])
    if _CONTRACT_WORD.search(head):
        score += 2
        found.append(f"{_CONTRACT_WORD.search(head).group()} in the title lines")  # type: ignore[union-attr]
    elif _CONTRACT_WORD.search(text):
        score += 1
        found.append(f"{_CONTRACT_WORD.search(text).group()} in the text")  # type: ignore[union-attr]
    else:
        missing.append("合同/协议")

    roles = sorted(set(_ROLE_LABEL.findall(text)), key=_ROLE_ORDER.index)
    mentions = Counter(_ROLE_MENTION.findall(text))
    if len(roles) >= 2:
        score += 2
        found.append(f"party role labels ({', '.join(roles[:4])})")
    elif mentions["甲方"] >= 3 and mentions["乙方"] >= 3:
        score += 2
        found.append(f"甲方 and 乙方 named {mentions['甲方']} and {mentions['乙方']} times")
    elif len(named := [w for w, n in Counter(_ROLE_WORD.findall(text)).most_common() if n >= 3]) >= 2:
        score += 2
        roles = named
        found.append(f"party roles named throughout ({', '.join(named[:3])})")
    elif roles or (mentions["甲方"] and mentions["乙方"]):
        score += 1
        found.append(f"one party role ({', '.join(roles) or '甲方, 乙方 in passing'})")
    else:
        missing.append("party role labels")

    for name, pattern, minimum in (
        ("signature block", _SIGNATURE, 1),
        ("amounts", _AMOUNT, 1),
        ("clause numbering", _CLAUSE, 3),
        ("obligation wording", _OBLIGATION, 3),
    ):
        count = sum(1 for _ in zip(range(minimum), pattern.finditer(text)))
        if count >= minimum:
            score += 1
            found.append(name)
        else:
            missing.append(name)

    detail = f"found: {', '.join(found) or 'nothing'}" + (f"; missing: {', '.join(missing)}" if missing else "")
    # On the raw text: NFKC turns the full-width commas of prose into ASCII ones.
    table = _delimited_share([line for line in doc.raw_text[:_SCAN].split("\n") if line.strip()])
    if table is not None and score < _TABLE_THRESHOLD:
        rows, fields, total = table
        return False, (
            f"not a contract: a spreadsheet dump ({rows} of {total} lines are rows of {fields} "
            f"delimited fields; score {score}, {detail})"
        )
    if score >= _THRESHOLD and (roles or mentions["甲方"] or mentions["乙方"]):
        return True, f"contract: score {score} ({detail})"
    if score >= _THRESHOLD:
        return False, f"not a contract: score {score} but no party is named ({detail})"
    return False, f"not a contract: score {score} of {_THRESHOLD} needed ({detail})"


def run(doc: Document) -> Document:
    """Pipeline stage: mark `doc` `not_a_contract`, with the reason, when it
    does not read as a contract."""
    is_contract, reason = looks_like_contract(doc)
    if not is_contract:
        doc.fail("classify", reason, status="not_a_contract")
    return doc


def _delimited_share(lines: list[str]) -> tuple[int, int, int] | None:
    """(rows, fields, lines) when most lines are delimited rows with one field
    count, as a CSV/TSV export is; None otherwise. Contracts have tables
    too, but prose around them."""
    if len(lines) < 5:
        return None
    widths: Counter[int] = Counter()
    for line in lines:
        separators = _DELIMITED.findall(line)
        if len(separators) >= 2:
            widths[len(separators) + 1] += 1
    if not widths:
        return None
    fields, rows = widths.most_common(1)[0]
    return (rows, fields, len(lines)) if rows >= 0.6 * len(lines) else None
