"""The contract's title (extractors/title.py) over fragments written in the
forms real covers use, through the real normaliser and segmenter. One row
per form, grouped by phenomenon; positive and negative rows."""

from __future__ import annotations

import pytest

from hetong.extractors.title import find_title
from hetong.models import Document
from hetong.pipeline.text import normalise, segment


def doc_of(fragment: str) -> Document:
    doc = Document(source="t.txt", sha256="x", media_type="text/plain", raw_text=fragment)
    return segment.run(normalise.run(doc))


def title_of(fragment: str) -> str | None:
    found = find_title(doc_of(fragment))
    return found[0][0] if found else None


# -- how a cover sets the heading ------------------------------------------------

COVER_CASES = [
    pytest.param("合同编号：\n\n采\n购\n合\n同\n\n\n甲方：东湖区文化馆\n乙方：青松办公设备有限公司\n",
                 "采购合同", id="one-character-a-line"),
    pytest.param("合同编号：\n\n房\n屋\n租\n赁\n合\n同\n\n\n\n【滨江新区创业园】项目房屋租赁合同\n\n"
                 "出租方（以下称甲方）：滨江新区园区运营有限公司\n",
                 "【滨江新区创业园】项目房屋租赁合同", id="one-character-a-line-then-body-heading"),
    pytest.param("房 屋 租 赁 合 同\n\n甲方（出租方）：王某\n乙方（承租方）：李某\n",
                 "房屋租赁合同", id="spaced-out"),
    pytest.param("技 术 开 发 合 同 书\n（软件委托开发）\n\n项目名称：档案管理系统开发\n",
                 "技术开发合同书", id="spaced-out-with-subtitle-below"),
    pytest.param("补助学员参训契约书\n\n立契约书人：\n", "补助学员参训契约书", id="契约书"),
]


@pytest.mark.parametrize(("fragment", "expected"), COVER_CASES)
def test_cover_headings(fragment, expected):
    assert title_of(fragment) == expected


# -- generic or cover heading, specific title ------------------------------------

SPECIFIC_CASES = [
    pytest.param("采购合同\n\n华东区办公设备采购合同\n\n甲方：华东区行政服务中心\n",
                 "华东区办公设备采购合同", id="generic-then-specific"),
    pytest.param("房屋租赁合同\n\n滨江新区创业园二期房屋租赁合同\n\n甲方：滨江新区园区运营有限公司\n",
                 "滨江新区创业园二期房屋租赁合同", id="cover-restated-with-project"),
    pytest.param("房屋租赁合同\n\n物业服务合同\n\n甲方：某物业公司\n", "房屋租赁合同",
                 id="a-different-contract-below-is-no-restatement"),
    pytest.param("买卖合同\n\n买方：东湖区水务局\n卖方：清源仪器有限公司\n", "买卖合同", id="generic-alone"),
]


@pytest.mark.parametrize(("fragment", "expected"), SPECIFIC_CASES)
def test_specific_title(fragment, expected):
    assert title_of(fragment) == expected


# -- what is not the title -------------------------------------------------------

NOT_TITLE_CASES = [
    pytest.param("东湖区档案数字化服务项目\n合同书\n\n合同正文\n\n甲方：东湖区档案馆\n",
                 "东湖区档案数字化服务项目合同书", id="part-heading-below-the-title"),
    pytest.param("合同正文\n\n甲方：东湖区档案馆\n乙方：青松数据服务有限公司\n", None, id="part-heading-alone"),
    pytest.param("甲方：东湖区档案馆\n乙方：青松数据服务有限公司\n\n1、签订合同\n双方约定如下。\n", None,
                 id="numbered-clause-ending-in-合同"),
    pytest.param(
        "东湖建设集团第三分公司\n合同审批单\n\n审批（2024）字第12号\n合同名称\t办公楼装修合同\t日期 2024年1月5日\n"
        "1、装修费用见合同。\n2、合同签订后支付预付款。\n经办人意见\t同意\t2024年1月6日\n\n"
        "办公楼装修合同\n合同编号：DH-ZX-2024-01\n甲方：东湖建设集团第三分公司\n",
        "办公楼装修合同", id="approval-sheet-before-the-contract",
    ),
]


@pytest.mark.parametrize(("fragment", "expected"), NOT_TITLE_CASES)
def test_not_the_title(fragment, expected):
    assert title_of(fragment) == expected


# -- the tender-annex label naming the form ----------------------------------------

ANNEX_CASES = [
    pytest.param("附件3：货物买卖合同范本（含安装）设备买卖合同\n合同编号：\n\n买方：东湖区水务局\n",
                 "设备买卖合同", id="label-on-the-title-line"),
    pytest.param("附件3：货物买卖合同范本\n\n设备买卖合同\n\n买方：东湖区水务局\n", "设备买卖合同",
                 id="label-on-its-own-line"),
]


@pytest.mark.parametrize(("fragment", "expected"), ANNEX_CASES)
def test_annex_label(fragment, expected):
    assert title_of(fragment) == expected


# -- the title printed only in the page header --------------------------------------

def test_title_only_in_the_running_header():
    body = "本条约定双方的权利义务，双方应遵守。" * 120
    fragment = (
        "甲方：东湖区政务服务中心\n乙方：青松信息技术有限公司\n\n第一条 服务内容\n" + body + "\n\n"
        "智慧园区运维服务合同\n\n第二条 服务要求\n" + body + "\n\n智慧园区运维服务合同\n\n第三条 其他\n" + body + "\n"
    )
    found = find_title(doc_of(fragment))
    assert found[0][0] == "智慧园区运维服务合同"
    assert found[0][3] == "contract.title.running_header"


def test_a_heading_line_seen_once_far_down_is_no_header():
    body = "本条约定双方的权利义务，双方应遵守。" * 120
    fragment = "甲方：东湖区政务服务中心\n\n第一条 服务内容\n" + body + "\n\n附属设施维护合同\n\n第二条 其他\n" + body + "\n"
    assert title_of(fragment) is None


def test_a_line_ending_in_合同_inside_the_body_is_no_late_heading():
    fragment = (
        "甲方：东湖区政务服务中心\n\n第一条 服务内容\n乙方负责园区设施的日常维护。\n\n附属设施维护合同\n\n"
        "第二条 其他\n双方另行约定。\n"
    )
    assert title_of(fragment) is None
