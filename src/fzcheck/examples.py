"""Run every rule's own examples: pass examples must pass, fail examples must not."""

from __future__ import annotations

from dataclasses import dataclass

from fzcheck import api, engine
from fzcheck.kinds import kind_module
from fzcheck.model import Status
from fzcheck.ruleset import Rule, RuleSet


@dataclass(frozen=True, order=True)
class ExampleOutcome:
    rule: str
    side: str  # "pass" or "fail"
    index: int
    status: Status
    optional: bool = False  # an optional item's absence is a skip, not a fail

    @property
    def ok(self) -> bool:
        if self.side == "pass":
            return self.status is Status.PASS
        allowed = (Status.FAIL, Status.PARTIAL) + ((Status.SKIP,) if self.optional else ())
        return self.status in allowed


def run_rule_examples(rule: Rule, ruleset: RuleSet) -> list[ExampleOutcome]:
    outcomes = []
    for side, texts in (("pass", rule.examples_pass), ("fail", rule.examples_fail)):
        for index, text in enumerate(texts, start=1):
            if getattr(kind_module(rule.kind), "CORPUS", False):  # a pair of reports, decided by the corpus pass
                from fzcheck.copies import example_status

                status = example_status(rule, text)
            else:
                doc = api.parse_text(text, f"<{rule.id} 示例 {side} {index}>")
                status = engine.evaluate_rule(rule, engine.Context(doc, ruleset)).status
            outcomes.append(ExampleOutcome(rule.id, side, index, status, bool(rule.params.get("optional"))))
    return outcomes


def run_examples(ruleset: RuleSet, only: set[str] | None = None) -> list[ExampleOutcome]:
    return [
        outcome
        for rule in ruleset.rules
        if only is None or rule.id in only
        for outcome in run_rule_examples(rule, ruleset)
    ]
