"""How paths are shown and matched: relative to the current folder when below it, with "/"."""

from __future__ import annotations

import os
from pathlib import PurePath


def relative_path(path: str) -> str:
    """A path relative to the current folder when it lies below it (as CI annotations want), in / form."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        relative = path
    return PurePath(path if relative.startswith("..") else relative).as_posix()
