"""`coverage` — the share of reference areas (e.g. the 纲要's 体系) that a scope touches.

`sets` lists keyword sets with the report years they apply to (the 2015–2020 纲要 up to 2021,
the 2021–2025 纲要 from 2021; for 2021 both apply and the better one counts). An area is
covered when any of its keywords occurs. At or above `min_share` passes, at least half of it
is partial.
"""

from __future__ import annotations

from fzcheck.kinds import Param
from fzcheck.model import Outcome, Status
from fzcheck.textfold import fold_plain

PARAMS = {
    "scope": Param("str", "范围：document 或章节角色", default="document"),
    "sets": Param("list", "关键词集合：[{name, from_year, to_year, areas: {领域: [关键词]}}]", required=True),
    "min_share": Param("number", "至少覆盖的领域比例（0–1）", required=True),
}


def validate(params: dict) -> str | None:
    if not params["sets"]:
        return "参数 sets 不能为空"
    for entry in params["sets"]:
        if not isinstance(entry, dict) or set(entry) - {"name", "from_year", "to_year", "areas"} or "areas" not in entry:
            return "参数 sets 的每一项应为 {name, from_year, to_year, areas}"
        areas = entry["areas"]
        if not isinstance(areas, dict) or not areas or not all(
            isinstance(v, list) and v and all(isinstance(k, str) for k in v) for v in areas.values()
        ):
            return "参数 sets 的 areas 应为 领域: [关键词] 的映射"
    if not 0 < params["min_share"] <= 1:
        return "参数 min_share 应在 0 到 1 之间"
    return None


def _applies(entry: dict, year: int | None) -> bool:
    if year is None:
        return True
    return entry.get("from_year", 0) <= year <= entry.get("to_year", 9999)


def evaluate(params: dict, ctx) -> Outcome:
    scope = ctx.scope(params["scope"])
    if not scope.text:
        return Outcome(Status.SKIP, "检查范围为空", scope.location(0))
    best = None
    for entry in params["sets"]:
        if not _applies(entry, ctx.year):
            continue
        covered = [area for area, words in entry["areas"].items() if any(fold_plain(w) in scope.text for w in words)]
        share = len(covered) / len(entry["areas"])
        if best is None or share > best[0]:
            best = (share, entry, covered)
    if best is None:
        return Outcome(Status.SKIP, "没有适用于该年度的关键词集合", scope.location(0))
    share, entry, covered = best
    missing = [area for area in entry["areas"] if area not in covered]
    detail = f"对照{entry.get('name', '')}，覆盖{len(covered)}/{len(entry['areas'])}个领域"
    evidence = tuple("未涉及：" + area for area in missing)
    marks = (ctx.scope_mark(params["scope"]),)
    if share >= params["min_share"]:
        return Outcome(Status.PASS, detail, scope.location(0), evidence, marks)
    status = Status.PARTIAL if share >= params["min_share"] / 2 else Status.FAIL
    return Outcome(status, detail, scope.location(0), evidence, marks)
