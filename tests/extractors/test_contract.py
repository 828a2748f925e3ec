"""Contract-level fields over real fragments, through the real normaliser and
segmenter. One row per form met in a contract, grouped by phenomenon."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

import pytest

from hetong.extractors.contract import extract
from hetong.extractors.title import is_generic
from hetong.models import Contract, Document
from hetong.pipeline.text import normalise, segment


def doc_of(fragment: str) -> Document:
    doc = Document(source="t.txt", sha256="x", media_type="text/plain", raw_text=fragment)
    return segment.run(normalise.run(doc))


def contract_of(fragment: str) -> Contract:
    return extract(doc_of(fragment))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# -- title ---------------------------------------------------------------------

TITLE_CASES = [
    pytest.param(
        "\n\n乌鲁木齐区人民政府门户网站 运维服务项目合同\n\n甲方：克拉玛依市乌鲁木齐区人民政府办公室\n",
        "乌鲁木齐区人民政府门户网站运维服务项目合同",
        id="one-line-heading",
    ),
    pytest.param(
        "\n1\n\n合同登记编号：\n\n乌鲁木齐市人民政府门户网站\n\n2022 年运维服务合同\n\n"
        "项目名称：乌鲁木齐市人民政府门户网站运维项目\n",
        "乌鲁木齐市人民政府门户网站2022年运维服务合同",
        id="heading-over-two-lines-after-number-label",
    ),
    pytest.param(
        "\n\n6-2039\n\n**阿克苏地区数字化发展局**\n\n**2025 年政务服务和公共资源交易平台互联**\n\n"
        "**网一期、二期运维费项目合同**\n\n合同编号：\n\n委托单位： 阿克苏地区数字化发展局\n",
        "阿克苏地区数字化发展局2025年政务服务和公共资源交易平台互联网一期、二期运维费项目合同",
        id="heading-over-three-lines-after-code",
    ),
    pytest.param(
        "\n\n合同编号：\n\nH\tT\t\t\t\n---\t---\t--\t--\n\n昆明市交通运输局\n\n政府购买服务合同\n\n"
        "项目名称：昆明市交通运输局门户网站维护（2023）\n",
        "昆明市交通运输局政府购买服务合同",
        id="generic-heading-after-form-box",
    ),
    pytest.param(
        "合同编号：\n\n政府采购合同\n\n项目名称：2022 年度政务服务网上运营服务项目\n\n甲方：北京市朝阳区政务服务管理局\n",
        "政府采购合同",
        id="generic-heading",
    ),
    pytest.param(
        "合同编号：JMZC-2024-0187\n采购项目编号：JMCG2024-GK-031\n\n江门市政务云平台运维服务项目\n政府采购合同\n\n"
        "采购人（甲方）：江门市政务服务数据管理局\n",
        "江门市政务云平台运维服务项目政府采购合同",
        id="project-line-then-generic-heading",
    ),
    pytest.param(
        "合 同 编 号：CCSP-DB-2024-07\n\n# 澄城县政务服务网网络安全等级保护运维服务合同\n\n"
        "项 目 名 称：澄城县政务服务网等级保护（三级）安全运维服务项目\n",
        "澄城县政务服务网网络安全等级保护运维服务合同",
        id="markdown-heading",
    ),
    pytest.param(
        "第二章 合同内容\n\n2.1   本合同所称名称为：《乌鲁木齐市人民政府门户网站 2022年运维服务合同》。\n",
        "乌鲁木齐市人民政府门户网站2022年运维服务合同",
        id="self-named",
    ),
    # a generic cover heading gives way to the specific title right under it
    pytest.param(
        "\n\n**政府采购合同**\n\n**银川市西夏区政务数据中心机房基础设施维保服务合同**\n\n合同编号：____________\n\n"
        "项目名称：西夏区政务数据中心机房UPS、精密空调及消防系统2025年度维保服务\n",
        "银川市西夏区政务数据中心机房基础设施维保服务合同",
        id="generic-cover-heading-then-specific",
    ),
    pytest.param(
        "合 同 书\n\n哈尔滨市道里区政务服务中心\n\n智能导办系统软件开发合同\n\n甲方（委托方）：哈尔滨市道里区政务服务中心\n",
        "哈尔滨市道里区政务服务中心智能导办系统软件开发合同",
        id="spaced-generic-heading-then-two-line-title",
    ),
    pytest.param(
        "# 技术服务合同\n\n# 昆明市五华区视频监控系统运维服务项目合同（续签）\n\n合同编号：KMWH-2024-031\n",
        "昆明市五华区视频监控系统运维服务项目合同(续签)",
        id="generic-markdown-heading-then-specific-with-note",
    ),
    # … and stays the title when nothing specific follows it closely
    pytest.param(
        "政府采购合同\n\n银川市西夏区大数据服务中心\n\n合同编号：NXYC-2024-1187\n\n"
        "本合同为银川市西夏区政务数据中心机房维保服务合同。\n",
        "政府采购合同",
        id="generic-heading-over-a-line-that-is-no-title",
    ),
    pytest.param(
        "**服务合同**\n\n合同编号：ZZ-2024-118\n\n郑州市智慧城市运营中心运维服务合同\n\n甲方：郑州市大数据管理局\n",
        "服务合同",
        id="generic-heading-specific-one-after-a-label",
    ),
    pytest.param(
        "政府采购合同\n\n（服务类合同）\n\n项目名称：伊宁市电子政务云资源租赁服务\n",
        "政府采购合同",
        id="generic-heading-over-a-generic-note",
    ),
]


@pytest.mark.parametrize(("fragment", "expected"), TITLE_CASES)
def test_title(fragment, expected):
    assert squash(contract_of(fragment).title) == expected


# -- project name, contract number ---------------------------------------------

PROJECT_CASES = [
    pytest.param(
        "项目名称：乌鲁木齐市人民政府门户网站运维项目\n\n委 托 方（甲方）：乌鲁木齐市人民政府电子政务中心\n",
        "乌鲁木齐市人民政府门户网站运维项目",
        id="label",
    ),
    pytest.param(
        "项目名称：昆明市交通运输局门户网站维护（2023）\n\n甲 方：昆明市交通运输局\n",
        "昆明市交通运输局门户网站维护(2023)",
        id="label-with-brackets",
    ),
    pytest.param(
        "项目名称：阿克苏地区数字化发展局 2025 年政务服务和公  \n共资源交易平台互联网一期、二期运维费项目\n\n"
        "依据《中华人民共和国民法典》之相关条款，甲乙双方经  \n友好协商，就维护服务达成如下协议：\n",
        "阿克苏地区数字化发展局2025年政务服务和公共资源交易平台互联网一期、二期运维费项目",
        id="broken-line-then-paragraph",
    ),
    pytest.param(
        "项 目 名 称：澄城县政务服务网等级保护（三级）安全运维服务项目\n",
        "澄城县政务服务网等级保护(三级)安全运维服务项目",
        id="spaced-label",
    ),
    pytest.param("\n\n乌鲁木齐区人民政府门户网站 运维服务项目合同\n\n甲方：克拉玛依市乌鲁木齐区人民政府办公室\n", None, id="none"),
    # a short label line an OCR line break cut, its ending on the next line
    pytest.param("项目名称：城关区2025年度政务信息系统等级保护测\n评项目\n\n甲方：拉萨市城关区大数据服务中心\n",
                 "城关区2025年度政务信息系统等级保护测评项目", id="cut-name-then-blank"),
    pytest.param("项目名称：蜀山区城市大脑数据共享交换平\n台\n采购编号：HFSS-2025-031\n",
                 "蜀山区城市大脑数据共享交换平台", id="cut-name-then-label"),
    pytest.param("项目名称：南昌市红谷滩区政府网站群托管服务\n（二期）项目\n\n", "南昌市红谷滩区政府网站群托管服务",
                 id="complete-name-keeps-its-line"),
    pytest.param("项目名称：太原市12345热线坐席外包\n服务内容包括话务受理工作\n及工单流转\n",
                 "太原市12345热线坐席外包", id="prose-below-is-not-a-tail"),
    pytest.param("项目名称：合肥市蜀山区数据平台运维\n乙方：安徽数联科技有限公司\n", "合肥市蜀山区数据平台运维",
                 id="a-label-below-is-not-a-tail"),
    # the short name given after the name is no part of it
    pytest.param("项目名称：智慧社区平台运维项目（以下简称本项目）\n", "智慧社区平台运维项目", id="short-name-after"),
    pytest.param("项目名称：东湖区数据中心迁移服务（简称“迁移项目”）\n", "东湖区数据中心迁移服务", id="short-name-jiancheng"),
    # a programme defined as a term names the project where no 项目名称 is given
    pytest.param("第二条 参训班别名称：数控车床操作班第03期补助计划名称：青年技能提升计划（以下简称本计划）第三条 训练期间：\n",
                 "青年技能提升计划", id="plan-defined-as-a-term"),
    pytest.param("计划名称：2024年度设备更新计划\n", None, id="plan-not-defined-as-a-term"),
]


@pytest.mark.parametrize(("fragment", "expected"), PROJECT_CASES)
def test_project_name(fragment, expected):
    value = contract_of(fragment).project_name
    assert (squash(value) if value else None) == expected


CONTRACT_NO_CASES = [
    pytest.param("合同编号：SHPD-YW-2025-031\n\n浦东新区“一网通办”平台运营服务合同\n", "SHPD-YW-2025-031", id="code"),
    pytest.param("合同编号：AJSJ〔2024〕006号\n安吉县大数据中心机房运维服务合同\n", "AJSJ〔2024〕006号", id="code-with-brackets"),
    pytest.param("合 同 编 号：CCSP-DB-2024-07\n\n# 澄城县政务服务网网络安全等级保护运维服务合同\n", "CCSP-DB-2024-07", id="spaced-label"),
    pytest.param("\n1\n\n合同登记编号：\n\n乌鲁木齐市人民政府门户网站\n", None, id="blank-registration-number"),
    pytest.param("\n\n合同编号：\n\nH\tT\t\t\t\n---\t---\t--\t--\n\n昆明市交通运输局\n", None, id="blank-then-form-box"),
    pytest.param("合同编号：          签订日期：2022 年 9 月 23 日\n\n政府采购合同\n", None, id="blank-then-next-label"),
    pytest.param(
        "合同编号：\n\n鉴于甲乙双方于2023年签订了《南平市电子政务内网及政务OA系统运维服务框架合同》"
        "（合同编号：NPDZ-2023-017，框架期限自2023年1月1日至2024年12月31日），现续签如下。\n",
        None,
        id="number-of-another-contract",
    ),
    # a framework agreement numbers itself 协议编号 / 协议号
    pytest.param("2026年度信息化设备维修服务框架协议\n\n协议编号：XNCZ-JGSW-KJ-2025-09\n\n甲方（采购人）：西宁市城中区机关事务服务中心\n",
                 "XNCZ-JGSW-KJ-2025-09", id="agreement-number"),
    pytest.param("办公设备定点维修服务协议\n协议号：GYCG-XY-2024-015    签订日期：2024年3月1日\n",
                 "GYCG-XY-2024-015", id="agreement-number-short-label"),
    pytest.param("协议编号：\n\n本合同依据双方签订的《信息化设备维修服务框架协议》（协议编号：XNCZ-KJ-2025-09）订立，"
                 "服务内容以框架协议为准。\n", None, id="number-of-the-framework-agreement-in-a-sentence"),
    pytest.param("合同编号：QHXN-2025-118\n\n根据《信息化设备维修服务框架协议》（协议编号：XNCZ-KJ-2025-09），"
                 "甲乙双方订立本合同。\n", "QHXN-2025-118", id="call-off-contract-cites-its-framework"),
    # a header block in two columns: the label after one blank
    pytest.param("甲(供)方：青松卫浴有限公司 签订地点：厦门\n乙(需)方：东湖贸易有限公司 合同编号：QS-2021-0045\n",
                 "QS-2021-0045", id="label-mid-line-after-one-blank"),
    pytest.param("甲方：东湖区档案馆 编号：12\n", None, id="bare-number-label-mid-line-is-not-the-contract"),
    pytest.param("订单号：DD20240315001\n\n买方：东湖贸易有限公司\n", "DD20240315001", id="order-number"),
    pytest.param("采购编号：GPCG-2024-001\n\n东湖区物业管理服务合同\n", None, id="procurement-number-is-not-it"),
    # a number an OCR misread (a > in the digits) is left out rather than guessed
    pytest.param("合同编号：SRBG-ZBFGS-20>3-37\n", None, id="misread-number"),
    # unlabelled, printed right under the title in the form of a file number
    pytest.param("委托代理合同\n                    京信律代字【2024】第0215号\n甲方：东湖建设工程有限公司\n",
                 "京信律代字【2024】第0215号", id="file-number-under-title"),
    pytest.param("委托代理合同\n\n东律代字(2023)第17号\n\n甲方：东湖建设工程有限公司\n",
                 "东律代字(2023)第17号", id="file-number-round-brackets"),
    pytest.param("委托代理合同\n甲方：东湖建设工程有限公司\n乙方：东湖律师事务所\n京信律代字【2024】第0215号\n",
                 None, id="file-number-not-under-title"),
]


@pytest.mark.parametrize(("fragment", "expected"), CONTRACT_NO_CASES)
def test_contract_no(fragment, expected):
    assert contract_of(fragment).contract_no == expected


# -- signing date --------------------------------------------------------------

SIGNED_CASES = [
    pytest.param("项目名称：2022 年度政务服务网上运营服务项目\n\n签署日期：2022 年 9 月 23 日\n", dt.date(2022, 9, 23), id="header-spaced"),
    pytest.param("签订日期：2024年12月20日\n\n签订地点：上海市浦东新区\n", dt.date(2024, 12, 20), id="header"),
    pytest.param("签订时间：2023年12月25日\n签订地点：广西梧州\n", dt.date(2023, 12, 25), id="header-time-label"),
    pytest.param("签订日期：二〇二四年三月一日\n", dt.date(2024, 3, 1), id="chinese-numerals"),
    pytest.param(
        "(此页为签章页无正文)\n\n甲方：新疆维吾尔自治区阿克苏地区数字化发展局（盖章）\n\n代表签字：\n\n"
        "签订日期：二〇二五年 6 月 10 日\n",
        dt.date(2025, 6, 10),
        id="chinese-year-arabic-day",
    ),
    pytest.param(
        "签约日期：    2022 年  月  日\n\n甲方(章)：乌鲁木齐市人民政府电子政务中心 \n\n代表签字：\n\n签字日期：\n",
        None,
        id="all-blank",
    ),
    pytest.param("签订时间：2023 年 月 日\n\n签订地点：云南 昆明\n\n日期：\n\n日期：\n", None, id="blank-no-spaces"),
    pytest.param(
        "签订日期：      年    月    日\n\n甲方（盖章）：南平市电子政务服务中心\n\n日期：      年    月    日\n",
        None,
        id="blank-wide",
    ),
    pytest.param(
        "乌鲁木齐区人民政府门户网站 运维服务项目合同\n\n甲方：克拉玛依市乌尔禾区\n人民政府办公室（盖章）\n\n"
        "法定代表人/授权代表（签字）\n\n日期：2025年3月12日\n\n日期：2025年3月12日\n",
        dt.date(2025, 3, 12),
        id="signature-block-label",
    ),
    pytest.param(
        "签订日期：    年   月   日\n\n（以下无正文）\n\n甲方（盖章）：宾县人民政府办公室\n\n签订日期：2024年3月25日\n",
        dt.date(2024, 3, 25),
        id="blank-header-dated-signature",
    ),
    pytest.param(
        "(以下无正文)\n\n甲方: 北京市朝阳区政务服务管理局 (盖章)\n\n\n\n法定代表人/委托代理人: 江伟 (签名)\n\n"
        "2022 年 9 月 23 日\n",
        dt.date(2022, 9, 23),
        id="bare-date-under-signature",
    ),
    # two signature blocks side by side: the second label does not cut the first date
    pytest.param("甲方(盖章)：东湖区财政局 乙方(盖章)：青松软件有限公司\n\n日期:2025 年 4 月 9 日日期:2025年 4 月 9 日\n",
                 dt.date(2025, 4, 9), id="two-blocks-on-one-line"),
    pytest.param("签订日期：_2024_年_07_月_30_日\n", dt.date(2024, 7, 30), id="underscore-blanks-filled"),
    pytest.param("签订日期：____年__月__日\n", None, id="underscore-blanks-empty"),
    pytest.param("委托方(甲方)\t单位名称\t东湖区财政局\t(单位盖章) 2025 年 4 月 9 日\t\n",
                 dt.date(2025, 4, 9), id="date-after-the-seal-mark"),
]


@pytest.mark.parametrize(("fragment", "expected"), SIGNED_CASES)
def test_signed_on(fragment, expected):
    assert contract_of(fragment).signed_on == expected


# -- total amount --------------------------------------------------------------

TOTAL_CASES = [
    pytest.param(
        "合同总金额为人民币（¥129800 元）（大写金额）壹拾贰万玖仟捌佰元整。（含税 1%）\n",
        "129800", "壹拾贰万玖仟捌佰元整", id="digits-then-words",
    ),
    pytest.param(
        "本合同总金额经双方确定为人民币：（大写）  壹拾伍万  元整   \n",
        "150000", "壹拾伍万元整", id="spaced-words-only",
    ),
    pytest.param(
        "4.1 本合同总额为人民币（大写）:壹拾伍万元整，小写：（￥150,000.00元）。\n",
        "150000", "壹拾伍万元整", id="words-then-thousands",
    ),
    pytest.param(
        "此次2023年7月1日至2024年6月30日网站技术维护费用为60000元（陆万整），在签订合同后由乙方开具对应增值税发票，"
        "甲方在收到发票后30个工作日内，通过对公账户支付合同金额60000元（陆万整）。\n",
        "60000", "陆万整", id="fee-and-contract-amount-wan-zheng",
    ),
    pytest.param(
        "维护服务费为人民币壹佰壹拾陆万捌仟元整（¥1168000 元），该费用在 2025 年 7 月底前支付 1109600 元。"
        "尾款 58400 元作为保证金。\n\n本合同总金额为 1168000 元，其中不含税金额为人民币 1101886.79 元，"
        "税费为 66113.21 元。\n",
        "1168000", "壹佰壹拾陆万捌仟元整", id="total-digits-words-from-fee",
    ),
    pytest.param(
        "1. 本合同价款，包含乙方向甲方提供的相关服务的所有费用、税款、报酬总额为¥1202000元整（壹佰贰拾万零贰仟元整）"
        "（费用金额详见附件一）。\n\n第一次付款：合同签订后30日内甲方向乙方支付第一笔款，即合同总额的50%，"
        "计¥601000元（人民币大写：陆拾万零壹仟元整）。\n",
        "1202000", "壹佰贰拾万零贰仟元整", id="total-before-installments",
    ),
    pytest.param(
        "序号\t项目类别\t项目描述\t内容\t数量\t单位\t单价(元)\t价格(元)\n"
        "6\t数据整理\t对数据开展整理工作。\t数据整理\t1\t项\t130,000\t130,000\n"
        "合计：壹佰贰拾万零贰仟元整\t\t\t\t\t\t\t1,202,000\n",
        "1202000", "壹佰贰拾万零贰仟元整", id="price-table-total-row",
    ),
    pytest.param(
        "| 项目名称 | 服务内容 | 服务期 | 合同金额（万元） |\n|---|---|---|---|\n"
        "| 宾县人民政府网站群运维服务项目 | 网站群运维 | 一年 | 36.8 |\n\n"
        "合同金额大写：人民币叁拾陆万捌仟元整。上述金额为含税总价。\n",
        "368000", "叁拾陆万捌仟元整", id="table-column-in-wan",
    ),
    pytest.param(
        "（一）本合同总价（含税价，税率6%）为人民币424000.00元（大写：肆拾贰万肆仟元整），"
        "其中不含税金额400000.00元，税额24000.00元。\n"
        "（二）合同价款按季度支付，每季度支付合同总价的25%，即106000.00元。\n",
        "424000", "肆拾贰万肆仟元整", id="aside-with-rate",
    ),
    pytest.param(
        "合同总价¥530,000.00元（含税，税率6%），其中不含税价¥500,000.00元，税额¥30,000.00元。大写：人民币伍拾叁万元整。\n\n"
        "一、合同签订后15个工作日内，甲方向乙方支付合同总价的30%，即¥159,000.00元（大写：壹拾伍万玖仟元整）。\n",
        "530000", "伍拾叁万元整", id="words-in-next-sentence",
    ),
    pytest.param(
        "4.1 合同总金额为人民币（大写）肆拾捌万陆仟叁佰伍拾元伍角（¥486,350.50），该价格为含税价。\n",
        "486350.50", "肆拾捌万陆仟叁佰伍拾元伍角", id="jiao",
    ),
    pytest.param(
        "本合同总金额为人民币（大写）伍拾陆万捌仟元整（¥558000.00元），含税。\n",
        "558000", "伍拾陆万捌仟元整", id="words-disagree-with-digits",
    ),
    pytest.param(
        "本合同总价款为人民币壹拾陆万捌仟元整（¥168,000.00），包括服务费、工具使用费、差旅费及税费等全部费用。\n",
        "168000", "壹拾陆万捌仟元整", id="total-price-label",
    ),
    pytest.param(
        "本合同签订后，甲方对乙方服务质量按季度进行考核。每季度技术服务费金额为 32450 元（叁万贰仟肆佰伍拾元整）。\n",
        None, None, id="installment-only",
    ),
    # a total naming what it totals between 总 and 费用
    pytest.param("软件总开发费用为 100000 元(人民币拾万圆整)，费用包括：完整的软件交付成果。\n",
                 "100000", "拾万圆整", id="total-development-fee"),
    pytest.param("价款合计：人民币58,000.00元（大写：伍万捌仟元整）。\n", "58000", "伍万捌仟元整", id="price-sum"),
    pytest.param("律师代理费：8000元整。该费用在本合同签订之日一次性支付完毕。\n", "8000", None, id="agency-fee"),
    # an item table whose 合计 digits were left at 000, the words in the next row
    pytest.param(
        "序号\t名称\t数量\t单价(元)\t金额(元)\t备注\n1\t空调\t2\t3000\t6000\t\n合计\t\t\t\t000\t\n"
        "合计(人民币大写)\t陆仟元整\t\t\t\t\n",
        "6000", "陆仟元整", id="zero-total-cell-words-row",
    ),
    # a figure per period is no total …
    pytest.param("1、总费用为 1,200,000.00 元/年，大写：壹佰贰拾万元整。\n租赁期限为三年。\n", None, None, id="per-year"),
    pytest.param("服务费为人民币7000元/月（大写：柒仟元整）。\n", None, None, id="per-month"),
    pytest.param(
        "租金明细\n楼号\t面积\t年租赁金额\t总金额\n1幢\t100\t120,000\t120,000\n合计\t\t120,000\t120,000\n\n"
        "1、总费用为 120,000.00 元/年。租赁期限为三年。\n",
        None, None, id="per-year-and-its-table",
    ),
    # … unless the contract runs one year
    pytest.param("服务期限：2024年1月1日至2024年12月31日。\n年服务费为人民币120000元。\n", "120000", None,
                 id="yearly-fee-one-year-term"),
    pytest.param("总费用为 120,000.00 元/年，服务期限为一年。\n", "120000", None, id="per-year-one-year-term"),
    # a term not written: the yearly figure is no total, but does not hide the named one
    pytest.param("合同总金额为人民币120000元。\n年服务费为人民币120000元。\n", "120000", None,
                 id="named-total-beside-a-yearly-figure"),
    pytest.param("年服务费为人民币120000元。\n", None, None, id="yearly-figure-term-unknown"),
    pytest.param("月管理费合计：534,615.31元。\n", None, None, id="monthly-label"),
    pytest.param("12个月服务费合计：240000元。\n", "240000", None, id="twelve-months-is-a-total"),
    pytest.param("3年服务费为人民币360000元。\n", "360000", None, id="three-years-fee-is-no-yearly-figure"),
    # in a lease, a bare total counts only as rent
    pytest.param("房屋租赁合同\n\n十、装修补贴\n1、总金额：人民币30万元；\n", None, None, id="lease-other-fee-total"),
    pytest.param("房屋租赁合同\n\n三、租金\n租金总额为人民币360000元（大写：叁拾陆万元整）。\n", "360000", "叁拾陆万元整",
                 id="lease-rent-total"),
    pytest.param("房屋租赁合同\n\n本合同总金额为人民币360000元。\n", "360000", None, id="lease-contract-total"),
]


@pytest.mark.parametrize(("fragment", "amount", "words"), TOTAL_CASES)
def test_total_amount(fragment, amount, words):
    contract = contract_of(fragment)
    assert contract.total_amount == (Decimal(amount) if amount else None)
    assert contract.total_amount_words == words


# -- tax rate ------------------------------------------------------------------

TAX_CASES = [
    pytest.param("合同总金额为人民币（¥129800 元）（大写金额）壹拾贰万玖仟捌佰元整。（含税 1%）\n", "0.01", id="han-shui"),
    pytest.param("乙方向甲方开具税率为 6%\n\n的电子发票。\n", "0.06", id="invoice-rate-broken-line"),
    pytest.param("合同总价¥530,000.00元（含税，税率6%），其中不含税价¥500,000.00元。\n", "0.06", id="rate"),
    pytest.param("5.1.1 本合同总价为人民币1960000.00元（大写：壹佰玖拾陆万元整），含6%增值税。\n", "0.06", id="rate-before-vat"),
    pytest.param("一、本合同总价为人民币叁拾贰万捌仟元整（¥328,000.00），含增值税（税率6%）。\n", "0.06", id="bracketed"),
    pytest.param("乙方提供增值税普通发票。\n", None, id="invoice-without-rate"),
    pytest.param("4.1 合同总金额为人民币肆拾捌万陆仟叁佰伍拾元伍角（¥486,350.50），该价格为含税价。\n", None, id="tax-included-no-rate"),
    pytest.param("税金13%\t\t31605876.2\n", "0.13", id="tax-amount-label"),
    pytest.param("合计(人民币大写)\t人民币陆万元整(含13%专票)。\n", "0.13", id="special-invoice-short"),
    pytest.param("卖方应向买方出具合法合规的13%增值税专用发票。\n", "0.13", id="rate-before-special-invoice"),
    pytest.param("乙方开具增值税专用发票，税率13%。\n", "0.13", id="special-invoice-then-rate"),
    pytest.param("乙方应按合同总额的13%支付违约金。\n", None, id="penalty-percent"),
]


@pytest.mark.parametrize(("fragment", "expected"), TAX_CASES)
def test_tax_rate(fragment, expected):
    assert contract_of(fragment).tax_rate == (Decimal(expected) if expected else None)


# -- service period ------------------------------------------------------------

D = dt.date
PERIOD_CASES = [
    pytest.param("二、服务期限\n\n服务期限：2025 年 3 月 12 日至 2026 年 3 月 11 日。\n", D(2025, 3, 12), D(2026, 3, 11), id="label-spaced"),
    pytest.param("3.1 服务期限为12个月，自2025年1月1日起至2025年12月31日止。\n", D(2025, 1, 1), D(2025, 12, 31), id="from-until"),
    pytest.param(
        "第四条 朝阳区政务服务网上运营服务项目合同服务时限：\n\n2022年9月25日至2023年9月24日，服务时间为12个月。\n",
        D(2022, 9, 25), D(2023, 9, 24), id="label-on-previous-line",
    ),
    pytest.param(
        "2.2   乙方为甲方在 2022年 7月 1日至 2023年 6月 30日具体提供以下售后服务:\n",
        D(2022, 7, 1), D(2023, 6, 30), id="service-words-after",
    ),
    pytest.param(
        "此次2023年7月1日至2024年6月30日网站技术维护费用为60000元（陆万整）。\n",
        D(2023, 7, 1), D(2024, 6, 30), id="maintenance-fee-period",
    ),
    pytest.param(
        "本合同维护期 1 年，截止至 2025 年 12 月 31 日。在维护期到期前一个月，双方协商续约事宜。\n",
        None, D(2025, 12, 31), id="end-only",
    ),
    pytest.param(
        "鉴于甲乙双方于2023年签订了框架合同（框架期限自2023年1月1日至2024年12月31日），现续签如下。\n\n"
        "一、本续签合同服务期一年，自2025年1月1日起至2025年12月31日止。\n",
        D(2025, 1, 1), D(2025, 12, 31), id="service-period-over-other-range",
    ),
    pytest.param("服务期限自2024年1月1日至2024年12月31日，服务期一年。\n", D(2024, 1, 1), D(2024, 12, 31), id="from-without-until"),
    pytest.param("网站技术维护期限自合同签订之日起，为期3年，期间每年一签。\n", None, None, id="no-dates"),
]


@pytest.mark.parametrize(("fragment", "start", "end"), PERIOD_CASES)
def test_service_period(fragment, start, end):
    contract = contract_of(fragment)
    assert (contract.service_start, contract.service_end) == (start, end)


# -- coverage ------------------------------------------------------------------

COVERAGE_CASES = [
    pytest.param("四、7*24小时响应反馈服务\n\n乙方提供政府门户网站全年7*24小时响应反馈服务。\n", ["7x24"], id="star"),
    pytest.param("5.1 乙方提供7×24小时运营保障服务，设立专门的服务热线和值班人员。\n", ["7x24"], id="times"),
    pytest.param("提供现场 1 名驻场人员, 5*8 小时进行现场技术服务, 为期一年。\n", ["5x8"], id="five-by-eight"),
    pytest.param(
        "1. 乙方安排不少于2名持证运维工程师驻场，工作日实行5×8小时现场值守；\n"
        "2. 非工作时间及法定节假日提供7×24小时电话值班及远程监控。\n",
        ["5x8", "7x24"], id="two-windows-in-order",
    ),
    pytest.param("1. 安全监测：乙方对政务服务网提供 $7 \\times 24$ 小时安全监测。\n", ["7x24"], id="latex"),
    pytest.param("乙方提供7天24小时技术支持服务。\n", ["7x24"], id="days-hours"),
    pytest.param("提供 7x24 小时电话支持。\n", ["7x24"], id="letter-x"),
    pytest.param("按照工作要求，做好7天一更新工作。\n", [], id="seven-days-not-a-window"),
]


@pytest.mark.parametrize(("fragment", "expected"), COVERAGE_CASES)
def test_coverage(fragment, expected):
    assert contract_of(fragment).coverage == expected


# -- disputes ------------------------------------------------------------------

DISPUTE_CASES = [
    pytest.param(
        "二、争议解决\n\n有因本协议引起的或与本协议有关的任何争议将通过双方友好协商解决。如果双方不能通过友好协商解决争议，"
        "则将该争议提交乌鲁木齐区人民法院裁决。\n\n法院审理进行过程中，双方将继续执行本协议未涉诉讼的其它部分。\n\n"
        "第十条 其他\n\n本协议按中华人民共和国法律解释，受中华人民共和国法院管辖。\n",
        "court", "乌鲁木齐区人民法院", id="named-court-over-generic",
    ),
    pytest.param(
        "第八章 争议的解决\n\n8.1   因执行本合同所发生的一切争议，双方应首先通过协商方式解决。如经协商无法达成协议，"
        "则应提交乌鲁木齐仲裁委员会仲裁。\n",
        "arbitration", "乌鲁木齐仲裁委员会", id="commission",
    ),
    pytest.param(
        "## 八、争议解决\n\n在履行本合同过程中发生争议的，甲、乙双方应友好协商解决。如协商不成的，"
        "则向甲方所在地有管辖权的人民法院提起诉讼。\n",
        "court", "甲方所在地有管辖权的人民法院", id="court-by-place",
    ),
    pytest.param(
        "第二十条 双方因履行本合同而发生的争议，应协商、调解解决。协商、调解不成的，确定按以下第2种方式处理：\n\n"
        "1. 提交北京仲裁委员会仲裁；\n\n2. 依法向甲方所在地人民法院起诉。\n",
        "court", "甲方所在地人民法院", id="chosen-second-option",
    ),
    pytest.param(
        "本合同在履行过程中发生的争议，由双方协商解决；协商不成的，按以下第1种方式处理："
        "1. 提交西安仲裁委员会仲裁；2. 向甲方所在地人民法院起诉。\n",
        "arbitration", "西安仲裁委员会", id="chosen-first-option-inline",
    ),
    pytest.param(
        "11.1 因本合同引起的或与本合同有关的任何争议，双方应协商解决；协商不成的，"
        "任何一方均可向上海市浦东新区人民法院提起诉讼。\n",
        "court", "上海市浦东新区人民法院", id="either-party-may-sue",
    ),
    pytest.param(
        "因本合同发生的争议，由双方协商解决；协商不成的，依法向青岛市李沧区人民法院提起诉讼。\n",
        "court", "青岛市李沧区人民法院", id="by-law-to-court",
    ),
    pytest.param(
        "十一、争议解决方式：□ 提交上海仲裁委员会仲裁 ☑ 向甲方所在地人民法院起诉\n",
        "court", "甲方所在地人民法院", id="ticked-option",
    ),
    pytest.param(
        "十、争议解决\n\n因本合同引起的纠纷，由合同签订地人民法院管辖。\n",
        "court", "合同签订地人民法院", id="court-has-jurisdiction",
    ),
    pytest.param(
        "第八条 以上条款如有未尽事宜，经甲乙双方协商加以补充。\n",
        None, None, id="none",
    ),
]


@pytest.mark.parametrize(("fragment", "forum", "venue"), DISPUTE_CASES)
def test_dispute(fragment, forum, venue):
    contract = contract_of(fragment)
    assert (contract.dispute_forum, contract.dispute_venue) == (forum, venue)


# -- evidence ------------------------------------------------------------------

CONTRACT = (
    "合同编号：SHPD-YW-2025-031\n\n浦东新区“一网通办”平台运营服务合同\n\n"
    "项目名称：浦东新区“一网通办”平台2025年度运营服务项目\n\n签订日期：2024年12月20日\n\n"
    "第三章 服务期限\n\n3.1 服务期限为12个月，自2025年1月1日起至2025年12月31日止。\n\n"
    "第四章 合同价款及支付方式\n\n4.1 本合同总价为人民币叁拾万元整（¥300,000.00），含增值税（税率6%）。\n\n"
    "第五章 服务质量要求\n\n5.1 乙方提供7×24小时运营保障服务。\n\n"
    "第十一章 争议解决\n\n11.1 协商不成的，任何一方均可向上海市浦东新区人民法院提起诉讼。\n"
)
EVIDENCE_CASES = [
    ("title", "浦东新区“一网通办”平台运营服务合同"),
    ("project_name", "浦东新区“一网通办”平台2025年度运营服务项目"),
    ("contract_no", "SHPD-YW-2025-031"),
    ("signed_on", "2024年12月20日"),
    ("total_amount", "¥300,000.00"),
    ("total_amount_words", "叁拾万元整"),
    ("tax_rate", "6%"),
    ("service_start", "2025年1月1日"),
    ("service_end", "2025年12月31日"),
    ("coverage", "7×24"),
    ("dispute_forum", "人民法院"),
    ("dispute_venue", "上海市浦东新区人民法院"),
]


@pytest.mark.parametrize(("field", "raw_value"), EVIDENCE_CASES)
def test_evidence_points_at_value(field, raw_value):
    doc = doc_of(CONTRACT)
    evidence = extract(doc).evidence[field]
    assert raw_value in doc.raw_text[evidence.start : evidence.end]
    assert evidence.rule.startswith("contract.")


def test_evidence_of_multiline_title_spans_raw_lines():
    fragment = "合同登记编号：\n\n乌鲁木齐市人民政府门户网站\n\n2022 年运维服务合同\n\n项目名称：乌鲁木齐市人民政府门户网站运维项目\n"
    doc = doc_of(fragment)
    evidence = extract(doc).evidence["title"]
    assert doc.raw_text[evidence.start : evidence.end] == "乌鲁木齐市人民政府门户网站\n\n2022 年运维服务合同"


def test_evidence_of_the_specific_title_under_a_generic_heading():
    fragment = "\n\n**政府采购合同**\n\n**银川市西夏区政务数据中心机房基础设施维保服务合同**\n\n合同编号：\n"
    doc = doc_of(fragment)
    evidence = extract(doc).evidence["title"]
    assert doc.raw_text[evidence.start : evidence.end] == "银川市西夏区政务数据中心机房基础设施维保服务合同"


@pytest.mark.parametrize(("title", "generic"), [
    ("政府采购合同", True), ("合 同 书", True), ("服务合同", True), ("采购合同", True), ("合同", True),
    ("协议书", True), ("政府购买服务合同", True), ("技术服务合同（正本）", True), ("**合同书**", True),
    ("银川市西夏区政务数据中心机房基础设施维保服务合同", False), ("软件开发合同", False),
    ("昆明市交通运输局政府购买服务合同", False),
])
def test_generic_titles(title, generic):
    assert is_generic(unicodedata.normalize("NFKC", title)) is generic


def test_missing_values_have_no_evidence():
    contract = contract_of("第八条 以上条款如有未尽事宜，经甲乙双方协商加以补充。\n")
    assert contract.evidence == {}
    assert contract.coverage == []


def test_empty_document():
    assert contract_of("") == Contract()
