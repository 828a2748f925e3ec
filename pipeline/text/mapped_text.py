"""Text that remembers where each character came from.

Every normalisation edit (NFKC, deleting markup, joining lines) goes through
MappedText so that `offsets[i]` is always the raw-text index of `text[i]`.
Evidence found in normalised text can then be shown on the original.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

Replacement = str | Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class MappedText:
    text: str
    # offsets[i] = raw index of text[i]; one extra entry = raw length (end sentinel)
    offsets: tuple[int, ...]

    @classmethod
    def from_raw(cls, raw: str) -> MappedText:
        return cls(raw, tuple(range(len(raw) + 1)))

    def __post_init__(self) -> None:
        if len(self.offsets) != len(self.text) + 1:
            raise ValueError("offsets must have len(text) + 1 entries")

    def nfkc(self) -> MappedText:
        """NFKC per character; a character that expands maps each output
        character to its source, one that vanishes is dropped. Only the
        characters NFKC changes are visited (full-width forms, circled
        digits …), not every character of the text. Those that stay one
        character (，→, and most others) are replaced in place, which keeps
        every offset (one `str.replace` per distinct character: far faster
        than `str.translate` on CJK text); only the rest go through `edit`."""
        if unicodedata.is_normalized("NFKC", self.text):
            return self
        text = self.text
        resized = False
        for ch in set(_nfkc_changing().findall(text)):
            norm = _nfkc_char(ch)
            if len(norm) == 1:
                text = text.replace(ch, norm)
            elif norm != ch:
                resized = True
        mapped = MappedText(text, self.offsets) if text is not self.text else self
        if not resized:
            return mapped
        edits = []
        for m in _nfkc_changing().finditer(mapped.text):
            norm = _nfkc_char(m.group())
            if norm != m.group():
                edits.append((m.start(), m.end(), norm))
        return mapped.edit(edits)

    def sub(self, pattern: re.Pattern[str], repl: Replacement) -> MappedText:
        """re.sub that keeps the offset map.

        Replacement text maps position-wise onto the match (character k of the
        replacement → character min(k, len(match)-1) of the match), so equal
        -length rewrites keep exact offsets and deletions drop them. Use
        lookarounds to delete only the part of a pattern that must go.
        """
        out: list[str] = []
        offs: list[int] = []
        pos = 0
        changed = False
        for m in pattern.finditer(self.text):
            new = repl(m) if callable(repl) else m.expand(repl)
            if new == m.group(0):
                continue
            changed = True
            out.append(self.text[pos : m.start()])
            offs.extend(self.offsets[pos : m.start()])
            length = m.end() - m.start()
            for k in range(len(new)):
                offs.append(self.offsets[m.start() + min(k, max(length - 1, 0))])
            out.append(new)
            pos = m.end()
        if not changed:
            return self
        out.append(self.text[pos:])
        offs.extend(self.offsets[pos:])
        return MappedText("".join(out), tuple(offs))

    def edit(self, edits: list[tuple[int, int, str]]) -> MappedText:
        """Replace each [start, end) span (sorted, non-overlapping) with its
        string, mapped position-wise onto the span as in `sub`."""
        if not edits:
            return self
        out: list[str] = []
        offs: list[int] = []
        pos = 0
        for start, end, new in edits:
            out.append(self.text[pos:start])
            offs.extend(self.offsets[pos:start])
            for k in range(len(new)):
                offs.append(self.offsets[start + min(k, max(end - start - 1, 0))])
            out.append(new)
            pos = max(pos, end)
        out.append(self.text[pos:])
        offs.extend(self.offsets[pos:])
        return MappedText("".join(out), tuple(offs))

    def delete_spans(self, spans: list[tuple[int, int]]) -> MappedText:
        """Remove the given [start, end) spans (sorted, non-overlapping)."""
        return self.edit([(start, end, "") for start, end in spans])


@functools.lru_cache(maxsize=4096)
def _nfkc_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


@functools.cache
def _nfkc_changing() -> re.Pattern[str]:
    """One character that NFKC changes: the BMP characters found by trying
    each once per process (~30 ms), and every astral character."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x80, 0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        if unicodedata.normalize("NFKC", ch) != ch:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    parts = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )
    return re.compile(f"[{parts}\U00010000-\U0010FFFF]")
