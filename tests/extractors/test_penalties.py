"""Penalty rates over real fragments, through the real normaliser and
segmenter. One row per form met in a contract, grouped by phenomenon."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pytest

from hetong.extractors.penalties import extract
from hetong.models import Document, Party
from hetong.pipeline.text import normalise, segment


def doc_of(fragment: str, parties: list[Party] | None = None) -> Document:
    doc = Document(source="t.txt", sha256="x", media_type="text/plain", raw_text=fragment)
    doc = segment.run(normalise.run(doc))
    doc.parties = parties or []
    return doc


def penalties(fragment: str, parties: list[Party] | None = None) -> list[tuple[str | None, Decimal, str, str]]:
    return [(p.payer, p.rate, p.unit, p.base) for p in extract(doc_of(fragment, parties))]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


D = Decimal

# -- per day of delay ------------------------------------------------------------------

PER_DAY = [
    pytest.param("乙方逾期交付的，每逾期一日，按合同总金额的五百分之二向甲方支付违约金。",
                 [("乙方", D("0.004"), "per_day", "contract_total")], id="n-hundredths-whole"),
    pytest.param("2. 甲方应按时履行付款义务，如甲方无正当理由拒不付款，每迟延一日，甲方应向乙方支付迟延支付款项的 0.5% 作为违约金。",
                 [("甲方", D("0.005"), "per_day", "overdue_amount")], id="percent-each-day-of-delay"),
    pytest.param("5.1.1  因乙方原因无法按合同规定日期完成项目实施，乙方每拖延服务一天，甲方要求乙方赔偿合同总额的 3‰。",
                 [("乙方", D("0.003"), "per_day", "contract_total")], id="permille-demanded-from"),
    pytest.param("1. 甲方延迟付款的, 按逾期金额的日万分之五向乙方支付违约金, 且项目运营服务工作及交付成果日期顺延;",
                 [("甲方", D("0.0005"), "per_day", "overdue_amount")], id="daily-per-ten-thousand"),
    pytest.param("2、乙方逾期交付运营服务成果的，按合同总金额的日万分之五向甲方支付违约金。",
                 [("乙方", D("0.0005"), "per_day", "contract_total")], id="daily-per-ten-thousand-of-total"),
    pytest.param("9.1 乙方未能在本合同规定时限内修复故障的，按合同总金额的千分之二/日向甲方支付违约金。",
                 [("乙方", D("0.002"), "per_day", "contract_total")], id="permille-slash-day"),
    pytest.param("9.2 甲方无正当理由逾期付款的，每日按逾期付款金额的万分之五向乙方支付违约金。",
                 [("甲方", D("0.0005"), "per_day", "overdue_amount")], id="each-day-per-ten-thousand"),
    pytest.param("1. 乙方未按本合同约定的时限完成服务内容或整改任务的，按合同总额的百分之零点五每日向甲方支付违约金。",
                 [("乙方", D("0.005"), "per_day", "contract_total")], id="chinese-percent-each-day"),
    pytest.param("14. 过渡期义务，合同终止后至新服务商接替前（最长 60 日），乙方需继续提供运维服务，甲方按原标准支付费用；若乙方拒绝履行，需按日均服务费的 200% 赔偿甲方损失。",
                 [("乙方", D(2), "per_day", "daily_fee")], id="share-of-daily-fee"),
    pytest.param("乙方无正当理由中断服务的，每中断一日，按日均服务费的二倍向甲方支付违约金。",
                 [("乙方", D(2), "per_day", "daily_fee")], id="multiple-of-daily-fee"),
]

# -- one-off and per point ---------------------------------------------------------------

ONCE_AND_POINTS = [
    pytest.param("12.甲方单方解除权，出现以下情形之一，甲方有权单方解除合同，乙方需退还已支付费用并承担合同总额20%的违约金：",
                 [("乙方", D("0.2"), "once", "contract_total")], id="once-after-termination-right"),
    pytest.param("乙方违反以上保密条款的，视为乙方违约，甲方有权终止本合同，乙方承担本合同金额 20% 的违约金；",
                 [("乙方", D("0.2"), "once", "contract_total")], id="once-contract-amount"),
    pytest.param("2. 当乙方考核分低于70分，每降低1分，扣除运维服务费1%。",
                 [("乙方", D("0.01"), "per_point", "service_fee")], id="per-point-deduction"),
    pytest.param("甲方按季度对乙方服务进行考核，满分100分，得分85分及以上为合格；得分低于85分的，每低1分扣减当期应付款的0.5%；",
                 [("乙方", D("0.005"), "per_point", "other")], id="per-point-no-party-in-sentence"),
    pytest.param("(二)乙方未按约定时限响应、到达现场或解决故障的，每发生一次，甲方有权扣减当期应付服务费的2%。",
                 [("乙方", D("0.02"), "once", "service_fee")], id="deduction-by-entitled-party"),
    pytest.param("可用率低于99%的，扣减乙方当月服务费的5%。",
                 [("乙方", D("0.05"), "once", "service_fee")], id="deduction-names-the-party"),
]

# -- who pays ------------------------------------------------------------------------------

PAYERS = [
    pytest.param("采购人逾期支付的，应按照逾期金额每日万分之三向供应商支付违约金。",
                 [("甲方", D("0.0003"), "per_day", "overdue_amount")], id="labels-resolve-to-roles"),
    pytest.param("5.2   甲方违约责任：\n\n 5.2.1  若在合同的约定时限内未按期付款，每拖延一天按合同总额的 3‰支付违约金。",
                 [("甲方", D("0.003"), "per_day", "contract_total")], id="clause-heading"),
    pytest.param("1. 供方无正当理由中断服务的，每中断一日，按日均服务费的200%向需方支付违约金。",
                 [("乙方", D(2), "per_day", "daily_fee")], id="learned-label"),
]

# -- per percentage point past a threshold ---------------------------------------------------

PER_PERCENTAGE_POINT = [
    pytest.param("甲方每月对乙方进行考核。前端摄像机月均在线率低于95%的，每低1个百分点扣减当月服务费的1%；一类点位月均在线率低于98%的，每低1个百分点扣减当月服务费的2%。",
                 [("乙方", D("0.01"), "per_point", "service_fee"), ("乙方", D("0.02"), "per_point", "service_fee")],
                 id="each-point-lower"),
    pytest.param("3. 图像或著录差错率超过1%的，每超出1个百分点，扣除合同总额的2%。",
                 [("乙方", D("0.02"), "per_point", "contract_total")], id="each-point-over-in-phrase-before"),
    pytest.param("系统月度可用率低于99.9%的，每下降一个百分点，甲方有权扣减乙方当月运维服务费的3%。",
                 [("乙方", D("0.03"), "per_point", "service_fee")], id="each-point-in-words"),
    pytest.param("工单超时率每超过1%，扣减当季度服务费的0.5%。",
                 [("乙方", D("0.005"), "per_point", "service_fee")], id="step-in-percent-is-not-a-rate"),
    pytest.param("考核满意率每降低1%扣罚乙方当月服务费的1%，乙方逾期提交报告的，每次扣除当月服务费的0.5%。",
                 [("乙方", D("0.01"), "per_point", "service_fee"), ("乙方", D("0.005"), "once", "service_fee")],
                 id="step-does-not-reach-a-later-phrase"),
    pytest.param("视频在线率每低1个百分点扣除当月服务费的1%；乙方泄露视频资料的，应按合同总额的20%向甲方支付违约金。",
                 [("乙方", D("0.01"), "per_point", "service_fee"), ("乙方", D("0.2"), "once", "contract_total")],
                 id="step-does-not-reach-the-next-clause"),
    pytest.param("乙方应确保故障率每年下降1个百分点，未达到的，甲方有权扣除当年服务费的3%。",
                 [("乙方", D("0.03"), "once", "service_fee")], id="yearly-target-is-not-a-step"),
]

# -- deductions: the party whose fee is cut pays ---------------------------------------------------

DEDUCTIONS = [
    pytest.param("2. 同一季度内响应、到场或修复超时累计达3次及以上的，采购人另行扣减当季度维保费的5%。",
                 [("乙方", D("0.05"), "once", "service_fee")], id="buyer-deducts-label"),
    pytest.param("巡检报告未按时提交的，甲方直接扣除当月服务费的2%。",
                 [("乙方", D("0.02"), "once", "service_fee")], id="buyer-deducts-directly"),
    pytest.param("发生重大安全事故的，甲方按本合同约定扣罚当年运维费的10%。",
                 [("乙方", D("0.1"), "once", "service_fee")], id="buyer-deducts-as-agreed"),
    pytest.param("采购人从供应商当期服务费中扣除5%作为违约金。",
                 [("乙方", D("0.05"), "once", "service_fee")], id="deducted-from-the-suppliers-fee"),
    pytest.param("甲方逾期退还租用设备的，乙方有权从甲方已付押金中扣除设备价值的10%。",
                 [("甲方", D("0.1"), "once", "other")], id="supplier-deducts-from-buyers-deposit"),
    pytest.param("租用期满甲方未归还机柜的，乙方另行扣减已收押金的20%。",
                 [("甲方", D("0.2"), "once", "other")], id="supplier-deducts-so-buyer-pays"),
    # a cut of the supplier's fee: the party that assesses, named earlier in the sentence, does not pay
    pytest.param("１．甲方每学期对乙方进行考核，考核得分低于９０分的，每低１分扣减当年度服务费的０.５％。",
                 [("乙方", D("0.005"), "per_point", "service_fee")], id="assessor-named-earlier-fee-cut"),
    pytest.param("甲方按季度对乙方进行考核，考核结果低于80分的，每低1分扣除当季度运维费用的1%，扣款在当期付款时一并结算。",
                 [("乙方", D("0.01"), "per_point", "service_fee")], id="assessor-named-earlier-period-fee"),
    pytest.param("甲方每月对乙方服务质量进行考核，考核不合格的，甲方扣减当月服务费的5%。",
                 [("乙方", D("0.05"), "once", "service_fee")], id="assessor-then-deductor"),
    pytest.param("甲方每月组织考核，乙方考核不合格的，扣除当月服务费的5%。",
                 [("乙方", D("0.05"), "once", "service_fee")], id="party-in-breach-next-to-the-cut"),
    # …but a party named in the deduction itself, or a deposit the buyer paid, keeps the buyer paying
    pytest.param("甲方提前解除合同的，乙方有权从甲方已支付的服务费中扣除合同总额的10%作为违约金。",
                 [("甲方", D("0.1"), "once", "contract_total")], id="from-the-buyers-paid-fees"),
    pytest.param("甲方逾期支付云资源费用的，乙方有权从甲方预存的服务费中扣除逾期金额的0.5%。",
                 [("甲方", D("0.005"), "once", "overdue_amount")], id="from-the-buyers-prepaid-fees"),
]


def test_fee_cut_is_borne_by_whoever_the_fees_are_paid_to():
    # a contract whose fees are paid to 甲方: a cut of them is 甲方's
    fragment = ("乙方按季度向甲方支付平台服务费。\n"
                "乙方每学期对甲方进行考核，考核得分低于90分的，每低1分扣减当年度服务费的0.5%。")
    assert penalties(fragment) == [("甲方", D("0.005"), "per_point", "service_fee")]

CASES = PER_DAY + ONCE_AND_POINTS + PAYERS + PER_PERCENTAGE_POINT + DEDUCTIONS


@pytest.mark.parametrize(("fragment", "expected"), CASES)
def test_penalties(fragment, expected):
    parties = [Party(role="甲方", label="需方"), Party(role="乙方", label="供方")]
    assert penalties(fragment, parties) == expected


# -- caps ------------------------------------------------------------------------------------

CAPS = [
    pytest.param("9.1 乙方未按本合同约定的时间提供服务的，每逾期一天，按合同总价的0.5‰向甲方支付违约金，违约金累计不超过合同总价的5%。",
                 D("0.0005"), D("0.05"), id="cumulative-cap"),
    pytest.param("甲方逾期付款的，每逾期一日按未付款项的千分之一支付滞纳金，但最高不超过未付款项的5%。",
                 D("0.001"), D("0.05"), id="highest-cap"),
    pytest.param("乙方逾期的，每日按合同总额的万分之五支付违约金，以合同总额的10%为限。",
                 D("0.0005"), D("0.1"), id="as-the-limit"),
]


@pytest.mark.parametrize(("fragment", "rate", "cap"), CAPS)
def test_caps(fragment, rate, cap):
    assert [(p.rate, p.cap) for p in extract(doc_of(fragment))] == [(rate, cap)]


# -- not penalties -------------------------------------------------------------------------------

NOT_PENALTIES = [
    pytest.param("审计费用由乙方承担（若审计发现乙方未履约 $\\geq 5\\%$ ）。", id="audit-threshold"),
    pytest.param("本合同总金额为 1168000 元，其中不含税金额为人民币 1101886.79 元，税费为 66113.21 元，乙方向甲方开具税率为 6%的电子发票。",
                 id="tax-rate"),
    pytest.param("服务满意率达到 95%以上, 可视为项目验收完成。", id="satisfaction"),
    pytest.param("第一次付款：合同签订后30日内甲方向乙方支付第一笔款，即合同总额的50%，计¥601000元。", id="payment-share"),
    pytest.param("5.3 平台月度可用率不低于99.9%，重大活动期间乙方应按甲方要求增派人员。", id="availability"),
    pytest.param("合同总金额为人民币（¥129800 元）（大写金额）壹拾贰万玖仟捌佰元整。（含税 1%）", id="tax-included"),
    pytest.param("可用率低于99%的，甲方有权要求乙方整改。", id="threshold-in-damages-free-sentence"),
    pytest.param("服务期内在线率较上年提高1个百分点以上的，甲方予以书面表扬。", id="percentage-point-not-a-penalty"),
    pytest.param("系统可用率每下降1个百分点，乙方应在3个工作日内提交整改报告。", id="per-point-step-without-a-rate"),
]


@pytest.mark.parametrize("fragment", NOT_PENALTIES)
def test_not_penalties(fragment):
    assert penalties(fragment) == []


def test_installment_share_in_a_damages_sentence_is_not_a_rate():
    fragment = "甲方未按约定支付首付款（合同总价的30%）的，每逾期一日按未付款项的万分之五支付违约金。"
    assert penalties(fragment) == [("甲方", D("0.0005"), "per_day", "overdue_amount")]


def test_trigger_is_the_breach():
    fragment = "2、乙方逾期交付运营服务成果的，按合同总金额的日万分之五向甲方支付违约金。"
    assert [p.trigger for p in extract(doc_of(fragment))] == ["乙方逾期交付运营服务成果"]


# -- provenance ---------------------------------------------------------------------------------


def test_evidence_points_into_the_raw_text():
    fragment = "第十六条 违约责任\n1. 甲方延迟付款的，按逾期金额的日万分之五向乙方支付违约金。"
    doc = doc_of(fragment)
    [penalty] = extract(doc)
    ev = penalty.evidence
    assert ev.rule == "penalties.rate_in_damages_sentence"
    assert squash(ev.text) == "按逾期金额的日万分之五向乙方支付违约金"
    assert squash(doc.raw_text[ev.start : ev.end]) == squash(ev.text)
    assert penalty.clause == "1."


# -- either party: one penalty each --------------------------------------------------------------

EITHER_PARTY = [
    pytest.param("13.1 任何一方均不得擅自解除本合同，责任方应承担本合同对应金额15%的违约金。",
                 [("甲方", D("0.15"), "once", "other"), ("乙方", D("0.15"), "once", "other")], id="any-party-liable-party"),
    pytest.param("一方违约的，违约方应按合同金额的20%向守约方支付违约金。",
                 [("甲方", D("0.2"), "once", "contract_total"), ("乙方", D("0.2"), "once", "contract_total")],
                 id="one-party-in-breach"),
    pytest.param("六、合同生效后，供需双方任何一方单方面解除合同，须向对方支付合同金额30%的违约金。",
                 [("甲方", D("0.3"), "once", "contract_total"), ("乙方", D("0.3"), "once", "contract_total")],
                 id="either-side-pays-the-other"),
    pytest.param("任何一方违约均应承担违约责任，乙方逾期交货的，每日按合同总额的千分之一支付违约金。",
                 [("乙方", D("0.001"), "per_day", "contract_total")], id="a-party-named-after-the-general-rule"),
    pytest.param("甲方违约的，违约方应向乙方支付合同总额10%的违约金。",
                 [("甲方", D("0.1"), "once", "contract_total")], id="breaching-party-named-before"),
]

# -- role labels, the party asked to pay, the party that only asks -----------------------------------

LEASE_AND_SALE = [Party(role="甲方", label="出租方"), Party(role="乙方", label="承租方"),
                  Party(role="甲方", label="买受人"), Party(role="乙方", label="出卖人")]

LABELLED_PAYERS = [
    pytest.param("承租方逾期支付租金的，每逾期一日按欠付租金的万分之五向出租方支付违约金。",
                 [("乙方", D("0.0005"), "per_day", "overdue_amount")], id="lessee-pays-lessor"),
    pytest.param("出租方未按期交付房屋的，应按年租金的10%向承租方支付违约金。",
                 [("甲方", D("0.1"), "once", "other")], id="lessor-pays-lessee"),
    pytest.param("出卖人逾期交货的，每日按逾期交货部分货款的千分之一向买受人支付违约金。",
                 [("乙方", D("0.001"), "per_day", "other")], id="seller-pays-buyer"),
    pytest.param("乙方违法经营的，甲方保留依法向乙方追究赔偿责任的权利，并要求乙方支付相当于年保底租金50%的违约金。",
                 [("乙方", D("0.5"), "once", "other")], id="party-asked-to-pay-not-the-one-pursuing"),
    pytest.param("甲方可按合同总额的5%向乙方收取违约金。", [("乙方", D("0.05"), "once", "contract_total")],
                 id="collected-from-the-payer"),
    pytest.param("乙方逾期交付的，甲方有权解除合同，并按合同总额的10%收取违约金。",
                 [("乙方", D("0.1"), "once", "contract_total")], id="party-entitled-to-act-is-not-the-payer"),
    pytest.param("逾期达三十天的，甲方有权终止本合同，乙方需支付甲方被解除合同总金额25%的违约金。",
                 [("乙方", D("0.25"), "once", "contract_total")], id="pays-the-party-named-after-the-verb"),
    pytest.param("3.2 乙方未经甲方书面同意擅自转让标的股权的，应当立即返还股权。股权无法返还的，或者甲方不要求返还的，"
                 "则立即支付相当于标的股权价值120%的违约金。",
                 [("乙方", D("1.2"), "once", "other")], id="party-that-only-asks-is-not-the-payer"),
    pytest.param("(6)甲方应在结算周期结束后1日内将代收款项支付至乙方账户，甲方逾期支付代收款项的，按以下标准承担违约责任：\n"
                 "a）逾期10日内：按日万分之二（0.02%）计收违约金；\n"
                 "b）逾期超过10日：按日万分之五（0.05%）计收违约金，且乙方有权暂停支付租金。",
                 [("甲方", D("0.0002"), "per_day", "other"), ("甲方", D("0.0005"), "per_day", "other")],
                 id="list-under-an-introducing-sentence"),
    pytest.param("1. 交货方式：乙方应按甲方通知的要求交货。延迟交货需按日支付合同金额0.2%的违约金。",
                 [("乙方", D("0.002"), "per_day", "contract_total")], id="paragraph-opens-with-the-party"),
]


@pytest.mark.parametrize(("fragment", "expected"), EITHER_PARTY + LABELLED_PAYERS)
def test_payers(fragment, expected):
    assert penalties(fragment, LEASE_AND_SALE) == expected


BREACH_NAMES_THE_PAYER = [
    pytest.param("甲方应向乙方支付货款。\n延迟交货的，按日支付合同金额0.2%的违约金。",
                 [("乙方", D("0.002"), "per_day", "contract_total")], id="late-delivery-by-the-party-paid"),
    pytest.param("甲方应向乙方支付货款。\n逾期付款的，按日支付逾期金额0.05%的违约金。",
                 [("甲方", D("0.0005"), "per_day", "overdue_amount")], id="late-payment-by-the-other"),
]


@pytest.mark.parametrize(("fragment", "expected"), BREACH_NAMES_THE_PAYER)
def test_breach_names_the_payer(fragment, expected):
    assert penalties(fragment) == expected


# -- how rates are written ------------------------------------------------------------------------

RATE_FORMS = [
    pytest.param("缺失图片视为违约，乙方需支付合同金额[10]%的罚金。", [("乙方", D("0.1"), "once", "contract_total")],
                 id="figure-in-square-brackets"),
    pytest.param("甲方未按期交付租赁物的，甲方应向乙方支付相当于当年保底租金【100】%的违约金。",
                 [("甲方", D(1), "once", "other")], id="figure-in-lenticular-brackets"),
    pytest.param("乙方应向甲方支付年保底租金的【50%】作为违约金。", [("乙方", D("0.5"), "once", "other")],
                 id="rate-in-lenticular-brackets"),
    pytest.param("3.1 甲方未按本合同约定承担税负的，每日按应付未付款项5‱（万分之五）向乙方支付违约金。",
                 [("甲方", D("0.0005"), "per_day", "overdue_amount")], id="per-ten-thousand-sign-restated"),
    pytest.param("甲方逾期付款的，按日万分之1.5（0.015%）计收违约金。", [("甲方", D("0.00015"), "per_day", "overdue_amount")],
                 id="per-ten-thousand-restated-as-percent"),
    pytest.param("乙方擅自处置标的股权的，应支付相当于标的股权价值130%（百分之一百三十）的违约金。",
                 [("乙方", D("1.3"), "once", "other")], id="percent-restated-in-words"),
    pytest.param("甲方逾期付款的，逾期付款违约金为逾期付款额的每日千分之零点三。",
                 [("甲方", D("0.0003"), "per_day", "overdue_amount")], id="per-thousand-decimal-in-words"),
    pytest.param("乙方逾期交货的，每延期一天，乙方应向甲方支付合同总价款万分之五的违约金，乙方逾期交货超过15天的，"
                 "甲方有权单方解除合同，乙方应退还甲方已经支付的款项，并按合同总价款的20%向甲方支付违约金。",
                 [("乙方", D("0.0005"), "per_day", "contract_total"), ("乙方", D("0.2"), "once", "contract_total")],
                 id="per-day-marker-stays-with-its-rate"),
]


@pytest.mark.parametrize(("fragment", "expected"), RATE_FORMS)
def test_rate_forms(fragment, expected):
    assert penalties(fragment) == expected


# -- multiples of the daily fee per day of delay --------------------------------------------------------

DAILY_FEE = [
    pytest.param("租赁期满乙方未交还房屋的，每延期一日交还的，应按照日租金标准的三倍向甲方支付房屋占用费。",
                 [("乙方", D(3), "per_day", "daily_fee")], id="multiple-of-daily-rent-not-called-damages"),
    pytest.param("乙方未按期迁出注册地址的，则每逾期一天，应按当期的日租金标准向甲方支付违约金。",
                 [("乙方", D(1), "per_day", "daily_fee")], id="one-daily-rent-per-day"),
    pytest.param("乙方逾期搬出的，乙方应按最后一个月的日租金标准的二倍向甲方支付每天的占有使用费，并赔偿甲方损失。",
                 [("乙方", D(2), "per_day", "daily_fee")], id="twice-the-daily-rent-each-day"),
]


@pytest.mark.parametrize(("fragment", "expected"), DAILY_FEE)
def test_daily_fee(fragment, expected):
    assert penalties(fragment) == expected


NOT_LIQUIDATED_DAMAGES = [
    pytest.param("乙方每延期一个月，甲方扣除合同总金额的3%作为违约金，违约金总额不超过合同总额的10%。", id="per-month-and-its-cap"),
    pytest.param("如甲方延期付款，按每延期一个月支付总合同的2%向乙方赔付违约金。", id="per-month-of-late-payment"),
    pytest.param("逾期付款的，甲方应按每月1%支付滞纳金。", id="per-month-glued-to-the-rate"),
    pytest.param("借款人逾期还款的，按一年期贷款市场报价利率（LPR）的4倍计算逾期违约金。", id="multiple-of-an-interest-rate"),
    pytest.param("甲方逾期付款的，按年利率6%支付逾期利息，并赔偿乙方损失。", id="interest-rate"),
    pytest.param("乙方违约的，应赔偿甲方损失，并按其出资比例的20%承担责任。", id="share-of-equity"),
    pytest.param("1.2.1 30%预付款：从甲方总公司已向乙方支付的预付款中扣除。", id="offset-against-a-prepayment"),
    pytest.param("提前退租的，乙方应按日租金标准支付实际使用天数的租金。", id="daily-rent-not-a-delay"),
    pytest.param("乙方逾期搬离的，甲方有权按当时租金的两倍向乙方收取使用费。", id="multiple-of-rent-not-per-day"),
]


@pytest.mark.parametrize("fragment", NOT_LIQUIDATED_DAMAGES)
def test_not_liquidated_damages(fragment):
    assert penalties(fragment) == []


def test_rule_ids_say_how_the_rate_was_read():
    fragment = ("任何一方擅自解除本合同的，责任方应向对方支付合同总额10%的违约金。\n"
                "乙方每延期一日交还房屋的，应按日租金标准的二倍向甲方支付房屋占用费。\n"
                "乙方每逾期一天迁出，应按当期的日租金标准向甲方支付违约金。")
    assert [p.evidence.rule for p in extract(doc_of(fragment))] == [
        "penalties.either_party", "penalties.either_party",
        "penalties.daily_fee_per_day_of_delay", "penalties.whole_daily_fee",
    ]


def test_rates_of_an_appended_annex_contract_count_too():
    fragment = ("七、违约责任\n1. 乙方未在3个工作日内解决的，应按合同总金额的20%向甲方支付违约金。\n\n"
                "附件：委托持股协议\n3. 违约责任\n"
                "3.1. 甲方未按本协议约定承担税负的，每日按应付未付款项万分之五向乙方支付违约金。")
    assert penalties(fragment) == [("乙方", D("0.2"), "once", "contract_total"),
                                   ("甲方", D("0.0005"), "per_day", "overdue_amount")]


def test_a_share_of_a_yearly_fee_is_not_a_rate_of_damages() -> None:
    """十二分之一 of the total is a monthly fee (a basis for deductions), not damages."""
    fragment = "（二）月服务费为合同总价的十二分之一，即人民币321,900.00元，作为本合同考核扣减的计算基数。"
    assert penalties(fragment) == []
