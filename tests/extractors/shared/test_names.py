"""Name comparison (hetong.extractors.shared.names): legitimate variation vs real conflict."""

from __future__ import annotations

import pytest

from hetong.extractors.shared import names

# Same organisation written two ways.
SAME_ORG = [
    ("乌鲁木齐市人民政府电子政务中心", "乌鲁木齐市政府电子政务中心"),  # 人民政府 / 政府
    ("新疆维吾尔自治区阿克苏地区数字化发展局", "阿克苏地区数字化发展局"),  # region prefix
    ("北京市朝阳区政务服务管理局", "朝阳区政务服务管理局"),
    ("克拉玛依融信智有信息技术有限责任公司", "克拉玛依融信智有信息技术有限公司"),  # 有限责任公司 / 有限公司
    ("克拉玛依融信智有信息技术有限责任公司（盖章）", "克拉玛依融信智有信息技术有限责任公司"),  # stamp note
    ("北京万信友联科技有限公司 (公章)", "北京万信友联科技有限公司"),
    ("河南中原数联科技\n有限公司", "河南中原数联科技有限公司"),  # split over two lines
    ("北京万信友联科技有限公司", "万信友联科技有限公司"),  # province short form dropped
    ("昆明信息港传媒有限责任公司", "昆明信息港传媒 有限责任公司"),
]

# Different organisations, or one mistyped.
OTHER_ORG = [
    ("克拉玛依市乌鲁木齐区人民政府办公室", "克拉玛依市乌尔禾区人民政府办公室"),  # another district
    ("青岛市李沧区大数据发展局", "青岛市李沧区大数据管理局"),  # another bureau
    ("北京市朝阳区政务服务管理局", "北京市海淀区政务服务管理局"),
    ("北京万信友联科技有限公司", "上海万信友联科技有限公司"),
    ("国泰新点软件股份有限公司", "国泰新点软件有限公司"),  # another kind of company
    ("江门市政务服务数据管理局", "江门市政务服务数据管理中心"),
    ("宾县人民政府办公室", "宾县人民政府"),
]


@pytest.mark.parametrize("a, b", SAME_ORG)
def test_same_org(a, b):
    assert names.same_org(a, b) and names.same_org(b, a)


@pytest.mark.parametrize("a, b", OTHER_ORG)
def test_other_org(a, b):
    assert not names.same_org(a, b) and not names.same_org(b, a)


@pytest.mark.parametrize(
    "a, b, close",
    [
        ("李胜", "李印胜", True),  # a character added
        ("周振华", "周振宇", True),  # a character changed
        ("黄立新", "黄新", True),  # a character dropped
        ("王庆丰", "江伟", False),  # another person
        ("田伟", "孙昊", False),
        ("杨琼", "顾春萍", False),
        ("李胜", "王胜", False),  # another surname
        ("李胜", "李 胜", False),  # the same name
    ],
)
def test_near_miss(a, b, close):
    assert names.near_miss(a, b) is close


def test_same_person_ignores_spacing():
    assert names.same_person("李 胜", "李胜") and not names.same_person("李胜", "李印胜")


@pytest.mark.parametrize(
    "a, b, tokens",
    [
        ("新疆克拉玛依市克拉玛依区云计算产业园区 PIC-B1 号", "新疆克拉玛依市克拉玛依区云计算产业园区 P1C-B1 号", ("PIC-B1", "P1C-B1")),
        ("44050158010100001826", "44050158010100001862", ("44050158010100001826", "44050158010100001862")),
        ("北京市朝阳区霄云路 1 号", "北京市朝阳区霄云路 2 号", ("云路1号", "云路2号")),
        ("青岛市李沧区大数据发展局", "青岛市李沧区大数据管理局", ("数据发展局", "数据管理局")),
    ],
)
def test_diff_tokens(a, b, tokens):
    assert names.diff_tokens(a, b) == tokens


@pytest.mark.parametrize(
    "a, b, most, near",
    [
        ("0990-6224017", "0990-6224018", 2, True),
        ("0990-6224017", "0990 6224017", 2, False),  # the same number
        ("13259979723", "15931711646", 2, False),  # another number
        ("6105 0190 3800 0000 1527", "61050190380000001572", 3, True),
        ("１２３４５６", "123457", 2, True),  # full-width digits
    ],
)
def test_near_digits(a, b, most, near):
    assert names.near_digits(a, b, most) is near


# -- person names -----------------------------------------------------------------

PERSON_SHAPE = [
    ("李胜", True),
    ("欧阳振宇", True),  # compound surname
    ("司马骏", True),
    ("王 丽 娜", True),  # spaced out by OCR
    ("次仁多吉", None),  # Tibetan: no surname, only a model can tell
    ("乌云其木格", None),
    ("阿依古丽·买买提", None),
    ("纳志强", None),  # a surname outside the common list
    ("John Smith", None),
    ("授权代表", False),
    ("法定代表人", False),
    ("项目经理", False),
    ("见附件", False),
    ("同上", False),
    ("某某", False),
    ("李明华经理", False),  # a name with a title is not just a name
    ("签字", False),
    ("北京万信友联科技有限公司", False),
    ("0571-88215566", False),
    ("", False),
    ("职务", False),  # NER took a job word for a person (`法定代表人职务变更至甲方`)
    ("股东", False),
    ("合同专用章", False),  # a seal's text under a signing label
]


@pytest.mark.parametrize(("value", "shape"), PERSON_SHAPE)
def test_person_shape(value, shape):
    assert names.person_shape(value) is shape


SPLIT_TITLE = [
    ("李明华经理", ("李明华", "经理")),
    ("王建国同志", ("王建国", "同志")),
    ("欧阳振宇总经理", ("欧阳振宇", "总经理")),
    ("张丽女士", ("张丽", "女士")),
    ("项目经理", None),  # no name before the title
    ("经理", None),
    ("李明华", None),
]


@pytest.mark.parametrize(("value", "split"), SPLIT_TITLE)
def test_split_title(value, split):
    assert names.split_title(value) == split
