"""Batch statistics for reviewers: pass rate per rule, score distribution, the most common gaps.

A batch's statistics are partial sums (`Tally`): each report is added as it arrives, in any order,
and tallies merge, so a batch of a hundred thousand reports never holds its records to count them.
`Digest` is what a ranking needs of a report (a few hundred bytes); both come from the worker.
"""

from __future__ import annotations

import statistics
from array import array
from collections import Counter
from dataclasses import dataclass

from fzcheck.model import ReportResult, Status
from fzcheck.scoring import GRADES


@dataclass(frozen=True)
class RuleStat:
    rule: str
    title: str
    severity: str
    applicable: int  # reports where the rule did not skip
    passed: int
    partial: int
    failed: int

    @property
    def pass_rate(self) -> float | None:
        """Share of the reports it applied to that passed; None when it applied to none."""
        return self.passed / self.applicable if self.applicable else None

    @property
    def rate_text(self) -> str:
        return "—" if self.pass_rate is None else f"{self.pass_rate:.0%}"


@dataclass(frozen=True)
class BatchStats:
    reports: int
    passed: int
    mean: float
    median: float
    lowest: float
    highest: float
    grades: tuple[tuple[str, int], ...]
    rules: tuple[RuleStat, ...]

    def common_gaps(self, limit: int = 5) -> list[RuleStat]:
        gaps = [r for r in self.rules if r.failed + r.partial]
        return sorted(gaps, key=lambda r: (-(r.failed + r.partial), r.rule))[:limit]


@dataclass(frozen=True)
class Digest:
    """What the ranking and the gate need of one report."""

    path: str
    subject: str
    title: str
    year: int | None
    level: str
    score: float
    grade: str
    passed: bool
    reasons: tuple[str, ...]
    failed: tuple[str, ...]  # titles of the counted failed items
    copied: bool = False  # a copied rule found another report this one repeats

    @classmethod
    def of(cls, report: ReportResult) -> "Digest":
        meta = report.metadata
        return cls(
            report.path, subject(report), meta.title, meta.year, meta.level, report.score, report.grade, report.passed,
            report.reasons, tuple(failed_items(report)),
            any(r.similar and r.status in (Status.FAIL, Status.PARTIAL) for r in report.results),
        )


State = tuple[str, str, str, str]  # (rule, title, severity, status value)


def states(report: ReportResult) -> tuple[State, ...]:
    """A report's share of the tally's rule counts."""
    return tuple((r.rule, r.title, r.severity, r.status.value) for r in report.results)


class Tally:
    """Batch statistics as partial sums. Rules keep the order in which they first appear in input order
    (position, then place in the report), whatever order the reports arrive in."""

    def __init__(self) -> None:
        self.scores: dict[int, float] = {}
        self.passed = 0
        self.grades: Counter[str] = Counter()
        self.first: dict[str, tuple[int, int, str, str]] = {}  # rule -> (position, index, title, severity)
        self.counts: dict[str, Counter] = {}

    def add(self, position: int, digest: Digest, rules: tuple[State, ...], sign: int = 1) -> None:
        """Count a report (sign -1: take back a report counted before, to count its new version)."""
        if sign > 0:
            self.scores[position] = digest.score
        else:
            del self.scores[position]
        self.passed += sign * digest.passed
        self.grades[digest.grade] += sign
        for index, (rule, title, severity, status) in enumerate(rules):
            known = self.first.get(rule)
            if known is None or (position, index) < known[:2]:
                self.first[rule] = (position, index, title, severity)
            counts = self.counts.get(rule)
            if counts is None:
                counts = self.counts[rule] = Counter()
            counts[status] += sign

    def merge(self, other: "Tally") -> None:
        for position, score in other.scores.items():
            self.scores[position] = score
        self.passed += other.passed
        self.grades.update(other.grades)
        for rule, first in other.first.items():
            if rule not in self.first or first[:2] < self.first[rule][:2]:
                self.first[rule] = first
            self.counts.setdefault(rule, Counter()).update(other.counts[rule])

    def result(self) -> BatchStats:
        scores = array("d", (self.scores[p] for p in sorted(self.scores))) or array("d", [0.0])
        rules = []
        for rule, (_, _, title, severity) in sorted(self.first.items(), key=lambda item: item[1][:2]):
            counts = self.counts[rule]
            rules.append(
                RuleStat(
                    rule=rule,
                    title=title,
                    severity=severity,
                    applicable=sum(n for status, n in counts.items() if status != Status.SKIP.value),
                    passed=counts[Status.PASS.value],
                    partial=counts[Status.PARTIAL.value],
                    failed=counts[Status.FAIL.value],
                )
            )
        return BatchStats(
            reports=len(self.scores),
            passed=self.passed,
            mean=round(statistics.fmean(scores), 1),
            median=round(statistics.median(scores), 1),
            lowest=min(scores),
            highest=max(scores),
            grades=tuple((name, self.grades.get(name, 0)) for _, name in GRADES),
            rules=tuple(rules),
        )


def compute(reports: list[ReportResult]) -> BatchStats:
    tally = Tally()
    for position, report in enumerate(reports):
        tally.add(position, Digest.of(report), states(report))
    return tally.result()


def ranking(reports):
    """Best first; ties by path, so the order is deterministic (reports or digests)."""
    return sorted(reports, key=lambda r: (-r.score, r.path))


def failed_items(report: ReportResult) -> list[str]:
    return [r.title for r in report.results if r.status is Status.FAIL and r.counts]


def subject(report: ReportResult) -> str:
    """The reporting body, for tables: the first issuing body, else the title's subject."""
    meta = report.metadata
    if meta.bodies:
        return meta.bodies[-1]
    if meta.signature:
        return meta.signature[-1]
    from fzcheck.metadata import TITLE_SUBJECT

    found = TITLE_SUBJECT.match(meta.title)
    return found.group(1) if found and found.group(1) else ""
