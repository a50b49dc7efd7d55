"""Text and PDF readers: capped in lines, characters and pages; PDF characters keep their boxes."""

from __future__ import annotations

import pytest
from conftest import seed
from render import to_pdf

from fzcheck import ingest
from fzcheck.errors import InputError
from fzcheck.ingest import pdf as pdf_reader


def test_blank_lines_by_the_million_are_refused_before_any_block_is_made(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes("关于2024年法治政府建设情况的报告\n".encode() + b"\n" * 5_000_000)
    with pytest.raises(InputError, match="超过 100,000 行"):
        ingest.read(str(path))


def test_a_pdf_page_keeps_at_most_its_cap(tmp_path, monkeypatch):
    path = to_pdf(seed("002").read_text(encoding="utf-8"), tmp_path / "a.pdf")
    import pypdfium2

    monkeypatch.setattr(pdf_reader, "MAX_PAGE_CHARS", 200)
    document = pypdfium2.PdfDocument(str(path))
    kept = [sum(len(line["text"]) for line in pdf_reader._lines(page)) for page in document]
    document.close()
    assert len(kept) >= 3 and max(kept) <= 200 and min(kept[:-1]) > 150


def test_a_pdf_over_the_total_is_refused(tmp_path, monkeypatch):
    path = to_pdf(seed("002").read_text(encoding="utf-8"), tmp_path / "a.pdf")
    monkeypatch.setattr(pdf_reader, "MAX_CHARS", 1000)
    with pytest.raises(InputError, match="PDF 文字超过 1,000 字"):
        ingest.read(str(path))


def test_every_pdf_character_has_its_box(tmp_path):
    path = to_pdf(seed("002").read_text(encoding="utf-8"), tmp_path / "a.pdf")
    raw = ingest.read(str(path))
    assert all(block.boxes is not None and len(block.boxes) == len(block.text) for block in raw.blocks)
    for block in raw.blocks:
        for x0, y0, x1, y1 in block.boxes:
            assert 0 <= x0 <= x1 <= 612 and 0 <= y0 <= y1 <= 842
    first = raw.blocks[1].boxes
    assert first[0][0] < first[1][0]  # left to right along the line
