"""Regex scans that try a pattern only where a match can start.

re cannot skip ahead for a pattern that opens with a look-behind, an
optional group or an alternation of those: `finditer` runs all of it at
every character of a contract. A bare character class (the characters every
match begins with) is scanned in C, so searching for it first and matching
the full pattern only there gives the same matches for a fraction of the
time. tests/extractors/shared/test_fast_scans.py checks each use against finditer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def finditer(pattern: re.Pattern[str], starts: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern.finditer(text)`, trying `pattern` only where
    `starts` matches (`pattern` must not match the empty string, and every
    match of it must begin where `starts` matches)."""
    pos = 0
    while start := starts.search(text, pos):
        m = pattern.match(text, start.start())
        if m:
            yield m
            pos = m.end()
        else:
            pos = start.start() + 1
