"""Render a report text as a .docx, a .pdf and a saved government web page, as real ones look."""

from __future__ import annotations

import html
import re
from pathlib import Path

L1 = re.compile(r"^([一二三四五六七八九十]+)、")
L2 = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def to_docx(text: str, path: Path, word_numbering: str = "") -> Path:
    """One Word paragraph per line. With word_numbering, 一、/（一） headings use Word's list numbering,
    set on each heading paragraph ("paragraph") or, as in many office templates, in heading styles of
    their own that are based on Word's built-in ones ("style")."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def num_pr(level: int):
        return parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')

    document = docx.Document()
    heading_styles = [document.styles["Heading 1"], document.styles["Heading 2"]]
    if word_numbering == "style":
        for level, name in enumerate(("公文一级标题", "公文二级标题")):
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = heading_styles[level]
            style.element.get_or_add_pPr().append(num_pr(level))
            heading_styles[level] = style
    if word_numbering:
        numbering = document.part.numbering_part.element
        numbering.insert(
            0,
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
                '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
                "</w:abstractNum>"
            ),
        )
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for line in paragraphs(text):
        level = 0 if L1.match(line) else 1 if L2.match(line) and len(line) < 40 else None
        if word_numbering and level is not None:
            label = (L1 if level == 0 else L2).match(line)
            paragraph = document.add_paragraph(line[label.end():], style=heading_styles[level])
            if word_numbering == "paragraph":
                paragraph._p.get_or_add_pPr().append(num_pr(level))
        else:
            document.add_paragraph(line)
    section = document.sections[0]
    section.header.paragraphs[0].text = "页眉：不属于正文"
    section.footer.paragraphs[0].text = "第 1 页"
    document.save(str(path))
    return path


def to_pdf(text: str, path: Path, header: str = "法治政府建设情况报告") -> Path:
    """A4 pages, STSong (a CID font built into reportlab), indented paragraphs, running header, page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    size, leading = 14, 24
    width, height = A4
    left, right, top, bottom = 72, width - 72, height - 90, 80
    pdf = canvas.Canvas(str(path), pagesize=A4)
    page = 1
    y = top

    def finish_page() -> None:
        nonlocal page, y
        pdf.setFont(font, 10)
        pdf.drawCentredString(width / 2, height - 50, header)
        pdf.drawCentredString(width / 2, 40, f"— {page} —")
        pdf.showPage()
        page += 1
        y = top

    for para in paragraphs(text):
        heading = bool(L1.match(para) or (L2.match(para) and len(para) < 40))
        indent = 0 if heading else 2 * size
        remaining = para
        first = True
        while remaining:
            room = right - left - (indent if first else 0)
            cut = 1
            while cut < len(remaining) and pdfmetrics.stringWidth(remaining[: cut + 1], font, size) <= room:
                cut += 1
            if y < bottom:
                finish_page()
            pdf.setFont(font, size)
            pdf.drawString(left + (indent if first else 0), y, remaining[:cut])
            remaining = remaining[cut:]
            first = False
            y -= leading
    finish_page()
    pdf.save()
    return path


def to_html(text: str, path: Path, published: str = "2025-03-20 10:00", encoding: str = "utf-8") -> Path:
    """A page as saved from a county government site: navigation, breadcrumbs, meta tags, share bar, footer."""
    lines = paragraphs(text)
    title = next((line for line in lines[:6] if "报告" in line), lines[0])
    body = "\n".join(f'<p style="text-indent:2em">{html.escape(line)}</p>' for line in lines)
    page = f"""<!DOCTYPE html>
<html><head><meta charset="{encoding}">
<meta name="ArticleTitle" content="{html.escape(title)}">
<meta name="PubDate" content="{published}">
<title>{html.escape(title)}_政府信息公开_某县人民政府</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.zoom p {{ line-height: 2; }}</style>
</head><body>
<div class="header"><div class="nav"><a href="/">首页</a><a href="/zwgk">政务公开</a><a href="/hdjl">互动交流</a></div></div>
<div class="breadcrumb">当前位置：首页 &gt; 政府信息公开 &gt; 法治政府建设年度报告</div>
<div class="article">
<h1>{html.escape(title)}</h1>
<div class="info">发布时间：{published}　来源：某县司法局　字号：【<a>大</a> <a>中</a> <a>小</a>】</div>
<div id="zoom" class="TRS_Editor">
{body}
</div>
<div class="share">分享到：微信 微博　【打印本页】【关闭窗口】</div>
</div>
<div class="footer">主办单位：某县人民政府办公室　网站标识码：1234567890　备案号：某ICP备12345678号</div>
<script>console.log("扫一扫在手机打开当前页");</script>
</body></html>
"""
    path.write_bytes(page.encode(encoding))
    return path
