"""Review page: a contract's raw text with every extracted value highlighted
where it was found, and a side panel of the values and flags that jumps to
their evidence. One self-contained HTML file (inline CSS and JS, nothing
fetched), for a file (`hetong review FILE`) or for a document already in a
database (`hetong review --db DB --sha256 HASH | --source NAME`).

Both read the same thing: a file is extracted and stored into an in-memory
database first, so the page shows exactly what an import stores. The page
template is `pipeline/templates/review.html`.

Highlights may overlap (the same span evidences 服务开始 and 服务结束; a flag
points into a party name). The text is cut at every evidence boundary and each
piece is one `<mark>` listing, in `data-ev`, every evidence item covering it;
its colour is that of the shortest item covering it, its tooltip lists them
all. Each evidence item also gets an empty anchor `#ev-N` at its start.

Why one module: one page: highlighting, the side panel and the flag messages
are built from the same evidence list; the HTML itself is in `templates/`.
"""

from __future__ import annotations

import html
import json
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import duckdb

from hetong.pipeline.store import readers, storage

__all__ = [
    "Entry",
    "Mark",
    "Review",
    "ReviewError",
    "find_documents",
    "group_css",
    "highlighted_text",
    "load_review",
    "render",
    "review_command",
    "review_file",
]


class ReviewError(ValueError):
    """The document cannot be reviewed; the message says why."""


# Groups of evidence: (key, legend label, background colour). The colour of
# a piece of text is that of its shortest evidence; flags underline in red.
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("contract", "合同 contract", "#cfe2ff"),
    ("party_a", "甲方 party A", "#c9efc9"),
    ("party_b", "乙方 party B", "#bfeae6"),
    ("party", "其他方 other party", "#e2e2e2"),
    ("payment", "付款 payment", "#ffe0a3"),
    ("penalty", "违约金 penalty", "#ffcfd6"),
    ("sla", "SLA", "#e4d4ff"),
    ("flag", "标记 flag", "#ffffff"),
)
_GROUP_KEYS = {key for key, _, _ in GROUPS}

CONTRACT_FIELDS = {
    "title": "标题 title",
    "project_name": "项目名称 project",
    "contract_no": "合同编号 number",
    "signed_on": "签订日期 signed on",
    "total_amount": "合同总额 total",
    "total_amount_words": "大写金额 total in words",
    "tax_rate": "税率 tax rate",
    "service_start": "服务开始 service start",
    "service_end": "服务结束 service end",
    "coverage": "服务时间 coverage",
    "dispute_forum": "争议解决 forum",
    "dispute_venue": "管辖 venue",
}
PARTY_FIELDS = {
    "name": "名称 name",
    "label": "称谓 label",
    "address": "地址 address",
    "legal_rep": "法定代表人 legal rep.",
    "contact": "联系人 contact",
    "phone": "电话 phone",
    "email": "邮箱 e-mail",
    "postcode": "邮编 postcode",
    "bank": "开户行 bank",
    "account": "账号 account",
    "tax_id": "税号 tax id",
}


@dataclass(frozen=True)
class Mark:
    """One evidence item: a value and the raw-text span it was read from."""

    id: str  # "e0", "e1", … in document order of the panel
    group: str  # a GROUPS key
    field: str  # contract.total_amount, parties[乙方].phone, payments[1], flags[2]
    value: str  # normalised value as shown
    start: int
    end: int
    rule: str | None = None


@dataclass
class Entry:
    """A line of the side panel."""

    section: str
    label: str
    value: str
    marks: list[str] = field(default_factory=list)  # Mark ids
    severity: str | None = None  # for flags
    field: str | None = None  # what it shows: contract.total_amount, parties[乙方].name, payments[1], flags[2]
    kind: str | None = None  # for flags: the flag kind; for items: the row's seq is in `field`


@dataclass
class Review:
    source: str
    sha256: str
    status: str
    title: str | None
    raw_text: str
    error: str | None = None
    marks: list[Mark] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def flags(self) -> list[Entry]:
        return [e for e in self.entries if e.section == "flags"]


# -- loading ----------------------------------------------------------------------------


def find_documents(
    conn: duckdb.DuckDBPyConnection, *, sha256: str | None = None, source: str | None = None
) -> list[tuple[str, str]]:
    """(sha256, source) of the documents whose sha256 starts with `sha256`
    (case-insensitive) or whose file name is `source`."""
    if (sha256 is None) == (source is None):
        raise ValueError("give exactly one of sha256 and source")
    if sha256 is not None:
        rows = conn.execute(
            "SELECT sha256, source FROM documents WHERE starts_with(sha256, ?) ORDER BY sha256",
            [sha256.strip().lower()],
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT sha256, source FROM documents WHERE source = ? ORDER BY sha256", [source]
        ).fetchall()
    return [(r[0], r[1]) for r in rows]


def load_review(conn: duckdb.DuckDBPyConnection, sha256: str) -> Review:
    """Everything the page shows for the document `sha256`."""
    doc = conn.execute("SELECT source, status, error, path FROM documents WHERE sha256 = ?", [sha256]).fetchone()
    if doc is None:
        raise ReviewError(f"no document {sha256} in the database")
    source, status, error, path = doc
    raw_text = _raw_text(conn, sha256, path)
    contract = _one(conn, "SELECT * FROM contracts WHERE sha256 = ?", sha256)
    review = Review(
        source=source,
        sha256=sha256,
        status=status,
        title=contract.get("title") if contract else None,
        raw_text=raw_text,
        error=error,
    )
    _Builder(conn, review, contract).build()
    return review


def _raw_text(conn: duckdb.DuckDBPyConnection, sha256: str, path: str | None) -> str:
    """The stored raw text; for a document imported before the texts table,
    the original file when it is still there with the same content."""
    row = conn.execute("SELECT raw_text FROM texts WHERE sha256 = ?", [sha256]).fetchone()
    if row is not None:
        return row[0]
    if path:
        from hetong.pipeline.read.ingest import IngestError, load_bytes
        from hetong.pipeline.read.ingest import sha256 as digest

        try:
            data = Path(path).read_bytes()
        except OSError:
            data = None
        if data is not None and digest(data) == sha256:
            try:
                return load_bytes(data, source=Path(path).name, path=path).raw_text
            except IngestError as exc:
                raise ReviewError(f"{path}: {exc}") from exc
    raise ReviewError(
        f"no text stored for document {sha256[:12]} (imported before texts were stored, or it has none) "
        f"and its file {path or '(unknown)'} is gone or changed; re-import it with `hetong ingest --force`"
    )


def _one(conn: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> dict[str, Any] | None:
    cur = conn.execute(sql, list(params))
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row))


def _all(conn: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> list[dict[str, Any]]:
    cur = conn.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


class _Builder:
    """Turns the stored rows of one document into marks and panel entries."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, review: Review, contract: dict[str, Any] | None):
        self.conn = conn
        self.review = review
        self.contract = contract
        self.sha = review.sha256

    def build(self) -> None:
        evidence = _all(
            self.conn,
            "SELECT field, value, text, start_offset, end_offset, rule FROM evidence WHERE sha256 = ? "
            "ORDER BY start_offset, field",
            self.sha,
        )
        by_field: dict[str, list[dict[str, Any]]] = {}
        for ev in evidence:
            by_field.setdefault(ev["field"], []).append(ev)
        self._flags()
        self._contract(by_field)
        self._parties(by_field)
        self._payments()
        self._penalties()
        self._sla()

    # -- helpers
    def _mark(
        self, group: str, field_: str, value: str, start: int | None, end: int | None, rule: str | None
    ) -> list[str]:
        if start is None or end is None:
            return []
        n = len(self.review.raw_text)
        if not (0 <= start <= end <= n):
            self.review.problems.append(
                f"{field_}: evidence [{start}, {end}) lies outside the text ({n} characters); not shown"
            )
            return []
        mark = Mark(f"e{len(self.review.marks)}", group, field_, value, start, end, rule)
        self.review.marks.append(mark)
        return [mark.id]

    def _entry(
        self,
        section: str,
        label: str,
        value: str,
        marks: list[str],
        severity: str | None = None,
        *,
        field_: str | None = None,
        kind: str | None = None,
    ) -> None:
        self.review.entries.append(Entry(section, label, value, marks, severity, field_, kind))

    # -- sections
    def _flags(self) -> None:
        for f in _all(
            self.conn, "SELECT seq, kind, severity, message, spans FROM flags WHERE sha256 = ? ORDER BY seq", self.sha
        ):
            where = f"flags[{f['seq']}]"
            value = f"{f['kind']} ({f['severity']}): {f['message']}"
            marks: list[str] = []
            for span in f["spans"]:
                marks += self._mark("flag", where, value, span["start_offset"], span["end_offset"], span["rule"])
            self._entry("flags", f["kind"], f["message"], marks, f["severity"], field_=where, kind=f["kind"])

    def _contract(self, by_field: dict[str, list[dict[str, Any]]]) -> None:
        if self.contract is None:
            return
        for name, label in CONTRACT_FIELDS.items():
            raw = self.contract.get(name)
            if name == "total_amount" and raw is not None:
                value: str | None = _yuan(raw)
            elif name == "tax_rate" and raw is not None:
                value = _percent(raw)
            else:
                value = _show(raw)
            evs = by_field.get(f"contract.{name}", [])
            if value is None and not evs:
                continue
            marks: list[str] = []
            for ev in evs:
                marks += self._mark(
                    "contract",
                    f"contract.{name}",
                    value or ev["value"] or "",
                    ev["start_offset"],
                    ev["end_offset"],
                    ev["rule"],
                )
            self._entry("contract", label, value or "", marks, field_=f"contract.{name}")

    def _parties(self, by_field: dict[str, list[dict[str, Any]]]) -> None:
        seen_roles: set[str] = set()
        for p in _all(self.conn, "SELECT * FROM parties WHERE sha256 = ? ORDER BY seq", self.sha):
            role = p["role"]
            group = {"甲方": "party_a", "乙方": "party_b"}.get(role, "party")
            section = f"party:{role}"
            first = role not in seen_roles  # evidence is keyed by role: show it on the first party of a role
            seen_roles.add(role)
            for name, label in PARTY_FIELDS.items():
                value = _show(p.get(name))
                evs = by_field.get(f"parties[{role}].{name}", []) if first else []
                if value is None and not evs:
                    continue
                marks: list[str] = []
                for ev in evs:
                    marks += self._mark(
                        group,
                        f"parties[{role}].{name}",
                        value or ev["value"] or "",
                        ev["start_offset"],
                        ev["end_offset"],
                        ev["rule"],
                    )
                self._entry(section, label, value or "", marks, field_=f"parties[{role}].{name}" if first else None)
            region = " ".join(
                x
                for x in (
                    p.get("province"),
                    p.get("city") if p.get("city") != p.get("province") else None,
                    p.get("district"),
                )
                if x
            )
            if region:
                self._entry(
                    section,
                    "地区 region",
                    f"{region} ({p.get('region_code') or 'no code'}, from {p.get('region_source')})",
                    [],
                )

    def _payments(self) -> None:
        rows = _all(
            self.conn,
            "SELECT seq, amount, ratio, trigger, due_on, due_on_rule, ev_start, ev_end, rule "
            "FROM v_payment_schedule WHERE sha256 = ? ORDER BY seq",
            self.sha,
        )
        for p in rows:
            parts = [f"{_yuan(p['amount'])}" if p["amount"] is not None else "amount unknown"]
            if p["ratio"] is not None:
                parts.append(f"{_percent(p['ratio'])}")
            if p["trigger"]:
                parts.append(p["trigger"])
            if p["due_on"] is not None:
                parts.append(f"due {p['due_on'].isoformat()} ({p['due_on_rule']})")
            value = " · ".join(parts)
            marks = self._mark("payment", f"payments[{p['seq']}]", value, p["ev_start"], p["ev_end"], p["rule"])
            self._entry("payments", f"第{p['seq']}期 #{p['seq']}", value, marks, field_=f"payments[{p['seq']}]")

    def _penalties(self) -> None:
        rows = _all(
            self.conn,
            "SELECT seq, payer, rate, unit, base, cap, trigger, ev_start, ev_end, rule "
            "FROM penalties WHERE sha256 = ? ORDER BY seq",
            self.sha,
        )
        for p in rows:
            unit = {"per_day": "per day", "once": "once", "per_point": "per point"}.get(p["unit"], p["unit"])
            value = f"{p['payer'] or '?'} pays {_percent(p['rate'])} of {p['base']} {unit}"
            if p["cap"] is not None:
                value += f", capped at {_percent(p['cap'])}"
            if p["trigger"]:
                value += f" · {p['trigger']}"
            marks = self._mark("penalty", f"penalties[{p['seq']}]", value, p["ev_start"], p["ev_end"], p["rule"])
            self._entry("penalties", f"#{p['seq']}", value, marks, field_=f"penalties[{p['seq']}]")

    def _sla(self) -> None:
        rows = _all(
            self.conn,
            "SELECT seq, kind, hours, severity, ev_start, ev_end, rule FROM sla WHERE sha256 = ? ORDER BY seq",
            self.sha,
        )
        for s in rows:
            value = f"{s['kind']} ≤ {_hours(s['hours'])}" + (f" ({s['severity']})" if s["severity"] else "")
            marks = self._mark("sla", f"sla[{s['seq']}]", value, s["ev_start"], s["ev_end"], s["rule"])
            self._entry("sla", f"#{s['seq']}", value, marks, field_=f"sla[{s['seq']}]")


def _show(value: Any) -> str | None:
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f} 元"


def _percent(fraction: Decimal) -> str:
    text = format((fraction * 100).normalize(), "f")
    return f"{text} %"


def _hours(hours: Decimal) -> str:
    if hours < 1:
        return f"{format((hours * 60).normalize(), 'f')} min"
    return f"{format(hours.normalize(), 'f')} h"


def review_file(path: Path) -> Review:
    """Extract `path` and review what an import would store."""
    from hetong.pipeline.orchestrate import process_path

    doc = process_path(Path(path))
    if not doc.raw_text:
        raise ReviewError(f"{path}: {doc.status}: {'; '.join(doc.errors) or 'no text'}")
    conn = storage.connect(":memory:")
    try:
        storage.store_document(conn, doc, storage.start_run(conn))
        return load_review(conn, doc.sha256)
    finally:
        conn.close()


# -- rendering ----------------------------------------------------------------------------

_SECTIONS = (
    ("flags", "标记 Flags"),
    ("contract", "合同 Contract"),
    ("payments", "付款 Payments"),
    ("penalties", "违约金 Penalties"),
    ("sla", "SLA"),
)


def render(review: Review) -> str:
    """The review page as one self-contained HTML document."""
    template = Template(resources.files("hetong.pipeline.review").joinpath("templates", "review.html").read_text(encoding="utf-8"))
    esc = html.escape
    title = review.title or review.source
    return template.substitute(
        page_title=esc(f"{title} — hetong review"),
        group_css=_group_css(),
        title=esc(title),
        meta=_meta(review),
        legend=_legend(review),
        problems="".join(f"<li>{esc(p)}</li>" for p in review.problems),
        problems_class="problems" if review.problems else "problems none",
        text=_text_html(review),
        panel=_panel(review),
        data=_script_json({"marks": len(review.marks), "flags": len(review.flags), "sha256": review.sha256}),
    )


def highlighted_text(review: Review) -> str:
    """The raw text as escaped HTML with every evidence piece a `<mark>`
    (data-ev = the Mark ids): the text of this page and of `hetong serve`."""
    return _text_html(review)


def group_css() -> str:
    """The CSS colouring the marks of each group."""
    return _group_css()


def _group_css() -> str:
    rules = []
    for key, _, colour in GROUPS:
        if key != "flag":
            rules.append(f"mark.g-{key}{{background:{colour}}} .sw.g-{key}, .chip.g-{key} .sw{{background:{colour}}}")
        rules.append(f"body.hide-{key} mark.g-{key}{{background:transparent}}")
    return "\n".join(rules)


def _meta(review: Review) -> str:
    esc = html.escape
    bits = [
        f'<span class="src">{esc(review.source)}</span>',
        f'<span class="status s-{esc(review.status)}">{esc(review.status)}</span>',
        f'<span title="{esc(review.sha256)}">sha256 {esc(review.sha256[:12])}…</span>',
        f"<span>{len(review.marks)} highlights</span>",
        f"<span>{len(review.flags)} flags</span>",
    ]
    if review.error:
        bits.append(f'<span class="err">{esc(review.error)}</span>')
    return " ".join(bits)


def _legend(review: Review) -> str:
    counts: dict[str, int] = {}
    for m in review.marks:
        counts[m.group] = counts.get(m.group, 0) + 1
    chips = []
    for key, label, _ in GROUPS:
        chips.append(
            f'<button type="button" class="chip g-{key}" data-group="{key}" title="show or hide">'
            f'<span class="sw"></span>{html.escape(label)} <span class="n">{counts.get(key, 0)}</span></button>'
        )
    return "".join(chips)


def _text_html(review: Review) -> str:
    """The raw text cut at every evidence boundary; covered pieces are marks."""
    text = review.raw_text
    marks = review.marks
    starts: dict[int, list[Mark]] = {}
    bounds = {0, len(text)}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
        bounds.update((m.start, m.end))
    cuts = sorted(bounds)
    spans = [m for m in marks if m.end > m.start]
    out: list[str] = []

    def anchors(at: int) -> None:
        for m in starts.get(at, []):
            out.append(f'<span class="anchor" id="ev-{m.id[1:]}"></span>')
            if m.start == m.end:  # an empty span: a point marker, no text
                out.append(_mark_tag([m], point=True) + "</mark>")

    for a, b in zip(cuts, cuts[1:]):
        anchors(a)
        piece = html.escape(text[a:b])
        covering = [m for m in spans if m.start <= a and b <= m.end]
        if covering:
            out.append(_mark_tag(covering) + piece + "</mark>")
        else:
            out.append(piece)
    anchors(cuts[-1])  # items starting at the very end of the text
    return "".join(out)


def _mark_tag(covering: list[Mark], point: bool = False) -> str:
    colour_from = [m for m in covering if m.group != "flag"] or covering
    main = min(colour_from, key=lambda m: (m.end - m.start, m.id))
    classes = ["hl", f"g-{main.group}"]
    if any(m.group == "flag" for m in covering):
        classes.append("flagged")
    if point:
        classes.append("point")
    ids = " ".join(m.id for m in covering)
    tip = "\n".join(f"{m.field} = {m.value}" + (f"  [{m.rule}]" if m.rule else "") for m in covering)
    return f'<mark class="{" ".join(classes)}" data-ev="{ids}" title="{html.escape(tip)}">'


def _panel(review: Review) -> str:
    esc = html.escape
    sections: list[tuple[str, str]] = list(_SECTIONS[:2])
    party_sections = []
    for e in review.entries:
        if e.section.startswith("party:") and e.section not in party_sections:
            party_sections.append(e.section)
    sections += [(s, s.split(":", 1)[1]) for s in party_sections]
    sections += list(_SECTIONS[2:])
    out = []
    for key, heading in sections:
        entries = [e for e in review.entries if e.section == key]
        if key == "flags":
            snippets = {m.id: review.raw_text[m.start : m.end] for m in review.marks if m.group == "flag"}
            body = "".join(_flag_entry(e, snippets) for e in entries) or '<p class="none">No flags.</p>'
        elif not entries:
            continue
        else:
            body = "".join(_value_entry(e) for e in entries)
        group = _section_group(key)
        out.append(
            f'<section class="sec sec-{esc(group)}" id="sec-{esc(key.replace(":", "-"))}">'
            f'<h2><span class="sw g-{esc(group)}"></span>{esc(heading)} <span class="n">{len(entries)}</span></h2>'
            f"{body}</section>"
        )
    return "".join(out)


def _section_group(key: str) -> str:
    if key.startswith("party:"):
        return {"party:甲方": "party_a", "party:乙方": "party_b"}.get(key, "party")
    return {"flags": "flag", "contract": "contract", "payments": "payment", "penalties": "penalty", "sla": "sla"}[key]


def _value_entry(e: Entry) -> str:
    esc = html.escape
    if e.marks:
        jump = f' data-jump="{" ".join(e.marks)}" href="#ev-{e.marks[0][1:]}"'
        return f'<a class="entry"{jump}><span class="k">{esc(e.label)}</span><span class="v">{esc(e.value)}</span></a>'
    return (
        f'<div class="entry noev" title="no evidence stored for this value"><span class="k">{esc(e.label)}</span>'
        f'<span class="v">{esc(e.value)}</span></div>'
    )


def _flag_entry(e: Entry, snippets: dict[str, str]) -> str:
    esc = html.escape
    sev = esc(e.severity or "warning")
    links = "".join(
        f'<a class="spot" data-jump="{m}" href="#ev-{m[1:]}" title="place {i} in the text">'
        f"{esc(_snippet(snippets.get(m, '')))}</a>"
        for i, m in enumerate(e.marks, start=1)
    )
    jump = f' data-jump="{" ".join(e.marks)}"' if e.marks else ""
    return (
        f'<div class="flag sev-{sev}"{jump}><div class="fk"><span class="badge">{sev}</span> {esc(e.label)}</div>'
        f'<div class="fm">{esc(e.value)}</div>'
        + (f'<div class="spots">{links}</div>' if links else '<div class="spots none">no place in the text</div>')
        + "</div>"
    )


def _snippet(text: str, limit: int = 12) -> str:
    text = " ".join(text.split()) or "◆"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _script_json(data: dict[str, Any]) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- command --------------------------------------------------------------------------------


def review_command(
    file: Path | None,
    html_out: Path,
    *,
    db: Path | None = None,
    sha256: str | None = None,
    source: str | None = None,
) -> int:
    """`hetong review`: write the review page of FILE, or of the document of
    DB named by --sha256 (a prefix will do) or --source. Exit code 0; 1 when
    the document cannot be reviewed; 2 on a usage error."""

    def fail(code: int, message: str) -> int:
        print(message, file=sys.stderr)
        return code

    if file is not None:
        if db is not None or sha256 is not None or source is not None:
            return fail(2, "give either FILE, or --db with --sha256 or --source, not both")
        try:
            review = review_file(file)
        except ReviewError as exc:
            return fail(1, str(exc))
    else:
        if db is None:
            return fail(2, "give a FILE to review, or --db DB with --sha256 HASH or --source NAME")
        if (sha256 is None) == (source is None):
            return fail(2, "with --db, give exactly one of --sha256 and --source")
        try:
            conn = readers.open_for_reading(db)
        except (duckdb.Error, storage.MigrationError, OSError, readers.DatabaseBusy) as exc:
            return fail(2, f"cannot open database {db}: {exc}")
        try:
            found = find_documents(conn, sha256=sha256, source=source)
            if not found:
                return fail(1, f"{db}: no document with {'sha256 ' + sha256 if sha256 else 'source ' + repr(source)}")
            if len(found) > 1:
                listing = "\n".join(f"  {sha}  {src}" for sha, src in found)
                return fail(1, f"{db}: {len(found)} documents match; give a longer --sha256:\n{listing}")
            review = load_review(conn, found[0][0])
        except ReviewError as exc:
            return fail(1, str(exc))
        finally:
            conn.close()
    Path(html_out).write_text(render(review), encoding="utf-8")
    print(f"{html_out}: {review.source}: {len(review.marks)} highlights, {len(review.flags)} flags", file=sys.stderr)
    for problem in review.problems:
        print(f"{review.source}: {problem}", file=sys.stderr)
    return 0
