"""`--output xlsx=…`: a workbook for reviewers (openpyxl): summary, findings, statistics, errors."""

from __future__ import annotations

import io

from fzcheck.formats import Batch
from fzcheck.formats.text import LEVEL_LABELS, SEVERITY_LABELS
from fzcheck.model import Status
from fzcheck.stats import compute, failed_items, ranking, subject

SUMMARY = ["排名", "文件", "单位", "标题", "年度", "层级", "配置档", "得分", "等级", "是否通过", "通过", "部分", "未通过", "未通过项", "未通过原因"]
FINDINGS = ["文件", "单位", "规则", "规则名称", "状态", "严重程度", "权重", "实得分", "位置", "章节", "说明", "证据", "建议", "依据", "豁免"]
STATS = ["规则", "名称", "严重程度", "适用份数", "通过", "部分", "未通过", "通过率"]


def _sheet(workbook, title: str, header: list[str], rows: list[list], widths: dict[int, int]):
    from openpyxl.styles import Font, PatternFill

    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    for column, width in widths.items():
        sheet.column_dimensions[chr(ord("A") + column)].width = width
    return sheet


def render(batch: Batch) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    workbook.remove(workbook.active)
    red = PatternFill("solid", fgColor="FFC7CE")
    ranked = ranking(list(batch.reports))
    summary_rows = [
        [
            rank, r.path, subject(r), r.metadata.title, r.metadata.year, LEVEL_LABELS.get(r.metadata.level, r.metadata.level),
            r.profile, r.score, r.grade, "是" if r.passed else "否", r.count(Status.PASS), r.count(Status.PARTIAL),
            r.count(Status.FAIL), "、".join(failed_items(r)), "；".join(r.reasons),
        ]
        for rank, r in enumerate(ranked, start=1)
    ]
    summary = _sheet(workbook, "汇总", SUMMARY, summary_rows, {1: 40, 2: 24, 3: 40, 13: 50, 14: 50})
    for index, report in enumerate(ranked, start=2):
        if not report.passed:
            for cell in (summary.cell(index, 10), summary.cell(index, 14)):
                cell.fill = red
                cell.font = Font(color="9C0006", bold=True)
    finding_rows = [
        [
            r.path, subject(r), x.rule, x.title, x.status.label, SEVERITY_LABELS[x.severity], x.weight, x.earned,
            x.location.describe(), x.location.section, x.message, "\n".join(x.evidence), x.suggestion, x.basis, x.suppressed,
        ]
        for r in ranked
        for x in r.results
    ]
    findings = _sheet(workbook, "问题明细", FINDINGS, finding_rows, {0: 40, 3: 24, 9: 30, 10: 50, 11: 40, 12: 50})
    for index, row in enumerate(finding_rows, start=2):
        if row[4] == Status.FAIL.label:
            findings.cell(index, 5).fill = red
    stats = compute(ranked)
    _sheet(
        workbook,
        "统计",
        STATS,
        [[s.rule, s.title, SEVERITY_LABELS[s.severity], s.applicable, s.passed, s.partial, s.failed, None if s.pass_rate is None else round(s.pass_rate, 3)] for s in stats.rules],
        {0: 36, 1: 30},
    )
    _sheet(workbook, "无法读取", ["文件", "原因"], [[f.path, f.message] for f in batch.failures], {0: 40, 1: 80})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
