"""`renamed_body` — a body or paper named as current after it was abolished or renamed.

The bodies, their changes and dates are facts (rules/data/facts.yaml, `bodies`): 国务院法制办 and
local 政府法制办 (merged into 司法 departments in 2018–2019), 依法治县（市、区）领导小组 (now a
全面依法治县委员会), 《法制日报》 (《法治日报》 since 2020-08-01). A mention in a report on a year
at or after the entry's `wrong_from_year` is a finding, unless its sentence tells the change or
the past: "原" just before the name ("原县法制办"), a `retrospective` word ("更名为", "并入") or a year before the change.
Each finding says what the body is now, with the fact's source.
"""

from __future__ import annotations

import re

from fzcheck import facts as fact_data
from fzcheck.kinds import Param
from fzcheck.kinds._citing import Bounds, Finding, outcome, quote, years_before
from fzcheck.model import Outcome, Status

PARAMS = {
    "scope": Param("str", "范围：document 或章节角色", default="document"),
    "bodies": Param("str_list", "检查事实文件中的哪些机构或报刊（key）；空表示全部", default=[]),
    "retrospective": Param("regex", "句中出现这些词表示讲述沿革（正则）", default="前身|更名|改名|改为|改设|组建|撤销|不再保留|整合|划入|并入|合并|改革"),
}


def validate(params: dict) -> str | None:
    return fact_data.check_keys("bodies", params["bodies"])


def facts_used(params: dict) -> tuple:
    return fact_data.load().select("bodies", params["bodies"])


def evaluate(params: dict, ctx) -> Outcome:
    scope = ctx.scope(params["scope"])
    year = ctx.year
    if year is None:
        return Outcome(Status.SKIP, "未识别出报告年度", scope.location(0))
    bodies = [body for body in fact_data.load().select("bodies", params["bodies"]) if year >= body.wrong_from_year]
    text = scope.text
    if not bodies:
        return Outcome(Status.PASS, "未发现已撤销或更名的机构、报刊", scope.location(0))
    retrospective = re.compile(params["retrospective"])
    starts = Bounds(scope)
    findings: list[Finding] = []
    for body in bodies:
        for pattern in body.mentions:
            for match in re.finditer(pattern, text):
                start, end = match.span()
                if body.preceded_by:
                    before = re.search(body.preceded_by, text[max(0, start - 4) : start])
                    if before is None:
                        continue
                    start -= len(before.group(0))
                left, right = starts.sentence(text, start, end)
                whole = text[left:start] + text[end:right]
                if "原" in text[max(left, start - 2) : start] or retrospective.search(whole) or years_before(whole, int(body.date[:4])):
                    continue
                findings.append(Finding(start, end, quote(text, start, end, f"{body.date}，{body.change}；现为{body.now}"), body))
    return outcome(findings, scope, "未发现已撤销或更名的机构、报刊")
