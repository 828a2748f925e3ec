"""Property tests for the normaliser's offset map (hetong.pipeline.text.normalise):
whatever the raw text, `offsets` maps every normalised character back to a
raw character, in order, so evidence can always be shown on the original."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hetong.pipeline.text.mapped_text import MappedText
from hetong.pipeline.text.normalise import normalise
from tests.reliability.fuzzing import fuzz

GOLD = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).resolve().parents[2] / "data" / "gold").glob("*.txt"))]

# What the normaliser rewrites: markup, LaTeX, page furniture, spaced labels,
# full-width forms, invisible and control characters, line breaks.
_ALPHABET = (
    "甲方乙方 合同第一条二、（一）1.1.(1)\n\r\t  ：:*#-_|$\\%{}^ timesgeqle０１２３４５６７８９ａｂ－￥¥"
    "法人代表 附件页Page of 3/10 ,，。；\u200b\ufeff\u00ad\x00\x0c\u3000·•ﬁ㎡①Ⅻ"
)
# Finding F8 (LaTeX `\%` offsets) is fixed; kept as a switch for the record.
LATEX_PERCENT_FIXED = True

RAW = st.text(alphabet=st.sampled_from(_ALPHABET) | st.characters(), max_size=300)


def _check(raw: str, mt: MappedText) -> None:
    text, offsets = mt.text, mt.offsets
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(raw), "the end sentinel is the raw length"
    assert all(a <= b for a, b in zip(offsets, offsets[1:])), "offsets go forward"
    assert all(0 <= o < len(raw) for o in offsets[:-1]), "every character comes from a raw character"
    for i, ch in enumerate(text):
        if ch.isascii() and not ch.isspace():
            source = raw[offsets[i]]
            if (ch, source) == ("%", "\\") and not LATEX_PERCENT_FIXED:
                continue  # finding F8, pinned by test_a_latex_percent_keeps_its_offset
            # kept as is, or what NFKC made of the raw character (１ → 1, ﬁ → fi)
            assert ch in unicodedata.normalize("NFKC", source), (i, ch, source)


@fuzz(200)
@given(RAW)
@example("$5\\%$ 甲 方 ： 第 3 页\r\n**乙方**")
@example("ﬁ１２\u200b\r\n\r\n- 3 -\n")
def test_offsets_map_every_character_back(raw: str) -> None:
    _check(raw, normalise(raw))


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 20)):
        i = rng.randrange(len(lines))
        op = rng.choice("dsxjpt")
        if op == "d" and len(lines) > 1:
            del lines[i]
        elif op == "s":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "x":
            lines.insert(i, lines[i])
        elif op == "j":  # junk unicode somewhere in the line
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + chr(rng.randint(0x20, 0x2FFFF)) + lines[i][at:]
        elif op == "p":  # OCR spacing and markup
            lines[i] = lines[i].replace(" ", rng.choice(["\u3000", "  ", "\t", "$\\times$", "**"]))
        else:
            lines = lines[: i + 1]
    return "\n".join(lines)


@fuzz(60)
@given(st.sampled_from(range(len(GOLD))), st.randoms(use_true_random=False))
def test_offsets_of_mutated_contracts(index: int, rng: random.Random) -> None:
    raw = _mutate(GOLD[index], rng)
    _check(raw, normalise(raw))


@fuzz(100)
@given(RAW)
def test_normalising_twice_keeps_a_valid_map(raw: str) -> None:
    """Normalised text fed back in (what a re-import of an export would do)."""
    once = normalise(raw).text
    _check(once, normalise(once))


def test_a_latex_percent_keeps_its_offset() -> None:
    raw = "税率$5\\%$"
    mt = normalise(raw)
    assert mt.text == "税率5%"
    percent = mt.text.index("%")
    assert raw[mt.offsets[percent]] == "%"
