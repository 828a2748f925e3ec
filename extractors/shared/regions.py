"""Chinese administrative divisions: where a place lies, and whether a place
written under a region really lies in it.

The table is `data/reference/divisions.csv` (provinces, prefecture-level
units incl. 地区/自治州/盟, county-level units incl. 新区 and units directly
under a province, plus former names of renamed or merged units); see
`data/reference/README.md` for its source and date. It is read once per
process, on first use.

Places are found as chains of division names written one after the other
(`新疆克拉玛依市克拉玛依区`, `黑龙江省哈尔滨市宾县`). Three kinds of link:

- `full`: a full name from the table (克拉玛依市, 乌尔禾区, 阿克苏地区);
- `short`: a short form (新疆, 克拉玛依); it only continues a chain, so it is
  never reported (`陕西秦安网信科技` is a company, not 秦安县 in 陕西);
- `made`: a short form plus a county suffix that makes no name in the table
  (`乌鲁木齐` + `区`): a district that does not exist where it is placed —
  unless the short form names a unit that does lie there (`广东省增城市`, the
  former name of 增城区; `上海市浦东区` for 浦东新区).

A chain link is checked against the nearest province or prefecture-level
unit before it: a province may hold prefecture- and county-level units, a
prefecture county-level ones. Generic names (城区, 矿区, 城东区, 新城区) are
never reported, nor is anything placed under a 新区, a zone laid over
ordinary divisions (雄安新区容城县 is a usual address).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from hetong.extractors.shared.resources import data_path

TABLE_PATH = data_path("reference", "divisions.csv")

Level = Literal["province", "city", "county"]
LinkKind = Literal["full", "short", "made"]

_COUNTY_SUFFIX = "区县市旗"
# OCR may space out the parts of an address; a form writes them in blanks (云南___曲靖市)
_GAP = re.compile(r"[ \t_]*")
_MAX_NAME = 24


@dataclass(frozen=True)
class Division:
    name: str
    level: Level
    province: str
    city: str  # the prefecture-level unit; "" for provinces, prefectures and counties directly under a province
    adcode: str | None
    short: str | None
    current: bool
    successor: str | None  # province/city/county of the current unit a former one became

    def within(self, other: Division) -> bool:
        """True when `other` is this unit's province or prefecture."""
        if other.level == "province":
            return self.level != "province" and self.province == other.name
        if other.level == "city":
            return self.level == "county" and self.province == other.province and self.city == other.name
        return False

    @property
    def zone(self) -> bool:
        """A 新区: a functional zone laid over ordinary divisions."""
        return self.name.endswith("新区")


@dataclass(frozen=True)
class Table:
    by_name: dict[str, tuple[Division, ...]]
    by_short: dict[str, tuple[Division, ...]]
    # first two characters → candidate name lengths, longest first: two
    # characters rule out far more positions than one (市, 新 start hundreds)
    lengths: dict[str, tuple[int, ...]]
    # where a name may start: a first character of some name followed by a
    # second character of some name. Scanned by `re` in C; it lets through
    # about ten times fewer positions than a text has characters.
    starts: re.Pattern[str]


def _level(row: dict[str, str]) -> Level:
    if row["county"]:
        return "county"
    return "city" if row["city"] else "province"


@functools.cache
def table(path: Path = TABLE_PATH) -> Table:
    """The division table, read once per process."""
    by_name: dict[str, list[Division]] = {}
    by_short: dict[str, list[Division]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        level = _level(row)
        name = row["county"] or row["city"] or row["province"]
        unit = Division(
            name=name,
            level=level,
            province=row["province"],
            city=row["city"] if level == "county" else "",
            adcode=row["adcode"] or None,
            short=row["aliases"].split("|")[0] if row["aliases"] else None,
            current=row["status"] == "current",
            successor=row["successor"] or None,
        )
        by_name.setdefault(name, []).append(unit)
        for short in filter(None, row["aliases"].split("|")):
            by_short.setdefault(short, []).append(unit)
    lengths: dict[str, set[int]] = {}
    for key in (*by_name, *by_short):
        lengths.setdefault(key[:2], set()).add(len(key))
    # every name has two characters at least
    first = "".join(sorted({k[0] for k in lengths}))
    second = "".join(sorted({k[1] for k in lengths}))
    return Table(
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_short={k: tuple(v) for k, v in by_short.items()},
        lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        starts=re.compile(f"[{re.escape(first)}](?=[{re.escape(second)}])"),
    )


def lookup(name: str) -> tuple[Division, ...]:
    """Units with this full name (current first), or ()."""
    units = table().by_name.get(name, ())
    return tuple(sorted(units, key=lambda u: not u.current))


# -- finding places ----------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """One division name in a chain: `text` at [start, end) of the searched text."""

    text: str
    start: int
    end: int
    kind: LinkKind
    units: tuple[Division, ...]  # what the name may stand for; for `made`, units of its stem

    @property
    def levels(self) -> set[Level]:
        return {u.level for u in self.units}


Chain = tuple[Link, ...]


def _names_at(text: str, i: int, index: dict[str, tuple[Division, ...]]) -> tuple[str, tuple[Division, ...]] | None:
    """The longest key of `index` starting at text[i]."""
    t = table()
    for n in t.lengths.get(text[i : i + 2], ()):
        if n <= _MAX_NAME and (key := text[i : i + n]) in index:
            return key, index[key]
    return None


def _link_at(text: str, i: int, first: bool) -> Link | None:
    """The division name starting at text[i]: a full name; else (inside a
    chain) a short form plus a county suffix; else a short form that a
    further link follows."""
    if i >= len(text):
        return None
    t = table()
    full = _names_at(text, i, t.by_name)
    if full:
        name, units = full
        return Link(name, i, i + len(name), "full", units)
    short = _names_at(text, i, t.by_short)
    if short is None:
        return None
    stem, units = short
    end = i + len(stem)
    if not first and end < len(text) and text[end] in _COUNTY_SUFFIX:
        return Link(text[i : end + 1], i, end + 1, "made", units)
    nxt = end + _GAP.match(text, end).end() - end
    if _link_at(text, nxt, first=False) is not None:
        return Link(stem, i, end, "short", units)
    return None


def find_chains(text: str) -> list[Chain]:
    """Every run of division names in `text` (a run of one included)."""
    chains: list[Chain] = []
    t = table()
    done = 0  # the end of the last chain
    # only where two characters may start a name (the exact test follows)
    for m in t.starts.finditer(text):
        i = m.start()
        if i < done or text[i : i + 2] not in t.lengths:
            continue
        link = _link_at(text, i, first=True)
        if link is None:
            continue
        chain = [link]
        while True:
            nxt = link.end + _GAP.match(text, link.end).end() - link.end
            link = _link_at(text, nxt, first=False)
            if link is None:
                break
            chain.append(link)
        chains.append(tuple(chain))
        done = chain[-1].end
    return chains


# -- checking ----------------------------------------------------------------------


@dataclass(frozen=True)
class Misplaced:
    """`child` is written under `parent` but does not lie in it."""

    parent: Link
    child: Link

    def known_parents(self) -> list[str]:
        """Where a unit of this name does lie (for the message)."""
        out = []
        for u in self.child.units if self.child.kind == "full" else ():
            where = u.city or u.province
            if where and where not in out:
                out.append(where)
        return out


# Stems made only of these name no particular place (城区, 郊区, 矿区, 城东区,
# 新城区, 市中区): a district of that name under another city is a description.
_GENERIC = set("东西南北中新老城市郊矿上下前后")


def _generic(name: str) -> bool:
    stem = name[:-1]
    return all(c in _GENERIC for c in stem)


def _reportable(child: Link) -> bool:
    return child.kind != "short" and not _generic(child.text)


def check_chain(chain: Chain) -> list[Misplaced]:
    """Links of `chain` that do not lie in the province or prefecture written
    before them."""
    out: list[Misplaced] = []
    for k in range(1, len(chain)):
        child = chain[k]
        # the nearest province/prefecture before the child
        parent = next((p for p in reversed(chain[:k]) if p.levels & {"province", "city"}), None)
        if parent is None or chain[k - 1].levels == {"county"} or not _reportable(child):
            continue
        holders = [u for u in parent.units if u.level in ("province", "city")]
        if any(u.zone for u in holders):
            continue
        if child.kind == "made":
            # 增城市/浦东区 under 广东省/上海市: the stem names a unit that is
            # there (renamed, or written loosely); 乌鲁木齐区 under 克拉玛依市: not
            if holders and not any(u.within(h) or u == h for u in child.units for h in holders):
                out.append(Misplaced(parent, child))
            continue
        kids = [u for u in child.units if u.level != "province"]
        if not kids:
            continue
        # a city written under a city, or a province name inside a chain: a list, not a placement
        if all(h.level == "city" for h in holders) and all(c.level == "city" for c in kids):
            continue
        if not any(c.within(h) for c in kids for h in holders):
            out.append(Misplaced(parent, child))
    return out


def find_misplaced(text: str) -> list[Misplaced]:
    """Every place in `text` written under a region it does not lie in."""
    return [m for chain in find_chains(text) for m in check_chain(chain)]


def counties(text: str) -> list[Link]:
    """County-level names written in `text` (full names, or made ones like
    乌鲁木齐区), e.g. the district a government office is named after."""
    out = []
    for chain in find_chains(text):
        for link in chain:
            if link.kind == "made" or (link.kind == "full" and link.levels == {"county"}):
                out.append(link)
    return out


def region_prefix(name: str, loose: bool = False) -> tuple[list[str], str]:
    """Split a leading chain of division names off an organisation name:
    `新疆维吾尔自治区阿克苏地区数字化发展局` → (['新疆维吾尔自治区', '阿克苏地区'],
    '数字化发展局'). Short forms are reported as the full name they stand for
    when that is unambiguous (新疆 → 新疆维吾尔自治区). With `loose`, a lone
    leading short form of a province or prefecture counts too
    (`北京万信友联科技有限公司` → (['北京市'], '万信友联科技有限公司'))."""
    chains = find_chains(name)
    if not chains or chains[0][0].start != 0:
        if loose and name:
            found = _names_at(name, 0, table().by_short) if name[:2] in table().lengths else None
            units = [u for u in found[1] if u.level != "county"] if found else []
            if units and len(found[0]) < len(name):
                names = {u.name for u in units}
                return [next(iter(names)) if len(names) == 1 else found[0]], name[len(found[0]) :]
        return [], name
    parts = []
    for link in chains[0]:
        names = {u.name for u in link.units} if link.kind == "short" else {link.text}
        parts.append(next(iter(names)) if len(names) == 1 else link.text)
    return parts, name[chains[0][-1].end :]
