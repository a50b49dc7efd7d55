"""Text that is not copying although many reports share it.

Two sources, both discounted before any share is measured:
- reference texts shipped in rules/data (the 规定's five items, the 第一责任人规定, the 纲要's
  chapter titles, standard political formulas, the usual outline headings): `REFERENCE_FILES`;
- document frequency: a shingle found in at least `cutoff(n)` of the n reports of the batch is
  the batch's common wording (a county's own formulas, a template everyone was given).
"""

from __future__ import annotations

import math
from functools import lru_cache

from fzcheck.copies.shingles import shingle_hashes
from fzcheck.resources import rules_dir
from fzcheck.textfold import fold_plain

REFERENCE_FILES = ("first-responsible-regulation.txt", "common-wording.txt")


@lru_cache(maxsize=4)
def reference_hashes(size: int) -> frozenset[int]:
    """Hashes of every `size`-character shingle of the reference texts (computed once per process)."""
    found: set[int] = set()
    for name in REFERENCE_FILES:
        for line in (rules_dir() / "data" / name).read_text(encoding="utf-8").splitlines()[1:]:
            found.update(int(value) for value in shingle_hashes(fold_plain(line), size))
    return frozenset(found)


def cutoff(reports: int, min_reports: int, share: float) -> int:
    """How many reports must share a shingle for it to count as the batch's common wording."""
    return max(min_reports, math.ceil(share * reports))

