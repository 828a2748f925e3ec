"""Migration 008 on a database made with schema 7: stored installments get
their due dates, SLA rows exact seconds and a channel apart from the
severity, the retired views become deprecated aliases, and penalty rates are
comparable per base."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from hetong.pipeline.store import storage

SHA = "e" * 64


@pytest.fixture
def version_7(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "v7.duckdb"
    conn = duckdb.connect(str(path))
    storage.migrate(conn, [m for m in storage.migrations() if m.version <= 7])
    conn.execute("INSERT INTO runs (run_id, started_at, hetong_version) VALUES (1, now(), '0.1.0')")
    conn.execute(
        "INSERT INTO documents (sha256, source, media_type, status, imported_at, run_id) "
        "VALUES (?, 'old.txt', 'text/plain', 'ok', now(), 1)", [SHA])
    conn.execute(
        "INSERT INTO contracts (sha256, signed_on, service_start, service_end, total_amount, run_id) "
        "VALUES (?, DATE '2022-09-23', DATE '2022-09-25', DATE '2023-09-24', 1202000, 1)", [SHA])
    for seq, trigger in ((1, "合同签订后30日内"), (2, "运营服务满6个月后"), (3, "服务期满经甲方验收合格后15个工作日内")):
        conn.execute(
            "INSERT INTO payments (sha256, seq, amount, trigger, derived, rule, run_id) "
            "VALUES (?, ?, 400000, ?, false, 'payments.prose', 1)", [SHA, seq, trigger])
    for seq, hours, severity, text in ((1, "0.004", "在线支持", "15秒内接听"), (2, "0.167", "一级故障", "10分钟内响应"),
                                       (3, "2", None, "2小时内到达现场")):
        conn.execute(
            "INSERT INTO sla (sha256, seq, kind, hours, severity, ev_text, run_id) VALUES (?, ?, 'response', ?, ?, ?, 1)",
            [SHA, seq, hours, severity, text])
    for seq, rate, unit, base in ((1, "2", "per_day", "daily_fee"), (2, "0.0005", "per_day", "overdue_amount"),
                                  (3, "0.003", "per_day", "other")):
        conn.execute(
            "INSERT INTO penalties (sha256, seq, rate, unit, base, run_id) VALUES (?, ?, ?, ?, ?, 1)",
            [SHA, seq, rate, unit, base])
    conn.close()
    yield path


def test_upgrading_resolves_the_due_dates_of_stored_installments(version_7: Path) -> None:
    with storage.connect(version_7) as conn:
        got = conn.execute("SELECT seq, due_on, due_exact, due_rule FROM payments ORDER BY seq").fetchall()
    assert got[0] == (1, dt.date(2022, 10, 23), True, "signed_on + 30 calendar days")
    assert got[1] == (2, dt.date(2023, 3, 25), True, "service_start + 6 months")
    assert got[2][1:3] == (None, None) and got[2][3].startswith("no date: counts from acceptance")


def test_upgrading_stores_exact_seconds_and_splits_the_channel(version_7: Path) -> None:
    with storage.connect(version_7) as conn:
        got = conn.execute("SELECT seq, seconds, severity, channel FROM v_sla ORDER BY seq").fetchall()
    # 15秒 was stored as 0.004 h (14.4 s); 10分钟 as 0.167 h (601.2 s)
    assert got == [(1, 15, None, "在线支持"), (2, 600, "一级故障", None), (3, 7200, None, None)]


def test_penalties_are_annualised_only_on_an_amount_owed(version_7: Path) -> None:
    with storage.connect(version_7) as conn:
        got = conn.execute("SELECT seq, base_kind, annual_rate, fee_multiple FROM v_penalties ORDER BY seq").fetchall()
    assert got == [
        (1, "fee", None, Decimal("2.000000")),  # 200 % of the daily fee per day: not 730 a year
        (2, "amount_owed", Decimal("0.182500"), None),
        (3, "other", None, None),
    ]


@pytest.mark.parametrize(("alias", "view"), [
    ("contract_overview", "v_contracts"), ("payment_schedule", "v_payment_schedule"), ("all_evidence", "v_evidence"),
])
def test_the_retired_views_are_deprecated_aliases(version_7: Path, alias: str, view: str) -> None:
    with storage.connect(version_7) as conn:
        comment = conn.execute("SELECT comment FROM duckdb_views() WHERE view_name = ?", [alias]).fetchone()
        assert comment is not None and comment[0].startswith("DEPRECATED") and view in comment[0]
        assert conn.execute(f"SELECT * FROM {alias}").fetchall() == conn.execute(f"SELECT * FROM {view}").fetchall()
        uncommented = conn.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND comment IS NULL", [alias]).fetchall()
        assert uncommented == []


def test_a_trigger_stored_in_traditional_characters_resolves_the_same(tmp_path: Path) -> None:
    path = tmp_path / "v7_trad.duckdb"
    conn = duckdb.connect(str(path))
    storage.migrate(conn, [m for m in storage.migrations() if m.version <= 7])
    conn.execute("INSERT INTO runs (run_id, started_at, hetong_version) VALUES (1, now(), '0.1.0')")
    conn.execute("INSERT INTO documents (sha256, source, media_type, status, imported_at, run_id) "
                 "VALUES (?, 'old.txt', 'text/plain', 'ok', now(), 1)", [SHA])
    conn.execute("INSERT INTO contracts (sha256, signed_on, service_start, service_end, total_amount, run_id) "
                 "VALUES (?, DATE '2022-09-23', DATE '2022-09-25', DATE '2023-09-24', 1202000, 1)", [SHA])
    for seq, trigger in ((1, "合同簽訂後30日內"), (2, "運營服務滿6個月後")):
        conn.execute("INSERT INTO payments (sha256, seq, amount, trigger, derived, rule, run_id) "
                     "VALUES (?, ?, 400000, ?, false, 'payments.prose', 1)", [SHA, seq, trigger])
    conn.close()
    with storage.connect(path) as conn:
        got = conn.execute("SELECT seq, due_on, trigger FROM payments ORDER BY seq").fetchall()
    assert got == [(1, dt.date(2022, 10, 23), "合同簽訂後30日內"), (2, dt.date(2023, 3, 25), "運營服務滿6個月後")]
