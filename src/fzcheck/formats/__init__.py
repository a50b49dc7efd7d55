"""Output formats: a registry of `render(batch) -> str | bytes`, all fed by the same records."""

from __future__ import annotations

import importlib

from fzcheck.model import Batch

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


__all__ = ["Batch", "FORMATS", "SCREEN_FORMATS", "render"]


def render(name: str, batch: Batch) -> str | bytes:
    from fzcheck.formats import safe

    return importlib.import_module(FORMATS[name]).render(safe.batch(batch))
