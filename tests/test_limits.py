"""Per-report limits in the process executor: a report that hangs, eats memory or kills its worker costs
that report only, with a clear Chinese reason, and every other report of the batch is still there."""

from __future__ import annotations

import time

from fzcheck import run
from fzcheck.model import ReportResult

from conftest import SEEDS
from hostile import LIMITS, hostile_batch, misbehave


def test_hang_memory_bomb_and_dead_worker_cost_one_report_each(tmp_path):
    items, good, bad = hostile_batch(tmp_path)
    options = LIMITS
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


def test_a_batch_job_with_extras_fails_and_frees_a_report_as_a_plain_check_does(tmp_path, monkeypatch):
    """With a fingerprint or a Word copy asked for, a report is parsed once for the check and the extras:
    a bug in the check still costs that report only (a ReadFailure, not an exception that loses the
    worker's reason), and python-docx's reference cycles are freed per report although batches run with
    the collector paused."""
    import gc

    from render import to_docx

    from fzcheck import api, copies, engine

    path = str(to_docx(SEEDS[3].read_text(encoding="utf-8"), tmp_path / "a.docx"))
    job = api.Job(api.Options(), (copies.FingerprintJob(),))
    report, (fingerprint,) = job(path)
    assert isinstance(report, ReportResult) and fingerprint.path == path
    gc.collect()
    gc.disable()
    try:
        before = len(gc.get_objects())
        for _ in range(5):
            job(path)
        assert len(gc.get_objects()) - before < 50  # each Word document read left about a hundred objects in cycles
    finally:
        gc.enable()

    def broken(*args):
        raise RuntimeError("规则引擎出错")

    monkeypatch.setattr(engine, "evaluate", broken)
    failure, extras = job(path)
    assert extras == () and "内部错误（RuntimeError: 规则引擎出错）" in failure.message and path in failure.message
