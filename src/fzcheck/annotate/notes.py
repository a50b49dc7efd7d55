"""What the comments say: one per finding occurrence, and a summary on the title.

A finding is a result that failed or partly passed and counts (not waived, not in the baseline),
at or above the chosen severity. Its comment says what is wrong, what to do and on what basis,
in the words the reviewer's checklist uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from fzcheck.model import Mark, ReportResult, RuleResult, Status

SEVERITY_LABELS = {"error": "严重", "warning": "警告", "info": "提示"}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
OUTLINE_GROUP = "outline"


@dataclass(frozen=True)
class Note:
    """One comment to place: its text and the mark it belongs on (None: on the title)."""

    text: str
    mark: Mark | None
    rule: str = ""


def findings(report: ReportResult, min_severity: str = "info") -> list[RuleResult]:
    limit = SEVERITY_RANK[min_severity]
    return [
        result
        for result in report.results
        if result.status in (Status.FAIL, Status.PARTIAL) and result.counts and SEVERITY_RANK[result.severity] <= limit
    ]


def finding_text(result: RuleResult, occurrence: int = 0, occurrences: int = 1) -> str:
    which = f"（第{occurrence + 1}处，共{occurrences}处）" if occurrences > 1 else ""
    lines = [
        f"【{SEVERITY_LABELS.get(result.severity, result.severity)}·{result.status.label}】{result.title}{which}",
        result.message,
    ]
    if result.suggestion:
        lines.append(f"建议：{result.suggestion}")
    if result.basis:
        lines.append(f"依据：{result.basis}")
    lines.append(f"（fzcheck 规则 {result.rule}）")
    return "\n".join(line for line in lines if line)


def summary_text(report: ReportResult, min_severity: str = "info") -> str:
    verdict = "达标" if report.passed else "未达标"
    lines = [f"【fzcheck 审查结论】得分 {report.score:.1f}（{report.grade}），{verdict}"]
    if report.reasons:
        lines.append("未达标的原因：" + "；".join(report.reasons))
    lines.append("规定的五项内容：")
    for result in report.results:
        if result.group == OUTLINE_GROUP:
            lines.append(f"{result.status.mark} {result.title}：{result.status.label}")
    count = len(findings(report, min_severity))
    lines.append(f"需要修改的问题 {count} 项，已在正文相应位置逐条批注。" if count else "没有需要修改的问题。")
    return "\n".join(lines)


def notes(report: ReportResult, min_severity: str = "info") -> list[Note]:
    """The summary first, then one note per mark of every finding (a finding without marks goes on the title)."""
    result_notes = [Note(summary_text(report, min_severity), None)]
    for result in findings(report, min_severity):
        marks = result.marks
        if not marks:
            result_notes.append(Note(finding_text(result), None, result.rule))
            continue
        for index, mark in enumerate(marks):
            result_notes.append(Note(finding_text(result, index, len(marks)), mark, result.rule))
    return result_notes
