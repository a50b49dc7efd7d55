"""Comments on a Word document: the clerk's own .docx, or one rebuilt from another format.

python-docx opens the package and saves it back with every part it does not touch (styles,
numbering, headers, footers, images, existing comments, tracked changes); this module only cuts
runs at the marked offsets (runs.py) and calls python-docx's comments API on them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from fzcheck.annotate.notes import Note
from fzcheck.annotate.runs import Cutter, empty_run_at

TITLE_SEARCH = 15  # the title stands among the first non-empty paragraphs
TITLE_MAX = 3  # a title is written on at most this many lines


@dataclass(frozen=True)
class Target:
    """Where a comment goes: from (first paragraph, offset) to (last paragraph, offset); `point` has no text."""

    first: object
    start: int
    last: object
    end: int
    point: bool = False
    exact: bool = True  # False when the mark's text was not at its offsets and was found nearby or not at all


@dataclass
class Placed:
    comments: int = 0
    inexact: list[str] = field(default_factory=list)  # rule ids whose marks did not match the text exactly


def paragraph_text(p) -> str:
    return p.text  # python-docx's CT_P.text: what the marks' offsets count


def nearest(text: str, wanted: str, start: int) -> int:
    """Offset of the occurrence of `wanted` in `text` closest to `start`, or -1."""
    best, found = -1, text.find(wanted)
    while found >= 0 and wanted:
        if best < 0 or abs(found - start) < abs(best - start):
            best = found
        found = text.find(wanted, found + 1)
    return best


def span_target(p, start: int | None, end: int | None, text: str, anchor: bool) -> Target:
    """A target inside one paragraph, checked against the mark's own text."""
    own = paragraph_text(p)
    start = min(max(0, start or 0), len(own))
    if anchor or not text:
        return Target(p, start, p, start, point=True)
    end = min(max(start, end if end is not None else start + len(text)), len(own))
    if own[start:end] == text:
        return Target(p, start, p, end)
    found = nearest(own, text, start)
    if found >= 0:
        return Target(p, found, p, found + len(text), exact=False)
    return Target(p, 0, p, len(own), exact=False) if own else Target(p, 0, p, 0, point=True, exact=False)


def title_target(ps: list, title: str) -> Target | None:
    """The paragraphs that make up the title (whitespace ignored), else the first paragraph with text."""
    wanted = "".join(title.split())
    lines = [(p, "".join(paragraph_text(p).split())) for p in ps[: TITLE_SEARCH * 4]]
    lines = [(p, text) for p, text in lines if text][:TITLE_SEARCH]
    if not lines:
        return None
    if wanted:
        for index, (p, text) in enumerate(lines):
            if text in wanted or wanted in text:
                last = p
                for q, more in lines[index + 1 : index + TITLE_MAX]:
                    if more not in wanted:
                        break
                    last = q
                return Target(p, 0, last, len(paragraph_text(last)))
    p = lines[0][0]
    return Target(p, 0, p, len(paragraph_text(p)))


def end_target(ps: list) -> Target | None:
    for p in reversed(ps):
        text = paragraph_text(p)
        if text.strip():
            return Target(p, len(text), p, len(text), point=True)
    return None


def place(document, targets: list[tuple[Target, Note]], author: str, initials: str) -> Placed:
    """Cut every paragraph once at all its offsets, then anchor each note on its runs."""
    from docx.text.run import Run

    cuts: dict[object, set[int]] = {}
    for target, _ in targets:
        if not target.point:
            cuts.setdefault(target.first, set()).add(target.start)
            cuts.setdefault(target.last, set()).add(target.end)
    for p, offsets in cuts.items():
        Cutter(p).cut(offsets)
    placed = Placed()
    for target, note in targets:
        if target.point:
            first = last = empty_run_at(target.first, target.start)
        else:
            first_runs = Cutter(target.first).covering(target.start, 1 << 30 if target.last is not target.first else target.end)
            last_runs = Cutter(target.last).covering(0 if target.last is not target.first else target.start, target.end)
            if first_runs is None or last_runs is None:
                first = last = empty_run_at(target.first, target.start)
            else:
                first, last = first_runs[0], last_runs[1]
        comment = document.add_comment([Run(first, None), Run(last, None)], "", author, initials)
        _write_lines(comment.paragraphs[0].add_run(), note.text)
        placed.comments += 1
        if not target.exact and note.rule not in placed.inexact:
            placed.inexact.append(note.rule)
    return placed


def _write_lines(run, text: str) -> None:
    """The note's lines as one run with line breaks: python-docx's text setter goes character by
    character and a paragraph per line costs more still; this is most of the copy's time otherwise."""
    for number, line in enumerate(text.split("\n")):
        if number:
            run.add_break()
        run.add_text(line)


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
