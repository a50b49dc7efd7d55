"""Accepting known gaps: waivers (rule + file glob + reason + optional expiry) and a baseline.

A suppressed finding keeps its status and is marked `suppressed`; it no longer counts for the
score or the gate. Baseline fingerprints are rule id + file + section path + a hash of the
normalised evidence — never line numbers — so moving text does not raise a gap again.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

import yaml

from fzcheck.errors import ConfigError
from fzcheck.fingerprint import fingerprint
from fzcheck.model import ReportResult, RuleResult, Status
from fzcheck.paths import relative_path

BASELINE_SCHEMA = "fzcheck.baseline/1"
WAIVER_KEYS = {"rule", "files", "reason", "expires"}


@dataclass(frozen=True)
class Waiver:
    rule: str
    files: str
    reason: str
    expires: dt.date | None = None

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today

    def matches(self, path: str, result: RuleResult) -> bool:
        if not fnmatch.fnmatchcase(result.rule, self.rule):
            return False
        candidates = (relative_path(path), PurePath(path).as_posix(), PurePath(path).name)
        return any(fnmatch.fnmatchcase(candidate, self.files) for candidate in candidates)


def load_waivers(path: str) -> tuple[Waiver, ...]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"豁免文件 {path} 不存在") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"豁免文件 {path} 不是有效的 YAML：{exc}") from None
    entries = data.get("waivers") if isinstance(data, dict) else None
    if not isinstance(entries, list) or set(data) - {"waivers"}:
        raise ConfigError(f"豁免文件 {path} 应为 waivers: [{{rule, files, reason, expires}}]")
    waivers = []
    for number, entry in enumerate(entries, start=1):
        where = f"豁免文件 {path} 第{number}条"
        if not isinstance(entry, dict) or set(entry) - WAIVER_KEYS:
            raise ConfigError(f"{where}：只能有 {', '.join(sorted(WAIVER_KEYS))}")
        if not all(isinstance(entry.get(k), str) and entry[k].strip() for k in ("rule", "files", "reason")):
            raise ConfigError(f"{where}：rule、files、reason（理由）都必须填写")
        expires = entry.get("expires")
        if expires is not None and not isinstance(expires, dt.date):
            try:
                expires = dt.date.fromisoformat(str(expires))
            except ValueError:
                raise ConfigError(f"{where}：expires 应为日期，如 2026-12-31") from None
        waivers.append(Waiver(entry["rule"], entry["files"], entry["reason"].strip(), expires))
    return tuple(waivers)


def findings(report: ReportResult) -> list[RuleResult]:
    return [r for r in report.results if r.status in (Status.FAIL, Status.PARTIAL)]


def write_baseline(path: str, reports: list[ReportResult]) -> int:
    entries = [
        {"fingerprint": fingerprint(report.path, result), "rule": result.rule, "path": relative_path(report.path), "section": result.location.section}
        for report in reports
        for result in findings(report)
    ]
    Path(path).write_text(
        json.dumps({"schema": BASELINE_SCHEMA, "findings": entries}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return len(entries)


def load_baseline(path: str) -> frozenset[str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"基线文件 {path} 不存在（先用 --write-baseline 生成）") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"基线文件 {path} 不是有效的 JSON：{exc}") from None
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA:
        raise ConfigError(f"基线文件 {path} 的格式不对（应为 {BASELINE_SCHEMA}）")
    return frozenset(entry["fingerprint"] for entry in data.get("findings", []))


@dataclass(frozen=True)
class Suppressions:
    waivers: tuple[Waiver, ...] = ()
    baseline: frozenset[str] = frozenset()
    today: dt.date | None = None

    def active(self) -> tuple[Waiver, ...]:
        today = self.today or dt.date.today()
        return tuple(w for w in self.waivers if not w.expired(today))

    def apply(self, path: str, results: tuple[RuleResult, ...]) -> tuple[RuleResult, ...]:
        if not self.waivers and not self.baseline:
            return results
        active = self.active()
        updated = []
        for result in results:
            if result.status in (Status.FAIL, Status.PARTIAL):
                waiver = next((w for w in active if w.matches(path, result)), None)
                if waiver is not None:
                    result = replace(result, suppressed=f"豁免：{waiver.reason}")
                elif fingerprint(path, result) in self.baseline:
                    result = replace(result, suppressed="基线中已有")
            updated.append(result)
        return tuple(updated)

    def notes(self, reports: list[ReportResult]) -> list[str]:
        """Chinese lines about expired and unused waivers."""
        today = self.today or dt.date.today()
        lines = [f"豁免已过期（{w.expires}），不再生效：{w.rule} {w.files}（{w.reason}）" for w in self.waivers if w.expired(today)]
        for waiver in self.active():
            used = any(waiver.matches(r.path, x) for r in reports for x in findings(r))
            if not used:
                lines.append(f"豁免未被使用，可以删除：{waiver.rule} {waiver.files}（{waiver.reason}）")
        return lines
