"""The data that flows through fzcheck: raw blocks, the parsed document, and the results.

Every result type is a frozen dataclass so that results compare, sort and hash, and tests
can compare whole lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, init=False)
class Block:
    """One unit of source text as a reader found it (a line, a Word paragraph, a PDF paragraph)."""

    text: str
    line: int | None = None
    paragraph: int | None = None
    page: int | None = None
    heading_level: int | None = None  # from a Word heading style, when the reader knows it
    in_table: bool = False
    label: int = 0  # Word: leading characters of `text` that are a rebuilt numbering label, not the paragraph's own
    table: int | None = None  # Word table cell (1-based table, row, cell); `text` is the cell's text
    row: int | None = None
    cell: int | None = None
    positions: tuple[tuple[int, int], ...] | None = None  # web page: (line, column) in the source of each character
    boxes: tuple[tuple[float, float, float, float], ...] | None = None  # PDF: each character's box, points

    def __init__(
        self, text: str, line: int | None = None, paragraph: int | None = None, page: int | None = None,
        heading_level: int | None = None, in_table: bool = False, label: int = 0, table: int | None = None,
        row: int | None = None, cell: int | None = None, positions: tuple | None = None, boxes: tuple | None = None,
    ) -> None:
        # one dict update instead of a frozen dataclass's twelve object.__setattr__ calls: a reader makes a
        # block per line or paragraph, and this was a fifth of reading a text report
        self.__dict__.update(
            text=text, line=line, paragraph=paragraph, page=page, heading_level=heading_level, in_table=in_table,
            label=label, table=table, row=row, cell=cell, positions=positions, boxes=boxes,
        )


@dataclass(frozen=True)
class RawDocument:
    """What an ingest module returns: ordered blocks and what the container itself told us."""

    path: str
    format: str
    blocks: tuple[Block, ...]
    encoding: str | None = None
    published: str | None = None  # a web page's own publication date (ISO), if it carries one


@dataclass(frozen=True)
class Location:
    line: int | None = None
    column: int | None = None
    paragraph: int | None = None
    page: int | None = None
    section: str = ""

    def describe(self) -> str:
        """A short Chinese description: '第3页' (PDF), '第12行' (text, web page) or '第15段' (Word)."""
        if self.page is not None:
            return f"第{self.page}页"  # a PDF's rebuilt paragraph numbers mean nothing to a reader
        if self.line is not None:
            return f"第{self.line}行"
        if self.paragraph is not None:
            return f"第{self.paragraph}段"
        return "全文"


@dataclass(frozen=True, init=False)
class Mark:
    """One occurrence a finding is about: the exact original characters and their place in the file.

    Text, Markdown and web pages give `line`/`column`/`end_line`/`end_column` (1-based code points in the
    original file's lines, end exclusive); Word gives `paragraph` (1-based in python-docx's
    `Document.paragraphs`) with `start`/`end` in that paragraph's own text, or `table`/`row`/`cell` with
    `paragraph` the paragraph inside the cell; PDF gives `page`, `paragraph`/`start`/`end` in the rebuilt
    paragraph and `bbox`. An anchor (`anchor: true`, no text) is where a missing item belongs.
    """

    text: str = ""
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    paragraph: int | None = None
    start: int | None = None
    end: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    anchor: bool = False
    section: str = ""

    def __init__(
        self, text: str = "", line: int | None = None, column: int | None = None, end_line: int | None = None,
        end_column: int | None = None, paragraph: int | None = None, start: int | None = None, end: int | None = None,
        table: int | None = None, row: int | None = None, cell: int | None = None, page: int | None = None,
        bbox: tuple[float, float, float, float] | None = None, anchor: bool = False, section: str = "",
    ) -> None:
        # as Block: one dict update instead of fifteen object.__setattr__ calls (every finding makes marks)
        self.__dict__.update(
            text=text, line=line, column=column, end_line=end_line, end_column=end_column, paragraph=paragraph,
            start=start, end=end, table=table, row=row, cell=cell, page=page, bbox=bbox, anchor=anchor, section=section,
        )

    def location(self, section: str | None = None) -> "Location":
        paragraph = self.paragraph if self.table is None else None
        return Location(self.line, self.column, paragraph, self.page, self.section if section is None else section)


class Status(str, Enum):
    PASS = "pass"
    PARTIAL = "partial"
    FAIL = "fail"
    SKIP = "skip"

    @property
    def credit(self) -> float:
        return {"pass": 1.0, "partial": 0.5, "fail": 0.0, "skip": 0.0}[self.value]

    @property
    def mark(self) -> str:
        return {"pass": "✓", "partial": "◐", "fail": "✗", "skip": "–"}[self.value]

    @property
    def label(self) -> str:
        return {"pass": "通过", "partial": "部分", "fail": "未通过", "skip": "不适用"}[self.value]


SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Outcome:
    """What a rule kind decides; the engine adds the rule's own fields to make a RuleResult."""

    status: Status
    detail: str = ""  # a Chinese sentence with the specifics (counts, what was found)
    location: Location = field(default_factory=Location)
    evidence: tuple[str, ...] = ()
    marks: tuple[Mark, ...] = ()  # every occurrence, in document order


@dataclass(frozen=True)
class SharedPassage:
    """A passage a report shares with another report (copy detection): its place in both."""

    text: str  # this report's wording (folded)
    mark: Mark  # its place in this report (also among the result's marks)
    other_text: str
    other_mark: Mark  # its place in the other report (from an index: paragraph's line/page only)


@dataclass(frozen=True)
class Similar:
    """Another report this one repeats (quality.copied-peer / quality.copied-previous)."""

    path: str
    issuer: str
    year: int | None
    share: float  # of this report's substantive text, 0–1
    passages: tuple[SharedPassage, ...] = ()


@dataclass(frozen=True, order=True)
class RuleResult:
    rule: str
    status: Status
    severity: str
    weight: float
    earned: float
    title: str
    message: str
    suggestion: str
    basis: str
    location: Location
    evidence: tuple[str, ...] = ()
    group: str = ""
    suppressed: str = ""  # why a finding does not count: a waiver's reason or the baseline
    marks: tuple[Mark, ...] = ()  # every occurrence, in document order; `location` is the first one's place
    similar: tuple[Similar, ...] = ()  # copy detection only: the reports this one repeats

    @property
    def counts(self) -> bool:
        """Whether this result counts for the score and the gate."""
        return self.status is not Status.SKIP and not self.suppressed


@dataclass(frozen=True)
class SectionInfo:
    """A section of the parsed report, for output (the full tree lives in structure.Section)."""

    title: str
    label: str
    level: int
    line: int | None
    paragraph: int | None
    page: int | None
    children: tuple["SectionInfo", ...] = ()


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    bodies: tuple[str, ...] = ()
    document_number: str = ""
    signer: str = ""
    addressee: str = ""
    signature: tuple[str, ...] = ()
    issued: str = ""  # 成文日期, ISO
    published: str = ""  # web 发布 date, ISO
    year: int | None = None
    level: str = ""  # township / county / city / department, or "" when unknown
    truncated: bool = False
    period: str = ""  # a report covering several years: "2022—2024年", "5年"
    publisher: str = ""  # a web page's 发布机构 field
    level_note: str = ""  # how the level was decided when it is not plain (Chinese)


@dataclass(frozen=True)
class ReportResult:
    path: str
    format: str
    ruleset: str
    profile: str
    metadata: Metadata
    sections: tuple[SectionInfo, ...]
    results: tuple[RuleResult, ...]
    score: float
    grade: str
    passed: bool
    groups: tuple[tuple[str, float], ...] = ()  # per-group subscores, 0–100
    reasons: tuple[str, ...] = ()  # why the report did not pass the gate (Chinese), empty when it passed

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status is status)


@dataclass(frozen=True)
class ReadFailure:
    """An input that could not be read; reported alongside the results, never dropped."""

    path: str
    message: str  # Chinese, one line, names the problem and what to do


@dataclass(frozen=True)
class Batch:
    """A run's results: the reports checked and the inputs that could not be."""

    reports: tuple[ReportResult, ...]
    failures: tuple[ReadFailure, ...]
    rules: tuple = ()  # every Rule used, for formats that describe the rules (SARIF)

    @classmethod
    def of(cls, items, rules=()) -> "Batch":
        reports = tuple(i for i in items if isinstance(i, ReportResult))
        failures = tuple(i for i in items if isinstance(i, ReadFailure))
        return cls(reports, failures, tuple(rules))
