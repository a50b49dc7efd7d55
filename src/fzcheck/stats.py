"""Batch statistics for reviewers: pass rate per rule, score distribution, the most common gaps."""

from __future__ import annotations

import statistics
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


def compute(reports: list[ReportResult]) -> BatchStats:
    scores = [r.score for r in reports] or [0.0]
    grades = Counter(r.grade for r in reports)
    order: dict[str, tuple[str, str]] = {}
    counts: dict[str, Counter] = {}
    for report in reports:
        for result in report.results:
            order.setdefault(result.rule, (result.title, result.severity))
            counts.setdefault(result.rule, Counter())[result.status] += 1
    rules = tuple(
        RuleStat(
            rule=rule,
            title=title,
            severity=severity,
            applicable=sum(n for status, n in counts[rule].items() if status is not Status.SKIP),
            passed=counts[rule][Status.PASS],
            partial=counts[rule][Status.PARTIAL],
            failed=counts[rule][Status.FAIL],
        )
        for rule, (title, severity) in order.items()
    )
    return BatchStats(
        reports=len(reports),
        passed=sum(1 for r in reports if r.passed),
        mean=round(statistics.fmean(scores), 1),
        median=round(statistics.median(scores), 1),
        lowest=min(scores),
        highest=max(scores),
        grades=tuple((name, grades.get(name, 0)) for _, name in GRADES),
        rules=rules,
    )


def ranking(reports: list[ReportResult]) -> list[ReportResult]:
    """Best first; ties by path, so the order is deterministic."""
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
