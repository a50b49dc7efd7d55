"""`contradiction` — a claim in one part of the report that another part contradicts.

E.g. item 1 claims "全年未发生不规范执法" while item 2 admits "执法行为还不够规范". Fails when a
`claims` pattern matches in `claim_scope` and an `admissions` pattern matches in
`admission_scope`; the evidence quotes both.
"""

from __future__ import annotations

from fzcheck.kinds import Param
from fzcheck.matching import find_regex
from fzcheck.model import Outcome, Status

PARAMS = {
    "claim_scope": Param("str", "声称的范围：document 或章节角色", default="document"),
    "claims": Param("regex_list", "绝对化的声称（正则）", required=True),
    "admission_scope": Param("str", "承认问题的范围：document 或章节角色", required=True),
    "admissions": Param("regex_list", "与声称相矛盾的承认（正则）", required=True),
}


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in "。；：") + 1
    right = min((i for i in (text.find(mark, end) for mark in "。；") if i >= 0), default=len(text))
    return text[left : right + 1]


def evaluate(params: dict, ctx) -> Outcome:
    claim_scope = ctx.scope(params["claim_scope"])
    admission_scope = ctx.scope(params["admission_scope"])
    if not claim_scope.text or not admission_scope.text:
        return Outcome(Status.SKIP, "缺少比较所需的章节", claim_scope.location(0))
    claims = find_regex(claim_scope.text, params["claims"])
    admissions = find_regex(admission_scope.text, params["admissions"])
    if not claims or not admissions:
        return Outcome(Status.PASS, "未发现前后矛盾的表述", claim_scope.location(0))
    claim, admission = claims[0], admissions[0]
    evidence = (
        "声称：" + _sentence(claim_scope.text, claim.start, claim.end),
        "承认：" + _sentence(admission_scope.text, admission.start, admission.end),
    )
    marks = (claim_scope.mark(claim.start, claim.end), admission_scope.mark(admission.start, admission.end))
    return Outcome(Status.FAIL, "前文的声称与后文承认的问题相矛盾", claim_scope.location(claim.start), evidence, marks)
