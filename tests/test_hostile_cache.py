"""The word dictionary cache: JSON with a checksum, never pickle; a corrupt or planted file is rebuilt."""

from __future__ import annotations

import hashlib
import pickle

import pytest

from fzcheck import words


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FZCHECK_CACHE_DIR", str(tmp_path))
    words.tokenizer.cache_clear()
    yield words.cache_path()
    words.tokenizer.cache_clear()


class Planted:
    def __reduce__(self):
        return (exec, ("import pathlib; pathlib.Path('PWNED').write_text('x')",))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json at all",
        b"0" * 64 + b"\n[{}, 1]",  # a wrong checksum
        pickle.dumps(Planted()),  # what an attacker would plant for the old pickle cache
    ],
    ids=["empty", "garbage", "bad-checksum", "planted-pickle"],
)
def test_a_bad_cache_file_is_rebuilt_and_never_executed(fresh_cache, tmp_path, monkeypatch, content):
    monkeypatch.chdir(tmp_path)
    fresh_cache.parent.mkdir(parents=True, exist_ok=True)
    fresh_cache.write_bytes(content)
    assert words.boundaries("我们依法办理案件") == {0, 2, 6, 8}  # 我们 | 依法办理 | 案件: the tokenizer works
    assert not (tmp_path / "PWNED").exists()
    digest, _, body = fresh_cache.read_bytes().partition(b"\n")
    assert hashlib.sha256(body).hexdigest().encode() == digest and body.startswith(b"[{")


def test_a_well_formed_file_with_the_wrong_shape_is_rebuilt(fresh_cache):
    body = b'["not a dict", 3]'
    fresh_cache.parent.mkdir(parents=True, exist_ok=True)
    fresh_cache.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    assert words.tokenizer().total > 1000
    assert words._load(fresh_cache) is not None
