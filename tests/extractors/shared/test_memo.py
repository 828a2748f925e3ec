"""hetong.extractors.shared.memo: the last document's answer, by identity, as a copy."""

from __future__ import annotations

from hetong.extractors.shared.memo import last_document
from hetong.models import Document


def doc(text: str) -> Document:
    return Document(source="t.txt", sha256="x", media_type="text/plain", raw_text=text, text=text)


def counting():
    calls: list[str] = []

    @last_document(lambda d: (d.text,))
    def find(d: Document) -> list[str]:
        calls.append(d.text)
        return [d.text[:2]]

    return find, calls


def test_the_second_asking_is_answered_from_the_last_document():
    find, calls = counting()
    d = doc("甲方：某局")
    assert find(d) == find(d) == ["甲方"]
    assert len(calls) == 1


def test_callers_cannot_change_what_the_next_one_gets():
    find, _ = counting()
    d = doc("乙方：某公司")
    first = find(d)
    first.append("changed")
    second = find(d)
    second.clear()
    assert find(d) == ["乙方"]


def test_another_document_or_an_equal_text_object_is_read_again():
    find, calls = counting()
    a = doc("甲方：某局")
    b = doc("乙方：某公司")
    find(a), find(b), find(a)
    same_text = doc("".join(["甲方", "：某局"]))  # equal, not the same object
    find(same_text)
    assert len(calls) == 4
