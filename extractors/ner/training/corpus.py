"""NER corpora: silver lines from the gold contracts, the held-out set, JSONL
files, and their conversion to spaCy training examples.

Silver: a labelled line of a gold contract (normalised as the pipeline does)
names its entity, e.g. `法定代表人: 王庆丰` → PER, `采购人(甲方):江门市…局` →
ORG, `地址:…` → LOC, `开户银行:…支行` → ORG. Only the line is kept, and only
when a rule labelled something in it (or it is a bare signature label such as
`法定代表人或授权代表(签字):`), so an unlabelled name elsewhere in the
contract is never taught as "not an entity".

Held-out: `data/ner/heldout.jsonl`, hand-written fragments with other names
and other templates; training never reads it (the generator only avoids its
entity strings, so that no held-out name is trained on by chance).

JSONL: one object a line, {"text": …, "entities": [[start, end, label], …]},
plus "template" or "source" for information.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hetong.extractors.ner.training.generate import Fragment, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.training import Example

# training reads its corpora from the checkout (only the model and lexicons are package data)
DATA_DIR = Path(__file__).resolve().parents[3] / "data" / "ner"
HELDOUT = DATA_DIR / "heldout.jsonl"
# the gold sets are not package data: training runs from a checkout
GOLD_DIR = Path(__file__).resolve().parents[3] / "data" / "gold"


# -- JSONL ------------------------------------------------------------------------

def read_jsonl(path: Path) -> list[Fragment]:
    out = []
    for i, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        obj = json.loads(line)
        frag = Fragment(obj["text"], tuple((s, e, label) for s, e, label in obj["entities"]),
                        obj.get("template") or obj.get("source") or "")
        problems = check(frag)
        if problems:
            raise ValueError(f"{path}:{i}: " + "; ".join(problems))
        out.append(frag)
    return out


def write_jsonl(path: Path, fragments: Iterable[Fragment]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for f in fragments:
            fh.write(json.dumps({"text": f.text, "entities": [list(e) for e in f.entities],
                                 "template": f.template}, ensure_ascii=False) + "\n")


def check(fragment: Fragment, labels: Iterable[str] = ("ORG", "PER", "LOC")) -> list[str]:
    """What is wrong with a fragment's spans: out of range, empty, padded with
    white space, overlapping or unknown label."""
    problems = []
    allowed = set(labels)
    last_end = 0
    for s, e, label in sorted(fragment.entities):
        if not (0 <= s < e <= len(fragment.text)):
            problems.append(f"span {s}-{e} out of range")
            continue
        span = fragment.text[s:e]
        if span != span.strip():
            problems.append(f"span {span!r} has surrounding white space")
        if label not in allowed:
            problems.append(f"unknown label {label!r}")
        if s < last_end:
            problems.append(f"span {span!r} overlaps the previous one")
        last_end = max(last_end, e)
    return problems


# -- silver -----------------------------------------------------------------------

_CJK = "\u4e00-\u9fff"
_ORG_END = r"(?:公司|局|中心|院|办公室|政府|委员会|分局|厅|所|馆|学校|大学|学院|站|队)"
_STAMP = r"(?:\s*\((?:盖章|公章|章|签章)\))"
_SILVER: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 甲方: X, 采购人(以下简称甲方): X, 甲方(盖章): X, 帐户名称: X
    ("ORG", re.compile(
        rf"(?:[甲乙丙丁]方|委托方|受托方|采购人|采购单位|供应商|发包人|承包人|需方|供方|购买方|提供方"
        rf"|委托单位|服务单位|单位名称|帐户名称|账户名称|户名)(?:\([^)]{{0,14}}\))?\s*:\s*"
        rf"(?P<v>[^\s:;,()]{{2,40}}?{_ORG_END}){_STAMP}?(?=\s|$|[;,(])")),
    ("ORG", re.compile(
        r"(?:开户银行|开户行)\s*:\s*(?P<v>[^\s:;,()]{2,40}?(?:支行|分行|银行|营业部|联社|信用社))(?=\s|$|[;,])")),
    ("PER", re.compile(
        rf"(?:法定代表人|法人代表|负责人|授权代表|委托代理人|联系人|经办人|项目经理)"
        rf"(?:\((?:签字|签名|签章)\))?\s*:\s*(?P<v>[{_CJK}]{{2,4}}|[{_CJK}]{{2,8}}·[{_CJK}]{{2,8}})"
        rf"(?=\s|$|[;,(])")),
    ("LOC", re.compile(
        r"(?:^|\s)(?:\d[\d.]*\s*)?(?:地址|住所地?|单位地址|通讯地址|通信地址|注册地址|办公地址|签订地点)\s*:\s*"
        r"(?P<v>\S(?:.*?\S)?)(?=\s{2,}|[;]|$)")),
)
_BARE_SIGNATURE = re.compile(r"^[^:]{0,20}(?:代表|代理人|负责人)[^:]{0,12}\((?:签字|签名|签章)\)\s*:?\s*$")


SILVER_SOURCES = DATA_DIR / "silver_sources.txt"


def silver_sources(listing: Path = SILVER_SOURCES) -> list[str]:
    """The gold texts that may be trained on: a frozen list, so a contract
    added to data/gold later stays evaluation-only."""
    lines = listing.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def silver_fragments(gold_dir: Path = GOLD_DIR) -> list[Fragment]:
    """Labelled lines of the contract texts of `gold_dir` named in
    data/ner/silver_sources.txt."""
    from hetong.pipeline.text import normalise
    from hetong.pipeline.read.ingest import load_bytes

    out: list[Fragment] = []
    for name in silver_sources():
        path = Path(gold_dir) / name
        doc = normalise.run(load_bytes(path.read_bytes(), path.name, str(path)))
        out.extend(silver_lines(doc.text, path.name))
    return out


def silver_lines(text: str, source: str = "") -> list[Fragment]:
    out = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        ents: list[Span] = []
        for label, pattern in _SILVER:
            for m in pattern.finditer(stripped):
                ents.append((m.start("v"), m.end("v"), label))
        ents = _non_overlapping(ents)
        if ents or _BARE_SIGNATURE.match(stripped):
            out.append(Fragment(stripped, tuple(ents), f"silver:{source}"))
    return out


def _non_overlapping(ents: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e, label in sorted(ents, key=lambda x: (x[0], -(x[1] - x[0]))):
        if out and s < out[-1][1]:
            continue
        out.append((s, e, label))
    return out


# -- spaCy examples ---------------------------------------------------------------

def biluo(doc: Any, entities: Iterable[Span]) -> tuple[list[str], int]:
    """BILUO tags of `doc` for char-offset `entities`. An entity whose edges
    fall inside a token is left unlabelled ('-', missing) rather than moved,
    so training neither rewards nor punishes the model there. Returns the tags
    and the number of such misaligned entities."""
    tags = ["O"] * len(doc)
    misaligned = 0
    for s, e, label in entities:
        span = doc.char_span(s, e, label=label)
        if span is None:
            misaligned += 1
            for tok in doc:
                if tok.idx < e and tok.idx + len(tok.text) > s:
                    tags[tok.i] = "-"
            continue
        if len(span) == 1:
            tags[span.start] = f"U-{label}"
        else:
            tags[span.start] = f"B-{label}"
            for i in range(span.start + 1, span.end - 1):
                tags[i] = f"I-{label}"
            tags[span.end - 1] = f"L-{label}"
    return tags, misaligned


def to_examples(nlp: Language, fragments: Iterable[Fragment]) -> tuple[list[Example], int]:
    """Training examples (tokenised by `nlp`) and the count of misaligned entities."""
    from spacy.training import Example

    examples, misaligned = [], 0
    for frag in fragments:
        doc = nlp.make_doc(frag.text)
        tags, bad = biluo(doc, frag.entities)
        misaligned += bad
        examples.append(Example.from_dict(doc, {"entities": tags}))
    return examples, misaligned
