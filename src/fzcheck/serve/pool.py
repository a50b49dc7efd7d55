"""The checks: a pebble process pool with a time limit per check, a memory cap per worker and a
bounded number of checks admitted at once (running plus waiting)."""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
from concurrent.futures import TimeoutError as FutureTimeout

from pebble import ProcessExpired, ProcessPool

from fzcheck.serve.settings import Settings
from fzcheck.serve.task import Job, initialize, ready


class Refusal(Exception):
    """A check that gets no report: an HTTP status and a Chinese message for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _entry(dotted: str):
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


class CheckPool:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.task = _entry(settings.task)
        self.admitted = 0
        # spawn, not fork: the server process runs an event loop and threads, which a fork would copy half-way
        self.pool = ProcessPool(
            max_workers=settings.workers,
            initializer=initialize,
            initargs=(settings.memory,),
            context=multiprocessing.get_context("spawn"),
        )
        self.pool.schedule(ready)

    async def check(self, job: Job, task=None) -> tuple[int, bytes]:
        """Run `task` (default: the check) on a job in a worker; raises Refusal when it gives no answer."""
        if self.admitted >= self.settings.workers + self.settings.waiting:
            raise Refusal(503, "服务器正忙：同时提交检查的人太多，请稍等一分钟再试")
        self.admitted += 1
        try:
            future = self.pool.schedule(task or self.task, args=(job,), timeout=self.settings.timeout)
            try:
                return await asyncio.wrap_future(future)
            except asyncio.CancelledError:
                future.cancel()  # the client went away: stop its check (pebble ends the worker)
                raise
        except FutureTimeout:
            raise Refusal(
                422, f"检查 {job.name} 超过 {self.settings.timeout:g} 秒仍未完成，已停止。文件可能异常，请另存为 .docx 或 .txt 后再试"
            ) from None
        except MemoryError:
            raise Refusal(422, f"检查 {job.name} 所需内存超过上限，已停止。文件可能异常（如压缩炸弹），请确认是否为报告本身") from None
        except ProcessExpired:
            raise Refusal(422, f"检查 {job.name} 时检查进程异常退出（可能是内存超限），已停止。请确认文件是否为报告本身") from None
        except Exception as error:  # a bug in a check: one answer fails, the server goes on
            raise Refusal(500, f"检查 {job.name} 时发生内部错误（{type(error).__name__}），请报告此问题") from None
        finally:
            self.admitted -= 1

    def close(self) -> None:
        self.pool.stop()
        self.pool.join(timeout=5)
