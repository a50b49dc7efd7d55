"""Which pairs of reports are worth comparing exactly.

Up to `LSH_ABOVE` reports every pair that shares at least `min_shingles` counted shingles is a
candidate (an inverted index over the shingles: exact, nothing missed). Above it, candidates come
from MinHash LSH (datasketch, affine32 permutations; the signatures are computed in the workers)
and every candidate is then confirmed exactly (pairs.compare), so LSH can only miss, never invent.
datasketch is imported only here, and only for a large batch: a plain `check` never loads it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from typing import Sequence

from fzcheck.copies.fingerprint import Fingerprint

LSH_ABOVE = 400  # reports; below this the exact index costs less than a second on two cores
NUM_PERM = 128
LSH_THRESHOLD = 0.08  # Jaccard: a report that takes 30% of a neighbour twice its size sits near 0.11
LSH_SEED = 1


def available() -> bool:
    try:
        import datasketch  # noqa: F401
    except ImportError:
        return False
    return True


def signature_of(hashes) -> bytes:
    """MinHash hash values (uint32, affine32) of a report's counted shingles; b"" without datasketch."""
    try:
        import numpy as np
        from datasketch import MinHash
    except ImportError:
        return b""
    values = np.unique(np.frombuffer(hashes, dtype=np.uint32))
    values = values[values != 0]
    sketch = MinHash(num_perm=NUM_PERM, seed=LSH_SEED, hashfunc=_identity, scheme="affine32")
    if len(values):
        sketch.update_batch(values)
    return sketch.hashvalues.astype(np.uint32).tobytes()


def _identity(value):
    return value


def exact(prints: Sequence[Fingerprint], limit: int, min_shingles: int) -> set[tuple[int, int]]:
    """Pairs (i < j) sharing at least `min_shingles` shingles found in fewer than `limit` reports."""
    sets = [frozenset(fp.hashes) - {0} for fp in prints]
    counts: Counter[int] = Counter()
    for values in sets:
        counts.update(values)
    shared = frozenset(value for value, count in counts.items() if 2 <= count < limit)
    holders: dict[int, list[int]] = defaultdict(list)
    for index, values in enumerate(sets):
        for value in values & shared:
            holders[value].append(index)
    pairs: Counter[tuple[int, int]] = Counter()
    for docs in holders.values():
        pairs.update(combinations(docs, 2))
    return {pair for pair, count in pairs.items() if count >= min_shingles}


def lsh(prints: Sequence[Fingerprint]) -> set[tuple[int, int]]:
    """Candidate pairs (i < j) from MinHash LSH over the workers' signatures."""
    import numpy as np
    from datasketch import MinHashLSH
    from datasketch.lean_minhash import LeanMinHash

    index = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    sketches = []
    for number, fp in enumerate(prints):
        values = fp.signature or signature_of(fp.hashes)
        sketch = LeanMinHash(seed=LSH_SEED, hashvalues=np.frombuffer(values, dtype=np.uint32), scheme="affine32")
        sketches.append(sketch)
        index.insert(number, sketch, check_duplication=False)
    pairs = set()
    for number, sketch in enumerate(sketches):
        for other in index.query(sketch):
            if other != number:
                pairs.add((min(number, other), max(number, other)))
    return pairs
