"""What runs in a worker process: warm up once, then check one upload per call.

A worker answers `(status, body)`: 200 with the JSON document, or 422 with a Chinese message when the
upload is not a readable report. The parent never parses a report itself, so a report that hangs or
blows up costs one worker process (killed and replaced by the pool), never the server.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import orjson

from fzcheck import __version__

WARM_UP_TEXT = "××镇人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n二、存在的不足和原因\n三、2024年工作安排\n"


@dataclass(frozen=True)
class Job:
    name: str  # the upload's own file name (display only; never a path on this machine)
    data: bytes | None = None  # an uploaded file
    text: str | None = None  # or pasted text
    profile: str = "auto"
    rules: tuple[str, ...] = ()
    view: bool = False  # add the text and the mark spans the page needs


def initialize(headroom: int) -> None:
    """Load what every check needs (rules, readers, word lists), then cap the address space."""
    from fzcheck import api
    from fzcheck.ingest import docx, html, pdf, text  # noqa: F401  (imported now, not during a clerk's check)
    from fzcheck.serve import view  # noqa: F401

    api.check_document(api.parse_text(WARM_UP_TEXT), api.Options())
    if headroom > 0:
        _limit_memory(headroom)


def ready() -> None:
    """Scheduled once at start-up, so the workers are spawned and warm before the first clerk's check."""


def _limit_memory(headroom: int) -> None:
    import resource

    with open("/proc/self/statm") as statm:
        size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    limit = size + headroom
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def check(job: Job) -> tuple[int, bytes]:
    from fzcheck import api
    from fzcheck.errors import InputError
    from fzcheck.formats import json_format
    from fzcheck.serve import view

    options = api.Options(profile=job.profile, rules=job.rules)
    try:
        doc = api.parse_text(job.text, job.name) if job.text is not None else _parse(job.data or b"", job.name)
    except InputError as error:
        return 422, orjson.dumps({"message": f"无法读取 {job.name}：{error.problem}"})
    report = api.check_document(doc, options)
    answer = {
        "schema": json_format.SCHEMA,
        "tool": {"name": "fzcheck", "version": __version__},
        "summary": {"reports": 1, "passed": int(report.passed), "failed": int(not report.passed), "unreadable": 0},
        "reports": [json_format.record(report)],
        "errors": [],
    }
    if job.view:
        answer["view"] = view.build(doc, report)
    return 200, orjson.dumps(answer)


def annotate(job: Job) -> tuple[int, bytes]:
    """The commented Word copy (fzcheck.annotate): a .docx keeps everything of its own, other inputs are rebuilt."""
    from fzcheck import api
    from fzcheck.annotate import annotate_bytes
    from fzcheck.errors import InputError

    data, name = (job.text.encode("utf-8"), job.name + ".txt") if job.text is not None else (job.data or b"", job.name)
    try:
        report = api.check_bytes(data, name, api.Options(profile=job.profile, rules=job.rules))
        return 200, annotate_bytes(data, name, report).data
    except InputError as error:
        return 422, orjson.dumps({"message": f"无法读取 {job.name}：{error.problem}"})


def _parse(data: bytes, name: str):
    """Parse an upload from memory: nothing is written to disk, and `name` is only shown, never opened."""
    from fzcheck import api

    return api.parse_bytes(data, name)
