"""`--output csv=…`: one row per report × rule, UTF-8 with a BOM so Excel and WPS open it right."""

from __future__ import annotations

import csv
import io

from fzcheck.formats import Batch, safe, similar
from fzcheck.formats.text import LEVEL_LABELS, SEVERITY_LABELS
from fzcheck.stats import subject

HEADER = ["文件", "单位", "标题", "年度", "层级", "得分", "等级", "是否通过", "规则", "规则名称", "状态", "严重程度", "权重", "实得分", "位置", "章节", "说明", "建议", "依据", "豁免", "雷同"]


class _Writer:
    def __init__(self, writer) -> None:
        self._writer = writer

    def writerow(self, row: list) -> None:
        self._writer.writerow([safe.csv_cell(value) for value in row])


def render(batch: Batch) -> bytes:
    buffer = io.StringIO()
    writer = _Writer(csv.writer(buffer))
    writer.writerow(HEADER)
    for report in batch.reports:
        meta = report.metadata
        head = [report.path, subject(report), meta.title, meta.year or "", LEVEL_LABELS.get(meta.level, meta.level), report.score, report.grade, "是" if report.passed else "否"]
        copied = similar.top(report)  # the highest share and the other report, on every row of the report
        for r in report.results:
            writer.writerow(
                head
                + [r.rule, r.title, r.status.label, SEVERITY_LABELS[r.severity], r.weight, r.earned, r.location.describe(), r.location.section, r.message, r.suggestion, r.basis, r.suppressed, copied]
            )
    for failure in batch.failures:
        writer.writerow([failure.path, "", "", "", "", "", "", "否", "", "", "无法读取", "", "", "", "", "", failure.message, "", "", "", ""])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
