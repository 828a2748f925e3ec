"""Where disputes go (extractors/dispute.py) over fragments written in the
forms real contracts use, through the real normaliser and segmenter. One
row per form, grouped by phenomenon; positive and negative rows."""

from __future__ import annotations

import pytest

from hetong.extractors.dispute import find_dispute
from hetong.models import Document
from hetong.pipeline.text import normalise, segment


def doc_of(fragment: str) -> Document:
    doc = Document(source="t.txt", sha256="x", media_type="text/plain", raw_text=fragment)
    return segment.run(normalise.run(doc))


def dispute_of(fragment: str) -> tuple[str | None, str | None]:
    found = find_dispute(doc_of(fragment))
    return found[0][0] if found else (None, None)


# -- the venue as written --------------------------------------------------------

VENUE_CASES = [
    pytest.param("因本合同发生争议，协商不成的，向甲方所在地人民法院提起诉讼。\n",
                 ("court", "甲方所在地人民法院"), id="party-seat-court"),
    pytest.param("十四、争议解决\n协商或调解不成的，向原告方住所地有管辖权的人民法院提起诉讼。\n",
                 ("court", "原告方住所地有管辖权的人民法院"), id="plaintiff-domicile-competent-court"),
    pytest.param("如有争议可协商解决，协商不成，双方同意提交被告所在地法院解决。\n",
                 ("court", "被告所在地法院"), id="court-without-人民"),
    pytest.param("因本契约有关事项涉讼时，双方合意以学员所在地所属辖区地方法院为其第一审管辖法院。\n",
                 ("court", "学员所在地所属辖区地方法院"), id="district-court-chosen-with-以"),
    pytest.param("凡与本合同有关的一切争议，经协商仍不能达成一致的，任何一方都有权向合同签订地仲裁部门提请仲裁。\n",
                 ("arbitration", "合同签订地仲裁部门"), id="arbitration-department"),
]


@pytest.mark.parametrize(("fragment", "expected"), VENUE_CASES)
def test_venue(fragment, expected):
    assert dispute_of(fragment) == expected


# -- a place without an institution ----------------------------------------------

PLACE_CASES = [
    pytest.param("八、合同争议的解决方式\n执行合同发生争议时，由双方协商解决，如未达成协议，在甲方所在地通过法律诉讼解决。\n",
                 ("court", "甲方所在地"), id="litigation-at-the-buyer-seat"),
    pytest.param("发生纠纷协商不成的，在合同签订地提起诉讼。\n", ("court", "合同签订地"), id="signing-place-suit"),
    pytest.param("发生争议协商不成的，由乙方住所地仲裁。\n", ("arbitration", "乙方住所地"), id="place-arbitration"),
    pytest.param("本合同在甲方所在地签订。\n", (None, None), id="signing-place-is-no-venue"),
    pytest.param("乙方应在甲方所在地提供驻场服务，并接受甲方的诉讼咨询。\n", (None, None),
                 id="service-place-outside-a-dispute"),
]


@pytest.mark.parametrize(("fragment", "expected"), PLACE_CASES)
def test_place_venue(fragment, expected):
    assert dispute_of(fragment) == expected


# -- an institution without a place names no venue ---------------------------------

UNNAMED_CASES = [
    pytest.param("协商不成的，任何一方可向法院起诉。\n", ("court", None), id="bare-court"),
    pytest.param("因本合同引起的争议，双方均可提交仲裁机构仲裁。\n", ("arbitration", None), id="bare-arbitration-body"),
    pytest.param("因本合同引起的争议，双方均可向有管辖权的法院提起诉讼。\n", ("court", None), id="competent-court-no-place"),
    pytest.param("因本合同引起的争议，双方均可向有管辖权的人民法院提起诉讼。\n", ("court", None),
                 id="competent-peoples-court-no-place"),
    pytest.param("乙方应协助甲方应对法院审理的其他案件。\n", (None, None), id="court-outside-a-dispute"),
]


@pytest.mark.parametrize(("fragment", "expected"), UNNAMED_CASES)
def test_unnamed(fragment, expected):
    assert dispute_of(fragment) == expected


# -- options not chosen -------------------------------------------------------------

OPTION_CASES = [
    pytest.param("第十七条 双方因履行本合同而发生的争议，应协商、调解解决。协商、调解不成的，确定按以下第____种方式处理：\n"
                 "1. 提交东湖仲裁委员会仲裁；\n2. 依法向甲方所在地人民法院起诉。\n", (None, None), id="choice-left-blank"),
    pytest.param("第十七条 双方因履行本合同而发生的争议，应协商、调解解决。协商、调解不成的，确定按以下第 2 种方式处理：\n"
                 "1. 提交东湖仲裁委员会仲裁；\n2. 依法向甲方所在地人民法院起诉。\n", ("court", "甲方所在地人民法院"),
                 id="choice-filled"),
    pytest.param("十一、争议解决方式：□ 提交东湖仲裁委员会仲裁 □ 向甲方所在地人民法院起诉\n", (None, None),
                 id="no-box-ticked"),
    pytest.param("十一、争议解决方式：□ 提交东湖仲裁委员会仲裁 ☑ 向甲方所在地人民法院起诉\n", ("court", "甲方所在地人民法院"),
                 id="second-box-ticked"),
    pytest.param("因本合同发生的争议，协商不成的，提交____仲裁委员会仲裁。\n", ("arbitration", None), id="name-left-blank"),
]


@pytest.mark.parametrize(("fragment", "expected"), OPTION_CASES)
def test_options_not_chosen(fragment, expected):
    assert dispute_of(fragment) == expected
