"""`verbatim` — text pasted from a reference (e.g. the 第一责任人职责规定) instead of facts.

The share of the scope covered by runs of at least `min_run` characters that also occur in the
reference text (a file under rules/data) is measured with character shingles, and the facts
that show real work (`facts` patterns: counts, 述法, 会前学法, 职责清单…) are counted outside
the copied runs (a pasted "出庭应诉" is regulation text, not a fact).
Copied above `max_share` with fewer than `min_facts` facts fails; one of the two is partial.
"""

from __future__ import annotations

import re
from functools import lru_cache

from fzcheck.kinds import Param
from fzcheck.matching import compile_pattern
from fzcheck.model import Outcome, Status
from fzcheck.resources import rules_dir
from fzcheck.textfold import fold_plain

COPIED_RUN = re.compile(rb"\x01+")

PARAMS = {
    "scope": Param("str", "范围：章节角色", required=True),
    "reference": Param("str", "参照文本文件（rules/data 下的文件名）", required=True),
    "min_run": Param("int", "连续相同多少个字算照抄", default=12),
    "max_share": Param("number", "照抄比例上限（0–1）", default=0.3),
    "facts": Param("regex_list", "体现实际工作的事实表述（正则）", default=[]),
    "min_facts": Param("int", "至少多少处事实", default=2),
}


def validate(params: dict) -> str | None:
    if not (rules_dir() / "data" / params["reference"]).is_file():
        return f"参数 reference 指向的文件 rules/data/{params['reference']} 不存在"
    if params["min_run"] < 4:
        return "参数 min_run 至少为 4"
    return None


@lru_cache(maxsize=8)
def _shingles(reference: str, size: int) -> frozenset[str]:
    text = fold_plain((rules_dir() / "data" / reference).read_text(encoding="utf-8"))
    return frozenset(text[i : i + size] for i in range(len(text) - size + 1))


def copied_mask(text: str, reference: str, size: int) -> bytearray:
    """1 for every character of `text` inside a run of `size` or more shared with the reference."""
    shingles = _shingles(reference, size)
    covered = bytearray(len(text))
    for i in range(len(text) - size + 1):
        if text[i : i + size] in shingles:
            covered[i : i + size] = b"\x01" * size
    return covered


def evaluate(params: dict, ctx) -> Outcome:
    scope = ctx.scope(params["scope"])
    text = scope.text
    if not text:
        return Outcome(Status.SKIP, "未找到该章节", scope.location(0))
    mask = copied_mask(text, params["reference"], params["min_run"])
    share = sum(mask) / len(text)
    facts = [
        m.group(0)
        for p in params["facts"]
        for m in compile_pattern(p).finditer(text)
        if sum(mask[m.start() : m.end()]) < m.end() - m.start()
    ]
    copied = share > params["max_share"]
    factual = len(facts) >= params["min_facts"]
    detail = f"与规定原文相同的内容占{share:.0%}，具体事实{len(facts)}处"
    evidence = tuple(facts[:5])
    if factual and not copied:
        return Outcome(Status.PASS, detail, scope.location(0), evidence, (ctx.scope_mark(params["scope"]),))
    status = Status.PARTIAL if factual or not copied else Status.FAIL
    marks = tuple(scope.mark(a, b) for a, b in _runs(mask)) or (ctx.scope_mark(params["scope"]),)
    return Outcome(status, detail, scope.location(0), evidence, marks)


def _runs(mask: bytearray) -> list[tuple[int, int]]:
    """The copied runs as (start, end) offsets."""
    return [found.span() for found in COPIED_RUN.finditer(mask)]
