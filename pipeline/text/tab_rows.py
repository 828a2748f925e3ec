"""Rows of a tab-separated table whose line breaks were lost.

A table written as tab-separated rows (故障等级<TAB>响应时间<TAB>…) that
loses its line breaks runs its rows together: the last cell of each row and
the first cell of the next become one field (`4小时较急`, or `4小时 较急` when
the break became a space), the header's first cell is glued to the sentence
before the table and the last row's last cell to the text after it.

The table is still there: every row has the same number of tabs, so a run
of k tabs is R rows of N-1 tabs with R-1 glued fields at every (N-1)-th
field. For each width, each glued field must come apart by one of these
rules, tried in order, or the width is rejected:

1. the space the line break became (`4小时 较急`);
2. the first column numbers the rows (第一期 … 第二期, 一级 … 二级, 1 … 2)
   and the number after the split counts on by one from row to row;
3. the last cell ends with a value (a number with its unit, a percentage,
   a closing bracket) and a short label follows (`4小时较急`);
4. the first column is a party block's field label (`某某有限公司开户银行`);
5. the last cell is a header ending with a header word (`故障解决时间紧急`).

The width at which most glued fields come apart wins. Rows start after the
sentence before the table and end after the last cell's value (or at the
space after it); what cannot be told apart is left to the other markers.
"""

from __future__ import annotations

import re

from hetong.extractors.shared.party_blocks import FIELD_LABELS

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CJK = "\u4e00-\u9fff"
# A field this long, or a sentence, is text between two tables, not a cell.
_CELL_MAX = 80
# the first column as a row number: 第一期, 一级, 第2阶段, （一）, 1, 1.
_ORDINAL = re.compile(
    r"(?:第|[(（])?([一二三四五六七八九十]{1,3}|\d{1,2})(?:[期级类档次批项季年月周节]|阶段|[)）、.．])?$"
)
_VALUE_END = (r"(?:\d[\d,.]*\s*(?:个)?(?:工作日|自然日|小时|分钟|秒|天|日|周|个月|月|年|元|万元|%|％)?"
              r"|[%％)）]|以上|以下|以内)")
# a last cell ending with a value, then a short label: 4小时较急, 30%一般
_VALUE_SPLIT = re.compile(rf"^(.*{_VALUE_END})([{_CJK}（）()]{{1,12}})$")
_HEADER_WORDS = ("时间", "时限", "名称", "等级", "级别", "描述", "内容", "金额", "比例", "条件", "要求", "标准", "备注",
                 "说明", "序号", "期次", "阶段", "单价", "数量", "小计", "合计", "方式", "日期", "类型", "费用", "价格",
                 "单位", "规格", "型号", "节点", "指标", "频次", "周期", "地点", "人员", "职责", "岗位", "分类")
_HEADER_SPLIT = re.compile(rf"^(.*(?:{'|'.join(_HEADER_WORDS)}))([{_CJK}（）()\d]{{1,12}})$")
# a key-value table: the first column is a party block's field label (…有限公司开户银行)
_LABEL_SPLIT = re.compile(
    "(?:" + "|".join(re.escape(label) for label in sorted(FIELD_LABELS, key=len, reverse=True) if len(label) >= 2) + ")$"
)
_BEFORE_TABLE = re.compile(r"[。；;：:！!？?\s](?=[^。；;：:！!？?\s]*$)")
# the last cell's value, then the text after the table (or its next clause number: …704,350.605. 付款方式)
_AMOUNT = r"\d{1,3}(?:,\d{3})+\.\d{2}"
_ENDS_WITH_VALUE = re.compile(rf"(?:{_AMOUNT}|{_VALUE_END})\s*$")
_VALUE_THEN_TEXT = re.compile(rf"^\s*(?>{_AMOUNT}|{_VALUE_END})(?=\s*(?:\d{{1,2}}[.、．]\s*)?[{_CJK}])")


def _number(token: str) -> int:
    if token.isdigit():
        return int(token)
    if token.startswith("十"):
        return 10 + (_CN_DIGITS.get(token[1:], 0) if len(token) > 1 else 0)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return _CN_DIGITS.get(tens, 0) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(token, 0)


def _split_space(field: str) -> int | None:
    spaces = [m for m in re.finditer(r"\s+", field.strip()) if m]
    if len(spaces) != 1:
        return None
    lead = len(field) - len(field.lstrip())
    return lead + spaces[0].end() - 1  # the last space of the run: it becomes the break


def _split_ordinal(field: str, expected: int) -> int | None:
    """Where the row number `expected` starts when `field` ends with it after a cell."""
    m = _ORDINAL.search(field)
    # a digit row number right after a digit is read by its expected value alone (268,000.00|2)
    if m is not None and m.start() > 0 and _number(m.group(1)) == expected and not (
        m.group(1).isdigit() and field[m.start() - 1].isdigit() and field[m.start()] not in "第(（"
    ):
        return m.start()
    digits = re.search(rf"(?:第|[(（])?{expected}(?:[期级类档次批项季节]|阶段|[)）、.．])?$", field)
    return digits.start() if digits and digits.start() > 0 else None


def _split_rule(field: str, pattern: re.Pattern[str]) -> int | None:
    m = pattern.match(field)
    return len(m.group(1)) if m and m.group(1).strip() else None


def _glue_splits(fields: list[str], width: int) -> list[int] | None:
    """Split positions of the glued fields of a table `width` tabs wide, or
    None when one of them does not come apart."""
    glued = [fields[j * width] for j in range(1, (len(fields) - 1) // width)]
    if not glued:
        return None
    splits: list[int | None] = [_split_space(f) for f in glued]
    # row numbers: consecutive from one glued field to the next (row j numbered j or j+1)
    for shift in (0, 1):
        numbered = [_split_ordinal(f, j + shift) for j, f in enumerate(glued, start=1)]
        if sum(at is not None for at in numbered) >= max(2, len(glued) - 1):
            splits = [space if space is not None else at for space, at in zip(splits, numbered)]
            break
    for i, field in enumerate(glued):
        if splits[i] is None:
            splits[i] = _split_rule(field, _VALUE_SPLIT)
        if splits[i] is None:
            label = _LABEL_SPLIT.search(field)
            splits[i] = label.start() if label and label.start() > 0 else None
        if splits[i] is None:
            splits[i] = _split_rule(field, _HEADER_SPLIT)
    if any(s is None for s in splits):
        return None
    return [s for s in splits if s is not None]


def _groups(line: str) -> list[list[tuple[int, int]]]:
    """The tab runs of `line`: lists of [start, end) fields, the first and
    last of each run holding the text before and after the table."""
    fields: list[tuple[int, int]] = []
    pos = 0
    for part in line.split("\t"):
        fields.append((pos, pos + len(part)))
        pos += len(part) + 1
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = [fields[0]]
    for field in fields[1:]:
        text = line[field[0]:field[1]]
        current.append(field)
        if len(text) > _CELL_MAX or "。" in text:
            groups.append(current)
            current = [field]
    groups.append(current)
    return [g for g in groups if len(g) >= 3]


def tab_table_rows(line: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Starts and spans of the tab-separated table rows run together in `line`."""
    starts: list[int] = []
    spans: list[tuple[int, int]] = []
    for group in _groups(line):
        texts = [line[s:e] for s, e in group]
        tabs = len(group) - 1
        best: tuple[int, list[int]] | None = None
        for width in range(1, tabs // 2 + 1):
            if tabs % width:
                continue
            splits = _glue_splits(texts, width)
            if splits is not None and (best is None or len(splits) > len(best[1])):
                best = (width, splits)
        if best is None:
            continue
        width, splits = best
        # the header's first cell: after the sentence before the table
        first_start, first_end = group[0]
        before = _BEFORE_TABLE.search(line, first_start, first_end)
        row_starts = [before.end() if before else first_start]
        row_starts += [group[j * width][0] + at for j, at in enumerate(splits, start=1)]
        # the last cell: up to its value (or the space) when the text after it is glued on
        last_start, last_end = group[-1]
        last = line[last_start:last_end]
        end = last_start  # unless told apart below, the last cell is left to the other markers
        # (the space rule only where the rows were told apart by the spaces the breaks became)
        spaced = all(_split_space(texts[j * width]) is not None for j in range(1, len(splits) + 1))
        space = re.search(r"\s", last.strip()) if spaced else None
        lead = len(last) - len(last.lstrip())
        value = _VALUE_THEN_TEXT.match(last)
        if space:
            end = last_start + lead + space.start()
        elif value and all(_ENDS_WITH_VALUE.search(texts[j * width][:splits[j - 1]])
                           for j in range(min(2, len(splits)), len(splits) + 1)):
            end = last_start + value.end()
        for start, stop in zip(row_starts, [*row_starts[1:], end]):
            starts.append(start)
            spans.append((start, stop))
        if last_start < end < len(line):
            starts.append(end)
    return starts, spans
