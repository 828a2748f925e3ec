"""Planted personal values (pipeline/store/redact.py): phones, e-mails, bank accounts
and ID numbers written the ways people disguise or break them, each planted in
a contract sentence; none may leak. And look-alikes that are not personal
(amounts, dates, contract and clause numbers, organisation codes …), which
must come out unchanged.

A plant leaks when a digit of its value (or the X of an ID) survives
redaction, or for an e-mail or a WeChat ID, any letter or digit of its local
part or handle. Redaction keeps the length of the text, so the value is read
back at the offset it was planted at."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from hetong.pipeline.store.redact import redact


def plant(sentence: str, secret: str) -> tuple[str, str]:
    assert sentence.count(secret) == 1, (sentence, secret)
    return sentence, secret


# kind -> (sentence, the secret planted in it: the value, or an e-mail's local part)
PLANTS: dict[str, list[tuple[str, str]]] = {
    "phone": [
        plant("乙方联系人：王伟，手机：１３８１２３４５６７８。", "１３８１２３４５６７８"),  # full-width digits
        plant("甲方指定联系人李娜，联系电话 139 2345 6789，负责日常对接。", "139 2345 6789"),
        plant("如遇紧急情况请拨打项目经理手机 1381 234 5678。", "1381 234 5678"),  # 4-3-4
        plant("项目负责人：赵强　手机号：138.1234.5678", "138.1234.5678"),  # dots
        plant("乙方驻场工程师电话：137　1234　5678（工作日 9:00-18:00）", "137　1234　5678"),  # U+3000
        plant("联系人：孙丽，电话：186\n1234\n5678，邮寄地址以本合同首页为准。", "186\n1234\n5678"),
        plant("紧急联系人手机：133\r\n2345\r\n6789", "133\r\n2345\r\n6789"),  # CRLF
        plant("乙方客服经理电话 150 1234\n5678，7×24 小时值守。", "150 1234\n5678"),
        plant("乙方联系方式：135-1234-5678，变更联系方式应提前五日书面通知甲方。", "135-1234-5678"),
        plant("甲方可拨打客户经理手机 158—2345—6789 查询进度。", "158—2345—6789"),  # em dashes
        plant("售后联系人周杰（手机 159/8765/4321）负责质保期内的上门服务。", "159/8765/4321"),  # slashes
        plant("紧急情况下可致电客服或项目经理 138·1234·5678。", "138·1234·5678"),  # middle dots
        plant("签约代表手机号码为 1 3 8 1 2 3 4 5 6 7 8，请核对。", "1 3 8 1 2 3 4 5 6 7 8"),
        plant("验收联系人：刘洋 +86 138 1234 5678", "+86 138 1234 5678"),
        plant("联系人：陈明 Mobile: +86-139-2345-6789", "+86-139-2345-6789"),
        plant("请联系甲方经办人（tel：13812345678）。", "13812345678"),
        plant("乙方负责人手机：138-1234-5678；备用：139 8765 4321。", "139 8765 4321"),  # a second number
        plant("甲方联系电话：0991-4689363（办公室）", "0991-4689363"),
        plant("乙方办公电话（０５１２）５８１８ ８０００，传真同号。", "（０５１２）５８１８ ８０００"),
        plant("甲方座机：(010) 8468-1632，工作日接听。", "(010) 8468-1632"),
        plant("电话：010－8468 1632 转 801", "010－8468 1632"),
        plant("联系人及电话：张三 84681632", "84681632"),  # a landline after a name
        plant("乙方技术支持QQ：37392278，响应时间不超过30分钟。", "37392278"),
        plant("日常沟通可通过QQ号 913061668 进行。", "913061668"),
        plant("双方约定通过微信沟通，甲方联系人微信号：zhangwei_1988。", "zhangwei_1988"),
        plant("WeChat: liu-yang2020 (account manager)", "liu-yang2020"),
        plant("乙方项目经理wx：13912345678，工作群由乙方建立。", "13912345678"),
        plant("乙方项目经理vx13912345679，工作群由乙方建立。", "13912345679"),
        plant("微信：18612345678（同手机号）", "18612345678"),
        plant("WeChat 18612345677 (Mr. Chen)", "18612345677"),
        plant("乙方驻场人员手机：138  1234  5670，如有变更另行通知。", "138  1234  5670"),  # OCR double spaces
        plant("联系人：陈明 手机 +86 (138) 1234-5671", "+86 (138) 1234-5671"),
        plant("客服专线 138\u00a01234\u00a05672，周一至周五值班。", "138\u00a01234\u00a05672"),  # no-break spaces
        plant("请致电 138\u20091234\u20095673 联系项目组。", "138\u20091234\u20095673"),  # thin spaces
        plant("联系电话 138 1234 5674 周一至周五 9:00-17:00", "138 1234 5674"),
    ],
    "email": [
        plant("乙方指定邮箱：张三@例子.中国，所有通知以该邮箱收到为准。", "张三"),
        plant("验收报告请发送至王五@示例.公司，抄送甲方。", "王五"),
        plant("联系人：刘洋（liuyang＠例子.中国）", "liuyang"),
        plant("文件请发至 hr-dept.2025@例子.公司 。", "hr-dept.2025"),
        plant("电子邮件：zhangsan[at]example[dot]com", "zhangsan"),
        plant("甲方联系邮箱为 lina(at)bjgov.cn，请勿回复系统邮件。", "lina"),
        plant("电子邮箱：zhao_qiang(at)163(dot)com", "zhao_qiang"),
        plant("项目经理邮箱 zhouj【at】example.com.cn", "zhouj"),
        plant("发票寄送邮箱：caiwu.zhang{at}company.cn", "caiwu.zhang"),
        plant("邮箱：wang.fang [at] sina [dot] com [dot] cn", "wang.fang"),
        plant("Notices shall be sent to chen.ming at hetong-demo [dot] com.", "chen.ming"),
        plant("E-mail: li_lei at example dot org", "li_lei"),
        plant("Contact: sun.li AT example.com.cn", "sun.li"),
        plant("乙方邮箱：ｌｉｕｙａｎｇ＠１６３．ｃｏｍ", "ｌｉｕｙａｎｇ"),  # full-width
        plant("联系邮箱：sunli＠qq.com", "sunli"),
        plant("邮箱：yangqiong@wanxin.cn，电话另行通知。", "yangqiong"),
        plant("乙方联系人邮箱 chensy@ctwl\n.com.cn", "chensy"),  # cut at a line end
        plant("邮箱 zhang\u200bsan@example.com", "zhang\u200bsan"),  # a zero-width space inside
        plant("如有疑问请发送邮件至 zhangsan @ 163.com 咨询。", "zhangsan"),  # spaces around @
        plant("联系邮箱：li.si ＠ 例子.中国", "li.si"),
    ],
    "account": [
        plant("乙方收款账号：6222　0212　3456　7890　123，开户行：中国工商银行北京分行。", "6222　0212　3456　7890　123"),
        plant("账号：6222.0212.3456.7890，户名：北京某某科技有限公司。", "6222.0212.3456.7890"),
        plant("开户银行：招商银行立水桥支行 No.110934171210312", "110934171210312"),
        plant("银行卡号No6222021234567890123，户名：张三。", "6222021234567890123"),
        plant("账户：3220 1986 2360\n5918 3983，开户名称：李四。", "3220 1986 2360\n5918 3983"),  # split over lines
        plant("收款账号：1109 3417\n1210 312", "1109 3417\n1210 312"),
        plant("Account No. 6217 0000 1234 5678 901, Bank of China", "6217 0000 1234 5678 901"),
        plant("甲方账户：４２０１ ２３４５ ６７８９ ０１２３ ４５", "４２０１ ２３４５ ６７８９ ０１２３ ４５"),
        plant("请将款项汇入乙方个人账户 6228-4800-1234-5678-9（农业银行）。", "6228-4800-1234-5678-9"),
        plant("A/C: 6222 0212 3456 7891", "6222 0212 3456 7891"),
        plant("银行账号：\n6222021234567890124", "6222021234567890124"),
        plant("开户行及账号：建设银行 6227 0012 3456 7890 12", "6227 0012 3456 7890 12"),
        plant("户名：张三；账号 6222/0212/3456/7892", "6222/0212/3456/7892"),
        plant("本合同款项打入卡号 6222 0212 3456 7893 123（仅限本人）。", "6222 0212 3456 7893 123"),
        plant("账号：6222  0212  3456  7894，开户行：工商银行。", "6222  0212  3456  7894"),  # double spaces
    ],
    "id": [
        plant("乙方授权代表身份证号码：110105 19900101 1234", "110105 19900101 1234"),
        plant("身份证号码:11010519900101123X", "11010519900101123X"),
        plant("Representative: Passport/IDNo110105199001011236", "110105199001011236"),
        plant("法定代表人身份证：110105.19900101.1237，有效期至2030年。", "110105.19900101.1237"),
        plant("身份证号码：1101　0519　9001　0112　38", "1101　0519　9001　0112　38"),  # U+3000
        plant("委托代理人王某，身份证号 110105199001\n011239，住址：北京市朝阳区。", "110105199001\n011239"),
        plant("证件号码：１１０１０５１９９００１０１１２３Ｘ", "１１０１０５１９９００１０１１２３Ｘ"),
        plant("ID No.: 440301198507153217", "440301198507153217"),
        plant("公民身份号码 320102-1988-0312-4567", "320102-1988-0312-4567"),
        plant("No. 310104197702283456（身份证）", "310104197702283456"),
        plant("身份证号码：3101 0419 7702 2834 57，联系电话同上。", "3101 0419 7702 2834 57"),
        plant("乙方（自然人）：张三，身份证 510107198803124567。", "510107198803124567"),
        plant("护照号：E12345678，国籍：中国。", "E12345678"),
        plant("身份证号码：110105-19900101-123X", "110105-19900101-123X"),
        plant("身份证号码：110105  19900101  1230（复印件附后）", "110105  19900101  1230"),  # double spaces
    ],
}

# texts that are not personal and must come out unchanged
LOOK_ALIKES: dict[str, list[str]] = {
    "amounts": [
        "合同总额为人民币壹佰贰拾万贰仟元整（¥1,202,000.00）。",
        "合同总价 1202000.00 元，含税。",
        "共计138123456.00元",
        "预算金额：1,168,000.00 元；最高限价 1 202 000.00 元",
        "付款区间为 1000000-2000000 元",
        "金额（元）\n1202000\n601000\n601000",
        "单价 153500.00 100 15350000.00",
        "数量 2 台，单价 35000 元",
        "400 元/人天",
    ],
    "dates and times": [
        "服务期限自2025.03.12起至2026.03.11止",
        "服务期 2025.03.12-2026.03.11",
        "签订日期：2025-03-12",
        "日期：12/03/2025",
        "开标时间：2025-03-12 09:30",
        "服务时间 8:30-17:30",
        "2025年3月12日 9:30",
        "工期 2024-2025-2026年度",
        "签订日期：20220923",
        "合计 1202000 2025-03-12 验收",
    ],
    "contract and project numbers": [
        "合同编号：HT-2025-0312-000123",
        "合同编号：20250312000123",
        "项目编号：110000202503120012",  # the shape of an ID number, but a project's
        "采购编号 CG-2025-0312-001",
        "项目编号 ZB2025031200012345",
        "国办发(2017)47号",
    ],
    "clause and page numbers": [
        "按照第 12.3.4 条执行",
        "根据本合同第3.2条第(4)项",
        "序号\n1\n2\n3",
        "第 1 页 共 12 页",
        "5.1.2 乙方应按时交付。",
    ],
    "organisation codes": [
        "统一社会信用代码：91650200584793998F",
        "统一社会信用代码：911101087855146422",
        "统一社会信用代码：9111 0108 7855 1464 22",
        "纳税人识别号：91320114MA1XY3K57R",
    ],
    "rates, quantities and addresses": [
        "增值税税率 6%，逾期违约金按日 0.05% 计",
        "逾期每日按合同总额的 0.5‰ 支付违约金",
        "质保期 36 个月，响应 2 小时，报价有效期 90 天",
        "电话值守 7×24 小时",
        "邮编：834000",
        "邮政编码 100020",
        "北京市朝阳区霄云路 1 号",
    ],
    "computers": [
        "服务器 IP 192.168.100.200，子网 10.0.0.1/24",
        "软件版本 V2.3.10",
        "visit us at www.example.com",
    ],
}

# a personal value beside a look-alike: (text, text after redaction)
BESIDE = [
    ("电话：13812345678\n2025年3月12日", "电话：***********\n2025年3月12日"),
    ("电话：13812345678\n2. 付款方式", "电话：***********\n2. 付款方式"),
    ("联系电话：138 1234 5678，合同总额 1,202,000.00 元", "联系电话：*** **** ****，合同总额 1,202,000.00 元"),
    ("手机 138 1234 5678 12个月内有效", "手机 *** **** **** 12个月内有效"),
    ("电话：84681632、84681633，共 2 部", "电话：********、********，共 2 部"),
    ("手机：13812345678 2 人", "手机：*********** 2 人"),
    ("电话：84681632, 12000元", "电话：********, 12000元"),
    ("电话：84681632 2025年", "电话：******** 2025年"),
    ("合同编号：HT-2025-0312-000123 联系电话：0991-4689363", "合同编号：HT-2025-0312-000123 联系电话：****-*******"),
]


def leaked(sentence: str, secret: str, redacted: str) -> str:
    """What survives of `secret` (planted in `sentence`) in `redacted`: its
    digits (and an ID's X), or, for a local part or handle, any letter or digit."""
    start = sentence.index(secret)
    out = redacted[start : start + len(secret)]
    numeric = re.fullmatch(r"[\W\d_XxＸｘ]*", secret) is not None  # a number, maybe with an ID's X
    personal = re.compile(r"[\dXxＸｘ]" if numeric else r"[^\W_]")
    return "".join(c for c in out if personal.match(c))


def cases(table: dict[str, list]) -> list:
    return [pytest.param(*(row if isinstance(row, tuple) else (row,)), id=f"{kind}-{i}") for kind, rows in table.items() for i, row in enumerate(rows)]


def test_at_least_sixty_forms_are_planted() -> None:
    counts = Counter({kind: len(rows) for kind, rows in PLANTS.items()})
    assert sum(counts.values()) >= 60
    assert all(n >= 12 for n in counts.values()), counts


@pytest.mark.parametrize(("sentence", "secret"), cases(PLANTS))
def test_no_planted_value_leaks(sentence: str, secret: str) -> None:
    redacted = redact(sentence)
    assert len(redacted) == len(sentence)
    assert leaked(sentence, secret, redacted) == ""


@pytest.mark.parametrize("text", cases(LOOK_ALIKES))
def test_look_alikes_are_not_masked(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(("text", "expected"), BESIDE)
def test_only_the_personal_value_is_masked_beside_a_look_alike(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("sentence", "secret", "survives"),
    [
        ("手机：13812345678", "13812345678", "13812345678"),
        ("邮箱：zhangsan@x.cn", "zhangsan", "zhangsan"),
        ("身份证 11010519900101123X", "11010519900101123X", "11010519900101123X"),
        ("微信号：zhangwei_1988", "zhangwei_1988", "zhangwei1988"),
    ],
)
def test_the_leak_check_sees_a_leak(sentence: str, secret: str, survives: str) -> None:
    assert leaked(sentence, secret, sentence) == survives
