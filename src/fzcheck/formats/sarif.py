"""`--format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, IDEs)."""

from __future__ import annotations

import json
from urllib.parse import quote

from fzcheck import __version__
from fzcheck.formats import Batch
from fzcheck.model import Status
from fzcheck.paths import relative_path
from fzcheck.suppression import fingerprint

LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A relative, percent-encoded URI: Chinese file names are common here."""
    return quote(relative_path(path))


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


def document(batch: Batch) -> dict:
    rules = _rules(batch)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = []
    for report in batch.reports:
        for result in report.results:
            if result.status not in (Status.FAIL, Status.PARTIAL):
                continue
            location = {"artifactLocation": {"uri": artifact_uri(report.path)}}
            if result.location.line:
                region = {"startLine": result.location.line}
                if result.location.column:
                    region["startColumn"] = result.location.column
                location["region"] = region
            entry = {
                "ruleId": result.rule,
                "ruleIndex": index[result.rule],
                "level": LEVELS[result.severity],
                "message": {"text": f"{result.message}。建议：{result.suggestion}"},
                "locations": [{"physicalLocation": location}],
                "partialFingerprints": {"fzcheck/v1": fingerprint(report.path, result)},
                "properties": {"status": result.status.value, "section": result.location.section},
            }
            if result.location.page or result.location.paragraph:
                entry["locations"][0]["message"] = {"text": result.location.describe()}
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
