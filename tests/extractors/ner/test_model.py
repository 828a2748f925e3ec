"""The shipped NER model (data/ner/model) through `hetong.extractors.ner.model`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hetong.extractors.ner import model as ner
from hetong.models import Document
from hetong.pipeline.quality import evaluate
from hetong.pipeline.cli import app
from hetong.extractors.ner.training.evaluate import PRF, heldout_scores, score_spans

runner = CliRunner()
GOLD_DIR = Path(__file__).resolve().parents[3] / "data" / "gold"


def make_doc(text: str) -> Document:
    return Document(source="t.txt", sha256="0" * 64, media_type="text/plain", text=text)


def found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(e.label, e.text) for e in ner.find_entities(make_doc(text), **kwargs)]


@pytest.fixture(autouse=True)
def ner_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ner, "ENABLED", None)
    monkeypatch.delenv("HETONG_NER", raising=False)


# -- loading --------------------------------------------------------------------------

def test_model_is_loaded_once() -> None:
    assert ner.load_model() is ner.load_model()


def test_model_is_small_and_versioned() -> None:
    size = sum(p.stat().st_size for p in ner.MODEL_DIR.rglob("*") if p.is_file())
    assert size <= 15 * 1024 * 1024
    meta = json.loads((ner.MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    assert ner.model_version() == f"{meta['version']}+{meta['hetong']['digest'][:12]}"
    assert set(ner.LABELS) <= set(meta["labels"]["ner"])


def test_segmenter_keeps_contract_vocabulary_whole() -> None:
    words = [t.text for t in ner.load_model().make_doc("法定代表人:林国栋 统一社会信用代码 项目联系人")]
    assert {"法定代表人", "统一社会信用代码", "项目联系人"} <= set(words)


def test_segmenter_does_not_touch_global_jieba() -> None:
    import jieba

    ner.load_model()
    assert "统一社会信用代码" not in list(jieba.cut("统一社会信用代码", HMM=False))


# -- finding --------------------------------------------------------------------------

CASES = [
    ("contact in running text", "甲方指定 孙昊 为甲方项目联系人", ("PER", "孙昊")),
    ("contact without spaces", "乙方指定顾春萍为乙方项目联系人。", ("PER", "顾春萍")),
    ("signature line", "甲方(盖章):江门市政务服务数据管理局", ("ORG", "江门市政务服务数据管理局")),
    ("stamp after the name", "乙方:国泰新点软件股份有限公司(盖章)", ("ORG", "国泰新点软件股份有限公司")),
    ("signatory", "法定代表人/委托代理人: 李印胜 (签名)", ("PER", "李印胜")),
    ("address", "地址:江门市蓬江区白石大道166号", ("LOC", "江门市蓬江区白石大道166号")),
    ("court", "协商不成的,任何一方可向宜昌市西陵区人民法院提起诉讼。", ("ORG", "宜昌市西陵区人民法院")),
    ("arbitration", "协商不成的,提交北京仲裁委员会仲裁;", ("ORG", "北京仲裁委员会")),
    ("phone", "联系电话:0750-3272815", ("PHONE", "0750-3272815")),
    ("email", "电子邮箱:liangwc@yuexinyun.com.cn", ("EMAIL", "liangwc@yuexinyun.com.cn")),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_finds(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text, spans=[(0, len(text))])


@pytest.mark.parametrize("text", ["向甲方所在地人民法院提起诉讼。", "项目联系人承担以下责任:"])
def test_generic_mentions_are_not_names(text: str) -> None:
    assert found(text, spans=[(0, len(text))], labels=ner.LABELS) == []


def test_entities_carry_offsets_rule_and_version() -> None:
    doc = make_doc("第十八条 双方确定,甲方指定 孙昊 为甲方项目联系人。\n联系电话:0750-3272815")
    ents = ner.find_entities(doc, spans=[(0, len(doc.text))])
    assert ents and all(doc.text[e.start:e.end] == e.text for e in ents)
    assert {e.rule for e in ents} == {"ner.model", "ner.ruler.phone"}
    assert {e.version for e in ents} == {ner.model_version()}
    assert doc.versions["ner"] == ner.model_version()


def test_spans_and_labels_restrict_the_search() -> None:
    text = "甲方(盖章):江门市财政局\n甲方指定 孙昊 为甲方项目联系人"
    second = text.index("\n") + 1
    assert found(text, spans=[(second, len(text))]) == [("PER", "孙昊")]
    assert found(text, spans=[(0, len(text))], labels={"ORG"}) == [("ORG", "江门市财政局")]


def test_unmerged_spans_are_read_one_by_one() -> None:
    text = "双方联系人分别为:甲方孙丽萍,乙方赵国栋。"
    name = text.index("赵国栋")
    merged = ner.find_entities(make_doc(text), spans=[(0, len(text)), (name, name + 3)])
    alone = ner.find_entities(make_doc(text), spans=[(0, len(text)), (name, name + 3)], merge=False)
    assert {(e.start, e.end) for e in merged} <= {(e.start, e.end) for e in alone}
    assert ("PER", "赵国栋") in {(e.label, e.text) for e in alone}
    assert all(make_doc(text).text[e.start:e.end] == e.text for e in alone)


def test_default_windows_skip_plain_clauses() -> None:
    text = ("本合同总价为人民币壹拾万元整。\n"
            "乙方:北京万信友联科技有限公司\n"
            "法定代表人: 李胜\n"
            "服务期限为12个月。\n"
            "甲方指定 孙昊 为甲方项目联系人。")
    doc = make_doc(text)
    windows = [text[s:e] for s, e in ner.windows(doc)]
    assert windows == ["乙方:北京万信友联科技有限公司\n法定代表人: 李胜", "甲方指定 孙昊 为甲方项目联系人。"]
    assert ("PER", "孙昊") in found(text)


@pytest.mark.parametrize("line", [
    "2. 乙方指定 姜薇 为项目经理,全面负责本项目的组织实施,未经甲方同意不得更换。",
    "乙方项目经理为高远,未经甲方同意不得更换。" * 3,  # a long line: the sentence is kept
    "法定代表人或授权代表(签字):",
])
def test_window_lines(line: str) -> None:
    assert ner.windows(make_doc(line))


@pytest.mark.parametrize("line", [
    "本合同经双方法定代表人或授权代表签字并加盖公章后生效。" * 3,
    "完成甲方指定的合同内容工作,服务满意率达到95%以上,可视为项目验收完成,验收合格后甲方应向乙方签署书面验收合格证明。",
])
def test_no_window_for_boilerplate(line: str) -> None:
    assert ner.windows(make_doc(line)) == []


def test_window_takes_the_line_after_a_stamp() -> None:
    text = "本合同一式两份。\n甲方(盖章):\n江门市财政局\n\n附件:报价单"
    assert [text[s:e] for s, e in ner.windows(make_doc(text))] == ["甲方(盖章):\n江门市财政局"]


def test_long_spans_are_cut_into_chunks() -> None:
    text = ("乙方应按约定提供服务。" * 40 + "\n") * 3
    chunks = list(ner._chunks(text, 0, len(text)))
    assert all(e - s <= ner._MAX_CHUNK for s, e in chunks)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(chunks, chunks[1:]))


def test_repeated_calls_use_the_cache() -> None:
    ner.clear_cache()
    text = "甲方指定 孙昊 为甲方项目联系人"
    first = found(text, spans=[(0, len(text))])
    assert text in ner._cache
    assert found(text, spans=[(0, len(text))]) == first


# -- switch ----------------------------------------------------------------------------

def test_env_switch_turns_ner_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HETONG_NER", "0")
    doc = make_doc("甲方指定 孙昊 为甲方项目联系人")
    assert ner.find_entities(doc) == []
    assert doc.versions["ner"] == "off"


def test_module_switch_wins_over_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HETONG_NER", "0")
    monkeypatch.setattr(ner, "ENABLED", True)
    assert ner.enabled()


# -- scores -------------------------------------------------------------------------------

def test_score_spans_on_a_tiny_example() -> None:
    gold = [[(0, 2, "PER"), (3, 9, "ORG")], [(0, 5, "LOC")]]
    pred = [[(0, 2, "PER"), (3, 8, "ORG")], [(0, 5, "LOC"), (6, 8, "PER")]]
    scores = score_spans(gold, pred)
    assert (scores["PER"].tp, scores["PER"].fp, scores["PER"].fn) == (1, 1, 0)
    assert (scores["ORG"].tp, scores["ORG"].fp, scores["ORG"].fn) == (0, 1, 1)
    assert scores["LOC"].f1 == 1.0
    assert scores["ALL"].precision == pytest.approx(2 / 4)
    assert scores["ALL"].recall == pytest.approx(2 / 3)
    assert PRF().f1 == 0.0


def test_heldout_scores_on_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    text = "甲方指定 孙昊 为甲方项目联系人"
    path.write_text(json.dumps({"text": text, "entities": [[5, 7, "PER"]]}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    scores = heldout_scores(path)
    assert scores["PER"].tp == 1 and scores["ALL"].fp == 0


# -- CLI ------------------------------------------------------------------------------------

def test_ablation_toggles_ner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "101_jiangmen_govcloud"
    folder = tmp_path / "gold"
    folder.mkdir()
    for suffix in (".gold.json", ".txt"):
        shutil.copy(GOLD_DIR / f"{name}{suffix}", folder / f"{name}{suffix}")
    gold = json.loads((folder / f"{name}.gold.json").read_text(encoding="utf-8"))

    def extract(path: Path) -> dict:  # perfect with NER, empty without
        parties = gold["parties"] if ner.enabled() else []
        return {"source": path.name, "status": "ok", "contract": {}, "parties": parties}

    monkeypatch.setattr(evaluate, "extract_path", extract)
    result = runner.invoke(app, ["ablation", "--gold", str(folder)])
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("parties"))
    assert line.split()[1:] == ["0.000", "1.000", "+1.000"]
    assert "whole text" in result.output and "windowed" in result.output
    assert "Pipeline CPU time per contract" in result.output
    assert ner.ENABLED is None  # restored


def test_ablation_counts_the_values_ner_supplied() -> None:
    from hetong.extractors.ner.training.evaluate import ner_values

    gold = {"parties": [{"role": "乙方", "name": "某某公司", "contact": "赵国栋", "address": None}]}
    export = {"parties": [{"role": "乙方", "name": "某某公司", "contact": "赵国栋", "address": "某路1号",
                           "evidence": {"name": {"rule": "parties.name.signature"},
                                        "contact": {"rule": "parties.contact.ner"},
                                        "address": {"rule": "parties.address.ner"}}}]}
    assert ner_values([(gold, export), (gold, None)]) == {"contact": (1, 1), "address": (1, 0)}


@pytest.mark.checkout
def test_train_ner_command_builds_a_loadable_model_reproducibly(tmp_path: Path) -> None:
    from hetong.extractors.ner.training.train import Settings, train

    out = tmp_path / "model"
    result = runner.invoke(app, ["train-ner", "--out", str(out), "--n-generated", "40", "--epochs", "1"])
    assert result.exit_code == 0, result.output
    assert "held-out" in result.output and "PER" in result.output
    nlp = ner.load_pipeline(out)
    assert nlp.pipe_names == ["entity_ruler", "ner"]
    assert (out / ner.USERDICT).is_file()

    again = train(tmp_path / "again", Settings(n_generated=40, epochs=1), log=lambda _: None)
    assert again.version == ner.version_of(nlp)
    assert (again.path / "ner" / "model").read_bytes() == (out / "ner" / "model").read_bytes()
