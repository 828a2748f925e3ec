"""The workbench in a real browser: Playwright driving Debian's Chromium
(/usr/bin/chromium, never a downloaded one) against `hetong serve`'s app run
by uvicorn on 127.0.0.1, over a real import of gold and real contracts.

A reviewer filters the index, opens a contract, dismisses a flag, corrects a
value, reloads and sees both decisions kept; the contract is re-imported
with `hetong ingest --force` while the workbench runs, and the decisions are
still there, in the page and in the analyst views. Runs in CI (.ci/run
installs chromium); skips only when /usr/bin/chromium is absent."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from hetong.pipeline.batch.importer import ingest_files
from hetong.pipeline.cli import app as cli
from hetong.pipeline.serve.app import create_app

from .conftest import SCRIPT  # noqa: TID252

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (Debian: apt-get install -y chromium)"
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(db: Path) -> Iterator[str]:
    with serving(db) as url:
        yield url


@contextmanager
def serving(db: Path) -> Iterator[str]:
    import uvicorn

    port = free_port()
    config = uvicorn.Config(create_app(db, reviewer="王审"), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the workbench did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1500, "height": 950}, locale="zh-CN",
        )
        try:
            tab = context.new_page()
            tab.set_default_timeout(20_000)
            yield tab
        finally:
            context.close()


def rows(db: Path, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(sql, params or []).fetchall()


def test_filter_open_dismiss_correct_reload_reimport(server: str, page, db: Path, import_folder: Path) -> None:  # noqa: ANN001
    # the index, filtered to contracts with an error flag
    page.goto(server + "/")
    assert page.locator("#list tbody tr").count() == 10
    page.select_option("select[name=severity]", "error")
    page.click("#apply")
    page.wait_for_url(re.compile(r"severity=error"))
    want = [r[0] for r in rows(db, "SELECT sha256 FROM v_contracts_reviewed WHERE list_contains(flag_severities, 'error') "
                                   "ORDER BY source, sha256")]
    assert [tr.get_attribute("data-sha") for tr in page.locator("#list tbody tr").all()] == want
    assert len(want) >= 3 and len(want) < 10

    # open the one with the amount in words that disagrees with the digits
    sha = rows(db, "SELECT sha256 FROM documents WHERE source = '103_mianyang_12345.txt'")[0][0]
    page.click(f"tr[data-sha='{sha}'] td.title a")
    page.wait_for_url(re.compile(sha))
    assert "绵阳" in page.inner_text("#doc-title")
    flag = page.locator(".item[data-target='flags.amount_words_mismatch']")
    assert "大写金额与小写金额不一致" in flag.inner_text()

    # clicking the flag lights its evidence in the text
    flag.locator(".row").click()
    assert page.locator("#text mark.active").count() >= 1

    # dismiss the flag
    flag.locator("button.act-dismiss").click()
    page.wait_for_url(re.compile(r"saved=1"))
    flag = page.locator(".item[data-target='flags.amount_words_mismatch']")
    assert "已忽略" in flag.inner_text() and "王审" in flag.inner_text()

    # correct the total
    total = page.locator(".item[data-target='contract.total_amount']")
    total.locator("summary.act-correct").click()
    total.locator("input.corrected").fill("558,001")
    total.locator("input[name=note]").fill("以合同第三条为准")
    total.locator("button.act-save").click()
    page.wait_for_load_state()
    total = page.locator(".item[data-target='contract.total_amount']")
    assert "更正为 558001.00" in total.inner_text()

    # reload: both kept
    page.reload()
    assert "已忽略" in page.locator(".item[data-target='flags.amount_words_mismatch']").inner_text()
    assert "更正为 558001.00" in page.locator(".item[data-target='contract.total_amount']").inner_text()
    assert "以合同第三条为准" in page.locator(".item[data-target='contract.total_amount']").inner_text()

    # re-import everything while the workbench runs
    result = CliRunner().invoke(cli, ["ingest", str(import_folder), "--db", str(db), "--force"])
    assert result.exit_code == 0, result.output
    assert "imported ok" in result.output
    page.reload()
    assert "已忽略" in page.locator(".item[data-target='flags.amount_words_mismatch']").inner_text()
    assert "更正为 558001.00" in page.locator(".item[data-target='contract.total_amount']").inner_text()

    # and the analyst sees them
    assert rows(db, "SELECT total_amount, total_amount_reviewed, n_flags_dismissed, n_flags_open, review_state "
                    "FROM v_contracts_reviewed WHERE sha256 = ?", [sha]) == [
        (Decimal("558000.00"), Decimal("558001.00"), 1, 0, "reviewed")]
    assert rows(db, "SELECT target, decision, applies FROM v_review_decisions ORDER BY target") == [
        ("contract.total_amount", "correct", True), ("flags.amount_words_mismatch", "dismiss", True)]

    # the index knows: filter by review state
    page.goto(server + "/?review=reviewed")
    assert [tr.get_attribute("data-sha") for tr in page.locator("#list tbody tr").all()] == [sha]


def test_keyboard_moves_between_contracts_and_decides(server: str, page, db: Path) -> None:  # noqa: ANN001
    order = [r[0] for r in rows(db, "SELECT sha256 FROM v_contracts_reviewed WHERE list_contains(flag_severities, 'warning') "
                                    "ORDER BY source, sha256")]
    assert len(order) >= 2
    page.goto(f"{server}/c/{order[0]}?severity=warning")
    page.keyboard.press("n")
    page.wait_for_url(re.compile(order[1]))
    page.keyboard.press("p")
    page.wait_for_url(re.compile(order[0]))
    page.keyboard.press("j")  # the first item: a flag
    first = page.locator(".item.active")
    assert first.get_attribute("data-target").startswith("flags.")
    page.keyboard.press("d")
    page.wait_for_url(re.compile(r"saved=1"))
    assert rows(db, "SELECT decision FROM reviews") == [("dismiss",)]
    page.keyboard.press("i")
    page.wait_for_url(re.compile(r"/\?severity=warning$"))


def test_the_pdf_page_follows_the_evidence(server: str, page, db: Path) -> None:  # noqa: ANN001
    sha = rows(db, "SELECT sha256 FROM documents WHERE source = 'r14_order_contract_xiamen.pdf'")[0][0]
    page.goto(f"{server}/c/{sha}")
    img = page.locator("#page-img")
    assert img.get_attribute("data-page") == "1"
    assert page.evaluate("document.getElementById('page-img').naturalWidth") > 500  # the PNG was served and drawn
    page.click("#pg-next")
    assert img.get_attribute("data-page") == "2"
    # a value read on page 1 brings page 1 back
    page.locator(".item[data-target='contract.total_amount'] .row").click()
    assert img.get_attribute("data-page") == "1"


def test_markup_in_a_contract_is_shown_as_text(server: str, page, db: Path) -> None:  # noqa: ANN001
    sha = rows(db, "SELECT sha256 FROM documents WHERE source = 'hostile_script.txt'")[0][0]
    page.goto(f"{server}/c/{sha}")
    assert SCRIPT in page.inner_text("#text")
    assert page.title() != "pwned" and "pwned" not in page.title()
    assert page.locator("#text script, #text img").count() == 0


def test_english_interface(server: str, page, db: Path) -> None:  # noqa: ANN001
    page.goto(server + "/?lang=en")
    assert "10 contracts" in page.inner_text("#counts")
    page.click("#list tbody tr td.title a >> nth=0")
    page.wait_for_load_state()
    assert "Back to the list" in page.inner_text("body")  # the language is kept by its cookie


def test_the_static_export_filters_in_the_page(page, db: Path, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["review", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page.goto((out / "index.html").as_uri())
    want = [r[0] for r in rows(db, "SELECT sha256 FROM v_contracts_reviewed WHERE list_contains(flag_severities, 'error') "
                                   "ORDER BY source, sha256")]
    page.select_option("#f-sev", "error")
    visible = [tr.get_attribute("data-sha") for tr in page.locator("#list tbody tr").all() if tr.is_visible()]
    assert visible == want and page.inner_text("#shown") == str(len(want))
    page.click(f"tr[data-sha='{want[0]}'] td.title a")
    page.wait_for_load_state()
    assert page.url.endswith(f"c/{want[0]}.html")
    assert page.locator("#text mark.hl").count() > 5
    page.click("#next")
    page.wait_for_load_state()
    assert page.url.endswith(".html") and want[0] not in page.url


# -- the whole gold and real sets ------------------------------------------------------------
# Every contract of data/gold and every real contract with a text layer (PDF,
# DOCX, .doc, the Traditional PDF); the six scans are OCR'd by the accuracy
# gate over data/real, not again here.
WHOLE_REAL = sorted(p for p in (ROOT / "data" / "real").iterdir()
                    if p.suffix in {".pdf", ".docx", ".doc"} and "_scan" not in p.stem)


@pytest.fixture(scope="module")
def whole_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("whole-in")
    for path in [*sorted((ROOT / "data" / "gold").glob("*.txt")), *WHOLE_REAL]:
        shutil.copy(path, folder / path.name)
    db = tmp_path_factory.mktemp("whole-db") / "contracts.duckdb"
    summary = ingest_files([folder], db)
    assert summary.failed == 0 and summary.ok + summary.partial == len(list(folder.iterdir())), summary
    return folder, db


def test_the_flow_over_the_whole_gold_and_real_sets(page, whole_import: tuple[Path, Path]) -> None:  # noqa: ANN001
    folder, db = whole_import
    assert len(WHOLE_REAL) >= 17
    with serving(db) as server:
        # the index filtered by severity lists what the analyst view says, in the same order
        page.goto(server + "/")
        page.select_option("select[name=severity]", "warning")
        page.click("#apply")
        page.wait_for_url(re.compile(r"severity=warning"))
        want = [r[0] for r in rows(db, "SELECT sha256 FROM v_contracts_reviewed WHERE list_contains(flag_severities, "
                                       "'warning') ORDER BY source, sha256")]
        assert len(want) >= 5
        assert [tr.get_attribute("data-sha") for tr in page.locator("#list tbody tr").all()] == want[:50]

        # a real contract (not team-written) with an open flag and a total: open its page
        sha, source, total = rows(db, "SELECT sha256, source, total_amount FROM v_contracts_reviewed WHERE source "
                                      "LIKE 'r%' AND n_flags_open > 0 AND total_amount IS NOT NULL "
                                      "ORDER BY source LIMIT 1")[0]
        page.goto(server + f"/c/{sha}")
        assert source in page.content()
        flag = page.locator(".item[data-target^='flags.']").first
        target = flag.get_attribute("data-target")
        flag.locator("button.act-dismiss").first.click()
        page.wait_for_url(re.compile(r"saved=1"))
        corrected = (total + 1).quantize(Decimal("0.01"))
        box = page.locator(".item[data-target='contract.total_amount']")
        box.locator("summary.act-correct").click()
        box.locator("input.corrected").fill(str(corrected))
        box.locator("button.act-save").click()
        page.wait_for_load_state()

        # reload, re-import everything, reload: both decisions kept, in the page and for the analyst
        page.reload()
        assert "已忽略" in page.locator(f".item[data-target='{target}']").first.inner_text()
        assert f"更正为 {corrected}" in page.locator(".item[data-target='contract.total_amount']").inner_text()
        result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--force"])
        assert result.exit_code == 0, result.output
        page.reload()
        assert "已忽略" in page.locator(f".item[data-target='{target}']").first.inner_text()
        assert f"更正为 {corrected}" in page.locator(".item[data-target='contract.total_amount']").inner_text()
    [(reviewed_total, dismissed, state)] = rows(
        db, "SELECT total_amount_reviewed, n_flags_dismissed, review_state FROM v_contracts_reviewed WHERE sha256 = ?", [sha])
    assert (reviewed_total, dismissed) == (corrected, 1) and state in ("in_progress", "reviewed")
    assert sorted(rows(db, "SELECT target, decision, applies FROM v_review_decisions WHERE sha256 = ?", [sha])) == sorted(
        [("contract.total_amount", "correct", True), (target, "dismiss", True)])
