"""Errors that carry a one-line Chinese message for the user, and the exit codes they map to."""

from __future__ import annotations

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 3


class FzcheckError(Exception):
    """Base class: `str(error)` is the message shown to the user."""

    exit_code = EXIT_USAGE


class InputError(FzcheckError):
    """A report could not be read. The batch goes on; the run exits 3."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"无法读取 {path}：{problem}")


class RuleSetError(FzcheckError):
    """A rule file is invalid. Nothing is checked; the run exits 2."""

    def __init__(self, path: str, problem: str, line: int | None = None, rule: str | None = None) -> None:
        where = path + (f" 第{line}行" if line else "")
        who = f"（规则 {rule}）" if rule else ""
        super().__init__(f"规则文件错误 {where}{who}：{problem}")


class ConfigError(FzcheckError):
    """The configuration is invalid. The run exits 2."""
