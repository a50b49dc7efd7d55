"""Speed and memory of a single check, side by side with jieba (issue: core, item 9).

    python benchmarks/bench_check.py [REPORT]

Prints figures and ratios; nothing here asserts a time (machines are shared and noisy).
Measures, each as the median of several runs:
  1. cold `python -m fzcheck check REPORT` vs `python -c "import jieba; jieba.initialize()"`;
  2. the same cold check with a word-level rule, so jieba's dictionary is read from fzcheck's cache;
  3. a warm check (rules loaded, process warm) vs one jieba segmentation of the same text;
  4. peak memory (max RSS) of the cold check.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "samples" / "000_a9e9c31606d34a22.txt"
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
WORD_RULE = """extends: township
rules:
  - id: bench.word
    kind: phrases
    title: 词级匹配
    severity: info
    weight: 1
    params: {phrases: [法治], match: word}
    message: 无
    suggestion: 无
    basis: 基准测试
    examples:
      pass: ["关于2023年法治政府建设情况的报告\\n一、主要举措和成效\\n坚持法治为本。"]
      fail: ["关于2023年法治政府建设情况的报告\\n一、主要举措和成效\\n推进法治化进程。"]
"""


def timed_runs(command: list[str]) -> tuple[float, int]:
    """Median wall time (s) and the largest max-RSS (KiB) of the runs."""
    times, peak = [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss)
    return statistics.median(times), peak


def warm(text_path: Path) -> tuple[float, float]:
    import jieba

    from fzcheck import api

    jieba.setLogLevel(60)
    jieba.initialize()
    text = text_path.read_text(encoding="utf-8")
    api.check_file(str(text_path))  # warm: rules loaded, regexes compiled
    checks, cuts = [], []
    for _ in range(RUNS * 3):
        start = time.perf_counter()
        api.check_file(str(text_path))
        checks.append(time.perf_counter() - start)
        start = time.perf_counter()
        jieba.lcut(text)
        cuts.append(time.perf_counter() - start)
    return statistics.median(checks), statistics.median(cuts)


def main() -> None:
    python = sys.executable
    size_kb = REPORT.stat().st_size / 1024
    print(f"report: {REPORT.name} ({size_kb:.1f} KB), {RUNS} runs each, median")
    jieba_s, jieba_kb = timed_runs([python, "-c", "import jieba; jieba.setLogLevel(60); jieba.initialize()"])
    cold_s, cold_kb = timed_runs([python, "-m", "fzcheck", "check", str(REPORT)])
    print(f"stock jieba import + initialize:      {jieba_s:.3f} s   {jieba_kb / 1024:.0f} MiB")
    print(f"cold fzcheck check (default rules):    {cold_s:.3f} s   {cold_kb / 1024:.0f} MiB   ratio {cold_s / jieba_s:.2f} (target ≤ 0.50)")
    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "word.yaml"
        rules.write_text(WORD_RULE, encoding="utf-8")
        env_cmd = [python, "-m", "fzcheck", "check", str(REPORT), "--rules", str(rules)]
        os.environ["FZCHECK_CACHE_DIR"] = str(Path(tmp) / "cache")
        subprocess.run(env_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # writes the cache once
        word_s, word_kb = timed_runs(env_cmd)
        print(f"cold fzcheck check (a word-level rule): {word_s:.3f} s   {word_kb / 1024:.0f} MiB   ratio {word_s / jieba_s:.2f}")
    check_s, cut_s = warm(REPORT)
    print(f"warm check:                            {check_s * 1000:.1f} ms")
    print(f"one jieba segmentation (lcut):         {cut_s * 1000:.1f} ms   ratio {check_s / cut_s:.2f} (target ≤ 1.30)")
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak memory: cold check {cold_kb / 1024:.0f} MiB (target < 150); this benchmark process {self_kb / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
