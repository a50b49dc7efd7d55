"""`--format summary` (the audit's screen): a ranking table and the batch statistics.

Rendered with rich, which measures Chinese characters as double width; in a pipe it is plain text.
"""

from __future__ import annotations

import io
import os

from fzcheck.formats import Batch
from fzcheck.formats.text import LEVEL_LABELS
from fzcheck.stats import compute, failed_items, ranking, subject


def render(batch: Batch) -> str:
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    width = int(os.environ.get("COLUMNS", "140"))
    console = Console(file=buffer, width=max(100, width), color_system=None, highlight=False)
    table = Table(title="审查排名", show_lines=False)
    for name, justify in (("排名", "right"), ("文件", "left"), ("单位", "left"), ("年度", "right"), ("层级", "left"), ("得分", "right"), ("等级", "left"), ("未通过项", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for rank, report in enumerate(ranking(list(batch.reports)), start=1):
        meta = report.metadata
        table.add_row(
            str(rank), report.path, subject(report), str(meta.year or ""), LEVEL_LABELS.get(meta.level, meta.level),
            f"{report.score:.1f}", report.grade + ("" if report.passed else " ✗"), "、".join(failed_items(report)) or "—",
        )
    console.print(table)
    stats = compute(list(batch.reports))
    console.print(
        f"共 {stats.reports + len(batch.failures)} 份：通过 {stats.passed}，未通过 {stats.reports - stats.passed}，无法读取 {len(batch.failures)}。"
        f"得分 平均 {stats.mean} · 中位数 {stats.median} · 最低 {stats.lowest} · 最高 {stats.highest}"
    )
    console.print("等级分布：" + "  ".join(f"{g} {n}" for g, n in stats.grades))
    rules = Table(title="各项通过率")
    for name in ("规则", "名称", "适用", "通过", "部分", "未通过", "通过率"):
        rules.add_column(name, justify="left" if name in ("规则", "名称") else "right")
    for rule in stats.rules:
        rules.add_row(rule.rule, rule.title, str(rule.applicable), str(rule.passed), str(rule.partial), str(rule.failed), rule.rate_text)
    console.print(rules)
    gaps = stats.common_gaps()
    if gaps:
        console.print("最常见的问题：" + "；".join(f"{g.title} {g.failed + g.partial} 份" for g in gaps))
    for failure in batch.failures:
        console.print(f"错误：{failure.message}")
    return buffer.getvalue()
