"""Output files: checked before any report is read, written so that a failure costs only that file.

A target must not be a folder, its folder must exist and be writable, and it must not be one of the
reports being checked (compared as resolved files, so `./a.txt`, a symbolic link or a hard link to
an input are all caught): fzcheck never modifies a report it reads. A write that still fails later
(a full disk) is reported in one line; the screen output is printed all the same, and an existing
file is replaced only once the new one is complete.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterable

from fzcheck.errors import FzcheckError


class OutputError(FzcheckError):
    """An output cannot be written where asked. Nothing is checked; the run exits 2."""


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check(targets: Iterable[tuple[str, str]], inputs: Iterable[str]) -> None:
    """Raise OutputError for the first (option, target) that cannot or must not be written."""
    files = [path for path in inputs]
    seen: dict[str, str] = {}
    for option, target in targets:
        where = f"{option} 的目标 {target}"
        if not target:
            raise OutputError(f"{where}：没有给出文件名")
        if os.path.isdir(target):
            raise OutputError(f"{where} 是一个文件夹，请给出文件名")
        folder = os.path.dirname(os.path.abspath(target))
        if not os.path.isdir(folder):
            raise OutputError(f"{where}：所在文件夹 {folder} 不存在")
        if special(target):
            if not os.access(target, os.W_OK):
                raise OutputError(f"{where}：没有写入权限")
        elif not os.access(folder, os.W_OK | os.X_OK) or (os.path.exists(target) and not os.access(target, os.W_OK)):
            raise OutputError(f"{where}：没有写入权限")
        for path in files:
            if os.path.exists(target) and _same_file(target, path):
                raise OutputError(f"{where} 是要检查的报告 {path}，不能覆盖被检查的文件")
        resolved = os.path.realpath(target)
        if resolved in seen:
            raise OutputError(f"{where} 与 {seen[resolved]} 写入同一个文件")
        seen[resolved] = option


def special(path: str) -> bool:
    """An existing target that is not a regular file (/dev/stdout, a pipe): written into, never replaced."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def write(target: str, data: str | bytes) -> str | None:
    """Write one output whole (a temporary file renamed over the target); a Chinese error or None."""
    return write_chunks(target, [data if isinstance(data, bytes) else data.encode("utf-8")])


def write_chunks(target: str, chunks: Iterable[bytes]) -> str | None:
    """`write`, for an output made piece by piece (never whole in memory)."""
    real = os.path.realpath(target)  # a link to the output file stays a link
    handle = None
    try:
        if special(real):
            with open(real, "wb") as stream:
                stream.writelines(chunks)
            return None
        with tempfile.NamedTemporaryFile(dir=os.path.dirname(real), prefix=".fzcheck-", delete=False) as handle:
            handle.writelines(chunks)
        os.chmod(handle.name, _mode(real))  # a temporary file is private (0600); the output is not
        os.replace(handle.name, real)
        return None
    except OSError as exc:
        if handle is not None and os.path.exists(handle.name):
            os.unlink(handle.name)
        return f"无法写入 {target}（{exc.strerror or exc}）"


def _mode(target: str) -> int:
    """The replaced file's permissions, or what the user's umask gives a new file (colleagues on a shared
    drive read the workbook as they would any file the reviewer saves there)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def write_all(targets: dict[str, str], render: Callable[[str], str | bytes]) -> list[str]:
    """Write every output; the errors, one line each (empty when all were written)."""
    errors = []
    for fmt, target in targets.items():
        problem = write(target, render(fmt))
        if problem:
            errors.append(problem)
    return errors
