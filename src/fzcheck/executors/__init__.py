"""Executors: how the per-report check runs over many inputs — in this process, in a pool of worker
processes with a time and a memory limit per report, or on a Dask cluster with the same limits.

An executor's `map(job, paths)` yields `(position, item)` as reports complete (not in input order: the
run layer restores the order), where `item` is what the job returned for that path. Whatever happens
to one report — an exception, a hang, a memory blow-up, a worker killed by the kernel or by a C
library's abort — costs that report only, recorded as a ReadFailure with a Chinese reason. An executor
may be mapped more than once (its workers stay up between maps) and is closed by its caller.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Protocol, Sequence


class Executor(Protocol):
    def map(self, job: Callable[[str], Any], paths: Sequence[str]) -> Iterator[tuple[int, Any]]: ...

    def close(self) -> None: ...  # ends what the maps started (workers, a cluster's connection)


def make(name: str, jobs: int, limits) -> Executor:
    """`serial` (this process, no limits: for library callers and tests), `process` (limits enforced) or
    `dask:ADDRESS` (a Dask cluster, `dask:local` for a LocalCluster of `jobs` workers; limits enforced)."""
    if name.startswith("dask:"):
        from fzcheck.executors.dask import DaskExecutor

        return DaskExecutor(name.removeprefix("dask:"), jobs, limits)
    if name == "serial":
        from fzcheck.executors.serial import SerialExecutor

        return SerialExecutor()
    from fzcheck.executors.process import ProcessExecutor

    return ProcessExecutor(max(1, jobs), limits)
