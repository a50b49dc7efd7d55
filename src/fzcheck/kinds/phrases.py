"""`phrases` — key phrases that should appear in a scope.

`phrases` is a list whose entries are a phrase or a synonym set (a list: any member counts).
`require` is `any` (one entry), `all` (every entry) or a number n (at least n entries).
`match` is `substring` (fast, on folded text), `word` (only whole jieba words: "法治" does not
match inside "法治化" when jieba splits it so), or `regex`. Fewer entries than required but
at least one gives partial.
"""

from __future__ import annotations

from fzcheck.kinds import Param
from fzcheck.matching import first_hit
from fzcheck.model import Outcome, Status

PARAMS = {
    "scope": Param("str", "范围：document、title、header、ending 或章节角色", default="document"),
    "phrases": Param("phrase_list", "短语或同义词组（列表）", required=True),
    "require": Param("str", "any / all / 数字 n（至少 n 个）", default="any"),
    "match": Param("str", "匹配方式", default="substring", choices=("substring", "word", "regex")),
}


def validate(params: dict) -> str | None:
    require = params["require"]
    if require not in ("any", "all") and not (require.isdigit() and int(require) >= 1):
        return "参数 require 应为 any、all 或正整数"
    if require.isdigit() and int(require) > len(params["phrases"]):
        return "参数 require 大于短语个数"
    return None


def needed(params: dict) -> int:
    require = params["require"]
    return {"any": 1, "all": len(params["phrases"])}.get(require) or int(require)


def evaluate(params: dict, ctx) -> Outcome:
    scope = ctx.scope(params["scope"])
    if not scope.text:
        return Outcome(Status.SKIP, "检查范围为空", scope.location())
    hits = []
    missing = []
    for entry in params["phrases"]:
        hit = first_hit(scope, entry, params["match"], ctx)
        (hits if hit else missing).append(hit or entry)
    want = needed(params)
    detail = f"找到{len(hits)}个，要求至少{want}个"
    if len(hits) >= want:
        first = min(hits, key=lambda h: h.start)
        marks = tuple(scope.mark(h.start, h.end) for h in sorted(hits, key=lambda h: h.start))
        return Outcome(Status.PASS, detail, scope.location(first.start), tuple(h.text for h in hits), marks)
    status = Status.PARTIAL if hits else Status.FAIL
    evidence = tuple("缺少：" + (entry if isinstance(entry, str) else "/".join(entry)) for entry in missing)
    return Outcome(status, detail, scope.location(0), evidence, (ctx.scope_mark(params["scope"]),))
