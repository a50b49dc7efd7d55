"""`--format github`: GitHub Actions workflow commands (annotations on the lines concerned)."""

from __future__ import annotations

from fzcheck.formats import Batch
from fzcheck.model import Status
from fzcheck.paths import relative_path

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(batch: Batch) -> str:
    lines = []
    for report in batch.reports:
        for result in report.results:
            if result.status not in (Status.FAIL, Status.PARTIAL) or result.suppressed:
                continue
            props = [f"file={_property(relative_path(report.path))}"]
            if result.location.line:
                props.append(f"line={result.location.line}")
                if result.location.column:
                    props.append(f"col={result.location.column}")
            props.append(f"title={_property(f'{result.rule} {result.title}')}")
            lines.append(f"::{LEVELS[result.severity]} {','.join(props)}::{_data(result.message + '。建议：' + result.suggestion)}")
        verdict = "通过" if report.passed else "未通过"
        lines.append(f"{report.path}: 得分 {report.score:.1f}（{report.grade}）{verdict}")
    for failure in batch.failures:
        lines.append(f"::error file={_property(relative_path(failure.path))},title=无法读取::{_data(failure.message)}")
    return "\n".join(lines) + "\n"
