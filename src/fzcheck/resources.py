"""Where the shipped rule files and their data live: inside the installed package, or the repository's
rules/ folder when running from a checkout. The lowest layer: it imports nothing of fzcheck."""

from __future__ import annotations

from pathlib import Path


def rules_dir() -> Path:
    packaged = Path(__file__).parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def data_dir() -> Path:
    """rules/data: reference texts and dictionaries that rules use."""
    return rules_dir() / "data"
