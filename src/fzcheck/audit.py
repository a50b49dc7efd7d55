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
_extra: Callable | None = None


def _init(options: api.Options, extra: Callable | None = None) -> None:
    global _options, _extra
    _options, _extra = options, extra
    for profile in PROFILES:
        load(profile, options.rules)
    gc.freeze()
    gc.disable()  # as in _batch_gc: no cycles to collect in a worker's checks


def _work(path: str):
    assert _options is not None
    return check_isolated(path, _options, _extra)


def check_isolated(path: str, options: api.Options, extra: Callable | None = None):
    """The report's result (or its failure); with `extra`, a pair (result, extra(doc, score))."""
    try:
        return api.check_one_with(path, options, extra) if extra else api.check_one(path, options)
    except Exception as exc:  # a bug must cost one file, not the batch
        failure = ReadFailure(path, f"无法检查 {path}：内部错误（{type(exc).__name__}: {exc}），请报告此问题")
        return (failure, None) if extra else failure
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
    extra: Callable | None = None,
    extras: list | None = None,
) -> list[Item]:
    """Check every file. With `extra` (a picklable function of (document, score)), `extras` is
    filled with its value per item, in the order of the returned items (None for failures)."""
    items = list(items)
    files = [item for item in items if isinstance(item, str)]
    done: dict[int, Item] = {}
    found: dict[int, object] = {}
    positions = [i for i, item in enumerate(items) if isinstance(item, str)]

    def record(position: int, result) -> None:
        if extra is not None:
            result, found[position] = result
        done[position] = result
        if progress:
            progress(result)

    with _batch_gc():
        if jobs <= 1 or len(files) < 2:
            for position, path in zip(positions, files, strict=True):
                record(position, check_isolated(path, options, extra))
        else:
            chunk = max(1, min(32, len(files) // (jobs * 8) or 1))
            with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(options, extra)) as pool:
                for position, result in zip(positions, pool.map(_work, files, chunksize=chunk), strict=True):
                    record(position, result)
    if extras is not None:
        extras[:] = [found.get(i) for i in range(len(items))]
    return [done[i] if isinstance(item, str) else item for i, item in enumerate(items)]
