"""Checks: inconsistencies a reviewer must look at before a contract is paid.

`extract(doc)` runs last (after contract, parties, payments, penalties, sla)
and returns one `Flag` per problem, of the kinds in data/gold/FORMAT.md. Each
flag has a one-sentence English message that quotes the contract, the
evidence strings as written, and their spans (`doc.evidence`, offsets into the
raw text). One problem is one flag: a misplaced district named five times is
one flag with five spans.

Severity: `error` when money does not add up (amount_words_mismatch,
payment_sum_mismatch, payment_ratio_mismatch, tax_mismatch); `warning` for
names, places, party details and the service period; `info` for a blank
signing date and numbering gaps.

Each check is a function `(Document, mentions) -> list[Flag]` in `CHECKS`
(`mentions` are `hetong.extractors.parties.find_mentions(doc)`, computed once); a
check that raises is recorded on the document (`flags.<check>`, status
partial) and the others still run.

The checks live by family: `places`, `parties`, `money`, `dates`,
`numbering`, `ocr_confidence` (values read from OCR lines scored low); the kinds, severities and the flag built from evidence items
are in `common`.
"""

from __future__ import annotations

from collections.abc import Callable

from hetong.extractors.flags import ocr_confidence
from hetong.extractors.flags.common import KINDS, SEVERITY
from hetong.extractors.flags.dates import check_period, check_signing_date
from hetong.extractors.flags.money import check_amount_words, check_payments, check_tax
from hetong.extractors.flags.numbering import check_numbering
from hetong.extractors.flags.parties import (
    check_party_details,
    check_party_names,
    check_person_names,
)
from hetong.extractors.flags.places import check_districts
from hetong.extractors.parties import Mention, find_mentions
from hetong.models import Document, Flag

__all__ = [
    "CHECKS", "KINDS", "SEVERITY", "extract",
    "check_amount_words", "check_districts", "check_numbering", "check_party_details", "check_party_names",
    "check_payments", "check_period", "check_person_names", "check_signing_date", "check_tax",
]


Check = Callable[[Document, list[Mention]], list[Flag]]
CHECKS: tuple[tuple[str, Check], ...] = (
    ("districts", check_districts),
    ("party_names", check_party_names),
    ("person_names", check_person_names),
    ("party_details", check_party_details),
    ("amount_words", check_amount_words),
    ("payments", check_payments),
    ("tax", check_tax),
    ("period", check_period),
    ("signing_date", check_signing_date),
    ("numbering", check_numbering),
    ("ocr_confidence", ocr_confidence.check),
)


def extract(doc: Document) -> list[Flag]:
    """Every inconsistency found in `doc`, check by check."""
    flags: list[Flag] = []
    try:
        mentions = find_mentions(doc)
    except Exception as exc:  # the party checks then have nothing to compare
        doc.fail("flags.mentions", f"{type(exc).__name__}: {exc}")
        mentions = []
    for name, check in CHECKS:
        try:
            flags.extend(check(doc, mentions))
        except Exception as exc:  # one broken check must not hide the others
            doc.fail(f"flags.{name}", f"{type(exc).__name__}: {exc}")
    return flags
