"""A file that holds more than one contract: only the first is extracted.

Scanned archives bind contracts together: one PDF holds a contract, its
signature page, then the cover of another contract with other parties. The
extractors read one contract per document; reading two at once mixes their
amounts and schedules. A second contract is recognised by its shape — after
a signature block, a title line (…合同, …协议) followed within a few lines by
its own party declaration — and by its parties: a 甲方 or 乙方 named
differently from the first contract's. An appended form of the same deal (a
委托持股合同 with blank names, 附件 agreements) is not another contract.

The document's text is cut before the second contract (offsets are kept, so
evidence still points into the raw text), and the document is `partial` with
a message saying where the other contract starts and that it was not
extracted.
"""

from __future__ import annotations

import re

from hetong.models import Document
from hetong.pipeline.text import tables

_TITLE = re.compile(r"^[ \t]*([^\s:：，,。；;]{2,38}?(?:合同书?|协议书?|契约书?))[ \t]*$")
_ANNEX = re.compile(r"附件|附表|附录")
_SIGNATURE = re.compile(
    r"(?:甲方|乙方|丙方|采购人|供应商)[^\n]{0,16}(?:盖章|签字|签章|\(章\)|（章）)|(?:盖章|签字|签章)[^\n]{0,6}$"
    r"|签[署字章]页|^[ \t]*(?:代表|法定代表人|授权代表|委托代理人)[^\n:：]{0,8}[:：]"
)
_PARTY = re.compile(r"^[ \t]*(甲方|乙方)[ \t]*(?:[(（][^()（）\n]{0,12}[)）])?[ \t]*[:：\t][ \t]*([^\s:：]{4,})")
_LOOK = 12  # lines after a title where its parties are declared


def second_contract_start(text: str) -> int | None:
    """Offset in `text` where a second contract between other parties starts, or None."""
    lines = text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1

    def parties_after(i: int) -> dict[str, str]:
        found: dict[str, str] = {}
        for line in lines[i + 1 : i + 1 + _LOOK]:
            m = _PARTY.match(line)
            if m and m.group(1) not in found:
                found[m.group(1)] = re.sub(r"\s", "", m.group(2))
        return found

    titles = [i for i, line in enumerate(lines) if _TITLE.match(line)
              and not any(_ANNEX.search(prev) for prev in lines[max(0, i - 2) : i + 1])]
    if len(titles) < 2:
        return None
    first = parties_after(titles[0])
    if not first:
        return None
    signed = False
    last_title = titles[0]
    for i in range(titles[0] + 1, len(lines)):
        if _SIGNATURE.search(lines[i]):
            signed = True
        if i in titles and signed and i - last_title > _LOOK:
            other = parties_after(i)
            differ = [role for role, name in other.items() if role in first and name != first[role]]
            if differ:
                return starts[i]
        if i in titles:
            last_title = i
    return None


def run(doc: Document) -> Document:
    cut = second_contract_start(doc.text)
    if cut is None:
        return doc
    raw_at = doc.offsets[cut] if doc.offsets else cut
    page = doc.page_at(raw_at)
    title = doc.text[cut:].split("\n", 1)[0].strip()
    where = f"page {page}" if page else f"character {raw_at}"
    doc.fail("bundle", f"the file holds another contract from {where} ({title}, other parties): "
                       "only the first is extracted; split the file to extract the other", status="partial")
    doc.text = doc.text[:cut]
    doc.offsets = doc.offsets[: cut + 1] if doc.offsets else doc.offsets
    if doc.written:
        doc.written = doc.written[:cut]
    doc.tables = tables.find_tables(doc.text)
    return doc
