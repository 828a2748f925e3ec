"""Installments over real fragments, through the real normaliser and
segmenter. One row per form met in a contract, grouped by phenomenon. The
contract total comes from another extractor: each case sets it."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

import pytest

from hetong.extractors.payments import extract
from hetong.models import Document, Payment
from hetong.pipeline.text import normalise, segment


def doc_of(fragment: str, total: str | None = None) -> Document:
    doc = Document(source="t.txt", sha256="x", media_type="text/plain", raw_text=fragment)
    doc = segment.run(normalise.run(doc))
    doc.contract.total_amount = Decimal(total) if total else None
    return doc


def payments(fragment: str, total: str | None = None) -> list[Payment]:
    return extract(doc_of(fragment, total))


def amounts(fragment: str, total: str | None = None) -> list[tuple[Decimal | None, Decimal | None]]:
    return [(p.amount, p.ratio) for p in payments(fragment, total)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


D = Decimal

STAGED_004 = """2. 运营服务经费由甲方分三次支付乙方。具体支付方式和时间如下:

第一次付款：合同签订后30日内甲方向乙方支付第一笔款，即合同总额的50%，计¥601000元（人民币大写：陆拾万零壹仟元整）。

第二次付款：运营服务满6个月后，甲方向乙方支付第二笔款，即合同总额的30%，计¥360600元（人民币大写：叁拾陆万零陆佰元整）。

第三次付款：一年服务期满，且经甲方验收合格后30日内甲方向乙方支付第三笔款，即合同总额的20%，计¥240400元（人民币大写：贰拾肆万零肆佰元整）。
"""

# -- amounts and shares, by phenomenon ----------------------------------------------------

AMOUNT_CASES = [
    pytest.param(STAGED_004, "1202000",
                 [(D("601000"), D("0.5")), (D("360600"), D("0.3")), (D("240400"), D("0.2"))], id="staged-prose"),
    pytest.param("三、付款方式\n\n本合同签订后，甲方对乙方服务质量按季度进行考核，在每季度“考核验收”后 20 日内，支付上一季度技术服务费。"
                 "本合同共分为四个季度执行考核验收及付款，每季度技术服务费金额为 32450 元（叁万贰仟肆佰伍拾元整）。",
                 "129800", [(D("32450"), None)] * 4, id="quarterly-count-written"),
    pytest.param("4.2 付款方式：按月支付，每月支付人民币贰万伍仟元整（¥25,000.00）。", "300000",
                 [(D("25000"), None)] * 12, id="monthly-total-over-amount"),
    pytest.param("3.1 服务期限为12个月，自2025年1月1日起至2025年12月31日止。\n4.2 付款方式：按月支付，每月支付人民币贰万伍仟元整（¥25,000.00）。",
                 None, [(D("25000"), None)] * 12, id="monthly-service-period"),
    pytest.param("(二)合同价款按季度支付，每季度支付合同总价的25%，即106000.00元。", "424000",
                 [(D("106000"), D("0.25"))] * 4, id="quarterly-share"),
    pytest.param("2. 服务费按季度支付：每季度末经甲方考核后支付人民币伍万元。", "200000",
                 [(D("50000"), None)] * 4, id="by-quarter-capital-amount"),
    pytest.param("第五条 付款\n服务费按季度支付。每季度结束且当季考核完成后20个工作日内，采购人支付当季度服务费人民币"
                 "540,000.00元（合同总金额的25%），共支付4期。", "2160000",
                 [(D("540000"), D("0.25"))] * 4, id="period-named-before-the-amount"),
    pytest.param("合同签订后，在甲方报财务部门审核批准同意拨款后 15日内，甲方向乙方支付合同总价的 100%，即人民币（大写）：壹拾伍万元整。小写：¥150,000.00元；",
                 "150000", [(D("150000"), D(1))], id="one-off-100-percent"),
    pytest.param("2. 合同签订后十五个工作日内一次性支付合同总价款的 100%，即人民币壹拾陆万捌仟元整（¥168,000.00）。",
                 "168000", [(D("168000"), D(1))], id="one-off-capital-and-digits"),
    pytest.param("此次网站技术维护费用为60000元（陆万整），在签订合同后由乙方开具对应增值税发票，甲方在收到发票后30个工作日内，通过对公账户支付合同金额60000元（陆万整）。",
                 "60000", [(D("60000"), None)], id="single-stated-after-the-fee"),
    pytest.param("维护服务费为人民币壹佰壹拾陆万捌仟元整（¥1168000 元），该费用在 2025 年 7 月底前支付 1109600 元。"
                 "尾款 58400 元作为保证金，保证金待乙方向甲方递交完整的维护资料（《年度运维报告》等）后 30 个工作日内支付。",
                 "1168000", [(D("1109600"), None), (D("58400"), None)], id="retention-as-own-installment"),
    pytest.param("5.2.3 第三期：服务期满，经丙方审核、甲方终验合格后20个工作日内，甲方支付合同总价的30%，即588000.00元。\n"
                 "5.2.4 质保金：质保金为合同总价的5%，即98000.00元，服务期满无质量问题后一次性无息退还。",
                 "1960000", [(D("588000"), D("0.3")), (D("98000"), D("0.05"))], id="quality-deposit"),
    pytest.param("二、付款方式：合同签订后10个工作日内支付50%，服务满半年后支付30%，服务期满验收合格后支付20%。", "328000",
                 [(D("164000"), D("0.5")), (D("98400"), D("0.3")), (D("65600"), D("0.2"))], id="percentages-only"),
    pytest.param("合同签订后10日内，甲方预付合同款的30%（即人民币3万元）；余款在验收合格后一次性付清。", "100000",
                 [(D("30000"), D("0.3"))], id="balance-without-a-value-is-not-an-installment"),
    pytest.param("首付款为合同总价的30%，计人民币30000元，于合同签订后7日内支付。", "100000",
                 [(D("30000"), D("0.3"))], id="stage-label-then-when"),
    pytest.param("1. 合同签订后15个工作日内，甲方支付合同总价的30%，即300000.00；\n2. 验收合格后支付至合同总额的90%；\n"
                 "3. 余款在质保期满后付清。", "1000000",
                 [(D("300000"), D("0.3")), (D("600000"), D("0.6"))],
                 id="cumulative-share-bare-figure-balance-without-value"),
    pytest.param("第三条 服务期限：服务期限为一年。\n第五条 付款方式：甲方于每季度结束后15日内支付当季度服务费。", "120000",
                 [(D("30000"), None)] * 4, id="even-periods-without-amount"),
    pytest.param("(3)服务期满经终验合格后，采购人支付剩余30%款项，即人民币贰拾陆万肆仟元整（¥264,000.00）；", "880000",
                 [(D("264000"), D("0.3"))], id="remaining-share-with-amount"),
    pytest.param("第二条 付款方式：本合同款项由甲方一次性付清。", "88000", [(D("88000"), None)], id="lump-sum-no-value"),
    pytest.param("5.1 本合同款项按下表分三期支付：\n\n付款阶段\t付款比例\t付款金额\t付款条件\n"
                 "第一期\t40%\t¥194,540.20\t合同签订且乙方人员进场后15个工作日内\n"
                 "第二期\t40%\t¥194,540.20\t服务满6个月经甲方考核合格后15个工作日内\n"
                 "第三期\t20%\t¥97,720.10\t服务期满经甲方验收合格后15个工作日内\n",
                 "486350.50", [(D("194540.20"), D("0.4")), (D("194540.20"), D("0.4")), (D("97720.10"), D("0.2"))],
                 id="tab-table"),
    pytest.param("| 期次 | 付款条件 | 比例 | 金额（元） |\n| --- | --- | --- | --- |\n"
                 "| 第一期 | 合同签订后10个工作日内 | 30% | 167400.00 |\n| 第二期 | 服务满6个月且中期考核合格后10个工作日内 | 40% | 223200.00 |\n"
                 "| 第三期 | 服务期满且终验合格后10个工作日内 | 30% | 167400.00 |\n| 合计 | — | 100% | 558000.00 |\n",
                 "558000", [(D("167400"), D("0.3")), (D("223200"), D("0.4")), (D("167400"), D("0.3"))],
                 id="markdown-table-totals-row-skipped"),
    pytest.param("| 付款期次 | 付款比例 | 付款金额（万元） | 付款条件 |\n| --- | --- | --- | --- |\n"
                 "| 1 | 30% | 30 | 合同签订后 |\n| 2 | 70% | 70 | 验收合格后 |\n",
                 "1000000", [(D("300000"), D("0.3")), (D("700000"), D("0.7"))], id="table-in-ten-thousands"),
    pytest.param("| 付款阶段 | 付款比例 | 付款条件 |\n| --- | --- | --- |\n| 第一期 | 60% | 合同签订后 |\n| 第二期 | 40% | 验收合格后 |\n",
                 "500000", [(D("300000"), D("0.6")), (D("200000"), D("0.4"))], id="table-shares-only"),
]


@pytest.mark.parametrize(("fragment", "total", "expected"), AMOUNT_CASES)
def test_amounts(fragment, total, expected):
    assert amounts(fragment, total) == expected


# -- an amount written in words and in digits that disagree: the digits ------------------------

WORDS_AND_DIGITS = [
    pytest.param("1. 第一期：合同签订且乙方运维人员进场后15个工作日内，甲方支付合同总额的60%，即人民币肆拾肆万贰仟捌佰元整（¥442,800.00）；\n"
                 "2. 第二期：服务期满经甲方考核验收合格后15个工作日内，甲方支付合同总额的40%，即人民币贰拾玖万叁仟贰佰元整（¥295,200.00）。",
                 "738000", [(D("442800"), D("0.6")), (D("295200"), D("0.4"))], id="digits-in-brackets-after-words"),
    pytest.param("合同签订后15日内，甲方向乙方支付合同总价的100%，即人民币（大写）：壹拾肆万元整。小写：¥150,000.00元；",
                 "150000", [(D("150000"), D(1))], id="digits-after-xiaoxie-in-next-sentence"),
    pytest.param("4.2 付款方式：按月支付，每月支付人民币贰万陆仟元整（小写：25000.00元）。", "300000",
                 [(D("25000"), None)] * 12, id="digits-after-xiaoxie-in-brackets"),
    pytest.param("验收合格后10个工作日内，甲方支付¥120,000.00元（大写：壹拾贰万伍仟元整）。", "120000",
                 [(D("120000"), None)], id="digits-first-stay"),
    pytest.param("验收合格后10个工作日内，甲方支付人民币壹拾贰万元整；¥30,000.00元作为质保金于质保期满后支付。", "150000",
                 [(D("120000"), None), (D("30000"), None)], id="words-then-another-amount-not-a-restatement"),
    pytest.param("验收合格后10个工作日内，甲方支付人民币壹拾贰万元整（含税6%）。", "120000",
                 [(D("120000"), None)], id="words-then-a-rate-in-brackets"),
]


@pytest.mark.parametrize(("fragment", "total", "expected"), WORDS_AND_DIGITS)
def test_digits_win_over_words(fragment, total, expected):
    assert amounts(fragment, total) == expected


def test_service_period_from_the_contract_dates():
    doc = doc_of("4.2 付款方式：按月支付，每月支付人民币贰万伍仟元整（¥25,000.00）。")
    doc.contract.service_start, doc.contract.service_end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    assert len(extract(doc)) == 12


# -- derived amounts ---------------------------------------------------------------------------

DERIVED_CASES = [
    pytest.param("二、付款方式：合同签订后10个工作日内支付50%。", "328000", [True], id="share-times-total"),
    pytest.param(STAGED_004, "1202000", [False, False, False], id="written-amounts"),
    pytest.param("第二条 付款方式：本合同款项由甲方一次性付清。", "88000", [True], id="lump-sum"),
]


@pytest.mark.parametrize(("fragment", "total", "expected"), DERIVED_CASES)
def test_derived(fragment, total, expected):
    assert [p.derived for p in payments(fragment, total)] == expected


def test_share_without_a_total_keeps_the_share():
    assert amounts("二、付款方式：合同签订后10个工作日内支付50%。") == [(None, D("0.5"))]


# -- triggers and due rules ---------------------------------------------------------------------

DUE_CASES = [
    pytest.param(STAGED_004, "1202000", [
        ("合同签订后30日内", 30, "calendar", "signing"),
        ("运营服务满6个月后", None, None, None),
        ("一年服务期满,且经甲方验收合格后30日内", 30, "calendar", "acceptance"),
    ], id="staged"),
    pytest.param("甲方在收到发票后30个工作日内，通过对公账户支付合同金额60000元（陆万整）。", "60000",
                 [("收到发票后30个工作日内", 30, "working", "invoice")], id="invoice-working-days"),
    pytest.param("三、付款方式\n\n在每季度“考核验收”后 20 日内，支付上一季度技术服务费。"
                 "本合同共分为四个季度执行考核验收及付款，每季度技术服务费金额为 32450 元。",
                 "129800", [("每季度“考核验收”后 20 日内", 20, "calendar", "acceptance")] * 4,
                 id="periodic-condition-sentence"),
    pytest.param("2. 合同签订后十五个工作日内一次性支付合同总价款的 100%，即人民币壹拾陆万捌仟元整（¥168,000.00）。",
                 "168000", [("合同签订后十五个工作日内", 15, "working", "signing")], id="chinese-days"),
    pytest.param("维护服务费为人民币壹佰壹拾陆万捌仟元整（¥1168000 元），该费用在 2025 年 7 月底前支付 1109600 元。"
                 "尾款 58400 元作为保证金，保证金待乙方向甲方递交完整的维护资料后 30 个工作日内支付。", "1168000",
                 [("2025 年 7 月底前", None, None, None),
                  ("乙方向甲方递交完整的维护资料后 30 个工作日内", 30, "working", "delivery")],
                 id="retention-condition-in-next-phrase"),
    pytest.param("2. 付款方式：本合同款项分四次支付，每次支付合同总价的25%，即人民币玖万元整，于每季度第一个月的15日前支付。",
                 "360000", [("每季度第一个月的15日前", None, None, None)] * 4, id="periodic-when-after-amount"),
]


@pytest.mark.parametrize(("fragment", "total", "expected"), DUE_CASES)
def test_triggers_and_due_rules(fragment, total, expected):
    got = [(p.trigger, p.due_days, p.due_day_kind, p.due_basis) for p in payments(fragment, total)]
    assert got == expected


def test_seq_follows_the_text():
    assert [p.seq for p in payments(STAGED_004, "1202000")] == [1, 2, 3]


# -- not installments ------------------------------------------------------------------------------

NOT_INSTALLMENTS = [
    pytest.param("4.1 本合同总价为人民币叁拾万元整（¥300,000.00），包括人工费、差旅费等全部费用。合同履行期间，合同总价不作调整。",
                 id="total-stated"),
    pytest.param("本合同总额为人民币（大写）：壹拾伍万元整，小写：（¥150,000.00元）。", id="total-capital-and-digits"),
    pytest.param("乙方应在合同签订后5日内向甲方缴纳履约保证金人民币2万元。", id="provider-deposit"),
    pytest.param("9.2 甲方无正当理由逾期付款的，每日按逾期付款金额的万分之五向乙方支付违约金。", id="damages"),
    pytest.param("乙方违约的，应向甲方支付违约金人民币5000元。", id="damages-amount"),
    pytest.param("4.2 单项备件价格超过人民币伍仟元的，更换前须经甲方书面确认。", id="spare-part-threshold"),
    pytest.param("序号\t项目类别\t内容\t数量\t单位\t单价(元)\t价格(元)\n1\t全程网办监测\t网办监测\t1\t项\t69,000\t265,800\n"
                 "合计:壹佰贰拾万零贰仟元整\t\t\t\t\t\t1,202,000\n", id="price-table"),
    pytest.param("| 项目名称 | 服务内容 | 服务期 | 合同金额（万元） |\n| --- | --- | --- | --- |\n| 宾县人民政府网站群运维服务 | 平台运维 | 12个月 | 36.8 |\n",
                 id="price-table-ten-thousands"),
    pytest.param("5.2 乙方每次请款前应向甲方提供等额合法有效的增值税发票，甲方将款项支付至本合同载明的乙方账户。", id="payment-mechanics"),
    pytest.param("运营服务经费由甲方分三次支付乙方。", id="count-without-values"),
    pytest.param("如需新增点位，甲方另行支付费用，每个点位人民币500元。", id="unit-price-each"),
    pytest.param("甲方额外支付加班费200元/人天。", id="unit-price-slash"),
    pytest.param("乙方须提交保证金人民币1万元。", id="provider-deposit-submitted"),
    pytest.param("乙方应退还甲方已支付的费用人民币5000元。", id="provider-refund"),
    pytest.param("3.1 支付方式：银行转账。", id="payment-method"),
]


@pytest.mark.parametrize("fragment", NOT_INSTALLMENTS)
def test_not_installments(fragment):
    assert payments(fragment, "300000") == []


def test_restated_total_among_installments_is_dropped():
    fragment = ("甲方向乙方支付合同总价人民币100000元。\n1、合同签订后支付30000元；\n2、验收合格后支付70000元。")
    assert amounts(fragment, "100000") == [(D("30000"), None), (D("70000"), None)]


# -- provenance ---------------------------------------------------------------------------------------


def test_evidence_points_into_the_raw_text():
    doc = doc_of(STAGED_004, "1202000")
    first = extract(doc)[0]
    ev = first.evidence
    assert ev.rule == "payments.prose"
    assert squash(ev.text).startswith("第一次付款:合同签订后30日内")
    assert squash(doc.raw_text[ev.start : ev.end]) == squash(ev.text)
    assert first.clause == "2."


def test_table_evidence_is_the_row():
    fragment = "付款阶段\t付款比例\t付款金额\t付款条件\n第一期\t40%\t¥194,540.20\t合同签订后15个工作日内\n"
    doc = doc_of(fragment, "486350.50")
    [p] = extract(doc)
    assert p.evidence.rule == "payments.table"
    assert doc.raw_text[p.evidence.start : p.evidence.end] == "第一期\t40%\t¥194,540.20\t合同签订后15个工作日内"


def test_words_slip_is_flagged_once_and_installments_add_up():
    """Through the whole pipeline: the installment takes the digits, so the
    installments add up to the total (no payment_sum_mismatch) and the slip in
    the words is flagged where it is, as amount_words_mismatch."""
    from hetong.pipeline.orchestrate import process_bytes

    text = (
        "视频监控运维服务合同\n\n甲方（采购人）：某市公安局\n乙方（供应商）：某科技有限公司\n\n"
        "第一条 乙方应按照本合同约定提供运维服务，甲方应按约定付款。\n\n"
        "四、合同金额\n本合同年度运维服务费总额为人民币柒拾叁万捌仟元整（¥738,000.00）。\n\n"
        "五、付款方式\n1. 第一期：合同签订后15个工作日内，甲方支付合同总额的60%，即人民币肆拾肆万贰仟捌佰元整（¥442,800.00）；\n"
        "2. 第二期：服务期满经甲方考核验收合格后15个工作日内，甲方支付合同总额的40%，即人民币贰拾玖万叁仟贰佰元整（¥295,200.00）。\n\n"
        "甲方（盖章）：              乙方（盖章）：\n签订日期：2024年3月1日\n"
    )
    doc = process_bytes(text.encode(), "t.txt")
    assert [(p.amount, p.ratio) for p in doc.payments] == [(D("442800"), D("0.6")), (D("295200"), D("0.4"))]
    kinds = [f.kind for f in doc.flags]
    assert "payment_sum_mismatch" not in kinds
    assert kinds.count("amount_words_mismatch") == 1


# -- leases: rent per period over the term -----------------------------------------------------

LEASES = [
    pytest.param("第二条 租赁期限为一年，自2024年3月1日起至2025年2月28日止。\n"
                 "第三条 月租金为人民币2800元，按月支付，乙方于每月5日前向甲方支付当月租金。",
                 [(D("2800"), None)] * 12, id="monthly-rent-paid-monthly-over-the-term"),
    pytest.param("1、租赁期限自本合同经主管部门批准之日起两年。\n"
                 "2、总费用为 960,000.00 元/年，大写：玖拾陆万元整。合同签订后 10 个工作日内支付。",
                 [(D("960000"), None)] * 2, id="fee-per-year-stated-then-paid"),
    pytest.param("租赁期限为三年。\n年租金为人民币15万元，每年支付一次，于每年1月10日前支付。",
                 [(D("150000"), None)] * 3, id="yearly-rent-paid-yearly"),
    pytest.param("租期二年。\n租金标准为 4500 元/月，按月支付。", [(D("4500"), None)] * 24, id="price-per-month-slash"),
    pytest.param("1）租赁期内的租金一年一付，每年提前15天支付下一年的租金，每年支付的租金如下：\n"
                 "第一年租金不含税价人民币：9800元×12个月 = 117,600.00 元 （大写 壹拾壹万柒仟陆佰元整）；\n"
                 "第二年租金不含税价人民币：10300元×12个月 = 123,600.00 元 （大写 壹拾贰万叁仟陆佰元整）。",
                 [(D("117600"), None), (D("123600"), None)], id="escalating-rent-by-year-as-products"),
    pytest.param("第一年租金为人民币8万元，第二年租金为人民币8.4万元，租金每年支付一次。",
                 [(D("80000"), None), (D("84000"), None)], id="rent-of-each-year-named"),
    pytest.param("1. 本房屋租金从2024.9 到2025.1房租为人民币叁仟伍佰圆整(3500 元整)，\n"
                 "从2025.2到2025.4房租为人民币叁仟陆佰圆整(3600元整)，8.28到8.31的房租为人民币肆佰陆拾圆(460元)。"
                 "租金每月支付一次，租金需要每月20日给付甲方。",
                 [(D("3500"), None)] * 5 + [(D("3600"), None)] * 3 + [(D("460"), None)],
                 id="rent-per-range-of-months-and-a-part-month"),
    pytest.param("租期三年，第一年租金为每月1万元，以后每年递增5%，租金按月支付。",
                 [(D("10000"), None)] * 12, id="raised-later-first-year-only"),
]


@pytest.mark.parametrize(("fragment", "expected"), LEASES)
def test_leases(fragment, expected):
    assert amounts(fragment) == expected


NOT_RENT_INSTALLMENTS = [
    pytest.param("租赁期限为一年。\n租金为每月3000元，每季度支付一次。", id="monthly-rent-paid-quarterly"),
    pytest.param("租赁期限为三年。乙方应于签订本合同时向甲方支付押金人民币6000元，租赁期满后无息退还。", id="deposit"),
    pytest.param("乙方在本合同签订后向甲方支付人民币 500000 元履约保证金。", id="performance-deposit-paid-by-lessee"),
    pytest.param("甲方另收取乙方租赁保证金人民币3000元，租赁期满，乙方无违约、欠费，则甲方应全额无息返还该保证金。",
                 id="rent-deposit-collected"),
    pytest.param("14.1.2 装修保证金为 10 万元，验收合格后退还。", id="fit-out-deposit"),
    pytest.param("本房屋押金为人民币肆仟圆整（4000 元整），合同签订时由乙方交付给甲方，到期当日无息退还。", id="deposit-handed-over"),
    pytest.param("房屋租金为人民币 2250 元/月，先付后用。", id="rent-without-payment-terms"),
    pytest.param("前两年租金保持不变，后三年租金均为第一年租金上浮3%，租金每年支付一次。", id="escalation-is-not-a-share"),
    pytest.param("乙方应当妥善保管钥匙，如丢失应当支付10元配钥匙费用。", id="fee-for-a-mishap"),
    pytest.param("租赁期内的物业管理费由乙方自行向物业公司支付，每月800元。", id="fee-paid-to-a-third-party"),
    pytest.param("乙方应在本合同签订后10日内向甲方提供金额为人民币100,000.00元的履约保函。", id="performance-guarantee"),
]


@pytest.mark.parametrize("fragment", NOT_RENT_INSTALLMENTS)
def test_not_rent_installments(fragment):
    assert payments(fragment) == []


# -- purchases: full prepayment, prepayment and balance, offsets -------------------------------------

PURCHASES = [
    pytest.param("二、付款方式：合同签订后五个工作日内，甲方以对公转账方式支付全款。", "45800",
                 [(D("45800"), None)], id="full-payment"),
    pytest.param("七、结算方式：款到发货。", "268.00", [(D("268"), None)], id="cash-before-delivery"),
    pytest.param("1.2.1 30%预付款：从甲方总公司已向乙方支付的预付款中扣除；已支付的预付款不足以抵扣当批次车辆时，"
                 "甲方应在签订提车协议之日支付对应预付款。", None, [(None, D("0.3"))], id="share-offset-against-a-prepayment"),
    pytest.param("2. 甲方于本合同签订后10日内向乙方支付合同金额的80%作为预付款，即人民币：¥800000元。\n"
                 "3. 全部产品经甲方验收合格后10日内，甲方向乙方支付合同金额的20%，即人民币：¥200000.00元。"
                 "支付剩余款项前，乙方应向甲方提供担保金额为合同金额5%的质量保证金，待质量保证期满后无息退还给乙方。",
                 "1000000", [(D("800000"), D("0.8")), (D("200000"), D("0.2"))], id="prepayment-balance-and-posted-guarantee"),
    pytest.param("第五条 缴费方式 甲方缴交每人训练费用总金额为新台币 8,400元。", "8400",
                 [(D("8400"), None)], id="payer-pays-the-total"),
    pytest.param("律师代理费：6000元整。该费用在本合同签订之日一次性支付完毕。", None,
                 [(D("6000"), None)], id="fee-stated-then-paid-once"),
    pytest.param("质保期满无质量问题的，甲方将质保金无息退还乙方，即合同总价的5%。", "200000",
                 [(D("10000"), D("0.05"))], id="retention-returned-is-an-installment"),
    pytest.param("1.在本合同签订后 7 个工作日内，甲方向乙方支付预付款：计人民币（¥：40000 元）。\n"
                 "2.在乙方完成软件开发并交付甲方后 15 个工作日内，甲方向乙方支付进度款：计人民币（¥：25000 元）。\n"
                 "3.软件经甲方验收合格后 7 个工作日内，向乙方支付余款：计人民币（¥：15000 元）。", None,
                 [(D("40000"), None), (D("25000"), None), (D("15000"), None)], id="milestone-amounts-in-order"),
    pytest.param("1.2.1 40%预付款：签订提车协议之日支付。\n1.2.2 60%尾款：双方约定的提车时间之前以电汇方式将尾款支付给乙方。",
                 None, [(None, D("0.4")), (None, D("0.6"))], id="shares-only-without-a-total"),
]


@pytest.mark.parametrize(("fragment", "total", "expected"), PURCHASES)
def test_purchases(fragment, total, expected):
    assert amounts(fragment, total) == expected


NOT_PURCHASE_INSTALLMENTS = [
    pytest.param("八、结算方式：先款后货/先货后款，分批次付款发货。", id="an-option-left-open"),
    pytest.param("如 3 年一次性支付，给予93 折。", id="a-discount-option"),
    pytest.param("鉴于甲方总公司已与乙方签订框架协议并已支付12000万元预付款。", id="paid-before"),
    pytest.param("乙方应将收益的50%支付给甲方，作为借款利息。", id="share-of-proceeds"),
    pytest.param("技术服务费共计人民币12万元，分四期支付。", id="count-of-parts-without-amounts"),
    pytest.param("本项目服务费为人民币40万元（含税）。服务费按季度支付。", id="a-total-paid-per-quarter-is-not-four-totals"),
    pytest.param("开发内容全部交付并验收后30天内，按审定价一次性付清余款。", id="balance-at-an-audited-price"),
    pytest.param("合同解除的，乙方应在10日内向甲方退还已收款项的50%。", id="a-refund"),
]


@pytest.mark.parametrize("fragment", NOT_PURCHASE_INSTALLMENTS)
def test_not_purchase_installments(fragment):
    assert payments(fragment, "300000") == []


def test_rule_ids_say_how_the_installment_was_read():
    rules = [p.evidence.rule for p in payments("律师代理费：6000元整。该费用在本合同签订之日一次性支付完毕。")]
    assert rules == ["payments.stated_then_paid"]
    fragment = "1. 本房屋租金从2024.9到2024.10房租为人民币3500元，租金每月支付一次。"
    assert [p.evidence.rule for p in payments(fragment)] == ["payments.rent_range"] * 2
    assert [p.evidence.rule for p in payments("七、结算方式：款到发货。", "268")] == ["payments.lump_sum"]


def test_stated_fee_is_in_the_evidence():
    doc = doc_of("律师代理费：6000元整。该费用在本合同签订之日一次性支付完毕。")
    [p] = extract(doc)
    assert squash(p.evidence.text).startswith("律师代理费:6000元整")
