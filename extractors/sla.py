"""Time limits of the support service: respond, resolve, arrive on site, report back.

A limit is a duration tied to one of four verbs (FORMAT.md `sla`):

- `response` 响应 / 回应, answering a call, 应答 / 接听 (see below), and
  starting the work: 开始整改, 开始维修, 采取补救措施;
- `resolve` 解决, 处理, 排除, 修复, 恢复, 处置, 办结, 办理完毕, and repairs:
  维修 / 修理 / 抢修 (维修完毕, 进行维修), 整改 (完成整改), and 完成 after a
  repair named before the limit (一般维修24小时内完成); not 解决方案,
  处理意见, 维修费, 维修责任, 整改需求, nor 办结付款手续 (an office procedure
  is no repair);
- `onsite` 到达现场, 到达指定地点, 到场, 上门;
- `feedback` 反馈, and reporting back on an incident in writing:
  `24小时内提交书面事件报告`, `故障处理报告`, `书面报告`. A report that is
  the service's product (`15个工作日内出具测评报告`, `每月5日前提交运维报告`,
  `当月服务报告`) is no limit, nor is a report of force majeure; a
  remediation plan handed in is a report back (`15日内制定详细的整改计划`).

Rectifying (整改, its plan, its first measures) counts only for a fault or
defect named in its sentence or the one before (`…瑕疵…7日内开始整改`), not
for a deliverable that failed acceptance (`验收不合格的，15日内完成整改并重新
申请验收`) nor for a project's management (`整改通知单后2个工作日内提交整改
计划`). Replacing or taking back goods on delivery (`3日内负责更换、维修、退货`)
is a remedy of the sale, not a support limit.

Whose deadline: the buyer's own (`甲方应在收到报告后3个工作日内反馈意见`) is no
support limit. The buyer is 甲方, unless 甲方 is the lessor or the seller
(`出租方（甲方）`, `甲（供）方`): a lessor's repair (`甲方应在接到乙方通知后的
7日内进行维修`) is a limit, the tenant's own repair is not. A filled-in
form's figures stand in brackets or blanks (`【7】日内`).

Answering a call (应答 / 接听) is a limit only as one: `15秒内接听`,
`平均应答时长不超过18秒`; not `24小时接听` (a service window), `15秒内接听率`
(a rate) nor `平均接听时长`, `通话时长240秒` (the length of a call). Limits in
seconds (秒 / 秒钟) count only for answering calls: `系统响应时间≤3秒` is
the software's speed, not the support service's; and a limit must not round
to zero hours where it is stored (DECIMAL(9,3), so under 2 seconds).

Forms found (rule ids in brackets):

1. `sla.limit_verb` — the duration, then the verb: `8 小时内及时处理故障`,
   `接到请求后 30 分钟内响应`, `4小时内向甲方进行反馈`, `≤2 小时响应`;
   also across a comma when the duration counts from an event and the
   clause after it says who shall act: `故障恢复后24小时内，乙方应…书面反馈`;
2. `sla.verb_limit` — the verb (as a noun), then the duration:
   `故障响应不超过 2 小时`, `故障响应时间15分钟`, `解决时限：4小时`;
3. `sla.table_cell` — a table cell holding only a duration, its verb in the
   column header (`响应时间`) or in a label cell of the row;
4. `sla.column_line` — OCR'd tables whose cells became lines: a line holding
   only a duration (`1 小时`) under a header line naming one verb
   (`… 响应时间 …`); the nearest short line above it labels the row.

Not limits: coverage windows (`7*24 小时`, `5×8小时` → contract.coverage),
thresholds of a breach (`瘫痪超24小时`, `每超过1小时`), restated failures
(`未在2小时内响应的`), and durations with no such verb (`24 小时的监测`,
`3 日内书面回复`, `10日内未纠正`, `15日内支付`).

`severity` is the level or channel the limit belongs to: a label right
before the limit (`一般性问题 2小时内解决`, `重大故障24小时内恢复`), a level or
channel labelling the line (`一级故障：…`, `(1)在线支持：…0.5小时内响应`), the
first cell of a table row, or a level opening the row of a level table whose
cells became lines (`紧急 … 30 分钟内响应`, carried to the row's later lines).
Items repeated with the same (kind, hours, severity) are kept once, unless
their prose names two different actions (7日内开始整改 and 7日内采取补救措施
are two limits; a table cell restates any prose limit of its kind).

Why one module: respond, resolve, on-site and report limits share one finder
of duration-with-action spans and one table reader; the per-kind vocabularies
are small.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from hetong.extractors.shared import scan
from hetong.extractors import sla_labels
from hetong.extractors.parsers.durations import parse_hours
from hetong.extractors.parsers.numerals import NUMBER, NUMBER_START
from hetong.extractors.shared.spans import (
    CellRef,
    Span,
    cell_at,
    clause_bounds,
    clause_number,
    line_spans,
    sentence_at,
)
from hetong.models import Document, SlaItem

# No duration may start inside a number, Arabic, Chinese or capital: a run of
# numerals would otherwise be rescanned from every position (quadratic).
_IN_NUMBER = "0-9.点零〇一二三四五六七八九十百千万亿两第壹贰叁肆伍陆柒捌玖拾佰仟"
# A duration, located here and valued by parse_hours.
# A filled-in form sets the figure in brackets or blanks (【7】日内, _24_小时内).
# A number right after 月 is a day of the month (每月5日前), no duration.
_DURATION = re.compile(
    rf"(?<![{_IN_NUMBER}月])(?:[【\[_][ ]*)?(?:{NUMBER}|半)(?:[ ]*[】\]_])?\s*(?:个半|半)?\s*个?\s*"
    r"(?:小时|钟头|分钟|秒钟|秒|工作日|天|日|h(?![a-z]))(?![历期常报])"
    # the smaller parts of a compound duration, read whole by parse_hours: 2小时30分钟, 36天5小时30分
    rf"(?:\s*(?:{NUMBER})\s*个?\s*(?:小时|钟头|分钟|分(?![钟之别期级数值])|秒钟|秒)(?![历期常报]))*",
    re.IGNORECASE,
)
_FORM_MARKS = str.maketrans("", "", "【】[]_")
# Where a _DURATION may start: its first character, then its lookbehind
# (checked one character later). Starting with a character class lets re
# skip to the numerals; _DURATION, starting with a lookbehind, would be tried
# at every position of the text.
_DURATION_START = re.compile(rf"(?:[【\[_]|{NUMBER_START}|半)(?<![{_IN_NUMBER}].)")
_VERBS: tuple[tuple[str, str], ...] = (
    ("onsite", r"(?:到达|赶到|赶赴|抵达|到)[^\s,;。]{0,6}?(?:现场|地点|场所)|到场|上门|到达(?=[,;。]|$)"),
    # 应答 but not 应 + 答复 (shall reply) or 答疑
    # starting the work is responding: 7日内开始整改, 7日内采取补救措施
    ("response", r"响应|回应|(?P<call>应答(?![复疑])|接听)|开始(?:维修|抢修|修复|处理)"
                 r"|(?P<rectify_start>开始整改|采取(?:补救|整改|修复|维修|应急|抢修)措施)"),
    # an incident reported back, in writing: the report handed in (提交故障处理报告,
    # not 接到故障报告后) or 书面报告; tried before resolve, so 处理报告 is a report
    # a remediation plan handed in is a report back: 15日内制定详细的整改计划
    ("feedback", r"反馈|(?P<report>书面报告|(?:提交|出具|提供|报送|递交|上报|呈报|形成|编制|撰写)"
                 r"[^\s,;。:、()]{0,6}?(?:事件|事故|故障|处置|处理)[^\s,;。:、()]{0,4}?报告)"
                 r"|(?P<rectify_plan>(?:制定|制订|提交|提出|出具)[^\s,;。:、()]{0,6}?(?:整改|维修|修复)(?:计划|方案))"),
    # a plan is not a fix: 提出解决方案 / 处理意见; a repair is (维修完毕, 完成整改),
    # not its cost, duty or plan (维修费, 维修责任, 整改需求)
    ("resolve", r"(?:解决|处理|排除|修复|恢复|处置)(?!方案|意见|建议|结果)|(?P<office>办结|办理完毕)"
                r"|(?:维修|修理|抢修)(?!费|责任|义务|服务|期|记录|人员|单位|方案|计划|范围|基金)"
                r"|(?P<rectify>整改(?!需求|要求|意见|通知|计划|方案|建议|措施|期))"
                # done, of a repair named before the limit: 一般维修24小时内完成
                # (完成 ending its phrase: 完成修复 is 修复's)
                r"|(?P<done>完成(?=[ ]*[,;。!)\n])|修好)"),
)
_VERB = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _VERBS))

# 1. duration → (内) → a few words → verb, all in one phrase.
_AFTER = re.compile(rf"[ ]*(?P<within>以内|之内|内)?(?P<gap>[^,;。:\n\t|]{{0,12}}?)(?:{_VERB.pattern})")
_NEGATION = re.compile(r"未|不|没|无|\d")
# 1b. a deadline counted from an event (故障恢复后 / 发生后 / 处理完毕后 … N内),
# then, after a comma, who shall act and the verb, in one sentence:
# `故障恢复后24小时内，乙方应向甲方信息科书面反馈…`. The clause after the
# comma must say what shall be done (应 / 须 / 需 …): `…后2小时内，乙方未响应的`
# is a restated failure, and no other duration may come between.
_EVENT_BEFORE = re.compile(r"(?:后|之后|以后|起)[ ]*$")
_AFTER_CLAUSE = re.compile(
    rf"[ ]*(?:以内|之内|内)[ ]*,[ ]*(?P<subject>[^,;。:\n\t|\d]{{0,8}}?)(?:应当|应该|应|必须|须|需)"
    rf"(?P<gap>[^,;。:\n\t|]{{0,12}}?)(?:{_VERB.pattern})"
)
# The buyer as the one who shall act: its own deadlines are no support limits.
# The buyer is 甲方 unless 甲方 is the one who provides: the lessor of a
# lease (出租方（甲方）, 甲方（出租人）) or the seller (甲（供）方, 卖方（甲方）),
# who repairs; then the buyer is 乙方.
_BUYER = re.compile(r"甲方|采购人|采购单位|采购方|委托方|需方")
_TENANT = re.compile(r"乙方|承租方|承租人|买方|需方|采购方|采购人")
_PROVIDER = r"出租方|出租人|卖方|出卖人|供方|供货方|销售方"
_JIA_PROVIDES = re.compile(
    rf"(?:{_PROVIDER})[ \t():]*(?:以下(?:简)?称[ \t]*)?甲方|甲方[ \t]*\(?[ \t]*(?:{_PROVIDER})"
    r"|甲[ \t]*\([ \t]*(?:供|卖|出租)[ \t]*\)[ \t]*方"
)
_PARTY_HEAD = 3000  # the parties are declared before the body


def _shall(buyer: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(rf"[ ]*(?:{buyer.pattern})(?:应当|应该|应|须|需|必须)")


_BUYER_SHALL = _shall(_BUYER)
_TENANT_SHALL = _shall(_TENANT)


Buyer = tuple[re.Pattern[str], re.Pattern[str]]  # the buyer's names, `<buyer>应`


def _buyer_of(text: str) -> Buyer:
    """The buyer's names and `<buyer>应` for this contract."""
    if _JIA_PROVIDES.search(text, 0, _PARTY_HEAD):
        return _TENANT, _TENANT_SHALL
    return _BUYER, _BUYER_SHALL


# Rectifying (整改), or a plan or first measures for it, is a support limit
# only for a fault or defect named in its sentence or the one before it
# (瑕疵…15日内制定详细的整改计划); rectifying a deliverable that failed
# acceptance (验收不合格的，15日内完成整改并重新申请验收) or a project's
# management (整改通知单后2个工作日内提交整改计划) is not.
_FAULT = re.compile(r"故障|问题|瑕疵|缺陷|损坏|损毁|漏洞|干扰|隐患|异常|渗漏|无法正常")
_RECTIFY = ("rectify", "rectify_start", "rectify_plan")


_SENTENCE_END = re.compile(r"[。;!?\n]")
_FAULT_REACH = 200  # a sentence is read this far either side of the verb


def _rectifies_no_fault(text: str, verb: re.Match[str]) -> bool:
    """`verb` rectifies, and no fault is named in its sentence or in the one
    before it on the same line."""
    if not any(verb.group(g) for g in _RECTIFY):
        return False
    pos = verb.start()
    lo, hi = max(0, pos - _FAULT_REACH), min(len(text), pos + _FAULT_REACH)
    end = _SENTENCE_END.search(text, pos, hi)
    ends = [m for m in _SENTENCE_END.finditer(text, lo, pos)]
    start = lo
    if ends:
        start = ends[-1].end()  # this sentence's start …
        if ends[-1].group() != "\n":
            start = ends[-2].end() if len(ends) > 1 else lo  # … or the one before it on its line
    return _FAULT.search(text, start, end.start() if end else hi) is None


# A repair named in the phrase before the limit, for a bare 完成 to finish it:
# 一般维修24小时内完成, 接到报修后2小时内完成 (not 30日内完成交货).
_REPAIR_TOPIC = re.compile(r"维修|修理|抢修|急修|报修|故障")


def _done_without_repair(text: str, verb: re.Match[str], limit_start: int) -> bool:
    """`verb` only says done (完成), and no repair is named before the limit."""
    if not verb.group("done"):
        return False
    return _REPAIR_TOPIC.search(text, _phrase_start(text, limit_start), limit_start) is None


# Replacing or taking back goods that fail on delivery (3日内负责更换、维修、退货)
# is a remedy of the sale, not a support limit.
_RETURN = re.compile(r"退货|退换|换货")
# 2. verb (+ 时间/时限) → comparator → duration.
_FILLER = r"(?:[:]|为|是|不超过|不超出|不大于|不多于|不得超过|不应超过|应在|须在|需在|应|须|在|控制在|≤|<=|<|小于|少于|[ ])*"
_BEFORE = re.compile(rf"(?:{_VERB.pattern})(?P<noun>时间|时限|时效|时长)?(?P<filler>{_FILLER})$")
# Answering a call is a limit when a comparator or a time noun says so:
# `应答时长不超过18秒`, not `人工接听:24小时`; `接听时长` is how long a call lasts.
_COMPARATOR = re.compile(r"不|≤|<|小于|少于|控制")
# Periodic reports are deliverables: 月度 / 季度 / 上月 / 每周 / 定期.
_PERIODIC = re.compile(r"[月季年周旬]|定期|每")
_FORCE_MAJEURE = "不可抗力"
# An office procedure finished (付款手续办结) is no repair.
_PROCEDURE = re.compile(r"手续|付款|支付|结算|拨付|审批|报销|款项|发票")
_SECONDS = re.compile(r"秒钟?\s*(?:以内|之内|内)?\s*$")
# Hours as stored (DECIMAL(9,3)): a limit must not round to zero.
_STORED_SCALE = Decimal("0.001")

# Durations that are not limits.
_COVERAGE_BEFORE = re.compile(r"[*×xX]\s*$")
_COVERAGE_AFTER = re.compile(r"^\s*[*×xX]")
_NOT_A_LIMIT_BEFORE = re.compile(r"(?:(?<![不得应])(?:超过?|超出)|满|逾|每|累计|提前|未能?在?|没有在?|不能在?)\s*[≥>]?\s*$")

# Severity: levels and channels.
_LEVEL = (
    r"(?:特别紧急|非常紧急|非紧急|紧急|较急|特急|加急|一般|普通|严重|重大|重要|较大|轻微|常识性"
    r"|[一二三四五1-5]级|P[0-5]|[高中低](?=[\s级]))"
)
_CHANNEL = sla_labels.CHANNEL
_SEVERITY = rf"(?:{_LEVEL}[级类性]?(?:问题|故障|事件|情况)?|[^\s,;。:、()\d]{{1,6}}(?:问题|故障|事件|漏洞)|{_CHANNEL})"
_SEVERITY_HEAD = re.compile(rf"^{_SEVERITY}")
_ENUMERATOR = re.compile(r"^(?:\(\d{1,2}\)|\([一二三四五六七八九十]{1,3}\)|\d{1,2}(?:\.\d{1,2})*[.、]?|[一二三四五六七八九十]{1,3}、)\s*")
_ROW_LEVEL = re.compile(rf"^(?P<label>{_LEVEL}(?:级|类)?)\s+\S")
# a note in brackets may follow the label: 二级安全事件（较大）：
_LINE_LABEL = re.compile(rf"^(?P<label>{_SEVERITY})\s*(?:\([^()]{{1,10}}\))?\s*:")
_SHORT_LABEL = re.compile(r"^[^\s\d,;。:、()]{2,8}$")
_BARE_DURATION = re.compile(rf"^(?:≤|<|不超过|不大于)?\s*(?P<d>{_DURATION.pattern})\s*(?:以内|之内|内)?$")
_BARE_END = frozenset("时头钟秒日天h内")
_HEADER_KIND = re.compile(r"(?:响应|到场|到达现场|解决|修复|处理|恢复|办结|反馈|应答)(?:时间|时限|时效)|应答时长")
_CARRY_LINES = 3
_MAX_LABEL = 12
# where a severity label may open: a phrase, else a sentence (see _severity)
_LABEL_BOUNDARIES = (re.compile(r"[,;。:\t|]"), re.compile(r"[;。:\t|]"))
_HEADING = re.compile(r"^(?:第[一二三四五六七八九十百\d]+[章条节]|\d{1,2}(?:\.\d{1,2})*[.、]|\(\d{1,2}\)|[一二三四五六七八九十]{1,3}、)")


def extract(doc: Document) -> list[SlaItem]:
    found: list[tuple[int, SlaItem, str | None]] = []
    found += _prose_limits(doc)
    found += [(start, item, None) for start, item in _table_cells(doc) + _column_lines(doc)]
    found.sort(key=lambda f: f[0])
    seen: dict[tuple[str, Decimal, str | None], set[str | None]] = {}
    items: list[SlaItem] = []
    for _, item, action in found:
        actions = seen.setdefault((item.kind, item.hours, item.severity), set())
        if actions and (action is None or None in actions or action in actions):
            continue  # the same limit restated
        actions.add(action)
        items.append(item)
    return [sla_labels.split_channel(item) for item in items]  # a channel label is no severity


def _kind(m: re.Match[str]) -> str:
    return next(kind for kind, _ in _VERBS if m.group(kind))


def _is_limit(text: str, m: re.Match[str]) -> bool:
    before = text[max(0, m.start() - 8) : m.start()]
    if _COVERAGE_BEFORE.search(before) or _COVERAGE_AFTER.match(text[m.end() : m.end() + 3]):
        return False
    return not _NOT_A_LIMIT_BEFORE.search(before)


# A year: a longer duration is no response or repair limit (it is a service
# term, or digits an OCR line break ran together: 18 / 61408小时).
_MAX_HOURS = Decimal(8760)


def _limit_hours(duration: str) -> Decimal | None:
    hours = parse_hours(duration.translate(_FORM_MARKS))
    if hours is None or hours > _MAX_HOURS or hours.quantize(_STORED_SCALE) == 0:
        return None
    return hours


def _prose_limits(doc: Document) -> list[tuple[int, SlaItem, str | None]]:
    """(start, item, action): the action is the verb's words (响应, 开始整改)."""
    text = doc.text
    buyer = _buyer_of(text)
    out: list[tuple[int, SlaItem, str | None]] = []
    for m in _durations(text):
        hours = _limit_hours(m.group(0))
        if hours is None and parse_hours(m.group(0).translate(_FORM_MARKS)) is None and _is_limit(text, m) \
                and (_verb_after(text, m, buyer) or _verb_before(text, m)):
            doc.note_unread("sla.hours", m.start(), m.end(),
                            "a time limit the duration parser does not read whole: no SLA item taken from it")
        if hours is None or not _is_limit(text, m):
            continue
        found = _verb_after(text, m, buyer) or _verb_before(text, m)
        if found is None:
            continue
        kind, start, end, rule = found
        if _SECONDS.search(m.group(0)) and not _is_call(text[start:end]):
            continue  # seconds: the speed of a system, unless a call is answered
        out.append((start, SlaItem(
            kind=kind,
            hours=hours,
            severity=_severity(doc, m.start()),
            clause=clause_number(doc, m.start()),
            evidence=doc.evidence(start, end, rule),
        ), _action(text, start, end)))
    return out


def _action(text: str, start: int, end: int) -> str | None:
    """The words of the last verb in text[start:end]: what the limit asks done."""
    verbs = list(_VERB.finditer(text, start, end))
    return verbs[-1].group(0) if verbs else None


def _durations(text: str) -> Iterator[re.Match[str]]:
    """_DURATION.finditer(text), tried only where a duration may start."""
    return scan.finditer(_DURATION, _DURATION_START, text)


Found = tuple[str, int, int, str]  # kind, evidence start, evidence end, rule


def _verb_after(text: str, m: re.Match[str], buyer: Buyer = (_BUYER, _BUYER_SHALL)) -> Found | None:
    after = _AFTER.match(text, m.end(), min(len(text), m.end() + 24))
    if after is None and _EVENT_BEFORE.search(text, max(0, m.start() - 3), m.start()):
        after = _AFTER_CLAUSE.match(text, m.end(), min(len(text), m.end() + 40))
        if after and (_NEGATION.search(after.group("subject")) or _DURATION.search(after.group("gap"))
                      or buyer[0].search(after.group("subject"))):
            return None
        return _checked(text, m, after, within=True) if after else None
    if after is not None and _buyer_acts(text, m.start(), buyer[1]):
        return None
    return _checked(text, m, after, within=bool(after.group("within"))) if after else None


def _buyer_acts(text: str, start: int, shall: re.Pattern[str] = _BUYER_SHALL) -> bool:
    """The phrase before the duration at `start` makes the buyer act:
    `甲方应在收到报告后3个工作日内反馈意见` is the buyer's deadline, no support
    limit (`甲方报修后2小时内乙方到场` is one: the buyer only reports)."""
    return shall.match(text, _phrase_start(text, start), start) is not None


def _checked(text: str, m: re.Match[str], after: re.Match[str], within: bool) -> Found | None:
    """The verb found after a duration, unless the words between or the verb
    itself say it is no limit."""
    if _NEGATION.search(after.group("gap")):
        return None
    gap = after.group("gap")
    if not within and (len(gap.strip()) > 2 or "的" in gap):
        return None  # without 内 the verb must follow at once: `2 小时响应`
    if after.group("call") and (not within or text.startswith("率", after.end())):
        return None  # `24小时接听` is a service window, `15秒内接听率` a rate
    if after.group("report") and not _incident_report(text, m, gap + after.group("report")):
        return None
    if after.group("office") and _procedure(text, m.start(), after.end()):
        return None
    if _RETURN.search(text, after.end(), min(len(text), after.end() + 6)) or _RETURN.search(gap):
        return None
    if _rectifies_no_fault(text, after) or _done_without_repair(text, after, m.start()):
        return None
    return _kind(after), m.start(), after.end(), "sla.limit_verb"


def _verb_before(text: str, m: re.Match[str]) -> Found | None:
    before = _BEFORE.search(text, max(0, m.start() - 20), m.start())
    if not before:
        return None
    if before.group("call") and (
        (before.group("call") == "接听" and before.group("noun") == "时长")
        or not (before.group("noun") or _COMPARATOR.search(before.group("filler")))
    ):
        return None
    if before.group("report") and not _incident_report(text, m, before.group("report")):
        return None
    if before.group("office") and _procedure(text, before.start(), m.end()):
        return None
    if _rectifies_no_fault(text, before) or _done_without_repair(text, before, before.start()):
        return None
    return _kind(before), before.start(), m.end(), "sla.verb_limit"


def _is_call(text: str) -> bool:
    """`text` names answering a call (应答 / 接听)."""
    return any(v.group("call") for v in _VERB.finditer(text))


def _procedure(text: str, start: int, end: int) -> bool:
    """The phrase around text[start:end] finishes an office procedure (付款手续)."""
    tail = min((i for c in _PHRASE_ENDS if (i := text.find(c, end)) >= 0), default=len(text))
    return _PROCEDURE.search(text, _phrase_start(text, start), tail) is not None


_PHRASE_ENDS = ",;。\n"


def _phrase_start(text: str, pos: int) -> int:
    """Just after the last phrase end before `pos` (0 when there is none)."""
    return max(text.rfind(c, 0, pos) for c in _PHRASE_ENDS) + 1


def _incident_report(text: str, m: re.Match[str], wording: str) -> bool:
    """A report back on an incident, not a periodic deliverable nor a
    notice of force majeure."""
    return not _PERIODIC.search(wording) and _FORCE_MAJEURE not in sentence_at(text, m.start()).text


# -- severity -------------------------------------------------------------------


# How far back a severity label is looked for on the limit's line: a line
# joined from a whole page (a PDF, an OCR'd scan) must not be rescanned for
# every limit on it.
_LABEL_REACH = 400


def _severity(doc: Document, pos: int) -> str | None:
    text = doc.text
    line_start = text.rfind("\n", max(0, pos - _LABEL_REACH), pos) + 1 or max(0, pos - _LABEL_REACH)
    # a label opening the phrase or the sentence: 一般故障8小时内修复 / 复杂性问题 2小时内反馈,12小时内解决
    for boundary in _LABEL_BOUNDARIES:
        head_start = line_start
        for b in boundary.finditer(text, line_start, pos):
            head_start = b.end()
        label = _head_label(text[head_start:pos])
        if label:
            return label
    # a level or channel labelling the line: 2.2 一级故障:… / (1)在线支持:…
    line = _ENUMERATOR.sub("", text[line_start:pos].lstrip())
    if m := _LINE_LABEL.match(line):
        return m.group("label")
    # a table row: its first cell
    ref = cell_at(doc, pos)
    if ref is not None:
        return _row_label(ref)
    # a level opening this line or one of the lines just above (cells spread over lines)
    return _row_level(doc, pos)


def _head_label(head: str) -> str | None:
    head = _ENUMERATOR.sub("", head.strip())
    m = _SEVERITY_HEAD.match(head)
    if not m:
        return None
    # the label is followed by its limits: `复杂性问题 2小时内反馈,12小时内解决`
    rest = head[m.end() :].lstrip(" :≤<")
    if rest and not _DURATION.match(rest):
        return None
    return m.group(0)


def _row_label(ref: CellRef) -> str | None:
    """The first filled cell left of `ref` in its row, or in the rows above
    when this row continues one (its first cells left empty)."""
    if ref.col == 0:
        return None
    for r in range(ref.row, -1, -1):
        first = next((c for c in ref.table.rows[r][: ref.col] if c.text), None)
        if first is not None:
            return first.text if len(first.text) <= _MAX_LABEL else None
    return None


def _row_level(doc: Document, pos: int) -> str | None:
    start, _ = clause_bounds(doc, pos)
    seen = 0
    for line in _lines_back(doc.text, start, pos):
        stripped = line.strip()
        if not stripped:
            continue
        if m := _ROW_LEVEL.match(stripped):
            return m.group("label")
        seen += 1
        if seen > _CARRY_LINES or _HEADING.match(stripped):
            return None
    return None


def _lines_back(text: str, start: int, end: int) -> Iterator[str]:
    """The lines of text[start:end], last first: only the few lines above a
    limit are read, not its whole clause."""
    while (nl := text.rfind("\n", start, end)) >= 0:
        yield text[nl + 1 : end]
        end = nl
    yield text[start:end]


# -- tables -------------------------------------------------------------------------


def _bare_hours(text: str) -> Decimal | None:
    text = text.strip()
    # Called on every line and cell, nearly none of which holds a duration
    # alone: such text ends with its unit (小时, 钟头, 分钟, 日, 天, h) or 内.
    if not text or text[-1] not in _BARE_END:
        return None
    m = _BARE_DURATION.match(text)
    if not m:
        return None
    return _limit_hours(m.group("d"))


def _header_kind(text: str) -> str | None:
    kinds = {_kind(v) for h in _HEADER_KIND.finditer(text) for v in [_VERB.search(h.group(0))] if v}
    return kinds.pop() if len(kinds) == 1 else None


def _label_kind(text: str) -> str | None:
    """The kind a row's label cell names: `响应时间`, `故障修复`; answering a
    call only as a time (`应答时长`), `热线接听` being a service."""
    kind = _header_kind(text)
    if kind is not None:
        return kind
    verb = next((v for v in _VERB.finditer(text) if not v.group("call")), None)
    return _kind(verb) if verb else None


def _table_cells(doc: Document) -> list[tuple[int, SlaItem]]:
    out: list[tuple[int, SlaItem]] = []
    for table in doc.tables:
        header = table.rows[0]
        for r, row in enumerate(table.rows[1:], start=1):
            for c, cell in enumerate(row):
                hours = _bare_hours(cell.text)
                if hours is None:
                    continue
                severity: str | None = None
                head = header[c].text if c < len(header) else ""
                names = head
                kind = _header_kind(head)
                if kind is not None:
                    severity = _row_label(CellRef(table, r, c))
                else:
                    label = next((x for x in row[:c] if _label_kind(x.text)), None)
                    if label is None:
                        continue
                    kind = _label_kind(label.text)
                    names += "|" + label.text
                    severity = head if _SEVERITY_HEAD.match(head) else None
                if kind is None or (_SECONDS.search(cell.text) and not _is_call(names)):
                    continue
                out.append((cell.start, SlaItem(
                    kind=kind, hours=hours, severity=severity,
                    clause=clause_number(doc, cell.start),
                    evidence=doc.evidence(cell.start, cell.end, "sla.table_cell"),
                )))
    return out


def _column_lines(doc: Document) -> list[tuple[int, SlaItem]]:
    """Lines holding only a duration, outside recognised tables."""
    text = doc.text
    tables = [(t.start, t.end + 1) for t in doc.tables]
    out: list[tuple[int, SlaItem]] = []
    next_start = 0
    for line_text in text.split("\n"):  # no Span for the many lines that are no duration
        line_start, next_start = next_start, next_start + len(line_text) + 1
        hours = _bare_hours(line_text)
        if hours is None or any(s <= line_start < e for s, e in tables):
            continue
        line = Span(line_start, line_start + len(line_text), line_text)
        start, _ = clause_bounds(doc, line.start)
        above = [s for s in line_spans(text, start, line.start) if s.text.strip()]
        header = next((s for s in reversed(above) if _HEADER_KIND.search(s.text)), None)
        kind = _header_kind(header.text) if header else None
        if kind is None or (_SECONDS.search(line_text) and not _is_call(header.text)):
            continue
        s = line.start + len(line.text) - len(line.text.lstrip())
        e = line.start + len(line.text.rstrip())
        out.append((s, SlaItem(
            kind=kind, hours=hours, severity=_nearest_label(above, header),
            clause=clause_number(doc, s),
            evidence=doc.evidence(s, e, "sla.column_line"),
        )))
    return out


def _nearest_label(above: list[Span], header: Span) -> str | None:
    """The closest short line between the header and the duration: the row's label."""
    for s in reversed(above):
        if s.start <= header.start:
            return None
        stripped = s.text.strip()
        if _SHORT_LABEL.match(stripped):
            return stripped
    return None
