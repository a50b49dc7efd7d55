"""Output formats: a registry of `render(batch) -> str | bytes`, all fed by the same records."""

from __future__ import annotations

import importlib

from fzcheck.model import Batch

FORMATS = {
    "text": "fzcheck.formats.text",
    "json": "fzcheck.formats.json_format",
    "jsonl": "fzcheck.formats.jsonl_format",
    "summary": "fzcheck.formats.summary",
    "sarif": "fzcheck.formats.sarif",
    "junit": "fzcheck.formats.junit",
    "github": "fzcheck.formats.github",
    "csv": "fzcheck.formats.csv_format",
    "html": "fzcheck.formats.html_format",
    "xlsx": "fzcheck.formats.xlsx",
}
SCREEN_FORMATS = ("text", "json", "jsonl", "summary", "sarif", "junit", "github", "csv", "html")  # xlsx is binary: files only
STREAMED = ("json", "jsonl", "csv", "html", "xlsx")  # made of per-report pieces rendered in the workers (formats' `piece` and `document`)
LIVE = ("jsonl", "csv")  # files written while the batch runs, as `<file>.part`


__all__ = ["Batch", "FORMATS", "LIVE", "SCREEN_FORMATS", "STREAMED", "module", "piece_of", "render"]


def module(name: str):
    return importlib.import_module(FORMATS[name])


def piece_of(name: str) -> str:
    """The format whose per-report pieces this streamed format uses (jsonl's lines are json's records)."""
    return getattr(module(name), "PIECE_OF", name)


def render(name: str, batch: Batch) -> str | bytes:
    from fzcheck.formats import safe

    return module(name).render(safe.batch(batch))
