"""Liquidated damages and fee deductions: who pays what share of what, how often.

Every rate (`0.5%`, `3‰`, `日万分之五`, `百分之零点五`, `200%`, `二倍`) in a
sentence about damages (违约金, 赔偿, 罚款, 滞纳金, 扣除 …) is one penalty,
unless it is

- a cap of the penalty before it (`违约金累计不超过合同总价的5%`,
  `以合同总额的10%为限`) — then it is that penalty's `cap`;
- a threshold (`≥5%`, `低于95%`, `达到 95%以上`) or a tax rate;
- not liquidated damages: a multiple or share of an interest rate
  (`贷款市场报价利率(LPR)的4倍`, `8%年复利`), a share of equity or proceeds,
  an offset against a prepayment (`从已支付的预付款中扣除合同总价30%`);
- a rate per month of delay (`每延期一个月…合同总额的3%`): FORMAT v1 has
  no unit for it, so it is left out rather than given a wrong one;
- the same rate restated in brackets (`5‱(万分之五)`, `万分之1.5(0.015%)`).

A rate is also read where it is written into a blank of a form (`[10]%`,
`【100】%`). Outside damages sentences, a multiple of the daily fee charged
per day of delay is one (`每延期一日交付的，应按照日租金标准的五倍向甲方支付
租金`); a whole daily fee per day of delay (`每逾期一天，应按…日租金标准向甲方
支付违约金`) is rate 1.

For each penalty:

- `payer`: the party that pays. Either party may be in breach (`任何一方…
  责任方应承担…10%的违约金`, `一方违约的，应向对方支付…`): one penalty for
  甲方 and one for 乙方. `要求乙方支付` names the payer; `向乙方支付` /
  `赔偿甲方` / `支付甲方` name the payee, so the payer is the other party
  (`向乙方追究赔偿责任` names neither); else the party that is the subject of the
  breach (`乙方逾期交付的`, `甲方要求乙方赔偿`; not a party that asks, agrees
  or may act: `或者甲方不要求返还的`), the party whose fee is
  deducted (`扣除乙方当月服务费`), or the counterpart of the party making
  the deduction (`采购人另行扣减当季度服务费的5%`: the supplier pays), or the
  party named by the clause heading (`甲方违约责任`), the party the
  sentence introducing a list of rates names (`甲方逾期支付代收款项的，按以下
  标准承担违约责任：a)…`), the subject the paragraph opens with, or the party
  the breach names by what it is (late delivery: the party paid; late
  payment: the other). A cut of a fee the
  supplier receives (服务费, 合同款, 当月费用 …) with no party in breach named
  in its phrase or the one before is borne by whoever the fees are paid to
  (`甲方每学期对乙方进行考核，…，每低1分扣减当年度服务费的0.5%`: 乙方).
  Labels such as 采购人/供应商 resolve to their role.
- `unit`: `per_point` when counted per assessment point or percentage point
  past a threshold (`每降低1分`, `每低1个百分点`, `每超出1%`: the step itself
  is not a rate);
  `per_day` when counted per day of delay (`每迟延一日`, `日万分之五`,
  `千分之二/日`, `每日`, or a share of the daily fee) in the rate's phrase or
  the one before it; else `once`.
- `base`: what the rate applies to — `daily_fee` (日均服务费, 日租金),
  `overdue_amount` (逾期金额, 迟延支付款项), `contract_total` (合同总额,
  合同金额), `service_fee` (运维服务费, 当月服务费), else `other`.
- `trigger`: the breach, from the phrases before the rate.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from hetong.extractors.shared import roles
from hetong.extractors.parsers.numerals import NUMBER
from hetong.extractors.parsers.rates import parse_rate, rate_is_daily
from hetong.extractors.shared.spans import (
    Span,
    clause_headings,
    clause_number,
    phrases,
    sentence_at,
    sentences,
)
from hetong.models import Document, Penalty

# A rate, located here and valued by parse_rate.
_RATE = re.compile(
    # 百分之五, 万分之五, and N百分之M whole: 五百分之二 is 0.004, not 百分之二;
    # not 十二分之一 (a month's share of a yearly fee, not a rate of damages)
    rf"(?:{NUMBER})?[百千万萬]分之{NUMBER}"
    r"|(?<![0-9.])[0-9]+(?:\.[0-9]+)?\s*(?:%|‰|‱)"
    rf"|(?<![0-9.]){NUMBER}倍"
    # a figure filled into a blank of a form: 合同金额[10]%, 保底租金【100】%
    r"|[\[【]\s*(?P<filled>[0-9]+(?:\.[0-9]+)?)\s*[\]】]\s*(?P<sign>%|‰)"
)
# A sentence about damages (payments reads it too: amounts there are not installments).
DAMAGES = re.compile(
    r"违约金|违约责任|赔偿|赔付|罚款|罚金|滞纳金|扣除|扣减|扣罚|扣款|扣发|扣付|扣收|扣[^,;。]{0,4}费|处罚"
)
# An offset against money already paid is settlement, not damages:
# `30%预付款：从甲方总公司已向乙方支付的预付款中扣除`.
_OFFSET = re.compile(r"从[^,;。]{0,40}?(?:预付款|已付款项?|已支付的?[^,;。]{0,8}?)中(?:扣除|抵扣|扣减)")
_DEDUCTION = re.compile(r"扣除|扣减|扣罚|扣款|扣发|扣付|扣收")
# The direction of a step past a threshold: 每低 / 每降低 / 每下降 / 每超出 / 每高于 …
_STEP = r"(?:低于?|降低|下降|下浮|减少|少于?|不足|超出|超过|高于|高出|多于?|增加|上升|提高|上浮)"
_THRESHOLD_BEFORE = re.compile(
    r"(?:≥|>|≤|<|不低于|不少于|不高于|不足|达到|达|低于|高于|大于|小于|超过|超出|以上|以下|税率?为?|含税|税"
    r"|每" + _STEP + r")\s*$"
)
_THRESHOLD_AFTER = re.compile(r"^\s*(?:以上|以下|及以上|及以下)")
# Not liquidated damages: a multiple or share of an interest rate
# (`贷款市场报价利率(LPR)的4倍`, `按8%年复利`), a share of equity or proceeds.
_NOT_DAMAGES_BEFORE = re.compile(
    r"(?:LPR|利率|利息|年息|月息|年化|复利)[^,;。]{0,8}$"
    r"|(?:股权|股份|持股|出资|分成|收入|收益|利润|营业额)(?:比例)?的?\s*$"
)
_NOT_DAMAGES_AFTER = re.compile(r"^\s*的?(?:年利率|年化|年复利|复利|利息|年息|月息)")
# A rate per month of delay (`每延期一个月…3%`): FORMAT v1 has no unit for it.
_PER_MONTH = re.compile(
    r"每(?:延期|逾期|迟延|延迟|拖延|超期)(?:一|1)?个?月|每(?:一|1)?个月(?![内底末])|按月(?:计|收|支付)|按每月"
    r"|每月(?=\s*(?:[0-9.]+\s*[%‰]|百分之|千分之|万分之))"
)
# Paid per day of delay as a multiple of the daily fee, though not called
# damages: `每延期一日交付的，应按照日租金标准的五倍向甲方支付租金`.
_PER_DAY_DELAY = re.compile(r"每(?:逾期|延期|迟延|延迟|拖延|超期)(?:一|1)?(?:日|天)")
_DAILY_FEE = re.compile(r"日租金|日服务费|日均服务费|每日租金|日费用")
# One daily fee per day of delay, no figure written: `每逾期一天，应按…当期的
# 日租金标准向甲方支付违约金` is rate 1 of the daily fee.
_WHOLE_DAILY_FEE = re.compile(
    r"(?:按|以)[^,;。]{0,24}?(?:日租金|日服务费|日均服务费|每日租金)(?:标准)?"
    rf"(?![^,;。]{{0,3}}?(?:{NUMBER}\s*(?:倍|%|‰)|[\[【]|(?:百|千|万)分之))"
)
_LIST_ITEM = re.compile(r"(?:[a-zA-Z][).]|[(]?[0-9一二三四五六七八九十]{1,2}[).、])")
# Both parties: `任何一方…责任方应承担…10%的违约金`, `一方违约的，应向对方支付…`.
_MUTUAL = re.compile(r"任何一方|任一方|一方违约|违约方|责任方|双方均")
_CAP_BEFORE = re.compile(r"(?:不超过|不得超过|不应超过|不高于|最高|最多|上限|封顶|以内)[^,;。]{0,14}$")
_CAP_AFTER = re.compile(r"^[^,;。]{0,4}(?:为限|为上限|封顶)")
# A share of an installment or deposit named in a damages sentence
# (`未按约定支付首付款(合同总价的30%)的`) is not a penalty rate.
_INSTALLMENT = re.compile(
    r"质保金|质量保证金|履约保证金|预付款|首付款|进度款|尾款|第[一二三四五六七八九十\d]+(?:期|次|笔)(?:款|付款)"
)

# Per point: 每降低1分; 每低1个百分点 / 每下降一个百分点 / 每超出1% (the step
# of an indicator past its threshold, then the deduction for each step).
_PER_POINT = re.compile(
    r"每[^,;。\d]{0,3}?(?:1|一)\s*分(?!钟)"
    rf"|每(?![年月季周日天次])[^,;。\d]{{0,6}}?(?:{NUMBER}\s*)?个?\s*百分点"
    rf"|每{_STEP}[^,;。\d]{{0,4}}?(?:1|一)\s*(?:%|个?百分点)"
)
_PER_DAY = re.compile(
    r"每(?:[^,;。\d]{0,6}?)(?:一|1)?\s*(?:日|天)(?!内)|按日|逐日|按天|每日|每天|按[^,;。]{0,4}天数"
)
_PER_DAY_AFTER = re.compile(r"^\s*(?:/\s*[日天]|每日|每天|/day)")

_BASES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("daily_fee", re.compile(r"日均[^,;。]{0,4}费|日服务费|每日服务费|日费用|日租金|每日租金")),
    ("overdue_amount", re.compile(
        r"(?:逾期|迟延|延迟|延期|拖欠|未付|欠付|应付未付|未支付|迟付|未按期支付)(?!交货|交付|供货|发货|完成)"
        r"[^,;。]{0,6}?(?:金额|款项|款|部分|费用|租金)"
        r"|欠款|未付款")),
    ("contract_total", re.compile(r"合同(?:总)?(?:金额|总额|总价款|总价|价款|价格|额)|合同价|总(?:金额|价款|价|额)")),
    ("service_fee", re.compile(r"服务费|维护费|维保费|运维费|运营费|服务费用|技术服务费")),
)
_BASE_WINDOW = 24

_PARTY = r"[甲乙丙丁]方"
_HEADING_BREACH = re.compile(rf"({_PARTY})(?:的)?违约")  # 甲方违约责任 / 乙方的违约责任
# a party named as the one who asks, agrees or may act is not the one in breach:
# `或者甲方不要求返还的`, `甲方有权解除合同`
_CLAIMANT_AFTER = re.compile(r"不?(?:要求|有权|可以|可|同意|认可|书面同意|通知|发现|保留)")
# the breach names who pays when no party does: late delivery → the party
# that delivers (whom the fees are paid to), late payment → the other
_LATE_DELIVERY = re.compile(r"(?:逾期|延迟|迟延|延期|推迟)(?:交货|交付|发货|供货|到货|交车|提供)")
_LATE_PAYMENT = re.compile(r"(?:逾期|延迟|迟延|延期|拖延|拖欠)(?:付款|支付)")
_ENTITLED_AFTER = re.compile(r"有权|可以|可|将|从|应从")  # 甲方有权扣除…: not the breaching party
# 采购人另行扣减… / 甲方直接扣除… / 甲方按…扣罚…: the party making a deduction,
# whose counterpart's fee it reduces
_DEDUCTOR_AFTER = re.compile(
    r"(?:另行|另外|再行|再|还|亦|也|同时|直接|即|则|并|均|将|可以|可|有权|应当|应|须|需|予以|会|按[^,;。]{0,10}?)*"
    r"(?:扣除|扣减|扣罚|扣款|扣发|扣付|扣收|扣(?!分))"
)
_OBJECT_BEFORE = ("向", "给", "对", "与", "和", "及", "经")
# A fee the supplier receives (服务费, 运维费, 合同款, 当月费用, 当期应付款 …):
# a deduction from it is borne by whoever the fees are paid to, not by a
# party merely named earlier in the sentence (甲方每学期对乙方进行考核，…，
# 每低1分扣减当年度服务费的0.5%). Deposits and prepayments are not such fees
# (乙方从甲方已付押金中扣除…: the buyer pays).
_SUPPLIER_FEE = re.compile(
    r"服务费|维护费|维保费|运维费|运营费|合同(?:总)?(?:款项?|价款|金额|总额|总价|额)|合同价|结算款|应付款"
    r"|(?:当|本|该|每)(?:年度?|季度?|月度?|期)[^,;。]{0,4}?(?:费用|款项?)"
)
_NOT_A_FEE = re.compile(r"押金|保证金|预付|预存|预交|质保金")
_PAID = re.compile(r"支付|付给")
_TRIGGER_LEAD = re.compile(
    r"^(?:\(\d{1,2}\)|\d{1,2}(?:\.\d{1,2})*[.、]?|[一二三四五六七八九十]{1,3}、)\s*|^(?:如果|如|若|当|因|由于|凡)"
)


def is_damages(text: str) -> bool:
    """Is the text about damages? An offset against a prepayment
    (`从已支付的预付款中扣除`) alone does not make it so."""
    if not DAMAGES.search(text):
        return False
    if not _OFFSET.search(text):
        return True
    return bool(DAMAGES.search(_OFFSET.sub(lambda x: " " * len(x.group(0)), text)))


def extract(doc: Document) -> list[Penalty]:
    text = doc.text
    parties = _PartyFinder(doc)
    out: list[Penalty] = []
    intro: Span | None = None  # a sentence introducing a list of rates (`…按以下标准承担违约责任：`)
    for sentence in sentences(text):
        if intro is not None and not _LIST_ITEM.match(sentence.text):
            intro = None
        if sentence.text.endswith(":"):
            intro = sentence
        damages = is_damages(sentence.text)
        if not damages and not (_PER_DAY_DELAY.search(sentence.text) and _DAILY_FEE.search(sentence.text)):
            continue
        last: Penalty | None = None
        uncapped = False  # the last rate was skipped: a cap after it is not another penalty's
        restated: tuple[int, Decimal] | None = None  # where the last rate ended, and its value
        for start, end, rate in _rates(text, sentence, doc):
            if restated and restated[1] == rate and text[restated[0] : start].strip() in ("(", "（"):
                continue  # 5‱(万分之五): the same rate restated
            restated = (end, rate)
            before = text[sentence.start : start]
            after = text[end : sentence.end]
            if _CAP_BEFORE.search(before) or _CAP_AFTER.match(after):
                target = last or (out[-1] if out and out[-1].clause == clause_number(doc, start) else None)
                if target is not None and target.cap is None and not uncapped:
                    target.cap = rate
                continue
            if _THRESHOLD_BEFORE.search(before) or _THRESHOLD_AFTER.match(after):
                continue
            near = _near_start(text, sentence, start)
            if (_NOT_DAMAGES_BEFORE.search(before) or _NOT_DAMAGES_AFTER.match(after)
                    or _PER_MONTH.search(text, near, min(sentence.end, end + 8))):
                # not a v1 penalty; a cap after it is its cap, not another's
                uncapped, last = True, None
                continue
            uncapped = False
            phrase = _phrase_at(text, sentence, start)
            if _INSTALLMENT.search(phrase.text) and not DAMAGES.search(phrase.text):
                continue
            base = _base(text, max(sentence.start, start - _BASE_WINDOW), start)
            if not damages and base != "daily_fee":
                continue
            unit = _unit(text, sentence, start, end, base)
            if start == end and not _PER_DAY.search(text, near, start):
                continue  # a whole daily fee is a rate only per day of delay
            payers = parties.payers(
                sentence, start, end,
                deduction=bool(_DEDUCTION.search(phrase.text)),
                fee=_supplier_fee(phrase.text),
                intro=intro,
            )
            rule = ("penalties.rate_in_damages_sentence" if damages else "penalties.daily_fee_per_day_of_delay")
            if start == end:
                rule = "penalties.whole_daily_fee"
            if len(payers) > 1:
                rule = "penalties.either_party"
            for payer in payers:
                penalty = Penalty(
                    payer=payer,
                    rate=rate,
                    unit=unit,
                    base=base,
                    trigger=_trigger(text, sentence, phrase),
                    clause=clause_number(doc, start),
                    evidence=doc.evidence(phrase.start, max(phrase.end, end), rule),
                )
                out.append(penalty)
                last = penalty
    return out


def _rates(text: str, sentence: Span, doc: Document | None = None) -> list[tuple[int, int, Decimal]]:
    """(start, end, rate) of every rate in the sentence, in order: the rates
    written, and rate 1 where a whole daily fee is charged
    (`按…当期的日租金标准向甲方支付违约金`, an empty span after the fee)."""
    found: list[tuple[int, int, Decimal]] = []
    for m in _RATE.finditer(text, sentence.start, sentence.end):
        written = m.group("filled") + m.group("sign") if m.group("filled") else m.group(0)
        rate = parse_rate(written)
        if rate is not None:
            found.append((m.start(), m.end(), rate))
        elif doc is not None:  # located in a damages sentence, not read whole: say so, take nothing
            doc.note_unread("penalties.rate", m.start(), m.end(),
                            "a rate in a damages clause that the rate parser does not read whole: no penalty taken from it")
    for m in _WHOLE_DAILY_FEE.finditer(text, sentence.start, sentence.end):
        found.append((m.end(), m.end(), Decimal(1)))
    return sorted(found, key=lambda f: f[0])


def _supplier_fee(phrase: str) -> bool:
    """The phrase deducts from a fee the supplier receives."""
    return bool(_SUPPLIER_FEE.search(phrase)) and not _NOT_A_FEE.search(phrase)


def _phrase_at(text: str, sentence: Span, pos: int) -> Span:
    for p in phrases(text, sentence.start, sentence.end):
        if p.start <= pos < p.end:
            return p
    return sentence


def _unit(text: str, sentence: Span, start: int, end: int, base: str) -> str:
    before = text[sentence.start : start]
    near = _near_start(text, sentence, start)
    # the step (每低1个百分点) is written in the rate's phrase or the one
    # before it (`低于95%的，每低1个百分点，扣减…1%`), within its clause (up to `;`)
    step_from = max(near, sentence.start + before.rfind(";") + 1)
    if _PER_POINT.search(text, step_from, start):
        return "per_point"
    glued = text[max(sentence.start, start - 3) : min(sentence.end, end + 4)]
    # a per-day marker belongs to the rate's phrase or the condition before
    # it: in `每延期一天…万分之五…，逾期超过15天的，…按合同总价款的20%…`
    # the 20 % is once
    if (
        (end > start and rate_is_daily(glued))
        or _PER_DAY_AFTER.match(text[end : sentence.end])
        or _PER_DAY.search(text, near, start)
        or base == "daily_fee"
    ):
        return "per_day"
    return "once"


def _base(text: str, start: int, end: int) -> str:
    best: tuple[int, str] | None = None
    window = text[start:end]
    for name, pattern in _BASES:
        for m in pattern.finditer(window):
            if best is None or m.end() > best[0]:
                best = (m.end(), name)
    return best[1] if best else "other"


def _near_start(text: str, sentence: Span, pos: int) -> int:
    """Where the phrase before the one at `pos` starts: what a rate's own
    wording may say (the step 每低1个百分点, the party in breach) is in the
    rate's phrase or the condition just before it."""
    near = phrases(text, sentence.start, pos)[-2:]
    return near[0].start if near else sentence.start


def _trigger(text: str, sentence: Span, phrase: Span) -> str | None:
    """The breach: up to two phrases before the rate's phrase, else the
    rate's phrase up to the rate."""
    parts = [p.text for p in phrases(text, sentence.start, phrase.start)[-2:]] or [phrase.text]
    cleaned = []
    for part in parts:
        while (stripped := _TRIGGER_LEAD.sub("", part)) != part:
            part = stripped
        cleaned.append(part.rstrip("的"))
    return ",".join(p for p in cleaned if p) or None


class _PartyFinder:
    """Party mentions (roles or labels standing for them) and who pays."""

    def __init__(self, doc: Document) -> None:
        self.learned = {p.label: p.role for p in doc.parties if p.label}
        self.mention, self.payee, self.deducted, self.asked = _party_patterns(frozenset(self.learned))
        self.doc = doc
        self._fee_payee: str | None = None

    def role(self, label: str) -> str | None:
        return roles.resolve(label, self.learned)

    def fee_payee(self) -> str:
        """The party the contract pays its fees to (whose fees a deduction cuts)."""
        if self._fee_payee is None:
            counts = {"甲方": 0, "乙方": 0}
            for m in self.payee.finditer(self.doc.text):
                role = self.role(m.group("a") or m.group("b"))
                paid = _PAID.search(m.group(0))
                if paid and role in counts and not is_damages(sentence_at(self.doc.text, m.start()).text):
                    counts[role] += 1
            self._fee_payee = "甲方" if counts["甲方"] > counts["乙方"] else "乙方"
        return self._fee_payee

    def other(self, role: str | None) -> str | None:
        return {"甲方": "乙方", "乙方": "甲方"}.get(role or "")

    def payers(
        self, sentence: Span, start: int, end: int, deduction: bool, fee: bool = False, intro: Span | None = None,
    ) -> list[str | None]:
        """Who pays the rate at text[start:end]: each party when either may
        be in breach (`任何一方…责任方应承担…10%的违约金`), else one party,
        or None when the text does not say."""
        if self.mutual(sentence, start):
            return ["甲方", "乙方"]
        payer = self.payer(sentence, start, end, deduction, fee)
        doc = self.doc
        if payer is None and intro is not None and intro.text.endswith(":") \
                and doc.clause_at(intro.start) == doc.clause_at(start):
            # a list of rates under `甲方逾期支付代收款项的，按以下标准承担违约责任：`
            payer = self.payer(intro, intro.end, intro.end, deduction=False)
        if payer is None:
            payer = self.paragraph_subject(sentence)
        if payer is None:
            payer = self.by_breach(sentence, start)
        return [payer]

    def mutual(self, sentence: Span, start: int) -> bool:
        """Either party may be in breach, and no party is named between that
        and the rate (`一方违约的，应向对方支付合同总额10%的违约金`)."""
        text = self.doc.text
        last = None
        for last in _MUTUAL.finditer(text, sentence.start, start):
            pass
        if last is None or self.mention.search(text, last.end(), start):
            return False
        # a breach named before by one party only: 甲方违约的，违约方应…
        named = {self.role(x.group(0)) for x in self.mention.finditer(text, sentence.start, last.start())}
        return len(named) != 1

    def by_breach(self, sentence: Span, start: int) -> str | None:
        """The party a breach names by what it is: late delivery is the
        supplier's (the party paid), late payment the other's."""
        near = self.doc.text[_near_start(self.doc.text, sentence, start) : start]
        if _LATE_DELIVERY.search(near):
            return self.fee_payee()
        if _LATE_PAYMENT.search(near):
            return self.other(self.fee_payee())
        return None

    def paragraph_subject(self, sentence: Span) -> str | None:
        """The party the rate's paragraph opens with as its subject, when the
        rate is in a later sentence of it (`3.2. 乙方未经甲方书面同意，擅自转让
        标的股权的，…。股权事实上无法返还的，…则立即支付…130%的违约金`)."""
        text = self.doc.text
        line_start = text.rfind("\n", 0, sentence.start) + 1
        first = sentences(text, line_start, sentence.start)[:1]
        for s in first:
            for x in self.mention.finditer(text, s.start, s.end):
                if text[max(0, x.start() - 1) : x.start()] in _OBJECT_BEFORE or text.startswith("的", x.end()):
                    continue
                if _CLAIMANT_AFTER.match(text, x.end()):
                    continue
                return self.role(x.group(0))
        return None

    def payer(self, sentence: Span, start: int, end: int, deduction: bool, fee: bool = False) -> str | None:
        text = self.doc.text
        # 要求乙方支付…违约金 / 向乙方收取…违约金: the party asked to pay
        asked = None
        for asked in self.asked.finditer(text, _near_start(text, sentence, start), _phrase_at(text, sentence, start).end):
            pass
        if asked is not None and (role := self.role(asked.group("p") or asked.group("q"))):
            return role
        # 向乙方支付 / 赔偿甲方: the payer is the other party; nearest to the rate wins
        best: tuple[int, str] | None = None
        for m in self.payee.finditer(text, sentence.start, sentence.end):
            payee = self.role(m.group("a") or m.group("b"))
            distance = start - m.end() if m.end() <= start else m.start() - end
            if payee and (best is None or abs(distance) < best[0]):
                best = (abs(distance), payee)
        if best is not None and self.other(best[1]):
            return self.other(best[1])
        if deduction:
            # 扣除乙方当月服务费: named after the verb; else the breaching party
            # (not the one entitled to deduct); else whoever is paid the fees
            m = self.deducted.search(text[sentence.start : end])
            if m:
                return self.role(m.group(1))
            breaching, deductor = [], None
            for x in self.mention.finditer(text, sentence.start, start):
                if text[max(0, x.start() - 1) : x.start()] in _OBJECT_BEFORE:
                    continue
                if _DEDUCTOR_AFTER.match(text, x.end(), start):
                    deductor = x
                elif not _ENTITLED_AFTER.match(text[x.end() : x.end() + 2]):
                    breaching.append(x)
            if fee and breaching:
                # a supplier's fee cut: only a party named next to the
                # deduction (its phrase or the condition just before) is in breach
                near = _near_start(text, sentence, start)
                breaching = [x for x in breaching if x.start() >= near]
            if breaching:
                return self.role(breaching[-1].group(0))
            # 采购人另行扣减当季度服务费的5%: the deductor's counterpart pays
            if deductor is not None and (payer := self.other(self.role(deductor.group(0)))):
                return payer
            return self.fee_payee()
        # the subject: the last party named before the rate, not as an object
        subject: str | None = None
        for m in self.mention.finditer(text, sentence.start, start):
            if text[max(0, m.start() - 1) : m.start()] in _OBJECT_BEFORE or _CLAIMANT_AFTER.match(text, m.end()):
                continue
            subject = self.role(m.group(0)) or subject
        if subject is not None:
            return subject
        # the clause heading: 甲方违约责任 / 乙方的违约责任
        for heading in clause_headings(self.doc, start):
            m = _HEADING_BREACH.search(heading)
            if m:
                return m.group(1)
        return None


@lru_cache(maxsize=256)
def _party_patterns(
    learned: frozenset[str],
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A party mention, a payee (向乙方支付 / 赔偿甲方 / 支付甲方), the party
    whose fee a deduction cuts (扣除乙方…), and a party asked to pay
    (要求乙方支付…), for the labels a contract uses besides the usual ones:
    most contracts share their labels, so these are built once. `向乙方追究
    赔偿责任` names the party pursued, not the payee."""
    labels = sorted({*learned, *roles.DEFAULT_ALIASES}, key=len, reverse=True)
    alt = "|".join([_PARTY, *map(re.escape, labels)])
    payee = re.compile(
        rf"向(?P<a>{alt})(?![^,;。]{{0,4}}?(?:追究|追偿|索赔|主张|要求))[^,;。]{{0,6}}?(?:支付|赔偿|偿付|缴纳|交纳|赔付)"
        rf"|(?:赔偿|赔付|补偿|支付给?|付给|偿付给?)(?P<b>{alt})"
    )
    asked = re.compile(
        rf"要求(?P<p>{alt})[^,;。]{{0,12}}?(?:支付|赔偿|承担|赔付|偿付)|向(?P<q>{alt})[^,;。]{{0,6}}?(?:收取|索取|计收)"
    )
    return re.compile(alt), payee, re.compile(rf"(?:扣除|扣减|扣罚|扣)({alt})"), asked
