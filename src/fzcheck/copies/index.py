"""Last year's reports kept as one small SQLite file (stdlib sqlite3), so a reviewer keeps an index
per year instead of the reports, and a province can accumulate years in one file.

One row per report: path, issuer, level, year, score, the MinHash signature (when datasketch is
installed) and the text fingerprint — the body's folded text (zlib) with its paragraph starts and
places; the shingle hashes are recomputed from the text on reading, so the file stays small.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from typing import Sequence

from fzcheck.copies.fingerprint import SHINGLE, Fingerprint, hash_paragraphs, sample_of
from fzcheck.errors import FzcheckError

FORMAT = "fzcheck.copies/1"
MAGIC = b"SQLite format 3\x00"


class IndexError_(FzcheckError):
    """An index file that cannot be read or written. The run exits 2."""


def is_index(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _texts(fp: Fingerprint) -> list[str]:
    bounds = [start for _, start in fp.paragraphs] + [len(fp.text)]
    return [fp.text[a:b] for a, b in zip(bounds, bounds[1:])]


def write_index(path: str, prints: Sequence[Fingerprint]) -> int:
    """Add (or replace, by path) one row per report; returns the number of rows written."""
    try:
        connection = sqlite3.connect(path)
        with connection:
            connection.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS reports (path TEXT PRIMARY KEY, issuer TEXT, level TEXT, year INTEGER, "
                "score REAL, signature BLOB, text BLOB, paragraphs TEXT)"
            )
            connection.execute("CREATE INDEX IF NOT EXISTS reports_issuer ON reports (issuer, year)")
            connection.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?), ('shingle', ?)", (FORMAT, str(SHINGLE)))
            connection.executemany(
                "INSERT OR REPLACE INTO reports VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        fp.path, fp.issuer, fp.level, fp.year, fp.score, fp.signature or None,
                        zlib.compress(fp.text.encode("utf-8")),
                        json.dumps([[i, s, *place] for (i, s), place in zip(fp.paragraphs, fp.places or [()] * len(fp.paragraphs))]),
                    )
                    for fp in prints
                ],
            )
        connection.close()
    except sqlite3.Error as exc:
        raise IndexError_(f"无法写入往年索引 {path}：{exc}") from None
    return len(prints)


def read_index(path: str) -> list[Fingerprint]:
    """Every report in an index file; a clear Chinese error (exit 2) for anything else."""
    if not Path(path).is_file():
        raise IndexError_(f"往年索引 {path} 不存在")
    if not is_index(path):
        raise IndexError_(f"无法读取往年索引 {path}：不是 SQLite 数据库（文件已损坏，或不是 fzcheck audit --write-index 写出的索引）")
    try:
        connection = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
            rows = connection.execute("SELECT path, issuer, level, year, score, signature, text, paragraphs FROM reports").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise IndexError_(f"无法读取往年索引 {path}：文件已损坏或不是 fzcheck 索引（{exc}）") from None
    if meta.get("format") != FORMAT or meta.get("shingle") != str(SHINGLE):
        raise IndexError_(f"无法读取往年索引 {path}：索引格式为 {meta.get('format')!r}，本版本需要 {FORMAT}，请用 fzcheck audit --write-index 重新生成")
    try:
        return [_row(row) for row in rows]
    except (zlib.error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise IndexError_(f"无法读取往年索引 {path}：内容已损坏（{exc}）") from None


def _row(row) -> Fingerprint:
    path, issuer, level, year, score, signature, blob, paragraphs = row
    text = zlib.decompress(blob).decode("utf-8")
    table = json.loads(paragraphs)
    starts = tuple((int(item[0]), int(item[1])) for item in table)
    places = tuple(tuple(item[2:5]) if len(item) >= 5 else (None, None, None) for item in table)
    bounds = [s for _, s in starts] + [len(text)]
    hashes, substantive = hash_paragraphs([text[a:b] for a, b in zip(bounds, bounds[1:])])
    return Fingerprint(
        path=path, issuer=issuer or "", level=level or "", year=year, text=text, paragraphs=starts,
        hashes=hashes, substantive=substantive, places=places, score=score, signature=signature or b"",
        sample=sample_of(hashes),
    )
