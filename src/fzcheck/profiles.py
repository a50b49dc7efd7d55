"""Profiles and composition: the shipped base set and profiles, and a user's rule files applied on top,
cached by each user file's modification time and size."""

from __future__ import annotations

import os
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from fzcheck.errors import RuleSetError
from fzcheck.model import SEVERITIES
from fzcheck.params import (
    mark_params,
    mark_pattern,
    reference,
    validate_params,
    weight_ok,
)
from fzcheck.resources import rules_dir
from fzcheck.ruleset import BASE, SPECIAL_SCOPES, RuleFile, RuleSet, load_file


def _as_user(rule_file: RuleFile) -> RuleFile:
    """Every pattern of a user's rule file marked as such, so that it runs under the time limit."""
    rules = tuple(replace(rule, params=mark_params(rule.kind, rule.params)) for rule in rule_file.rules)
    roles = tuple(replace(role, run_in=tuple(mark_pattern(p) for p in role.run_in)) for role in rule_file.roles)
    return replace(rule_file, rules=rules, roles=roles)




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
            if not weight_ok(updates["weight"]):
                raise RuleSetError(overlay.path, "weight 应为非负数，且不能是 NaN 或无穷大", line, rule_id)
            updates["weight"] = float(updates["weight"])
        if "params" in change:
            overlay_params = dict(change["params"] or {})
            if isinstance(overlay_params.get("reference"), str):
                overlay_params["reference"] = reference(overlay_params["reference"], overlay.path, line, rule_id)
            if overlay.path not in _SHIPPED_PATHS():
                overlay_params = mark_params(rule.kind, {**rule.params, **overlay_params})
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
