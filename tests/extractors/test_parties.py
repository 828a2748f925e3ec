"""Parties over real fragments, through the real normaliser and segmenter.
One row per form met in a contract, grouped by phenomenon."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import pytest

from hetong.extractors.parties import Mention, extract, find_mentions
from hetong.models import Document, Party
from hetong.pipeline.text import normalise, segment


def doc_of(fragment: str) -> Document:
    doc = Document(source="t.txt", sha256="x", media_type="text/plain", raw_text=fragment)
    return segment.run(normalise.run(doc))


def parties_of(fragment: str) -> dict[str, Party]:
    return {p.role: p for p in extract(doc_of(fragment))}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# -- role labels -----------------------------------------------------------------

ROLE_CASES = [
    pytest.param("甲 方: 北京市朝阳区政务服务管理局\n\n住 所 地: 北京市朝阳区霄云路 1 号\n",
                 "甲方", "甲方", "北京市朝阳区政务服务管理局", id="plain-role"),
    pytest.param("委 托 方（甲方）：乌鲁木齐市人民政府电子政务中心\n\n受 托 方（乙方）：新疆时光基业科技有限公司\n",
                 "甲方", "委托方", "乌鲁木齐市人民政府电子政务中心", id="label-then-role"),
    pytest.param("委 托 方（甲方）：乌鲁木齐市人民政府电子政务中心\n\n受 托 方（乙方）：新疆时光基业科技有限公司\n",
                 "乙方", "受托方", "新疆时光基业科技有限公司", id="label-then-role-supplier"),
    pytest.param("**购买方（甲方）**：新疆维吾尔自治区阿克苏地区数字化发展局\n\n**单 位 地 址**： 阿克苏市北京路 25 号\n",
                 "甲方", "购买方", "新疆维吾尔自治区阿克苏地区数字化发展局", id="markdown-bold-label"),
    pytest.param("提供方（乙方）： 国泰新点软件股份有限公司\n\n注 册 地 址： 张家港经济开发区（杨舍镇长兴路）\n",
                 "乙方", "提供方", "国泰新点软件股份有限公司", id="provider"),
    pytest.param("甲方（采购人）：上海市浦东新区政务服务中心\n\n住所：上海市浦东新区丁香路801号\n",
                 "甲方", "采购人", "上海市浦东新区政务服务中心", id="role-then-label"),
    pytest.param("乙方（服务供应商）：上海申信数智科技有限公司\n\n住所：上海市浦东新区张江高科技园区碧波路690号3幢402室\n",
                 "乙方", "服务供应商", "上海申信数智科技有限公司", id="role-then-unlisted-label"),
    pytest.param("采购单位（以下简称“甲方”）：南京市公安局六合分局\n\n地址：南京市六合区雄州东路288号\n",
                 "甲方", "采购单位", "南京市公安局六合分局", id="hereinafter-quoted"),
    pytest.param("发包人（以下简称甲方）：安吉县大数据发展管理局\n住所：浙江省湖州市安吉县递铺街道昌硕东路1号\n",
                 "甲方", "发包人", "安吉县大数据发展管理局", id="hereinafter-unquoted"),
    pytest.param("承包人（以下简称乙方）：浙江云栖恒信信息技术有限公司\n住所：杭州市西湖区文三路478号华星时代广场A座1106室\n",
                 "乙方", "承包人", "浙江云栖恒信信息技术有限公司", id="contractor"),
    pytest.param("**需方（甲方）**：郑州市金水区城市管理局\n\n地    址：郑州市金水区花园路\n",
                 "甲方", "需方", "郑州市金水区城市管理局", id="demand-side"),
    pytest.param("**供方（乙方）**：河南中原数联科技有限公司\n\n地    址：郑州高新技术产业开发区科学大道100号数字大厦B座9层\n",
                 "乙方", "供方", "河南中原数联科技有限公司", id="supply-side"),
    pytest.param("委托单位： 阿克苏地区数字化发展局\n\n服务单位： 国泰新点软件股份有限公司\n",
                 "甲方", "委托单位", "阿克苏地区数字化发展局", id="label-only-client"),
    pytest.param("委托单位： 阿克苏地区数字化发展局\n\n服务单位： 国泰新点软件股份有限公司\n",
                 "乙方", "服务单位", "国泰新点软件股份有限公司", id="label-only-provider"),
    pytest.param("丙方（监理单位）：湖北信安工程监理咨询有限公司\n",
                 "丙方", "监理单位", "湖北信安工程监理咨询有限公司", id="third-party"),
    pytest.param("委托方（以下简称“甲方”）\n单位名称：绵阳市政务服务和公共资源交易服务中心\n单位地址：四川省绵阳市涪城区临园路东段66号\n",
                 "甲方", "委托方", "绵阳市政务服务和公共资源交易服务中心", id="heading-without-colon"),
    pytest.param("1.2 乙方\n1.2.1 名称：湖北楚天网联通信技术有限公司\n1.2.2 地址：武汉东湖新技术开发区光谷大道77号金融港B18栋5层\n",
                 "乙方", "乙方", "湖北楚天网联通信技术有限公司", id="numbered-heading"),
    pytest.param("甲方（采购人）\n\n单位名称：青岛市李沧区大数据发展局\n\n地址：青岛市李沧区振华路156号\n",
                 "甲方", "采购人", "青岛市李沧区大数据发展局", id="role-heading-without-colon"),
]


@pytest.mark.parametrize(("fragment", "role", "label", "name"), ROLE_CASES)
def test_role_labels(fragment, role, label, name):
    party = parties_of(fragment)[role]
    assert (party.label, party.name) == (label, name)


def test_the_declaration_ties_a_label_to_a_role():
    # the usual reading of 委托方 is 甲方; this declaration says otherwise
    fragment = "委托方（乙方）：新疆时光基业科技有限公司\n地址：乌鲁木齐市南湖东路 30号\n\n委托方（盖章）：新疆时光基业科技有限公司\n"
    mentions = find_mentions(doc_of(fragment))
    assert {m.role for m in mentions} == {"乙方"}


def test_parties_are_ordered_by_role():
    fragment = (
        "丙方（监理单位）：湖北信安工程监理咨询有限公司\n"
        "乙方（运维服务商）：湖北楚天网联通信技术有限公司\n"
        "甲方（采购人）：宜昌市政务服务和大数据管理局\n"
    )
    assert [p.role for p in extract(doc_of(fragment))] == ["甲方", "乙方", "丙方"]


# -- two labels on one line ---------------------------------------------------------

TWO_LABEL_CASES = [
    pytest.param("甲  方：乌鲁木齐市人民政府电子政务中心\n\n联系人：杨建梅          电子邮箱：37392278@qq.com\n",
                 "甲方", {"contact": "杨建梅", "email": "37392278@qq.com"}, id="wide-gap"),
    pytest.param("购买方（甲方）：新疆维吾尔自治区阿克苏地区数字化发展局\n\n法 人 代 表： 刘春 经办人： 李玲玲\n",
                 "甲方", {"legal_rep": "刘春", "contact": "李玲玲"}, id="spaced-labels-single-space"),
    pytest.param("提供方（乙方）： 国泰新点软件股份有限公司\n\n传 真 号 码： 0512-58132373 邮 编： 215600\n",
                 "乙方", {"phone": None, "postcode": "215600"}, id="fax-is-not-phone"),
    pytest.param("提供方（乙方）： 国泰新点软件股份有限公司\n\n开 户 银 行： 建设银行张家港分行 账 号： 32201986236059183983\n",
                 "乙方", {"bank": "建设银行张家港分行", "account": "32201986236059183983"}, id="bank-and-account"),
    pytest.param("1.1 甲方\n1.1.1 名称：宜昌市政务服务和大数据管理局\n1.1.4 联系人：刘芳；联系电话：0717-6251930\n",
                 "甲方", {"contact": "刘芳", "phone": "0717-6251930"}, id="semicolon"),
    pytest.param("发包人（以下简称甲方）：安吉县大数据发展管理局\n联系人：吴佳颖　　联系电话：0572-5123086\n",
                 "甲方", {"contact": "吴佳颖", "phone": "0572-5123086"}, id="ideographic-spaces"),
]


@pytest.mark.parametrize(("fragment", "role", "expected"), TWO_LABEL_CASES)
def test_two_labels_on_one_line(fragment, role, expected):
    party = parties_of(fragment)[role]
    assert {f: getattr(party, f) for f in expected} == expected


# -- spaced labels and label forms ----------------------------------------------------

LABEL_CASES = [
    pytest.param("单 位 地 址： 阿克苏市北京路 25 号", "address", "阿克苏市北京路 25 号", id="spaced-address"),
    pytest.param("住 所 地: 北京市朝阳区霄云路 1 号", "address", "北京市朝阳区霄云路 1 号", id="spaced-domicile"),
    pytest.param("地  址：乌鲁木齐市南湖东路 30号", "address", "乌鲁木齐市南湖东路 30号", id="double-space"),
    pytest.param("注 册 地 址： 张家港经济开发区（杨舍镇长兴路）", "address", "张家港经济开发区(杨舍镇长兴路)",
                 id="registered-address"),
    pytest.param("联 系 电 话： 0997-2185511", "phone", "0997-2185511", id="spaced-phone"),
    pytest.param("联系方式 : 18614071195", "phone", "18614071195", id="contact-means-space-before-colon"),
    pytest.param("联系方式: 84681632", "phone", "84681632", id="local-number"),
    pytest.param("电话(传真): 0990-6224017", "phone", "0990-6224017", id="phone-fax"),
    pytest.param("手机：13857190426", "phone", "13857190426", id="mobile"),
    pytest.param("法定代表人: 王庆丰", "legal_rep", "王庆丰", id="legal-rep"),
    pytest.param("负责人：刘建国", "legal_rep", "刘建国", id="head-of-body"),
    pytest.param("项目联系人: 田伟", "contact", "田伟", id="project-contact"),
    pytest.param("经办人：刘一鸣", "contact", "刘一鸣", id="handler"),
    pytest.param("法定代表人：阿依古丽·买买提", "legal_rep", "阿依古丽·买买提", id="name-with-middle-dot"),
    pytest.param("法定代表人：乌云其木格", "legal_rep", "乌云其木格", id="five-character-name"),
    pytest.param("项目负责人：钱昊", "contact", "钱昊", id="project-lead"),
    pytest.param("邮政编码：211500", "postcode", "211500", id="postcode"),
    pytest.param("纳税人识别号：91320114MA1XY3K57R", "tax_id", "91320114MA1XY3K57R", id="taxpayer-id"),
    pytest.param("统一社会信用代码：91310115MA1K4B7X2C", "tax_id", "91310115MA1K4B7X2C", id="credit-code"),
    pytest.param("税号: 91650200584793998F", "tax_id", "91650200584793998F", id="tax-no"),
    pytest.param("账号：6105 0190 3800 0000 1527", "account", "6105 0190 3800 0000 1527", id="spaced-account"),
    pytest.param("电子邮箱：service@shenxinsz.com.cn", "email", "service@shenxinsz.com.cn", id="email"),
]


@pytest.mark.parametrize(("line", "field", "value"), LABEL_CASES)
def test_label_forms(line, field, value):
    party = parties_of(f"乙方：北京万信友联科技有限公司\n\n{line}\n")["乙方"]
    assert getattr(party, field) == value


# -- the first address ------------------------------------------------------------

def test_the_first_address_is_the_party_address():
    fragment = (
        "甲 方: 北京市朝阳区政务服务管理局\n\n住 所 地: 北京市朝阳区霄云路 1 号\n\n"
        "法定代表人: 王庆丰\n\n通讯地址: 北京市朝阳区霄云路霄云里 1 号\n"
    )
    assert parties_of(fragment)["甲方"].address == "北京市朝阳区霄云路 1 号"


# -- cover page and declaration -----------------------------------------------------

COVER = (
    "委托单位： 阿克苏地区数字化发展局\n\n服务单位： 国泰新点软件股份有限公司\n\n\n\n"
    "# 阿克苏地区数字化发展局 2025 年政务服务和公共资源交易 平台互联网一期、二期运维费项目合同\n\n"
    "本合同是由以下各方签订：\n\n"
    "购买方（甲方）：新疆维吾尔自治区阿克苏地区数字化发展局\n\n"
    "单 位 地 址： 阿克苏市北京路 25 号\n\n"
    "提供方（乙方）： 国泰新点软件股份有限公司\n\n"
    "注 册 地 址： 张家港经济开发区（杨舍镇长兴路）\n"
)


def test_the_declaration_name_beats_the_cover_page():
    assert parties_of(COVER)["甲方"].name == "新疆维吾尔自治区阿克苏地区数字化发展局"


def test_the_cover_page_is_kept_as_a_mention():
    names = [(m.value, m.block) for m in find_mentions(doc_of(COVER)) if m.role == "甲方" and m.field == "name"]
    assert names == [("阿克苏地区数字化发展局", "cover"), ("新疆维吾尔自治区阿克苏地区数字化发展局", "declaration")]


# -- bank blocks -------------------------------------------------------------------

FINANCE = (
    "乙方：克拉玛依融信智有信息技术有限责任公司\n"
    "地址：新疆克拉玛依市克拉玛依区云计算产业园区 PIC-B1 号\n\n\n\n"
    "根据《中华人民共和国民法典》等法律法规，本着自愿、平等、诚实信用的原则，双方协商一致，签订本合同。\n\n"
    "乙方财务信息:\n\n乙方: 克拉玛依融信智有信息技术有限责任公司\n\n"
    "地址: 新疆克拉玛依市克拉玛依区云计算产业园区 P1C-B1 号\n\n邮编: 834000\n\n"
    "开户行: 昆仑银行股份有限公司克拉玛依幸福路支行\n\n银行账号: 88202000052730000013\n\n"
    "税号: 91650200584793998F\n\n电话(传真): 0990-6224017\n\n第五条 考核验收\n"
)

BANK_CASES = [
    pytest.param(FINANCE, "乙方", {
        "address": "新疆克拉玛依市克拉玛依区云计算产业园区 PIC-B1 号", "postcode": "834000",
        "bank": "昆仑银行股份有限公司克拉玛依幸福路支行", "account": "88202000052730000013",
        "tax_id": "91650200584793998F", "phone": "0990-6224017",
    }, id="finance-heading-then-role"),
    pytest.param(
        "乙 方: 北京万信友联科技有限公司\n\n法定代表人: 李胜\n\n"
        "第五条 甲方应按以下方式支付运营服务经费和报酬：\n\n"
        "乙方开户银行名称、地址和帐号为：\n\n开户银行：招商银行立水桥支行\n\n帐号：110934171210312\n\n"
        "第六条 本合同的运营经费经费由乙方自行使用及支配。甲方不予以干涉。\n",
        "乙方", {"bank": "招商银行立水桥支行", "account": "110934171210312"}, id="bank-sentence-heading"),
    pytest.param(
        "甲   方： 乌鲁木齐市政府电子政务中心\n\n帐户名称：乌鲁木齐市人民政府\n\n"
        "开户银行：工行南湖广场支行\n\n银行帐号：3002016329200056025\n",
        "甲方", {"bank": "工行南湖广场支行", "account": "3002016329200056025"}, id="account-name-is-not-the-bank"),
    pytest.param(
        "乙方：昆明信息港传媒有限责任公司\n\n开户行及账号：中国工商银行昆明白马支行 2502024709026401390\n",
        "乙方", {"bank": "中国工商银行昆明白马支行", "account": "2502024709026401390"}, id="bank-and-account-label"),
]


@pytest.mark.parametrize(("fragment", "role", "expected"), BANK_CASES)
def test_bank_blocks(fragment, role, expected):
    party = parties_of(fragment)[role]
    assert {f: getattr(party, f) for f in expected} == expected


def test_a_bank_block_is_marked_and_keeps_its_own_address():
    mentions = [m for m in find_mentions(doc_of(FINANCE)) if m.field == "address"]
    assert [(squash(m.value), m.block) for m in mentions] == [
        ("新疆克拉玛依市克拉玛依区云计算产业园区PIC-B1号", "declaration"),
        ("新疆克拉玛依市克拉玛依区云计算产业园区P1C-B1号", "bank"),
    ]


# -- signature blocks ----------------------------------------------------------------

SIGNATURE = (
    "甲 方: 北京市朝阳区政务服务管理局\n\n法定代表人: 王庆丰\n\n"
    "本合同甲方委托乙方实施朝阳区政务服务网上运营服务项目运营服务工作。\n\n"
    "(以下无正文)\n\n甲方: 北京市朝阳区政务服务管理局 (盖章)\n\n\n\n"
    "法定代表人/委托代理人: 江伟 (签名)\n\n2022 年 9 月 23 日\n\n"
    "乙方: 北京万信友联科技有限公司 (盖章)\n\n\n\n法定代表人/委托代理人: 李印胜 (签名)\n\n2022 年 9 月 23 日\n"
)

SIGNATURE_CASES = [
    pytest.param(SIGNATURE, "甲方", "signatory", "江伟", "signature", id="signatory-with-note"),
    pytest.param(SIGNATURE, "乙方", "signatory", "李印胜", "signature", id="signatory-after-date"),
    pytest.param(SIGNATURE, "乙方", "name", "北京万信友联科技有限公司", "signature", id="name-before-stamp-note"),
    pytest.param(
        "甲方：昆明市交通运输局\n\n乙方：昆明信息港传媒\n\n有限责任公司\n\n授权代表签字：\n\n授权代表签字：\n\n"
        "日期：\n\n日期：\n\n开户行：中国工商银行昆明白马支行\n\n账号：2502024709026401390",
        "乙方", "account", "2502024709026401390", "signature", id="bank-lines-after-signatures"),
    pytest.param(
        "甲方（盖章）：宜昌市政务服务和大数据管理局\n法定代表人或授权代表（签字）：黄立新\n\n"
        "乙方（盖章）：湖北楚天网联通信技术有限公司\n法定代表人（签字）：周振宇\n",
        "乙方", "legal_rep", "周振宇", "signature", id="legal-rep-signing"),
    pytest.param(
        "采购单位（盖章）：南京市公安局六合分局\n\n法定代表人或委托代理人：\n\n签订日期：2024年6月20日\n\n"
        "供应商（盖章）：江苏恒视安通信息技术有限公司\n",
        "乙方", "name", "江苏恒视安通信息技术有限公司", "signature", id="label-with-stamp"),
]


@pytest.mark.parametrize(("fragment", "role", "field", "value", "block"), SIGNATURE_CASES)
def test_signature_blocks(fragment, role, field, value, block):
    found = [(m.value, m.block) for m in find_mentions(doc_of(fragment)) if m.role == role and m.field == field]
    assert (value, block) in found


def test_a_signatory_is_not_the_legal_representative():
    assert parties_of(SIGNATURE)["甲方"].legal_rep == "王庆丰"
    assert parties_of(SIGNATURE)["乙方"].legal_rep is None


def test_bank_lines_after_the_signatures_fill_the_last_party():
    party = parties_of(SIGNATURE_CASES[3].values[0])["乙方"]
    assert (party.bank, party.account) == ("中国工商银行昆明白马支行", "2502024709026401390")


# -- side-by-side layouts (signature tables flattened to text) -------------------------

SIDE_BY_SIDE_CASES = [
    pytest.param(
        "甲方（盖章）：北京市朝阳区政务服务管理局          乙方（盖章）：北京万信友联科技有限公司\n"
        "法定代表人/委托代理人：江伟                       法定代表人/委托代理人：李印胜\n",
        id="spaces"),
    pytest.param(
        "甲方（盖章）：北京市朝阳区政务服务管理局\t乙方（盖章）：北京万信友联科技有限公司\n"
        "法定代表人/委托代理人：江伟\t法定代表人/委托代理人：李印胜\n",
        id="tabs"),
    pytest.param(
        "| 甲方（盖章） | 北京市朝阳区政务服务管理局 | 乙方（盖章） | 北京万信友联科技有限公司 |\n"
        "|---|---|---|---|\n"
        "| 法定代表人/委托代理人 | 江伟 | 法定代表人/委托代理人 | 李印胜 |\n",
        id="markdown-table"),
]


@pytest.mark.parametrize("fragment", SIDE_BY_SIDE_CASES)
def test_side_by_side_blocks(fragment):
    found = {(m.role, m.field, m.value) for m in find_mentions(doc_of(fragment))}
    assert {("甲方", "signatory", "江伟"), ("乙方", "signatory", "李印胜"),
            ("甲方", "name", "北京市朝阳区政务服务管理局"), ("乙方", "name", "北京万信友联科技有限公司")} <= found


# -- tables with a column per party ------------------------------------------------

COLUMN_TABLE_CASES = [
    pytest.param(
        "3. 双方结算账户信息如下：\n\n项目\t甲方\t乙方\n"
        "单位名称\t伊宁市信息化服务中心\t伊犁天启云数信息技术有限公司\n"
        "开户银行\t中国农业银行股份有限公司伊宁市分行\t中国工商银行股份有限公司伊犁分行营业部\n"
        "账号\t30730101040012845\t3013012109200187364\n"
        "统一社会信用代码\t12654002MB1H27593X\t91654002MA79KQ5E6R\n\n第五条 违约责任\n",
        {"甲方": ("伊宁市信息化服务中心", "中国农业银行股份有限公司伊宁市分行", "30730101040012845",
                 "12654002MB1H27593X"),
         "乙方": ("伊犁天启云数信息技术有限公司", "中国工商银行股份有限公司伊犁分行营业部", "3013012109200187364",
                 "91654002MA79KQ5E6R")},
        id="tabs-two-parties"),
    pytest.param(
        "| 项目 | 甲方（盖章） | 乙方（盖章） | 丙方（盖章） |\n|---|---|---|---|\n"
        "| 单位名称 | 大理白族自治州数据局 | 云南云数科技有限公司 | 云南诚信监理咨询有限公司 |\n"
        "| 开户行 | 中国农业银行大理分行 | 中国工商银行大理分行 | 中国建设银行昆明分行 |\n"
        "| 账号 | 2401010104001234 | 2502024709026401390 | 5300123456789012 |\n"
        "| 纳税人识别号 | 12532900MB1234567X | 91532900MA6K123456 | 91530100MA6P654321 |\n",
        {"甲方": ("大理白族自治州数据局", "中国农业银行大理分行", "2401010104001234", "12532900MB1234567X"),
         "乙方": ("云南云数科技有限公司", "中国工商银行大理分行", "2502024709026401390", "91532900MA6K123456"),
         "丙方": ("云南诚信监理咨询有限公司", "中国建设银行昆明分行", "5300123456789012", "91530100MA6P654321")},
        id="markdown-three-parties-with-stamp-notes"),
    pytest.param(
        "\t甲方\t乙方\n名称\t江门市政务服务数据管理局\t广东粤云科技有限公司\n单位性质\t事业单位\t企业\n"
        "开户行：\t中国银行江门分行\t招商银行江门分行\n账号：\t6217000012345678\t7559000098765432\n",
        {"甲方": ("江门市政务服务数据管理局", "中国银行江门分行", "6217000012345678", None),
         "乙方": ("广东粤云科技有限公司", "招商银行江门分行", "7559000098765432", None)},
        id="blank-corner-and-a-row-of-no-party-field"),
    # one party per row, its labels in the cells: read as before
    pytest.param(
        "甲方\t江门市政务服务数据管理局\t开户行：中国银行江门分行\t账号：6217000012345678\n"
        "乙方\t广东粤云科技有限公司\t开户行：招商银行江门分行\t账号：7559000098765432\n",
        {"甲方": ("江门市政务服务数据管理局", "中国银行江门分行", "6217000012345678", None),
         "乙方": ("广东粤云科技有限公司", "招商银行江门分行", "7559000098765432", None)},
        id="one-party-per-row"),
    # headings over labelled cells: dealt in order, as before
    pytest.param(
        "甲方\t乙方\n开户行：中国银行江门分行\t开户行：招商银行江门分行\n"
        "账号：6217000012345678\t账号：7559000098765432\n",
        {"甲方": (None, "中国银行江门分行", "6217000012345678", None),
         "乙方": (None, "招商银行江门分行", "7559000098765432", None)},
        id="headings-over-labelled-cells"),
]


@pytest.mark.parametrize(("fragment", "expected"), COLUMN_TABLE_CASES)
def test_tables_with_a_column_per_party(fragment, expected):
    parties = parties_of(fragment)
    assert {role: (p.name, p.bank, squash(p.account), p.tax_id) for role, p in parties.items()} == expected


def test_a_column_table_value_points_at_its_cell():
    doc = doc_of(COLUMN_TABLE_CASES[0].values[0])
    found = [m for m in find_mentions(doc) if m.role == "乙方" and m.field == "account"]
    assert [(m.value, doc.text[m.start:m.end]) for m in found] == [("3013012109200187364",) * 2]


def test_a_table_of_names_under_headings_is_no_column_table():
    # `甲方(盖章) | 某局 | 乙方(盖章) | 某公司`: names beside headings, labels dealt as before
    found = {(m.role, m.field, m.value) for m in find_mentions(doc_of(SIDE_BY_SIDE_CASES[2].values[0]))}
    assert ("乙方", "signatory", "李印胜") in found


# -- tables with a row per party ----------------------------------------------------

ROW_TABLE_CASES = [
    pytest.param(
        "签约双方：\n\n| 角色 | 单位名称 | 地址 | 联系人 | 电话 |\n| --- | --- | --- | --- | --- |\n"
        "| 甲方（采购人） | 太原市小店区行政审批服务管理局 | 太原市小店区平阳路85号 | 王海燕 | 0351-7236611 |\n"
        "| 乙方（供应商） | 山西数智云通科技有限公司 | 太原市学府园区长治路227号 | 张磊 | 0351-7025588 |\n\n"
        "甲方法定代表人：赵建国　　乙方法定代表人：孙立伟\n",
        {"甲方": ("太原市小店区行政审批服务管理局", "太原市小店区平阳路85号", "赵建国", "王海燕", "0351-7236611"),
         "乙方": ("山西数智云通科技有限公司", "太原市学府园区长治路227号", "孙立伟", "张磊", "0351-7025588")},
        id="markdown-role-then-label"),
    pytest.param(
        "\t单位名称\t住所\t法定代表人\t联系电话\n"
        "采购人\t西宁市城东区政务服务中心\t西宁市城东区八一中路12号\t马建国\t0971-8123456\n"
        "供应商\t青海云海数据科技有限公司\t西宁市城北区生物园区经二路6号\t李文\t0971-5312345\n",
        {"甲方": ("西宁市城东区政务服务中心", "西宁市城东区八一中路12号", "马建国", None, "0971-8123456"),
         "乙方": ("青海云海数据科技有限公司", "西宁市城北区生物园区经二路6号", "李文", None, "0971-5312345")},
        id="tabs-blank-corner"),
    pytest.param(
        "| 身份 | 名称 | 单位性质 | 通讯地址 | 项目联系人 | 联系方式 |\n|---|---|---|---|---|---|\n"
        "| 委托方（甲方） | 福州市仓山区教育局 | 机关 | 福州市仓山区上渡路2号 | 陈思敏 | 0591-83456721 |\n"
        "| 受托方（乙方） | 福建闽通网络服务有限公司 | 企业 | 福州市鼓楼区软件大道89号 | 林海 | 0591-87661234 |\n",
        {"甲方": ("福州市仓山区教育局", "福州市仓山区上渡路2号", None, "陈思敏", "0591-83456721"),
         "乙方": ("福建闽通网络服务有限公司", "福州市鼓楼区软件大道89号", None, "林海", "0591-87661234")},
        id="label-then-role-and-a-column-of-no-party-field"),
]


@pytest.mark.parametrize(("fragment", "expected"), ROW_TABLE_CASES)
def test_tables_with_a_row_per_party(fragment, expected):
    parties = parties_of(fragment)
    assert {role: (p.name, p.address, p.legal_rep, p.contact, p.phone) for role, p in parties.items()} == expected


def test_an_agency_row_is_no_party():
    fragment = (
        "| 角色 | 单位名称 | 地址 | 联系人 | 电话 |\n| --- | --- | --- | --- | --- |\n"
        "| 采购人 | 太原市小店区行政审批服务管理局 | 太原市小店区平阳路85号 | 王海燕 | 0351-7236611 |\n"
        "| 采购代理机构 | 山西华信招标代理有限公司 | 太原市迎泽区并州路18号 | 李静 | 0351-4082233 |\n"
        "| 供应商 | 山西数智云通科技有限公司 | | | |\n"
    )
    parties = parties_of(fragment)
    assert set(parties) == {"甲方", "乙方"}
    assert (parties["乙方"].name, parties["乙方"].address, parties["乙方"].contact, parties["乙方"].phone) == (
        "山西数智云通科技有限公司", None, None, None)
    assert not any("华信" in m.value or m.value in {"李静", "0351-4082233"} for m in find_mentions(doc_of(fragment)))


def test_a_row_table_value_points_at_its_cell():
    doc = doc_of(ROW_TABLE_CASES[0].values[0])
    found = [m for m in find_mentions(doc) if m.role == "乙方" and m.field in ("address", "phone")]
    assert [(m.value, doc.text[m.start:m.end]) for m in found] == [
        ("太原市学府园区长治路227号",) * 2, ("0351-7025588",) * 2]


# -- details headed by a role, labels prefixed with one -------------------------------

def test_a_heading_of_party_details():
    fragment = ("甲方：苏州市姑苏区大数据管理中心\n\n第十一条 其他\n本合同一式肆份。\n\n"
                "乙方基本信息：\n统一社会信用代码：91320594MA1XYZ1234\n法定代表人：钱志远\n联系电话：0512-66881234\n")
    party = parties_of(fragment)["乙方"]
    assert (party.tax_id, party.legal_rep, party.phone) == ("91320594MA1XYZ1234", "钱志远", "0512-66881234")


def test_labels_prefixed_with_a_role_label():
    fragment = ("采购人（甲方）：苏州市姑苏区大数据管理中心\n联系电话：0512-65221234\n\n"
                "第六条 联系方式\n供应商联系电话：0512-66881234\n供应商电子邮箱：ops@yunfan-sz.cn\n供应商邮政编码：215021\n")
    found = parties_of(fragment)
    assert found["甲方"].phone == "0512-65221234"
    assert (found["乙方"].phone, found["乙方"].email, found["乙方"].postcode) == (
        "0512-66881234", "ops@yunfan-sz.cn", "215021")


# -- names under a stamp without a label -----------------------------------------------

def test_a_name_joined_onto_the_organisation_is_split_off():
    # the normaliser joins the two raw lines; the name is not part of the organisation's
    fragment = "甲方（盖章）\n苏州市姑苏区社会治理网格化服务管理中心\n顾建新\n2024年5月8日\n"
    doc = doc_of(fragment)
    assert "管理中心顾建新" in doc.text  # joined by the normaliser
    assert parties_of(fragment)["甲方"].name == "苏州市姑苏区社会治理网格化服务管理中心"


def test_organisations_under_side_by_side_stamps():
    fragment = ("甲方（盖章）                        乙方（盖章）\n"
                "苏州市姑苏区大数据管理中心          苏州云帆信息科技有限公司\n")
    found = parties_of(fragment)
    assert (found["甲方"].name, found["乙方"].name) == ("苏州市姑苏区大数据管理中心", "苏州云帆信息科技有限公司")


# -- placeholders in a person's slot -------------------------------------------------------

@pytest.mark.parametrize("line", ["法定代表人：授权代表", "联系人：项目经理", "法定代表人：见附件", "联系人：同上",
                                  "法定代表人：某某"])
def test_a_placeholder_is_no_person(line):
    party = parties_of(f"乙方：苏州云帆信息科技有限公司\n{line}\n")["乙方"]
    assert (party.legal_rep, party.contact) == (None, None)


# -- blank fields ---------------------------------------------------------------------

BLANK_CASES = [
    pytest.param("法定代表人/授权代表（签字）：", id="signature-placeholder"),
    pytest.param("法定代表人或授权代表（签字）：\n\n日期：2024年12月20日", id="placeholder-then-date"),
    pytest.param("代表签字：                                 \n\n签字日期：", id="blank-with-spaces"),
    pytest.param("负责人或授权代表：\n\n日期：2025年2月26日", id="head-or-representative"),
    pytest.param("联系人：\n\n电话：\n\n开户行：\n\n账号：", id="empty-details"),
    pytest.param("法定代表人/授权代表（签字）\n\n法定代表人/授权代表（签字）：\n\n日期：2025年3月12日", id="note-without-colon"),
]


@pytest.mark.parametrize("lines", BLANK_CASES)
def test_blank_fields_give_no_mention(lines):
    mentions = find_mentions(doc_of(f"乙方（盖章）：上海申信数智科技有限公司\n\n{lines}\n"))
    assert [(m.field, m.value) for m in mentions] == [("name", "上海申信数智科技有限公司")]


def test_blank_fields_stay_none():
    party = parties_of("乙方（盖章）：上海申信数智科技有限公司\n\n联系人：\n\n电话：\n")["乙方"]
    assert (party.contact, party.phone, party.legal_rep) == (None, None, None)


def test_no_heading_no_party():
    assert extract(doc_of("合同编号：\n\n项目名称：2022 年度政务服务网上运营服务项目\n\n联系人：田伟\n")) == []


# -- values broken across lines ----------------------------------------------------------

BROKEN_CASES = [
    pytest.param("甲方：克拉玛依市乌尔禾区\n人民政府办公室（盖章）\n\n法定代表人/授权代表（签字）：\n",
                 "甲方", "name", "克拉玛依市乌尔禾区人民政府办公室", id="name-before-stamp-note"),
    pytest.param("乙方：昆明信息港传媒\n\n有限责任公司\n\n授权代表签字：\n",
                 "乙方", "name", "昆明信息港传媒有限责任公司", id="company-suffix"),
    pytest.param("乙方（盖章）：陕西秦安网\n\n信科技有限公司\n\n法定代表人或委托代理人（签字）：\n",
                 "乙方", "name", "陕西秦安网信科技有限公司", id="mid-word"),
    pytest.param("乙  方：新疆时光基业科技有限公司\n\n地  址：新疆乌鲁木齐市沙依巴克区钱塘江路 186号彩云名邸商住小区 6号住宅楼 1\n\n"
                 "单元 203室\n\n联系人：刘敏莉\n",
                 "乙方", "address", "新疆乌鲁木齐市沙依巴克区钱塘江路 186号彩云名邸商住小区 6号住宅楼 1单元 203室",
                 id="long-address"),
    pytest.param("**需方（甲方）**：郑州市金水区城市管理局\n\n地    址：郑州市金水区花园路\n\n126号\n\n法定代表人：刘新民\n",
                 "甲方", "address", "郑州市金水区花园路126号", id="house-number-on-next-line"),
    pytest.param("**需方（甲方）**：郑州市金水区城市管理局\n\n地    址：郑州市金水区花园路\n\n126号\n\n法定代表人：刘新民\n",
                 "甲方", "legal_rep", "刘新民", id="block-goes-on-after-broken-address"),
]


@pytest.mark.parametrize(("fragment", "role", "field", "value"), BROKEN_CASES)
def test_values_broken_across_lines(fragment, role, field, value):
    assert getattr(parties_of(fragment)[role], field) == value


# -- sentences the normaliser joined onto a label line ------------------------------------

JOINED_CASES = [
    pytest.param(
        "乙 方: 北京万信友联科技有限公司\n\n通讯地址: 北京市朝阳区王四营乡人民日报印刷厂厂房 1 层 1150 室\n\n"
        "本合同甲方委托乙方实施朝阳区政务服务网上运营服务项目（以下简称“本项目”）运营服务工作。\n",
        "乙方", "address", "北京市朝阳区王四营乡人民日报印刷厂厂房 1 层 1150 室", id="address-then-preamble"),
    pytest.param(
        "受托方（以下简称“乙方”）\n单位名称：四川蜀通智联信息技术有限公司\n统一社会信用代码：91510100MA6C8N2E4W\n\n"
        "依据《中华人民共和国民法典》及有关规定，甲方委托乙方承担系统的运行维护工作，双方经协商一致，订立本合同。\n",
        "乙方", "tax_id", "91510100MA6C8N2E4W", id="tax-id-then-preamble"),
    pytest.param(
        "购买方（以下简称甲方）\n名称：宾县人民政府办公室\n统一社会信用代码：11230125MB1869347T\n"
        "提供方（以下简称乙方）\n名称：哈尔滨龙信网科技有限公司\n",
        "乙方", "name", "哈尔滨龙信网科技有限公司", id="next-heading"),
    pytest.param(
        "购买方（以下简称甲方）\n名称：宾县人民政府办公室\n统一社会信用代码：11230125MB1869347T\n"
        "提供方（以下简称乙方）\n名称：哈尔滨龙信网科技有限公司\n",
        "甲方", "tax_id", "11230125MB1869347T", id="value-before-next-heading"),
]


@pytest.mark.parametrize(("fragment", "role", "field", "value"), JOINED_CASES)
def test_joined_lines_are_split_again(fragment, role, field, value):
    assert getattr(parties_of(fragment)[role], field) == value


# -- running text -------------------------------------------------------------------------

TEXT_CASES = [
    pytest.param("第十八条 双方确定，在本合同有效期内，甲方指定 孙昊 为甲方项目联系人，乙方指定 顾春萍 为乙方项目联系人。\n",
                 {("甲方", "contact", "孙昊"), ("乙方", "contact", "顾春萍")}, id="designated-contact"),
    pytest.param("1. 甲方指定 王晓东 为项目联系人，负责与乙方的日常沟通、工作安排和服务确认。\n",
                 {("甲方", "contact", "王晓东")}, id="designated-contact-no-role"),
    pytest.param(" 乌鲁木齐市人民政府电子政务中心（甲方）委托 新疆时光基业科技有限公司（乙\n\n"
                 "方）承担乌鲁木齐市人民政府门户网站运维服务事宜，根据《中华人民共和国民法典》等\n",
                 {("甲方", "name", "乌鲁木齐市人民政府电子政务中心"), ("乙方", "name", "新疆时光基业科技有限公司")},
                 id="name-then-role"),
    pytest.param("本合同由北京万信友联科技有限公司（以下简称“乙方”）与北京市朝阳区政务服务管理局（以下简称“甲方”）签订。\n",
                 {("乙方", "name", "北京万信友联科技有限公司"), ("甲方", "name", "北京市朝阳区政务服务管理局")},
                 id="hereinafter-in-text"),
    pytest.param("（四）驻场服务：乙方派驻不少于6名运维工程师在甲方指定机房驻场，提供7×24小时值守服务；\n",
                 set(), id="designated-place-is-no-person"),
    pytest.param("6.1 甲方指定专人为项目联系人，负责与乙方的日常联络。\n", set(), id="designated-someone"),
]


@pytest.mark.parametrize(("fragment", "expected"), TEXT_CASES)
def test_running_text_mentions(fragment, expected):
    found = {(m.role, m.field, m.value) for m in find_mentions(doc_of(fragment)) if m.block == "text"}
    assert found == expected


PROSE_BANK_CASES = [
    pytest.param("乙方：苏州云帆信息科技有限公司\n\n上述款项由甲方转入乙方在中国农业银行股份有限公司苏州工业园区支行开立的对公账户，"
                 "账号10550101040012345，乙方于每次收款前开具发票。\n",
                 "乙方", {"bank": "中国农业银行股份有限公司苏州工业园区支行", "account": "10550101040012345"}, id="bank-then-account"),
    pytest.param("采购人（甲方）：苏州市姑苏区大数据管理中心\n\n采购人将款项支付至供应商于江苏银行股份有限公司苏州分行开立的结算账户，"
                 "账号：30230188000123456。\n",
                 "乙方", {"bank": "江苏银行股份有限公司苏州分行", "account": "30230188000123456"}, id="supplier-account-colon"),
    pytest.param("乙方：苏州云帆信息科技有限公司\n\n甲方应将款项汇入乙方在招商银行苏州分行营业部开立的账户，账号为：512903456710001。\n",
                 "乙方", {"bank": "招商银行苏州分行营业部", "account": "512903456710001"}, id="account-is"),
    pytest.param("乙方：苏州云帆信息科技有限公司\n\n款项汇入乙方在交通银行苏州分行开立的账户。\n",
                 "乙方", {"bank": "交通银行苏州分行", "account": None}, id="bank-only"),
]


@pytest.mark.parametrize(("fragment", "role", "expected"), PROSE_BANK_CASES)
def test_bank_details_in_running_text(fragment, role, expected):
    party = parties_of(fragment)[role]
    assert {f: getattr(party, f) for f in expected} == expected
    assert all(party.evidence[f].rule == f"parties.{f}.text" for f, v in expected.items() if v)


# bank details after a sentence naming whose account they are
OWNER_ACCOUNT_CASES = [
    pytest.param("乙方：河北医联数科信息技术有限公司\n\n五、付款方式\n\n    合同价款分三次支付。\n"
                 "    乙方收款账户信息如下：开户银行：中国建设银行股份有限公司石家庄高新区支行；账号：13050161560800001287。\n",
                 "乙方", ("中国建设银行股份有限公司石家庄高新区支行", "13050161560800001287"), id="account-details-follow"),
    pytest.param("乙方：福建闽通网络服务有限公司\n\n4.2 甲方应在验收合格后10个工作日内付款。甲方应将款项汇入乙方以下账户："
                 "户名：福建闽通网络服务有限公司；开户行：兴业银行福州分行；账号：117010100100223344。\n",
                 "乙方", ("兴业银行福州分行", "117010100100223344"), id="paid-into-the-supplier-account"),
    pytest.param("乙方：福建闽通网络服务有限公司\n\n乙方指定收款账户：开户行：兴业银行福州分行，账号：117010100100223344。\n",
                 "乙方", ("兴业银行福州分行", "117010100100223344"), id="designated-account"),
    pytest.param("甲方：福州市仓山区教育局\n乙方：福建闽通网络服务有限公司\n\n甲方应将款项汇入乙方以下账户：\n"
                 "户名：福建闽通网络服务有限公司\n开户行：兴业银行福州分行\n账号：117010100100223344\n\n第五条 违约责任\n",
                 "乙方", ("兴业银行福州分行", "117010100100223344"), id="details-on-the-lines-under"),
    pytest.param("甲方：福州市仓山区教育局\n乙方：福建闽通网络服务有限公司\n\n合同款分两期支付。乙方收款账户信息如下：\n"
                 "开户银行：兴业银行福州分行\n账号：117010100100223344\n\n第五条 违约责任\n",
                 "乙方", ("兴业银行福州分行", "117010100100223344"), id="mid-line-details-under"),
    # an account of 甲方 for refunds stays with 甲方, after 乙方's declaration too
    pytest.param("甲方：福州市仓山区教育局\n乙方：福建闽通网络服务有限公司\n地址：福州市鼓楼区软件大道89号\n"
                 "甲方退款账户：开户银行：中国银行福州仓山支行；账号：405566778899\n",
                 "甲方", ("中国银行福州仓山支行", "405566778899"), id="refund-account-of-the-buyer"),
    pytest.param("甲方：福州市仓山区教育局\n乙方：福建闽通网络服务有限公司\n\n服务期内如有多收款项，乙方应于五个工作日内"
                 "退回甲方退款账户：开户银行：中国银行福州仓山支行；账号：405566778899。\n",
                 "甲方", ("中国银行福州仓山支行", "405566778899"), id="refund-account-in-a-sentence"),
]


@pytest.mark.parametrize(("fragment", "role", "expected"), OWNER_ACCOUNT_CASES)
def test_bank_details_after_a_sentence_naming_the_owner(fragment, role, expected):
    parties = parties_of(fragment)
    assert (parties[role].bank, parties[role].account) == expected
    other = {"甲方": "乙方", "乙方": "甲方"}[role]
    assert other not in parties or (parties[other].bank, parties[other].account) == (None, None)


@pytest.mark.parametrize("sentence", [
    pytest.param("甲方应将款项汇入以下账户：开户行：兴业银行福州分行；账号：117010100100223344。\n", id="the-payer-only"),
    pytest.param("款项汇入以下账户：开户行：兴业银行福州分行；账号：117010100100223344。\n", id="no-party"),
    pytest.param("甲方应将款项汇入以下账户：\n开户行：兴业银行福州分行\n账号：117010100100223344\n", id="the-payer-only-lines"),
    pytest.param("双方确认，开户银行：兴业银行福州分行；账号：117010100100223344。\n", id="no-account-sentence"),
])
def test_a_sentence_naming_a_bank_without_its_owner(sentence):
    fragment = "甲方：福州市仓山区教育局\n乙方：福建闽通网络服务有限公司\n地址：福州市鼓楼区软件大道89号\n\n" + sentence
    assert {(p.bank, p.account) for p in parties_of(fragment).values()} == {(None, None)}


def test_the_bank_block_beats_running_text():
    fragment = FINANCE + "\n甲方将款项转入乙方在中国银行克拉玛依分行开立的账户，账号12345678901。\n"
    party = parties_of(fragment)["乙方"]
    assert (party.bank, party.account) == ("昆仑银行股份有限公司克拉玛依幸福路支行", "88202000052730000013")


def test_the_declared_contact_beats_running_text():
    fragment = (
        "甲 方: 北京市朝阳区政务服务管理局\n\n项目联系人: 田伟\n\n"
        "本合同甲方委托乙方实施朝阳区政务服务网上运营服务项目运营服务工作。\n\n"
        "第十八条 双方确定，在本合同有效期内，甲方指定 孙昊 为甲方项目联系人，乙方指定 顾春萍 为乙方项目联系人。\n"
    )
    assert parties_of(fragment)["甲方"].contact == "田伟"


def test_running_text_fills_an_empty_field():
    fragment = (
        "甲方（采购人）\n\n单位名称：青岛市李沧区大数据发展局\n\n负责人：刘建国\n\n"
        "第二条 双方约定如下。\n\n1. 甲方指定 王晓东 为项目联系人，负责与乙方的日常沟通、工作安排和服务确认。\n"
    )
    assert parties_of(fragment)["甲方"].contact == "王晓东"


# -- evidence ------------------------------------------------------------------------------

EVIDENCE_CASES = [
    pytest.param(COVER, id="cover"),
    pytest.param(FINANCE, id="finance"),
    pytest.param(SIGNATURE, id="signature"),
    *(pytest.param(c.values[0], id=f"broken-{c.id}") for c in BROKEN_CASES),
    *(pytest.param(c.values[0], id=f"joined-{c.id}") for c in JOINED_CASES),
    *(pytest.param(c.values[0], id=f"text-{c.id}") for c in TEXT_CASES),
]


@pytest.mark.parametrize("fragment", EVIDENCE_CASES)
def test_party_evidence_points_at_the_value(fragment):
    doc = doc_of(fragment)
    for party in extract(doc):
        for field, ev in party.evidence.items():
            assert ev.rule.startswith(f"parties.{field}.")
            assert squash(getattr(party, field)) in squash(doc.raw_text[ev.start : ev.end]), (party.role, field)


@pytest.mark.parametrize("fragment", EVIDENCE_CASES)
def test_mention_offsets_point_at_the_value(fragment):
    doc = doc_of(fragment)
    for m in find_mentions(doc):
        start, end = doc.raw_span(m.start, m.end)
        assert squash(m.value) in squash(doc.raw_text[start:end]), m


def test_every_party_field_has_evidence():
    for party in extract(doc_of(FINANCE)):
        filled = {f for f in party.model_fields_set if f not in {"role", "label", "evidence"}}
        assert filled <= set(party.evidence)


# -- the Mention API -------------------------------------------------------------------------

def test_mentions_are_frozen_and_in_document_order():
    mentions = find_mentions(doc_of(FINANCE))
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    with pytest.raises(dataclasses.FrozenInstanceError):
        mentions[0].value = "x"  # type: ignore[misc]
    assert isinstance(mentions[0], Mention)


def test_mentions_of_one_block_share_its_id():
    mentions = [m for m in find_mentions(doc_of(FINANCE)) if m.block == "bank"]
    assert len({m.block_id for m in mentions}) == 1 and len(mentions) == 7


def test_find_mentions_is_pure():
    doc = doc_of(SIGNATURE)
    assert find_mentions(doc) == find_mentions(doc)


# == forms met in real contracts (purchase, lease, partnership, agency, investment) ==========

# -- role vocabularies of every kind of contract ----------------------------------------------

VOCABULARY_CASES = [
    pytest.param("出租方：杭州某某投资管理有限公司\n住所地：杭州市上城区某路1号\n\n承租方：成都某某餐饮管理有限公司\n"
                 "甲方应按期交付房屋，乙方应按期支付租金。\n",
                 {"甲方": ("出租方", "杭州某某投资管理有限公司"), "乙方": ("承租方", "成都某某餐饮管理有限公司")},
                 id="lessor-lessee"),
    pytest.param("买方：昆明某某商贸有限公司\n卖方：云南某某实业有限公司\n甲乙双方订立本合同。\n",
                 {"甲方": ("买方", "昆明某某商贸有限公司"), "乙方": ("卖方", "云南某某实业有限公司")}, id="buyer-seller"),
    pytest.param("采购方：某某市人民医院\n供货方：某某医疗器械有限公司\n甲方收货后付款。\n",
                 {"甲方": ("采购方", "某某市人民医院"), "乙方": ("供货方", "某某医疗器械有限公司")}, id="purchaser-supplier"),
    pytest.param("发包人：某某县大数据发展管理局\n承包人：浙江某某信息技术有限公司\n甲方应按期付款。\n",
                 {"甲方": ("发包人", "某某县大数据发展管理局"), "乙方": ("承包人", "浙江某某信息技术有限公司")},
                 id="employer-contractor"),
    pytest.param("委托方：成都某某建筑工程有限公司\n受托方：四川某某律师事务所\n甲方委托乙方代理诉讼。\n",
                 {"甲方": ("委托方", "成都某某建筑工程有限公司"), "乙方": ("受托方", "四川某某律师事务所")},
                 id="client-agent-side"),
    pytest.param("委托人：王晓明\n住址：成都市武侯区某路3号\n受托人：四川某某律师事务所\n甲方委托乙方代理诉讼。\n",
                 {"甲方": ("委托人", "王晓明"), "乙方": ("受托人", "四川某某律师事务所")}, id="person-client-law-firm"),
    pytest.param("投资方：贵州某某创业投资有限公司\n融资方：贵州某某科技有限公司\n甲方向乙方投资。\n",
                 {"甲方": ("投资方", "贵州某某创业投资有限公司"), "乙方": ("融资方", "贵州某某科技有限公司")},
                 id="investor-investee"),
    pytest.param("甲(供)方:厦门某某卫浴有限公司 签订地点:厦门\n乙(需)方:上海某某网络科技有限公司 合同编号:AB-2020-01\n",
                 {"甲方": ("甲(供)方", "厦门某某卫浴有限公司"), "乙方": ("乙(需)方", "上海某某网络科技有限公司")},
                 id="side-inside-the-role"),
    pytest.param("甲（供）方：厦门某某卫浴有限公司\n乙（需）方：上海某某网络科技有限公司\n",
                 {"甲方": ("甲(供)方", "厦门某某卫浴有限公司"), "乙方": ("乙(需)方", "上海某某网络科技有限公司")},
                 id="side-inside-the-role-full-width"),
]


@pytest.mark.parametrize(("fragment", "expected"), VOCABULARY_CASES)
def test_role_vocabularies(fragment, expected):
    found = parties_of(fragment)
    assert {role: (p.label, p.name) for role, p in found.items()} == expected


ASSIGNED_CASES = [
    pytest.param("出租方（乙方）：杭州某某投资管理有限公司\n承租方（甲方）：成都某某餐饮管理有限公司\n",
                 {"甲方": "成都某某餐饮管理有限公司", "乙方": "杭州某某投资管理有限公司"}, id="lessor-as-yi"),
    pytest.param("出租方（甲方）：杭州某某投资管理有限公司\n承租方（乙方）：成都某某餐饮管理有限公司\n",
                 {"甲方": "杭州某某投资管理有限公司", "乙方": "成都某某餐饮管理有限公司"}, id="lessor-as-jia"),
    pytest.param("卖方(甲方)：云南某某实业有限公司\n买方(乙方)：昆明某某商贸有限公司\n",
                 {"甲方": "云南某某实业有限公司", "乙方": "昆明某某商贸有限公司"}, id="seller-as-jia"),
]


@pytest.mark.parametrize(("fragment", "expected"), ASSIGNED_CASES)
def test_the_role_the_contract_assigns_wins(fragment, expected):
    assert {role: p.name for role, p in parties_of(fragment).items()} == expected


DECLARED_ORDER_CASES = [
    pytest.param("卖方：云南某某实业有限公司\n买方：昆明某某商贸有限公司\n买卖双方订立本合同。\n",
                 {"甲方": ("卖方", "云南某某实业有限公司"), "乙方": ("买方", "昆明某某商贸有限公司")},
                 id="seller-declared-first"),
    pytest.param("出卖人：某某汽车销售有限公司\n地址：某市某路1号\n买受人：某某物流有限公司\n地址：某市某路2号\n"
                 "出卖人应按期交货，买受人应按期付款。\n\n出卖人（盖章）：某某汽车销售有限公司\n买受人（盖章）：某某物流有限公司\n",
                 {"甲方": ("出卖人", "某某汽车销售有限公司"), "乙方": ("买受人", "某某物流有限公司")},
                 id="vendor-declared-first"),
    pytest.param("承租方：成都某某餐饮管理有限公司\n出租方：杭州某某投资管理有限公司\n",
                 {"甲方": ("承租方", "成都某某餐饮管理有限公司"), "乙方": ("出租方", "杭州某某投资管理有限公司")},
                 id="lessee-declared-first"),
]


@pytest.mark.parametrize(("fragment", "expected"), DECLARED_ORDER_CASES)
def test_roles_by_declaration_order_when_the_contract_never_says_jia_yi(fragment, expected):
    assert {role: (p.label, p.name) for role, p in parties_of(fragment).items()} == expected


def test_a_contract_that_writes_jia_yi_keeps_the_usual_reading():
    # 甲方 in the text: the labels keep their usual reading (the buyer is 甲方)
    found = parties_of("卖方：云南某某实业有限公司\n买方：昆明某某商贸有限公司\n乙方应按期交货。\n")
    assert (found["甲方"].name, found["乙方"].name) == ("昆明某某商贸有限公司", "云南某某实业有限公司")


def test_signature_blocks_follow_the_declared_order():
    fragment = DECLARED_ORDER_CASES[1].values[0]
    mentions = {(m.role, m.block) for m in find_mentions(doc_of(fragment)) if m.field == "name"}
    assert mentions == {("甲方", "declaration"), ("乙方", "declaration"), ("甲方", "signature"), ("乙方", "signature")}


# -- parties declared in a list, without role labels (合伙人) -----------------------------------

PARTNERS = (
    "合伙协议\n\n本合伙协议由以下各方于【2025年7月】在【成都市】签署：\n"
    "1. 海南某某科技有限公司（以下简称“海南某某”），普通合伙人，一家根据中国法律成立的有限责任公司，"
    "其住所为：海南省海口市某某产业园410-605室，法定代表人为：罗艳；\n"
    "2. 重庆某某科技有限公司（以下简称“某某科技”），有限合伙人，一家根据中国法律成立的有限责任公司，"
    "其住所为：重庆市江北区某某街道5号12-2，法定代表人为：\n雷磊；\n"
    "3. 成都某某企业管理有限公司（以下简称“某某管理”），有限合伙人，其住所为：四川省成都市成华区某路9号，"
    "法定代表人为：钟琼英；\n"
    "4. 成都某某咨询有限公司（以下简称“某某咨询”），有限合伙人，其住所为：四川省成都市高新区某街88号，"
    "法定代表人为：余俊宏。\n\n鉴于：\n各合伙人同意设立本合伙企业。\n\n"
    "第16条 其他\n16.1.1 本协议各方确认其有效的送达地址为：\n"
    "海南某某科技有限公司\n地址：海南省海口市某某产业园410-605室\n电子邮箱：luoyan@example.cn\n电话：13438190588\n收件人：罗艳\n\n"
    "重庆某某科技有限公司\n地址：重庆市江北区某某街道5号12-2\n电子邮箱：leilei@example.com\n电话：15023737088\n收件人：刘禄\n\n"
    "某某资产管理股份有限公司\n地址：北京市某路1号\n电话：01012345678\n\n"
    "16.2 保密\n"
)


def test_partners_take_roles_by_their_place_in_the_list():
    found = parties_of(PARTNERS)
    assert {role: p.name for role, p in found.items()} == {
        "甲方": "海南某某科技有限公司", "乙方": "重庆某某科技有限公司",
        "丙方": "成都某某企业管理有限公司", "丁方": "成都某某咨询有限公司",
    }


PARTNER_DETAIL_CASES = [
    pytest.param("甲方", {"address": "海南省海口市某某产业园410-605室", "legal_rep": "罗艳"}, id="item-details"),
    pytest.param("乙方", {"legal_rep": "雷磊"}, id="value-on-the-next-line"),
    pytest.param("乙方", {"contact": "刘禄", "phone": "15023737088", "email": "leilei@example.com"},
                 id="notice-block-under-the-name"),
    pytest.param("丁方", {"contact": None, "phone": None}, id="no-notice-block"),
]


@pytest.mark.parametrize(("role", "expected"), PARTNER_DETAIL_CASES)
def test_partner_details(role, expected):
    party = parties_of(PARTNERS)[role]
    assert {f: getattr(party, f) for f in expected} == expected


def test_a_name_that_is_no_declared_party_heads_no_party():
    # 某某资产管理股份有限公司 in the notice clause is no partner
    assert "北京市某路1号" not in {p.address for p in parties_of(PARTNERS).values()}


def test_a_lost_item_shifts_no_other_role():
    # item 3 is gone (an OCR loss): item 4 is still 丁方
    fragment = "\n".join(line for line in PARTNERS.split("\n") if not line.startswith("3. "))
    found = parties_of(fragment)
    assert "丙方" not in found and found["丁方"].name == "成都某某咨询有限公司"


def test_a_list_without_its_announcing_sentence_is_no_list():
    fragment = PARTNERS.replace("本合伙协议由以下各方于【2025年7月】在【成都市】签署：", "合伙企业基本情况")
    assert extract(doc_of(fragment)) == []


# -- invoice (开票信息) and bank blocks ------------------------------------------------------------

INVOICE_CASES = [
    pytest.param(
        "承租方（以下称乙方）：四川某某餐饮管理集团有限公司\n\n5、开票\n（2）乙方提供的开票信息如下：\n"
        "单位名称：【四川某某餐饮管理集团有限公司】\n纳税人识别号：【91510000680421270H】\n"
        "注册地址：【四川省成都市锦江区某路199号】\n联系电话：【028-84593666】\n"
        "开户银行：【中国工商银行成都某支行营业室】\n银行账号：【4402 2390 0900 0016 277】\n6、履约保证金\n",
        "乙方", {"tax_id": "91510000680421270H", "address": "四川省成都市锦江区某路199号", "phone": "028-84593666",
                "bank": "中国工商银行成都某支行营业室", "account": "4402 2390 0900 0016 277"}, id="invoice-in-brackets"),
    pytest.param(
        "甲方：某某科技有限公司\n甲方开票信息：\n名称：某某科技有限公司\n税号：91110108MA01ABCD2X\n"
        "地址电话：北京市海淀区某路1号 010-82345678\n开户行及账号：招商银行北京某支行 110912345610101\n",
        "甲方", {"tax_id": "91110108MA01ABCD2X", "address": "北京市海淀区某路1号", "phone": "010-82345678",
                "bank": "招商银行北京某支行", "account": "110912345610101"},
        id="invoice-address-phone-bank-account"),
    pytest.param(
        "出租方（以下称甲方）：四川某某管理集团有限公司\n4、甲方指定收款账号如下：\n"
        "收款方名称：【四川某某管理集团有限公司】\n开户银行：【中信银行成都某支行】\n"
        "银行账号：【8111001012200980215】\n联行号：【302651041136】\n",
        "甲方", {"bank": "中信银行成都某支行", "account": "8111001012200980215"}, id="bank-in-brackets"),
    pytest.param(
        "甲方：张万\n乙方：北京某某科技有限公司\n1.3 甲方须通过银行转账支付全部款项至乙方指定账户：\n"
        "开户名称：北京某某科技有限公司\n开户银行：[中国民生银行股份有限公司北京某支行]\n银行账号：[170631028]\n",
        "乙方", {"bank": "中国民生银行股份有限公司北京某支行", "account": "170631028"}, id="bank-in-square-brackets"),
    pytest.param(
        "出租方（甲方）：杭州市某某管理委员会\n4.3租金应转入甲方指定的银行帐户。甲方账户信息如下：\n\n"
        "收款人名称：杭州市某某管理委员会\n\n开户银行：华夏银行杭州分行\n\n银行账号：10450000000866273\n\n4.4 其他\n",
        "甲方", {"bank": "华夏银行杭州分行", "account": "10450000000866273"}, id="account-lines-between-blank-lines"),
]


@pytest.mark.parametrize(("fragment", "role", "expected"), INVOICE_CASES)
def test_invoice_and_bank_blocks(fragment, role, expected):
    party = parties_of(fragment)[role]
    assert {f: getattr(party, f) for f in expected} == expected


# -- notice and contact clauses ---------------------------------------------------------------

NOTICE = (
    "出租方（以下称甲方）：四川某某管理集团有限公司\n有效地址：四川省成都市武侯区某大道1777号37F\n\n"
    "承租方（以下称乙方）：四川某某餐饮管理集团有限公司\n有效地址：四川省成都市锦江区某路199号1栋\n\n"
    "二十三、甲乙双方确定的有效联系方式\n2、甲方确认有效的送达信息：\n收件人： 李某某\n"
    "地址：四川省成都市武侯区某大道1777号37F\n电话：13079835323\n"
    "3、乙方确认有效的送达信息：\n收件人：罗某某\n地址： 四川省成都市锦江区某路199号\n电话：18108040015\n"
    "4、上述送达方式适用于各类通知。\n"
)

NOTICE_CASES = [
    pytest.param("甲方", {"contact": "李某某", "phone": "13079835323", "address": "四川省成都市武侯区某大道1777号37F"},
                 id="recipient-of-jia"),
    pytest.param("乙方", {"contact": "罗某某", "phone": "18108040015", "address": "四川省成都市锦江区某路199号1栋"},
                 id="recipient-of-yi-declared-address-first"),
]


@pytest.mark.parametrize(("role", "expected"), NOTICE_CASES)
def test_notice_clauses(role, expected):
    party = parties_of(NOTICE)[role]
    assert {f: getattr(party, f) for f in expected} == expected


# -- DOCX table rows: label cell, value cell ----------------------------------------------------

def test_table_rows_of_label_and_value_cells():
    party = parties_of("甲方\t成都某某管理局\n地址\t成都市某路1号\n开户银行\t中国银行成都某支行\n账号\t6222000011112222\n")["甲方"]
    assert (party.name, party.address, party.bank, party.account) == (
        "成都某某管理局", "成都市某路1号", "中国银行成都某支行", "6222000011112222")


# -- two-column signature blocks --------------------------------------------------------------------

WRAPPED_COLUMNS = (
    "甲(供)方:厦门某某卫浴有限公司\n乙(需)方:上海某某网络科技有限公司\n\n"
    "甲方(公章):某某(厦门)卫浴有限 乙方(公章):\n公司 上海某某网络科技有限公司\n"
    "开户行:农行厦门某支行 开户行: 中国招商银行\n账号:4038 9001 0400 2454 8 账号: 8814777288818276\n"
    "单位地址:厦门市湖里区某路766号9 单位地址:上海徐汇区某路88号A座\n03室\n\n"
    "经办人:兰丹 经办人: 渠一一\n电话:0592-7616162 电话:0592-7616188\n"
)

GLUED_HEADINGS = (
    "甲方:四川某某建设集团股份有限公司某某分公司\n乙方:某某汽车工业有限公司\n\n"
    "甲方(盖章):四川某某建设集团股份有限公乙方(盖章) 某某汽车工业有限公司\n"
    "司某某分公司 公\t业有限公司\n代表人:\t代表人: 合同专用章\n"
    "纳税人识别号:91510100MAC0UH8Y8W\t纳税人识别号:91440300791738553L\n"
    "开户行:招商银行成都分行营业部\t开户行:中国银行股份有限公司深圳某支行\n账号:128914244010701\t账号:766657957378\n"
    "地址:四川省成都市高新区某大道12号 地址:深圳市坪山新区某公路3001、3007\n1-4-3-40\t号\n"
    "电话:/\t电话:0755-89888888\n"
)

COLUMN_CASES = [
    pytest.param(WRAPPED_COLUMNS, "甲方", {"bank": "农行厦门某支行", "account": "4038 9001 0400 2454 8",
                                         "contact": "兰丹", "phone": "0592-7616162"}, id="labels-after-a-wrapped-name"),
    pytest.param(WRAPPED_COLUMNS, "乙方", {"bank": "中国招商银行", "account": "8814777288818276",
                                         "contact": "渠一一", "phone": "0592-7616188"}, id="right-column"),
    pytest.param(WRAPPED_COLUMNS, "甲方", {"address": "厦门市湖里区某路766号903室"},
                 id="piece-to-the-unfinished-column"),
    pytest.param(WRAPPED_COLUMNS, "乙方", {"address": "上海徐汇区某路88号A座"}, id="finished-column-keeps-its-value"),
    pytest.param(GLUED_HEADINGS, "甲方", {"tax_id": "91510100MAC0UH8Y8W", "bank": "招商银行成都分行营业部",
                                        "account": "128914244010701", "phone": None,
                                        "address": "四川省成都市高新区某大道12号1-4-3-40"}, id="ocr-glued-heading-left"),
    pytest.param(GLUED_HEADINGS, "乙方", {"tax_id": "91440300791738553L", "phone": "0755-89888888",
                                        "address": "深圳市坪山新区某公路3001、3007号", "legal_rep": None},
                 id="ocr-glued-heading-right"),
]


@pytest.mark.parametrize(("fragment", "role", "expected"), COLUMN_CASES)
def test_two_column_signature_blocks(fragment, role, expected):
    party = parties_of(fragment)[role]
    assert {f: getattr(party, f) for f in expected} == expected


def test_a_name_in_pieces_is_whole_in_the_signature_block():
    names_of = {m.value for m in find_mentions(doc_of(WRAPPED_COLUMNS)) if m.role == "甲方" and m.field == "name"}
    assert "某某(厦门)卫浴有限公司" in names_of


def test_a_value_in_pieces_has_evidence_over_all_of_them():
    doc = doc_of(WRAPPED_COLUMNS)
    m = next(m for m in find_mentions(doc) if m.role == "甲方" and m.field == "address")
    assert m.value == "厦门市湖里区某路766号903室"
    assert doc.text[m.start:m.end].startswith("厦门市湖里区某路766号9") and doc.text[m.start:m.end].endswith("03室")


# -- placeholders are not values ----------------------------------------------------------------------

PLACEHOLDER_CASES = [
    pytest.param("卖方：XXXXXXX有限责任公司\n联系人：XXX 15586360900\n", "乙方", "name", id="crossed-name"),
    pytest.param("卖方：某某实业有限公司\n开户行：XXXXX银行股份有限公司XXXXXX支行\n", "乙方", "bank", id="crossed-bank"),
    pytest.param("卖方：某某实业有限公司\n地址：XXXXXXXXXXXXXXXX\n", "乙方", "address", id="crossed-address"),
    pytest.param("甲方：＿＿＿＿＿＿＿＿\n乙方：某某实业有限公司\n", "甲方", "name", id="underscores"),
    pytest.param("甲方：\n乙方：某某实业有限公司\n", "甲方", "name", id="blank"),
    pytest.param("乙方：某某实业有限公司\n身份证/统一社会信用代码：110101199003071234\n", "乙方", "tax_id",
                 id="personal-id-is-no-tax-id"),
]


@pytest.mark.parametrize(("fragment", "role", "field"), PLACEHOLDER_CASES)
def test_placeholders_are_no_values(fragment, role, field):
    assert not [m for m in find_mentions(doc_of(fragment)) if m.role == role and m.field == field]


def test_a_phone_after_a_placeholder_contact_is_kept():
    party = parties_of("买方：昆明某某商贸有限公司\n联系人：XXX 17775522969\n")["甲方"]
    assert (party.contact, party.phone) == (None, "17775522969")


def test_a_contact_with_a_phone():
    party = parties_of("买方：昆明某某商贸有限公司\n联系人：张伟 13800001111\n")["甲方"]
    assert (party.contact, party.phone) == ("张伟", "13800001111")


# -- a value stops at the next label ------------------------------------------------------------------

RUN_ON_CASES = [
    pytest.param("买方(章):昆明某某商贸有限公司帐    号:8111 9010 1210 0337 473开户行:中信银行昆明某支行"
                 "地    址:云南省昆明市官渡区某商城E区3栋3号委托代理人:签订日期:      年月日\n",
                 {"name": "昆明某某商贸有限公司", "account": "8111 9010 1210 0337 473", "bank": "中信银行昆明某支行",
                  "address": "云南省昆明市官渡区某商城E区3栋3号"}, id="spaced-labels-right-after-values"),
    pytest.param("训练单位(简称乙方):台北市某某同业公会核准字号:北市社商字第零零玖号代表人姓名:廖某某(签章)"
                 "联络电话:(02)25064871单位\n地址: (10405)台北市中山区某路131号12楼中华民国 年月日\n",
                 {"legal_rep": "廖某某", "phone": "(02)25064871", "postcode": "10405",
                  "address": "台北市中山区某路131号12楼"}, id="labels-run-together"),
]


@pytest.mark.parametrize(("fragment", "expected"), RUN_ON_CASES)
def test_a_value_stops_at_the_next_label(fragment, expected):
    party = next(iter(parties_of(fragment).values()))
    assert {f: getattr(party, f) for f in expected} == expected


def test_a_heading_glued_after_a_value_must_name_its_role():
    # `(简称乙方)` makes a heading of it; a bare `单位:` glued on a value does not
    assert "乙方" in parties_of("地址:_训练单位(简称乙方):台北市某某同业公会\n")
    assert parties_of("地址:某市某路1号单位:某某公司\n") == {}


# -- persons as parties -----------------------------------------------------------------------------------

PERSON_CASES = [
    pytest.param("甲方：张万\n身份证号：\n地址：\n\n乙方：北京某某科技有限公司\n", "甲方", "张万", id="person-declared"),
    pytest.param("甲方：北京某某文化传媒有限公司\n乙方：王旭\n", "乙方", "王旭", id="person-declared-second"),
    pytest.param("丙方（控股股东）：\n赵伟，身份证号：\n王洪，身份证号：\n张明，身份证号：\n\n本合同各方协商一致。\n",
                 "丙方", "赵伟、王洪、张明", id="persons-holding-one-role"),
]


@pytest.mark.parametrize(("fragment", "role", "name"), PERSON_CASES)
def test_persons_as_parties(fragment, role, name):
    assert parties_of(fragment)[role].name == name


def test_a_person_signing_is_no_party_name():
    # under a stamp a person's name is who signs, not the party
    mentions = find_mentions(doc_of("乙方：北京某某科技有限公司\n\n乙方（签字）：王旭\n"))
    assert [m.value for m in mentions if m.field == "name"] == ["北京某某科技有限公司"]


REPRESENTATIVE_CASES = [
    pytest.param("乙方：兰州某某科技有限公司\n代表人（签字）：杨晓军\n", "signatory", id="representative-signing"),
    pytest.param("乙方：台北市某某同业公会\n代表人姓名：廖全平\n", "legal_rep", id="representative-named"),
]


@pytest.mark.parametrize(("fragment", "field"), REPRESENTATIVE_CASES)
def test_representative_labels(fragment, field):
    assert {m.field for m in find_mentions(doc_of(fragment)) if m.field != "name"} == {field}


NOTICE_FORM_CASES = [
    pytest.param("第九条 通知\n1.甲方指定联系人:张伟,联系电话:13800000000。\n2.乙方指定联系人:李娜,联系电话:13900000000。\n",
                 {"甲方": ("张伟", "13800000000"), "乙方": ("李娜", "13900000000")}, id="role-designates-a-contact"),
    pytest.param("第九条 通知与送达\n甲方联系人:张伟,电话:13800000000;乙方联系人:李娜,电话:13900000000。\n",
                 {"甲方": ("张伟", "13800000000"), "乙方": ("李娜", "13900000000")}, id="both-on-one-line"),
    pytest.param("通知送达地址:\n甲方:北京市某路1号,收件人:张伟,电话:13800000000\n"
                 "乙方:上海市某路2号,收件人:李娜,电话:13900000000\n",
                 {"甲方": ("张伟", "13800000000"), "乙方": ("李娜", "13900000000")}, id="address-after-the-role"),
]


@pytest.mark.parametrize(("clause", "expected"), NOTICE_FORM_CASES)
def test_notice_clause_forms(clause, expected):
    found = parties_of("甲方:北京某某局\n乙方:上海某某科技有限公司\n" + clause)
    assert {role: (p.contact, p.phone) for role, p in found.items()} == expected
    assert (found["甲方"].name, found["乙方"].name) == ("北京某某局", "上海某某科技有限公司")


# -- a table with a label column inside each party's rows (技术合同 signature table) -------------------

LABEL_COLUMN_TABLE = (
    "委托方（甲方）：天津市某某局\n受托方（乙方）：天津某某环境科技有限公司\n\n"
    "委托方（甲方）\t名称（或姓名）\t天津市某某局\t（签章）\n"
    "\t法定代表人\t王建国\t（签章）\n\t委托代理人\t\t（签章）\n\t联系（经办）人\t李明\t（签章）\n"
    "\t住所（通讯地址）\t天津市滨海新区某路1号\n\t电话\t022-12345678\t传真\t\n\t电子信箱\tabc@example.com\n"
    "\t开户银行\t\n\t帐号\t\t邮政编码\t300000\n"
    "受托方（乙方）\t名称（或姓名）\t天津某某环境科技有限公司\t（签章）\n"
    "\t法定代表人\t赵强\t（签章）\n\t联系（经办）人\t钱伟\t（签章）\n"
    "\t住所（通讯地址）\t天津市南开区某路2号\n\t电话\t022-87654321\t传真\t\n"
    "\t开户银行\t中国工商银行天津某支行\n\t帐号\t0302000000000000000\t邮政编码\t300100\n"
)

LABEL_COLUMN_CASES = [
    pytest.param("甲方", {"name": "天津市某某局", "legal_rep": "王建国", "contact": "李明", "phone": "022-12345678",
                         "address": "天津市滨海新区某路1号", "email": "abc@example.com", "postcode": "300000",
                         "bank": None, "account": None}, id="client-rows"),
    pytest.param("乙方", {"name": "天津某某环境科技有限公司", "legal_rep": "赵强", "contact": "钱伟",
                         "bank": "中国工商银行天津某支行", "account": "0302000000000000000", "postcode": "300100"},
                 id="contractor-rows"),
]


@pytest.mark.parametrize(("role", "expected"), LABEL_COLUMN_CASES)
def test_a_table_with_a_label_column_per_party(role, expected):
    party = parties_of(LABEL_COLUMN_TABLE)[role]
    assert {f: getattr(party, f) for f in expected} == expected


def test_a_label_in_the_place_of_a_name_is_no_name():
    mentions = find_mentions(doc_of(LABEL_COLUMN_TABLE))
    assert not [m for m in mentions if m.field == "name" and "名称" in m.value]


# -- a key-terms table (合同条款前附表): a number, a label naming its role, a value -----------------

KEY_TERMS = (
    "合同条款前附表\n序号\t条款名称\t内容\n1\t采购人（甲方）\t广州市某某局\n2\t采购人地址\t广州市天河区某路1号\n"
    "3\t采购人联系人\t张伟\n4\t联系电话\t020-12345678\n5\t供应商（乙方）\t广州某某物业管理有限公司\n"
    "6\t供应商地址\t广州市越秀区某路2号\n7\t供应商联系人\t李娜\n8\t联系电话\t020-87654321\n"
    "9\t开户银行\t中国银行广州某支行\n10\t账号\t6222000011112222\n11\t合同金额\t人民币100元\n"
)

KEY_TERMS_CASES = [
    pytest.param("甲方", {"name": "广州市某某局", "address": "广州市天河区某路1号", "contact": "张伟",
                         "phone": "020-12345678", "bank": None}, id="purchaser"),
    pytest.param("乙方", {"name": "广州某某物业管理有限公司", "address": "广州市越秀区某路2号", "contact": "李娜",
                         "phone": "020-87654321", "bank": "中国银行广州某支行", "account": "6222000011112222"},
                 id="supplier"),
]


@pytest.mark.parametrize(("role", "expected"), KEY_TERMS_CASES)
def test_a_key_terms_table(role, expected):
    party = parties_of(KEY_TERMS)[role]
    assert {f: getattr(party, f) for f in expected} == expected
