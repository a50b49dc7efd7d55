"""A batch on a Dask cluster: an existing one (`tcp://HOST:8786`) or a LocalCluster on this machine.

Each task checks a partition of reports: a hundred at the start of a batch, fewer and fewer towards its
end (see `partitions`). What the client ships: once per batch, broadcast to every worker, the job
(options, gate, waivers, baseline) and the *content* of the user's rule files, so workers need no copy
of them; then per task the positions and paths of a partition. What comes back: one (position, item)
per report, item being the job's result pickled once in the worker's checking child (unpickled here,
once, as the process executor's results are), or a ReadFailure for a report the child could not finish.

Isolation is the process executor's, in fzcheck.executors.daskworker: one long-lived child per worker
runs one report at a time with the per-report time and memory limits. A report that kills its child
costs that report only; a Dask worker killed mid-partition costs nothing: the scheduler gives its
partitions to another worker, and the client takes each position once.
"""

from __future__ import annotations

import logging
import pickle
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from fzcheck.errors import ConfigError
from fzcheck.executors.daskworker import Shipment, check_partition, close_pools
from fzcheck.executors.process import IN_FLIGHT_PER_WORKER
from fzcheck.model import ReadFailure

PARTITION = (10, 100)  # reports per task, fewest and most (fewer only in a batch too small for two per worker)
INSTALL = '使用 --dask 需要安装集群组件：pip install "fzcheck[cluster]"（dask、distributed、fsspec）'
CONNECT_TIMEOUT = "10s"


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


def unpack(item: bytes | ReadFailure) -> Any:
    """On the client: what the job returned (a job's own bytes come back pickled, so never ambiguous)."""
    return pickle.loads(item) if isinstance(item, bytes) else item



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
        self._session = None  # (client, LocalCluster or None) from the first map to `close`

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
        if self._session is None:
            self._session = self._connect()
        client = self._session[0]
        try:
            yield from self._map(client, job, paths)
        finally:
            # A worker's child is not daemonic (pebble's choice), so a worker left to exit with it still
            # there waits for it: stopping the children after each map saves a LocalCluster 4 s of closing
            # and leaves a long-lived cluster's workers as they were.
            try:
                client.run(close_pools)
            except Exception:  # a worker gone meanwhile has no child left to stop
                pass

    def close(self) -> None:
        if self._session is not None:
            (client, cluster), self._session = self._session, None
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
