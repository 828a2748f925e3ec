"""Roles and the labels contracts use for them."""

from __future__ import annotations

import pytest

from hetong.extractors.shared import roles

RESOLVE_CASES = [
    # the roles themselves, as far as a partnership of seven goes
    ("甲方", "甲方"), ("丁方", "丁方"), ("戊方", "戊方"), ("庚方", "庚方"),
    # the side written between the characters of the role
    ("甲(供)方", "甲方"), ("乙(需)方", "乙方"), ("甲( 供 )方", "甲方"),
    # the usual reading of labels of every kind of contract
    ("出租方", "甲方"), ("承租方", "乙方"), ("出租人", "甲方"), ("承租人", "乙方"),
    ("买方", "甲方"), ("卖方", "乙方"), ("买受人", "甲方"), ("出卖人", "乙方"),
    ("采购方", "甲方"), ("供货方", "乙方"), ("需方", "甲方"), ("供方", "乙方"),
    ("发包人", "甲方"), ("承包人", "乙方"),
    ("委托方", "甲方"), ("受托方", "乙方"), ("委托人", "甲方"), ("受托人", "乙方"),
    ("投资方", "甲方"), ("融资方", "乙方"), ("出借人", "甲方"), ("借款人", "乙方"),
    # no role
    ("合伙人", None), ("普通合伙人", None), ("学员", None), ("甲(供)", None), ("(供)方", None),
]


@pytest.mark.parametrize(("label", "role"), RESOLVE_CASES)
def test_resolve(label, role):
    assert roles.resolve(label, {}) == role


def test_the_contract_ties_a_label_to_another_role():
    assert roles.resolve("出租方", {"出租方": "乙方"}) == "乙方"


def test_roles_are_ordered_as_declared():
    assert sorted(["庚方", "甲方", "戊方", "乙方"], key=roles.role_order) == ["甲方", "乙方", "戊方", "庚方"]


@pytest.mark.parametrize(("inner", "role"), [("以下简称“戊方”", "戊方"), ("简称乙方", "乙方"), ("供", None)])
def test_role_in_parens(inner, role):
    assert roles.role_in_parens(inner) == role
