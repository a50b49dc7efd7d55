"""A pool of worker processes (pebble) with a time and a memory limit per report.

Each report is its own task, so a report that hangs is stopped at its own time limit (pebble ends the
worker and starts a new one) and a worker that dies costs only the report it held. The memory limit is
an address-space limit set in each worker relative to its size after start-up: an allocation beyond it
raises MemoryError inside the check (a clean "内存超限"), and a C library that aborts instead ends its
worker, which is reported and replaced. At most a few tasks per worker are in flight, so a batch of a
hundred thousand paths never holds more than a handful of pending results.
"""

from __future__ import annotations

import gc
import os
import resource
from concurrent.futures import FIRST_COMPLETED, wait
from multiprocessing import get_context
from typing import Any, Callable, Iterator, Sequence

from fzcheck.model import ReadFailure

IN_FLIGHT_PER_WORKER = 4
_job: Callable[[str], Any] | None = None


def _address_space() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * resource.getpagesize()


def _init(job: Callable[[str], Any], max_memory: int) -> None:
    global _job
    _job = job
    warm = getattr(job, "warm", None)
    if warm:
        warm()
    if max_memory and os.path.exists("/proc/self/statm"):
        limit = _address_space() + max_memory
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    gc.freeze()
    gc.disable()  # a worker's checks make no reference cycles that matter; the job frees what readers leave


def _run(path: str) -> Any:
    assert _job is not None
    return _job(path)


def failure_for(path: str, error: BaseException, timeout: float) -> ReadFailure:
    """The Chinese reason for a report the pool could not finish."""
    from concurrent.futures import TimeoutError

    from pebble import ProcessExpired

    if isinstance(error, TimeoutError):
        return ReadFailure(path, f"无法检查 {path}：检查超时（超过 {timeout:g} 秒），已停止；文件可能异常或过于复杂，可用 --timeout 放宽")
    if isinstance(error, ProcessExpired):
        return ReadFailure(
            path, f"无法检查 {path}：检查进程意外退出（退出码 {error.exitcode}），可能是内存超限或文件触发了读取库的崩溃"
        )
    if isinstance(error, MemoryError):
        return ReadFailure(path, f"无法检查 {path}：内存超限，已停止；文件可能异常，可用 --max-memory 放宽")
    return ReadFailure(path, f"无法检查 {path}：内部错误（{type(error).__name__}: {error}），请报告此问题")


def _call(job: Callable[[str], Any], path: str) -> Any:
    return job(path)


class ProcessExecutor:
    """The pool lives from the first `map` to `close`: a later map (the flagged reports read again for the
    places of their passages) finds its workers started, warm and with their readers loaded."""

    def __init__(self, jobs: int, limits) -> None:
        self.jobs = jobs
        self.limits = limits
        self._pool = None
        self._first: Callable[[str], Any] | None = None  # the job the workers were started with

    def map(self, job: Callable[[str], Any], paths: Sequence[str]) -> Iterator[tuple[int, Any]]:
        from pebble import ProcessPool

        if self._pool is None:
            preload = getattr(job, "preload", None)
            if preload and get_context().get_start_method() == "fork":  # loaded here once, inherited by every worker
                preload()
            self._pool = ProcessPool(max_workers=self.jobs, initializer=_init, initargs=(job, self.limits.max_memory))
            self._first = job
        pool = self._pool
        timeout = self.limits.timeout or None
        pending: dict = {}
        queue = iter(enumerate(paths))

        def submit() -> None:
            while len(pending) < self.jobs * IN_FLIGHT_PER_WORKER:
                entry = next(queue, None)
                if entry is None:
                    return
                task = pool.schedule(_run, (entry[1],), timeout=timeout) if job is self._first else pool.schedule(_call, (job, entry[1]), timeout=timeout)
                pending[task] = entry

        try:
            submit()
            while pending:
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for future in done:
                    position, path = pending.pop(future)
                    error = future.exception()
                    yield position, future.result() if error is None else failure_for(path, error, self.limits.timeout)
                submit()
        except BaseException:
            self.close()  # an interrupted batch leaves no worker running
            raise

    def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            pool.stop()
            pool.join()
