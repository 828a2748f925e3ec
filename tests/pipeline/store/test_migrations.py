"""Schema migrations: numbered files applied in order to an empty database and
to databases made by earlier versions, which keep their data."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from hetong.models import Contract, Document, Evidence, Flag, Party, Payment
from hetong.pipeline.store import storage

ROOT = Path(__file__).resolve().parents[3]
MIGRATIONS = ROOT / "pipeline" / "store" / "migrations"

# Migrations released before this one may be applied in users' databases: they
# must never change (storage refuses a database whose applied migration was
# edited). Add a new numbered file instead.
RELEASED = {
    "001_initial.sql": "6ac70742d9d8b96406894facf76095211e96c2dea71b1b5d6663f9441951b92b",
    "002_analyst_views.sql": "98399f3fb5c33924772adfcff21d537919d7ee8692a724d0d5d15491a8896f05",
}
V2_TABLES = (
    "documents",
    "contracts",
    "parties",
    "clauses",
    "payments",
    "penalties",
    "sla",
    "flags",
    "evidence",
    "runs",
)
NEW_RELATIONS = ("texts", "v_contracts", "v_payment_schedule", "v_penalties", "v_sla", "v_flags")


def raw() -> str:
    return (
        "技术服务合同\n甲方：北京市朝阳区政务服务管理局\n地址：北京市朝阳区霄云路 1 号\n"
        "乙方：北京万信友联科技有限公司\n电话：18614071195\n"
        "合同总额 ¥1202000元。合同签订后30日内支付50%。\n签订日期：2022年9月23日\n"
    )


def ev(text: str, needle: str, rule: str) -> Evidence:
    start = text.index(needle)
    return Evidence(start=start, end=start + len(needle), text=needle, rule=rule)


def document(sha: str = "a" * 64) -> Document:
    text = raw()
    return Document(
        source="upgrade.txt",
        sha256=sha,
        media_type="text/plain",
        encoding="utf-8",
        raw_text=text,
        contract=Contract(
            title="技术服务合同",
            total_amount=Decimal("1202000"),
            signed_on=dt.date(2022, 9, 23),
            evidence={"total_amount": ev(text, "¥1202000元", "money.total")},
        ),
        parties=[
            Party(role="甲方", name="北京市朝阳区政务服务管理局", address="北京市朝阳区霄云路 1 号"),
            Party(
                role="乙方",
                name="北京万信友联科技有限公司",
                phone="18614071195",
                evidence={"phone": ev(text, "18614071195", "party.phone")},
            ),
        ],
        payments=[
            Payment(
                seq=1,
                amount=Decimal("601000"),
                ratio=Decimal("0.5"),
                trigger="合同签订后30日内",
                due_days=30,
                due_day_kind="calendar",
                due_basis="signing",
                evidence=ev(text, "合同签订后30日内支付50%", "payments.prose"),
            )
        ],
        flags=[Flag(kind="missing_signing_date", severity="info", message="no date", spans=[])],
    )


def columns(conn: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = conn.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main' ORDER BY column_index",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def store_as_version_2(conn: duckdb.DuckDBPyConnection, doc: Document, run_id: int) -> None:
    """Write `doc` as hetong did at schema version 2: the rows of today's
    writer, cut to the tables and columns that schema has."""
    for table, rows in storage._rows(doc, run_id, None).items():
        have = set(columns(conn, table))
        for row in rows if have else []:
            kept = {k: v for k, v in row.items() if k in have}
            conn.execute(
                f"INSERT INTO {table} ({', '.join(kept)}) VALUES ({', '.join('?' for _ in kept)})", list(kept.values())
            )


def snapshot(conn: duckdb.DuckDBPyConnection, table: str, cols: list[str]) -> list[tuple[Any, ...]]:
    return conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY ALL").fetchall()


def relations(conn: duckdb.DuckDBPyConnection) -> set[str]:
    tables = {r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()}
    views = {r[0] for r in conn.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    return tables | views


@pytest.fixture
def version_2(tmp_path: Path) -> Path:
    """A database file made by schema version 2 (001 + 002), with one document."""
    db = tmp_path / "v2.duckdb"
    conn = duckdb.connect(str(db))
    assert storage.migrate(conn, storage.migrations()[:2]) == [1, 2]
    run = storage.start_run(conn)
    store_as_version_2(conn, document(), run)
    storage.finish_run(conn, run, files_seen=1, ok=1, partial=0, failed=0, skipped=0)
    conn.close()
    return db


# -- the files ------------------------------------------------------------------------


def test_migrations_are_numbered_from_1_without_gaps() -> None:
    versions = [m.version for m in storage.migrations()]
    assert versions == list(range(1, len(versions) + 1))


@pytest.mark.parametrize("name", sorted(RELEASED))
def test_released_migrations_are_never_edited(name: str) -> None:
    assert hashlib.sha256((MIGRATIONS / name).read_bytes()).hexdigest() == RELEASED[name]


# -- an empty database ------------------------------------------------------------------


def test_migrations_apply_to_an_empty_file(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    with storage.connect(db) as conn:
        applied = conn.execute("SELECT version FROM _migrations ORDER BY version").fetchall()
        assert [v for (v,) in applied] == [m.version for m in storage.migrations()]
        assert relations(conn) >= {*V2_TABLES, *NEW_RELATIONS}
    with storage.connect(db) as again:  # a second open applies nothing
        assert storage.migrate(again) == []


# -- upgrading a database of schema version 2 -----------------------------------------------


def test_a_version_2_database_has_no_new_relations(version_2: Path) -> None:
    conn = duckdb.connect(str(version_2))
    try:
        assert not relations(conn) & set(NEW_RELATIONS)
        assert "province" not in columns(conn, "parties")
    finally:
        conn.close()


def test_upgrading_applies_the_new_migrations_once(version_2: Path) -> None:
    conn = duckdb.connect(str(version_2))
    try:
        assert storage.migrate(conn) == [m.version for m in storage.migrations()][2:]
        assert storage.migrate(conn) == []
    finally:
        conn.close()


def test_upgrading_keeps_every_row_and_value(version_2: Path) -> None:
    conn = duckdb.connect(str(version_2))
    before = {t: (columns(conn, t), snapshot(conn, t, columns(conn, t))) for t in V2_TABLES}
    conn.close()
    with storage.connect(version_2) as upgraded:
        for table, (cols, rows) in before.items():
            assert snapshot(upgraded, table, cols) == rows, table
        assert sum(len(rows) for _, rows in before.values()) > 8


def test_upgrading_fills_the_regions_of_rows_already_there(version_2: Path) -> None:
    with storage.connect(version_2) as conn:
        assert conn.execute(
            "SELECT role, province, city, district, region_code FROM parties ORDER BY seq"
        ).fetchall() == [
            ("甲方", "北京市", "北京市", "朝阳区", "110105"),
            ("乙方", "北京市", None, None, "110000"),
        ]
        assert conn.execute("SELECT region FROM v_contracts").fetchall() == [("北京市 朝阳区",)]


def test_the_new_views_read_an_upgraded_database(version_2: Path) -> None:
    with storage.connect(version_2) as conn:
        assert conn.execute("SELECT party_a, party_b, total_amount, n_flags FROM v_contracts").fetchall() == [
            ("北京市朝阳区政务服务管理局", "北京万信友联科技有限公司", Decimal("1202000.00"), 1)
        ]
        assert conn.execute("SELECT due_on FROM v_payment_schedule").fetchall() == [(dt.date(2022, 10, 23),)]
        assert conn.execute("SELECT count(*) FROM texts").fetchone() == (0,)  # not stored before version 3


def test_reimporting_after_an_upgrade_stores_text_and_regions(version_2: Path) -> None:
    with storage.connect(version_2) as conn:
        storage.store_document(conn, document(), storage.start_run(conn))
        assert conn.execute("SELECT chars FROM texts").fetchall() == [(len(raw()),)]
        assert conn.execute("SELECT count(*) FROM parties").fetchone() == (2,)


def test_a_failing_hook_rolls_its_migration_back(version_2: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(conn: duckdb.DuckDBPyConnection) -> None:
        raise RuntimeError("hook failed")

    monkeypatch.setitem(storage._AFTER_MIGRATION, (4, "regions"), broken)
    conn = duckdb.connect(str(version_2))
    try:
        with pytest.raises(RuntimeError, match="hook failed"):
            storage.migrate(conn)
        applied = [v for (v,) in conn.execute("SELECT version FROM _migrations ORDER BY version").fetchall()]
        assert applied == [1, 2, 3]  # 003 committed before, 004 rolled back whole
        assert "province" not in columns(conn, "parties")
    finally:
        conn.close()


# -- opening existing databases ------------------------------------------------------------


def test_open_database_upgrades_an_existing_database(version_2: Path) -> None:
    with storage.open_database(version_2) as conn:
        assert "texts" in relations(conn)


def test_open_database_never_creates_one(tmp_path: Path) -> None:
    with pytest.raises(storage.MigrationError, match="no such database"):
        storage.open_database(tmp_path / "missing.duckdb")
    assert not (tmp_path / "missing.duckdb").exists()


def test_open_database_leaves_other_duckdb_files_alone(tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as conn:
        conn.execute("CREATE TABLE t (a INTEGER)")
    with pytest.raises(storage.MigrationError, match="not a hetong database"):
        storage.open_database(other)
    with duckdb.connect(str(other)) as conn:
        assert relations(conn) == {"t"}
