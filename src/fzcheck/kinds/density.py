"""`density` — concrete figures (numbers with units) per 1,000 characters of a scope.

"运用事例少" is a documented defect of these reports; a figure is a number followed by a unit
(次/件/人次/份/%/个/…). At or above `min_per_1000` passes; at least half of it is partial.
"""

from __future__ import annotations

from fzcheck.kinds import Param
from fzcheck.matching import compile_pattern
from fzcheck.model import Outcome, Status

DEFAULT_UNITS = r"(?<!\d)\d+(?:\.\d+)?(?:余|多)?(?:万|亿)?(?:人次|台次|场次|次|件|宗|起|份|个|人|名|家|条|场|处|张|篇|期|项|户|场|天|元|%|％)"

PARAMS = {
    "scope": Param("str", "范围：document 或章节角色", default="document"),
    "min_per_1000": Param("number", "每千字至少多少个数据", required=True),
    "pattern": Param("regex", "数据的正则（数字加单位）", default=DEFAULT_UNITS),
}


def evaluate(params: dict, ctx) -> Outcome:
    scope = ctx.scope(params["scope"])
    text = scope.text
    if len(text) < 200:
        return Outcome(Status.SKIP, "内容过短，不计算数据密度", scope.location(0))
    figures = list(compile_pattern(params["pattern"]).finditer(text))
    per_1000 = 1000 * len(figures) / len(text)
    detail = f"{len(text)}字中{len(figures)}个数据，每千字{per_1000:.1f}个，要求{params['min_per_1000']}个"
    evidence = tuple(m.group(0) for m in figures[:5])
    if per_1000 >= params["min_per_1000"]:
        return Outcome(Status.PASS, detail, scope.location(0), evidence, (ctx.scope_mark(params["scope"]),))
    status = Status.PARTIAL if per_1000 >= params["min_per_1000"] / 2 else Status.FAIL
    return Outcome(status, detail, scope.location(0), evidence, (ctx.scope_mark(params["scope"]),))
