"""Reviewer batch audit and CI gate: outputs, exit codes, configuration, waivers, baseline, hooks."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import yaml

from conftest import ROOT, SEEDS, run_cli, seed, statuses

REPORT_SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
SARIF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture()
def reports(tmp_path) -> Path:
    """A folder as a reviewer receives it: the seeds in sub-folders, and one broken file."""
    folder = tmp_path / "收到的报告"
    for index, path in enumerate(SEEDS):
        target = folder / ("乡镇" if index % 2 else "街道") / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    (folder / "坏文件.docx").write_text("不是 Word 文档", encoding="utf-8")
    return folder


def _highlighted(sheet) -> set[tuple[str, str]]:
    """(range, text) of the sheet's red conditional highlights: a cell holding the text gets the failure fill."""
    return {
        (str(block.sqref), rule.formula[0].split('"')[1])
        for block in sheet.conditional_formatting
        for rule in block.rules
        if rule.type == "containsText" and rule.dxf.fill.bgColor.rgb.endswith("FFC7CE")
    }


def test_audit_outputs_and_isolation(tmp_path, reports):
    out = {fmt: tmp_path / f"a.{fmt}" for fmt in ("xlsx", "html", "csv", "json")}
    args = ["audit", str(reports), "--jobs", "2"] + [x for fmt, p in out.items() for x in ("--output", f"{fmt}={p}")]
    proc = run_cli(*args)
    assert proc.returncode == 3, proc.stderr  # one unreadable file wins over the failed gate
    screen = proc.stdout
    assert "审查排名" in screen and "各项通过率" in screen and "最常见的问题：不足的原因 5 份" in screen
    assert "坏文件.docx" in screen

    data = json.loads(out["json"].read_text(encoding="utf-8"))
    jsonschema.validate(data, REPORT_SCHEMA)
    assert data["summary"] == {"reports": 5, "passed": 1, "failed": 4, "unreadable": 1}
    assert [Path(e["path"]).name for e in data["errors"]] == ["坏文件.docx"]
    names = [Path(r["path"]).name[:3] for r in data["reports"]]
    assert names == ["001", "003", "000", "002", "004"]  # input order: folders sorted by path

    raw = out["csv"].read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["文件", "单位", "标题"]
    assert len(rows) == 1 + sum(len(r["results"]) for r in data["reports"]) + 1

    page = out["html"].read_text(encoding="utf-8")
    assert "<script" not in page and "src=" not in page and "<link" not in page and "http" not in page.replace("http-equiv", "")
    assert "各报告明细" in page and "批次统计" in page and "坏文件.docx" in page

    from openpyxl import load_workbook

    book = load_workbook(out["xlsx"])
    assert book.sheetnames == ["汇总", "问题明细", "相似报告", "统计", "无法读取"]
    summary = book["汇总"]
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref == "A1:P6"
    assert 40 <= summary.column_dimensions["B"].width < 41  # 40 characters, stored with Excel's cell padding
    assert [c.value for c in summary[1]][:3] == ["排名", "文件", "单位"]
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    assert [r[7] for r in rows] == sorted((r[7] for r in rows), reverse=True)
    assert any(r[9] == "否" for r in rows)
    assert _highlighted(summary) == {("J2:J6", "否")}  # a failed report's 是否通过, shown red wherever the rows are sorted
    assert _highlighted(book["问题明细"]) == {(f"E2:E{book['问题明细'].max_row}", "未通过")}
    assert book["无法读取"].max_row == 2
    occurrences = [len(x["marks"]) or 1 for r in data["reports"] for x in r["results"] if x["status"] in ("fail", "partial")]
    assert book["问题明细"].max_row == 1 + sum(occurrences)  # only findings; a finding has a row for each of its marks
    assert {row[4] for row in book["问题明细"].iter_rows(min_row=2, values_only=True)} == {"未通过", "部分"}
    competence = [row for row in book["问题明细"].iter_rows(min_row=2, values_only=True) if row[2] == "quality.competence" and row[4] == "未通过"]
    assert {row[11] for row in competence} >= {"完善法律法规体系", "制定规章"}


def test_audit_is_deterministic_whatever_the_pool(reports):
    one = run_cli("audit", str(reports), "--jobs", "1", "--format", "json")
    two = run_cli("audit", str(reports), "--jobs", "2", "--format", "json")
    assert one.returncode == two.returncode == 3
    assert json.loads(one.stdout) == json.loads(two.stdout)


def test_json_lines_unit_is_the_contract_record(reports):
    """`json_line` (one check's result as one line, for exports such as the Dask plan in
    docs/performance.md) gives exactly the record the batch document holds, error entries included."""
    from fzcheck import api
    from fzcheck.formats.json_format import json_line

    document = json.loads(run_cli("audit", str(reports), "--format", "json").stdout)
    items = [api.check_one(str(path)) for path in sorted(reports.rglob("*.*"))]
    lines = [json.loads(json_line(item)) for item in items]
    by_path = {entry["path"]: entry for entry in document["reports"] + document["errors"]}
    assert len(lines) == len(by_path) == 6
    def alone(record: dict) -> dict:
        """A batch decides copy detection (corpus pass); one report checked alone cannot: drop those results."""
        if "results" not in record:
            return record
        results = [r for r in record["results"] if not r["rule"].startswith("quality.copied-")]
        return {**record, "results": results, "counts": None}

    for line in lines:
        assert alone(line) == alone(by_path[line["path"]])
        assert line.get("score") == by_path[line["path"]].get("score")  # a clean comparison weighs nothing
    assert sum("message" in line and "results" not in line for line in lines) == 1


def test_sarif_is_valid_and_points_at_lines(tmp_path):
    proc = run_cli("check", *[str(p) for p in SEEDS], "--format", "sarif")
    assert proc.returncode == 1
    sarif = json.loads(proc.stdout)
    jsonschema.validate(sarif, SARIF_SCHEMA)
    run = sarif["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert "outline.causes" in ids and "meta.joint-bodies" in ids
    assert all(rule["help"]["text"] and rule["defaultConfiguration"]["level"] in ("error", "warning", "note") for rule in run["tool"]["driver"]["rules"])
    missing = next(r for r in run["results"] if r["ruleId"] == "outline.first-responsible")
    location = missing["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "samples/004_9363d317fde9ebdf.txt"
    assert location["region"]["startLine"] == 28
    assert missing["level"] == "error"


def test_junit_has_a_case_per_report_and_rule():
    proc = run_cli("check", str(seed("002")), str(seed("004")), "--format", "junit")
    root = ET.fromstring(proc.stdout)
    suites = root.findall("testsuite")
    assert len(suites) == 2
    cases = suites[1].findall("testcase")
    assert len(cases) == len(statuses(json.loads(run_cli("check", str(seed("004")), "--format", "json").stdout)["reports"][0]))
    failed = [c.get("name").split()[0] for c in cases if c.find("failure") is not None]
    assert "outline.first-responsible" in failed and "outline.causes" in failed
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites)


def test_github_annotations_are_chosen_in_actions():
    proc = run_cli("check", str(seed("004")), env={"GITHUB_ACTIONS": "true"})
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    missing = next(line for line in lines if "outline.first-responsible " in line)
    assert missing.startswith("::error file=samples/004_9363d317fde9ebdf.txt,line=28,")
    assert any(line.startswith("::warning ") for line in lines)
    assert any(line.startswith("::notice ") for line in lines)
    text_mode = run_cli("check", str(seed("004")), "--format", "text", env={"GITHUB_ACTIONS": "true"})
    assert "::error" not in text_mode.stdout


@pytest.mark.parametrize(
    "args, code",
    [
        (["002"], 0),
        (["002", "--fail-on", "warning"], 0),  # 002's only failure is an info-level one
        (["002", "--fail-on", "info"], 1),
        (["004"], 1),
        (["004", "--fail-on", "never"], 1),  # 57.1 is still under 60
        (["004", "--fail-on", "never", "--fail-under", "50"], 0),
        (["004", "--exit-zero"], 0),
        (["004", "--fail-on", "sometimes"], 2),
    ],
)
def test_gate_options(args, code):
    number, *rest = args
    assert run_cli("check", str(seed(number)), *rest).returncode == code


def test_exit_zero_never_hides_an_unreadable_file(tmp_path):
    assert run_cli("check", str(seed("004")), str(tmp_path / "gone.pdf"), "--exit-zero").returncode == 3


def test_config_file_found_by_walking_up(tmp_path):
    repo = tmp_path / "repo"
    (repo / "reports" / "2024").mkdir(parents=True)
    (repo / "drafts").mkdir()
    shutil.copy(seed("002"), repo / "reports" / "2024" / "李河镇.txt")
    shutil.copy(seed("004"), repo / "drafts" / "草稿.txt")
    (repo / ".fzcheck.yaml").write_text(
        "include: ['**/*.txt']\nexclude: ['drafts/*']\nfail_under: 90\nformat: json\n", encoding="utf-8"
    )
    work = repo / "reports" / "2024"
    proc = run_cli("check", cwd=work)
    data = json.loads(proc.stdout)
    assert [Path(r["path"]).name for r in data["reports"]] == ["李河镇.txt"]
    assert proc.returncode == 0  # 93.1 ≥ 90
    assert run_cli("check", "--fail-under", "95", cwd=work).returncode == 1  # the command line wins
    shown = run_cli("config", "show", cwd=work).stdout
    assert f"配置文件：{repo / '.fzcheck.yaml'}" in shown
    assert re.search(r"fail_under\s+= 90\s+（来源：.*\.fzcheck\.yaml）", shown)
    assert re.search(r"profile\s+= auto\s+（来源：默认值）", shown)


def test_pyproject_tool_section_and_unknown_keys(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.fzcheck]\nprofile = "county"\nfail-on = "warning"\n', encoding="utf-8")
    shown = run_cli("config", "show", cwd=tmp_path)
    assert "profile     = county" in shown.stdout and "fail_on     = warning" in shown.stdout
    data = json.loads(run_cli("check", str(seed("002")), "--format", "json", cwd=tmp_path).stdout)
    assert data["reports"][0]["profile"] == "county"
    (tmp_path / ".fzcheck.yaml").write_text("failunder: 70\n", encoding="utf-8")
    proc = run_cli("check", str(seed("002")), cwd=tmp_path)
    assert proc.returncode == 2 and "未知的键 failunder" in proc.stderr


def test_waivers(tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        yaml.safe_dump(
            {
                "waivers": [
                    {"rule": "outline.causes", "files": "samples/00[04]_*.txt", "reason": "已要求补写原因，下一版修订"},
                    {"rule": "quality.*", "files": "*.docx", "reason": "无此类文件"},
                    {"rule": "outline.first-responsible", "files": "*004*", "reason": "过期的豁免", "expires": "2020-01-01"},
                ]
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    proc = run_cli("check", str(seed("000")), str(seed("004")), "--waivers", str(waivers), "--format", "json")
    data = json.loads(proc.stdout)
    causes = [next(x for x in r["results"] if x["rule"] == "outline.causes") for r in data["reports"]]
    assert [c["suppressed"] for c in causes] == ["豁免：已要求补写原因，下一版修订"] * 2
    missing = next(x for x in data["reports"][1]["results"] if x["rule"] == "outline.first-responsible")
    assert missing["suppressed"] == ""  # the expired waiver does not apply
    assert "豁免已过期" in proc.stderr and "豁免未被使用" in proc.stderr and "quality.*" in proc.stderr
    baseline_score = json.loads(run_cli("check", str(seed("000")), "--format", "json").stdout)["reports"][0]["score"]
    assert data["reports"][0]["score"] > baseline_score
    (tmp_path / "bad.yaml").write_text("waivers:\n  - {rule: outline.causes, files: '*'}\n", encoding="utf-8")
    bad = run_cli("check", str(seed("000")), "--waivers", str(tmp_path / "bad.yaml"))
    assert bad.returncode == 2 and "reason" in bad.stderr


def test_baseline_survives_moved_text_and_catches_new_gaps(tmp_path):
    report = tmp_path / "镇报告.txt"
    original = seed("004").read_text(encoding="utf-8")
    report.write_text(original, encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    made = run_cli("check", str(report), "--write-baseline", str(baseline))
    assert made.returncode == 0 and baseline.is_file()
    assert run_cli("check", str(report), "--baseline", str(baseline)).returncode == 0
    moved = original.replace("一、2021年工作情况", "\n\n（本报告经镇党委会审议）\n\n一、2021年工作情况")
    report.write_text(moved, encoding="utf-8")
    assert run_cli("check", str(report), "--baseline", str(baseline)).returncode == 0
    worse = moved.replace("行政应诉工作仍需进一步加强。", "行政应诉工作仍需进一步加强。\nXX镇将于20XX年整改。")
    report.write_text(worse, encoding="utf-8")
    proc = run_cli("check", str(report), "--baseline", str(baseline), "--fail-on", "warning", "--format", "json")
    assert proc.returncode == 1
    placeholders = next(x for x in json.loads(proc.stdout)["reports"][0]["results"] if x["rule"] == "quality.placeholders")
    assert placeholders["status"] == "fail" and placeholders["suppressed"] == ""


def test_action_and_hook_definitions():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = hooks[0]
    assert hook["id"] == "fzcheck" and hook["entry"] == "fzcheck check" and hook["language"] == "python"
    assert all(re.search(hook["files"], name) for name in ("a.txt", "b.md", "c.docx", "d.pdf", "e.html", "f.htm"))
    assert not re.search(hook["files"], "x.py")
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    run_step = action["runs"]["steps"][-1]["run"]
    assert "--format github" in run_step and "--output \"sarif=" in run_step


def test_ci_doc_uses_only_real_options():
    doc = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    known = run_cli("check", "--help").stdout + run_cli("audit", "--help").stdout
    flags = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", doc)) - {"--all-files", "--files", "--upgrade"}
    assert flags and all(flag in known for flag in flags), sorted(f for f in flags if f not in known)


def test_pre_commit_hook_for_real(tmp_path):
    repo = tmp_path / "reports-repo"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    shutil.copy(seed("002"), repo / "李河镇2024.txt")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "fzcheck", "--files"]
    passed = subprocess.run(command + ["李河镇2024.txt"], cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    shutil.copy(seed("004"), repo / "暨龙镇2021.txt")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    failed = subprocess.run(command + ["李河镇2024.txt", "暨龙镇2021.txt"], cwd=repo, capture_output=True, text=True, env=env, timeout=600)
    assert failed.returncode == 1
    assert "Failed" in failed.stdout and "党政主要负责人履行推进法治建设第一责任人职责的情况未单列成节" in failed.stdout


def test_reasons_say_why_a_report_did_not_pass():
    data = json.loads(run_cli("check", str(seed("004")), str(seed("002")), "--format", "json").stdout)
    failed, passed = data["reports"]
    assert failed["reasons"][0] == f"得分 {failed['score']} 低于及格线 60"
    assert "党政主要负责人履行第一责任人职责情况" in failed["reasons"][1]
    assert passed["passed"] and passed["reasons"] == []
    relaxed = json.loads(run_cli("check", str(seed("000")), "--fail-on", "never", "--fail-under", "85", "--format", "json").stdout)
    assert relaxed["reports"][0]["reasons"] == [f"得分 {relaxed['reports'][0]['score']} 低于及格线 85"]
