"""Character offsets in a Word paragraph's text, turned into runs a comment can hold.

A comment in Word spans whole runs, while a finding spans characters. So a run is cut at the
finding's first and last character: both pieces keep the run's properties (`w:rPr`) and every
other child stays exactly once, on its side of the cut. Offsets count characters the way
python-docx's `Paragraph.text` does (direct `w:r` children and those inside `w:hyperlink`;
`w:tab`/`w:br`/`w:cr`/`w:ptab`/`w:noBreakHyphen` count one each), because that is the text the
marks were measured on. python-docx has no run splitting of its own.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from docx.oxml.ns import qn

TEXT = qn("w:t")
RUN = qn("w:r")
HYPERLINK = qn("w:hyperlink")
RUN_PROPERTIES = qn("w:rPr")
ONE_CHARACTER = {qn("w:tab"), qn("w:cr"), qn("w:noBreakHyphen"), qn("w:ptab")}
BREAK = qn("w:br")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def child_length(child) -> int:
    """How many characters of `Paragraph.text` one child of a `w:r` stands for."""
    if child.tag == TEXT:
        return len(child.text or "")
    if child.tag in ONE_CHARACTER:
        return 1
    if child.tag == BREAK:
        return len(str(child))  # a line break is "\n", a page or column break is ""
    return 0


def text_runs(p) -> list:
    """The `w:r` elements whose text makes up the paragraph's text, in order."""
    runs = []
    for child in p.iterchildren(RUN, HYPERLINK):
        if child.tag == RUN:
            runs.append(child)
        else:
            runs.extend(child.iterchildren(RUN))
    return runs


def run_length(r) -> int:
    return sum(child_length(child) for child in r if child.tag != RUN_PROPERTIES)


def _set_text(t, text: str) -> None:
    t.text = text
    if text != text.strip():
        t.set(XML_SPACE, "preserve")


def split_run(r, offset: int):
    """Cut `r` after `offset` characters (0 < offset < its length); returns the new right-hand run."""
    right = copy.deepcopy(r)
    left_children = [child for child in r if child.tag != RUN_PROPERTIES]
    right_children = [child for child in right if child.tag != RUN_PROPERTIES]
    position = 0
    for left_child, right_child in zip(left_children, right_children, strict=True):
        length = child_length(left_child)
        if position + length <= offset:
            if length or position < offset:
                right.remove(right_child)
            else:
                r.remove(left_child)  # an empty element at the cut (a field mark, a drawing) goes right
        elif position >= offset:
            r.remove(left_child)
        else:  # the cut falls inside this w:t
            inside = offset - position
            text = left_child.text or ""
            _set_text(left_child, text[:inside])
            _set_text(right_child, text[inside:])
        position += length
    r.addnext(right)
    return right


def empty_run_at(p, offset: int):
    """A new run without text at `offset` (cutting a run if needed), for a point comment."""
    runs = text_runs(p)
    position = 0
    for r in runs:
        length = run_length(r)
        if position < offset < position + length:
            r = split_run(r, offset - position)
            return _empty_before(r)
        if offset == position and length:
            return _empty_before(r)
        position += length
    new = p.makeelement(RUN, {})
    if runs:
        _copy_properties(runs[-1], new)
        runs[-1].addnext(new)
    else:
        p.append(new)
    return new


def _copy_properties(source, target) -> None:
    properties = source.find(RUN_PROPERTIES)
    if properties is not None:
        target.insert(0, copy.deepcopy(properties))


def _empty_before(r):
    new = r.makeelement(RUN, {})
    _copy_properties(r, new)
    r.addprevious(new)
    return new


@dataclass
class Cutter:
    """Cuts one paragraph's runs at character offsets, then finds the runs that cover a span."""

    p: object

    def cut(self, offsets: set[int]) -> None:
        position = 0
        wanted = sorted(offsets)
        for r in text_runs(self.p):
            length = run_length(r)
            end = position + length
            inner = [offset - position for offset in wanted if position < offset < end]
            for done, cut_at in zip([0, *inner], inner):
                r = split_run(r, cut_at - done)
            position = end

    def covering(self, start: int, end: int) -> tuple[object, object] | None:
        """The first and last run of the text in [start, end), after `cut` at both ends."""
        position = 0
        first = last = None
        for r in text_runs(self.p):
            length = run_length(r)
            if length and position >= start and position + length <= end:
                first = first if first is not None else r
                last = r
            position += length
        return (first, last) if first is not None else None
