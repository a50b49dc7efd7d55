"""`--format github`: GitHub Actions workflow commands (annotations on the lines concerned)."""

from __future__ import annotations

from fzcheck.formats import Batch
from fzcheck.formats.places import occurrences
from fzcheck.model import Status
from fzcheck.paths import relative_path

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _region(result) -> list[str]:
    """line/endLine/col/endColumn of the first mark (GitHub draws one annotation per command)."""
    mark = result.marks[0] if result.marks else None
    if mark is None or mark.line is None:
        return [f"line={result.location.line}"] if result.location.line else []
    props = [f"line={mark.line}", f"col={mark.column}"]
    if mark.end_line is not None and not mark.anchor:
        props += [f"endLine={mark.end_line}", f"endColumn={mark.end_column}"]
    return props


def render(batch: Batch) -> str:
    lines = []
    for report in batch.reports:
        for result in report.results:
            if result.status not in (Status.FAIL, Status.PARTIAL) or result.suppressed:
                continue
            props = [f"file={_property(relative_path(report.path))}", *_region(result)]
            props.append(f"title={_property(f'{result.rule} {result.title}')}")
            where = "；".join(occurrences(result, 5))
            message = result.message + (f"（{where}）" if len(result.marks) > 1 else "") + "。建议：" + result.suggestion
            lines.append(f"::{LEVELS[result.severity]} {','.join(props)}::{_data(message)}")
        verdict = "通过" if report.passed else "未通过"
        lines.append(f"{_data(report.path)}: 得分 {report.score:.1f}（{report.grade}）{verdict}")
    for failure in batch.failures:
        lines.append(f"::error file={_property(relative_path(failure.path))},title=无法读取::{_data(failure.message)}")
    return "\n".join(lines) + "\n"
