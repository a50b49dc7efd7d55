"""Output formats: a registry of `render(batch) -> str | bytes`, all fed by the same records."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from fzcheck.model import ReadFailure, ReportResult

FORMATS = {
    "text": "fzcheck.formats.text",
    "json": "fzcheck.formats.json_format",
    "summary": "fzcheck.formats.summary",
    "sarif": "fzcheck.formats.sarif",
    "junit": "fzcheck.formats.junit",
    "github": "fzcheck.formats.github",
    "csv": "fzcheck.formats.csv_format",
    "html": "fzcheck.formats.html_format",
    "xlsx": "fzcheck.formats.xlsx",
}
SCREEN_FORMATS = ("text", "json", "summary", "sarif", "junit", "github", "csv", "html")  # xlsx is binary: files only


@dataclass(frozen=True)
class Batch:
    reports: tuple[ReportResult, ...]
    failures: tuple[ReadFailure, ...]
    rules: tuple = ()  # every Rule used, for formats that describe the rules (SARIF)

    @classmethod
    def of(cls, items, rules=()) -> "Batch":
        reports = tuple(i for i in items if isinstance(i, ReportResult))
        failures = tuple(i for i in items if isinstance(i, ReadFailure))
        return cls(reports, failures, tuple(rules))


def render(name: str, batch: Batch) -> str | bytes:
    return importlib.import_module(FORMATS[name]).render(batch)
