"""`date_window` — a date of the report falls inside a window relative to the report year N.

`field` is `issued` (成文日期 at the end) or `published` (a web copy's 发布 date). Bounds are
written as "N+1-03-01" (N is the report year). Before `not_before` or after `not_after` fails.
Skipped when the date or the year is unknown.
"""

from __future__ import annotations

import re

from fzcheck.kinds import Param
from fzcheck.model import Location, Mark, Outcome, Status

PARAMS = {
    "field": Param("str", "日期字段", required=True, choices=("issued", "published")),
    "not_before": Param("str", "最早日期，如 N+1-01-01", default=""),
    "not_after": Param("str", "最晚日期，如 N+1-03-01", default=""),
}
BOUND = re.compile(r"^N([+-]\d+)?-(\d{2})-(\d{2})$")
NAMES = {"issued": "成文日期", "published": "网站发布日期"}


def validate(params: dict) -> str | None:
    for key in ("not_before", "not_after"):
        if params[key] and not BOUND.match(params[key]):
            return f"参数 {key} 应形如 N+1-03-01"
    if not params["not_before"] and not params["not_after"]:
        return "参数 not_before 与 not_after 至少要有一个"
    return None


def _bound(text: str, year: int) -> str:
    offset, month, day = BOUND.match(text).groups()
    return f"{year + int(offset or 0):04d}-{month}-{day}"


def _marks(ctx, field: str) -> tuple[Mark, ...]:
    if field == "issued" and ctx.doc.ending:
        last = ctx.doc.ending[-1]
        return (last.mark(0, len(last.norm), "落款"),)
    return ()


def _location(ctx, field: str) -> Location:
    marks = _marks(ctx, field)
    return marks[0].location() if marks else Location(section="文头" if field == "published" else "落款")


def evaluate(params: dict, ctx) -> Outcome:
    field = params["field"]
    value = getattr(ctx.doc.metadata, field)
    name = NAMES[field]
    if not value or ctx.year is None:
        return Outcome(Status.SKIP, f"未识别出{name}或报告年度", _location(ctx, field))
    earliest = _bound(params["not_before"], ctx.year) if params["not_before"] else ""
    latest = _bound(params["not_after"], ctx.year) if params["not_after"] else ""
    location = _location(ctx, field)
    if earliest and value < earliest:
        return Outcome(Status.FAIL, f"{name}{value}早于{earliest}", location, (value,), _marks(ctx, field))
    if latest and value > latest:
        return Outcome(Status.FAIL, f"{name}{value}晚于{latest}", location, (value,), _marks(ctx, field))
    return Outcome(Status.PASS, f"{name}{value}", location, (value,), _marks(ctx, field))
