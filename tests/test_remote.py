"""Reports read where a province keeps them: fsspec URLs (file://, and s3:// against moto's S3 server on
127.0.0.1 — never the internet), on one machine and on a LocalCluster's workers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cluster import ENV, free_port, require_dask
from conftest import SEEDS, require_modules, run_cli


require = require_modules


def scores(data: dict) -> list[tuple[str, float]]:
    return [(Path(r["path"]).name, r["score"]) for r in data["reports"]]


def test_file_urls_give_the_same_reports_as_paths(tmp_path):
    require("fsspec")
    folder = tmp_path / "共享盘" / "2024"
    folder.mkdir(parents=True)
    for path in SEEDS[:3]:
        shutil.copy(path, folder / path.name)
    (folder / ".隐藏.txt").write_text("不检查", encoding="utf-8")
    by_path = json.loads(run_cli("audit", str(folder), "-f", "json", "-j", "1", env=ENV).stdout)
    proc = run_cli("audit", f"file://{folder}", f"file://{tmp_path}/缺.txt", "-f", "json", "-j", "1", env=ENV)
    by_url = json.loads(proc.stdout)
    assert proc.returncode == 3
    assert scores(by_url) == scores(by_path) and len(by_url["reports"]) == 3
    assert all(r["path"].startswith("file:///") for r in by_url["reports"])
    assert [e["message"] for e in by_url["errors"]] == [f"无法读取 file://{tmp_path}/缺.txt：文件不存在，请检查路径"]


@pytest.fixture()
def s3_server(tmp_path):
    require("s3fs", "moto", "flask")
    port = free_port()
    server = Path(sys.executable).parent / "moto_server"
    log = open(tmp_path / "moto.log", "wb")
    process = subprocess.Popen([str(server), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
           "FSSPEC_S3_ENDPOINT_URL": endpoint, "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    try:
        import urllib.request

        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(endpoint, timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError((tmp_path / "moto.log").read_text(errors="replace"))
                time.sleep(0.2)
        yield endpoint, env
    finally:
        process.terminate()
        process.wait(timeout=20)


def upload(endpoint: str, env: dict, files: dict[str, bytes]) -> None:
    import boto3

    s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
                      aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"], region_name=env["AWS_DEFAULT_REGION"])
    s3.create_bucket(Bucket="province")
    for key, data in files.items():
        s3.put_object(Bucket="province", Key=key, Body=data)


@pytest.mark.slow
def test_s3_reports_are_checked_on_the_workers(tmp_path, s3_server):
    require_dask()
    endpoint, env = s3_server
    files = {f"2024/县{i}/{path.name}": path.read_bytes() for i, path in enumerate(SEEDS)}
    files["2024/县0/坏文件.docx"] = b"not a word file"
    upload(endpoint, env, files)
    local = json.loads(run_cli("audit", *map(str, SEEDS), "-f", "json", "-j", "2", env=ENV).stdout)
    proc = run_cli("audit", "s3://province/2024/", "s3://province/2023/缺.txt", "--dask", "local", "-j", "2", "-f", "json", env={**ENV, **env})
    assert proc.returncode == 3, proc.stderr
    data = json.loads(proc.stdout)
    assert [r["path"] for r in data["reports"]] == sorted(f"s3://province/{key}" for key in files if key.endswith(".txt"))
    assert sorted(scores(data)) == sorted(scores(local))
    messages = [e["message"] for e in data["errors"]]
    assert any("s3://province/2024/县0/坏文件.docx" in m and "无法读取" in m for m in messages)
    assert any(m == "无法读取 s3://province/2023/缺.txt：文件不存在，请检查路径" for m in messages)
