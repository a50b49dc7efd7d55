"""`current_plan` — a plan cited as being carried out in a year its period does not cover.

The plans and their periods are facts (rules/data/facts.yaml, `plans`): 六五、七五、八五普法, the
two 法治政府建设实施纲要. A mention counts when an `ongoing` verb stands just before it in the
same clause ("深入开展七五普法", "根据《法治政府建设实施纲要（2015—2020年）》") or just after it
("七五普法深入推进"), and the report year is at or after the plan's `outdated_from_year` (by
default the year after its period ends). A mention in retrospect is fine: a sentence with a
`retrospective` word ("七五普法顺利收官", "总结七五普法") or naming an earlier year is not counted.
A plan whose period has not begun is not judged (a 2020 report may announce 八五普法).
"""

from __future__ import annotations

import re

from fzcheck import facts as fact_data
from fzcheck.kinds import Param
from fzcheck.kinds._citing import (
    CLAUSE_END,
    Bounds,
    Finding,
    outcome,
    quote,
    years_before,
)
from fzcheck.model import Outcome, Status

PARAMS = {
    "scope": Param("str", "范围：document 或章节角色", default="document"),
    "plans": Param("str_list", "检查事实文件中的哪些规划（key）；空表示全部", default=[]),
    "ongoing": Param("regex", "表示正在实施的动词（正则）", default="开展|落实|推进|实施|深化|贯彻|按照|根据|依据|对照|围绕|执行|推动|抓好|做好|启动|全面|深入"),
    "after_chars": Param("int", "名称之后多少字内出现 ongoing 动词也算", default=6),
    "before_chars": Param("int", "名称之前多少字内出现 ongoing 动词才算", default=12),
    "retrospective": Param("regex", "句中出现这些词表示回顾（正则）", default="收官|总结|圆满完成|完成|验收|回顾|期间|表彰|先进|期末|终期|评估|过渡|衔接|转入|接续|落实情况|实施情况|执行情况"),
}

OPENING_QUOTES = "“\"「‘"


def validate(params: dict) -> str | None:
    return fact_data.check_keys("plans", params["plans"])


def facts_used(params: dict) -> tuple:
    return fact_data.load().select("plans", params["plans"])


def _ongoing(text: str, start: int, end: int, starts: Bounds, params: dict, verbs: re.Pattern[str]) -> bool:
    left, right = starts.sentence(text, start, end, CLAUSE_END)
    before = text[max(left, start - params["before_chars"]) : start]
    after = text[end : min(right, end + params["after_chars"])]
    return bool(verbs.search(before) or verbs.search(after))


def evaluate(params: dict, ctx) -> Outcome:
    scope = ctx.scope(params["scope"])
    year = ctx.year
    if year is None:
        return Outcome(Status.SKIP, "未识别出报告年度", scope.location(0))
    plans = [plan for plan in fact_data.load().select("plans", params["plans"]) if year >= plan.outdated_from]
    text = scope.text
    if not plans:
        return Outcome(Status.PASS, "未发现把已到期的规划当作当年依据", scope.location(0))
    verbs = re.compile(params["ongoing"])
    retrospective = re.compile(params["retrospective"])
    starts = Bounds(scope)
    findings: list[Finding] = []
    for plan in plans:
        for pattern in plan.mentions:
            for match in re.finditer(pattern, text):
                start, end = match.span()
                if start and text[start - 1] in OPENING_QUOTES:  # “七五”普法: the mark covers the quote
                    start -= 1
                if not _ongoing(text, start, end, starts, params, verbs):
                    continue
                left, right = starts.sentence(text, start, end)
                whole = text[left:start] + text[end:right]
                if retrospective.search(whole) or years_before(whole, plan.period[1] + 1):
                    continue
                note = f"{plan.name}的期限为{plan.period[0]}—{plan.period[1]}年，报告年度为{year}年"
                findings.append(Finding(start, end, quote(text, start, end, note), plan))
    return outcome(findings, scope, "未发现把已到期的规划当作当年依据")
