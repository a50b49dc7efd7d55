"""Shared helpers of the citation kinds: sentence bounds inside one paragraph, quotes, facts as text."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from fzcheck.model import Outcome, Status

SENTENCE_END = "。；！？"
CLAUSE_END = "，。；！？：、"


@dataclass(frozen=True)
class Finding:
    """One occurrence: offsets in the scope's folded text, a quote, and the fact behind it."""

    start: int
    end: int
    quote: str
    fact: Any


class Bounds:
    """Paragraph start offsets of a scope, computed on first use (most reports have no hit at all)."""

    def __init__(self, scope) -> None:
        self.scope = scope
        self._starts: list[int] | None = None

    def sentence(self, text: str, start: int, end: int, marks: str = SENTENCE_END) -> tuple[int, int]:
        if self._starts is None:
            self._starts = paragraph_bounds(self.scope)
        return sentence(text, self._starts, start, end, marks)


def paragraph_bounds(scope) -> list[int]:
    """Start offsets of each paragraph inside scope.text (paragraphs are joined with no separator)."""
    starts, offset = [], 0
    for span in scope.spans:
        starts.append(offset)
        offset += span.end - span.start
    return starts or [0]


def _paragraph_of(starts: list[int], text: str, offset: int) -> tuple[int, int]:
    index = bisect_right(starts, offset) - 1
    left = starts[index]
    right = starts[index + 1] if index + 1 < len(starts) else len(text)
    return left, right


def sentence(text: str, starts: list[int], start: int, end: int, marks: str = SENTENCE_END) -> tuple[int, int]:
    """Bounds of the sentence (or clause, with CLAUSE_END) around [start, end), within its paragraph."""
    left, right = _paragraph_of(starts, text, start)
    before = max(text.rfind(mark, left, start) for mark in marks)
    after = [i for i in (text.find(mark, end, right) for mark in marks) if i >= 0]
    return (before + 1 if before >= left else left), (min(after) + 1 if after else right)


def quote(text: str, start: int, end: int, note: str = "") -> str:
    before = text[max(0, start - 10) : start]
    after = text[end : end + 6]
    return f"…{before}【{text[start:end]}】{after}…" + (f" → {note}" if note else "")


def years_before(text: str, year: int) -> bool:
    """Whether the text names a year before `year` (an account of the past: "2017年，…")."""
    return any(int(y) < year for y in re.findall(r"(?<!\d)((?:19|20)\d{2})年", text))


def fact_detail(count: int, facts: list[Any]) -> str:
    """'发现N处；依据：…（来源：…）' for each distinct fact, so text output and JSON carry the fact."""
    seen = list(dict.fromkeys(facts))
    basis = "；".join(f"{fact.describe()}（来源：{fact.source}）" for fact in seen[:3])
    return f"发现{count}处；依据：{basis}"


def outcome(findings: list[Finding], scope, clean: str) -> Outcome:
    """Pass with `clean` when nothing was found; otherwise fail with a mark, a quote and the fact for each finding."""
    if not findings:
        return Outcome(Status.PASS, clean, scope.location(0))
    findings = sorted(findings, key=lambda f: f.start)
    marks = tuple(scope.mark(f.start, f.end) for f in findings)
    return Outcome(Status.FAIL, fact_detail(len(findings), [f.fact for f in findings]), marks[0].location(), tuple(f.quote for f in findings), marks)
