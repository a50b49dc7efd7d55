"""`fzcheck serve` as a command: start, answer, warn on a shared network, stop on Ctrl-C, log no report text;
and `fzcheck check` never loads the web server's libraries."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT, seed
from serving import free_port, require

require("starlette", "fzcheck[web]")


def start(*args: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "fzcheck", "serve", "--port", str(port), "--workers", "1", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                assert json.load(answer)["status"] == "ok"
                return proc, port
        except OSError:
            assert proc.poll() is None, proc.stderr.read()
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("fzcheck serve did not answer within 60 s")


def post_text(port: int, text: str) -> dict:
    boundary = "fzcheckboundary"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n{text}\r\n--{boundary}--\r\n').encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/check", data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.load(answer)


def stop(proc: subprocess.Popen) -> tuple[str, str]:
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    return out, err


@pytest.mark.slow
def test_serve_answers_then_stops_cleanly_on_ctrl_c_without_logging_report_text():
    text = seed("001").read_text(encoding="utf-8")
    proc, port = start()
    report = post_text(port, text)["reports"][0]
    assert report["path"] == "粘贴的文本" and report["metadata"]["title"] == "遂城镇2020年度法治政府建设工作情况报告"
    out, err = stop(proc)
    assert proc.returncode == 0, err
    assert f"http://127.0.0.1:{port}/" in err and "Ctrl-C" in err
    assert "注意" not in err and "Traceback" not in err
    assert "遂城镇" not in out + err and "法治" not in (out + err).replace("法治政府", "")  # no report text in logs


@pytest.mark.slow
def test_a_shared_network_address_is_announced_with_a_warning():
    proc, port = start("--host", "0.0.0.0")
    _, err = stop(proc)
    announced = next(line for line in err.splitlines() if f":{port}/" in line)
    assert "0.0.0.0" not in announced and "127.0.0.1" not in announced  # an address colleagues can open
    warning = [line for line in err.splitlines() if line.startswith("注意")]
    assert warning == ["注意：监听 0.0.0.0，同一网络中的任何人都可以打开并使用此页面。"]


def test_serve_without_the_web_extra_says_what_to_install():
    code = "import sys; sys.modules['starlette'] = None; from fzcheck.cli import main; sys.argv = ['fzcheck', 'serve']; main()"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert proc.returncode == 2
    assert proc.stderr.strip() == "错误：网页服务需要额外的组件（starlette），请先安装：pip install 'fzcheck[web]'"


def test_serve_refuses_a_broken_rule_file_before_starting(tmp_path):
    broken = tmp_path / "规则.yaml"
    broken.write_text("rules:\n  - id: x\n    kind: 不存在\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "fzcheck", "serve", "--rules", str(broken), "--port", str(free_port())],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=60,
    )
    assert proc.returncode == 2 and "规则文件错误" in proc.stderr and "Traceback" not in proc.stderr


def test_check_loads_nothing_of_the_web_server():
    code = (
        "import sys\nfrom fzcheck.cli import main\nsys.argv = ['fzcheck', 'check', sys.argv[1], '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('starlette', 'uvicorn', 'multipart', 'python_multipart', 'fzcheck.serve.app', 'fzcheck.serve.pool') if m in sys.modules]\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(seed("000"))], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}
    )
    assert '"schema": "fzcheck.report/1"' in proc.stdout
    assert "LOADED []" in proc.stderr
