"""What a batch's worker sends back for each report: the record and its output pieces, made there.

On two cores with two workers, every millisecond the client spends per report is taken from the
checks. So the worker does the per-report work the outputs need — the copy pass's tentative result
(`copies.tentative`), the digest for the ranking, the report's share of the statistics, the bytes of
each streamed format (formats.STREAMED) — and pickles the record and the fingerprint itself; the
client only files bytes away (fzcheck.spool) and adds a few numbers.
"""

from __future__ import annotations

import pickle
import zlib
from dataclasses import dataclass
from typing import Any, Callable

from fzcheck import api
from fzcheck.formats import module, safe
from fzcheck.model import ReadFailure, ReportResult
from fzcheck.stats import Digest, State, states


@dataclass(frozen=True)
class Done:
    """One checked report, as the client files it."""

    record: bytes  # the pickled ReportResult, zlib-compressed (a third of its size: the spool on disk stays small)
    digest: Digest
    states: tuple[State, ...]
    pieces: tuple[bytes, ...]  # one per format of the Piecework, in its order
    fingerprint: bytes = b""  # the pickled copies.Fingerprint, when the batch compares reports
    notes: tuple[str, ...] = ()  # what the run's extras said (a Word copy written, or why not)


@dataclass(frozen=True)
class Piecework:
    """The per-report job of a streamed batch (picklable: it travels to process and cluster workers)."""

    options: api.Options
    formats: tuple[str, ...] = ()
    extras: tuple[Callable, ...] = ()  # the run's per-report extras (each returns a note, or None)
    fingerprint: Any = None  # copies.FingerprintJob when the batch compares reports
    peers: int = 0  # the other reports of the batch, for the copied rule's tentative result

    def warm(self) -> None:
        self._job().warm()

    def preload(self) -> None:
        """What the process that forks the workers loads once for all of them (copy detection's numpy)."""
        if self.fingerprint is not None:
            self.fingerprint.warm()

    def _job(self) -> api.Job:
        return api.Job(self.options, self.extras + ((self.fingerprint,) if self.fingerprint is not None else ()))

    def __call__(self, path: str) -> Done | ReadFailure:
        found = self._job()(path)
        item, outputs = found if isinstance(found, tuple) else (found, ())
        if isinstance(item, ReadFailure):
            return item
        return done(item, outputs, self)


def done(report: ReportResult, outputs: tuple, work: Piecework) -> Done:
    if work.peers:
        from fzcheck.copies import tentative

        report = tentative(report, work.peers, work.options)
    shown = safe.report(report)
    fingerprint = outputs[-1] if work.fingerprint is not None and len(outputs) == len(work.extras) + 1 else None
    return Done(
        record=zlib.compress(pickle.dumps(report, pickle.HIGHEST_PROTOCOL), 1),
        digest=Digest.of(shown),
        states=states(report),
        pieces=tuple(module(name).piece(shown) for name in work.formats),
        fingerprint=pickle.dumps(fingerprint, pickle.HIGHEST_PROTOCOL) if fingerprint is not None else b"",
        notes=tuple(note for note in outputs[: len(work.extras)] if isinstance(note, str) and note),
    )
