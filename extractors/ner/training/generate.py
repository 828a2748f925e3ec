"""NER training data made by the project: contract fragments labelled by
construction.

Names come from the lists in `data/ner/lexicon/` (composed for this purpose):
people (single and compound surnames, 1–2 character given names, Uyghur,
Tibetan and Mongolian names), organisations (government bodies at province,
city and district level, companies, centres, institutes, banks, courts,
arbitration commissions) and addresses (province / city / district / road /
number / building / room). Templates put them into the kinds of text a
contract has: party declaration blocks with varied labels, signature blocks
with stamps, contact clauses in running text, bank blocks, addresses and
running text naming organisations, courts and commissions, plus fragments
with no entity at all (role words, titles and generic courts are not names).

Each fragment is built from pieces; a piece is NFKC-normalised (as
`hetong.pipeline.text.normalise` does to a contract) before its offsets are taken, so the
labels are exact character spans of the text the model sees at run time.
Labels: ORG, PER, LOC (an address or place written as a location).

Why one module: most of its length is the vocabulary of the generated
fragments (templates and lexicon-driven name makers), data rather than logic;
the logic is one generator.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from hetong.extractors.shared.resources import data_path

LEXICON_DIR = data_path("ner", "lexicon")

Span = tuple[int, int, str]
Piece = str | tuple[str, str]  # plain text, or (text, label)


@dataclass(frozen=True)
class Fragment:
    text: str
    entities: tuple[Span, ...]  # (start, end, label), sorted, non-overlapping
    template: str


def build(pieces: Iterable[Piece], template: str) -> Fragment:
    """Join pieces into a fragment; labelled pieces become entities."""
    text, ents = [], []
    pos = 0
    for piece in pieces:
        s, label = (piece, None) if isinstance(piece, str) else piece
        s = unicodedata.normalize("NFKC", s)
        if label is not None and s:
            ents.append((pos, pos + len(s), label))
        text.append(s)
        pos += len(s)
    return Fragment("".join(text), tuple(ents), template)


# -- lexicon ----------------------------------------------------------------------

@dataclass(frozen=True)
class Region:
    province: str
    province_short: str
    city: str
    city_short: str
    districts: tuple[str, ...]


@dataclass
class Lexicon:
    surnames: list[str]
    compound_surnames: list[str]
    given_chars: list[str]
    minority: dict[str, list[str]]
    regions: list[Region]
    trade_chars: list[str]
    industries: list[str]
    legal_forms: list[str]
    departments: dict[str, list[str]]
    institutes: dict[str, list[str]]
    banks: list[str]
    roads: list[str]
    buildings: list[str]

    @classmethod
    def load(cls, folder: Path = LEXICON_DIR) -> Lexicon:
        folder = Path(folder)
        surnames = _sections(folder / "surnames.txt")
        return cls(
            surnames=surnames["single"],
            compound_surnames=surnames["compound"],
            given_chars=_items(folder / "given_chars.txt"),
            minority=_sections(folder / "minority_names.txt"),
            regions=_regions(folder / "regions.tsv"),
            trade_chars=_items(folder / "trade_chars.txt"),
            industries=_items(folder / "industries.txt"),
            legal_forms=_items(folder / "legal_forms.txt"),
            departments=_sections(folder / "departments.txt"),
            institutes=_sections(folder / "institutes.txt"),
            banks=_items(folder / "banks.txt"),
            roads=_items(folder / "roads.txt"),
            buildings=_items(folder / "buildings.txt"),
        )

    def files(self, folder: Path = LEXICON_DIR) -> list[Path]:
        return sorted(Path(folder).glob("*.t*"))


def _lines(path: Path) -> list[str]:
    return [
        line.strip()
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _items(path: Path) -> list[str]:
    return [item for line in _lines(path) for item in line.split()]


def _sections(path: Path) -> dict[str, list[str]]:
    """`[name]` lines start a section; items are space separated."""
    out: dict[str, list[str]] = {}
    current = ""
    for line in _lines(path):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
        else:
            out.setdefault(current, []).extend(line.split())
    return out


def _short(full: str) -> str:
    for suffix in ("省", "市", "地区", "盟"):
        if full.endswith(suffix) and len(full) > len(suffix) + 1:
            return full[: -len(suffix)]
    return full


def _regions(path: Path) -> list[Region]:
    out = []
    for line in _lines(path):
        province, city, districts = line.split("\t")
        p_full, _, p_short = province.partition("|")
        c_full, _, c_short = city.partition("|")
        out.append(Region(p_full, p_short or _short(p_full), c_full, c_short or _short(c_full),
                          tuple(districts.split())))
    return out


# -- names --------------------------------------------------------------------------

@dataclass
class Names:
    """Random names from the lexicon; never one of `exclude` (held-out texts)."""

    lex: Lexicon
    rng: random.Random
    exclude: frozenset[str] = field(default_factory=frozenset)

    def _fresh(self, make: Callable[[], str]) -> str:
        for _ in range(50):
            value = make()
            if value not in self.exclude:
                return value
        raise RuntimeError("cannot make a name outside the held-out set")

    def pick(self, items: list[str]) -> str:
        return self.rng.choice(items)

    def region(self) -> Region:
        return self.rng.choice(self.lex.regions)

    # people
    def person(self) -> str:
        return self._fresh(self._person)

    def _person(self) -> str:
        r = self.rng.random()
        if r < 0.12:
            parts = self.lex.minority["uyghur"]
            dot = self.rng.choice(["·", "·", "·", "•"])
            return self.pick(parts) + dot + self.pick(parts)
        if r < 0.17:
            parts = self.lex.minority[self.rng.choice(["tibetan", "mongolian"])]
            return self.pick(parts) + (self.pick(parts) if self.rng.random() < 0.6 else "")
        surname = (self.pick(self.lex.compound_surnames) if self.rng.random() < 0.08
                   else self.pick(self.lex.surnames))
        n = 1 if self.rng.random() < 0.35 else 2
        return surname + "".join(self.rng.choice(self.lex.given_chars) for _ in range(n))

    # organisations
    def trade(self) -> str:
        n = self.rng.choices([2, 3, 4], [70, 20, 10])[0]
        chars = self.rng.sample(self.lex.trade_chars, n)
        return "".join(chars)

    def company(self) -> str:
        return self._fresh(self._company)

    def _company(self) -> str:
        g = self.region()
        trade, industry, form = self.trade(), self.pick(self.lex.industries), self.pick(self.lex.legal_forms)
        kind = self.rng.choices(range(7), [30, 25, 15, 8, 7, 5, 10])[0]
        if kind == 0:
            return g.province_short + trade + industry + form
        if kind == 1:
            return g.city_short + trade + industry + form
        if kind == 2:
            return trade + industry + form
        if kind == 3:
            return trade + f"({g.city_short})" + industry + form
        if kind == 4:
            return g.province_short + trade + industry + form + self.pick([g.city_short, g.city]) + "分公司"
        if kind == 5:  # a short name, as signature blocks and OCR leave them
            return g.province_short + trade + industry
        return self.pick([g.province_short, g.city_short]) + trade + self.pick(
            ["数据服务中心", "信息技术服务中心", "科技集团", "技术开发中心"]) + self.pick(["有限公司", ""])

    def government(self) -> str:
        return self._fresh(self._government)

    def _government(self) -> str:
        g = self.region()
        level = self.rng.choices(["national", "province", "city", "district"], [6, 19, 42, 33])[0]
        dept = self.pick(self.lex.departments[level])
        if level == "national":
            return dept
        if level == "province":
            return g.province + dept
        if level == "city":
            prefix = g.province_short + g.city if self.rng.random() < 0.1 else g.city
            return prefix + dept
        district = self.pick(list(g.districts))
        if dept == "公安分局":
            return g.city + "公安局" + _short_district(district) + "分局"
        return (g.city + district if self.rng.random() < 0.6 else district) + dept

    def institute(self) -> str:
        return self._fresh(self._institute)

    def _institute(self) -> str:
        g = self.region()
        r = self.rng.random()
        if r < 0.45:
            return self.pick([g.province, g.city, g.province_short]) + self.pick(self.lex.institutes["topic"])
        if r < 0.6:
            return "中国" + self.pick(self.lex.institutes["topic"])
        if r < 0.8:
            return self.trade() + self.pick(self.lex.institutes["topic"]) + self.pick(["有限公司", ""])
        return self.pick([g.province_short, g.city_short, g.city]) + self.pick(self.lex.institutes["school"])

    def org(self) -> str:
        r = self.rng.random()
        if r < 0.45:
            return self.company()
        if r < 0.85:
            return self.government()
        return self.institute()

    def bank(self) -> str:
        return self._fresh(self._bank)

    def _bank(self) -> str:
        g = self.region()
        branch = self.rng.choice([
            _short_district(self.pick(list(g.districts))),
            self.pick(self.lex.roads) + self.pick(["路", "", "大道"]),
            self.trade(),
            self.pick(["高新", "营业部", "城南", "城北", "科技园", "开发区", "分行营业部"]),
        ])
        if branch.endswith("营业部"):
            return self.pick(["中国工商银行", "中国建设银行", "招商银行"]) + g.city_short + "分行" + branch
        return self.pick(self.lex.banks).format(city=g.city_short, branch=branch, province=g.province_short,
                                                trade=self.trade())

    def court(self) -> str:
        return self._fresh(self._court)

    def _court(self) -> str:
        g = self.region()
        r = self.rng.random()
        if r < 0.45:
            return self.pick([g.city, ""]) + self.pick(list(g.districts)) + "人民法院"
        if r < 0.75:
            return g.city + "中级人民法院"
        if r < 0.85:
            return g.province + "高级人民法院"
        return g.city_short + self.pick(["铁路运输法院", "互联网法院", "知识产权法院", "海事法院"])

    def arbitration(self) -> str:
        return self._fresh(self._arbitration)

    def _arbitration(self) -> str:
        g = self.region()
        r = self.rng.random()
        if r < 0.6:
            return g.city_short + "仲裁委员会"
        if r < 0.8:
            return g.city + "仲裁委员会"
        return self.pick(["中国国际经济贸易仲裁委员会", "上海国际仲裁中心", "深圳国际仲裁院",
                          "中国海事仲裁委员会", g.city_short + "国际仲裁院"])

    # places
    def address(self) -> str:
        return self._fresh(self._address)

    def _address(self) -> str:
        g = self.region()
        out = []
        r = self.rng.random()
        if r < 0.45:
            out.append(g.province)
        elif r < 0.55 and g.province_short != g.city_short:
            out.append(g.province_short)
        if g.city != g.province:
            out.append(g.city)
        elif not out:
            out.append(g.city)
        area = self.rng.random()
        if area < 0.1:
            out.append(self.pick(["高新区", "经济技术开发区", "高新技术产业开发区", "新区"]))
        else:
            out.append(self.pick(list(g.districts)))
            if area > 0.88:
                out.append(self.pick(self.lex.roads) + self.pick(["镇", "街道", "乡"]))
        out.append(self.road())
        out.append(self.number())
        if self.rng.random() < 0.5:
            out.append(self.pick(self.lex.buildings).format(
                trade=self.trade(), n=self.rng.randint(1, 12), x=self.rng.choice("ABCDE")))
        if self.rng.random() < 0.55:
            out.append(self.room())
        sep = " " if self.rng.random() < 0.08 else ""  # OCR spacing
        return sep.join(out)

    def road(self) -> str:
        stem = self.pick(self.lex.roads)
        kind = self.rng.choices(["路", "大道", "大街", "街"], [55, 25, 10, 10])[0]
        tail = self.rng.choices(["", "东", "西", "南", "北", "中", "东段", "西段", "中段", "一", "二", "三"],
                                [40, 6, 6, 6, 6, 4, 5, 5, 5, 5, 5, 3])[0]
        if tail in ("一", "二", "三"):
            return stem + tail + kind
        if tail.endswith("段"):
            return stem + kind + tail
        return stem + kind + tail if kind != "路" else stem + tail + kind

    def number(self) -> str:
        n = self.rng.choices([self.rng.randint(1, 30), self.rng.randint(31, 400), self.rng.randint(401, 3000)],
                             [30, 50, 20])[0]
        r = self.rng.random()
        if r < 0.05:
            return _cn_number(n if n < 100 else n % 99 + 1) + "号"
        if r < 0.1:
            return f"{n}-{self.rng.randint(1, 9)}号"
        if r < 0.14:
            return f"{n} 号"
        return f"{n}号"

    def room(self) -> str:
        floor = self.rng.randint(1, 28)
        return self.rng.choice([
            f"{floor}层", f"{floor}楼", f"{floor}{self.rng.randint(1, 20):02d}室",
            f"{floor}层{floor}{self.rng.randint(1, 20):02d}室", f"{self.rng.randint(1, 6)}单元{floor}{self.rng.randint(1, 4):02d}室",
            f"{self.rng.randint(1, 3)}层{self.rng.randint(1000, 1300)}室",
        ])

    def place(self) -> str:
        g = self.region()
        r = self.rng.random()
        if r < 0.4:
            return g.province + (g.city if g.city != g.province else "") + self.pick(list(g.districts))
        if r < 0.7:
            return g.city + self.pick(list(g.districts))
        return (g.province + g.city) if g.city != g.province else g.city

    # values that are not entities
    def phone(self) -> str:
        if self.rng.random() < 0.45:
            return "1" + self.rng.choice("3456789") + "".join(self.rng.choice("0123456789") for _ in range(9))
        area = self.rng.choice(["010", "020", "021", "025", "027", "028", "0571", "0750", "0816", "0451",
                                "0532", "0599", "0774", "0990", "0717", "0572", "0991"])
        return area + "-" + str(self.rng.randint(2000000, 89999999))

    def email(self) -> str:
        user = "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(self.rng.randint(3, 9)))
        if self.rng.random() < 0.3:
            user = str(self.rng.randint(10000, 999999999))
            return user + "@" + self.rng.choice(["qq.com", "163.com", "126.com"])
        host = "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(self.rng.randint(4, 10)))
        return user + "@" + host + self.rng.choice([".com", ".cn", ".com.cn", ".gov.cn", ".net"])

    def digits(self, n: int) -> str:
        return str(self.rng.randint(1, 9)) + "".join(self.rng.choice("0123456789") for _ in range(n - 1))

    def tax_id(self) -> str:
        chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        return "91" + self.digits(6) + "".join(self.rng.choice(chars) for _ in range(10))

    def date(self) -> str:
        y, m, d = self.rng.randint(2018, 2026), self.rng.randint(1, 12), self.rng.randint(1, 28)
        cn = "".join("〇一二三四五六七八九"[int(c)] for c in str(y)) + f"年{_cn_number(m)}月{_cn_number(d)}日"
        return self.rng.choice([f"{y}年{m}月{d}日", f"{y} 年 {m} 月 {d} 日", f"{y}-{m:02d}-{d:02d}",
                                f"{y}年 月 日", "    年  月  日", f"{y}年{m}月{d}日", cn])

    def money(self) -> str:
        n = self.rng.randint(1, 500) * 1000
        return self.rng.choice([f"{n:,}.00元", f"人民币{n}元", f"¥{n:,}.00", f"{n / 10000:g}万元",
                                f"人民币{_capital(n)}(¥{n:,}.00)", _capital(n)])


def _short_district(district: str) -> str:
    for suffix in ("新区", "区", "县", "市", "旗"):
        if district.endswith(suffix) and len(district) > len(suffix) + 1:
            return district[: -len(suffix)]
    return district


_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def _capital(n: int) -> str:
    """Capital numerals of a whole yuan amount below 10^8 (壹拾贰万伍仟元整)."""
    def four(x: int) -> str:
        out, zero = "", False
        for value, unit in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
            d, x = divmod(x, value)
            if d:
                out += ("零" if zero and out else "") + _CAPITAL_DIGITS[d] + unit
                zero = False
            else:
                zero = True
        return out
    high, low = divmod(n, 10000)
    text = (four(high) + "万" if high else "") + (("零" if high and low < 1000 else "") + four(low) if low else "")
    return (text or "零") + "元整"


_CN_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_CN_DIGITS[tens] if tens > 1 else "") + "十" + (_CN_DIGITS[ones] if ones else "")


# -- templates ------------------------------------------------------------------------

# Contexts for running text. Generic contract language, none of it a name.
_OPENERS = ["", "", "", "第八条 ", "根据合同约定,", "在服务期内,", "经双方协商,", "如有需要,", "为保障系统稳定运行,",
            "3.2 ", "(二)", "本项目实施过程中,", "合同签订后,", "同时,", "此外,"]
_TAILS = ["。", "。", ",", ";", "", "的相关工作。", ",并承担相应责任。", ",双方另行协商。"]
# (left contexts, right contexts) that make sense together around an entity.
_ORG_CONTEXTS: list[tuple[list[str], list[str]]] = [
    (["", "由", "经", "并由", "本项目由", "最终由", "拟由"],  # the organisation acts
     ["负责日常运维管理", "批准", "审核", "统一管理", "组织验收", "提供技术支持", "开展安全检查", "出具检测报告",
      "下达任务", "牵头", "备案", "主持", "召开协调会", "提出书面意见", "印发", "组织实施", "进行审计", "出具意见",
      "决定", "认可", "调解", "审批同意", "签发", "将另行通知", "应当予以配合", "已完成立项", "负责监督",
      "承担本项目运维服务", "设有服务中心", "提供驻场服务", "开展等级保护测评", "负责数据治理工作",
      "统一采购", "拟对平台进行升级", "完成验收", "出具审计报告", "收到发票后付款"]),
    (["向", "与", "配合", "协助", "委托", "通知", "抄报", "邀请", "接受", "服从", "协调", "督促", "乙方须配合",
      "乙方应向", "乙方承诺接受", "书面报告", "报送", "报请"],  # something is done to it
     ["。", "提交报告", "的要求", "的有关规定", "的监督", "的安排", "指定的机房", "的授权", "的工作人员",
      "备案", "审批", "签订补充协议", "开展工作"]),
    (["系指", "即", "是", "为", "甲方为", "采购人为", "使用单位为", "双方确认", "监理单位为", "建设单位为"],
     ["。", ",", "(以下简称“采购人”)", "(以下简称“甲方”)", ";", "作为采购人"]),
    (["按照", "根据", "鉴于", "依据", "参照"],
     ["的要求", "的有关规定", "发布的标准", "的安排", "印发的文件", "的批复"]),
]
_ORG_JOINTS = ["与", "和", "、", "及", "会同", "委托", "协助", "配合"]
_PER_CONTEXTS: list[tuple[list[str], list[str]]] = [
    (["", "由", "并由", "现由", "交由", "项目负责人", "乙方项目经理", "联系人", "甲方代表", "乙方工程师"],
     ["负责", "具体负责", "主持", "记录", "签字", "审核", "出席", "统一调度", "办理", "接收", "签收",
      "负责协调", "全权代表乙方", "确认"]),
    (["委派", "指派", "指定", "授权", "安排", "同意", "确认", "委托", "推荐", "聘请", "任命", "更换为",
      "调整为", "通知", "请"],
     ["担任项目经理", "作为联系人", "为授权代表", "负责日常沟通", "。", "同志负责", "驻场", "参加验收"]),
    (["联系人为", "项目负责人为", "收件人:", "签收人:", "即", "是", "经办人:", "审批人:"],
     ["。", ",", "(", "同志", "先生", "女士", ",电话:", ";"]),
]
_LOC_CONTEXTS: list[tuple[list[str], list[str]]] = [
    (["在", "于", "位于", "设在", "乙方在", "均在"],
     ["设立服务站", "签订", "签署", "举行", "办公", "集中办公", "进行现场验收", "设有备件库", "提供服务"]),
    (["至", "到", "迁至", "变更为", "寄送至", "送达", "发往"], ["。", ",", "交付"]),
    (["以"], ["为合同履行地", "为交付地点", "为服务地点"]),
    (["地址为", "地点为", "驻场地点:", "机房位于"], ["。", ",", ";"]),
]
_UNITS = ["技术部", "财务部", "办公室", "信息科", "运维部", "综合科", "市场部", "项目管理部", "网络安全科",
          "数据管理科", "行政部", "客服中心"]
_TITLES = ["项目经理", "技术负责人", "高级工程师", "工程师", "驻场工程师", "财务", "组长", "副组长", "记录人"]
_LOC_LEFT = ["在", "于", "位于", "至", "到", "以", "设在", "迁至", "变更为", "寄送至", "送达", "地址为", "地点为",
             "发往", "在位于", "乙方在", "驻场地点:", "均在"]
_LOC_RIGHT = ["设立服务站", "为合同履行地", "签订", "签署", "举行", "办公", "的机房", "收", ",", "。", "交付",
              "集中办公", "进行现场验收", "设有备件库", "提供服务", "", ""]
_SUBJECTS = ["甲方", "乙方", "双方", "任何一方", "乙方人员", "本合同", "项目组", "我方", "我单位", "贵方", "本公司",
             "该单位", "采购人", "供应商", "服务商", "驻场人员", "项目联系人", "法定代表人", "授权代表",
             "买受人", "出卖人", "中标人", "投标人", "委托人", "受托人", "代理人", "被授权人", "第三方",
             "监理单位", "测评机构", "招标代理机构", "使用单位", "各方", "乙方项目组"]
_PREDICATES = ["应当按约定履行义务", "在此确认上述内容", "特此声明", "负责日常联络", "应遵守保密规定",
               "有权要求整改", "应提前书面通知对方", "不得擅自更换人员", "应在收到通知后及时响应",
               "须签署保密承诺书", "按季度提交运维报告", "对服务质量进行考核", "承担由此产生的费用",
               "可以另行签订补充协议", "应配合完成验收", "应保持通讯畅通", "不得转包或分包",
               "提交响应文件正本一份、副本四份", "承诺提供原厂技术支持", "应于每月5日前报送工作计划",
               "应于每年12月31日前完成年度评估", "在每季度结束后15日内提交考核结果", "出具第三方测试报告",
               "各执一份", "执三份", "应在三楼机房值守", "每月底前完成巡检", "对上一年度服务进行总结",
               "以本公司名义参加采购活动", "作为合法代理人签署文件", "确认人员名单"]
_NOISE_FIELDS: list[tuple[str, list[str]]] = [
    ("采购方式", ["公开招标", "竞争性磋商", "竞争性谈判", "单一来源采购", "询价", "框架协议采购"]),
    ("项目编号", ["ZFCG-2024-0518", "GK2023-117", "SCZC2024-031号", "A2024-0091"]),
    ("合同金额", []), ("中标金额", []), ("成交金额", []), ("预算金额", []),
    ("服务期限", ["12个月", "一年", "自合同签订之日起两年", "3年"]),
    ("付款方式", ["按季度支付", "分三期支付", "验收合格后一次性支付", "按月结算"]),
    ("质保期", ["一年", "三年", "验收合格之日起24个月"]),
    ("服务内容", ["系统运维、安全巡检及应急响应", "网站内容保障", "数据备份与恢复"]),
    ("项目名称", ["政务云平台运维服务项目", "电子政务外网安全运维项目", "12345热线系统升级项目"]),
    ("合同名称", ["技术服务合同", "政府采购合同", "运维服务协议"]),
    ("验收标准", ["按招标文件要求", "国家相关标准"]),
    ("签订日期", ["2023年5月10日", "二〇二四年三月一日", "  年  月  日"]),
]


ROLE_LABELS: dict[str, list[str]] = {
    "甲方": ["甲方", "甲方", "采购人(甲方)", "采购人(以下简称甲方)", "甲方(采购人)", "委托方(甲方)",
             "发包人", "需方", "购买方", "采购单位(以下简称“甲方”)", "买方", "业主方", "建设单位",
             "委托方", "采购人", "用户单位", "甲方(委托方)"],
    "乙方": ["乙方", "乙方", "供应商(乙方)", "供应商(以下简称乙方)", "乙方(供应商)", "受托方(乙方)",
             "承包人", "供方", "提供方", "中标供应商(以下简称“乙方”)", "卖方", "服务方", "承建单位",
             "受托方", "服务商", "乙方(受托方)", "成交供应商"],
    "丙方": ["丙方", "丙方(监理单位)", "监理方(丙方)", "丙方(担保方)"],
}
_FIELD_LABELS: dict[str, list[str]] = {
    "rep": ["法定代表人", "法定代表人", "法定代表人(负责人)", "法人代表", "负责人", "单位负责人",
            "法定代表人/负责人", "授权代表"],
    "contact": ["联系人", "联系人", "项目联系人", "项目负责人", "经办人", "业务联系人", "项目经理"],
    "address": ["地址", "地址", "住所", "住所地", "注册地址", "办公地址", "通讯地址", "单位地址",
                "联系地址", "送达地址"],
    "phone": ["电话", "联系电话", "联系电话", "手机", "联系方式", "电话(传真)", "传真", "固定电话"],
    "email": ["电子邮箱", "邮箱", "E-mail", "Email", "电子邮件"],
    "postcode": ["邮政编码", "邮编"],
    "bank": ["开户银行", "开户行", "开户银行名称", "开户行名称"],
    "account": ["银行账号", "账号", "帐号", "银行帐号", "账户"],
    "tax": ["统一社会信用代码", "纳税人识别号", "税号"],
    "holder": ["户名", "开户名称", "账户名称", "单位名称"],
}


class Templates:
    def __init__(self, names: Names) -> None:
        self.n = names
        self.rng = names.rng

    def sep(self) -> str:
        return self.rng.choices([":", "：", ": ", "： ", " : ", "：　"], [25, 35, 15, 10, 5, 10])[0]

    def gap(self) -> str:
        """Between two fields on one line."""
        return self.rng.choice(["  ", "　　", "    ", ";", "；", "，", "          ", " "])

    def role(self) -> str:
        return self.rng.choices(["甲方", "乙方", "丙方"], [47, 47, 6])[0]

    def field(self, kind: str) -> list[Piece]:
        label = self.rng.choice(_FIELD_LABELS[kind]) + self.sep()
        n = self.n
        value: Piece = {
            "rep": lambda: (n.person(), "PER"),
            "contact": lambda: (n.person(), "PER"),
            "address": lambda: (n.address(), "LOC"),
            "phone": n.phone,
            "email": n.email,
            "postcode": lambda: n.digits(6),
            "bank": lambda: (n.bank(), "ORG"),
            "account": lambda: n.digits(self.rng.choice([12, 15, 16, 19, 20])),
            "tax": n.tax_id,
            "holder": lambda: (n.org(), "ORG"),
        }[kind]()
        return [label, value]

    def numbering(self, i: int) -> str:
        return self.rng.choice(["", "", "", f"{i}. ", f"1.{i} ", f"1.1.{i} ", f"({_cn_number(i)})", f"{_cn_number(i)}、"])

    # party declaration block
    def party_block(self) -> list[Piece]:
        role = self.role()
        org = self.n.org() if role != "乙方" or self.rng.random() < 0.3 else self.n.company()
        label = self.rng.choice(ROLE_LABELS[role])
        out: list[Piece] = [self.numbering(1), label, self.sep(), (org, "ORG")]
        if self.rng.random() < 0.15:
            out += ["(以下简称“", role, "”)"]
        kinds = ["address", "rep", "contact", "phone", "email", "postcode", "bank", "account", "tax"]
        chosen = [k for k in kinds if self.rng.random() < {"address": .85, "rep": .8, "contact": .7}.get(k, .45)]
        if self.rng.random() < 0.3:
            self.rng.shuffle(chosen)
        i = 2
        line_open = False
        for kind in chosen:
            if line_open and self.rng.random() < 0.3:
                out.append(self.gap())
            else:
                out += ["\n", self.numbering(i)]
            out += self.field(kind)
            line_open = True
            i += 1
        return out

    # signature block
    def signature_block(self) -> list[Piece]:
        roles = ["甲方", "乙方"] + (["丙方"] if self.rng.random() < 0.1 else [])
        out: list[Piece] = []
        style = self.rng.randrange(6)
        if style == 5:  # two columns, as OCR reads a side-by-side signature page
            a, b = self.n.org(), self.n.company()
            pad = " " * self.rng.randint(4, 20)
            out += ["甲方(盖章):", pad, "乙方(盖章):\n", (a, "ORG"), pad, (b, "ORG"), "\n"]
            out += ["法定代表人或授权代表(签字):", pad, "法定代表人或授权代表(签字):\n"]
            if self.rng.random() < 0.5:
                out += [(self.n.person(), "PER"), pad, (self.n.person(), "PER"), "\n"]
            out += ["日期:", self.n.date(), pad, "日期:", self.n.date()]
            return out
        for role in roles:
            org = self.n.org() if role == "甲方" else self.n.company()
            label = self.rng.choice([role, role, self.rng.choice(ROLE_LABELS[role]).split("(")[0]])
            stamp = self.rng.choice(["(盖章)", "(公章)", "(签章)", "(盖章)"])
            sig = self.rng.choice(["法定代表人或授权代表(签字)", "法定代表人或委托代理人(签字)", "代表签字",
                                   "授权代表签字", "法定代表人/委托代理人", "负责人或授权代表(签字)",
                                   "代表(签字)", "法定代表人(签字)", "签字"])
            person = self.n.person() if self.rng.random() < 0.55 else None
            if style == 0:
                out += [label, stamp, self.sep(), (org, "ORG"), "\n", sig, self.sep()]
            elif style == 1:
                out += [label, self.sep(), (org, "ORG"), stamp, "\n\n", sig, self.sep()]
            elif style == 2:
                out += [(org, "ORG"), stamp, "\n", sig, self.sep()]
            elif style == 3:
                out += [label, stamp, self.sep(), "\n", (org, "ORG"), "\n", sig, self.sep()]
            else:
                out += [label, self.sep(), (org, "ORG"), " ", stamp, "\n\n\n", sig, self.sep()]
            if person:
                out += [" " if self.rng.random() < 0.3 else "", (person, "PER")]
                if self.rng.random() < 0.3:
                    out.append(self.rng.choice([" (签名)", "(签字)", " (签字)"]))
            out += ["\n", self.rng.choice(["日期", "签订日期", "签字日期"]), self.sep(), self.n.date(), "\n\n"]
        return out

    # a person named in running text
    def contact_clause(self) -> list[Piece]:
        n, role, other = self.n, self.role(), self.rng.choice(["甲方", "乙方"])
        p = (n.person(), "PER")
        sp = self.rng.choice(["", "", " "])
        title = self.rng.choice(["项目联系人", "项目经理", "项目负责人", "技术负责人", "驻场负责人", "授权代表",
                                 "联系人", "现场负责人", "运维负责人", "安全负责人"])
        choices: list[list[Piece]] = [
            [role, "指定", sp, p, sp, "为", role, title, "。"],
            ["双方确定,在本合同有效期内,甲方指定", sp, (n.person(), "PER"), sp, "为甲方", title, ",乙方指定", sp,
             (n.person(), "PER"), sp, "为乙方", title, "。"],
            [role, "委派", p, "担任本项目", title, ",负责项目的组织实施与协调。"],
            [role, title, "为", p, ",联系电话", n.phone(), "。"],
            ["本项目", role, "联系人为", p, "(", self.rng.choice(["手机", "电话", "联系电话"]), ":", n.phone(), ")。"],
            [role, "授权", p, "为其授权代表,代表", role, "签署本合同及相关文件。"],
            ["如", p, "离职或岗位调整,", role, "应提前", str(self.rng.randint(3, 15)), "个工作日书面通知", other, "。"],
            [role, "派驻", p, "、", (n.person(), "PER"), "等", str(self.rng.randint(2, 8)), "名工程师驻场服务。"],
            ["由", role, "的", p, "负责与", other, "的日常沟通。"],
            [p, "同志担任", (n.org(), "ORG"), "驻场", title, "。"],
            ["验收单经", role, "代表", p, "与", other, "代表", (n.person(), "PER"), "共同签字确认。"],
            [role, "联系人变更为", p, ",变更自通知送达之日起生效。"],
            [role, "项目组成员:", p, "(", title, ")、", (n.person(), "PER"), "、", (n.person(), "PER"), "。"],
            ["经", (n.org(), "ORG"), p, "确认,", role, "已完成全部服务内容。"],
            ["乙方项目经理", p, "未经甲方同意不得更换。"],
            ["甲方确认由", p, "作为本项目的业务对接人。"],
            [role, "特此授权", p, "(身份证号:", n.digits(17) + self.rng.choice("0123456789X"), ")办理本项目相关事宜。"],
        ]
        return self.rng.choice(choices)

    def bank_block(self) -> list[Piece]:
        out: list[Piece] = [self.rng.choice(["", "乙方开户银行名称、地址和帐号为:\n", "乙方收款信息如下:\n",
                                              "乙方财务信息:\n"])]
        kinds = ["holder", "bank", "account"] + (["tax"] if self.rng.random() < 0.4 else [])
        for i, kind in enumerate(kinds):
            if i:
                out.append("\n" if self.rng.random() < 0.75 else self.gap())
            out += self.field(kind)
        return out

    def running_org(self) -> list[Piece]:
        n = self.n
        o = (n.org(), "ORG")
        choices: list[list[Piece]] = [
            [o, "(以下简称“甲方”)与", (n.company(), "ORG"), "(以下简称“乙方”)经友好协商,签订本合同。"],
            ["根据", (n.government(), "ORG"), "《关于", self.rng.choice(["加强政务信息系统运维管理", "推进数字政府建设",
                                                                        "做好网络安全等级保护工作"]), "的通知》要求,"],
            ["本项目由", o, "负责监理,由", (n.institute(), "ORG"), "负责等级保护测评。"],
            ["乙方应接受", o, "的监督检查,并按要求提交整改报告。"],
            ["甲方委托乙方为", o, "提供", self.rng.choice(["政务云平台运维", "网站群运维", "12345热线系统运维",
                                                         "视频监控系统运维", "数据交换平台运维"]), "服务。"],
            [o, "为本项目的使用单位,负责提出业务需求。"],
            ["项目资金由", o, "统筹安排,", self.rng.choice(["按年度拨付", "分期支付", "纳入年度预算"]), "。"],
            ["经", o, "审批同意后,乙方方可", self.rng.choice(["变更服务内容", "更换驻场人员", "调整服务方案"]), "。"],
            ["乙方不得将本项目分包给", o, "以外的第三方。"],
            ["本合同项下的数据应存放于", o, "指定的机房。"],
            ["乙方已取得", (n.institute(), "ORG"), "出具的检测报告。"],
            [o, "与", (n.org(), "ORG"), "共同组织验收。"],
            ["本项目招标代理机构为", (n.company(), "ORG"), ",采购项目编号:", n.digits(8), "。"],
        ]
        return self.rng.choice(choices)

    def dispute(self) -> list[Piece]:
        n = self.n
        court, arb = (n.court(), "ORG"), (n.arbitration(), "ORG")
        choices: list[list[Piece]] = [
            ["协商不成的,任何一方可向", court, "提起诉讼。"],
            ["协商不成的,提交", arb, "仲裁,仲裁裁决是终局的,对双方均有约束力。"],
            ["按以下第", str(self.rng.randint(1, 2)), "种方式处理:1. 提交", arb, "仲裁;2. 依法向", court, "起诉。"],
            ["因本合同引起的争议,", self.rng.choice(["双方同意", "任何一方均可"]), "提交", arb, "按照其仲裁规则进行仲裁。"],
            ["双方同意由", court, "管辖。"],
            ["协商不成的,依法向", court, "提起诉讼。"],
        ]
        return self.rng.choice(choices)

    def address_text(self) -> list[Piece]:
        n = self.n
        a = (n.address(), "LOC")
        choices: list[list[Piece]] = [
            [self.rng.choice(["签订地点", "签约地点", "合同签订地"]), self.sep(), (n.place(), "LOC")],
            [self.rng.choice(["服务地点", "实施地点", "项目地点", "交付地点"]), self.sep(), a],
            ["乙方应在", a, "设立驻场办公室。"],
            ["项目实施地点为", (n.org(), "ORG"), "机房(", a, ")。"],
            ["本合同于", n.date(), "在", (n.place(), "LOC"), "签订。"],
            ["设备交付至", a, ",由甲方组织验收。"],
            ["送达地址", self.sep(), a, self.gap(), "收件人", self.sep(), (n.person(), "PER")],
        ]
        return self.rng.choice(choices)

    # running text: an entity between many kinds of left and right context
    def running_text(self) -> list[Piece]:
        n, rng = self.n, self.rng
        kind = rng.choices(["ORG", "PER", "LOC", "ORG2", "PERS"], [40, 25, 12, 13, 10])[0]
        opener = rng.choice(_OPENERS)
        if kind in ("ORG", "ORG2"):
            left, right = rng.choice(_ORG_CONTEXTS)
            orgs: list[Piece] = [(n.org(), "ORG")]
            if kind == "ORG2":
                orgs += [rng.choice(_ORG_JOINTS), (n.org(), "ORG")]
            return [opener, rng.choice(left), *orgs, *self.close(rng.choice(right))]
        if kind == "PER":
            lefts, right = rng.choice(_PER_CONTEXTS)
            left = rng.choice(lefts)
            who = rng.choice(["", self.role(), "项目组"]) if left and not left.endswith("由") and left != "请" else ""
            return [opener, who, left, (n.person(), "PER"), *self.close(rng.choice(right))]
        if kind == "PERS":
            people: list[Piece] = []
            for i in range(rng.randint(2, 4)):
                if i:
                    people.append(rng.choice(["、", "、", "和", "与", ","]))
                people.append((n.person(), "PER"))
                r = rng.random()
                if r < 0.2:
                    people.append(rng.choice(["(" + rng.choice(_TITLES) + ")", "同志"]))
                elif r < 0.35:
                    people += ["(", rng.choice(_UNITS), ")"]
                elif r < 0.5:
                    people += ["(", (n.org(), "ORG"), ")"]
            return [opener, rng.choice(["参加人员:", "乙方派驻人员为", "项目组成员包括", "出席人员:", "经办人员:",
                                        "验收小组成员:", "值班人员:"]), *people, rng.choice(["。", "等。", ""])]
        left, right = rng.choice(_LOC_CONTEXTS)
        return [opener, rng.choice(left), (rng.choice([n.address(), n.place()]), "LOC"),
                *self.close(rng.choice(right))]

    def close(self, right: str) -> list[str]:
        """`right`, then a sentence tail unless `right` already ends one."""
        if right and right[-1] in "。,;:(":
            return [right]
        return [right, self.rng.choice(_TAILS)]

    def field_noise(self) -> list[Piece]:
        """Label: value lines whose value is no entity."""
        n, rng = self.n, self.rng
        label, values = rng.choice(_NOISE_FIELDS)
        value = rng.choice(values) if values else n.money()
        return [self.numbering(rng.randint(1, 9)), label, self.sep(), value]

    def no_entity(self) -> list[Piece]:
        """Text with role words, titles, generic courts and project names, but no name."""
        n = self.n
        g = n.region()
        project = g.city + self.rng.choice(["政务云平台", "智慧城市运营中心", "12345热线系统", "电子政务外网",
                                           "网站群", "视频监控平台", "数据共享交换平台"]) + "运维服务项目"
        choices: list[list[Piece]] = [
            ["协商不成的,任何一方可向", self.rng.choice(["甲方", "乙方", "原告", "合同签订地", "项目所在地"]),
             "所在地人民法院提起诉讼。"],
            ["协商不成的,向有管辖权的人民法院起诉。"],
            ["提交合同签订地仲裁委员会仲裁。"],
            ["本合同经双方法定代表人或授权代表签字并加盖公章后生效。"],
            ["项目联系人承担以下责任:协调工作、资料收集、款项处理。"],
            ["一方变更项目联系人的,应当及时以书面形式通知另一方。"],
            ["甲方指定专人负责与乙方的日常联络。"],
            ["乙方应指定专职项目经理一名,组建不少于", str(self.rng.randint(3, 10)), "人的运维团队。"],
            ["本合同总价为", n.money(), ",合同总价已包含全部税费。"],
            ["甲方应在收到发票后", str(self.rng.randint(5, 30)), "个工作日内支付合同款。"],
            ["乙方派驻不少于", str(self.rng.randint(2, 8)), "名运维工程师在甲方指定地点驻场。"],
            ["乙方在接到故障通知后", str(self.rng.randint(1, 4)), "小时内响应,", str(self.rng.randint(2, 8)),
             "小时内到达现场。"],
            [project, "政府采购合同"],
            ["项目名称", self.sep(), project],
            ["合同编号", self.sep(), n.digits(4) + "-" + n.digits(4)],
            ["法定代表人或授权代表(签字):\n\n日期:", n.date()],
            ["甲方(盖章):\n\n乙方(盖章):"],
            ["联系人", self.sep(), "\n联系电话", self.sep(), n.phone()],
            ["本合同一式", self.rng.choice(["肆", "陆", "4", "6"]), "份,甲乙双方各执", self.rng.choice(["贰", "叁", "2", "3"]),
             "份,具有同等法律效力。"],
            ["(以下无正文)"],
            ["乙方应严格遵守甲方的安全管理制度,不得泄露甲方数据。"],
            ["甲方负责提供运维所需的机房、网络接入条件及平台管理权限。"],
            ["服务期限", self.sep(), n.date(), "至", n.date()],
            ["电子邮箱", self.sep(), n.email()],
            ["开户银行", self.sep(), "\n账号", self.sep()],
            ["根据《中华人民共和国民法典》《中华人民共和国政府采购法》等法律法规,双方达成如下协议。"],
            ["乙方应按照", g.city, "有关规定做好数据安全工作。"],
            [self.rng.choice(_OPENERS), self.rng.choice(_SUBJECTS), self.rng.choice(_PREDICATES), self.rng.choice(_TAILS)],
            [self.rng.choice(_SUBJECTS), self.rng.choice(_PREDICATES), ",", self.rng.choice(_SUBJECTS),
             self.rng.choice(_PREDICATES), "。"],
        ]
        return self.rng.choice(choices)


# Template name -> share of the generated fragments.
WEIGHTS: dict[str, int] = {
    "party_block": 20,
    "signature_block": 11,
    "contact_clause": 13,
    "bank_block": 5,
    "running_org": 8,
    "running_text": 20,
    "dispute": 6,
    "address_text": 5,
    "field_noise": 4,
    "no_entity": 8,
}


def generate(n: int, seed: int = 0, lexicon: Lexicon | None = None,
             exclude: Iterable[str] = ()) -> list[Fragment]:
    """`n` fragments, the same for the same seed and lexicon. No entity text
    is one of `exclude` (the held-out entities)."""
    rng = random.Random(seed)
    names = Names(lexicon or Lexicon.load(), rng, frozenset(exclude))
    templates = Templates(names)
    kinds = list(WEIGHTS)
    out = []
    for _ in range(n):
        kind = rng.choices(kinds, [WEIGHTS[k] for k in kinds])[0]
        out.append(build(getattr(templates, kind)(), kind))
    return out
