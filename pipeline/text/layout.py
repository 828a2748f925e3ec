"""Line structure restored where a contract's line breaks were lost.

PDF-to-text services, web forms and OCR APIs often deliver a contract as one
long line (or with every break turned into a space). The structure is still
in the text: clause numbers after sentence punctuation, party role headings,
field labels followed by a colon, markdown table rows. On a line too long to
be one paragraph of a contract, a break is inserted before each of those, so
the line-based stages (party blocks, labels, clause tree, tables) see the
shape a reader sees. An inserted break maps to the raw offset of the
character after it, so every offset stays exact; a space that stood where the
break was is turned into the break (same length).

Ordinary documents are untouched: only lines over `LONG_LINE` characters are
cut, and only at a marker that follows a boundary (sentence punctuation, a
space, a closing bracket, or the end of a value before a label), never inside
brackets or inside a table row.
"""

from __future__ import annotations

import bisect
import itertools
import re

from hetong.extractors.shared.party_blocks import FIELD_LABELS
from hetong.extractors.shared.roles import DEFAULT_ALIASES, ROLES
from hetong.pipeline.text.mapped_text import MappedText
from hetong.pipeline.text.script import simplify
from hetong.pipeline.text.tab_rows import tab_table_rows

# A contract paragraph is rarely longer; a flattened contract's line is thousands.
LONG_LINE = 240

_CN_NUM = "一二三四五六七八九十百零〇"
_CJK = "\u4e00-\u9fff"


def _spaced(label: str) -> str:
    """A label as forms space it out (地 址, 开 户 行, 地    址)."""
    return "[ \u3000]{0,4}".join(re.escape(ch) for ch in label)


def _alternatives(words: set[str]) -> str:
    return "|".join(_spaced(w) for w in sorted(words, key=len, reverse=True))


# Roles and the labels standing for them (提供方 is one word, not 供方 after 提).
_ROLE_WORDS = set(ROLES) | set(DEFAULT_ALIASES) | {
    "出租方", "承租方", "出租人", "承租人", "出卖人", "买受人", "买方", "卖方", "采购方", "采购人", "供货方",
    "供方", "需方", "发包人", "承包人", "发包方", "承包方", "委托方", "受托方", "委托人", "受托人", "投资方",
    "融资方", "供应商", "服务方", "购买方", "承接方", "采购单位", "委托单位", "服务单位", "成交供应商",
    "中标供应商", "中标人"}
_ROLE = _alternatives(_ROLE_WORDS)
# Field labels that open a new line in a party block, a signature block or a
# contract's header (the party block labels, longest first, so 单位地址 is one
# label, not 地址 after 单位). Labels whose first word would complete an
# organisation's name before them (公司地址 after 某某有限公司) are left out.
_FIELD_WORDS = {label for label in FIELD_LABELS if not label.startswith(("公司", "企业"))} | {
    "签订时间", "签约地点", "项目名称", "项目编号", "合同编号", "协议编号", "采购编号", "合同号",
    "采购方式", "采购代理机构", "服务地点", "法定代表人(负责人)", "法定代表人或委托代理人", "法定代表人/委托代理人"}
_FIELD = _alternatives(_FIELD_WORDS)
# A bracketed note between a label and its colon: (签字), (盖章), (或授权代表)
_NOTE = r"(?: ?[(（][^()（）\n]{1,12}[)）])"
# Labels joined by 或 or / (法定代表人或授权代表), a role written before them (乙方联系人)
_LABEL = rf"(?:(?:{_ROLE}) ?的?)?(?:{_FIELD})(?: ?(?:或|/) ?(?:{_FIELD}))?{_NOTE}?(?= ?[:：])"


# A signature block's heading: a role and its stamp note, 甲方（盖章）
_SIGNATURE_HEADING = re.compile(rf"\s?(?:{_ROLE}) ?[(（] ?(?:盖章|公章|签章|签字|签字盖章|签字或盖章|签字并盖章|盖章处) ?[)）]")
# …its date, last in the block: 甲方（盖章）某某局张三2024年3月18日
_COLON = re.compile(r"\s?[:：]")
_BLOCK_DATE = re.compile(r"\d{4} ?年 ?\d{1,2} ?月 ?\d{1,2} ?日(?=\s*(?:第 ?\d{1,3} ?页 ?(?:共 ?\d{1,3} ?页)?\s*)?$)")
# …or under the signatory's name: 经办人：赵某2025年1月8日 (then a page footer: 第 4 页 共 4 页)
_SIGNATORY = re.compile(
    rf"\s?(?:{_alternatives({k for k, v in FIELD_LABELS.items() if v in ('legal_rep', 'contact', 'signatory')})})"
    rf"{_NOTE}? ?[:：][^:：]*?[{_CJK}]$"
)
_PAGE_FOOTER = re.compile(r"第 ?\d{1,3} ?页 ?(?:共 ?\d{1,3} ?页)?\s*$")

# Where a new line can start: after sentence punctuation or a space, a
# clause number; anywhere, a role heading or a field label with its colon.
_BOUNDARY_BEFORE = r"(?<=[。；;！!？?：:\s)）】”」])"
_MARKER = re.compile(
    "|".join((
        _BOUNDARY_BEFORE + rf"\s?第[{_CN_NUM}\d]{{1,4}}[条章节](?![款项])",
        # a clause heading glued to the text before it, but not a cross-reference (按本合同第三条约定)
        rf"(?<![合同议按依见照据反于在即和及与、第至“「『《])第[{_CN_NUM}\d]{{1,4}}[条章](?![款项约规的所中之及和或、,，。.;；:：\d{_CN_NUM}])",
        _BOUNDARY_BEFORE + rf"\s?[{_CN_NUM}]{{1,3}}、",
        # 五、 glued to the text before it (not 第三、四季度, not 一、二级, not a quoted heading: 按“三、服务响应”)
        rf"(?<![第{_CN_NUM}、“「『《])[一二三四五六七八九十]{{1,3}}、(?![{_CN_NUM}\d])",
        # a multi-level clause number glued to the value before it (…管理局1.1.2 地址)
        r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{1,2}(?![\d.%])",
        rf"(?<=[{_CJK}])\d{{1,2}}\.\d{{1,2}}(?=\s)",
        # …after a heading and a space (4 合同价款 4.1 本合同…), not an amount (约 1.5 万元)
        rf"(?<=[{_CJK}])\s+\d{{1,2}}\.\d{{1,2}}(?:\.\d{{1,2}})?(?=\s+[{_CJK}])(?!\s+[万元倍个年月日天小时分])",
        _BOUNDARY_BEFORE + rf"\s?[(（][{_CN_NUM}]{{1,3}}[)）]",
        # 1. 1、 after sentence punctuation, a colon or a space; 1. after a heading (服务内容1. 宾县…)
        # (not from inside a run of blanks: the try at its first blank covers the rest,
        # and trying each blank of a long run would make the scan quadratic)
        r"(?<=[。；;：:\s])(?<!\s\s)\s*\d{1,2}(?:\.\d{1,2}){0,2}[、.．](?![\d.])",
        rf"(?<=[{_CJK}])\d{{1,2}}[.．](?= ?[{_CJK}])",
        # a heading's number glued to the value before it, set off by a wide gap (…运维服务1  合同当事人)
        rf"(?<=[{_CJK}])\d{{1,2}}(?=[ \u3000]{{2,}}[{_CJK}])(?![ \u3000]+[个名人年月日天小次项份台套万元])",
        # 5.2 and 7 before a space after sentence punctuation (…全部费用。5.2  合同价款…, 。7  违约责任)
        r"(?<=[。；;！!？?])\s*\d{1,2}(?:\.\d{1,2}){1,2}(?=\s)",
        rf"(?<=[。；;！!？?])\s*\d{{1,2}}(?=\s+[{_CJK}])(?!\s+[个名人年月日天小次项份台套])",
        # a markdown heading the breaks were taken from (…本合同。## 第一条)
        _BOUNDARY_BEFORE + r"\s?#{1,6} ",
        # a role heading: with its colon (乙方基本信息：), or with a note naming its role, or before a label
        rf"\s?(?:{_ROLE})(?:的?基本信息|的?基本情况|的?信息)?{_NOTE}?(?=\s?[:：])",
        rf"\s?(?:{_ROLE}) ?[(（] ?(?:以下简称|以下称|下称|简称)[^()（）\n]{{1,10}}[)）]",
        # …or a stamp note: a signature block's heading (…经双方盖章后生效。甲方（盖章）某某局)
        _SIGNATURE_HEADING.pattern,
        # a sentence that opens with a role and ends with a colon introduces its block
        # (…元整）。乙方开户银行名称、地址和帐号为：开户银行：…)
        rf"(?<=[。；;])\s*(?:{_ROLE})(?=[^。；;，,：:\n]{{1,20}}[:：])",
        # a label, read with the role written before it (乙方联系人：); then a role heading
        # without a colon, before a label (甲方（采购人）单位名称：)
        r"\s?" + _LABEL,
        rf"\s?(?:{_ROLE}){_NOTE}?(?=\s{{0,4}}{_LABEL})",
    ))
)

# A value written as a code (a contract number, a tax id, an account, a phone
# number, an email) ends where its code does: 合同编号：BXZC-2024-019宾县…合同,
# 统一社会信用代码：91230103MA1BW6Q97P甲方为做好…
_CODE_LABELS = {label for label, field in FIELD_LABELS.items() if field in ("tax_id", "account", "phone", "postcode", "email")}
_CODE_VALUE = re.compile(
    rf"(?:{_alternatives({'编号', '合同号'} | _CODE_LABELS)}) ?[:：] ?"
    rf"[A-Za-z0-9][A-Za-z0-9\-_/.@〔〕\[\]()（）]*号?(?=\s*(?:#{{1,6}} ?)?[{_CJK}]|\s+\d{{1,2}}(?:\.\d{{1,2}}){{0,2}}\s+[{_CJK}])(?!\s*[号第转])"
)
# A sentence that opens right after a label's value (…1150室本合同甲方委托乙方…,
# …有限公司为保障…, …项目依据《民法典》…): the value ends there.
_OPENER = re.compile(
    rf"本合同|本协议|(?:根据|依据|按照)《|鉴于|为了|为(?:保障|做好|规范|确保|加强|满足)|经双方|双方经|甲乙双方"
    rf"|(?:{_ROLE})(?:与|和)(?:{_ROLE})|(?:{_ROLE})(?:委托|根据|依据|同意|经)"
)
_LABEL_START = re.compile(rf"\s?(?:(?:{_ROLE}){_NOTE}?|{_LABEL}) ?[:：]")
# A title where a value was expected: a blank contract number's label run on
# into the title under it (合同编号：某某系统运维服务合同)
_NUMBER_LABEL = re.compile(rf"\s?(?:{_alternatives({'合同编号', '协议编号', '项目编号', '采购编号', '编号', '合同号'})}) ?[:：] ?")
_TITLE = rf"[{_CJK}][^。；;:：，,!?！？]{{3,60}}(?:合同|协议书?|合同书)"
_TITLE_ONLY = re.compile(rf"\s*{_TITLE}\s*")
# two titles run together: a kind of contract and the contract's own name (政府采购合同某某项目运维服务合同)
_TWO_TITLES = re.compile(rf"\s*([{_CJK}][{_CJK} ]{{1,16}}?(?:合 ?同|协 ?议 ?书?|合 ?同 ?书))(?=\s*{_TITLE}\s*$)")
# A role name declared in the text: up to five characters ending in 方, 人 or 单位, then its side
_ROLE_DECLARATION = re.compile(
    rf"([{_CJK}]{{1,5}}(?:方|人|单位))\s?[(（]\s?(?:以下简称|以下称|下称|简称)?[“\"]?[甲乙丙丁]方[”\"]?\s?[)）]"
)
_APART = re.compile(r"\s+\d")
_MAX_DECLARATIONS = 20  # a contract declares a few; a hostile text cannot make this quadratic
# A line's clause number: 1.1, 1.2.3, 2 (before a space or a heading)
_CLAUSE_NUMBER = re.compile(rf"\s*(\d{{1,2}}(?:\.\d{{1,2}}){{0,2}})(?=[\s{_CJK}]|[.、．](?!\d))")
# A markdown table's separator row gives its width: | --- | --- |
_MD_SEPARATOR = re.compile(r"\|(?: ?:?-{2,}:? ?\|)+")

# A clause number alone: a label right after it stays on its line (1.1.2 地址：…).
_NUMBER_ONLY = re.compile(rf"\s*(?:\d{{1,2}}(?:\.\d{{1,2}}){{0,3}}[.、]?|[{_CN_NUM}]{{1,3}}、|[(（][{_CN_NUM}\d]{{1,3}}[)）]|第[{_CN_NUM}\d]{{1,4}}[条章节]|#{{1,6}})\s*")


def _table_rows(line: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Starts and spans of the markdown table rows run together in `line`:
    every row has as many pipes as the separator row."""
    starts: list[int] = []
    spans: list[tuple[int, int]] = []
    all_pipes = [i for i, ch in enumerate(line) if ch == "|"]
    tables: list[tuple[re.Match[str], int, list[int]]] = []
    for sep in _MD_SEPARATOR.finditer(line):
        pipes = sep.group(0).count("|")
        # the header row: the `pipes` pipes before the separator
        before = all_pipes[max(0, bisect.bisect_left(all_pipes, sep.start()) - pipes):bisect.bisect_left(all_pipes, sep.start())]
        if len(before) < pipes or line[before[-1] + 1:sep.start()].strip():
            continue
        tables.append((sep, pipes, before))
    # a table's rows end where the next table's header row starts
    next_heads = [before[-pipes] for _, pipes, before in tables[1:]] + [len(line) + 1]
    for (sep, pipes, before), next_head in zip(tables, next_heads):
        head = before[-pipes]
        rows = [(head, before[-1] + 1), (sep.start(), sep.end())]
        pos = sep.end()
        while True:
            start = pos + len(line[pos:]) - len(line[pos:].lstrip(" "))
            if not line.startswith("|", start) or start >= next_head:
                break
            end, count = start, 0
            while count < pipes:
                end = line.find("|", end) + 1
                if end == 0:
                    break
                count += 1
            if count < pipes or end > next_head:
                break
            rows.append((start, end))
            pos = end
        for start, end in rows:
            starts.append(start)
            spans.append((start, end))
        if pos < len(line):
            starts.append(pos + len(line[pos:]) - len(line[pos:].lstrip(" ")))
    return starts, spans


def _bracketed(line: str, at: int) -> bool:
    """Is position `at` inside brackets opened shortly before it?"""
    window = line[max(0, at - 40):at]
    opened = max(window.rfind("("), window.rfind("（"))
    return opened > max(window.rfind(")"), window.rfind("）"))


class _Spans:
    """Is a position strictly inside one of the spans? (bisect over their starts)"""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.reach = list(itertools.accumulate((end for _, end in ordered), max))  # furthest end so far

    def __call__(self, at: int) -> bool:
        k = bisect.bisect_left(self.starts, at)  # spans starting before `at`
        return k > 0 and self.reach[k - 1] > at


def _successors(number: str) -> set[str]:
    """The clause numbers that can follow `number`: 1.1.4 → 1.1.5, 1.2, 2 (and 1.1.4.1)."""
    parts = [int(p) for p in number.split(".")]
    following = {".".join(map(str, [*parts[:k], parts[k] + 1])) for k in range(len(parts))}
    return following | {number + ".1"}


def _glued_clause_number(probe: str, code: re.Match[str], numbers: list[tuple[int, str]]) -> int | None:
    """Where the next clause number starts when it is glued to the digits of a
    code value: the number must follow the last clause number before it
    (`numbers`: the clause numbers that start a line, by position)."""
    if _APART.match(probe, code.end()):  # the number stands apart after the code
        return None
    k = bisect.bisect_left(numbers, (code.start(), ""))
    if k == 0:
        return None
    last = numbers[k - 1][1]
    # only a multi-level number (1.2): a code's last digit may as well be its own (…5566 after 5.4)
    following = {n for n in _successors(last) if "." in n}
    value = code.group(0)
    for k in range(max(1, len(value) - 8), len(value)):
        if value[k - 1].isalnum() and value[k].isdigit() and value[k:] in following:
            return code.end() - len(value) + k
    return None


def _declared_roles(probe: str) -> re.Pattern[str] | None:
    """Role names a contract declares for itself (用户方（甲方）, 服务单位（以下简称乙方）)
    and uses as headings elsewhere (用户方：…): a heading pattern for them, or None.
    Of the words before the declaration, the longest that is a heading elsewhere."""
    names: set[str] = set()
    headings: dict[str, list[int]] = {}  # where each candidate heads a block
    for m in itertools.islice(_ROLE_DECLARATION.finditer(probe), _MAX_DECLARATIONS):
        candidates = [probe[m.start(1) + k:m.end(1)] for k in range(m.end(1) - m.start(1) - 1)]
        for name in candidates:  # longest first
            if name in _ROLE_WORDS:
                break
            if name not in headings:
                headings[name] = [h.start() for h in re.finditer(re.escape(name) + r"\s?[:：]", probe)]
            if any(h != m.end(1) - len(name) for h in headings[name]):
                names.add(name)
                break
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\s?(?:{alternatives})(?:{_NOTE}?(?=\s?[:：])|{_NOTE})")


def _cuts(line: str) -> list[int]:
    """Where `line` should break, in order."""
    probe = simplify(line)  # same length: 第二條 and 聯繫電話 are markers too
    table_starts, rows = _table_rows(probe)
    tab_starts, tab_rows = tab_table_rows(probe)
    rows += tab_rows
    in_row = _Spans(rows)
    cuts: set[int] = set(table_starts) | set(tab_starts)
    for m in _MARKER.finditer(probe):
        at = m.start()
        if in_row(at) or _bracketed(probe, at):
            continue
        cuts.add(at)
    declared = _declared_roles(probe)
    for m in declared.finditer(probe) if declared else ():
        if not in_row(m.start()) and not _bracketed(probe, m.start()):
            cuts.add(m.start())
    numbers = [(c, n.group(1)) for c in sorted(cuts) if (n := _CLAUSE_NUMBER.match(probe, c))]
    for m in _CODE_VALUE.finditer(probe):
        if not in_row(m.end()):
            cuts.add(m.end())
            # the next clause number glued to the code's digits (账号：054201010400018361.2 乙方)
            glued = _glued_clause_number(probe, m, numbers)
            if glued is not None:
                cuts.add(glued)
    # a label's value ends at a sentence opening after it; a signature
    # block's heading, the signatory and the date under it are lines of their own
    ordered = sorted(cuts)
    for start, end in zip([0, *ordered], [*ordered, len(probe)]):
        label = _LABEL_START.match(probe, start, end)
        if label:
            opener = _OPENER.search(probe, label.end() + 1, end)
            if opener:
                cuts.add(opener.start())
        number = _NUMBER_LABEL.match(probe, start, end)
        if number and _TITLE_ONLY.fullmatch(probe, number.end(), end):
            cuts.add(number.end())
        titles = _TWO_TITLES.match(probe, start, end)
        if titles:
            cuts.add(titles.end())
        date = _BLOCK_DATE.search(probe, start, end)
        if date and _SIGNATORY.match(probe, start, date.start()):
            cuts.add(date.start())
            footer = _PAGE_FOOTER.search(probe, date.end(), end)
            if footer:
                cuts.add(footer.start())
        heading = _SIGNATURE_HEADING.match(probe, start, end)
        if heading and probe[heading.end():end].strip():
            if not _COLON.match(probe, heading.end()):  # 甲方（盖章）：某某局 is one line
                cuts.add(heading.end())
            date = _BLOCK_DATE.search(probe, heading.end(), end)
            if date and date.start() > heading.end():
                cuts.add(date.start())
            # the breaks turned into spaces between the signatory's lines (某某公司 张三);
            # not a wide gap between two blocks side by side (某某局      某某公司)
            body = probe[heading.end():date.start() if date else end]
            for space in re.finditer(r"\s+", body.strip()) if not re.search(r"\s{3}", body.strip()) else ():
                cuts.add(heading.end() + len(body) - len(body.lstrip()) + space.end() - 1)
    return _unglue_page_numbers(probe, cuts)


def _unglue_page_numbers(probe: str, cuts: set[int]) -> list[int]:
    """A clause number that does not follow the one before it, though its
    last digits do, carries a page number glued in front (…建议。24. 合同价款
    after 3.4 is page 2 and clause 4): its line starts at the clause's digits."""
    out: list[int] = []
    last: str | None = None
    for cut in sorted(cuts):
        m = _CLAUSE_NUMBER.match(probe, cut)
        if m and last is not None:
            number = m.group(1)
            head = number.split(".")[0]
            following = _successors(last)
            if number not in following and len(head) == 2 and number[1:] in following:
                cut = m.start(1) + 1
                number = number[1:]
            last = number
        elif m:
            last = m.group(1)
        out.append(cut)
    return sorted(out)


def restore_breaks(mt: MappedText) -> MappedText:
    """Insert line breaks at structure markers inside over-long lines."""
    text = mt.text
    edits: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if len(line) > LONG_LINE:
            last = -1
            for cut in _cuts(line):
                at = pos + cut
                if cut == 0 or at <= last:
                    continue
                if edits and edits[-1][0] >= pos and _NUMBER_ONLY.fullmatch(simplify(text[edits[-1][1]:at])):
                    continue
                # a space the break stands for is replaced (same length); else a break is inserted
                end = at + 1 if line[cut].isspace() else at
                edits.append((at, end, "\n"))
                last = end
        pos += len(line) + 1
    return mt.edit(edits)
