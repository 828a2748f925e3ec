"""The flag checks (hetong.extractors.flags), one phenomenon per case.

Documents are normalised and segmented by the pipeline's own stages; the
fields an upstream extractor would fill (total, tax rate, signing date,
installments) are set by hand, so each check is tested on its own.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest

from hetong.extractors import flags
from hetong.extractors.parties import find_mentions
from hetong.models import Document, Evidence, Flag, Payment
from hetong.pipeline.text import normalise, segment
from hetong.pipeline.orchestrate import process_bytes


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


def _named(doc: Document, *rows: tuple[str, str, str, int]):
    """Name mentions (role, value, block, block id) found at their first
    occurrence in the text at or after the previous one."""
    from hetong.extractors.parties import Mention

    out, pos = [], 0
    for role, value, block, block_id in rows:
        start = doc.text.index(value, pos)
        pos = start + len(value)
        out.append(Mention(role, "name", value, start, pos, block, f"parties.name.{block}", role, block_id))
    return out


# One name, written so that it looks like two: nothing to flag.
SAME_NAME = [
    # a field label glued to the name where a line break was lost (帐号 → 帐 + 号)
    ("买方:昆明滇丰商贸有限公司\n\n买方(章):昆明滇丰商贸有限公司帐    号:8111 9010 1210\n",
     [("甲方", "昆明滇丰商贸有限公司", "declaration", 0), ("甲方", "昆明滇丰商贸有限公司帐", "signature", 1)]),
    ("甲方:滇云物业管理有限公司\n\n甲方(盖章):滇云物业管理有限公司地 址:昆明市\n",
     [("甲方", "滇云物业管理有限公司", "declaration", 0), ("甲方", "滇云物业管理有限公司地", "signature", 1)]),
    # a placeholder left to be filled in
    ("卖方:XXXXXXX有限责任公司\n\n卖方(章): XXXXXXX有限责任公司帐    号:1305\n",
     [("乙方", "XXXXXXX有限责任公司", "declaration", 0), ("乙方", "XXXXXXX有限责任公司帐", "signature", 1)]),
    ("乙方:××科技有限公司\n\n乙方(盖章):××信息有限公司\n",
     [("乙方", "××科技有限公司", "declaration", 0), ("乙方", "××信息有限公司", "signature", 1)]),
    # a name cut where a column broke (…股份有限公 | 司装备技术服务分公司)
    ("甲方:四川蜀桥建设集团股份有限公司装备服务分公司\n\n甲方(盖章):四川蜀桥建设集团股份有限公\n",
     [("甲方", "四川蜀桥建设集团股份有限公司装备服务分公司", "declaration", 0),
      ("甲方", "四川蜀桥建设集团股份有限公", "signature", 1)]),
    # a value that holds two parties
    ("甲方:蜀桥建设有限公司\n乙方:蓝海汽车工业有限公司\n\n蜀桥建设有限公司(以下简称甲方)与蓝海汽车工业有限公司\n",
     [("乙方", "蓝海汽车工业有限公司", "declaration", 0),
      ("乙方", "蜀桥建设有限公司(以下简称甲方)与蓝海汽车工业有限公司", "text", None)]),
]


@pytest.mark.parametrize("text, rows", SAME_NAME)
def test_one_name_written_two_ways_is_no_mismatch(text, rows):
    doc = doc_of(text)
    assert flags.check_party_names(doc, _named(doc, *rows)) == []


# Names that do differ, however written.
OTHER_NAME = [
    ("甲方:滇云物业管理有限公司\n\n甲方(盖章):滇云物业服务有限公司帐    号:8111\n",
     [("甲方", "滇云物业管理有限公司", "declaration", 0), ("甲方", "滇云物业服务有限公司帐", "signature", 1)],
     [["滇云物业管理有限公司", "滇云物业服务有限公司"]]),
    # a branch is another company (the cut is not mid-suffix)
    ("甲方:四川蜀桥建设集团股份有限公司装备服务分公司\n\n甲方(盖章):四川蜀桥建设集团股份有限公司\n",
     [("甲方", "四川蜀桥建设集团股份有限公司装备服务分公司", "declaration", 0),
      ("甲方", "四川蜀桥建设集团股份有限公司", "signature", 1)],
     [["四川蜀桥建设集团股份有限公司装备服务分公司", "四川蜀桥建设集团股份有限公司"]]),
]


@pytest.mark.parametrize("text, rows, expected", OTHER_NAME)
def test_names_that_differ_are_flagged(text, rows, expected):
    doc = doc_of(text)
    assert evidence(flags.check_party_names(doc, _named(doc, *rows))) == expected


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
    from hetong.extractors.parties import Mention

    start = doc.text.index(value)
    return Mention(role, field, value, start, start + len(value), "declaration", rule, "法定代表人", block_id)


def test_a_placeholder_mention_is_not_compared():
    # whatever found the mentions, a placeholder is no person
    doc = doc_of("法定代表人：王建国\n法定代表人：授权代表\n")
    mentions = [_mention("乙方", "legal_rep", "王建国", doc, 0), _mention("乙方", "legal_rep", "授权代表", doc, 1)]
    assert flags.check_person_names(doc, mentions) == []


def test_names_only_a_model_can_judge_are_asked(monkeypatch):
    from hetong.extractors.ner import model as ner

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


def _detail(doc: Document, role: str, field: str, value: str, label: str, block_id: int, primary: bool, after: int = 0):
    from hetong.extractors.parties import Mention

    start = doc.text.index(value, after)
    return Mention(role, field, value, start, start + len(value), "declaration", f"parties.{field}.declaration",
                   label, block_id, role, primary)


NOTICE = "甲方:滇云物业管理有限公司\n联系电话:{a}\n\n第十条 送达\n甲方送达地址:昆明市五华区人民中路1号\n联系电话:{b}\n"

# A party's phone in its declaration and where it says notices go (送达).
PHONES = [
    ("0871-65123456", "0871-65873210", True),  # another number of the same kind
    ("13888123456", "13988765432", True),
    ("13888123456", "1388812345", True),  # a digit dropped
    ("0871-65123456", "13888123456", False),  # an office line and a mobile: two numbers
    ("0871-65123456", "010-65123456", False),  # two cities' lines
]


@pytest.mark.parametrize("a, b, flagged", PHONES)
def test_phone_in_notice_block(a, b, flagged):
    doc = doc_of(NOTICE.format(a=a, b=b))
    after = doc.text.index("送达")
    mentions = [
        _detail(doc, "甲方", "phone", a, "联系电话", 0, True),
        _detail(doc, "甲方", "address", "昆明市五华区人民中路1号", "送达地址", 1, False, after),
        _detail(doc, "甲方", "phone", b, "联系电话", 1, False, after),
    ]
    found = flags.check_party_details(doc, mentions)
    assert evidence(found) == ([[a, b]] if flagged else [])
    assert all("notice details" in f.message for f in found)


def test_phones_of_two_people_are_not_compared():
    doc = doc_of(NOTICE.format(a="13888123456", b="13988765432") + "联系人:王芳\n")
    after = doc.text.index("送达")
    mentions = [
        _detail(doc, "甲方", "phone", "13888123456", "联系电话", 0, True),
        _detail(doc, "甲方", "address", "昆明市五华区人民中路1号", "送达地址", 1, False, after),
        _detail(doc, "甲方", "phone", "13988765432", "联系电话", 1, False, after),
        _detail(doc, "甲方", "contact", "王芳", "联系人", 1, False, after),
    ]
    assert flags.check_party_details(doc, mentions) == []


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


# A total row in words under an item table: it restates the amount column.
TABLE_WORDS = [
    ("序号\t名称\t数量\t含税单价(元)\t含税金额(元)\t备注\n1\t保温被\t2000\t9.5\t19000\t\n"
     "合计\t\t\t\t000\t\n合计(人民币大写)\t贰仟壹佰元整\t\n", [["贰仟壹佰元整", "19000"]]),
    ("序号\t名称\t数量\t单价(元)\t金额(元)\n1\t保温被\t2000\t9.5\t19000\n"
     "合计(人民币大写)\t壹万玖仟元整\n", []),
    ("序号\t名称\t数量\t单价(元)\t金额(元)\n1\t服务器\t2\t10000\t20000\n2\t交换机\t1\t5000\t5000\n"
     "合计\t\t\t\t25000\n合计(大写)\t贰万陆仟元整\n", [["贰万陆仟元整", "25000"]]),
    # several items and no digits total: nothing to point at
    ("序号\t名称\t数量\t单价(元)\t金额(元)\n1\t服务器\t2\t10000\t20000\n2\t交换机\t1\t5000\t5000\n"
     "合计(大写)\t贰万陆仟元整\n", []),
]


@pytest.mark.parametrize("text, expected", TABLE_WORDS)
def test_total_row_in_words(text, expected):
    assert evidence(run(flags.check_amount_words, doc_of(text))) == expected


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


def _paid(doc: Document, *rows: tuple[str, str | None, str | None, bool]) -> Document:
    """Installments (evidence text, amount, ratio, derived) found in the text."""
    doc.payments = []
    for seq, (said, amount, ratio, derived) in enumerate(rows, 1):
        said = unicodedata.normalize("NFKC", said)  # as the normalised text has it
        start = doc.text.index(said)
        doc.payments.append(Payment(seq=seq, amount=Decimal(amount) if amount else None,
                                    ratio=Decimal(ratio) if ratio else None, derived=derived,
                                    evidence=doc.evidence(start, start + len(said), "payments.prose")))
    return doc


# Lists that leave a payment out, deposits, totals per year: no mismatch.
PAYMENTS_IN_CONTEXT = [
    # the balance is written without an amount
    ("四、付款方式\n合同签订生效后，甲方向乙方支付合同总额的50%作为首付款，即人民币玖拾壹万玖仟元整（¥919,000元）；\n"
     "开发内容全部交付并验收后30天内，按审定价一次性付清余款（扣除罚款）。\n",
     "1838000", [("甲方向乙方支付合同总额的50%作为首付款，即人民币玖拾壹万玖仟元整（¥919,000元）", "919000", "0.5", False)]),
    ("1.2 付款方式\n1.2.1 30%预付款:从已支付的预付款中扣除。\n1.2.2 70%尾款:提车前以电汇方式支付。\n",
     "2000000", [("30%预付款:从已支付的预付款中扣除", "600000", "0.3", True)]),
    # a sibling item pays an amount the list does not hold
    ("五、付款结算方式\n1.在本合同签订后7个工作日内,甲方向乙方支付预付款:计人民币(¥:50000 元)。\n"
     "2.交付后15个工作日内,甲方向乙方支付进度款:计人民币(¥:30000 元)。\n"
     "3.验收后7个工作日内,向乙方支付余款:计人民币(¥:20000 元)。\n",
     "100000", [("甲方向乙方支付进度款:计人民币(¥:30000 元)", "30000", None, False),
                ("向乙方支付余款:计人民币(¥:20000 元)", "20000", None, False)]),
    # one payment, no share, not said to be the whole price
    ("鉴于甲方已向乙方采购500台并已支付12000万元预付款。\n",
     "274728000.80", [("并已支付12000万元预付款", "120000000", None, False)]),
    ("7.2.1 标的债权为个贷不良资产包,债权本金60,562,705.30元。\n",
     "3941360", [("债权本金60,562,705.30元", "60562705.30", None, False)]),
    # a quality deposit the seller lodges and gets back
    ("2. 签订后10日内向乙方支付合同金额的80%作为预付款,即¥1228000元。\n"
     "3. 验收合格后10日内支付合同金额的20%,即¥307000.00元。支付剩余款项前,乙方应向甲方提供担保金额为合同金额5%的质量保证金,"
     "待质量保证期满后30日内,甲方将无息退还给乙方。\n",
     "1535000", [("签订后10日内向乙方支付合同金额的80%作为预付款,即¥1228000元", "1228000", "0.8", False),
                 ("验收合格后10日内支付合同金额的20%,即¥307000.00元", "307000", "0.2", False),
                 ("乙方应向甲方提供担保金额为合同金额5%的质量保证金", "76750", "0.05", True)]),
    # the total is a year's: three years' installments make three of it
    ("第三条 租金\n1、总费用为 1,200,000.00 元/年。第一年租金合同签订后7个工作日内支付,第二年、第三年租金于每年同日支付。\n",
     "1200000", [("第一年租金合同签订后7个工作日内支付", "1200000", None, False),
                 ("第二年、第三年租金于每年同日支付", "1200000", None, False),
                 ("第三年租金于每年同日支付", "1200000", None, False)]),
]


@pytest.mark.parametrize("text, total, rows", PAYMENTS_IN_CONTEXT)
def test_no_payment_mismatch_in_context(text, total, rows):
    doc = _paid(doc_of(text, total_amount=Decimal(total)), *rows)
    assert run(flags.check_payments, doc) == []


# Whole lists that do not add up are still flagged.
PAYMENTS_WHOLE = [
    ("五、付款方式\n1.签订后支付预付款:计人民币50000元。\n2.交付后支付进度款:计人民币30000元。\n3.验收后支付尾款:计人民币10000元。\n",
     "100000", [("签订后支付预付款:计人民币50000元", "50000", None, False),
                ("交付后支付进度款:计人民币30000元", "30000", None, False),
                ("验收后支付尾款:计人民币10000元", "10000", None, False)], ["payment_sum_mismatch"]),
    # a retention (质保金) that is part of the price stays an installment
    ("四、付款\n验收后支付合同金额的90%。\n余款5%作为质保金,质保期满后支付。\n",
     "100000", [("验收后支付合同金额的90%", None, "0.9", False),
                ("余款5%作为质保金,质保期满后支付", None, "0.05", False)], ["payment_ratio_mismatch"]),
    # a retention kept back from the price is no lodged deposit: its share counts
    ("5.2.1 第一期:签订后支付合同总价的35%。\n5.2.2 第二期:服务满6个月支付合同总价的35%。\n"
     "5.2.3 第三期:终验后支付合同总价的30%。\n5.2.4 质保金:质保金为合同总价的5%,服务期满后一次性无息退还。\n",
     "1960000", [("签订后支付合同总价的35%", None, "0.35", False), ("服务满6个月支付合同总价的35%", None, "0.35", False),
                 ("终验后支付合同总价的30%", None, "0.3", False),
                 ("质保金为合同总价的5%,服务期满后一次性无息退还", None, "0.05", False)], ["payment_ratio_mismatch"]),
    ("本合同总价为人民币1000000元。\n一次性支付合同总价款人民币900000元。\n",
     "1000000", [("一次性支付合同总价款人民币900000元", "900000", None, False)], ["payment_sum_mismatch"]),
]


@pytest.mark.parametrize("text, total, rows, kinds", PAYMENTS_WHOLE)
def test_whole_lists_that_do_not_add_up(text, total, rows, kinds):
    doc = _paid(doc_of(text, total_amount=Decimal(total)), *rows)
    assert [f.kind for f in run(flags.check_payments, doc)] == kinds


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


# A term of the service stated in words in a sentence of its own.
TERMS = [
    ("一、服务内容\n乙方为甲方提供 一年 物业管理服务。\n二、服务期限\n服务期限:2024年7月1日至2026年6月30日。\n",
     ["提供 一年", "2024年7月1日", "2026年6月30日"]),
    ("服务期为壹年。\n服务期限:自2024年7月1日起至2025年9月30日止。\n", ["服务期为壹年", "2024年7月1日", "2025年9月30日"]),
    ("乙方为甲方提供为期一年的保洁服务。\n服务期限:2024年7月1日至2025年6月30日。\n", []),
    # a warranty or free support is another term
    ("乙方提供一年的免费维护服务。\n服务期限:2024年7月1日至2026年6月30日。\n", []),
    ("质保期内乙方提供两年的上门服务。\n服务期限:2024年7月1日至2025年6月30日。\n", []),
    ("乙方为甲方提供三年的运维服务,合同一年一签。\n本期服务期限:2024年7月1日至2025年6月30日。\n", []),
    # dates not tied to the service
    ("乙方为甲方提供一年物业服务。\n本合同签订于2024年7月1日,2024年7月1日至2026年6月30日为框架期。\n", []),
]


@pytest.mark.parametrize("text, expected", TERMS)
def test_service_term_elsewhere(text, expected):
    found = run(flags.check_period, doc_of(text))
    assert evidence(found) == ([expected] if expected else [])


SIGNING = [
    ("签约日期：    2022 年  月  日\n\n甲方(章)：某某中心\n代表签字：\n签字日期：\n", 2),
    ("签订日期：      年    月    日\n\n甲方（盖章）：某某中心\n负责人或授权代表（签字）：\n日期：      年    月    日\n", 2),
    ("签订日期：____年__月__日\n", 1),
    ("签订日期：2025年11月\n", 1),  # stops at the month
    ("甲方（盖章）：某某局\n\n年 月 日\n", 1),  # a blank date line under a stamp
    # filled somewhere: not missing
    ("签订时间：2023 年 月 日\n\n甲方（盖章）：某某局\n日期：2023年7月3日\n", 0),
    # no slot at all: nothing to say
    ("第一条 总则\n", 0),
    # two parties' blank dates on one line, glued or apart
    ("甲方(盖章):\t乙方(盖章):\n授权代表签字:\t授权代表签字:\n年月日年月日\n", 1),
    ("甲方: (签字盖章)\t乙方:(签字盖章)\n\n\n年      月     日\t年      月     日\n", 1),
    # under bare role lines left for the signature
    ("第九条:本合同一式2份。\n甲方:\n乙方:\n_年 _月 _日\n", 1),
    # after the mark on its line; an era before the year at the end of a line
    ("甲方(签章):                                年月日\n乙方(签章):                                年月日\n", 2),
    ("代表人姓名:王某(签章)联络电话:(02)2506\n地址:台北市中山区松江路131号12楼中华民国 年月日\n", 1),
    # the preamble's 于【…】签署 with the day left out
    ("本合伙协议由以下各方于【2025年7月 日】在【成都市高新区】签署:\n", 1),
    ("本合同由双方于____年__月__日在昆明市签订。\n", 1),
    # a day written, however read (OCR): not blank
    ("甲方:\t乙\n联系方式:\t联系方式\n日期:2年7月4日\n", 0),
    ("本协议由双方于2024年3月1日在成都市签署。\n", 0),
    # the date of an earlier contract the agreement refers to
    ("甲乙双方于    年  月  日签订的《房屋租赁合同》,现补充如下:\n", 0),
    # a cover date under the party names is no signature: the labelled slot is blank
    ("甲方:蓝海软件有限公司\n乙方:蜀桥科技有限公司\n2018 年 12 月 3 日\n\n第一条 总则\n合同签订时间: 年 月 日\n", 1),
    # form blanks in the body are no signing date
    ("第三条 交房日期\n甲方交房日期为      年      月      日,自交房日后    天为免费装修期。\n"
     "租赁期自      年      月     日起至      年      月       日止。\n", 0),
    ("甲方于中华民国 年月 日收受本定型化契约书。\n", 0),
]


@pytest.mark.parametrize("text, places", SIGNING)
def test_missing_signing_date(text, places):
    found = run(flags.check_signing_date, doc_of(text, signed_on=None))
    assert [len(f.spans) for f in found] == ([places] if places else [])


def test_signing_date_found_upstream_is_not_missing():
    doc = doc_of("签约日期：    2022 年  月  日\n", signed_on=dt.date(2022, 9, 23))
    assert run(flags.check_signing_date, doc) == []


# -- numbering -------------------------------------------------------------------------------

def ocr_doc(text: str) -> Document:
    from hetong.models.document import Page

    doc = doc_of(text)
    doc.pages = [Page(number=1, start=0, end=len(doc.raw_text), source="ocr", confidence=0.97)]
    return doc


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


NUMBERING_AS_READ = [
    # a number written twice: the Word list (第二条, 第三条) before the typed one
    ("第一条 主体\n第二条\n第三条 总体安排\n第二条 借款安排\n第三条 转股安排\n第四条 其他\n",
     [["第三条", "第二条"]]),
    ("一、总则\n二、内容\n三、价款\n三、付款\n四、违约\n", [["三、"]]),
    # the skipped heading is there: its line holds a tab, or OCR glued its number to the text
    ("一、房屋\n二、租金\n三、租期\n四、甲方指定收款账户:\t户名\t开户行:某银行\n五、用途\n", []),
    ("1.2 付款方式\n1.2.1 30%预付款:从预付款中扣除。\n1.2.270%尾款:提车前支付。\n1.2.3 每次付尾款时开具发票。\n", []),
    # a list restarting under a heading that lost its line (…。第六条 资格(一)…)
    ("第五条 缴费\n(一)缴费项目。\n(二)收据。第六条 参训资格(一)甲方检附资料。\n(二)甲方在保。\n(三)结训。\n", []),
    # a Word auto-number in front of the typed one that goes on
    ("第四条 特殊权利\n1. 权利约定\n2. 反稀释\n4. 3. 优先分红权\n5. 4. 优先清算权\n", []),
    # a list going back further: one starting over whose 1 was lost
    ("一、甲方\n二、乙方\n三、价款\n四、期限\n二、违约\n三、争议\n", []),
    # a chapter cited at the head of a line, not a heading
    ("第一章 合同说明\n第二章 合同内容\n该通知送达《服务合同》\n第一章”合同说明”1.1中地址即视为送达。\n第三章 价款\n", []),
    # option lists: lettered choices are no numbering
    ("第二条 甲方声明为下列状态的第 A,C 种(可复选):\nA、所有权。\nB、转租权。\nC、无瑕疵。\n第三条 交房\n", []),
]


@pytest.mark.parametrize("text, expected", NUMBERING_AS_READ)
def test_numbering_as_a_reader_sees_it(text, expected):
    assert evidence(run(flags.check_numbering, doc_of(text))) == expected


# OCR drops lines and misreads numbers: only a repeat the next heading confirms.
NUMBERING_OCR = [
    ("一、房屋\n三、租期\n四、用途\n", []),  # 二、 lost by OCR
    ("第一条 总则\n第二条 内容\n第二条 期限\n第三条 价款\n", [["第二条"]]),
    ("第一条 总则\n第二条 内容\n第二条 期限\n第四条 价款\n", []),  # 第三条 misread
    ("| 序号 | 内容 |\n|----|----|\n| 1 | a |\n| 2 | b |\n| 4 | d |\n", []),  # a row lost
]


@pytest.mark.parametrize("text, expected", NUMBERING_OCR)
def test_numbering_on_ocr_pages(text, expected):
    assert evidence(run(flags.check_numbering, ocr_doc(text))) == expected


@pytest.mark.parametrize("text, expected", NUMBERING)
def test_numbering(text, expected):
    found = run(flags.check_numbering, doc_of(text))
    assert evidence(found) == expected
    assert all(f.severity == "info" for f in found)
