"""Rule kinds: one module each. A kind is a docstring (its user documentation), a PARAMS spec
that the rule loader validates strictly, and `evaluate(params, ctx) -> Outcome`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

KIND_MODULES = {
    "section": "fzcheck.kinds.section",
    "per_item": "fzcheck.kinds.per_item",
    "phrases": "fzcheck.kinds.phrases",
    "forbidden": "fzcheck.kinds.forbidden",
    "plan_year": "fzcheck.kinds.plan_year",
    "date_window": "fzcheck.kinds.date_window",
    "density": "fzcheck.kinds.density",
    "coverage": "fzcheck.kinds.coverage",
    "verbatim": "fzcheck.kinds.verbatim",
    "metadata": "fzcheck.kinds.metadata",
    "ratio": "fzcheck.kinds.ratio",
    "contradiction": "fzcheck.kinds.contradiction",
    "copied": "fzcheck.kinds.copied",
    "completeness": "fzcheck.kinds.completeness",
    "heading_year": "fzcheck.kinds.heading_year",
    "competence": "fzcheck.kinds.competence",
    "legacy_term": "fzcheck.kinds.legacy_term",
    "cited_title": "fzcheck.kinds.cited_title",
    "current_plan": "fzcheck.kinds.current_plan",
    "renamed_body": "fzcheck.kinds.renamed_body",
}


@dataclass(frozen=True)
class Param:
    """One parameter of a kind. `type` is one of the names in ruleset.PARAM_TYPES."""

    type: str
    help: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()


def kind_module(name: str) -> ModuleType:
    return importlib.import_module(KIND_MODULES[name])
