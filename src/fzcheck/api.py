"""The library API: check one report given as bytes, text or a path, and the per-report job a batch runs.

Every face (the command line, the web page, the Word copy, a cluster worker) calls these or `fzcheck.run`;
nothing here prints. `check_*` raise InputError for a report that cannot be read; `check_one` and `Job`
never raise: any failure costs that report only and comes back as a ReadFailure.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from fzcheck import engine, ingest, normalize, scoring, structure, walk
from fzcheck.errors import InputError
from fzcheck.ingest import remote
from fzcheck.model import Block, RawDocument, ReadFailure, ReportResult
from fzcheck.patterns import PatternTimeout
from fzcheck.profiles import load
from fzcheck.ruleset import NEUTRAL, PROFILES, RuleSet
from fzcheck.suppression import Suppressions

FALLBACK_PROFILE = NEUTRAL  # level not recognised: rules that hold at every level
Item = ReportResult | ReadFailure


@dataclass(frozen=True)
class Limits:
    """What one report may cost (issue: hostile input). Enforced by the process executor."""

    timeout: float = 60.0  # seconds
    max_memory: int = 1 << 30  # bytes of address space above a worker's own size


@dataclass(frozen=True)
class Options:
    profile: str = "auto"
    rules: tuple[str, ...] = ()  # the user's own rule files, applied in order on top of the profile
    gate: scoring.Gate = scoring.Gate()
    suppressions: Suppressions = Suppressions()
    limits: Limits = Limits()


def parse(raw: RawDocument) -> structure.Document:
    return structure.parse(normalize.clean(raw))


def parse_text(text: str, path: str = "<文本>") -> structure.Document:
    blocks = tuple(Block(text=line, line=n) for n, line in enumerate(text.splitlines(), start=1))
    return parse(RawDocument(path=path, format="text", blocks=blocks))


def parse_bytes(data: bytes, name: str) -> structure.Document:
    """A report given as the bytes of a file named `name` (no file on disk); raises InputError."""
    return parse(ingest.read_bytes(name, data))


def ruleset_for(doc: structure.Document, options: Options) -> RuleSet:
    profile = options.profile
    if profile == "auto":
        profile = doc.metadata.level if doc.metadata.level in PROFILES else FALLBACK_PROFILE
    return load(profile, options.rules)


def check_document(doc: structure.Document, options: Options = Options()) -> ReportResult:
    ruleset = ruleset_for(doc, options)
    results = options.suppressions.apply(doc.path, engine.evaluate(doc, ruleset))
    return scoring.report(doc, ruleset, results, options.gate)


def check_bytes(data: bytes, name: str, options: Options = Options()) -> ReportResult:
    """Check a report given as the bytes of a file named `name`; raises InputError when unreadable."""
    return check_document(parse_bytes(data, name), options)


def check_text(text: str, name: str = "<文本>", options: Options = Options()) -> ReportResult:
    """Check a report given as text (one block per line, as a .txt file would give)."""
    return check_document(parse_text(text, name), options)


def read(path: str) -> RawDocument:
    """One report from a local path or an fsspec URL (file://, s3:// ...); raises InputError."""
    if remote.is_url(path):
        return ingest.read_bytes(path, remote.read(path, ingest.MAX_BYTES))
    return ingest.read(path)


def check_path(path: str, options: Options = Options()) -> ReportResult:
    """Check one report file (a path or an fsspec URL); raises InputError when it cannot be read."""
    return check_document(parse(read(path)), options)


check_file = check_path  # the name earlier releases documented


def expand(paths: Iterable[str]) -> list[str | ReadFailure]:
    """Files to check, in a deterministic order; folders are searched recursively.

    A missing path, a folder without reports, and every entry the walk will not follow or cannot
    read (fzcheck.walk) becomes a ReadFailure, so nothing is dropped silently.
    """
    suffixes = set(ingest.supported_suffixes())
    result: list[str | ReadFailure] = []
    seen: set[str] = set()
    for path in paths:
        if remote.is_url(path):
            try:
                found_urls = remote.expand(path, suffixes)
            except InputError as error:
                result.append(ReadFailure(path, str(error)))
                continue
            if not found_urls:
                result.append(ReadFailure(path, f"无法读取 {path}：文件夹中没有可检查的报告（{'、'.join(sorted(suffixes))}）"))
            for url in found_urls:
                if url not in seen:
                    seen.add(url)
                    result.append(url)
            continue
        for item in walk.expand([path], suffixes):  # a folder's skipped entries come back as ReadFailures
            if isinstance(item, ReadFailure):
                result.append(item)
            elif item not in seen:
                seen.add(item)
                result.append(item)
    return result


def check_one(path: str, options: Options = Options()) -> Item:
    """Check one report file; never raises: an unreadable file or a bug becomes a ReadFailure."""
    return _guarded(path, lambda: check_path(path, options))


def _guarded(path: str, work: Callable[[], Any]) -> Any:
    """work(), with every way a report can fail turned into its ReadFailure."""
    try:
        return work()
    except InputError as error:
        return ReadFailure(path, str(error))
    except PatternTimeout as error:
        return ReadFailure(path, f"无法检查 {path}：{error}")
    except MemoryError:
        return ReadFailure(path, f"无法检查 {path}：内存超限，已停止；文件可能异常，可用 --max-memory 放宽")
    except RecursionError:
        return ReadFailure(path, f"无法检查 {path}：文件结构嵌套过深，无法处理")
    except Exception as exc:  # a bug must cost one file, not the batch
        return ReadFailure(path, f"无法检查 {path}：内部错误（{type(exc).__name__}: {exc}），请报告此问题")
    finally:
        # python-docx and BeautifulSoup leave reference cycles, and batches run with the collector
        # paused: free them now. Only this file's leftovers are young, so this is cheap.
        gc.collect(0)


@dataclass(frozen=True)
class Job:
    """What a batch runs for each path, in a worker: the check, plus any per-report extras the run asks
    for (each `extra(doc, report)` is returned beside the report: a copy-detection fingerprint, a
    commented Word copy written), so each report is parsed once."""

    options: Options = Options()
    extras: tuple[Callable, ...] = ()

    def warm(self) -> None:
        """Load every profile's rules (and what the extras need) once per worker, before the first report."""
        for profile in PROFILES:
            load(profile, self.options.rules)
        for extra in self.extras:
            getattr(extra, "warm", lambda: None)()

    def __call__(self, path: str):
        if not self.extras:
            return check_one(path, self.options)
        found = _guarded(path, lambda: self._with_extras(path))
        return (found, ()) if isinstance(found, ReadFailure) else found

    def _with_extras(self, path: str):
        doc = parse(read(path))
        report = check_document(doc, self.options)
        return report, tuple(extra(doc, report) for extra in self.extras)
