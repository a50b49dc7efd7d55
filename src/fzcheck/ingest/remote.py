"""Reports named by an fsspec URL (`file:///srv/reports/a.docx`, `s3://bucket/2024/`): listed and read
as bytes through fsspec, so a cluster's workers read a province's shared storage directly. fsspec (and
s3fs for `s3://`) are imported only when such a URL is given. Credentials and endpoints come from the
usual places (AWS_* variables, ~/.aws, FSSPEC_S3_ENDPOINT_URL ...), never from fzcheck's options."""

from __future__ import annotations

import re

from fzcheck.errors import InputError

URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
INSTALL = '读取 URL 需要安装 fsspec：pip install "fzcheck[cluster]"'


def is_url(path: str) -> bool:
    return bool(URL.match(path))


def _filesystem(url: str):
    try:
        import fsspec
    except ImportError:
        raise InputError(url, INSTALL) from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:  # an unknown protocol, or its package (s3fs ...) missing
        raise InputError(url, f"不支持的地址（{exc}）；s3:// 需要 pip install s3fs") from None


def read(url: str, limit: int) -> bytes:
    """The bytes of one report; InputError (in Chinese, naming the URL) for anything wrong."""
    fs, path = _filesystem(url)
    try:
        size = fs.size(path)
        if size is not None and size > limit:
            raise InputError(url, f"文件过大（{size / 1048576:.1f} MB，上限 {limit // 1048576} MB），请确认是否为报告本身")
        return fs.cat_file(path)
    except FileNotFoundError:
        raise InputError(url, "文件不存在，请检查路径") from None
    except PermissionError:
        raise InputError(url, "没有读取权限，请检查访问凭据") from None
    except InputError:
        raise
    except Exception as exc:  # the storage's own failure: network, credentials, a bad bucket name
        raise InputError(url, f"无法从存储读取（{type(exc).__name__}: {exc}）") from None


def expand(url: str, suffixes: set[str]) -> list[str]:
    """A folder URL becomes its reports (sorted, hidden names skipped); a file URL stays as it is.
    Raises InputError when the storage cannot be listed."""
    fs, root = _filesystem(url)
    try:
        if not fs.isdir(root):
            return [url]
        found = fs.find(root)
    except Exception as exc:
        raise InputError(url, f"无法列出存储中的文件（{type(exc).__name__}: {exc}）") from None
    base = root.rstrip("/")
    kept = []
    for path in found:
        relative = path[len(base):].lstrip("/") if path.startswith(base) else path
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        if "." + path.rsplit(".", 1)[-1].lower() in suffixes and "." in path.rsplit("/", 1)[-1]:
            kept.append(fs.unstrip_protocol(path))
    return sorted(kept)
