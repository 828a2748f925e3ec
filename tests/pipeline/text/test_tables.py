from hetong.pipeline.text.tables import find_tables


def test_markdown_table_rows_and_cells():
    text = "| 序号 | 运维服务 |\n|----|------|\n| 1  | 现场技术保障 |\n"
    (table,) = find_tables(text)
    assert table.kind == "markdown"
    assert [[c.text for c in row] for row in table.rows] == [["序号", "运维服务"], ["1", "现场技术保障"]]
    cell = table.rows[1][1]
    assert text[cell.start : cell.end] == "现场技术保障"


def test_tab_table_continues_over_blank_lines():
    text = "级别\t响应\n紧急\t30分钟\n\n较急\t1小时\n正文继续"
    (table,) = find_tables(text)
    assert table.kind == "tab"
    assert [row[0].text for row in table.rows] == ["级别", "紧急", "较急"]
    assert text[table.end :].strip() == "正文继续"


def test_key_value_pipe_lines():
    text = "合同金额(万元) | 36.8\n服务期 | 12个月\n"
    (table,) = find_tables(text)
    assert table.kind == "pipe"
    assert [[c.text for c in row] for row in table.rows] == [["合同金额(万元)", "36.8"], ["服务期", "12个月"]]


def test_prose_has_no_tables():
    assert find_tables("第一条 项目概述\n\n本合同由双方签订。") == []
