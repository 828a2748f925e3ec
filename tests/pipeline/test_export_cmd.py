"""`hetong export` through the CLI runner: any table or view to Parquet, CSV or
JSON Lines, names checked against the catalog, and `--redact`."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from hetong.models import Contract, Document, Evidence, Flag, Party, Payment
from hetong.pipeline.store import storage
from hetong.pipeline.cli import app
from hetong.pipeline.store.export import export_relation, relations, to_json_line
from hetong.pipeline.orchestrate import process_path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "001_d28e756e3b72c66a.txt"  # contacts, e-mails, accounts, hotlines

RAW = (
    "技术服务合同\n"
    "甲方：北京市朝阳区政务服务管理局  联系人：田伟  电话：84681632\n"
    "乙方：北京万信友联科技有限公司  法定代表人：李胜\n"
    "统一社会信用代码：911101087855146422\n"
    "开户行：招商银行立水桥支行  帐号：110934171210312\n"
    "电子邮箱：yangqiong@wanxin.cn  手机：18614071195\n"
    "授权代表身份证号：110105199001011234\n"
    "合同总额 ¥1202000元，合同签订后30日内支付50%。\n"
    "签字：田伟 84681633\n"
)
PERSONAL = ["84681632", "84681633", "110934171210312", "yangqiong@wanxin.cn", "18614071195", "110105199001011234"]
KEPT = ["911101087855146422", "1202000", "李胜", "田伟", "北京万信友联科技有限公司", "招商银行立水桥支行"]
TEXT_RELATIONS = [
    "texts",
    "parties",
    "evidence",
    "flags",
    "documents",
    "contracts",
    "payments",
    "all_evidence",
    "v_flags",
    "v_contracts",
    "contract_overview",
    "v_payment_schedule",
]


def ev(needle: str, rule: str, occurrence: int = 0) -> Evidence:
    start = -1
    for _ in range(occurrence + 1):
        start = RAW.index(needle, start + 1)
    return Evidence(start=start, end=start + len(needle), text=needle, rule=rule)


def document() -> Document:
    return Document(
        source="pii.txt",
        sha256="d" * 64,
        media_type="text/plain",
        encoding="utf-8",
        raw_text=RAW,
        contract=Contract(
            title="技术服务合同",
            total_amount=Decimal("1202000"),
            signed_on=dt.date(2022, 9, 23),
            coverage=["7x24"],
            evidence={"total_amount": ev("¥1202000元", "money.total")},
        ),
        parties=[
            Party(
                role="甲方",
                name="北京市朝阳区政务服务管理局",
                contact="田伟",
                phone="84681632",
                evidence={"phone": ev("84681632", "party.phone")},
            ),
            Party(
                role="乙方",
                name="北京万信友联科技有限公司",
                legal_rep="李胜",
                email="yangqiong@wanxin.cn",
                phone="18614071195",
                bank="招商银行立水桥支行",
                account="110934171210312",
                tax_id="911101087855146422",
                evidence={
                    "account": ev("110934171210312", "party.account"),
                    "email": ev("yangqiong@wanxin.cn", "party.email"),
                    "tax_id": ev("911101087855146422", "party.tax_id"),
                },
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
                evidence=ev("合同签订后30日内支付50%", "payments.prose"),
            )
        ],
        flags=[
            Flag(
                kind="party_detail_mismatch",
                severity="warning",
                message="甲方's phone reads 84681632 in the declaration but 84681633 in the signature block.",
                evidence=["84681632", "84681633"],
                spans=[
                    ev("84681632", "flags.party_detail_mismatch.phone"),
                    ev("84681633", "flags.party_detail_mismatch.phone"),
                ],
            )
        ],
        versions={"hetong": "test"},
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "contracts.duckdb"
    with storage.connect(path) as conn:
        run = storage.start_run(conn)
        storage.store_document(conn, document(), run)
        storage.store_document(conn, process_path(SAMPLE), run)
        storage.finish_run(conn, run, files_seen=2, ok=2, partial=0, failed=0, skipped=0)
        conn.execute('CREATE TABLE "odd ""name""" (a INTEGER)')
        conn.execute('COMMENT ON TABLE "odd ""name""" IS \'a table whose name needs quoting\'')
        conn.execute('COMMENT ON COLUMN "odd ""name""".a IS \'a number\'')
        conn.execute('INSERT INTO "odd ""name""" VALUES (1), (2)')
    return path


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def export(runner: CliRunner, db: Path, table: str, fmt: str, out: Path, *extra: str):
    return runner.invoke(app, ["export", "--db", str(db), "--table", table, "--format", fmt, "--out", str(out), *extra])


def table_rows(db: Path, table: str) -> tuple[list[str], list[str], list[tuple[Any, ...]]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        rel = conn.sql(f'SELECT * FROM "{table}"')
        return rel.columns, [str(t) for t in rel.types], rel.fetchall()


ALL = [
    "_migrations",
    "runs",
    "documents",
    "texts",
    "contracts",
    "parties",
    "clauses",
    "payments",
    "penalties",
    "sla",
    "flags",
    "evidence",
    "files_not_read",
    "pages",
    "fingerprints",
    "fingerprint_bands",
    "contract_files",
    "contract_overview",
    "payment_schedule",
    "all_evidence",
    "v_contracts",
    "v_payment_schedule",
    "v_penalties",
    "v_sla",
    "v_flags",
    "v_contract_files",
    "v_contract_versions",
    "v_evidence",
    "reviews",  # migration 009: the review workbench's decisions and views
    "v_review_targets",
    "v_review_decisions",
    "v_reviewed_values",
    "v_contracts_reviewed",
]


def test_every_relation_of_the_schema_is_exportable(db: Path) -> None:
    with duckdb.connect(str(db), read_only=True) as conn:
        assert set(relations(conn)) == {*ALL, 'odd "name"'}


# -- round trips ------------------------------------------------------------------------


@pytest.mark.parametrize("table", ALL)
def test_parquet_round_trips_exactly(runner: CliRunner, db: Path, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.parquet"
    result = export(runner, db, table, "parquet", out)
    assert result.exit_code == 0, result.output
    columns, types, rows = table_rows(db, table)
    with duckdb.connect() as conn:
        back = conn.sql("SELECT * FROM read_parquet(?)", params=[str(out)])
        assert back.columns == columns
        assert [str(t) for t in back.types] == [t if t != "JSON" else "VARCHAR" for t in types] or table == "documents"
        assert sorted(map(repr, back.fetchall())) == sorted(map(repr, rows))


@pytest.mark.parametrize("table", ["v_contracts", "payments", "texts", "flags", "parties"])
def test_csv_round_trips_as_text(runner: CliRunner, db: Path, tmp_path: Path, table: str) -> None:
    out = tmp_path / f"{table}.csv"
    assert export(runner, db, table, "csv", out).exit_code == 0
    with duckdb.connect(str(db), read_only=True) as conn:
        cols = conn.sql(f"SELECT * FROM {table}").columns
        as_text = ", ".join(f'CAST("{c}" AS VARCHAR) AS "{c}"' for c in cols)
        expected = conn.execute(f"SELECT {as_text} FROM {table}").fetchall()
        back = conn.execute("SELECT * FROM read_csv(?, header = true, all_varchar = true)", [str(out)]).fetchall()
    assert sorted(back, key=repr) == sorted(expected, key=repr)


def test_jsonl_keeps_money_exact_and_dates_iso(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "contracts.jsonl"
    assert export(runner, db, "v_contracts", "jsonl", out).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    mine = next(r for r in records if r["source"] == "pii.txt")
    assert mine["total_amount"] == "1202000.00" and Decimal(mine["total_amount"]) == Decimal("1202000")
    assert mine["signed_on"] == "2022-09-23"
    assert mine["flag_kinds"] == ["party_detail_mismatch"]
    columns, _, rows = table_rows(db, "v_contracts")
    assert len(records) == len(rows) and list(mine) == columns


def test_jsonl_round_trips_nested_and_json_columns(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "flags.jsonl"
    assert export(runner, db, "flags", "jsonl", out).exit_code == 0
    flag = next(json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if '"' + "d" * 64 in line)
    assert flag["evidence"] == ["84681632", "84681633"]
    assert flag["spans"][1] == {
        "start_offset": RAW.index("84681633"),
        "end_offset": RAW.index("84681633") + 8,
        "text": "84681633",
        "page": None,
        "rule": "flags.party_detail_mismatch.phone",
    }
    out = tmp_path / "documents.jsonl"
    assert export(runner, db, "documents", "jsonl", out).exit_code == 0
    versions = [json.loads(line)["versions"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert {"hetong": "test"} in versions  # a JSON column is embedded as JSON, not as a string


def test_a_table_name_is_matched_case_insensitively(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    assert export(runner, db, "V_Contracts", "jsonl", out).exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_a_name_that_needs_quoting_is_quoted(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "odd.jsonl"
    assert export(runner, db, 'odd "name"', "jsonl", out).exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines() == ['{"a":1}', '{"a":2}']


def test_json_lines_of_extract_are_unchanged() -> None:
    record = document().to_record()
    assert json.loads(to_json_line(record))["contract"]["total_amount"] == "1202000"


# -- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "table",
    [
        "no_such_table",
        "texts; DROP TABLE texts",
        'texts" --',
        "main.texts",
        "duckdb_tables()",
        "read_csv('/etc/passwd')",
        "",
    ],
)
def test_names_not_in_the_catalog_are_refused(runner: CliRunner, db: Path, tmp_path: Path, table: str) -> None:
    out = tmp_path / "x.csv"
    result = export(runner, db, table, "csv", out)
    assert result.exit_code == 2
    assert "no table or view" in result.stderr and "v_contracts" in result.stderr
    assert not out.exists()
    with duckdb.connect(str(db), read_only=True) as conn:
        assert "texts" in relations(conn)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "unknown format"),
        (["--db", "{tmp}/missing.duckdb"], "no such database"),
        (["--db", "{tmp}/other.duckdb"], "not a hetong database"),
        (["--out", "{tmp}/no/such/folder/x.csv"], "does not exist"),
    ],
)
def test_bad_arguments_exit_2(runner: CliRunner, db: Path, tmp_path: Path, args: list[str], message: str) -> None:
    with duckdb.connect(str(tmp_path / "other.duckdb")) as other:
        other.execute("CREATE TABLE t (a INTEGER)")
    base = {"--db": str(db), "--table": "texts", "--format": "csv", "--out": str(tmp_path / "x.csv")}
    base.update(dict(zip(args[::2], (a.format(tmp=tmp_path) for a in args[1::2]))))
    result = runner.invoke(app, ["export", *[x for kv in base.items() for x in kv]])
    assert result.exit_code == 2
    assert message in result.stderr


# -- redaction --------------------------------------------------------------------------------


def exported_text(runner: CliRunner, db: Path, table: str, fmt: str, out: Path, *extra: str) -> str:
    result = export(runner, db, table, fmt, out, *extra)
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        return out.read_text(encoding="utf-8")
    with duckdb.connect() as conn:
        rows = conn.execute("SELECT * FROM read_parquet(?)", [str(out)]).fetchall()
    return repr(rows)


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
@pytest.mark.parametrize("table", TEXT_RELATIONS)
def test_redaction_masks_every_personal_value(
    runner: CliRunner, db: Path, tmp_path: Path, table: str, fmt: str
) -> None:
    text = exported_text(runner, db, table, fmt, tmp_path / f"r.{fmt}", "--redact")
    leaked = [p for p in PERSONAL if p in text]
    assert leaked == []


@pytest.mark.parametrize("table", ["texts", "parties", "evidence"])
def test_redaction_keeps_what_is_not_personal(runner: CliRunner, db: Path, tmp_path: Path, table: str) -> None:
    text = exported_text(runner, db, table, "jsonl", tmp_path / "r.jsonl", "--redact")
    plain = exported_text(runner, db, table, "jsonl", tmp_path / "p.jsonl")
    assert [k for k in KEPT if k in plain and k not in text] == []


def test_redaction_masks_the_sample_contacts(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    text = exported_text(runner, db, "texts", "jsonl", tmp_path / "r.jsonl", "--redact")
    for value in [
        "37392278@qq.com",
        "0991-4689363",
        "13259979723",
        "3002016329200056025",
        "139 9285 2916",
        "4008888360",
    ]:
        assert value not in text


def test_without_redact_nothing_is_masked(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    text = exported_text(runner, db, "texts", "jsonl", tmp_path / "p.jsonl")
    assert all(p in text for p in PERSONAL)


def test_redacted_text_keeps_its_length_so_offsets_still_hold(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    texts = tmp_path / "texts.jsonl"
    evidence = tmp_path / "evidence.jsonl"
    exported_text(runner, db, "texts", "jsonl", texts, "--redact")
    exported_text(runner, db, "evidence", "jsonl", evidence, "--redact")
    raw = next(json.loads(line) for line in texts.read_text(encoding="utf-8").splitlines() if "d" * 64 in line)
    assert raw["chars"] == len(raw["raw_text"]) == len(RAW)
    rows = [json.loads(line) for line in evidence.read_text(encoding="utf-8").splitlines() if "d" * 64 in line]
    assert len(rows) == 5
    for row in rows:
        assert raw["raw_text"][row["start_offset"] : row["end_offset"]] == row["text"]
    by_field = {row["field"]: row for row in rows}
    assert by_field["parties[乙方].email"]["value"] == "*********@******.**"
    assert by_field["parties[乙方].tax_id"]["value"] == "911101087855146422"
    assert by_field["parties[乙方].email"]["field"] == "parties[乙方].email"  # the field name itself is kept


def test_redacted_parquet_keeps_the_column_types(runner: CliRunner, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "flags.parquet"
    assert export(runner, db, "flags", "parquet", out, "--redact").exit_code == 0
    plain = tmp_path / "plain.parquet"
    assert export(runner, db, "flags", "parquet", plain).exit_code == 0
    with duckdb.connect() as conn:
        types = [str(t) for t in conn.sql("SELECT * FROM read_parquet(?)", params=[str(out)]).types]
        assert types == [str(t) for t in conn.sql("SELECT * FROM read_parquet(?)", params=[str(plain)]).types]
        spans = conn.execute("SELECT spans FROM read_parquet(?) WHERE sha256 = ?", [str(out), "d" * 64]).fetchall()
    assert [s["text"] for s in spans[0][0]] == ["********", "********"]


def test_export_relation_returns_the_row_count(db: Path, tmp_path: Path) -> None:
    with storage.open_database(db) as conn:
        assert export_relation(conn, "parties", "csv", tmp_path / "p.csv", redact=True) == 4
        assert export_relation(conn, "parties", "parquet", tmp_path / "p.parquet") == 4
        temp = conn.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchall()
    assert temp == [(0,)]  # the redaction table is dropped
