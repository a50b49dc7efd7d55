"""The worker's side of a batch on Dask (see fzcheck.executors.dask): what a task runs on a Dask worker.

Each worker keeps, for the batch, one checking child (a pebble pool of one process) that runs the
reports of its partitions one at a time with the per-report time and memory limits, as the process
executor's children do. The worker loads the job's rules first and then forks the child, so the child
starts warm; the child pickles each result once, and the worker hands those bytes on untouched. This
module imports nothing of Dask: a worker only needs it and fzcheck's checking code.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import signal
import stat
import tempfile
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from fzcheck.executors import process
from fzcheck.executors.process import _init, failure_for
from fzcheck.model import ReadFailure


@dataclass(frozen=True)
class Shipment:
    """What every worker receives once per batch."""

    token: str
    job: Callable[[str], Any]
    timeout: float
    max_memory: int
    rule_files: tuple[tuple[str, str], ...] = ()  # (name of the user's rule file, its content)


_pools: dict[str, Any] = {}


def _rule_paths(rule_files: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Each shipped rule file written once per worker machine, under its own name (a profile takes the
    file's stem as its name) in a folder named by its content."""
    paths = []
    for name, text in rule_files:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        target = Path(tempfile.gettempdir()) / "fzcheck-rules" / digest / Path(name).name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(text, encoding="utf-8")
            partial.replace(target)
        paths.append(str(target))
    return tuple(paths)


def _local_job(shipment: Shipment) -> Callable[[str], Any]:
    job = shipment.job
    if shipment.rule_files and hasattr(job, "options"):
        job = replace(job, options=replace(job.options, rules=_rule_paths(shipment.rule_files)))
    return job


def release_inherited_sockets() -> None:
    """In a child forked from a Dask worker: let go of the worker's sockets (its connections to the
    scheduler and to clients, its event loop's signal wake-up), so that a worker killed while its child
    checks a report is seen gone at once, not when the report ends. Each is replaced by /dev/null rather
    than closed, so that no file the job opens later takes its number."""
    signal.set_wakeup_fd(-1)
    if not os.path.isdir("/proc/self/fd"):
        return
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for name in os.listdir("/proc/self/fd"):
            try:
                if stat.S_ISSOCK(os.fstat(int(name)).st_mode):
                    os.dup2(null, int(name))
            except OSError:  # the listing's own descriptor, gone already
                pass
    finally:
        os.close(null)


def _init_child(job: Callable[[str], Any], max_memory: int) -> None:
    release_inherited_sockets()
    _init(job, max_memory)


def _pool_for(shipment: Shipment):
    """This worker's child for the batch (the previous batch's child is stopped)."""
    from pebble import ProcessPool

    pool = _pools.get(shipment.token)
    if pool is None:
        close_pools()
        # A worker started by a nanny is marked daemonic only so that it ends with its nanny; its pebble
        # child ends with it as well (it reads its tasks from a pipe the worker holds).
        multiprocessing.current_process()._config["daemon"] = False  # type: ignore[attr-defined]
        job = _local_job(shipment)
        warm = getattr(job, "warm", None)
        if warm:
            warm()  # here, once: every child forked from this worker then starts with the rules loaded
        # A Dask worker is itself spawned, so multiprocessing would spawn its children too: a fresh
        # interpreter importing fzcheck, about 0.2 s of CPU per child and per batch. Forked, a child
        # starts at once, as the process pool's children do (pebble forks from a threaded parent there too;
        # the child runs only pebble's loop and the job, and lets go of the worker's sockets first). Python
        # 3.12 warns of every fork from a threaded process in the worker's log; why this one is safe is above.
        warnings.filterwarnings("ignore", message=r"This process \(pid=\d+\) is multi-threaded", category=DeprecationWarning)
        fork = multiprocessing.get_context("fork")
        pool = ProcessPool(max_workers=1, initializer=_init_child, initargs=(job, shipment.max_memory), context=fork)
        _pools[shipment.token] = pool
    return pool


def close_pools() -> None:
    """Stop this worker's child at the end of a batch (a long-lived cluster keeps no idle children)."""
    for pool in _pools.values():
        pool.stop()  # pebble only marks the pool stopped; its child ends in join
        try:
            pool.join(10)
        except TimeoutError:
            pass
    _pools.clear()


def _run_packed(path: str) -> bytes:
    """In the worker's child: the job's result, pickled once, here, for the client."""
    return pickle.dumps(process._run(path), protocol=pickle.HIGHEST_PROTOCOL)


def check_partition(shipment: Shipment, positions: range, paths: Sequence[str]) -> list[tuple[int, bytes | ReadFailure]]:
    """Runs as one Dask task: every report of the partition, each with its own limits. A result stays
    the bytes its child made (the worker never unpickles it: a ReportResult takes a millisecond to
    unpickle, more than the scheduler's cost per report); a report the child could not finish is a
    ReadFailure made here."""
    pool = _pool_for(shipment)
    futures = [pool.schedule(_run_packed, (path,), timeout=shipment.timeout or None) for path in paths]
    done = []
    for position, path, future in zip(positions, paths, futures):
        error = future.exception()
        done.append((position, future.result() if error is None else failure_for(path, error, shipment.timeout)))
    return done
