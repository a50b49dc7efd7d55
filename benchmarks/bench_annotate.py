"""Speed and memory of `fzcheck annotate` on a 30-page Word report, side by side with `fzcheck check`.

    python benchmarks/bench_annotate.py [PAGES]

Prints figures and ratios; nothing here asserts a time (machines are shared and noisy).
The report is seed 000 rendered as Word (headings numbered by Word's list numbering, header and
footer) with its body paragraphs repeated until LibreOffice lays it out on PAGES pages (default 30;
without LibreOffice the page count is estimated). Measures, each as the median of several runs:
  1. cold `python -m fzcheck check R.docx` vs cold `python -m fzcheck annotate R.docx --force`
     (which checks, then writes the copy), wall time and peak memory (max RSS);
  2. warm, in one process: the check alone, and the copy alone (annotate_bytes on a finished check).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
PAGES = int(sys.argv[1]) if len(sys.argv) > 1 else 30
HEADING = ("一、", "二、", "三、", "四、", "五、", "六、", "（")


def report_text(repeat: int) -> str:
    lines = []
    for line in (ROOT / "samples" / "000_a9e9c31606d34a22.txt").read_text(encoding="utf-8").splitlines():
        body = line.strip()
        long_body = len(body) > 60 and not body.startswith(HEADING)
        lines.extend([body] * (repeat if long_body else 1))
    return "\n".join(lines)


def pages(path: Path, work: Path) -> int | None:
    soffice = shutil.which("soffice")
    if not soffice:
        return None
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{work}/lo", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(path)],
        capture_output=True,
        check=True,
    )
    import pypdfium2

    return len(pypdfium2.PdfDocument(str(work / (path.stem + ".pdf"))))


def build(work: Path) -> tuple[Path, int | None]:
    from render import to_docx

    repeat = 1
    while True:
        path = to_docx(report_text(repeat), work / "报告.docx", word_numbering="paragraph")
        count = pages(path, work)
        if count is None:
            return to_docx(report_text(3), work / "报告.docx", word_numbering="paragraph"), None
        if count >= PAGES or repeat > 20:
            return path, count
        repeat += 1


def timed(command: list[str]) -> tuple[float, int]:
    """Median wall time (s) and the largest max-RSS (KiB) of the runs."""
    times, peak = [], 0
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for _ in range(RUNS):
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss)
        assert os.waitstatus_to_exitcode(status) in (0, 1), command
    return statistics.median(times), peak


def warm(path: Path) -> tuple[float, float, int]:
    from fzcheck import api
    from fzcheck.annotate import annotate_bytes

    data = path.read_bytes()
    report = api.check_path(str(path))  # rules loaded, modules imported
    checks, copies = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        report = api.check_path(str(path))
        checks.append(time.perf_counter() - start)
        start = time.perf_counter()
        copy = annotate_bytes(data, str(path), report)
        copies.append(time.perf_counter() - start)
    return statistics.median(checks), statistics.median(copies), copy.comments


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        path, count = build(work)
        size = path.stat().st_size
        print(f"报告：{path.name}，{count if count else '约 30（未装 LibreOffice，未实测）'} 页，{size / 1024:.0f} KiB")
        python = sys.executable
        check_time, check_rss = timed([python, "-m", "fzcheck", "check", str(path)])
        annotate_time, annotate_rss = timed([python, "-m", "fzcheck", "annotate", str(path), "-o", str(work / "out"), "--force"])
        print(f"冷启动 check：   {check_time:.2f} s，峰值内存 {check_rss / 1024:.0f} MiB")
        print(f"冷启动 annotate：{annotate_time:.2f} s，峰值内存 {annotate_rss / 1024:.0f} MiB（含检查）")
        print(f"  annotate / check = {annotate_time / check_time:.2f}×")
        check_warm, copy_warm, comments = warm(path)
        print(f"进程内：检查 {check_warm * 1000:.0f} ms；生成副本 {copy_warm * 1000:.0f} ms（{comments} 条批注）；"
              f"检查+副本 / 检查 = {(check_warm + copy_warm) / check_warm:.2f}×")


if __name__ == "__main__":
    main()
