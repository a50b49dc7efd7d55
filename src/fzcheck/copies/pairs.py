"""The exact comparison of two fingerprints: the shared passages and the share of each report.

A character of report A is shared with B when a counted shingle covering it (not boilerplate:
neither reference text nor the batch's common wording) also occurs in B. Shared characters form
runs inside a paragraph; runs split only by a short change (a name, a 将 turned into 已, up to
`MERGE_GAP` characters) are merged into one passage; passages shorter than `min_run` are dropped.
Each passage of A is paired with the passage of B that holds its first shared shingle.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress

from fzcheck.copies.fingerprint import SHINGLE, Fingerprint

MERGE_GAP = 8  # characters: a changed name or a moved-on year between two shared runs


@dataclass(frozen=True)
class Passage:
    start: int  # offsets in this report's Fingerprint.text
    end: int
    other_start: int  # offsets in the other report's Fingerprint.text
    other_end: int


@dataclass(frozen=True)
class Comparison:
    this: int
    other: int
    share: float  # of this report's substantive text
    other_share: float
    shared: int  # characters of this report in the passages
    passages: tuple[Passage, ...]
    other_passages: tuple[Passage, ...]  # the same pairs seen from the other report


def _positions(fp: Fingerprint, common: frozenset[int]) -> list[int]:
    """Where a shingle in `common` starts (the test for each position in C: most positions hold none)."""
    return list(compress(range(len(fp.hashes)), map(common.__contains__, fp.hashes)))


def _runs(fp: Fingerprint, positions: list[int], min_run: int) -> list[tuple[int, int]]:
    """Merged runs [start, end) of `fp.text` covered by the shingles at `positions`, inside paragraphs."""
    runs: list[list[int]] = []
    para_end = -1
    for position in positions:
        end = position + SHINGLE
        if position >= para_end:
            para_end = fp.paragraph_end(position)
            runs.append([position, end])
            continue
        last = runs[-1]
        if position <= last[1] + MERGE_GAP:
            last[1] = max(last[1], end)
        else:
            runs.append([position, end])
    return [(start, end) for start, end in runs if end - start >= min_run]


def _first_positions(fp: Fingerprint, positions: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for position in reversed(positions):
        found[fp.hashes[position]] = position
    return found


def _pair_up(a: Fingerprint, runs_a, b_first: dict[int, int], runs_b) -> tuple[Passage, ...]:
    passages = []
    for start, end in runs_a:
        value = next((a.hashes[p] for p in range(start, end - SHINGLE + 1) if a.hashes[p] in b_first), None)
        if value is None:
            continue
        where = b_first[value]
        other = next(((s, e) for s, e in runs_b if s <= where < e), (where, where + SHINGLE))
        passages.append(Passage(start, end, other[0], other[1]))
    return tuple(passages)


def compare(
    i: int, a: Fingerprint, j: int, b: Fingerprint, boilerplate: frozenset[int], min_run: int, shared: frozenset[int] | None = None
) -> Comparison | None:
    """The comparison of a and b, or None when they share no passage of `min_run` characters
    (`shared`: their shared hashes, when the caller has them already)."""
    common = (shared_hashes(a, b) if shared is None else shared) - boilerplate
    if not common:
        return None
    at_a, at_b = _positions(a, common), _positions(b, common)
    runs_a, runs_b = _runs(a, at_a, min_run), _runs(b, at_b, min_run)
    if not runs_a or not runs_b:
        return None
    ab = _pair_up(a, runs_a, _first_positions(b, at_b), runs_b)
    ba = _pair_up(b, runs_b, _first_positions(a, at_a), runs_a)
    shared_a = sum(e - s for s, e in runs_a)
    shared_b = sum(e - s for s, e in runs_b)
    return Comparison(
        this=i,
        other=j,
        share=min(1.0, shared_a / max(a.substantive, 1)),
        other_share=min(1.0, shared_b / max(b.substantive, 1)),
        shared=shared_a,
        passages=ab,
        other_passages=ba,
    )


def shared_hashes(a: Fingerprint, b: Fingerprint) -> frozenset[int]:
    return (frozenset(a.hashes) & frozenset(b.hashes)) - {0}
