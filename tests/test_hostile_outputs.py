"""Outputs: validated before any work, never one of the inputs, and a failed write keeps the screen output."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from conftest import ROOT, run_cli, seed

from fzcheck import outputs

HERE = {"PYTHONPATH": str(ROOT / "src")}


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "a.txt"
    shutil.copyfile(seed("002"), path)
    return path


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_an_input_is_never_overwritten(tmp_path, report, option):
    before = report.read_bytes()
    (tmp_path / "link.txt").symlink_to(report)
    for target in (str(report), "./a.txt", "link.txt"):
        args = ["-o", f"json={target}"] if option == "--output" else ["--write-baseline", target]
        proc = run_cli("check", str(tmp_path), *args, cwd=tmp_path, env=HERE)
        assert proc.returncode == 2 and "不能覆盖被检查的文件" in proc.stderr, proc.stderr
        assert proc.stdout == ""  # refused before any report was read
    assert report.read_bytes() == before


@pytest.mark.parametrize(
    ("target", "message"),
    [("missing/out.json", "所在文件夹"), (".", "是一个文件夹")],
)
def test_an_impossible_target_is_refused_before_any_work(tmp_path, report, target, message):
    proc = run_cli("check", str(report), "-o", f"json={target}", cwd=tmp_path, env=HERE)
    assert proc.returncode == 2 and message in proc.stderr and "内部错误" not in proc.stderr
    assert proc.stdout == ""


def test_two_outputs_into_one_file_are_refused(tmp_path, report):
    proc = run_cli("check", str(report), "-o", "json=out", "-o", "csv=./out", cwd=tmp_path, env=HERE)
    assert proc.returncode == 2 and "写入同一个文件" in proc.stderr


def test_a_write_that_fails_afterwards_keeps_the_screen_output(tmp_path, report):
    if not os.path.exists("/dev/full"):
        pytest.fail("/dev/full (a device that is always full) is needed to simulate a full disk")
    proc = run_cli("check", str(report), "--format", "json", "-o", "csv=/dev/full", cwd=tmp_path, env=HERE)
    assert proc.returncode == 2 and "无法写入 /dev/full" in proc.stderr and "内部错误" not in proc.stderr
    assert json.loads(proc.stdout)["reports"][0]["path"] == str(report)
    assert os.path.exists("/dev/full") and not os.path.isfile("/dev/full")  # written into, never replaced


def test_an_existing_output_survives_a_failed_write(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")

    def failing_replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outputs.os, "replace", failing_replace)
    assert outputs.write_all({"json": str(target)}, lambda fmt: "new") == [f"无法写入 {target}（No space left on device）"]
    assert target.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_link_to_the_output_stays_a_link(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(real)
    assert outputs.write(str(tmp_path / "link.json"), "new") is None
    assert (tmp_path / "link.json").is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_an_output_gets_the_permissions_a_saved_file_would(tmp_path, report):
    """Written through a private temporary file, but readable as the umask allows; a replaced file keeps its own."""
    fresh, kept = tmp_path / "new.xlsx", tmp_path / "kept.json"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    proc = run_cli("check", str(report), "-o", f"xlsx={fresh}", "-o", f"json={kept}", "--exit-zero", cwd=tmp_path, env=HERE)
    assert proc.returncode == 0, proc.stderr
    mask = os.umask(0o022)
    os.umask(mask)
    assert oct(fresh.stat().st_mode & 0o777) == oct(0o666 & ~mask)
    assert oct(kept.stat().st_mode & 0o777) == oct(0o640) and kept.read_text(encoding="utf-8") != "old"
