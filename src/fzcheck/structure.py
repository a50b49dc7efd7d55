"""The structure of a report: the header and end zones, the section tree, enumerated items.

Works on cleaned paragraphs (normalize.clean) and knows nothing of rules: which section is
"item 2" is decided by fzcheck.outline; title, issuer, level and year by fzcheck.metadata; a
cut-off text by fzcheck.cutoff.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property

from fzcheck import cutoff, metadata
from fzcheck.headings import is_markdown_title, match_heading
from fzcheck.metadata import BODY_NAME, DATE, DOC_NUMBER, MAX_HEADER_LINE, SIGNER
from fzcheck.model import Location, Mark, Metadata, SectionInfo
from fzcheck.normalize import TERMINAL, CleanDocument, Paragraph
from fzcheck.textfold import YEAR_RE

BODY_PARAGRAPH = 40  # a paragraph at least this long ends the header block
UNNUMBERED_HEADING = 25


@dataclass(frozen=True)
class Span:
    """A run of folded text inside one paragraph."""

    paragraph: Paragraph
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.paragraph.norm[self.start : self.end]

    def location(self, offset: int = 0, section: str = "") -> Location:
        return self.paragraph.location(self.start + offset, section)

    def mark(self, start: int = 0, end: int | None = None, section: str = "", anchor: bool = False) -> Mark:
        """The span's folded [start, end) (relative to the span) as a Mark; the whole span by default."""
        end = self.end - self.start if end is None else end
        return self.paragraph.mark(self.start + start, self.start + max(end, start + 1), section, anchor)


@dataclass(frozen=True)
class Scope:
    """Folded text gathered from spans, with the way back to source locations."""

    spans: tuple[Span, ...]
    section: str = ""
    literal: str | None = None  # metadata scopes (title) have text but no spans

    @cached_property
    def text(self) -> str:
        if self.literal is not None:
            return self.literal
        return "".join(span.text for span in self.spans)

    def location(self, offset: int = 0) -> Location:
        for span in self.spans:
            length = span.end - span.start
            if offset < length:
                return span.location(offset, self.section)
            offset -= length
        if self.spans:
            last = self.spans[-1]
            return last.location(max(0, last.end - last.start - 1), self.section)
        return Location(section=self.section)

    def mark(self, start: int, end: int, anchor: bool = False) -> Mark:
        """The scope's folded [start, end) as a Mark (cut at the end of the paragraph it starts in)."""
        for span in self.spans:
            length = span.end - span.start
            if start < length or span is self.spans[-1]:
                start = min(start, max(length - 1, 0))
                return span.mark(start, min(max(end, start + 1), length), self.section, anchor)
            start -= length
            end -= length
        return Mark(section=self.section, anchor=True)

    def global_offset(self, offset: int, doc: Document) -> int:
        """Offset in doc.text of a character of this scope (for word boundaries)."""
        for span in self.spans:
            length = span.end - span.start
            if offset < length:
                return doc.paragraph_offset(span.paragraph.index) + span.start + offset
            offset -= length
        return -1


@dataclass(eq=False)
class Section:
    title: str
    label: str
    level: int
    heading: Span | None
    parent_ref: weakref.ref[Section] | None = None  # weak, so a parsed document has no reference cycles
    body: list[Span] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    @property
    def parent(self) -> Section | None:
        return self.parent_ref() if self.parent_ref is not None else None

    @property
    def path(self) -> str:
        names = []
        node: Section | None = self
        while node is not None and node.heading is not None:
            names.append(f"{node.label}{node.title}")
            node = node.parent
        return " > ".join(reversed(names))

    @property
    def heading_text(self) -> str:
        return self.heading.text if self.heading else ""

    @cached_property
    def body_text(self) -> str:
        return "".join(span.text for span in self.body)

    def spans(self) -> Iterator[Span]:
        """Every body span of this section and its descendants, in document order."""
        yield from self.body
        for child in self.children:
            if child.heading is not None:
                yield child.heading
            yield from child.spans()

    @cached_property
    def full_text(self) -> str:
        return "".join(span.text for span in self.spans())

    def walk(self) -> Iterator[Section]:
        for child in self.children:
            yield child
            yield from child.walk()

    def location(self) -> Location:
        if self.heading is not None:
            return self.heading.location(0, self.path)
        first = next(self.spans(), None)
        return first.location(0, self.path) if first else Location(section=self.path)

    def mark(self, anchor: bool = False, section: str | None = None) -> Mark:
        """The section's heading (or its first words when it has none) as a Mark; `section` names it
        otherwise than by its path (an anchor says what belongs there)."""
        where = self.path if section is None else section
        if self.heading is not None:
            return self.heading.mark(section=where, anchor=anchor)
        first = next(self.spans(), None)
        return first.mark(0, min(20, first.end - first.start), where, anchor) if first else Mark(section=where, anchor=True)

    def info(self) -> SectionInfo:
        block = self.heading.paragraph.source(self.heading.start)[0] if self.heading else None
        return SectionInfo(
            title=self.title,
            label=self.label,
            level=self.level,
            line=block.line if block else None,
            paragraph=block.paragraph if block else None,
            page=block.page if block else None,
            children=tuple(child.info() for child in self.children),
        )


@dataclass
class Document:
    path: str
    format: str
    paragraphs: tuple[Paragraph, ...]
    root: Section
    metadata: Metadata
    header: tuple[Paragraph, ...]
    ending: tuple[Paragraph, ...]
    cut: Paragraph | None = None  # where a cut-off text stops (see fzcheck.cutoff)

    @cached_property
    def masked(self) -> bool:
        """An aggregator copy with every digit replaced by "*"."""
        return cutoff.masked(self.text)

    @cached_property
    def text(self) -> str:
        return "".join(p.norm for p in self.paragraphs)

    @cached_property
    def _offsets(self) -> tuple[int, ...]:
        offsets, total = [], 0
        for para in self.paragraphs:
            offsets.append(total)
            total += len(para.norm)
        return tuple(offsets)

    def paragraph_offset(self, index: int) -> int:
        """Offset of a paragraph's folded text inside `text`."""
        return self._offsets[index]

    def sections(self) -> Iterator[Section]:
        return self.root.walk()

    def top_sections(self) -> list[Section]:
        return list(self.root.children)


def _zones(paragraphs: tuple[Paragraph, ...]) -> tuple[int, int]:
    """(index where the body starts, index where the end block starts)."""
    start = 0
    seen_title = False
    for index, para in enumerate(paragraphs):
        norm = para.norm
        if is_markdown_title(norm):
            seen_title = True
            continue
        if seen_title and not norm.endswith("：") and not DOC_NUMBER.search(norm) and not SIGNER.search(norm):
            start = index
            break
        seen_title = seen_title or _title_like(norm)
        if (
            len(norm) >= BODY_PARAGRAPH
            or norm.endswith(("。", "！", "？"))
            or match_heading(norm) is not None
            or para.first_block.heading_level
        ):
            start = index
            break
        if norm.endswith("：") and index + 1 < len(paragraphs):
            start = index + 1
            break
    else:
        start = len(paragraphs)
    end = len(paragraphs)
    while end > start:
        norm = paragraphs[end - 1].norm
        if DATE.match(norm) or (len(norm) <= MAX_HEADER_LINE and BODY_NAME.search(norm) and not _ends(norm)):
            end -= 1
            continue
        break
    return start, end


def _title_like(norm: str) -> bool:
    return norm.endswith(("报告", "总结", "汇报")) and ("法治" in norm or YEAR_RE.search(norm) is not None)


def _ends(norm: str) -> bool:
    return norm.endswith(tuple(TERMINAL))


def _build_tree(paragraphs: tuple[Paragraph, ...], start: int, end: int) -> Section:
    root = Section(title="", label="", level=0, heading=None)
    body = paragraphs[start:end]
    numbered_top = any((h := match_heading(p.norm)) is not None and h.level == 1 for p in body)
    stack = [root]
    for position, para in enumerate(body):
        norm = para.norm
        if para.first_block.in_table:
            stack[-1].body.append(Span(para, 0, len(norm)))
            continue
        found = match_heading(norm)
        level = found.level if found else None
        label, title, body_start = (found.label, found.title, found.body_start) if found else ("", norm, len(norm))
        style_level = para.first_block.heading_level
        if found is None and style_level:
            level = style_level
        if level is None and not numbered_top and _unnumbered_heading(body, position):
            level = 1
        if level is None:
            stack[-1].body.append(Span(para, 0, len(norm)))
            continue
        while len(stack) > 1 and stack[-1].level >= level:
            stack.pop()
        parent = stack[-1]
        section = Section(title=title, label=label, level=level, heading=Span(para, 0, body_start), parent_ref=weakref.ref(parent))
        if body_start < len(norm):
            section.body.append(Span(para, body_start, len(norm)))
        parent.children.append(section)
        stack.append(section)
    return root


def _unnumbered_heading(body: tuple[Paragraph, ...], position: int) -> bool:
    norm = body[position].norm
    if len(norm) > UNNUMBERED_HEADING or _ends(norm) or any(ch in norm for ch in "，。；"):
        return False
    following = body[position + 1].norm if position + 1 < len(body) else ""
    return len(following) > len(norm)


def parse(clean: CleanDocument) -> Document:
    paragraphs = clean.paragraphs
    start, end = _zones(paragraphs)
    root = _build_tree(paragraphs, start, end)
    cut = cutoff.find_cut(paragraphs[start:end], paragraphs[end:])
    found = metadata.detect(
        header=[p.norm.lstrip("#") for p in paragraphs[:start]],
        opening=[p.norm for p in paragraphs[start : start + 3]],
        ending=[p.norm for p in paragraphs[end:]],
        headings=[section.title for section in root.children],
        text="".join(p.norm for p in paragraphs),
        published=clean.published,
        clutter=clean.clutter,
    )
    found = replace(found, truncated=cut is not None)
    return Document(
        path=clean.path,
        format=clean.format,
        paragraphs=paragraphs,
        root=root,
        metadata=found,
        header=paragraphs[:start],
        ending=paragraphs[end:],
        cut=cut,
    )
