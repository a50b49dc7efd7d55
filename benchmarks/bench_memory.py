"""The client's memory as the batch grows (issue 16, item 4): `fzcheck audit` of 1,000 and of 10,000 reports.

    python benchmarks/bench_memory.py [SMALL] [BIG]      # default 1000 and 10000
    BENCH_EXECUTORS=process,dask python benchmarks/bench_memory.py

Builds BIG report variants from the five samples, then runs the command line as a reviewer would —
`fzcheck audit FOLDER -j 2 -o jsonl=… -o csv=…` (the ranking on the screen, copy detection on), on the
process pool and with `--dask local` — over the first SMALL and over all BIG reports, and reports the
peak resident memory of the client process alone (its workers are separate processes), the time, and
the client's own CPU time. Prints figures; asserts nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_cluster import make_reports

ROOT = Path(__file__).resolve().parents[1]
SMALL = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
BIG = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
EXECUTORS = os.environ.get("BENCH_EXECUTORS", "process,dask").split(",")

CLIENT = r"""
import atexit, json, os, resource, sys
def report():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    os.write(2, ("CLIENT " + json.dumps({"maxrss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime}) + "\n").encode())
atexit.register(report)
sys.argv = ["fzcheck", *sys.argv[1:]]
from fzcheck.cli import main
main()
"""


def audit(folder: Path, executor: str, out: Path) -> dict:
    extra = ["--dask", "local"] if executor == "dask" else []
    command = [sys.executable, "-c", CLIENT, "audit", str(folder), "-j", "2", *extra, "-o", f"jsonl={out}/r.jsonl", "-o", f"csv={out}/r.csv"]
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    elapsed = time.perf_counter() - started
    line = next((l for l in proc.stderr.splitlines() if l.startswith("CLIENT ")), None)
    assert proc.returncode in (0, 1) and line, proc.stderr[-2000:]
    lines = (out / "r.jsonl").read_bytes().count(b"\n")
    return {**json.loads(line[len("CLIENT "):]), "elapsed": elapsed, "records": lines}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small, big, out = Path(tmp) / "small", Path(tmp) / "big", Path(tmp) / "out"
        out.mkdir()
        make_reports(small, SMALL)  # the same variants as bench_cluster.py
        make_reports(big, BIG)
        for executor in EXECUTORS:
            for folder, count in ((small, SMALL), (big, BIG)):
                found = audit(folder, executor, out)
                print(
                    f"{executor:8s} {count:6d} reports: client peak {found['maxrss_mb']:.0f} MB, client CPU {found['cpu']:.1f} s, "
                    f"{found['elapsed']:.1f} s ({count / found['elapsed']:.0f} reports/s), {found['records']} JSON Lines"
                )


if __name__ == "__main__":
    main()
