"""Named entities the rules cannot label: organisations, people and places.

A small spaCy pipeline trained and shipped by hetong (`hetong train-ner`
rebuilds it into `data/ner/model`): Chinese tokenizer with the jieba
segmenter, an `entity_ruler` for high-precision patterns (PHONE, EMAIL and
courts / arbitration commissions as ORG) and a statistical `ner` for ORG, PER
and LOC (a postal address or place written as a location).

    find_entities(doc)                                   # default windows
    find_entities(doc, spans=[(s, e)], labels={"PER"})   # PER inside a span
    find_entities(doc, spans=[(0, len(doc.text))])       # the whole text

Offsets index `doc.text` (the normalised text); `doc.evidence(e.start, e.end,
e.rule)` turns an entity into evidence. Running NER over a whole contract
costs about ten times more CPU than over the windows where unlabelled names
live (party and signature lines, lines of people, sentences designating a
contact or representative: ~280 of ~3100 characters on the gold set), so
`spans=None` means those windows (see `windows`). Callers that know which
line they need (the parties extractor) should pass just that span.

The model is loaded on first use, once per process, never at import.
`HETONG_NER=0` (or `ENABLED = False` here) turns NER off: `find_entities`
returns [] and records `doc.versions["ner"] = "off"`; otherwise every call that
runs the model records the model version there. `HETONG_NER_MODEL` points at
another model directory.

The segmenter: spaCy's zh tokenizer calls `jieba.cut` on the *global* jieba.
At load time we swap in our own `jieba.Tokenizer` instance (so the contract
vocabulary in the model's `userdict.txt` is registered once, and never leaks
into other modules' jieba), cut without HMM (unknown names fall apart into
characters instead of being glued to their neighbours, which keeps entity
boundaries on token boundaries) and keep e-mail addresses, phone numbers and
other ASCII runs whole.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hetong.models import Document
from hetong.extractors.shared.resources import data_path

if TYPE_CHECKING:  # spaCy is imported on first use only
    from spacy.language import Language

LABELS: tuple[str, ...] = ("ORG", "PER", "LOC")  # the trained labels
RULER_LABELS: tuple[str, ...] = ("PHONE", "EMAIL")  # labels only the entity_ruler sets
MODEL_DIR = data_path("ner", "model")
USERDICT = "userdict.txt"  # inside the model directory

# Module switch for the ablation: None defers to the HETONG_NER variable.
ENABLED: bool | None = None

_MAX_CHUNK = 600  # characters per spaCy Doc; longer spans are cut at line/sentence ends
_CACHE_SIZE = 4096  # chunk texts whose entities are kept (contracts repeat their blocks)


@dataclass(frozen=True, slots=True)
class Entity:
    label: str  # ORG | PER | LOC | PHONE | EMAIL
    start: int  # offsets into doc.text
    end: int
    text: str
    rule: str  # "ner.model", or "ner.ruler.<pattern id>" for entity_ruler matches
    version: str  # the model version (as recorded in doc.versions["ner"])


# -- the switch ------------------------------------------------------------------

def enabled() -> bool:
    if ENABLED is not None:
        return ENABLED
    return os.environ.get("HETONG_NER", "1").strip().lower() not in {"0", "false", "no", "off"}


def model_dir() -> Path:
    return Path(os.environ.get("HETONG_NER_MODEL") or MODEL_DIR)


# -- segmenter --------------------------------------------------------------------

# Kept as one token: e-mail, URL, phone numbers, other ASCII letter/digit runs.
_PROTECTED = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|(?:https?://|www\.)[A-Za-z0-9./_%?=&#-]+"
    r"|(?:\+?86-?)?1[3-9]\d(?:-?\d{4}){2}(?!\d)"
    r"|0\d{2,3}-\d{7,8}(?:-\d{1,5})?(?!\d)"
    r"|[48]00-?\d{3}-?\d{4}(?!\d)"
    r"|[A-Za-z0-9]+"
)


class ContractSegmenter:
    """What spaCy's ChineseTokenizer calls as `jieba_seg.cut(text, cut_all=False)`.

    Its own `jieba.Tokenizer` on jieba's default dictionary plus `words`; the
    dictionary is loaded by first character as words are looked up
    (extractors/shared/jieba_dict.py), not whole before the first cut."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        from hetong.extractors.shared.jieba_dict import default_dictionary, import_jieba

        jieba = import_jieba()
        self._jieba = jieba.Tokenizer()
        # `words` are added in the cached dictionary, as add_word adds them
        self._jieba.FREQ, self._jieba.total = default_dictionary(list(words))
        self._jieba.initialized = True

    def cut(self, text: str, cut_all: bool = False) -> Iterator[str]:
        pos = 0
        for m in _PROTECTED.finditer(text):
            if m.start() > pos:
                yield from self._jieba.cut(text[pos:m.start()], cut_all=False, HMM=False)
            yield m.group()
            pos = m.end()
        if pos < len(text):
            yield from self._jieba.cut(text[pos:], cut_all=False, HMM=False)


@contextmanager
def quiet_jieba() -> Iterator[None]:
    """jieba logs "Building prefix dict …" at DEBUG to stderr; not ours to print."""
    from hetong.extractors.shared.jieba_dict import import_jieba

    jieba = import_jieba()
    logger = jieba.default_logger
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_words(path: Path) -> list[str]:
    """One word per line; `#` starts a comment."""
    words = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


def install_segmenter(nlp: Language, segmenter: ContractSegmenter) -> Language:
    """Give `nlp` (a zh pipeline with segmenter jieba) our segmenter."""
    tokenizer = nlp.tokenizer
    if getattr(tokenizer, "segmenter", None) != "jieba":
        raise ValueError("the NER pipeline must use spaCy's zh tokenizer with segmenter 'jieba'")
    tokenizer.jieba_seg = segmenter  # type: ignore[attr-defined]
    return nlp


# -- the model --------------------------------------------------------------------

_nlp: Language | None = None
_nlp_path: Path | None = None
_version: str | None = None
_lock = threading.Lock()
_cache: OrderedDict[str, tuple[tuple[str, int, int, str], ...]] = OrderedDict()


def clear_cache() -> None:
    """Forget the entities of chunks seen so far (for timing and tests)."""
    _cache.clear()


def load_pipeline(path: Path) -> Language:
    """Load a trained NER model directory (uncached: `load_model` is the
    once-per-process entry point)."""
    import spacy

    path = Path(path)
    if not (path / "meta.json").is_file():
        raise FileNotFoundError(f"no NER model in {path}: run `hetong train-ner`")
    words = read_words(path / USERDICT) if (path / USERDICT).is_file() else []
    segmenter = ContractSegmenter(words)
    with _segmenting_with(segmenter):
        nlp = spacy.load(path)
    return install_segmenter(nlp, segmenter)


@contextmanager
def _segmenting_with(segmenter: ContractSegmenter) -> Iterator[None]:
    """Build spaCy's zh tokenizer with our segmenter from the start. spaCy
    otherwise builds it on the global jieba tokenizer, which loads jieba's
    whole dictionary (a second of CPU), and the entity ruler's phrase
    patterns, tokenised while the model loads, would be cut by that other
    segmenter than the one that cut them in training and cuts the text."""
    import spacy.lang.zh as zh

    original = zh.try_jieba_import
    zh.try_jieba_import = lambda: segmenter
    try:
        yield
    finally:
        zh.try_jieba_import = original


def version_of(nlp: Language) -> str:
    """`<meta version>+<digest of training config and data>`."""
    meta = nlp.meta
    digest = (meta.get("hetong") or {}).get("digest", "")
    return f"{meta.get('version', '0')}+{digest[:12]}" if digest else str(meta.get("version", "0"))


def load_model() -> Language:
    """The model in `model_dir()`, loaded once per process (later calls reuse
    it; a process whose HETONG_NER_MODEL changed since — a worker forked from a
    process that preloaded another model — loads the one it names)."""
    global _nlp, _version, _nlp_path
    path = model_dir()
    if _nlp is None or _nlp_path != path:
        with _lock:
            if _nlp is None or _nlp_path != path:
                nlp = load_pipeline(path)
                _version = version_of(nlp)
                _nlp, _nlp_path = nlp, path
    return _nlp


def model_version() -> str:
    load_model()
    assert _version is not None
    return _version


# -- windows ----------------------------------------------------------------------

# Where names without a label live (the brief for the defaults): the
# declaration and signature lines of the parties, the lines of people
# (代表, 联系人, 签字 …), and sentences that designate a person.
_ROLE = (r"(?:[甲乙丙丁]\s*方|采购人|采购单位|采购方|供应商|委托方|委托人|受托方|受托人|发包人|承包人"
         r"|需方|供方|购买方|提供方|服务方|买受人|出卖人|中标人|成交供应商|中标供应商|监理单位|使用单位)")
_PARTY_LINE = re.compile(rf"^\s*(?:[\d.]+\s*|\(?[一二三四五六七八九十]+[)、]\s*)?{_ROLE}[^:\n]{{0,16}}:")
_PERSON_LINE = re.compile(r"代表|代理人|负责人|联系人|经办人|签字|签名|签章|盖章|公章|\(章\)")
_DESIGNATION = re.compile(r"(?:指定|委派|指派|授权|委托|安排|确定)[^,;:。]{1,14}?(?:为|担任|作为)"
                          r"|(?:联系人|负责人|项目经理|代表)(?:为|是|:)")
# boilerplate that mentions signing but names nobody (…签字并加盖公章后生效)
_BOILERPLATE = re.compile(r"(?:签字|签章|盖章|公章).{0,8}(?:后|之日|起)")
# A line ending in a label or stamp: the value is on the next line.
_OPEN_END = re.compile(r"(?:[:：]|[(（](?:盖章|公章|签字|签名|签章|章)[)）])\s*$")
_SENTENCE_END = re.compile(r"[。;；!?！？]")
_SHORT_LINE = 60


def windows(doc: Document) -> list[tuple[int, int]]:
    """Spans of `doc.text` worth running NER on: short lines that declare or
    sign for a party or name a person's role (代表, 联系人, 签字, 盖章 …), the line
    after one that ends in a label or stamp (when short too), and the
    sentences of longer lines that designate a person (指定 X 为, 委派 X 担任,
    联系人为 …); adjacent windows are merged.
    Addresses, banks and other labelled values are left to the rules."""
    text = doc.text
    spans: list[tuple[int, int]] = []
    lines = _lines(text)
    for i, (start, end) in enumerate(lines):
        line = text[start:end]
        if end - start > _SHORT_LINE:
            spans.extend(_designations(text, start, end))
            continue
        if not (_PARTY_LINE.search(line) or _PERSON_LINE.search(line) or _DESIGNATION.search(line)):
            continue
        spans.append((start, end))
        if _OPEN_END.search(line):
            nxt = next(((s, e) for s, e in lines[i + 1:] if text[s:e].strip()), None)
            if nxt is not None and nxt[1] - nxt[0] <= _SHORT_LINE:
                spans.append(nxt)
    return _merge(spans, text)


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _designations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of [start, end) that designate a person."""
    out, s = [], start
    bounds = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
    if not bounds or bounds[-1] < end:
        bounds.append(end)
    for e in bounds:
        sentence = text[s:e]
        if _DESIGNATION.search(sentence) and not _BOILERPLATE.search(sentence):
            out.append((s, e))
        s = e
    return out


def _merge(spans: Iterable[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sort, clamp and merge spans that overlap or touch (only white space
    between them)."""
    n = len(text)
    merged: list[list[int]] = []
    for s, e in sorted((max(0, min(s, n)), max(0, min(e, n))) for s, e in spans):
        if e <= s:
            continue
        if merged and (s <= merged[-1][1] or not text[merged[-1][1]:s].strip()):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def _clamped(spans: Iterable[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Distinct non-empty spans, clamped to the text, sorted."""
    n = len(text)
    out = {(max(0, min(s, n)), max(0, min(e, n))) for s, e in spans}
    return sorted((s, e) for s, e in out if e > s)


def _chunks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut [start, end) into pieces of at most _MAX_CHUNK characters, at line
    ends, else sentence ends, else anywhere."""
    while end - start > _MAX_CHUNK:
        limit = start + _MAX_CHUNK
        cut = text.rfind("\n", start, limit)
        if cut <= start:
            m = None
            for m in _SENTENCE_END.finditer(text, start, limit):
                pass
            cut = m.end() - 1 if m is not None else limit - 1
        yield start, cut + 1
        start = cut + 1
    if end > start:
        yield start, end


# -- finding ----------------------------------------------------------------------

def find_entities(
    doc: Document,
    spans: Iterable[tuple[int, int]] | None = None,
    labels: Iterable[str] | None = None,
    merge: bool = True,
) -> list[Entity]:
    """Entities inside `spans` of `doc.text` (default: `windows(doc)`), with
    a label in `labels` (default: all), sorted by start. Spans that overlap or
    touch (only white space between) are merged; an entity never crosses the
    edge of the merged span. With `merge=False` each span is read on its own
    (a name alone and the clause around it are two readings, whose entities
    may overlap). Records the model version in `doc.versions["ner"]`.
    Raises FileNotFoundError when no model is shipped (the orchestrator
    records that on the document)."""
    if not enabled():
        doc.versions["ner"] = "off"
        return []
    nlp = load_model()
    version = model_version()
    doc.versions["ner"] = version
    wanted = set(labels) if labels is not None else None
    text = doc.text
    wanted_spans = windows(doc) if spans is None else spans
    regions = _merge(wanted_spans, text) if merge else _clamped(wanted_spans, text)
    pieces = [
        (s, e)
        for rs, re_ in regions
        for s, e in _chunks(text, rs, re_)
        if text[s:e].strip()
    ]
    found = _entities_of(nlp, [text[s:e] for s, e in pieces])
    out: list[Entity] = []
    for (offset, _), ents in zip(pieces, found):
        for label, s, e, rule in ents:
            if wanted is None or label in wanted:
                out.append(Entity(label, offset + s, offset + e, text[offset + s:offset + e],
                                  rule, version))
    return sorted(set(out), key=lambda x: (x.start, x.end, x.label))


def _entities_of(nlp: Language, texts: list[str]) -> list[tuple[tuple[str, int, int, str], ...]]:
    """(label, start, end, rule) per text, from the cache or the model."""
    missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if missing:
        for text, sdoc in zip(missing, nlp.pipe(missing, batch_size=64)):
            _cache[text] = tuple(doc_entities(sdoc))
            if len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    out = []
    for t in texts:
        if t in _cache:
            _cache.move_to_end(t)
            out.append(_cache[t])
        else:  # evicted by this very batch (more texts than the cache holds)
            out.append(tuple(doc_entities(nlp(t))))
    return out


def doc_entities(sdoc: Any) -> Iterator[tuple[str, int, int, str]]:
    """(label, start, end, rule) of each entity of a spaCy Doc, offsets into
    its text, white space trimmed."""
    for ent in sdoc.ents:
        start, end = ent.start_char, ent.end_char
        # a token may carry white space the entity should not
        while start < end and sdoc.text[start].isspace():
            start += 1
        while end > start and sdoc.text[end - 1].isspace():
            end -= 1
        if end > start:
            rule = f"ner.ruler.{ent.ent_id_}" if ent.ent_id_ else "ner.model"
            yield ent.label_, start, end, rule
