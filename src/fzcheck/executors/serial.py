"""Every report in this process, one after the other. No time or memory limit: a library caller that
needs them uses the process executor."""

from __future__ import annotations

from typing import Any, Callable, Iterator, Sequence


class SerialExecutor:
    def map(self, job: Callable[[str], Any], paths: Sequence[str]) -> Iterator[tuple[int, Any]]:
        for position, path in enumerate(paths):
            yield position, job(path)

    def close(self) -> None:
        pass
