"""jieba's default dictionary, loaded one first character at a time.

jieba reads its whole prefix dictionary (~500,000 words and prefixes, about
a second of CPU) before it cuts the first word. NER cuts a few short windows
per contract, which touch a few hundred distinct first characters, and
`hetong extract` on one file must start in well under two seconds. Every
lookup jieba makes while cutting (`frag in FREQ`, `FREQ[frag]`,
`FREQ.get(sentence[i:j])`, and `add_word`'s writes) is of a string that
starts at the character the lookup is about, so a dictionary split by first
character and loaded on demand answers every one of them exactly as the full
dictionary would: the segmentation, and so the NER model's input, is the same.

The split is built once per machine and word list from jieba's own
dictionary file with the extra words added as `jieba.Tokenizer.add_word`
adds them, in order (about two seconds), into the temp directory, as jieba
caches its own; it is rebuilt when jieba's dictionary or the word list
changes. Adding the words at build time matters: each `add_word` cuts its
word to suggest a frequency, which would load the shards of most first
characters again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

_FORMAT = 1
_HEADER = struct.Struct("<Q")  # length of the marshalled (total, index) that follows


class ShardedFreq(dict):
    """A `jieba.Tokenizer.FREQ` that loads the words starting with a
    character the first time a key starting with it is looked up or set."""

    def __init__(self, blob: bytes, index: dict[str, tuple[int, int]]) -> None:
        super().__init__()
        self._blob = blob
        self._index = index
        self._loaded: set[str] = set()
        self._lock = threading.Lock()

    def _ensure(self, key: object) -> None:
        if not isinstance(key, str) or not key:
            return
        first = key[0]
        if first in self._loaded:
            return
        with self._lock:
            if first in self._loaded:
                return
            where = self._index.get(first)
            if where is not None:
                start, length = where
                # no key with this first character is here yet: a write loads
                # the shard before it writes (__setitem__)
                dict.update(self, marshal.loads(self._blob[start : start + length]))
            self._loaded.add(first)

    def __contains__(self, key: object) -> bool:
        self._ensure(key)
        return dict.__contains__(self, key)

    def __getitem__(self, key: str) -> int:
        self._ensure(key)
        return dict.__getitem__(self, key)

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        self._ensure(key)
        return dict.get(self, key, default)

    def __setitem__(self, key: str, value: int) -> None:
        self._ensure(key)  # so the shard's entry is replaced, not restored later
        dict.__setitem__(self, key, value)


def import_jieba() -> ModuleType:
    """`import jieba`, without the `pkg_resources` import jieba makes only to
    find its dictionary file (a fifth of a second of start-up, and a
    deprecated module): jieba falls back to opening the file next to its
    code, and this module reads that file by path anyway."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    block = "pkg_resources" not in sys.modules
    if block:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        if block and sys.modules.get("pkg_resources", ...) is None:
            del sys.modules["pkg_resources"]
    return jieba


def default_dictionary(words: Sequence[str] = ()) -> tuple[ShardedFreq, int]:
    """(FREQ, total) of jieba's default dictionary after `add_word(w)` for
    each of `words` in order, loaded by first character."""
    words = list(words)
    source = _dictionary_path()
    cache = _cache_path(source, words)
    try:
        data = cache.read_bytes()
    except OSError:
        data = _build(source, words, cache)
    (header_len,) = _HEADER.unpack_from(data)
    total, index = marshal.loads(data[_HEADER.size : _HEADER.size + header_len])
    blob = memoryview(data)[_HEADER.size + header_len :]
    return ShardedFreq(blob, index), total  # type: ignore[arg-type]


def _dictionary_path() -> Path:
    jieba = import_jieba()

    return Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)


def _cache_path(source: Path, words: Sequence[str]) -> Path:
    stat = source.stat()
    added = hashlib.sha256("\n".join(words).encode()).hexdigest()
    key = f"{_FORMAT}:{source.resolve()}:{stat.st_size}:{stat.st_mtime_ns}:{added}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"hetong-jieba-{digest}.shards"


def _build(source: Path, words: Sequence[str], cache: Path) -> bytes:
    """jieba's prefix dictionary (as `jieba.Tokenizer.gen_pfdict` builds it)
    plus `words` (as `add_word` adds them), split by first character and
    written to `cache` atomically."""
    jieba = import_jieba()

    with open(source, "rb") as fh:
        freq, total = jieba.Tokenizer.gen_pfdict(fh)
    if words:
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
        for word in words:
            tokenizer.add_word(word)
        freq, total = tokenizer.FREQ, tokenizer.total
    shards: dict[str, dict[str, int]] = {}
    for word, count in freq.items():
        shards.setdefault(word[0], {})[word] = count
    blobs, index, offset = [], {}, 0
    for first, shard in shards.items():
        blob = marshal.dumps(shard)
        index[first] = (offset, len(blob))
        blobs.append(blob)
        offset += len(blob)
    header = marshal.dumps((total, index))
    data = _HEADER.pack(len(header)) + header + b"".join(blobs)
    try:
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=cache.name + ".")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only temp dir: build again next time, still correct
    return data
