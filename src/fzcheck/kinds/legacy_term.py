"""`legacy_term` — an old word where the current one is meant (法制 for 法治), minus the words kept.

The term, its current form and the words that keep the old form are facts (rules/data/facts.yaml,
`terms`): the law's own 法制审核 (法制审核制度), 述法 (述法制度), 六五普法's 法制宣传教育, and
《法制日报》 in a report on a year up to its `until_year`. A kept word counts when its pattern
matches text that covers the hit. `exceptions` are the rule's own, for readings that are not the
term at all ("学法用法制度", "依法制定") and for names of offices ("法制科"); each is tried on a few
characters around the hit. Every other occurrence is a finding.
"""

from __future__ import annotations

import re

from fzcheck import facts as fact_data
from fzcheck.kinds import Param
from fzcheck.kinds._citing import Finding, outcome, quote
from fzcheck.model import Outcome, Status

PARAMS = {
    "scope": Param("str", "范围：document 或章节角色", default="document"),
    "term": Param("str", "事实文件 terms 中的哪一个（key）", required=True),
    "exceptions": Param("regex_list", "命中处附近匹配这些正则时不计（正则，非术语的读法与机构名）", default=[]),
    "context": Param("int", "exceptions 在命中处前后各看多少字", default=8),
}
KEEP_WINDOW = 40


def validate(params: dict) -> str | None:
    return fact_data.check_keys("terms", [params["term"]])


def facts_used(params: dict) -> tuple:
    term = fact_data.load().get("terms", params["term"])
    return (term, *term.keep)


def _kept(text: str, start: int, end: int, keep: tuple, year: int | None) -> bool:
    left = max(0, start - KEEP_WINDOW)
    window = text[left : end + KEEP_WINDOW]
    for entry in keep:
        if entry.until_year is not None and year is not None and year > entry.until_year:
            continue
        for found in re.finditer(entry.pattern, window):
            if found.start() + left <= start and found.end() + left >= end:
                return True
    return False


def evaluate(params: dict, ctx) -> Outcome:
    scope = ctx.scope(params["scope"])
    text = scope.text
    term = fact_data.load().get("terms", params["term"])
    if term.word not in text:
        return Outcome(Status.PASS, "未发现", scope.location(0))
    exceptions = [re.compile(p) for p in params["exceptions"]]
    reach = params["context"]
    findings: list[Finding] = []
    start = text.find(term.word)
    while start >= 0:
        end = start + len(term.word)
        window = text[max(0, start - reach) : end + reach]
        if not any(p.search(window) for p in exceptions) and not _kept(text, start, end, term.keep, ctx.year):
            findings.append(Finding(start, end, quote(text, start, end), term))
        start = text.find(term.word, end)
    return outcome(findings, scope, "未发现")
