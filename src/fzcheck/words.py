"""Chinese words via jieba, loaded lazily, once per process, from a versioned cache.

Stock jieba rebuilds or re-reads its prefix dictionary on every start. We keep its dictionary
(with our domain terms from rules/data/userdict.txt added) as one pickle, named by the jieba
version and a hash of the user dictionary, and read it in one go with the garbage collector
paused: the dictionary is half a million small objects and collecting while loading them is
most of stock jieba's start-up time.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
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
    return _cache_dir() / f"jieba-{jieba.__version__}-{digest}.pickle"


@lru_cache(maxsize=1)
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    path = cache_path()
    try:
        with open(path, "rb") as handle:
            enabled = gc.isenabled()
            gc.disable()
            try:
                tk.FREQ, tk.total = pickle.load(handle)
            finally:
                if enabled:
                    gc.enable()
        tk.initialized = True
        return tk
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        pass
    tk.initialize()
    tk.load_userdict(str(_user_dict()))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
            pickle.dump((tk.FREQ, tk.total), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError:
        pass  # a read-only home still works, only without the cache
    return tk


def boundaries(text: str) -> frozenset[int]:
    edges = set()
    for _, start, end in tokenizer().tokenize(text):
        edges.add(start)
        edges.add(end)
    return frozenset(edges)
