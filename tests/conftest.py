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


REQUIRE_REAL = os.environ.get("FZCHECK_REQUIRE_REAL") == "1"


def missing_component(message: str, module_level: bool = False) -> None:
    """A real component a test drives (a browser, an office suite, a cluster) is missing: skip on a developer's
    machine, fail when FZCHECK_REQUIRE_REAL=1 (CI sets it and installs them), so a skip never hides a gap."""
    if REQUIRE_REAL:
        pytest.fail(message + " and FZCHECK_REQUIRE_REAL=1")
    pytest.skip(message, allow_module_level=module_level)


def require_modules(*modules: str, module_level: bool = False) -> None:
    """missing_component() unless every module can be imported."""
    import importlib.util

    absent = [m for m in modules if importlib.util.find_spec(m) is None]
    if absent:
        missing_component(f"{', '.join(absent)} not installed: pip install \".[test]\"", module_level)


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
