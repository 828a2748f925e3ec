"""The flag checks (extractors.flags), one phenomenon per case.

Documents are normalised and segmented by the pipeline's own stages; the
fields an upstream extractor would fill (total, tax rate, signing date,
installments) are set by hand, so each check is tested on its own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from extractors import flags
from extractors.parties import find_mentions
from models import Document, Evidence, Flag, Payment
from pipeline import normalise, segment
from pipeline.orchestrate import process_bytes


def doc_of(text: str, **contract) -> Document:
    doc = Document(source="t.txt", sha256="0", media_type="text/plain", raw_text=text)
    doc = segment.run(normalise.run(doc))
    for field, value in contract.items():
        setattr(doc.contract, field, value)
    return doc


def run(check, doc: Document) -> list[Flag]:
    return check(doc, find_mentions(doc))


def evidence(found: list[Flag]) -> list[list[str]]:
    return [f.evidence for f in found]


# -- every flag is well formed -----------------------------------------------------------

SEED = "000_ea93da92590dbf3c.txt"


def test_flags_carry_kind_severity_message_evidence_and_spans():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "data" / "gold" / SEED
    doc = process_bytes(path.read_bytes(), source=SEED)
    assert doc.flags
    for flag in doc.flags:
        assert flag.kind in flags.KINDS
        assert flag.severity == flags.SEVERITY[flag.kind]
        assert flag.message.endswith(".") and "\n" not in flag.message
        assert flag.evidence and flag.spans
        for span in flag.spans:
            # spans index the raw text; their text is the normalised evidence
            assert span.rule.startswith(f"flags.{flag.kind}.")
            assert "".join(doc.raw_text[span.start : span.end].split()) == "".join(span.text.split())


def test_a_failing_check_is_recorded_and_the_others_run(monkeypatch):
    def broken(doc, mentions):
        raise ValueError("boom")

    monkeypatch.setattr(flags, "CHECKS", (("broken", broken), ("numbering", flags.check_numbering)))
    doc = doc_of("第一条 总则\n第三条 其他\n")
    found = flags.extract(doc)
    assert [f.kind for f in found] == ["numbering_gap"]
    assert doc.status == "partial" and doc.errors == ["flags.broken: ValueError: boom"]


# -- districts ------------------------------------------------------------------------------


def test_district_not_in_its_city_is_one_flag_with_every_mention():
    doc = doc_of(
        "乌鲁木齐区人民政府门户网站运维合同\n\n甲方：克拉玛依市乌鲁木齐区人民政府办公室\n"
        "地址：克拉玛依市乌鲁木齐区龙盛路九号\n\n争议提交乌鲁木齐区人民法院。\n\n"
        "甲方（盖章）：克拉玛依市乌尔禾区人民政府办公室\n"
    )
    found = run(flags.check_districts, doc)
    assert evidence(found) == [["乌鲁木齐区", "克拉玛依市", "乌尔禾区"]]
    assert len(found[0].spans) == 4 + 2 + 1  # every 乌鲁木齐区, both parents, the other district
    assert found[0].severity == "warning"


def test_party_named_after_two_real_districts():
    doc = doc_of("甲方：北京市朝阳区政务服务管理局\n地址：北京市朝阳区霄云路1号\n\n甲方（盖章）：北京市海淀区政务服务管理局\n")
    assert evidence(run(flags.check_districts, doc)) == [["朝阳区", "海淀区"]]


@pytest.mark.parametrize(
    "text",
    [
        "乙方：广东粤信云数科技有限公司\n注册地址：广州市天河区黄埔大道西638号\n办公地址：江门市蓬江区建设三路88号\n",
        "乙方：四川蜀通智联信息技术有限公司\n单位地址：成都高新区天府大道中段1268号\n",
        "签订地点：云南 昆明\n",
    ],
)
def test_no_district_flag(text):
    assert run(flags.check_districts, doc_of(text)) == []


# -- names ---------------------------------------------------------------------------------


def test_party_name_variants_are_not_flagged():
    doc = doc_of(
        "委托单位： 阿克苏地区数字化发展局\n\n购买方（甲方）：新疆维吾尔自治区阿克苏地区数字化发展局\n"
        "单位地址： 阿克苏市北京路 25 号\n\n甲方：新疆维吾尔自治区阿克苏地区数字化发展局（盖章）\n"
    )
    assert run(flags.check_party_names, doc) == []


def test_party_name_conflict_names_both():
    doc = doc_of(
        "甲方（采购人）\n单位名称：青岛市李沧区大数据发展局\n地址：青岛市李沧区振华路156号\n\n"
        "甲方：青岛市李沧区大数据管理局（盖章）\n负责人或授权代表：\n"
    )
    found = run(flags.check_party_names, doc)
    assert evidence(found) == [["青岛市李沧区大数据发展局", "青岛市李沧区大数据管理局"]]
    assert "signature block" in found[0].message


PEOPLE = [
    # legal representative restated with a typo
    ("乙方：某某科技有限公司\n法定代表人：周振华\n\n乙方（盖章）：某某科技有限公司\n法定代表人（签字）：周振宇\n",
     [["周振华", "周振宇"]]),
    # a signatory who may be an agent: only a near miss counts
    ("乙方：某某科技有限公司\n法定代表人：李胜\n\n乙方（盖章）：某某科技有限公司\n法定代表人/委托代理人：李印胜\n",
     [["李胜", "李印胜"]]),
    ("甲方：某某局\n法定代表人：王庆丰\n\n甲方（盖章）：某某局\n法定代表人/委托代理人：江伟\n", []),
    # the same contact job, another person
    ("甲方：某某局\n项目联系人：田伟\n\n第十八条 甲方指定 孙昊 为甲方项目联系人。\n", [["田伟", "孙昊"]]),
    # different jobs in one block
    ("甲方：某某局\n联系人：罗静\n经办人：李玲玲\n", []),
    ("甲方：某某局\n法定代表人：黄立新\n\n甲方（盖章）：某某局\n法定代表人或授权代表（签字）：黄立新\n", []),
]


@pytest.mark.parametrize("text, expected", PEOPLE)
def test_person_names(text, expected):
    assert evidence(run(flags.check_person_names, doc_of(text))) == expected


# A person's slot holding no name: nothing to compare with the name beside it.
PLACEHOLDERS = [
    "乙方：某某科技有限公司\n法定代表人：王建国\n\n乙方（盖章）：某某科技有限公司\n法定代表人：授权代表\n",
    "甲方：某某局\n项目联系人：田伟\n\n甲方（盖章）：某某局\n项目联系人：见附件\n",
    "甲方：某某局\n联系人：刘芳\n\n甲方（盖章）：某某局\n联系人：项目经理\n",
    "乙方：某某科技有限公司\n法定代表人：王建国\n\n乙方（盖章）：某某科技有限公司\n法定代表人：同上\n",
]


@pytest.mark.parametrize("text", PLACEHOLDERS)
def test_placeholders_are_not_people(text):
    assert run(flags.check_person_names, doc_of(text)) == []


def _mention(role: str, field: str, value: str, doc: Document, block_id: int, rule: str = "parties.x.declaration"):
    from extractors.parties import Mention

    start = doc.text.index(value)
    return Mention(role, field, value, start, start + len(value), "declaration", rule, "法定代表人", block_id)


def test_a_placeholder_mention_is_not_compared():
    # whatever found the mentions, a placeholder is no person
    doc = doc_of("法定代表人：王建国\n法定代表人：授权代表\n")
    mentions = [_mention("乙方", "legal_rep", "王建国", doc, 0), _mention("乙方", "legal_rep", "授权代表", doc, 1)]
    assert flags.check_person_names(doc, mentions) == []


def test_names_only_a_model_can_judge_are_asked(monkeypatch):
    from extractors import ner

    monkeypatch.setattr(ner, "ENABLED", None)
    monkeypatch.delenv("HETONG_NER", raising=False)
    doc = doc_of("法定代表人：乌云其木格\n法定代表人（签字）：乌云其木格格\n")
    mentions = [_mention("乙方", "legal_rep", "乌云其木格", doc, 0),
                _mention("乙方", "legal_rep", "乌云其木格格", doc, 1)]
    seen = []
    real = ner.find_entities

    def spy(doc, spans=None, labels=None, merge=True):
        spans = list(spans)
        seen.append(spans)
        return real(doc, spans=spans, labels=labels, merge=merge)

    monkeypatch.setattr(ner, "find_entities", spy)
    assert evidence(flags.check_person_names(doc, mentions)) == [["乌云其木格", "乌云其木格格"]]
    assert len(seen) == 2  # one reading per value, none for names of common shape
    monkeypatch.setattr(ner, "ENABLED", False)
    assert evidence(flags.check_person_names(doc, mentions)) == [["乌云其木格", "乌云其木格格"]]


DETAILS = [
    # the same address label in two blocks
    ("乙方：某某公司\n地址：新疆克拉玛依市克拉玛依区云计算产业园区 PIC-B1 号\n\n"
     "乙方财务信息:\n乙方: 某某公司\n地址: 新疆克拉玛依市克拉玛依区云计算产业园区 P1C-B1 号\n", [["PIC-B1", "P1C-B1"]]),
    # registered and postal addresses may differ …
    ("乙方：某某公司\n住所地：北京市朝阳区霄云路 1 号\n通讯地址：北京市朝阳区霄云路霄云里 1 号\n", []),
    # … but not by a typo
    ("乙方：某某公司\n住所地：北京市朝阳区王四营乡 1150 室\n通讯地址：北京市朝阳区王四营乡 1160 室\n", [["1150", "1160"]]),
    # one address shortened
    ("乙方：某某公司\n地址：北京市朝阳区霄云路1号\n\n乙方（盖章）：某某公司\n地址：朝阳区霄云路1号\n", []),
    # an account with a transposition
    ("乙方：某某公司\n开户银行：招商银行立水桥支行\n账号：110934171210312\n\n"
     "乙方（盖章）：某某公司\n开户银行：招商银行立水桥支行\n账号：110934171210321\n", [["110934171210312", "110934171210321"]]),
    # a phone and a mobile are two numbers
    ("乙方：某某公司\n电话：0532-55786103\n手机：13857190426\n", []),
    ("乙方：某某公司\n统一社会信用代码：91370212MA3UK6Q18D\n\n乙方（盖章）：某某公司\n税号：91370212MA3UK6Q81D\n",
     [["91370212MA3UK6Q18D", "91370212MA3UK6Q81D"]]),
]


@pytest.mark.parametrize("text, expected", DETAILS)
def test_party_details(text, expected):
    assert evidence(run(flags.check_party_details, doc_of(text))) == expected


# -- money -----------------------------------------------------------------------------------

AMOUNT_WORDS = [
    ("本合同总金额为人民币（大写）伍拾陆万捌仟元整（¥558000.00元），含税。", [["伍拾陆万捌仟元整", "¥558000.00元"]]),
    ("合同总金额为人民币（¥129800 元）（大写金额）壹拾贰万玖仟捌佰元整。", []),
    ("本合同总额为人民币（大写）:壹拾伍万元整，小写：（￥150,000.00元）。", []),
    ("即人民币（大写）:壹拾伍万元整。小写：￥160,000.00元；", [["壹拾伍万元整", "¥160,000.00元"]]),
    ("计¥601000元（人民币大写：陆拾万零壹仟元整）。", []),
    ("合同总金额为人民币（大写）肆拾捌万陆仟叁佰伍拾元伍角（¥486,350.50）。", []),
    ("每季度技术服务费金额为 32450 元（叁万贰仟肆佰伍拾元整)。", []),
    ("费用为60000元（陆万整）", []),
    ("费用为61000元（陆万整）", [["陆万整", "61000元"]]),
    # words without digits beside them, marked 大写: the line's first amount
    ("合同总价¥530,000.00元（含税），其中不含税价¥500,000.00元，税额¥30,000.00元。大写：人民币伍拾肆万元整。",
     [["伍拾肆万元整", "¥530,000.00元"]]),
    # another contract's amount, an installment in words only, a count of copies
    ("（上一年度合同金额为人民币叁拾壹万元整）", []),
    ("每季度末经甲方考核后支付人民币伍万元，共支付四次。", []),
    ("本合同一式陆份，甲乙双方各执叁份。", []),
]


@pytest.mark.parametrize("text, expected", AMOUNT_WORDS)
def test_amount_words(text, expected):
    found = run(flags.check_amount_words, doc_of(text))
    assert evidence(found) == expected
    assert all(f.severity == "error" for f in found)


def test_amount_words_without_digits_restate_the_total():
    doc = doc_of("合同金额大写：人民币叁拾柒万捌仟元整。", total_amount=Decimal("368000"))
    assert evidence(run(flags.check_amount_words, doc)) == [["叁拾柒万捌仟元整", "368000"]]


def _payments(doc: Document, *rows: tuple[str | None, str | None, bool]) -> Document:
    doc.payments = [
        Payment(seq=i, amount=Decimal(a) if a else None, ratio=Decimal(r) if r else None, derived=d)
        for i, (a, r, d) in enumerate(rows, 1)
    ]
    return doc


PAYMENTS = [
    # adds up
    ([("601000", "0.5", False), ("360600", "0.3", False), ("240400", "0.2", False)], "1202000", []),
    # one installment off: a sum mismatch, reported once
    ([("194540.20", "0.4", False), ("194540.20", "0.4", False), ("97720.10", "0.2", False)], "486350.50",
     ["payment_sum_mismatch"]),
    # periodic installments that do not add up
    ([("26000", None, False)] * 12, "300000", ["payment_sum_mismatch"]),
    # shares that do not add up to 100 %
    ([(None, "0.5", False), (None, "0.3", False), (None, "0.3", False)], "328000", ["payment_ratio_mismatch"]),
    ([("164000", "0.5", True), ("98400", "0.3", True), ("98400", "0.3", True)], "328000", ["payment_ratio_mismatch"]),
    # amounts add up but are not their shares
    ([("159000", "0.3", False), ("318000", "0.5", False), ("53000", "0.2", False)], "530000",
     ["payment_ratio_mismatch"]),
    ([("150000", "1", False)], "150000", []),
]


@pytest.mark.parametrize("rows, total, kinds", PAYMENTS)
def test_payments(rows, total, kinds):
    doc = _payments(doc_of("付款"), *rows)
    doc.contract.total_amount = Decimal(total)
    found = run(flags.check_payments, doc)
    assert [f.kind for f in found] == kinds


def test_installment_off_its_share_is_named_in_the_sum_flag():
    text = "第三期\t20%\t¥97,720.10\t服务期满经甲方验收合格后15个工作日内\n"
    doc = doc_of(text, total_amount=Decimal("486350.50"))
    ev = doc.evidence(0, len(text) - 1, "payments.table")
    doc.payments = [
        Payment(seq=1, amount=Decimal("194540.20"), ratio=Decimal("0.4")),
        Payment(seq=2, amount=Decimal("194540.20"), ratio=Decimal("0.4")),
        Payment(seq=3, amount=Decimal("97720.10"), ratio=Decimal("0.2"), evidence=ev),
    ]
    found = run(flags.check_payments, doc)
    assert evidence(found) == [["¥97,720.10"]]
    assert "installment 3" in found[0].message


TAX = [
    ("本合同总金额为 1168000 元，其中不含税金额为人民币 1101886.79 元，税费为 66113.21 元。", "1168000", "0.06", []),
    ("合同总价¥530,000.00元（含税，税率6%），其中不含税价¥500,000.00元，税额¥30,000.00元。", "530000", "0.06", []),
    ("合同总价¥530,000.00元（含税，税率6%），其中不含税价¥500,000.00元，税额¥31,800.00元。", "530000", "0.06",
     [["¥500,000.00元", "¥31,800.00元"]]),
    # the sum holds but the tax is not 6 % of the net
    ("含税总价106万元，其中不含税金额100万元，增值税税额6.6万元。", "1060000", "0.06", [["100万元", "6.6万元"]]),
    ("| 不含税金额（元） | 税额（元） | 含税总价（元） |\n| --- | --- | --- |\n| 400000.00 | 24000.00 | 424000.00 |\n",
     "424000", "0.06", []),
    ("| 不含税金额（元） | 税额（元） |\n| --- | --- |\n| 400000.00 | 42000.00 |\n", "424000", "0.06",
     [["400000.00", "42000.00"]]),
    ("包括人员费用及税费等全部费用。", "424000", "0.06", []),
]


@pytest.mark.parametrize("text, total, rate, expected", TAX)
def test_tax(text, total, rate, expected):
    doc = doc_of(text, total_amount=Decimal(total), tax_rate=Decimal(rate))
    assert evidence(run(flags.check_tax, doc)) == expected


# -- dates -----------------------------------------------------------------------------------

PERIODS = [
    ("第二条 服务期限\n一、服务期为两年，自2024年1月1日起至2024年12月31日止。\n", ["服务期为两年", "2024年1月1日", "2024年12月31日"]),
    ("2022年9月25日至2023年9月24日，服务时间为12个月。\n", []),
    ("服务期限：2024年3月1日至2025年2月28日，共一年。\n", []),
    ("本合同服务期限为12个月，自2024年5月1日起至2025年5月31日止。\n", ["服务期限为12个月", "2024年5月1日", "2025年5月31日"]),
    ("服务期限自2024年3月1日至2025年3月1日，为期一年。\n", []),
    ("服务期限为三年（2024年1月1日至2024年12月31日）。\n", ["服务期限为三年", "2024年1月1日", "2024年12月31日"]),
    ("服务期限为365天，自2024年1月1日起至2024年12月30日止。\n", []),
    # not a stated duration of these dates
    ("网站技术维护期限自合同签订之日起，为期3年，期间每年一签。\n此次2023年7月1日至2024年6月30日网站技术维护费用为60000元。\n", []),
    ("框架期限自2023年1月1日至2024年12月31日，上一年度合同金额为人民币叁拾壹万元整。\n", []),
    ("服务期限自2024年1月1日至2024年12月31日，乙方每季度提交3个月的运维报告。\n", []),
    ("服务期限自2024年1月1日至2024年12月31日，每年12月31日前结算。\n", []),  # a day of the month
    ("本合同维护期 1 年，截止至 2025 年 12 月 31 日。\n", []),  # no start date
    # the end before the start
    ("服务期限：2025年1月1日至2024年12月31日。\n", ["2025年1月1日", "2024年12月31日"]),
]


@pytest.mark.parametrize("text, expected", PERIODS)
def test_period(text, expected):
    found = run(flags.check_period, doc_of(text))
    assert evidence(found) == ([expected] if expected else [])


SIGNING = [
    ("签约日期：    2022 年  月  日\n\n甲方(章)：某某中心\n代表签字：\n签字日期：\n", 2),
    ("签订日期：      年    月    日\n\n甲方（盖章）：某某中心\n负责人或授权代表（签字）：\n日期：      年    月    日\n", 2),
    ("签订日期：____年__月__日\n", 1),
    ("甲方（盖章）：某某局\n\n年 月 日\n", 1),  # a blank date line under a stamp
    # filled somewhere: not missing
    ("签订时间：2023 年 月 日\n\n甲方（盖章）：某某局\n日期：2023年7月3日\n", 0),
    # no slot at all: nothing to say
    ("第一条 总则\n", 0),
]


@pytest.mark.parametrize("text, places", SIGNING)
def test_missing_signing_date(text, places):
    found = run(flags.check_signing_date, doc_of(text, signed_on=None))
    assert [len(f.spans) for f in found] == ([places] if places else [])


def test_signing_date_found_upstream_is_not_missing():
    doc = doc_of("签约日期：    2022 年  月  日\n", signed_on=dt.date(2022, 9, 23))
    assert run(flags.check_signing_date, doc) == []


# -- numbering -------------------------------------------------------------------------------

NUMBERING = [
    ("第二章 合同内容\n2.1 名称。\n2.2 服务:\n2.2.1 驻场。\n2.2.2 升级。\n2.4 其他。\n", [["2.2", "2.4"]]),
    ("第四条 价款\n第五条 支付\n第七条 违约\n", [["第五条", "第七条"]]),
    ("第一条 总则\n第二条 内容\n第二条 期限\n", [["第二条"]]),  # repeated
    ("一、服务\n二、价款\n四、违约\n", [["二、", "四、"]]),
    ("(一) 基础\n(二) 提升\n(四) 监测\n", [["(二)", "(四)"]]),
    # a list restarting after a sub-heading is no gap
    ("第九条 保密\n甲方：\n1. 保密内容\n2. 涉密人员\n3. 保密期限\n4. 泄密责任\n乙方：\n1. 保密内容\n2. 涉密人员\n3. 保密期限\n4. 泄密责任\n", []),
    ("第一条 总则\n1. 甲\n2. 乙\n第二条 内容\n1. 丙\n2. 丁\n", []),
    # table rows (序号), continued over two tables
    ("| 序号 | 内容 |\n|----|----|\n| 1 | a |\n| 2 | b |\n\n说明\n\n|  |  |\n|--|--|\n| 3 | c |\n| 5 | d |\n", [["3", "5"]]),
    ("| 序号 | 内容 |\n|----|----|\n| 1 | a |\n| 2 | b |\n| 3 | c |\n", []),
]


@pytest.mark.parametrize("text, expected", NUMBERING)
def test_numbering(text, expected):
    found = run(flags.check_numbering, doc_of(text))
    assert evidence(found) == expected
    assert all(f.severity == "info" for f in found)
