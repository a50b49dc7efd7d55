"""Per-report limits in the process executor: a report that hangs, eats memory or kills its worker costs
that report only, with a clear Chinese reason, and every other report of the batch is still there."""

from __future__ import annotations

import os
import signal
import time

from fzcheck import api, run
from fzcheck.model import ReadFailure, ReportResult

from conftest import SEEDS


def misbehave(path: str):
    """A job standing in for a hostile report: the path's name says how it misbehaves."""
    name = os.path.basename(path)
    if name.startswith("hang"):
        time.sleep(60)
    if name.startswith("hog"):
        hoard = bytearray(3 << 30)  # beyond the worker's memory limit
        return ReadFailure(path, f"allocated {len(hoard)}")
    if name.startswith("die"):
        os.kill(os.getpid(), signal.SIGKILL)
    return api.check_one(path)


def test_hang_memory_bomb_and_dead_worker_cost_one_report_each(tmp_path):
    bad = []
    for name in ("hang.txt", "hog.txt", "die.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
        bad.append(str(tmp_path / name))
    good = [str(path) for path in SEEDS]
    items = [good[0], bad[0], good[1], bad[1], good[2], bad[2], good[3], good[4]]
    options = api.Options(limits=api.Limits(timeout=3, max_memory=512 << 20))
    started = time.monotonic()
    results = run.check_all(items, options, jobs=2, executor="process", job=misbehave)
    assert time.monotonic() - started < 40
    assert [getattr(r, "path", None) for r in results] == items  # input order, nothing lost
    by_path = dict(zip(items, results))
    assert all(isinstance(by_path[path], ReportResult) for path in good)
    assert "检查超时（超过 3 秒）" in by_path[bad[0]].message
    assert "内存超限" in by_path[bad[1]].message
    assert "检查进程意外退出" in by_path[bad[2]].message
    assert all(bad_path in by_path[bad_path].message for bad_path in bad)


def test_the_cli_reports_a_limit_per_report_and_goes_on(tmp_path):
    from conftest import run_json

    code, data = run_json("check", *map(str, SEEDS[:2]), "--timeout", "30", "--max-memory", "512")
    # 000 fails citation.title (重大行政决策程序暂行规定 for the 条例); 001 passes the detectors, which then weigh nothing
    assert code in (0, 1) and [r["score"] for r in data["reports"]] == [79.0, 75.2]


def test_limits_are_validated_before_any_report_is_read():
    from conftest import run_cli

    for args in (("--timeout", "0"), ("--timeout", "-1"), ("--max-memory", "10")):
        proc = run_cli("check", str(SEEDS[0]), *args)
        assert proc.returncode == 2 and "错误" in proc.stderr and not proc.stdout
