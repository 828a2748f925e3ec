"""Generated contract corpora for benchmarks and the kill/resume test.

Every contract is a real template (data/gold, data/holdout, data/samples)
varied by substitution, consistently within the document: company names,
the place (province, city, district — in names, addresses and courts), money
amounts (figures and capital numerals scaled by one factor), and years. The
result reads like another contract of the same kind, runs through every
stage like a real one, and has its own sha256 (duplicates are regenerated).
A few are written in GB18030, as scanned-and-OCR'd archives often are.

    python -m hetong.pipeline.quality.corpus OUT_DIR N [--seed S]
"""

from __future__ import annotations

import hashlib
import random
import re
import sys
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # a repository tool: the templates are the checkout's gold sets
TEMPLATE_DIRS = ("data/gold", "data/holdout", "data/samples")

_TRADE = "信联数智云恒华通达科创新源天海安瑞博宏德汇盛泰鼎易捷迅航宇腾飞远志锐睿图维思力拓展鹏金诚正和融合众同方元世纪东南北星光"
_INDUSTRY = ("科技", "信息技术", "网络科技", "软件", "数据科技", "数字科技", "智能科技", "通信技术", "系统集成", "电子科技", "信息科技", "安全技术")
_FORM = ("有限公司", "有限公司", "股份有限公司", "有限责任公司")
# (province, city, district): places the contracts are moved to.
_PLACES = (
    ("广东省", "江门市", "蓬江区"), ("广东省", "佛山市", "南海区"), ("浙江省", "湖州市", "吴兴区"),
    ("浙江省", "嘉兴市", "南湖区"), ("江苏省", "南京市", "六合区"), ("江苏省", "常州市", "武进区"),
    ("四川省", "绵阳市", "涪城区"), ("四川省", "德阳市", "旌阳区"), ("河南省", "郑州市", "金水区"),
    ("河南省", "洛阳市", "西工区"), ("湖北省", "宜昌市", "西陵区"), ("湖北省", "襄阳市", "樊城区"),
    ("陕西省", "咸阳市", "秦都区"), ("陕西省", "渭南市", "临渭区"), ("广西壮族自治区", "梧州市", "万秀区"),
    ("山东省", "青岛市", "李沧区"), ("山东省", "烟台市", "芝罘区"), ("福建省", "南平市", "延平区"),
    ("福建省", "泉州市", "丰泽区"), ("吉林省", "长春市", "朝阳区"), ("甘肃省", "兰州市", "城关区"),
    ("贵州省", "贵阳市", "云岩区"), ("海南省", "海口市", "龙华区"), ("湖南省", "株洲市", "芦淞区"),
    ("江西省", "赣州市", "章贡区"), ("安徽省", "芜湖市", "镜湖区"), ("河北省", "保定市", "竞秀区"),
    ("山西省", "大同市", "平城区"), ("辽宁省", "鞍山市", "铁东区"), ("云南省", "曲靖市", "麒麟区"),
)
_PROVINCE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:省|自治区)")
_CITY = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:市|地区|自治州|盟)")
_DISTRICT = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:区|县|旗)")
_COMPANY = re.compile(
    r"(?<=[:：\s“\"(（])[\u4e00-\u9fff（）()]{4,24}?(?:股份有限公司|有限责任公司|有限公司)"
)
_MONEY = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,2})?(?=\s*(?:万元|元))")
_CAPITAL = re.compile(r"[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]{2,}元(?:[零壹贰叁肆伍陆柒捌玖]角)?(?:[零壹贰叁肆伍陆柒捌玖]分)?[整正]?")
_YEAR = re.compile(r"(?<!\d)(20[0-3]\d)(?=\s*年|-\d{1,2}-|\.\d{1,2}\.|/\d{1,2}/)")
_FACTORS = (Decimal("0.5"), Decimal("0.8"), Decimal("1.2"), Decimal("1.25"), Decimal("1.5"), Decimal("2"), Decimal("2.5"), Decimal("3"))


def templates(root: Path = ROOT) -> list[str]:
    """The distinct contract texts the corpus is varied from."""
    seen: set[str] = set()
    out: list[str] = []
    for folder in TEMPLATE_DIRS:
        for path in sorted((root / folder).glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            if text not in seen:
                seen.add(text)
                out.append(text)
    return out


def vary(text: str, rng: random.Random) -> str:
    """One variant of `text`: new companies, place, amounts and years."""
    text = _move_place(text, rng)
    text = _rename_companies(text, rng)
    text = _scale_money(text, rng.choice(_FACTORS))
    return _shift_years(text, rng.choice((-4, -3, -2, -1, 1, 2)))


def _consistent(pattern: re.Pattern[str], text: str, make: Callable[[str], str]) -> str:
    mapping: dict[str, str] = {}

    def sub(m: re.Match[str]) -> str:
        old = m.group(0)
        if old not in mapping:
            mapping[old] = make(old)
        return mapping[old]

    return pattern.sub(sub, text)


def _move_place(text: str, rng: random.Random) -> str:
    province, city, district = rng.choice(_PLACES)
    # The most frequent district/city/province names of the text become the
    # new place; every occurrence of each is replaced.
    for pattern, new in ((_DISTRICT, district), (_CITY, city), (_PROVINCE, province)):
        counts: dict[str, int] = {}
        for m in pattern.finditer(text):
            counts[m.group(0)] = counts.get(m.group(0), 0) + 1
        frequent = [name for name, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n >= 2][:1]
        for name in frequent:
            text = text.replace(name, new)
    return text


def _rename_companies(text: str, rng: random.Random) -> str:
    def make(old: str) -> str:
        trade = "".join(rng.sample(_TRADE, 2))
        return f"{trade}{rng.choice(_INDUSTRY)}{rng.choice(_FORM)}"

    return _consistent(_COMPANY, text, make)


def _scale_money(text: str, factor: Decimal) -> str:
    def figures(m: re.Match[str]) -> str:
        whole, frac = m.group(1), m.group(2) or ""
        value = Decimal(whole.replace(",", "") + frac) * factor
        places = len(frac) - 1 if frac else 0
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        digits = f"{value:,.{places}f}" if "," in whole else f"{value:.{places}f}"
        return digits

    def capital(m: re.Match[str]) -> str:
        import cn2an

        old = m.group(0)
        try:
            value = Decimal(str(cn2an.cn2an(old.rstrip("整正"), "smart")))
        except (ValueError, KeyError, IndexError):
            return old
        new = cn2an.an2cn(str((value * factor).quantize(Decimal("0.01"))), "rmb")
        return new

    return _CAPITAL.sub(capital, _MONEY.sub(figures, text))


def _shift_years(text: str, delta: int) -> str:
    if "2月29" in text or "02-29" in text:
        delta = 4 * (1 if delta > 0 else -1)
    return _YEAR.sub(lambda m: str(int(m.group(1)) + delta), text)


def generate(out: Path, n: int, *, seed: int = 0, per_folder: int = 500, gb18030_share: float = 0.1) -> list[Path]:
    """Write `n` distinct contracts under `out` (in sub-folders of
    `per_folder`), returning their paths. Deterministic for a seed."""
    rng = random.Random(seed)
    bases = templates()
    seen: set[str] = set()
    paths: list[Path] = []
    i = 0
    while len(paths) < n:
        base = bases[i % len(bases)]
        i += 1
        text = vary(base, rng)
        encoding = "gb18030" if rng.random() < gb18030_share else "utf-8"
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        k = len(paths)
        folder = out / f"{k // per_folder:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"contract_{k:06d}.txt"
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m hetong.pipeline.quality.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = generate(args.out, args.n, seed=args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} contracts, {size / 1e6:.1f} MB in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
