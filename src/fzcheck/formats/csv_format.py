"""`--output csv=…`: one row per report × rule, UTF-8 with a BOM so Excel and WPS open it right."""

from __future__ import annotations

import csv
import io
from typing import Iterator, Sequence

from fzcheck.formats import Batch, safe, similar
from fzcheck.formats.text import LEVEL_LABELS, SEVERITY_LABELS
from fzcheck.formats.view import BatchView, View
from fzcheck.model import ReadFailure, ReportResult
from fzcheck.stats import subject

HEADER = ["文件", "单位", "标题", "年度", "层级", "得分", "等级", "是否通过", "规则", "规则名称", "状态", "严重程度", "权重", "实得分", "位置", "章节", "说明", "建议", "依据", "豁免", "雷同"]


def _rows(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([[safe.csv_cell(value) for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def piece(report: ReportResult) -> bytes:
    """A report's rows, made where the report is checked (streamed batches)."""
    meta = report.metadata
    head = [report.path, subject(report), meta.title, meta.year or "", LEVEL_LABELS.get(meta.level, meta.level), report.score, report.grade, "是" if report.passed else "否"]
    copied = similar.top(report)  # the highest share and the other report, on every row of the report
    return _rows(
        [
            head + [r.rule, r.title, r.status.label, SEVERITY_LABELS[r.severity], r.weight, r.earned, r.location.describe(), r.location.section, r.message, r.suggestion, r.basis, r.suppressed, copied]
            for r in report.results
        ]
    )


def document(view: View) -> Iterator[bytes]:
    yield HEAD
    yield from view.pieces("csv", range(len(view.digests)))
    yield tail(view.failures)


def tail(failures: Sequence[ReadFailure]) -> bytes:
    return _rows([[f.path, "", "", "", "", "", "", "否", "", "", "无法读取", "", "", "", "", "", f.message, "", "", "", ""] for f in failures])


HEAD = "\ufeff".encode("utf-8") + _rows([HEADER])  # a BOM, so Excel and WPS read UTF-8


def render(batch: Batch) -> bytes:
    return b"".join(document(BatchView(batch)))
