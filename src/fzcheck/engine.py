"""Evaluate a rule set on a parsed document: every rule yields exactly one RuleResult."""

from __future__ import annotations

from functools import cached_property

from fzcheck import cutoff
from fzcheck.kinds import kind_module
from fzcheck.model import Location, Mark, Outcome, RuleResult, Status
from fzcheck.outline import ORDER as OUTLINE_ORDER
from fzcheck.outline import Found, assign
from fzcheck.ruleset import SPECIAL_SCOPES, Rule, RuleSet
from fzcheck.structure import Document, Scope, Span


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

    def found(self, role: str) -> Found:
        if self._found is None:
            self._found = assign(self.doc, self.ruleset.roles, self.scope("document"))
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
                    return section.mark(anchor=True, section=f"通常写在「{section.label}{section.title}」前后（顺序不限）")
        last = self.doc.paragraphs[-1] if self.doc.paragraphs else None
        if last is None:
            return Mark(section="全文", anchor=True)
        return last.mark(len(last.norm), len(last.norm) + 1, "全文末尾", anchor=True)

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


def evaluate_rule(rule: Rule, ctx: Context) -> RuleResult:
    outcome: Outcome = kind_module(rule.kind).evaluate(rule.params, ctx)
    status = outcome.status
    weight = 0.0 if status is Status.PASS and rule.scored == "findings" else rule.weight
    earned = round(weight * status.credit, 2) if status is not Status.SKIP else 0.0
    if status in (Status.PASS, Status.SKIP):
        message = outcome.detail or "符合要求"
    else:
        message = rule.message + (f"（{outcome.detail}）" if outcome.detail else "")
    return RuleResult(
        rule=rule.id,
        status=status,
        severity=rule.severity,
        weight=weight,
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
    results = tuple(evaluate_rule(rule, ctx) for rule in ruleset.rules)
    return cutoff.adjust(results, ruleset.rules, ctx)
