"""The web-page reader: one streaming pass, linear in the tags, every character placed in the source."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import seed
from render import to_html

from fzcheck import ingest
from fzcheck.errors import InputError
from fzcheck.ingest import html as html_reader

BODY = "关于2024年法治政府建设情况的报告。本镇坚持以习近平法治思想为指导，全面推进依法行政。"


def _page(tmp_path: Path, body: str, name: str = "p.html") -> Path:
    path = tmp_path / name
    path.write_text(f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>", encoding="utf-8")
    return path


def test_every_character_points_at_itself_in_the_source(tmp_path):
    path = to_html(seed("002").read_text(encoding="utf-8"), tmp_path / "p.html")
    lines = path.read_text(encoding="utf-8").split("\n")
    raw = ingest.read(str(path))
    checked = 0
    for block in raw.blocks:
        assert block.positions is not None and len(block.positions) == len(block.text)
        for char, (line, column) in zip(block.text, block.positions):
            assert lines[line - 1][column - 1] in (char, "&")  # an entity's characters sit at its '&'
            checked += 1
    assert checked > 3000


def test_entities_and_lines_inside_a_paragraph(tmp_path):
    path = _page(tmp_path, "\n<div id=\"zoom\">\n<p>依法&nbsp;行政&#20013;\n  推进法治政府建设工作</p></div>")
    block = next(b for b in ingest.read(str(path)).blocks if "依法" in b.text)
    assert block.text == "依法\xa0行政中  推进法治政府建设工作"
    assert block.positions[:3] == ((3, 4), (3, 5), (3, 6))  # 依 法 then &nbsp; at column 6
    assert block.positions[3:6] == ((3, 12), (3, 13), (3, 14))  # &#20013;
    assert block.positions[6] == (4, 1) and block.positions[8] == (4, 3)  # the next source line
    assert block.line == 3


def test_a_hundred_thousand_nested_divs_are_read(tmp_path):
    depth = 100_000
    path = _page(tmp_path, "<div>" * depth + BODY + "</div>" * depth)
    assert [b.text for b in ingest.read(str(path)).blocks] == [BODY]


def test_stray_end_tags_and_unclosed_list_items(tmp_path):
    items = "".join(f"<li>第{n}项工作：推进依法行政和法治政府建设" for n in range(2000))
    path = _page(tmp_path, "<div>" * 2000 + "</span>" * 5000 + f"<ul>{items}</ul>" + "</div>" * 2000)
    blocks = ingest.read(str(path)).blocks
    assert len(blocks) == 2000 and blocks[1].text == "第1项工作：推进依法行政和法治政府建设"


def test_chrome_subtrees_are_dropped_however_deep(tmp_path):
    chrome = '<div class="share">' + "<div>" * 5000 + "分享到微信" + "</div>" * 5000 + "</div>"
    path = _page(tmp_path, chrome + f'<div id="zoom"><p>{BODY}</p></div><nav>首页</nav><script>var 统计="代码";</script>')
    assert [b.text for b in ingest.read(str(path)).blocks] == [BODY]


def test_too_many_tags_is_refused_with_a_reason(tmp_path, monkeypatch):
    monkeypatch.setattr(html_reader, "MAX_TAGS", 1000)
    path = _page(tmp_path, "<b>字</b>" * 2000)
    with pytest.raises(InputError, match="网页标签超过"):
        ingest.read(str(path))


def test_too_much_text_is_refused_with_a_reason(tmp_path, monkeypatch):
    monkeypatch.setattr(html_reader, "MAX_TEXT", 10_000)
    path = _page(tmp_path, f"<p>{BODY * 400}</p>")
    with pytest.raises(InputError, match="网页文字超过"):
        ingest.read(str(path))
