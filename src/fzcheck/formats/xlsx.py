"""`--output xlsx=…`: a workbook for reviewers: summary, findings, similar reports, statistics, errors.

A streamed format (formats.view): each report's rows are made where it is checked (`piece`, a pickle
of its summary row without the rank and its rows of findings), so the client only ranks, adds the
similar-reports and statistics sheets and hands the rows to rust_xlsxwriter (rustpy-xlsxwriter),
which writes a cell in about a tenth of XlsxWriter's time: the workbook is the one output that names
every finding, and on two cores its writing was a serial tail long enough to halve a worker's gain.
"""

from __future__ import annotations

import io
import pickle
from typing import Iterator

from fzcheck.formats import Batch, safe, similar
from fzcheck.formats.places import place, quote
from fzcheck.formats.text import LEVEL_LABELS, SEVERITY_LABELS
from fzcheck.formats.view import BatchView, View, ranked
from fzcheck.model import ReportResult, Status
from fzcheck.stats import failed_items, subject

SUMMARY = ["排名", "文件", "单位", "标题", "年度", "层级", "配置档", "得分", "等级", "是否通过", "通过", "部分", "未通过", "未通过项", "未通过原因", "雷同"]
FINDINGS = ["文件", "单位", "规则", "规则名称", "状态", "严重程度", "权重", "实得分", "位置", "章节", "说明", "原文", "建议", "依据", "豁免"]
SIMILAR = ["文件", "单位", "类别", "相似报告", "相似报告单位", "相似报告年度", "相同比例（%）", "段落", "本报告位置", "本报告原文", "相似报告位置", "相似报告原文", "豁免"]
STATS = ["规则", "名称", "严重程度", "适用份数", "通过", "部分", "未通过", "通过率"]
ERRORS = ["文件", "原因"]
WIDTHS = {  # characters, by column name
    "汇总": {"文件": 40, "单位": 24, "标题": 40, "未通过项": 50, "未通过原因": 50, "雷同": 40},
    "问题明细": {"文件": 40, "规则名称": 24, "章节": 30, "说明": 50, "原文": 40, "建议": 50},
    "相似报告": {"文件": 40, "单位": 24, "相似报告": 40, "相似报告单位": 24, "本报告位置": 14, "本报告原文": 60, "相似报告位置": 14, "相似报告原文": 60},
    "统计": {"规则": 36, "名称": 30},
    "无法读取": {"文件": 40, "原因": 80},
}
HIGHLIGHT = {"汇总": ("是否通过", "否"), "问题明细": ("状态", Status.FAIL.label)}  # a failure's cell, shown red
FINDING = (Status.FAIL, Status.PARTIAL)


def _cells(row: list) -> list:
    return [safe.spreadsheet(value) if isinstance(value, str) else value for value in row]


def _occurrences(result) -> list[tuple[str, str, str]]:
    """A finding's row for each of its marks (place, section, the marked words); one row without marks."""
    if not result.marks:
        return [(result.location.describe(), result.location.section, "\n".join(result.evidence))]
    return [(place(m), m.section or result.location.section, m.text or quote(m)) for m in result.marks]


def piece(report: ReportResult) -> bytes:
    """A report's summary row (without its rank), its count of findings and their rows, pickled on their
    own so that the summary is read without them (made where the report is checked)."""
    r, meta = report, report.metadata
    summary = [
        r.path, subject(r), meta.title, meta.year, LEVEL_LABELS.get(meta.level, meta.level), r.profile, r.score, r.grade,
        "是" if r.passed else "否", r.count(Status.PASS), r.count(Status.PARTIAL), r.count(Status.FAIL),
        "、".join(failed_items(r)), "；".join(r.reasons), similar.top(r),
    ]
    findings = [
        _cells([r.path, subject(r), x.rule, x.title, x.status.label, SEVERITY_LABELS[x.severity], x.weight, x.earned, where, section, x.message, words, x.suggestion, x.basis, x.suppressed])
        for x in r.results
        if x.status in FINDING  # the sheet of problems: what passed or did not apply is counted in 统计
        for where, section, words in _occurrences(x)
    ]
    return pickle.dumps((_cells(summary), len(findings), pickle.dumps(findings, pickle.HIGHEST_PROTOCOL)), pickle.HIGHEST_PROTOCOL)


def _similar_rows(reports: list[ReportResult]) -> list[list]:
    return [
        _cells([
            pair.report.path, subject(pair.report), pair.relation, pair.similar.path, pair.similar.issuer, pair.similar.year,
            round(pair.similar.share * 100, 1), number, similar.where(p.mark), p.mark.text or p.text, similar.where(p.other_mark),
            p.other_mark.text or p.other_text, pair.suppressed,
        ])
        for pair in similar.all_pairs(reports)
        for number, p in enumerate(similar.passages(pair), start=1)
    ]


def _records(header: list[str], rows) -> Iterator[dict]:
    """The rows as the writer takes them; a sheet without rows still gets its header."""
    if not rows:
        return iter([dict.fromkeys(header)])
    return (dict(zip(header, row)) for row in rows)


def _findings(view: View, order: list[int]) -> Iterator[list]:
    for data in view.pieces("xlsx", order):
        yield from pickle.loads(pickle.loads(data)[2])


def document(view: View) -> Iterator[bytes]:
    import rustpy_xlsxwriter as excel

    order = ranked(view)
    summary, findings = [], 0
    for rank, data in enumerate(view.pieces("xlsx", order), start=1):
        row, count, _ = pickle.loads(data)
        summary.append([rank, *row])
        findings += count
    stats = view.stats()
    sheets = {
        "汇总": (SUMMARY, summary),
        "问题明细": (FINDINGS, _findings(view, order) if findings else []),  # read again as written: never all at once
        "相似报告": (SIMILAR, _similar_rows([view.report(k) for k in order if view.digests[k].copied])),
        "统计": (STATS, [_cells([s.rule, s.title, SEVERITY_LABELS[s.severity], s.applicable, s.passed, s.partial, s.failed, None if s.pass_rate is None else round(s.pass_rate, 3)]) for s in stats.rules]),
        "无法读取": (ERRORS, [_cells([f.path, f.message]) for f in view.failures]),
    }
    head = excel.Format().set_bold().set_background_color("#DDDDDD")
    fail = excel.Format().set_bold().set_font_color("#9C0006").set_background_color("#FFC7CE")
    buffer = io.BytesIO()
    # every string is written as a string: never a formula, a number or a link, whatever it begins with
    excel.write_worksheets(
        [(name, _records(header, rows)) for name, (header, rows) in sheets.items()],
        buffer,
        freeze_panes={"general": {"row": 1, "col": 0}},
        column_widths=WIDTHS,
        header_format=dict.fromkeys(sheets, head),
        autofilter={name: bool(rows) for name, (_, rows) in sheets.items()},
        conditional_formats={
            name: {column: {"type": "text", "criteria": "contains", "value": value, "format": fail}} for name, (column, value) in HIGHLIGHT.items()
        },
    )
    yield buffer.getvalue()


def render(batch: Batch) -> bytes:
    return b"".join(document(BatchView(batch)))
