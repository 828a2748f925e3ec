"""Planted errors: each gold contract with ONE inconsistency planted, run
through the whole pipeline; the matching flag must appear and nothing else new.

The generator takes a gold contract's text and its unmodified extraction and
plants one error of a kind (the capital-numeral total, one installment amount,
one installment share, the tax amount, a stated duration, the signing date, a
district in one place, a person's name in one mention, an organisation name in
one mention, a party detail in one mention, a clause number). A kind that
cannot be planted in a contract is skipped with the reason.

A flag is new when no flag of the unmodified text has the same kind and
evidence. Every test records its outcome; at the end of the session the
per-kind detection rates and every plant are written to
`out/planted_report.txt` (and printed: run with `-s` to see them).
`PLANT_SET=holdout` plants the same errors in data/holdout instead
(report: `out/planted_report_holdout.txt`).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import cn2an
import pytest

from hetong.extractors.shared import regions
from hetong.extractors.parsers.money import parse_money
from hetong.extractors.parties import find_mentions
from hetong.models import Document, Flag
from hetong.pipeline.orchestrate import process_bytes

ROOT = Path(__file__).resolve().parents[2]
PLANT_SET = os.environ.get("PLANT_SET", "gold")
GOLD = ROOT / "data" / PLANT_SET
REPORT = ROOT / "out" / ("planted_report.txt" if PLANT_SET == "gold" else f"planted_report_{PLANT_SET}.txt")
CONTRACTS = sorted(p.name for p in GOLD.glob("*.txt"))

_CAPITAL = "壹贰叁肆伍陆柒捌玖"
_CN_DIGITS = "〇零一二三四五六七八九"


@dataclass(frozen=True)
class Plant:
    text: str  # the contract text with the error planted
    what: str  # what was changed, for the report


class Skip(Exception):
    """This kind of error cannot be planted in this contract."""


@functools.cache
def baseline(name: str) -> tuple[str, Document]:
    text = (GOLD / name).read_text(encoding="utf-8")
    return text, process_bytes(text.encode("utf-8"), source=name)


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _raw(doc: Document, start: int, end: int) -> tuple[int, int]:
    return doc.raw_span(start, end)


# -- editing values ------------------------------------------------------------------

_DIGITS = re.compile(r"(?:[¥$]\s*)?\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|(?:[¥$]\s*)?\d+(?:\.\d{1,2})?")
_WORDS = re.compile(rf"[{_CAPITAL}拾](?:[ \t]*[零{_CAPITAL}拾佰仟万亿元圆角分整])+")


def _bump_digits(written: str, avoid: Callable[[Decimal], bool] = lambda v: False) -> str:
    """Change one digit of an amount as written (¥97,720.10 → ¥98,720.10): the
    second digit of the yuan part, or the first when there is one."""
    integer = re.match(r"[^\d]*([\d,]+)", written)
    positions = [i for i in range(integer.start(1), integer.end(1)) if written[i].isdigit()] if integer else []
    for pos in positions[1:2] + positions[:1] + positions[2:]:
        for step in range(1, 10):
            new = written[:pos] + str((int(written[pos]) + step) % 10) + written[pos + 1 :]
            value = parse_money(new)
            if value and not avoid(value) and not (pos == positions[0] and new[pos] == "0"):
                return new
    raise Skip(f"cannot change the amount {written}")


def _words_for(value: Decimal, like: str) -> str:
    words = cn2an.an2cn(str(value), "rmb")
    if not like.endswith("整") and words.endswith("元整"):
        words = words[:-1] if "元" in like else words[:-2]
    return words


def _bump_words(written: str) -> str:
    """Change the first capital digit of an amount in words."""
    for i, c in enumerate(written):
        if c in _CAPITAL:
            return written[:i] + _CAPITAL[(_CAPITAL.index(c) + 1) % 9] + written[i + 1 :]
    raise Skip(f"no capital digit in {written}")


def _near(text: str, start: int, end: int, pattern: re.Pattern[str], value: Decimal, reach: int = 40) -> list[re.Match[str]]:
    """Matches of `pattern` of the same amount on the same line within `reach`."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    found = []
    for m in pattern.finditer(text, max(line_start, start - reach), min(line_end, end + reach)):
        if (m.end() <= start or m.start() >= end) and parse_money(re.sub(r"\s+", "", m.group(0))) == value:
            found.append(m)
    return found


# -- plants --------------------------------------------------------------------------


def plant_amount_words(text: str, doc: Document) -> Plant:
    ev = doc.contract.evidence.get("total_amount_words")
    if ev is None:
        raise Skip("the total is not written in capital numerals")
    written = text[ev.start : ev.end]
    new = _bump_words(written)
    return Plant(_replace(text, ev.start, ev.end, new), f"total in words {written.strip()} → {new.strip()}")


def _amount_in(text: str, start: int, end: int, value: Decimal) -> tuple[re.Match[str], str] | None:
    for pattern, kind in ((_DIGITS, "digits"), (_WORDS, "words")):
        for m in pattern.finditer(text, start, end):
            if parse_money(re.sub(r"\s+", "", m.group(0))) == value and (kind == "words" or re.search(r"[¥$,.]|\d{3}", m.group(0))):
                return m, kind
    return None


def plant_installment(text: str, doc: Document) -> Plant:
    written = [p for p in doc.payments if p.amount is not None and not p.derived and p.evidence is not None]
    if not written:
        raise Skip("no installment amount is written")
    total = doc.contract.total_amount
    p = written[0]
    found = _amount_in(text, p.evidence.start, p.evidence.end, p.amount)
    if found is None:
        raise Skip(f"installment {p.seq}'s amount is not in its evidence")
    m, kind = found
    # a periodic amount that divides the total would be re-counted, not mismatched
    divides = (lambda v: total is not None and total % v == 0) if len(set(x.evidence.start for x in written)) == 1 and len(written) > 1 else (lambda v: False)
    edits = []
    if kind == "digits":
        new = _bump_digits(m.group(0), divides)
        value = parse_money(new)
        edits.append((m.start(), m.end(), new))
        for twin in _near(text, m.start(), m.end(), _WORDS, p.amount)[:1]:
            edits.append((twin.start(), twin.end(), _words_for(value, twin.group(0))))
    else:
        new = _bump_words(m.group(0))
        value = parse_money(re.sub(r"\s+", "", new))
        if divides(value):
            new = _bump_words(new)
            value = parse_money(re.sub(r"\s+", "", new))
        edits.append((m.start(), m.end(), new))
        for twin in _near(text, m.start(), m.end(), _DIGITS, p.amount)[:1]:
            edits.append((twin.start(), twin.end(), _format_like(value, twin.group(0))))
    for start, end, new_text in sorted(edits, reverse=True):
        text = _replace(text, start, end, new_text)
    return Plant(text, f"installment {p.seq}: {p.amount} → {value}")


def _format_like(value: Decimal, like: str) -> str:
    prefix = re.match(r"[¥$]?\s*", like).group(0)
    digits = like[len(prefix) :]
    places = len(digits.split(".")[1]) if "." in digits else 0
    out = f"{value:,.{places}f}" if "," in digits else f"{value:.{places}f}"
    return prefix + out


_SHARE = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*%")


def plant_ratio(text: str, doc: Document) -> Plant:
    p = next((p for p in doc.payments if p.ratio is not None and p.evidence is not None), None)
    if p is None:
        raise Skip("no installment states a share")
    for m in _SHARE.finditer(text, p.evidence.start, p.evidence.end):
        if Decimal(m.group(1)) / 100 == p.ratio:
            old = Decimal(m.group(1))
            new = old - 5 if old > 50 else old + 5
            return Plant(_replace(text, m.start(1), m.end(1), f"{new.normalize():f}"),
                         f"installment {p.seq}'s share {old}% → {new}%")
    raise Skip(f"installment {p.seq}'s share is not written as a percentage")


_TAX_AMOUNT = re.compile(r"(?:税额|税费|税金)(?:为|是|:|：)?\s*(?:人民币)?\s*((?:[¥￥]\s*)?\d[\d,]*(?:\.\d+)?)")
_NET_LABEL = re.compile(r"不含税")


def plant_tax(text: str, doc: Document) -> Plant:
    m = _TAX_AMOUNT.search(text)
    if m is None or not _NET_LABEL.search(text):
        raise Skip("no net amount and tax amount are stated")
    new = _bump_digits(m.group(1))
    return Plant(_replace(text, m.start(1), m.end(1), new), f"tax {m.group(1)} → {new}")


# a duration, not a date (2024年5月) nor 上一年度, 一年期, 三年内, 满6个月后
_DURATION = re.compile(
    r"(?<![0-9上下每第前近本])(\d{1,2}|[一二两三四五六七八九十]+)(\s*)(个月|年)"
    r"(?![度期级内以后前底初末\s\d一二三四五六七八九十])"
)
_CN_NEXT = {"一": "两", "两": "三", "二": "三", "三": "四"}
_SENTENCE_END = re.compile(r"[。;；]")


def plant_duration(text: str, doc: Document) -> Plant:
    c = doc.contract
    ev = c.evidence.get("service_start")
    if ev is None or c.service_start is None or c.service_end is None:
        raise Skip("the service period has no start and end date")
    line_start = text.rfind("\n", 0, ev.start) + 1
    line_end = text.find("\n", ev.end)
    line_end = len(text) if line_end < 0 else line_end
    for m in _DURATION.finditer(text, line_start, line_end):
        inside = ev.start <= m.start() < ev.end
        # only a duration of the same sentence as the dates
        before = m.end() <= ev.start and _SENTENCE_END.search(text, m.end(), ev.start)
        after = m.start() >= ev.end and _SENTENCE_END.search(text, ev.end, m.start())
        if inside or before or after:
            continue
        number, unit = m.group(1), m.group(3)
        if number.isdigit():
            new = str(int(number) + (6 if unit == "个月" else 1))
        else:
            new = _CN_NEXT.get(number, "五")
        return Plant(_replace(text, m.start(1), m.end(1), new), f"duration {m.group(0)} → {new}{m.group(2)}{unit}")
    raise Skip("no duration is stated beside the service dates")


_SIGN_LABEL = re.compile(r"(?:签\s*订|签\s*署|签\s*约|签\s*字|签\s*定|订\s*立|签\s*章)\s*(?:日\s*期|时\s*间)|日\s*期")
_SIGN_MARK = re.compile(r"盖章|签字|签名|签章|公章")
_ANY_DATE = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*[日号]")


def plant_blank_date(text: str, doc: Document) -> Plant:
    signed = doc.contract.signed_on
    if signed is None:
        raise Skip("the signing date is already blank")
    from hetong.extractors.parsers.dates import parse_date

    lines = text.split("\n")
    out, blanked = [], 0
    for k, line in enumerate(lines):
        labelled = _SIGN_LABEL.search(line)
        under_mark = any(_SIGN_MARK.search(prev) for prev in lines[max(0, k - 6) : k])
        for m in reversed(list(_ANY_DATE.finditer(line))):
            bare = not line[: m.start()].strip() and not line[m.end() :].strip()
            if parse_date(m.group(0)) == signed and (labelled and labelled.start() < m.start() or (bare and under_mark)):
                blank = re.sub(rf"[\d{_CN_DIGITS}十]", " ", m.group(0))
                line = line[: m.start()] + blank + line[m.end() :]
                blanked += 1
        out.append(line)
    if not blanked:
        raise Skip("the signing date is not written in a signing slot")
    return Plant("\n".join(out), f"signing date {signed} blanked in {blanked} places")


def _compared(doc: Document) -> list[tuple[int, int]]:
    """Spans of party names, and of details a party states more than once:
    a district planted there would also be a name or detail mismatch."""
    mentions = find_mentions(doc)
    count: dict[tuple[str, str], int] = {}
    for m in mentions:
        count[(m.role, m.field)] = count.get((m.role, m.field), 0) + 1
    return [(m.start, m.end) for m in mentions if m.field == "name" or count[(m.role, m.field)] > 1]


def _far_county(parent: regions.Link, seed: int) -> str:
    """A county-level district that lies in no unit `parent` may stand for
    (which one depends on `seed`, so contracts get different ones)."""
    holders = [u for u in parent.units if u.level in ("province", "city")]
    far = [
        name for name, units in regions.table().by_name.items()
        if len(units) == 1 and units[0].level == "county" and units[0].current and len(name) >= 3
        and name.endswith("区") and not set(name[:-1]) <= set("东西南北中新老城市郊矿上下前后")
        and not any(units[0].province == h.province for h in holders)
    ]
    if not far:
        raise Skip("no county to plant")
    return far[seed % len(far)]


def plant_district(text: str, doc: Document) -> Plant:
    names = _compared(doc)
    for chain in regions.find_chains(doc.text):
        for k in range(1, len(chain)):
            child, parent = chain[k], chain[k - 1]
            if child.kind != "full" or child.levels != {"county"} or not parent.levels & {"province", "city"}:
                continue
            if any(s < child.end and child.start < e for s, e in names):
                continue
            start, end = _raw(doc, child.start, child.end)
            new = _far_county(parent, len(text))
            return Plant(_replace(text, start, end, new), f"{parent.text}{child.text} → {parent.text}{new}")
    raise Skip("no district is written under its city outside the party names")


def _mentions_twice(doc: Document, fields: tuple[str, ...], same_block: bool = False):
    """(role, field, mentions) whose value is written identically in two or
    more blocks (or, with `same_block`, twice anywhere: 住所地 and 通讯地址)."""
    groups: dict[tuple[str, str, str], list] = {}
    for m in find_mentions(doc):
        if m.field in fields:
            key = (m.role, m.field if m.field != "signatory" else "legal_rep", re.sub(r"\s+", "", m.value))
            groups.setdefault(key, []).append(m)
    for key, ms in groups.items():
        if len({m.block_id for m in ms}) >= 2 or (same_block and len(ms) >= 2):
            yield key, ms


def plant_person(text: str, doc: Document) -> Plant:
    for (role, field, value), ms in _mentions_twice(doc, ("legal_rep", "contact", "signatory")):
        m = ms[-1]
        start, end = _raw(doc, m.start, m.end)
        written = text[start:end]
        new = written[:-1] + ("明" if written[-1] != "明" else "华")
        return Plant(_replace(text, start, end, new), f"{role} {field} {written} → {new} in one mention")
    raise Skip("no person is named in two places")


def plant_party_name(text: str, doc: Document) -> Plant:
    for (role, _field, value), ms in _mentions_twice(doc, ("name",)):
        m = next((x for x in reversed(ms) if x.block in ("signature", "bank", "cover")), ms[-1])
        parts, core = regions.region_prefix(m.value, loose=True)
        offset = len(m.value) - len(core)
        k = next((i for i, c in enumerate(core) if "\u4e00" <= c <= "\u9fff"), None)
        if k is None:
            continue
        pos = m.start + offset + k
        start, end = _raw(doc, pos, pos + 1)
        new = "华" if text[start] != "华" else "新"
        return Plant(_replace(text, start, end, new), f"{role} name {m.value} changed in the {m.block}")
    raise Skip("no organisation is named in two places")


def plant_detail(text: str, doc: Document) -> Plant:
    for (role, field, value), ms in _mentions_twice(doc, ("address", "account", "phone", "tax_id"), same_block=True):
        m = ms[-1]
        start, end = _raw(doc, m.start, m.end)
        written = text[start:end]
        digits = [i for i, c in enumerate(written) if c.isdigit()]
        if not digits:
            continue
        i = digits[len(digits) // 2]
        new = written[:i] + str((int(written[i]) + 1) % 10) + written[i + 1 :]
        return Plant(_replace(text, start, end, new), f"{role} {field} {written.strip()} → {new.strip()} in one mention")
    raise Skip("no address, account, phone or tax id is written twice")


_NUMBER_PREFERENCE = ("article", "chapter", "dec2", "cn", "dec3", "section", "dec1", "cn_paren", "paren")


def plant_numbering(text: str, doc: Document) -> Plant:
    siblings: dict[tuple[int | None, str], list] = {}
    for c in doc.clauses:
        if c.ordinal is not None:
            siblings.setdefault((c.parent, c.style), []).append(c)
    candidates = []
    for (_, style), cs in siblings.items():
        if style not in _NUMBER_PREFERENCE:
            continue
        for prev, c, nxt in zip(cs, cs[1:], cs[2:]):
            if prev.ordinal == c.ordinal - 1 and nxt.ordinal == c.ordinal + 1:
                candidates.append((_NUMBER_PREFERENCE.index(style), c.start, c))
    if not candidates:
        raise Skip("no numbered clause sits between two consecutive siblings")
    c = min(candidates, key=lambda x: x[:2])[2]
    start, end = _raw(doc, c.start, c.start + len(c.number))
    return Plant(_replace(text, start, end, ""), f"clause heading {c.number} deleted")


PLANTS: dict[str, tuple[str, Callable[[str, Document], Plant]]] = {
    "amount_words": ("amount_words_mismatch", plant_amount_words),
    "installment": ("payment_sum_mismatch", plant_installment),
    "share": ("payment_ratio_mismatch", plant_ratio),
    "tax": ("tax_mismatch", plant_tax),
    "duration": ("period_mismatch", plant_duration),
    "signing_date": ("missing_signing_date", plant_blank_date),
    "district": ("district_mismatch", plant_district),
    "person": ("person_name_mismatch", plant_person),
    "party_name": ("party_name_mismatch", plant_party_name),
    "detail": ("party_detail_mismatch", plant_detail),
    "numbering": ("numbering_gap", plant_numbering),
}


# -- the tests -----------------------------------------------------------------------


def _identity(flag: Flag) -> tuple[str, tuple[str, ...]]:
    return flag.kind, tuple(sorted(flag.evidence))


@pytest.fixture(scope="session")
def planted_report():
    results: list[tuple[str, str, str, str]] = []  # (contract, plant, outcome, detail)
    yield results
    if not results:
        return
    lines = [f"Planted-error detection on data/{PLANT_SET} (one plant per contract and kind)", ""]
    lines.append(f"{'plant':14} {'flag kind':24} {'planted':>7} {'found':>6} {'rate':>7} {'skipped':>8}")
    for plant, (kind, _) in PLANTS.items():
        mine = [r for r in results if r[1] == plant]
        planted = [r for r in mine if r[2] != "skipped"]
        found = [r for r in planted if r[2] == "detected"]
        rate = f"{len(found) / len(planted):.0%}" if planted else "-"
        lines.append(f"{plant:14} {kind:24} {len(planted):7} {len(found):6} {rate:>7} {len(mine) - len(planted):8}")
    total = [r for r in results if r[2] != "skipped"]
    found_all = [r for r in total if r[2] == "detected"]
    lines.append(f"{'all':14} {'':24} {len(total):7} {len(found_all):6} "
                 f"{(len(found_all) / len(total) if total else 0):7.0%}")
    lines += ["", "Not detected or with extra flags:"]
    lines += [f"  {c} {p}: {o}: {d}" for c, p, o, d in results if o not in ("detected", "skipped")] or ["  none"]
    lines += ["", "Planted:"]
    lines += [f"  {c} {p}: {o}: {d}" for c, p, o, d in sorted(results) if o != "skipped"]
    lines += ["", "Skipped:"]
    lines += [f"  {c} {p}: {d}" for c, p, o, d in sorted(results) if o == "skipped"]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n" + "\n".join(lines))


@pytest.mark.parametrize("plant", list(PLANTS))
@pytest.mark.parametrize("contract", CONTRACTS)
def test_planted_error_is_flagged(contract: str, plant: str, planted_report) -> None:
    kind, make = PLANTS[plant]
    text, doc = baseline(contract)
    try:
        planted = make(text, doc)
    except Skip as reason:
        planted_report.append((contract, plant, "skipped", str(reason)))
        pytest.skip(str(reason))
    assert planted.text != text
    after = process_bytes(planted.text.encode("utf-8"), source=contract)
    before = {_identity(f) for f in doc.flags}
    new = [f for f in after.flags if _identity(f) not in before]
    expected = [f for f in new if f.kind == kind]
    others = [f for f in new if f.kind != kind]
    outcome = "detected" if expected and not others else ("missed" if not expected else "extra flags")
    detail = planted.what + "".join(f" | extra {f.kind}: {f.message}" for f in others)
    planted_report.append((contract, plant, outcome, detail))
    assert expected, f"{planted.what}: no new {kind} flag"
    assert not others, f"{planted.what}: other new flags: {[(f.kind, f.evidence) for f in others]}"
    assert after.status == "ok", after.errors
