"""Tab-separated table rows run together when a contract lost its line
breaks come apart again at the glued cells (pipeline/text/tab_rows.py)."""

from __future__ import annotations

import pytest

from hetong.pipeline.text.layout import restore_breaks
from hetong.pipeline.text.mapped_text import MappedText
from hetong.pipeline.text.tab_rows import tab_table_rows

# (the table as written, its rows) — each glued by `flatten` below
TABLES = {
    # value then label: 4小时较急; header ending with a header word: 处理时限紧急
    "severity-labels": [
        "级别\t现象\t响应时限\t处理时限",
        "紧急\t机房断电或核心交换机宕机\t10分钟\t3小时",
        "较急\t单台服务器故障\t30分钟\t6小时",
        "一般\t个别终端无法登录\t1个工作日\t2个工作日",
    ],
    # numbered first column, a free-text last column: 第一期 … 第二期
    "numbered-stages": [
        "阶段\t比例\t金额\t支付条件",
        "第一期\t30%\t¥60,000.00\t签约后10个工作日内",
        "第二期\t50%\t¥100,000.00\t上线验收合格后",
        "第三期\t20%\t¥40,000.00\t质保期满无质量问题",
    ],
    # a key-value table: the first column is a party block's field label
    "key-value": [
        "项目\t甲方\t乙方",
        "单位名称\t某某市信息中心\t某某云数科技有限公司",
        "开户银行\t某某银行某某支行\t某某银行某某分行营业部",
        "账号\t30730101040099999\t3013012109200199999",
        "统一社会信用代码\t12650000MB1H00000X\t91650000MA79000000",
    ],
    # row numbers glued to the amounts before them: 120,000.00|2, read by counting on
    "numbered-amounts": [
        "序号\t服务内容\t金额（元）",
        "1\t机房巡检\t120,000.00",
        "2\t备份演练\t86,350.60",
        "3\t驻场服务\t50,000.00",
    ],
    "numbered-levels": [
        "等级\t说明\t到场时间",
        "一级\t全网中断\t1小时",
        "二级\t部分中断\t4小时",
    ],
}


def flatten(rows: list[str], sep: str) -> tuple[str, list[str]]:
    before = "乙方应按下列要求提供服务并承担相应责任，" * 10 + "具体如下："
    after = "乙方未按上表时限处理的，按本合同第九条承担违约责任。"
    return before + sep + sep.join(rows) + sep + after, rows


@pytest.mark.parametrize("sep", ["", " "], ids=["flat", "spaced"])
@pytest.mark.parametrize("name", sorted(TABLES))
def test_rows_come_apart(name: str, sep: str) -> None:
    line, rows = flatten(TABLES[name], sep)
    _, spans = tab_table_rows(line)
    found = [line[s:e].strip() for s, e in spans]
    assert found[:-1] == rows[:-1]
    # the last row ends after its value; a free-text last cell runs on into
    # the sentence after the table: left to the clause markers, not claimed
    if name in ("numbered-stages", "key-value") and not sep:
        assert found[-1] == rows[-1].rsplit("\t", 1)[0]
    else:
        assert found[-1] == rows[-1]


@pytest.mark.parametrize("sep", ["", " "], ids=["flat", "spaced"])
def test_restored_lines_are_the_rows(sep: str) -> None:
    line, rows = flatten(TABLES["severity-labels"], sep)
    mt = restore_breaks(MappedText.from_raw(line))
    lines = [x.strip() for x in mt.text.split("\n")]
    assert lines[lines.index(rows[0]):lines.index(rows[0]) + len(rows)] == rows
    assert lines[-1].startswith("乙方未按上表时限处理的")
    for i, ch in enumerate(mt.text):
        if ch != "\n":
            assert line[mt.offsets[i]] == ch


@pytest.mark.parametrize(
    "line",
    [
        # one row with its tabs: no second row to find
        "名称\t数量\t单价\t合计",
        # rows whose glued fields come apart by no rule are left alone
        "甲\t乙\t丙丁\t戊\t己庚\t辛",
    ],
    ids=["one-row", "no-rule"],
)
def test_no_table_no_rows(line: str) -> None:
    assert tab_table_rows(line) == ([], [])


def test_two_tables_in_one_line() -> None:
    first, _ = flatten(TABLES["numbered-levels"], "")
    second, _ = flatten(TABLES["severity-labels"], "")
    line = first + second
    _, spans = tab_table_rows(line)
    assert [line[s:e] for s, e in spans] == TABLES["numbered-levels"] + TABLES["severity-labels"]


def test_an_amount_then_the_next_clause_number() -> None:
    rows = ["序号\t内容\t金额", "1\t巡检\t1,000.00", "2\t备份\t2,000.00", "合计\t\t3,000.00"]
    line = "价款构成如下：" * 20 + "".join(rows) + "5. 付款方式" + "甲方按季度支付，" * 10
    _, spans = tab_table_rows(line)
    assert [line[s:e] for s, e in spans] == rows
