"""The exact places of shared passages, read again from the flagged reports themselves.

A fingerprint keeps the folded text and where each paragraph starts, not the way back to the file's
characters (that would double every fingerprint for the few reports a batch flags). So the corpus pass
decides first, with each passage placed at its paragraph (`Places.mark` notes what it would like to
know), then has the flagged reports read again — `PlacesJob`, one task per report, which the run layer
sends to the batch's own workers: they read in parallel, have the readers loaded already and see the
files even when the client does not (a cluster) — and decides again with the exact marks.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Callable, Mapping

from fzcheck.copies.fingerprint import Fingerprint
from fzcheck.model import Mark

Span = tuple[int, int, int, int]  # paragraph index in the file, folded [start, end) in it, `digest` of its folded text then
Wanted = Mapping[str, tuple[Span, ...]]  # path → spans
Reader = Callable[[Wanted], Mapping[str, tuple[Mark | None, ...]]]  # the marks of each path's spans, in order


@dataclass(frozen=True)
class PlacesJob:
    """The marks of the wanted spans of one report (a per-path job for an executor's `map`); None for a span
    whose paragraph is no longer what was fingerprinted (the file changed since), () for an unreadable file."""

    wanted: Wanted

    def __call__(self, path: str) -> tuple[Mark | None, ...]:
        from fzcheck import ingest, normalize
        from fzcheck.errors import InputError

        try:
            paragraphs = normalize.clean(ingest.read(path)).paragraphs
        except (InputError, OSError):
            return ()
        return tuple(
            paragraphs[index].mark(start, end) if index < len(paragraphs) and digest(paragraphs[index].norm) == expected else None
            for index, start, end, expected in self.wanted.get(path, ())
        )


def digest(text: str) -> int:
    """A paragraph's folded text, told apart from any edit of it in a few bytes."""
    return zlib.crc32(text.encode("utf-8"))


def read_here(wanted: Wanted) -> dict[str, tuple[Mark | None, ...]]:
    """Read each report in this process, one after the other."""
    job = PlacesJob(wanted)
    return {path: job(path) for path in wanted}


class Places:
    """Marks of passages: exact once `resolve` has read the wanted ones, each passage's paragraph before."""

    def __init__(self) -> None:
        self.wanted: dict[str, dict[Span, None]] = {}
        self._found: dict[tuple[str, Span], Mark] = {}

    def mark(self, fp: Fingerprint, start: int, end: int, exact: bool) -> Mark:
        """The passage fp.text[start:end]; `exact`: worth reading the report again for (a file of the batch)."""
        index, inner = fp.paragraph_at(start)
        number = next((n for n, (i, _) in enumerate(fp.paragraphs) if i == index), 0)
        if exact:
            paragraph = fp.text[fp.paragraphs[number][1] : fp.paragraph_end(fp.paragraphs[number][1])]
            span = (index, inner, inner + end - start, digest(paragraph))
            found = self._found.get((fp.path, span))
            if found is not None:
                return found
            self.wanted.setdefault(fp.path, {})[span] = None
        line, paragraph_number, page = fp.places[number] if number < len(fp.places) else (None, None, None)
        return Mark(text=fp.text[start:end], line=line, paragraph=paragraph_number, page=page)

    def resolve(self, read: Reader) -> bool:
        """Read the wanted places (through `read`); whether any was wanted."""
        wanted = {path: tuple(spans) for path, spans in self.wanted.items()}
        if not wanted:
            return False
        for path, marks in read(wanted).items():
            for span, mark in zip(wanted[path], marks):
                if mark is not None:
                    self._found[path, span] = mark
        self.wanted.clear()
        return True
