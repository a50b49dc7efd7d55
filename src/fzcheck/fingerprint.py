"""A finding's fingerprint: stable when text moves (no line numbers), for baselines and SARIF."""

from __future__ import annotations

import hashlib

from fzcheck.model import RuleResult
from fzcheck.paths import relative_path
from fzcheck.textfold import fold_plain


def fingerprint(path: str, result: RuleResult) -> str:
    """rule + relative path + section + a hash of the evidence."""
    evidence = hashlib.sha256(fold_plain("\n".join(result.evidence)).encode()).hexdigest()[:16]
    key = "\x1f".join((result.rule, relative_path(path), result.location.section, evidence))
    return hashlib.sha256(key.encode()).hexdigest()[:24]
