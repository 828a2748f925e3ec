"""Decisions (pipeline/serve/decisions.py, migration 009): recorded on a
stable identity, kept through `hetong ingest --force`, no longer applied when
the evidence changed, and shown to analysts beside the extracted value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from hetong.pipeline.store import storage
from hetong.pipeline.cli import app
from hetong.pipeline.serve.db import rows
from hetong.pipeline.serve.decisions import DecisionError, normalise_value, record, targets_for


def sha_of(conn: duckdb.DuckDBPyConnection, source: str) -> str:
    return conn.execute("SELECT sha256 FROM documents WHERE source = ?", [source]).fetchall()[0][0]


def target(conn: duckdb.DuckDBPyConnection, sha: str, name: str) -> dict[str, Any]:
    found = [t for t in targets_for(conn, sha) if t["target"] == name]
    assert found, f"no target {name}"
    return found[0]


def decide(conn: duckdb.DuckDBPyConnection, sha: str, name: str, decision: str, **kw: Any) -> int:
    t = target(conn, sha, name)
    return record(conn, sha256=sha, target=name, evidence_key=t["evidence_key"], decision=decision,
                  reviewer=kw.pop("reviewer", "王审"), **kw)


def reimport(folder: Path, db: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--force"])
    assert result.exit_code == 0, result.output


# -- the schema ----------------------------------------------------------------------------


def test_migration_009_adds_reviews_and_its_views(db: Path) -> None:
    with storage.connect(db) as conn:
        names = {r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables() UNION SELECT view_name FROM duckdb_views()").fetchall()}
        assert {"reviews", "v_review_targets", "v_review_decisions", "v_reviewed_values", "v_contracts_reviewed"} <= names
        assert conn.execute("SELECT name FROM _migrations WHERE version = 9").fetchall() == [("reviews",)]


@pytest.mark.parametrize("view", ["v_review_targets", "v_review_decisions", "v_reviewed_values", "v_contracts_reviewed"])
def test_every_new_view_and_column_is_commented(db: Path, view: str) -> None:
    with storage.connect(db) as conn:
        assert conn.execute("SELECT comment IS NOT NULL FROM duckdb_views() WHERE view_name = ?", [view]).fetchall() == [(True,)]
        missing = conn.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND comment IS NULL", [view]).fetchall()
        assert missing == []


def test_every_flag_value_and_item_is_a_target(db: Path) -> None:
    with storage.connect(db) as conn:
        sha = sha_of(conn, "000_ea93da92590dbf3c.txt")
        targets = targets_for(conn, sha)
        n_flags = conn.execute("SELECT count(*) FROM flags WHERE sha256 = ?", [sha]).fetchall()[0][0]
        assert sum(t["kind"] == "flag" for t in targets) == n_flags == 3
        assert {"contract.total_amount", "parties[甲方].name", "parties[乙方].name", "penalties"} <= {t["target"] for t in targets}
        assert len({(t["target"], t["evidence_key"]) for t in targets}) == len(targets)


# -- recording --------------------------------------------------------------------------------


def test_a_correction_is_stored_as_a_plain_decimal(db: Path) -> None:
    with storage.connect(db) as conn:
        sha = sha_of(conn, "004_203ddecaf6b58c51.txt")
        decide(conn, sha, "contract.total_amount", "correct", corrected_value="壹佰贰拾万零贰仟元整", note="见第三条")
        got = rows(conn, "SELECT decision, corrected_value, extracted_value, note, reviewer FROM reviews")
        assert got == [{"decision": "correct", "corrected_value": "1202000.00", "extracted_value": "1202000.00",
                        "note": "见第三条", "reviewer": "王审"}]


@pytest.mark.parametrize(
    ("target_name", "typed", "stored"),
    [
        ("contract.total_amount", "1,202,000", "1202000.00"),
        ("contract.total_amount", "120.2万元", "1202000.00"),
        ("contract.signed_on", "2022年9月23日", "2022-09-23"),
        ("contract.signed_on", "2022/09/23", "2022-09-23"),
        ("contract.tax_rate", "6%", "0.06"),
        ("penalties", "0.05%", "0.0005"),
        ("sla", "4小时", "4"),
        ("parties[乙方].name", "  北京万信友联科技有限公司 ", "北京万信友联科技有限公司"),
    ],
)
def test_corrected_values_are_normalised(target_name: str, typed: str, stored: str) -> None:
    assert normalise_value(target_name, typed) == stored


@pytest.mark.parametrize(("target_name", "typed"), [("contract.total_amount", "很多"), ("contract.signed_on", "下周"),
                                                    ("penalties", "一半"), ("parties[甲方].name", "   ")])
def test_a_value_that_cannot_be_read_is_refused_in_words(target_name: str, typed: str) -> None:
    with pytest.raises(DecisionError) as err:
        normalise_value(target_name, typed)
    assert err.value.zh.endswith("。") and err.value.en.endswith(".")


def test_a_stale_evidence_key_is_refused(db: Path) -> None:
    with storage.connect(db) as conn:
        sha = sha_of(conn, "004_203ddecaf6b58c51.txt")
        with pytest.raises(DecisionError, match="changed"):
            record(conn, sha256=sha, target="contract.total_amount", evidence_key="0" * 32, decision="confirm", reviewer="王审")
        assert conn.execute("SELECT count(*) FROM reviews").fetchall() == [(0,)]


def test_a_flag_cannot_be_corrected_and_a_reviewer_is_needed(db: Path) -> None:
    with storage.connect(db) as conn:
        sha = sha_of(conn, "103_mianyang_12345.txt")
        with pytest.raises(DecisionError):
            decide(conn, sha, "flags.amount_words_mismatch", "correct", corrected_value="1")
        with pytest.raises(DecisionError):
            decide(conn, sha, "flags.amount_words_mismatch", "dismiss", reviewer="  ")
        with pytest.raises(DecisionError):
            decide(conn, sha, "flags.amount_words_mismatch", "delete")


def test_the_latest_decision_counts_and_the_history_is_kept(db: Path) -> None:
    with storage.connect(db) as conn:
        sha = sha_of(conn, "103_mianyang_12345.txt")
        t0 = dt.datetime(2026, 1, 1, 9)
        decide(conn, sha, "flags.amount_words_mismatch", "confirm", now=t0)
        decide(conn, sha, "flags.amount_words_mismatch", "dismiss", now=t0 + dt.timedelta(minutes=5))
        got = rows(conn, "SELECT decision, n_decisions, applies FROM v_review_decisions WHERE sha256 = ?", [sha])
        assert got == [{"decision": "dismiss", "n_decisions": 2, "applies": True}]


# -- survival --------------------------------------------------------------------------------


def test_decisions_survive_ingest_force(db: Path, import_folder: Path) -> None:
    with storage.connect(db) as conn:
        sha = sha_of(conn, "103_mianyang_12345.txt")
        decide(conn, sha, "flags.amount_words_mismatch", "dismiss", note="大写是对的")
        decide(conn, sha, "contract.total_amount", "correct", corrected_value="558000")
        run_before = conn.execute("SELECT max(run_id) FROM documents").fetchall()[0][0]
    reimport(import_folder, db)
    with storage.connect(db) as conn:
        assert conn.execute("SELECT min(run_id) FROM documents").fetchall()[0][0] > run_before  # every row re-written
        got = rows(conn, "SELECT target, decision, applies FROM v_review_decisions WHERE sha256 = ? ORDER BY target", [sha])
        assert got == [
            {"target": "contract.total_amount", "decision": "correct", "applies": True},
            {"target": "flags.amount_words_mismatch", "decision": "dismiss", "applies": True},
        ]
        state = rows(conn, "SELECT n_flags, n_flags_dismissed, n_flags_open, total_amount_reviewed FROM v_contracts_reviewed "
                     "WHERE sha256 = ?", [sha])
        assert state == [{"n_flags": 1, "n_flags_dismissed": 1, "n_flags_open": 0, "total_amount_reviewed": Decimal("558000.00")}]


def test_a_dismissed_flag_whose_evidence_changed_is_open_again(db: Path) -> None:
    with storage.connect(db) as conn:
        sha = sha_of(conn, "103_mianyang_12345.txt")
        decide(conn, sha, "flags.amount_words_mismatch", "dismiss")
        # what a re-import by a changed extractor does: the flag points at another place
        conn.execute(
            "UPDATE flags SET spans = list_transform(spans, lambda s: struct_pack(start_offset := s.start_offset + 1, "
            "end_offset := s.end_offset, text := s.text, page := s.page, rule := s.rule)) WHERE sha256 = ?", [sha])
        assert rows(conn, "SELECT applies FROM v_review_decisions WHERE sha256 = ?", [sha]) == [{"applies": False}]
        state = rows(conn, "SELECT n_flags_open, review_state FROM v_contracts_reviewed WHERE sha256 = ?", [sha])
        assert state == [{"n_flags_open": 1, "review_state": "unreviewed"}]


def test_a_confirmed_value_no_longer_applies_when_another_value_is_extracted(db: Path) -> None:
    with storage.connect(db) as conn:
        sha = sha_of(conn, "004_203ddecaf6b58c51.txt")
        decide(conn, sha, "contract.total_amount", "confirm")
        conn.execute("UPDATE evidence SET value = '1.00' WHERE sha256 = ? AND field = 'contract.total_amount'", [sha])
        assert rows(conn, "SELECT applies FROM v_review_decisions") == [{"applies": False}]


# -- analyst views --------------------------------------------------------------------------


def test_the_reviewed_value_stands_beside_the_extracted_one(db: Path) -> None:
    with storage.connect(db) as conn:
        sha = sha_of(conn, "004_203ddecaf6b58c51.txt")
        decide(conn, sha, "parties[乙方].name", "correct", corrected_value="北京万信友联科技股份有限公司")
        decide(conn, sha, "contract.signed_on", "confirm")
        values = {r["target"]: r for r in rows(conn, "SELECT * FROM v_reviewed_values WHERE sha256 = ?", [sha])}
        assert values["parties[乙方].name"]["extracted_value"] == "北京万信友联科技有限公司"
        assert values["parties[乙方].name"]["reviewed_value"] == "北京万信友联科技股份有限公司"
        assert values["parties[乙方].name"]["review"] == "correct"
        assert values["contract.signed_on"]["review"] == "confirm"
        assert values["contract.total_amount"]["review"] == "unreviewed"
        assert values["contract.total_amount"]["reviewed_value"] == values["contract.total_amount"]["extracted_value"]
        row = rows(conn, "SELECT party_b, party_b_reviewed, signed_on, signed_on_reviewed, review_state "
                   "FROM v_contracts_reviewed WHERE sha256 = ?", [sha])[0]
        assert row["party_b"] == "北京万信友联科技有限公司"
        assert row["party_b_reviewed"] == "北京万信友联科技股份有限公司"
        assert row["signed_on_reviewed"] == row["signed_on"] == dt.date(2022, 9, 23)
        assert row["review_state"] == "in_progress"  # its three flags are still open


def test_a_contract_with_every_flag_decided_is_reviewed(db: Path) -> None:
    with storage.connect(db) as conn:
        sha = sha_of(conn, "004_203ddecaf6b58c51.txt")
        for t in targets_for(conn, sha):
            if t["kind"] == "flag":
                record(conn, sha256=sha, target=t["target"], evidence_key=t["evidence_key"], decision="dismiss", reviewer="王审")
        row = rows(conn, "SELECT n_flags, n_flags_dismissed, n_flags_open, review_state FROM v_contracts_reviewed "
                   "WHERE sha256 = ?", [sha])
        assert row == [{"n_flags": 3, "n_flags_dismissed": 3, "n_flags_open": 0, "review_state": "reviewed"}]
