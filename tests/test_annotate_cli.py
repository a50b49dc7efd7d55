"""`fzcheck annotate` as a user runs it: copies of real-looking reports in every format, read back
with python-docx and opened in LibreOffice; the reports themselves never change."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from conftest import run_cli, seed
from render import to_docx, to_html, to_pdf
from test_annotate_word import TITLE, rich_docx
from wordcopy import anchored, comments, finding, paragraph_texts, pdf_annotation_texts, pdf_with_notes, report_of, sha

from fzcheck import api
from fzcheck.annotate import annotate_bytes, notes
from fzcheck.ingest import read

SEED = seed("002")


def _expected_anchors(path: Path) -> tuple[list[str], list[str]]:
    """What each fzcheck comment must say and the text it must sit on, in the order they are made."""
    report = api.check_path(str(path))
    made = notes.notes(report)
    return [note.text for note in made], [note.mark.text if note.mark is not None else None for note in made]


def _ours(data: bytes) -> list[tuple[str, str]]:
    spans = anchored(data)
    return [(text, spans[cid]) for cid, (author, _, text) in sorted(comments(data).items()) if author == "fzcheck"]


@pytest.mark.parametrize("kind", ["docx", "txt", "md", "pdf", "html"])
def test_annotate_every_format(tmp_path, kind):
    text = SEED.read_text(encoding="utf-8")
    report = tmp_path / f"报告.{kind}"
    if kind == "docx":
        to_docx(text, report, word_numbering="style")
    elif kind == "pdf":
        to_pdf(text, report)
    elif kind == "html":
        to_html(text, report)
    else:
        report.write_text(text, encoding="utf-8")
    before = sha(report)
    proc = run_cli("annotate", str(report))
    copy = tmp_path / "报告.审查.docx"
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"已写入 {copy}（") and sha(report) == before
    data = copy.read_bytes()
    if kind == "docx":
        assert paragraph_texts(data) == paragraph_texts(report.read_bytes())
    else:
        blocks = [block.text for block in read(str(report)).blocks]
        while not blocks[-1].strip():
            blocks.pop()
        assert paragraph_texts(data) == blocks
    texts, marks = _expected_anchors(report)
    placed = _ours(data)
    assert [text for text, _ in placed] == texts
    title = placed[0][1]
    assert title and "法治政府建设" in title
    assert [span for _, span in placed] == [title if mark is None else mark for mark in marks]


def test_refuses_to_overwrite_without_force_and_never_writes_over_a_report(tmp_path):
    report = rich_docx(tmp_path / "报告.docx")
    existing = tmp_path / "报告.审查.docx"
    existing.write_bytes(b"not mine")
    proc = run_cli("annotate", str(report))
    assert proc.returncode == 2 and existing.read_bytes() == b"not mine"
    assert proc.stderr.strip() == f"错误：{existing} 已存在，未覆盖；如需覆盖请加 --force"
    existing.write_bytes(report.read_bytes())  # a report of its own, named like the first one's copy
    kept = sha(existing)
    proc = run_cli("annotate", str(report), str(existing), "--force")
    assert proc.returncode == 2 and sha(existing) == kept
    assert f"错误：审查副本 {existing} 与输入的报告是同一个文件，不能覆盖报告本身；请用 -o 指定其他文件夹" in proc.stderr
    assert (tmp_path / "报告.审查.审查.docx").exists()  # the other report is still annotated
    existing.write_bytes(b"not mine")
    proc = run_cli("annotate", str(report), "--force")
    assert proc.returncode == 0, proc.stderr
    assert paragraph_texts(existing.read_bytes()) == paragraph_texts(report.read_bytes())


def test_out_dir_and_options(tmp_path):
    report = tmp_path / "报告.txt"
    report.write_bytes(SEED.read_bytes())
    out = tmp_path / "审查副本"
    proc = run_cli("annotate", str(report), "-o", str(out), "--author", "县司法局", "--min-severity", "error")
    assert proc.returncode == 0, proc.stderr
    data = (out / "报告.审查.docx").read_bytes()
    notes_made = comments(data)
    assert {author for author, _, _ in notes_made.values()} == {"县司法局"}
    assert not any(text.startswith(("【警告", "【提示")) for _, _, text in notes_made.values())
    assert not (tmp_path / "报告.审查.docx").exists()
    proc = run_cli("annotate", str(report), "--min-severity", "fatal")
    assert proc.returncode == 2 and "--min-severity" in proc.stderr
    proc = run_cli("annotate", str(report), "--profile", "province")
    assert proc.returncode == 2 and proc.stderr.startswith("错误：不支持的配置档 'province'")


def test_unreadable_reports_get_checks_error_and_the_others_are_still_annotated(tmp_path):
    from reportlab.pdfgen import canvas

    good = tmp_path / "好.txt"
    good.write_bytes(SEED.read_bytes())
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    legacy = tmp_path / "旧.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 200)
    locked = tmp_path / "加密.pdf"
    pdf = canvas.Canvas(str(locked), encrypt="secret")
    pdf.drawString(72, 720, "report")
    pdf.save()
    hashes = {path: sha(path) for path in (good, broken, legacy, locked)}
    proc = run_cli("annotate", str(broken), str(good), str(legacy), str(locked))
    assert proc.returncode == 3
    assert (tmp_path / "好.审查.docx").exists()
    assert not any((tmp_path / f"{name}.审查.docx").exists() for name in ("坏", "旧", "加密"))
    for bad in (broken, legacy, locked):
        check = run_cli("check", str(bad))
        line = next(line for line in check.stderr.splitlines() + check.stdout.splitlines() if line.startswith("错误："))
        assert line in proc.stderr.splitlines()
    assert {path: sha(path) for path in hashes} == hashes


def test_libreoffice_opens_the_copy_and_shows_every_comment(tmp_path):
    report = rich_docx(tmp_path / "报告.docx")
    texts = [p.text for p in docx.Document(str(report)).paragraphs]
    from wordcopy import mark_in

    marks = [mark_in(texts, "学习培训不够"), mark_in(texts, "网站法治"), mark_in(texts, "办理案件12件")]
    copy = annotate_bytes(report.read_bytes(), str(report), report_of([finding(f"test.{n}", [m]) for n, m in enumerate(marks)], title=TITLE))
    target = tmp_path / "报告.审查.docx"
    target.write_bytes(copy.data)
    seen = {"".join(text.split()) for text in pdf_annotation_texts(pdf_with_notes(target, tmp_path / "pdf"))}
    wanted = {"".join(text.split()) for author, _, text in comments(copy.data).values()}
    assert len(wanted) == 5 and wanted <= seen  # four of ours and the reviewer's own


@pytest.mark.slow
def test_sixty_page_report(tmp_path):
    import pypdfium2

    from wordcopy import mark_in

    topics = ["行政执法", "依法决策", "法治宣传", "行政复议", "政务公开", "矛盾化解"]
    lines = [TITLE, "县委、县政府："]
    for number, topic in enumerate(["一、主要举措和成效", "二、存在的不足和原因", "三、党政主要负责人履行推进法治建设第一责任人职责情况", "四、2025年工作安排"]):
        lines.append(topic)
        for index in range(190):
            subject = topics[index % len(topics)]
            lines.append(
                f"第{number + 1}部分第{index + 1}段：围绕{subject}工作，全镇各部门认真落实法治政府建设要求，"
                f"健全制度机制，规范工作流程，全年开展{subject}相关工作{index + 3}次，群众满意度进一步提升，"
                "为推进法治政府建设打下了坚实基础。"
            )
    report = to_docx("\n".join(lines), tmp_path / "长报告.docx", word_numbering="paragraph")
    texts = [p.text for p in docx.Document(str(report)).paragraphs]
    marks = [mark_in(texts, "法治政府建设要求", nth=n) for n in range(0, 760, 5)]
    copy = annotate_bytes(report.read_bytes(), str(report), report_of([finding("test.long", marks)], title=TITLE))
    placed = _ours(copy.data)
    assert [span for _, span in placed] == [TITLE] + [mark.text for mark in marks]
    assert paragraph_texts(copy.data) == paragraph_texts(report.read_bytes())
    target = tmp_path / "长报告.审查.docx"
    target.write_bytes(copy.data)
    pdf_path = pdf_with_notes(target, tmp_path / "pdf")
    assert len(pypdfium2.PdfDocument(str(pdf_path))) >= 60
    seen = ["".join(text.split()) for text in pdf_annotation_texts(pdf_path)]
    assert sorted(seen) == sorted("".join(text.split()) for text, _ in placed)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_audit_writes_a_copy_per_report_inside_the_pool(tmp_path, jobs):
    folder = tmp_path / "报告"
    folder.mkdir()
    for number in ("000", "002", "004"):
        (folder / f"{number}.txt").write_bytes(seed(number).read_bytes())
    to_docx(SEED.read_text(encoding="utf-8"), folder / "003.docx")
    (folder / "坏.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    out = tmp_path / "副本"
    out.mkdir()
    (out / "004.审查.docx").write_bytes(b"a copy from last week")
    hashes = {path: sha(path) for path in folder.iterdir()}
    proc = run_cli("audit", str(folder), "--annotate-dir", str(out), "-j", jobs)
    assert proc.returncode == 3
    lines = proc.stderr.splitlines()
    for number in ("000", "002", "003"):
        copy = out / f"{number}.审查.docx"
        assert any(line.startswith(f"已写入 {copy}（") for line in lines), proc.stderr
        assert _ours(copy.read_bytes())[0][0].startswith("【fzcheck 审查结论】")
    assert f"错误：未生成审查副本：{out / '004.审查.docx'} 已存在，未覆盖；如需覆盖请加 --force" in lines
    assert (out / "004.审查.docx").read_bytes() == b"a copy from last week"
    assert not (out / "坏.审查.docx").exists()
    assert {path: sha(path) for path in folder.iterdir()} == hashes
