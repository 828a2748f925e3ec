"""SLA time limits over real fragments, through the real normaliser and
segmenter. One row per form met in a contract, grouped by phenomenon."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pytest

from hetong.extractors.sla import _BARE_DURATION, _bare_hours, _limit_hours, extract
from hetong.models import Document
from hetong.pipeline.text import normalise, segment


def doc_of(fragment: str) -> Document:
    doc = Document(source="t.txt", sha256="x", media_type="text/plain", raw_text=fragment)
    return segment.run(normalise.run(doc))


def limits(fragment: str) -> list[tuple[str, Decimal, str | None]]:
    return [(i.kind, i.hours, i.severity) for i in extract(doc_of(fragment))]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


D = Decimal

# -- a duration, then the verb ------------------------------------------------------

PROSE_CASES = [
    pytest.param("技术支持服务：每周对服务器及操作系统进行巡检，发现问题及时处理。故障响应不超过 2 小时，8 小时内及时处理故障，如无法处理完成提前告知用户。",
                 [("response", D(2), None), ("resolve", D(8), None)], id="response-not-over-then-handle"),
    pytest.param("对于在监测过程中发现的问题、预警信息等情况，4小时内向甲方进行反馈，并配合甲方修改。",
                 [("feedback", D(4), None)], id="feedback"),
    pytest.param("5.乙方的服务方式主要为：现场服务、电话服务；在甲方遇到紧急情况时，乙方技术人员须8小时内到达现场。",
                 [("onsite", D(8), None)], id="onsite"),
    pytest.param("5.2 故障响应时间15分钟；需要现场处理的，乙方技术人员应在2小时内到达现场，4小时内排除故障，恢复平台正常运行。",
                 [("response", D("0.25"), None), ("onsite", D(2), None), ("resolve", D(4), None)],
                 id="minutes-onsite-remove-fault"),
    pytest.param("乙方接到报修后，应在半小时内响应，两小时内到达现场，一个工作日内解决问题。",
                 [("response", D("0.5"), None), ("onsite", D(2), None), ("resolve", D(8), None)],
                 id="chinese-numerals-and-working-day"),
    pytest.param("3. 发现高危漏洞的，乙方应在 ≤48 小时内完成修复或采取有效的临时防护措施。",
                 [("resolve", D(48), None)], id="le-sign-within"),
    pytest.param("2. 安全事件 $\\leq 2$ 小时响应，乙方技术人员接到甲方通知后应立即开展分析处置。",
                 [("response", D(2), "安全事件")], id="latex-le-no-within"),
    pytest.param("接到甲方报修后30分钟响应，2小时解决。",
                 [("response", D("0.5"), None), ("resolve", D(2), None)], id="no-within"),
    pytest.param("故障响应时间不超过30分钟，故障修复时间不超过4小时。",
                 [("response", D("0.5"), None), ("resolve", D(4), None)], id="verb-time-not-over"),
    pytest.param("接到通知后1小时内到达甲方指定地点。乙方应在2h内响应。",
                 [("onsite", D(1), None), ("response", D(2), None)], id="designated-place-and-h"),
    # compound durations are read whole, not by their last part
    pytest.param("乙方应在2小时30分钟内响应，6小时内到达现场。",
                 [("response", D("2.5"), None), ("onsite", D(6), None)], id="hours-and-minutes"),
    pytest.param("乙方接到报修后应在一个小时三十分钟内响应。",
                 [("response", D("1.5"), None)], id="chinese-hours-and-minutes"),
    pytest.param("重大故障乙方应在1天12小时内修复。",
                 [("resolve", D(36), None)], id="days-and-hours"),
]


@pytest.mark.parametrize(("fragment", "expected"), PROSE_CASES)
def test_prose_limits(fragment, expected):
    assert limits(fragment) == expected


# -- severity: levels and channels ----------------------------------------------------

SEVERITY_CASES = [
    pytest.param("2.2.6  技术支持响应时间：一般性问题 2小时内解决；复杂性问题 2小时内反馈，12小时内解决。",
                 [("resolve", D(2), "一般性问题"), ("feedback", D(2), "复杂性问题"), ("resolve", D(12), "复杂性问题")],
                 id="labelled-phrases"),
    pytest.param("(3)现场支持：经远程处理无法解决的，乙方工程师应在2小时内到达现场，一般故障8小时内修复，重大故障24小时内恢复系统运行。",
                 [("onsite", D(2), None), ("resolve", D(8), "一般故障"), ("resolve", D(24), "重大故障")],  # 现场支持: a channel
                 id="channel-line-and-fault-levels"),
    pytest.param("(1)在线支持：通过运维工单平台提供7×24小时在线支持，接到报障后0.5小时内响应；",
                 [("response", D("0.5"), None)], id="channel-with-coverage"),  # 在线支持: a channel
    pytest.param("2.2 一级故障：供应商应在接到通知后15分钟内响应，1小时内到达现场，4小时内恢复系统正常运行；",
                 [("response", D("0.25"), "一级故障"), ("onsite", D(1), "一级故障"), ("resolve", D(4), "一级故障")],
                 id="level-labels-the-line"),
    pytest.param(
        "2、时光客户服务响应\n\n级别 说明 处理方式\n\n"
        "紧急 系统不可工作，业务无法运作。 接到请求后 30 分钟内响应，采取远程联机方式，在 4 小时内解决问题。\n\n"
        "较急 必须尽快解决的问题，如不解决会导致业务不能正常运行。\n\n"
        "接到请求后 1 小时内响应，并采取远程联机方式解决，直至系统可运行。如需要对程序进行修改，应在 12 小时内予以解决。\n\n"
        "普通 不影响业务正常运作，但会影响系统的可操作性及数据的准确性。\n接到请求后，应在 12 小时内给予解决。\n\n"
        "常识性 系统操作与使用方面的问题。 随时通过电话、MSN、QQ 或者 e-mail 解决问题，必须提供技术支持服务。\n",
        [("response", D("0.5"), "紧急"), ("resolve", D(4), "紧急"), ("response", D(1), "较急"),
         ("resolve", D(12), "较急"), ("resolve", D(12), "普通")],
        id="level-table-cells-over-lines"),
]


@pytest.mark.parametrize(("fragment", "expected"), SEVERITY_CASES)
def test_severity(fragment, expected):
    assert limits(fragment) == expected


# -- tables -------------------------------------------------------------------------------

TABLE_CASES = [
    pytest.param("| 故障级别 | 响应时间 | 到场时间 | 解决时间 |\n| --- | --- | --- | --- |\n"
                 "| 紧急 | 15分钟 | 1小时 | 4小时 |\n| 普通 | 2小时 | 1个工作日 | 48小时 |\n",
                 [("response", D("0.25"), "紧急"), ("onsite", D(1), "紧急"), ("resolve", D(4), "紧急"),
                  ("response", D(2), "普通"), ("onsite", D(8), "普通"), ("resolve", D(48), "普通")],
                 id="markdown-columns"),
    pytest.param("服务项目\t要求\n响应时间\t30分钟\n到场时间\t2小时\n",
                 [("response", D("0.5"), None), ("onsite", D(2), None)], id="tab-label-rows"),
    pytest.param(
        "3、时光客户服务方式\n\n服务类型 服务方式 详细内容 响应时间远程服务 热线支持\n"
        "用户可以通过服务热线 4008888360 进行咨询。7*24 小时的\n\n服务电话：13259979723即时\n 在线支持\n"
        "用户可以通过：QQ： 913061668 进行咨询，客户服务部值班人员将会提供技术问题解答。\n1 小时\n\n邮件支持\n\n"
        "用户可以将问题以邮件的形式提交到客户技术支持部或具体负责人，将会得到及时的处理方案。\n\n12 小时\n\n"
        "远程维护\n在用户接受的情况下，可以通过远程控制服务器或数据库，帮助用户进行故障处理或软件操作指导。\n1 小时\n",
        [("response", D(1), None), ("response", D(12), None), ("response", D(1), None)],  # channels
        id="ocr-channel-table-cells-on-lines"),
]


@pytest.mark.parametrize(("fragment", "expected"), TABLE_CASES)
def test_tables(fragment, expected):
    assert limits(fragment) == expected


# -- not limits ------------------------------------------------------------------------------

NOT_LIMITS = [
    pytest.param("乙方提供政府门户网站全年7*24小时响应反馈服务，乙方在非正常工作时间段，应当安排运维人员7*24小时应急响应反馈服务。",
                 id="coverage-7x24"),
    pytest.param("提供现场 1 名驻场人员, 5*8 小时进行现场技术服务, 为期一年。", id="coverage-5x8"),
    pytest.param("具体服务：24 小时的监测（内容的改动，是否可访问），一旦发现异常情况立即启动应急机制。", id="monitoring-hours"),
    pytest.param("2. 收到通知方应在 3 日内书面回复，否则视为认可解除；", id="reply-days"),
    pytest.param("(5) 其他实质性违约且收到甲方整改通知后10日内未纠正。", id="not-corrected"),
    pytest.param("(2) 乙方运维导致系统瘫痪超24小时且未修复；", id="breach-threshold"),
    pytest.param("合同签订后，在甲方报财务部门审核批准同意拨款后 15日内，甲方向乙方支付合同总价的 100%。", id="payment-days"),
    pytest.param("2. 法律要求乙方披露的，但乙方应在合理的时间提前通知甲方。", id="reasonable-time"),
    pytest.param("如乙方未在2小时内响应的，每次扣除当月服务费的1%。", id="restated-failure"),
    pytest.param("发生数据泄露事件时，甲方有权立即解除合同，乙方需在 24 小时内移交全部数据控制权。", id="handover"),
    pytest.param("2.4 数据运营：每月5日前向甲方提交上月运营分析报告。", id="report-date"),
    pytest.param("4. 安全日志留存时间 ≥6 个月。录像资料保存时间不少于30天。", id="retention"),
    pytest.param("乙方应在4小时内提出解决方案。", id="a-plan-is-not-a-fix"),
    # the buyer's own deadlines are no support limits
    pytest.param("考核周期结束后5个工作日内，甲方应将考核结果反馈乙方。", id="buyer-after-a-comma"),
    pytest.param("甲方应在收到报告后3个工作日内反馈意见。", id="buyer-shall"),
    pytest.param("采购人须在2个工作日内确认并反馈。", id="buyer-shall-confirm"),
    # digits an OCR line break ran together (fuzzing): no limit is over a year
    pytest.param("系统故障时，乙方应在1861408小时内修复。", id="run-together-digits"),
    pytest.param("故障等级\t响应时间\n一级\t200000小时", id="run-together-digits-in-a-table"),
]


@pytest.mark.parametrize("fragment", NOT_LIMITS)
def test_not_limits(fragment):
    assert limits(fragment) == []


@pytest.mark.parametrize(("fragment", "expected"), [
    ("甲方报修后2小时内，乙方应到达现场。", [("onsite", Decimal("2"), None)]),
    ("甲方报修后，乙方应在2小时内响应。", [("response", Decimal("2"), None)]),
    ("采购人发现故障后，供应商须在30分钟内响应，4小时内修复。",
     [("response", Decimal("0.5"), None), ("resolve", Decimal("4"), None)]),
])
def test_the_buyer_reporting_a_fault_leaves_the_supplier_limit(fragment, expected):
    assert limits(fragment) == expected


def test_a_limit_of_a_year_is_still_one():
    assert limits("系统故障时，乙方应在365天内修复。") == [("resolve", Decimal("8760"), None)]


def test_same_limit_restated_is_one_item():
    fragment = "1. 乙方应在接到报修后2小时内响应。\n2. 乙方应在接到报修后2小时内响应，并及时处理。"
    assert limits(fragment) == [("response", D(2), None)]


# -- answering calls, in seconds --------------------------------------------------------------

CALL_CASES = [
    pytest.param("乙方应确保月度人工接通率不低于95%，平均应答时长不超过18秒，单次通话平均时长控制在240秒以内。",
                 [("response", D("0.005"), None)], id="average-answer-time-not-call-length"),
    pytest.param("（三）服务质量：热线来电振铃后，坐席人员应在15秒内接听，并使用规范服务用语。",
                 [("response", D(15) / 3600, None)], id="answer-within-seconds"),
    pytest.param("2. 人工坐席应答时间：≤20秒；工单派发时间：≤30分钟。",
                 [("response", D(20) / 3600, None)], id="answer-time-colon"),
    pytest.param("4.1 12345热线来电应在36秒钟内应答，应答后2个工作日内办结一般性诉求。",
                 [("response", D("0.01"), None), ("resolve", D(16), None)], id="answer-then-close"),
    pytest.param("| 考核指标 | 要求 |\n| --- | --- |\n| 平均应答时长 | ≤18秒 |\n| 平均通话时长 | 240秒 |\n",
                 [("response", D("0.005"), None)], id="table-answer-time"),
]

NOT_CALL_LIMITS = [
    pytest.param("单次通话平均时长控制在240秒以内，平均通话时长不超过300秒。", id="call-length"),
    pytest.param("坐席平均接听时长不超过240秒，话后处理时长不超过60秒。", id="answer-duration-is-call-length"),
    pytest.param("热线提供24小时接听服务，节假日不间断。", id="answering-service-window"),
    pytest.param("人工接听：24小时", id="answering-hours-label"),
    pytest.param("15秒内接听率不低于90%，呼损率不高于5%。", id="answer-rate"),
    pytest.param("系统页面平均响应时间不超过3秒，复杂查询响应时间不超过10秒。", id="system-speed-in-seconds"),
    pytest.param("| 性能指标 | 要求 |\n| --- | --- |\n| 响应时间 | ≤3秒 |\n", id="system-speed-table"),
    pytest.param("乙方收到甲方书面意见后3日内应答复，逾期视为同意。", id="shall-reply-is-no-answering"),
    # a limit must survive storage as DECIMAL(9,3): 1 秒 would be 0.000 hours
    pytest.param("自动语音导航应在1秒内应答。", id="rounds-to-zero-hours"),
]


@pytest.mark.parametrize(("fragment", "expected"), CALL_CASES)
def test_answering_calls(fragment, expected):
    assert limits(fragment) == expected


@pytest.mark.parametrize("fragment", NOT_CALL_LIMITS)
def test_not_answering_limits(fragment):
    assert limits(fragment) == []


# -- closing a case (办结), reporting an incident back ------------------------------------------

CLOSE_AND_REPORT_CASES = [
    pytest.param("对坐席可直接答复的咨询类诉求，应当即答复并办结；需由乙方质检组复核的工单，应在2个工作日内办结。",
                 [("resolve", D(16), None)], id="work-order-closed"),
    pytest.param("乙方接到派单后，一般事项应在3个工作日内办理完毕，紧急事项应在4小时内办结。",
                 [("resolve", D(24), None), ("resolve", D(4), None)], id="handled-and-closed"),
    pytest.param("3.4 每次安全事件处置完毕后，乙方应在24小时内向甲方和丙方提交书面事件报告。",
                 [("feedback", D(24), None)], id="written-incident-report"),
    pytest.param("重大故障排除后，乙方应在1个工作日内向甲方提交故障处理报告，说明故障原因及整改措施。",
                 [("feedback", D(8), None)], id="fault-handling-report"),
    pytest.param("发生数据泄露等安全事件的，乙方应在2小时内书面报告甲方，并配合开展调查。",
                 [("feedback", D(2), None)], id="reports-in-writing"),
    pytest.param("乙方应在接到故障报告后15分钟内响应，并在30分钟内对故障报告进行处理。",
                 [("response", D("0.25"), None), ("resolve", D("0.5"), None)], id="a-fault-report-received"),
    # a deadline counted from an event, then who shall act after a comma
    pytest.param("（三）故障恢复后24小时内，乙方应向甲方信息科书面反馈故障原因、处理过程及整改措施。",
                 [("feedback", D(24), None)], id="after-event-comma-shall-feed-back"),
    pytest.param("热线系统发生故障时，乙方应在15分钟内响应；重大故障发生后1小时内，乙方应向甲方反馈故障初步原因及影响范围。",
                 [("response", D("0.25"), None), ("feedback", D(1), None)], id="after-event-comma-hours"),
    pytest.param("4. 重大故障处理完毕后1个工作日内，乙方应向甲方反馈故障原因分析及整改措施。",
                 [("feedback", D(8), None)], id="after-event-comma-working-day"),
    pytest.param("系统故障排除后2个工作日内，供应商须向采购人提交故障处理报告。",
                 [("feedback", D(16), None)], id="after-event-comma-incident-report"),
    pytest.param("接到报修后2小时内，乙方应派员赶赴现场并在四小时内修复故障。",
                 [("onsite", D(2), None), ("resolve", D(4), None)], id="after-event-comma-next-limit-not-taken"),
]

NOT_CLOSE_OR_REPORT_LIMITS = [
    pytest.param("乙方应在现场测评结束后 15 个工作日内向甲方出具正式测评报告，并协助甲方办理备案。",
                 id="assessment-report-deliverable"),
    pytest.param("乙方于每月结束后5个工作日内提交当月服务报告及考核表。", id="monthly-service-report"),
    pytest.param("乙方应在每季度结束后10个工作日内提交上季度事件分析报告。", id="quarterly-incident-summary"),
    pytest.param("受不可抗力影响的一方应在事件发生后15日内向对方提交书面报告及有关证明。", id="force-majeure-report"),
    pytest.param("甲方应在收到乙方发票后10个工作日内办结付款手续。", id="payment-procedure-closed"),
    pytest.param("采购人按季度对运营质量进行考核，考核内容包括事件按期办结率、回访满意率等。", id="closing-rate"),
    # after an event and a comma: only a limit when the clause says what shall be done, with one of the verbs
    pytest.param("故障发生后2小时内，乙方未响应的，每次扣除当月服务费的1%。", id="after-event-comma-restated-failure"),
    pytest.param("故障发生后2小时内，乙方不应擅自重启核心数据库服务器并恢复备份。", id="after-event-comma-shall-not"),
    pytest.param("合同签订后15日内，乙方应向甲方提交项目实施方案及人员名单。", id="after-event-comma-no-verb"),
    pytest.param("每月结束后5个工作日内，乙方应向甲方提交上月运维分析报告。", id="after-event-comma-periodic-report"),
    pytest.param("验收合格后10个工作日内，甲方应向乙方支付合同款的30%。", id="after-event-comma-payment"),
    pytest.param("乙方收到甲方整改通知后3日内，应当书面回复整改计划。", id="after-event-comma-reply"),
]


@pytest.mark.parametrize(("fragment", "expected"), CLOSE_AND_REPORT_CASES)
def test_closing_and_reporting(fragment, expected):
    assert limits(fragment) == expected


@pytest.mark.parametrize("fragment", NOT_CLOSE_OR_REPORT_LIMITS)
def test_not_closing_or_reporting_limits(fragment):
    assert limits(fragment) == []


def test_bare_seconds_prefilter_keeps_every_bare_duration():
    # _bare_hours skips text not ending in a unit: 秒 is one now
    for text in ("18秒", "≤18秒", "20 秒钟", "15秒内", "不超过36秒以内"):
        m = _BARE_DURATION.match(text)
        assert m and _bare_hours(text) == _limit_hours(m.group("d")) is not None


# -- provenance ---------------------------------------------------------------------------------

EVIDENCE_CASES = [
    pytest.param("技术支持服务：故障响应不超过 2 小时，8 小时内及时处理故障。", "sla.verb_limit", "响应不超过2小时",
                 id="verb-limit"),
    pytest.param("对于发现的问题，4小时内向甲方进行反馈，并配合甲方修改。", "sla.limit_verb", "4小时内向甲方进行反馈",
                 id="limit-verb"),
    pytest.param("| 级别 | 响应时间 |\n| --- | --- |\n| 紧急 | 15分钟 |\n", "sla.table_cell", "15分钟", id="table-cell"),
]


@pytest.mark.parametrize(("fragment", "rule", "quote"), EVIDENCE_CASES)
def test_evidence_points_into_the_raw_text(fragment, rule, quote):
    doc = doc_of(fragment)
    item = extract(doc)[0]
    ev = item.evidence
    assert ev.rule == rule
    assert squash(ev.text) == quote
    assert squash(doc.raw_text[ev.start : ev.end]) == quote


def test_clause_is_the_innermost_clause():
    doc = doc_of("第三条 服务标准\n1. 政务服务网全年可用性 ≥99.9% 。\n2. 安全事件 ≤2 小时响应。\n")
    assert [i.clause for i in extract(doc)] == ["2."]


# -- repairs in leases and purchases ---------------------------------------------------------
# A lease's lessor or a seller who is 甲方 is the one who repairs: its limits
# count, and the tenant's or buyer's own deadlines do not.

LEASE = "出租方（甲方）：东湖园区运营有限公司\n承租方（乙方）：青松餐饮管理有限公司\n\n"
SALE = "甲(供)方：青松卫浴有限公司\n乙(需)方：东湖贸易有限公司\n\n"

REPAIR_CASES = [
    pytest.param(LEASE + "房屋设施因自然损耗损坏的，乙方应及时通知甲方修复。甲方应在接到乙方通知后的 7 日内进行维修。",
                 [("resolve", D(168), None)], id="lessor-repairs-within-days"),
    pytest.param(LEASE + "房屋出现渗漏等故障，甲方在接到乙方报修通知后应在24小时内响应，72小时内维修或解决故障。",
                 [("response", D(24), None), ("resolve", D(72), None)], id="lessor-responds-and-repairs"),
    pytest.param("保修期内发生保修范围内的事项，乙方在接到甲方通知后应在 48 小时之内维修完毕。",
                 [("resolve", D(48), None)], id="warranty-repair-done"),
    pytest.param(SALE + "质保期内产品出现质量问题的，甲方应在接到乙方通知后3日内上门修理。",
                 [("onsite", D(72), None)], id="seller-is-jia"),
    # starting the work is a response; a fault must be named for rectifying to count
    pytest.param(LEASE + "运营中发现因施工导致的瑕疵的，乙方应书面通知甲方，甲方应在收到通知之日起【7】日内开始整改。",
                 [("response", D(168), None)], id="start-rectifying-bracketed-days"),
    pytest.param(LEASE + "因甲方原因导致乙方经营受到干扰的，甲方应在接到乙方通知后7日内采取补救措施。",
                 [("response", D(168), None)], id="remedial-measures"),
    pytest.param("系统出现质量问题的，乙方应在收到通知后15日内制定详细的整改计划，并在30日内完成整改。",
                 [("feedback", D(360), None), ("resolve", D(720), None)], id="rectification-plan-and-done"),
    pytest.param("甲方发现数据质量问题并通知乙方的，乙方应在2小时内响应，并在3个工作日内完成整改。",
                 [("response", D(2), None), ("resolve", D(24), None)], id="rectify-a-data-problem"),
    # two limits with the same figures but different actions are two limits
    pytest.param(LEASE + "1. 发现瑕疵的，甲方应在收到通知之日起7日内开始整改。\n"
                 "2. 经营受到干扰的，甲方应在接到乙方通知后7日内采取补救措施。\n",
                 [("response", D(168), None), ("response", D(168), None)], id="same-figures-two-actions"),
]

NOT_REPAIR_LIMITS = [
    pytest.param("如果货物不符合合同要求，乙方应在接到甲方书面通知后3日内负责更换、维修、退货。", id="remedy-of-the-sale"),
    pytest.param("验收不合格的，乙方应在15日内完成整改并重新申请验收。", id="rectify-after-failed-acceptance"),
    pytest.param("甲方可针对乙方在项目实施过程中的失误发出整改通知单，乙方应在收到整改通知单后2个工作日内提交整改计划。",
                 id="management-rectification-plan"),
    pytest.param(LEASE + "因乙方使用不当造成损坏的，乙方应在接到甲方通知后3日内维修。", id="tenant-repairs-own-damage"),
    pytest.param(LEASE + "乙方应在收到甲方书面通知之日起7日内进行验收，如不符合的，乙方应于验收7日内书面指出整改需求。",
                 id="acceptance-and-rectification-request"),
    pytest.param("乙方应在合同签订后30日内交货，甲方应在验收合格后15日内支付货款。", id="delivery-and-payment"),
    pytest.param("乙方应在维修完成后3日内支付维修费。", id="repair-cost"),
    pytest.param("乙方发现设备故障的，应在24小时内书面通知甲方。", id="notice"),
]


@pytest.mark.parametrize(("fragment", "expected"), REPAIR_CASES)
def test_repair_limits(fragment, expected):
    assert limits(fragment) == expected


@pytest.mark.parametrize("fragment", NOT_REPAIR_LIMITS)
def test_not_repair_limits(fragment):
    assert limits(fragment) == []


# -- a repair done (完成), named before the limit -----------------------------------------------

DONE_CASES = [
    pytest.param("业主报修后，维修人员应在15分钟内到达现场，一般维修24小时内完成。",
                 [("onsite", D("0.25"), None), ("resolve", D(24), None)], id="repair-done"),
    pytest.param("设备故障的，乙方应在4小时内完成修复。", [("resolve", D(4), None)], id="done-then-verb-is-the-verb's"),
]

NOT_DONE_LIMITS = [
    pytest.param("乙方应在合同签订后30日内完成，并通知甲方验收。", id="done-without-a-repair"),
    pytest.param("乙方应在30日内完成交货。", id="delivery-done"),
    pytest.param("维修工作应在每月5日前完成。", id="a-date-is-no-limit"),
]


@pytest.mark.parametrize(("fragment", "expected"), DONE_CASES)
def test_repair_done(fragment, expected):
    assert limits(fragment) == expected


@pytest.mark.parametrize("fragment", NOT_DONE_LIMITS)
def test_not_repair_done(fragment):
    assert limits(fragment) == []
