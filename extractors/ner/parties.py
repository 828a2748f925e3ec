"""Party details written without a label, found with NER.

`hetong.extractors.parties` reads what contracts state under a label (`乙方:`,
`联系人:`, `住所:`). Some contracts state it in running text only: the
contractor in the sentence that introduces it, the contacts in a sentence
that designates them, the signatory's name under a stamp, the address in a
sentence. For each field the rules leave empty, this module finds by rule the
place such a value is written (the *slot*) and lets NER say whether the slot
holds a name and where the name ends:

- `name` (ORG): the sentence introducing the role (`由X承担…(以下简称乙方)`,
  `X(乙方)`, `成交供应商为X`) and a short line under the role's stamp;
- `legal_rep` and `contact` (PER): sentences designating a person
  (`指定 X 为…联系人`, `委派X作为驻场负责人`, `联系人分别为:甲方X,乙方Y`) or naming one
  by title (`乙方法定代表人X`). `legal_rep` only where the text calls the person
  法定代表人, 法人代表, 授权代表 or (单位/主要) 负责人; 项目/驻场/现场负责人 and
  联系人 are contacts;
- `address` (LOC): `乙方注册于X`, `甲方办公地点位于X`, `住所地为X`;
- `signatory` (PER, for the flags only): a name alone on a line under a
  role's stamp (`乙方(盖章)` / `某某公司` / `张三`);
- and it confirms person values the rules read with a title attached
  (`法定代表人: 李明华经理`): NER's boundary wins when it ends where the title
  starts.

The model reads each slot twice, alone and in its clause (the small model
finds a name alone more reliably than inside a long clause, and a clause
gives context to a bare name), in one call per contract, and only when there
is a slot to fill: a contract the rules cover never loads it. An entity is
taken when the model labels it as expected; the model sometimes labels a
person ORG in prose, so an entity labelled otherwise is taken only when its
text has the expected shape (a person's name starting with a common surname,
an address with a street or number). Every value found here carries the rule
id `parties.<field>.ner`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from hetong.extractors.shared import names, roles
from hetong.extractors.ner import model as ner
from hetong.extractors.shared.party_blocks import CJK, ORG_END, STAMP_NOTE, Block, LabelValue
from hetong.models import Document

FIELDS: tuple[str, ...] = ("name", "address", "legal_rep", "contact")  # the fields filled from NER
Gap = Callable[[str, str], bool]  # (role, field) → is the field still empty?
MAX_SLOTS = 64  # slots NER reads in one contract (a real one has a dozen at most)
_WANT = {"name": "ORG", "address": "LOC", "legal_rep": "PER", "contact": "PER", "signatory": "PER"}
_PERSON_FIELDS = frozenset({"legal_rep", "contact", "signatory"})


@dataclass(frozen=True)
class Found:
    """A value NER found in a slot: `value` at `start`/`end` of `doc.text`."""

    role: str
    field: str  # a Party field or `signatory`
    value: str
    start: int
    end: int
    label: str  # the words that name the slot as written: 项目联系人, 注册于, 盖章
    block: str  # "text" or "signature"
    block_id: int | None = None  # the block the slot belongs to (signature lines)
    replaces: tuple[int, int] | None = None  # span of the rule value this one corrects


@dataclass(frozen=True)
class _Probe:
    role: str
    field: str  # "loose" for a line under a stamp: a name (ORG) or a signatory (PER)
    slot: tuple[int, int]  # where the value must lie
    windows: tuple[tuple[int, int], ...]  # what NER reads first: the slot alone (or a part of it)
    context: tuple[tuple[int, int], ...]  # what NER reads when that finds nothing: the slot in its clause
    label: str
    block: str = "text"
    block_id: int | None = None
    replaces: tuple[int, int] | None = None
    near: str = "any"  # which entity of the slot: "first", "last" (closest to a marker after it), "any"
    anchor: str = ""  # the value must start the slot ("start"), and end it too ("both")
    person_field: str = "signatory"  # for "loose": the field a person's name fills


def find(doc: Document, filled: set[tuple[str, str]], blocks: list[Block],
         titled: Iterable[tuple[str, str, int, int, str, str, int | None]] = (),
         org_names: dict[str, set[str]] | None = None) -> list[Found]:
    """Values of the (role, field) pairs not in `filled` (what the rules
    found), signatories under stamps, and corrections of the `titled` rule
    values (role, field, start, end, label, block, block_id) that carry a
    title. `org_names` are the names the rules found per role: another
    role's name is never a role's name. Runs NER only when there is a slot."""
    text = doc.text
    learned = roles.learned_labels((b.heading.label, b.role) for b in blocks)
    named = _Named(text, learned)

    def gap(role: str, field: str) -> bool:
        return (role, field) not in filled

    # the fields some party lacks: a contract that has them all is not searched for them
    parties = {"甲方", "乙方"} | {r for r, _ in filled}
    open_fields = {f for f in FIELDS for r in parties if gap(r, f)}
    probes: list[_Probe] = []
    if "name" in open_fields:
        probes += _name_probes(text, named, gap)
    if open_fields & {"legal_rep", "contact"}:
        probes += _person_probes(text, named, gap)
    if "address" in open_fields:
        probes += _address_probes(text, named, gap)
    probes += _loose_probes(doc, blocks, gap)
    probes += _title_probes(text, titled)
    if not probes:
        return []
    if len(probes) > MAX_SLOTS:  # a pathological text: read the first ones, and say so
        doc.fail("parties.ner", f"{len(probes)} slots for NER, only the first {MAX_SLOTS} read")
        probes = sorted(probes, key=lambda p: p.slot)[:MAX_SLOTS]
    # first each slot alone; the clause around it only for the slots that gave nothing
    entities = ner.find_entities(doc, spans=[w for p in probes for w in p.windows], merge=False)
    others = {role: {names.clean(n) for r, ns in (org_names or {}).items() if r != role for n in ns}
              for role in {p.role for p in probes}}
    found = {id(p): _resolve(text, p, p.windows, entities, others[p.role]) for p in probes}
    again = [p for p in probes if found[id(p)] is None and p.context]
    if again:
        entities += ner.find_entities(doc, spans=[w for p in again for w in p.context], merge=False)
        for p in again:
            found[id(p)] = _resolve(text, p, p.windows + p.context, entities, others[p.role])
    out: list[Found] = []
    seen: set[tuple[str, str, int, int]] = set()
    for probe in probes:
        f = found[id(probe)]
        if f is not None and (f.role, f.field, f.start, f.end) not in seen:
            seen.add((f.role, f.field, f.start, f.end))
            out.append(f)
    return out


# -- text helpers ------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[。;!?\n]")
_CLAUSE_END = re.compile(r"[。;!?\n,]")
_MAX_WINDOW = 160  # characters of context NER reads around a slot


def _bounds(text: str, pos: int, end_re: re.Pattern[str] = _SENTENCE_END) -> tuple[int, int]:
    """[start, end) of the sentence (or clause) around `pos`, without the
    white space at its ends, at most _MAX_WINDOW characters on each side."""
    lo = max(0, pos - _MAX_WINDOW)
    start = lo
    for m in end_re.finditer(text, lo, pos):
        start = m.end()
    m = end_re.search(text, pos, min(len(text), pos + _MAX_WINDOW))
    end = m.start() if m else min(len(text), pos + _MAX_WINDOW)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class _Named:
    """Role words in running text (`乙方`, `供应商`, `采购人`) and the role each stands for."""

    _WORD = re.compile(roles.ROLE_WORD)

    def __init__(self, text: str, learned: dict[str, str]) -> None:
        self.text = text
        self.learned = learned
        self._words: list[tuple[int, int, str]] | None = None

    @property
    def words(self) -> list[tuple[int, int, str]]:
        if self._words is None:  # found on first use: most contracts need none
            self._words = [(m.start(), m.end(), role) for m in self._WORD.finditer(self.text)
                           if (role := roles.resolve(m.group(0), self.learned)) is not None]
        return self._words

    def role(self, word: str) -> str | None:
        return roles.resolve(word, self.learned)

    def before(self, start: int, pos: int) -> str | None:
        """The role of the last role word in [start, pos)."""
        found = [r for s, e, r in self.words if start <= s and e <= pos]
        return found[-1] if found else None

    def inside(self, start: int, end: int) -> str | None:
        found = [r for s, e, r in self.words if start <= s and e <= end]
        return found[0] if found else None


# -- name: the sentence introducing a role --------------------------------------

# X(乙方), X(以下简称"乙方"), …,下称"乙方"
_MARKER = re.compile(
    r"\(\s*(?:以下简称|以下称|下称|简称)?\s*[\"“”'‘’]?(?P<a>[甲乙丙丁]方)[\"“”'‘’]?\s*\)"
    r"|(?:以下简称|以下称|下称|简称)\s*[\"“”'‘’]?(?P<b>[甲乙丙丁]方)"
)
# 成交供应商为X, 中标人是X
_ROLE_IS = re.compile(rf"(?P<word>{roles.ROLE_WORD})\s*(?:为|是)\s*")


def _name_probes(text: str, named: _Named, gap: Gap) -> list[_Probe]:
    out: list[_Probe] = []
    for m in _MARKER.finditer(text):
        role = m.group("a") or m.group("b")
        if not gap(role, "name"):
            continue
        start, _ = _bounds(text, m.start())
        if m.start() - start < 4:
            continue
        slot = (start, m.start())
        out.append(_Probe(role, "name", slot, (slot,), (), m.group(0), near="last"))
    for m in _ROLE_IS.finditer(text):
        role = named.role(m.group("word"))
        if role is None or not gap(role, "name"):
            continue
        _, end = _bounds(text, m.end(), _CLAUSE_END)
        if end - m.end() < 4:
            continue
        slot = (m.end(), end)
        out.append(_Probe(role, "name", slot, (slot,), (_bounds(text, m.start()),), m.group(0).strip(),
                          near="first", anchor="start"))
    return out


# -- legal_rep, contact: designations, lists, titles ----------------------------

_CONTACT_CUE = r"(?:项目|业务|驻场|现场)?联系人|经办人|(?:项目|驻场|现场)负责人"
_LEGAL_CUE = r"法定代表人|法人代表|授权代表|单位负责人|主要负责人"
_CUE = rf"(?P<contact>{_CONTACT_CUE})|(?P<legal>{_LEGAL_CUE})|(?P<bare>负责人)"
# 甲方指定 孙昊 为甲方项目联系人; 乙方委派高级工程师郑海涛作为驻场负责人
# (read backwards from the cue: what stands before 项目联系人 in its clause)
_DESIGNATION = re.compile(
    r"(?:指定|委派|指派|选派|确定|安排|授权|委托|推荐|任命)(?P<slot>[^,。;:\n]{1,16}?)\s*(?:先生|女士|同志)?\s*"
    r"(?:为|作为|担任)(?P<what>[^,。;:\n]{0,12}?)$"
)
_CLAUSE_START = re.compile(r"[,。;:!?\n]")
# 双方联系人分别为:甲方X,乙方Y (read on from the cue)
_LIST = re.compile(r"[^,。;:\n]{0,6}?分别(?:为|是)\s*:?\s*")
_LIST_ITEM = re.compile(rf"(?P<word>{roles.ROLE_WORD})\s*(?:的)?\s*(?P<slot>[^,、;。:\s()]{{2,8}})")
# 乙方法定代表人司马骏对本项目…; …,法定代表人麦志坚。: a title, then the name
_TITLE_CUE = re.compile(rf"(?=[项业驻现联经法授单主负])(?:{_CUE})")
_ROLE_BEFORE = re.compile(rf"(?P<word>{roles.ROLE_WORD})(?:的)?$")
_AFTER_TITLE = re.compile(
    r"\s*(?:为|是)?\s*"
    r"(?!分别|均|应|须|需|负责|由|和|及|与|等|在|将|可|不|一|名|变更|更换|信息|姓名|名单|或|对|向|的|授权|委托)"
    rf"(?P<slot>[{CJK}·•]{{2,8}})"
)
# Where a name written before a verb or particle ends: 胡正东|应于…, 司马骏|对本项目…
_NAME_STOP = re.compile(r"(?:应|对|于|在|向|已|将|的|自|和|与|及|为|是|并|均|须|需|负责|签|代|同|共|等|作|担|承|先生|女士|同志)")


def _field_of(m: re.Match[str], text: str) -> str | None:
    if m.group("contact"):
        return "contact"
    if m.group("legal"):
        return "legal_rep"
    # bare 负责人: the party's own (乙方负责人), not a job in the project
    start = m.start("bare")
    return "legal_rep" if _ROLE_TAIL.search(text, max(0, start - 8), start) else None


_ROLE_TAIL = re.compile(rf"(?:{roles.ROLE_WORD})(?:的)?$")


def _cue_text(m: re.Match[str]) -> str:
    return m.group("contact") or m.group("legal") or m.group("bare")


def _person_probes(text: str, named: _Named, gap: Gap) -> list[_Probe]:
    """One pass over the words naming a person's job (联系人, 法定代表人, …):
    a designation before it, a list after it, or a name right after it."""
    out: list[_Probe] = []
    for cue in _TITLE_CUE.finditer(text):
        field = _field_of(cue, text)
        if field is None:
            continue
        label = _cue_text(cue)
        lo = max(0, cue.start() - 40)
        clause = max((m.end() for m in _CLAUSE_START.finditer(text, lo, cue.start())), default=lo)
        designation = _DESIGNATION.search(text, clause, cue.start())
        listed = _LIST.match(text, cue.end())
        after = _AFTER_TITLE.match(text, cue.end())
        if designation:
            # 甲方指定 孙昊 为甲方项目联系人; 乙方委派高级工程师郑海涛作为驻场负责人
            sentence = _bounds(text, cue.start())
            role = (named.inside(designation.start("what"), designation.end("what"))
                    or named.before(sentence[0], designation.start()))
            if role is None or not gap(role, field):
                continue
            slot = _trim(text, designation.start("slot"), designation.end("slot"))
            tight = [slot]
            last = text.rfind(" ", *slot)
            if last > slot[0]:  # 信息科 司马文静: the last word alone
                tight.append((last + 1, slot[1]))
            out.append(_Probe(role, field, slot, tuple(tight), (sentence,), label, near="last"))
        elif listed:
            # 双方联系人分别为:甲方X,乙方Y
            sentence = _bounds(text, cue.start())
            for item in _LIST_ITEM.finditer(text, listed.end(), sentence[1]):
                role = named.role(item.group("word"))
                if role is None or not gap(role, field):
                    continue
                slot = (item.start("slot"), item.end("slot"))
                out.append(_Probe(role, field, slot, (slot,), (sentence,), label))
        elif after:
            # 乙方法定代表人司马骏对本项目…; …,法定代表人麦志坚。
            sentence = _bounds(text, cue.start())
            before = _ROLE_BEFORE.search(text, max(sentence[0], cue.start() - 8), cue.start())
            role = named.role(before.group("word")) if before else named.before(sentence[0], cue.start())
            if role is None or not gap(role, field):
                continue
            start = after.start("slot")
            stop = _NAME_STOP.search(text, start + 2, after.end("slot"))
            slot = (start, stop.start() if stop else after.end("slot"))
            head = before.start() if before else cue.start()
            out.append(_Probe(role, field, slot, (slot,), ((head, slot[1]), sentence), label, near="first"))
    return out


# -- address ------------------------------------------------------------------------

# 乙方注册于X, 甲方办公地点位于X, 乙方住所地为X, 供应商住所位于X
_ADDRESS = re.compile(
    rf"(?P<word>{roles.ROLE_WORD})(?:的|公司)?"
    r"(?:(?P<cue>注册地址|注册地|住所地|住所|办公地点|办公地址|经营地址|经营场所|营业场所|通讯地址|通信地址|联系地址|地址)"
    r"\s*(?:位于|设在|设于|坐落于|在|为|是)|(?P<verb>注册于|注册在|位于|坐落于|地处))\s*"
)
_VERB_LABEL = {"注册于": "注册地", "注册在": "注册地"}
_ADDRESS_SHAPE = re.compile(r"(?:路|街|道|巷|弄|里|村|镇|乡|大厦|广场|园区?)[^,。;]{0,30}\d|\d+\s*(?:号|楼|层|室|栋|幢|座)")


def _address_probes(text: str, named: _Named, gap: Gap) -> list[_Probe]:
    out: list[_Probe] = []
    for m in _ADDRESS.finditer(text):
        role = named.role(m.group("word"))
        if role is None or not gap(role, "address"):
            continue
        _, end = _bounds(text, m.end(), _CLAUSE_END)
        if end - m.end() < 4:
            continue
        slot = (m.end(), end)
        label = m.group("cue") or _VERB_LABEL.get(m.group("verb"), m.group("verb"))
        out.append(_Probe(role, "address", slot, (slot,), ((m.start(), end),), label, near="first", anchor="both"))
    return out


# -- lines under a stamp ------------------------------------------------------------

_NAME_LINE = re.compile(rf"[{CJK}]{{2,6}}|[{CJK}]{{1,8}}[·•][{CJK}]{{1,8}}")
_COLUMN = re.compile(r"\S+(?:\s\S+)*?(?=\t|\s{2,}|$)")  # columns are set apart by tabs or runs of spaces


def _loose_probes(doc: Document, blocks: list[Block], gap: Gap) -> list[_Probe]:
    """A short line without a label under a signing block: the name of the
    organisation (when the rules found none) or of the person signing."""
    text = doc.text
    out: list[_Probe] = []
    sharing: dict[tuple[int, int], list[tuple[int, Block]]] = {}
    for block_id, block in enumerate(blocks):
        for span in block.loose:
            sharing.setdefault(span, []).append((block_id, block))
    for (start, end), owners in sharing.items():
        owners.sort(key=lambda o: o[1].column)
        cells = [(start + c.start(), start + c.end()) for c in _COLUMN.finditer(text[start:end])]
        if len(owners) > 1 and len(cells) != len(owners):
            continue  # columns that do not line up
        pairs = zip(owners, cells) if len(owners) > 1 else [(owners[0], (start, end))]
        for (block_id, block), (s, e) in pairs:
            piece = _unstamped(text, s, e)
            if piece is None:
                continue  # blank, or two pieces a stamp note sets apart (`某公司(盖章)张三`)
            s, e = piece
            written = text[s:e]
            heading_line = text.rfind("\n", 0, block.heading.start) + 1
            context = (heading_line, e) if e - heading_line <= _MAX_WINDOW else (s, e)
            is_org = bool(ORG_END.search(written))
            if is_org and not gap(block.role, "name"):
                continue
            if not is_org and not (_NAME_LINE.fullmatch(written) and names.person_shape(written) is not False):
                continue
            blank = _blank_person_label(block, s)
            out.append(_Probe(block.role, "loose", (s, e), ((s, e),), (context,),
                              blank.label if blank else "盖章", block="signature", block_id=block_id,
                              person_field=blank.field if blank and blank.field else "signatory"))
    return out


def _unstamped(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of text[start:end] without its stamp note and the white
    space around it (`某公司(盖章)` → `某公司`), or None when nothing is left
    or the note sits between two pieces."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in STAMP_NOTE.finditer(text, start, end):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, end))
    kept = []
    for s, e in pieces:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            kept.append((s, e))
    return kept[0] if len(kept) == 1 else None


def _blank_person_label(block: Block, pos: int) -> LabelValue | None:
    """An empty person label right before `pos` in the block (`授权代表(签字):`
    / `张三`): the name under it is that person."""
    before = [v for v in block.values if v.start < pos]
    if before and before[-1].field in _PERSON_FIELDS and before[-1].value_end == before[-1].value_start:
        return before[-1]
    return None


# -- titles ---------------------------------------------------------------------------

def _title_probes(text: str, titled: Iterable[tuple[str, str, int, int, str, str, int | None]]) -> list[_Probe]:
    out = []
    for role, field, start, end, label, block, block_id in titled:
        line = _bounds(text, start)
        out.append(_Probe(role, field, (start, end), ((start, end),), (line,), label, block=block,
                          block_id=block_id, replaces=(start, end), near="first"))
    return out


# -- judging ----------------------------------------------------------------------------

_LEAD = re.compile(
    rf"(?:\s+|[:,、]|{roles.ROLE_WORD}|的|由|经|是|为|(?:{_CONTACT_CUE}|{_LEGAL_CUE}|负责人)"
    rf"|(?:高级|资深|首席)?(?:工程师|项目经理|经理|主任|主管|总监|专员)|[{CJK}]{{1,6}}(?:科|处|部|室|组)\s+)"
)
_TAIL = re.compile(r"(?:\s+|先生|女士|同志)$")


def _person_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop what stands around a name inside an entity: a role, a title, a
    department (`工程师纳志强`, `信息科 司马文静`, `甲方 刘海燕`)."""
    while start < end:
        m = _LEAD.match(text, start, end)
        if not m or m.end() == start or end - m.end() < 2:
            break
        start = m.end()
    while start < end:
        m = _TAIL.search(text, start, end)
        if not m or m.start() - start < 2:
            break
        end = m.start()
    return start, end


# Where an organisation's name ends when the model ran it on into the verb
# after it (`某某科技有限公司中标`): the last legal form or body before a short tail.
_ORG_SUFFIX = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|公司|集团|中心|研究院|研究所|事务所|委员会|办公室|局|院)")
_ORG_TAIL = 4


def _org_end(text: str, start: int, end: int) -> int:
    if ORG_END.search(text, start, end):
        return end
    last = None
    for m in _ORG_SUFFIX.finditer(text, start, end):
        last = m
    return last.end() if last is not None and end - last.end() <= _ORG_TAIL else end


_ORG_LEAD = re.compile(rf"(?:\s+|[:,]|由|经|与|和|及|同|确定|选定|是|为|{roles.ROLE_WORD}(?=[{CJK}]{{4}}))")


def _accept(field: str, label: str, value: str) -> bool:
    want = _WANT[field]
    if field in _PERSON_FIELDS:
        shape = names.person_shape(value)
        return shape is not False and (label == want or shape is True)
    if field == "name":
        return label == "ORG" and 4 <= len(value) <= 60 and bool(ORG_END.search(value)) \
            and not re.fullmatch(roles.ROLE_WORD, value)
    # address: what the model calls a place, or what looks like an address
    return len(value) >= 6 and (label == want or bool(_ADDRESS_SHAPE.search(value)))


_ANCHOR_LEAD = re.compile(r"[\s:,由是为]*")
_ANCHOR_TAIL = re.compile(r"\s*(?:\([^()]*\))?\s*")


def _resolve(text: str, probe: _Probe, windows: tuple[tuple[int, int], ...],
             entities: list[ner.Entity], others: set[str]) -> Found | None:
    s0, e0 = probe.slot
    fields = ("name", probe.person_field) if probe.field == "loose" else (probe.field,)
    candidates: list[tuple[int, int, int, int, str]] = []  # (rank, -overlap, start, end, field)
    for ent in entities:
        if not any(ws <= ent.start and ent.end <= we for ws, we in windows):
            continue
        if ent.end <= s0 or ent.start >= e0:
            continue
        for field in fields:
            start, end = max(ent.start, s0), min(ent.end, e0)
            if field in _PERSON_FIELDS:
                start, end = _person_span(text, start, end)
            else:
                lead = _ORG_LEAD.match(text, start, end)
                while lead and lead.end() > start:
                    start = lead.end()
                    lead = _ORG_LEAD.match(text, start, end)
                start, end = _trim(text, start, end)
                if field == "name":
                    end = _org_end(text, start, end)
            value = text[start:end]
            if not value or not _accept(field, ent.label, value):
                continue
            if field == "name" and names.clean(value) in others:
                continue  # another role's name
            if probe.anchor and not _ANCHOR_LEAD.fullmatch(text, s0, start):
                continue
            if probe.anchor == "both" and not _ANCHOR_TAIL.fullmatch(text, end, e0):
                continue
            if probe.replaces is not None and not _confirms(text, probe, start, end):
                continue
            rank = 0 if ent.label == _WANT[field] else 1
            candidates.append((rank, -(end - start), start, end, field))
    if not candidates:
        return None
    if probe.near == "first":
        candidates.sort(key=lambda c: (c[0], c[2], c[1]))
    elif probe.near == "last":
        candidates.sort(key=lambda c: (c[0], -c[3], c[1]))
    else:
        candidates.sort()
    _, _, start, end, field = candidates[0]
    return Found(probe.role, field, text[start:end], start, end, probe.label, probe.block,
                 probe.block_id, probe.replaces)


def _confirms(text: str, probe: _Probe, start: int, end: int) -> bool:
    """A title correction: the name starts the rule value and ends where its title begins."""
    assert probe.replaces is not None
    rs, re_ = probe.replaces
    split = names.split_title(text[rs:re_])
    return split is not None and start == rs and names.clean(text[start:end]) == split[0]
