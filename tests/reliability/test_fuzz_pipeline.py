"""The whole pipeline on random and mutated input: `process_bytes` never
raises, the status is one of the four, every evidence span lies inside the
raw text, every clause and table inside the normalised text, and whatever
comes out can be turned into storage rows."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from hetong.models import Document, Evidence
from hetong.pipeline.read import ocr
from hetong.pipeline.orchestrate import process_bytes
from hetong.pipeline.store.writer import rows_of
from tests.reliability import hostile
from tests.reliability.fuzzing import fuzz

DATA = Path(__file__).resolve().parents[2] / "data"
CONTRACTS = [p.read_text(encoding="utf-8") for folder in ("gold", "holdout") for p in sorted((DATA / folder).glob("*.txt"))]
STATUSES = {"ok", "partial", "failed", "not_a_contract"}
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "utf-16-le"]


@pytest.fixture(scope="module", autouse=True)
def _no_ocr() -> Iterator[None]:
    """Pages without text fail instead of loading the OCR engine (seconds)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ocr, "available", lambda: False)
        yield


def _evidence(value: object) -> Iterator[Evidence]:
    if isinstance(value, Evidence):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _evidence(getattr(value, name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _evidence(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _evidence(item)


def check(doc: Document, data: bytes) -> None:
    assert doc.status in STATUSES
    assert (doc.status == "ok") == (not doc.errors), doc.errors
    raw = len(doc.raw_text)
    for part in (doc.contract, doc.parties, doc.payments, doc.penalties, doc.sla, doc.flags):
        for ev in _evidence(part):
            assert 0 <= ev.start <= ev.end <= raw, (ev, raw)
            if doc.pages:
                assert ev.page is not None and 1 <= ev.page <= len(doc.pages)
    if doc.offsets:
        assert len(doc.offsets) == len(doc.text) + 1
    n = len(doc.text)
    for clause in doc.clauses:
        assert 0 <= clause.start <= clause.end <= n, clause
    for table in doc.tables:
        assert 0 <= table.start <= table.end <= n
        for row in table.rows:
            for cell in row:
                assert table.start <= cell.start <= cell.end <= table.end, (cell, table.start, table.end)
    for page in doc.pages:
        assert 0 <= page.start <= page.end <= raw
    rows_of(doc, 1, len(data))  # storable: raises StorageError otherwise


def _char(code: int) -> str:
    return "\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)  # a lone surrogate cannot be saved in any encoding


def mutate(text: str, rng: random.Random) -> str:
    """Line-level damage of the kinds OCR and copy-paste do."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 12)):
        i = rng.randrange(len(lines))
        op = rng.choice("delete duplicate swap junk truncate cut tabs widths".split())
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "junk":
            at = rng.randint(0, len(lines[i]))
            junk = "".join(
                _char(rng.choice([rng.randint(0x20, 0x7E), rng.randint(0x80, 0x2FFFF), rng.randint(0x4E00, 0x9FFF),
                                  rng.choice([0x3000, 0xFEFF, 0x200B, 0xA5, 0xFF04, 0x0D, 0x0C, 0x2028, 0x85])]))
                for _ in range(rng.randint(1, 6))
            )
            lines[i] = lines[i][:at] + junk + lines[i][at:]
        elif op == "truncate":
            lines = lines[: i + 1]
        elif op == "cut":
            lines[i] = lines[i][: rng.randint(0, len(lines[i]))]
        elif op == "tabs":
            lines[i] = "\t".join(lines[i].split(" "))
        else:  # full-width digits / ASCII punctuation, as different OCR engines give them
            table = str.maketrans("0123456789", "０１２３４５６７８９") if rng.random() < 0.5 else \
                str.maketrans("：（），", ":(),")
            lines[i] = lines[i].translate(table)
    return "\n".join(lines)


def encode(text: str, encoding: str) -> bytes:
    # Big5 and GBK cannot spell every character: drop those (a lossy re-save).
    return text.encode(encoding, errors="ignore" if encoding in ("big5", "gbk") else "strict")


@fuzz(40)
@given(st.sampled_from(range(len(CONTRACTS))), st.randoms(use_true_random=False), st.sampled_from(ENCODINGS))
def test_mutated_contracts(index: int, rng: random.Random, encoding: str) -> None:
    data = encode(mutate(CONTRACTS[index], rng), encoding)
    check(process_bytes(data, "mutated.txt"), data)


@fuzz(60)
@given(st.binary(max_size=4000))
def test_random_bytes(data: bytes) -> None:
    check(process_bytes(data, "random.txt"), data)


@fuzz(60)
@given(st.text(max_size=2000), st.sampled_from(["utf-8", "gb18030", "utf-16"]), st.sampled_from(["x.txt", "x.md"]))
def test_random_text(text: str, encoding: str, name: str) -> None:
    data = text.encode(encoding, errors="surrogatepass" if encoding == "utf-8" else "replace")
    check(process_bytes(data, name), data)


@fuzz(40)
@given(st.sampled_from(range(len(CONTRACTS))), st.randoms(use_true_random=False))
def test_contract_fragments_joined(index: int, rng: random.Random) -> None:
    """Pieces of two contracts run together (a bad scan batch)."""
    a, b = CONTRACTS[index], CONTRACTS[rng.randrange(len(CONTRACTS))]
    data = (a[: rng.randint(0, len(a))] + b[rng.randint(0, len(b)):]).encode("utf-8")
    check(process_bytes(data, "joined.txt"), data)


_PDF = hostile.make_pdf(hostile.contract_pages(CONTRACTS[0]))


@fuzz(15)
@given(st.lists(st.tuples(st.integers(0, len(_PDF) - 1), st.integers(0, 255)), min_size=1, max_size=20),
       st.integers(50, len(_PDF)))
def test_damaged_pdfs(flips: list[tuple[int, int]], keep: int) -> None:
    data = bytearray(_PDF[:keep])
    for at, byte in flips:
        if at < len(data):
            data[at] = byte
    check(process_bytes(bytes(data), "damaged.pdf"), bytes(data))


@fuzz(10)
@given(st.sampled_from(range(len(CONTRACTS))), st.randoms(use_true_random=False), st.integers(5, 60))
def test_pdfs_of_mutated_contracts_keep_pages(index: int, rng: random.Random, lines_per_page: int) -> None:
    data = hostile.make_pdf(hostile.contract_pages(mutate(CONTRACTS[index], rng), lines_per_page))
    doc = process_bytes(data, "mutated.pdf")
    check(doc, data)
    if doc.status != "failed":
        assert doc.pages
