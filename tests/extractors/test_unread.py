"""Total or nothing: a span an extractor locates but a parser cannot read
whole gives no value, and the export says why (`unread`)."""

from __future__ import annotations

import pytest

from hetong.pipeline.store.export import to_json_dict
from hetong.pipeline.orchestrate import process_bytes


def contract(clause: str) -> dict:
    text = ("采购合同\n甲方：某某市大数据局\n乙方：某某科技有限公司\n第一条 " + clause + "\n"
            "第二条 甲方应按约定付款，乙方应履行义务，承担违约责任。\n第三条 双方权利义务。\n甲方（盖章）：\n乙方（盖章）：\n")
    return to_json_dict(process_bytes(text.encode(), "x.txt").to_record())


@pytest.mark.parametrize("clause", ["合同总价：USD 50,000元。", "合同总价：$5,000元。", "合同总价：HK$ 12,000元。"])
def test_a_foreign_currency_total_gives_no_total_and_says_why(clause: str) -> None:
    record = contract(clause)
    assert record["contract"]["total_amount"] is None
    assert [u["field"] for u in record["unread"]] == ["contract.total_amount"]
    assert "does not read whole" in record["unread"][0]["reason"]


def test_a_yuan_total_is_read_and_nothing_is_unread() -> None:
    record = contract("合同总价：人民币50,000元。")
    assert record["contract"]["total_amount"] == "50000.00" and record["unread"] == []


def test_a_rate_the_parser_does_not_read_whole_gives_no_penalty_and_says_why() -> None:
    record = contract("乙方逾期交付的，每逾期一日，按合同总价的百分之五点支付违约金。")
    assert record["penalties"] == []
    unread = [u for u in record["unread"] if u["field"] == "penalties.rate"]
    assert unread and unread[0]["text"] == "百分之五点"
    raw = ("采购合同\n甲方：某某市大数据局\n乙方：某某科技有限公司\n第一条 乙方逾期交付的，每逾期一日，按合同总价的百分之五点支付违约金。\n")
    assert raw[unread[0]["start"]:unread[0]["end"]] == "百分之五点"


def test_a_time_limit_the_parser_does_not_read_whole_gives_no_sla_item_and_says_why() -> None:
    record = contract("乙方接到故障通知后应在30分钟2小时内响应，并及时处理。")  # parts out of order
    assert record["sla"] == []
    assert [u["text"] for u in record["unread"] if u["field"] == "sla.hours"] == ["30分钟2小时"]


def test_an_impossible_date_range_gives_no_period_and_says_why() -> None:
    record = contract("服务期限自2024年13月1日起至2024年12月31日止。")
    assert record["contract"]["service_start"] is None
    assert [u["field"] for u in record["unread"]] == ["contract.service_period"]


def test_an_amount_in_a_payment_clause_the_parser_refuses_is_listed() -> None:
    record = contract("合同签订后10日内，甲方向乙方支付USD 20,000元作为预付款。")
    assert record["payments"] == []  # never 20,000 yuan
    assert [u["text"] for u in record["unread"] if u["field"] == "payments.amount"] == ["20,000元"]


def test_a_blank_amount_of_a_form_is_not_listed() -> None:
    record = contract("合同签订后10日内，甲方向乙方支付＿＿＿万元作为预付款。")
    assert [u for u in record["unread"] if u["field"] == "payments.amount"] == []
