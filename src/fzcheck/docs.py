"""Documentation generated from the rule files and kind docstrings (docs/rules.md).

A test regenerates it and fails when the committed file differs, so the docs cannot drift.
"""

from __future__ import annotations

import json

from fzcheck import facts
from fzcheck.kinds import KIND_MODULES, kind_module
from fzcheck.profiles import load, shipped_files
from fzcheck.ruleset import BASE, NEUTRAL, PROFILES, Rule

SEVERITY = {"error": "严重（error）", "warning": "警告（warning）", "info": "提示（info）"}


def _example(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip("\n").splitlines())


def _facts_lines(rule: Rule) -> list[str]:
    """The facts a rule checks against, each with its source (kinds that read rules/data/facts.yaml)."""
    used = getattr(kind_module(rule.kind), "facts_used", None)
    entries = used(rule.params) if used else ()
    if not entries:
        return []
    return ["依据的事实（rules/data/facts.yaml）：", "", *(f"- {e.describe()}（来源：{e.source}）" for e in entries), ""]


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
        *_facts_lines(rule),
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
    lines += facts_reference()
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


def _cell(value: object) -> str:
    return str(value or "—").replace("|", "\\|")


def facts_reference() -> list[str]:
    """The facts file as tables: documents, plans, bodies, powers, terms, each with its source."""
    data = facts.load()
    lines = [
        "## 事实（rules/data/facts.yaml）",
        "",
        f"引用与时间类规则所依据的事实，每一条都注明来源。年份区间的连接号（{data.separators}）视为相同（来源：{data.separators_source}）。",
        "",
        "### 文件",
        "",
        "| key | 准确标题 | 发文机关 | 文号 | 发布 | 施行 | 失效 | 被取代 | 说明 | 来源 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for d in data.documents:
        cells = (d.key, f"《{d.title}》", d.issuer, d.number, d.published, d.in_force, d.until, d.replaced_by, d.note, d.source)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += ["", "### 规划及其期限", "", "| key | 规划 | 期限 | 视为过时的报告年度 | 说明 | 来源 |", "|---|---|---|---|---|---|"]
    for p in data.plans:
        cells = (p.key, p.name, f"{p.period[0]}—{p.period[1]}", f"{p.outdated_from}年起", p.note, p.source)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += ["", "### 撤销或更名的机构、报刊", "", "| key | 名称 | 变化 | 日期 | 视为过时的报告年度 | 现为 | 来源 |", "|---|---|---|---|---|---|---|"]
    for b in data.bodies:
        cells = (b.key, b.name, b.change, b.date, f"{b.wrong_from_year}年起", b.now, b.source)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += ["", "### 发生变化的职权", "", "| key | 职权 | 有权机关 | 自 | 不再享有的层级 | 例外 | 法律 | 来源 |", "|---|---|---|---|---|---|---|---|"]
    for w in data.powers:
        levels = "、".join(w.levels) + (f"（部门限名称含{'、'.join(w.department_places)}者）" if w.department_places else "")
        cells = (w.key, w.what, w.holders, w.date or w.from_year, levels, "、".join(w.exempt), w.note, w.source)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += ["", "### 用语", "", "| key | 旧词 | 现词 | 变化 | 保留旧词的情形 | 来源 |", "|---|---|---|---|---|---|"]
    for t in data.terms:
        kept = "；".join(f"{k.describe()}（来源：{k.source}）" for k in t.keep)
        lines.append("| " + " | ".join(_cell(c) for c in (t.key, t.word, t.current, f"{t.date}：{t.change}", kept, t.source)) + " |")
    return lines + [""]


if __name__ == "__main__":
    import sys
    from pathlib import Path

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules.md")
    target.write_text(rules_reference(), encoding="utf-8")
    print(f"wrote {target}")
