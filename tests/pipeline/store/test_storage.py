"""hetong.pipeline.store.storage: migrations, one-transaction document writes, runs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from hetong.models import Clause, Contract, Document, Evidence, Flag, Party, Payment, Penalty, SlaItem
from hetong.pipeline.store import storage
from hetong.pipeline.read.ingest import sha256
from hetong.pipeline.orchestrate import process_bytes

ROOT = Path(__file__).resolve().parents[3]
GOLD_004 = ROOT / "data" / "gold" / "004_203ddecaf6b58c51.gold.json"
TEXT_004 = ROOT / "data" / "gold" / "004_203ddecaf6b58c51.txt"

TABLES = ("documents", "contracts", "parties", "clauses", "payments", "penalties", "sla", "flags", "evidence", "texts")
VIEWS = (
    "contract_overview", "payment_schedule", "all_evidence",
    "v_contracts", "v_payment_schedule", "v_penalties", "v_sla", "v_flags",
)


@pytest.fixture
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    c = storage.connect(":memory:")
    yield c
    c.close()


@pytest.fixture
def run_id(conn: duckdb.DuckDBPyConnection) -> int:
    return storage.start_run(conn)


def counts(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def user_relations(conn: duckdb.DuckDBPyConnection) -> set[str]:
    tables = {r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()}
    views = {r[0] for r in conn.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    return tables | views


# -- a hand-built Document with the real values of contract 004 -------------------


def _ev(raw: str, needle: str, rule: str) -> Evidence:
    start = raw.index(needle)
    return Evidence(start=start, end=start + len(needle), text=needle, rule=rule)


def gold_document() -> Document:
    gold = json.loads(GOLD_004.read_text(encoding="utf-8"))
    raw = TEXT_004.read_text(encoding="utf-8")
    g = gold["contract"]
    contract = Contract(
        title=g["title"][0],
        project_name=g["project_name"],
        contract_no=g["contract_no"],
        signed_on=dt.date.fromisoformat(g["signed_on"]),
        total_amount=Decimal(g["total_amount"]),
        total_amount_words=g["total_amount_words"],
        tax_rate=g["tax_rate"],
        service_start=dt.date.fromisoformat(g["service_start"]),
        service_end=dt.date.fromisoformat(g["service_end"]),
        coverage=g["coverage"],
        dispute_forum=g["dispute_forum"],
        dispute_venue=g["dispute_venue"],
        evidence={
            "total_amount": _ev(raw, "¥1202000元整", "money.total"),
            "total_amount_words": _ev(raw, "壹佰贰拾万零贰仟元整", "money.words"),
        },
    )
    parties = [Party(**p) for p in gold["parties"]]
    parties[1] = parties[1].model_copy(update={"evidence": {"phone": _ev(raw, "18614071195", "party.phone")}})
    payments = [
        Payment(
            seq=p["seq"],
            amount=Decimal(p["amount"]),
            ratio=Decimal(p["ratio"]),
            trigger=p["trigger"],
            evidence=_ev(raw, "¥601000元", "payment.amount") if p["seq"] == 1 else None,
        )
        for p in gold["payments"]
    ]
    penalties = [
        Penalty(payer=p["payer"], rate=Decimal(p["rate"]), unit=p["unit"], base=p["base"], trigger=p["trigger"])
        for p in gold["penalties"]
    ]
    flags = [
        Flag(
            kind=f["kind"],
            message=" / ".join(f["evidence"]),
            evidence=f["evidence"],
            spans=[_ev(raw, "李印胜", "flags.person")] if "李印胜" in f["evidence"] else [],
        )
        for f in gold["flags"]
    ]
    return Document(
        source=gold["source"],
        path=str(TEXT_004),
        sha256=sha256(TEXT_004.read_bytes()),
        media_type="text/plain",
        encoding="utf-8",
        raw_text=raw,
        clauses=[
            Clause(id=0, parent=None, number="一、", style="cn", ordinal=1, heading="合同金额", level=1, start=10, end=90),
            Clause(id=1, parent=0, number="1.", style="dec1", ordinal=1, heading="", level=2, start=20, end=40),
        ],
        contract=contract,
        parties=parties,
        payments=payments,
        penalties=penalties,
        sla=[SlaItem(kind="response", hours=Decimal("0.5"))],
        flags=flags,
        versions={"hetong": "test"},
    )


# -- migrations -----------------------------------------------------------------


def test_migrations_apply_to_an_empty_database(conn: duckdb.DuckDBPyConnection) -> None:
    assert user_relations(conn) >= {*TABLES, *VIEWS, "runs", "_migrations"}


def test_migrations_are_recorded(conn: duckdb.DuckDBPyConnection) -> None:
    rows = conn.execute("SELECT version, name, checksum FROM _migrations ORDER BY version").fetchall()
    assert rows == [(m.version, m.name, m.checksum) for m in storage.migrations()]
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert len(rows) >= 5


def test_reapplying_migrations_is_a_no_op(conn: duckdb.DuckDBPyConnection) -> None:
    before = conn.execute("SELECT * FROM _migrations ORDER BY version").fetchall()
    assert storage.migrate(conn) == []
    assert conn.execute("SELECT * FROM _migrations ORDER BY version").fetchall() == before


def test_reopening_a_database_file_keeps_schema_and_data(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    with storage.connect(db) as first:
        run = storage.start_run(first)
        storage.store_document(first, gold_document(), run)
        applied = first.execute("SELECT * FROM _migrations ORDER BY version").fetchall()
    with storage.connect(db) as again:
        assert again.execute("SELECT * FROM _migrations ORDER BY version").fetchall() == applied
        assert counts(again)["payments"] == 3


def test_read_only_connection_of_an_up_to_date_database(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    storage.connect(db).close()
    with storage.connect(db, read_only=True) as ro:
        assert ro.execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_a_failing_migration_is_rolled_back(conn: duckdb.DuckDBPyConnection) -> None:
    broken = storage.Migration(999, "broken", "CREATE TABLE half_done (a INTEGER); SELECT * FROM no_such_table;")
    with pytest.raises(storage.MigrationError, match="999_broken"):
        storage.migrate(conn, [*storage.migrations(), broken])
    assert "half_done" not in user_relations(conn)
    assert conn.execute("SELECT count(*) FROM _migrations WHERE version = 999").fetchone() == (0,)


def test_a_new_migration_is_applied_once(conn: duckdb.DuckDBPyConnection) -> None:
    extra = storage.Migration(999, "extra", "CREATE TABLE extra (a INTEGER);")
    assert storage.migrate(conn, [*storage.migrations(), extra]) == [999]
    assert storage.migrate(conn, [*storage.migrations(), extra]) == []
    assert "extra" in user_relations(conn)


def test_an_edited_migration_is_refused(conn: duckdb.DuckDBPyConnection) -> None:
    first, *rest = storage.migrations()
    edited = storage.Migration(first.version, first.name, first.sql + "\n-- edited\n")
    with pytest.raises(storage.MigrationError, match="edited"):
        storage.migrate(conn, [edited, *rest])


def test_a_database_from_a_newer_version_is_refused(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute("INSERT INTO _migrations VALUES (998, 'future', 'x', now()::TIMESTAMP)")
    with pytest.raises(storage.MigrationError, match="newer"):
        storage.migrate(conn)


def test_every_table_view_and_column_has_a_comment(conn: duckdb.DuckDBPyConnection) -> None:
    missing = conn.execute(
        """
        SELECT table_name FROM duckdb_tables() WHERE NOT internal AND comment IS NULL
        UNION ALL
        SELECT view_name FROM duckdb_views() WHERE NOT internal AND comment IS NULL
        UNION ALL
        SELECT c.table_name || '.' || c.column_name FROM duckdb_columns() c
        WHERE NOT c.internal AND c.comment IS NULL AND c.schema_name = 'main'
          AND c.table_name NOT IN (SELECT view_name FROM duckdb_views() WHERE internal)
        """
    ).fetchall()
    assert missing == []


# -- documents --------------------------------------------------------------------


def test_contract_amounts_read_back_as_exact_decimals(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    storage.store_document(conn, doc, run_id, size=TEXT_004.stat().st_size)
    total, words, signed_on = conn.execute(
        "SELECT total_amount, total_amount_words, signed_on FROM contracts WHERE sha256 = ?", [doc.sha256]
    ).fetchone()
    assert type(total) is Decimal and total == Decimal("1202000.00")
    assert words == "壹佰贰拾万零贰仟元整"
    assert signed_on == dt.date(2022, 9, 23)


def test_payments_read_back_as_exact_decimals(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    storage.store_document(conn, doc, run_id)
    rows = conn.execute("SELECT seq, amount, ratio, trigger FROM payments ORDER BY seq").fetchall()
    assert rows == [
        (1, Decimal("601000.00"), Decimal("0.500000"), "合同签订后30日内"),
        (2, Decimal("360600.00"), Decimal("0.300000"), "运营服务满6个月后"),
        (3, Decimal("240400.00"), Decimal("0.200000"), "一年服务期满且验收合格后30日内"),
    ]
    assert all(type(a) is Decimal for _, a, _, _ in rows)
    assert sum(a for _, a, _, _ in rows) == Decimal("1202000")


def test_parties_and_penalties_are_stored(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    storage.store_document(conn, gold_document(), run_id)
    parties = conn.execute("SELECT seq, role, name, account FROM parties ORDER BY seq").fetchall()
    assert parties == [
        (1, "甲方", "北京市朝阳区政务服务管理局", None),
        (2, "乙方", "北京万信友联科技有限公司", "110934171210312"),
    ]
    rates = conn.execute("SELECT payer, rate, unit, base FROM penalties ORDER BY seq").fetchall()
    assert rates == [
        ("甲方", Decimal("0.000500"), "per_day", "overdue_amount"),
        ("乙方", Decimal("0.000500"), "per_day", "contract_total"),
    ]


def test_evidence_points_into_the_raw_text(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    storage.store_document(conn, doc, run_id)
    rows = conn.execute("SELECT field, value, text, start_offset, end_offset FROM evidence ORDER BY field").fetchall()
    assert [r[:3] for r in rows] == [
        ("contract.total_amount", "1202000", "¥1202000元整"),
        ("contract.total_amount_words", "壹佰贰拾万零贰仟元整", "壹佰贰拾万零贰仟元整"),
        ("parties[乙方].phone", "18614071195", "18614071195"),
    ]
    assert all(doc.raw_text[start:end] == text for _, _, text, start, end in rows)


def test_flags_keep_evidence_strings_and_spans(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    storage.store_document(conn, gold_document(), run_id)
    first = conn.execute("SELECT kind, severity, evidence, spans FROM flags WHERE seq = 1").fetchone()
    assert first[:3] == ("person_name_mismatch", "warning", ["李胜", "李印胜"])
    assert [s["text"] for s in first[3]] == ["李印胜"]


def test_clause_offsets_are_stored_in_raw_and_normalised_text(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    doc.text = doc.raw_text[5:]  # as if normalisation dropped the first 5 characters
    doc.offsets = [i + 5 for i in range(len(doc.text) + 1)]
    storage.store_document(conn, doc, run_id)
    rows = conn.execute(
        "SELECT clause_id, parent_id, level, start_offset, end_offset, text_start, text_end FROM clauses ORDER BY clause_id"
    ).fetchall()
    assert rows == [(0, None, 1, 15, 95, 10, 90), (1, 0, 2, 25, 45, 20, 40)]


def test_every_document_row_carries_the_run_id(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    storage.store_document(conn, gold_document(), run_id)
    run_ids = {t: {r[0] for r in conn.execute(f"SELECT DISTINCT run_id FROM {t}").fetchall()} for t in TABLES}
    assert run_ids == {t: {run_id} for t in TABLES}


def test_views_answer_who_how_much_when(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    storage.store_document(conn, gold_document(), run_id)
    row = conn.execute(
        "SELECT party_a, party_b, total_amount, payments_total, signed_on, n_payments, n_flags FROM contract_overview"
    ).fetchone()
    assert row == (
        "北京市朝阳区政务服务管理局",
        "北京万信友联科技有限公司",
        Decimal("1202000.00"),
        Decimal("1202000.00"),
        dt.date(2022, 9, 23),
        3,
        4,
    )
    assert conn.execute("SELECT count(*) FROM payment_schedule WHERE payee = '北京万信友联科技有限公司'").fetchone() == (3,)
    fields = {r[0] for r in conn.execute("SELECT field FROM all_evidence").fetchall()}
    assert fields == {"contract.total_amount", "contract.total_amount_words", "parties[乙方].phone", "payments[1]", "flags[1]"}


def test_storing_the_same_sha256_again_duplicates_nothing(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    storage.store_document(conn, gold_document(), run_id)
    before = counts(conn)
    storage.store_document(conn, gold_document(), storage.start_run(conn))
    assert counts(conn) == before
    assert before["documents"] == 1 and before["payments"] == 3


def test_storing_again_replaces_the_old_rows(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    storage.store_document(conn, doc, run_id)
    later = storage.start_run(conn)
    doc.payments = doc.payments[:1]
    storage.store_document(conn, doc, later)
    assert conn.execute("SELECT seq, run_id FROM payments").fetchall() == [(1, later)]
    assert conn.execute("SELECT run_id FROM documents").fetchall() == [(later,)]


def test_a_failed_document_gets_a_documents_row(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = process_bytes(b"", source="empty.txt")
    storage.store_document(conn, doc, run_id, size=0)
    row = conn.execute("SELECT source, status, error, bytes FROM documents WHERE sha256 = ?", [doc.sha256]).fetchone()
    assert row == ("empty.txt", "failed", "ingest: empty file", 0)
    assert {t: n for t, n in counts(conn).items() if n} == {"documents": 1}


def test_is_imported(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    assert not storage.is_imported(conn, doc.sha256)
    storage.store_document(conn, doc, run_id)
    assert storage.is_imported(conn, doc.sha256)


def test_document_content_is_never_sql(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    doc.source = "x'); DROP TABLE documents; --.txt"
    doc.contract.title = "'; DELETE FROM contracts; --"
    storage.store_document(conn, doc, run_id)
    assert conn.execute("SELECT source FROM documents").fetchone() == (doc.source,)
    assert conn.execute("SELECT title FROM contracts").fetchone() == (doc.contract.title,)


def test_undecodable_file_names_are_stored(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    doc.source = "合同\udcb6\udcfe.txt"  # os.fsdecode of GBK bytes on a UTF-8 system
    storage.store_document(conn, doc, run_id)
    # the undecodable bytes are kept as \xNN escapes, so the file can be found again
    assert conn.execute("SELECT source FROM documents").fetchone() == ("合同\\xb6\\xfe.txt",)


def test_money_is_never_rounded(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    doc.payments[0] = doc.payments[0].model_copy(update={"amount": Decimal("601000.005")})
    with pytest.raises(storage.StorageError, match=r"payments\[1\].amount"):
        storage.store_document(conn, doc, run_id)
    assert counts(conn)["documents"] == 0


def test_money_too_large_for_the_column_is_refused(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    doc.contract.total_amount = Decimal("1e20")
    with pytest.raises(storage.StorageError, match="DECIMAL"):
        storage.store_document(conn, doc, run_id)


def test_ratios_and_hours_are_rounded_to_the_column_scale(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    doc.payments[0] = doc.payments[0].model_copy(update={"ratio": Decimal(1) / Decimal(3)})
    doc.sla = [SlaItem(kind="response", hours=Decimal(10) / Decimal(60))]
    storage.store_document(conn, doc, run_id)
    assert conn.execute("SELECT ratio FROM payments WHERE seq = 1").fetchone() == (Decimal("0.333333"),)
    assert conn.execute("SELECT hours FROM sla").fetchone() == (Decimal("0.167"),)


def test_a_write_that_fails_midway_leaves_the_old_rows(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    storage.store_document(conn, doc, run_id)
    before = counts(conn)
    doc.clauses = [Clause(id=0, parent=None, number="一、", style="cn", ordinal=1, heading="", level=1,
                          start=2**40, end=2**40 + 1)]  # overflows INTEGER in the database
    with pytest.raises(duckdb.Error):
        storage.store_document(conn, doc, storage.start_run(conn))
    assert counts(conn) == before


# -- runs -----------------------------------------------------------------------


def test_runs_are_numbered_and_finished(conn: duckdb.DuckDBPyConnection) -> None:
    first, second = storage.start_run(conn), storage.start_run(conn)
    assert second > first
    storage.finish_run(conn, second, files_seen=4, ok=1, partial=1, failed=1, skipped=1)
    row = conn.execute(
        "SELECT hetong_version, files_seen, ok, partial, failed, not_a_contract, skipped, finished_at >= started_at "
        "FROM runs WHERE run_id = ?",
        [second],
    ).fetchone()
    assert row[1:] == (4, 1, 1, 1, 0, 1, True)
    assert row[0]
    assert conn.execute("SELECT finished_at FROM runs WHERE run_id = ?", [first]).fetchone() == (None,)


# -- texts ------------------------------------------------------------------------


def test_the_raw_text_is_stored(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    storage.store_document(conn, doc, run_id)
    assert conn.execute("SELECT raw_text, chars, run_id FROM texts").fetchall() == [
        (doc.raw_text, len(doc.raw_text), run_id)
    ]


def test_evidence_offsets_index_the_stored_text(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    storage.store_document(conn, gold_document(), run_id)
    rows = conn.execute(
        "SELECT e.text, substr(t.raw_text, e.start_offset + 1, e.end_offset - e.start_offset) "
        "FROM all_evidence e JOIN texts t USING (sha256)"
    ).fetchall()
    assert rows and all(text == stored for text, stored in rows)


def test_storing_again_replaces_the_text(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    storage.store_document(conn, doc, run_id)
    doc.raw_text = doc.raw_text + "\n附件"
    storage.store_document(conn, doc, storage.start_run(conn))
    assert conn.execute("SELECT count(*), max(chars) FROM texts").fetchone() == (1, len(doc.raw_text))


def test_a_document_that_is_not_a_contract_keeps_its_text(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = process_bytes("会议纪要\n今天天气很好。".encode(), source="notes.txt")
    doc.status = "not_a_contract"
    storage.store_document(conn, doc, run_id)
    assert conn.execute("SELECT raw_text FROM texts").fetchone() == (doc.raw_text,)
    assert counts(conn)["contracts"] == 0


# -- regions ----------------------------------------------------------------------

REGIONS = [
    # government body: the address refines the name
    ("北京市朝阳区政务服务管理局", "北京市朝阳区霄云路 1 号", ("北京市", "北京市", "朝阳区", "110105", "address")),
    # a leading short form of a province in a company name
    ("北京万信友联科技有限公司", None, ("北京市", None, None, "110000", "name")),
    ("昆明市交通运输局", None, ("云南省", "昆明市", None, "530100", "name")),
    # a district written under a prefecture it does not lie in is left out
    ("克拉玛依市乌鲁木齐区人民政府办公室", "克拉玛依市乌鲁木齐区龙盛路九号",
     ("新疆维吾尔自治区", "克拉玛依市", None, "650200", "address")),
    # a county-level city in the address under the prefecture of the name
    ("新疆维吾尔自治区阿克苏地区数字化发展局", "阿克苏市北京路 25 号",
     ("新疆维吾尔自治区", "阿克苏地区", "阿克苏市", "652901", "address")),
    # the name is more specific than the address, inside it
    ("乌鲁木齐市沙依巴克区教育局", "乌鲁木齐市友好南路 1 号",
     ("新疆维吾尔自治区", "乌鲁木齐市", "沙依巴克区", "650103", "name")),
    # name and address disagree: the address wins
    ("北京市朝阳区某某局", "上海市黄浦区中山东一路 1 号", ("上海市", "上海市", "黄浦区", "310101", "address")),
    # a former county is reported as the unit it became
    ("新疆维吾尔自治区阿克苏地区库车县人民医院", None,
     ("新疆维吾尔自治区", "阿克苏地区", "库车市", "652902", "name")),
    # nothing to go by, or ambiguous (朝阳区: Beijing or Changchun)
    ("国泰新点软件股份有限公司", "张家港经济开发区(杨舍镇长兴路)", None),
    ("朝阳区人民政府", None, None),
    (None, None, None),
    ("", "   ", None),
]


@pytest.mark.parametrize(("name", "address", "expected"), REGIONS)
def test_region_of_a_party(name: str | None, address: str | None, expected: tuple | None) -> None:
    region = storage.region_of(name, address)
    got = None if region is None else (region.province, region.city, region.district, region.code, region.source)
    assert got == expected


def test_parties_and_contracts_are_stored_with_their_region(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    doc = gold_document()
    doc.parties[0] = doc.parties[0].model_copy(update={"address": "北京市朝阳区霄云路 1 号"})
    storage.store_document(conn, doc, run_id)
    parties = conn.execute(
        "SELECT role, province, city, district, region_code, region_source FROM parties ORDER BY seq"
    ).fetchall()
    assert parties[0] == ("甲方", "北京市", "北京市", "朝阳区", "110105", "address")
    contract = conn.execute("SELECT province, city, district, region_code FROM contracts").fetchone()
    assert contract == ("北京市", "北京市", "朝阳区", "110105")  # the region of 甲方


def test_fill_regions_recomputes_what_store_wrote(conn: duckdb.DuckDBPyConnection, run_id: int) -> None:
    storage.store_document(conn, gold_document(), run_id)
    stored = conn.execute("SELECT * FROM parties ORDER BY seq").fetchall(), conn.execute("SELECT * FROM contracts").fetchall()
    conn.execute("UPDATE parties SET province = NULL, city = NULL, district = NULL, region_code = NULL, region_source = NULL")
    conn.execute("UPDATE contracts SET province = NULL, city = NULL, district = NULL, region_code = NULL")
    storage.fill_regions(conn)
    again = conn.execute("SELECT * FROM parties ORDER BY seq").fetchall(), conn.execute("SELECT * FROM contracts").fetchall()
    assert again == stored
