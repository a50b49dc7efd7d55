"""A .docx report: the clerk's own document, with the comments added and nothing else changed.

Word marks name a body paragraph (1-based in python-docx's `Document.paragraphs`) or a table
cell (1-based top-level table, row, and cell as python-docx's `row.cells` lists them, then the
paragraph inside the cell), with offsets in that paragraph's text.
"""

from __future__ import annotations

import io
from dataclasses import replace

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
from fzcheck.errors import InputError
from fzcheck.model import ReportResult


class _Places:
    """Paragraph lookup for marks, built once per document."""

    def __init__(self, document) -> None:
        self.document = document
        self.body = [paragraph._p for paragraph in document.paragraphs]
        self.tables = document.tables

    def paragraph(self, mark):
        if mark.table is not None:
            try:  # cells counted as python-docx's row.cells gives them, as the reader does
                cell = self.tables[mark.table - 1].rows[(mark.row or 1) - 1].cells[(mark.cell or 1) - 1]
                return cell.paragraphs[(mark.paragraph or 1) - 1]._p
            except IndexError:
                return None
        if mark.paragraph is not None and 1 <= mark.paragraph <= len(self.body):
            return self.body[mark.paragraph - 1]
        return None

    def target(self, mark) -> Target | None:
        p = self.paragraph(mark)
        if p is None:
            return end_target(self.body) if mark.anchor else None
        return span_target(p, mark.start, mark.end, mark.text, bool(mark.anchor))


def annotate(data: bytes, name: str, report: ReportResult, notes: list[Note], author: str, initials: str) -> tuple[bytes, Placed]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for broken packages
        raise InputError(name, f"Word 文件已损坏，无法打开（{type(exc).__name__}），请用 Word 重新保存") from None
    places = _Places(document)
    title = title_target(places.body, report.metadata.title)
    targets: list[tuple[Target, Note]] = []
    lost: list[Note] = []
    for note in notes:
        target = places.target(note.mark) if note.mark is not None else title
        if target is None:
            lost.append(note)
        else:
            targets.append((target, note))
    fallback = title or end_target(places.body)
    if fallback is not None:
        targets.extend((replace(fallback, exact=False), note) for note in lost)
    placed = place(document, targets, author, initials)
    return save(document), placed
