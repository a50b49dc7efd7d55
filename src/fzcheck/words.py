"""Chinese words via jieba, loaded lazily, once per process, from a versioned cache.

Stock jieba rebuilds or re-reads its prefix dictionary on every start. We keep its dictionary
(with our domain terms from rules/data/userdict.txt added) as one JSON file, named by the jieba
version and a hash of the user dictionary, and read it in one go with the garbage collector
paused: the dictionary is half a million small objects and collecting while loading them is
most of stock jieba's start-up time. JSON, never pickle: a file planted in the cache folder can
at worst be wrong, never run code; its first line is the SHA-256 of the rest, so a corrupt or
truncated file is noticed on load and rebuilt.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from fzcheck.resources import rules_dir


def _cache_dir() -> Path:
    if os.environ.get("FZCHECK_CACHE_DIR"):
        return Path(os.environ["FZCHECK_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fzcheck"


def _user_dict() -> Path:
    return rules_dir() / "data" / "userdict.txt"


def cache_path() -> Path:
    import jieba

    digest = hashlib.sha256(_user_dict().read_bytes()).hexdigest()[:12]
    return _cache_dir() / f"jieba-{jieba.__version__}-{digest}.json"


def _load(path: Path) -> tuple[dict[str, int], int] | None:
    """The cached (FREQ, total), or None when the file is missing, corrupt or not what we wrote."""
    import orjson

    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, _, body = data.partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != digest:
        return None
    try:
        loaded = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not (isinstance(loaded, list) and len(loaded) == 2 and isinstance(loaded[0], dict) and type(loaded[1]) is int):
        return None
    return loaded[0], loaded[1]


def _save(path: Path, freq: dict[str, int], total: int) -> None:
    import orjson

    body = orjson.dumps([freq, total])
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
        handle.write(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    os.replace(handle.name, path)


@lru_cache(maxsize=1)
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    path = cache_path()
    enabled = gc.isenabled()
    gc.disable()
    try:
        cached = _load(path)
    finally:
        if enabled:
            gc.enable()
    if cached is not None:
        tk.FREQ, tk.total = cached
        tk.initialized = True
        return tk
    tk.initialize()
    tk.load_userdict(str(_user_dict()))
    try:
        _save(path, tk.FREQ, tk.total)
    except OSError:
        pass  # a read-only home still works, only without the cache
    return tk


def boundaries(text: str) -> frozenset[int]:
    edges = set()
    for _, start, end in tokenizer().tokenize(text):
        edges.add(start)
        edges.add(end)
    return frozenset(edges)
