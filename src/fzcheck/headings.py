"""Heading labels (GB/T 9704-2012 levels and the variants seen in real reports).

Patterns run on folded text (see textfold), where "(一)" has already become "（一）".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

CN_NUM = "一二三四五六七八九十"
LABELS = (
    (1, re.compile(rf"^([{CN_NUM}]{{1,3}})(?:、|\.(?!\d))")),
    (2, re.compile(rf"^（([{CN_NUM}]{{1,3}})）")),
    (3, re.compile(r"^(\d{1,2})(?:[.、](?!\d)|\.(?=\D))")),
    (4, re.compile(r"^（(\d{1,2})）")),
)
MARKDOWN = re.compile(r"^(#{1,6})(?!#)")
# A second item label later in the same paragraph, after a sentence end: an inline list.
INLINE_NEXT = {
    2: re.compile(rf"[。；;]（[{CN_NUM}]{{1,3}}）"),
    3: re.compile(r"[。；;]\d{1,2}[.、](?!\d)"),
    4: re.compile(r"[。；;]（\d{1,2}）"),
}
RUN_IN_END = re.compile(r"[。！？：]")
MAX_TITLE = 80


def is_markdown_title(folded: str) -> bool:
    """'# 关于2023年…的报告': a markdown heading that is the document title, not a section."""
    md = MARKDOWN.match(folded)
    return bool(md) and folded[md.end():].endswith(("报告", "总结", "汇报"))


@dataclass(frozen=True)
class HeadingMatch:
    level: int
    label: str
    title: str  # folded heading text without its label
    body_start: int  # index in the folded line where run-in body text starts, or len(line)


@lru_cache(maxsize=8192)
def match_heading(folded: str) -> HeadingMatch | None:
    """A numbered or markdown heading at the start of a folded line, or None."""
    md = MARKDOWN.match(folded)
    if md:
        inner = match_heading(folded[md.end():])
        if inner is not None:
            return HeadingMatch(inner.level, inner.label, inner.title, len(folded))
        return HeadingMatch(len(md.group(1)), "", folded[md.end():], len(folded))
    for level, pattern in LABELS:
        found = pattern.match(folded)
        if not found:
            continue
        inline = INLINE_NEXT.get(level)
        if inline and inline.search(folded, found.end()):
            return None  # a whole list inline in one paragraph is an enumeration, not a heading
        rest = folded[found.end():]
        end = RUN_IN_END.search(rest)
        if end is None or end.end() == len(rest):
            title_end = len(rest) if end is None else end.start()
            if title_end > MAX_TITLE:
                return None
            return HeadingMatch(level, found.group(0), rest[:title_end], len(folded))
        if end.start() > MAX_TITLE:
            return None
        return HeadingMatch(level, found.group(0), rest[: end.start()], found.end() + end.end())
    return None
