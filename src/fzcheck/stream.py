"""A batch's results as they arrive: filed on disk, counted, and written out without holding them.

`Collector.add` takes each report's Done (fzcheck.pieces) from the executor in completion order: the
record, output pieces and fingerprint go to spools (fzcheck.spool), the digest and a running tally
(stats.Tally) stay in memory, and JSON Lines and CSV outputs grow in input order in `<file>.part` as
soon as every earlier report is done. After the batch, `copy_pass` rewrites just the reports the copy
pass flags, and `write` assembles each streamed output from its pieces in input order — the same bytes
as rendering the whole batch at once, which a test checks format by format.
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Callable, Iterator

from fzcheck import outputs
from fzcheck.formats import LIVE, Batch, module, piece_of, safe
from fzcheck.model import ReadFailure, ReportResult
from fzcheck.pieces import Done, Piecework, done
from fzcheck.spool import Spool
from fzcheck.stats import BatchStats, Digest, Tally, states


class Collector:
    def __init__(self, items: Sequence, work: Piecework, live: Sequence[tuple[str, str]] = ()) -> None:
        size = len(items)
        self.work = work
        self.records, self.prints = Spool(size), Spool(size)
        self.pieces = {name: Spool(size) for name in work.formats}
        self.digests: list[Digest | None] = [None] * size
        self.failures: dict[int, ReadFailure] = {n: item for n, item in enumerate(items) if isinstance(item, ReadFailure)}
        self.tally = Tally()
        self.notes: list[str] = []
        self.changed: set[int] = set()
        self.live = [Live(name, target, self) for name, target in live if name in LIVE and piece_of(name) in work.formats]

    def add(self, position: int, result: Done | ReadFailure) -> None:
        if isinstance(result, ReadFailure):
            self.failures[position] = result
        else:
            self.records[position] = result.record
            if result.fingerprint:
                self.prints[position] = result.fingerprint
            for name, data in zip(self.work.formats, result.pieces):
                self.pieces[name][position] = data
            self.digests[position] = result.digest
            self.tally.add(position, result.digest, result.states)
            self.notes.extend(result.notes)
        for live in self.live:
            live.advance()

    def finished(self, position: int) -> bool:
        return self.digests[position] is not None or position in self.failures

    def report(self, position: int) -> ReportResult:
        return pickle.loads(zlib.decompress(self.records[position]))

    def reports(self) -> Lazy:
        """The reports checked, in input order, each read from the spool when asked for."""
        positions = self.positions
        return Lazy(len(positions), lambda k: self.report(positions[k]))

    def fingerprints(self, positions: list[int], scored: bool = False) -> Lazy:
        """The fingerprints of these reports, read when asked for (a province's batch never holds them all);
        `scored`: each with its report's final score (for the index)."""

        def load(k: int):
            found = pickle.loads(self.prints[positions[k]])
            return replace(found, score=self.digests[positions[k]].score) if scored else found

        return Lazy(len(positions), load)

    @property
    def positions(self) -> list[int]:
        """The reports checked, in input order."""
        return [n for n, digest in enumerate(self.digests) if digest is not None]

    def replace(self, position: int, report: ReportResult) -> None:
        """A report the copy pass changed: filed again, re-rendered here, recounted."""
        self.tally.add(position, self.digests[position], states(self.report(position)), sign=-1)
        again = done(report, (), Piecework(self.work.options, self.work.formats))
        self.records[position] = again.record
        for name, data in zip(self.work.formats, again.pieces):
            self.pieces[name][position] = data
        self.digests[position] = again.digest
        self.tally.add(position, again.digest, again.states)
        self.changed.add(position)

    def stats(self) -> BatchStats:
        return self.tally.result()

    def failure_list(self) -> list[ReadFailure]:
        return [safe.failure(self.failures[n]) for n in sorted(self.failures)]

    def chunks(self, name: str) -> Iterator[bytes]:
        """A streamed format's whole output, in chunks."""
        return module(name).document(SpoolView(self))

    def batch(self, rules: tuple = ()) -> Batch:
        """Every record loaded (formats that need the whole batch; library callers)."""
        items = [self.failures[n] if n in self.failures else self.report(n) for n in range(len(self.digests)) if self.finished(n)]
        return Batch.of(items, rules)

    def finish(self, target: str, name: str) -> str | None:
        """Write one output file; a Chinese error or None."""
        for live in self.live:
            if live.target == target:
                return live.finish()
        return outputs.write_chunks(target, self.chunks(name))

    def close(self) -> None:
        """Free the spools. A live output not finished (the run stopped half-way) keeps its `.part` file."""
        for live in self.live:
            if live.stream is not None:
                live.stream.close()
        for spool in (self.records, self.prints, *self.pieces.values()):
            spool.close()


class Lazy(Sequence):
    """A read-only sequence whose items are made when asked for."""

    def __init__(self, size: int, get: Callable[[int], Any]) -> None:
        self._size, self._get = size, get

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self._get(i) for i in range(*k.indices(self._size))]
        if not -self._size <= k < self._size:
            raise IndexError(k)
        return self._get(k % self._size)


class SpoolView:
    """The collector as a streamed format's View (formats.view): pieces read from the spools."""

    def __init__(self, collector: Collector) -> None:
        self.collector = collector
        self.positions = collector.positions
        self.digests = [collector.digests[n] for n in self.positions]
        self.failures = collector.failure_list()

    def stats(self) -> BatchStats:
        return self.collector.stats()

    def pieces(self, name: str, order) -> Iterator[bytes]:
        spool = self.collector.pieces[piece_of(name)]
        return (spool[self.positions[k]] for k in order)

    def report(self, k: int) -> ReportResult:
        return safe.report(self.collector.report(self.positions[k]))


class Live:
    """A JSON Lines or CSV output written while the batch runs, to `<target>.part`, in input order."""

    def __init__(self, name: str, target: str, collector: Collector) -> None:
        self.name, self.target, self.collector = name, target, collector
        self.spool, self.end = collector.pieces[piece_of(name)], getattr(module(name), "PIECE_END", b"")
        self.part = target + ".part"
        self.next = 0
        self.stream = None
        if outputs.special(target):  # a pipe or /dev/stdout: written once, at the end
            return
        try:
            self.stream = open(self.part, "wb")
            if self.name == "csv":
                self.stream.write(module("csv").HEAD)
        except OSError:
            self.abandon()  # written at the end instead, where a failure is reported

    def advance(self) -> None:
        collector = self.collector
        start = self.next
        while self.next < len(collector.digests) and collector.finished(self.next):
            self.next += 1
        if self.stream is None or self.next == start:
            return
        try:
            for position in range(start, self.next):
                if collector.digests[position] is not None:
                    self.stream.write(self.spool[position] + self.end)
            self.stream.flush()  # a reader following the file sees whole records
        except OSError:
            self.abandon()

    def finish(self) -> str | None:
        collector = self.collector
        if self.stream is None or collector.changed:  # the copy pass rewrote reports already written
            self.abandon()
            return outputs.write_chunks(self.target, collector.chunks(self.name))
        try:
            self.stream.write(module(self.name).tail(collector.failure_list()))
            self.stream.close()
            self.stream = None
            os.replace(self.part, os.path.realpath(self.target))
            return None
        except OSError as exc:
            self.abandon()
            return f"无法写入 {self.target}（{exc.strerror or exc}）"

    def abandon(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        if os.path.exists(self.part):
            os.unlink(self.part)
