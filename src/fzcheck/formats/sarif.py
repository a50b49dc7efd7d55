"""`--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, IDEs)."""

from __future__ import annotations

import json
import os
from urllib.parse import quote

from fzcheck import __version__
from fzcheck.fingerprint import fingerprint
from fzcheck.formats import Batch, places, safe
from fzcheck.model import Mark, Status
from fzcheck.paths import relative_path

LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A relative, percent-encoded URI: Chinese file names are common here."""
    return quote(os.fsencode(safe.original(relative_path(path))))  # the file's own bytes, percent-encoded


def _rules(batch: Batch) -> list[dict]:
    seen = {}
    for rule in batch.rules:
        seen.setdefault(rule.id, rule)
    for report in batch.reports:  # rules from a user's file are known only from results
        for result in report.results:
            seen.setdefault(result.rule, result)
    descriptors = []
    for rule_id, rule in seen.items():
        message = getattr(rule, "message", "")
        descriptors.append(
            {
                "id": rule_id,
                "name": rule_id.replace(".", "-"),
                "shortDescription": {"text": rule.title},
                "fullDescription": {"text": message or rule.title},
                "help": {"text": f"{rule.suggestion}\n依据：{rule.basis}".strip(), "markdown": f"{rule.suggestion}\n\n依据：{rule.basis}"},
                "defaultConfiguration": {"level": LEVELS[rule.severity]},
                "properties": {"weight": rule.weight},
            }
        )
    return descriptors


def _region(mark: Mark) -> dict:
    region = {"startLine": mark.line, "startColumn": mark.column}
    if not mark.anchor:
        region.update(endLine=mark.end_line, endColumn=mark.end_column, snippet={"text": mark.text})
    return region


def _locations(uri: str, result) -> list[dict]:
    """One location per occurrence: a region with a snippet for text files; for Word and PDF, where SARIF
    has no paragraph region, the place in words."""
    locations = []
    for mark in result.marks or (None,):
        physical: dict = {"artifactLocation": {"uri": uri}}
        location: dict = {"physicalLocation": physical}
        if mark is not None and mark.line is not None:
            physical["region"] = _region(mark)
        elif mark is not None:
            location["message"] = {"text": places.place(mark) + places.quote(mark)}
        elif result.location.line:
            physical["region"] = {"startLine": result.location.line}
        locations.append(location)
    return locations


def document(batch: Batch) -> dict:
    rules = _rules(batch)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for report in batch.reports:
        for result in report.results:
            if result.status not in (Status.FAIL, Status.PARTIAL):
                continue
            uri = artifact_uri(report.path)
            entry = {
                "ruleId": result.rule,
                "ruleIndex": index[result.rule],
                "level": LEVELS[result.severity],
                "message": {"text": f"{result.message}。建议：{result.suggestion}"},
                "locations": _locations(uri, result),
                "partialFingerprints": {"fzcheck/v1": fingerprint(report.path, result)},
                "properties": {"status": result.status.value, "section": result.location.section},
            }
            if result.suppressed:
                entry["suppressions"] = [{"kind": "external", "justification": result.suppressed}]
            results.append(entry)
    notifications = [
        {"level": "error", "message": {"text": failure.message}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(failure.path)}}}]}
        for failure in batch.failures
    ]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "fzcheck", "version": __version__, "informationUri": "https://pypi.org/project/fzcheck/", "rules": rules}},
                "invocations": [{"executionSuccessful": not batch.failures, "toolExecutionNotifications": notifications}],
                "results": results,
            }
        ],
    }


def render(batch: Batch) -> str:
    return json.dumps(document(batch), ensure_ascii=False, indent=2) + "\n"
