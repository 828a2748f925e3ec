"""`hetong review --db DB --out DIR`: the workbench's pages as files, for
reviewers without Python — read-only, linked, with the decisions already
made and the PDF pages."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from hetong.pipeline.store import storage
from hetong.pipeline.cli import app
from hetong.pipeline.serve.decisions import record, targets_for

from .conftest import SCRIPT  # noqa: TID252


def export(db: Path, out: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["review", "--db", str(db), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_every_contract_gets_a_linked_page(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    said = export(db, out)
    with duckdb.connect(str(db), read_only=True) as conn:
        shas = [r[0] for r in conn.execute("SELECT sha256 FROM v_contracts ORDER BY source, sha256").fetchall()]
    assert f"{len(shas)} contracts" in said
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="c/([0-9a-f]{64})\.html"', index) == shas
    for i, sha in enumerate(shas):
        page = (out / "c" / f"{sha}.html").read_text(encoding="utf-8")
        assert 'href="../index.html"' in page
        if i + 1 < len(shas):
            assert f'href="{shas[i + 1]}.html"' in page
    assert "<form" not in index + page  # nothing to submit without a server


def test_the_pdf_pages_are_exported_beside_the_pages(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    export(db, out)
    with duckdb.connect(str(db), read_only=True) as conn:
        sha = conn.execute("SELECT sha256 FROM documents WHERE source = 'r14_order_contract_xiamen.pdf'").fetchall()[0][0]
    page = (out / "c" / f"{sha}.html").read_text(encoding="utf-8")
    assert f'src="../pages/{sha}-1.png"' in page
    assert (out / "pages" / f"{sha}-2.png").read_bytes()[:4] == b"\x89PNG"


def test_decisions_already_made_are_shown(db: Path, tmp_path: Path) -> None:
    with storage.connect(db) as conn:
        sha = conn.execute("SELECT sha256 FROM documents WHERE source = '103_mianyang_12345.txt'").fetchall()[0][0]
        t = [t for t in targets_for(conn, sha) if t["kind"] == "flag"][0]
        record(conn, sha256=sha, target=t["target"], evidence_key=t["evidence_key"], decision="dismiss", reviewer="王审")
    out = tmp_path / "site"
    export(db, out)
    page = (out / "c" / f"{sha}.html").read_text(encoding="utf-8")
    assert "已忽略" in page and "王审" in page
    assert "已审阅 1" in (out / "index.html").read_text(encoding="utf-8")


def test_markup_in_a_contract_stays_text(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    export(db, out)
    with duckdb.connect(str(db), read_only=True) as conn:
        sha = conn.execute("SELECT sha256 FROM documents WHERE source = 'hostile_script.txt'").fetchall()[0][0]
    page = (out / "c" / f"{sha}.html").read_text(encoding="utf-8")
    assert SCRIPT not in page and "&lt;script&gt;" in page


def test_english_export(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    export(db, out, "--lang", "en")
    assert "Static export" in (out / "index.html").read_text(encoding="utf-8")


def test_out_with_a_single_document_option_is_refused(db: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["review", "--db", str(db), "--out", str(tmp_path / "x"), "--sha256", "abc"])
    assert result.exit_code == 2
    assert "--out DIR writes the pages of every contract of --db DB" in result.output


def test_out_that_is_a_file_is_refused_before_any_work(db: Path, tmp_path: Path) -> None:
    (tmp_path / "site").write_text("x")
    result = CliRunner().invoke(app, ["review", "--db", str(db), "--out", str(tmp_path / "site")])
    assert result.exit_code == 2 and "not a folder" in result.output


def test_review_without_html_or_out_says_what_to_give(db: Path) -> None:
    result = CliRunner().invoke(app, ["review", "--db", str(db), "--sha256", "abc"])
    assert result.exit_code == 2 and "give --html OUT" in result.output
