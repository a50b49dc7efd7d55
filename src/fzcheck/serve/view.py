"""The report's text as the page shows it, and where each finding's marks fall in it.

The page shows the blocks a reader found (lines of a text file, Word paragraphs and table cells, PDF
lines, web-page paragraphs), in their original characters, as they survived cleaning (web chrome and
empty lines are not shown). Blocks that cleaning re-joined into one paragraph (a PDF line wrapped inside
a sentence) carry the same `paragraph` number, so the page runs them together.

A mark names its place the way its file format does (docs/json.md); here each mark becomes one or more
spans `{result, mark, block, start, end, anchor, place}`: `result` and `mark` index `results[]` and that
result's `marks[]`, `block` indexes `view.blocks`, `start`/`end` are code-point offsets in that block's
`text` (end exclusive; equal for an anchor). A mark over several lines gives one span per line. A result
without marks but with a location gets one span with `place: true` (and `anchor: true`) at that
location, so the page can still point at it. See docs/serve.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from fzcheck.model import Block, Location, ReportResult

# A place inside a report is found by one of these keys, built from a block or from a mark.
_LINE = "line"
_PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Span:
    result: int
    mark: int
    block: int
    start: int
    end: int
    anchor: bool
    place: bool = False  # the result has no marks: this is its location, shown as a pointer, not a highlight


class Places:
    """Index from a format's coordinates to (block number, offset in the block's text)."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.by_line: dict[int, int] = {}
        self.by_paragraph: dict[tuple, int] = {}
        self.by_position: dict[tuple[int, int], tuple[int, int]] = {}
        self.by_cell: dict[tuple[int, int, int], int] = {}
        for number, block in enumerate(blocks):
            if getattr(block, "table", None) is not None:
                self.by_cell.setdefault((block.table, block.row, block.cell), number)
            positions = getattr(block, "positions", None)
            if positions:
                for offset, position in enumerate(positions):
                    self.by_position.setdefault(tuple(position), (number, offset))
            if block.line is not None:
                self.by_line.setdefault(block.line, number)
            if block.paragraph is not None:
                self.by_paragraph.setdefault(_paragraph_key(block), number)

    def spans(self, mark: Any) -> Iterator[tuple[int, int, int]]:
        """(block, start, end) for each piece of a mark (or a location treated as an anchor)."""
        anchor = bool(getattr(mark, "anchor", False)) or not getattr(mark, "text", "")
        if getattr(mark, "line", None) is not None:
            if self.by_position:
                yield from self._html(mark, anchor)
            else:
                yield from self._lines(mark, anchor)
        elif getattr(mark, "table", None) is not None:
            yield from self._cell(mark, anchor)
        elif getattr(mark, "paragraph", None) is not None:
            number = self.by_paragraph.get(_paragraph_key(mark))
            if number is None:
                return
            block = self.blocks[number]
            start = getattr(mark, "start", None)
            if start is None:
                yield number, 0, 0
                return
            label = getattr(block, "label", 0) or 0
            end = start if anchor else (getattr(mark, "end", None) or start)
            yield number, _clip(label + start, block), _clip(label + end, block)

    def _cell(self, mark: Any, anchor: bool) -> Iterator[tuple[int, int, int]]:
        """A Word table cell is one block whose text joins the cell's paragraphs with newlines."""
        number = self.by_cell.get((mark.table, mark.row, mark.cell))
        if number is None:
            return
        block = self.blocks[number]
        before = block.text.split("\n")[: max(0, (mark.paragraph or 1) - 1)]
        base = sum(len(text) + 1 for text in before)
        start = base + (mark.start or 0)
        end = start if anchor else base + (mark.end if mark.end is not None else mark.start or 0)
        yield number, _clip(start, block), _clip(end, block)

    def _lines(self, mark: Any, anchor: bool) -> Iterator[tuple[int, int, int]]:
        first, column = mark.line, (mark.column or 1) - 1
        last = getattr(mark, "end_line", None) or first
        end_column = getattr(mark, "end_column", None)
        if anchor:
            last = first
        for line in range(first, last + 1):
            number = self.by_line.get(line)
            if number is None:
                continue
            block = self.blocks[number]
            start = column if line == first else 0
            if anchor:
                end = start
            elif line == last and end_column is not None:
                end = end_column - 1
            else:
                end = len(block.text)
            yield number, _clip(start, block), _clip(end, block)

    def _html(self, mark: Any, anchor: bool) -> Iterator[tuple[int, int, int]]:
        """A web page: each character of a block knows its (line, column) in the source."""
        found = self.by_position.get((mark.line, mark.column or 1))
        if found is None:
            return
        number, start = found
        if anchor or getattr(mark, "end_line", None) is None:
            yield number, start, start
            return
        stop = (mark.end_line, mark.end_column or 1)
        while number < len(self.blocks):
            positions = getattr(self.blocks[number], "positions", None) or ()
            end = start
            while end < len(positions) and tuple(positions[end]) < stop:
                end += 1
            if end > start:
                yield number, start, end
            if end < len(positions) or number + 1 >= len(self.blocks):
                return
            number, start = number + 1, 0
            following = getattr(self.blocks[number], "positions", None)
            if not following or tuple(following[0]) >= stop:
                return


def _paragraph_key(place: Any) -> tuple:
    return (getattr(place, "table", None), getattr(place, "row", None), getattr(place, "cell", None), place.paragraph)


def _clip(offset: int, block: Block) -> int:
    return max(0, min(offset, len(block.text)))


def build(doc: Any, report: ReportResult) -> dict:
    """The `view` object of a page answer: shown blocks, heading blocks and mark spans."""
    blocks: list[Block] = []
    paragraph_of: list[int] = []
    seen: set[int] = set()
    for paragraph in doc.paragraphs:
        for _, block in paragraph.pieces:
            if id(block) not in seen:
                seen.add(id(block))
                blocks.append(block)
                paragraph_of.append(paragraph.index)
    headings = {  # a heading on a line of its own; a run-in heading's paragraph stays body text
        section.heading.paragraph.index
        for section in doc.sections()
        if section.heading is not None and section.heading.end - section.heading.start >= len(section.heading.paragraph.norm)
    }
    places = Places(blocks)
    spans: list[Span] = []
    for number, result in enumerate(report.results):
        marks = tuple(getattr(result, "marks", ()) or ())
        if not marks and _placed(result.location):
            marks = (result.location,)
        for index, mark in enumerate(marks):
            place = isinstance(mark, Location)
            anchor = bool(getattr(mark, "anchor", False)) or place
            for block, start, end in places.spans(mark):
                spans.append(Span(number, index, block, start, start if anchor else end, anchor, place))
    return {
        "blocks": [
            {"text": block.text, "paragraph": paragraph_of[i], "heading": paragraph_of[i] in headings, "place": _place(block)}
            for i, block in enumerate(blocks)
        ],
        "marks": spans,
    }


def _placed(location: Location) -> bool:
    return location.line is not None or location.paragraph is not None


def _place(block: Block) -> str:
    if getattr(block, "table", None) is not None:
        return f"表{block.table}第{block.row}行第{block.cell}格"
    return Location(block.line, None, block.paragraph, block.page).describe()
