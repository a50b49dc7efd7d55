"""Every shipped pattern runs in time linear in the text, on the texts an attacker would choose.

A pattern that backtracks (a run of digits before a missing unit, a run of "[bookmark:" with no
closing bracket…) costs 100 times more on ten times the text; a linear one about 10 times. Times
are compared as ratios, with a generous bound, never against a clock.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

import fzcheck
from fzcheck import profiles
from fzcheck.kinds import kind_module

FULLMATCH_KINDS = {"metadata"}  # these match short names whole, never search a text
UNITS = ("1", "1.", "一", "第一", "的", "[bookmark:", "[image", " ", "　", "2024年", "（", "、", "一、", "1.1", "%", "\n", "-")


def _python_patterns() -> dict[str, re.Pattern]:
    found: dict[str, re.Pattern] = {}
    for module in pkgutil.walk_packages(fzcheck.__path__, "fzcheck."):
        if module.name.endswith("__main__") or ".serve" in module.name:
            continue
        for name, value in vars(importlib.import_module(module.name)).items():
            values = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else [value]
            for item in values:
                if isinstance(item, re.Pattern) and isinstance(item.pattern, str):
                    found[f"{module.name}.{name}: {item.pattern[:50]}"] = item
    return found


def _rule_patterns() -> dict[str, tuple[re.Pattern, bool]]:
    found: dict[str, tuple[re.Pattern, bool]] = {}
    for rule_file in profiles.shipped_files().values():
        for role in rule_file.roles:
            for pattern in role.headings + role.run_in + role.topics:
                found[f"sections.{role.key}: {pattern[:50]}"] = (re.compile(pattern), False)
            joined = "|".join(f"(?:{p})" for p in role.headings)
            found[f"sections.{role.key} joined"] = (re.compile(joined), False)
        for rule in rule_file.rules:
            whole = rule.kind in FULLMATCH_KINDS
            for name, spec in kind_module(rule.kind).PARAMS.items():
                value = rule.params.get(name)
                if spec.type == "regex" and value:
                    value = [value]
                elif spec.type != "regex_list" and not (name == "phrases" and rule.params.get("match") == "regex"):
                    continue
                for entry in value or []:
                    for pattern in [entry] if isinstance(entry, str) else entry:
                        found[f"{rule.id}.{name}: {pattern[:50]}"] = (re.compile(pattern), whole)
    return found


def _cost(pattern: re.Pattern, text: str, whole: bool) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        if whole:
            pattern.fullmatch(text)
        else:
            for _match in pattern.finditer(text):
                pass
        best = min(best, time.perf_counter() - started)
    return best


def _quadratic(pattern: re.Pattern, whole: bool, units=UNITS, size: int = 10_000) -> list[str]:
    slow = []
    for unit in units:
        small = _cost(pattern, unit * (size // len(unit)), whole)
        large = _cost(pattern, unit * (10 * size // len(unit)), whole)
        # linear: ×10; quadratic: ×100. Below 50 ms nothing is worth reporting whatever the ratio
        # (a shared machine's noise can make a linear pattern look ×30 on sub-millisecond times).
        if large > 0.05 and large > 40 * max(small, 1e-4):
            slow.append(f"{unit!r}: {small * 1000:.1f} ms → {large * 1000:.1f} ms")
    return slow


PATTERNS = {**{k: (v, False) for k, v in _python_patterns().items()}, **_rule_patterns()}


def test_every_shipped_pattern_is_collected():
    names = " ".join(PATTERNS)
    assert "normalize.ARTEFACTS" in names and "quality.data-density.pattern" in names and "sections." in names
    assert len(PATTERNS) > 80


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_shipped_pattern_is_linear_on_adversarial_text(name):
    pattern, whole = PATTERNS[name]
    assert _quadratic(pattern, whole) == []


def test_the_check_catches_a_backtracking_pattern():
    assert _quadratic(re.compile(r"\d+(?:次|件)"), False, ("1",), 500)
    assert _quadratic(re.compile(r"\[bookmark:[^\]]*\]"), False, ("[bookmark:",), 5_000)
