"""`ratio` — the length of one section relative to another.

E.g. shortcomings far shorter than achievements (报喜不报忧): below `min_ratio` is partial,
below half of it fails. Skipped when either section is missing.
"""

from __future__ import annotations

from fzcheck.kinds import Param
from fzcheck.model import Outcome, Status

PARAMS = {
    "numerator": Param("str", "分子章节角色", required=True),
    "denominator": Param("str", "分母章节角色", required=True),
    "min_ratio": Param("number", "最低比例", required=True),
}


def evaluate(params: dict, ctx) -> Outcome:
    top = ctx.scope(params["numerator"])
    bottom = ctx.scope(params["denominator"])
    if not top.text or not bottom.text:
        return Outcome(Status.SKIP, "缺少比较所需的章节", top.location(0))
    ratio = len(top.text) / len(bottom.text)
    detail = f"{len(top.text)}字 ÷ {len(bottom.text)}字 = {ratio:.2f}，要求不低于{params['min_ratio']}"
    marks = (ctx.scope_mark(params["numerator"]),)
    if ratio >= params["min_ratio"]:
        return Outcome(Status.PASS, detail, top.location(0), marks=marks)
    status = Status.PARTIAL if ratio >= params["min_ratio"] / 2 else Status.FAIL
    return Outcome(status, detail, top.location(0), marks=marks)
