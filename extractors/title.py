"""The contract's title: its heading, or the name it gives itself.

`find_title` returns candidates `(title, start, end, rule)` best first, offsets
into `doc.text`:

1. the heading at the top: a run of short lines (blank lines between them
   allowed) ending with a line that ends in 合同/协议/合同书 (契约书 in
   Traditional contracts), at most three lines (乌鲁木齐市人民政府门户网站 +
   2022 年运维服务合同). A generic heading standing alone (政府采购合同,
   合同书, 服务合同) gives way to a specific one right under it in the same
   run (政府采购合同 / 银川市…维保服务合同), and a cover heading to the body
   heading under it that restates it with the project in front (房屋租赁合同 /
   【…】项目房屋租赁合同); with none under it, it is the title;
2. the name the contract gives itself: 本合同所称名称为：《…》;
3. a heading further down the first page, when the top holds no contract
   heading (an internal approval sheet, 合同会审会签单, with numbered items
   comes before the contract itself): a line ending in 合同/协议 that opens
   the contract, the number or the parties on the lines right under it;
4. a running page header: a line ending in 合同/协议 repeated at the top of
   the pages;
5. the first run of heading lines at the top, whatever it ends with.

Heading lines are short, carry Chinese text and are not labels (合同编号：),
codes (HT, 6-2039), table rows, dates, numbered clauses, sentences, nor the
headings of a part (合同正文, 目录). How covers write a heading:
- one character a line (房 / 屋 / 租 / 赁 / 合 / 同): the lines are one heading;
- spaced out (技 术 开 发 合 同 书): the blanks are layout;
- after the tender-annex label naming the form (附件6：买卖类合同范本（带安装）
  买卖合同, on the same line or above it): the label is no part of it.
"""

from __future__ import annotations

import re
from collections import Counter

from hetong.models import Document

Candidate = tuple[str, int, int, str]
Line = tuple[int, int]  # start, end of a heading line in doc.text

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_HEADER_MAX = 2000  # the heading sits before the body; never look further
_LINE_MAX = 60
_RUN_MAX = 3

# …合同, …协议书, …合同(续签), …契约书 (契約書: rules match the simplified shadow)
_TITLE_END = re.compile(r"(?:合同|协议|契约)书?(?:\([^()]{1,10}\))?$")
# Copy marks above a heading are not part of it.
_FURNITURE = re.compile(r"^(?:正本|副本|原件|复印件|机密|秘密|内部|草稿|草案|样本|范本)$")
_NOT_HEADING = re.compile(
    r"[:。;,]"  # labels and sentences
    r"|^(?:甲方|乙方|丙方|丁方)"  # party lines
    r"|^[((]?(?:盖章|签字|签章|公章)"
    r"|^(?:第[一二三四五六七八九十百零〇\d]+[章条节]|[一二三四五六七八九十]+、)"  # clause headings
    r"|^\d{1,2}(?:\.\d{1,2})*[.、](?!\d)|^\((?:\d{1,2}|[一二三四五六七八九十]{1,3})\)"
    r"|^附件|^附表"
)
# The heading of a part of the contract, never its title.
_PART_HEADING = re.compile(r"^(?:合同|协议)?(?:正文|目录|条款|通用条款|专用条款|封面)$")
# A heading that names only the kind of contract: 政府采购合同, 合同书,
# 技术服务合同, 政府购买服务合同, 服务类合同, 协议书 (notes in brackets aside).
_GENERIC_WORD = r"(?:政府|采购|购买|购销|委托|项目|技术|服务|运维|维护|维保|运营|信息化|类)"
_GENERIC = re.compile(rf"^{_GENERIC_WORD}*(?:合同|协议)书?$")
_GENERIC_NOISE = re.compile(r"\([^()]*\)|[\s*#_]")
_SELF_NAME = re.compile(rf"(?:本合同|本协议)(?:所称|的)?名称(?:为|是)?\s*:?\s*《(?P<name>[^》\n]{{2,80}})》")
_SPACE_BY_CJK = re.compile(rf"(?<=[{CJK}])\s+|\s+(?=[{CJK}])")
# A single character on its line: one letter of a heading set vertically.
_ONE_CHAR = re.compile(rf"[ \t]*[{CJK}][ \t]*")
# The tender-annex label naming the form the contract fills in, before the
# title on the same line: 附件6：买卖类合同范本（带安装）买卖合同.
_ANNEX_LABEL = re.compile(
    r"[ \t]*(?:附件|附表)[ \t]*[\d一二三四五六七八九十]{0,3}[ \t]*:?[^:\n]{0,30}?"
    r"(?:范本|格式|文本|样本|模板|样式)(?:\([^()\n]{1,12}\))?[ \t]*"
)


def _is_heading_line(line: str) -> bool:
    s = clean(line) if "\n" in line else line.strip()
    if not (2 <= len(s) <= _LINE_MAX) or "\t" in line or "|" in s:
        return False
    if len(re.findall(rf"[{CJK}]", s)) < 2 or _FURNITURE.match(s) or _PART_HEADING.match(s):
        return False  # codes such as HT, 6-2039, page numbers; 正本; 合同正文
    return not _NOT_HEADING.search(s)


def _header_end(doc: Document) -> int:
    """Where the body starts: the first clause, not counting an annex label
    above the title (附件6：…范本)."""
    end = min(len(doc.text), _HEADER_MAX)
    first = next((c for c in doc.clauses if c.style != "annex" or c.start > 0), None)
    if first is not None:
        end = min(end, first.start)
    return end


def _lines(text: str, end: int) -> list[Line | None]:
    """The heading lines before `end` as spans, None for a line that breaks a
    run; blank lines are left out. Lines of one character each are joined
    into one heading line, and an annex label before a title is cut off."""
    out: list[Line | None] = []
    vertical: list[Line] = []

    def flush() -> None:
        if len(vertical) >= 2 and _is_heading_line(text[vertical[0][0] : vertical[-1][1]]):
            out.append((vertical[0][0], vertical[-1][1]))
        elif vertical:
            out.append(None)
        vertical.clear()

    pos = 0
    for line in text[:end].split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        if _ONE_CHAR.fullmatch(line):
            lead = len(line) - len(line.lstrip())
            vertical.append((line_start + lead, line_start + lead + 1))
            continue
        flush()
        label = _ANNEX_LABEL.match(line)
        if label and _TITLE_END.search(line.rstrip()) and _is_heading_line(line[label.end() :]):
            line_start, line = line_start + label.end(), line[label.end() :]
        if _is_heading_line(line):
            lead = len(line) - len(line.lstrip())
            out.append((line_start + lead, line_start + len(line.rstrip())))
        else:
            out.append(None)
    flush()
    return out


def _runs(text: str, end: int, start: int = 0) -> list[list[Line]]:
    """Runs of heading lines (start, end) in text[start:end]; blank lines do
    not break a run."""
    runs: list[list[Line]] = []
    current: list[Line] = []
    for line in _lines(text, end):
        if line is not None and line[0] >= start:
            current.append(line)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def is_generic(title: str) -> bool:
    """Does the title name only the kind of contract (政府采购合同, 合 同 书)?"""
    return bool(_GENERIC.match(_GENERIC_NOISE.sub("", title)))


def _joined(text: str, lines: list[Line]) -> str:
    return "".join(clean(text[a:b]) for a, b in lines)


def clean(text: str) -> str:
    """Join heading lines: drop the layout white space next to Chinese text."""
    return _SPACE_BY_CJK.sub("", text).strip()


def _specific_below(text: str, run: list[Line], i: int) -> list[Line] | None:
    """The lines of a specific title right under the heading run[i]: up to
    _RUN_MAX lines of the run, the last ending in 合同/协议; under a generic
    heading any such title, under another one a title that restates it
    with more in front (房屋租赁合同 / 【…】项目房屋租赁合同)."""
    heading = _joined(text, [run[i]])
    generic = is_generic(heading)
    for j in range(i + 1, min(len(run), i + 1 + _RUN_MAX)):
        if _TITLE_END.search(_joined(text, [run[j]])):
            lines = run[i + 1 : j + 1]
            below = _joined(text, lines)
            if generic:
                return None if is_generic(below) else lines
            return lines if below.endswith(heading) and len(below) > len(heading) else None
    return None


# What opens a contract under its heading: its number or a party.
_OPENING = re.compile(
    r"[ \t]*(?:合同编号|协议编号|编号|合同号|甲方|乙方|买方|卖方|出租[方人]|承租[方人]|委托[方人]|受托[方人]"
    r"|采购人|供应商|发包[方人]|承包[方人]|甲\(|乙\()"
)
_OPENING_LINES = 3


def _opens_contract(text: str, end: int) -> bool:
    """One of the few lines after offset `end` opens a contract."""
    lines = [line for line in text[end : end + 400].split("\n")[1:] if line.strip()]
    return any(_OPENING.match(line) for line in lines[:_OPENING_LINES])


def _heading(text: str, runs: list[list[Line]], rule: str, opening: bool = False) -> Candidate | None:
    """The first contract heading of `runs` (see the module docstring, 1);
    with `opening`, only one the contract's opening lines follow (3)."""
    for run in runs:
        for i, line in enumerate(run):
            if _TITLE_END.search(_joined(text, [line])) and (not opening or _opens_contract(text, line[1])):
                lines = run[max(0, i - _RUN_MAX + 1) : i + 1]
                below = _specific_below(text, run, i)
                if below and (is_generic(_joined(text, lines)) or len(lines) == 1):
                    lines = below
                return _joined(text, lines), lines[0][0], lines[-1][1], rule
    return None


def _running_header(text: str) -> Candidate | None:
    """A heading line ending in 合同/协议 that stands at least twice in the
    text, alone on its line: the title printed in the page header."""
    counts: Counter[str] = Counter()
    first: dict[str, Line] = {}
    pos = 0
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        s = line.strip()
        if s and len(s) <= _LINE_MAX and _TITLE_END.search(s) and _is_heading_line(line):
            counts[s] += 1
            lead = len(line) - len(line.lstrip())
            first.setdefault(s, (line_start + lead, line_start + lead + len(s)))
    for s, n in counts.items():
        if n >= 2 and not is_generic(s):
            a, b = first[s]
            return clean(s), a, b, "contract.title.running_header"
    return None


def find_title(doc: Document) -> list[Candidate]:
    text = doc.text
    found: list[Candidate] = []
    end = _header_end(doc)
    runs = _runs(text, end)
    heading = _heading(text, runs, "contract.title.heading")
    if heading:
        found.append(heading)
    for m in _SELF_NAME.finditer(text):
        found.append((clean(m.group("name")), m.start("name"), m.end("name"), "contract.title.self_named"))
    if not heading:
        late = _heading(text, _runs(text, min(len(text), _HEADER_MAX), start=end), "contract.title.late_heading",
                        opening=True)
        if late:
            found.append(late)
        header = _running_header(text)
        if header:
            found.append(header)
    if runs:
        lines = runs[0][:_RUN_MAX]
        found.append((_joined(text, lines), lines[0][0], lines[-1][1], "contract.title.first_heading"))
    return found
