"""`forbidden` — wording that should not be there (patterns, with exceptions and conditions).

Each hit of a `patterns` regex in the scope is a finding, unless an `exceptions` regex matches
text around it (so "法制审核", a legal term, is not flagged by a rule against "法制").
`conditions` add named metadata checks: `document-number-in-report-year` (a 发文字号 dated
year N on a report about year N, i.e. written before the year ended). Any finding fails.
"""

from __future__ import annotations

import re

from fzcheck.kinds import Param
from fzcheck.matching import compile_pattern, find_regex
from fzcheck.model import Mark, Outcome, Status

CONDITIONS = ("document-number-in-report-year",)
CONTEXT = 8

PARAMS = {
    "scope": Param("str", "范围：document、title、header、ending 或章节角色", default="document"),
    "patterns": Param("regex_list", "不应出现的表述（正则）", default=[]),
    "exceptions": Param("regex_list", "命中处附近匹配这些正则时不计（正则）", default=[]),
    "conditions": Param("str_list", f"附加的元数据条件：{', '.join(CONDITIONS)}", default=[]),
}


def validate(params: dict) -> str | None:
    unknown = [c for c in params["conditions"] if c not in CONDITIONS]
    if unknown:
        return f"参数 conditions 有未知条件 {', '.join(unknown)}（可用：{', '.join(CONDITIONS)}）"
    if not params["patterns"] and not params["conditions"]:
        return "参数 patterns 与 conditions 至少要有一个"
    return None


def _condition_findings(name: str, ctx) -> list[tuple[str, Mark]]:
    meta = ctx.doc.metadata
    if name == "document-number-in-report-year" and meta.document_number and meta.year:
        found = re.search(r"〔(\d{4})〕", meta.document_number)
        if found and int(found.group(1)) <= meta.year:
            where = next((p for p in ctx.doc.header if meta.document_number in p.norm), None)
            if where is None:
                mark = Mark(section="文头", anchor=True)
            else:
                start = where.norm.index(meta.document_number)
                mark = where.mark(start, start + len(meta.document_number), "文头")
            return [(f"发文字号{meta.document_number}为{found.group(1)}年", mark)]
    return []


def evaluate(params: dict, ctx) -> Outcome:
    scope = ctx.scope(params["scope"])
    findings: list[tuple[str, Mark]] = []
    exceptions = [compile_pattern(p) for p in params["exceptions"]]
    for hit in find_regex(scope.text, params["patterns"]):
        window = scope.text[max(0, hit.start - CONTEXT) : hit.end + CONTEXT]
        if any(pattern.search(window) for pattern in exceptions):
            continue
        before = scope.text[max(0, hit.start - 12) : hit.start]
        findings.append((f"…{before}【{hit.text}】", scope.mark(hit.start, hit.end)))
    for condition in params["conditions"]:
        findings.extend(_condition_findings(condition, ctx))
    if not findings:
        return Outcome(Status.PASS, "未发现", scope.location(0))
    marks = tuple(mark for _, mark in findings)
    return Outcome(Status.FAIL, f"发现{len(findings)}处", marks[0].location(), tuple(text for text, _ in findings), marks)
