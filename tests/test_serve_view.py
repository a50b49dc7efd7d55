"""The page's text view: each mark becomes spans over the shown blocks that cover exactly its original text."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import docx
import pytest

from conftest import seed
from fzcheck import api, ingest
from fzcheck.model import Block, Mark
from fzcheck.serve import view
from render import to_docx, to_html, to_pdf


def marked_text(built: dict, result: int, mark: int) -> str:
    spans = [s for s in built["marks"] if s.result == result and s.mark == mark]
    return "\n".join(built["blocks"][s.block]["text"][s.start : s.end] for s in spans)


def check_every_mark(path: Path) -> tuple[int, int]:
    doc = api.parse(ingest.read(str(path)))
    report = api.check_document(doc)
    built = view.build(doc, report)
    texts = anchors = 0
    for r, result in enumerate(report.results):
        for m, mark in enumerate(result.marks):
            spans = [s for s in built["marks"] if s.result == r and s.mark == m]
            assert spans, (result.rule, mark)
            if mark.anchor:
                assert all(s.anchor and s.start == s.end for s in spans)
                anchors += 1
            else:
                assert marked_text(built, r, m) == mark.text, (result.rule, mark)
                texts += 1
    return texts, anchors


def word_report_with_a_table(tmp_path: Path) -> Path:
    path = to_docx(seed("001").read_text(encoding="utf-8"), tmp_path / "r.docx")
    document = docx.Document(str(path))
    table = document.add_table(rows=2, cols=2)
    table.cell(1, 1).text = "第一行\n加强法制宣传，营造法制氛围"
    document.save(str(path))
    return path


@pytest.mark.parametrize("make", ["text", "docx", "pdf"])
def test_every_mark_covers_its_exact_words(make, tmp_path):
    source = seed("001")
    path = {
        "text": lambda: source,
        "docx": lambda: word_report_with_a_table(tmp_path),
        "pdf": lambda: to_pdf(source.read_text(encoding="utf-8"), tmp_path / "r.pdf"),
    }[make]()
    texts, anchors = check_every_mark(path)
    assert texts >= 20 and anchors >= 1


def test_a_table_cell_mark_lands_in_its_cell(tmp_path):
    path = word_report_with_a_table(tmp_path)
    doc = api.parse(ingest.read(str(path)))
    report = api.check_document(doc)
    built = view.build(doc, report)
    wording = next(i for i, r in enumerate(report.results) if r.rule == "quality.fazhi-wording")
    in_cell = [s for s in built["marks"] if s.result == wording and built["blocks"][s.block]["place"] == "表1第2行第2格"]
    assert [(s.start, s.end) for s in in_cell] == [(6, 8), (13, 15)]


def test_web_page_blocks_are_shown_and_marked(tmp_path):
    path = to_html(seed("002").read_text(encoding="utf-8"), tmp_path / "r.html")
    texts, _ = check_every_mark(path)
    assert texts >= 5


def test_blocks_are_the_original_lines_and_headings_are_whole_lines():
    path = seed("001")
    doc = api.parse(ingest.read(str(path)))
    built = view.build(doc, api.check_document(doc))
    lines = path.read_text(encoding="utf-8").splitlines()
    for block in built["blocks"]:
        assert block["text"] == lines[int(block["place"][1:-1]) - 1]
    headings = [b["text"].strip() for b in built["blocks"] if b["heading"]]
    assert headings == ["一、主要措施及成效", "二、存在问题和不足", "三、党政主要负责人履职情况", "四、下一步工作计划"]
    assert not any(h.startswith("(七)严格按照法定权限") for h in headings)  # a run-in heading's paragraph is body text


def test_a_multi_line_mark_gives_one_span_per_line():
    blocks = [Block(text="甲乙丙丁", line=3), Block(text="戊己庚", line=4)]
    places = view.Places(blocks)
    mark = Mark(text="丙丁\n戊己", line=3, column=3, end_line=4, end_column=3)
    assert list(places.spans(mark)) == [(0, 2, 4), (1, 0, 2)]
    assert list(places.spans(Mark(line=4, column=2, anchor=True))) == [(1, 1, 1)]


def test_word_offsets_skip_the_rebuilt_numbering_label():
    blocks = [Block(text="一、主要举措和成效", paragraph=5, label=2)]
    assert list(view.Places(blocks).spans(Mark(text="举措", paragraph=5, start=2, end=4))) == [(0, 4, 6)]


def test_web_page_characters_are_found_by_their_source_positions():
    first = Block(text="依法行政", line=10, positions=((10, 5), (10, 6), (10, 12), (10, 13)))  # an entity between 2nd and 3rd
    second = Block(text="法制宣传", line=11, positions=((11, 1), (11, 2), (11, 3), (11, 4)))
    places = view.Places([first, second])
    assert list(places.spans(Mark(text="法行", line=10, column=6, end_line=10, end_column=13))) == [(0, 1, 3)]
    assert list(places.spans(Mark(text="行政\n法制", line=10, column=12, end_line=11, end_column=3))) == [(0, 2, 4), (1, 0, 2)]


def test_a_result_without_marks_points_at_its_location():
    doc = api.parse_text("关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n全年办理案件12件。")
    report = api.check_document(doc)
    stripped = SimpleNamespace(results=[SimpleNamespace(marks=(), location=report.results[0].location)])
    built = view.build(doc, stripped)
    assert [(s.block, s.start, s.anchor, s.place) for s in built["marks"]] == [(1, 0, True, True)]
