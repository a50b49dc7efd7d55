"""Which part of a report plays which outline role (items 1–5 of the 规定), from the rule set's `sections:`.

The rules, in order:

1. Headings. Each top-level heading takes at most one role: the first role, in the rule set's
   priority order, whose `headings` patterns match its title. Item 3 comes first, so a heading
   like "强化主要负责人责任" placed first is item 3, not item 1.
2. Subsections. A role still missing takes the first deeper heading that matches it (item 3 as
   "（一）党政主要负责人履职情况" under item 1).
3. Position (reports organised by topic). With no umbrella heading for a role that has `topics`
   (item 1), the top-level sections that no other role claims and that come before the
   shortcomings and the plan are that item — even when only one such section is visible (a
   copy cut short). Without a shortcomings or plan section, every unclaimed section counts.
4. Run-in. A role with `run_in` patterns that is still missing may be a sentence inside another
   section ("镇党委书记切实履行推进法治建设第一责任人职责"); a match inside a document title
   in 《》 is a citation, not performance, and does not count.

Order is free (domain.md §2): a missing item's expected place is where the outline usually
has it, worded so as not to require that order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fzcheck.matching import compile_pattern
from fzcheck.model import Location, Mark
from fzcheck.structure import Document, Scope, Section

ORDER = ("achievements", "shortcomings", "first_responsible", "plan", "other")
LATER_ROLES = ("shortcomings", "plan", "other")  # roles whose sections end the run of item-1 topics
CITATION = re.compile(r"《[^》]{0,80}》")


@dataclass(frozen=True)
class Found:
    """Where an outline item was found: 'heading', 'subsection', 'run-in', 'topics', or nothing."""

    how: str
    sections: tuple[Section, ...] = ()
    run_in: tuple[Location, ...] = ()
    run_in_text: str = ""
    run_in_marks: tuple[Mark, ...] = ()


@lru_cache(maxsize=256)
def _heading_pattern(headings: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in headings))


def match_role(title: str, roles) -> object | None:
    """The first role (priority order) whose heading patterns match a title."""
    for role in roles:
        if _heading_pattern(role.headings).search(title):
            return role
    return None


def assign(doc: Document, roles, document: Scope) -> dict[str, Found]:
    """Every role's Found, by the rules in the module docstring."""
    found: dict[str, list[Section]] = {role.key: [] for role in roles}
    how: dict[str, str] = {}
    claimed: dict[int, str] = {}
    tops = doc.top_sections()
    for section in tops:
        role = match_role(section.title, roles)
        if role:
            found[role.key].append(section)
            how[role.key] = "heading"
            claimed[id(section)] = role.key
    missing = [role for role in roles if not found[role.key]]
    if missing:
        for section in doc.sections():
            if section.parent is None or section.parent.parent is None:
                continue  # top-level sections were matched above
            role = match_role(section.title, roles)
            if role in missing and not found[role.key]:
                found[role.key].append(section)
                how[role.key] = "subsection"
    result = {}
    for role in roles:
        if found[role.key]:
            result[role.key] = Found(how[role.key], tuple(found[role.key]))
            continue
        topics = _by_position(tops, claimed) if role.topics else []
        if topics:
            result[role.key] = Found("topics", tuple(topics))
            continue
        result[role.key] = _run_in(role, document) or Found("")
    return result


def _by_position(tops: list[Section], claimed: dict[int, str]) -> list[Section]:
    """Unclaimed top-level sections before the first shortcomings / plan / other section."""
    chosen = []
    for section in tops:
        if claimed.get(id(section)) in LATER_ROLES:
            break
        if id(section) not in claimed and section.heading is not None:
            chosen.append(section)
    return chosen


def _run_in(role, scope: Scope) -> Found | None:
    if not role.run_in:
        return None
    text = scope.text
    cited = [(m.start(), m.end()) for m in CITATION.finditer(text)]
    for pattern in role.run_in:
        for hit in compile_pattern(pattern).finditer(text):
            if any(a <= hit.start() < b for a, b in cited):
                continue  # a document title in 《》 is a citation, not performance
            start = max(0, text.rfind("。", 0, hit.start()) + 1)
            end = text.find("。", hit.end())
            sentence = text[start : end + 1 if end >= 0 else len(text)]
            return Found("run-in", (), (scope.location(hit.start()),), sentence, (scope.mark(hit.start(), hit.end()),))
    return None
