"""The contract's title: its heading, or the name it gives itself.

`find_title` returns candidates `(title, start, end, rule)` best first, offsets
into `doc.text`:

1. the heading at the top: a run of short lines (blank lines between them
   allowed) ending with a line that ends in 合同/协议/合同书, at most three
   lines (乌鲁木齐市人民政府门户网站 + 2022 年运维服务合同). A generic
   heading standing alone (政府采购合同, 合同书, 服务合同) gives way to a
   specific one right under it in the same run (政府采购合同 /
   银川市…维保服务合同); with none under it, it is the title;
2. the name the contract gives itself: 本合同所称名称为：《…》;
3. the first run of heading lines at the top, whatever it ends with.

Heading lines are short, carry Chinese text and are not labels (合同编号：),
codes (HT, 6-2039), table rows, dates or sentences.
"""

from __future__ import annotations

import re

from models import Document

Candidate = tuple[str, int, int, str]

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_HEADER_MAX = 2000  # the heading sits before the body; never look further
_LINE_MAX = 60
_RUN_MAX = 3

_TITLE_END = re.compile(r"(?:合同|协议)书?(?:\([^()]{1,10}\))?$")  # …合同, …协议书, …合同(续签)
# Copy marks above a heading are not part of it.
_FURNITURE = re.compile(r"^(?:正本|副本|原件|复印件|机密|秘密|内部|草稿|草案|样本|范本)$")
_NOT_HEADING = re.compile(
    r"[:。;,]"  # labels and sentences
    r"|^(?:甲方|乙方|丙方|丁方)"  # party lines
    r"|^[((]?(?:盖章|签字|签章|公章)"
    r"|^(?:第[一二三四五六七八九十百零〇\d]+[章条节]|[一二三四五六七八九十]+、)"  # clause headings
    r"|^附件|^附表"
)
# A heading that names only the kind of contract: 政府采购合同, 合同书,
# 技术服务合同, 政府购买服务合同, 服务类合同, 协议书 (notes in brackets aside).
_GENERIC_WORD = r"(?:政府|采购|购买|购销|委托|项目|技术|服务|运维|维护|维保|运营|信息化|类)"
_GENERIC = re.compile(rf"^{_GENERIC_WORD}*(?:合同|协议)书?$")
_GENERIC_NOISE = re.compile(r"\([^()]*\)|[\s*#_]")
_SELF_NAME = re.compile(rf"(?:本合同|本协议)(?:所称|的)?名称(?:为|是)?\s*:?\s*《(?P<name>[^》\n]{{2,80}})》")
_SPACE_BY_CJK = re.compile(rf"(?<=[{CJK}])\s+|\s+(?=[{CJK}])")


def _is_heading_line(line: str) -> bool:
    s = line.strip()
    if not (2 <= len(s) <= _LINE_MAX) or "\t" in line or "|" in s:
        return False
    if len(re.findall(rf"[{CJK}]", s)) < 2 or _FURNITURE.match(s):
        return False  # codes such as HT, 6-2039, page numbers; 正本
    return not _NOT_HEADING.search(s)


def _header_end(doc: Document) -> int:
    end = min(len(doc.text), _HEADER_MAX)
    if doc.clauses:
        end = min(end, doc.clauses[0].start)
    return end


def _runs(text: str, end: int) -> list[list[tuple[int, int]]]:
    """Runs of heading lines (start, end) before `end`; blank lines do not break a run."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    pos = 0
    for line in text[:end].split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        if _is_heading_line(line):
            lead = len(line) - len(line.lstrip())
            current.append((line_start + lead, line_start + len(line.rstrip())))
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def is_generic(title: str) -> bool:
    """Does the title name only the kind of contract (政府采购合同, 合 同 书)?"""
    return bool(_GENERIC.match(_GENERIC_NOISE.sub("", title)))


def _joined(text: str, lines: list[tuple[int, int]]) -> str:
    return "".join(clean(text[a:b]) for a, b in lines)


def clean(text: str) -> str:
    """Join heading lines: drop the layout white space next to Chinese text."""
    return _SPACE_BY_CJK.sub("", text).strip()


def _specific_below(text: str, run: list[tuple[int, int]], i: int) -> list[tuple[int, int]] | None:
    """The lines of a specific title right under the generic heading run[i]:
    up to _RUN_MAX lines of the run, the last ending in 合同/协议."""
    for j in range(i + 1, min(len(run), i + 1 + _RUN_MAX)):
        a, b = run[j]
        if _TITLE_END.search(text[a:b]):
            lines = run[i + 1 : j + 1]
            return None if is_generic(_joined(text, lines)) else lines
    return None


def find_title(doc: Document) -> list[Candidate]:
    text = doc.text
    found: list[Candidate] = []
    runs = _runs(text, _header_end(doc))
    for run in runs:
        for i, (s, e) in enumerate(run):
            if _TITLE_END.search(text[s:e]):
                lines = run[max(0, i - _RUN_MAX + 1) : i + 1]
                if is_generic(_joined(text, lines)):
                    lines = _specific_below(text, run, i) or lines
                found.append((_joined(text, lines), lines[0][0], lines[-1][1], "contract.title.heading"))
                break
        if found:
            break
    for m in _SELF_NAME.finditer(text):
        found.append((clean(m.group("name")), m.start("name"), m.end("name"), "contract.title.self_named"))
    if runs:
        lines = runs[0][:_RUN_MAX]
        found.append((_joined(text, lines), lines[0][0], lines[-1][1], "contract.title.first_heading"))
    return found
