"""A batch on a Dask cluster: an existing one (`tcp://HOST:8786`) or a LocalCluster on this machine.

Each task checks a partition of reports (tens of paths, so the scheduler's per-task cost of a few
milliseconds is spread over them). What the client ships: once per batch, broadcast to every worker,
the job (options, gate, waivers, baseline) and the *content* of the user's rule files, so workers need
no copy of them; then per task only a start position and a list of paths. What comes back: one
(position, item) per report, item being what the job returned (a ReportResult, a ReadFailure, or the
pair with its per-report extras such as a copy-detection fingerprint).

Isolation is the process executor's: inside each Dask worker a pebble pool of one child process,
created on the batch's first partition and kept for the rest of the batch, runs one report at a time
with the per-report time and memory limit. A thread cannot be stopped in Python, and a report that
hangs in a C library (lxml, pdfium) would hold a Dask worker for good; one child per worker costs one
extra pickling of each result (well under a millisecond) and no start-up per partition. A report that
kills its child costs that report only; a Dask worker killed mid-partition costs nothing: the
scheduler gives its partitions to another worker, and the client takes each position once.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import pickle
import signal
import stat
import tempfile
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from fzcheck.errors import ConfigError
from fzcheck.executors import process
from fzcheck.executors.process import IN_FLIGHT_PER_WORKER, _init, failure_for
from fzcheck.model import ReadFailure

PARTITION = (10, 100)  # reports per task, fewest and most (fewer only in a batch too small for two per worker)
INSTALL = '使用 --dask 需要安装集群组件：pip install "fzcheck[cluster]"（dask、distributed、fsspec）'
CONNECT_TIMEOUT = "10s"


@dataclass(frozen=True)
class Shipment:
    """What every worker receives once per batch."""

    token: str
    job: Callable[[str], Any]
    timeout: float
    max_memory: int
    rule_files: tuple[tuple[str, str], ...] = ()  # (name of the user's rule file, its content)


def partitions(count: int, workers: int) -> list[range]:
    """Consecutive slices, each a share of what is left (guided scheduling): large ones first, so that a
    Dask task's cost (about 15 ms of CPU between client, scheduler and worker, measured on a LocalCluster)
    is spread over up to a hundred reports, then smaller and smaller ones, so that no worker finishes its
    last slice long after the others. At least two slices per worker when the batch allows."""
    fewest, most = PARTITION
    workers = max(1, workers)
    floor = max(1, min(fewest, -(-count // (workers * 2))))
    slices, start = [], 0
    while start < count:
        size = min(most, max(floor, -(-(count - start) // (workers * 2))))
        slices.append(range(start, min(start + size, count)))
        start += size
    return slices


def ship_rules(job: Callable[[str], Any]) -> tuple[tuple[str, str], ...]:
    """Read the user's rule files here, on the client (they were validated before the batch began)."""
    options = getattr(job, "options", None)
    return tuple((path, Path(path).read_text(encoding="utf-8")) for path in getattr(options, "rules", ()) or ())


# ---------------------------------------------------------------- on the worker

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
        # starts at once, as the process pool's children do (pebble forks from a threaded parent there too).
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


def unpack(item: bytes | ReadFailure) -> Any:
    """On the client: what the job returned (a job's own bytes come back pickled, so never ambiguous)."""
    return pickle.loads(item) if isinstance(item, bytes) else item


# ---------------------------------------------------------------- on the client


def require() -> None:
    """Raise a Chinese ConfigError when the cluster extra is not installed."""
    import importlib.util

    if importlib.util.find_spec("distributed") is None or importlib.util.find_spec("dask") is None:
        raise ConfigError(INSTALL)


# A LocalCluster shares this machine's cores with the checks, so every periodic chore of its processes
# is taken from them: no statistical profiler sampling the task thread every 10 ms, the event loops'
# blocked-loop tick every 200 ms instead of 20 ms, no work stealing (the scheduler queues the
# partitions and hands each to a worker as it frees up), a system monitor every 2 s. A province's
# own `dask worker`s can be started with the same settings (DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False …).
LOCAL_CONFIG = {
    "distributed.worker.daemon": False,  # each worker starts one checking child of its own
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "200ms",
    "distributed.scheduler.work-stealing": False,
    "distributed.admin.system-monitor.interval": "2s",
}


def local_cluster(workers: int):
    """A LocalCluster of `workers` processes of one thread each on 127.0.0.1, without dashboards."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_CONFIG):
        return LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1",
            silence_logs=logging.ERROR,
            # no dashboard; the scheduler's small HTTP server on a free port of 127.0.0.1, not on *:8787
            scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
        )


class DaskExecutor:
    def __init__(self, address: str, jobs: int, limits) -> None:
        self.address = address
        self.jobs = max(1, jobs)
        self.limits = limits

    def _connect(self):
        require()
        from distributed import Client

        if self.address == "local":
            cluster = local_cluster(self.jobs)
            return Client(cluster), cluster
        try:
            return Client(self.address, timeout=CONNECT_TIMEOUT), None
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(
                f"无法连接 Dask 调度器 {self.address}：{exc}。请确认调度器已启动（dask scheduler）、地址与端口正确且网络可达"
            ) from None

    def map(self, job: Callable[[str], Any], paths: Sequence[str]) -> Iterator[tuple[int, Any]]:
        client, cluster = self._connect()
        try:
            yield from self._map(client, job, paths)
        finally:
            if cluster is None:
                try:
                    client.run(close_pools)
                except Exception:  # a worker gone meanwhile has no child left to stop
                    pass
            client.close()
            if cluster is not None:
                cluster.close()

    def _map(self, client, job: Callable[[str], Any], paths: Sequence[str]) -> Iterator[tuple[int, Any]]:
        from distributed import as_completed

        workers = max(1, sum(client.nthreads().values()))
        shipment = Shipment(uuid.uuid4().hex, job, self.limits.timeout, self.limits.max_memory, ship_rules(job))
        [shipped] = client.scatter([shipment], broadcast=True, hash=False)
        queue = iter(partitions(len(paths), workers))
        running = as_completed()
        pending: dict = {}

        def submit() -> None:
            while len(pending) < workers * IN_FLIGHT_PER_WORKER:
                positions = next(queue, None)
                if positions is None:
                    return
                part = [paths[i] for i in positions]
                future = client.submit(check_partition, shipped, positions, part, pure=False, retries=1)
                pending[future] = (positions, part)
                running.add(future)

        seen: set[int] = set()
        submit()
        for future in running:
            positions, part = pending.pop(future)
            try:
                done = future.result()
            except Exception as exc:  # the partition's workers died again and again: its reports fail
                reason = f"集群中的检查任务失败（{type(exc).__name__}: {exc}）"
                done = [(i, ReadFailure(path, f"无法检查 {path}：{reason}")) for i, path in zip(positions, part)]
            future.release()
            for position, item in done:
                if position not in seen:
                    seen.add(position)
                    yield position, unpack(item)
            submit()
