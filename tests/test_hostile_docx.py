"""Word files: members inflated as a stream with a running count, numbering labels capped, long lists."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import seed
from render import to_docx

from fzcheck import api, ingest
from fzcheck.errors import InputError
from fzcheck.ingest import docx as docx_reader


def _rewrite(path: Path, member: str, change) -> Path:
    """The same Word file with one member's bytes changed (every other member copied as is)."""
    source = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, change(data) if info.filename == member else data)
    path.write_bytes(buffer.getvalue())
    return path


def _numbered(tmp_path: Path) -> Path:
    return to_docx(seed("002").read_text(encoding="utf-8"), tmp_path / "n.docx", word_numbering="paragraph")


def test_xml_that_inflates_past_the_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_XML", 2 * 1024 * 1024)
    path = _rewrite(_numbered(tmp_path), "word/document.xml", lambda xml: xml.replace(b"<w:body>", b"<w:body>" + b"<!--" + b" " * 3_000_000 + b"-->"))
    assert path.stat().st_size < 100_000
    with pytest.raises(InputError, match="XML 解压后超过 2 MB.*压缩炸弹"):
        ingest.read(str(path))


def test_the_ratio_is_counted_on_what_really_inflates(tmp_path):
    path = _numbered(tmp_path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/filler.bin", b"\0" * 60_000_000)
    with pytest.raises(InputError, match="压缩比过高"):
        ingest.read(str(path))


def test_headers_that_understate_a_member_do_not_get_it_inflated(tmp_path):
    path = _numbered(tmp_path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
        real = info.file_size
    small = (1000).to_bytes(4, "little")
    for size_offset in _size_fields(bytes(data), "word/document.xml", real):
        data[size_offset : size_offset + 4] = small
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="已损坏"):
        ingest.read(str(path))


def _size_fields(data: bytes, name: str, size: int) -> list[int]:
    """Offsets of the uncompressed-size fields of one member, in its local header and the central directory."""
    encoded = name.encode()
    found = []
    start = 0
    while (at := data.find(encoded, start)) >= 0:
        for header, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            base = data.rfind(header, 0, at)
            if base >= 0 and int.from_bytes(data[base + offset : base + offset + 4], "little") == size:
                found.append(base + offset)
        start = at + 1
    assert len(set(found)) == 2
    return sorted(set(found))


def test_a_numbering_label_of_two_million_characters_is_left_out(tmp_path):
    path = _rewrite(_numbered(tmp_path), "word/numbering.xml", lambda xml: xml.replace(b'w:val="%1\xe3\x80\x81"', b'w:val="' + b"%1" * 1_000_000 + b'"'))
    assert path.stat().st_size < 200_000
    raw = ingest.read(str(path))
    assert max(len(block.text) for block in raw.blocks) < 2000


def test_a_word_list_reaching_item_one_hundred(tmp_path):
    path = _rewrite(_numbered(tmp_path), "word/numbering.xml", lambda xml: xml.replace(b'<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1', b'<w:start w:val="99"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1', 1))
    labels = [block.text.split("、")[0] for block in ingest.read(str(path)).blocks if block.text[:1] in "九一"]
    assert labels[:4] == ["九十九", "一百", "一百零一", "一百零二"]
    assert api.check_file(str(path)).results  # checked, not called damaged


@pytest.mark.parametrize(
    ("number", "words"),
    [(10, "十"), (15, "十五"), (20, "二十"), (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (1005, "一千零五"), (2024, "二千零二十四"), (12345, "12345")],
)
def test_chinese_counting(number, words):
    assert docx_reader._chinese(number) == words
