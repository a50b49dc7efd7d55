"""Rule parameters checked against their kind's PARAMS: types, choices, finite numbers, patterns that compile
(and, from a user's file, are not of a shape that backtracks for ever), references inside the file's folder."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from fzcheck.errors import RuleSetError
from fzcheck.kinds import Param, kind_module
from fzcheck.patterns import UserPattern, catastrophic
from fzcheck.resources import rules_dir
from fzcheck.yamlfile import line_of as _line


def check_type(value: Any, spec: Param) -> str | None:
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
        problem = check_type(params[name], spec)
        if problem:
            raise RuleSetError(path, f"参数 {name} {problem}", _line(params, name) or line, rule_id)
        result[name] = params[name]
    if result.get("match") == "regex" and "phrases" in result:  # phrases used as patterns are checked as patterns
        flat = [p for entry in result["phrases"] for p in ([entry] if isinstance(entry, str) else entry)]
        problem = check_type(flat, Param("regex_list", ""))
        if problem:
            raise RuleSetError(path, f"参数 phrases {problem}", _line(params, "phrases") or line, rule_id)
    extra_check = getattr(module, "validate", None)
    if extra_check:
        problem = extra_check(result)
        if problem:
            raise RuleSetError(path, problem, line, rule_id)
    return result


def reference(value: str, path: str, line: int | None, rule_id: str | None) -> str:
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


def mark_params(kind: str, params: dict) -> dict:
    specs = kind_module(kind).PARAMS
    marked = dict(params)
    for name, value in params.items():
        spec = specs.get(name)
        if spec is not None and (spec.type in ("regex", "regex_list") or (name == "phrases" and params.get("match") == "regex")):
            marked[name] = mark_pattern(value)
    return marked


def mark_pattern(value: Any) -> Any:
    if isinstance(value, str):
        return UserPattern(value)
    if isinstance(value, list):
        return [mark_pattern(item) for item in value]
    return value


def weight_ok(weight: Any) -> bool:
    return isinstance(weight, (int, float)) and not isinstance(weight, bool) and math.isfinite(weight) and weight >= 0
