"""`heading_year` — headings that kept a template's words instead of the report's own year.

A finding for each heading that keeps the 规定's own words 上一年度 / 上年度, that names a year
other than the report year N (N+1 is allowed in the plan role's sections), or that speaks of
上半年 in an annual report. Years inside 《》 and year ranges ("2021—2025年") are citations and
are ignored. Skipped when the report year is not known.
"""

from __future__ import annotations

import re

from fzcheck.kinds import Param
from fzcheck.model import Outcome, Status

PARAMS = {
    "plan_role": Param("str", "下一年度安排的章节角色（其中允许出现 N+1 年）", default="plan"),
    "words": Param("regex_list", "不应留在标题中的模板用语（正则）", default=["上一?年度", "上半年"]),
}
CITATION = re.compile(r"《[^》]{0,80}》|（[^）]{0,20}(?:19|20)\d{2}[^）]{0,20}）")
RANGE = re.compile(r"(?:19|20)\d{2}年?[—\-–~至到－]+(?:19|20)\d{2}年?")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})年")


def _in(section, chosen: set[int]) -> bool:
    node = section
    while node is not None:
        if id(node) in chosen:
            return True
        node = node.parent
    return False


def evaluate(params: dict, ctx) -> Outcome:
    year = ctx.year
    if year is None:
        return Outcome(Status.SKIP, "报告年度未识别，无法核对标题中的年份")
    plan = {id(s) for s in ctx.found(params["plan_role"]).sections}
    words = [re.compile(p) for p in params["words"]]
    findings = []
    for section in ctx.doc.sections():
        title = section.title
        bare = RANGE.sub("", CITATION.sub("", title))
        allowed = {year, year + 1} if _in(section, plan) else {year}
        wrong = [int(y) for y in YEAR.findall(bare) if int(y) not in allowed]
        if wrong or any(w.search(bare) for w in words):
            findings.append(section)
    if not findings:
        return Outcome(Status.PASS, "标题中的年份与报告年度一致")
    names = tuple(f"{s.label}{s.title}" for s in findings)
    return Outcome(Status.FAIL, f"{len(names)}个标题年份不符或保留模板用语（报告年度{year}年）", findings[0].location(), names)
