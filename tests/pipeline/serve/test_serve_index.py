"""The index page through Starlette's TestClient: every filter narrows the
list to the contracts that match it (checked against SQL on the same
database), sorting, counts, paging."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from starlette.testclient import TestClient

from hetong.pipeline.serve import index as index_page
from hetong.pipeline.serve.app import create_app


@pytest.fixture
def client(imported_db: Path) -> TestClient:
    return TestClient(create_app(imported_db, reviewer="王审", allowed_hosts=["testserver"]))


def listed(html: str) -> list[str]:
    return re.findall(r'<tr data-sha="([0-9a-f]{64})"', html)


def expected(db: Path, where: str, params: list[object] | None = None, order: str = "source, sha256") -> list[str]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return [r[0] for r in conn.execute(f"SELECT sha256 FROM v_contracts_reviewed {where} ORDER BY {order}", params or []).fetchall()]


def test_the_index_lists_every_contract_in_chinese(client: TestClient, imported_db: Path) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert listed(r.text) == expected(imported_db, "")
    assert len(listed(r.text)) == 10
    assert "共 10 份合同" in r.text and "未审阅 10" in r.text and "合同审阅台" in r.text


def test_english_on_request(client: TestClient) -> None:
    r = client.get("/?lang=en")
    assert "10 contracts" in r.text and "not reviewed 10" in r.text
    assert r.cookies.get("hetong_lang") == "en"


@pytest.mark.parametrize(
    ("query", "where", "params"),
    [
        ("severity=error", "WHERE list_contains(flag_severities, 'error')", []),
        ("severity=info", "WHERE list_contains(flag_severities, 'info')", []),
        ("kind=person_name_mismatch", "WHERE list_contains(flag_kinds, 'person_name_mismatch')", []),
        ("status=ok", "WHERE status = 'ok'", []),
        ("region=北京市", "WHERE province = '北京市'", []),
        ("party=科技", "WHERE party_a LIKE '%科技%' OR party_b LIKE '%科技%'", []),
        ("amount_min=500000", "WHERE total_amount >= 500000", []),
        ("amount_min=10万&amount_max=1,000,000", "WHERE total_amount BETWEEN 100000 AND 1000000", []),
        ("review=unreviewed", "", []),
        ("review=reviewed", "WHERE false", []),
    ],
)
def test_each_filter_lists_exactly_the_matching_contracts(
    client: TestClient, imported_db: Path, query: str, where: str, params: list[object]
) -> None:
    want = expected(imported_db, where, params)
    got = listed(client.get("/?" + query).text)
    assert got == want
    assert 0 <= len(want) < 10 or query == "review=unreviewed" or query == "status=ok"


def test_filters_combine(client: TestClient, imported_db: Path) -> None:
    got = listed(client.get("/?severity=error&amount_min=500000").text)
    assert got == expected(imported_db, "WHERE list_contains(flag_severities, 'error') AND total_amount >= 500000")
    assert got  # 103_mianyang (558,000, amount words) is one


def test_sorting_by_amount(client: TestClient, imported_db: Path) -> None:
    got = listed(client.get("/?sort=amount_desc").text)
    assert got == expected(imported_db, "", order="total_amount DESC NULLS LAST, source, sha256")
    assert got != expected(imported_db, "")


def test_a_filter_that_cannot_be_read_is_left_out(client: TestClient, imported_db: Path) -> None:
    r = client.get("/?severity=fatal&sort=DROP%20TABLE&amount_min=lots&page=-1")
    assert r.status_code == 200
    assert listed(r.text) == expected(imported_db, "")


def test_no_match_says_so(client: TestClient) -> None:
    r = client.get("/?party=不存在的公司")
    assert listed(r.text) == [] and "没有符合条件的合同。" in r.text


def test_the_filter_form_keeps_its_values(client: TestClient) -> None:
    r = client.get("/?severity=error&party=科技")
    assert '<option value="error" selected>' in r.text
    assert 'value="科技"' in r.text


def test_contract_links_carry_the_filter(client: TestClient) -> None:
    r = client.get("/?severity=error")
    assert re.search(r'href="/c/[0-9a-f]{64}\?severity=error"', r.text)


# -- paging (on the functions, with a small page) ----------------------------------------------


def test_paging_splits_the_list_and_counts_the_whole(imported_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_page, "PAGE_SIZE", 4)
    with duckdb.connect(str(imported_db), read_only=True) as conn:
        pages = [index_page.load_index(conn, index_page.Filters(page=n)) for n in (1, 2, 3)]
    assert [len(p.rows) for p in pages] == [4, 4, 2]
    assert {p.total for p in pages} == {10} and {p.pages for p in pages} == {3}
    assert [r["sha256"] for p in pages for r in p.rows] == expected(imported_db, "")
    assert (pages[1].first, pages[1].last) == (5, 8)


def test_the_pager_links_to_the_next_page(imported_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_page, "PAGE_SIZE", 3)
    client = TestClient(create_app(imported_db, allowed_hosts=["testserver"]))
    r = client.get("/?severity=info")
    n = len(expected(imported_db, "WHERE list_contains(flag_severities, 'info')"))
    assert n > 3, "the fixture needs more than one page of info flags"
    assert 'href="/?severity=info&amp;page=2"' in r.text
    second = client.get("/?severity=info&page=2")
    assert len(listed(second.text)) == min(3, n - 3)
    assert listed(r.text) + listed(second.text) == expected(imported_db, "WHERE list_contains(flag_severities, 'info')")[:6]


def test_neighbours_follow_the_filter_and_the_sort(imported_db: Path) -> None:
    order = expected(imported_db, "WHERE list_contains(flag_severities, 'error')", order="total_amount DESC NULLS LAST, source, sha256")
    filters = index_page.Filters(severity="error", sort="amount_desc")
    with duckdb.connect(str(imported_db), read_only=True) as conn:
        middle = index_page.neighbours(conn, filters, order[1])
        first = index_page.neighbours(conn, filters, order[0])
        outside = index_page.neighbours(conn, filters, expected(imported_db, "WHERE n_flags = 0")[0])
    assert middle == {"prev": order[0], "next": order[2] if len(order) > 2 else None, "position": 2, "total": len(order)}
    assert first["prev"] is None and first["position"] == 1
    assert outside == {"prev": None, "next": None, "position": None, "total": None}


def test_filters_round_trip_through_the_query_string() -> None:
    f, problems = index_page.Filters.from_params({"severity": "error", "amount_min": "10万", "sort": "amount", "page": "3"})
    assert problems == []
    assert f.amount_min == Decimal("100000.00")
    again, _ = index_page.Filters.from_params(f.params())
    assert again == f


# -- the index copy (IndexCache) ------------------------------------------------------------------


def cached_rows(cache: index_page.IndexCache) -> list[tuple[object, ...]]:
    return cache.mem.execute("SELECT * FROM idx ORDER BY sha256").fetchall()


def view_rows(conn: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    names = ", ".join(n for n, _ in index_page._CACHED)
    return conn.execute(f"SELECT {names} FROM v_contracts_reviewed ORDER BY sha256").fetchall()


def test_the_index_copy_is_the_view(db: Path) -> None:
    cache = index_page.IndexCache()
    with duckdb.connect(str(db)) as conn:
        cache.sync(conn)
        assert cached_rows(cache) == view_rows(conn)
        assert len(cached_rows(cache)) == 10


def test_decisions_by_anyone_update_only_their_contracts(db: Path) -> None:
    from hetong.pipeline.serve.decisions import record, targets_for

    cache = index_page.IndexCache()
    with duckdb.connect(str(db)) as conn:
        cache.sync(conn)
        for source in ("103_mianyang_12345.txt", "004_203ddecaf6b58c51.txt"):
            sha = conn.execute("SELECT sha256 FROM documents WHERE source = ?", [source]).fetchall()[0][0]
            flags = [t for t in targets_for(conn, sha) if t["kind"] == "flag"]
            record(conn, sha256=sha, target=flags[0]["target"], evidence_key=flags[0]["evidence_key"],
                   decision="dismiss", reviewer="别的进程")
        cache.sync(conn)
        assert (cache.rebuilds, cache.refreshed) == (1, 2)
        assert cached_rows(cache) == view_rows(conn)
        states = dict(cache.mem.execute("SELECT review_state, count(*) FROM idx GROUP BY ALL").fetchall())
        assert states == {"reviewed": 1, "in_progress": 1, "unreviewed": 8}


def test_an_import_rebuilds_the_copy(db: Path, import_folder: Path) -> None:
    cache = index_page.IndexCache()
    with duckdb.connect(str(db)) as conn:
        cache.sync(conn)
        cache.sync(conn)
    assert cache.rebuilds == 1  # nothing changed
    from typer.testing import CliRunner

    from hetong.pipeline.cli import app

    assert CliRunner().invoke(app, ["ingest", str(import_folder), "--db", str(db), "--force"]).exit_code == 0
    with duckdb.connect(str(db)) as conn:
        cache.sync(conn)
        assert cache.rebuilds == 2
        assert cached_rows(cache) == view_rows(conn)


def test_the_app_serves_decisions_made_elsewhere(db: Path) -> None:
    from hetong.pipeline.serve.decisions import record, targets_for

    client = TestClient(create_app(db, allowed_hosts=["testserver"]))
    assert listed(client.get("/?review=reviewed").text) == []
    with duckdb.connect(str(db)) as conn:
        sha = conn.execute("SELECT sha256 FROM documents WHERE source = '103_mianyang_12345.txt'").fetchall()[0][0]
        flag = [t for t in targets_for(conn, sha) if t["kind"] == "flag"][0]
        record(conn, sha256=sha, target=flag["target"], evidence_key=flag["evidence_key"], decision="dismiss", reviewer="x")
    assert listed(client.get("/?review=reviewed").text) == [sha]
