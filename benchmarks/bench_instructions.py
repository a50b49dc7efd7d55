"""Instructions per warm check, this tree against an earlier revision (valgrind's callgrind).

    python benchmarks/bench_instructions.py [REV] [REPORT]     # REV defaults to 56797c0, before marks

Wall-clock figures on a shared 2-core machine scatter by ±50 %; the number of instructions a warm check
executes does not. Each side runs the same script twice under callgrind, with 0 and with N warm checks
of REPORT after one warm-up, and the difference divided by N is the cost of one check. The earlier
revision is checked out into a temporary git worktree. Prints figures and the ratio; asserts nothing.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REV = sys.argv[1] if len(sys.argv) > 1 else "56797c0"
REPORT = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "samples" / "000_a9e9c31606d34a22.txt").resolve()
CHECKS = 20
SCRIPT = """
import sys
sys.path.insert(0, sys.argv[1])
from fzcheck import api
api.check_file(sys.argv[2])
for _ in range(int(sys.argv[3])):
    api.check_file(sys.argv[2])
"""


def instructions(src: Path, checks: int) -> int:
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", SCRIPT, str(src), str(REPORT), str(checks)],
        capture_output=True, text=True, check=True,
    )
    line = next(x for x in proc.stderr.splitlines() if "Collected" in x)
    return int(line.split()[-1])


def per_check(src: Path) -> float:
    return (instructions(src, CHECKS) - instructions(src, 0)) / CHECKS


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(base), REV], check=True)
        try:
            before, after = per_check(base / "src"), per_check(ROOT / "src")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=True)
    print(f"{REPORT.name}: {REV} {before / 1e6:.2f} M instructions per warm check, this tree {after / 1e6:.2f} M, ratio {after / before:.3f}")


if __name__ == "__main__":
    main()
