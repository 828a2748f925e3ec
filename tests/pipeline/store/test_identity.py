"""Contracts, not files: the same contract as .txt, .docx, .pdf and a
GB18030 copy is one contract in v_contracts; an edited copy is a second
version with its differing amount, never merged silently."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from hetong.pipeline.batch.importer import ingest_files
from hetong.pipeline.store.identity import SAME_CONTRACT, bands, signature, similarity

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = sorted((ROOT / "data" / "samples").glob("*.txt"))


def same_five_in_four_shapes(folder: Path) -> None:
    from hetong.pipeline.quality.variants import docx

    for text_path in SAMPLES:
        text = text_path.read_text(encoding="utf-8")
        shutil.copy(text_path, folder / text_path.name)
        (folder / f"{text_path.stem}.gb18030.txt").write_bytes(text.encode("gb18030"))
        data, name = docx(text, text_path.stem)
        (folder / name).write_bytes(data)
        pdf = ROOT / "tests" / "fixtures" / "pdf" / f"{text_path.stem}.pdf"
        if pdf.exists():
            shutil.copy(pdf, folder / pdf.name)


def test_five_contracts_in_many_files_are_five_contracts(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    same_five_in_four_shapes(folder)
    db = tmp_path / "c.duckdb"
    summary = ingest_files([folder], db)
    assert summary.ok + summary.partial >= 15
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM v_contracts").fetchone() == (5,)
        files = dict(conn.execute("SELECT title, n_files FROM v_contracts").fetchall())
        assert all(n >= 3 for n in files.values())
        assert conn.execute("SELECT max(n_versions) FROM v_contracts").fetchone() == (1,)


def test_an_edited_copy_is_a_second_version_with_its_difference(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    original = (ROOT / "data" / "samples" / "004_203ddecaf6b58c51.txt").read_text(encoding="utf-8")
    assert "1,202,000.00" in original or "1202000" in original
    (folder / "a_original.txt").write_text(original, encoding="utf-8")
    edited = original.replace("壹佰贰拾万零贰仟元整", "壹佰叁拾万零贰仟元整").replace("1,202,000.00", "1,302,000.00").replace("1202000", "1302000")
    db = tmp_path / "c.duckdb"
    ingest_files([folder], db)
    (folder / "b_edited.txt").write_text(edited, encoding="utf-8")
    ingest_files([folder], db)
    with duckdb.connect(str(db), read_only=True) as conn:
        assert conn.execute("SELECT count(*), max(n_files), max(n_versions) FROM v_contracts").fetchone() == (1, 2, 2)
        versions = conn.execute("SELECT version, total_amount, differs_from_v1 FROM v_contract_versions ORDER BY version").fetchall()
        assert [(v, str(a)) for v, a, _ in versions] == [(1, "1202000.00"), (2, "1302000.00")]
        assert versions[1][2] is not None and "total_amount" in versions[1][2]
        # the newest file is the one shown
        assert conn.execute("SELECT total_amount FROM v_contracts").fetchone()[0] == pytest.approx(1302000)


def test_different_contracts_are_far_apart_and_copies_are_close() -> None:
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    sigs = [signature(t) for t in texts]
    assert all(s is not None and len(s) == 64 for s in sigs)
    for i in range(len(sigs)):
        for j in range(i + 1, len(sigs)):
            assert similarity(sigs[i], sigs[j]) < SAME_CONTRACT  # type: ignore[arg-type]
    spaced = texts[0].replace("\n", " \n ").replace("，", ",")
    assert similarity(sigs[0], signature(spaced)) >= 0.95  # type: ignore[arg-type]
    assert len(bands(sigs[0])) == 16  # type: ignore[arg-type]


def test_a_text_too_short_to_identify_has_no_signature() -> None:
    assert signature("甲方：某公司 乙方：某公司") is None
