"""A reviewer's Word copy: the report handed back with every finding as a comment (批注) on its words.

`annotate_bytes(data, name, report)` gives the commented .docx; `annotate_path(path, report, out_dir)`
writes `<name>.审查.docx` beside the report or in `out_dir` and never touches the report itself.
A .docx report keeps everything of its own (docx_copy.py); any other format is rebuilt as a new
.docx from the text as read (rebuild.py). What the comments say is in notes.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from fzcheck.errors import FzcheckError, InputError
from fzcheck.model import ReportResult

SUFFIX = ".审查.docx"


class OutputError(FzcheckError):
    """The copy cannot be written where asked (it would replace the report, or a file already there)."""


@dataclass(frozen=True)
class AnnotateOptions:
    author: str = "fzcheck"
    initials: str = "FZ"
    min_severity: str = "info"  # error / warning / info: the least severe finding that gets a comment
    force: bool = False  # replace an existing copy


@dataclass(frozen=True)
class Copy:
    data: bytes
    comments: int
    inexact: tuple[str, ...] = ()  # rules whose marks did not match the text at their offsets


def annotate_bytes(data: bytes, name: str, report: ReportResult, options: AnnotateOptions = AnnotateOptions()) -> Copy:
    """The commented .docx for a report's bytes and its check result; raises InputError for unreadable bytes."""
    from fzcheck.annotate import notes

    found = notes.notes(report, options.min_severity)
    if report.format == "docx":
        from fzcheck.annotate import docx_copy

        copy, placed = docx_copy.annotate(data, name, report, found, options.author, options.initials)
    else:
        from fzcheck.annotate import rebuild

        blocks = _blocks(data, name)
        copy, placed = rebuild.annotate(blocks, report, found, options.author, options.initials, Path(name).name)
    return Copy(copy, placed.comments, tuple(placed.inexact))


def _blocks(data: bytes, name: str):
    """The blocks as the reader gave them to the check (the same reader, the same bytes)."""
    from fzcheck import ingest

    return ingest.read_bytes(name, data).blocks


def output_path(path: str, out_dir: str | None = None) -> str:
    """`<name>.审查.docx` beside the report, or in `out_dir`."""
    source = Path(path)
    folder = Path(out_dir) if out_dir else source.parent
    return str(folder / (source.stem + SUFFIX))


def same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def check_output(target: str, inputs: list[str], force: bool) -> None:
    """Refuse a copy that would replace a report, or an existing file without `force` (OutputError, exit 2)."""
    for source in inputs:
        if same_file(target, source):
            raise OutputError(f"审查副本 {target} 与输入的报告是同一个文件，不能覆盖报告本身；请用 -o 指定其他文件夹")
    if os.path.exists(target) and not force:
        raise OutputError(f"{target} 已存在，未覆盖；如需覆盖请加 --force")


def write_atomic(target: str, data: bytes, force: bool = False) -> None:
    """Write beside the target and move it into place, so a reader never sees half a file; without
    `force` the move fails if the target appeared meanwhile (two reports of a batch with the same name)."""
    import tempfile  # not at import time: `fzcheck --help` imports this package

    folder = os.path.dirname(os.path.abspath(target))
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".fzcheck-", suffix=".docx", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if force:
            os.replace(temporary, target)
        else:
            try:
                os.link(temporary, target)  # atomic, and refuses an existing name
            except FileExistsError:
                raise OutputError(f"{target} 已存在，未覆盖；如需覆盖请加 --force") from None
            except OSError:  # a file system without hard links
                check_output(target, [], force=False)
                os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_copy(path: str, report: ReportResult, out_dir: str | None, options: AnnotateOptions = AnnotateOptions()) -> tuple[str, Copy]:
    """Write the commented copy of one checked report; returns the copy's path and what it holds.

    Raises InputError when the report cannot be read and OutputError when the copy may not be written.
    """
    target = output_path(path, out_dir)
    check_output(target, [path], options.force)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, f"读取失败（{exc.strerror or exc}）") from None
    copy = annotate_bytes(data, path, report, options)
    write_atomic(target, copy.data, options.force)
    return target, copy


def annotate_path(path: str, report: ReportResult, out_dir: str | None, options: AnnotateOptions = AnnotateOptions()) -> str:
    """For a batch worker: write the copy, return its path (errors as in write_copy)."""
    return write_copy(path, report, out_dir, options)[0]


def annotate_isolated(path: str, item: object, out_dir: str, options: AnnotateOptions = AnnotateOptions()) -> str:
    """For a batch: the copy of one checked report, as a one-line Chinese note; never raises.

    A report that could not be read gets no copy and no note (its read failure is listed already).
    """
    if not isinstance(item, ReportResult):
        return ""
    try:
        target, copy = write_copy(path, item, out_dir, options)
    except FzcheckError as error:
        return f"错误：未生成审查副本：{error}"
    except Exception as exc:  # a bug must cost one copy, not the batch
        return f"错误：未生成 {path} 的审查副本：内部错误（{type(exc).__name__}: {exc}），请报告此问题"
    return f"已写入 {target}（{copy.comments} 条批注）"


@dataclass(frozen=True)
class CopyWriter:
    """A per-report extra for a batch (api.Job): the worker that checked a report writes its copy into
    `out_dir` and hands back the note. Picklable, so it travels to pool workers."""

    out_dir: str
    options: AnnotateOptions = AnnotateOptions()

    def __call__(self, doc: object, report: ReportResult) -> str:
        return annotate_isolated(report.path, report, self.out_dir, self.options)


__all__ = ["AnnotateOptions", "Copy", "OutputError", "annotate_bytes", "annotate_path", "annotate_isolated", "CopyWriter", "write_copy", "output_path", "check_output"]
