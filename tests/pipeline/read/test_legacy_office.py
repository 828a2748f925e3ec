"""Legacy word-processor files (.doc, .wps, .rtf) read through LibreOffice;
without it, a `failed` record with the command that installs it."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from hetong.pipeline.read.ingest import LEGACY_WORD, IngestError, load_bytes, media_type_of
from hetong.pipeline.read.legacy_office import word_kind

REAL = Path(__file__).resolve().parents[3] / "data" / "real"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by .ci/run")

CONTRACT = ["软件开发服务合同", "甲方：安徽某某资产管理有限公司", "乙方：合肥某某信息技术有限公司",
            "一、合同价款", "软件总开发费用为100000元(人民币拾万圆整)。"]


def saved_as(tmp_path: Path, suffix: str) -> bytes:
    """CONTRACT written by python-docx, then saved by LibreOffice as `suffix`."""
    import docx

    document = docx.Document()
    for line in CONTRACT:
        document.add_paragraph(line)
    source = tmp_path / "contract.docx"
    document.save(source)
    target = {"doc": "doc:MS Word 97", "rtf": "rtf"}[suffix]
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", target, "--outdir", str(tmp_path / "out"), str(source)],
                   check=True, capture_output=True, timeout=120)
    return (tmp_path / "out" / f"contract.{suffix}").read_bytes()


@needs_soffice
@pytest.mark.parametrize("suffix", ["doc", "rtf"])
def test_a_legacy_file_reads_like_its_docx(tmp_path: Path, suffix: str) -> None:
    data = saved_as(tmp_path, suffix)
    assert media_type_of(data, f"x.{suffix}") == LEGACY_WORD
    text = load_bytes(data, f"contract.{suffix}").raw_text
    assert [line for line in text.splitlines() if line.strip()] == CONTRACT


@needs_soffice
def test_wps_is_read_as_the_word_binary_it_is(tmp_path: Path) -> None:
    data = saved_as(tmp_path, "doc")
    assert "软件总开发费用为100000元" in load_bytes(data, "contract.wps").raw_text


def test_without_libreoffice_the_error_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HETONG_SOFFICE", str(tmp_path / "no-soffice"))
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 600
    with pytest.raises(IngestError, match="apt-get install libreoffice-writer-nogui"):
        load_bytes(data, "old.doc")


def test_a_spreadsheet_in_ole2_is_not_taken_for_a_word_file() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + b"\0" * 600
    assert word_kind(data) is None
    with pytest.raises(IngestError, match="not a word-processor document"):
        load_bytes(data, "table.xls")


@needs_soffice
def test_the_real_doc_reads_the_same_contract_as_its_pdf() -> None:
    import re

    doc = load_bytes((REAL / "r16_software_dev_hefei.doc").read_bytes(), "r16.doc").raw_text
    pdf = load_bytes((REAL / "r15_software_dev_hefei.pdf").read_bytes(), "r15.pdf").raw_text
    squeeze = lambda s: re.sub(r"\s", "", s)  # noqa: E731
    for sentence in ("软件总开发费用为100000元", "甲方：安徽隆泽丰投资产管理有限公司", "乙方：合肥趣能互联网信息技术有限公司"):
        assert sentence in squeeze(doc) and sentence in squeeze(pdf)
