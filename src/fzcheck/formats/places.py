"""How every format names a mark's place and quotes its words, in Chinese, the same way everywhere."""

from __future__ import annotations

from fzcheck.model import Mark, RuleResult

QUOTE_LIMIT = 40  # characters of a marked passage quoted in a listing; the mark itself keeps them all


def place(mark: Mark) -> str:
    """'第12行第5列' (text, web page), '第7段第3字' (Word), '表1第2行第1格', '第3页' (PDF)."""
    if mark.table is not None:
        return f"表{mark.table}第{mark.row}行第{mark.cell}格"
    if mark.page is not None:
        return f"第{mark.page}页"
    if mark.line is not None:
        return f"第{mark.line}行第{mark.column}列"
    if mark.paragraph is not None:
        return f"第{mark.paragraph}段第{(mark.start or 0) + 1}字"
    return "全文"


def quote(mark: Mark) -> str:
    """The marked words in 「」, shortened for a listing; an anchor says where the item belongs."""
    if mark.anchor:
        return mark.section or "应补充的位置"
    text = mark.text.replace("\n", " ")
    return f"「{text[:QUOTE_LIMIT]}{'…' if len(text) > QUOTE_LIMIT else ''}」"


def occurrences(result: RuleResult, limit: int | None = None) -> list[str]:
    """'第12行第5列「制定规章」' for each mark (all, or the first `limit` and a count of the rest)."""
    marks = result.marks if limit is None else result.marks[:limit]
    lines = [f"{place(mark)}{quote(mark)}" for mark in marks]
    if limit is not None and len(result.marks) > limit:
        lines.append(f"等共{len(result.marks)}处")
    return lines
