"""Traditional and mixed script: rules match on a same-length simplified
shadow, and every value comes back as the document wrote it."""

from __future__ import annotations

import pytest

from hetong.pipeline.store.export import to_json_dict
from hetong.pipeline.orchestrate import process_bytes
from hetong.pipeline.text.script import simplify, simplify_table

TRADITIONAL_CONTRACT = """技術服務合約書

甲方（委託方）：臺北市電器商業同業公會
地址：臺北市中山區松江路100號
聯絡電話：02-25423456
乙方（受託方）：臺灣雲端資訊股份有限公司

第一條 服務內容
乙方為甲方提供網站維護服務。
第二條 服務期限
服務期限自2024年1月1日起至2024年12月31日止。
第三條 費用
本合約總金額為新臺幣壹拾伍萬元整（150,000元），簽約後10日內支付。
第四條 違約責任
乙方逾期履行，每逾期一日按合約總金額的萬分之五支付違約金。
乙方應在接到故障通知後2小時內響應。
第五條 爭議解決
因本合約發生的爭議，提交臺北地方法院訴訟解決。

甲方（蓋章）：臺北市電器商業同業公會
乙方（蓋章）：臺灣雲端資訊股份有限公司
簽約日期：2023年12月20日
"""


@pytest.mark.parametrize(("written", "simple"), [
    ("臺北", "台北"), ("萬圓", "万圆"), ("違約", "违约"), ("協議", "协议"), ("契約書", "契约书"),
    ("甲方", "甲方"), ("合同", "合同"), ("2024年", "2024年"), ("響應", "响应"), ("個小時", "个小时"),
])
def test_simplify_is_character_for_character(written: str, simple: str) -> None:
    assert simplify(written) == simple and len(simplify(written)) == len(written)


def test_the_table_maps_only_single_characters_to_single_characters() -> None:
    table = simplify_table()
    assert len(table) > 2000
    assert all(len(chr(k)) == 1 and len(chr(v)) == 1 and k != v for k, v in table.items())


def test_a_traditional_contract_is_a_contract_with_its_values_as_written() -> None:
    record = to_json_dict(process_bytes(TRADITIONAL_CONTRACT.encode(), "traditional.txt").to_record())
    assert record["status"] == "ok"
    contract = record["contract"]
    assert contract["title"] == "技術服務合約書"
    assert contract["total_amount"] == "150000.00"
    assert (contract["service_start"], contract["service_end"]) == ("2024-01-01", "2024-12-31")
    assert contract["signed_on"] == "2023-12-20"
    parties = {p["role"]: p for p in record["parties"]}
    assert parties["甲方"]["name"] == "臺北市電器商業同業公會"
    assert parties["乙方"]["name"] == "臺灣雲端資訊股份有限公司"
    assert parties["甲方"]["address"] == "臺北市中山區松江路100號"
    assert [(p["payer"], p["rate"], p["unit"]) for p in record["penalties"]] == [("乙方", "0.0005", "per_day")]
    assert [(s["kind"], s["hours"]) for s in record["sla"]] == [("response", 2)]


def test_evidence_shows_the_written_characters() -> None:
    record = to_json_dict(process_bytes(TRADITIONAL_CONTRACT.encode(), "traditional.txt").to_record())
    name = next(p for p in record["parties"] if p["role"] == "甲方")
    evidence = name["evidence"]["name"]
    assert evidence["text"] == "臺北市電器商業同業公會"
    assert TRADITIONAL_CONTRACT[evidence["start"]:evidence["end"]] == "臺北市電器商業同業公會"


def test_a_simplified_contract_keeps_no_shadow() -> None:
    from hetong.pipeline.read.ingest import load_bytes
    from hetong.pipeline.text.normalise import run
    from hetong.pipeline.text.script import shadow

    doc = shadow(run(load_bytes("甲方：北京某某公司\n乙方：上海某某公司\n".encode(), "x.txt")))
    assert doc.written == "" and doc.text.startswith("甲方")


def test_a_value_put_together_from_two_places_is_restored_piece_by_piece() -> None:
    """系 is written 系 in 系統 and 繫 in 聯繫: a character map alone would
    guess one of them; pieces found in the text keep each as written."""
    from hetong.pipeline.read.ingest import load_bytes
    from hetong.pipeline.text.normalise import run
    from hetong.pipeline.text.script import written_form

    doc = run(load_bytes("聯繫人：張三\n項目名稱：政務信息\n系統等級保護測評項目\n".encode(), "x.txt"))
    assert written_form("政务信息系统等级保护测评项目", doc) == "政務信息系統等級保護測評項目"
    assert written_form("联系人", doc) == "聯繫人"
