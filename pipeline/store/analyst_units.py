"""Values of migration 008 (due dates, exact SLA seconds, channels) for rows
stored before it, and for Documents built without them.

`upgrade(conn)` is the migration's hook: it runs in the migration's
transaction and uses only the schema as of 008.

- payments: `due_on`, `due_exact`, `due_rule` from the stored trigger, rule
  and evidence and the contract's stored dates, by the same resolver the
  extractor uses (extractors/due_dates.py);
- sla: `seconds` re-read from the stored evidence text when it reads as the
  stored hours (hours was DECIMAL(9,3): 15秒 was kept as 0.004 h, 14.4 s),
  else whole minutes when the hours are those to 3 decimals, else the hours
  in seconds; `channel` split from `severity` (extractors/sla_labels.py);
- the aliases of the retired views get the column comments of the views they
  alias.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import duckdb

_ALIASES = {"contract_overview": "v_contracts", "payment_schedule": "v_payment_schedule", "all_evidence": "v_evidence"}
_STORED = Decimal("0.001")  # the scale sla.hours was stored at


def resolve_due_dates(doc: Any, payments: list[Any]) -> list[Any]:
    from hetong.extractors import due_dates

    return due_dates.for_document(doc, payments)


def exact_seconds(hours: Decimal, ev_text: str | None) -> int:
    """The limit in seconds of a row stored with DECIMAL(9,3) hours."""
    from hetong.extractors.parsers.durations import parse_hours

    parsed = parse_hours(ev_text) if ev_text else None
    if parsed is not None and parsed.quantize(_STORED, rounding=ROUND_HALF_EVEN) == hours:
        return int((parsed * 3600).to_integral_value(rounding=ROUND_HALF_EVEN))
    minutes = (hours * 60).to_integral_value(rounding=ROUND_HALF_EVEN)
    if (minutes / 60).quantize(_STORED, rounding=ROUND_HALF_EVEN) == hours:
        return int(minutes * 60)
    return int((hours * 3600).to_integral_value(rounding=ROUND_HALF_EVEN))


def upgrade(conn: duckdb.DuckDBPyConnection) -> None:
    _fill_due_dates(conn)
    _fill_sla(conn)
    _comment_aliases(conn)


def _fill_due_dates(conn: duckdb.DuckDBPyConnection) -> None:
    from hetong.extractors import due_dates
    from hetong.models import Evidence, Payment
    from hetong.pipeline.text.script import simplify

    rows = conn.execute(
        "SELECT p.sha256, p.seq, p.trigger, p.rule, p.ev_text, p.due_days, p.due_day_kind, p.due_basis, "
        "c.signed_on, c.service_start, c.service_end, t.raw_text "
        "FROM payments p LEFT JOIN contracts c USING (sha256) LEFT JOIN texts t USING (sha256) "
        "ORDER BY p.sha256, p.seq"
    ).fetchall()
    by_doc: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        by_doc.setdefault(row[0], []).append(row)
    updates = []
    for sha, doc_rows in by_doc.items():
        first = doc_rows[0]
        # stored text is in the document's own script; the resolver reads simplified
        # characters, as extraction gives it the simplified shadow
        accepted = due_dates.stated_acceptance(simplify(first[11])) if first[11] else None
        dates = due_dates.ContractDates(first[8], first[9], first[10], accepted)
        payments = [
            Payment(seq=seq, trigger=simplify(trigger) if trigger else trigger, due_days=days, due_day_kind=kind, due_basis=basis,
                    evidence=Evidence(start=0, end=0, text=ev_text or "", rule=rule) if rule else None)
            for _, seq, trigger, rule, ev_text, days, kind, basis, *_ in doc_rows
        ]
        for p in due_dates.resolve(payments, dates):
            updates.append([p.due_on, p.due_exact, p.due_rule, sha, p.seq])
    if updates:
        # one statement for all rows (an executemany runs row by row, ~1 ms a row)
        due_on, exact, rule, shas, seqs = (list(col) for col in zip(*updates))
        conn.execute(
            "UPDATE payments p SET due_on = u.due_on, due_exact = u.due_exact, due_rule = u.due_rule "
            "FROM (SELECT unnest(?::DATE[]) AS due_on, unnest(?::BOOLEAN[]) AS due_exact, unnest(?::VARCHAR[]) AS due_rule, "
            "unnest(?::VARCHAR[]) AS sha256, unnest(?::INTEGER[]) AS seq) u "
            "WHERE p.sha256 = u.sha256 AND p.seq = u.seq",
            [due_on, exact, rule, shas, seqs],
        )


def _fill_sla(conn: duckdb.DuckDBPyConnection) -> None:
    from hetong.extractors.sla_labels import channel_of

    rows = conn.execute("SELECT sha256, seq, hours, severity, ev_text FROM sla").fetchall()
    updates = []
    for sha, seq, hours, severity, ev_text in rows:
        severity, channel = channel_of(severity)
        updates.append([exact_seconds(hours, ev_text), severity, channel, sha, seq])
    if updates:
        seconds, severity, channel, shas, seqs = (list(col) for col in zip(*updates))
        conn.execute(
            "UPDATE sla s SET seconds = u.seconds, severity = u.severity, channel = u.channel "
            "FROM (SELECT unnest(?::BIGINT[]) AS seconds, unnest(?::VARCHAR[]) AS severity, unnest(?::VARCHAR[]) AS channel, "
            "unnest(?::VARCHAR[]) AS sha256, unnest(?::INTEGER[]) AS seq) u "
            "WHERE s.sha256 = u.sha256 AND s.seq = u.seq",
            [seconds, severity, channel, shas, seqs],
        )


def _comment_aliases(conn: duckdb.DuckDBPyConnection) -> None:
    for alias, view in _ALIASES.items():
        comments = conn.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = ? AND comment IS NOT NULL", [view]
        ).fetchall()
        for column, comment in comments:
            # names from duckdb_columns() of our own views; the comment is a bound literal
            quoted = '"' + column.replace('"', '""') + '"'
            escaped = comment.replace("'", "''")
            conn.execute(f"COMMENT ON COLUMN {alias}.{quoted} IS '{escaped}'")  # sql-identifier-checked
