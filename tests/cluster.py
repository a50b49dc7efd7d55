"""Helpers for the cluster tests: a real Dask scheduler and workers on 127.0.0.1, and jobs that workers
import from here (the workers get this folder on their PYTHONPATH)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT, SEEDS, require_modules
from hostile import misbehave  # noqa: F401 - the cluster tests import it from here

from fzcheck import api

ENV = {"PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests")])}


def require_dask() -> None:
    require_modules("dask", "distributed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RealCluster:
    """`dask scheduler` and two `dask worker`s, as a province would start them, in their own folder
    (so no worker can read the client's relative paths)."""

    def __init__(self, folder: Path, workers: int = 2) -> None:
        self.folder = folder
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.processes: list[subprocess.Popen] = []
        dask = str(Path(sys.executable).parent / "dask")
        self._start([dask, "scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard", "--dashboard-address", "127.0.0.1:0"])
        for _ in range(workers):
            self._start([dask, "worker", self.address, "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard", "--death-timeout", "60"])

    def _start(self, command: list[str]) -> None:
        log = open(self.folder / f"dask-{len(self.processes)}.log", "wb")
        env = {**os.environ, **ENV}
        self.processes.append(subprocess.Popen(command, cwd=self.folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))

    def wait(self, workers: int = 2, seconds: float = 90) -> None:
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=seconds)

    def worker_pids(self) -> list[int]:
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            return sorted(client.run(os.getpid).values())

    def worker_children(self) -> list[list[str]]:
        """The command lines of each worker's live child processes."""
        from distributed import Client

        def children() -> list[str]:
            import psutil

            return [" ".join(child.cmdline()) for child in psutil.Process().children() if child.status() != psutil.STATUS_ZOMBIE]

        with Client(self.address, timeout="30s") as client:
            return sorted(client.run(children).values())

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace")[-2000:] for path in sorted(self.folder.glob("dask-*.log")))


def reports_folder(folder: Path, copies: int) -> Path:
    """The seeds several times over in county sub-folders, and one broken file: a province's share."""
    for round_ in range(copies):
        for index, path in enumerate(SEEDS):
            target = folder / f"县{index % 3}" / f"{round_:02d}_{path.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    (folder / "县0" / "坏文件.docx").write_text("不是 Word 文档", encoding="utf-8")
    return folder


@dataclass(frozen=True)
class SlowJob:
    """The real check, slowed down so that a worker can be killed in the middle of the batch."""

    delay: float

    def __call__(self, path: str):
        time.sleep(self.delay)
        return api.check_one(path)
