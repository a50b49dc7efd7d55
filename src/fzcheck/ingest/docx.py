"""Word .docx (python-docx): body paragraphs and tables in order, heading levels, automatic numbering.

A heading numbered by Word has no "一、" in its text: the label is rebuilt from the numbering
definitions (numFmt + lvlText) so the structure layer sees what the reader sees. Text boxes,
headers and footers are not part of the body and are ignored. Locations are paragraph numbers.
The archive is inspected before it is opened, so a zip bomb is refused without unpacking it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from fzcheck.errors import InputError
from fzcheck.model import Block, RawDocument

MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 200
CN_DIGITS = "零一二三四五六七八九"
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def _check_archive(path: str, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(path, "Word 文件已损坏或不完整（无法解压），请用 Word 重新保存") from None
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise InputError(path, "这是 ZIP 文件，但不是 Word 文档（缺少 word/document.xml）")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(1, len(data)):
        raise InputError(
            path, f"解压后大小异常（{unpacked / 1048576:.0f} MB，压缩比过高），疑似压缩炸弹，已拒绝读取"
        )


def _chinese(number: int) -> str:
    if number < 10:
        return CN_DIGITS[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def _format(number: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified"):
        return _chinese(number)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "none" or fmt == "bullet":
        return ""
    return str(number)


@dataclass
class _Numbering:
    """Word's list numbering: numId → abstract levels {ilvl: (numFmt, lvlText, start)}."""

    levels: dict[str, dict[int, tuple[str, str, int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_document(cls, document) -> "_Numbering":
        result = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return result
        ns = root.nsmap.get("w") or "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        w = f"{{{ns}}}"
        abstract = {}
        for node in root.findall(f"{w}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{w}lvl"):
                ilvl = int(lvl.get(f"{w}ilvl", "0"))
                fmt = lvl.find(f"{w}numFmt")
                text = lvl.find(f"{w}lvlText")
                start = lvl.find(f"{w}start")
                levels[ilvl] = (
                    fmt.get(f"{w}val") if fmt is not None else "decimal",
                    text.get(f"{w}val") if text is not None else "%1.",
                    int(start.get(f"{w}val")) if start is not None else 1,
                )
            abstract[node.get(f"{w}abstractNumId")] = levels
        for num in root.findall(f"{w}num"):
            ref = num.find(f"{w}abstractNumId")
            if ref is not None:
                result.levels[num.get(f"{w}numId")] = abstract.get(ref.get(f"{w}val"), {})
        return result

    def label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        for deeper in [level for level in counters if level > ilvl]:
            del counters[deeper]
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return ""

        def value(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            level_fmt = levels.get(level, (fmt, "", 1))[0]
            return _format(counters.get(level, levels.get(level, (fmt, "", 1))[2]), level_fmt)

        return re.sub(r"%(\d)", value, text)


class _Styles:
    """Paragraph styles resolved once per style id. python-docx finds a paragraph's default style by
    scanning every style in the document, for every paragraph without a style of its own: most of
    the reading time of a long report went there."""

    def __init__(self, document) -> None:
        self._part = document.part
        self._headings: dict[str | None, int | None] = {}
        self._numbering: dict[str | None, object] = {}

    def _chain(self, style_id: str | None):
        from docx.enum.style import WD_STYLE_TYPE

        style = self._part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
        while style is not None:
            yield style
            style = style.base_style

    def heading_level(self, style_id: str | None) -> int | None:
        if style_id not in self._headings:
            found = (HEADING_STYLE.match(style.name or "") for style in self._chain(style_id))
            self._headings[style_id] = next((int(match.group(1)) for match in found if match), None)
        return self._headings[style_id]

    def num_pr(self, style_id: str | None):
        if style_id not in self._numbering:
            props = (style.element.pPr for style in self._chain(style_id))
            self._numbering[style_id] = next((ppr.numPr for ppr in props if ppr is not None and ppr.numPr is not None), None)
        return self._numbering[style_id]


def _num_pr(paragraph, styles: _Styles):
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return ppr.numPr
    return styles.num_pr(paragraph._p.style)


def _heading_level(paragraph, styles: _Styles) -> int | None:
    level = styles.heading_level(paragraph._p.style)
    if level is not None:
        return level
    from docx.oxml.ns import qn

    ppr = paragraph._p.pPr
    outline = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if outline is not None:
        level = int(outline.get(qn("w:val"), "9"))
        return level + 1 if level < 9 else None
    return None


def _cells(table, number: int) -> list[Block]:
    """One block per cell, in reading order; a merged cell (the same cell repeated) is read once."""
    blocks, seen = [], set()
    for row_number, row in enumerate(table.rows, start=1):
        for cell_number, cell in enumerate(row.cells, start=1):
            if id(cell._tc) in seen or not cell.text.strip():
                continue
            seen.add(id(cell._tc))
            blocks.append(Block(text=cell.text, in_table=True, table=number, row=row_number, cell=cell_number))
    return blocks


def read(path: str, data: bytes, fmt: str) -> RawDocument:
    _check_archive(path, data)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for broken packages
        raise InputError(path, f"Word 文件已损坏，无法打开（{type(exc).__name__}），请用 Word 重新保存") from None
    numbering = _Numbering.from_document(document)
    styles = _Styles(document)
    blocks: list[Block] = []
    number = tables = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            number += 1  # as python-docx's Document.paragraphs counts: body paragraphs only
            text = paragraph.text
            label = ""
            num_pr = _num_pr(paragraph, styles)
            if num_pr is not None and num_pr.numId is not None and text.strip():
                ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
                label = numbering.label(str(num_pr.numId.val), ilvl)
            blocks.append(
                Block(text=label + text, paragraph=number, heading_level=_heading_level(paragraph, styles), label=len(label))
            )
        elif tag == "tbl":
            tables += 1
            blocks.extend(_cells(Table(child, document), tables))
    if not any(block.text.strip() for block in blocks):
        raise InputError(path, "Word 文档中没有正文文字（可能只有图片或文本框），请检查")
    return RawDocument(path=path, format="docx", blocks=tuple(blocks))
