"""Real documents in: the same verdicts from .docx, .pdf and a saved web page as from the .txt."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from fzcheck import api, ingest
from fzcheck.errors import InputError
from render import to_docx, to_html, to_pdf

from conftest import SEEDS, run_json, seed


def statuses_of(path: Path) -> dict[str, str]:
    return {r.rule: r.status.value for r in api.check_file(str(path)).results}


@pytest.fixture(scope="module")
def baselines():
    return {s.name: statuses_of(s) for s in SEEDS}


@pytest.mark.parametrize("sample", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_same_verdicts_as_text(tmp_path, baselines, sample, kind):
    render = {"docx": to_docx, "pdf": to_pdf}[kind]
    path = render(sample.read_text(encoding="utf-8"), tmp_path / f"{sample.stem}.{kind}")
    assert statuses_of(path) == baselines[sample.name]


@pytest.mark.parametrize("sample", SEEDS, ids=lambda p: p.name[:3])
def test_same_verdicts_from_a_saved_web_page(tmp_path, baselines, sample):
    year = api.check_file(str(sample)).metadata.year
    path = to_html(sample.read_text(encoding="utf-8"), tmp_path / f"{sample.stem}.html", published=f"{year + 1}-03-20 10:00")
    report = api.check_file(str(path))
    got = {r.rule: r.status.value for r in report.results}
    assert report.metadata.published == f"{year + 1}-03-20"
    assert got.pop("year.publish-deadline") == "pass"
    expected = dict(baselines[sample.name])
    expected.pop("year.publish-deadline")
    assert got == expected


def test_late_web_publication_fails_the_deadline(tmp_path):
    path = to_html(seed("002").read_text(encoding="utf-8"), tmp_path / "late.html", published="2025-06-01 09:00")
    result = next(r for r in api.check_file(str(path)).results if r.rule == "year.publish-deadline")
    assert result.status.value == "fail" and "2025-06-01" in result.message


def test_web_page_in_gbk_and_without_meta_date(tmp_path):
    text = seed("002").read_text(encoding="utf-8")
    path = to_html(text, tmp_path / "gbk.html", published="2025-03-21", encoding="gbk")
    path.write_bytes(path.read_bytes().replace(b'<meta name="PubDate" content="2025-03-21">', b""))
    report = api.check_file(str(path))
    assert report.metadata.published == "2025-03-21"  # from the 发布时间 line
    assert report.metadata.title == "关于2024年法治政府建设情况的报告"
    text_of_page = "".join(s.title for s in report.sections)
    assert "首页" not in text_of_page and "分享" not in text_of_page


def test_web_chrome_is_left_out(tmp_path):
    path = to_html(seed("002").read_text(encoding="utf-8"), tmp_path / "p.html")
    raw = ingest.read(str(path))
    joined = "\n".join(b.text for b in raw.blocks)
    for chrome in ("当前位置", "互动交流", "统计代码", "打印本页", "网站标识码", "字号"):
        assert chrome not in joined
    assert raw.blocks[0].line is not None


@pytest.mark.parametrize("numbered_by", ["paragraph", "style"])
def test_word_automatic_numbering_recovers_the_labels(tmp_path, baselines, numbered_by):
    path = to_docx(seed("002").read_text(encoding="utf-8"), tmp_path / "n.docx", word_numbering=numbered_by)
    report = api.check_file(str(path))
    assert [s.label for s in report.sections] == ["一、", "二、", "三、", "四、"]
    assert [c.label for c in report.sections[0].children] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert {r.rule: r.status.value for r in report.results} == baselines[seed("002").name]


def test_docx_locations_are_paragraphs_and_pdf_locations_are_pages(tmp_path):
    text = seed("002").read_text(encoding="utf-8")
    docx_causes = next(r for r in api.check_file(str(to_docx(text, tmp_path / "a.docx"))).results if r.rule == "outline.causes")
    assert docx_causes.location.paragraph == 15 and docx_causes.location.line is None
    pdf_report = api.check_file(str(to_pdf(text, tmp_path / "a.pdf")))
    pdf_causes = next(r for r in pdf_report.results if r.rule == "outline.causes")
    assert pdf_causes.location.page and pdf_causes.location.page >= 4
    assert all(s.page for s in pdf_report.sections)


def test_pdf_running_header_and_page_numbers_are_removed(tmp_path):
    raw = ingest.read(str(to_pdf(seed("000").read_text(encoding="utf-8"), tmp_path / "r.pdf", header="故陵镇法治政府建设情况报告")))
    texts = [b.text for b in raw.blocks]
    assert not any(t.startswith("—") or t == "故陵镇法治政府建设情况报告" for t in texts)
    assert max(b.page for b in raw.blocks) >= 5
    wrapped = next(t for t in texts if t.startswith("一、"))
    assert wrapped == "一、2023年推进法治政府建设的主要举措和成效"


def test_docx_tables_are_text_rows_outside_headings(tmp_path):
    import docx

    document = docx.Document()
    for line in ("关于2023年法治政府建设情况的报告", "一、2023年推进法治政府建设的主要举措和成效", "全年主要数据如下："):
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "一、普法活动", "12次"
    table.cell(1, 0).text, table.cell(1, 1).text = "二、调解纠纷", "86件"
    document.add_paragraph("二、存在的不足和原因")
    document.add_paragraph("一是执法人员不足，原因是编制有限。")
    path = tmp_path / "t.docx"
    document.save(str(path))
    report = api.check_file(str(path))
    assert [s.title for s in report.sections] == ["2023年推进法治政府建设的主要举措和成效", "存在的不足和原因"]


# ---------------------------------------------------------------- bad input, each its own case


def read_error(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        ingest.read(str(path))
    message = str(caught.value)
    assert str(path) in message and "\n" not in message
    return message


def test_text_file_renamed_docx(tmp_path):
    path = tmp_path / "draft.docx"
    path.write_text("关于2023年法治政府建设情况的报告", encoding="utf-8")
    assert "不是 Word 文档" in read_error(path)


def test_binary_file_with_a_report_extension(tmp_path):
    for name in ("x.pdf", "x.docx"):
        path = tmp_path / name
        path.write_bytes(bytes(range(256)) * 8)
        assert "不是" in read_error(path)


def test_truncated_docx(tmp_path):
    good = to_docx(seed("002").read_text(encoding="utf-8"), tmp_path / "good.docx")
    cut = tmp_path / "cut.docx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "损坏" in read_error(cut)


def test_docx_zip_bomb_is_refused_without_unpacking(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as handle:
            chunk = b"\0" * (1 << 20)
            for _ in range(24):
                handle.write(chunk)
    assert path.stat().st_size < 200_000
    assert "压缩炸弹" in read_error(path)


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    assert "PDF" in read_error(path)


def test_pdf_cut_short_in_transfer(tmp_path):
    whole = to_pdf(seed("000").read_text(encoding="utf-8"), tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 2])
    assert "PDF 文件已损坏" in read_error(path)


def test_image_only_pdf_needs_ocr(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    for _ in range(2):
        pdf.rect(50, 50, 400, 600, fill=1)
        pdf.showPage()
    pdf.save()
    assert "OCR" in read_error(path)


def test_encrypted_pdf(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt=StandardEncryption("user", ownerPassword="owner"))
    pdf.drawString(100, 700, "report")
    pdf.save()
    assert "加密" in read_error(path)


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(ingest.MAX_BYTES + 1)
    assert "过大" in read_error(path)


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("报告", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(InputError) as caught:
        ingest.read(str(path))
    assert "没有读取权限" in str(caught.value)


@pytest.mark.parametrize("name, head", [("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), ("a.wps", b"\xd0\xcf\x11\xe0"), ("a.ofd", b"PK\x03\x04")])
def test_legacy_formats_say_what_to_convert_to(tmp_path, name, head):
    path = tmp_path / name
    path.write_bytes(head + b"\0" * 100)
    message = read_error(path)
    assert ".docx" in message


def test_several_bad_files_and_good_ones_in_one_json_call(tmp_path):
    good_pdf = to_pdf(seed("002").read_text(encoding="utf-8"), tmp_path / "good.pdf")
    fake = tmp_path / "fake.docx"
    fake.write_text("不是Word", encoding="utf-8")
    code, data = run_json("check", str(fake), str(good_pdf), str(seed("004")))
    assert code == 3
    assert [Path(r["path"]).name for r in data["reports"]] == ["good.pdf", seed("004").name]
    assert [Path(e["path"]).name for e in data["errors"]] == ["fake.docx"]


def test_checking_text_imports_no_heavy_library():
    code = (
        "import sys; from fzcheck import api; api.check_file(sys.argv[1]);"
        "print(sorted(m for m in ('docx', 'pypdfium2', 'bs4', 'jieba', 'rustpy_xlsxwriter', 'lxml', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(seed("002"))], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_docx_text_boxes_headers_and_footers_are_not_body(tmp_path):
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    for line in seed("002").read_text(encoding="utf-8").splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    box = document.paragraphs[5]._p
    box.append(
        parse_xml(
            f'<w:r {nsdecls("w", "wp", "a")} xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            "<w:drawing><wp:inline><wp:extent cx=\"1\" cy=\"1\"/><wp:docPr id=\"9\" name=\"框\"/><a:graphic><a:graphicData uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\">"
            "<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>三、文本框里的批注不属于正文</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp>"
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )
    )
    document.sections[0].header.paragraphs[0].text = "一、页眉里的字"
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    path = tmp_path / "box.docx"
    document.save(str(path))
    text = "\n".join(block.text for block in ingest.read(str(path)).blocks)
    assert "文本框" not in text and "页眉" not in text and "— 1 —" not in text
    assert statuses_of(path) == statuses_of(seed("002"))


def test_undecodable_text_file(tmp_path):
    import random

    generator = random.Random(1)
    path = tmp_path / "乱码.txt"
    path.write_bytes(bytes(generator.randrange(1, 256) for _ in range(4000)))
    assert "无法识别文件编码" in read_error(path)


def test_a_batch_of_word_files_keeps_no_parsed_document(tmp_path):
    """Batches run with the cyclic collector paused; python-docx builds reference cycles, so each file's
    parse must be freed as the batch goes, or hundreds of Word reports pile up gigabytes."""
    import gc

    from fzcheck import run

    def python_docx_objects() -> int:
        modules = (type(o).__module__ for o in gc.get_objects())
        return sum(isinstance(m, str) and m.startswith("docx.") for m in modules)

    text = seed("002").read_text(encoding="utf-8")
    paths = [str(to_docx(text, tmp_path / f"{index}.docx")) for index in range(3)]
    alive: list[int] = []
    results = run.check_all(paths, api.Options(), 1, "serial", progress=lambda _: alive.append(python_docx_objects()))
    assert [r.format for r in results] == ["docx"] * 3
    assert alive == [0, 0, 0]
