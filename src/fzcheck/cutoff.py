"""Copies cut short, and copies whose digits an aggregator masked: findings that cannot be judged.

A text is cut off when it has no end block (落款, date) and its last body paragraph stops
mid-sentence — also when that paragraph begins with a numbered label ("（二）加强…。全年组织")
— or when it ends on a bare heading. Then `meta.complete` fails once, quoting where the text
stops, and every finding the missing rest could change becomes `skip` with a message saying
where the text stops: an outline item not seen before the cut (never "缺少"), a measure of the
whole report (coverage, density, balance, item-3 evidence, contradiction), a rule about an item
that was not seen, the 落款 date and bodies. Items seen before the cut are judged normally.

A copy in which every digit is masked with "*" (some aggregator sites do that) has no digits at
all; its "*次" are not unfilled placeholders, so such forbidden-wording hits are skipped too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from fzcheck.headings import match_heading
from fzcheck.model import RuleResult, Status
from fzcheck.normalize import Paragraph

COMPLETE_END = ("。", "！", "？", "…", "”", "’", "」", "』", "!", "?", "）", ")", ".")
WHOLE_REPORT_KINDS = frozenset({"coverage", "density", "ratio", "verbatim", "contradiction"})
ENDING_FIELDS = frozenset({"issued", "bodies"})
MIN_MASKS = 5
TRAILER = re.compile(r"^(?:附件|抄送|抄报|（此件|此件|联系人|联系电话|〔此件)")  # after the body, never a cut


def find_cut(body: Sequence[Paragraph], ending: Sequence[Paragraph]) -> Paragraph | None:
    """The paragraph where a cut-off text stops, or None when the text looks complete."""
    if ending:
        return None
    last = next((p for p in reversed(body) if not p.first_block.in_table and not TRAILER.match(p.norm)), None)
    if last is None:
        return None
    norm = last.norm
    if norm.endswith(COMPLETE_END):
        return None
    heading = match_heading(norm)
    if heading is not None and heading.body_start >= len(norm):
        return last  # the text ends on a bare heading
    return last


def masked(text: str) -> bool:
    """Every digit replaced by "*": no digit left, and asterisks where numbers would be."""
    return text.count("*") >= MIN_MASKS and not any(ch.isdigit() for ch in text)


def where(cut: Paragraph) -> str:
    """'第12行' / '第8段' / '第3页' of the last character before the cut."""
    return cut.location(max(0, len(cut.norm) - 1)).describe()


def _role(rule) -> str:
    return rule.params.get("role") or rule.params.get("scope") or ""


def _skip(result: RuleResult, message: str) -> RuleResult:
    return replace(result, status=Status.SKIP, earned=0.0, message=message, suggestion="")


def adjust(results: Sequence[RuleResult], rules: Sequence, ctx) -> tuple[RuleResult, ...]:
    """Turn findings that a cut (or masked digits) makes unjudgeable into skips."""
    doc = ctx.doc
    cut = doc.cut
    roles = {role.key for role in ctx.ruleset.roles}
    adjusted = []
    for result, rule in zip(results, rules, strict=True):
        if cut is not None and rule.kind != "completeness":
            stop = where(cut)
            role = _role(rule)
            unseen = role in roles and not ctx.found(role).how
            if rule.kind in WHOLE_REPORT_KINDS:
                result = _skip(result, f"正文不完整（在{stop}中断），无法评估全文指标")
            elif rule.kind == "section" and result.status is Status.FAIL:
                result = _skip(result, f"正文在{stop}中断，该部分可能在缺失的后文中，无法检查")
            elif unseen and result.status is not Status.PASS:
                result = _skip(result, f"正文在{stop}中断，相关部分未见，无法检查")
            elif rule.params.get("field") in ENDING_FIELDS and result.status is not Status.PASS:
                result = _skip(result, f"正文在{stop}中断，落款可能在缺失的后文中，无法检查")
        if doc.masked and rule.kind == "forbidden" and result.status is Status.FAIL and all("*" in e for e in result.evidence):
            result = _skip(result, "转载副本把所有数字替换成了“*”，无法判断是否有占位符")
        adjusted.append(result)
    return tuple(adjusted)
