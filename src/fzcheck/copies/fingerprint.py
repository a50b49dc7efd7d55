"""A report's fingerprint for copy detection: computed once per report, where the report is parsed.

A fingerprint is small and picklable (it travels back from a worker process and into the SQLite
index): the folded text of the report's body (header and 落款 left out), where each body paragraph
starts in it, and one 32-bit hash per position for the `SHINGLE` characters that start there.
Digits are hashed as "0", so a report whose years were moved on (2023 → 2024) still matches.
A shingle that also occurs in the shipped reference texts (boilerplate.reference_hashes) gets
hash 0 and never counts as shared. Shingles never cross a paragraph boundary.
"""

from __future__ import annotations

import os
import re
import sys
from array import array
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate

from fzcheck.copies.boilerplate import reference_hashes
from fzcheck.copies.shingles import shingle_hashes

SHINGLE = 10  # characters per shingle: a run shorter than this is never evidence of copying
SAMPLE_BELOW = 1 << 29  # a report's sample: its distinct counted hashes below this, one in eight
_ISSUER_PREFIX = re.compile(r"^中共")
_ISSUER_SUFFIX = re.compile(r"(?:党委|委员会|人民政府|政府|办事处|文件)+$")


@dataclass(frozen=True)
class Fingerprint:
    path: str
    issuer: str  # the body's name without 中共/委员会/人民政府 (故陵镇, 云阳县司法局), "" when unknown
    level: str
    year: int | None
    text: str  # the body's folded text, paragraphs concatenated
    paragraphs: tuple[tuple[int, int], ...]  # (index in Document.paragraphs, start in text)
    hashes: array  # array('I'): one per position of text; 0 where no counted shingle starts
    substantive: int  # characters not covered by reference (boilerplate) text
    places: tuple[tuple[int | None, int | None, int | None], ...] = ()  # per paragraph: (line, paragraph, page) of its start
    score: float | None = None
    signature: bytes = b""  # MinHash values of each chunk (candidates.signature_of), only for large batches
    sample: array = field(default_factory=lambda: array("I"))  # sorted: what candidates.sampled indexes (sample_of)

    def paragraph_at(self, offset: int) -> tuple[int, int]:
        """(index in Document.paragraphs, offset inside it) of a position in `text`."""
        low, high = 0, len(self.paragraphs) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.paragraphs[middle][1] <= offset:
                low = middle
            else:
                high = middle - 1
        index, start = self.paragraphs[low]
        return index, offset - start

    def paragraph_end(self, offset: int) -> int:
        """Offset in `text` where the paragraph holding `offset` ends."""
        for _, start in self.paragraphs:
            if start > offset:
                return start
        return len(self.text)


def issuer_key(bodies: tuple[str, ...], signature: tuple[str, ...], title: str) -> str:
    """The reporting body's name, comparable across years and across the Party/government pair."""
    from fzcheck.metadata import TITLE_SUBJECT

    subject = TITLE_SUBJECT.match(title or "")
    for name in (*bodies, *signature, subject.group(1) if subject else ""):
        name = _ISSUER_SUFFIX.sub("", name.removeprefix("关于").strip())
        name = _ISSUER_PREFIX.sub("", name.rsplit("委员会", 1)[-1] or name)  # 中共X镇委员会X镇人民政府 on one line
        if 2 <= len(name) <= 30:
            return name
    return ""


def hash_paragraphs(texts: list[str]) -> tuple[array, int]:
    """Shingle hashes for concatenated paragraph texts, and the count of non-boilerplate characters."""
    reference = reference_hashes(SHINGLE)
    try:
        import numpy as np
    except ImportError:
        return _hash_paragraphs_python(texts, reference)
    total = sum(len(t) for t in texts)
    table, known = _reference_table(SHINGLE)
    values = np.zeros(total, dtype=np.uint32)
    found = shingle_hashes("".join(texts), SHINGLE)  # all at once, then shingles across a paragraph end dropped:
    values[: len(found)] = found
    crossing = (np.fromiter(accumulate(len(t) for t in texts), np.int64, len(texts))[:, None] - np.arange(1, SHINGLE)).ravel()
    values[crossing[crossing >= 0]] = 0  # the last SHINGLE - 1 starts of each paragraph
    maybe = np.flatnonzero(table[values >> 16])  # a table of the reference's top 16 bits first: a few dozen positions left
    at = np.minimum(np.searchsorted(known, values[maybe]), len(known) - 1)
    starts = maybe[(known[at] == values[maybe]) & (values[maybe] != 0)]
    if not len(starts):
        return array("I", values.tobytes()), total
    values[starts] = 0
    covered = np.zeros(total + SHINGLE + 1, dtype=np.int32)  # +1 where a reference shingle starts, -1 where it ends
    covered[starts] += 1
    covered[starts + SHINGLE] -= 1
    boilerplate = int(np.count_nonzero(np.cumsum(covered[:total])))
    return array("I", values.tobytes()), total - boilerplate


def preload() -> None:
    """Load what every fingerprint needs — numpy and the reference texts' table — once: a process that
    forks its workers after this spares each of them the import (~0.05–0.1 s of CPU a worker)."""
    if "numpy" not in sys.modules:
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):  # numpy does no linear algebra
            os.environ.setdefault(name, "1")  # here: a BLAS thread pool would double its import's CPU
    try:
        _reference_table(SHINGLE)
    except ImportError:
        reference_hashes(SHINGLE)


@lru_cache(maxsize=4)
def _reference_table(size: int):
    """The reference hashes sorted, and which values of their top 16 bits they take."""
    import numpy as np

    known = np.array(sorted(reference_hashes(size)) or [0], dtype=np.uint32)
    table = np.zeros(1 << 16, dtype=bool)
    table[known >> 16] = True
    return table, known


def sample_of(hashes: array) -> array:
    """A report's distinct counted hashes below `SAMPLE_BELOW`, sorted: the same one in eight of every
    report's shingles, so that two reports sharing a passage share about an eighth of its shingles here."""
    try:
        import numpy as np
    except ImportError:
        return array("I", sorted({value for value in hashes if 0 < value < SAMPLE_BELOW}))
    values = np.frombuffer(hashes, dtype=np.uint32)
    return array("I", np.unique(values[(values < SAMPLE_BELOW) & (values != 0)]).tobytes())


def _hash_paragraphs_python(texts: list[str], reference: frozenset[int]) -> tuple[array, int]:
    total = sum(len(t) for t in texts)
    hashes = array("I", bytes(4 * total))
    boiler = bytearray(total)
    base = 0
    for text in texts:
        for i, value in enumerate(shingle_hashes(text, SHINGLE)):
            if value in reference:
                boiler[base + i : base + i + SHINGLE] = b"\x01" * SHINGLE
            else:
                hashes[base + i] = value
        base += len(text)
    return hashes, total - sum(boiler)


def fingerprint(doc, score: float | None = None, signature: bool = False) -> Fingerprint:
    """The fingerprint of a parsed report (structure.Document)."""
    first = len(doc.header)
    last = len(doc.paragraphs) - len(doc.ending)
    body = [p for p in doc.paragraphs[first:last] if p.norm]
    texts = [p.norm for p in body]
    starts, offset = [], 0
    for para, text in zip(body, texts, strict=True):
        starts.append((para.index, offset))
        offset += len(text)
    hashes, substantive = hash_paragraphs(texts)
    meta = doc.metadata
    places = tuple((b.line, b.paragraph, b.page) for b in (p.first_block for p in body))
    found = Fingerprint(
        path=doc.path,
        issuer=issuer_key(meta.bodies, meta.signature, meta.title),
        level=meta.level,
        year=meta.year,
        text="".join(texts),
        paragraphs=tuple(starts),
        hashes=hashes,
        substantive=substantive,
        places=places,
        score=score,
        sample=sample_of(hashes),
    )
    if signature:
        from fzcheck.copies.candidates import signature_of

        found = replace(found, signature=signature_of(hashes, [start for _, start in starts]))
    return found


@dataclass(frozen=True)
class FingerprintJob:
    """The fingerprint as a batch's per-report extra (api.Job calls it with the document and its result)."""

    signature: bool = False

    def warm(self) -> None:
        preload()

    def __call__(self, doc, report) -> Fingerprint:
        return fingerprint(doc, report.score, self.signature)
