"""`--format json`: the versioned contract (docs/json.md, docs/report.schema.json).

The result dataclasses in fzcheck.model *are* the contract's records: orjson writes them field by
field, so a batch of a thousand reports encodes in a few hundredths of a second. The schema test
(every key required, no others allowed) keeps model and contract from drifting apart.
"""

from __future__ import annotations

import orjson

from fzcheck import __version__
from fzcheck.formats import Batch
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


def _head(batch: Batch) -> dict:
    return {
        "schema": SCHEMA,
        "tool": {"name": "fzcheck", "version": __version__},
        "summary": {
            "reports": len(batch.reports),
            "passed": sum(1 for r in batch.reports if r.passed),
            "failed": sum(1 for r in batch.reports if not r.passed),
            "unreadable": len(batch.failures),
        },
    }


def json_line(item: ReportResult | ReadFailure) -> bytes:
    """One record as one line of UTF-8 JSON (also the unit of a JSON Lines export, see docs/performance.md)."""
    return orjson.dumps(record(item))


def _array(items) -> bytes:
    """A JSON array with one record per line: readable in a diff, and greppable by report."""
    lines = b",\n".join(b"    " + json_line(item) for item in items)
    return b"[\n" + lines + b"\n  ]" if lines else b"[]"


def render(batch: Batch) -> bytes:
    """UTF-8 bytes, as JSON is exchanged; never decoded to str and encoded again."""
    head = orjson.dumps(_head(batch), option=orjson.OPT_INDENT_2)[: -len(b"\n}")]
    reports, errors = _array(batch.reports), _array(batch.failures)
    return b"".join([head, b',\n  "reports": ', reports, b',\n  "errors": ', errors, b"\n}\n"])
