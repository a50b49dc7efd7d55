"""`copied` — a report that repeats another report: a neighbour's in the same batch (`relation: peer`)
or the same body's report of an earlier year (`relation: previous`, from `--previous`).

This is a corpus rule: one report alone cannot show it, so checking a single report gives "不适用"
and the batch's corpus pass (fzcheck.copies) decides it. The share is measured on the report's
substantive text — what is left after the common wording is discounted: the reference texts in
rules/data (the 规定's five items, the 第一责任人规定, the 纲要's titles, standard formulas and
headings) and the wording at least `common_reports` reports of the batch (or `common_share` of
them) contain. A report fails when at least `min_share` of it, and `min_chars` characters, are
passages of `min_run` or more characters that the other report also contains; the result names
the other report, its issuer, and every shared passage with its place in both reports.
Only a finding weighs in the score: a clean comparison passes with weight 0, so a report scores
the same checked alone or in a batch.

The rule's examples are pairs: the report checked, a line `=====`, then the other report
(the neighbour, or last year's report of the same body).
"""

from __future__ import annotations

from fzcheck.kinds import Param
from fzcheck.model import Outcome, Status

CORPUS = True  # decided over the whole batch (fzcheck.copies.corpus_pass), not per document
EXAMPLE_SEPARATOR = "====="

PARAMS = {
    "relation": Param("str", "与谁比对：peer（同批其他报告）或 previous（同一单位往年报告）", required=True, choices=("peer", "previous")),
    "min_share": Param("number", "雷同内容占本报告实质内容的比例下限（0–1）", default=0.3),
    "min_chars": Param("int", "雷同内容至少多少字", default=150),
    "min_run": Param("int", "连续相同至少多少字才算一段雷同", default=20),
    "common_reports": Param("int", "至少多少份报告共有的文字算公共表述（不计为雷同）", default=4),
    "common_share": Param("number", "或至少占本批报告多大比例（0–1）共有的文字算公共表述", default=0.1),
}


def validate(params: dict) -> str | None:
    if not 0 < params["min_share"] <= 1 or not 0 < params["common_share"] <= 1:
        return "参数 min_share、common_share 应在 0 与 1 之间"
    if params["min_run"] < 10:
        return "参数 min_run 至少为 10（一个比对片段的长度）"
    if params["common_reports"] < 3:
        return "参数 common_reports 至少为 3：两份报告共有的文字正是要找的雷同"
    return None


def evaluate(params: dict, ctx) -> Outcome:
    return Outcome(Status.SKIP, "单份报告无法比对：批量检查多份报告或给出 --previous 时检查")
