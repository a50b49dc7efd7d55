"""Batch runs over many reports: a process pool with per-file isolation and a deterministic order.

Each worker loads the rule sets once (in its initializer) and jieba at most once, lazily. Results
come back in input order whatever the pool does. A file that cannot be read, or that trips a bug,
becomes a ReadFailure in its place: one bad file never stops the batch and nothing is dropped.
"""

from __future__ import annotations

import gc
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterable

from fzcheck import api
from fzcheck.model import ReadFailure, ReportResult
from fzcheck.ruleset import PROFILES, load

Item = ReportResult | ReadFailure
_options: api.Options | None = None


def _init(options: api.Options) -> None:
    global _options
    _options = options
    for profile in PROFILES:
        load(profile, options.rules)
    gc.freeze()
    gc.disable()  # as in _batch_gc: no cycles to collect in a worker's checks


def _work(path: str) -> Item:
    assert _options is not None
    return check_isolated(path, _options)


def check_isolated(path: str, options: api.Options) -> Item:
    try:
        return api.check_one(path, options)
    except Exception as exc:  # a bug must cost one file, not the batch
        return ReadFailure(path, f"无法检查 {path}：内部错误（{type(exc).__name__}: {exc}），请报告此问题")
    finally:
        # python-docx and BeautifulSoup leave reference cycles, and batches run with the
        # collector paused: free them now. Only this file's leftovers are young, so this is cheap.
        gc.collect(0)


@contextmanager
def _batch_gc():
    """Batch work allocates many short-lived objects and no reference cycles (parsed documents hold
    their parents weakly), so the cyclic collector only costs time here: pause it for the batch."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


def run(
    items: Iterable[str | ReadFailure],
    options: api.Options,
    jobs: int = 1,
    progress: Callable[[Item], None] | None = None,
) -> list[Item]:
    items = list(items)
    files = [item for item in items if isinstance(item, str)]
    done: dict[int, Item] = {}
    positions = [i for i, item in enumerate(items) if isinstance(item, str)]

    def record(position: int, result: Item) -> None:
        done[position] = result
        if progress:
            progress(result)

    with _batch_gc():
        if jobs <= 1 or len(files) < 2:
            for position, path in zip(positions, files, strict=True):
                record(position, check_isolated(path, options))
        else:
            chunk = max(1, min(32, len(files) // (jobs * 8) or 1))
            with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(options,)) as pool:
                for position, result in zip(positions, pool.map(_work, files, chunksize=chunk), strict=True):
                    record(position, result)
    return [done[i] if isinstance(item, str) else item for i, item in enumerate(items)]
