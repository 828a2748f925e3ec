"""The contract page: today's review page (pipeline/review/page.py: the raw text
with every piece of evidence highlighted, the side panel of values and
flags) with, for each value, item and flag, the decision recorded on it and
the buttons to record one; the PDF page beside the text; and the place of the
contract in the current filter of the index (previous / next)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import duckdb

from hetong.pipeline.review import page as review_page
from hetong.pipeline.serve import i18n
from hetong.pipeline.serve.db import rows
from hetong.pipeline.serve.decisions import Decision, decisions_for, targets_for

__all__ = ["ContractPage", "Item", "load_contract"]


@dataclass
class Item:
    """One line of the side panel, and what a reviewer can decide on it."""

    id: str  # DOM id
    section: str
    label: str
    value: str
    marks: list[str]
    kind: str | None = None  # value | item | flag; None: nothing to decide (no evidence)
    severity: str | None = None
    flag_kind: str | None = None
    target: str | None = None
    evidence_key: str | None = None
    extracted_value: str | None = None
    detail: str | None = None  # a flag's message as recorded
    spots: list[tuple[str, str]] = field(default_factory=list)  # (mark id, snippet)
    decision: Decision | None = None
    stale: Decision | None = None


@dataclass
class Section:
    key: str
    heading: str
    group: str
    items: list[Item]


@dataclass
class ContractPage:
    review: review_page.Review
    sections: list[Section]
    text_html: str
    is_pdf: bool
    path: str | None
    pages: int | None
    mark_pages: dict[str, int]
    media_type: str
    n_decisions: int


def load_contract(conn: duckdb.DuckDBPyConnection, sha256: str, lang: str) -> ContractPage:
    """Everything the page shows; raises review.ReviewError when the document
    cannot be reviewed (not in the database, no text)."""
    rv = review_page.load_review(conn, sha256)
    doc = rows(conn, "SELECT media_type, path, pages FROM documents WHERE sha256 = ?", [sha256])[0]
    targets = targets_for(conn, sha256)
    decisions = decisions_for(conn, sha256, targets)
    by_field = _targets_by_field(targets)
    applying = {(d.target, d.evidence_key): d for d in decisions if d.applies}
    stale_by_target: dict[str, Decision] = {}
    for d in decisions:
        if not d.applies:
            stale_by_target[d.target] = d  # the latest, decisions come oldest first
    unique_targets = {t["target"] for t in targets if sum(1 for u in targets if u["target"] == t["target"]) == 1}

    details = _details(conn, sha256, lang)
    snippets = {m.id: rv.raw_text[m.start : m.end] for m in rv.marks}
    items: dict[str, list[Item]] = {}
    for n, entry in enumerate(rv.entries):
        item = Item(
            id=f"item-{n}",
            section=entry.section,
            label=_label(entry, lang),
            value=_value(entry, details, lang),
            marks=list(entry.marks),
            severity=entry.severity,
            flag_kind=entry.kind,
        )
        if entry.section == "flags":
            item.detail = entry.value
            item.spots = [(m, review_page._snippet(snippets.get(m, ""))) for m in entry.marks]
        target = by_field.get(entry.field or "")
        if target is not None:
            item.kind = target["kind"]
            item.target = target["target"]
            item.evidence_key = target["evidence_key"]
            item.extracted_value = target["extracted_value"]
            item.decision = applying.get((target["target"], target["evidence_key"]))
            if item.decision is None and target["target"] in unique_targets:
                item.stale = stale_by_target.get(target["target"])
        items.setdefault(entry.section, []).append(item)

    sections = []
    order = ["flags", "contract"] + [s for s in items if s.startswith("party:")] + ["payments", "penalties", "sla"]
    for key in order:
        if key not in items and key != "flags":
            continue
        if key.startswith("party:"):
            role = key.split(":", 1)[1]
            heading = role
            group = {"甲方": "party_a", "乙方": "party_b"}.get(role, "party")
        else:
            heading = i18n.pick(i18n.SECTIONS, key, lang)
            group = review_page._section_group(key)
        sections.append(Section(key, heading, group, items.get(key, [])))

    is_pdf = doc["media_type"] == "application/pdf"
    return ContractPage(
        review=rv,
        sections=sections,
        text_html=review_page.highlighted_text(_in_words(rv, sections)),
        is_pdf=is_pdf,
        path=doc["path"],
        pages=doc["pages"] if is_pdf else None,
        mark_pages=_mark_pages(conn, sha256, rv) if is_pdf else {},
        media_type=doc["media_type"],
        n_decisions=sum(1 for d in decisions if d.applies),
    )


def _in_words(rv: review_page.Review, sections: list[Section]) -> review_page.Review:
    """The review with each mark's tooltip (field = value [rule]) written as
    the panel writes it: the section and label, the value in the page's
    language, no rule id."""
    shown: dict[str, tuple[str, str]] = {}
    for sec in sections:
        for item in sec.items:
            for m in item.marks:
                shown.setdefault(m, (f"{sec.heading} · {item.label}", item.value))
    marks = [
        replace(m, field=shown[m.id][0], value=shown[m.id][1], rule=None) if m.id in shown else replace(m, rule=None)
        for m in rv.marks
    ]
    return replace(rv, marks=marks)


def _targets_by_field(targets: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """review.Entry.field → its target: 'contract.x' and 'parties[r].x' by
    name, 'payments[3]' and 'flags[2]' by the row's seq."""
    out: dict[str, dict[str, Any]] = {}
    for t in targets:
        if t["kind"] == "value":
            out[t["target"]] = t
        elif t["kind"] == "item":
            out[f"{t['target']}[{t['seq']}]"] = t
        else:
            out[f"flags[{t['seq']}]"] = t
    return out


def _label(entry: review_page.Entry, lang: str) -> str:
    if entry.section == "flags":
        return i18n.pick(i18n.FLAG_KINDS, entry.kind, lang)
    if entry.section in ("payments", "penalties", "sla"):
        seq = (entry.field or "").rsplit("[", 1)[-1].rstrip("]")
        if entry.section == "payments":
            return f"第{seq}期" if lang == "zh" else f"installment {seq}"
        return f"第{seq}项" if lang == "zh" else f"#{seq}"
    return i18n.label(entry.label, lang)


def _value(entry: review_page.Entry, details: dict[str, str], lang: str) -> str:
    if entry.field and entry.field in details:
        return details[entry.field]
    if entry.label.startswith("地区"):
        return _region(entry.value, lang)
    return entry.value


def _region(value: str, lang: str) -> str:
    if lang == "en":
        return value
    return (
        value.replace("no code", "无代码").replace(", from address", "，依据地址").replace(", from name", "，依据名称")
        .replace(" (", "（").replace("(", "（").replace(")", "）")
    )


def _details(conn: duckdb.DuckDBPyConnection, sha256: str, lang: str) -> dict[str, str]:
    """The panel's wording of values whose stored form is a code or English:
    payments, penalties, SLA, flags, the dispute forum."""
    out: dict[str, str] = {}
    for p in rows(conn, "SELECT seq, amount, ratio, trigger, due_on FROM v_payment_schedule WHERE sha256 = ?", [sha256]):
        out[f"payments[{p['seq']}]"] = i18n.payment(p, lang)
    for p in rows(conn, "SELECT seq, payer, rate, unit, base, cap, trigger FROM penalties WHERE sha256 = ?", [sha256]):
        out[f"penalties[{p['seq']}]"] = i18n.penalty(p, lang)
    for s in rows(conn, "SELECT seq, kind, hours, severity FROM sla WHERE sha256 = ?", [sha256]):
        out[f"sla[{s['seq']}]"] = i18n.sla(s, lang)
    for f in rows(conn, "SELECT seq, kind, message, evidence FROM flags WHERE sha256 = ?", [sha256]):
        out[f"flags[{f['seq']}]"] = i18n.flag_sentence(f["kind"], list(f["evidence"]), f["message"], lang)
    forum = rows(conn, "SELECT dispute_forum FROM contracts WHERE sha256 = ?", [sha256])
    if forum and forum[0]["dispute_forum"]:
        out["contract.dispute_forum"] = i18n.forum(forum[0]["dispute_forum"], lang)
    return out


def _mark_pages(conn: duckdb.DuckDBPyConnection, sha256: str, rv: review_page.Review) -> dict[str, int]:
    """The PDF page of every mark: pages grow with offsets, so a mark is on
    the page of the nearest evidence with a known page at or before it."""
    points = sorted(
        (r["ev_start"], r["page"])
        for r in rows(
            conn,
            "SELECT ev_start, page FROM v_review_targets WHERE sha256 = ? AND page IS NOT NULL AND ev_start IS NOT NULL",
            [sha256],
        )
    )
    out: dict[str, int] = {}
    if not points:
        return out
    for m in rv.marks:
        page = points[0][1]
        for start, p in points:
            if start > m.start:
                break
            page = p
        out[m.id] = page
    return out
