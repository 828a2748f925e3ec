"""The faster scans in spans, payments, sla and the parser caches find exactly
what the plain scans they replace find."""

from __future__ import annotations

import random
import re
import unicodedata

from hetong.extractors import payments, sla
from hetong.extractors.shared import spans
from hetong.extractors.parsers import dates, durations, money, numerals, rates

_RNG_SEED = 20240601


def _texts(alphabet: list[str], n: int = 4000, longest: int = 24) -> list[str]:
    rng = random.Random(_RNG_SEED)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(n)]


def _plain_split(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    cuts = [start, *(x for m in pattern.finditer(text, start, end) for x in m.span()), end]
    for a, b in zip(cuts[::2], cuts[1::2]):
        piece = text[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((a + lead, a + lead + len(piece.strip()), piece.strip()))
    return out


def _tuples(found: list[spans.Span]) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.text) for s in found]


_SPAN_TEXTS = _texts(list("。;!?\n\t|,: 12ab支付\u3000\r\x0b") + ["  "])


def test_sentences_and_phrases_are_the_plain_split() -> None:
    for text in _SPAN_TEXTS:
        end = len(text)
        for start, stop in ((0, end), (min(3, end), end), (0, end // 2)):
            assert _tuples(spans.sentences(text, start, stop)) == _plain_split(text, spans.SENTENCE_END, start, stop)
            assert _tuples(spans.phrases(text, start, stop)) == _plain_split(text, spans.PHRASE_END, start, stop)
        assert _tuples(spans.sentences(text)) == _plain_split(text, spans.SENTENCE_END, 0, end)


def test_sentence_at_is_the_sentence_around_the_offset() -> None:
    for text in _SPAN_TEXTS:
        for pos in range(len(text) + 1):
            starts = [m.end() for m in spans.SENTENCE_END.finditer(text, 0, pos)]
            start = starts[-1] if starts else 0
            m = spans.SENTENCE_END.search(text, pos)
            found = _plain_split(text, spans.SENTENCE_END, start, m.start() if m else len(text))
            got = spans.sentence_at(text, pos)
            assert (got.start, got.end, got.text) == (found[0] if found else (pos, pos, ""))


def test_durations_are_the_plain_finditer() -> None:
    alphabet = list("0123456789.点零〇一二三四五六七八九十百千万亿两第壹贰叁肆伍陆柒捌玖拾佰仟廿半个时钟头分工作日天hH*历 \n内")
    for text in _texts(alphabet + ["小时", "分钟", "个半"], n=20000):
        assert [m.span() for m in sla._durations(text)] == [m.span() for m in sla._DURATION.finditer(text)]


def test_pays_and_stage_match_where_their_first_forms_did() -> None:
    first_pays = re.compile(r"(?:支付|付款)(?!方式)|付清|拨付|付至|结清|付给|预付(?!款)")
    first_stage = re.compile(payments._STAGE.pattern.replace("保证金(?<!履约保证金)(?<!投标保证金)", "(?<!履约)(?<!投标)保证金"))
    assert first_stage.pattern != payments._STAGE.pattern
    alphabet = list("支付款方式清拨至结给预第一二三10次期笔阶段首进度质保金量证履约投标尾余剩部分合同费用其额, ")
    for text in _texts(alphabet, n=20000, longest=14):
        for first, now in ((first_pays, payments._PAYS), (first_stage, payments._STAGE)):
            assert [m.span() for m in first.finditer(text)] == [m.span() for m in now.finditer(text)]
        either = bool(first_pays.search(text) or first_stage.search(text))
        assert bool(payments._PAYS_OR_STAGE.search(text)) == either


def test_bare_duration_prefilter_keeps_every_bare_duration() -> None:
    alphabet = list("≤<不超过大于 0123456789一二半个小时钟头分工作日天h内以之\u3000") + ["小时", "分钟", "以内"]
    for text in _texts(alphabet, n=20000, longest=10):
        m = sla._BARE_DURATION.match(text.strip())
        assert sla._bare_hours(text) == (sla._limit_hours(m.group("d")) if m else None)


# (cached function, extra arguments after the text)
_CACHED = (
    (numerals._parse_cn_decimal, ()), (rates._parse_rate, ()), (rates._rate_is_daily, ()),
    (durations._parse_hours, ()), (durations._parse_days, ()), (durations._parse_period_months, ()),
    (dates._parse_date, ()), (dates._parse_date_range, ()), (payments._condition, ()),
    (money._parse_money, (None,)), (money._parse_money, ("万元",)), (money._parse_money, ("x",)),
)


def test_cached_parsers_give_what_they_give_uncached() -> None:
    alphabet = list("0123456789.,%‰ 零一二三十百千万两壹贰叁拾佰仟点半元角分整人民币¥()年月日至后内小时天个倍百分之每$\\")
    for parse, rest in _CACHED:
        parse.cache_clear()
        for text in _texts([*alphabet, r"\times", "支付", "甲方"], n=3000, longest=12):
            expected = parse.__wrapped__(text, *rest)
            for _ in range(2):  # cold, then from the cache
                got = parse(text, *rest)
                assert got == expected and type(got) is type(expected) and repr(got) == repr(expected)
    long_text = "合同总额" + "壹拾伍万元整" * 40  # past the caches' length bound: parsed directly
    assert money.parse_money(long_text) is None and numerals.parse_cn_decimal(long_text) is None


def test_squash_drops_white_space_and_latex_as_before() -> None:
    plain_ws = re.compile(r"\s+")
    for text in _texts(list("a1 \t\n\u3000\u2028\x1c$\\%１２％") + [r"\times", r"\leq", r"\geq", r"\%"], n=5000):
        s = unicodedata.normalize("NFKC", text)
        for latex, plain in numerals._LATEX.items():
            s = s.replace(latex, plain)
        assert numerals.squash(text) == plain_ws.sub("", s)
