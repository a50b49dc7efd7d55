"""Finding phrases in folded text: substring (the fast path), regex, or whole words (jieba)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fzcheck.patterns import TimedPattern, UserPattern
from fzcheck.textfold import fold_plain


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    text: str


def compile_pattern(pattern: str):
    """Patterns are written against folded text: full-width Chinese punctuation, no spaces.

    A pattern from the user's own rule file runs under a time limit (fzcheck.patterns)."""
    if isinstance(pattern, UserPattern):
        return _compile_user(str(pattern))
    return _compile(pattern)


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=1024)
def _compile_user(pattern: str) -> TimedPattern:
    return TimedPattern(pattern)


def find_regex(text: str, patterns: list[str]) -> list[Hit]:
    hits = []
    for pattern in patterns:
        for found in compile_pattern(pattern).finditer(text):
            if found.end() > found.start():
                hits.append(Hit(found.start(), found.end(), found.group(0)))
    return sorted(hits, key=lambda hit: (hit.start, hit.end))


def find_phrase(text: str, phrase: str) -> list[Hit]:
    phrase = fold_plain(phrase)
    hits = []
    start = text.find(phrase)
    while start >= 0:
        hits.append(Hit(start, start + len(phrase), phrase))
        start = text.find(phrase, start + 1)
    return hits


def find_in_scope(scope, phrase: str, mode: str, ctx) -> list[Hit]:
    """Hits of one phrase in a scope: `substring`, `regex`, or `word` (whole jieba words only)."""
    if mode == "regex":
        return find_regex(scope.text, [phrase])
    hits = find_phrase(scope.text, phrase)
    if mode != "word" or not hits:
        return hits
    edges = ctx.word_boundaries
    kept = []
    for hit in hits:
        start = scope.global_offset(hit.start, ctx.doc)
        end = scope.global_offset(hit.end - 1, ctx.doc) + 1
        if start in edges and end in edges:
            kept.append(hit)
    return kept


def first_hit(scope, entry: str | list[str], mode: str, ctx) -> Hit | None:
    """The first hit of a phrase or of any phrase of a synonym set."""
    options = [entry] if isinstance(entry, str) else entry
    hits = [hit for option in options for hit in find_in_scope(scope, option, mode, ctx)[:1]]
    return min(hits, key=lambda hit: hit.start) if hits else None
