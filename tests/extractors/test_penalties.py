"""Penalty rates over real fragments, through the real normaliser and
segmenter. One row per form met in a contract, grouped by phenomenon."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pytest

from extractors.penalties import extract
from models import Document, Party
from pipeline import normalise, segment


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
