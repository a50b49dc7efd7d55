"""The command line as a user meets it: verdicts, exit codes, Chinese errors, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from conftest import ROOT, run_cli, run_json, seed, statuses

SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))


def no_traceback(proc) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout


def test_check_best_sample_text_output():
    proc = run_cli("check", str(seed("002")))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "得分 93.1（优秀） 通过" in out  # detectors that find nothing weigh nothing (scored: findings)
    assert "✓ 主要举措和成效  第6行" in out
    assert "◐ 不足的原因  第16行" in out
    assert "建议：对每个问题写明原因" in out


def test_missing_item_fails_the_gate():
    proc = run_cli("check", str(seed("004")))
    assert proc.returncode == 1
    assert "✗ 党政主要负责人履行第一责任人职责情况  第28行  党政主要负责人履行推进法治建设第一责任人职责的情况未单列成节（全文未找到该部分）" in proc.stdout
    assert "未通过" in proc.stdout


def test_fail_under_raises_the_bar():
    assert run_cli("check", str(seed("002")), "--fail-under", "95").returncode == 1
    assert run_cli("check", str(seed("002")), "--fail-under", "90").returncode == 0


def test_json_contract_on_all_seeds():
    code, data = run_json("check", *[str(p) for p in sorted((ROOT / "samples").glob("0*.txt"))])
    assert code == 1
    jsonschema.validate(data, SCHEMA)
    assert data["schema"] == "fzcheck.report/1"
    assert data["summary"] == {"reports": 5, "passed": 1, "failed": 4, "unreadable": 0}
    first = data["reports"][0]
    assert first["metadata"]["year"] == 2023 and first["metadata"]["level"] == "township"
    assert first["metadata"]["truncated"] is False
    assert statuses(first)["outline.causes"] == "fail"
    assert [s["title"] for s in data["reports"][1]["sections"]][:2] == ["主要措施及成效", "存在问题和不足"]


def test_unreadable_files_are_listed_and_the_rest_still_checked(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    missing = tmp_path / "missing.txt"
    code, data = run_json("check", str(empty), str(seed("002")), str(binary), str(missing))
    assert code == 3
    jsonschema.validate(data, SCHEMA)
    assert [r["path"] for r in data["reports"]] == [str(seed("002"))]
    errors = {Path(e["path"]).name: e["message"] for e in data["errors"]}
    assert set(errors) == {"empty.txt", "scan.txt", "missing.txt"}
    assert "文件是空的" in errors["empty.txt"] and str(empty) in errors["empty.txt"]
    assert "二进制" in errors["scan.txt"]
    assert "不存在" in errors["missing.txt"]


def test_unreadable_wins_over_failed_gate_in_text_mode(tmp_path):
    proc = run_cli("check", str(seed("004")), str(tmp_path / "nope.txt"))
    assert proc.returncode == 3
    no_traceback(proc)
    assert "错误：无法读取" in proc.stdout and "nope.txt" in proc.stdout
    assert "得分" in proc.stdout


def test_folder_without_reports(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b", encoding="utf-8")
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 3
    assert "文件夹中没有可检查的报告" in proc.stdout
    no_traceback(proc)


def test_folder_is_searched_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text(seed("002").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b" / "c.txt").write_text(seed("004").read_text(encoding="utf-8"), encoding="utf-8")
    code, data = run_json("check", str(tmp_path))
    assert code == 1
    assert [Path(r["path"]).name for r in data["reports"]] == ["a.txt", "c.txt"]


def test_usage_errors_exit_2():
    proc = run_cli("check", str(seed("002")), "--format", "yaml")
    assert proc.returncode == 2 and "不支持的输出格式" in proc.stderr
    proc = run_cli("check", str(seed("002")), "--profile", "province")
    assert proc.returncode == 2 and "不支持的配置档" in proc.stderr


def test_bad_rule_file_exits_2_before_reading_reports(tmp_path):
    bad = tmp_path / "mine.yaml"
    bad.write_text("extends: township\nrules:\n  - id: my.rule\n    kind: phrases\n    colour: red\n", encoding="utf-8")
    proc = run_cli("check", str(tmp_path / "missing.txt"), "--rules", str(bad))
    assert proc.returncode == 2
    assert "mine.yaml 第5行" in proc.stderr and "colour" in proc.stderr and "my.rule" in proc.stderr
    assert "missing.txt" not in proc.stderr + proc.stdout
    no_traceback(proc)


def test_profile_can_be_forced():
    code, data = run_json("check", str(seed("003")), "--profile", "department")
    assert data["reports"][0]["profile"] == "department"
    assert "meta.unit-wording" not in statuses(data["reports"][0])
    code, data = run_json("check", str(seed("003")))
    assert data["reports"][0]["profile"] == "township"
    assert statuses(data["reports"][0])["meta.unit-wording"] == "fail"


def test_the_reports_are_never_modified(tmp_path):
    copy = tmp_path / "r.txt"
    copy.write_bytes(seed("001").read_bytes())
    before = (copy.read_bytes(), copy.stat().st_mtime_ns)
    run_cli("check", str(copy), "--format", "json")
    assert (copy.read_bytes(), copy.stat().st_mtime_ns) == before


def test_help_is_chinese():
    proc = run_cli("--help")
    assert proc.returncode == 0
    assert "法治政府建设年度报告" in proc.stdout and "退出码" in proc.stdout
