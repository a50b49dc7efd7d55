"""Rule sets: YAML files loaded through a safe loader and validated strictly before anything runs.

A file may define section roles (`sections`), rules, and — when it `extends` another profile —
rules to `disable` and fields to `override`. The shipped files live in the `rules/` folder of
the package: `base.yaml` and one file per profile under `profiles/`.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from fzcheck.errors import RuleSetError
from fzcheck.kinds import KIND_MODULES, Param, kind_module
from fzcheck.model import SEVERITIES
from fzcheck.patterns import UserPattern, catastrophic
from fzcheck.resources import rules_dir

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
MAX_FILE = 1024 * 1024  # bytes of one rule file
MAX_DEPTH = 50  # nesting of mappings and lists
MAX_NODES = 200_000  # values once every alias is expanded (base.yaml has a few thousand)




# ---------------------------------------------------------------- YAML with line numbers


class _Mapping(dict):
    line: int = 0
    key_lines: dict[str, int]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml parses ten times faster
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"重复的键 {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _precheck(path: str, text: str) -> None:
    """Size, depth and alias expansion, measured on the event stream before anything is built:
    a file nested 50,000 deep would crash the parser and an alias bomb would hang the validation."""
    if len(text.encode("utf-8")) > MAX_FILE:
        raise RuleSetError(path, f"文件超过 {MAX_FILE // 1024} KB，不像是规则文件")
    sizes: list[int] = [0]  # values so far in each open collection
    names: list[str | None] = [None]  # each open collection's anchor
    anchors: dict[str, int] = {}  # values behind each anchor
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            sizes.append(0)
            names.append(event.anchor)
            if len(sizes) > MAX_DEPTH + 1:
                raise RuleSetError(path, f"嵌套超过 {MAX_DEPTH} 层", line)
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            size, anchor = sizes.pop() + 1, names.pop()
        elif isinstance(event, yaml.ScalarEvent):
            size, anchor = 1, event.anchor
        elif isinstance(event, yaml.AliasEvent):
            size, anchor = anchors.get(event.anchor, 1), None
        else:
            continue
        sizes[-1] += size
        if anchor:
            anchors[anchor] = size
        if sizes[-1] > MAX_NODES:
            raise RuleSetError(path, f"别名（*引用）展开后超过 {MAX_NODES:,} 个值，疑似别名炸弹", line)


def _line(node: Any, key: str | None = None) -> int | None:
    if isinstance(node, _Mapping):
        return node.key_lines.get(key, node.line) if key else node.line
    return None


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


# ---------------------------------------------------------------- validation


def _check_type(value: Any, spec: Param) -> str | None:
    """A Chinese description of what is wrong with a parameter value, or None."""
    kind = spec.type
    if kind == "str":
        ok = isinstance(value, str)
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    elif kind == "bool":
        ok = isinstance(value, bool)
    elif kind == "str_list":
        ok = isinstance(value, list) and all(isinstance(v, str) and v for v in value)
    elif kind == "phrase_list":
        ok = isinstance(value, list) and all(
            (isinstance(v, str) and v) or (isinstance(v, list) and v and all(isinstance(s, str) and s for s in v))
            for v in value
        )
    elif kind in ("regex", "regex_list"):
        items = [value] if kind == "regex" else value
        if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
            return "应为正则表达式" + ("列表" if kind == "regex_list" else "")
        for pattern in items:
            try:
                re.compile(pattern)
            except re.error as exc:
                return f"正则表达式无效 {pattern!r}：{exc}"
            shape = catastrophic(pattern)
            if shape:
                return f"正则表达式 {pattern!r} 可能在长文本上失控（{shape}），请改写"
        return None
    elif kind == "mapping":
        ok = isinstance(value, dict)
    elif kind == "list":
        ok = isinstance(value, list)
    else:
        raise ValueError(f"unknown parameter type {kind}")
    if ok and spec.choices and value not in spec.choices:
        return f"取值应为 {' / '.join(spec.choices)} 之一，实际为 {value!r}"
    return None if ok else f"类型应为 {kind}，实际为 {type(value).__name__}"


def validate_params(kind: str, params: Any, path: str, line: int | None, rule_id: str) -> dict[str, Any]:
    """Check a rule's params against its kind's PARAMS; return them with defaults filled in."""
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise RuleSetError(path, "params 应为映射（键: 值）", line, rule_id)
    module = kind_module(kind)
    specs: dict[str, Param] = module.PARAMS
    unknown = sorted(set(params) - set(specs))
    if unknown:
        raise RuleSetError(
            path, f"规则类型 {kind} 没有参数 {', '.join(unknown)}（可用：{', '.join(specs)}）", _line(params, unknown[0]) or line, rule_id
        )
    result = {}
    for name, spec in specs.items():
        if name not in params:
            if spec.required:
                raise RuleSetError(path, f"缺少必需参数 {name}（{spec.help}）", line, rule_id)
            result[name] = spec.default
            continue
        problem = _check_type(params[name], spec)
        if problem:
            raise RuleSetError(path, f"参数 {name} {problem}", _line(params, name) or line, rule_id)
        result[name] = params[name]
    if result.get("match") == "regex" and "phrases" in result:  # phrases used as patterns are checked as patterns
        flat = [p for entry in result["phrases"] for p in ([entry] if isinstance(entry, str) else entry)]
        problem = _check_type(flat, Param("regex_list", ""))
        if problem:
            raise RuleSetError(path, f"参数 phrases {problem}", _line(params, "phrases") or line, rule_id)
    extra_check = getattr(module, "validate", None)
    if extra_check:
        problem = extra_check(result)
        if problem:
            raise RuleSetError(path, problem, line, rule_id)
    return result


def _reference(value: str, path: str, line: int | None, rule_id: str | None) -> str:
    """A reference text is a file name in the rule file's own folder or in the shipped rules/data, nothing else."""
    name = Path(value)
    if name.is_absolute() or ".." in name.parts or not value.strip():
        raise RuleSetError(path, f"参数 reference 只能是规则文件所在文件夹或 rules/data 中的文件名，不能是 {value!r}", line, rule_id)
    folder = Path(path).resolve().parent
    own = (folder / name).resolve()
    if own.is_file() and own.is_relative_to(folder) and folder != rules_dir().resolve():
        return str(own)
    shipped = rules_dir().resolve() / "data"
    if not (shipped / name).resolve().is_relative_to(shipped):
        raise RuleSetError(path, f"参数 reference {value!r} 指向 rules/data 之外", line, rule_id)
    return value


def _mark_params(kind: str, params: dict) -> dict:
    specs = kind_module(kind).PARAMS
    marked = dict(params)
    for name, value in params.items():
        spec = specs.get(name)
        if spec is not None and (spec.type in ("regex", "regex_list") or (name == "phrases" and params.get("match") == "regex")):
            marked[name] = _mark(value)
    return marked


def _as_user(rule_file: RuleFile) -> RuleFile:
    """Every pattern of a user's rule file marked as such, so that it runs under the time limit."""
    rules = tuple(replace(rule, params=_mark_params(rule.kind, rule.params)) for rule in rule_file.rules)
    roles = tuple(replace(role, run_in=tuple(_mark(p) for p in role.run_in)) for role in rule_file.roles)
    return replace(rule_file, rules=rules, roles=roles)


def _mark(value: Any) -> Any:
    if isinstance(value, str):
        return UserPattern(value)
    if isinstance(value, list):
        return [_mark(item) for item in value]
    return value


def _weight_ok(weight: Any) -> bool:
    return isinstance(weight, (int, float)) and not isinstance(weight, bool) and math.isfinite(weight) and weight >= 0


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
    if not _weight_ok(weight):
        raise RuleSetError(path, "weight 应为非负数，且不能是 NaN 或无穷大", _line(raw, "weight"), rule_id)
    examples = raw["examples"]
    if not isinstance(examples, dict) or set(examples) - {"pass", "fail"}:
        raise RuleSetError(path, "examples 应为 {pass: [...], fail: [...]}", _line(raw, "examples"), rule_id)
    for side in ("pass", "fail"):
        values = examples.get(side)
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
            raise RuleSetError(path, f"examples.{side} 应为至少一段示例文本的列表", _line(examples, side) or _line(raw, "examples"), rule_id)
    if isinstance(raw.get("params"), dict) and isinstance(raw["params"].get("reference"), str):
        raw["params"]["reference"] = _reference(raw["params"]["reference"], path, _line(raw["params"], "reference"), rule_id)
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
            problem = _check_type(spec.get(list_key, []), Param("regex_list", ""))
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


def load_yaml(path: str) -> Any:
    """A YAML file read through the safe loader; mappings remember their lines (see `line_of`)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleSetError(path, "文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleSetError(path, f"无法读取（{exc}）") from None
    try:
        _precheck(path, text)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleSetError(path, f"YAML 语法或标签错误：{problem}", mark.line + 1 if mark else None) from None
    except ValueError as exc:  # a scalar YAML resolves to a type it cannot hold, e.g. the date 2018-13-45
        raise RuleSetError(path, f"YAML 值无效：{exc}（日期请写成有效的 YYYY-MM-DD，或加引号）") from None


line_of = _line


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


# ---------------------------------------------------------------- profiles and composition


@lru_cache(maxsize=1)
def shipped_files() -> dict[str, RuleFile]:
    """The base rule set and every shipped profile, by name."""
    folder = rules_dir()
    files = {BASE: load_file(folder / "base.yaml")}
    for path in sorted((folder / "profiles").glob("*.yaml")):
        loaded = load_file(path)
        files[loaded.name] = loaded
    return files


def _SHIPPED_PATHS() -> set[str]:  # noqa: N802 - reads as a constant
    return {rule_file.path for rule_file in shipped_files().values()}


def _apply(base: RuleSet, overlay: RuleFile) -> RuleSet:
    rules = {rule.id: rule for rule in base.rules}
    for rule_id in overlay.disable:
        if rule_id not in rules:
            raise RuleSetError(overlay.path, f"disable 中的规则 {rule_id} 不存在于 {base.profile}", None, rule_id)
        del rules[rule_id]
    for rule_id, change in overlay.override.items():
        line = overlay.override_lines.get(rule_id)
        if rule_id not in rules:
            raise RuleSetError(overlay.path, f"override 的规则 {rule_id} 不存在于 {base.profile}", line, rule_id)
        rule = rules[rule_id]
        updates = {key: value for key, value in change.items() if key != "params"}
        if "severity" in updates and updates["severity"] not in SEVERITIES:
            raise RuleSetError(overlay.path, f"severity 应为 {' / '.join(SEVERITIES)} 之一", line, rule_id)
        if "weight" in updates:
            if not _weight_ok(updates["weight"]):
                raise RuleSetError(overlay.path, "weight 应为非负数，且不能是 NaN 或无穷大", line, rule_id)
            updates["weight"] = float(updates["weight"])
        if "params" in change:
            overlay_params = dict(change["params"] or {})
            if isinstance(overlay_params.get("reference"), str):
                overlay_params["reference"] = _reference(overlay_params["reference"], overlay.path, line, rule_id)
            if overlay.path not in _SHIPPED_PATHS():
                overlay_params = _mark_params(rule.kind, {**rule.params, **overlay_params})
            merged = {**rule.params, **overlay_params}
            updates["params"] = validate_params(rule.kind, merged, overlay.path, line, rule_id)
        rules[rule_id] = replace(rule, **updates)
    for rule in overlay.rules:
        if rule.id in rules:
            raise RuleSetError(overlay.path, f"规则 id 与 {base.profile} 中的规则重复；修改已有规则请用 override", rule.line, rule.id)
        rules[rule.id] = rule
    roles = {role.key: role for role in base.roles}
    for role in overlay.roles:
        roles[role.key] = role
    ordered_ids = [rule.id for rule in base.rules if rule.id in rules] + [rule.id for rule in overlay.rules]
    result = RuleSet(base.name, overlay.name, overlay.title, tuple(roles.values()), tuple(rules[i] for i in ordered_ids))
    _check_scopes(result, overlay.path)
    return result


def _check_scopes(ruleset: RuleSet, path: str) -> None:
    """Every role a rule refers to must be defined."""
    role_keys = {role.key for role in ruleset.roles}
    for rule in ruleset.rules:
        for name in ("role", "scope", "numerator", "denominator", "claim_scope", "admission_scope"):
            value = rule.params.get(name)
            if isinstance(value, str) and value not in role_keys and value not in SPECIAL_SCOPES:
                raise RuleSetError(rule.source or path, f"参数 {name} 引用了未定义的章节角色 {value!r}", rule.line, rule.id)


SPECIAL_SCOPES = {"document", "title", "header", "ending"}


def _compose(name: str, files: dict[str, RuleFile], chain: tuple[str, ...] = ()) -> RuleSet:
    if name in chain:
        raise RuleSetError(files[name].path, f"extends 循环：{' → '.join(chain + (name,))}")
    rule_file = files[name]
    if rule_file.extends is None:
        return _apply(RuleSet(rule_file.name, rule_file.name, rule_file.title, rule_file.roles, ()), rule_file)
    if rule_file.extends not in files:
        raise RuleSetError(
            rule_file.path, f"extends 的 {rule_file.extends!r} 不存在（可用：{', '.join(sorted(files))}）"
        )
    parent = _compose(rule_file.extends, files, chain + (name,))
    return _apply(parent, rule_file)


def load(profile: str, user_files: tuple[str, ...] | str | None = None) -> RuleSet:
    """The rule set for a profile (a shipped name), with the user's own rule files on top, in order.

    A user file without `extends` extends the profile (or the previous user file). Loaded sets are
    cached, keyed by each user file's modification time and size, so a long-running process (the web
    page, a cluster worker) re-reads a rule file that was edited.
    """
    if isinstance(user_files, str):
        user_files = (user_files,)
    return _load(profile, tuple(user_files or ()), _stamps(user_files or ()))


def _stamps(paths) -> tuple[tuple[int, int], ...]:
    stamps = []
    for path in paths:
        try:
            stat = os.stat(path)
            stamps.append((stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append((-1, -1))  # load_file reports the missing file
    return tuple(stamps)


@lru_cache(maxsize=64)
def _load(profile: str, user_files: tuple[str, ...], stamps: tuple[tuple[int, int], ...]) -> RuleSet:
    files = dict(shipped_files())
    for name, rule_file in files.items():
        if name != BASE and rule_file.extends is None:
            raise RuleSetError(rule_file.path, "配置档必须用 extends 指明所扩展的规则集")
    if profile not in files:
        raise RuleSetError(str(rules_dir()), f"没有名为 {profile!r} 的配置档（可用：{', '.join(p for p in files if p != BASE)}）")
    top = profile
    for path in user_files or ():
        user = _as_user(load_file(path))
        if user.extends is None:
            user = replace(user, extends=top)
        if user.name in files:
            user = replace(user, name=f"{user.name}（{Path(path).name}）")
        files[user.name] = user
        top = user.name
    return _compose(top, files)


def validate_file(path: str) -> RuleSet:
    """Load a rule file and compose it onto its base, raising RuleSetError on any problem."""
    rule_file = load_file(path)
    if rule_file.extends is None and not rule_file.rules:
        raise RuleSetError(path, "文件既没有 rules，也没有 extends")
    return load(rule_file.extends if rule_file.extends in shipped_files() else "township", path)
