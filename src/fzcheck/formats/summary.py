"""`--format summary` (the audit's screen): a ranking table and the batch statistics.

Made from each report's Digest and the batch's Tally only, so it costs the same whether the batch's
records are in memory or streamed to disk. Columns are aligned by display width (a Chinese character
is two columns wide); a table of ten thousand rows is laid out in a few tens of milliseconds.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from fzcheck.formats import Batch, safe
from fzcheck.formats.text import LEVEL_LABELS
from fzcheck.model import ReadFailure
from fzcheck.stats import BatchStats, Digest, compute, ranking

RANKING = ("排名", "文件", "单位", "年度", "层级", "得分", "等级", "未通过项")
RATES = ("规则", "名称", "适用", "通过", "部分", "未通过", "通过率")


def render(batch: Batch) -> str:
    return screen([Digest.of(report) for report in batch.reports], compute(list(batch.reports)), batch.failures)


def screen(digests: Iterable[Digest], stats: BatchStats, failures: Sequence[ReadFailure]) -> str:
    rows = [
        (
            str(rank), safe.display(d.path), d.subject, str(d.year or ""), LEVEL_LABELS.get(d.level, d.level),
            f"{d.score:.1f}", d.grade + ("" if d.passed else " ✗"), "、".join(d.failed) or "—",
        )
        for rank, d in enumerate(ranking(digests), start=1)
    ]
    lines = ["审查排名", *table(RANKING, rows, right={0, 3, 5}), ""]
    lines.append(
        f"共 {stats.reports + len(failures)} 份：通过 {stats.passed}，未通过 {stats.reports - stats.passed}，无法读取 {len(failures)}。"
        f"得分 平均 {stats.mean} · 中位数 {stats.median} · 最低 {stats.lowest} · 最高 {stats.highest}"
    )
    lines.append("等级分布：" + "  ".join(f"{g} {n}" for g, n in stats.grades))
    rates = [(r.rule, r.title, str(r.applicable), str(r.passed), str(r.partial), str(r.failed), r.rate_text) for r in stats.rules]
    lines += ["", "各项通过率", *table(RATES, rates, right={2, 3, 4, 5, 6})]
    gaps = stats.common_gaps()
    if gaps:
        lines.append("最常见的问题：" + "；".join(f"{g.title} {g.failed + g.partial} 份" for g in gaps))
    lines += [f"错误：{safe.display(failure.message)}" for failure in failures]
    return "\n".join(lines) + "\n"


def table(header: Sequence[str], rows: list[Sequence[str]], right: set[int]) -> list[str]:
    """Rows aligned under the header, columns two spaces apart, by display width."""
    widths = [max([width(cell) for cell in column]) for column in zip(header, *rows)]
    ruler = "  ".join("─" * w for w in widths)
    return [_line(header, widths, right), ruler, *(_line(row, widths, right) for row in rows)]


def _line(cells: Sequence[str], widths: list[int], right: set[int]) -> str:
    parts = []
    for n, (cell, size) in enumerate(zip(cells, widths)):
        pad = " " * (size - width(cell))
        parts.append(pad + cell if n in right else cell + pad)
    return "  ".join(parts).rstrip()


def width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)
