"""hetong.pipeline.text.classify: contracts are contracts, other files are not."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from hetong.models import Document
from hetong.pipeline.text import normalise
from hetong.pipeline.text.classify import looks_like_contract, run
from hetong.pipeline.read.ingest import load_bytes
from tests.reliability import hostile

DATA = Path(__file__).resolve().parents[2] / "data"
CONTRACTS = sorted(p for folder in ("gold", "holdout", "samples") for p in (DATA / folder).glob("*.txt"))


def classify(data: bytes, name: str = "x.txt") -> tuple[bool, str]:
    return looks_like_contract(normalise.run(load_bytes(data, name)))


def test_the_contract_sets_are_there() -> None:
    assert len(CONTRACTS) >= 30


@pytest.mark.parametrize("path", CONTRACTS, ids=[f"{p.parent.name}/{p.name}" for p in CONTRACTS])
def test_every_contract_we_have_is_a_contract(path: Path) -> None:
    is_contract, reason = classify(path.read_bytes(), path.name)
    assert is_contract, reason
    assert reason.startswith("contract: ")


@pytest.mark.parametrize("path", CONTRACTS[:5], ids=[p.name for p in CONTRACTS[:5]])
def test_a_contract_without_normalisation_is_still_a_contract(path: Path) -> None:
    """Before the normalise stage (doc.text empty) the raw text is read."""
    doc = load_bytes(path.read_bytes(), path.name)
    assert looks_like_contract(doc)[0]


def test_a_contract_with_a_long_equipment_list_is_a_contract() -> None:
    text = hostile.CONTRACT.read_text(encoding="utf-8")
    rows = "".join(f"{i}\t服务器{i}\t1台\t{i * 1000}.00\n" for i in range(1, 301))
    assert classify((text + rows).encode("utf-8"))[0]


def _random_cjk(n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) if rng.random() > 0.05 else "\n" for _ in range(n))


NOT_CONTRACTS = {
    "novel_excerpt": (hostile.NOVEL, "score"),
    "government_notice": (hostile.NOTICE, "score"),
    "spreadsheet_csv": (hostile.spreadsheet_dump(), "spreadsheet dump"),
    "spreadsheet_tsv": (hostile.spreadsheet_dump(sep="\t"), "spreadsheet dump"),
    "spreadsheet_semicolons": (hostile.spreadsheet_dump(sep=";"), "spreadsheet dump"),
    "binary_decoded_as_cjk": (_random_cjk(5000), "score"),
    "one_line": ("合同", "score"),
    "role_words_only": ("甲方：\n乙方：\n", "score"),
}


@pytest.mark.parametrize(("text", "why"), NOT_CONTRACTS.values(), ids=NOT_CONTRACTS.keys())
def test_other_files_are_not_contracts(text: str, why: str) -> None:
    is_contract, reason = classify(text.encode("utf-8"))
    assert not is_contract
    assert reason.startswith("not a contract: ") and why in reason


def test_the_reason_says_what_is_missing() -> None:
    _, reason = classify(hostile.NOVEL.encode("utf-8"))
    assert "missing: " in reason and "party role labels" in reason and "signature block" in reason


def test_an_empty_document_is_not_a_contract() -> None:
    doc = Document(source="x", sha256="0", media_type="text/plain")
    assert looks_like_contract(doc) == (False, "not a contract: no text")


def test_run_marks_the_document_and_keeps_the_reason() -> None:
    doc = normalise.run(load_bytes(hostile.NOVEL.encode("utf-8"), "novel.txt"))
    run(doc)
    assert doc.status == "not_a_contract"
    assert doc.errors and doc.errors[0].startswith("classify: not a contract: ")


def test_run_leaves_a_contract_alone() -> None:
    doc = normalise.run(load_bytes(hostile.CONTRACT.read_bytes(), "c.txt"))
    run(doc)
    assert (doc.status, doc.errors) == ("ok", [])


PATHOLOGICAL = {
    "digits": "1" * 300_000,
    "capitals": "壹" * 300_000,
    "role_labels": "甲方：" * 100_000,
    "csv": "a,b,c\n" * 100_000,
    "blank_lines": "\n" * 300_000,
    "blank_lines_then_text": "\n" * 150_000 + "甲方：" + " " * 100_000 + "乙方：",
    "raw_full_width_labels": "甲方（采购人）：某局\n乙方（供应商）：某公司\n" * 20_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_classifying_is_fast_on_huge_pathological_text(text: str) -> None:
    doc = Document(source="x", sha256="0", media_type="text/plain", raw_text=text, text=text)
    t0 = time.perf_counter()
    looks_like_contract(doc)
    assert time.perf_counter() - t0 < 2.0


def test_a_partnership_agreement_that_declares_partners_in_running_text_is_a_contract() -> None:
    """合伙协议 declare each partner as `X公司（以下简称“X”），普通合伙人，…` with no
    甲方/乙方 labels: the roles named throughout make it a contract."""
    text = ("某某企业管理合伙企业（有限合伙）合伙协议\n本协议由以下各方于2025年7月签署：\n"
            "1. 海南某某科技有限公司（以下简称“海南某某”），普通合伙人，一家依法设立的公司；\n"
            "2. 重庆某某科技有限公司（以下简称“重庆某某”），有限合伙人，一家依法设立的公司；\n"
            "3. 成都某某管理有限公司（以下简称“成都某某”），有限合伙人，一家依法设立的公司；\n"
            "第1条 合伙企业\n1.1 全体合伙人同意设立本合伙企业。\n第2条 出资\n2.1 有限合伙人认缴出资人民币100万元。\n"
            "2.2 普通合伙人应当履行出资义务，承担违约责任。\n第3条 普通合伙人\n3.1 普通合伙人的权利和义务。\n"
            "3.2 有限合伙人不执行合伙事务。\n全体合伙人签字盖章：\n")
    is_contract, reason = classify(text.encode())
    assert is_contract, reason
    assert "party roles named throughout (普通合伙人, 有限合伙人)" in reason
