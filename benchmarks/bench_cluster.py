"""The audit on Dask against the process pool on the same machine, in the same run (issue 16).

    python benchmarks/bench_cluster.py [COUNT] [BIG]      # default 1000 and 10000

Builds BIG report variants from the five samples in a temporary folder. Then, alternating so that a
shared machine's drift hits both alike, times the checking phase (`run.check_all`, every report through
the executor, results back in input order) over the first COUNT reports with the process pool of 2
workers and with a LocalCluster of 2 workers (the one `--dask local` starts, started beforehand: its
start-up is timed apart). Besides the wall time, the CPU time of the phase summed over every process of
the run (client, scheduler, nannies, workers, checking children), steadier than wall time on a shared
machine, where the run with more processes also gets a larger share of the cores. Each measurement runs
in a fresh process, which also reports its peak resident memory: the client's memory at COUNT and at
BIG reports (BENCH_SKIP_MEMORY=1 leaves that part out; BENCH_RUNS sets the number of pairs). Prints
figures; asserts nothing.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
BIG = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
RUNS = int(os.environ.get("BENCH_RUNS", "3"))  # BENCH_SKIP_MEMORY=1: only the paired runs
PLACES = ["东岳", "西河", "南山", "北坪", "中和", "龙潭", "石门", "青龙", "白沙", "红星"]

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
import psutil
from fzcheck import api, run

def tree_cpu():
    # CPU seconds of this process and every live descendant, each with its finished and reaped children
    me = psutil.Process()
    total = 0.0
    for process in [me, *me.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total
mode, folder, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
paths = sorted(str(p) for p in Path(folder).rglob("*.txt"))[:count]
started = time.perf_counter()
cluster = client = None
executor = "process"
if mode == "dask":
    from fzcheck.executors.dask import local_cluster
    cluster = local_cluster(2)  # the one `fzcheck audit --dask local` starts
    executor = "dask:" + cluster.scheduler_address
startup = time.perf_counter() - started
started, cpu = time.perf_counter(), tree_cpu()
results = run.check_all(paths, api.Options(), jobs=2, executor=executor)
elapsed, cpu = time.perf_counter() - started, tree_cpu() - cpu
assert len(results) == count
if cluster is not None:
    cluster.close()
print(json.dumps({"elapsed": elapsed, "cpu": cpu, "startup": startup, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def make_reports(folder: Path, count: int) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("0*.txt"))]
    for index in range(count):
        place = PLACES[index % len(PLACES)] + str(index)
        variant = texts[index % len(texts)].replace("镇", f"{place}镇", 1)
        path = folder / f"{index // 500:03d}" / f"report_{index:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(variant, encoding="utf-8")


def measure(mode: str, folder: Path, count: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(folder), str(count)], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        make_reports(folder, BIG)
        print(f"{BIG} reports in {folder}; {os.cpu_count()} cores (shared with other work)")
        times: dict[str, list[float]] = {"process": [], "dask": []}
        cpus: dict[str, list[float]] = {"process": [], "dask": []}
        ratios, cpu_ratios = [], []
        for run_number in range(RUNS):
            pair = {}
            for mode in ("process", "dask") if run_number % 2 == 0 else ("dask", "process"):
                pair[mode] = measure(mode, folder, COUNT)
                times[mode].append(pair[mode]["elapsed"])
                cpus[mode].append(pair[mode]["cpu"])
            ratios.append(pair["dask"]["elapsed"] / pair["process"]["elapsed"])
            cpu_ratios.append(pair["dask"]["cpu"] / pair["process"]["cpu"])
            print(
                f"run {run_number + 1}: process {pair['process']['elapsed']:.2f} s (CPU {pair['process']['cpu']:.2f} s),"
                f" dask {pair['dask']['elapsed']:.2f} s (CPU {pair['dask']['cpu']:.2f} s;"
                f" LocalCluster start {pair['dask']['startup']:.2f} s) → {ratios[-1]:.2f}×, CPU {cpu_ratios[-1]:.2f}×"
            )
        for mode, values in times.items():
            print(
                f"{mode}: median {statistics.median(values):.2f} s for {COUNT} reports = {COUNT / statistics.median(values):.0f} reports/s;"
                f" CPU of every process of the run: median {statistics.median(cpus[mode]):.2f} s"
            )
        print(f"dask / process: median of paired ratios {statistics.median(ratios):.2f}× (wall), {statistics.median(cpu_ratios):.2f}× (CPU)")
        if os.environ.get("BENCH_SKIP_MEMORY"):
            return
        for mode in ("process", "dask"):
            small, big = measure(mode, folder, COUNT), measure(mode, folder, BIG)
            print(
                f"client peak memory, {mode}: {small['maxrss_mb']:.0f} MB at {COUNT}, {big['maxrss_mb']:.0f} MB at {BIG}"
                f" ({BIG / big['elapsed']:.0f} reports/s at {BIG})"
            )


if __name__ == "__main__":
    main()
