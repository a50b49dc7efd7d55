"""`plan_year` — the plan names the year after the report year (N+1).

Looks for a year in the plan's heading, then in the first `lead_chars` characters of its body
("2025年，我镇将……"). No year at all fails ("下一步工作计划" names none); year N or earlier
fails too, and says so: a plan for the report year itself is a sign of a reused template.
Skipped when the report year is unknown or there is no plan section (another rule reports that).
"""

from __future__ import annotations

import re

from fzcheck.kinds import Param
from fzcheck.model import Outcome, Status

PARAMS = {
    "role": Param("str", "计划章节的角色", required=True),
    "offset": Param("int", "计划年份 = 报告年份 + offset", default=1),
    "lead_chars": Param("int", "标题之外，正文开头检查多少个字", default=60),
}
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")


def evaluate(params: dict, ctx) -> Outcome:
    found = ctx.found(params["role"])
    year = ctx.year
    if not found.sections:
        return Outcome(Status.SKIP, "未找到计划章节", marks=(ctx.anchor(params["role"]),))
    if year is None:
        return Outcome(Status.SKIP, "未识别出报告年度", found.sections[0].location())
    section = found.sections[0]
    expected = year + params["offset"]
    heading_years = [int(y) for y in YEAR.findall(section.title)]
    body_years = [int(y) for y in YEAR.findall(section.full_text[: params["lead_chars"]])]
    named = heading_years or body_years
    where = "标题" if heading_years else "正文开头"
    marks = (section.mark(),)
    if expected in named:
        return Outcome(Status.PASS, f"{where}写明{expected}年", section.location(), (section.title,), marks)
    if not named:
        return Outcome(Status.FAIL, f"计划未写明年份，应为{expected}年", section.location(), (section.title,), marks)
    return Outcome(
        Status.FAIL,
        f"计划{where}写的是{named[0]}年，应为{expected}年（疑似沿用往年模板）",
        section.location(),
        (section.title,),
        marks,
    )
