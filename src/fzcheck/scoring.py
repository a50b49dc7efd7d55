"""Weighted, explainable scoring and the pass/fail bar (docs/scoring.md).

score = 100 × (points earned) / (weight of every rule that counts); pass earns the full weight,
partial half, fail nothing; a skipped or suppressed (waived, baselined) result leaves both sums.
A report passes when its score reaches `fail_under` (60 by default) and no counted result failed
at a severity at or above `fail_on` (error by default; `never` leaves only the score).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from fzcheck.model import ReportResult, RuleResult, Status

PASS_SCORE = 60.0
GRADES = ((90.0, "优秀"), (75.0, "良好"), (60.0, "合格"), (0.0, "不合格"))
FAIL_ON = ("error", "warning", "info", "never")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Gate:
    fail_under: float = PASS_SCORE
    fail_on: str = "error"

    def blocks(self, result: RuleResult) -> bool:
        if self.fail_on == "never" or not result.counts or result.status is not Status.FAIL:
            return False
        return SEVERITY_RANK[result.severity] <= SEVERITY_RANK[self.fail_on]


def grade(score: float) -> str:
    return next(name for floor, name in GRADES if score >= floor)


def score(results: tuple[RuleResult, ...]) -> float:
    counted = [r for r in results if r.counts]
    possible = sum(r.weight for r in counted)
    if possible == 0:
        return 100.0
    return round(100.0 * sum(r.earned for r in counted) / possible, 1)


def group_scores(results: tuple[RuleResult, ...]) -> tuple[tuple[str, float], ...]:
    grouped: dict[str, list[RuleResult]] = defaultdict(list)
    for result in results:
        grouped[result.group].append(result)
    return tuple((name, score(tuple(items))) for name, items in grouped.items())


def reasons(results: tuple[RuleResult, ...], value: float, gate: Gate) -> tuple[str, ...]:
    """Why a report fails the gate, in Chinese; empty when it passes."""
    found = []
    if value < gate.fail_under:
        found.append(f"得分 {value:.1f} 低于及格线 {gate.fail_under:g}")
    blocking = [r.title for r in results if gate.blocks(r)]
    if blocking:
        found.append(f"{'、'.join(blocking)}未通过（门禁：{gate.fail_on} 级及以上问题）")
    return tuple(found)


def report(doc, ruleset, results: tuple[RuleResult, ...], gate: Gate = Gate()) -> ReportResult:
    value = score(results)
    why = reasons(results, value, gate)
    cut = getattr(doc, "cut", None)
    if cut is not None:  # a cut-off copy is never passed: the rest could not be checked
        why = (f"报告不完整：正文在{cut.location(max(0, len(cut.norm) - 1)).describe()}中断，无法评定",) + why
    return ReportResult(
        path=doc.path,
        format=doc.format,
        ruleset=ruleset.name,
        profile=ruleset.profile,
        metadata=doc.metadata,
        sections=tuple(section.info() for section in doc.root.children),
        results=results,
        score=value,
        grade=grade(value),
        passed=not why,
        groups=group_scores(results),
        reasons=why,
    )
