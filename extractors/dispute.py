"""Where disputes go: a court (…人民法院) or an arbitration commission.

`find_dispute` returns candidates `((forum, venue), start, end, rule)` best
first, offsets into `doc.text` (the venue span, or the phrase when no venue
is named):

1. the option a contract chooses from a list (确定按以下第2种方式处理：
   1. 提交北京仲裁委员会仲裁；2. 依法向甲方所在地人民法院起诉), or an option
   ticked with ☑/√;
2. a named court or commission in a dispute context (a clause headed 争议,
   or a sentence about 争议/纠纷/协商不成);
3. a forum without a name in a dispute sentence (协商不成的，提起诉讼).

A venue is the name as written, from after the verb that sends the dispute
there (提交, 向, 由 …) to 人民法院 / 仲裁委员会: 乌鲁木齐区人民法院,
甲方所在地有管辖权的人民法院. Mentions outside a dispute context (法院审理,
受中华人民共和国法院管辖) are not venues.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extractors.parsers.numerals import parse_cn_int
from models import Document

Venue = tuple[str, str | None]  # (forum, venue)
Candidate = tuple[Venue, int, int, str]

CJK = "\u4e00-\u9fff\u3400-\u4dbf"

# The name before the institution: Chinese text and brackets, no punctuation.
_NAME_MAX = 40
_KIND = r"人民法院|仲裁委员会|仲裁院|仲裁中心"
_VENUE = re.compile(rf"[{CJK}0-9()]{{0,{_NAME_MAX}}}?(?P<kind>{_KIND})")
# re has no prefix to skip ahead to for _VENUE, so its finditer tries the lazy
# name (up to 40 characters) at every character; `_venue_matches` finds the
# institution first (plain words, which re does skip ahead to).
_KIND_RE = re.compile(_KIND)
# The verb that sends the dispute to the venue; the name starts after it.
_VERB = re.compile(r"提交|提请|递交|交由|交付|诉至|诉诸|报请|申请|依法向|向|(?<!自)由")
_LEAD = re.compile(r"^(?:则|应|应当|可|均可|须|并|即|依法|任何一方|双方|一方|将|该|争议)+")
_DISPUTE_HEADING = re.compile(r"争议|纠纷|管辖|仲裁|诉讼")
_DISPUTE_WORDS = re.compile(r"争议|纠纷|协商不成|协商不能|协商无法|协商未果|不能协商|无法协商|诉讼|起诉|仲裁")
_SENTENCE_END = re.compile(r"[。;\n]")
# 第2种 / 第（2）种 / 第__2__种 (a filled-in form)
_CHOICE = re.compile(r"第[\s_()]*(?P<n>[0-9一二三四五])[\s_()]*种(?:方式|途径|办法)")
_BOX = re.compile(r"[☑√✓✔■☒□☐]")
_TICKED = set("☑√✓✔■☒")
_UNNAMED = (
    (re.compile(r"申请仲裁|提请仲裁|提交仲裁|仲裁解决|通过仲裁"), "arbitration"),
    (re.compile(r"提起诉讼|向法院起诉|依法起诉|诉讼解决|通过诉讼"), "court"),
)
_OPTION_SPAN = 400
_CIRCLED = "①②③④⑤"
# An option number: 1. / 1、 / (1) / ① at a line start or after punctuation.
_OPTION = re.compile(rf"(?:^|(?<=[\s;。:,]))(?:\((?P<a>\d)\)|(?P<b>\d)[.、](?!\d)|(?P<c>[{_CIRCLED}]))", re.M)


def _forum(kind: str) -> str:
    return "court" if kind == "人民法院" else "arbitration"


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
        found.append((_forum(m.group("kind")), venue, name_start, m.end()))
    return found


def _options(text: str, start: int) -> dict[int, int]:
    """Offsets of numbered options (1. / (1) / 1、) after a choice phrase."""
    marks: dict[int, int] = {}
    for m in _OPTION.finditer(text, start, start + _OPTION_SPAN):
        n = int(m.group("a") or m.group("b")) if not m.group("c") else _CIRCLED.index(m.group("c")) + 1
        marks.setdefault(n, m.start())
    return marks


def find_dispute(doc: Document) -> list[Candidate]:
    text = doc.text
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
        if _in_dispute_clause(doc, s) or _DISPUTE_WORDS.search(text, sent_start, sent_end):
            found.append(((forum, venue), s, e, "contract.dispute.named_venue"))
    for pattern, forum in _UNNAMED:
        for m in pattern.finditer(text):
            sent_start, sent_end = _sentence(text, m.start())
            if _in_dispute_clause(doc, m.start()) or re.search(r"争议|纠纷|协商", text[sent_start:sent_end]):
                found.append(((forum, None), m.start(), m.end(), "contract.dispute.unnamed_forum"))
    return found
