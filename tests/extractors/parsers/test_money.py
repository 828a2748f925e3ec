"""parse_money / is_capital_amount over the amount forms met in contracts."""

import re
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hetong.extractors.parsers.money import is_capital_amount, parse_money

FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")

MONEY_CASES = {
    "arabic_with_marks": [
        ("¥129800 元", "129800"), ("￥150,000.00元", "150000"), ("人民币1202000元整", "1202000"),
        ("1,202,000", "1202000"), ("60000元", "60000"), ("¥1202000元整", "1202000"),
        ("¥97,720.10", "97720.10"), ("1101886.79 元", "1101886.79"), ("（¥129800 元）", "129800"),
        ("¥1,286,000.00", "1286000"), ("RMB 5000", "5000"),
    ],
    "rounding_to_cents": [("1101886.785元", "1101886.79"), ("0.004元", "0.00"), ("0.005元", "0.01")],
    "wan_units": [("15万元", "150000"), ("15.5万元", "155000"), ("3万5千元", "35000"), ("1.2亿元", "120000000")],
    "capital_integers": [
        ("壹拾伍万元整", "150000"), ("陆万整", "60000"), ("壹拾贰万玖仟捌佰元整", "129800"),
        ("叁万贰仟肆佰伍拾元整", "32450"), ("伍仟元", "5000"), ("壹万圆整", "10000"),
        ("壹佰壹拾陆万捌仟元整", "1168000"), ("贰万伍仟元整", "25000"), ("壹拾元正", "10"),
    ],
    "capital_with_zero": [
        ("壹佰贰拾万零贰仟元整", "1202000"), ("陆拾万零壹仟元整", "601000"), ("叁拾陆万零陆佰元整", "360600"),
        ("贰拾肆万零肆佰元整", "240400"), ("壹拾万零伍佰元整", "100500"), ("壹亿零壹元整", "100000001"),
    ],
    "jiao_fen": [
        ("贰拾元伍角", "20.50"), ("叁佰元零伍分", "300.05"), ("壹佰元伍角陆分", "100.56"), ("伍角", "0.50"),
        ("伍分", "0.05"), ("肆拾捌万陆仟叁佰伍拾元伍角", "486350.50"), ("壹拾万元零伍分", "100000.05"),
        ("壹元零伍角", "1.50"),
    ],
    "labels_brackets_spaces": [
        ("人民币（大写）壹拾伍万元整", "150000"), ("（大写）壹拾伍万 元整", "150000"),
        ("大写：陆拾万零壹仟元整", "601000"), ("（人民币大写：叁拾陆万零陆佰元整）", "360600"),
        ("合计：壹佰贰拾万零贰仟元整", "1202000"), ("小写：（￥150,000.00）", "150000"),
        ("人民币（大写）:  壹拾伍万  元整", "150000"), ("计¥601000元", "601000"),
    ],
    "lowercase_chinese": [("一百二十万元", "1200000"), ("十五万元", "150000"), ("三千元", "3000"), ("两万元", "20000")],
    "full_width": [("１２０００元", "12000"), ("￥１５０，０００．００元", "150000"), ("１５万元", "150000")],
    "not_one_amount": [
        ("", None), ("元", None), ("整", None), ("人民币", None), ("壹拾伍万元整（¥150,000.00）", None),
        ("1.5角", None), ("金额为多少", None), ("-500元", None), ("15美元", None), ("10000000000000000", None),
        ("元整壹万", None), ("1,2,3元", None),
    ],
    # Traditional capitals: 萬 億 圓 貳 參 陸, 人民幣 / 大寫 / 金額 / 合計 / 總計
    "traditional_capitals": [
        ("肆佰叁拾萬圓整", "4300000"), ("人民幣壹拾伍萬元整", "150000"), ("人民币壹拾伍萬元整", "150000"),
        ("壹拾伍萬圓整", "150000"), ("貳萬伍仟元整", "25000"), ("參萬貳仟肆佰伍拾元整", "32450"),
        ("陸萬圓整", "60000"), ("壹億貳仟萬圓整", "120000000"), ("人民幣（大寫）壹佰貳拾萬零貳仟圓整", "1202000"),
        ("叄佰圓零伍分", "300.05"), ("陸拾萬零壹仟圓整", "601000"), ("大寫金額：貳拾肆萬零肆佰元整", "240400"),
        ("合計：壹佰萬元整", "1000000"), ("總計人民幣伍仟圓整", "5000"), ("壹萬圓整", "10000"),
        ("貳拾圓伍角", "20.50"), ("壹佰圓伍角陸分", "100.56"), ("陸角", "0.60"), ("壹億零壹圓整", "100000001"),
        ("人民幣（大寫）：壹拾伍萬 圓整", "150000"), ("（人民幣大寫：叁拾陸萬零陸佰圓整）", "360600"),
        ("肆拾捌萬陸仟叁佰伍拾圓伍角", "486350.50"), ("壹拾萬圓零伍分", "100000.05"), ("伍拾萬圓正", "500000"),
    ],
    "traditional_lowercase": [("兩萬元", "20000"), ("十五萬元", "150000"), ("一百二十萬元", "1200000"),
                              ("3萬5千元", "35000"), ("15.5萬元", "155000"), ("1.2億元", "120000000")],
    "chinese_decimal_before_wan_yi": [
        ("一点五万元", "15000"), ("二十点一万元", "201000"), ("十六点三亿元", "1630000000"), ("一點五萬元", "15000"),
        ("人民币三点五万元整", "35000"), ("零点八万元", "8000"), ("一点二五亿元", "125000000"),
    ],
    # an Arabic run after a Chinese unit is read as written
    "arabic_after_a_unit": [
        ("1万600元", "10600"), ("200亿零四千230元", "20000004230"), ("1万2000元", "12000"),
        ("1,500万元", "15000000"), ("20000万元", "200000000"), ("3千500元", "3500"), ("2万3500元", "23500"),
        ("1万6元", None), ("3千5元", None), ("1万60000元", None),
    ],
    # 角/分 follow 元; alone they are capitals (伍角). 20分 is a score or a
    # mark, not 0.20 yuan, and 二十五分 is not 20.05 yuan
    "jiao_fen_need_yuan": [
        ("20分", None), ("二十五分", None), ("25分", None), ("五分", None), ("5角", None), ("3万5角", None),
        ("壹拾伍分", None), ("二十元五角", "20.50"), ("20元5角", "20.50"), ("壹佰元伍角", "100.50"),
        ("伍角陆分", "0.56"), ("陆分", "0.06"), ("贰拾伍分", None), ("3元20分", None),
    ],
    # a CNY parser refuses money in any other currency
    "foreign_currency": [
        ("$5", None), ("$ 5,000.00", None), ("USD 5", None), ("USD5,000", None), ("US$5", None), ("5美元", None),
        ("5000美金", None), ("HK$5", None), ("HKD 5000", None), ("港币5000元", None), ("5000港元", None),
        ("港幣伍仟元", None), ("5欧元", None), ("€5", None), ("EUR 5", None), ("£5", None), ("5英镑", None),
        ("5000日元", None), ("JPY 5000", None), ("新台币5000元", None), ("＄5", None), ("5,000.00 USD", None),
        ("美元伍仟元整", None), ("壹万美元", None),
    ],
    # labels go before the amount, 人民币 may close it; nothing in between
    "labels_only_around": [
        ("伍万元整人民币", "50000"), ("5000元人民币", "5000"), ("壹拾人民币伍万元", None), ("5000元（含税）", None),
        ("壹拾伍万元整（¥150,000.00）", None), ("金额为：¥5,000.00元", "5000"), ("人民币：伍仟元整", "5000"),
    ],
    # The words and the figures of one amount are two amounts in one span:
    # None, as for 壹拾伍万元整（¥150,000.00） above. The capital part alone is
    # 150000 (traditional_capitals), never 15.
    "pair_with_traditional_capitals": [("人民币壹拾伍萬元整（¥150,000.00）", None)],
}

UNIT_CASES = [
    ("15", "万元", "150000"), ("120.2", "万元", "1202000"), ("1,202,000", "元", "1202000"),
    ("15万元", "万元", "150000"), ("60000元", "万元", "60000"), ("15", None, "15"), ("5", "千元", "5000"),
    ("15", "（万元）", "150000"), ("15", "美元", None), ("１５", "万元", "150000"),
]

CAPITAL_CASES = [
    ("壹拾伍万元整", True), ("人民币（大写）壹拾伍万元整", True), ("陆万整", True), ("贰拾元伍角", True),
    ("壹万圆整", True), ("15万元", False), ("一百二十万元", False), ("壹拾5万元", False), ("零元", False),
    ("壹拾伍万元整（¥150,000.00）", False), ("壹拾伍", True), ("", False), ("伍拾万元", True),
    ("肆佰叁拾萬圓整", True), ("人民幣壹拾伍萬元整", True), ("貳拾圓伍角", True), ("兩萬元", False),
    ("壹萬貳", False), ("一點五萬元", False), ("$伍仟元", False),
]


def _rows(table):
    return [pytest.param(text, want, id=f"{group}:{text}") for group, rows in table.items() for text, want in rows]


@pytest.mark.parametrize(("text", "want"), _rows(MONEY_CASES))
def test_parse_money(text, want):
    assert parse_money(text) == (None if want is None else Decimal(want))


@pytest.mark.parametrize(("text", "unit", "want"), [pytest.param(*row, id=f"{row[0]}|{row[1]}") for row in UNIT_CASES])
def test_parse_money_with_header_unit(text, unit, want):
    assert parse_money(text, unit=unit) == (None if want is None else Decimal(want))


@pytest.mark.parametrize(("text", "want"), [pytest.param(*row, id=row[0] or "empty") for row in CAPITAL_CASES])
def test_is_capital_amount(text, want):
    assert is_capital_amount(text) is want


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789.,¥元圆角分整零万亿壹贰叁拾佰仟一二十百千人民币大写（）: ")
               | st.characters(), max_size=30),
       st.sampled_from([None, "元", "万元", "美元"]))
def test_never_raises_and_returns_cents(text, unit):
    got = parse_money(text, unit=unit)
    assert got is None or (isinstance(got, Decimal) and got.as_tuple().exponent == -2)
    assert isinstance(is_capital_amount(text), bool)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**9))
def test_round_trips_rmb_capitals(n):
    words = cn2an.an2cn(n, "rmb")  # e.g. 壹佰贰拾万贰仟元整
    assert parse_money(words) == n
    assert is_capital_amount(words)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**11))
def test_round_trips_rmb_jiao_fen(cents):
    amount = Decimal(cents).scaleb(-2)
    words = cn2an.an2cn(f"{amount:.2f}", "rmb")  # e.g. 壹拾贰元零伍分, 伍角
    assert parse_money(words) == amount


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**13))
def test_round_trips_written_figures(cents):
    amount = Decimal(cents).scaleb(-2)
    assert parse_money(f"¥{amount:,.2f}元") == amount
    assert parse_money(f"￥{amount:,.2f}元".translate(FULL_WIDTH)) == amount


# Simplified → Traditional capitals, one character for one.
TRADITIONAL = str.maketrans("万亿元贰叁陆", "萬億圓貳參陸")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**15 - 1))
def test_round_trips_traditional_capitals(n):
    words = cn2an.an2cn(n, "rmb").translate(TRADITIONAL)  # e.g. 壹佰貳拾萬貳仟圓整
    assert parse_money(words) == n
    assert parse_money(f"人民幣{words}") == n
    assert is_capital_amount(words)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**13))
def test_round_trips_traditional_jiao_fen(cents):
    amount = Decimal(cents).scaleb(-2)
    words = cn2an.an2cn(f"{amount:.2f}", "rmb").translate(TRADITIONAL)  # e.g. 壹拾貳圓零伍分
    assert parse_money(words) == amount


def _cn2an_strict(numeral):
    # cn2an.an2cn writes 100005000 as 壹亿伍仟 (the rules for capital amounts
    # let 零 be dropped where the 万 digit is 0 and the 千 digit is not), but
    # cn2an.cn2an cannot read that back in any mode: the 零 is put back first.
    numeral = re.sub(r"亿(?![零〇])(?=[^万]*$)(?=.)", "亿零", numeral)
    try:
        return Decimal(str(cn2an.cn2an(numeral, "strict")))
    except ValueError:
        return None


_RMB = re.compile(r"(?P<y>[^元角分整]*)(?P<yuan>元)?(?:零?(?P<j>[壹贰叁肆伍陆柒捌玖])角)?(?:零?(?P<f>[壹贰叁肆伍陆柒捌玖])分)?整?")
_FIGURES = re.compile(r"¥?(?P<n>(?:[0-9]{1,3}(?:,[0-9]{3})*)(?:\.[0-9]+)?)元?")


def _denoted(prefix):
    """What a prefix of a written amount denotes, read without parse_money:
    capitals through cn2an in strict mode (no colloquial 壹万贰, no dangling
    零), figures through Decimal; None when it is no amount."""
    if prefix.startswith("¥"):
        m = _FIGURES.fullmatch(prefix)
        return Decimal(m.group("n").replace(",", "")).quantize(Decimal("0.01")) if m else None
    m = _RMB.fullmatch(prefix.translate(str.maketrans("萬億圓貳參陸", "万亿元贰叁陆")))
    if not m or not (m.group("y") or m.group("j") or m.group("f")):
        return None
    if (m.group("j") or m.group("f")) and m.group("y") and not m.group("yuan"):
        return None
    yuan = _cn2an_strict(m.group("y")) if m.group("y") else Decimal(0)
    if yuan is None:
        return None
    jiao, fen = (cn2an.cn2an(d, "strict") if d else 0 for d in m.group("j", "f"))
    return (yuan + Decimal(jiao) / 10 + Decimal(fen) / 100).quantize(Decimal("0.01"))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**13), st.sampled_from(["rmb", "traditional", "figures"]))
def test_a_prefix_is_never_a_different_amount(cents, style):
    """Cut a written amount anywhere: the prefix parses to None or to what the
    prefix itself denotes (壹拾伍 of 壹拾伍萬元整 is 15), never to a value built
    from part of it (壹佰贰拾万贰 is no 1220000: capitals are never abbreviated)."""
    amount = Decimal(cents).scaleb(-2)
    if style == "figures":
        words = f"¥{amount:,.2f}元"
    else:
        words = cn2an.an2cn(f"{amount:.2f}", "rmb")
        words = words.translate(TRADITIONAL) if style == "traditional" else words
    assert parse_money(words) == amount
    for cut in range(1, len(words)):
        prefix = words[:cut]
        got = parse_money(prefix)
        assert got is None or got == _denoted(prefix), prefix
