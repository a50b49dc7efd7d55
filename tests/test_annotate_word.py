"""The commented copy of a clerk's own .docx: every comment on exactly its marked words, nothing else changed.

The documents are built here as Word writes them (python-docx plus raw WordprocessingML for what
python-docx cannot make: hyperlinks, text boxes, tracked changes), and read back with python-docx.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from render import to_docx
from wordcopy import Mark, anchored, comments, finding, mark_in, paragraph_texts, report_of

from fzcheck.annotate import AnnotateOptions, annotate_bytes
from fzcheck.model import Status

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TITLE = "某某镇人民政府关于2024年度法治政府建设情况的报告"
TEXT = f"""{TITLE}
县委、县政府：
2024年，我镇在县委、县政府的坚强领导下，深入学习贯彻习近平法治思想，现将有关情况报告如下。
一、主要举措和成效
（一）加强组织领导。镇党委召开专题会议研究法治建设工作4次。
二、存在的不足和原因
一是依法决策水平有待提高，主要原因是学习培训不够。
三、党政主要负责人履行推进法治建设第一责任人职责情况
镇党委书记带头学法，全年主持召开会议3次。
四、2025年工作安排
继续深化法治政府建设，提升行政执法水平。
"""


def rich_docx(path: Path) -> Path:
    """A report with Word numbering, header and footer, formatted runs, a hyperlink, a table, a text box,
    an image, an existing reviewer's comment and tracked changes."""
    to_docx(TEXT, path, word_numbering="paragraph")
    document = docx.Document(str(path))
    body = document.paragraphs[-1]._p.getparent()
    p = document.add_paragraph()
    p.add_run("一是").bold = False
    p.add_run("加强组织领导").bold = True
    p.add_run("，全年召开会议").italic = True
    p.add_run("3次，\t另有")
    p.add_run("专题培训").underline = True
    p.add_run("2次。")
    link = parse_xml(
        f'<w:p {nsdecls("w", "r")}><w:r><w:t xml:space="preserve">详见 </w:t></w:r>'
        '<w:hyperlink r:id="rIdNone"><w:r><w:rPr><w:color w:val="0000FF"/></w:rPr><w:t>政府网站法治专栏</w:t></w:r></w:hyperlink>'
        "<w:r><w:t>公开的年度报告。</w:t></w:r></w:p>"
    )
    textbox = parse_xml(
        f'<w:p {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:t>文本框前文</w:t></w:r>'
        '<w:r><w:pict><v:shape style="width:120pt;height:40pt"><v:textbox><w:txbxContent>'
        "<w:p><w:r><w:t>文本框里的说明文字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        "<w:r><w:t>文本框后文。</w:t></w:r></w:p>"
    )
    tracked = parse_xml(
        f'<w:p {nsdecls("w")}><w:r><w:t>本年度共办理</w:t></w:r>'
        '<w:ins w:id="901" w:author="李审核" w:date="2025-01-05T09:00:00Z"><w:r><w:t>行政复议</w:t></w:r></w:ins>'
        '<w:del w:id="902" w:author="李审核" w:date="2025-01-05T09:00:00Z"><w:r><w:delText>信访</w:delText></w:r></w:del>'
        "<w:r><w:t>案件12件，均依法办结。</w:t></w:r></w:p>"
    )
    sect = body[-1]
    for element in (link, textbox, tracked):
        sect.addprevious(element)
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("指标", "2023年", "2024年")):
        cell.text = text
    table.rows[1].cells[0].text = "行政复议案件"
    table.rows[1].cells[1].text = "10件"
    cell = table.rows[1].cells[2]
    cell.text = "12件"
    cell.add_paragraph("其中纠错2件，纠错率16.7%")
    reviewed = document.add_paragraph("最后一段由科室审核。")
    document.add_comment(reviewed.runs[0], "请核实这一段的数字", author="王科长", initials="WKZ")
    document.add_picture(io.BytesIO(_png()))
    document.save(str(path))
    return path


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture()
def rich(tmp_path) -> Path:
    return rich_docx(tmp_path / "报告.docx")


def _marks(path: Path) -> list[Mark]:
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    cell_texts = ["12件", "其中纠错2件，纠错率16.7%"]
    return [
        mark_in(texts, "存在的不足"),  # a heading numbered by Word (no label in its text)
        mark_in(texts, "学习培训不够"),  # inside one run
        mark_in(texts, "组织领导，全年召开"),  # across a bold and an italic run
        mark_in(texts, "次，\t另有专题"),  # a tab, and across an underlined run
        mark_in(texts, "网站法治"),  # inside a hyperlink
        mark_in(texts, "前文文本框后"),  # around a text box
        mark_in(texts, "办理案件12件"),  # around an insertion and a deletion
        mark_in(texts, "由科室审核"),  # inside a range that already has a reviewer's comment
        mark_in(cell_texts, "纠错率16.7%", table=1, row=2, cell=3),  # the second paragraph of a cell
        mark_in(texts, "法治", nth=3),
        mark_in(texts, "法治", nth=3),  # two findings on the same words
    ]


def _annotate(path: Path, marks: list[Mark], **options):
    results = [finding(f"test.rule-{n}", [mark]) for n, mark in enumerate(marks)]
    return annotate_bytes(path.read_bytes(), str(path), report_of(results, title=TITLE), AnnotateOptions(**options))


def test_every_comment_is_anchored_on_exactly_its_marked_words(rich):
    marks = _marks(rich)
    copy = _annotate(rich, marks)
    notes = comments(copy.data)
    ours = sorted((cid for cid, (author, _, _) in notes.items() if author == "fzcheck"))
    spans = anchored(copy.data)
    assert copy.comments == len(marks) + 1 and copy.inexact == ()
    summary, *placed = ours
    assert spans[summary] == TITLE and notes[summary][2].startswith("【fzcheck 审查结论】得分 52.5（不合格），未达标")
    assert [spans[cid] for cid in placed] == [mark.text for mark in marks]
    for cid, mark in zip(placed, marks):
        author, initials, text = notes[cid]
        assert (author, initials) == ("fzcheck", "FZ")
        assert "的问题说明" in text and "建议：" in text and "依据：《法治政府建设与责任落实督察工作规定》第二十五条" in text


def test_the_copy_keeps_the_clerks_document(rich):
    before = docx.Document(str(rich))
    copy = _annotate(rich, _marks(rich))
    after = docx.Document(io.BytesIO(copy.data))
    assert paragraph_texts(copy.data) == paragraph_texts(rich.read_bytes())
    xml_before, xml_after = before.element.xml, after.element.xml
    for kept in ("<w:numPr>", "<w:ins ", "<w:del ", "<w:delText>信访</w:delText>", "<w:t>行政复议</w:t>", "文本框里的说明文字", "<w:hyperlink", "<w:drawing>"):
        assert xml_after.count(kept) == xml_before.count(kept) > 0, kept
    assert after.part.numbering_part.element.xml == before.part.numbering_part.element.xml
    assert after.sections[0].header.paragraphs[0].text == "页眉：不属于正文"
    assert after.sections[0].footer.paragraphs[0].text == "第 1 页"
    assert [s.name for s in after.styles] == [s.name for s in before.styles]
    images = [part.blob for part in after.part.package.parts if part.content_type == "image/png"]
    assert images == [_png()]
    old = [c for c in after.comments if c.author == "王科长"]
    assert [(c.text, c.initials) for c in old] == [("请核实这一段的数字", "WKZ")]
    assert anchored(copy.data)[old[0].comment_id] == "最后一段由科室审核。"
    ids = [c.comment_id for c in after.comments]
    assert len(ids) == len(set(ids))


def test_cut_runs_keep_their_formatting(rich):
    copy = _annotate(rich, [mark_in([p.text for p in docx.Document(str(rich)).paragraphs], "组织领导，全年召开")])
    document = docx.Document(io.BytesIO(copy.data))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("一是加强组织领导"))
    pieces = [(run.text, run.bold, run.italic) for run in paragraph.runs if run.text]
    assert pieces[:5] == [("一是", False, None), ("加强", True, None), ("组织领导", True, None), ("，全年召开", None, True), ("会议", None, True)]


def test_a_missing_item_is_a_point_comment_at_its_anchor_and_without_place_at_the_end(rich):
    texts = [p.text for p in docx.Document(str(rich)).paragraphs]
    heading = texts.index("存在的不足和原因") + 1
    results = [
        finding("outline.causes", [Mark(anchor=True, paragraph=heading, start=0, end=0)], group="outline"),
        finding("outline.first-responsible", [Mark(anchor=True)], group="outline"),
    ]
    copy = annotate_bytes(rich.read_bytes(), str(rich), report_of(results, title=TITLE))
    document = docx.Document(io.BytesIO(copy.data))
    spans = anchored(copy.data)
    notes = {cid: text for cid, (author, _, text) in comments(copy.data).items() if author == "fzcheck"}
    causes = next(cid for cid, text in notes.items() if "规则 outline.causes）" in text)
    last = next(cid for cid, text in notes.items() if "规则 outline.first-responsible）" in text)
    assert spans[causes] == "" and spans[last] == ""
    heading_xml = document.paragraphs[heading - 1]._p
    assert heading_xml.xpath(f"./w:commentRangeStart[@w:id='{causes}']")
    last_text = [p for p in document.paragraphs if p.text.strip()][-1]._p
    assert last_text.xpath(f"./w:commentRangeEnd[@w:id='{last}']")
    summary = next(text for text in notes.values() if text.startswith("【fzcheck"))
    assert "✗ 测试规则 outline.causes：未通过" in summary


def test_severity_filter_and_author(rich):
    texts = [p.text for p in docx.Document(str(rich)).paragraphs]
    results = [
        finding("test.error", [mark_in(texts, "学习培训")], severity="error"),
        finding("test.warning", [mark_in(texts, "专题会议")], severity="warning", status=Status.PARTIAL),
        finding("test.info", [mark_in(texts, "带头学法")], severity="info"),
    ]
    report = report_of(results, title=TITLE)
    for level, expected in (("error", {"test.error"}), ("warning", {"test.error", "test.warning"}), ("info", {"test.error", "test.warning", "test.info"})):
        copy = annotate_bytes(rich.read_bytes(), str(rich), report, AnnotateOptions(min_severity=level, author="县司法局"))
        notes = [(author, text) for author, _, text in comments(copy.data).values() if author == "县司法局"]
        rules = {rule for _, text in notes for rule in ("test.error", "test.warning", "test.info") if f"规则 {rule}）" in text}
        assert rules == expected and len(notes) == len(expected) + 1


def test_a_mark_whose_offsets_drifted_lands_on_its_words_nearby(rich):
    texts = [p.text for p in docx.Document(str(rich)).paragraphs]
    good = mark_in(texts, "学习培训不够")
    drifted = Mark(text=good.text, paragraph=good.paragraph, start=good.start - 3, end=good.end - 3)
    copy = _annotate(rich, [drifted])
    ours = [cid for cid, (author, _, _) in comments(copy.data).items() if author == "fzcheck"]
    spans = anchored(copy.data)
    assert sorted(spans[cid] for cid in ours) == sorted([TITLE, "学习培训不够"]) and copy.inexact == ("test.rule-0",)
