"""The analyst views (005_question_views.sql): one row per contract,
installments with due dates, penalties, SLA and open flags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hetong.models import Contract, Document, Evidence, Flag, Party, Payment, Penalty, SlaItem
from hetong.pipeline.store import storage
from hetong.pipeline.orchestrate import process_path

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "data" / "samples"
VIEWS = ("v_contracts", "v_payment_schedule", "v_penalties", "v_sla", "v_flags")


def ev(text: str, needle: str, rule: str = "test") -> Evidence:
    start = text.index(needle)
    return Evidence(start=start, end=start + len(needle), text=needle, rule=rule)


def pay(
    seq: int,
    amount: str,
    trigger: str,
    days: int | None,
    kind: str | None,
    basis: str | None,
    rule: str = "payments.prose",
) -> Payment:
    return Payment(
        seq=seq,
        amount=Decimal(amount),
        trigger=trigger,
        due_days=days,
        due_day_kind=kind,
        due_basis=basis,
        evidence=Evidence(start=0, end=4, text="技术服务", rule=rule),
    )


def contract_a() -> Document:
    """Signed on a Friday; installments from signing (calendar and working
    days), at the end of the service period, and after an invoice."""
    text = "技术服务合同 A\n甲方：北京市朝阳区政务服务管理局\n乙方：北京万信友联科技有限公司\n"
    return Document(
        source="a.txt",
        sha256="a" * 64,
        media_type="text/plain",
        raw_text=text,
        contract=Contract(
            title="合同A",
            total_amount=Decimal("400000"),
            signed_on=dt.date(2024, 3, 15),
            service_start=dt.date(2024, 4, 1),
            service_end=dt.date(2025, 3, 31),
        ),
        parties=[
            Party(role="甲方", name="北京市朝阳区政务服务管理局", address="北京市朝阳区霄云路 1 号"),
            Party(role="乙方", name="北京万信友联科技有限公司"),
        ],
        payments=[
            pay(1, "120000", "合同签订后30日内", 30, "calendar", "signing"),
            pay(2, "120000", "合同签订后10个工作日内", 10, "working", "signing"),
            pay(3, "80000", "服务期满后", None, None, "period_end"),
            pay(4, "80000", "收到发票后15日内", 15, "calendar", "invoice"),
        ],
        penalties=[
            Penalty(payer="甲方", rate=Decimal("0.0005"), unit="per_day", base="overdue_amount", trigger="延迟付款"),
            Penalty(
                payer="乙方",
                rate=Decimal("0.0005"),
                unit="per_day",
                base="contract_total",
                cap=Decimal("0.1"),
                trigger="逾期交付",
            ),
            Penalty(payer="乙方", rate=Decimal("0.2"), unit="once", base="contract_total", trigger="解除合同"),
        ],
        sla=[
            SlaItem(kind="response", hours=Decimal("0.5"), severity="紧急"),
            SlaItem(kind="resolve", hours=Decimal("4")),
        ],
        flags=[
            Flag(
                kind="person_name_mismatch",
                severity="warning",
                message="李胜 / 李印胜",
                evidence=["李胜", "李印胜"],
                spans=[ev(text, "北京万信友联", "flags.person")],
            )
        ],
    )


def contract_b() -> Document:
    """Four quarterly installments, each due 20 days after that quarter's
    acceptance (每季度考核验收后20日内)."""
    text = "合同B 每季度考核验收后20日内支付"
    return Document(
        source="b.txt",
        sha256="b" * 64,
        media_type="text/plain",
        raw_text=text,
        contract=Contract(
            title="合同B",
            total_amount=Decimal("129800"),
            signed_on=dt.date(2025, 3, 12),
            service_start=dt.date(2025, 3, 12),
            service_end=dt.date(2026, 3, 11),
        ),
        parties=[Party(role="甲方", name="克拉玛依市乌鲁木齐区人民政府办公室"), Party(role="乙方", name="某公司")],
        payments=[
            pay(i, "32450", "每季度考核验收后20日内", 20, "calendar", "acceptance", "payments.periodic")
            for i in range(1, 5)
        ],
        flags=[
            Flag(kind="amount_words_mismatch", severity="error", message="words differ", evidence=["壹拾", "12"]),
            Flag(kind="numbering_gap", severity="info", message="第三条 missing"),
        ],
    )


def contract_c() -> Document:
    """Twelve installments paid per period with no period written: the
    service year in twelve months; due 10 working days after each invoice."""
    text = "合同C 考核合格并收到发票后10个工作日内"
    return Document(
        source="c.txt",
        sha256="c" * 64,
        media_type="text/plain",
        raw_text=text,
        contract=Contract(
            title="合同C",
            total_amount=Decimal("120000"),
            service_start=dt.date(2024, 1, 1),
            service_end=dt.date(2024, 12, 31),
        ),
        payments=[
            pay(i, "10000", "考核合格并收到发票后10个工作日内", 10, "working", "invoice", "payments.periodic")
            for i in range(1, 13)
        ],
    )


@pytest.fixture
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    c = storage.connect(":memory:")
    run = storage.start_run(c)
    for doc in (contract_a(), contract_b(), contract_c()):
        storage.store_document(c, doc, run)
    failed = Document(source="broken.txt", sha256="f" * 64, media_type="text/plain")
    failed.fail("ingest", "empty file", status="failed")
    storage.store_document(c, failed, run)
    yield c
    c.close()


def rows(conn: duckdb.DuckDBPyConnection, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return conn.execute(sql, list(params)).fetchall()


# -- comments -------------------------------------------------------------------------


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_and_column_is_commented(conn: duckdb.DuckDBPyConnection, view: str) -> None:
    assert rows(conn, "SELECT comment IS NOT NULL FROM duckdb_views() WHERE view_name = ?", view) == [(True,)]
    missing = rows(conn, "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND comment IS NULL", view)
    assert missing == []


# -- v_contracts -----------------------------------------------------------------------


def test_v_contracts_has_one_row_per_contract(conn: duckdb.DuckDBPyConnection) -> None:
    assert rows(conn, "SELECT source FROM v_contracts") == [("a.txt",), ("b.txt",), ("c.txt",)]


def test_v_contracts_answers_who_how_much_when_where(conn: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        conn,
        "SELECT title, party_a, party_b, total_amount, period, service_days, year, region, region_code, "
        "n_payments, payments_total, n_penalties, n_sla, fastest_response_hours, n_flags, flag_kinds "
        "FROM v_contracts WHERE source = 'a.txt'",
    )
    assert got == [
        (
            "合同A",
            "北京市朝阳区政务服务管理局",
            "北京万信友联科技有限公司",
            Decimal("400000.00"),
            "2024-04-01 – 2025-03-31",
            365,
            2024,
            "北京市 朝阳区",
            "110105",
            4,
            Decimal("400000.00"),
            3,
            2,
            Decimal("0.500"),
            1,
            ["person_name_mismatch"],
        )
    ]


def test_v_contracts_year_and_counts_without_a_signing_date(conn: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        conn, "SELECT year, party_a, n_flags, n_flag_errors, flag_kinds FROM v_contracts WHERE source = ?", "c.txt"
    )
    assert got == [(2024, None, 0, 0, [])]


# -- v_payment_schedule ------------------------------------------------------------------


def schedule(conn: duckdb.DuckDBPyConnection, source: str) -> list[tuple[Any, ...]]:
    return rows(
        conn,
        "SELECT seq, due_on, due_on_exact, due_on_rule FROM v_payment_schedule WHERE source = ? ORDER BY seq",
        source,
    )


def test_due_dates_from_signing_and_the_end_of_service(conn: duckdb.DuckDBPyConnection) -> None:
    assert schedule(conn, "a.txt") == [
        (1, dt.date(2024, 4, 14), True, "signed_on + 30 calendar days"),
        # Friday + 10 working days = the Friday two weeks on
        (2, dt.date(2024, 3, 29), False, "signed_on + 10 working days (Mon–Fri; public holidays ignored)"),
        (3, dt.date(2025, 3, 31), True, "service_end"),
        # an invoice date is not in the contract: no date, and why
        (4, None, None, "no date: counts from an invoice (发票), whose date the contract does not state"),
    ]


def test_quarterly_installments_fall_due_after_each_quarter(conn: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        conn,
        "SELECT seq, period_no, period_months, period_start, period_end, due_on, due_on_exact "
        "FROM v_payment_schedule WHERE source = 'b.txt' ORDER BY seq",
    )
    assert got == [
        (1, 1, 3, dt.date(2025, 3, 12), dt.date(2025, 6, 11), dt.date(2025, 7, 1), False),
        (2, 2, 3, dt.date(2025, 6, 12), dt.date(2025, 9, 11), dt.date(2025, 10, 1), False),
        (3, 3, 3, dt.date(2025, 9, 12), dt.date(2025, 12, 11), dt.date(2025, 12, 31), False),
        (4, 4, 3, dt.date(2025, 12, 12), dt.date(2026, 3, 11), dt.date(2026, 3, 31), False),
    ]
    rule = rows(conn, "SELECT due_on_rule FROM v_payment_schedule WHERE source = 'b.txt' AND seq = 1")
    assert rule == [("end of period 1 (2025-03-12 – 2025-06-11) + 20 calendar days (acceptance assumed at the period end)",)]


def test_periods_without_wording_split_the_service_term_evenly(conn: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        conn,
        "SELECT period_months, period_end, due_on FROM v_payment_schedule "
        "WHERE source = 'c.txt' AND seq IN (1, 12) ORDER BY seq",
    )
    assert got == [
        (1, dt.date(2024, 1, 31), dt.date(2024, 2, 14)),  # Wednesday + 10 working days
        (1, dt.date(2024, 12, 31), dt.date(2025, 1, 14)),
    ]


def test_installment_shares_and_running_totals(conn: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        conn,
        "SELECT seq, share_of_total, cumulative_amount, payer, payee FROM v_payment_schedule WHERE source = 'a.txt'",
    )
    assert [r[:3] for r in got] == [
        (1, Decimal("0.300000"), Decimal("120000.00")),
        (2, Decimal("0.300000"), Decimal("240000.00")),
        (3, Decimal("0.200000"), Decimal("320000.00")),
        (4, Decimal("0.200000"), Decimal("400000.00")),
    ]
    assert {r[3:] for r in got} == {("北京市朝阳区政务服务管理局", "北京万信友联科技有限公司")}


def test_working_days_are_counted_monday_to_friday() -> None:
    conn = storage.connect(":memory:")
    try:

        @settings(max_examples=300, deadline=None)
        @given(st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)), st.integers(1, 80))
        def check(start: dt.date, n: int) -> None:
            got = conn.execute("SELECT hetong_add_working_days(?::DATE, ?)", [start, n]).fetchall()[0][0]
            # from a weekend, counting starts at the Friday before
            expected = np.busday_offset(np.datetime64(start), n, roll="backward").astype(dt.date)
            assert got == expected

        check()
        assert conn.execute("SELECT hetong_add_working_days(DATE '2024-03-16', 0)").fetchall() == [
            (dt.date(2024, 3, 16),)
        ]
        assert conn.execute("SELECT hetong_add_working_days(NULL::DATE, 3)").fetchall() == [(None,)]
    finally:
        conn.close()


# -- v_penalties, v_sla, v_flags ------------------------------------------------------------


def test_v_penalties_puts_rates_on_one_scale(conn: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        conn,
        "SELECT seq, payer_name, rate_percent, annual_rate, yuan_per_day, cap_amount FROM v_penalties "
        "WHERE source = 'a.txt' ORDER BY seq",
    )
    assert got == [
        (1, "北京市朝阳区政务服务管理局", Decimal("0.050000"), Decimal("0.182500"), None, None),
        (
            2,
            "北京万信友联科技有限公司",
            Decimal("0.050000"),
            Decimal("0.182500"),
            Decimal("200.00"),
            Decimal("40000.00"),
        ),
        (3, "北京万信友联科技有限公司", Decimal("20.000000"), None, None, None),
    ]


def test_v_sla_names_the_supplier(conn: duckdb.DuckDBPyConnection) -> None:
    got = rows(conn, "SELECT supplier, kind, severity, hours, seconds, minutes FROM v_sla ORDER BY seq")
    assert got == [
        ("北京万信友联科技有限公司", "response", "紧急", Decimal("0.500"), 1800, Decimal("30.000")),
        ("北京万信友联科技有限公司", "resolve", None, Decimal("4.000"), 14400, Decimal("240.000")),
    ]


def test_v_flags_lists_the_most_severe_first(conn: duckdb.DuckDBPyConnection) -> None:
    got = rows(conn, "SELECT source, kind, severity, message, evidence, n_spans, first_text, first_start FROM v_flags")
    assert got == [
        ("b.txt", "amount_words_mismatch", "error", "words differ", "壹拾 / 12", 0, None, None),
        (
            "a.txt",
            "person_name_mismatch",
            "warning",
            "李胜 / 李印胜",
            "李胜 / 李印胜",
            1,
            "北京万信友联",
            contract_a().raw_text.index("北京万信友联"),
        ),
        ("b.txt", "numbering_gap", "info", "第三条 missing", "", 0, None, None),
    ]


# -- on an ingested sample -------------------------------------------------------------------


@pytest.fixture(scope="module")
def ingested() -> Iterator[duckdb.DuckDBPyConnection]:
    c = storage.connect(":memory:")
    run = storage.start_run(c)
    for name in ("000_ea93da92590dbf3c.txt", "004_203ddecaf6b58c51.txt"):
        storage.store_document(c, process_path(SAMPLES / name), run)
    yield c
    c.close()


def test_views_cover_every_stored_row(ingested: duckdb.DuckDBPyConnection) -> None:
    pairs = [
        ("v_contracts", "contracts"),
        ("v_payment_schedule", "payments"),
        ("v_penalties", "penalties"),
        ("v_sla", "sla"),
        ("v_flags", "flags"),
    ]
    for view, table in pairs:
        assert rows(ingested, f"SELECT count(*) FROM {view}") == rows(ingested, f"SELECT count(*) FROM {table}"), view


def test_a_sample_contract_in_v_contracts(ingested: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        ingested,
        "SELECT party_a, total_amount, signed_on, region, region_code FROM v_contracts "
        "WHERE source = '004_203ddecaf6b58c51.txt'",
    )
    assert got == [
        ("北京市朝阳区政务服务管理局", Decimal("1202000.00"), dt.date(2022, 9, 23), "北京市 朝阳区", "110105")
    ]


def test_a_sample_first_installment_falls_due_30_days_after_signing(ingested: duckdb.DuckDBPyConnection) -> None:
    got = rows(
        ingested,
        "SELECT amount, due_on, due_on_rule FROM v_payment_schedule "
        "WHERE source = '004_203ddecaf6b58c51.txt' AND seq = 1",
    )
    assert got == [(Decimal("601000.00"), dt.date(2022, 10, 23), "signed_on + 30 calendar days")]
