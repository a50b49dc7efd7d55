"""Rule sets: YAML files loaded through a safe loader and validated strictly before anything runs.

A file may define section roles (`sections`), rules, and — when it `extends` another profile —
rules to `disable` and fields to `override`. The shipped files live in the `rules/` folder of
the package: `base.yaml` and one file per profile under `profiles/`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fzcheck.errors import RuleSetError
from fzcheck.kinds import KIND_MODULES, Param
from fzcheck.model import SEVERITIES
from fzcheck.params import (
    check_type,
    reference,
    validate_params,
    weight_ok,
)
from fzcheck.yamlfile import line_of as _line
from fzcheck.yamlfile import load_yaml

FILE_KEYS = {"ruleset", "profile", "title", "description", "extends", "sections", "rules", "disable", "override"}
RULE_KEYS = {"id", "kind", "title", "severity", "weight", "scored", "group", "params", "message", "suggestion", "basis", "examples"}
SCORED = ("always", "findings")
RULE_REQUIRED = ("id", "kind", "title", "severity", "weight", "message", "suggestion", "basis", "examples")
OVERRIDE_KEYS = {"title", "severity", "weight", "params", "message", "suggestion"}
ROLE_KEYS = {"name", "headings", "run_in", "topics", "min_topics"}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")
PROFILES = ("township", "county", "city", "department")
NEUTRAL = "neutral"  # the profile for a report whose level was not recognised (rules that hold at every level)
BASE = "base"
SPECIAL_SCOPES = {"document", "title", "header", "ending"}




# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class Role:
    """A section role (an outline item): heading patterns and run-in patterns, in priority order."""

    key: str
    name: str
    headings: tuple[str, ...]
    run_in: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # with no umbrella heading: keywords of top-level topic sections
    min_topics: int = 2


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    title: str
    severity: str
    weight: float
    message: str
    suggestion: str
    basis: str
    params: dict[str, Any] = field(compare=False, hash=False)
    group: str = ""
    scored: str = "always"  # "findings": a detector whose clean pass weighs nothing (only a finding counts)
    examples_pass: tuple[str, ...] = ()
    examples_fail: tuple[str, ...] = ()
    source: str = ""
    line: int | None = None


@dataclass(frozen=True)
class RuleFile:
    path: str
    name: str  # the ruleset or profile name
    title: str
    extends: str | None
    roles: tuple[Role, ...]
    rules: tuple[Rule, ...]
    disable: tuple[str, ...]
    override: dict[str, dict[str, Any]] = field(compare=False, hash=False)
    override_lines: dict[str, int] = field(compare=False, hash=False, default_factory=dict)


@dataclass(frozen=True)
class RuleSet:
    name: str
    profile: str
    title: str
    roles: tuple[Role, ...]
    rules: tuple[Rule, ...]

    def rule(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def role(self, key: str) -> Role | None:
        return next((role for role in self.roles if role.key == key), None)


def _require_str(mapping: dict, key: str, path: str, rule_id: str | None, allow_empty: bool = False) -> str:
    value = mapping.get(key)
    if not isinstance(value, str) or (not value.strip() and not allow_empty):
        raise RuleSetError(path, f"{key} 应为非空字符串", _line(mapping, key), rule_id)
    return value


def _parse_rule(raw: Any, path: str) -> Rule:
    if not isinstance(raw, dict):
        raise RuleSetError(path, "每条规则应为映射", None)
    rule_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    line = _line(raw)
    unknown = sorted(set(raw) - RULE_KEYS)
    if unknown:
        raise RuleSetError(path, f"未知的键 {', '.join(map(str, unknown))}（允许：{', '.join(sorted(RULE_KEYS))}）", _line(raw, unknown[0]), rule_id)
    for key in RULE_REQUIRED:
        if key not in raw:
            raise RuleSetError(path, f"缺少必需的键 {key}", line, rule_id)
    if not rule_id or not ID_PATTERN.match(rule_id):
        raise RuleSetError(path, "id 应为小写点分形式，如 outline.causes", _line(raw, "id"), rule_id)
    kind = raw["kind"]
    if kind not in KIND_MODULES:
        raise RuleSetError(path, f"未知的规则类型 {kind!r}（可用：{', '.join(KIND_MODULES)}）", _line(raw, "kind"), rule_id)
    severity = raw["severity"]
    if severity not in SEVERITIES:
        raise RuleSetError(path, f"severity 应为 {' / '.join(SEVERITIES)} 之一", _line(raw, "severity"), rule_id)
    weight = raw["weight"]
    if not weight_ok(weight):
        raise RuleSetError(path, "weight 应为非负数，且不能是 NaN 或无穷大", _line(raw, "weight"), rule_id)
    examples = raw["examples"]
    if not isinstance(examples, dict) or set(examples) - {"pass", "fail"}:
        raise RuleSetError(path, "examples 应为 {pass: [...], fail: [...]}", _line(raw, "examples"), rule_id)
    for side in ("pass", "fail"):
        values = examples.get(side)
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
            raise RuleSetError(path, f"examples.{side} 应为至少一段示例文本的列表", _line(examples, side) or _line(raw, "examples"), rule_id)
    if isinstance(raw.get("params"), dict) and isinstance(raw["params"].get("reference"), str):
        raw["params"]["reference"] = reference(raw["params"]["reference"], path, _line(raw["params"], "reference"), rule_id)
    params = validate_params(kind, raw.get("params"), path, _line(raw, "params") or line, rule_id)
    return Rule(
        id=rule_id,
        kind=kind,
        title=_require_str(raw, "title", path, rule_id),
        severity=severity,
        weight=float(weight),
        message=_require_str(raw, "message", path, rule_id),
        suggestion=_require_str(raw, "suggestion", path, rule_id),
        basis=_require_str(raw, "basis", path, rule_id),
        params=params,
        group=str(raw.get("group") or rule_id.split(".")[0]),
        scored=_scored(raw, path, rule_id),
        examples_pass=tuple(examples["pass"]),
        examples_fail=tuple(examples["fail"]),
        source=path,
        line=line,
    )


def _scored(raw: dict, path: str, rule_id: str) -> str:
    value = raw.get("scored", "always")
    if value not in SCORED:
        raise RuleSetError(path, f"scored 应为 {' / '.join(SCORED)} 之一", _line(raw, "scored"), rule_id)
    return value


def _parse_roles(raw: Any, path: str) -> tuple[Role, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise RuleSetError(path, "sections 应为映射：角色名 → {name, headings, run_in}", None)
    roles = []
    for key, spec in raw.items():
        line = _line(raw, key)
        if not isinstance(spec, dict):
            raise RuleSetError(path, f"sections.{key} 应为映射", line)
        unknown = sorted(set(spec) - ROLE_KEYS)
        if unknown:
            raise RuleSetError(path, f"sections.{key} 有未知的键 {', '.join(unknown)}", _line(spec, unknown[0]))
        for list_key in ("headings", "run_in", "topics"):
            problem = check_type(spec.get(list_key, []), Param("regex_list", ""))
            if problem:
                raise RuleSetError(path, f"sections.{key}.{list_key} {problem}", _line(spec, list_key))
        if not spec.get("headings"):
            raise RuleSetError(path, f"sections.{key} 缺少 headings", line)
        try:  # the engine matches a role's headings as one pattern
            re.compile("|".join(f"(?:{p})" for p in spec["headings"]))
        except re.error as exc:
            raise RuleSetError(path, f"sections.{key}.headings 合并成一个正则后无效：{exc}", _line(spec, "headings")) from None
        min_topics = spec.get("min_topics", 2)
        if not isinstance(min_topics, int) or min_topics < 1:
            raise RuleSetError(path, f"sections.{key}.min_topics 应为正整数", _line(spec, "min_topics"))
        roles.append(
            Role(
                key=str(key),
                name=_require_str(spec, "name", path, None),
                headings=tuple(spec["headings"]),
                run_in=tuple(spec.get("run_in", [])),
                topics=tuple(spec.get("topics", [])),
                min_topics=min_topics,
            )
        )
    return tuple(roles)


def load_file(path: str | Path) -> RuleFile:
    path = str(path)
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise RuleSetError(path, "顶层应为映射（ruleset/profile、rules 等键）")
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        raise RuleSetError(path, f"未知的顶层键 {', '.join(map(str, unknown))}（允许：{', '.join(sorted(FILE_KEYS))}）", _line(data, unknown[0]))
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise RuleSetError(path, "rules 应为列表", _line(data, "rules"))
    rules = tuple(_parse_rule(raw, path) for raw in raw_rules)
    seen: dict[str, int | None] = {}
    for rule in rules:
        if rule.id in seen:
            raise RuleSetError(path, f"规则 id 重复（第{seen[rule.id]}行已定义）", rule.line, rule.id)
        seen[rule.id] = rule.line
    disable = data.get("disable") or []
    if not isinstance(disable, list) or not all(isinstance(v, str) for v in disable):
        raise RuleSetError(path, "disable 应为规则 id 列表", _line(data, "disable"))
    override = data.get("override") or {}
    if not isinstance(override, dict):
        raise RuleSetError(path, "override 应为映射：规则 id → 要修改的字段", _line(data, "override"))
    for rule_id, change in override.items():
        if not isinstance(change, dict) or set(change) - OVERRIDE_KEYS:
            raise RuleSetError(path, f"override 只能修改 {', '.join(sorted(OVERRIDE_KEYS))}", _line(override, rule_id), rule_id)
    extends = data.get("extends")
    if extends is not None and not isinstance(extends, str):
        raise RuleSetError(path, "extends 应为一个规则集或配置档名称", _line(data, "extends"))
    name = data.get("profile") or data.get("ruleset") or Path(path).stem
    return RuleFile(
        path=path,
        name=str(name),
        title=str(data.get("title") or name),
        extends=extends,
        roles=_parse_roles(data.get("sections"), path),
        rules=rules,
        disable=tuple(disable),
        override={key: dict(value) for key, value in override.items()},
        override_lines={key: _line(override, key) for key in override},
    )


