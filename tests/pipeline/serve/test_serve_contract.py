"""The contract page and decisions through Starlette's TestClient: the
review page's highlights and panel, reviewer-readable Chinese, the PDF page,
decisions recorded from the page's own forms, and the safety rules (escaped
text, CSRF, loopback, host names, script nonce)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from hetong.pipeline.cli import app as cli
from hetong.pipeline.serve.app import create_app

from .conftest import IMG, SCRIPT  # noqa: TID252


def sha_of(db: Path, source: str) -> str:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute("SELECT sha256 FROM documents WHERE source = ?", [source]).fetchall()[0][0]


def query(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(sql, params or []).fetchall()


@pytest.fixture
def client(db: Path) -> TestClient:
    return TestClient(create_app(db, reviewer="王审", allowed_hosts=["testserver"]))


def forms(page: str) -> list[dict[str, str]]:
    """Every decision form of a page: its action and hidden fields."""
    out = []
    for m in re.finditer(r'<form class="decide" method="post" action="([^"]*)">(.*?)</form>', page, re.S):
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', m.group(2)))
        out.append({"action": html.unescape(m.group(1)), **{k: html.unescape(v) for k, v in fields.items()}})
    return out


def form_for(page: str, target: str) -> dict[str, str]:
    found = [f for f in forms(page) if f["target"] == target]
    assert found, f"no form for {target}"
    return found[0]


# -- what the page shows ------------------------------------------------------------------------


def test_the_page_shows_the_text_the_highlights_and_every_flag(client: TestClient, db: Path) -> None:
    sha = sha_of(db, "000_ea93da92590dbf3c.txt")
    r = client.get(f"/c/{sha}")
    assert r.status_code == 200
    raw = query(db, "SELECT raw_text FROM texts WHERE sha256 = ?", [sha])[0][0]
    text = re.search(r'<pre id="text">\n(.*?)</pre>', r.text, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", text)) == raw
    assert len(re.findall(r'<mark class="hl', text)) > 20
    n_flags = query(db, "SELECT count(*) FROM flags WHERE sha256 = ?", [sha])[0][0]
    assert len([f for f in forms(r.text) if f["target"].startswith("flags.")]) == n_flags == 3


def test_codes_are_shown_as_their_meaning_in_chinese(client: TestClient, db: Path) -> None:
    r = client.get(f"/c/{sha_of(db, '000_ea93da92590dbf3c.txt')}")
    assert "乙方：按服务费的1%每分扣减" in r.text  # stored as 0.01 · per_point · service_fee
    assert "per_point" not in r.text and "service_fee" not in r.text
    assert "行政区划不一致" in r.text and "district_mismatch" not in html.unescape(re.sub(r'data-target="[^"]*"|value="[^"]*"', "", r.text))
    assert "合同中写的行政区划对不上：“乌鲁木齐区”" in r.text


def test_english_shows_the_recorded_messages(client: TestClient, db: Path) -> None:
    r = client.get(f"/c/{sha_of(db, '000_ea93da92590dbf3c.txt')}?lang=en")
    assert "乌鲁木齐区 is not in 克拉玛依市" in r.text
    assert "乙方 pays 1% of the service fee per point" in r.text
    assert "Dismiss" in r.text and "Back to the list" in r.text


def test_a_contract_holding_markup_shows_it_as_text(client: TestClient, db: Path) -> None:
    sha = sha_of(db, "hostile_script.txt")
    r = client.get(f"/c/{sha}")
    assert r.status_code == 200
    assert SCRIPT not in r.text and IMG not in r.text
    assert html.escape(SCRIPT) in r.text and html.escape(IMG) in r.text
    scripts = re.findall(r"<script\b[^>]*>", r.text)
    nonce = re.search(r"script-src 'nonce-([^']+)'", r.headers["content-security-policy"]).group(1)
    assert scripts and all(s == f'<script nonce="{nonce}">' or 'type="application/json"' in s for s in scripts)
    index = client.get("/")
    assert SCRIPT not in index.text


def test_the_pdf_page_is_shown_beside_the_text(client: TestClient, db: Path) -> None:
    sha = sha_of(db, "r14_order_contract_xiamen.pdf")
    r = client.get(f"/c/{sha}")
    assert f'src="/c/{sha}/page/1.png"' in r.text and 'data-pages="2"' in r.text
    png = client.get(f"/c/{sha}/page/2.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n" and len(png.content) > 10_000
    assert client.get(f"/c/{sha}/page/3.png").status_code == 404


def test_a_pdf_whose_file_is_gone_says_so(client: TestClient, db: Path) -> None:
    sha = sha_of(db, "r14_order_contract_xiamen.pdf")
    with duckdb.connect(str(db)) as conn:
        conn.execute("UPDATE documents SET path = '/nonexistent/r14.pdf' WHERE sha256 = ?", [sha])
    r = client.get(f"/c/{sha}")
    assert "原文件已不在原处，无法显示页面。" in r.text
    assert client.get(f"/c/{sha}/page/1.png").status_code == 404


def test_a_text_contract_has_no_page_column(client: TestClient, db: Path) -> None:
    r = client.get(f"/c/{sha_of(db, '004_203ddecaf6b58c51.txt')}")
    assert 'id="pdf"' not in r.text


def test_previous_and_next_follow_the_filter(client: TestClient, db: Path) -> None:
    order = [r[0] for r in query(db, "SELECT sha256 FROM v_contracts_reviewed WHERE list_contains(flag_severities, 'error') "
                                     "ORDER BY source, sha256")]
    r = client.get(f"/c/{order[1]}?severity=error")
    assert f'href="/c/{order[0]}?severity=error"' in r.text and f'href="/c/{order[2]}?severity=error"' in r.text
    assert f"当前筛选中的第 2 份，共 {len(order)} 份" in r.text


def test_an_unknown_document_is_404(client: TestClient) -> None:
    assert client.get("/c/" + "0" * 64).status_code == 404
    assert client.get("/c/not-a-hash").status_code == 404


# -- decisions from the page's forms ------------------------------------------------------------


def test_dismissing_a_flag_is_kept_and_shown(client: TestClient, db: Path) -> None:
    sha = sha_of(db, "103_mianyang_12345.txt")
    page = client.get(f"/c/{sha}?severity=error").text
    form = form_for(page, "flags.amount_words_mismatch")
    assert form["action"] == f"/c/{sha}/decide?severity=error"
    r = client.post(form["action"], data={**form, "decision": "dismiss", "note": "大写金额是对的"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/c/{sha}?severity=error&saved=1#item-")
    again = client.get(r.headers["location"]).text
    assert "已保存。" in again and "王审 于" in again and "已忽略" in again and "大写金额是对的" in again
    assert query(db, "SELECT target, decision, reviewer, note FROM reviews") == [
        ("flags.amount_words_mismatch", "dismiss", "王审", "大写金额是对的")]


def test_correcting_a_value_is_kept_and_shown(client: TestClient, db: Path) -> None:
    sha = sha_of(db, "004_203ddecaf6b58c51.txt")
    form = form_for(client.get(f"/c/{sha}").text, "contract.total_amount")
    r = client.post(form["action"], data={**form, "decision": "correct", "corrected_value": "1,202,001"})
    assert r.status_code == 200 and "更正为 1202001.00" in r.text
    assert query(db, "SELECT total_amount, total_amount_reviewed FROM v_contracts_reviewed WHERE sha256 = ?", [sha]) == [
        (1202000, 1202001)]


def test_a_value_that_is_not_an_amount_is_refused_in_a_sentence(client: TestClient, db: Path) -> None:
    sha = sha_of(db, "004_203ddecaf6b58c51.txt")
    form = form_for(client.get(f"/c/{sha}").text, "contract.total_amount")
    r = client.post(form["action"], data={**form, "decision": "correct", "corrected_value": "一百多万吧"})
    assert r.status_code == 400
    assert "“一百多万吧”不是一个金额。请写成 1202000 或 1,202,000.00 元 或 壹佰贰拾万零贰仟元整。" in r.text
    assert query(db, "SELECT count(*) FROM reviews") == [(0,)]


def test_the_reviewer_name_set_in_the_page_is_recorded(client: TestClient, db: Path) -> None:
    sha = sha_of(db, "004_203ddecaf6b58c51.txt")
    page = client.get(f"/c/{sha}").text
    csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', page).group(1)
    r = client.post("/settings", data={"csrf": csrf, "reviewer": "李 审阅", "back": f"/c/{sha}"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/c/{sha}"
    form = form_for(client.get(f"/c/{sha}").text, "contract.signed_on")
    client.post(form["action"], data={**form, "decision": "confirm"})
    assert query(db, "SELECT reviewer FROM reviews") == [("李 审阅",)]


# -- safety -----------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "f" * 64])
def test_a_decision_without_the_csrf_token_is_refused(client: TestClient, db: Path, token: str | None) -> None:
    sha = sha_of(db, "103_mianyang_12345.txt")
    form = form_for(client.get(f"/c/{sha}").text, "flags.amount_words_mismatch")
    data = {k: v for k, v in form.items() if k != "csrf"}
    if token is not None:
        data["csrf"] = token
    r = client.post(form["action"], data={**data, "decision": "dismiss"})
    assert r.status_code == 403
    assert "提交未通过校验（页面可能已过期）。请刷新页面后再提交一次。" in r.text
    assert query(db, "SELECT count(*) FROM reviews") == [(0,)]


def test_a_decision_posted_from_another_site_is_refused(client: TestClient, db: Path) -> None:
    sha = sha_of(db, "103_mianyang_12345.txt")
    form = form_for(client.get(f"/c/{sha}").text, "flags.amount_words_mismatch")
    r = client.post(form["action"], data={**form, "decision": "dismiss"}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    assert query(db, "SELECT count(*) FROM reviews") == [(0,)]


def test_the_csrf_cookie_is_strict_and_http_only(client: TestClient) -> None:
    cookie = client.get("/").headers["set-cookie"]
    assert "hetong_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_only_its_own_host_names_are_answered(db: Path) -> None:
    client = TestClient(create_app(db))  # the default: 127.0.0.1, localhost, ::1
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 200


def test_serve_listens_on_loopback_by_default(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from hetong.pipeline.serve import command

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(command, "_port_problem", lambda host, port: None)  # 8765 may be taken on a shared machine
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = CliRunner().invoke(cli, ["serve", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert calls == [{"host": "127.0.0.1", "port": 8765, "log_level": "warning"}]


def test_serve_warns_when_told_to_listen_beyond_this_machine(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from hetong.pipeline.serve import command

    monkeypatch.setattr(command, "_port_problem", lambda host, port: None)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert result.exit_code == 0
    assert "not on this machine only" in result.output


def test_serve_without_a_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"no such database file: {tmp_path / 'none.duckdb'} (import contracts first: hetong ingest FOLDER --db {tmp_path / 'none.duckdb'})"]


def test_serve_on_a_port_in_use_is_one_line_and_exit_2(db: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"cannot listen on 127.0.0.1:{port}: Address already in use (give another --port)"]
