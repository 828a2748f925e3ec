"""Redaction of personal data (pipeline/store/redact.py): case tables of real forms
met in the contracts, what is masked and what is kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hetong.pipeline.store.redact import Redactor, find, redact, whole_field

# (text, text after redaction)
MASKED = {
    "e-mail": [
        ("电子邮箱：37392278@qq.com", "电子邮箱：********@**.***"),
        ("电 子 邮 箱：maxiao@qinanwx.com", "电 子 邮 箱：******@*******.***"),
        ("邮件：chensy@ctwl", "邮件：******@****"),  # cut at a line end
        ("mailto:chenjf@cicro.com", "mailto:******@*****.***"),
        (
            "邮箱：ｓｅｒｖｉｃｅ＠１６３．ｃｏｍ 联系",
            "邮箱：*******＠***．*** 联系",
        ),  # full-width (raw text is not NFKC'd)
    ],
    "mobile": [
        ("电  话：13259979723", "电  话：***********"),
        ("投诉热线电话(139 9285 2916)，", "投诉热线电话(*** **** ****)，"),
        ("联系方式 : 18614071195", "联系方式 : ***********"),
        ("+86 13904517682", "+** ***********"),
        ("手机１３８５７１９０４２６", "手机***********"),  # full-width digits
    ],
    "area code": [
        ("电话(传真): 0990-6224017", "电话(传真): ****-*******"),
        ("传 真 号 码： 0512-58132373 邮 编： 21560", "传 真 号 码： ****-******** 邮 编： 21560"),
        ("联系电话：020-38291746", "联系电话：***-********"),
        ("(0991)4689363", "(****)*******"),
        ("总机 0371-65931208-801", "总机 ****-********-***"),
        ("服务热线（400-830-6628）", "服务热线（***-***-****）"),
        ("拨打 4008888360 报修", "拨打 ********** 报修"),
    ],
    "labelled": [
        ("联系方式: 84681632", "联系方式: ********"),
        ("服务电话：13259979723  15931711646", "服务电话：***********  ***********"),
        ("Tel: 84681632", "Tel: ********"),
        ("乙方's phone reads 84681632 in the declaration", "乙方's phone reads ******** in the declaration"),
    ],
    "account": [
        ("帐号：110934171210312", "帐号：***************"),
        ("账 号： 32201986236059183983", "账 号： ********************"),
        ("账号：6105 0190 3800 0000 1527", "账号：**** **** **** **** ****"),
        ("银行帐号为：254763819205", "银行帐号为：************"),
        ("开户行 招商银行 6222021234567890123", "开户行 招商银行 *******************"),
        ("卡号：62220212", "卡号：********"),  # short, but labelled
    ],
    "personal id": [
        ("身份证号：110105199001011234", "身份证号：******************"),
        ("身份证 11010519900101123X。", "身份证 ******************。"),
        ("法定代表人 王某 110105199001011235", "法定代表人 王某 ******************"),  # wrong check digit (OCR)
    ],
}

# texts that must come out unchanged
KEPT = {
    "organisation codes": [
        "税号: 91650200584793998F",
        "统一社会信用代码：91420100MA4KXR5T8C",
        "统一社会信用代码：11230125MB1869347T",
        "统一社会信用代码：911101087855146422",  # all digits, after its label
        "纳税人识别号：91320114MA1XY3K57R",
    ],
    "money": [
        "合同总额 ¥1202000元整",
        "人民币 1,168,000.00 元",
        "计¥601000元（人民币大写：陆拾万零壹仟元整）",
        "通过对公账户支付合同金额60000元（陆万整）",
    ],
    "dates and times": [
        "2025 年 3 月 12 日至 2026 年 3 月 11 日",
        "签订日期：20220923",
        "7×24小时电话值守，30 分钟内响应",
        "提供电话、e-Mail 支持及远程维护",
    ],
    "numbers that are not personal": [
        "邮编：834000",
        "合同编号：HT-2025-0312-000123",
        "项目编号 ZB20250312000123",
        "国办发(2017)47号",
        "北京市朝阳区霄云路 1 号",
        "第 12 条 第 3 款",
    ],
    "names": [
        "法定代表人：李胜 联系人：杨琼",
    ],
}


def cases(table: dict[str, list]) -> list:
    return [
        pytest.param(*(row if isinstance(row, tuple) else (row,)), id=f"{group}-{i}")
        for group, rows in table.items()
        for i, row in enumerate(rows)
    ]


@pytest.mark.parametrize(("text", "expected"), cases(MASKED))
def test_personal_data_is_masked(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", cases(KEPT))
def test_other_data_is_kept(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("hint", "whole"),
    [
        ("phone", True),
        ("email", True),
        ("account", True),
        ("parties[乙方].phone", True),
        ("parties[甲方].account", True),
        ("flags.party_detail_mismatch.phone", True),
        ("tax_id", False),
        ("contact", False),
        ("legal_rep", False),
        ("name", False),
        ("text", False),
        (None, False),
        ("parties[乙方].name", False),
        ("microphone_count", False),
    ],
)
def test_phone_email_and_account_fields_are_masked_whole(hint: str | None, whole: bool) -> None:
    assert whole_field(hint) is whole
    assert (redact("84681632", hint) == "********") is whole


def test_an_all_digit_code_in_a_tax_id_column_is_kept() -> None:
    assert redact("911101087855146422", "tax_id") == "911101087855146422"
    assert redact("911101087855146422", "bank") == "******************"


def test_known_values_are_masked_wherever_they_appear() -> None:
    redactor = Redactor(["84681632", "李胜@x", "", "123"])
    assert redactor("签字：王庆丰 84681632") == "签字：王庆丰 ********"
    assert redactor("1284681632 元") == "1284681632 元"  # inside a longer number: not that value
    assert redactor("共 123 页") == "共 123 页"  # values shorter than 5 characters are ignored


def test_hits_are_sorted_and_never_overlap() -> None:
    hits = find("电话：0991-4689363，手机 13259979723，邮箱 a@b.cn，账号 6222021234567890123")
    assert [h.rule for h in hits] == ["phone.area", "phone.mobile", "email", "account.labelled"]
    assert all(a.end <= b.start for a, b in zip(hits, hits[1:]))


@given(st.text(alphabet="0123456789 -@.:：电话账号税邮箱abcXx（）()\n甲乙方", max_size=80))
def test_masking_keeps_the_length_and_every_separator(text: str) -> None:
    out = redact(text)
    assert len(out) == len(text)
    assert all(a == b or b == "*" for a, b in zip(text, out))
    assert all(a == b for a, b in zip(text, out) if not a.isalnum())
