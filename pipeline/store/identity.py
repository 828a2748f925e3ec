"""Contracts, not files: the files of one contract grouped by their text.

The same contract reaches an office as .txt, .docx and .pdf, re-saved in
another encoding, or edited in place; content hashes identify files, not
contracts. Each document gets a MinHash signature of its normalised text
(character 5-shingles of the simplified shadow without white space or
punctuation, 64 hash functions): two texts share a shingle set of Jaccard
similarity J, and each of the 64 minima agrees with probability J. Documents
whose estimated similarity is at least SAME_CONTRACT belong to one contract
(`documents.contract_id`: the sha256 of its first document); candidates are
found through 16 bands of 4 minima (locality-sensitive hashing), so a new
document is compared only with the few that share a band, never with all.

Within a contract, documents whose extracted key values (total, parties,
dates, number) agree are one version in several files; a document whose
values differ is another version (an edited amount), shown by
`v_contract_versions` with its differences, never merged silently.

MinHash is written here over numpy because the libraries that offer it hash
shingle by shingle in Python (datasketch: ~100 ms a contract, more than the
whole extraction); this is a few vectorised passes (~2 ms).
"""

from __future__ import annotations

import re
from functools import lru_cache

SHINGLE = 5
PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SAME_CONTRACT = 0.8  # estimated Jaccard similarity of shingles

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_MASK = (1 << 64) - 1


@lru_cache(maxsize=1)
def _seeds() -> tuple[object, object]:
    import numpy as np

    rng = np.random.default_rng(20261207)  # fixed: signatures must compare across runs and machines
    xor = rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    mul = rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    return xor, mul


def signature(text: str) -> list[int] | None:
    """The MinHash signature of `text` (64 unsigned 64-bit ints), or None for
    a text too short to identify a contract (under 50 characters of words)."""
    import numpy as np

    squeezed = _NOT_WORD.sub("", text)
    if len(squeezed) < 50:
        return None
    codes = np.frombuffer(squeezed.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    # polynomial hash of every window of SHINGLE characters (wrapping mod 2**64)
    base = np.uint64(1_000_003)
    shingles = np.zeros(len(codes) - SHINGLE + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):
            shingles = shingles * base + codes[k : len(codes) - SHINGLE + 1 + k]
        shingles = np.unique(shingles)
        xor, mul = _seeds()
        # one multiply-xorshift hash per permutation: (s ^ x) * m, high bits mixed down
        hashed = (shingles[None, :] ^ xor[:, None]) * mul[:, None]  # type: ignore[index]
        hashed ^= hashed >> np.uint64(29)
    return [int(v) for v in hashed.min(axis=1)]


def bands(sig: list[int]) -> list[int]:
    """One bucket per band: a hash of its ROWS minima (as a signed 64-bit int for DuckDB's BIGINT)."""
    out = []
    for b in range(BANDS):
        h = 1469598103934665603
        for v in sig[b * ROWS : (b + 1) * ROWS]:
            h = ((h ^ v) * 1099511628211) & _MASK
        out.append(h - (1 << 64) if h >= 1 << 63 else h)
    return out


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return sum(x == y for x, y in zip(a, b)) / PERMUTATIONS


def assign(conn: object, shas: list[str]) -> None:
    """Give each of `shas` (just stored, with their fingerprints) its contract
    and version in `contract_files`, in the order given: a document joins the
    contract of the most similar earlier document (estimated similarity at
    least SAME_CONTRACT), found through shared LSH buckets; else it starts a
    contract of its own. Three queries for the whole batch."""
    if not shas:
        return
    execute = conn.execute  # type: ignore[attr-defined]
    pairs = execute(
        "SELECT DISTINCT a.sha256, b.sha256 FROM fingerprint_bands a JOIN fingerprint_bands b "
        "ON a.band = b.band AND a.bucket = b.bucket AND a.sha256 <> b.sha256 "
        "WHERE a.sha256 IN (SELECT unnest(?::VARCHAR[]))", [shas]).fetchall()
    involved = sorted({x for pair in pairs for x in pair} | set(shas))
    prints = {sha: (list(sig), key) for sha, sig, key in execute(
        "SELECT sha256, signature, values_key FROM fingerprints WHERE sha256 IN (SELECT unnest(?::VARCHAR[]))",
        [involved]).fetchall()}
    known = {sha: (cid, version) for sha, cid, version in execute(
        "SELECT sha256, contract_id, version FROM contract_files WHERE sha256 IN (SELECT unnest(?::VARCHAR[]))",
        [involved]).fetchall()}
    group_keys: dict[str, dict[str, int]] = {}
    if known:
        for cid, version, key in execute(
            "SELECT f.contract_id, f.version, p.values_key FROM contract_files f JOIN fingerprints p USING (sha256) "
            "WHERE f.contract_id IN (SELECT unnest(?::VARCHAR[]))", [sorted({c for c, _ in known.values()})]).fetchall():
            group_keys.setdefault(cid, {}).setdefault(key, version)
    neighbours: dict[str, list[str]] = {}
    for a, b in pairs:
        neighbours.setdefault(a, []).append(b)
    rows = []
    for sha in shas:
        if sha not in prints or sha in known:
            continue
        sig, key = prints[sha]
        best, best_sim = None, SAME_CONTRACT
        for other in sorted(neighbours.get(sha, ())):
            if other in known and other in prints:
                sim = similarity(sig, prints[other][0])
                if sim >= best_sim:
                    best, best_sim = other, sim
        if best is None:
            cid, version, sim_out = sha, 1, None
        else:
            cid = known[best][0]
            versions = group_keys.setdefault(cid, {})
            version = versions.get(key) or (max(versions.values(), default=0) + 1)
            sim_out = best_sim
        group_keys.setdefault(cid, {}).setdefault(key, version)
        known[sha] = (cid, version)
        rows.append([sha, cid, version, sim_out])
    if rows:
        run_id = execute("SELECT run_id FROM fingerprints WHERE sha256 = ?", [rows[0][0]]).fetchone()[0]
        execute("INSERT INTO contract_files (sha256, contract_id, version, similarity, run_id) "
                "SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::INTEGER[]), unnest(?::DOUBLE[]), ?",
                [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows], run_id])
