"""The shadow redaction matches on (pipeline/store/redact_shadow.py): what is folded
away, what is kept whole, and the offset map back to the raw text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hetong.pipeline.store.redact import Redactor
from hetong.pipeline.store.redact_shadow import shadow

# (raw text, its folded shadow)
FOLDED = {
    "width and spaces": [
        ("１３８１２３４５６７８", "13812345678"),
        ("138\u30001234\u30005678", "13812345678"),
        ("138\u00a01234\u00a05678", "13812345678"),
        ("1 3 8 1 2 3 4 5 6 7 8", "13812345678"),
        ("+86 138 1234 5678", "+8613812345678"),
    ],
    "separators": [
        ("138.1234.5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("138 - 1234 - 5678", "13812345678"),
        ("138—1234—5678", "13812345678"),
        ("138/1234/5678", "13812345678"),
        ("138·1234·5678", "13812345678"),
        ("138\u200b1234\u200b5678", "13812345678"),
    ],
    "line breaks": [
        ("电话：138\n1234\n5678", "电话:13812345678"),
        ("电话：138\r\n1234\r\n5678", "电话:13812345678"),
        ("账号：6222 0212 3456\n  7890", "账号:6222021234567890"),
        ("手机\n138\n1234\n5678\n", "手机\n13812345678\n"),  # bare lines that make a mobile number
    ],
    "up to a quantity": [
        ("手机 138 1234 5678 12个月", "手机 13812345678 12个月"),
        ("账号 6222 0212 3456 7890 2025年", "账号 6222021234567890 2025年"),
    ],
    "e-mail signs": [
        ("li [at] x [dot] com", "li@x.com"),
        ("li(at)x(dot)com", "li@x.com"),
        ("li【AT】x.com", "li@x.com"),
        ("li ＠ x．com", "li@x.com"),
        ("li at x dot com", "li at x.com"),
    ],
}

# raw texts whose separators all stay
KEPT_WHOLE = [
    "2025.03.12-2026.03.11",
    "2025-03-12 至 2026-03-11",
    "12/03/2025",
    "1,202,000.00",
    "1202000.00 601000.00",
    "192.168.100.200",
    "12.5% 0.05‰",
    "电话：13812345678 2025年3月",
    "电话：13812345678\n2. 付款方式",
    "电话：13812345678\n2.1 乙方",
    "金额\n1202000\n601000\n",  # a column of a table
    "2025  1202000  3",  # two spaces: not folded
]


def cases(table: dict[str, list]) -> list:
    return [pytest.param(*row, id=f"{group}-{i}") for group, rows in table.items() for i, row in enumerate(rows)]


@pytest.mark.parametrize(("raw", "folded"), cases(FOLDED))
def test_separators_inside_a_number_are_folded(raw: str, folded: str) -> None:
    assert shadow(raw).folded.text == folded


@pytest.mark.parametrize("raw", KEPT_WHOLE)
def test_dates_amounts_and_neighbours_are_kept_whole(raw: str) -> None:
    sh = shadow(raw)
    assert sh.folded.text == sh.nfkc.text == unicodedata.normalize("NFKC", raw)


@given(st.text(alphabet="0123456789１２ \u3000\n.-/@＠[]()atdo电话账号X", max_size=60))
def test_every_shadow_character_comes_from_the_raw_text(raw: str) -> None:
    for mt in (shadow(raw).nfkc, shadow(raw).folded):
        assert len(mt.offsets) == len(mt.text) + 1
        assert list(mt.offsets) == sorted(mt.offsets)
        assert mt.offsets[-1] == len(raw)
        for ch, i in zip(mt.text, mt.offsets):
            assert ch in unicodedata.normalize("NFKC", raw[i]) or ch in "@."  # `[at]` → @, `[dot]` → .


def test_known_values_are_masked_however_they_are_written() -> None:
    redactor = Redactor(["84681632", "0991-4689363", "YangQiong@wanxin.cn"])
    assert redactor("签字：８４６８ １６３２") == "签字：**** ****"
    assert redactor("另：0991 4689363") == "另：**** *******"
    assert redactor("抄送 yangqiong@WANXIN.cn") == "抄送 *********@******.**"
    assert redactor("1284681632 元") == "1284681632 元"  # inside a longer number: not that value


def test_traditional_labels_are_read_as_their_simplified_forms() -> None:
    """電話, 帳號, 身份證 are the labels 电话, 账号, 身份证 in Traditional script."""
    from hetong.pipeline.store.redact import redact

    text = "聯絡電話：02 2542 3456，帳號：6222 0202 0001 2345 678，身份證號碼：A123456789"
    assert redact(text) == "聯絡電話：** **** ****，帳號：**** **** **** **** ***，身份證號碼：**********"
