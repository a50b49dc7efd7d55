"""`--format json`: the versioned contract (docs/json.md, docs/report.schema.json)."""

from __future__ import annotations

import json
from dataclasses import asdict

from fzcheck import __version__
from fzcheck.formats import Batch
from fzcheck.model import ReportResult, RuleResult, SectionInfo, Status

SCHEMA = "fzcheck.report/1"


def rule_record(result: RuleResult) -> dict:
    return {
        "rule": result.rule,
        "status": result.status.value,
        "severity": result.severity,
        "weight": result.weight,
        "earned": result.earned,
        "title": result.title,
        "group": result.group,
        "message": result.message,
        "suggestion": result.suggestion,
        "basis": result.basis,
        "location": asdict(result.location),
        "evidence": list(result.evidence),
        "suppressed": result.suppressed,
    }


def _section(info: SectionInfo) -> dict:
    return {
        "title": info.title,
        "label": info.label,
        "level": info.level,
        "line": info.line,
        "paragraph": info.paragraph,
        "page": info.page,
        "children": [_section(child) for child in info.children],
    }


def report_record(report: ReportResult) -> dict:
    meta = asdict(report.metadata)
    meta["bodies"] = list(report.metadata.bodies)
    meta["signature"] = list(report.metadata.signature)
    return {
        "path": report.path,
        "format": report.format,
        "ruleset": report.ruleset,
        "profile": report.profile,
        "metadata": meta,
        "sections": [_section(s) for s in report.sections],
        "results": [rule_record(r) for r in report.results],
        "score": report.score,
        "grade": report.grade,
        "passed": report.passed,
        "counts": {status.value: report.count(status) for status in Status},
        "groups": dict(report.groups),
    }


def document(batch: Batch) -> dict:
    return {
        "schema": SCHEMA,
        "tool": {"name": "fzcheck", "version": __version__},
        "summary": {
            "reports": len(batch.reports),
            "passed": sum(1 for r in batch.reports if r.passed),
            "failed": sum(1 for r in batch.reports if not r.passed),
            "unreadable": len(batch.failures),
        },
        "reports": [report_record(r) for r in batch.reports],
        "errors": [{"path": f.path, "message": f.message} for f in batch.failures],
    }


def render(batch: Batch) -> str:
    return json.dumps(document(batch), ensure_ascii=False, indent=2) + "\n"
