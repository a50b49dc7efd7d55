"""`completeness` — the copy is the whole report, not cut off in the middle.

Fails when the text has no end block (落款, date) and stops mid-sentence — also when its last
paragraph begins with a numbered label — or ends on a bare heading (see fzcheck.cutoff). The
finding quotes where the text stops; the findings that the missing rest could change are then
skipped rather than reported as missing.
"""

from __future__ import annotations

from fzcheck import cutoff
from fzcheck.model import Outcome, Status

PARAMS: dict = {}
QUOTE = 30


def evaluate(params: dict, ctx) -> Outcome:
    cut = ctx.doc.cut
    if cut is None:
        return Outcome(Status.PASS, "正文完整")
    norm = cut.norm
    tail = norm[-QUOTE:]
    location = cut.location(max(0, len(norm) - 1))
    return Outcome(Status.FAIL, f"正文在{cutoff.where(cut)}中断：“…{tail}”", location, (tail,))
