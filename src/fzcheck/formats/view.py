"""What a streamed format (json, jsonl, csv, html) is made from, whether the batch is in memory or on disk.

A format's `piece(report)` renders one report where it is checked (a batch's worker); `document(view)`
assembles the whole output from the pieces, the digests and the statistics, in chunks. `BatchView`
serves a Batch in memory (what `render` uses); fzcheck.stream serves a batch filed on disk the same
way, so both give the same bytes.
"""

from __future__ import annotations

from typing import Iterator, Protocol, Sequence

from fzcheck.model import Batch, ReadFailure, ReportResult
from fzcheck.stats import BatchStats, Digest, compute


class View(Protocol):
    digests: Sequence[Digest]  # the reports checked, in input order
    failures: Sequence[ReadFailure]

    def stats(self) -> BatchStats: ...

    def pieces(self, name: str, order: Sequence[int]) -> Iterator[bytes]: ...  # by index into digests

    def report(self, k: int) -> ReportResult: ...


def ranked(view: View) -> list[int]:
    """Indexes into view.digests, best first (stats.ranking's order)."""
    return sorted(range(len(view.digests)), key=lambda k: (-view.digests[k].score, view.digests[k].path))


class BatchView:
    def __init__(self, batch: Batch) -> None:
        from fzcheck.formats import safe

        self.reports = [safe.report(r) for r in batch.reports]
        self.digests = [Digest.of(r) for r in self.reports]
        self.failures = [safe.failure(f) for f in batch.failures]

    def stats(self) -> BatchStats:
        return compute(self.reports)

    def pieces(self, name: str, order: Sequence[int]) -> Iterator[bytes]:
        from fzcheck.formats import module

        piece = module(name).piece
        return (piece(self.reports[k]) for k in order)

    def report(self, k: int) -> ReportResult:
        return self.reports[k]


__all__ = ["BatchView", "View", "ranked"]
