"""`competence` — the report claims a power its body does not have (in the report's year).

Two checks. `patterns`: claims no body writing these reports can make, in any year ("制定规章",
"审理行政诉讼"). `powers`: powers that changed on a date, from the facts file
(rules/data/facts.yaml, `powers`) — since 2024-01-01 only governments at county level and
above decide 行政复议 cases, so a township, or a county department other than the vertical
systems the law names (and the 司法 department that serves as the government's 复议机构),
reporting that it 受理/审理/办理 行政复议案件 in a report on 2024 or later claims a power it no
longer has. A sentence that shows the body was the respondent or that another body decided
(答复, 应诉, 被申请, 配合…) is not counted. The level comes from the report's title and bodies;
a report whose level is unknown is not judged on `powers`. Each finding names the fact and its source.
"""

from __future__ import annotations

import re

from fzcheck import facts as fact_data
from fzcheck.kinds import Param
from fzcheck.kinds._citing import Bounds, Finding, outcome, quote
from fzcheck.matching import find_regex
from fzcheck.model import Outcome

PARAMS = {
    "scope": Param("str", "范围：document 或章节角色", default="document"),
    "patterns": Param("regex_list", "任何年份、任何层级都越权的表述（正则）", default=[]),
    "powers": Param("str_list", "检查事实文件中的哪些职权变化（key）", default=[]),
}


def validate(params: dict) -> str | None:
    if not params["patterns"] and not params["powers"]:
        return "参数 patterns 与 powers 至少要有一个"
    return fact_data.check_keys("powers", params["powers"])


def facts_used(params: dict) -> tuple:
    return fact_data.load().select("powers", params["powers"]) if params["powers"] else ()


class _Static:
    """The fact behind a `patterns` hit is the rule's own basis; it has no entry in the facts file."""

    @staticmethod
    def describe() -> str:
        return "乡镇、县级政府及其部门不能制定规章、不能审理行政诉讼"

    source = "《中华人民共和国立法法》第九十三条；《中华人民共和国行政诉讼法》第三条、第四条"


def _subject_names(ctx) -> str:
    meta = ctx.doc.metadata
    return "|".join((meta.title, *meta.bodies, *meta.signature))


def _holds_power(power, ctx) -> bool:
    """Whether the reporting body may still exercise the power (True when unsure)."""
    if ctx.year is None or ctx.year < power.from_year or ctx.level not in power.levels:
        return True
    names = _subject_names(ctx)
    if any(word in names for word in power.exempt):
        return True
    if ctx.level == "department" and power.department_places:
        subject = re.split(r"(?:19|20)\d{2}年", ctx.doc.metadata.title)[0] or names
        return not any(place in subject for place in power.department_places)
    return False


def evaluate(params: dict, ctx) -> Outcome:
    scope = ctx.scope(params["scope"])
    text = scope.text
    findings = [Finding(h.start, h.end, quote(text, h.start, h.end), _Static) for h in find_regex(text, params["patterns"])]
    powers = fact_data.load().select("powers", params["powers"]) if params["powers"] else ()
    starts = Bounds(scope)
    for power in powers:
        if _holds_power(power, ctx):
            continue
        for hit in find_regex(text, list(power.acts)):
            left, right = starts.sentence(text, hit.start, hit.end)
            if any(word in text[left:right] for word in power.respondent):
                continue
            law = fact_data.load().get("documents", power.law)
            note = f"自{power.date or power.from_year}起{power.what}的是{power.holders}（《{law.title}》）"
            findings.append(Finding(hit.start, hit.end, quote(text, hit.start, hit.end, note), power))
    return outcome(findings, scope, "未发现")
