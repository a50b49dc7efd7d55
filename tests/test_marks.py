"""Every finding points at its exact words: each mark's text is the original file's characters at its place."""

from __future__ import annotations

import codecs

import docx
import pytest

from fzcheck import api, ingest
from fzcheck.model import Mark
from fzcheck.ruleset import PROFILES
from fzcheck.profiles import load
from render import to_docx

from conftest import SEEDS, seed


def text_marks(report):
    return [(result.rule, mark) for result in report.results for mark in result.marks if not mark.anchor]


def assert_marks_match_lines(report, lines: list[str]) -> int:
    checked = 0
    for rule, mark in text_marks(report):
        assert mark.line is not None and mark.column is not None, (rule, mark)
        if mark.line == mark.end_line:
            assert lines[mark.line - 1][mark.column - 1 : mark.end_column - 1] == mark.text, (rule, mark)
        else:
            assert lines[mark.line - 1][mark.column - 1 :] == mark.text.split("\n")[0], (rule, mark)
            assert lines[mark.end_line - 1][: mark.end_column - 1] == mark.text.split("\n")[-1], (rule, mark)
        checked += 1
    return checked


@pytest.mark.parametrize("sample", SEEDS, ids=lambda p: p.name[:3])
def test_every_mark_of_a_sample_is_its_original_text(sample):
    report = api.check_file(str(sample))
    lines = sample.read_text(encoding="utf-8").splitlines()
    assert assert_marks_match_lines(report, lines) >= 10
    for result in report.results:
        if result.status.value in ("fail", "partial"):
            assert result.marks, result.rule  # every finding points somewhere
        if not result.marks:
            continue
        first = result.marks[0]
        assert (result.location.line, result.location.column) == (first.line, first.column)


def every_example():
    seen = set()
    for profile in PROFILES:
        for rule in load(profile).rules:
            for side, texts in (("pass", rule.examples_pass), ("fail", rule.examples_fail)):
                for index, text in enumerate(texts):
                    if (rule.id, side, index) not in seen:
                        seen.add((rule.id, side, index))
                        yield pytest.param(profile, text, id=f"{rule.id}-{side}{index}")


@pytest.mark.parametrize("profile,text", list(every_example()))
def test_every_mark_of_a_rule_example_is_its_original_text(profile, text):
    report = api.check_text(text, options=api.Options(profile=profile))
    assert_marks_match_lines(report, text.splitlines())


def test_a_rule_with_several_hits_has_several_marks():
    report = api.check_file(str(seed("000")))
    competence = next(r for r in report.results if r.rule == "quality.competence")
    assert [(m.text, m.line) for m in competence.marks] == [("完善法律法规体系", 11), ("行政诉讼的审理", 26), ("制定规章", 33)]


def test_a_missing_item_is_an_anchor_at_the_next_heading():
    report = api.check_file(str(seed("004")))
    missing = next(r for r in report.results if r.rule == "outline.first-responsible")
    (anchor,) = missing.marks
    assert anchor.anchor and anchor.text == ""
    lines = seed("004").read_text(encoding="utf-8").splitlines()
    assert "下一步工作计划" in lines[anchor.line - 1]
    assert anchor.column == 1 + len(lines[anchor.line - 1]) - len(lines[anchor.line - 1].lstrip())


INDENTED = "关于2023年法治政府建设情况的报告\n　　一、主要举措和成效\n　　全年开展法制宣传5次，审核合同15份。\n"


@pytest.mark.parametrize(
    "encoding,newline",
    [("utf-8", "\n"), ("utf-8", "\r\n"), ("utf-8-sig", "\n"), ("gb18030", "\r\n"), ("utf-16", "\n")],
)
def test_columns_survive_indents_line_ends_and_encodings(tmp_path, encoding, newline):
    path = tmp_path / "r.txt"
    path.write_bytes(codecs.encode(INDENTED.replace("\n", newline), encoding))
    report = api.check_file(str(path))
    fazhi = next(r for r in report.results if r.rule == "quality.fazhi-wording")
    (mark,) = fazhi.marks
    assert (mark.text, mark.line, mark.column, mark.end_column) == ("法制", 3, 7, 9)
    assert (fazhi.location.line, fazhi.location.column) == (3, 7)


def word_marks_match(path, report) -> int:
    paragraphs = docx.Document(str(path)).paragraphs
    checked = 0
    for rule, mark in text_marks(report):
        assert mark.table is None and mark.paragraph is not None, (rule, mark)
        assert paragraphs[mark.paragraph - 1].text[mark.start : mark.end] == mark.text, (rule, mark)
        checked += 1
    return checked


@pytest.mark.parametrize("numbering", ["", "paragraph"])
@pytest.mark.parametrize("sample", SEEDS, ids=lambda p: p.name[:3])
def test_word_marks_index_python_docx_paragraphs(tmp_path, sample, numbering):
    path = to_docx(sample.read_text(encoding="utf-8"), tmp_path / "r.docx", word_numbering=numbering)
    assert word_marks_match(path, api.check_file(str(path))) >= 5


def test_word_paragraph_numbers_skip_tables_and_marks_in_cells_name_the_cell(tmp_path):
    document = docx.Document()
    document.add_paragraph("关于2023年法治政府建设情况的报告")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "数量"
    table.cell(1, 0).text, table.cell(1, 1).text = "法制宣传", "5次"
    document.add_paragraph("一、主要举措和成效")
    document.add_paragraph("全年开展法制宣传教育，审核合同15份。")
    path = tmp_path / "t.docx"
    document.save(str(path))
    report = api.check_file(str(path))
    fazhi = next(r for r in report.results if r.rule == "quality.fazhi-wording")
    in_cell, in_body = fazhi.marks
    assert (in_cell.table, in_cell.row, in_cell.cell, in_cell.paragraph, in_cell.start, in_cell.end) == (1, 2, 1, 1, 0, 2)
    assert in_body.table is None and in_body.paragraph == 3 and (in_body.start, in_body.end) == (4, 6)
    assert docx.Document(str(path)).paragraphs[2].text[4:6] == "法制" == in_body.text


def test_marks_are_in_the_json_contract():
    report = api.check_file(str(seed("000")))
    from fzcheck.formats import json_format

    record = json_format.record(report)
    assert all(isinstance(m, Mark) for r in record["results"] for m in r.marks)


def test_sarif_has_a_region_with_a_snippet_per_occurrence():
    import json

    from conftest import run_cli

    proc = run_cli("check", str(seed("000")), "--format", "sarif")
    result = next(r for r in json.loads(proc.stdout)["runs"][0]["results"] if r["ruleId"] == "quality.competence")
    regions = [loc["physicalLocation"]["region"] for loc in result["locations"]]
    lines = seed("000").read_text(encoding="utf-8").splitlines()
    assert [r["snippet"]["text"] for r in regions] == ["完善法律法规体系", "行政诉讼的审理", "制定规章"]
    for region in regions:
        assert lines[region["startLine"] - 1][region["startColumn"] - 1 : region["endColumn"] - 1] == region["snippet"]["text"]


def test_github_annotation_columns_and_text_output_quote_the_words(tmp_path):
    from conftest import run_cli

    path = tmp_path / "indented.txt"
    path.write_text(INDENTED, encoding="utf-8")
    github = run_cli("check", str(path), "--format", "github").stdout
    line = next(x for x in github.splitlines() if "quality.fazhi-wording" in x)
    assert ",line=3,col=7,endLine=3,endColumn=9," in line
    text = run_cli("check", str(seed("000"))).stdout
    assert "第11行第322列「完善法律法规体系」" in text and "第33行第115列「制定规章」" in text


def test_hand_written_constructors_take_every_field_with_its_default():
    """Block and Mark set their fields in one step (speed); their __init__ must follow the fields exactly."""
    import dataclasses
    import inspect

    from fzcheck.model import Block

    for cls in (Block, Mark):
        parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
        fields = dataclasses.fields(cls)
        assert [p.name for p in parameters] == [f.name for f in fields]
        missing = (inspect.Parameter.empty, dataclasses.MISSING)
        assert [None if p.default in missing else p.default for p in parameters] == [None if f.default in missing else f.default for f in fields]
        assert [p.default is inspect.Parameter.empty for p in parameters] == [f.default is dataclasses.MISSING for f in fields]


def test_a_merged_word_cell_is_read_once_and_every_other_cell_is_read(tmp_path):
    """Cells are told apart by their elements, not by id(): lxml's proxy objects come and go, and a reused id
    once made a plain cell look like a merged one already read (a finding in it then went unmarked)."""
    document = docx.Document()
    document.add_paragraph("关于2023年法治政府建设情况的报告")
    table = document.add_table(rows=40, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "合并的表头"
    for row in range(1, 40):
        for column in range(3):
            table.cell(row, column).text = f"第{row}行第{column + 1}格"
    path = tmp_path / "t.docx"
    document.save(str(path))
    cells = [b.text for b in ingest.read(str(path)).blocks if b.in_table]
    assert cells == ["合并的表头"] + [f"第{row}行第{column + 1}格" for row in range(1, 40) for column in range(3)]
