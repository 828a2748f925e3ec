"""Parties from NER where the rules find nothing (hetong.extractors.ner.parties), over
fragments written as contracts write them, through the real normaliser,
segmenter and the shipped model. One row per form, grouped by phenomenon."""

from __future__ import annotations

from pathlib import Path

import pytest

from hetong.extractors import flags, parties
from hetong.extractors.ner import model as ner, parties as party_ner
from hetong.extractors.parties import Mention, extract, find_mentions
from hetong.models import Document, Party
from hetong.pipeline.text import normalise, segment
from hetong.pipeline.orchestrate import process_path

GOLD = Path(__file__).resolve().parents[3] / "data" / "gold"


def doc_of(fragment: str) -> Document:
    doc = Document(source="t.txt", sha256="x", media_type="text/plain", raw_text=fragment)
    return segment.run(normalise.run(doc))


def parties_of(fragment: str) -> dict[str, Party]:
    return {p.role: p for p in extract(doc_of(fragment))}


@pytest.fixture(autouse=True)
def ner_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ner, "ENABLED", None)
    monkeypatch.delenv("HETONG_NER", raising=False)
    monkeypatch.delenv("HETONG_NER_MODEL", raising=False)


@pytest.fixture
def ner_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The texts of the spans every `find_entities` call reads."""
    calls: list[list[str]] = []
    real = ner.find_entities

    def spy(doc, spans=None, labels=None, merge=True):
        spans = list(spans) if spans is not None else ner.windows(doc)
        calls.append([doc.text[s:e] for s, e in spans])
        return real(doc, spans=spans, labels=labels, merge=merge)

    monkeypatch.setattr(ner, "find_entities", spy)
    return calls


DECLARED_A = "甲方：苏州市姑苏区大数据管理中心\n地址：苏州市姑苏区人民路1001号\n\n"
DECLARED_B = "乙方：苏州云帆信息科技有限公司\n地址：苏州工业园区星湖街328号创意产业园12栋\n\n"

# (fragment, role, field, value): the rules leave the field empty, NER fills it
FALLBACK_CASES = [
    # the contractor named only in the sentence that introduces it
    pytest.param(DECLARED_A + "经公开招标，本项目由南京瀚海数智科技有限公司中标并承担运维服务工作（以下简称乙方）。双方订立本合同。\n",
                 "乙方", "name", "南京瀚海数智科技有限公司", id="name-introduced-hereinafter"),
    pytest.param(DECLARED_A + "根据竞争性磋商结果，成交供应商为无锡锡数云科技有限公司，由其为采购人提供运维服务。\n",
                 "乙方", "name", "无锡锡数云科技有限公司", id="name-supplier-is"),
    pytest.param(DECLARED_A + "甲方经竞争性谈判，选定常州龙城信息技术有限公司作为本项目受托方（以下简称“乙方”），委托其承担系统运维。\n",
                 "乙方", "name", "常州龙城信息技术有限公司", id="name-chosen-as"),
    # contacts designated in prose
    pytest.param(DECLARED_A + DECLARED_B + "第六条 联系人\n甲方确定由 陈晓燕 担任项目联系人，负责需求提出与考核组织。\n",
                 "甲方", "contact", "陈晓燕", id="contact-designated-spaced"),
    pytest.param(DECLARED_A + DECLARED_B + "甲方指定综合科 王丽君 为项目联系人，负责日常联络。\n",
                 "甲方", "contact", "王丽君", id="contact-designated-after-department"),
    pytest.param(DECLARED_A + DECLARED_B + "乙方委派高级工程师周文博作为驻场负责人，负责日常联络及驻场团队管理。\n",
                 "乙方", "contact", "周文博", id="contact-resident-lead-after-title"),
    pytest.param(DECLARED_A + DECLARED_B + "乙方委派项目经理林海涛作为驻场负责人，负责人员调度。\n",
                 "乙方", "contact", "林海涛", id="contact-after-project-manager"),
    pytest.param(DECLARED_A + DECLARED_B + "双方联系人分别为：甲方孙丽萍，乙方赵国栋。\n",
                 "甲方", "contact", "孙丽萍", id="contacts-listed-first"),
    pytest.param(DECLARED_A + DECLARED_B + "双方项目联系人分别为：甲方孙丽萍，乙方赵国栋。联系人负责工作对接。\n",
                 "乙方", "contact", "赵国栋", id="contacts-listed-second"),
    pytest.param(DECLARED_A + DECLARED_B + "甲方项目联系人为张晓梅，负责需求确认。\n",
                 "甲方", "contact", "张晓梅", id="contact-named-by-title"),
    # legal representative only where the text calls the person so
    pytest.param(DECLARED_A + DECLARED_B + "乙方法定代表人刘振华对本项目廉洁履约负总责。\n",
                 "乙方", "legal_rep", "刘振华", id="legal-rep-by-title"),
    pytest.param(DECLARED_A + DECLARED_B + "本合同由乙方授权代表胡建军负责签署及验收文件的确认。\n",
                 "乙方", "legal_rep", "胡建军", id="authorised-representative"),
    pytest.param(DECLARED_A + "成交供应商为无锡锡数云科技有限公司。供应商住所位于无锡市新吴区菱湖大道200号F12栋，法定代表人马国庆。\n",
                 "乙方", "legal_rep", "马国庆", id="legal-rep-after-a-comma"),
    # address in prose
    pytest.param(DECLARED_A + DECLARED_B.replace("地址：苏州工业园区星湖街328号创意产业园12栋\n", "")
                 + "乙方注册于南京市江宁区秣陵街道秣周东路12号。\n",
                 "乙方", "address", "南京市江宁区秣陵街道秣周东路12号", id="address-registered-in"),
    pytest.param("甲方：苏州市姑苏区大数据管理中心\n联系电话：0512-65221234\n\n甲方办公地点位于苏州市姑苏区干将西路1188号。\n",
                 "甲方", "address", "苏州市姑苏区干将西路1188号", id="address-office-located"),
    pytest.param(DECLARED_A + "乙方：苏州云帆信息科技有限公司\n\n乙方住所地为无锡市新吴区菱湖大道200号中国物联网国际创新园F12栋。\n",
                 "乙方", "address", "无锡市新吴区菱湖大道200号中国物联网国际创新园F12栋", id="address-domicile-is"),
    pytest.param(DECLARED_A + "乙方：苏州云帆信息科技有限公司\n\n乙方注册地址为昆山市玉山镇前进西路1801号汇金财富广场9层。\n",
                 "乙方", "address", "昆山市玉山镇前进西路1801号汇金财富广场9层", id="address-registered-address-is"),
]


@pytest.mark.parametrize(("fragment", "role", "field", "value"), FALLBACK_CASES)
def test_ner_fills_what_the_rules_leave_empty(fragment, role, field, value):
    party = parties_of(fragment)[role]
    assert getattr(party, field) == value
    assert party.evidence[field].rule == f"parties.{field}.ner"


@pytest.mark.parametrize(("fragment", "role", "field", "value"), FALLBACK_CASES)
def test_without_ner_the_field_stays_empty(fragment, role, field, value, monkeypatch):
    monkeypatch.setattr(ner, "ENABLED", False)
    party = parties_of(fragment).get(role)
    assert party is None or getattr(party, field) is None


NOT_LEGAL_REP_CASES = [
    pytest.param("乙方项目负责人吴海峰负责组织实施。\n", id="project-lead-is-a-contact"),
    pytest.param("乙方委派工程师许文杰作为驻场负责人。\n", id="resident-lead-is-a-contact"),
    pytest.param("乙方已向甲方提交法定代表人授权委托书。\n", id="power-of-attorney"),
    pytest.param("乙方应指定专人负责与甲方的日常联络。\n", id="someone"),
]


@pytest.mark.parametrize("sentence", NOT_LEGAL_REP_CASES)
def test_legal_rep_only_where_the_text_says_so(sentence):
    party = parties_of(DECLARED_A + DECLARED_B + sentence)["乙方"]
    assert party.legal_rep is None


NO_PERSON_CASES = [
    pytest.param("任何一方更换联系人，应提前5个工作日书面通知对方。\n", id="change-of-contact"),
    pytest.param("联系人应保持通讯畅通，变更时提前书面告知对方。\n", id="contacts-in-general"),
    pytest.param("乙方指定专人为项目联系人，负责与甲方的日常联络。\n", id="someone-designated"),
]


@pytest.mark.parametrize("sentence", NO_PERSON_CASES)
def test_sentences_naming_nobody_give_no_contact(sentence):
    found = parties_of(DECLARED_A + DECLARED_B + sentence)
    assert (found["甲方"].contact, found["乙方"].contact) == (None, None)


NOT_A_VALUE_CASES = [
    pytest.param("乙方派驻2名工程师在甲方位于苏州市姑苏区干将西路1188号的机房驻场。\n", "甲方", "address",
                 id="a-site-of-the-party-is-not-its-address"),
    pytest.param("乙方为苏州市姑苏区大数据管理中心提供运维服务。\n", "乙方", "name", id="another-roles-name"),
    pytest.param("乙方为甲方提供7×24小时运维服务。\n", "乙方", "name", id="role-is-no-name"),
]


@pytest.mark.parametrize(("sentence", "role", "field"), NOT_A_VALUE_CASES)
def test_prose_that_states_no_party_value(sentence, role, field):
    fragment = "甲方：苏州市姑苏区大数据管理中心\n\n" + sentence
    party = parties_of(fragment).get(role)
    assert party is None or getattr(party, field) is None


# -- the rules win --------------------------------------------------------------------

LABELLED = (
    "甲方：苏州市姑苏区大数据管理中心\n地址：苏州市姑苏区人民路1001号\n法定代表人：顾建新\n联系人：陈晓燕\n\n"
    "乙方：苏州云帆信息科技有限公司\n地址：苏州工业园区星湖街328号创意产业园12栋\n法定代表人：钱志远\n联系人：周文博\n\n"
    "甲方指定 王丽君 为项目联系人。乙方注册于南京市江宁区秣陵街道秣周东路12号。\n"
)


def test_labelled_values_beat_prose(ner_calls):
    found = parties_of(LABELLED)
    assert (found["甲方"].contact, found["乙方"].address) == ("陈晓燕", "苏州工业园区星湖街328号创意产业园12栋")
    assert all(not ev.rule.endswith(".ner") for p in found.values() for ev in p.evidence.values())


def test_no_ner_when_the_rules_fill_every_field(ner_calls):
    extract(doc_of(LABELLED))
    assert ner_calls == []


def test_ner_reads_only_small_windows(ner_calls):
    fragment = FALLBACK_CASES[3].values[0]
    extract(doc_of(fragment))
    assert len(ner_calls) == 1
    assert all(len(text) <= 200 for text in ner_calls[0])
    assert sum(map(len, ner_calls[0])) < len(fragment)


# -- signatories under a stamp ------------------------------------------------------------

SIGNED = (
    "甲方：苏州市姑苏区大数据管理中心\n法定代表人：顾建新\n\n乙方：苏州云帆信息科技有限公司\n法定代表人：钱志远\n\n"
    "第十条 其他\n本合同自双方盖章之日起生效。\n\n"
)

SIGNATORY_CASES = [
    pytest.param(SIGNED + "甲方（盖章）\n苏州市姑苏区大数据管理中心\n顾建新\n2024年5月8日\n\n"
                 "乙方（盖章）\n苏州云帆信息科技有限公司\n钱志远\n2024年5月8日\n",
                 {("甲方", "顾建新"), ("乙方", "钱志远")}, id="name-under-the-organisation"),
    pytest.param(SIGNED + "甲方（盖章）                        乙方（盖章）\n"
                 "苏州市姑苏区大数据管理中心          苏州云帆信息科技有限公司\n"
                 "顾建新                              钱志远\n",
                 {("甲方", "顾建新"), ("乙方", "钱志远")}, id="side-by-side"),
    pytest.param(SIGNED + "乙方（盖章）：苏州云帆信息科技有限公司\n法定代表人或授权代表（签字）：\n钱志远\n",
                 {("乙方", "钱志远")}, id="after-an-empty-label"),
    pytest.param(SIGNED + "乙方（盖章）\n苏州云帆信息科技有限公司\n附件1 服务清单\n", set(), id="annex-title-is-no-name"),
    # OCR of a label and a smudge: a stamp note between two pieces is no name (and no error)
    pytest.param(SIGNED + "甲方（单位盖章）：\n法人或委托代理人（签字）\t人或委托代理人\n", set(),
                 id="stamp-note-between-two-pieces"),
]


@pytest.mark.parametrize(("fragment", "expected"), SIGNATORY_CASES)
def test_names_signed_without_a_label(fragment, expected):
    found = {(m.role, m.value) for m in find_mentions(doc_of(fragment)) if m.field == "signatory"}
    assert found == expected
    for m in find_mentions(doc_of(fragment)):
        if m.field == "signatory":
            assert (m.rule, m.block) == ("parties.signatory.ner", "signature")


def test_a_mistyped_signatory_is_flagged():
    fragment = SIGNATORY_CASES[0].values[0].replace("\n钱志远\n2024", "\n钱志元\n2024")
    doc = doc_of(fragment)
    found = [(f.kind, f.evidence) for f in flags.check_person_names(doc, find_mentions(doc))]
    assert found == [("person_name_mismatch", ["钱志远", "钱志元"])]


def test_signatories_that_match_raise_nothing():
    doc = doc_of(SIGNATORY_CASES[0].values[0])
    assert flags.check_person_names(doc, find_mentions(doc)) == []


def test_a_second_designation_that_differs_is_flagged():
    fragment = (DECLARED_A + DECLARED_B + "乙方委派项目经理林海涛作为驻场负责人，负责人员调度。\n"
                "6.3 乙方驻场负责人林海韬应于每月5日前向甲方提交考核自评材料。\n")
    doc = doc_of(fragment)
    found = [(f.kind, f.evidence) for f in flags.check_person_names(doc, find_mentions(doc))]
    assert found == [("person_name_mismatch", ["林海涛", "林海韬"])]


# -- a title after a name --------------------------------------------------------------------

TITLED = "乙方：苏州云帆信息科技有限公司\n法定代表人：钱志远经理\n"


def test_ner_drops_a_title_the_rules_kept():
    party = parties_of(TITLED)["乙方"]
    assert (party.legal_rep, party.evidence["legal_rep"].rule) == ("钱志远", "parties.legal_rep.ner")


def test_without_ner_the_title_stays(monkeypatch):
    monkeypatch.setattr(ner, "ENABLED", False)
    party = parties_of(TITLED)["乙方"]
    assert (party.legal_rep, party.evidence["legal_rep"].rule) == ("钱志远经理", "parties.legal_rep.declaration")


# -- cost and failure ------------------------------------------------------------------------

def test_the_model_is_not_loaded_for_a_contract_the_rules_cover(monkeypatch):
    monkeypatch.setattr(ner, "_nlp", None)

    def refuse(path):
        raise AssertionError("the NER model was loaded")

    monkeypatch.setattr(ner, "load_pipeline", refuse)
    doc = process_path(GOLD / "004_203ddecaf6b58c51.txt")
    assert ner._nlp is None and "ner" not in doc.versions
    assert doc.status == "ok", doc.errors
    assert [(p.name, p.legal_rep, p.contact) for p in doc.parties] == [
        ("北京市朝阳区政务服务管理局", "王庆丰", "田伟"), ("北京万信友联科技有限公司", "李胜", "杨琼")]


def test_the_model_is_loaded_where_the_rules_leave_gaps(monkeypatch):
    monkeypatch.setattr(ner, "_nlp", None)
    loads: list[Path] = []
    real = ner.load_pipeline

    def spy(path):
        loads.append(path)
        return real(path)

    monkeypatch.setattr(ner, "load_pipeline", spy)
    doc = process_path(GOLD / "121_xihu_govcloud_ops.txt")
    assert len(loads) == 1 and doc.versions["ner"] == ner.model_version()


def test_a_missing_model_keeps_the_rules_values(monkeypatch, tmp_path):
    monkeypatch.setattr(ner, "_nlp", None)
    monkeypatch.setenv("HETONG_NER_MODEL", str(tmp_path))
    doc = doc_of(FALLBACK_CASES[0].values[0])
    found = {p.role: p for p in extract(doc)}
    assert found["甲方"].name == "苏州市姑苏区大数据管理中心" and "乙方" not in found
    assert doc.status == "partial" and any(e.startswith("parties.ner") for e in doc.errors)


def test_a_pathological_text_reads_a_bounded_number_of_slots(ner_calls):
    fragment = DECLARED_A + "乙方：苏州云帆信息科技有限公司\n\n" + "乙方注册于南京市江宁区秣陵街道秣周东路12号。\n" * 200
    doc = doc_of(fragment)
    extract(doc)
    assert len(ner_calls) == 1 and len(ner_calls[0]) <= party_ner.MAX_SLOTS
    assert doc.status == "partial" and any("only the first" in e for e in doc.errors)


def test_mentions_are_computed_once_per_document(ner_calls):
    doc = doc_of(FALLBACK_CASES[3].values[0])
    first = find_mentions(doc)
    assert find_mentions(doc) == first and len(ner_calls) == 1
    assert find_mentions(doc_of(FALLBACK_CASES[3].values[0])) == first  # another document: asked again
    assert len(ner_calls) == 2


def test_ner_mentions_are_mentions():
    mentions = find_mentions(doc_of(FALLBACK_CASES[6].values[0]))
    found = [m for m in mentions if m.rule.endswith(".ner")]
    assert found and all(isinstance(m, Mention) and m.block == "text" and m.block_id is None for m in found)
    assert parties.PARTY_FIELDS  # the fields NER fills are Party fields
