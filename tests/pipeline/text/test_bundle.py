"""A file binding two contracts between different parties: only the first is
extracted, and the document says where the other starts."""

from __future__ import annotations

from hetong.pipeline.text.bundle import second_contract_start
from hetong.pipeline.orchestrate import process_bytes


def contract(buyer: str, fee: str, signature: str = "甲方（盖章）：\n乙方（盖章）：\n") -> str:
    return (f"物业服务合同\n\n甲方：{buyer}\n乙方：四川某某物业服务有限公司\n\n"
            "第一条 服务内容\n乙方为甲方提供办公楼物业管理服务。\n"
            "第二条 服务期限\n服务期限自2023年3月1日起至2024年2月28日止。\n"
            f"第三条 服务费用\n每月服务费为人民币{fee}元，甲方每月支付一次，共12个月。\n"
            "第四条 违约责任\n任何一方违约的，应承担违约责任，赔偿对方损失。\n"
            "第五条 其他\n本合同一式两份，双方各执一份，自双方签字盖章之日起生效。\n\n" + signature + "\n")


def test_a_second_contract_with_other_parties_is_cut_off() -> None:
    text = contract("成都市某某局机关服务中心", "50000") + contract("成都市某某办公室、成都市某某局机关服务中心", "9000")
    doc = process_bytes(text.encode(), "two.txt")
    assert doc.status == "partial"
    assert any("holds another contract" in e and "only the first is extracted" in e for e in doc.errors)
    assert "成都市某某办公室" not in doc.text and "9000" not in doc.text
    assert [p.name for p in doc.parties if p.role == "甲方"] == ["成都市某某局机关服务中心"]


def test_a_signature_page_without_seal_words_still_ends_a_contract() -> None:
    page = "(本页为签署页，无正文)\n甲方：成都市某某局机关服务中心\n代表：\n乙方：四川某某物业服务有限公司\n代表：\n"
    text = contract("成都市某某局机关服务中心", "50000", page) + contract("成都市另一单位", "9000", page)
    assert second_contract_start(text) == len(contract("成都市某某局机关服务中心", "50000", page))


def test_an_appended_form_of_the_same_deal_is_kept() -> None:
    form = "委托持股合同\n\n甲方：\n乙方：\n第一条 甲方委托乙方代为持有股权。\n第二条 乙方违约的，按日万分之五支付违约金。\n甲方（签字）：\n乙方（签字）：\n"
    text = contract("北京某某科技有限公司", "27000") + form
    assert second_contract_start(text) is None


def test_an_annex_agreement_is_part_of_the_contract() -> None:
    annex = "附件1：\n保密协议\n\n甲方：北京另一公司\n乙方：四川某某物业服务有限公司\n第一条 乙方应保守甲方秘密。\n"
    assert second_contract_start(contract("北京某某科技有限公司", "27000") + annex) is None


def test_a_restated_cover_title_is_not_a_second_contract() -> None:
    text = "物业服务合同\n\n合同编号：WY-2023-01\n\n" + contract("成都市某某局机关服务中心", "50000")
    assert second_contract_start(text) is None
