"""`metadata` — a header or end-block field checked against patterns.

`field` is `addressee` (主送), `bodies` (issuing bodies, from the header and the 落款), or
`title`. The field is split into names at "、" and "，"; with `require: any` one name must fully
match one of `patterns`, with `require: all` every pattern must be matched by some name (e.g.
a township report issued jointly by the Party committee and the government). A missing field
is skipped (`missing: skip`) or fails (`missing: fail`).
"""

from __future__ import annotations

import re

from fzcheck.kinds import Param
from fzcheck.matching import compile_pattern
from fzcheck.model import Location, Mark, Outcome, Status

PARAMS = {
    "field": Param("str", "字段", required=True, choices=("addressee", "bodies", "title")),
    "patterns": Param("regex_list", "名称应完整匹配的正则", required=True),
    "require": Param("str", "any：任一名称匹配任一正则；all：每个正则都有名称匹配", default="any", choices=("any", "all")),
    "missing": Param("str", "字段缺失时", default="skip", choices=("skip", "fail")),
}
NAMES = {"addressee": "主送机关", "bodies": "发文机关", "title": "标题"}


def _values(field: str, ctx) -> list[str]:
    meta = ctx.doc.metadata
    if field == "addressee":
        raw = [meta.addressee] if meta.addressee else []
    elif field == "bodies":
        raw = list(dict.fromkeys(meta.bodies + meta.signature))
    else:
        raw = [meta.title] if meta.title else []
    return [name for value in raw for name in re.split(r"[、，,]", value) if name]


def _marks(field: str, ctx) -> tuple[Mark, ...]:
    meta = ctx.doc.metadata
    if field == "title":
        return (ctx.scope_mark("title"),)
    if field == "addressee":
        wanted = [meta.addressee] if meta.addressee else []
    else:
        wanted = list(dict.fromkeys(meta.bodies + meta.signature))
    marks = []
    for para in ctx.doc.header + ctx.doc.paragraphs[len(ctx.doc.header) : len(ctx.doc.header) + 1] + ctx.doc.ending:
        for name in wanted:
            if name and para.norm.startswith(name):
                marks.append(para.mark(0, len(name), "文头" if para in ctx.doc.header else "落款"))
                wanted.remove(name)
                break
    if marks:
        return tuple(marks)
    zone = ctx.doc.header or ctx.doc.paragraphs[:1]
    return (zone[0].mark(0, 1, "文头", anchor=True),) if zone else ()


def _location(marks: tuple[Mark, ...]) -> Location:
    return marks[0].location() if marks else Location(section="文头")


def evaluate(params: dict, ctx) -> Outcome:
    field = params["field"]
    names = _values(field, ctx)
    marks = _marks(field, ctx)
    location = _location(marks)
    label = NAMES[field]
    if not names:
        status = Status.FAIL if params["missing"] == "fail" else Status.SKIP
        return Outcome(status, f"未识别出{label}", location, marks=marks)
    patterns = [compile_pattern(p) for p in params["patterns"]]
    if params["require"] == "any":
        ok = any(p.fullmatch(name) for p in patterns for name in names)
    else:
        ok = all(any(p.fullmatch(name) for name in names) for p in patterns)
    detail = f"{label}：{'、'.join(names)}"
    return Outcome(Status.PASS if ok else Status.FAIL, detail, location, tuple(names), marks)
