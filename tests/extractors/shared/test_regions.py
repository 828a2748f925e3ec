"""The division table and place checks (hetong.extractors.shared.regions), by phenomenon."""

from __future__ import annotations

import csv

import pytest

from hetong.extractors.shared import regions

# -- the table ------------------------------------------------------------------------


def test_table_is_read_once_per_process():
    assert regions.table() is regions.table()


def test_units_the_source_leaves_out_are_added():
    assert sorted(u.city for u in regions.lookup("江北区")) == ["宁波市", "重庆市"]
    assert [u.city for u in regions.lookup("渝北区")] == ["重庆市"]


def test_table_columns_and_size():
    with open(regions.TABLE_PATH, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["adcode", "province", "city", "county", "aliases", "status", "successor"]
    current = [r for r in rows if r["status"] == "current"]
    assert len([r for r in current if not r["city"] and not r["county"]]) == 34  # provinces
    assert len(current) > 3000
    assert all(r["successor"] for r in rows if r["status"] == "former")


@pytest.mark.parametrize(
    "name, level, province, city",
    [
        ("新疆维吾尔自治区", "province", "新疆维吾尔自治区", ""),
        ("克拉玛依市", "city", "新疆维吾尔自治区", ""),
        ("乌尔禾区", "county", "新疆维吾尔自治区", "克拉玛依市"),
        ("阿克苏地区", "city", "新疆维吾尔自治区", ""),  # 地区
        ("兴安盟", "city", "内蒙古自治区", ""),  # 盟
        ("湘西土家族苗族自治州", "city", "湖南省", ""),  # 自治州
        ("浦东新区", "county", "上海市", "上海市"),  # 新区
        ("仙桃市", "county", "湖北省", ""),  # county-level, directly under the province
        ("石河子市", "county", "新疆维吾尔自治区", ""),
        ("和安县", "county", "新疆维吾尔自治区", "和田地区"),  # set up in 2024
        ("宾县", "county", "黑龙江省", "哈尔滨市"),
    ],
)
def test_lookup_current_units(name, level, province, city):
    unit = regions.lookup(name)[0]
    assert (unit.level, unit.province, unit.city, unit.current) == (level, province, city, True)
    assert unit.adcode and len(unit.adcode) == 6


@pytest.mark.parametrize(
    "name, city, successor",
    [
        ("江干区", "杭州市", "浙江省/杭州市/上城区"),  # merged 2021
        ("襄樊市", "", "湖北省/襄阳市"),  # renamed 2010
        ("桥东区", "邢台市", "河北省/邢台市/襄都区"),
    ],
)
def test_lookup_former_units(name, city, successor):
    former = [u for u in regions.lookup(name) if not u.current and u.city == city]
    assert former and former[0].successor == successor


@pytest.mark.parametrize(
    "name, short",
    [
        ("新疆维吾尔自治区", "新疆"),
        ("广西壮族自治区", "广西"),
        ("内蒙古自治区", "内蒙古"),
        ("克拉玛依市", "克拉玛依"),
        ("乌尔禾区", "乌尔禾"),
        ("巴音郭楞蒙古自治州", "巴音郭楞"),
        ("湘西土家族苗族自治州", "湘西"),
        ("元江哈尼族彝族傣族自治县", "元江"),
        ("浦东新区", "浦东"),
        ("宾县", None),  # a one-character stem is no name
        ("城区", None),
    ],
)
def test_short_forms(name, short):
    assert regions.lookup(name)[0].short == short


# -- places in text ---------------------------------------------------------------------


def _chains(text):
    return [[(link.text, link.kind) for link in chain] for chain in regions.find_chains(text)]


@pytest.mark.parametrize(
    "text, chain",
    [
        ("新疆克拉玛依市克拉玛依区云计算产业园区", [("新疆", "short"), ("克拉玛依市", "full"), ("克拉玛依区", "full")]),
        ("黑龙江省哈尔滨市宾县宾州镇", [("黑龙江省", "full"), ("哈尔滨市", "full"), ("宾县", "full")]),
        ("克拉玛依市乌鲁木齐区人民政府", [("克拉玛依市", "full"), ("乌鲁木齐区", "made")]),
        ("陕西省渭南市 澄城县城关街道", [("陕西省", "full"), ("渭南市", "full"), ("澄城县", "full")]),
    ],
)
def test_chains(text, chain):
    assert _chains(text)[0] == chain


@pytest.mark.parametrize(
    "text",
    [
        "阿克苏市北京路 25 号",  # a road named after a city
        "郑州高新技术产业开发区科学大道100号",  # a development zone
        "成都高新区天府大道中段1268号",
        "陕西秦安网信科技有限公司",  # a company named with a county's short form
        "中国工商银行股份有限公司乌鲁木齐西大桥支行",
        "昆仑银行股份有限公司克拉玛依幸福路支行",
    ],
)
def test_no_chain_in_ordinary_names(text):
    assert all(len(chain) == 1 for chain in regions.find_chains(text))


# A place placed under a region it does not lie in.
MISPLACED = [
    ("克拉玛依市乌鲁木齐区龙盛路九号", "乌鲁木齐区", "克拉玛依市"),  # no such district
    ("克拉玛依市天山区", "天山区", "克拉玛依市"),  # a district of another city
    ("江苏省杭州市西湖区", "杭州市", "江苏省"),  # a city of another province
    ("浙江南京市", "南京市", "浙江"),  # a short province name as parent
    ("北京市浦东新区", "浦东新区", "北京市"),
    ("广东省江门市鼓楼区", "鼓楼区", "江门市"),
    ("湖北省宜昌市天河区人民法院", "天河区", "宜昌市"),
    # a signing place: a province, then a city of another province
    ("签订地点：云南 成都市", "成都市", "云南"),
    ("签订地点:云南\t义乌市", "义乌市", "云南"),
    ("签订地点：__云南__成都市__", "成都市", "云南"),  # written in the blanks of a form
]


@pytest.mark.parametrize("text, child, parent", MISPLACED)
def test_misplaced(text, child, parent):
    found = regions.find_misplaced(text)
    assert [(m.child.text, m.parent.text) for m in found] == [(child, parent)]


# Places that lie where they are written, or that cannot be judged.
IN_PLACE = [
    "新疆维吾尔自治区阿克苏地区数字化发展局",
    "江苏省张家港市北二环路",  # a county-level city under its province, prefecture left out
    "上海市浦东新区张江高科技园区碧波路690号",
    "湖北省仙桃市",  # county-level city directly under the province
    "内蒙古自治区兴安盟乌兰浩特市",
    "新疆石河子市",
    "浙江省杭州市江干区",  # a former district
    "吉林省四平市公主岭市",  # moved to 长春市 in 2020
    "河北雄安新区容城县",  # a zone laid over 保定市
    "重庆市两江新区",
    "北京市城区",  # a generic word, not 阳泉市城区
    "西安市新城区",  # a real district
    "开封市老城区",  # generic: 老城区 is also a district of 洛阳
    "广西梧州",
    "签订地点：云南 昆明",
    "北京市、上海市、广州市",
    "哈尔滨市南岗区学府路52号",
    "广东省增城市",  # 增城区 before 2014
    "上海市浦东区",  # 浦东新区, written loosely
    "乌鲁木齐市乌鲁木齐区",  # 乌鲁木齐县, written loosely
    "签订地点：云南 曲靖市",
    "签订地点：云南__曲靖市",
    # districts the source of the table leaves out (not 宁波市江北区)
    "住所为:重庆市江北区观音桥街道洋河三村5号",
    "重庆市渝北区龙溪街道",
]


@pytest.mark.parametrize("text", IN_PLACE)
def test_in_place(text):
    assert regions.find_misplaced(text) == []


@pytest.mark.parametrize(
    "text, counties",
    [
        ("克拉玛依市乌鲁木齐区人民政府办公室", ["乌鲁木齐区"]),
        ("克拉玛依市乌尔禾区人民政府办公室", ["乌尔禾区"]),
        ("青岛市李沧区大数据发展局", ["李沧区"]),
        ("梧州市财政局", []),
    ],
)
def test_counties(text, counties):
    assert [link.text for link in regions.counties(text)] == counties


@pytest.mark.parametrize(
    "name, parts, rest, loose",
    [
        ("新疆维吾尔自治区阿克苏地区数字化发展局", ["新疆维吾尔自治区", "阿克苏地区"], "数字化发展局", False),
        ("阿克苏地区数字化发展局", ["阿克苏地区"], "数字化发展局", False),
        ("新疆时光基业科技有限公司", [], "新疆时光基业科技有限公司", False),
        ("新疆时光基业科技有限公司", ["新疆维吾尔自治区"], "时光基业科技有限公司", True),
        ("北京万信友联科技有限公司", ["北京市"], "万信友联科技有限公司", True),
        ("国泰新点软件股份有限公司", [], "国泰新点软件股份有限公司", True),
    ],
)
def test_region_prefix(name, parts, rest, loose):
    assert regions.region_prefix(name, loose=loose) == (parts, rest)
