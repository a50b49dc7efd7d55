"""The exit code of a run (design.md): 0 good, 1 gate failed, 2 usage, 3 unreadable input.

3 wins over 1: an unreadable report is never hidden behind a failed gate. `--exit-zero` turns a
failed gate into 0 for a rollout period, but never hides an unreadable file.
"""

from __future__ import annotations

from fzcheck.errors import EXIT_GATE_FAILED, EXIT_OK, EXIT_UNREADABLE
from fzcheck.model import Batch


def exit_code(batch: Batch, exit_zero: bool = False) -> int:
    return code(bool(batch.failures), all(report.passed for report in batch.reports), exit_zero)


def code(unreadable: bool, all_passed: bool, exit_zero: bool = False) -> int:
    if unreadable:
        return EXIT_UNREADABLE
    if not exit_zero and not all_passed:
        return EXIT_GATE_FAILED
    return EXIT_OK
