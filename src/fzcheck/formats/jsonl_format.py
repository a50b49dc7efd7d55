"""`--output jsonl=…`: JSON Lines, one record per line — what a large batch writes as it runs.

Each line is exactly a record of the JSON document's `reports` (docs/json.md), in input order; the
files that could not be read follow, one `{"path", "message"}` line each (the JSON's `errors`).
In a batch the lines are written to `<file>.part` as the reports complete (in input order, as soon as
every earlier report is done) and the file takes its name when the batch ends, so a run stopped
half-way leaves every finished record in the `.part` file.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from fzcheck.formats import Batch
from fzcheck.formats.json_format import json_line
from fzcheck.formats.view import BatchView, View
from fzcheck.model import ReadFailure, ReportResult

PIECE_OF = "json"  # a line is the JSON document's record: made once when both are written
PIECE_END = b"\n"


def piece(report: ReportResult) -> bytes:
    return json_line(report)


def document(view: View) -> Iterator[bytes]:
    for line in view.pieces("jsonl", range(len(view.digests))):
        yield line + PIECE_END
    yield tail(view.failures)


def tail(failures: Sequence[ReadFailure]) -> bytes:
    return b"".join(json_line(failure) + b"\n" for failure in failures)


def render(batch: Batch) -> bytes:
    return b"".join(document(BatchView(batch)))
