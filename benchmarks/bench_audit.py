"""Batch throughput: 1,000 reports with 1 and with 2 worker processes (issue: batch audit, item 7).

    python benchmarks/bench_audit.py [COUNT]
    BENCH_MODES=summary,summary+csv,json python benchmarks/bench_audit.py 600   # output modes, see MODES
    BENCH_FORMAT=docx python benchmarks/bench_audit.py 200    # the same reports as Word files (or pdf, html),
                                                              # rendered by tests/render.py (needs the test extras)

Builds COUNT report variants from the five samples in a temporary folder (each a different
township and wording, so nothing is cached by accident), then times `fzcheck audit` end to end
— process start, rule loading, the pool, JSON output. The 1-worker and 2-worker runs alternate,
so drift in a shared machine's speed hits both alike; the speed-up is the median of the paired
ratios. Prints figures and ratios; asserts nothing.

Each pair is followed by the checking phase alone (`run.check_all` timed inside the process) with one and
with two workers, and then by a pair of runs of a pure-Python busy loop of the same length, split over
one and over two processes: the machine's own ceiling for a perfectly parallel job at that moment.
On a shared virtual machine that ceiling is below 2x and moves from minute to minute, so the
audit's speed-up is also given as a share of it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
FORMAT = os.environ.get("BENCH_FORMAT", "txt")
if FORMAT != "txt":
    sys.path.insert(0, str(ROOT / "tests"))
    import render

    RENDERERS = {"docx": render.to_docx, "pdf": render.to_pdf, "html": render.to_html}
PLACES = ["东岳", "西河", "南山", "北坪", "中和", "龙潭", "石门", "青龙", "白沙", "红星"]


def make_reports(folder: Path) -> int:
    seeds = sorted((ROOT / "samples").glob("0*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    total = 0
    for index in range(COUNT):
        text = texts[index % len(texts)]
        place = PLACES[index % len(PLACES)] + str(index)
        variant = text.replace("镇", f"{place}镇", 1)
        if index % 3 == 0:
            variant = variant.replace("主要原因", "根本原因")
        path = folder / f"{index // 100:02d}" / f"report_{index:04d}.{FORMAT}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if FORMAT == "txt":
            path.write_text(variant, encoding="utf-8")
        else:
            RENDERERS[FORMAT](variant, path)
        total += path.stat().st_size
    return total


# Output modes (BENCH_MODES=summary,json,...): the default screen (the ranking and statistics) alone and with
# each output file, and the JSON screen. Files go to a temporary folder ({out}).
MODES = {
    "summary": [],
    "summary+csv": ["-o", "csv={out}/r.csv"],
    "summary+jsonl": ["-o", "jsonl={out}/r.jsonl"],
    "summary+html": ["-o", "html={out}/r.html"],
    "summary+xlsx": ["-o", "xlsx={out}/r.xlsx"],
    "json": ["--format", "json"],
}
SELECTED = os.environ.get("BENCH_MODES", "json").split(",")


def run_once(folder: Path, jobs: int, mode: str = "json") -> tuple[float, int]:
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        extra = [arg.format(out=out) for arg in MODES[mode]]
        proc = subprocess.Popen(
            [sys.executable, "-m", "fzcheck", "audit", str(folder), "--jobs", str(jobs), *extra],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    assert os.waitstatus_to_exitcode(status) in (0, 1), "the audit itself failed"
    return elapsed, usage.ru_maxrss


CHECK_PHASE = """
import sys, time
from fzcheck import api, run
items = api.expand([sys.argv[1]])
start = time.perf_counter()
run.check_all(items, api.Options(), int(sys.argv[2]))
print(time.perf_counter() - start)
"""


def check_phase_once(folder: Path, jobs: int) -> float:
    """The checking phase alone: `run.check_all` timed inside the process, start-up and output left out."""
    proc = subprocess.run([sys.executable, "-c", CHECK_PHASE, str(folder), str(jobs)], capture_output=True, text=True, check=True)
    return float(proc.stdout)


BUSY_LOOP = "import sys\ns = 0\nfor i in range(int(sys.argv[1])):\n    s += i * i % 7"


def busy_once(iterations: int, processes: int) -> float:
    """Wall time of `iterations` loop turns split evenly over `processes` fresh interpreters."""
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", BUSY_LOOP, str(iterations // processes)]) for _ in range(processes)]
    for proc in procs:
        proc.wait()
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = make_reports(folder)
        print(f"{COUNT} reports, {size / 1024 / 1024:.1f} MiB in all, {os.cpu_count()} cores, {RUNS} alternating pairs of runs per mode")
        warm, _ = run_once(folder, 1)  # also warms the page cache
        calibration = 3_000_000
        iterations = int(calibration * warm / busy_once(calibration, 1))  # a busy loop as long as one 1-worker audit
        for mode in SELECTED:
            measure(folder, mode, iterations)


def measure(folder: Path, mode: str, iterations: int) -> None:
    ones, twos, ratios, phases, ceilings, peaks = [], [], [], [], [], {1: 0, 2: 0}
    for _ in range(RUNS):
        one, one_kb = run_once(folder, 1, mode)
        two, two_kb = run_once(folder, 2, mode)
        ones.append(one)
        twos.append(two)
        ratios.append(one / two)
        if mode == "json":
            phases.append(check_phase_once(folder, 1) / check_phase_once(folder, 2))
        ceilings.append(busy_once(iterations, 1) / busy_once(iterations, 2))
        peaks[1], peaks[2] = max(peaks[1], one_kb), max(peaks[2], two_kb)
    one, two = statistics.median(ones), statistics.median(twos)
    print(f"[{mode}]")
    print(f"  --jobs 1: {one:.2f} s  {COUNT / one:.0f} reports/s  peak RSS {peaks[1] / 1024:.0f} MiB")
    print(f"  --jobs 2: {two:.2f} s  {COUNT / two:.0f} reports/s  peak RSS of the largest process {peaks[2] / 1024:.0f} MiB")
    print(f"  speed-up with 2 workers: median {statistics.median(ratios):.2f}x, range {min(ratios):.2f}–{max(ratios):.2f}x")
    if phases:
        print(
            f"  checking phase only (run.check_all; start-up, rule loading and output left out): "
            f"median {statistics.median(phases):.2f}x, range {min(phases):.2f}–{max(phases):.2f}x"
        )
    shares = [ratio / ceiling for ratio, ceiling in zip(ratios, ceilings)]
    print(
        f"  machine ceiling (busy loop, 1 vs 2 processes): median {statistics.median(ceilings):.2f}x, "
        f"range {min(ceilings):.2f}–{max(ceilings):.2f}x; the audit reaches a median {statistics.median(shares):.0%} of it (target ≥ 85%)"
    )


if __name__ == "__main__":
    main()
