"""`cited_title` — a known document cited under a wrong title, or a plan that never existed.

Each 《…》 whose text starts with a document's `family` in the facts file (rules/data/facts.yaml,
`documents`) must be that document's exact title, or another document's of the same family:
separators in year ranges (—, －, -, ～) and full- or half-width brackets may differ, nothing else.
So a missing or wrong year range (《法治政府建设实施纲要》, "（20212025年）", a 纲要 "（2022—2025年）"
that was never issued), truncated or doubled words and an extra 的 are each a finding. A title
with a place before the family words (《广东省法治政府建设实施纲要（2016—2020年）》) is a local
document and is not checked; neither is a title ending in `derivative` words (a local 清单,
方案 or 实施办法 named after the national document). The issuer written just before the title
("中共中央、国务院印发《法治中国建设规划…》") must be the document's issuer. Each finding gives
the correct title and the fact's source.
"""

from __future__ import annotations

import re
from functools import lru_cache

from fzcheck import facts as fact_data
from fzcheck.kinds import Param
from fzcheck.kinds._citing import Finding, outcome, quote
from fzcheck.model import Outcome, Status

ISSUER = "(?:中共中央办公厅|国务院办公厅|中共中央|党中央|国务院|中办|国办)"
ISSUERS = f"({ISSUER}(?:[、和与及]?{ISSUER})*)(?:联合)?(?:印发|发布|出台)(?:了|的)?$"
PARAMS = {
    "scope": Param("str", "范围：document 或章节角色", default="document"),
    "documents": Param("str_list", "检查事实文件中的哪些文件（key）；空表示全部有 family 的文件", default=[]),
    "derivative": Param("regex", "以这些词结尾的书名号内容是据此制定的本地文件，不检查（正则）", default="(?:清单|方案|计划|意见|细则|办法|制度|通知|要点|指引|台账|手册|汇编|解读)$"),
    "issuers": Param("regex", "书名号前写出的发文机关（正则，以“印发”“发布”等结尾，第1组为机关）", default=ISSUERS),
}
CITED = re.compile(r"《([^《》]{2,60})》")
YEARS = re.compile(r"\d{4}")
ISSUER_ALIASES = {"中办": "中共中央办公厅", "国办": "国务院办公厅", "党中央": "中共中央"}


def validate(params: dict) -> str | None:
    return fact_data.check_keys("documents", params["documents"])


def facts_used(params: dict) -> tuple:
    return tuple(doc for doc in fact_data.load().select("documents", params["documents"]) if doc.family)


def _issuers(text: str) -> frozenset[str]:
    names = re.findall(ISSUER, text)
    return frozenset(ISSUER_ALIASES.get(name, name) for name in names)


def _title_finding(cited: str, family: list, facts, year: int | None) -> tuple[str, object] | None:
    """The correction for a cited title of a known family, or None when the title is right."""
    folded = facts.fold_separators(cited)
    if any(folded == facts.fold_separators(doc.title) for doc in family):
        return None
    years = YEARS.findall(cited)
    same_years = [doc for doc in family if years and YEARS.findall(doc.title) == years]
    if same_years:
        return f"应为《{same_years[0].title}》", same_years[0]
    if len(family) == 1:
        return f"应为《{family[0].title}》", family[0]
    current = [doc for doc in family if year and doc.published[:4] <= str(year) <= (doc.until[:4] or "9999")]
    titles = "、".join(f"《{doc.title}》" for doc in family)
    if years:
        return f"没有这一期限的文件，现有{titles}", (current or family)[-1]
    return f"应写明期限，如《{(current or family)[-1].title}》", (current or family)[-1]


@lru_cache(maxsize=16)
def _families(facts, keys: tuple[str, ...]) -> dict[str, list]:
    """Documents with a family, grouped by it (a 纲要 and its successor share one)."""
    families: dict[str, list] = {}
    for doc in facts.select("documents", list(keys)):
        if doc.family:
            families.setdefault(doc.family, []).append(doc)
    return families


def evaluate(params: dict, ctx) -> Outcome:
    scope = ctx.scope(params["scope"])
    text = scope.text
    if "《" not in text:
        return Outcome(Status.PASS, "未引用需核对的文件", scope.location(0))
    facts = fact_data.load()
    families = _families(facts, tuple(params["documents"]))
    prefixes = tuple(families)
    derivative = re.compile(params["derivative"])
    issuers = re.compile(params["issuers"])
    findings: list[Finding] = []
    for match in CITED.finditer(text):
        cited = match.group(1)
        if not cited.startswith(prefixes) or derivative.search(cited):
            continue
        family = next((docs for name, docs in families.items() if cited.startswith(name)), None)
        if family is None:
            continue
        wrong = _title_finding(cited, family, facts, ctx.year)
        if wrong:
            note, doc = wrong
            findings.append(Finding(match.start(), match.end(), quote(text, match.start(), match.end(), note), doc))
            continue
        doc = next(d for d in family if facts.fold_separators(cited) == facts.fold_separators(d.title))
        named = issuers.search(text, max(0, match.start() - 20), match.start())
        if named and _issuers(named.group(1)) != _issuers(doc.issuer):
            start = named.start(1)
            note = f"《{doc.title}》由{doc.issuer}印发"
            findings.append(Finding(start, match.end(), quote(text, start, match.end(), note), doc))
    return outcome(findings, scope, "引用的文件名称与发文机关正确")
