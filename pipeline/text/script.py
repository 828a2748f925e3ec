"""Traditional (and mixed-script) Chinese read through a simplified shadow.

The rules are written in simplified characters. Rather than double every
vocabulary, the normalised text is matched on a *shadow*: each Traditional
character replaced by its simplified form, one character for one (OpenCC's
character tables t2s, then tw2s/hk2s for the regional variants; phrase
conversions that change length are not used), so every offset of the shadow
is an offset of the text as written. `Document.written` keeps that text; at
the end, `restore` puts every extracted string back as the document wrote it
(臺北市… not 台北市…), and evidence shows the written characters.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from hetong.models import Document

# CJK blocks a contract's text lives in (unified ideographs, extension A, compatibility ideographs)
_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@lru_cache(maxsize=1)
def simplify_table() -> dict[int, int]:
    """{ord(traditional): ord(simplified)} for every single character OpenCC
    converts to exactly one other character. Built once per process from the
    installed OpenCC (about 0.1 s), never from a file of ours."""
    import opencc

    chars = [chr(c) for start, end in _RANGES for c in range(start, end + 1)]
    joined = "\n".join(chars)
    table: dict[int, int] = {}
    for config in ("t2s", "tw2s", "hk2s"):
        converted = opencc.OpenCC(config).convert(joined).split("\n")
        if len(converted) != len(chars):  # a phrase rule crossed a line: use none of this config
            continue
        for original, simple in zip(chars, converted):
            if len(simple) == 1 and simple != original and ord(original) not in table:
                table[ord(original)] = ord(simple)
    return table


def simplify(text: str) -> str:
    """`text` with every Traditional character in its simplified form, same length."""
    return text.translate(simplify_table())


def shadow(doc: Document) -> Document:
    """In normalisation: match on the simplified shadow, keep the written text."""
    simple = simplify(doc.text)
    if simple != doc.text:
        doc.written = doc.text
        doc.text = simple
    return doc


def restore(doc: Document) -> Document:
    """Every extracted string back in the characters the document wrote."""
    if not doc.written:
        return doc
    for item in (doc.contract, *doc.parties, *doc.payments, *doc.penalties, *doc.sla, *doc.flags):
        _restore_model(item, doc)
    return doc


def written_form(value: str, doc: Document) -> str:
    """`value` (a string found in the shadow) as the document wrote it: the
    same characters at the first place the shadow holds it; a value put
    together from several places (a title over two lines) character by
    character, as this document writes each simplified character; a value
    with nothing to restore (a date, an amount) unchanged."""
    if not doc.written or not value:
        return value
    at = doc.text.find(value)
    if at >= 0:
        return doc.written[at : at + len(value)]
    # put together from several places: each longest piece as written where
    # the shadow holds it, a character found nowhere by the document's map
    out: list[str] = []
    i = 0
    while i < len(value):
        length, at = 0, -1
        for j in range(len(value), i, -1):
            at = doc.text.find(value[i:j])
            if at >= 0:
                length = j - i
                break
        if length:
            out.append(doc.written[at : at + length])
            i += length
        else:
            out.append(value[i].translate(_document_map(doc)))
            i += 1
    return "".join(out)


def _document_map(doc: Document) -> dict[int, str]:
    """simplified → written character, as this document writes it (its most
    frequent spelling), built once per document."""
    global _LAST_MAP
    if _LAST_MAP is not None and _LAST_MAP[0] is doc.written:
        return _LAST_MAP[1]
    counts: dict[str, dict[str, int]] = {}
    for simple, written in zip(doc.text, doc.written):
        if simple != written:
            spellings = counts.setdefault(simple, {})
            spellings[written] = spellings.get(written, 0) + 1
    mapping = {ord(s): max(w, key=w.get) for s, w in counts.items()}
    _LAST_MAP = (doc.written, mapping)
    return mapping


_LAST_MAP: tuple[str, dict[int, str]] | None = None  # the last document's map (one document at a time)


def _restore_model(item: Any, doc: Document) -> None:
    for name in type(item).model_fields:
        if name in ("kind", "rule", "unit", "base", "role", "payer", "dispute_forum", "severity"):
            continue
        value = getattr(item, name)
        if isinstance(value, str):
            setattr(item, name, written_form(value, doc))
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            setattr(item, name, [written_form(v, doc) for v in value])
