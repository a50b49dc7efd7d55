"""A report that is not a .docx (text, Markdown, PDF, web page): a new .docx holding its text as read.

Each non-blank block the reader gave becomes one Word paragraph with exactly the block's text,
so a mark's offsets carry over: text and Markdown marks (line/column in the file) land on the
paragraph of that line, PDF marks (rebuilt paragraph, start/end) on that paragraph, web-page marks
(line/column in the HTML source) on the paragraph holding that source character. Section headings
get Word's heading styles and the title the Title style; nothing else is added to the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fzcheck.annotate.notes import Note
from fzcheck.annotate.word import (
    Placed,
    Target,
    end_target,
    place,
    save,
    span_target,
    title_target,
)
from fzcheck.model import Block, ReportResult

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
MAX_HEADING_LEVEL = 9
TITLE_LINES = 8  # a title stands among the first lines with text


@dataclass(frozen=True)
class Written:
    block: Block
    p: object


def _headings(report: ReportResult) -> dict[tuple[int | None, int | None], list[tuple[str, int]]]:
    found: dict[tuple[int | None, int | None], list[tuple[str, int]]] = {}

    def walk(sections) -> None:
        for section in sections:
            found.setdefault((section.line, section.paragraph), []).append((section.title, section.level))
            walk(section.children)

    walk(report.sections)
    return found


def _level(block: Block, headings) -> int | None:
    for title, level in headings.get((block.line, block.paragraph), ()):
        if "".join(title.split()) in "".join(block.text.split()):
            return min(max(1, level), MAX_HEADING_LEVEL)
    return block.heading_level


def _safe(text: str) -> str:
    return NOT_XML.sub(" ", text)  # same length, so offsets still hold


def write(blocks: tuple[Block, ...], report: ReportResult, source_name: str):
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = f"fzcheck 审查副本：按原文件 {source_name} 读出的文字整理，批注为审查意见"
    headings = _headings(report)
    title = "".join(report.metadata.title.split())
    written: list[Written] = []
    seen_text = 0
    last = max((index for index, block in enumerate(blocks) if block.text.strip()), default=-1)
    for block in blocks[: last + 1]:
        if not block.text.strip():  # kept, so a mark across a blank line still spans the same text
            written.append(Written(block, document.add_paragraph()._p))
            continue
        seen_text += 1
        level = _level(block, headings)
        is_title = seen_text <= TITLE_LINES and bool(title) and "".join(block.text.split()) in title
        style = "Title" if is_title and level is None else f"Heading {level}" if level else None
        written.append(Written(block, document.add_paragraph(_safe(block.text), style)._p))
    return document, written


class _Places:
    def __init__(self, written: list[Written]) -> None:
        self.written = written
        self.by_line: dict[int, Written] = {}
        self.by_paragraph: dict[int, Written] = {}
        self.by_position: dict[tuple[int, int], tuple[Written, int]] = {}
        for item in written:
            block = item.block
            if block.positions:
                for index, position in enumerate(block.positions):
                    self.by_position.setdefault(tuple(position), (item, index))
            if block.line is not None:
                self.by_line.setdefault(block.line, item)
            if block.paragraph is not None:
                self.by_paragraph.setdefault(block.paragraph, item)

    def _at(self, line: int | None, column: int | None) -> tuple[Written, int] | None:
        if line is None:
            return None
        hit = self.by_position.get((line, column or 1))
        if hit is not None:
            return hit
        item = self.by_line.get(line)
        if item is None:
            return None
        return item, (column or 1) - 1 if not item.block.positions else 0

    def target(self, mark) -> Target | None:
        anchor = bool(mark.anchor)
        if mark.line is not None:
            begin = self._at(mark.line, mark.column)
            if begin is None:
                return end_target([item.p for item in self.written]) if anchor else None
            item, start = begin
            if anchor:
                return span_target(item.p, start, start, "", True)
            return self._span(item, start, mark)
        if mark.paragraph is not None and mark.paragraph in self.by_paragraph:
            return span_target(self.by_paragraph[mark.paragraph].p, mark.start, mark.end, mark.text, anchor)
        return end_target([item.p for item in self.written]) if anchor else None

    def _span(self, item: Written, start: int, mark) -> Target:
        end_line = mark.end_line or mark.line
        if item.block.positions:
            stop = self.by_position.get((end_line, mark.end_column - 1)) if mark.end_column else None
            if stop is not None and stop[0] is not item:
                return Target(item.p, start, stop[0].p, stop[1] + 1)
            end = stop[1] + 1 if stop is not None else start + len(mark.text)
            return span_target(item.p, start, end, mark.text, False)
        last = self.by_line.get(end_line)
        if end_line != mark.line and last is not None:
            return Target(item.p, start, last.p, (mark.end_column or 1) - 1)
        end = mark.end_column - 1 if mark.end_column else start + len(mark.text)
        return span_target(item.p, start, end, mark.text, False)


def annotate(
    blocks: tuple[Block, ...], report: ReportResult, notes: list[Note], author: str, initials: str, source_name: str
) -> tuple[bytes, Placed]:
    document, written = write(blocks, report, source_name)
    places = _Places(written)
    paragraphs = [item.p for item in written]
    title = title_target(paragraphs, report.metadata.title) or end_target(paragraphs)
    targets = []
    for note in notes:
        target = places.target(note.mark) if note.mark is not None else title
        if target is None and title is not None:
            from dataclasses import replace

            target = replace(title, exact=False)
        if target is not None:
            targets.append((target, note))
    placed = place(document, targets, author, initials)
    return save(document), placed
