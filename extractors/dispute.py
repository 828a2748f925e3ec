"""Where disputes go: a court (…人民法院) or an arbitration commission.

`find_dispute` returns candidates `((forum, venue), start, end, rule)` best
first, offsets into `doc.text` (the venue span, or the phrase when no venue
is named):

1. the option a contract chooses from a list (确定按以下第2种方式处理：
   1. 提交北京仲裁委员会仲裁；2. 依法向甲方所在地人民法院起诉), or an option
   ticked with ☑/√;
2. a named court or commission in a dispute context (a clause headed 争议,
   or a sentence about 争议/纠纷/协商不成);
3. a place without an institution, where the sentence sends the dispute
   to litigation or arbitration (在甲方所在地通过法律诉讼解决 → court,
   甲方所在地);
4. a forum without a name in a dispute sentence (协商不成的，提起诉讼).

An option not chosen is no venue: after a choice left blank (按以下第____种
方式处理：1. 提交…仲裁委员会仲裁；2. 依法向…人民法院起诉), behind an empty box
(□ 提交…仲裁), or with its name left blank (提交____仲裁委员会仲裁).

A venue is the name as written, from after the verb that sends the dispute
there (提交, 向, 由, 以 …) to the institution: 乌鲁木齐区人民法院,
甲方所在地有管辖权的人民法院, 被告所在地法院, 训练班次所在地所属辖区地方法院
(…为其第一审管辖法院), 合同签订地仲裁部门. An institution with nothing named
before it is no venue (向法院起诉, 向有管辖权的人民法院起诉). Mentions outside a
dispute context (法院审理, 受中华人民共和国法院管辖) are not venues.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hetong.extractors.parsers.numerals import parse_cn_int
from hetong.models import Document

Venue = tuple[str, str | None]  # (forum, venue)
Candidate = tuple[Venue, int, int, str]

CJK = "\u4e00-\u9fff\u3400-\u4dbf"

# The name before the institution: Chinese text and brackets, no punctuation.
_NAME_MAX = 40
_KIND = r"人民法院|法院|仲裁委员会|仲裁院|仲裁中心|仲裁部门|仲裁机构|仲裁机关"
# An institution is a venue only with a name or place before it; these words
# name none: 向有管辖权的人民法院, 为其第一审管辖法院, 提交仲裁委员会 (a blank).
_NO_PLACE = re.compile(r"(?:有管辖权|有权管辖|具有管辖权|管辖权|管辖|当地|相关|有关|为其|为|其|第一审|一审|的)*")
_VENUE = re.compile(rf"[{CJK}0-9()]{{0,{_NAME_MAX}}}?(?P<kind>{_KIND})")
# re has no prefix to skip ahead to for _VENUE, so its finditer tries the lazy
# name (up to 40 characters) at every character; `_venue_matches` finds the
# institution first (plain words, which re does skip ahead to).
_KIND_RE = re.compile(_KIND)
# The verb that sends the dispute to the venue; the name starts after it.
_VERB = re.compile(r"提交|提请|递交|交由|交付|诉至|诉诸|报请|申请|依法向|向|(?<!自)由|(?<![可所得予加难足])以")
_LEAD = re.compile(r"^(?:则|应|应当|可|均可|须|并|即|依法|任何一方|双方|一方|将|该|争议)+")
_DISPUTE_HEADING = re.compile(r"争议|纠纷|管辖|仲裁|诉讼")
_DISPUTE_WORDS = re.compile(r"争议|纠纷|协商不成|协商不能|协商无法|协商未果|不能协商|无法协商|诉讼|起诉|仲裁|涉讼|管辖")
_SENTENCE_END = re.compile(r"[。;\n]")
# 第2种 / 第（2）种 / 第__2__种 (a filled-in form); left blank (第____种),
# the options after it are undecided: none of them is the venue.
_CHOICE = re.compile(r"第[\s_()]*(?P<n>[0-9一二三四五])[\s_()]*种(?:方式|途径|办法)")
_BLANK_CHOICE = re.compile(r"第[\s_()]*种(?:方式|途径|办法)")
_BOX = re.compile(r"[☑√✓✔■☒□☐]")
_TICKED = set("☑√✓✔■☒")
_UNTICKED = set("□☐")
_UNNAMED = (
    (re.compile(r"申请仲裁|提请仲裁|提交仲裁|仲裁解决|通过仲裁"), "arbitration"),
    (re.compile(r"提起诉讼|向法院起诉|依法起诉|诉讼解决|通过诉讼"), "court"),
)
# A place that stands for the venue, with no institution named:
# 在甲方所在地通过法律诉讼解决, 由合同签订地仲裁.
_PLACE_VENUE = re.compile(
    rf"(?:在|向|由|于|至)(?P<place>[{CJK}]{{1,12}}?(?:所在地|住所地|注册地|签订地|签约地|履行地))(?:的)?"
    r"(?:通过)?(?:法律|司法)?(?:途径)?(?:(?P<court>诉讼|起诉|提起诉讼)|(?P<arbitration>申请仲裁|提请仲裁|仲裁))"
)
_OPTION_SPAN = 400
_CIRCLED = "①②③④⑤"
# An option number: 1. / 1、 / (1) / ① at a line start or after punctuation.
_OPTION = re.compile(rf"(?:^|(?<=[\s;。:,]))(?:\((?P<a>\d)\)|(?P<b>\d)[.、](?!\d)|(?P<c>[{_CIRCLED}]))", re.M)


def _forum(kind: str) -> str:
    return "court" if kind.endswith("法院") else "arbitration"


def _sentence(text: str, pos: int) -> tuple[int, int]:
    starts = [m.end() for m in _SENTENCE_END.finditer(text, max(0, pos - 200), pos)]
    start = starts[-1] if starts else max(0, pos - 200)
    m = _SENTENCE_END.search(text, pos)
    return start, m.start() if m else len(text)


def _in_dispute_clause(doc: Document, pos: int) -> bool:
    clause = doc.clause_at(pos)
    while clause is not None:
        if _DISPUTE_HEADING.search(clause.heading):
            return True
        clause = doc.clauses[clause.parent] if clause.parent is not None else None
    return False


def _venue_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_VENUE.finditer(text)`. A match from `pos` on runs to
    the first institution word after `pos` and starts at most _NAME_MAX
    characters before it, so the search for it can start there."""
    pos = 0
    while kind := _KIND_RE.search(text, pos):
        m = _VENUE.search(text, max(pos, kind.start() - _NAME_MAX))
        assert m is not None  # at the latest, the word itself matches
        yield m
        pos = m.end()


def _venues(text: str) -> list[tuple[str, str, int, int]]:
    """(forum, venue, start, end) for every named court or commission."""
    found = []
    for m in _venue_matches(text):
        name_start = m.start()
        verbs = list(_VERB.finditer(m.group(0), 0, m.start("kind") - m.start()))
        if verbs:
            name_start = m.start() + verbs[-1].end()
        lead = _LEAD.match(text, name_start, m.start("kind"))
        if lead:
            name_start = lead.end()
        venue = text[name_start : m.end()]
        if venue.startswith("中华人民共和国"):
            continue  # the law the contract follows, not a venue
        if _NO_PLACE.fullmatch(text, name_start, m.start("kind")):
            continue  # 向法院起诉, 向有管辖权的人民法院, 提交（____）仲裁委员会: nothing named
        found.append((_forum(m.group("kind")), venue, name_start, m.end()))
    return found


def _options(text: str, start: int) -> dict[int, int]:
    """Offsets of numbered options (1. / (1) / 1、) after a choice phrase."""
    marks: dict[int, int] = {}
    for m in _OPTION.finditer(text, start, start + _OPTION_SPAN):
        n = int(m.group("a") or m.group("b")) if not m.group("c") else _CIRCLED.index(m.group("c")) + 1
        marks.setdefault(n, m.start())
    return marks


def _unticked(text: str, pos: int) -> bool:
    """An empty box stands right before `pos`: an option not chosen."""
    boxes = _BOX.findall(text, max(0, pos - 12), pos)
    return bool(boxes) and boxes[-1] in _UNTICKED


def find_dispute(doc: Document) -> list[Candidate]:
    """Candidates best first (see the module docstring). Options not chosen
    are no venue: after a choice left blank (按以下第____种方式处理), or with an
    empty box (□ 提交…仲裁委员会仲裁)."""
    text = doc.text
    undecided = [(m.end(), m.end() + _OPTION_SPAN) for m in _BLANK_CHOICE.finditer(text)]

    def open_option(pos: int) -> bool:
        return _unticked(text, pos) or any(lo <= pos < hi for lo, hi in undecided)

    venues = _venues(text)
    found: list[Candidate] = []
    for m in _CHOICE.finditer(text):
        n = parse_cn_int(m.group("n"))
        marks = _options(text, m.end())
        if n is None or n not in marks:
            continue
        lo = marks[n]
        hi = min([p for k, p in marks.items() if p > lo] or [m.end() + _OPTION_SPAN])
        for forum, venue, s, e in venues:
            if lo <= s < hi:
                found.append(((forum, venue), s, e, "contract.dispute.chosen_option"))
                break
    for forum, venue, s, e in venues:
        boxes = _BOX.findall(text, max(0, s - 12), s)
        if boxes and boxes[-1] in _TICKED:
            found.append(((forum, venue), s, e, "contract.dispute.ticked_option"))
    for forum, venue, s, e in venues:
        sent_start, sent_end = _sentence(text, s)
        if open_option(s):
            continue
        if _in_dispute_clause(doc, s) or _DISPUTE_WORDS.search(text, sent_start, sent_end):
            found.append(((forum, venue), s, e, "contract.dispute.named_venue"))
    for m in _PLACE_VENUE.finditer(text):
        sent_start, sent_end = _sentence(text, m.start())
        if open_option(m.start()):
            continue
        if _in_dispute_clause(doc, m.start()) or _DISPUTE_WORDS.search(text, sent_start, sent_end):
            forum = "court" if m.group("court") else "arbitration"
            found.append(((forum, m.group("place")), m.start("place"), m.end("place"), "contract.dispute.place_venue"))
    for pattern, forum in _UNNAMED:
        for m in pattern.finditer(text):
            sent_start, sent_end = _sentence(text, m.start())
            if open_option(m.start()):
                continue
            if _in_dispute_clause(doc, m.start()) or re.search(r"争议|纠纷|协商", text[sent_start:sent_end]):
                found.append(((forum, None), m.start(), m.end(), "contract.dispute.unnamed_forum"))
    return found
