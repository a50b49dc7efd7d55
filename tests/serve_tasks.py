"""Hostile stand-ins for the serve worker's entry point (fzcheck.serve.task.check), for the limit tests.

They run in the server's worker processes, which import this module by name (tests/ is on sys.path).
"""

from __future__ import annotations

import os
import time

from fzcheck.serve import task


def hang(job: task.Job):
    while True:
        time.sleep(0.05)


def slow(job: task.Job):
    time.sleep(float(os.environ.get("FZCHECK_TEST_SLOW", "2")))
    return task.check(job)


def blow_up(job: task.Job):
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 * 1024))


def die(job: task.Job):
    os._exit(9)


def broken(job: task.Job):
    raise RuntimeError("a bug in a check")
