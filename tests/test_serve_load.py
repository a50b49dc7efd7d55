"""Load on loopback: 10 clients upload 100 sample reports in all to a real `fzcheck serve`; every answer is
correct and none is lost. Bounded in count (100) and time (bench_serve.LOAD_DEADLINE). Figures: docs/performance.md."""

from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT
from serving import require

require("starlette", "fzcheck[web]")

pytestmark = pytest.mark.slow


def bench():
    spec = importlib.util.spec_from_file_location("bench_serve", ROOT / "benchmarks" / "bench_serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ten_clients_upload_a_hundred_reports_and_every_answer_is_right(tmp_path):
    bench_serve = bench()
    files = bench_serve.sample_files(tmp_path)
    assert {name.rsplit(".", 1)[1] for name, _ in files} == {"txt", "docx", "pdf", "html"}
    expected = bench_serve.expected_scores(files, tmp_path)
    proc, url = bench_serve.start_server(workers=2)
    try:
        figures = bench_serve.load(url, files, expected, clients=10, uploads=100)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert figures["problems"] == []
    assert figures["uploads"] == figures["answered"] == figures["correct"] == 100
