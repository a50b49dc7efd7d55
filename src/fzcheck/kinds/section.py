"""`section` — a required outline item.

Passes when a heading matching the role's patterns is found at the top level (any wording
listed in the rule set, in any order) or as a subsection. An item with no umbrella heading
but written as several top-level topic sections (the role's `topics` in the rule set, e.g.
sections mirroring the 纲要) also passes. When `allow_run_in` is set and the item is only
mentioned inside another section (e.g. "二是……主要负责人……第一责任人"), the result is
partial. A missing item is anchored where it was expected: before the next outline item.
"""

from __future__ import annotations

from fzcheck.kinds import Param
from fzcheck.model import Outcome, Status

PARAMS = {
    "role": Param("str", "章节角色（sections 中定义的键）", required=True),
    "optional": Param("bool", "可选项：缺失时不扣分（状态为 skip）", default=False),
    "allow_run_in": Param("bool", "只在其他章节中以一句话提及时记为部分通过", default=False),
}


def evaluate(params: dict, ctx) -> Outcome:
    found = ctx.found(params["role"])
    if found.how in ("heading", "subsection"):
        section = found.sections[0]
        where = "一级标题" if found.how == "heading" else "子标题"
        return Outcome(
            Status.PASS,
            f"见{where}「{section.label}{section.title}」",
            section.location(),
            (section.label + section.title,),
            (section.mark(),),
        )
    if found.how == "topics":
        names = tuple(f"{s.label}{s.title}" for s in found.sections)
        marks = tuple(s.mark() for s in found.sections)
        return Outcome(Status.PASS, f"未设总标题，以{len(names)}个专题章节呈现", found.sections[0].location(), names, marks)
    if found.how == "run-in" and params["allow_run_in"]:
        return Outcome(Status.PARTIAL, "仅在其他章节中一笔带过，未单独成节", found.run_in[0], (found.run_in_text,), found.run_in_marks)
    if params["optional"]:
        return Outcome(Status.SKIP, "未单列（可选项，缺失属正常）", marks=(ctx.anchor(params["role"]),))
    return Outcome(Status.FAIL, "全文未找到该部分", marks=(ctx.anchor(params["role"]),))
