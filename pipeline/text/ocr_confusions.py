"""OCR confusions undone where context makes them certain (甲方 read as 申方,
项目 as 项自, a province one character off): equal-length edits the normaliser
applies through its offset map, so every offset still points at the page.

Text shaping, not reading: it works on any text, whoever recognised it.
"""

from __future__ import annotations

import re

from hetong.pipeline.text.script import simplify


# (wrong, right, context): `wrong` is replaced by `right` only where the regex
# `context` matches around it, and only when the document also uses `right`
# (so the reading is established) and never uses `wrong` as a word of its own.
CONFUSIONS: tuple[tuple[str, str, str], ...] = (
    ("申方", "甲方", r"(?<![\u4e00-\u9fff])申方(?=[:：\s（(、，,应须负有的向与和同按在将自未不承提支])"),
    ("项自", "项目", r"项自(?=[名经负编实建验管地内总概所，,：:\s])"),
    ("乙万", "乙方", r"(?<![\u4e00-\u9fff])乙万(?=[:：\s（(、，,应须负有的向与和同])"),
)


def confusions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) edits that undo OCR confusions in `text`
    where context makes them certain (see CONFUSIONS): apply them as
    equal-length substitutions, which keep every offset."""
    edits: list[tuple[int, int, str]] = []
    for wrong, right, context in CONFUSIONS:
        if right not in text:
            continue
        matches = list(re.finditer(context, text))
        if len(matches) < text.count(wrong):
            continue  # `wrong` also occurs where the context does not hold: not certain
        edits += [(m.start(), m.start() + len(wrong), right) for m in matches]
    edits += _province_misreads(text)
    return sorted(edits)


# The provinces are a closed set: `四州省` is none of them; of those one
# character away (四川, 贵州) exactly one is written elsewhere in the document.
_PROVINCES = (
    "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北",
    "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾",
)
_PROVINCE_LIKE = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,3}(?=省)|(?<=[共中])[\u4e00-\u9fff]{2}(?=省)")


def _province_misreads(text: str) -> list[tuple[int, int, str]]:
    probe = simplify(text)  # same length: 貴州省 and 贵州省 are one province
    edits = []
    for m in _PROVINCE_LIKE.finditer(probe):
        word = m.group()
        if word in _PROVINCES:
            continue
        near = [p for p in _PROVINCES if len(p) == len(word) and sum(a != b for a, b in zip(p, word)) == 1]
        written = [p for p in near if probe.count(p + "省") >= 2]  # the one the document itself uses
        if len(written) == 1:
            at = probe.index(written[0] + "省")  # put back as the document writes it
            edits.append((m.start(), m.end(), text[at : at + len(word)]))
    return edits
