"""Copied reports in the batch outputs (Excel, HTML, CSV): who repeats whom, by how much, and where.

Everything is read from the reports' own results (quality.copied-peer / quality.copied-previous and
their `similar`), so a format needs nothing beyond the batch.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from fzcheck.formats import safe
from fzcheck.formats.places import place
from fzcheck.model import Mark, ReportResult, SharedPassage, Similar, Status

RELATIONS = {"quality.copied-peer": "同批", "quality.copied-previous": "往年"}


@dataclass(frozen=True)
class Pair:
    """One other report a report repeats, as a finding of one of the copied rules."""

    report: ReportResult
    relation: str  # 同批 / 往年
    similar: Similar
    suppressed: str  # the finding's waiver or baseline note, "" when it counts


def pairs(report: ReportResult) -> list[Pair]:
    return [
        Pair(report, RELATIONS[result.rule], replace(similar, path=safe.display(similar.path)), result.suppressed)
        for result in report.results
        if result.rule in RELATIONS and result.status in (Status.FAIL, Status.PARTIAL)
        for similar in result.similar
    ]


def all_pairs(reports) -> list[Pair]:
    return [pair for report in reports for pair in pairs(report)]


def name(similar: Similar) -> str:
    """'云阳县故陵镇（reports/000.txt）', or the path alone when the issuer is unknown."""
    return f"{similar.issuer}（{similar.path}）" if similar.issuer else similar.path


def other_label(pair: Pair) -> str:
    year = f"{pair.similar.year}年" if pair.relation == "往年" and pair.similar.year else ""
    return f"{name(pair.similar)}{year}" + ("（往年报告）" if pair.relation == "往年" else "")


def share(value: float) -> str:
    return f"{value:.0%}"


def top(report: ReportResult) -> str:
    """The summary's 雷同 cell: the highest share and the other report ('62% 云阳县故陵镇（000.txt）'), "" when clean."""
    counted = [pair for pair in pairs(report) if not pair.suppressed]
    if not counted:
        return ""
    best = max(counted, key=lambda pair: pair.similar.share)
    more = f"；另有{len(counted) - 1}份" if len(counted) > 1 else ""
    return f"{share(best.similar.share)} {other_label(best)}{more}"


def where(mark: Mark) -> str:
    """A passage's place; a place from an index has only the paragraph's line, paragraph or page."""
    if mark.table is None and mark.page is None:
        if mark.line is not None and mark.column is None:
            return f"第{mark.line}行"
        if mark.line is None and mark.paragraph is not None and mark.start is None:
            return f"第{mark.paragraph}段"
    return place(mark)


def passages(pair: Pair) -> tuple[SharedPassage, ...]:
    return pair.similar.passages
