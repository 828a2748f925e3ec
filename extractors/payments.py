"""Installments: how much is paid, when, in the order the contract lists them.

Where installments are written (rule ids in brackets):

1. `payments.prose` — a sentence that pays (支付, 付款, 付清, 拨付, 预付 …)
   or names a stage (第一次付款, 第二期, 首付款, 尾款, 质保金, 第一年租金 …). Its
   phrases are read in order: a phrase that pays or names a stage opens an
   installment, and the amounts and shares in the phrases after it belong to
   that installment (`第一次付款：合同签订后30日内…支付第一笔款，即合同总额的
   50%，计¥601000元`). Amounts before the first such phrase are not paid
   there (`维护服务费为¥1168000元，该费用在7月底前支付1109600元`: only
   1109600 is an installment). Of a product (`12200元×12个月 = 146,400.00元`)
   the product is paid.
2. `payments.stated_then_paid` — a fee stated, then paid without an amount of
   its own, in the next phrases or the next sentence of the same line
   (`律师代理费:8000元整。该费用在本合同签订之日一次性支付完毕`,
   `月租金为人民币3000元，按月支付`), when the paying text says it is paid
   once or per period; a count of parts (`分四期支付`) or another period
   than the fee's leaves it out.
3. `payments.periodic` — an amount paid every period (`每季度技术服务费金额为
   32450 元`, `按月支付，每月支付¥25,000.00`, `总费用为 X 元/年`) is one
   installment per period: the count written (`共分为四个季度`, `分12期`),
   else the service or lease term ÷ the period, else 1 ÷ share, else total ÷
   amount when whole. The amount of one year (`第一年租金为每月1万元`, or the
   first year of a rent raised later: `以后每年递增5%`) covers that year only.
4. `payments.rent_range` — rent written per range of months in a clause that
   pays rent monthly (`从2024.8到2025.2房租为…(4900元整)`): one installment
   per month; a range of days (`7.30到7.31的房租为…(316元)`, the part month
   of the term) is one.
5. `payments.table` — a table whose header names the amounts or shares of
   payments (付款金额, 付款比例, 支付金额（万元）, 期次 …): one installment per
   row (合计/小计 rows skipped); the header unit scales bare numbers.
6. `payments.even_periods` — nothing found above, but the contract pays per
   period without an amount (`服务费按季度支付`): the total in equal parts,
   one per period of the service term.
7. `payments.lump_sum` — nothing found above, but the contract pays the whole
   price in one go (`一次性支付`, `支付全款`, `款到发货`; not an option:
   `如3年一次性支付…`, `先款后货/先货后款`): one installment of the total.
8. `payments.pays_total` — nothing found above, but the payer pays the total
   (`甲方缴交每人训练费用总金额为新台币6,750元`): one installment of it.

A share without an amount (`验收合格后支付合同总额的30%`) is valued at share
× `doc.contract.total_amount`, `derived=True`; a cumulative share
(`验收合格后支付至合同总额的90%`) counts what it adds to the shares before
it. A balance with neither amount nor share (`余款在验收合格后付清`,
`按审定价一次性付清余款`) is no installment: its value is not written.

Not installments: the total stated as such; amounts in damages sentences
(违约金, 赔偿, 扣除 … but an offset against a prepayment, `从已支付的预付款中
扣除`, is settlement); deposits the payee posts (押金, 履约保证金, 租赁保证金,
保函; a 质保金 or `尾款…作为保证金` kept back from the price is an
installment); refunds; a fee for a mishap (`如丢失应当支付10元配钥匙费用`);
a payment made before (`已支付12000万元预付款`); shares of proceeds or
interest (`收益的50%`) and escalations (`上浮3%`); price tables.

`trigger` is the condition as written (`合同签订后30日内`, for a periodic
amount the condition sentence of its clause); `due_days`/`due_day_kind`/
`due_basis` read its `N(个工作)日内` and what that counts from.

Why one module: an installment's amount, share, trigger and due term are read
from one clause together (each depends on where the others were found); the
parsers it needs already live in `parsers/`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from hetong.extractors import due_dates
from hetong.extractors.parsers.durations import parse_days, parse_period_months
from hetong.extractors.parsers.money import FOREIGN_CURRENCY_BEFORE, parse_money
from hetong.extractors.parsers.numerals import NUMBER, parse_cn_int, short_text_cache
from hetong.extractors.parsers.rates import parse_rate
from hetong.extractors.penalties import is_damages
from hetong.extractors.shared.spans import Span, clause_bounds, clause_number, sentences, split
from hetong.models import Cell, Document, Payment, Table

_CENT = Decimal("0.01")
_CN = "零〇一二三四五六七八九十两"

# -- amounts and shares ------------------------------------------------------------

_CAPITAL = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿"
# located here, valued by parse_money
_MONEY = re.compile(
    r"[¥$]\s*\d[\d,]*(?:\.\d+)?(?:\s*(?:万元|元|万))?"
    r"|(?<![\d.,])\d[\d,]*(?:\.\d+)?\s*(?:万元|元)"
    rf"|[{_CAPITAL}]+[元圆](?:[{_CAPITAL}]角)?(?:[{_CAPITAL}]分)?整?"
    rf"|[{_CAPITAL}]*[万仟佰拾][{_CAPITAL}]*整"
    # bare figures only where they restate a payment: 即106000.00, 人民币150000
    r"|(?<=[即计])\s*\d[\d,]*\.\d{2}(?![\d%])|人民币\s*\d[\d,]*(?:\.\d+)?(?![\d,.%]|\s*[万元])"
)
# between an amount in words and the same amount in digits after it: 元整（¥…,
# 元整（小写：…, 元整，小写：…, 元整。小写：…; then the digits
_RESTATED = re.compile(
    r"\s*(?:[(\[]\s*(?:小写|人民币|金额)?|[,。;]?\s*[(\[]?\s*小写\s*[)\]]?\s*(?:金额)?)\s*:?\s*(?:人民币)?\s*"
)
_DIGITS = re.compile(r"[¥$]?\s*\d[\d,]*(?:\.\d+)?(?![\d%.])(?:\s*(?:万元|元|万))?")
_TOTAL = re.compile(r"(?:合同|项目)?(?:总价款?|总额|总金额|合同金额|合同价款?)(?:为|是|:)")
# a price per unit, not an installment: 每个点位500元, 单价, 200元/人天
_UNIT_PRICE_BEFORE = re.compile(r"单价|每(?:个|人|台|套|项|件|小时|人天|人月)")
_UNIT_PRICE_AFTER = re.compile(r"^\s*/\s*\S")
# a price per period (`12,231,893.00 元/年`, `2250元/月`) is a periodic amount,
# not a unit price; `40.33元/m²/月` is a unit price
_PER_PERIOD_AFTER = re.compile(r"^\s*/\s*(?P<unit>季度|半年|年|月)(?![^\s,;。]*/)")
# a factor of a product (`12200元×12个月 = 146,400.00元`): the amount is the product
_FACTOR_AFTER = re.compile(r"^\s*[×xX*]\s*[0-9一二三四五六七八九十两]")
_SHARE = re.compile(rf"(?<![0-9.])[0-9]+(?:\.[0-9]+)?\s*%|{NUMBER}分之{NUMBER}")
_NOT_A_SHARE = re.compile(
    r"(?:税率?|含税|增值税|≥|>|≤|<|不低于|不少于|达到|低于"
    # an escalation (`后三年租金均为第一年租金上浮3%`, `每年递增5%`), not a share
    r"|上浮|下浮|递增|递减|增长|上涨|下调|上调|增加|提高)\s*$"
)
# a share of proceeds, profit or interest is not a share of the price
# (`乙方应将收益的50%支付给甲方，作为借款利息`, `按年度经营收入的9.5%支付`)
_OF_PROCEEDS = re.compile(r"(?:收益|利润|盈利|收入|营业额|营收|流水|销售额|回款|利息|股息|分红)[^,;。]{0,4}?的?\s*$")

# -- what a phrase says ---------------------------------------------------------------

# Every alternative of _PAYS and _STAGE starts with a literal character, so
# re skips ahead to those characters instead of trying every position: they
# are searched in every sentence of the contract.
_PAYS = re.compile(r"支付(?!方式)|付款(?!方式)|付清|拨付|付至|结清|付给|预付(?!款)")
# 验收合格后支付至合同总额的90%: the share is cumulative
_CUMULATIVE = re.compile(r"(?:支付|付款|付)至|累计(?:支付|付款|付)")
_REMAINDER = re.compile(r"尾款|余款|剩余(?:款项|款|部分|合同款|费用)|其余(?:款项|部分)|余额")
_STAGE = re.compile(
    rf"第[{_CN}\d]+(?:次|期|笔|阶段)(?:付款|款|支付)?|首期款?|首付款?|预付款|进度款|质保金|质量保证金"
    # a year's rent or fee of a schedule by year: 第一年租金…146,400.00元
    rf"|第[{_CN}\d]+年度?的?(?:租金|房租|租赁费用?|服务费|费用)"
    rf"|保证金(?<!履约保证金)(?<!投标保证金)|{_REMAINDER.pattern}"
)
_PAYS_OR_STAGE = re.compile(f"{_PAYS.pattern}|{_STAGE.pattern}")  # one scan of each sentence
# Not installments of the price: a deposit the payee posts (押金, 履约保证金,
# 保函) unless it is money kept back from the price (`尾款58400元作为保证金`,
# `其余3%作为质保金`); a refund; a fee for a mishap; a payment made before.
_DEPOSIT = re.compile(r"押金|保证金|保函|担保金")
_RETAINED = re.compile(r"(?:尾款|余款|剩余|其余|暂扣|扣留|预留)[^。;]{0,30}?作为[^,;。]{0,6}?保证金|质保金")
_POSTED = re.compile(
    r"(?:提供|提交|缴纳|交纳|缴付|交付|收取)[^,;。]{0,12}?(?:押金|保证金|保函|质保金|担保金)"
    r"|(?:押金|保证金|保函|质保金)[^,;。]{0,6}?(?:提供|提交|缴纳|交纳)"
)
_REFUND = re.compile(r"退还|返还|退回|退款")
# paid to someone who is not a party: 物业费由乙方自行向物业公司支付
_THIRD_PARTY = re.compile(
    r"(?:向|给|至|交纳|缴纳)(?:相关|当地)?(?:物业(?:公司|服务企业|管理(?:公司|单位|部门))|供电|供水|供气|燃气|电力|自来水|收费|税务)"
    r"[^,;。]{0,4}?(?:公司|部门|单位|机构|局)?"
)
_CONTINGENT = re.compile(
    r"(?:如|若|如果|倘若|假如|一旦)[^,;。]{0,10}?(?:丢失|遗失|损坏|损毁|毁损|超出|超过|增加|新增|额外|变更|延长)"
)
_PAST = re.compile(r"已(?:经)?(?:向[^,;。后]{1,12}?)?(?:支付|付|拨付|缴纳|交纳|预付)")
# phrases of a payment sentence; a colon ends a label (第一次付款：, 付款方式：)
_PHRASE = re.compile(r"[。;!?\n\t|:]|(?<![0-9]),|,(?![0-9])")

# -- periods ------------------------------------------------------------------------------

_EACH = re.compile(r"每(?P<unit>季度|个?月|年|半年|期|次)")
_BY_PERIOD = re.compile(r"按(?P<unit>季度|月|年|半年)(?:度)?(?:支付|付款|结算)")
_MONTHS_PER = {"季度": 3, "月": 1, "个月": 1, "年": 12, "半年": 6}
_COUNT = re.compile(rf"(?:共|分)(?:为|成|支付|付款|计)?\s*(?P<n>{NUMBER})\s*个?(?:季度|期|次|笔|个月|年度|年)")
_SERVICE_PERIOD = re.compile(
    r"(?:服务|维护|运维|运营|合同)(?:期限|期|周期)[^。;\n]{0,12}"
    # a lease term is often counted from an event: 租赁期限自本协议经审批通过之日起三年
    r"|(?:租赁|承租)(?:期限|期)[^。;\n]{0,30}|租期[^。;\n]{0,30}"
)
_MAX_PERIODS = 60
_A_YEAR = re.compile(rf"第[{_CN}\d]+(?:个)?年")
_ESCALATES = re.compile(r"(?:递增|上浮|上涨|增长|调增|上调)[^,;。]{0,6}?(?:[0-9.]+\s*%|百分之)")
_ONCE = re.compile(r"一次性|一次付清")
# a fee named by its period: 月租金, 年租金, 季度服务费
_PERIOD_FEE = re.compile(r"(?P<unit>季度|半年|月|年)度?(?:租金|房租|租赁费|服务费|费用)")
_UNIT = {"个月": "月"}  # one name per period
# paying the whole price in one go: 一次性付清, 支付全款, 款到发货 (not an
# option left open: `先款后货/先货后款`)
_LUMP_SUM = re.compile(
    r"(?<!/)(?:一次性(?:支付|付清|结清|付款|拨付)|(?:支付|付清)全(?:款|额|部(?:合同)?(?:款项|价款|货款))"
    r"|全(?:款|额)(?:支付|付清)|款到发货|先款后货)(?!\s*/)"
)
# the payer pays the total, stated once: 甲方缴交每人训练费用总金额为新台币6,750元
_PAYS_TOTAL = re.compile(r"(?:支付|缴交|缴纳|交纳|缴付)[^,;。]{0,12}?总(?:金额|价款?|额|费用)(?:为|是|:)?")
_OPTION = re.compile(r"^(?:如|若|如果|倘若|假如)")  # 如3年一次性支付，给予93折: an option, not the schedule

# -- triggers and due rules ------------------------------------------------------------------

# a phrase that says when: 合同签订后, 7 月底前, 30日内, 服务期满, 每季度末
_WHEN = re.compile(r"后|前|内|满|之日起|届满|到期|末")
_LEAD = re.compile(
    rf"^(?:第[{_CN}\d]+[章条]|\(\d{{1,2}}\)|\d{{1,2}}(?:\.\d{{1,2}})*[.、]?|[{_CN}]{{1,3}}、|\([{_CN}]{{1,3}}\))\s*"
    rf"|^(?:{_STAGE.pattern}|付款方式|支付方式|结算方式)\s*:?\s*"
)
_CUT = re.compile(rf"{_PAYS.pattern}|退还|返还")  # where the condition of a paying phrase ends
_SUBJECT = re.compile(r"^(?:由?[甲乙]方(?!向)(?:应|须|需|将)?(?:在|于)?|该(?:费用|款项|笔款)(?:在|于)?|在|于|应|须|并|待)+")
_ACTOR = re.compile(r"(?:由|经)?(?:[甲乙]方)?(?:应当|应|须|需|将)?(?:向[甲乙]方)?(?:一次性|分期)?(?:无息)?\s*$")
_DAYS = re.compile(rf"{NUMBER}\s*个?\s*(?:工作日|自然日|日历日|天|日)(?:内|之内|以内)")
_BASES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("signing", re.compile(r"签订|签署|签字|生效")),
    ("invoice", re.compile(r"发票")),
    ("acceptance", re.compile(r"验收|终验|初验|考核")),
    ("period_end", re.compile(r"期满|届满|结束|到期")),
    ("delivery", re.compile(r"递交|交付|提交|进场")),
    ("approval", re.compile(r"审核|审批|批准|拨款")),
)

# -- tables ----------------------------------------------------------------------------------

_COL_AMOUNT = re.compile(r"金额|款额|付款额|支付额|价款")
_COL_SHARE = re.compile(r"比例|百分比|%")
_COL_TRIGGER = re.compile(r"条件|时间|节点|说明|方式|期限")
_TABLE_PAYS = re.compile(r"付款|支付|期次|阶段|批次|分期")
_UNIT_IN_HEADER = re.compile(r"\((?P<u>万元|元|千元)\)|单位\s*:\s*(?P<u2>万元|元)")
_TOTALS_ROW = re.compile(r"^(?:合计|总计|小计|共计|总额)")
_FIGURE = re.compile(rf"[0-9{_CAPITAL}]")


@dataclass
class _Installment:
    """An installment being read from the phrases of one sentence."""

    opener: Span  # the phrase that pays or names the stage
    pieces: list[Span] = field(default_factory=list)  # phrases after the opener
    context: list[Span] = field(default_factory=list)  # phrases before it in the sentence
    amount: Decimal | None = None
    share: Decimal | None = None
    pays: bool = False
    each: str | None = None  # period of a periodic amount: 季度, 月 …
    cumulative: bool = False  # the share is of everything paid so far
    when: bool = False  # a phrase of it says when it is paid
    stated: Span | None = None  # the sentence stating its amount, when it is not in its own

    @property
    def phrases(self) -> list[Span]:
        return [self.opener, *self.pieces]

    @property
    def has_value(self) -> bool:
        return self.amount is not None or self.share is not None


_FIGURE = re.compile(r"[0-9一二三四五六七八九十百千两兩〇零壹贰叁肆伍陆柒捌玖拾佰仟]")


def _note_unread_amounts(doc: Document, sentence: Span) -> None:
    """An amount in a payment sentence that the money parser refuses (a
    foreign currency, a form it does not read whole) yields no installment;
    the export says so."""
    for m in _MONEY.finditer(doc.text, sentence.start, sentence.end):
        if not _FIGURE.search(m.group(0)):
            continue  # a blank of a form (＿＿万元): nothing written, nothing to read
        foreign = FOREIGN_CURRENCY_BEFORE.search(doc.text, max(0, m.start() - 8), m.start())
        if foreign or parse_money(m.group(0)) is None:
            doc.note_unread("payments.amount", m.start(), m.end(),
                            "an amount in a payment clause that the money parser does not read whole: "
                            "no installment taken from it")


def extract(doc: Document) -> list[Payment]:
    found: list[tuple[int, Payment]] = []
    tables = _payment_tables(doc)
    for table in tables:
        found += _table_installments(doc, table)
    paid_share = Decimal(0)
    ranged, rent_spans = _rent_by_range(doc)
    found += ranged
    previous: Span | None = None
    for sentence in sentences(doc.text):
        if tables and any(t.start <= sentence.start <= t.end for t in tables):
            continue
        if any(a < sentence.end and sentence.start < b for a, b in rent_spans):
            previous = None
            continue
        insts = _sentence_installments(sentence, doc.text)
        if _PAYS.search(sentence.text):
            _note_unread_amounts(doc, sentence)
        if not insts and previous is not None and (inst := _stated_then_paid(doc, previous, sentence)):
            insts = [inst]
        previous = sentence
        for inst in insts:
            if inst.share is not None:
                if inst.cumulative and inst.share > paid_share:
                    inst.share -= paid_share
                paid_share += inst.share
            found += _expand(doc, inst)
    if not found:
        found = _even_periods(doc) or _lump_sum(doc) or _pays_the_total(doc)
    found.sort(key=lambda f: f[0])
    payments = _drop_restated_total(doc, [p for _, p in found])
    for seq, p in enumerate(payments, start=1):
        p.seq = seq
    return due_dates.for_document(doc, payments)  # due_on / due_rule of each (extractors/due_dates.py)


# -- prose -------------------------------------------------------------------------------------


def _pays(text: str) -> bool:
    """Does the phrase pay? 首付款 / 第一次付款 only name a stage."""
    return bool(_PAYS.search(_STAGE.sub("", text)))


def _sentence_installments(sentence: Span, text: str) -> list[_Installment]:
    if is_damages(sentence.text) or not _PAYS_OR_STAGE.search(sentence.text):
        return []
    out: list[_Installment] = []
    current: _Installment | None = None
    before: list[Span] = []
    for piece in split(text, _PHRASE, sentence.start, sentence.end):
        if _PAST.search(piece.text):
            # 已向乙方支付12000万元预付款: paid before, not an installment
            amount, per, share, pays, stages = None, None, None, False, set()
        else:
            amount, per = next(_amounts(text, piece.start, piece.end), (None, None))
            share, pays = _share(piece.text), _pays(piece.text)
            stages = set(_STAGE.findall(piece.text))
        if pays or stages:
            # a new installment, unless this phrase only says when the open one
            # is paid (`尾款 58400 元作为保证金，保证金待…后 30 个工作日内支付`)
            named = {w for p in current.phrases for w in _STAGE.findall(p.text)} if current else set()
            if current is None or (current.has_value and (
                amount is not None or share is not None or stages - named or current.when
            )):
                current = _Installment(opener=piece, context=[] if out else before)
                out.append(current)
            current.pays = current.pays or pays
            current.cumulative = current.cumulative or bool(_CUMULATIVE.search(piece.text))
        if current is None:
            before.append(piece)
            continue
        if piece is not current.opener:
            current.pieces.append(piece)
        current.when = current.when or _condition(piece.text) is not None
        each = _EACH.search(piece.text)
        if amount is not None and current.amount is None:
            current.amount = amount
            current.each = current.each or per or (each.group("unit") if each else None)
        if share is not None and current.share is None:
            current.share = share
            current.each = current.each or (each.group("unit") if each else None)
    if len(out) == 1 and out[0].pays and not out[0].has_value and out[0].context:
        # `月租金为人民币3000元，按月支付`: the fee stated before the paying phrase
        inst = out[0]
        first, last = inst.context[0], inst.context[-1]
        fee = _stated_fee(text, first.start, last.end)
        paid, each = _paid_as_stated(" ".join(p.text for p in inst.phrases), fee[1]) if fee else (False, None)
        if fee and paid and not any(_STAGE.search(p.text) for p in inst.phrases):
            inst.amount, inst.each = fee[0], each
            inst.stated = Span(first.start, last.end, text[first.start : last.end])
    kept = []
    for inst in out:
        # a balance with neither amount nor share is not an installment
        # (`按审定价一次性付清余款`): its value is not written
        if not inst.has_value or not _scheduled(inst):
            continue
        # the period may be named in a phrase before the amount
        # (`每季度结束…后20个工作日内，采购人支付当季度服务费540,000.00元`)
        inst.each = inst.each or next(
            (m.group("unit") for p in [*inst.context, *inst.phrases]
             if (m := _EACH.search(p.text) or _BY_PERIOD.search(p.text))),
            None,
        )
        kept.append(inst)
    return kept


def _scheduled(inst: _Installment) -> bool:
    """Is the installment part of the price schedule? Not a deposit the
    payee posts (押金, 履约保证金, 保函; a 质保金 kept back from the price is
    one, and so is its return), a refund, a fee paid to someone else
    (`物业费由乙方自行向物业公司支付`), nor a fee for a mishap
    (`如丢失应当支付10元配钥匙费用`)."""
    opener = _strip_lead(inst.opener.text)
    words = "".join(p.text for p in inst.phrases)
    retained = _RETAINED.search(words)
    if (_REFUND.search(opener) and not retained) or _CONTINGENT.match(opener):
        return False
    if inst.context and _CONTINGENT.match(_strip_lead(inst.context[-1].text)):
        return False
    if _THIRD_PARTY.search(words):
        return False
    return not (_DEPOSIT.search(words) and (_POSTED.search(words) or not retained))


def _stated_then_paid(doc: Document, stated: Span, sentence: Span) -> _Installment | None:
    """A fee stated in one sentence and paid by the next, on the same line
    (`律师代理费:8000元整。该费用在本合同签订之日一次性支付完毕。`,
    `总费用为 12,231,893.00 元/年,大写:…元整。合同签订后 7 个工作日内支付。`):
    one installment of that fee, or one per period of a fee per period."""
    text = doc.text
    if not _PAYS.search(sentence.text) or "\n" in text[stated.end : sentence.start]:
        return None
    if doc.clause_at(stated.start) != doc.clause_at(sentence.start):
        return None
    if is_damages(sentence.text) or _STAGE.search(sentence.text) or _amount(sentence.text) or _share(sentence.text):
        return None
    pieces = split(text, _PHRASE, sentence.start, sentence.end)
    opener = next((p for p in pieces if _pays(p.text)), None)
    fee = _stated_fee(text, stated.start, stated.end)
    if opener is None or fee is None:
        return None
    paid, each = _paid_as_stated(sentence.text, fee[1])
    if not paid:
        return None
    inst = _Installment(opener=opener, context=pieces[: pieces.index(opener)], amount=fee[0], pays=True,
                        each=each, stated=stated)
    return inst if _scheduled(inst) else None


def _stated_fee(text: str, start: int, end: int) -> tuple[Decimal, str | None] | None:
    """The one fee text[start:end] states, not paying it (`律师代理费:8000元整`,
    `月租金为人民币3000元`), and its period (年, 月 …) if it is a fee per period."""
    span = text[start:end]
    if _PAYS_OR_STAGE.search(span) or _share(span) or is_damages(span) or _DEPOSIT.search(span):
        return None
    found = list(_amounts(text, start, end))
    if not found or len({value for value, _ in found}) != 1:
        return None
    per = next((p for _, p in found if p), None)
    if per is None and (m := _EACH.search(span) or _PERIOD_FEE.search(span)):
        per = m.group("unit")
    return found[0][0], _UNIT.get(per or "", per)


def _paid_as_stated(paying: str, per: str | None) -> tuple[bool, str | None]:
    """Does a paying text pay the fee stated before it, and per which period:
    per the fee's own period (`月租金为3000元，按月支付`, `X元/年…合同签订后
    7个工作日内支付`: (True, period)), once (`一次性支付`: (True, None)). Not
    when it does not say, pays in a count of parts (`分四期支付`), or pays per
    a period the fee is not of (a monthly rent paid quarterly;
    `服务费为40万元，按季度支付` splits a total): (False, None)."""
    if _COUNT.search(paying):
        return False, None
    how = _EACH.search(paying) or _BY_PERIOD.search(paying)
    unit = _UNIT.get(how.group("unit"), how.group("unit")) if how else None
    if unit not in (None, *_MONTHS_PER) or (unit and unit != per):
        return False, None
    if unit or per:
        return True, unit or per
    return bool(_ONCE.search(paying)), None


def _amount(text: str, start: int = 0, end: int | None = None) -> Decimal | None:
    """The amount paid in text[start:end]: its first amount that is not the
    total. Written in capital numerals and restated in digits right after
    (`贰拾玖万叁仟贰佰元整（¥295,200.00）`, `壹拾伍万元整，小写：¥150,000.00元`,
    looked for past `end` too), it is the digits: where the two disagree the
    words are the slip (flags.amount_words_mismatch reports it)."""
    return next((value for value, _ in _amounts(text, start, end)), None)


def _amounts(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[Decimal, str | None]]:
    """Every amount paid in text[start:end] as (value, period): the period of
    a price per period (`元/年` → 年), else None. Totals, unit prices and the
    factors of a product (`12200元×12个月 = 146,400.00元`: only the product)
    are not amounts paid."""
    end = len(text) if end is None else end
    for m in _MONEY.finditer(text, start, end):
        head = text[start : m.start()]
        if _TOTAL.search(head) and not _PAYS.search(head):
            continue  # 合同总价为¥…
        tail = text[m.end() : end]
        per = _PER_PERIOD_AFTER.match(tail)
        if _UNIT_PRICE_BEFORE.search(head) or (_UNIT_PRICE_AFTER.match(tail) and not per):
            continue
        if _FACTOR_AFTER.match(tail):
            continue
        if FOREIGN_CURRENCY_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue  # USD 20,000元: not yuan
        value = parse_money(m.group(0))
        if value is not None and value > 0:
            if m.group(0)[0] in _CAPITAL and (digits := _restated_in_digits(text, m.end())) is not None:
                value = digits
            yield value, per.group("unit") if per else None


def _restated_in_digits(text: str, pos: int) -> Decimal | None:
    """The digits restating an amount in words that ends at `pos`, if any."""
    gap = _RESTATED.match(text, pos)
    m = _DIGITS.match(text, gap.end()) if gap else None
    if m is None or not re.search(r"\d", m.group(0)):
        return None
    value = parse_money(m.group(0))
    return value if value is not None and value > 0 else None


def _share(text: str) -> Decimal | None:
    for m in _SHARE.finditer(text):
        if _NOT_A_SHARE.search(text[: m.start()]) or _OF_PROCEEDS.search(text[: m.start()]):
            continue
        rate = parse_rate(m.group(0))
        if rate is not None and 0 < rate <= 1:
            return rate
    return None


# -- triggers --------------------------------------------------------------------------------


def _strip_lead(text: str) -> str:
    """Drop numbering and stage labels: `5.2.1 第一期:` → ``."""
    while (stripped := _LEAD.sub("", text)) != text:
        text = stripped
    return text


# A pure function of the phrase, asked of each phrase of a payment sentence
# and again when the installment's trigger is put together.
@short_text_cache
def _condition(phrase: str) -> str | None:
    """When a phrase says to pay: its words before the paying verb, without
    the actor (`甲方向乙方`); the whole phrase when it does not pay."""
    text = _strip_lead(phrase)
    if m := _CUT.search(_STAGE.sub(lambda x: " " * len(x.group(0)), text)):
        text = text[: m.start()]
    text = _ACTOR.sub("", _SUBJECT.sub("", text)).strip(" ,")
    return text if _WHEN.search(text) else None


def _trigger(inst: _Installment) -> tuple[str | None, int]:
    """The installment's condition as written (`合同签订后30日内`, `一年服务期满,
    且经甲方验收合格后30日内`) and where the text it comes from starts."""
    parts: list[str] = []
    start = inst.opener.start
    for piece in inst.phrases:
        if cond := _condition(piece.text):
            parts.append(cond)
        if parts and _pays(piece.text):
            break
    if not parts:
        # before the paying phrase: 合同签订后,在…审核批准后15日内,甲方向乙方支付
        for piece in reversed(inst.context):
            cond = _condition(piece.text)
            if not cond:
                break
            parts.insert(0, cond)
            start = piece.start
            if _DAYS.search(cond):
                break
    return ",".join(parts) or None, start


def _sentence_trigger(doc: Document, sentence: Span) -> str | None:
    """The condition of the first paying phrase of a sentence."""
    pieces = split(doc.text, _PHRASE, sentence.start, sentence.end)
    for i, piece in enumerate(pieces):
        if _pays(piece.text):
            return _trigger(_Installment(opener=piece, context=pieces[:i]))[0]
    return None


def _clause_trigger(doc: Document, pos: int) -> str | None:
    """A periodic amount's condition is often a sentence of its own in the
    clause: `在每季度考核验收后20日内,支付上一季度技术服务费`."""
    start, end = clause_bounds(doc, pos)
    for sentence in sentences(doc.text, start, end):
        if not (_PAYS.search(sentence.text) and _DAYS.search(sentence.text)) or is_damages(sentence.text):
            continue
        if any(_amount(p.text) is not None for p in split(doc.text, _PHRASE, sentence.start, sentence.end)):
            continue
        return _sentence_trigger(doc, sentence)
    return None


def _due(trigger: str | None) -> tuple[int | None, str | None, str | None]:
    """(days, calendar|working, basis) of `…后30个工作日内`; the basis is the
    event named closest before the days."""
    if not trigger:
        return None, None, None
    m = _DAYS.search(trigger)
    head = trigger[: m.start()] if m else trigger
    basis, best = None, -1
    for name, pattern in _BASES:
        for b in pattern.finditer(head):
            if b.end() > best:
                best, basis = b.end(), name
    parsed = parse_days(m.group(0)) if m else None
    if parsed is None:
        return None, None, basis
    return parsed[0], parsed[1], basis


# -- periodic ----------------------------------------------------------------------------------


def _expand(doc: Document, inst: _Installment) -> list[tuple[int, Payment]]:
    trigger, start = _trigger(inst)
    trigger = trigger or _clause_trigger(doc, inst.opener.start)
    if inst.stated is not None:
        start = min(start, inst.stated.start)
    end = inst.phrases[-1].end
    amount, derived = inst.amount, False
    total = doc.contract.total_amount
    if amount is None and inst.share is not None and total:
        amount, derived = _times(inst.share, total), True
    count = _period_count(doc, inst, amount) if inst.each else 1
    per = _MONTHS_PER.get(inst.each or "")
    if per and count * per > 12 and _one_year_only(doc, inst):
        count = max(12 // per, 1)
    rule = "payments.periodic" if count > 1 else "payments.stated_then_paid" if inst.stated else "payments.prose"
    payment = _payment(doc, start, end, rule, amount, inst.share, trigger, derived)
    return [(start, payment.model_copy()) for _ in range(count)]


def _one_year_only(doc: Document, inst: _Installment) -> bool:
    """Is a periodic amount the amount of one year only? Of a year named
    (`第一年租金为每月1万元`), or of the first year when the clause raises
    it later (`以后每年递增5%`): the later amounts are not written."""
    if any(_A_YEAR.search(p.text) for p in [*inst.context, *inst.phrases]):
        return True
    start, end = clause_bounds(doc, inst.opener.start)
    return bool(_ESCALATES.search(doc.text, start, end))


def _period_count(doc: Document, inst: _Installment, amount: Decimal | None) -> int:
    start, end = clause_bounds(doc, inst.opener.start)
    for sentence in sentences(doc.text, start, end):
        if m := _COUNT.search(sentence.text):
            n = parse_cn_int(m.group("n"))
            if n and 1 < n <= _MAX_PERIODS:
                return n
    # The service term counts the periods independently of the amounts;
    # total ÷ amount comes last because it makes the installments add up by
    # construction and would hide a mistyped amount from the sum check.
    months, per = _service_months(doc), _MONTHS_PER.get(inst.each or "")
    if months and per and months % per == 0 and 1 < months / per <= _MAX_PERIODS:
        return int(months / per)
    if inst.share and (1 / inst.share) == (1 / inst.share).to_integral_value():
        return int(1 / inst.share)
    total = doc.contract.total_amount
    if amount and total and total % amount == 0 and 1 < total / amount <= _MAX_PERIODS:
        return int(total / amount)
    return 1


def _service_months(doc: Document) -> Decimal | None:
    c = doc.contract
    if c.service_start and c.service_end and c.service_end > c.service_start:
        months = round(((c.service_end - c.service_start).days + 1) / 30.4)
        if months:
            return Decimal(months)
    for m in _SERVICE_PERIOD.finditer(doc.text):
        if months := parse_period_months(m.group(0)):
            return months
    return None


# -- tables --------------------------------------------------------------------------------------


def _payment_tables(doc: Document) -> list[Table]:
    out = []
    for table in doc.tables:
        header = " ".join(c.text for c in table.rows[0])
        if (_COL_AMOUNT.search(header) or _COL_SHARE.search(header)) and _TABLE_PAYS.search(header):
            out.append(table)
    return out


def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, h in enumerate(header) if pattern.search(h)), None)


def _cell(row: list[Cell], col: int | None) -> str:
    return row[col].text if col is not None and col < len(row) else ""


def _table_installments(doc: Document, table: Table) -> list[tuple[int, Payment]]:
    header = [c.text for c in table.rows[0]]
    col_amount, col_share = _column(header, _COL_AMOUNT), _column(header, _COL_SHARE)
    col_trigger = _column(header, _COL_TRIGGER)
    unit = None
    if col_amount is not None and (m := _UNIT_IN_HEADER.search(header[col_amount])):
        unit = m.group("u") or m.group("u2")
    total = doc.contract.total_amount
    out: list[tuple[int, Payment]] = []
    for row in table.rows[1:]:
        label = next((c.text for c in row if c.text), "")
        if not label or _TOTALS_ROW.match(label):
            continue
        amount_text, share_text = _cell(row, col_amount), _cell(row, col_share)
        amount = parse_money(amount_text, unit=unit) if amount_text else None
        share = parse_rate(share_text) if share_text else None
        if amount is None and share is None and not _FIGURE.search(amount_text):
            continue
        # an amount cell that does not parse is kept as an installment without
        # amount (visible), not dropped
        derived = False
        if amount is None and share is not None and total:
            amount, derived = _times(share, total), True
        trigger = _cell(row, col_trigger) or None
        start, end = row[0].start, row[-1].end
        out.append((start, _payment(doc, start, end, "payments.table", amount, share, trigger, derived)))
    return out


# -- lump sum and clean-up ---------------------------------------------------------------------


def _lump_sum(doc: Document) -> list[tuple[int, Payment]]:
    total = doc.contract.total_amount
    if not total:
        return []
    for sentence in sentences(doc.text):
        m = _LUMP_SUM.search(sentence.text)
        if not m or is_damages(sentence.text):
            continue
        phrase = next((p.text for p in split(sentence.text, _PHRASE) if p.start <= m.start() < p.end), "")
        if _OPTION.match(_strip_lead(phrase)) or _REMAINDER.search(sentence.text):
            continue  # an option (如…一次性支付), or a balance paid in one go
        payment = _payment(doc, sentence.start, sentence.end, "payments.lump_sum",
                           total.quantize(_CENT), None, _sentence_trigger(doc, sentence), True)
        return [(sentence.start, payment)]
    return []


def _pays_the_total(doc: Document) -> list[tuple[int, Payment]]:
    """No schedule, but the payer pays the total (`甲方缴交每人训练费用总金额为
    新台币 6,750元`): one installment of it."""
    total = doc.contract.total_amount
    if not total:
        return []
    for sentence in sentences(doc.text):
        m = _PAYS_TOTAL.search(sentence.text)
        if not m or is_damages(sentence.text) or _DEPOSIT.search(sentence.text):
            continue
        start = sentence.start + m.end()
        money = _MONEY.search(doc.text, start, sentence.end)
        if money and not doc.text[start : money.start()].strip(" 人民币新台币") and parse_money(money.group(0)) == total:
            payment = _payment(doc, sentence.start, sentence.end, "payments.pays_total",
                               total.quantize(_CENT), None, _sentence_trigger(doc, sentence), False)
            return [(sentence.start, payment)]
    return []


# -- rent by date range ------------------------------------------------------------------------

# `从2024.8到2025.2房租为人民币肆仟玖佰圆整(4900元整)`: a monthly rent for the
# months of a range; `7.30到7.31的房租为…(316元)`: the rent of a part month
_RENT_RANGE = re.compile(
    r"(?P<range>(?:(?P<y1>\d{4})\s*[.年/-]\s*(?P<m1>\d{1,2})|(?P<mm1>\d{1,2})\s*[.月/]\s*(?P<d1>\d{1,2}))\s*[月日号]?\s*"
    r"(?:到|至|—|-|~)\s*"
    r"(?:(?:(?P<y2>\d{4})\s*[.年/-]\s*)?(?P<m2>\d{1,2})(?!\s*[.月/]\s*\d)|(?P<mm2>\d{1,2})\s*[.月/]\s*(?P<d2>\d{1,2})))"
    r"\s*[月日号]?\s*(?:期间)?的?\s*(?:房租|租金)(?:标准)?(?:为|是|:)?"
)
_MONTHLY_RENT = re.compile(
    r"(?:每月|按月|每个月|月付|一月一付)[^,;。]{0,6}?(?:支付|交纳|缴纳|交付|给付|付)|租金每月\d{1,2}日"
)
_PHRASE_END = re.compile(r"[,;。\n]")


def _rent_by_range(doc: Document) -> tuple[list[tuple[int, Payment]], list[tuple[int, int]]]:
    """Rent written per range of months, in a clause that pays rent monthly:
    one installment per month of each range; a range of days (the part month
    at the start or end of the term) is one installment. Also returns where
    they were read, so the sentences there are not read again."""
    text = doc.text
    found: list[tuple[int, Payment]] = []
    spans: list[tuple[int, int]] = []
    for m in _RENT_RANGE.finditer(text):
        start, end = clause_bounds(doc, m.start())
        monthly = _MONTHLY_RENT.search(text, start, end)
        stop = _PHRASE_END.search(text, m.end())
        stop_at = stop.start() if stop else len(text)
        amount = _amount(text, m.end(), stop_at)
        count = _months_in_range(m)
        if not monthly or amount is None or not count or is_damages(text[m.start() : stop_at]):
            continue
        trigger = f"{m.group('range')},{monthly.group(0)}"
        payment = _payment(doc, m.start(), stop_at, "payments.rent_range", amount, None, trigger, False)
        found += [(m.start(), payment.model_copy()) for _ in range(count)]
        spans.append((m.start(), stop_at))
    return found, spans


def _months_in_range(m: re.Match[str]) -> int | None:
    """Months from y1.m1 to y2.m2, both counted; 1 for a range of days within
    a month or across two; None when it is not a range of dates."""
    if m.group("mm1"):
        months, days = (m.group("mm1"), m.group("mm2")), (m.group("d1"), m.group("d2"))
        if m.group("mm2") is None or not all(1 <= int(x) <= 12 for x in months) \
                or not all(1 <= int(d) <= 31 for d in days):
            return None
        return 1
    if m.group("m2") is None:
        return None
    y1, m1, m2 = int(m.group("y1")), int(m.group("m1")), int(m.group("m2"))
    y2 = int(m.group("y2")) if m.group("y2") else y1
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
        return None
    count = (y2 * 12 + m2) - (y1 * 12 + m1) + 1
    return count if 1 <= count <= _MAX_PERIODS else None


def _even_periods(doc: Document) -> list[tuple[int, Payment]]:
    """`服务费按季度支付` with no amount: the total in equal parts, one per period."""
    total = doc.contract.total_amount
    if not total:
        return []
    for sentence in sentences(doc.text):
        if is_damages(sentence.text) or not _pays(sentence.text):
            continue
        m = _BY_PERIOD.search(sentence.text) or _EACH.search(sentence.text)
        if not m or m.group("unit") not in _MONTHS_PER or _amount(sentence.text) or _share(sentence.text):
            continue
        inst = _Installment(opener=sentence, each=m.group("unit"))
        count = _period_count(doc, inst, None)
        if count < 2:
            continue
        amount = (total / count).quantize(_CENT, rounding=ROUND_HALF_UP)
        trigger = _sentence_trigger(doc, sentence) or _clause_trigger(doc, sentence.start)
        payment = _payment(doc, sentence.start, sentence.end, "payments.even_periods", amount, None, trigger, True)
        return [(sentence.start, payment.model_copy()) for _ in range(count)]
    return []


def _drop_restated_total(doc: Document, payments: list[Payment]) -> list[Payment]:
    """When installments add up to the total, an item of the total itself is
    the total restated, not one more installment."""
    total = doc.contract.total_amount
    if not total or len(payments) < 3:
        return payments
    rest = [p for p in payments if p.amount != total]
    if len(rest) < len(payments) and sum(p.amount or 0 for p in rest) == total:
        return rest
    return payments


def _times(share: Decimal, total: Decimal) -> Decimal:
    return (share * total).quantize(_CENT, rounding=ROUND_HALF_UP)


def _payment(
    doc: Document, start: int, end: int, rule: str, amount: Decimal | None, share: Decimal | None,
    trigger: str | None, derived: bool,
) -> Payment:
    days, kind, basis = _due(trigger)
    return Payment(
        seq=0,
        amount=amount,
        ratio=share,
        trigger=trigger,
        due_days=days,
        due_day_kind=kind,
        due_basis=basis,
        derived=derived,
        clause=clause_number(doc, start),
        evidence=doc.evidence(start, end, rule),
    )
