"""Documentation generated from the rule files and kind docstrings (docs/rules.md).

A test regenerates it and fails when the committed file differs, so the docs cannot drift.
"""

from __future__ import annotations

import json

from fzcheck.kinds import KIND_MODULES, kind_module
from fzcheck.ruleset import BASE, NEUTRAL, PROFILES, Rule, load, shipped_files

SEVERITY = {"error": "严重（error）", "warning": "警告（warning）", "info": "提示（info）"}


def _example(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip("\n").splitlines())


def rule_markdown(rule: Rule, heading: str = "###") -> str:
    params = "\n".join(f"- `{key}`: `{json.dumps(value, ensure_ascii=False)}`" for key, value in rule.params.items())
    parts = [
        f"{heading} `{rule.id}` — {rule.title}",
        "",
        f"- 类型（kind）：`{rule.kind}`；严重程度：{SEVERITY[rule.severity]}；权重：{rule.weight:g}",
        f"- 未通过时：{rule.message}",
        f"- 建议：{rule.suggestion}",
        f"- 依据：{rule.basis}",
        "",
        "参数：",
        "",
        params or "- （无）",
        "",
        "通过的示例：",
        "",
        *(_example(text) + "\n" for text in rule.examples_pass),
        "不通过的示例：",
        "",
        *(_example(text) + "\n" for text in rule.examples_fail),
    ]
    return "\n".join(parts).rstrip() + "\n"


def rules_reference() -> str:
    files = shipped_files()
    lines = [
        "# 规则参考（自动生成）",
        "",
        "本文件由 `python -m fzcheck.docs` 根据 `rules/` 中的规则文件生成，测试会检查它是否过期。",
        "",
        "## 配置档",
        "",
        "| 配置档 | 名称 | 扩展自 | 停用的规则 | 修改的规则 | 新增的规则 |",
        "|---|---|---|---|---|---|",
    ]
    shown = (*PROFILES, NEUTRAL)
    for name in shown:
        rule_file = files[name]
        lines.append(
            f"| `{name}` | {rule_file.title} | `{rule_file.extends}` | {', '.join(rule_file.disable) or '—'} | "
            f"{', '.join(rule_file.override) or '—'} | {', '.join(r.id for r in rule_file.rules) or '—'} |"
        )
    lines += ["", "## 每个配置档的规则", ""]
    lines += ["| 规则 | " + " | ".join(shown) + " |", "|---|" + "---|" * len(shown)]
    rulesets = {name: load(name) for name in shown}
    all_ids = list(dict.fromkeys(rule.id for rs in rulesets.values() for rule in rs.rules))
    for rule_id in all_ids:
        cells = []
        for name in shown:
            rule = rulesets[name].rule(rule_id)
            cells.append(f"{rule.severity} {rule.weight:g}" if rule else "—")
        lines.append(f"| `{rule_id}` | " + " | ".join(cells) + " |")
    lines += ["", "## 规则", ""]
    seen = set()
    for name in (BASE, *PROFILES):
        for rule in files[name].rules:
            if rule.id not in seen:
                seen.add(rule.id)
                lines.append(rule_markdown(rule))
    lines += ["## 规则类型（kind）", ""]
    for kind in KIND_MODULES:
        module = kind_module(kind)
        lines.append(f"### `{kind}`")
        lines.append("")
        lines.append((module.__doc__ or "").strip())
        lines.append("")
        lines.append("| 参数 | 类型 | 必需 | 默认值 | 说明 |")
        lines.append("|---|---|---|---|---|")
        for key, spec in module.PARAMS.items():
            default = "" if spec.required else json.dumps(spec.default, ensure_ascii=False).replace("|", "\\|")
            lines.append(f"| `{key}` | {spec.type} | {'是' if spec.required else '否'} | `{default}` | {spec.help} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    import sys
    from pathlib import Path

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules.md")
    target.write_text(rules_reference(), encoding="utf-8")
    print(f"wrote {target}")
