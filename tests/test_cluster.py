"""The audit on Dask (issue 16): a real scheduler with two real workers and a LocalCluster give the
same batch as the process pool, a worker killed mid-batch costs nothing, hostile reports cost one
report each, and the command line explains what is missing or unreachable."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cluster import (
    ENV,
    RealCluster,
    SlowJob,
    free_port,
    misbehave,
    reports_folder,
    require_dask,
)
from conftest import SEEDS, run_cli
from hostile import LIMITS, hostile_batch
from test_rules import RULE as PROVINCE_RULE

from fzcheck import api, executors, run
from fzcheck.executors.dask import partitions
from fzcheck.model import ReadFailure, ReportResult

RULE = "rules:" + PROVINCE_RULE  # a user rule file the workers never see: it travels with the job


@pytest.fixture(scope="module")
def real_cluster(tmp_path_factory):
    require_dask()
    cluster = RealCluster(tmp_path_factory.mktemp("workers"))
    try:
        cluster.wait(2)
        yield cluster
    except Exception:
        print(cluster.logs())
        raise
    finally:
        cluster.close()


def audit_both(tmp_path: Path, folder: Path, dask: str) -> dict[str, dict]:
    """The same audit with the process pool and on Dask, from a client folder holding a rule file that
    the workers never see (a relative path, and the workers run elsewhere)."""
    client = tmp_path / "client"
    client.mkdir(exist_ok=True)
    (client / "本省.yaml").write_text(RULE, encoding="utf-8")
    runs = {}
    for name, extra in (("process", []), ("dask", ["--dask", dask])):
        out = {fmt: client / f"{name}.{fmt}" for fmt in ("json", "csv")}
        args = ["audit", str(folder), "--rules", "本省.yaml", "--jobs", "2", *extra]
        proc = run_cli(*args, *(x for fmt, path in out.items() for x in ("--output", f"{fmt}={path}")), cwd=client, env=ENV)
        assert proc.returncode == 3, proc.stderr  # the broken file
        assert "Traceback" not in proc.stderr
        runs[name] = {"screen": proc.stdout, "json": out["json"].read_bytes(), "csv": out["csv"].read_bytes()}
    return runs


def assert_same_batch(runs: dict[str, dict], reports: int) -> None:
    assert runs["dask"] == runs["process"]  # screen, JSON and CSV byte for byte (no timing in them)
    data = json.loads(runs["dask"]["json"])
    assert data["summary"]["reports"] == reports and data["summary"]["unreadable"] == 1
    assert [Path(e["path"]).name for e in data["errors"]] == ["坏文件.docx"]
    paths = [r["path"] for r in data["reports"]]
    assert paths == sorted(paths)  # input order: the folder's files sorted
    special = [next(x for x in r["results"] if x["rule"] == "province.special") for r in data["reports"]]
    assert {x["status"] for x in special} >= {"fail"}  # the user's rule ran on the workers
    copied = [[x for x in r["results"] if x["rule"] == "quality.copied-peer"] for r in data["reports"]]
    assert all(len(found) == 1 for found in copied)  # the copy pass ran on fingerprints made by the workers
    if reports < 20:  # each seed three times: too few to be common wording, so each copy is flagged, and the
        # places of its passages were read again from the files by the workers: exact lines and columns
        marks = [p["mark"] for [found] in copied for s in found["similar"] for p in s["passages"]]
        assert {found["status"] for [found] in copied} == {"fail"} and marks
        assert all(m["column"] and m["end_column"] for m in marks)


@pytest.mark.slow
def test_real_cluster_gives_the_process_pools_batch(real_cluster, tmp_path):
    folder = reports_folder(tmp_path / "省共享盘", copies=3)
    assert_same_batch(audit_both(tmp_path, folder, real_cluster.address), reports=15)
    assert real_cluster.worker_children() == [[], []]  # each batch's checking children are gone with it


@pytest.mark.slow
def test_a_worker_killed_mid_batch_costs_nothing(real_cluster, tmp_path):
    folder = reports_folder(tmp_path / "省共享盘", copies=8)
    paths = sorted(str(p) for p in folder.rglob("*.txt"))
    victim = real_cluster.worker_pids()[0]
    runner = executors.make(f"dask:{real_cluster.address}", 2, api.Limits(timeout=30))
    seen = []
    try:
        for position, item in runner.map(SlowJob(0.2), paths):
            seen.append((position, item))
            if len(seen) == 3:
                os.kill(victim, signal.SIGKILL)
    finally:
        runner.close()
    assert sorted(position for position, _ in seen) == list(range(len(paths)))  # each report exactly once
    by_position = dict(seen)
    assert all(isinstance(by_position[i], ReportResult) and by_position[i].path == path for i, path in enumerate(paths))
    assert by_position[0].score == api.check_one(paths[0]).score
    real_cluster.wait(2)  # the nanny restarts the killed worker


@pytest.mark.slow
def test_local_cluster_gives_the_process_pools_batch(tmp_path):
    require_dask()
    folder = reports_folder(tmp_path / "省共享盘", copies=4)
    assert_same_batch(audit_both(tmp_path, folder, "local"), reports=20)


@pytest.mark.slow
def test_hostile_reports_on_a_local_cluster_cost_one_report_each(tmp_path):
    require_dask()
    items, good, bad = hostile_batch(tmp_path)
    results = run.check_all(items, LIMITS, jobs=2, executor="dask:local", job=misbehave)
    assert [getattr(r, "path", None) for r in results] == items
    by_path = dict(zip(items, results))
    assert all(isinstance(by_path[path], ReportResult) for path in good)
    assert "检查超时（超过 3 秒）" in by_path[bad[0]].message
    assert "内存超限" in by_path[bad[1]].message
    assert "检查进程意外退出" in by_path[bad[2]].message


@pytest.mark.slow
def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    require_dask()
    address = f"tcp://127.0.0.1:{free_port()}"
    proc = run_cli("audit", str(SEEDS[0]), "--dask", address)
    assert proc.returncode == 2
    assert f"无法连接 Dask 调度器 {address}" in proc.stderr and "dask scheduler" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_without_the_cluster_extra_dask_says_what_to_install():
    code = (
        "import sys; sys.modules['distributed'] = None; sys.argv = ['fzcheck', 'audit', sys.argv[1], '--dask', 'local'];"
        "from fzcheck.cli import main; main()"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(SEEDS[0])], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert 'pip install "fzcheck[cluster]"' in proc.stderr and "Traceback" not in proc.stderr


def test_a_plain_check_imports_no_cluster_library():
    code = (
        "import sys; sys.argv = ['fzcheck', 'check', sys.argv[1]]; from fzcheck.cli import main\n"
        "try: main()\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('dask', 'distributed', 'fsspec', 's3fs') if m in sys.modules), file=sys.stderr)"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(SEEDS[0])], capture_output=True, text=True, timeout=60)
    assert proc.stderr.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("count, workers", [(0, 2), (1, 2), (7, 2), (45, 2), (1000, 2), (1000, 8), (100_000, 16)])
def test_partitions_cover_every_position_once(count, workers):
    parts = partitions(count, workers)
    assert [i for part in parts for i in part] == list(range(count))
    sizes = [len(part) for part in parts]
    assert all(1 <= size <= 100 for size in sizes)
    assert len(parts) >= min(count, workers * 2)  # at least two slices per worker when the batch allows
    assert sizes[:-1] == sorted(sizes[:-1], reverse=True)  # large slices first, smaller ones as the batch ends
    if count >= 1000:
        assert sizes[0] == min(100, -(-count // (workers * 2))) and max(sizes[-workers:]) <= 10  # wide first, a short tail
        assert len(parts) <= count // 100 + 12 * workers  # about a hundred reports per task on the whole


def test_a_workers_child_lets_go_of_the_workers_sockets():
    """The child is forked from the Dask worker; were it to keep the worker's connections open, a worker
    killed mid-report would look alive to its peers until the child's report ended."""
    import multiprocessing
    import socket

    from fzcheck.executors.daskworker import release_inherited_sockets

    mine, workers = socket.socketpair()
    ready = multiprocessing.get_context("fork").Event()

    def child() -> None:
        release_inherited_sockets()
        ready.set()
        time.sleep(30)

    process = multiprocessing.get_context("fork").Process(target=child, daemon=True)
    process.start()
    try:
        assert ready.wait(10)
        workers.close()  # the worker's end, now held by no process at all
        mine.settimeout(5)
        assert mine.recv(1) == b""  # end of stream at once: the child holds no copy
    finally:
        process.kill()
        process.join()
        mine.close()


def test_rules_travel_by_content(tmp_path):
    from fzcheck.executors.dask import ship_rules
    from fzcheck.executors.daskworker import Shipment, _local_job

    mine = tmp_path / "本省.yaml"
    mine.write_text(RULE, encoding="utf-8")
    job = api.Job(api.Options(rules=(str(mine),)))
    shipment = Shipment("t", job, 60.0, 0, ship_rules(job))
    mine.unlink()  # the worker has no copy
    local = _local_job(shipment)
    assert Path(local.options.rules[0]).name == "本省.yaml" and local.options.rules[0] != str(mine)
    report = local(str(SEEDS[0]))
    assert not isinstance(report, ReadFailure)
    assert any(result.rule == "province.special" for result in report.results)


def test_a_batch_with_a_users_rule_file_is_compared_for_copies(tmp_path):
    """The copy pass loads each report's shipped profile, not the user file's name (which broke every
    audit of two reports or more given --rules)."""
    (tmp_path / "本省.yaml").write_text(RULE, encoding="utf-8")
    proc = run_cli("audit", *map(str, SEEDS[:2]), "--rules", "本省.yaml", "--format", "json", cwd=tmp_path, env=ENV)
    assert proc.returncode == 1, proc.stderr
    reports = json.loads(proc.stdout)["reports"]
    assert [r["profile"] for r in reports] == ["本省", "本省"]
    assert all({x["rule"] for x in r["results"]} >= {"province.special", "quality.copied-peer"} for r in reports)
