"""`--format json`: the versioned contract (docs/json.md, docs/report.schema.json).

The result dataclasses in fzcheck.model *are* the contract's records: orjson writes them field by
field, so a batch of a thousand reports encodes in a few hundredths of a second. The schema test
(every key required, no others allowed) keeps model and contract from drifting apart.
"""

from __future__ import annotations

from typing import Iterable, Iterator

import orjson

from fzcheck import __version__
from fzcheck.formats import Batch
from fzcheck.formats.view import BatchView, View
from fzcheck.model import ReadFailure, ReportResult, Status

SCHEMA = "fzcheck.report/1"


def record(item: ReportResult | ReadFailure) -> dict:
    """A report's record, or an unreadable file's entry in `errors`."""
    if isinstance(item, ReadFailure):
        return {"path": item.path, "message": item.message}
    return {
        "path": item.path,
        "format": item.format,
        "ruleset": item.ruleset,
        "profile": item.profile,
        "metadata": item.metadata,
        "sections": item.sections,
        "results": item.results,
        "score": item.score,
        "grade": item.grade,
        "passed": item.passed,
        "reasons": item.reasons,
        "counts": {status.value: item.count(status) for status in Status},
        "groups": dict(item.groups),
    }


def _head(reports: int, passed: int, unreadable: int) -> dict:
    return {
        "schema": SCHEMA,
        "tool": {"name": "fzcheck", "version": __version__},
        "summary": {"reports": reports, "passed": passed, "failed": reports - passed, "unreadable": unreadable},
    }


def json_line(item: ReportResult | ReadFailure) -> bytes:
    """One record as one line of UTF-8 JSON (also the unit of a JSON Lines export, see docs/performance.md)."""
    return orjson.dumps(record(item))


def piece(report: ReportResult) -> bytes:
    """A report's part of the document, made where the report is checked (streamed batches)."""
    return json_line(report)


def document(view: View) -> Iterator[bytes]:
    """The document in chunks: the head, each report's piece, the errors."""
    passed = sum(1 for d in view.digests if d.passed)
    yield orjson.dumps(_head(len(view.digests), passed, len(view.failures)), option=orjson.OPT_INDENT_2)[: -len(b"\n}")]
    yield b',\n  "reports": '
    yield from _array(view.pieces("json", range(len(view.digests))))
    yield b',\n  "errors": '
    yield from _array(json_line(failure) for failure in view.failures)
    yield b"\n}\n"


def _array(lines: Iterable[bytes]) -> Iterator[bytes]:
    """A JSON array with one record per line: readable in a diff, and greppable by report."""
    empty = True
    for line in lines:
        yield (b"[\n    " if empty else b",\n    ") + line
        empty = False
    yield b"[]" if empty else b"\n  ]"


def render(batch: Batch) -> bytes:
    """UTF-8 bytes, as JSON is exchanged; never decoded to str and encoded again."""
    return b"".join(document(BatchView(batch)))
