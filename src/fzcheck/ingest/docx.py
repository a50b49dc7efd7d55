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

MAX_UNPACKED = 200 * 1024 * 1024  # all members, pictures included
MAX_XML = 25 * 1024 * 1024  # the XML members: lxml needs some 40 bytes of memory per byte of XML
MAX_RATIO = 200
MAX_LABEL = 32  # a numbering label ("第%1章", "（%2）") is a few characters; longer ones are left out
MAX_START = 100_000
CHUNK = 1 << 20
CN_DIGITS = "零一二三四五六七八九"
HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def _check_archive(path: str, data: bytes) -> None:
    """Inflate every member as a stream, counting what really comes out: the zip headers may lie."""
    bomb = "疑似压缩炸弹，已拒绝读取"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if "word/document.xml" not in {info.filename for info in infos}:
            raise InputError(path, "这是 ZIP 文件，但不是 Word 文档（缺少 word/document.xml）")
        total = xml = 0
        limit = min(MAX_UNPACKED, MAX_RATIO * max(1, len(data)))
        for info in infos:
            with archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    total += len(chunk)
                    if info.filename.endswith((".xml", ".rels")):
                        xml += len(chunk)
                    if total > limit:
                        raise InputError(path, f"解压后超过 {limit / 1048576:.0f} MB（压缩比过高），{bomb}")
                    if xml > MAX_XML:
                        raise InputError(path, f"文档的 XML 解压后超过 {MAX_XML // 1048576} MB，{bomb}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, OSError):
        raise InputError(path, "Word 文件已损坏或不完整（无法解压），请用 Word 重新保存") from None


def _chinese(number: int) -> str:
    """Word's chineseCounting: 十一, 二十, 一百零一, 一千二百…; numbers past 9999 stay in digits."""
    if not 0 <= number < 10000:
        return str(number)
    if number < 10:
        return CN_DIGITS[number]
    if number < 20:
        return "十" + (CN_DIGITS[number - 10] if number > 10 else "")
    parts: list[str] = []
    gap = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit:
            parts.append(("零" if gap else "") + CN_DIGITS[digit] + unit)
            gap = False
        elif parts:
            gap = True
    return "".join(parts)


def _format(number: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified"):
        return _chinese(number)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "none" or fmt == "bullet":
        return ""
    return str(number)


def _start(value: str | None, default: int = 1) -> int:
    try:
        return max(0, min(MAX_START, int(value[:8]))) if value else default
    except ValueError:
        return default


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
                ilvl = _start(lvl.get(f"{w}ilvl", "0"), 0)
                fmt = lvl.find(f"{w}numFmt")
                text = lvl.find(f"{w}lvlText")
                start = lvl.find(f"{w}start")
                label = text.get(f"{w}val", "") if text is not None else "%1."
                levels[ilvl] = (
                    fmt.get(f"{w}val") if fmt is not None else "decimal",
                    label if len(label) <= MAX_LABEL else "",
                    _start(start.get(f"{w}val") if start is not None else None),
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
    # the elements themselves, not their id(): lxml makes a new proxy object for an element each time
    # none is alive, so a freed proxy's id is soon another cell's, and that cell was skipped as "merged"
    blocks, seen = [], set()
    for row_number, row in enumerate(table.rows, start=1):
        for cell_number, cell in enumerate(row.cells, start=1):
            if cell._tc in seen or not cell.text.strip():
                continue
            seen.add(cell._tc)
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
