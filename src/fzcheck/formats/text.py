"""`--format text`: a Chinese verdict readable at a glance, for a clerk checking a draft."""

from __future__ import annotations

from fzcheck.formats import Batch
from fzcheck.formats.places import occurrences
from fzcheck.model import ReportResult, Status

SEVERITY_LABELS = {"error": "严重", "warning": "警告", "info": "提示"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
GROUP_LABELS = {"outline": "五项内容", "year": "年度逻辑", "meta": "文头落款", "quality": "质量"}
MARKS_SHOWN = 5
LEVEL_PROFILES = ("township", "county", "city", "department")
LEVEL_LABELS = {"township": "乡镇（街道）", "county": "县（市、区）", "city": "市", "department": "政府部门", "": "层级未识别"}


def _where(result) -> str:
    location = result.location
    return location.describe() if (location.line or location.paragraph or location.page) else ""


def report_lines(report: ReportResult) -> list[str]:
    meta = report.metadata
    verdict = "通过" if report.passed else "未通过"
    counts = " · ".join(f"{s.label} {report.count(s)}" for s in Status)
    year = f"{meta.year}年度" if meta.year else "年度未识别"
    if meta.period:
        year = f"{meta.period}（多年度报告）"
    score = f"得分 {report.score:.1f}（{report.grade}）"
    if meta.truncated:  # a cut copy: the score covers only the part before the cut, so no grade
        score = f"无法评定（正文不完整；中断前部分得分 {report.score:.1f}）"
    lines = [
        f"{report.path}",
        f"  {meta.title or '（未识别出标题）'} · {year} · {LEVEL_LABELS.get(meta.level, meta.level)} · 配置档 {report.profile}",
        f"  {score} {verdict}    {counts}",
        "  分项得分：" + " · ".join(f"{GROUP_LABELS.get(name, name)} {value:.0f}" for name, value in report.groups),
    ]
    if report.reasons:
        lines.append(f"  未通过的原因：{'；'.join(report.reasons)}")
    if meta.truncated:
        lines.append("  注意：报告不完整（正文中断），中断处之后的内容无法检查，只评定了中断前的部分。")
    if not meta.level:
        lines.append(f"  注意：未识别出报告层级，按通用配置档检查；可用 --profile {'|'.join(LEVEL_PROFILES)} 指定层级。")
    elif meta.level_note:
        lines.append(f"  层级：{meta.level_note}")
    lines.append("")
    lines.append("  规定的五项内容：")
    for result in report.results:
        if result.group != "outline":
            continue
        where = _where(result)
        lines.append(f"    {result.status.mark} {result.title}  {where}  {result.message}".rstrip())
    findings = sorted(
        (r for r in report.results if r.status in (Status.FAIL, Status.PARTIAL)),
        key=lambda r: (SEVERITY_ORDER[r.severity], r.status is Status.PARTIAL, r.rule),
    )
    if findings:
        lines.append("")
        lines.append(f"  需要修改的问题（{len(findings)}项）：")
        for result in findings:
            where = " · ".join(part for part in (_where(result), result.location.section) if part)
            lines.append(f"    [{SEVERITY_LABELS[result.severity]}] {result.status.mark} {result.rule}  {where}".rstrip())
            lines.append(f"        {result.message}")
            for occurrence in occurrences(result, MARKS_SHOWN):
                lines.append(f"        · {occurrence}")
            lines.append(f"        建议：{result.suggestion}")
            lines.append(f"        依据：{result.basis}")
    else:
        lines.append("")
        lines.append("  没有需要修改的问题。")
    return lines


def render(batch: Batch) -> str:
    blocks = ["\n".join(report_lines(report)) for report in batch.reports]
    for failure in batch.failures:
        blocks.append(f"错误：{failure.message}")
    total = len(batch.reports) + len(batch.failures)
    if total > 1:
        passed = sum(1 for r in batch.reports if r.passed)
        blocks.append(
            f"共 {total} 份：通过 {passed}，未通过 {len(batch.reports) - passed}，无法读取 {len(batch.failures)}"
        )
    return "\n\n".join(blocks) + "\n"
