"""The last document's answer of a finder that is asked more than once per
document: the contract fields and the flags both ask for the service period,
the total and the party mentions. Documents are processed one at a time, so
remembering the last one is all it takes; the key is compared by identity
(`doc.text is …`), never hashed or compared by value, and callers get a copy
of the list so that none can change what the next caller is given."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from hetong.models import Document

_T = TypeVar("_T")


def last_document(
    key: Callable[[Document], tuple[object, ...]],
) -> Callable[[Callable[[Document], list[_T]]], Callable[[Document], list[_T]]]:
    """Keep `find(doc)`'s answer for the last document whose `key(doc)` holds
    the same objects."""

    def decorate(find: Callable[[Document], list[_T]]) -> Callable[[Document], list[_T]]:
        last: tuple[tuple[object, ...], tuple[_T, ...]] | None = None

        @wraps(find)
        def cached(doc: Document) -> list[_T]:
            nonlocal last
            k = key(doc)
            hit = last  # one read: another thread may replace it meanwhile
            if hit is not None and len(hit[0]) == len(k) and all(a is b for a, b in zip(hit[0], k)):
                return list(hit[1])
            found = find(doc)
            last = (k, tuple(found))  # a snapshot: changing `found` leaves it alone
            return found

        return cached

    return decorate
