"""File names and folders: any name carried faithfully into every format; nothing skipped silently."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_cli, seed

from fzcheck import api, walk
from fzcheck.formats import safe
from fzcheck.model import ReadFailure

HERE = {"PYTHONPATH": str(ROOT / "src")}  # the code under test, whatever the working folder
GBK_NAME = "报告".encode("gbk") + b".txt"  # what a zip made on a Chinese Windows gives on Linux


def _report(folder: Path, name: bytes | str) -> Path:
    target = os.path.join(os.fsencode(folder), os.fsencode(name))
    shutil.copyfile(seed("002"), target)
    return Path(os.fsdecode(target))


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "csv", "html", "summary"])
def test_an_undecodable_name_reaches_every_screen_format(tmp_path, fmt):
    _report(tmp_path, GBK_NAME)
    proc = run_cli("check", str(tmp_path), "--format", fmt, "--exit-zero")
    assert proc.returncode == 0, proc.stderr
    if fmt == "sarif":  # a URI: the file's own bytes, percent-encoded
        assert "%B1%A8%B8%E6.txt" in proc.stdout
    else:
        assert "\\xb1\\xa8\\xb8\\xe6.txt" in proc.stdout.replace("\\\\", "\\")


def test_an_undecodable_name_in_the_excel_and_json_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _report(folder, GBK_NAME)
    proc = run_cli("audit", str(folder), "-o", f"xlsx={tmp_path / 'a.xlsx'}", "-o", f"json={tmp_path / 'a.json'}", "--exit-zero")
    assert proc.returncode == 0, proc.stderr
    from openpyxl import load_workbook

    cells = [c.value for row in load_workbook(tmp_path / "a.xlsx")["汇总"].iter_rows() for c in row]
    assert any(isinstance(v, str) and v.endswith("\\xb1\\xa8\\xb8\\xe6.txt") for v in cells)
    reports = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["reports"]
    assert os.fsencode(safe.original(reports[0]["path"])).endswith(GBK_NAME)  # reversible


def test_control_characters_and_formulas_in_names(tmp_path):
    _report(tmp_path, "=HYPERLINK(1)\x07.txt")
    proc = run_cli("check", "=HYPERLINK(1)\x07.txt", "-o", "xlsx=a.xlsx", "-o", "csv=a.csv", "--exit-zero", cwd=tmp_path, env=HERE)
    assert proc.returncode == 0, proc.stderr
    from openpyxl import load_workbook

    cell = next(c for row in load_workbook(tmp_path / "a.xlsx")["汇总"].iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(1)\\x07.txt"
    rows = (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[1].startswith("'=HYPERLINK(1)\x07.txt,")


def test_a_cell_longer_than_excel_holds_is_cut_and_the_workbook_still_written(tmp_path):
    from dataclasses import replace

    from openpyxl import load_workbook

    from fzcheck.formats import render
    from fzcheck.model import Batch

    report = api.check_file(str(seed("003")))
    finding = next(n for n, r in enumerate(report.results) if r.status.value == "fail")
    results = list(report.results)
    results[finding] = replace(results[finding], message="说明" * 20000)  # 40,000 characters
    batch = Batch.of([replace(report, results=tuple(results)), ReadFailure("坏.docx", "无法读取：" + "坏" * 40000)])
    (tmp_path / "a.xlsx").write_bytes(render("xlsx", batch))
    book = load_workbook(tmp_path / "a.xlsx")
    message = next(row[10] for row in book["问题明细"].iter_rows(min_row=2, values_only=True) if row[2] == results[finding].rule)
    assert len(message) == safe.CELL_LIMIT and message.startswith("说明说明") and message.endswith(safe.CUT)
    assert len(book["无法读取"]["B2"].value) == safe.CELL_LIMIT


def test_a_newline_in_a_name_cannot_inject_a_workflow_command(tmp_path):
    name = "a\n::error file=x::injected.txt"
    _report(tmp_path, name)
    proc = run_cli("check", name, "--format", "github", "--exit-zero", cwd=tmp_path, env=HERE)
    assert proc.returncode == 0, proc.stderr
    assert not any(line.startswith("::error file=x") for line in proc.stdout.splitlines())
    assert "a%0A%3A%3Aerror file=x%3A%3Ainjected.txt" in proc.stdout


def test_safe_helpers():
    assert safe.display("报告.txt") == "报告.txt"
    assert safe.display(os.fsdecode(GBK_NAME)) == "\\xb1\\xa8\\xb8\\xe6.txt"
    assert safe.spreadsheet("a\x00b\tc") == "a\\x00b\tc"
    assert safe.spreadsheet("甲" * 32767) == "甲" * 32767 and len(safe.spreadsheet("甲" * 32768)) == 32767
    assert [safe.csv_cell(v) for v in ("=1", "+1", "-1", "@a", "a=1", 3)] == ["'=1", "'+1", "'-1", "'@a", "a=1", 3]


def test_every_entry_not_followed_is_listed_with_its_reason(tmp_path):
    root = tmp_path / "reports"
    (root / "sub").mkdir(parents=True)
    good = _report(root / "sub", "a.txt")
    outside = tmp_path / "outside.txt"
    shutil.copyfile(seed("002"), outside)
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    (root / "out.txt").symlink_to(outside)
    os.mkfifo(root / "pipe.txt")
    (root / ".git").mkdir()
    (root / "picture.png").write_bytes(b"\x89PNG")
    items = api.expand([str(root)])
    assert items[0] == str(good)
    reasons = {Path(item.path).name: item.message for item in items if isinstance(item, ReadFailure)}
    assert set(reasons) == {"loop", "dangling.txt", "out.txt", "pipe.txt"}
    assert "循环" in reasons["loop"] and "不存在" in reasons["dangling.txt"]
    assert "文件夹之外" in reasons["out.txt"] and "管道" in reasons["pipe.txt"]


def test_a_link_inside_the_folder_is_followed_once(tmp_path):
    root = tmp_path / "reports"
    (root / "real").mkdir(parents=True)
    _report(root / "real", "a.txt")
    (root / "alias").symlink_to(root / "real", target_is_directory=True)
    items = api.expand([str(root)])
    assert [Path(i).name if isinstance(i, str) else i.message for i in items][0] == "a.txt"
    assert sum(isinstance(i, str) for i in items) == 1  # the same folder is not read twice


def test_an_unreadable_folder_is_listed(tmp_path, monkeypatch):
    root = tmp_path / "reports"
    (root / "locked").mkdir(parents=True)
    _report(root, "a.txt")
    real = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(walk.os, "scandir", scandir)
    items = api.expand([str(root)])
    assert isinstance(items[-1], ReadFailure) and items[-1].path.endswith("locked") and "无法打开该文件夹" in items[-1].message


def test_a_batch_of_crafted_entries_still_reports_every_good_one(tmp_path):
    root = tmp_path / "reports"
    root.mkdir()
    for number in ("001", "002", "003"):
        shutil.copyfile(seed(number), root / f"{number}.txt")
    (root / "deep.html").write_text("<html><body>" + "<div>" * 50_000 + "法治" + "</div>" * 50_000, encoding="utf-8")
    (root / "bookmarks.txt").write_text("关于2024年法治政府建设情况的报告\n" + "[bookmark:" * 100_000 + "\n", encoding="utf-8")
    (root / "digits.txt").write_text("关于2024年法治政府建设情况的报告\n一、主要成效\n" + "1" * 200_000 + "\n", encoding="utf-8")
    (root / "blank.txt").write_bytes(b"\n" * 300_000)
    (root / "bomb.docx").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    (root / "loop").symlink_to(root, target_is_directory=True)
    os.mkfifo(root / "pipe.txt")
    proc = run_cli("audit", str(root), "--format", "json", "--exit-zero", "--jobs", "1")
    data = json.loads(proc.stdout)
    checked = {Path(r["path"]).name for r in data["reports"]}
    assert {"001.txt", "002.txt", "003.txt"} <= checked
    failed = {Path(f["path"]).name for f in data.get("errors", data.get("failures", []))}
    assert {"blank.txt", "bomb.docx", "loop", "pipe.txt"} <= failed
