"""Decoding never invents text: a file is read in its own encoding, or
refused with a reason, never silently turned into other characters.

`hetong.pipeline.read.ingest.decode_text` tries UTF-8 first, but only keeps a reading
whose characters are ≥ 90 % "text-like" (CJK, CJK punctuation, full-width
forms, ASCII, general punctuation); otherwise it falls through to GB18030 /
Big5, which decode almost any byte string. Valid UTF-8 heavy in characters
outside that list (¥, box-drawing table rules, §) is then refused, or worse,
read as GB18030 mojibake with status ok.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hetong.pipeline.read.ingest import IngestError, decode_text
from tests.reliability.fuzzing import fuzz

DATA = Path(__file__).resolve().parents[2] / "data"
CONTRACTS = [DATA / "gold" / "101_jiangmen_govcloud.txt", DATA / "gold" / "002_4a1d54b084a0d54b.txt",
             DATA / "holdout" / "205_lanzhou_videoconf_ops.txt"]
BOX_TABLE = (
    "┌────┬────────┐\n│序号│金额（元）│\n├────┼────────┤\n│1   │150000  │\n└────┴────────┘\n"
)
PRICE_TABLE = "序号 单价\n1 ¥12\n2 ¥35\n3 ¥48\n"  # valid UTF-8, read today as 搴忓彿 鍗曚环 …


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
@pytest.mark.parametrize("path", CONTRACTS, ids=[p.name for p in CONTRACTS])
def test_contracts_are_read_exactly(path: Path, encoding: str) -> None:
    text = path.read_text(encoding="utf-8")
    got, _ = decode_text(text.encode(encoding))
    assert got == text


# Text of contracts and the symbols met in them: ¥ in price lists, box-drawing
# rules of tables exported as text, §, circled numbers, ≤ in SLAs.
_LINES = [line for path in CONTRACTS for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
_SYMBOLS = "¥§│─┌┐└┘├┤┬┴┼①②③≤≥×·°±※№℃"


@fuzz(100)
@given(st.lists(st.sampled_from(_LINES) | st.text(alphabet=_SYMBOLS + "0123456789 \n单价序号", max_size=40),
                min_size=1, max_size=8))
@example([PRICE_TABLE])
def test_valid_utf8_is_never_read_as_other_characters(parts: list[str]) -> None:
    text = "\n".join(parts)
    if not text.strip():
        return
    try:
        got, encoding = decode_text(text.encode("utf-8"))
    except IngestError:
        return  # refusing is allowed; inventing characters is not
    assert (got, encoding) == (text, "utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_contract_with_a_box_drawn_table_is_read(encoding: str) -> None:
    text = CONTRACTS[0].read_text(encoding="utf-8")[:2000] + BOX_TABLE * 8
    assert decode_text(text.encode(encoding))[0] == text


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_text_cut_inside_its_last_character_is_read(encoding: str) -> None:
    text = CONTRACTS[0].read_text(encoding="utf-8")
    got, _ = decode_text(text.encode(encoding) + "附".encode(encoding)[:1])
    assert got.startswith(text)
