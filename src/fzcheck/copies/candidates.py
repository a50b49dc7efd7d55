"""Which pairs of reports are worth comparing exactly.

Up to `LSH_ABOVE` reports a pair is a candidate when the reports' samples share `MIN_SAMPLED`
shingles that fewer than `limit` reports hold: each report's sample is the one in eight of its
shingles whose hash is below `fingerprint.SAMPLE_BELOW`, made in the worker, so the same passage is
sampled alike in every report and a copied passage of 150 characters has ~17 sampled shingles; an
inverted index over 300 reports' samples costs a few tens of milliseconds in plain Python (the exact
index over every shingle needed numpy, whose import alone cost more). Above it, candidates come
from MinHash LSH (datasketch, affine32 permutations; the signatures are computed in the workers)
and every candidate is then confirmed exactly (pairs.compare), so LSH can only miss, never invent.
datasketch is imported only here, and only for a large batch: a plain `check` never loads it.

What is hashed is not the whole report but each of its chunks. The copied rules ask for a share of
the *copier's* text (30%), so a report that takes three paragraphs of a neighbour has a Jaccard
similarity of only ~0.2 with it over whole reports (0.06 for a short copier and a long source);
128 permutations cannot tell that from unrelated reports without tens of thousands of false
candidates (measured: 83,000 of 2 million pairs at threshold 0.08, and still a planted copy missed).
A copied passage, though, is nearly the same chunk in both reports. Chunks are content-defined —
they end where a shingle's hash is 0 modulo `CHUNK_EVERY` (and at paragraph ends) — so the same
passage is cut the same way wherever it is pasted; each chunk gets a MinHash of `NUM_PERM` values,
and `BANDS` bands of `ROWS` values put near-identical chunks (Jaccard ≳ 0.6, a few names or years
changed) in one bucket while unrelated chunks (Jaccard < 0.05) essentially never meet.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations
from typing import Sequence

from fzcheck.copies.fingerprint import Fingerprint, sample_of

LSH_ABOVE = 400  # reports; below this the exact index costs less than a second on two cores
NUM_PERM = 32  # MinHash values per chunk
BANDS, ROWS = 8, 4  # P(candidate) = 1 - (1 - J^4)^8: 0.67 at J = 0.6, 0.985 at 0.8, 0.0008 at 0.1
CHUNK_EVERY = 64  # a chunk ends after a shingle whose hash is 0 modulo this: ~64 characters a chunk
MIN_CHUNK = 24  # shingles: a chunk is at least this long (shorter ones are joined to the next)
MAX_BUCKET = 50  # reports: a chunk shared by more is common wording, not a copy between two of them
LSH_SEED = 1
TAG = b"CK32"  # signature layout: TAG, then NUM_PERM uint32 values per chunk
MIN_CHUNKS = 2  # chunks: one shared chunk is a common phrase; a copied passage of 150 characters has several
MIN_VALUES = 8  # distinct shingles: a smaller chunk (a paragraph's tail) is no evidence
MIN_SAMPLED = 4  # shared sampled shingles (one in eight): a passage of 150 characters has ~17, P(< 4) ≈ 3e-5


def available() -> bool:
    """Whether datasketch is installed (found, not imported: it loads scipy, and the client only buckets the
    signatures the workers made)."""
    from importlib.util import find_spec

    return find_spec("datasketch") is not None


def chunks(hashes, starts: Sequence[int] = ()) -> list:
    """The counted shingle hashes of each content-defined chunk (numpy uint32 arrays)."""
    import numpy as np

    values = np.frombuffer(hashes, dtype=np.uint32)
    cuts = np.flatnonzero((values % CHUNK_EVERY == 0) & (values != 0)) + 1
    bounds, last = [0], 0
    breaks = sorted({*starts, len(values)})
    for cut in np.union1d(cuts, np.asarray(breaks, dtype=np.int64)).tolist():
        if cut in breaks or cut - last >= MIN_CHUNK:  # a paragraph always ends a chunk
            if cut > last:
                bounds.append(cut)
                last = cut
    found = []
    for start, end in zip(bounds, bounds[1:]):
        part = np.unique(values[start:end])
        part = part[part != 0]
        if len(part) >= MIN_VALUES:
            found.append(part)
    return found


def signature_of(hashes, starts: Sequence[int] = ()) -> bytes:
    """TAG and a MinHash (uint32, affine32) of each chunk of a report; b"" without datasketch."""
    try:
        import numpy as np
        from datasketch import MinHash
    except ImportError:
        return b""
    sketch = MinHash(num_perm=NUM_PERM, seed=LSH_SEED, hashfunc=_identity, scheme="affine32")
    parts = []
    for part in chunks(hashes, starts):
        sketch.clear()
        sketch.update_batch(part)
        parts.append(sketch.hashvalues.astype(np.uint32).tobytes())
    return TAG + b"".join(parts)


def _identity(value):
    return value


def sampled(prints: Sequence[Fingerprint], limit: int, min_shared: int = MIN_SAMPLED) -> set[tuple[int, int]]:
    """Pairs (i < j) whose samples (Fingerprint.sample) share at least `min_shared` hashes found in fewer
    than `limit` reports. Plain Python: matching a county's batch needs no numpy in the main process."""
    samples = [_sample(fp) for fp in prints]
    counts: Counter[int] = Counter()
    for sample in samples:
        counts.update(sample)
    shared = {value for value, count in counts.items() if 2 <= count < limit}
    holders: dict[int, list[int]] = defaultdict(list)
    for number, sample in enumerate(samples):
        for value in shared.intersection(sample):
            holders[value].append(number)
    pairs: Counter[tuple[int, int]] = Counter()
    for docs in holders.values():
        pairs.update(combinations(docs, 2))
    return {pair for pair, count in pairs.items() if count >= min_shared}


def _sample(fp: Fingerprint):
    sample = getattr(fp, "sample", None)  # None: pickled by an older version
    return sample if sample or not fp.hashes else sample_of(fp.hashes)  # a fingerprint made without one


def _signature(fp: Fingerprint) -> bytes:
    if fp.signature.startswith(TAG):
        return fp.signature[len(TAG) :]
    return signature_of(fp.hashes, [start for _, start in fp.paragraphs])[len(TAG) :]


BLOCK = 256  # reports whose signatures are turned into band keys at once


def _band_keys(prints: Sequence[Fingerprint]):
    """Each chunk's `BANDS` bucket keys (its band's `ROWS` values mixed into one 64-bit key), and the chunk's
    report. Signatures are read a block of reports at a time and dropped once keyed, so a batch of ten
    thousand holds 64 bytes a chunk (~4 KB a report), not its signatures twice over."""
    import numpy as np

    keys, owners = [np.zeros((0, BANDS), np.uint64)], [np.zeros(0, np.int64)]
    for first in range(0, len(prints), BLOCK):
        block = [np.frombuffer(_signature(prints[n]), dtype=np.uint32).reshape(-1, NUM_PERM) for n in range(first, min(first + BLOCK, len(prints)))]
        owners.append(np.repeat(np.arange(first, first + len(block), dtype=np.int64), [len(b) for b in block]))
        values = np.concatenate(block or [np.zeros((0, NUM_PERM), np.uint32)]).astype(np.uint64)
        del block
        mixed = np.empty((len(values), BANDS), np.uint64)
        for band in range(BANDS):
            key = np.zeros(len(values), dtype=np.uint64)
            for column in values[:, band * ROWS : (band + 1) * ROWS].T:
                key = (key ^ column) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(band)
            mixed[:, band] = key
        keys.append(mixed)
    return np.concatenate(keys), np.concatenate(owners)


def lsh(prints: Sequence[Fingerprint], limit: int = MAX_BUCKET) -> set[tuple[int, int]]:
    """Candidate pairs (i < j): reports with `MIN_CHUNKS` chunks each in a bucket of the other's (a bucket
    of more than `limit` reports is common wording and pairs no one)."""
    import numpy as np

    keys, owner = _band_keys(prints)
    rows = np.arange(len(owner), dtype=np.int64)
    shared: dict[tuple[int, int], set[int]] = defaultdict(set)  # a pair's colliding chunks (rows of the first report)
    for band in range(BANDS):
        key = keys[:, band]
        order = np.lexsort((owner, key))
        key, who, row = key[order], owner[order], rows[order]
        fresh = np.ones(len(key), dtype=bool)
        fresh[1:] = (key[1:] != key[:-1]) | (who[1:] != who[:-1])  # one entry per report and bucket
        key, who, row = key[fresh], who[fresh], row[fresh]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        sizes = np.diff(np.r_[starts, len(key)])
        for start, size in zip(starts[sizes >= 2].tolist(), sizes[sizes >= 2].tolist()):
            if size <= limit:
                members = list(zip(who[start : start + size].tolist(), row[start : start + size].tolist()))
                for (first, chunk), (second, _) in combinations(members, 2):
                    shared[first, second].add(chunk)
    return {pair for pair, chunks_ in shared.items() if len(chunks_) >= MIN_CHUNKS}
