"""The corpus pass: after a batch is checked, find the reports that repeat one another or last
year's, and fill in `quality.copied-peer` / `quality.copied-previous` (kinds/copied.py).

`match` works on fingerprints only; `corpus_pass` (verdicts.py) turns its comparisons into rule
results, with the places of the shared passages read again from the flagged reports themselves
(only those, places.py), and rescores every report whose results changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Sequence

from fzcheck.copies import candidates
from fzcheck.copies.boilerplate import cutoff
from fzcheck.copies.fingerprint import Fingerprint
from fzcheck.copies.pairs import Comparison, compare, shared_hashes

PEER, PREVIOUS = "quality.copied-peer", "quality.copied-previous"


@dataclass(frozen=True)
class Settings:
    """The loosest thresholds of the batch's copied rules (each report then applies its own)."""

    min_run: int = 20
    common_reports: int = 4
    common_share: float = 0.1


@dataclass(frozen=True)
class Matches:
    peers: tuple[Comparison, ...]  # both directions: (i, j) and (j, i)
    previous: tuple[Comparison, ...]  # this: index in the batch, other: index in `previous`


def _boilerplate(prints: Sequence[Fingerprint], previous: Sequence[Fingerprint], wanted: set[int], settings: Settings) -> frozenset[int]:
    """Of the `wanted` hashes, those common enough in the batch (or in last year's set) to be wording, not copying."""
    common: set[int] = set()
    if not wanted:
        return frozenset()
    for group in (prints, previous):
        if not group:
            continue
        limit = cutoff(len(group), settings.common_reports, settings.common_share)
        counts: Counter[int] = Counter()
        for fp in group:
            counts.update(wanted.intersection(fp.hashes))  # a report's hashes once each: a set's members
        common.update(value for value, count in counts.items() if count >= limit)
    return frozenset(common)


def earlier(this: Fingerprint, other: Fingerprint) -> bool:
    """Whether `other` is the same body's report of an earlier year."""
    if not this.issuer or this.issuer != other.issuer:
        return False
    if this.year is not None and other.year is not None:
        return other.year < this.year
    return this.text != other.text


def match(
    prints: Sequence[Fingerprint], previous: Sequence[Fingerprint] = (), settings: Settings = Settings(), lsh_above: int = candidates.LSH_ABOVE
) -> Matches:
    """Every candidate pair of the batch (MinHash LSH above `lsh_above` reports), and every report against
    its body's earlier reports, compared exactly."""
    limit = cutoff(len(prints), settings.common_reports, settings.common_share)
    small = len(prints) <= lsh_above
    if small:  # a few hundred fingerprints (~35 KB each) held at once: each read from a lazy `prints` once
        prints = list(prints)
    if small or not candidates.available():
        pairs = sorted(candidates.sampled(prints, limit))
    else:
        pairs = sorted(candidates.lsh(prints, min(candidates.MAX_BUCKET, limit - 1)))
    by_issuer: dict[str, list[int]] = {}
    for number, fp in enumerate(previous):
        by_issuer.setdefault(fp.issuer, []).append(number)
    earlier_pairs = [
        (i, k) for i, fp in enumerate(prints if previous else ()) for k in by_issuer.get(fp.issuer, ()) if fp.issuer and earlier(fp, previous[k])
    ]
    # a small batch keeps each pair's shared hashes for the comparison; a large one (LSH: pairs without a
    # bound, fingerprints perhaps read from disk on each access) computes them again there
    kept: dict[tuple[int, int], frozenset[int]] = {}
    wanted: set[int] = set()
    for i, j in pairs:
        shared = shared_hashes(prints[i], prints[j])
        wanted |= shared
        if small:
            kept[i, j] = shared
    for i, k in earlier_pairs:
        wanted |= shared_hashes(prints[i], previous[k])
    boilerplate = _boilerplate(prints, previous, wanted, settings)
    peers: list[Comparison] = []
    for i, j in pairs:
        found = compare(i, prints[i], j, prints[j], boilerplate, settings.min_run, kept.get((i, j)))
        if found is not None:
            peers.append(found)
            peers.append(_reverse(found))
    olds = [c for i, k in earlier_pairs if (c := compare(i, prints[i], k, previous[k], boilerplate, settings.min_run))]
    return Matches(tuple(peers), tuple(olds))


def _reverse(found: Comparison) -> Comparison:
    return replace(
        found,
        this=found.other,
        other=found.this,
        share=found.other_share,
        other_share=found.share,
        shared=sum(p.end - p.start for p in found.other_passages),
        passages=found.other_passages,
        other_passages=found.passages,
    )
