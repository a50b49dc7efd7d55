"""Weighted, explainable scoring.

score = 100 × (points earned) / (weight of every rule that applied); pass earns the full weight,
partial half, fail nothing, and a skipped rule leaves both sums. A report passes when its score
reaches the bar (60 by default, `--fail-under`) and no rule of severity `error` failed.
"""

from __future__ import annotations

from collections import defaultdict

from fzcheck.model import ReportResult, RuleResult, Status

PASS_SCORE = 60.0
GRADES = ((90.0, "优秀"), (75.0, "良好"), (60.0, "合格"), (0.0, "不合格"))


def grade(score: float) -> str:
    return next(name for floor, name in GRADES if score >= floor)


def score(results: tuple[RuleResult, ...]) -> float:
    applied = [r for r in results if r.status is not Status.SKIP]
    possible = sum(r.weight for r in applied)
    if possible == 0:
        return 100.0
    return round(100.0 * sum(r.earned for r in applied) / possible, 1)


def group_scores(results: tuple[RuleResult, ...]) -> tuple[tuple[str, float], ...]:
    grouped: dict[str, list[RuleResult]] = defaultdict(list)
    for result in results:
        grouped[result.group].append(result)
    return tuple((name, score(tuple(items))) for name, items in grouped.items())


def passed(results: tuple[RuleResult, ...], value: float, pass_score: float) -> bool:
    blocking = any(r.severity == "error" and r.status is Status.FAIL for r in results)
    return value >= pass_score and not blocking


def report(doc, ruleset, results: tuple[RuleResult, ...], pass_score: float = PASS_SCORE) -> ReportResult:
    value = score(results)
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
        passed=passed(results, value, pass_score),
        groups=group_scores(results),
    )
