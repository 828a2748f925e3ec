"""Places: a district written under the wrong city (district_mismatch)."""

from __future__ import annotations

import re

from hetong.extractors.flags.common import Item, _flag, _locate
from hetong.extractors.parties import Mention
from hetong.extractors.shared import regions
from hetong.models import Document, Flag


def check_districts(doc: Document, mentions: list[Mention]) -> list[Flag]:
    """A place written under a region it does not lie in (克拉玛依市乌鲁木齐区),
    or one party named after different districts in different places."""
    text = doc.text
    misplaced: dict[str, list[regions.Misplaced]] = {}
    for m in regions.find_misplaced(text):
        misplaced.setdefault(m.child.text, []).append(m)

    # districts in each role's name as written in different places
    conflicts: list[tuple[str, list[tuple[str, int, int]]]] = []
    by_role: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.field == "name":
            by_role.setdefault(m.role, []).append(m)
    for role, named in by_role.items():
        found: list[tuple[str, int, int]] = []
        for m in named:
            for link in regions.counties(m.value):
                start, end = _locate(doc, m.start, m.end, link.text)
                found.append((link.text, start, end))
        if len({t for t, _, _ in found}) > 1:
            conflicts.append((role, found))

    flags = []
    for child, items in misplaced.items():
        parents = list(dict.fromkeys(m.parent.text for m in items))
        homes = list(dict.fromkeys(h for m in items for h in m.known_parents()))
        ev: list[Item] = [(child, s, s + len(child)) for s in _occurrences(text, child)]
        ev += [(m.parent.text, m.parent.start, m.parent.end) for m in items]
        message = f"{child} is not in {'/'.join(parents)}"
        message += f" ({child} lies in {'/'.join(homes[:3])})" if homes else ""
        for role, found in conflicts:
            if any(t == child for t, _, _ in found):
                others = [t for t in dict.fromkeys(t for t, _, _ in found) if t != child]
                ev += [f for f in found if f[0] != child]
                message += f"; {role} is also named after {'/'.join(others)}"
                conflicts.remove((role, found))
                break
        flags.append(_flag(doc, "district_mismatch", "hierarchy", message + ".", ev))
    for role, found in conflicts:
        distinct = list(dict.fromkeys(t for t, _, _ in found))
        flags.append(_flag(doc, "district_mismatch", "party_name",
                           f"{role} is named after {' and '.join(distinct)} in different places.", found))
    return flags


def _occurrences(text: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), text)]
