"""The library entry points: read → clean → parse → check, for one file, a text, or many paths.

The CLI and the batch audit call these; nothing here prints.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from fzcheck import engine, ingest, normalize, scoring, structure
from fzcheck.errors import InputError
from fzcheck.model import Block, RawDocument, ReadFailure, ReportResult
from fzcheck.ruleset import PROFILES, RuleSet, load
from fzcheck.suppression import Suppressions

FALLBACK_PROFILE = "township"


@dataclass(frozen=True)
class Options:
    profile: str = "auto"
    rules: tuple[str, ...] = ()  # the user's own rule files, applied in order on top of the profile
    gate: scoring.Gate = scoring.Gate()
    suppressions: Suppressions = Suppressions()


def parse(raw: RawDocument) -> structure.Document:
    return structure.parse(normalize.clean(raw))


def parse_text(text: str, path: str = "<文本>") -> structure.Document:
    blocks = tuple(Block(text=line, line=n) for n, line in enumerate(text.splitlines(), start=1))
    return parse(RawDocument(path=path, format="text", blocks=blocks))


def ruleset_for(doc: structure.Document, options: Options) -> RuleSet:
    profile = options.profile
    if profile == "auto":
        profile = doc.metadata.level if doc.metadata.level in PROFILES else FALLBACK_PROFILE
    return load(profile, options.rules)


def check_document(doc: structure.Document, options: Options = Options()) -> ReportResult:
    ruleset = ruleset_for(doc, options)
    results = options.suppressions.apply(doc.path, engine.evaluate(doc, ruleset))
    return scoring.report(doc, ruleset, results, options.gate)


def check_text(text: str, name: str = "<文本>", options: Options = Options()) -> ReportResult:
    """Check a report given as text (one block per line, as a .txt file would give)."""
    return check_document(parse_text(text, name), options)


def check_file(path: str, options: Options = Options()) -> ReportResult:
    """Check one report; raises InputError when it cannot be read."""
    return check_document(parse(ingest.read(path)), options)


def expand(paths: Iterable[str]) -> list[str | ReadFailure]:
    """Files to check, in a deterministic order; folders are searched recursively.

    A missing path or a folder without reports becomes a ReadFailure, so nothing is dropped.
    """
    suffixes = set(ingest.supported_suffixes())
    result: list[str | ReadFailure] = []
    seen: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            found = sorted(
                str(p) for p in Path(path).rglob("*") if p.suffix.lower() in suffixes and not _hidden(p, path) and p.is_file()
            )
            if not found:
                result.append(ReadFailure(path, f"无法读取 {path}：文件夹中没有可检查的报告（{'、'.join(sorted(suffixes))}）"))
            for file in found:
                if file not in seen:
                    seen.add(file)
                    result.append(file)
        elif path not in seen:
            seen.add(path)
            result.append(path)
    return result


def _hidden(path: Path, root: str) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def check_one_with(path: str, options: Options, extra) -> tuple[ReportResult | ReadFailure, object]:
    """Check one report and compute `extra(doc, score)` from its parsed document (e.g. a copy-detection
    fingerprint), so a batch parses each report once."""
    try:
        doc = parse(ingest.read(path))
    except InputError as error:
        return ReadFailure(path, str(error)), None
    result = check_document(doc, options)
    return result, extra(doc, result.score)


def check_one(path: str, options: Options = Options()) -> ReportResult | ReadFailure:
    try:
        return check_file(path, options)
    except InputError as error:
        return ReadFailure(path, str(error))

