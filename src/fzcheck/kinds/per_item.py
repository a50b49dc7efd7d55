"""`per_item` — apply a phrase check to each enumerated point of a section, with partial credit.

The section's points are found by enumeration.items (subsections, 一是/二是, inline （一）（二）,
a list of problems separated by "；" after "主要表现在：", or paragraphs). Each point passes
when one of `patterns` occurs in its own text — never in the section heading. All points pass
= pass; some = partial; none = fail. A separate block whose heading matches `summary_heading`
(e.g. "（四）原因分析") counts for as many points as it lists.
"""

from __future__ import annotations

from fzcheck.enumeration import items
from fzcheck.kinds import Param
from fzcheck.matching import compile_pattern
from fzcheck.model import Outcome, Status

PARAMS = {
    "role": Param("str", "章节角色", required=True),
    "patterns": Param("regex_list", "每一项中应出现的表述（正则）", required=True),
    "summary_heading": Param("regex", "单列的汇总小节标题（正则），如 原因", default="原因"),
    "detail": Param("str", "结果说明模板，可用 {total} {covered}", default="{total}项中{covered}项符合"),
}


def evaluate(params: dict, ctx) -> Outcome:
    found = ctx.found(params["role"])
    if not found.sections:
        return Outcome(Status.SKIP, "未找到对应章节，无法逐项检查", marks=(ctx.anchor(params["role"]),))
    section = found.sections[0]
    summary = [c for c in section.children if compile_pattern(params["summary_heading"]).search(c.title)]
    points = items(section) if not summary else [i for c in section.children if c not in summary for i in items(c)]
    if not points:
        return Outcome(Status.FAIL, "该部分没有内容", section.location(), marks=(section.mark(),))
    patterns = [compile_pattern(p) for p in params["patterns"]]
    if summary:
        listed = sum(max(1, len(items(block))) for block in summary)
        covered = min(len(points), listed)
        missing = points[covered:]
    else:
        missing = [p for p in points if not any(pattern.search(p.text) for pattern in patterns)]
        covered = len(points) - len(missing)
    detail = params["detail"].format(total=len(points), covered=covered)
    if not missing:
        return Outcome(Status.PASS, detail, section.location(), (), (section.mark(),))
    evidence = tuple(p.text[:60] for p in missing)
    status = Status.PARTIAL if covered else Status.FAIL
    marks = tuple(p.mark for p in missing if p.mark is not None)
    return Outcome(status, detail, missing[0].location, evidence, marks)
