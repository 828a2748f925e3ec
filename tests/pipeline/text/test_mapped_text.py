import re

import pytest

from hetong.pipeline.text.mapped_text import MappedText


def check_invariant(mt: MappedText, raw: str) -> None:
    assert len(mt.offsets) == len(mt.text) + 1
    assert list(mt.offsets) == sorted(mt.offsets)
    assert all(0 <= o <= len(raw) for o in mt.offsets)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１２３４", "1234"),
        ("（盖章）", "(盖章)"),
        ("甲方：", "甲方:"),
        ("￥１５０，０００", "¥150,000"),
        ("３‰", "3‰"),
        ("①", "1"),
    ],
    ids=["fullwidth-digits", "fullwidth-parens", "fullwidth-colon", "yen-comma", "permille", "circled"],
)
def test_nfkc_maps_each_output_char_to_its_source(raw, expected):
    mt = MappedText.from_raw(raw).nfkc()
    assert mt.text == expected
    check_invariant(mt, raw)


def test_nfkc_expansion_keeps_offsets():
    raw = "a㎡b"  # ㎡ expands to "m2"
    mt = MappedText.from_raw(raw).nfkc()
    assert mt.text == "am2b"
    assert mt.offsets == (0, 1, 1, 2, 3)


def test_sub_deletion_drops_offsets():
    raw = "**甲方**:某单位"
    mt = MappedText.from_raw(raw).sub(re.compile(r"\*\*"), "")
    assert mt.text == "甲方:某单位"
    assert [raw[o] for o in mt.offsets[:-1]] == list(mt.text)


def test_sub_equal_length_rewrite_is_exact():
    raw = "a\r\nb"
    mt = MappedText.from_raw(raw).sub(re.compile(r"\r\n"), "\n")
    assert mt.text == "a\nb"
    assert mt.offsets == (0, 1, 3, 4)


def test_delete_spans():
    raw = "每月开普\n\n云监测"
    mt = MappedText.from_raw(raw).delete_spans([(4, 6)])
    assert mt.text == "每月开普云监测"
    assert raw[mt.offsets[4]] == "云"
    check_invariant(mt, raw)


def test_unchanged_text_returns_self():
    mt = MappedText.from_raw("abc")
    assert mt.sub(re.compile("x"), "y") is mt
    assert mt.nfkc() is mt


def test_offsets_length_is_validated():
    with pytest.raises(ValueError):
        MappedText("ab", (0, 1))
