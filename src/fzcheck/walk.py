"""Folders expanded into report files, and every entry that is not read said so, with its reason.

Nothing lost must mean nothing silently skipped: a symbolic link that loops, dangles or leads out
of the folder, a pipe, a device or a socket, and a subfolder that cannot be opened each become a
ReadFailure (a skipped input, reported with the others). Hidden entries (".git", ".DS_Store") and
files that are not reports by their suffix are passed over, as a reader would expect.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from fzcheck.model import ReadFailure

SPECIAL = {stat.S_IFIFO: "管道（FIFO）", stat.S_IFCHR: "字符设备", stat.S_IFBLK: "块设备", stat.S_IFSOCK: "套接字"}


def _skipped(path: str, reason: str) -> ReadFailure:
    return ReadFailure(path, f"已跳过 {path}：{reason}")


def _inside(top: str, target: str) -> bool:
    try:
        return os.path.commonpath([top, target]) == top
    except ValueError:  # another drive on Windows
        return False


def _folder(root: str, suffixes: set[str]) -> tuple[list[str], list[ReadFailure]]:
    files: list[str] = []
    skipped: list[ReadFailure] = []
    top = os.path.realpath(root)
    first = os.stat(root)
    visited = {(first.st_dev, first.st_ino)}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            skipped.append(_skipped(folder, f"无法打开该文件夹（{exc.strerror or exc}）"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = entry.path
            try:
                if entry.is_symlink():
                    target = os.path.realpath(path)
                    if not os.path.exists(target):
                        skipped.append(_skipped(path, "符号链接指向的文件不存在"))
                        continue
                    if not _inside(top, target):
                        skipped.append(_skipped(path, f"符号链接指向文件夹之外（{target}），未跟随"))
                        continue
                info = os.stat(path)
            except OSError as exc:
                skipped.append(_skipped(path, f"无法读取（{exc.strerror or exc}）"))
                continue
            kind = stat.S_IFMT(info.st_mode)
            if kind == stat.S_IFDIR:
                if (info.st_dev, info.st_ino) in visited:
                    skipped.append(_skipped(path, "符号链接形成循环（指向已检查过的文件夹），未跟随"))
                    continue
                visited.add((info.st_dev, info.st_ino))
                stack.append(path)
            elif kind in SPECIAL:
                skipped.append(_skipped(path, f"这是{SPECIAL[kind]}，不是普通文件，未读取"))
            elif Path(entry.name).suffix.lower() in suffixes:
                files.append(path)
    return sorted(files), sorted(skipped, key=lambda failure: failure.path)


def expand(paths: Iterable[str], suffixes: Iterable[str]) -> list[str | ReadFailure]:
    """Files to check in a deterministic order, folders searched recursively, skipped entries listed."""
    wanted = {suffix.lower() for suffix in suffixes}
    result: list[str | ReadFailure] = []
    seen: set[str] = set()
    for path in paths:
        if not os.path.isdir(path):
            if path not in seen:
                seen.add(path)
                result.append(path)
            continue
        files, skipped = _folder(path, wanted)
        if not files and not skipped:
            result.append(ReadFailure(path, f"无法读取 {path}：文件夹中没有可检查的报告（{'、'.join(sorted(wanted))}）"))
        for file in files:
            if file not in seen:
                seen.add(file)
                result.append(file)
        result.extend(skipped)
    return result
