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


def _pdf_with_stream(inflated: int) -> bytes:
    """A one-page PDF whose content stream is `inflated` bytes of spaces (then a line of text), Flate-compressed."""
    import zlib

    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(inflated >> 20))
    stream += packer.compress(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET") + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_a_pdf_stream_that_inflates_hugely_is_refused_before_pdfium_opens_it(tmp_path, monkeypatch):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_pdf_with_stream(64 << 20))
    assert path.stat().st_size < 200_000

    def never(*args, **kwargs):
        raise AssertionError("PDFium must not see the file")

    import pypdfium2

    monkeypatch.setattr(pypdfium2, "PdfDocument", never)
    with pytest.raises(InputError, match="压缩比过高.*疑似压缩炸弹"):
        ingest.read(str(path))


def test_a_pdf_with_an_ordinary_stream_is_still_read(tmp_path):
    path = tmp_path / "small.pdf"
    path.write_bytes(_pdf_with_stream(0))
    assert [block.text for block in ingest.read(str(path)).blocks] == ["Hello"]
