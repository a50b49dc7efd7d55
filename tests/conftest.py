from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEEDS = sorted(SAMPLES.glob("0*.txt"))


def seed(number: str) -> Path:
    return next(path for path in SEEDS if path.name.startswith(number))


@pytest.fixture(scope="session")
def seeds() -> list[Path]:
    return SEEDS


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, input: bytes | None = None):
    """Run `python -m fzcheck` as a user would; returns the CompletedProcess (text mode)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "fzcheck", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=full_env,
        input=input.decode() if input else None,
        timeout=120,
    )


def run_json(*args: str, **kwargs) -> tuple[int, dict]:
    proc = run_cli(*args, "--format", "json", **kwargs)
    assert proc.stdout, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def statuses(report: dict) -> dict[str, str]:
    return {r["rule"]: r["status"] for r in report["results"]}
