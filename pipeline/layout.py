"""Line structure restored where a contract's line breaks were lost.

PDF-to-text services, web forms and OCR APIs often deliver a contract as one
long line (or with every break turned into a space). The structure is still
in the text: clause numbers after sentence punctuation, party role headings
and field labels followed by a colon. On a line too long to be one paragraph
of a contract, a break is inserted before each of those, so the line-based
stages (party blocks, labels, clause tree, tables) see the shape a reader
sees. An inserted break maps to the raw offset of the character after it, so
every offset stays exact; a space that stood where the break was is turned
into the break (same length).

Ordinary documents are untouched: only lines over `LONG_LINE` characters are
cut, and only at a marker that follows a boundary (sentence punctuation, a
space, a closing bracket, or the end of a value before a label).
"""

from __future__ import annotations

import re

from pipeline.mapped_text import MappedText
from pipeline.script import simplify

# A contract paragraph is rarely longer; a flattened contract's line is thousands.
LONG_LINE = 240

_CN_NUM = "一二三四五六七八九十百零〇"
_ROLE = (r"(?:甲|乙|丙|丁)方|出租方|承租方|出租人|承租人|出卖人|买受人|买方|卖方|采购方|采购人|供货方|供方|需方"
         r"|发包人|承包人|发包方|承包方|委托方|受托方|委托人|受托人|投资方|融资方|供应商|服务方|购买方|承接方"
         r"|采购单位|委托单位|服务单位|成交供应商|中标供应商|中标人")
_ROLE_SPACED = "|".join(" ?".join(part) if "(" not in part else part for part in _ROLE.split("|"))
# Field labels that open a new line in a party block or a signature block
# (longest first, so 签订日期 is one label, not 日期 after 签订).
_FIELDS = sorted("""
法定代表人或委托代理人 法定代表人/委托代理人 法定代表人(负责人) 单位名称 名称 统一社会信用代码 纳税人识别号 社会信用代码 法定代表人 委托代理人 授权代表 负责人 联系人 联系电话 联系方式 电话 手机 传真
电子邮箱 电子邮件 邮箱 邮政编码 邮编 通讯地址 联系地址 注册地址 住所地 住所 地址 开户银行 开户行 开户名称 户名 银行账号 账号 帐号
签订日期 签约日期 签订时间 签订地点 签约地点 日期 项目名称 项目编号 合同编号 协议编号 采购编号
""".split(), key=len, reverse=True)



def _spaced(label: str) -> str:
    """A label as forms space it out (地 址, 开 户 行)."""
    return " ?".join(re.escape(ch) for ch in label)


# Where a new line can start: after sentence punctuation or a space, a
# clause number; anywhere, a role heading or a field label with its colon.
_BOUNDARY_BEFORE = r"(?<=[。；;！!？?：:\s)）】”」])"
_MARKER = re.compile(
    "|".join((
        _BOUNDARY_BEFORE + rf"\s?第[{_CN_NUM}\d]{{1,4}}[条章节](?![款项])",
        # a clause heading glued to the text before it, but not a cross-reference (按本合同第三条约定)
        rf"(?<![合同议按依见照据反于在即和及与、第至])第[{_CN_NUM}\d]{{1,4}}[条章](?![款项约规的所中之及和或、,，。.;；:：\d{_CN_NUM}])",
        _BOUNDARY_BEFORE + rf"\s?[{_CN_NUM}]{{1,3}}、",
        # 五、 glued to the text before it (not 第三、四季度, not 一、二级)
        rf"(?<![第{_CN_NUM}、])[一二三四五六七八九十]{{1,3}}、(?![{_CN_NUM}\d])",
        # a multi-level clause number glued to the value before it (…管理局1.1.2 地址)
        r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{1,2}(?![\d.%])",
        r"(?<=[\u4e00-\u9fff])\d{1,2}\.\d{1,2}(?=\s)",
        _BOUNDARY_BEFORE + rf"\s?[(（][{_CN_NUM}]{{1,3}}[)）]",
        r"(?<=[。；;])\s?\d{1,2}(?:\.\d{1,2}){0,2}[、.．](?![\d.])",
        rf"\s?(?:{_ROLE_SPACED})(?:[(（][^()（）\n]{{1,12}}[)）])?(?=\s?[:：])",
        r"\s?(?:" + "|".join(_spaced(f) for f in _FIELDS) + r")(?=\s?[:：])",
    ))
)


# A clause number alone: a label right after it stays on its line (1.1.2 地址：…).
_NUMBER_ONLY = re.compile(rf"\s*(?:\d{{1,2}}(?:\.\d{{1,2}}){{0,3}}[.、]?|[{_CN_NUM}]{{1,3}}、|[(（][{_CN_NUM}\d]{{1,3}}[)）]|第[{_CN_NUM}\d]{{1,4}}[条章节])\s*")


def restore_breaks(mt: MappedText) -> MappedText:
    """Insert line breaks at structure markers inside over-long lines."""
    text = mt.text
    edits: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if len(line) > LONG_LINE:
            last = -1
            probe = simplify(line)  # same length: 第二條 and 聯繫電話 are markers too
            for m in _MARKER.finditer(probe):
                at = pos + m.start()
                if m.start() == 0 or at <= last:
                    continue
                if line[m.start() - 1] == "\n":
                    continue
                if edits and edits[-1][0] >= pos and _NUMBER_ONLY.fullmatch(simplify(text[edits[-1][1]:at])):
                    continue
                # a space the break stands for is replaced (same length); else a break is inserted
                end = at + 1 if m.group(0)[:1].isspace() else at
                edits.append((at, end, "\n"))
                last = end
        pos += len(line) + 1
    return mt.edit(edits)
