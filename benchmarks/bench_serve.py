"""`fzcheck serve` under load, its memory, and upload-to-rendered-result time in a real browser.

    python benchmarks/bench_serve.py [--workers 2] [--screenshot docs/serve.png]

Starts `fzcheck serve` on a loopback port as its own process, then:
  1. idle memory: RSS of the server process and of its warm worker processes;
  2. load: 10 clients upload 100 sample reports in all (.txt, .docx, .pdf, .html renderings of the five samples);
     every answer is compared with a direct `fzcheck.api` check of the same bytes; p50/p95 latency, throughput,
     peak memory (server + workers, sampled every 20 ms); bounded in count and in time (LOAD_DEADLINE);
  3. browser: a 30-page Word report uploaded through the page in headless Chromium (Playwright), time from
     choosing the file to the rendered result, warm (median of 5);
  4. with --screenshot, a screenshot of the page showing a result.
Figures are printed; nothing here asserts a time (docs/performance.md carries them).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

PAGES = 30
CHARACTERS_PER_PAGE = 700  # an official A4 page (GB/T 9704: 22 lines of 28 characters), less headings and gaps
CLIENTS = 10
UPLOADS = 100
LOAD_DEADLINE = 300.0  # seconds: the whole load run stops by itself after this
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def family(pid: int) -> list[int]:
    """The server process and every process below it (its workers)."""
    pids, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            children = []
        pids += [int(child) for child in children]
        frontier += [int(child) for child in children]
    return pids


def start_server(workers: int) -> tuple[subprocess.Popen, str]:
    from serving import free_port

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fzcheck", "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2).read()
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def post_file(url: str, name: str, data: bytes, timeout: float = 60) -> tuple[int, dict]:
    boundary = uuid.uuid4().hex
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url + "/api/check", data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def sample_files(folder: Path) -> list[tuple[str, bytes]]:
    """The five samples as .txt, .docx, .pdf and .html."""
    from conftest import SEEDS
    from render import to_docx, to_html, to_pdf

    files = []
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        stem = path.stem[:3]
        for made in (path, to_docx(text, folder / f"{stem}.docx"), to_pdf(text, folder / f"{stem}.pdf"), to_html(text, folder / f"{stem}.html")):
            files.append((made.name, made.read_bytes()))
    return files


def expected_scores(files: list[tuple[str, bytes]], folder: Path) -> dict[str, tuple[float, list[str]]]:
    from fzcheck import api

    expected = {}
    for name, data in files:
        path = folder / ("expected-" + name)
        path.write_bytes(data)
        report = api.check_file(str(path))
        expected[name] = (report.score, [r.status.value for r in report.results])
    return expected


def load(url: str, files: list[tuple[str, bytes]], expected: dict, clients: int = CLIENTS, uploads: int = UPLOADS) -> dict:
    """`uploads` uploads from `clients` threads; every answer checked against `expected`. Stops by LOAD_DEADLINE."""
    stop_at = time.monotonic() + LOAD_DEADLINE
    jobs = [files[i % len(files)] for i in range(uploads)]

    def one(job):
        name, data = job
        if time.monotonic() > stop_at:
            return name, None, 0.0, "not sent: deadline"
        started = time.perf_counter()
        status, answer = post_file(url, name, data, timeout=max(1.0, stop_at - time.monotonic()))
        took = time.perf_counter() - started
        if status != 200:
            return name, status, took, answer.get("message")
        report = answer["reports"][0]
        got = (report["score"], [r["status"] for r in report["results"]])
        return name, status, took, None if got == expected[name] and report["path"] == name else f"wrong answer for {name}"

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        outcomes = list(pool.map(one, jobs))
    wall = time.perf_counter() - started
    latencies = sorted(o[2] for o in outcomes if o[1] == 200)
    problems = [o for o in outcomes if o[3] is not None]
    return {
        "uploads": len(jobs),
        "answered": sum(1 for o in outcomes if o[1] is not None),
        "correct": sum(1 for o in outcomes if o[1] == 200 and o[3] is None),
        "problems": problems[:5],
        "wall": wall,
        "p50": statistics.median(latencies) if latencies else None,
        "p95": latencies[max(0, int(round(0.95 * len(latencies))) - 1)] if latencies else None,
    }


class PeakMemory:
    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.running = pid, 0, True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, sum(rss(p) for p in family(self.pid)))
            time.sleep(0.02)

    def stop(self) -> int:
        self.running = False
        self.thread.join()
        return self.peak


def thirty_page_report(folder: Path) -> Path:
    """Sample 001 with its achievements section repeated until the Word file runs to about 30 pages."""
    from conftest import seed
    from render import to_docx

    text = seed("001").read_text(encoding="utf-8")
    head, rest = text.split("二、", 1)
    body = head.split("一、", 1)[1]
    head_part = head.split("一、", 1)[0]
    repeated = "一、" + body * (PAGES * CHARACTERS_PER_PAGE // len(body))
    return to_docx(head_part + repeated + "二、" + rest, folder / "三十页报告.docx")


def browser_timing(url: str, report: Path, screenshot: str | None) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("FZCHECK_CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.goto(url + "/")
        for _ in range(6):  # the first is the warm-up
            page.evaluate("() => { document.getElementById('result').hidden = true; }")
            started = time.perf_counter()
            page.set_input_files("#file", str(report))
            page.wait_for_selector("#result:not([hidden])", timeout=30_000)
            page.wait_for_function("() => document.querySelectorAll('#report-text mark').length > 0")
            times.append(time.perf_counter() - started)
        if screenshot:
            from conftest import seed

            page.set_input_files("#file", str(seed("001")))
            page.wait_for_selector("#result:not([hidden])")
            shown = page.evaluate("() => current.answer.reports[0].results.findIndex((r) => r.rule === 'quality.fazhi-wording')")
            page.locator(f'[data-results~="{shown}"]').first.click()
            page.evaluate(
                """(shown) => {
                    window.scrollTo(0, document.getElementById('result').offsetTop - 8);
                    const pane = document.getElementById('report-text');
                    const mark = document.querySelector(`[data-results~="${shown}"]`);
                    pane.scrollTop += mark.getBoundingClientRect().top - pane.getBoundingClientRect().top - 120;
                }""",
                shown,
            )
            page.screenshot(path=screenshot)
        browser.close()
    return times[1:]


def shrink(png: str) -> None:
    """A palette PNG: the screenshot is a few dozen KB instead of a few hundred."""
    from PIL import Image

    image = Image.open(png).convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    image.save(png, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--screenshot")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        files = sample_files(folder)
        expected = expected_scores(files, folder)
        proc, url = start_server(args.workers)
        try:
            time.sleep(3)  # workers warm up in their initializer
            idle = {pid: rss(pid) for pid in family(proc.pid)}
            helpers = {pid: size for pid, size in idle.items() if pid != proc.pid and "resource_tracker" in cmdline(pid)}
            workers = {pid: size for pid, size in idle.items() if pid != proc.pid and pid not in helpers}
            print(f"idle memory: server process {idle[proc.pid] / 2**20:.0f} MiB, {len(workers)} warm workers "
                  f"{sum(workers.values()) / 2**20:.0f} MiB, multiprocessing's resource tracker {sum(helpers.values()) / 2**20:.0f} MiB, "
                  f"all together {sum(idle.values()) / 2**20:.0f} MiB")
            peak = PeakMemory(proc.pid)
            figures = load(url, files, expected)
            print(f"load: {figures['uploads']} uploads from {CLIENTS} clients, {figures['answered']} answered, "
                  f"{figures['correct']} correct, {figures['wall']:.1f} s wall ({figures['uploads'] / figures['wall']:.1f}/s), "
                  f"p50 {figures['p50'] * 1000:.0f} ms, p95 {figures['p95'] * 1000:.0f} ms, peak memory {peak.stop() / 2**20:.0f} MiB")
            for problem in figures["problems"]:
                print("  problem:", problem)
            report = thirty_page_report(folder)
            times = browser_timing(url, report, args.screenshot)
            print(f"browser: {report.name} ({report.stat().st_size // 1024} KB), upload to rendered result "
                  f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms (warm, {len(times)} runs)")
            if args.screenshot:
                shrink(args.screenshot)
                print(f"screenshot: {args.screenshot} ({Path(args.screenshot).stat().st_size // 1024} KB)")
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
