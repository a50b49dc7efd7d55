"""A stand-in for hostile reports, shared by the process-pool and the cluster limit tests."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from fzcheck import api
from fzcheck.model import ReadFailure

from conftest import SEEDS


def misbehave(path: str):
    """A job standing in for a hostile report: the path's name says how it misbehaves."""
    name = os.path.basename(path)
    if name.startswith("hang"):
        time.sleep(60)
    if name.startswith("hog"):
        hoard = bytearray(3 << 30)  # beyond the worker's memory limit
        return ReadFailure(path, f"allocated {len(hoard)}")
    if name.startswith("die"):
        os.kill(os.getpid(), signal.SIGKILL)
    return api.check_one(path)


def hostile_batch(folder: Path) -> tuple[list[str], list[str], list[str]]:
    """(items, good, bad): the five samples with a hanging, a memory-eating and a dying report between them."""
    bad = []
    for name in ("hang.txt", "hog.txt", "die.txt"):
        (folder / name).write_text("x", encoding="utf-8")
        bad.append(str(folder / name))
    good = [str(path) for path in SEEDS]
    return [good[0], bad[0], good[1], bad[1], good[2], bad[2], good[3], good[4]], good, bad


LIMITS = api.Options(limits=api.Limits(timeout=3, max_memory=512 << 20))
