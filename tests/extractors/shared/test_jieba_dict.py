"""hetong.extractors.shared.jieba_dict: jieba's dictionary loaded by first character cuts
exactly as the whole dictionary does."""

from __future__ import annotations

import random
import re
import tempfile
from pathlib import Path

import jieba
import pytest

from hetong.extractors.shared import jieba_dict
from hetong.extractors.ner.model import USERDICT, model_dir, read_words

GOLD = Path(__file__).resolve().parents[3] / "data" / "gold"


@pytest.fixture(scope="module")
def full() -> tuple[dict[str, int], int]:
    with open(jieba_dict._dictionary_path(), "rb") as fh:
        return jieba.Tokenizer.gen_pfdict(fh)


def tokenizer(freq: dict[str, int], total: int, words: list[str]) -> jieba.Tokenizer:
    t = jieba.Tokenizer()
    t.FREQ, t.total, t.initialized = freq, total, True
    for word in words:
        t.add_word(word)
    return t


def sentences() -> list[str]:
    out: list[str] = []
    for path in sorted(GOLD.glob("*.txt")):
        out += [s for s in re.split(r"[。\n;；]", path.read_text(encoding="utf-8")) if s.strip()]
    return out


def test_the_same_words_and_counts(full: tuple[dict[str, int], int]) -> None:
    freq, total = full
    sharded, sharded_total = jieba_dict.default_dictionary()
    assert sharded_total == total
    keys = random.Random(0).sample(sorted(freq), 3000)
    assert [sharded.get(k) for k in keys] == [freq[k] for k in keys]
    assert all(k in sharded for k in keys)
    for missing in ("不是一个词语啊", "zzzz", "𠀀𠀁"):
        assert missing not in sharded and sharded.get(missing) is None


def test_cuts_every_gold_sentence_as_the_whole_dictionary_does(full: tuple[dict[str, int], int]) -> None:
    freq, total = full
    path = model_dir() / USERDICT
    words = read_words(path) if path.is_file() else ["西湖数据", "政务云"]
    whole = tokenizer(dict(freq), total, words)
    sharded = tokenizer(*jieba_dict.default_dictionary(words), [])  # words added in the cache
    texts = sentences()
    assert len(texts) > 500
    for text in texts:
        assert list(sharded.cut(text, HMM=False)) == list(whole.cut(text, HMM=False)), text
    assert sharded.total == whole.total  # the words counted with the same frequencies
    assert [sharded.FREQ.get(w) for w in words] == [whole.FREQ.get(w) for w in words]


def test_an_added_word_is_not_undone_by_its_shard_loading_later() -> None:
    freq, _ = jieba_dict.default_dictionary()
    freq["政务"] = 7  # the shard of 政 loads before the write, not after it
    assert freq["政务"] == 7
    assert freq.get("政府") is not None  # the rest of the shard is there


def test_a_missing_or_stale_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    cache = jieba_dict._cache_path(jieba_dict._dictionary_path(), [])
    assert cache.parent == tmp_path and not cache.exists()
    first, total = jieba_dict.default_dictionary()
    assert cache.is_file()
    again, total_again = jieba_dict.default_dictionary()  # read back from the file
    assert total_again == total and again.get("合同") == first.get("合同") is not None
    # another word list is another dictionary, in another file
    with_word, total_with = jieba_dict.default_dictionary(["西湖数据云"])
    assert with_word.get("西湖数据云") and total_with > total and first.get("西湖数据云") is None
    assert len(list(tmp_path.glob("hetong-jieba-*.shards"))) == 2
