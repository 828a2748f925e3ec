"""Scoring against gold (data/gold/FORMAT.md): case tables per rule."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from hetong.models import ContractRecord
from hetong.pipeline.store.export import to_json_dict
from hetong.pipeline.quality.scoring import (
    GROUPS,
    DocumentScore,
    GroupCounts,
    aggregate,
    max_matching,
    score_document,
    validate_gold,
)

GOLD_DIR = Path(__file__).resolve().parents[3] / "data" / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.gold.json"))


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def empty_gold(**groups: Any) -> dict[str, Any]:
    """A valid gold file stating nothing, with `groups` overriding sections."""
    gold: dict[str, Any] = {
        "source": "t.txt",
        "contract": {
            "title": None, "project_name": None, "contract_no": None, "signed_on": None,
            "total_amount": None, "total_amount_words": None, "tax_rate": None,
            "service_start": None, "service_end": None, "coverage": [],
            "dispute_forum": None, "dispute_venue": None,
        },
        "parties": [], "payments": [], "penalties": [], "sla": [], "flags": [],
    }
    contract = groups.pop("contract", {})
    gold["contract"].update(contract)
    gold.update(groups)
    assert validate_gold(gold) == []
    return gold


def empty_pred() -> dict[str, Any]:
    """What the exporter writes when nothing was extracted."""
    return to_json_dict(ContractRecord(source="t.txt", sha256="0" * 64, media_type="text/plain"))


def pred_with(**groups: Any) -> dict[str, Any]:
    pred = empty_pred()
    pred["contract"].update(groups.pop("contract", {}))
    pred.update(groups)
    return pred


def counts(score: DocumentScore, group: str) -> tuple[int, int, int]:
    c = score.groups[group]
    return c.tp, c.fp, c.fn


def party(role: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"role": role}
    base.update({f: None for f in ("name", "address", "legal_rep", "contact", "phone", "email",
                                   "postcode", "bank", "account", "tax_id")})
    base.update(fields)
    return base


def flag(kind: str, *evidence: str, optional: bool = False) -> dict[str, Any]:
    return {"kind": kind, "evidence": list(evidence), "optional": optional}


# -- the real gold files ------------------------------------------------------

def test_gold_files_exist() -> None:
    assert GOLD_FILES, f"no gold files in {GOLD_DIR}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_file_is_valid(path: Path) -> None:
    assert validate_gold(load(path)) == []


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_as_its_own_prediction_is_perfect(path: Path) -> None:
    gold = load(path)
    score = score_document(gold, copy.deepcopy(gold))
    assert score.discrepancies == []
    for group in GROUPS:
        c = score.groups[group]
        assert (c.fp, c.fn) == (0, 0), group
        assert (c.precision, c.recall, c.f1) == (1.0, 1.0, 1.0), group
    assert score.overall.f1 == 1.0


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_empty_prediction_finds_nothing(path: Path) -> None:
    gold = load(path)
    score = score_document(gold, empty_pred())
    for group in GROUPS:
        c = score.groups[group]
        assert (c.tp, c.fp) == (0, 0), group
        if c.fn:
            assert c.recall == 0.0 and c.f1 == 0.0, group
    assert score.overall.fn > 0 and score.overall.recall == 0.0


# -- scalar slots: null handling ------------------------------------------------

MISSING = object()

NULL_CASES = [
    # gold, pred, (tp, fp, fn)
    (None, None, (0, 0, 0)),
    (None, MISSING, (0, 0, 0)),
    (None, "HT-1", (0, 1, 0)),
    ("HT-1", None, (0, 0, 1)),
    ("HT-1", MISSING, (0, 0, 1)),
    ("HT-1", "", (0, 0, 1)),  # empty string is no value
    ("HT-1", "HT-1", (1, 0, 0)),
    ("HT-1", "HT-2", (0, 1, 1)),  # wrong = FN + FP
    ("", "HT-1", (0, 1, 0)),  # empty gold string is null
]


@pytest.mark.parametrize("gold_value, pred_value, expected", NULL_CASES)
def test_null_handling(gold_value: Any, pred_value: Any, expected: tuple[int, int, int]) -> None:
    gold = empty_gold(contract={"contract_no": gold_value})
    pred = empty_pred()
    if pred_value is MISSING:
        del pred["contract"]["contract_no"]
    else:
        pred["contract"]["contract_no"] = pred_value
    assert counts(score_document(gold, pred), "contract") == expected


def test_missing_sections_in_prediction_are_empty() -> None:
    gold = empty_gold(contract={"title": "合同"}, payments=[{"seq": 1, "amount": "1", "ratio": None}])
    score = score_document(gold, {"status": "ok"})
    assert counts(score, "contract") == (0, 0, 1)
    assert counts(score, "payments") == (0, 0, 1)


def test_wrong_value_is_one_discrepancy() -> None:
    gold = empty_gold(contract={"contract_no": "HT-1"})
    score = score_document(gold, pred_with(contract={"contract_no": "HT-2"}))
    (d,) = score.discrepancies
    assert (d.group, d.path, d.kind, d.gold, d.pred) == ("contract", "contract.contract_no", "wrong", "HT-1", "HT-2")


# -- acceptable answers -------------------------------------------------------------

LIST_CASES = [
    (["政府采购合同", "运维服务项目合同"], "运维服务项目合同", (1, 0, 0)),
    (["政府采购合同", "运维服务项目合同"], "政府采购合同", (1, 0, 0)),
    (["政府采购合同", "运维服务项目合同"], "合同", (0, 1, 1)),
    (["政府采购合同", "运维服务项目合同"], None, (0, 0, 1)),
    (["政府采购合同"], "政府采购合同", (1, 0, 0)),
    ([], None, (0, 0, 0)),  # no acceptable answer = not stated
    ([], "合同", (0, 1, 0)),
    (["政府采购合同", None], None, (0, 0, 0)),  # "not stated" also acceptable
    (["政府采购合同", None], "政府采购合同", (1, 0, 0)),
    (["政府采购合同", None], "合同", (0, 1, 0)),
    # a predicted list counts as its first non-null item
    (["政府采购合同"], ["政府采购合同", "合同"], (1, 0, 0)),
    (["政府采购合同"], [None, "政府采购合同"], (1, 0, 0)),
    (["政府采购合同"], ["合同", "政府采购合同"], (0, 1, 1)),
    (["政府采购合同"], [], (0, 0, 1)),
]


@pytest.mark.parametrize("gold_value, pred_value, expected", LIST_CASES)
def test_list_valued_gold_is_a_set_of_answers(gold_value: Any, pred_value: Any, expected: tuple[int, int, int]) -> None:
    gold = empty_gold(contract={"title": gold_value})
    assert counts(score_document(gold, pred_with(contract={"title": pred_value})), "contract") == expected


# -- text normalisation ---------------------------------------------------------------

TEXT_CASES = [
    ("北京市朝阳区霄云路1号", "北京市朝阳区霄云路 1 号", True),
    ("北京市朝阳区霄云路1号", "北京市朝阳区霄云路１号", True),  # full-width digit
    ("北京市朝阳区霄云路1号", "北京市\n朝阳区\t霄云路1号", True),
    ("北京市朝阳区霄云路1号", "北京市朝阳区\u3000霄云路1号", True),  # ideographic space
    ("新疆克拉玛依市云计算产业园区PIC-B1号", "新疆克拉玛依市云计算产业园区ＰＩＣ－Ｂ１号", True),
    ("张家港经济开发区（杨舍镇长兴路）", "张家港经济开发区(杨舍镇长兴路)", True),  # NFKC folds brackets
    ("新疆克拉玛依市云计算产业园区PIC-B1号", "新疆克拉玛依市云计算产业园区P1C-B1号", False),
    ("北京市朝阳区霄云路1号", "北京市朝阳区霄云路2号", False),
]


@pytest.mark.parametrize("gold_value, pred_value, equal", TEXT_CASES)
def test_text_compared_after_nfkc_without_whitespace(gold_value: str, pred_value: str, equal: bool) -> None:
    gold = empty_gold(parties=[party("甲方", address=gold_value)])
    score = score_document(gold, pred_with(parties=[party("甲方", address=pred_value)]))
    assert counts(score, "parties") == ((1, 0, 0) if equal else (0, 1, 1))


# -- decimals, dates, numbers ----------------------------------------------------------

DECIMAL_CASES = [
    ("total_amount", "60000", "60000.00", True),
    ("total_amount", "60000.00", "60000", True),
    ("total_amount", "60000", 60000, True),  # JSON number
    ("total_amount", "60000", "6E+4", True),
    ("total_amount", "60000", "６００００", True),  # full-width digits
    ("total_amount", "60000", "60000.01", False),
    ("total_amount", "60000", "陆万元", False),  # unparsed is a wrong value
    ("total_amount", "60000", "NaN", False),
    ("tax_rate", "0.06", "0.060", True),
    ("tax_rate", "0.06", "0.6", False),
    ("tax_rate", "0.06", "6%", False),
    ("signed_on", "2022-09-23", "2022-09-23", True),
    ("signed_on", "2022-09-23", "2022-9-23", False),  # dates: ISO text
    ("signed_on", "2022-09-23", "2022-09-24", False),
]


@pytest.mark.parametrize("name, gold_value, pred_value, equal", DECIMAL_CASES)
def test_decimal_and_date_fields(name: str, gold_value: str, pred_value: Any, equal: bool) -> None:
    gold = empty_gold(contract={name: gold_value})
    score = score_document(gold, pred_with(contract={name: pred_value}))
    assert counts(score, "contract") == ((1, 0, 0) if equal else (0, 1, 1))


# -- coverage ------------------------------------------------------------------------------

COVERAGE_CASES = [
    (["7x24"], ["7x24"], (1, 0, 0)),
    (["7x24"], [], (0, 0, 1)),
    (["7x24"], None, (0, 0, 1)),
    (["7x24"], ["7x24", "5x8"], (1, 1, 0)),
    (["7x24"], ["7x24", "7x24"], (1, 0, 0)),  # a set: duplicates ignored
    (["7x24"], ["７x２４"], (1, 0, 0)),
    (["7x24"], ["5x8"], (0, 1, 1)),
    (["7x24", "5x8"], ["5x8"], (1, 0, 1)),
    ([], ["5x8"], (0, 1, 0)),
    ([], [], (0, 0, 0)),
]


@pytest.mark.parametrize("gold_value, pred_value, expected", COVERAGE_CASES)
def test_coverage_scored_as_a_set(gold_value: list[str], pred_value: Any, expected: tuple[int, int, int]) -> None:
    gold = empty_gold(contract={"coverage": gold_value})
    assert counts(score_document(gold, pred_with(contract={"coverage": pred_value})), "contract") == expected


# -- parties ------------------------------------------------------------------------------

GOLD_PARTIES = [
    party("甲方", name="昆明市交通运输局"),
    party("乙方", name="昆明信息港传媒有限责任公司", bank="中国工商银行昆明白马支行"),
]

PARTY_CASES = [
    ("same", GOLD_PARTIES, (3, 0, 0)),
    ("order does not matter", GOLD_PARTIES[::-1], (3, 0, 0)),
    ("missing party: its non-null fields are FN", GOLD_PARTIES[:1], (1, 0, 2)),
    ("extra party: its non-null fields are FP",
     [*GOLD_PARTIES, party("丙方", name="某监理公司", phone="123")], (3, 2, 0)),
    ("second party of a role is extra",
     [*GOLD_PARTIES, party("甲方", name="昆明市交通运输局")], (3, 1, 0)),
    ("wrong role",
     [party("甲方", name="昆明市交通运输局"),
      party("丙方", name="昆明信息港传媒有限责任公司", bank="中国工商银行昆明白马支行")], (1, 2, 2)),
    ("extra non-null field is FP",
     [party("甲方", name="昆明市交通运输局", phone="0871-1"), GOLD_PARTIES[1]], (3, 1, 0)),
    ("role compared normalised", [party(" 甲 方 ", name="昆明市交通运输局"), GOLD_PARTIES[1]], (3, 0, 0)),
    ("unscored keys ignored",
     [{**GOLD_PARTIES[0], "label": "采购人", "evidence": {}}, GOLD_PARTIES[1]], (3, 0, 0)),
]


@pytest.mark.parametrize("case, pred_parties, expected", PARTY_CASES, ids=[c[0] for c in PARTY_CASES])
def test_parties_matched_by_role(case: str, pred_parties: list[dict[str, Any]], expected: tuple[int, int, int]) -> None:
    gold = empty_gold(parties=GOLD_PARTIES)
    assert counts(score_document(gold, pred_with(parties=pred_parties)), "parties") == expected


def test_duplicate_roles_paired_by_agreement() -> None:
    gold = empty_gold(parties=[party("乙方", name="A公司"), party("乙方", name="B公司")])
    pred = pred_with(parties=[party("乙方", name="B公司"), party("乙方", name="A公司")])
    assert counts(score_document(gold, pred), "parties") == (2, 0, 0)


# -- payments ------------------------------------------------------------------------------

def pay(seq: int, amount: str | None, ratio: str | None = None, trigger: str | None = None) -> dict[str, Any]:
    return {"seq": seq, "amount": amount, "ratio": ratio, "trigger": trigger}


PAYMENT_CASES = [
    ("same", [pay(1, "601000", "0.5"), pay(2, "360600", "0.3")],
     [pay(1, "601000.00", "0.50"), pay(2, "360600.00", "0.30")], (2, 0, 0)),
    ("order does not matter", [pay(1, "601000"), pay(2, "360600")],
     [pay(1, "360600"), pay(2, "601000")], (2, 0, 0)),
    ("ratio and trigger not scored when amounts match", [pay(1, "601000", "0.5", "签订后")],
     [pay(1, "601000", "0.9", "验收后")], (1, 0, 0)),
    ("wrong amount", [pay(1, "601000")], [pay(1, "600000")], (0, 1, 1)),
    ("gold amount null: matched by ratio", [pay(1, None, "0.5")], [pay(1, "601000", "0.50")], (1, 0, 0)),
    ("gold amount null: ratio differs", [pay(1, None, "0.5")], [pay(1, "601000", "0.3")], (0, 1, 1)),
    ("gold amount set: ratio alone does not match", [pay(1, "601000", "0.5")], [pay(1, None, "0.5")], (0, 1, 1)),
    ("one-to-one: extra installment", [pay(1, "32450"), pay(2, "32450")],
     [pay(1, "32450"), pay(2, "32450"), pay(3, "32450")], (2, 1, 0)),
    ("one-to-one: missing installment", [pay(1, "32450"), pay(2, "32450")], [pay(1, "32450")], (1, 0, 1)),
    ("maximum, not greedy, matching", [pay(1, None, "0.5"), pay(2, "100")],
     [pay(1, "100", "0.5"), pay(2, "200", "0.5")], (2, 0, 0)),
    ("nothing predicted", [pay(1, "1"), pay(2, "2")], [], (0, 0, 2)),
    ("nothing in gold", [], [pay(1, "1")], (0, 1, 0)),
]


@pytest.mark.parametrize("case, gold_items, pred_items, expected", PAYMENT_CASES, ids=[c[0] for c in PAYMENT_CASES])
def test_payments(case: str, gold_items: list[dict[str, Any]], pred_items: list[dict[str, Any]],
                  expected: tuple[int, int, int]) -> None:
    gold = empty_gold(payments=gold_items)
    assert counts(score_document(gold, pred_with(payments=pred_items)), "payments") == expected


# -- penalties ------------------------------------------------------------------------------

def pen(payer: str, rate: str, unit: str, base: str = "contract_total", trigger: str | None = None) -> dict[str, Any]:
    return {"payer": payer, "rate": rate, "unit": unit, "base": base, "trigger": trigger}


TWICE = [pen("乙方", "0.2", "once"), pen("乙方", "0.2", "once", trigger="违反保密")]

PENALTY_CASES = [
    ("duplicates, both found", TWICE, [pen("乙方", "0.20", "once"), pen("乙方", "0.2", "once")], (2, 0, 0)),
    ("duplicates, one found", TWICE, [pen("乙方", "0.2", "once")], (1, 0, 1)),
    ("duplicates, found three times", TWICE, [pen("乙方", "0.2", "once")] * 3, (2, 1, 0)),
    ("base and trigger not scored", [pen("甲方", "0.0005", "per_day", "overdue_amount", "延迟付款")],
     [pen("甲方", "0.0005", "per_day", "other", None)], (1, 0, 0)),
    ("payer differs", [pen("甲方", "0.0005", "per_day")], [pen("乙方", "0.0005", "per_day")], (0, 1, 1)),
    ("rate differs", [pen("甲方", "0.0005", "per_day")], [pen("甲方", "0.005", "per_day")], (0, 1, 1)),
    ("unit differs", [pen("乙方", "0.2", "once")], [pen("乙方", "0.2", "per_day")], (0, 1, 1)),
    ("200 %", [pen("乙方", "2", "per_day")], [pen("乙方", "2.00", "per_day")], (1, 0, 0)),
]


@pytest.mark.parametrize("case, gold_items, pred_items, expected", PENALTY_CASES, ids=[c[0] for c in PENALTY_CASES])
def test_penalties_multiset(case: str, gold_items: list[dict[str, Any]], pred_items: list[dict[str, Any]],
                            expected: tuple[int, int, int]) -> None:
    gold = empty_gold(penalties=gold_items)
    assert counts(score_document(gold, pred_with(penalties=pred_items)), "penalties") == expected


# -- sla ------------------------------------------------------------------------------------

def sla(kind: str, hours: Any, severity: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "hours": hours, "severity": severity}


SLA_CASES = [
    ("2 == 2.0", [sla("response", 2)], [sla("response", 2.0)], (1, 0, 0)),
    ("2 == '2'", [sla("response", 2)], [sla("response", "2")], (1, 0, 0)),
    ("2 == '2.00'", [sla("response", 2)], [sla("response", "2.00")], (1, 0, 0)),
    ("0.5 == '0.50'", [sla("response", 0.5)], [sla("response", "0.50")], (1, 0, 0)),
    ("hours differ", [sla("response", 2)], [sla("response", 4)], (0, 1, 1)),
    ("kind differs", [sla("response", 2)], [sla("resolve", 2)], (0, 1, 1)),
    ("severity not scored", [sla("resolve", 12, "较急")], [sla("resolve", 12, "普通")], (1, 0, 0)),
    ("multiset: duplicates", [sla("resolve", 12), sla("resolve", 12), sla("resolve", 12)],
     [sla("resolve", 12.0), sla("resolve", 12)], (2, 0, 1)),
    ("multiset: too many", [sla("resolve", 12)], [sla("resolve", 12)] * 2, (1, 1, 0)),
]


@pytest.mark.parametrize("case, gold_items, pred_items, expected", SLA_CASES, ids=[c[0] for c in SLA_CASES])
def test_sla_multiset(case: str, gold_items: list[dict[str, Any]], pred_items: list[dict[str, Any]],
                      expected: tuple[int, int, int]) -> None:
    gold = empty_gold(sla=gold_items)
    assert counts(score_document(gold, pred_with(sla=pred_items)), "sla") == expected


# -- flags ----------------------------------------------------------------------------------

def pflag(kind: str, *evidence: str) -> dict[str, Any]:
    """A predicted flag as the exporter writes it."""
    return {"kind": kind, "severity": "warning", "message": "…", "evidence": list(evidence), "spans": []}


FLAG_CASES = [
    ("shared evidence", [flag("person_name_mismatch", "李胜", "李印胜")],
     [pflag("person_name_mismatch", "李印胜")], (1, 0, 0)),
    ("predicted evidence contains gold", [flag("person_name_mismatch", "李胜", "李印胜")],
     [pflag("person_name_mismatch", "法定代表人：李印胜")], (1, 0, 0)),
    ("predicted evidence contained in gold", [flag("party_detail_mismatch", "云计算产业园区PIC-B1号")],
     [pflag("party_detail_mismatch", "PIC-B1")], (1, 0, 0)),
    ("evidence normalised", [flag("party_detail_mismatch", "PIC-B1")],
     [pflag("party_detail_mismatch", "ＰＩＣ－Ｂ１")], (1, 0, 0)),
    ("no shared evidence", [flag("person_name_mismatch", "李胜", "李印胜")],
     [pflag("person_name_mismatch", "田伟", "孙昊")], (0, 1, 1)),
    ("empty predicted evidence string shares nothing", [flag("person_name_mismatch", "李胜")],
     [pflag("person_name_mismatch", " ")], (0, 1, 1)),
    ("kind differs", [flag("person_name_mismatch", "李胜")], [pflag("party_name_mismatch", "李胜")], (0, 1, 1)),
    ("gold without evidence matches any of its kind", [flag("missing_signing_date")],
     [pflag("missing_signing_date", "2022 年 月 日")], (1, 0, 0)),
    ("gold without evidence matches prediction without evidence", [flag("numbering_gap")],
     [pflag("numbering_gap")], (1, 0, 0)),
    ("gold without evidence: other kinds do not match", [flag("numbering_gap")],
     [pflag("missing_signing_date")], (0, 1, 1)),
    ("one-to-one: one prediction, two gold", [flag("numbering_gap"), flag("numbering_gap")],
     [pflag("numbering_gap")], (1, 0, 1)),
    ("one-to-one: two predictions, one gold", [flag("person_name_mismatch", "李胜")],
     [pflag("person_name_mismatch", "李胜"), pflag("person_name_mismatch", "李胜")], (1, 1, 0)),
    ("optional matched: neither TP nor FP", [flag("period_mismatch", optional=True)],
     [pflag("period_mismatch", "12个月")], (0, 0, 0)),
    ("optional unmatched: no FN", [flag("period_mismatch", optional=True)], [], (0, 0, 0)),
    ("optional absorbs one prediction only", [flag("period_mismatch", optional=True)],
     [pflag("period_mismatch"), pflag("period_mismatch")], (0, 1, 0)),
    ("non-optional gold matched first",
     [flag("person_name_mismatch", "王庆丰", optional=True), flag("person_name_mismatch", "王庆丰")],
     [pflag("person_name_mismatch", "王庆丰")], (1, 0, 0)),
    ("both found when both predicted",
     [flag("person_name_mismatch", "王庆丰", "江伟", optional=True), flag("person_name_mismatch", "李胜")],
     [pflag("person_name_mismatch", "李胜"), pflag("person_name_mismatch", "江伟")], (1, 0, 0)),
    ("nothing in gold", [], [pflag("numbering_gap")], (0, 1, 0)),
]


@pytest.mark.parametrize("case, gold_items, pred_items, expected", FLAG_CASES, ids=[c[0] for c in FLAG_CASES])
def test_flags(case: str, gold_items: list[dict[str, Any]], pred_items: list[dict[str, Any]],
               expected: tuple[int, int, int]) -> None:
    gold = empty_gold(flags=gold_items)
    assert counts(score_document(gold, pred_with(flags=pred_items)), "flags") == expected


# -- failed documents ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("failure", ["none", "status"])
def test_failed_document_counts_every_gold_value_as_fn(path: Path, failure: str) -> None:
    gold = load(path)
    perfect = score_document(gold, copy.deepcopy(gold))
    # a failed export is ignored even where it holds right values
    pred = None if failure == "none" else {**copy.deepcopy(gold), "status": "failed"}
    score = score_document(gold, pred)
    assert score.failed
    for group in GROUPS:
        assert counts(score, group) == (0, 0, perfect.groups[group].tp), group


def test_partial_document_is_scored_normally() -> None:
    gold = empty_gold(contract={"total_amount": "60000"})
    score = score_document(gold, {**pred_with(contract={"total_amount": "60000.00"}), "status": "partial"})
    assert not score.failed
    assert counts(score, "contract") == (1, 0, 0)


# -- counts and aggregation ------------------------------------------------------------------------

RATIO_CASES = [
    # tp, fp, fn, precision, recall, f1
    (0, 0, 0, 1.0, 1.0, 1.0),  # nothing to find, nothing wrongly found
    (0, 0, 4, 0.0, 0.0, 0.0),
    (0, 3, 0, 0.0, 0.0, 0.0),
    (3, 1, 0, 0.75, 1.0, 6 / 7),
    (1, 1, 3, 0.5, 0.25, 1 / 3),
]


@pytest.mark.parametrize("tp, fp, fn, p, r, f1", RATIO_CASES)
def test_precision_recall_f1(tp: int, fp: int, fn: int, p: float, r: float, f1: float) -> None:
    c = GroupCounts(tp, fp, fn)
    assert (c.precision, c.recall) == (p, r)
    assert c.f1 == pytest.approx(f1)


def test_aggregate_is_micro_averaged() -> None:
    gold_a = empty_gold(contract={"total_amount": "1", "contract_no": "A"})
    gold_b = empty_gold(contract={"total_amount": "2"}, sla=[sla("response", 2)])
    a = score_document(gold_a, pred_with(contract={"total_amount": "1"}))  # contract 1 TP, 1 FN
    b = score_document(gold_b, None)  # contract 1 FN, sla 1 FN
    summary = aggregate([a, b])
    assert (summary.documents, summary.failed) == (2, 1)
    assert summary.groups["contract"] == GroupCounts(1, 0, 2)
    assert summary.groups["sla"] == GroupCounts(0, 0, 1)
    assert summary.overall == GroupCounts(1, 0, 3)
    assert summary.overall.recall == 0.25
    assert set(summary.to_dict()["groups"]) == set(GROUPS)


def test_aggregate_of_nothing() -> None:
    summary = aggregate([])
    assert summary.documents == 0
    assert summary.overall == GroupCounts()


def test_max_matching_prefers_order() -> None:
    # gold 0 and gold 1 both only fit pred 0; the first in `order` wins
    assert max_matching(2, 1, lambda i, j: True, order=[1, 0]) == {1: 0}
    assert max_matching(2, 1, lambda i, j: True) == {0: 0}
    # augmenting path re-routes gold 0 so that gold 1 is matched too
    assert max_matching(2, 2, lambda i, j: (i, j) != (1, 1)) == {0: 1, 1: 0}


# -- gold validation ------------------------------------------------------------------------------

def _broken(mutate: Any) -> dict[str, Any]:
    gold = empty_gold()
    mutate(gold)
    return gold


BAD_GOLD = [
    ("not an object", lambda g: g.clear() or g.update({"x": 1})),
    ("no source", lambda g: g.pop("source")),
    ("unknown contract key", lambda g: g["contract"].update({"signed_at": "2022-01-01"})),
    ("bad decimal", lambda g: g["contract"].update({"total_amount": "六万"})),
    ("decimal as number", lambda g: g["contract"].update({"total_amount": 60000})),
    ("bad date", lambda g: g["contract"].update({"signed_on": "2022-9-1"})),
    ("coverage not a list", lambda g: g["contract"].update({"coverage": "7x24"})),
    ("missing group", lambda g: g.pop("sla")),
    ("party without role", lambda g: g["parties"].append(party(""))),
    ("payment with neither amount nor ratio", lambda g: g["payments"].append(pay(1, None))),
    ("penalty without rate", lambda g: g["penalties"].append({"payer": "甲方", "unit": "once"})),
    ("sla hours as string", lambda g: g["sla"].append(sla("response", "2"))),
    ("flag evidence not a list", lambda g: g["flags"].append({"kind": "x", "evidence": "a"})),
]


@pytest.mark.parametrize("case, mutate", BAD_GOLD, ids=[c[0] for c in BAD_GOLD])
def test_validate_gold_reports_problems(case: str, mutate: Any) -> None:
    assert validate_gold(_broken(mutate))
