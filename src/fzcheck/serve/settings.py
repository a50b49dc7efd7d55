"""What a running server was started with; shared by the app, the worker pool and the command."""

from __future__ import annotations

from dataclasses import dataclass

MAX_UPLOAD = 20 * 1024 * 1024  # the readers' own file limit: a real report is far below it
QUEUE_PER_WORKER = 4  # a clerk waits a few seconds at most; beyond that the answer is "busy, try again"
CHECK_TIMEOUT = 30.0  # seconds; a 100-page Word report takes well under 2 s
MEMORY_HEADROOM = 768 * 1024 * 1024  # bytes a worker may add to its warm size while checking one report


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8765
    workers: int = 2
    queue: int | None = None  # checks waiting for a worker; None: QUEUE_PER_WORKER per worker
    timeout: float = CHECK_TIMEOUT
    memory: int = MEMORY_HEADROOM
    max_upload: int = MAX_UPLOAD
    profile: str = "auto"
    rules: tuple[str, ...] = ()
    task: str = "fzcheck.serve.task:check"  # the worker's entry point; tests swap in hostile ones

    @property
    def waiting(self) -> int:
        return self.queue if self.queue is not None else QUEUE_PER_WORKER * self.workers
