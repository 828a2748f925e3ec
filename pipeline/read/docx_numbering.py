"""Word auto-numbering (`w:numPr`) rendered as the text a reader sees.

python-docx does not render list numbers, yet in a contract they carry the
structure: `第一条`, `1.1`, `（一）` exist only in the numbering part. A
paragraph is numbered through its own `w:numPr` or its style's (followed
through `w:basedOn`); `w:num` maps a numId to an abstract definition, whose
`w:lvl` gives the start, the number format and the level text (`第%1条`,
`%1.%2`). Counters are kept per abstract list, as Word continues a list
across numIds that share one; a level restarts when a higher level moves on,
and a `w:startOverride` restarts its numId the first time it is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def chinese_counting(n: int) -> str:
    """Word's chineseCounting / chineseCountingThousand: 十一, 二十, 一百零五."""
    if n <= 0:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else (_DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else "")))
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letter(n: int) -> str:
    # Word: a..z, then aa..zz, aaa..
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


def format_number(n: int, fmt: str) -> str | None:
    """A counter in a Word number format; None for formats without text (bullet, none)."""
    if fmt in ("decimal", "decimalHalfWidth", "decimalZero", "ordinal", "cardinalText", "ordinalText", ""):
        return (f"{n:02d}" if fmt == "decimalZero" else str(n))
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand", "chineseLegalSimplified"):
        return chinese_counting(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"})
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt in ("decimalEnclosedParen",):
        return f"({n})"
    if fmt in ("ideographTraditional",):
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("bullet", "none"):
        return None
    return str(n)


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str
    text: str
    suffix: str  # "tab" | "space" | "nothing"
    legal: bool  # w:isLgl: every level shown in decimal


_PLACEHOLDER = re.compile(r"%([1-9])")


class Numbering:
    """The numbering part of one document, with the counters of one reading."""

    def __init__(self, nums: dict[str, tuple[str, dict[int, int]]], abstracts: dict[str, dict[int, Level]], styles: dict[str, tuple[str | None, int | None, str | None]]) -> None:
        self._nums = nums  # numId -> (abstractNumId, {ilvl: startOverride})
        self._abstracts = abstracts
        self._styles = styles  # styleId -> (numId, ilvl, basedOn)
        self._counters: dict[str, list[int | None]] = {}
        self._overridden: set[str] = set()

    @classmethod
    def from_document(cls, document: Any) -> "Numbering":
        nums: dict[str, tuple[str, dict[int, int]]] = {}
        abstracts: dict[str, dict[int, Level]] = {}
        styles: dict[str, tuple[str | None, int | None, str | None]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            root = None
        except Exception:  # a corrupt numbering part: read the text unnumbered
            root = None
        if root is not None:
            for abstract in root.iterchildren(W + "abstractNum"):
                levels: dict[int, Level] = {}
                for lvl in abstract.iterchildren(W + "lvl"):
                    ilvl = _int(lvl.get(W + "ilvl"), 0)
                    levels[ilvl] = Level(
                        start=_int(_val(lvl, "start"), 1),
                        fmt=_val(lvl, "numFmt") or "decimal",
                        text=_val(lvl, "lvlText") or "",
                        suffix=_val(lvl, "suff") or "tab",
                        legal=lvl.find(W + "isLgl") is not None,
                    )
                abstracts[abstract.get(W + "abstractNumId", "")] = levels
            for num in root.iterchildren(W + "num"):
                overrides = {}
                for override in num.iterchildren(W + "lvlOverride"):
                    start = _val(override, "startOverride")
                    if start is not None:
                        overrides[_int(override.get(W + "ilvl"), 0)] = _int(start, 1)
                nums[num.get(W + "numId", "")] = (_val(num, "abstractNumId") or "", overrides)
        try:
            styles_root = document.part.styles.element
        except Exception:  # no styles part: no style numbering
            styles_root = None
        if styles_root is not None:
            for style in styles_root.iterchildren(W + "style"):
                ppr = style.find(W + "pPr")
                num_pr = ppr.find(W + "numPr") if ppr is not None else None
                num_id = _val(num_pr, "numId") if num_pr is not None else None
                ilvl = _val(num_pr, "ilvl") if num_pr is not None else None
                styles[style.get(W + "styleId", "")] = (num_id, _int(ilvl, 0) if ilvl is not None else None, _val(style, "basedOn"))
        return cls(nums, abstracts, styles)

    def label(self, p: Any) -> str:
        """The rendered number of paragraph `p` with its separator, or ''."""
        num_id, ilvl = self._num_of(p)
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        abstract_id, overrides = self._nums[num_id]
        levels = self._abstracts.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self._overridden and overrides:
            self._overridden.add(num_id)
            for level, start in overrides.items():
                if 0 <= level < 9:
                    counters[level] = start - 1
                    for deeper in range(level + 1, 9):
                        counters[deeper] = None
        current = counters[ilvl]
        counters[ilvl] = (levels[ilvl].start if current is None else current + 1)
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        level = levels[ilvl]
        rendered = self._render(level, levels, counters, ilvl)
        if rendered is None:
            return ""
        return rendered + ("" if level.suffix == "nothing" or not rendered else " ")

    def _render(self, level: Level, levels: dict[int, Level], counters: list[int | None], ilvl: int) -> str | None:
        def one(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            value = counters[k] if counters[k] is not None else (levels[k].start if k in levels else 1)
            fmt = levels[k].fmt if k in levels else "decimal"
            if level.legal:
                fmt = "decimal"
            text = format_number(value, fmt)
            return text if text is not None else ""
        if level.fmt in ("bullet", "none") and "%" not in level.text:
            return None
        if level.fmt == "bullet":
            return None
        return _PLACEHOLDER.sub(one, level.text)

    def _num_of(self, p: Any) -> tuple[str | None, int]:
        ppr = p.find(W + "pPr")
        num_id: str | None = None
        ilvl: int | None = None
        style_id: str | None = None
        if ppr is not None:
            num_pr = ppr.find(W + "numPr")
            if num_pr is not None:
                num_id = _val(num_pr, "numId")
                level = _val(num_pr, "ilvl")
                ilvl = _int(level, 0) if level is not None else None
            style_id = _val(ppr, "pStyle")
        seen: set[str] = set()
        while (num_id is None or ilvl is None) and style_id and style_id not in seen:
            seen.add(style_id)
            style_num, style_lvl, based_on = self._styles.get(style_id, (None, None, None))
            if num_id is None:
                num_id = style_num
            if ilvl is None and style_lvl is not None and num_id == style_num:
                ilvl = style_lvl
            style_id = based_on
        return num_id, ilvl or 0


def _val(element: Any, name: str) -> str | None:
    if element is None:
        return None
    child = element.find(W + name)
    return None if child is None else child.get(W + "val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
