"""Evaluate a rule set on a parsed document: every rule yields exactly one RuleResult."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from fzcheck.kinds import kind_module
from fzcheck.matching import compile_pattern
from fzcheck.model import Location, Mark, Outcome, RuleResult, Status
from fzcheck.ruleset import SPECIAL_SCOPES, Role, Rule, RuleSet
from fzcheck.structure import Document, Scope, Section, Span


@dataclass(frozen=True)
class Found:
    """Where an outline item was found: 'heading', 'subsection', 'run-in', 'topics', or nothing."""

    how: str
    sections: tuple[Section, ...] = ()
    run_in: tuple[Location, ...] = ()
    run_in_text: str = ""
    run_in_marks: tuple[Mark, ...] = ()


class Context:
    """What a rule kind may ask about the document; computed lazily, once per document."""

    def __init__(self, doc: Document, ruleset: RuleSet) -> None:
        self.doc = doc
        self.ruleset = ruleset
        self._found: dict[str, Found] | None = None
        self._scopes: dict[str, Scope] = {}

    @property
    def year(self) -> int | None:
        return self.doc.metadata.year

    @property
    def level(self) -> str:
        return self.doc.metadata.level

    def _assign(self) -> dict[str, Found]:
        """Give each top-level heading at most one role (first matching role wins), then subsections."""
        roles = self.ruleset.roles
        found: dict[str, list[Section]] = {role.key: [] for role in roles}
        how: dict[str, str] = {}
        unassigned: list[Section] = []
        for section in self.doc.top_sections():
            role = _match_role(section.title, roles)
            if role:
                found[role.key].append(section)
                how[role.key] = "heading"
            else:
                unassigned.append(section)
        missing = tuple(role for role in roles if not found[role.key])
        if missing:
            for section in self.doc.sections():
                if section.parent is None or section.parent.parent is None:
                    continue  # top-level sections were matched above
                role = _match_role(section.title, roles)
                if role in missing and not found[role.key]:
                    found[role.key].append(section)
                    how[role.key] = "subsection"
        result = {}
        for role in roles:
            if found[role.key]:
                result[role.key] = Found(how[role.key], tuple(found[role.key]))
                continue
            topics = [s for s in unassigned if any(k in s.title for k in role.topics)]
            if role.topics and len(topics) >= role.min_topics:
                result[role.key] = Found("topics", tuple(topics))
                continue
            result[role.key] = self._run_in(role) or Found("")
        return result

    def _run_in(self, role: Role) -> Found | None:
        if not role.run_in:
            return None
        scope = self.scope("document")
        for pattern in role.run_in:
            hit = compile_pattern(pattern).search(scope.text)
            if hit:
                start = max(0, scope.text.rfind("。", 0, hit.start()) + 1)
                end = scope.text.find("。", hit.end())
                sentence = scope.text[start : end + 1 if end >= 0 else len(scope.text)]
                return Found("run-in", (), (scope.location(hit.start()),), sentence)
        return None

    def found(self, role: str) -> Found:
        if self._found is None:
            self._found = self._assign()
        return self._found.get(role, Found(""))

    def scope(self, name: str) -> Scope:
        """Text of a named scope: document, title, header, ending, or a role's sections (built once)."""
        if name not in self._scopes:
            self._scopes[name] = self._build_scope(name)
        return self._scopes[name]

    def _build_scope(self, name: str) -> Scope:
        doc = self.doc
        if name == "document":
            return Scope(tuple(Span(p, 0, len(p.norm)) for p in doc.paragraphs))
        if name == "title":
            holder = next((p for p in doc.header + doc.paragraphs[:3] if doc.metadata.title and doc.metadata.title in p.norm), None)
            if holder is None:
                return Scope((), "标题", doc.metadata.title)
            start = holder.norm.index(doc.metadata.title)
            return Scope((Span(holder, start, start + len(doc.metadata.title)),), "标题")
        if name == "header":
            return Scope(tuple(Span(p, 0, len(p.norm)) for p in doc.header), "文头")
        if name == "ending":
            return Scope(tuple(Span(p, 0, len(p.norm)) for p in doc.ending), "落款")
        sections = self.found(name).sections
        spans = [span for section in sections for span in section.spans()]
        return Scope(tuple(spans), sections[0].path if sections else "")

    def expected_location(self, role: str) -> Location:
        """Where a missing item should have been: before the next item that is present."""
        return self.anchor(role).location()

    def anchor(self, role: str) -> Mark:
        """An anchor mark for a missing item: the heading of the next item present, or the end of the text."""
        keys = [r.key for r in self.ruleset.roles]
        order = [k for k in OUTLINE_ORDER if k in keys] + [k for k in keys if k not in OUTLINE_ORDER]
        if role in order:
            for later in order[order.index(role) + 1 :]:
                present = self.found(later)
                if present.sections:
                    section = present.sections[0]
                    return replace(section.mark(anchor=True), section=f"应位于「{section.label}{section.title}」之前")
        last = self.doc.paragraphs[-1] if self.doc.paragraphs else None
        if last is None:
            return Mark(section="全文", anchor=True)
        return replace(last.mark(len(last.norm), len(last.norm) + 1, "全文末尾", anchor=True), section="全文末尾")

    def scope_mark(self, name: str) -> Mark:
        """One mark for a finding about a whole scope: the section's heading, or the scope's first words."""
        if name not in SPECIAL_SCOPES:
            sections = self.found(name).sections
            if sections:
                return sections[0].mark()
        scope = self.scope(name)
        if not scope.spans:
            return self.anchor(name) if name not in SPECIAL_SCOPES else Mark(section=scope.section, anchor=True)
        first = scope.spans[0]
        return scope.mark(0, min(first.end - first.start, 30))

    @cached_property
    def word_boundaries(self) -> frozenset[int]:
        """Offsets in doc.text where a jieba word starts or ends (the document is segmented once)."""
        from fzcheck import words

        return words.boundaries(self.doc.text)


OUTLINE_ORDER = ("achievements", "shortcomings", "first_responsible", "plan", "other")


@lru_cache(maxsize=256)
def _heading_pattern(headings: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in headings))


def _match_role(title: str, roles: tuple[Role, ...]) -> Role | None:
    for role in roles:
        if _heading_pattern(role.headings).search(title):
            return role
    return None


def evaluate_rule(rule: Rule, ctx: Context) -> RuleResult:
    outcome: Outcome = kind_module(rule.kind).evaluate(rule.params, ctx)
    status = outcome.status
    earned = round(rule.weight * status.credit, 2) if status is not Status.SKIP else 0.0
    if status in (Status.PASS, Status.SKIP):
        message = outcome.detail or "符合要求"
    else:
        message = rule.message + (f"（{outcome.detail}）" if outcome.detail else "")
    return RuleResult(
        rule=rule.id,
        status=status,
        severity=rule.severity,
        weight=rule.weight,
        earned=earned,
        title=rule.title,
        message=message,
        suggestion=rule.suggestion if status in (Status.FAIL, Status.PARTIAL) else "",
        basis=rule.basis,
        location=_first_place(outcome),
        evidence=tuple(e[:120] for e in outcome.evidence[:5]),
        group=rule.group,
        marks=outcome.marks,
    )


def _first_place(outcome: Outcome) -> Location:
    """`location` is the first mark's place (kept for readers of the contract before marks)."""
    if not outcome.marks:
        return outcome.location
    return outcome.marks[0].location(outcome.location.section or outcome.marks[0].section)


def evaluate(doc: Document, ruleset: RuleSet) -> tuple[RuleResult, ...]:
    ctx = Context(doc, ruleset)
    return tuple(evaluate_rule(rule, ctx) for rule in ruleset.rules)
