"""NER training data: the generator, silver lines, the held-out set."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from hetong.extractors.ner import model as ner
from hetong.extractors.ner.training.corpus import (
    HELDOUT,
    biluo,
    check,
    read_jsonl,
    silver_fragments,
    silver_lines,
)
from hetong.extractors.ner.training.generate import WEIGHTS, Lexicon, Names, Templates, build, generate
from hetong.extractors.ner.training.train import Settings, corpus, user_words

# training is a repository tool: its corpora are in the checkout, not the wheel
pytestmark = pytest.mark.checkout


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


@pytest.fixture(scope="module")
def nlp(lexicon: Lexicon):  # the tokenizer of the shipped pipeline, untrained
    import spacy

    with ner.quiet_jieba():
        blank = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    return ner.install_segmenter(blank, ner.ContractSegmenter(user_words(lexicon)))


def fragments_of(kind: str, lexicon: Lexicon, n: int = 150):
    templates = Templates(Names(lexicon, random.Random(7)))
    return [build(getattr(templates, kind)(), kind) for _ in range(n)]


@pytest.mark.parametrize("kind", list(WEIGHTS))
def test_spans_are_valid_and_disjoint(kind: str, lexicon: Lexicon) -> None:
    for frag in fragments_of(kind, lexicon):
        assert check(frag) == [], frag


@pytest.mark.parametrize("kind", list(WEIGHTS))
def test_spans_fall_on_token_boundaries(kind: str, lexicon: Lexicon, nlp) -> None:
    frags = fragments_of(kind, lexicon)
    spans = [(f, s, e) for f in frags for s, e, _ in f.entities]
    misaligned = [f.text[s:e] for f, s, e in spans if nlp.make_doc(f.text).char_span(s, e) is None]
    assert len(misaligned) <= max(1, len(spans) // 100), misaligned


@pytest.mark.parametrize("kind", [k for k in WEIGHTS if k not in ("no_entity", "field_noise")])
def test_templates_label_something(kind: str, lexicon: Lexicon) -> None:
    assert sum(bool(f.entities) for f in fragments_of(kind, lexicon, 50)) >= 45


@pytest.mark.parametrize("kind", ["no_entity", "field_noise"])
def test_negative_templates_label_nothing(kind: str, lexicon: Lexicon) -> None:
    assert all(not f.entities for f in fragments_of(kind, lexicon, 50))


def test_same_seed_same_data(lexicon: Lexicon) -> None:
    assert generate(60, seed=3, lexicon=lexicon) == generate(60, seed=3, lexicon=lexicon)
    assert generate(60, seed=3, lexicon=lexicon) != generate(60, seed=4, lexicon=lexicon)


def test_excluded_names_are_never_generated(lexicon: Lexicon) -> None:
    first = generate(200, seed=5, lexicon=lexicon)
    taken = {f.text[s:e] for f in first for s, e, _ in f.entities}
    again = generate(200, seed=5, lexicon=lexicon, exclude=taken)
    assert not taken & {f.text[s:e] for f in again for s, e, _ in f.entities}


def test_person_names_are_varied(lexicon: Lexicon) -> None:
    names = Names(lexicon, random.Random(1))
    people = [names.person() for _ in range(3000)]
    assert any("·" in p for p in people)  # Uyghur given·father names
    assert any(p[:2] in lexicon.compound_surnames for p in people)
    assert {len(p) for p in people if "·" not in p} >= {2, 3}


def test_fragments_are_nfkc_normalised(lexicon: Lexicon) -> None:
    text = "".join(f.text for f in generate(300, seed=2, lexicon=lexicon))
    assert not set("：（），；") & set(text)


def test_build_offsets() -> None:
    frag = build(["甲方（盖章）：", ("江门市财政局", "ORG"), "\n代表：", ("孙昊", "PER")], "t")
    assert frag.text == "甲方(盖章):江门市财政局\n代表:孙昊"
    assert [frag.text[s:e] for s, e, _ in frag.entities] == ["江门市财政局", "孙昊"]


# -- silver -------------------------------------------------------------------------

SILVER_CASES = [
    ("法定代表人: 王庆丰", [("王庆丰", "PER")]),
    ("联系人:吴佳颖  联系电话:0572-5123086", [("吴佳颖", "PER")]),
    ("法人代表: 刘春 经办人: 李玲玲", [("刘春", "PER"), ("李玲玲", "PER")]),
    ("法定代表人/委托代理人: 江伟 (签名)", [("江伟", "PER")]),
    ("采购人(以下简称甲方):江门市政务服务数据管理局", [("江门市政务服务数据管理局", "ORG")]),
    ("甲方:青岛市李沧区大数据管理局(盖章)", [("青岛市李沧区大数据管理局", "ORG")]),
    ("开户银行:招商银行股份有限公司武汉光谷支行;账号:127909485610802",
     [("招商银行股份有限公司武汉光谷支行", "ORG")]),
    ("住所地: 北京市朝阳区霄云路 1 号", [("北京市朝阳区霄云路 1 号", "LOC")]),
    ("1.1.2 地址:宜昌市西陵区沿江大道189号", [("宜昌市西陵区沿江大道189号", "LOC")]),
    ("法定代表人或授权代表(签字):", []),
]


@pytest.mark.parametrize(("line", "expected"), SILVER_CASES)
def test_silver_line(line: str, expected: list[tuple[str, str]]) -> None:
    (frag,) = silver_lines(line)
    assert [(frag.text[s:e], label) for s, e, label in frag.entities] == expected


@pytest.mark.parametrize("line", ["2. 涉密人员范围:甲方项目组成员。", "项目联系人承担以下责任:", "甲方:"])
def test_silver_skips_lines_without_labelled_names(line: str) -> None:
    assert silver_lines(line) == []


def test_silver_from_gold_texts() -> None:
    frags = silver_fragments()
    assert len(frags) > 100
    assert all(check(f) == [] for f in frags)


def test_misaligned_entity_is_left_unlabelled(nlp) -> None:
    doc = nlp.make_doc("如覃耀远离职")  # 远离 is one token: 覃耀远 cannot be a span
    tags, bad = biluo(doc, [(1, 4, "PER")])
    assert bad == 1
    assert "-" in tags and not any(t.endswith("PER") for t in tags)


# -- held-out -------------------------------------------------------------------------

def test_heldout_is_large_and_valid() -> None:
    frags = read_jsonl(HELDOUT)
    labels = [label for f in frags for _, _, label in f.entities]
    assert len(labels) >= 150
    assert {"ORG", "PER", "LOC"} <= set(labels)


def test_training_never_sees_heldout_entities() -> None:
    held = {f.text[s:e] for f in read_jsonl(HELDOUT) for s, e, _ in f.entities}
    generated, silver = corpus(Settings(), Lexicon.load())
    seen = {f.text[s:e] for f in generated + silver for s, e, _ in f.entities}
    assert not held & seen
    assert not {f.text for f in read_jsonl(HELDOUT)} & {f.text for f in generated + silver}


def test_read_jsonl_rejects_bad_spans(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "孙昊", "entities": [[0, 5, "PER"]]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="out of range"):
        read_jsonl(path)
