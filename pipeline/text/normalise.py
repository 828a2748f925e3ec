"""Normalise OCR noise while keeping an offset map back to the raw text.

Order matters: NFKC first (full-width digits and punctuation become ASCII, so
every later regex sees one form), then markup removal, page furniture,
spaced-out labels, and last the joining of lines broken mid-sentence.
"""

from __future__ import annotations

import re

from hetong.models import Document
from hetong.pipeline.text import tables
from hetong.pipeline.text.layout import LONG_LINE, restore_breaks
from hetong.pipeline.text.mapped_text import MappedText
from hetong.pipeline.text.script import shadow, simplify

CJK = "\u4e00-\u9fff\u3400-\u4dbf"

_NEWLINES = re.compile(r"\r\n?")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")  # terminal colour codes, whole
_MD_EMPHASIS = re.compile(r"\*\*|__")
_MD_HEADING = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+")
_MD_BULLET = re.compile(r"(?m)^[ \t]*[-*+][ \t]+(?=\S)")
_LATEX_INLINE = re.compile(r"\$([^$\n]{1,120})\$")
# An escaped percent sign outside $…$ (6\%, 0.5\%): markdown from OCR tools
# escapes % for LaTeX everywhere, not only inside formulas.
_ESCAPED_PERCENT = re.compile(r"\\(?=%)")
_LATEX_COMMANDS = {
    "geq": "≥", "ge": "≥", "leq": "≤", "le": "≤", "times": "×", "pm": "±",
    "cdot": "·", "sim": "~", "approx": "≈", "neq": "≠", "%": "%",
}
# Lone page numbers and page footers: "3", "- 3 -", "第 3 页", "第3页 共10页".
_PAGE_FURNITURE = re.compile(
    r"(?m)^[ \t]*(?:-\s*)?(?:\d{1,3}|第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|Page\s+\d+(?:\s+of\s+\d+)?)(?:\s*-)?[ \t]*\n"
)
# Spaced-out labels: single CJK characters separated by spaces (法 人 代 表).
_SPACED = re.compile(rf"(?<![{CJK}])[{CJK}](?:[ ]{{1,4}}[{CJK}](?![{CJK}]))+")

# Clause numbers and labels that start a new line of structure.
_STRUCTURE_START = re.compile(
    rf"""^(?:
        第[一二三四五六七八九十百零〇\d]+[章条节款部分]
      | [一二三四五六七八九十]+[、.]
      | \([一二三四五六七八九十]{{1,3}}\) | \(\d{{1,2}}\)
      | \d+(?:\.\d+)*(?:[.、](?!\d)|\s)
      | [-•·]\s
      | 附件|附表|附录
      | [{CJK}][{CJK} ()/]{{0,14}}[:]
      | [甲乙丙丁]方
    )""",
    re.X,
)
_HEADING_LINE = re.compile(
    rf"^(?:第[一二三四五六七八九十百零〇\d]+[章条节]|[一二三四五六七八九十]+[、.]|\d+(?:\.\d+)*[.、]?\s)"
)
_LABEL_LINE = re.compile(rf"^[{CJK}][{CJK} ()/]{{0,14}}[:]")
_TERMINAL = tuple("。;!?:")
_STAMP_TAIL = re.compile(r"[(](?:盖章|公章|签字|签章|章)[)]\s*$")
_ORG_CONTINUATION = re.compile(r"^(?:有限|股份|责任|公司|集团|中心|分公司|研究院|事务所)")
# Words that open a new paragraph: after a blank line they are not a continuation.
_PARAGRAPH_OPENING = re.compile(r"^(?:依据|根据|按照|为了|为确保|本合同|本协议|经|鉴于|双方|甲方|乙方|丙方|如|若|除|对于|以下|上述)")


def run(doc: Document) -> Document:
    mt = normalise(doc.raw_text)
    if any(page.source == "ocr" for page in doc.pages):
        # OCR confusions (申方 for 甲方, 项自 for 项目) where the document's own
        # usage makes the fix certain; equal-length edits keep every offset
        from hetong.pipeline.text.ocr_confusions import confusions

        mt = mt.edit(confusions(mt.text))
    doc.text = mt.text
    doc.offsets = list(mt.offsets)
    # Traditional characters: every later stage matches a same-length simplified shadow
    shadow(doc)
    doc.tables = tables.find_tables(doc.text)
    return doc


def normalise(raw: str) -> MappedText:
    mt = MappedText.from_raw(raw)
    mt = mt.sub(_NEWLINES, "\n").sub(_INVISIBLE, "").nfkc().sub(_ANSI, "").sub(_CONTROL, "")
    mt = mt.sub(_MD_EMPHASIS, "").sub(_MD_HEADING, "").sub(_MD_BULLET, "")
    mt = mt.edit(_latex_edits(mt.text))
    mt = mt.sub(_ESCAPED_PERCENT, "")
    mt = mt.sub(_PAGE_FURNITURE, "")
    # spaced-out labels on ordinary lines; on an over-long line the label's
    # start is only known once its break is back (…管理局住 所 地:)
    mt = mt.delete_spans(_spaces_inside(_SPACED, mt.text, short_lines_only=True))
    # a contract that lost its line breaks gets them back at its structure
    # markers; a markdown heading mark the text ran on (。## 第一条) now opens a line
    mt = restore_breaks(join_broken_lines(mt)).sub(_MD_HEADING, "")
    return mt.delete_spans(_spaces_inside(_SPACED, mt.text))


def _spaces_inside(pattern: re.Pattern[str], text: str, short_lines_only: bool = False) -> list[tuple[int, int]]:
    """The runs of spaces inside each match: deleting them (rather than
    rewriting the match) keeps every kept character's exact offset."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if not short_lines_only or len(line) <= LONG_LINE:
            spans.extend(
                (pos + m.start() + s.start(), pos + m.start() + s.end())
                for m in pattern.finditer(line)
                for s in re.finditer(r" +", m.group(0))
            )
        pos += len(line) + 1
    return spans


def _latex_edits(text: str) -> list[tuple[int, int, str]]:
    """Token by token, so the characters kept (digits, %) keep their exact
    offsets: drop `$`, braces and spaces, turn `\\geq` into `≥`."""
    edits: list[tuple[int, int, str]] = []
    for m in _LATEX_INLINE.finditer(text):
        edits.append((m.start(), m.start() + 1, ""))
        inner_start = m.start(1)
        for t in re.finditer(r"\\%|\\([a-zA-Z]+)|[{}]|\s+", m.group(1)):
            if t.group(0) == "\\%":  # an escaped %: drop only the backslash
                edits.append((inner_start + t.start(), inner_start + t.start() + 1, ""))
                continue
            replacement = _LATEX_COMMANDS.get(t.group(1) or "", "")
            edits.append((inner_start + t.start(), inner_start + t.end(), replacement))
        edits.append((m.end() - 1, m.end(), ""))
    return edits


def _is_table_line(line: str) -> bool:
    stripped = line.strip()
    return "\t" in line or stripped.startswith("|") or " | " in stripped


def _continues(prev: str, nxt: str, blank_between: bool = False) -> bool:
    """Does line `nxt` continue the sentence that line `prev` broke off?"""
    prev, nxt = simplify(prev.strip()), simplify(nxt.strip())  # 第二條 is a clause start too
    if blank_between and _PARAGRAPH_OPENING.match(nxt):
        return False
    if not prev or not nxt or _is_table_line(prev) or _is_table_line(nxt):
        return False
    # A short continuation carrying a stamp note, or an organisation-name
    # suffix, completes a name split over two lines in a signature block.
    if not _LABEL_LINE.match(nxt) and (_STAMP_TAIL.search(nxt) or _ORG_CONTINUATION.match(nxt)):
        return not prev.endswith(_TERMINAL) and len(nxt) <= 30
    if prev.endswith(_TERMINAL) or _STRUCTURE_START.match(nxt):
        return False
    if _HEADING_LINE.match(prev) and len(prev) <= 30 and not re.search(r"[,。;]", prev):
        return False
    if _LABEL_LINE.match(prev) and len(prev) <= 25:
        return False
    return len(prev) >= 15


def join_broken_lines(mt: MappedText) -> MappedText:
    text = mt.text
    lines: list[tuple[int, int]] = []  # [start, end) of each line, without "\n"
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    deletions: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        start, end = lines[i]
        if not text[start:end].strip():
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not text[lines[j][0] : lines[j][1]].strip():
            j += 1
        if j < len(lines) and j - i <= 3 and _continues(
            text[start:end], text[lines[j][0] : lines[j][1]], blank_between=j > i + 1
        ):
            prev_end = start + len(text[start:end].rstrip())
            next_start = lines[j][0] + (len(text[lines[j][0] : lines[j][1]]) - len(text[lines[j][0] : lines[j][1]].lstrip()))
            deletions.append((prev_end, next_start))
        i = j
    return mt.delete_spans(deletions)
