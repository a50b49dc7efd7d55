"""`--format json`: the versioned contract (docs/json.md, docs/report.schema.json)."""

from __future__ import annotations

import json

from fzcheck import __version__
from fzcheck.formats import Batch
from fzcheck.model import Metadata, ReportResult, RuleResult, SectionInfo, Status

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
        "location": {
            "line": result.location.line,
            "column": result.location.column,
            "paragraph": result.location.paragraph,
            "page": result.location.page,
            "section": result.location.section,
        },
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


def metadata_record(meta: Metadata) -> dict:
    return {
        "title": meta.title,
        "bodies": list(meta.bodies),
        "document_number": meta.document_number,
        "signer": meta.signer,
        "addressee": meta.addressee,
        "signature": list(meta.signature),
        "issued": meta.issued,
        "published": meta.published,
        "year": meta.year,
        "level": meta.level,
        "truncated": meta.truncated,
    }


def report_record(report: ReportResult) -> dict:
    return {
        "path": report.path,
        "format": report.format,
        "ruleset": report.ruleset,
        "profile": report.profile,
        "metadata": metadata_record(report.metadata),
        "sections": [_section(s) for s in report.sections],
        "results": [rule_record(r) for r in report.results],
        "score": report.score,
        "grade": report.grade,
        "passed": report.passed,
        "reasons": list(report.reasons),
        "counts": {status.value: report.count(status) for status in Status},
        "groups": dict(report.groups),
    }


def _head(batch: Batch) -> dict:
    return {
        "schema": SCHEMA,
        "tool": {"name": "fzcheck", "version": __version__},
        "summary": {
            "reports": len(batch.reports),
            "passed": sum(1 for r in batch.reports if r.passed),
            "failed": sum(1 for r in batch.reports if not r.passed),
            "unreadable": len(batch.failures),
        },
    }


def document(batch: Batch) -> dict:
    return {
        **_head(batch),
        "reports": [report_record(r) for r in batch.reports],
        "errors": [{"path": f.path, "message": f.message} for f in batch.failures],
    }


def render(batch: Batch) -> str:
    """The envelope indented; each report on one line (json's C encoder: batches of thousands stay fast)."""
    head = json.dumps(_head(batch), ensure_ascii=False, indent=2)[: -len("\n}")]
    reports = ",\n".join("    " + json.dumps(report_record(r), ensure_ascii=False) for r in batch.reports)
    errors = ",\n".join("    " + json.dumps({"path": f.path, "message": f.message}, ensure_ascii=False) for f in batch.failures)
    reports = f"[\n{reports}\n  ]" if reports else "[]"
    errors = f"[\n{errors}\n  ]" if errors else "[]"
    return f'{head},\n  "reports": {reports},\n  "errors": {errors}\n}}\n'
