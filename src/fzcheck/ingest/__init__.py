"""Readers: one module per input format, each `read(path, data) -> RawDocument`.

The format is decided by the file's content first and its suffix second, so a text file
renamed .docx is reported as such instead of crashing the Word reader.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from fzcheck.errors import InputError
from fzcheck.model import RawDocument

MAX_BYTES = 20 * 1024 * 1024  # no real report is near this; larger files are refused unread

SUFFIXES = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
}
LEGACY = {
    ".doc": "旧版 Word（.doc）",
    ".wps": "WPS 文字（.wps）",
    ".ofd": "OFD 版式文件（.ofd）",
}
READERS = {
    "text": "fzcheck.ingest.text",
    "markdown": "fzcheck.ingest.text",
    "docx": "fzcheck.ingest.docx",
    "pdf": "fzcheck.ingest.pdf",
    "html": "fzcheck.ingest.html",
}


def supported_suffixes() -> tuple[str, ...]:
    return tuple(SUFFIXES)


def sniff(path: str, head: bytes) -> str:
    """The format name for a file, from its first bytes and then its suffix."""
    suffix = Path(path).suffix.lower()
    if suffix in LEGACY:
        raise InputError(path, f"{LEGACY[suffix]}格式不能直接读取，请另存为 .docx 或 .pdf 后再检查")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if suffix in (".docx", ".zip", ""):
            return "docx"
        raise InputError(path, "这是一个 ZIP 压缩文件，不是报告文本；如是 Word 文档，请另存为 .docx")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(path, "这是旧版 Office 文件（.doc 等），不能直接读取，请用 Word 或 WPS 另存为 .docx 后再检查")
    if suffix == ".docx":
        raise InputError(path, "扩展名是 .docx，但内容不是 Word 文档（可能是改了扩展名的文本文件或已损坏），请用 Word 重新保存")
    if suffix == ".pdf":
        raise InputError(path, "扩展名是 .pdf，但内容不是 PDF 文件，可能已损坏，请重新导出")
    lowered = head[:512].lstrip().lower()
    if suffix in (".html", ".htm", ".shtml") or lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    return SUFFIXES.get(suffix, "text")


def read(path: str) -> RawDocument:
    """Read one report. Every failure is an InputError with a Chinese message naming the file."""
    try:
        if os.path.isdir(path):
            raise InputError(path, "这是一个文件夹，不是报告文件")
        size = os.path.getsize(path)
        if size == 0:
            raise InputError(path, "文件是空的")
        if size > MAX_BYTES:
            raise InputError(path, f"文件过大（{size / 1048576:.1f} MB，上限 {MAX_BYTES // 1048576} MB），请确认是否为报告本身")
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise InputError(path, "文件不存在，请检查路径") from None
    except PermissionError:
        raise InputError(path, "没有读取权限，请检查文件权限") from None
    except IsADirectoryError:
        raise InputError(path, "这是一个文件夹，不是报告文件") from None
    except OSError as exc:
        raise InputError(path, f"读取失败（{exc.strerror or exc}）") from None
    return read_bytes(path, data)


def read_bytes(path: str, data: bytes) -> RawDocument:
    """Read a report given as bytes; `path` is its name (for the format and the messages)."""
    if not data:
        raise InputError(path, "文件是空的")
    if len(data) > MAX_BYTES:
        raise InputError(path, f"文件过大（{len(data) / 1048576:.1f} MB，上限 {MAX_BYTES // 1048576} MB），请确认是否为报告本身")
    fmt = sniff(path, data[:1024])
    reader = importlib.import_module(READERS[fmt])
    try:
        return reader.read(path, data, fmt)
    except InputError:
        raise
    except Exception as exc:  # a reader library's own failure on a broken file
        raise InputError(path, f"文件已损坏或格式异常，无法解析（{type(exc).__name__}）") from None
