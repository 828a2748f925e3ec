"""The workbench's words: Chinese first (the reviewers' language), English on
request (`?lang=en`). Codes stored in the database (`per_point`,
`service_fee`, `amount_words_mismatch`) are never shown as they are: each is
turned into what it means, in a sentence a reviewer reads
(`按服务费的1%每分扣减`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

LANGS = ("zh", "en")

_UI: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "app": ("合同审阅台", "Contract review workbench"),
    "index": ("合同列表", "Contracts"),
    "contracts_n": ("共 {n} 份合同", "{n} contracts"),
    "showing": ("第 {first}–{last} 份", "showing {first}–{last}"),
    "none_match": ("没有符合条件的合同。", "No contract matches these filters."),
    "filter": ("筛选", "Filter"),
    "clear": ("清除筛选", "Clear filters"),
    "status": ("处理状态", "Status"),
    "flag_kind": ("标记类型", "Flag kind"),
    "severity": ("严重程度", "Severity"),
    "region": ("地区", "Region"),
    "party": ("当事方", "Party"),
    "party_hint": ("甲方或乙方名称中的字词", "words of 甲方's or 乙方's name"),
    "amount_min": ("金额不低于（元）", "Amount from (yuan)"),
    "amount_max": ("金额不高于（元）", "Amount up to (yuan)"),
    "review_state": ("审阅进度", "Review"),
    "sort": ("排序", "Sort"),
    "any": ("全部", "any"),
    "source": ("文件", "File"),
    "title": ("标题", "Title"),
    "party_a": ("甲方", "Party A (甲方)"),
    "party_b": ("乙方", "Party B (乙方)"),
    "amount": ("合同金额", "Total"),
    "signed_on": ("签订日期", "Signed"),
    "flags": ("标记", "Flags"),
    "open_flags": ("待处理标记", "open flags"),
    "prev_page": ("上一页", "Previous page"),
    "next_page": ("下一页", "Next page"),
    "prev_contract": ("上一份", "Previous"),
    "next_contract": ("下一份", "Next"),
    "back": ("返回列表", "Back to the list"),
    "position": ("当前筛选中的第 {i} 份，共 {n} 份", "{i} of {n} in this filter"),
    "confirm": ("确认无误", "Confirm"),
    "dismiss": ("忽略此标记", "Dismiss"),
    "dismiss_value": ("不是此项", "Not this value"),
    "confirm_flag": ("确有问题", "Confirm problem"),
    "correct": ("更正", "Correct"),
    "corrected_value": ("正确的值", "Right value"),
    "note": ("备注", "Note"),
    "save": ("保存", "Save"),
    "reviewer": ("审阅人", "Reviewer"),
    "set": ("设定", "Set"),
    "decided": ("{who} 于 {when} {what}", "{what} by {who} on {when}"),
    "decision_confirm": ("确认无误", "confirmed"),
    "decision_dismiss": ("已忽略", "dismissed"),
    "decision_correct": ("更正为 {value}", "corrected to {value}"),
    "decision_confirm_flag": ("确认有问题", "confirmed as a problem"),
    "stale": (
        "此前 {who} 对这一项的决定（{what}）针对的是另一处证据；重新导入后证据已变，请重新审阅。",
        "{who}'s earlier decision here ({what}) was made on other evidence; the evidence changed on re-import, so look again.",
    ),
    "saved": ("已保存。", "Saved."),
    "page_image": ("原件第 {n} 页", "Page {n} of the original"),
    "page_of": ("第 {n} / {total} 页", "page {n} of {total}"),
    "no_page": ("原文件已不在原处，无法显示页面。", "The original file is no longer where it was imported from: no page image."),
    "no_evidence": ("无证据位置", "no place in the text"),
    "no_flags": ("没有标记。", "No flags."),
    "flag_detail": ("原始说明", "as recorded"),
    "shortcuts": ("快捷键", "Keyboard"),
    "shortcuts_help": (
        "n / p：下一份 / 上一份合同 · j / k：下一项 / 上一项 · c：确认 · d：忽略 · e：更正 · i：返回列表 · /：筛选",
        "n / p: next / previous contract · j / k: next / previous item · c: confirm · d: dismiss · e: correct · i: list · /: filter",
    ),
    "problems": ("证据位置有误", "Evidence out of place"),
    "highlights": ("{n} 处标注", "{n} highlights"),
    "language": ("English", "中文"),
    "export_note": (
        "静态导出：只读页面，审阅决定请在 hetong serve 中记录。",
        "Static export: read-only pages; record decisions in hetong serve.",
    ),
    "filter_text": ("在列表中查找", "Find in the list"),
    "error_title": ("出错了", "Something went wrong"),
    "not_found": ("数据库中没有这份文件。", "There is no such document in the database."),
    "csrf": (
        "提交未通过校验（页面可能已过期）。请刷新页面后再提交一次。",
        "The form could not be verified (the page may be stale). Reload the page and submit again.",
    ),
    "value_section": ("提取结果", "Extracted"),
    "total": ("合计", "total"),
}

STATUS = {"ok": ("正常", "ok"), "partial": ("部分提取", "partial"), "failed": ("失败", "failed"),
          "not_a_contract": ("非合同", "not a contract")}
SEVERITY = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}
REVIEW_STATE = {
    "unreviewed": ("未审阅", "not reviewed"),
    "in_progress": ("审阅中", "in progress"),
    "reviewed": ("已审阅", "reviewed"),
}
SORTS = {
    "source": ("按文件名", "file name"),
    "amount_desc": ("金额从高到低", "amount, highest first"),
    "amount": ("金额从低到高", "amount, lowest first"),
    "signed_desc": ("签订日期从新到旧", "signed, newest first"),
    "flags_desc": ("标记从多到少", "most flags first"),
    "open_desc": ("待处理标记从多到少", "most open flags first"),
}
FLAG_KINDS: dict[str, tuple[str, str]] = {
    "district_mismatch": ("行政区划不一致", "district mismatch"),
    "party_name_mismatch": ("当事方名称不一致", "party name mismatch"),
    "person_name_mismatch": ("人名不一致", "person name mismatch"),
    "party_detail_mismatch": ("当事方信息不一致", "party detail mismatch"),
    "amount_words_mismatch": ("大小写金额不一致", "amount in words ≠ digits"),
    "payment_sum_mismatch": ("分期付款合计与总额不符", "installments ≠ total"),
    "payment_ratio_mismatch": ("付款比例与金额不符", "installment share mismatch"),
    "tax_mismatch": ("税额对不上", "tax does not add up"),
    "period_mismatch": ("服务期限不一致", "period mismatch"),
    "missing_signing_date": ("签订日期空白", "signing date left blank"),
    "numbering_gap": ("条款编号不连续", "numbering gap"),
    "ocr_low_confidence": ("识别置信度低", "low OCR confidence"),
}
# A sentence per flag kind; {ev} is the conflicting strings as written.
_FLAG_SENTENCES: dict[str, str] = {
    "district_mismatch": "合同中写的行政区划对不上：{ev}。请核对当事方所在地。",
    "party_name_mismatch": "同一当事方在合同不同位置的名称不一样：{ev}。请核对哪个是正确的名称。",
    "person_name_mismatch": "同一个人的姓名在合同中写法不一：{ev}。请核对。",
    "party_detail_mismatch": "同一当事方的地址、电话或账号在合同中写法不一：{ev}。请核对。",
    "amount_words_mismatch": "大写金额与小写金额不一致：{ev}。请核对哪个是合同的真实金额。",
    "payment_sum_mismatch": "各期付款加起来不等于合同总额：{ev}。请核对付款条款。",
    "payment_ratio_mismatch": "某一期的付款金额与其约定的比例对不上：{ev}。请核对付款条款。",
    "tax_mismatch": "税额与税率或不含税金额对不上：{ev}。请核对价款条款。",
    "period_mismatch": "合同写明的期限与服务起止日期不一致：{ev}。请核对服务期限。",
    "missing_signing_date": "签订日期没有填写（{n} 处）：{ev}。",
    "numbering_gap": "条款编号不连续：{ev}。可能漏了条款，或是识别有误。",
    "ocr_low_confidence": "以下数值取自识别置信度低的扫描文字：{ev}。请对照原件核对。",
}
GROUPS = {
    "contract": ("合同", "contract"),
    "party_a": ("甲方", "party A"),
    "party_b": ("乙方", "party B"),
    "party": ("其他方", "other party"),
    "payment": ("付款", "payment"),
    "penalty": ("违约金", "penalty"),
    "sla": ("服务时限", "SLA"),
    "flag": ("标记", "flag"),
}
SECTIONS = {"flags": ("标记", "Flags"), "contract": ("合同", "Contract"), "payments": ("付款", "Payments"),
            "penalties": ("违约金", "Penalties"), "sla": ("服务时限", "SLA")}
_UNIT = {"per_day": ("每日", "per day"), "once": ("一次性", "once"), "per_point": ("每分", "per point")}
_BASE = {
    "contract_total": ("合同总额", "the contract total"),
    "overdue_amount": ("逾期金额", "the overdue amount"),
    "service_fee": ("服务费", "the service fee"),
    "daily_fee": ("日服务费", "the daily fee"),
    "other": ("约定基数", "the stated base"),
}
_SLA_KIND = {"response": ("响应", "respond"), "resolve": ("解决", "resolve"), "onsite": ("到场", "be on site"),
             "feedback": ("反馈", "give feedback")}
_FORUM = {"court": ("法院诉讼", "court"), "arbitration": ("仲裁", "arbitration")}
_DECISIONS = {"confirm", "dismiss", "correct"}


def lang_of(value: str | None) -> str:
    return value if value in LANGS else "zh"


def ui(lang: str, key: str, **kw: Any) -> str:
    zh, en = _UI[key]
    return (en if lang == "en" else zh).format(**kw)


def pick(table: dict[str, tuple[str, str]], code: str | None, lang: str) -> str:
    """The meaning of a stored code; an unknown code is shown as it is."""
    if code is None:
        return ""
    pair = table.get(code)
    if pair is None:
        return code
    return pair[1] if lang == "en" else pair[0]


def label(bilingual: str, lang: str) -> str:
    """review.py's labels are '合同总额 total': the Chinese word, then the English."""
    zh, _, en = bilingual.partition(" ")
    return (en or zh) if lang == "en" else zh


def percent(fraction: Decimal | None) -> str:
    if fraction is None:
        return "?"
    return format((fraction * 100).normalize(), "f") + "%"


def yuan(amount: Decimal | None, lang: str) -> str:
    if amount is None:
        return "金额不明" if lang == "zh" else "amount unknown"
    return f"{amount:,.2f} 元" if lang == "zh" else f"{amount:,.2f} yuan"


def hours(value: Decimal, lang: str) -> str:
    if value < 1:
        minutes = format((value * 60).normalize(), "f")
        return f"{minutes}分钟" if lang == "zh" else f"{minutes} min"
    h = format(value.normalize(), "f")
    return f"{h}小时" if lang == "zh" else f"{h} h"


def penalty(row: dict[str, Any], lang: str) -> str:
    """`按服务费的1%每分扣减`: who pays what share of what, how often."""
    payer = row.get("payer") or ("?" if lang == "en" else "违约方")
    base = pick(_BASE, row["base"], lang)
    unit = row["unit"]
    rate = percent(row["rate"])
    if lang == "en":
        text = f"{payer} pays {rate} of {base} {pick(_UNIT, unit, lang)}"
        if row.get("cap") is not None:
            text += f", at most {percent(row['cap'])}"
    else:
        if unit == "per_point":
            text = f"{payer}：按{base}的{rate}每分扣减"
        elif unit == "per_day":
            text = f"{payer}：按{base}的{rate}每日支付违约金"
        else:
            text = f"{payer}：按{base}的{rate}一次性支付违约金"
        if row.get("cap") is not None:
            text += f"，以{percent(row['cap'])}为上限"
    if row.get("trigger"):
        text += f"（{row['trigger']}）" if lang == "zh" else f" · {row['trigger']}"
    return text


def sla(row: dict[str, Any], lang: str) -> str:
    kind = pick(_SLA_KIND, row["kind"], lang)
    if lang == "en":
        text = f"{kind} within {hours(row['hours'], lang)}"
        return text + (f" ({row['severity']})" if row.get("severity") else "")
    text = f"{hours(row['hours'], lang)}内{kind}"
    return (f"{row['severity']}：" if row.get("severity") else "") + text


def payment(row: dict[str, Any], lang: str) -> str:
    parts = [yuan(row["amount"], lang)]
    if row.get("ratio") is not None:
        parts.append(("占总额 " if lang == "zh" else "") + percent(row["ratio"]) + ("" if lang == "zh" else " of the total"))
    if row.get("trigger"):
        parts.append(row["trigger"])
    if row.get("due_on") is not None:
        due = row["due_on"].isoformat()
        parts.append(f"应于 {due} 前支付" if lang == "zh" else f"due {due}")
    return " · ".join(parts)


def forum(code: str | None, lang: str) -> str:
    return pick(_FORUM, code, lang)


def flag_sentence(kind: str, evidence: list[str], message: str, lang: str) -> str:
    """A flag as a sentence: in English its stored message; in Chinese the
    sentence of its kind with the conflicting strings quoted."""
    if lang == "en":
        return message
    template = _FLAG_SENTENCES.get(kind)
    quoted = "、".join(f"“{' '.join(e.split())}”" for e in evidence if e) or "（未记录）"
    if template is None:
        return f"{pick(FLAG_KINDS, kind, lang)}：{quoted}。"
    return template.format(ev=quoted, n=len(evidence))


def decision_words(decision: str, corrected: str | None, kind: str, lang: str) -> str:
    if decision not in _DECISIONS:
        return decision
    if decision == "correct":
        return ui(lang, "decision_correct", value=corrected or "")
    if decision == "confirm" and kind == "flag":
        return ui(lang, "decision_confirm_flag")
    return ui(lang, f"decision_{decision}")
