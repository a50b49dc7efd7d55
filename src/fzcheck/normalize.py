"""From a reader's blocks to clean paragraphs: artefacts and web chrome dropped, broken lines re-joined.

The original text is kept for display; `folded` is for matching, and every folded character maps
back to its source block (line, paragraph, page) and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fzcheck.headings import match_heading
from fzcheck.model import Block, Location, Mark, RawDocument
from fzcheck.textfold import DATE_PARTS, Folded, fold, looks_traditional, matched_date

ARTEFACTS = re.compile(r"\[bookmark:[^\]\[]*\]|\[(?:image|picture)[^\]\[]*\]", re.I)  # [^[]: linear on a run of "[bookmark:"
# Web page clutter, matched on a folded line (spaces gone, ":" → "：", "[" → "〔"). A line may start
# with bullets, dashes or a bracket ("• 索引号", "- 发布机构", "〔 主题分类 〕").
LEAD = r"^[-•·●▪◆■□○|*>\s]*〔?"
META_FIELDS = (
    "索引号|发布机构|发文机构|制发机构|主题分类|体裁分类|组配分类|服务对象|成文日期|发文日期|发布日期|发布时间|更新时间|"
    "印发日期|生效日期|废止日期|文号|发文字号|有效性|时效性|公开方式|公开范围|公开时限|发布单位|发文单位|信息来源|文章来源|"
    "来源|内容概述|主题词|关键词|所属机构|标题|名称|日期|时间|作者|编辑|责任编辑|信息提供"
)
CHROME = re.compile(
    "|".join(
        (
            r"^政府信息公开$", r"^信息公开$", r"^乡镇信息公开$", r"^部门信息公开$", r"^法定主动公开内容$",
            r"字号[：:]?[〔【]", r"^字号[：:]?$", r"〔?[大中小]〕?[大中小]〕?[大中小]〕?$", r"字体大小", r"字体[：:]?〔?大",
            r"扫一扫在手机", r"扫码使用手机", r"^已归档$", r"打印本页", r"打印整页", r"打印内容", r"关闭窗口", r"^〔?打印〕?〔?关闭〕?$",
            r"^首页[>＞»›→]", r"^首页$", r"当前所在位置", r"您所在的位置", r"^当前位置", r"您当前的位置", r"^分享到", r"^分享[：:]?$",
            LEAD + r"(?:" + META_FIELDS + r")〕?[：:|〕]", LEAD + r"(?:索引号|发布机构|发文机构|制发机构|主题分类|成文日期|发布日期|文号|有效性|时效性)",
            r"^浏览次数", r"^阅读次数", r"^访问量", r"浏览量[：:]?\d*", r"浏览次数[：:]?\d*", r"阅读(?:次数|量|数)[：:]?\d*$",
            r"点击(?:数|量|率)[：:]?\d*$", r"星期[一二三四五六日天]", r"无障碍", r"简体\|?繁体", r"^关怀版", r"返回首页",
            r"^听全文", r"听全文$", r"下面是小编", r"供大家参考", r"网友投稿", r"仅展示\d+字", r"开头部分已省略", r"^单位概况$",
            r"^农历", r"^今天是", r"^上一篇", r"^下一篇", r"^相关(?:链接|文章|阅读|新闻|信息|附件)[：:]?$", r"^责任编辑",
            r"^(?:审核|校对|编辑|撰稿)[：:]", r"^〔?打印〕?$", r"^〔?关闭〕?$", r"^〔?收藏〕?$", r"^【?(?:打印|关闭)】",
            r"主办单位[：:]", r"网站标识码", r"ICP备", r"公网安备", r"^网站地图", r"^政府网站找错", r"^〔?返回顶部〕?$",
            r"^[\dA-Za-z]{6,}[-/][\d\-/A-Za-z]+$",  # a bare 索引号 value on its own line
            r"^(?:19|20)\d{2}[-/]\d{1,2}[-/]\d{1,2}(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?(?:来源[：:].*)?$",
            r"^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\d{1,2}[:：]\d{2}(?:[:：]\d{2})?$",  # a posting time, not a 成文日期
        )
    )
)
PAGE_NUMBER = re.compile(r"^[-—－]*\d{1,3}[-—－]*$|^第\d{1,3}页(?:，?共\d{1,3}页)?$")  # a printed copy's page numbers (not table cells)
PUBLISHED = re.compile(r"(?:(?:发布|更新)(?:时间|日期)[〕|：:]*|^[-•·]*(?:日期|时间)[：:]|^)" + DATE_PARTS)
TERMINAL = "。！？；：…”’」』!?"
TITLE_ENDINGS = ("报告", "总结", "汇报", "情况", "文件")
MIN_JOIN_LENGTH = 20
SIGNATURE_LINE = re.compile(r"^[\u4e00-\u9fff]{2,30}(?:人民政府|委员会|办事处|局)$|^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日$")
MAX_WRAPPED_HEADING_TAIL = 20


Origin = int | tuple[int, ...]  # where a cleaned block's characters stand in block.text: a shift, or one index each


@dataclass(frozen=True)
class Paragraph:
    """One logical paragraph: original text, folded text, and where each part came from."""

    index: int
    text: str
    folded: Folded
    pieces: tuple[tuple[int, Block], ...]  # (offset in text where the block starts, block)
    origins: tuple[Origin, ...] = ()  # per piece: the map from the piece's characters to its block's text

    @property
    def norm(self) -> str:
        return self.folded.text

    def _text_index(self, norm_index: int) -> int:
        origin = self.folded.origin
        return origin[min(max(norm_index, 0), len(origin) - 1)] if origin else 0

    def _piece(self, text_index: int) -> int:
        found = 0
        for number, (piece_start, _) in enumerate(self.pieces):
            if piece_start > text_index:
                break
            found = number
        return found

    def _in_block(self, number: int, text_index: int) -> int:
        """Index in the piece's block.text of a character of this paragraph's text."""
        offset = text_index - self.pieces[number][0]
        origin = self.origins[number] if self.origins else 0
        if isinstance(origin, int):
            return offset + origin
        return origin[min(offset, len(origin) - 1)] if origin else offset

    def source(self, norm_index: int = 0) -> tuple[Block, int]:
        """The block and 1-based column (in the block's original text) of a folded character."""
        text_index = self._text_index(norm_index)
        number = self._piece(text_index)
        return self.pieces[number][1], self._in_block(number, text_index) + 1

    def location(self, norm_index: int = 0, section: str = "") -> Location:
        """The place of one folded character (the cheap half of `mark`: no text, no end)."""
        block, column = self.source(norm_index)
        if block.positions:
            line, column = block.positions[min(column - 1, len(block.positions) - 1)]
            return Location(line=line, column=column, section=section)
        if block.line is not None:
            return Location(line=block.line, column=column, section=section)
        paragraph = None if block.table is not None else block.paragraph
        return Location(paragraph=paragraph, page=block.page, section=section)

    def mark(self, start: int, end: int, section: str = "", anchor: bool = False) -> Mark:
        """The original characters of folded [start, end) and their place (see model.Mark)."""
        origin = self.folded.origin
        if len(self.pieces) == 1 and origin and type(shift := self.origins[0] if self.origins else 0) is int:
            # the common case, inlined: one block whose characters only lost their leading white space
            top = len(origin) - 1
            first = origin[start if 0 <= start <= top else (0 if start < 0 else top)]
            stop = end - 1 if end - 1 >= start else start
            begin = first + shift
            finish = begin if anchor else origin[stop if stop <= top else top] + shift + 1
            block = self.pieces[0][1]
            return source_mark(block, begin, block, finish, section, anchor)
        first = self._text_index(start)
        last = self._text_index(max(start, end - 1))
        if len(self.pieces) == 1:
            block = self.pieces[0][1]
            begin, finish = self._in_block(0, first), self._in_block(0, last) + 1
            return source_mark(block, begin, block, begin if anchor else finish, section, anchor)
        a, b = self._piece(first), self._piece(last)
        if a != b and not self.pieces[a][1].line:
            b, last = a, self.pieces[a + 1][0] - 1  # a mark in Word or PDF stays inside one paragraph of the file
        begin, finish = self._in_block(a, first), self._in_block(b, last) + 1
        if anchor:
            finish = begin
        return source_mark(self.pieces[a][1], begin, self.pieces[b][1], finish, section, anchor,
                           [block for _, block in self.pieces[a + 1 : b]])

    @property
    def first_block(self) -> Block:
        return self.pieces[0][1]


def source_mark(block: Block, begin: int, last: Block, finish: int, section: str = "", anchor: bool = False,
                between: list[Block] | None = None) -> Mark:
    """A Mark from block.text[begin:] to last.text[:finish] (the same block, or consecutive lines)."""
    if block is last:
        text = block.text[begin:finish]
    else:
        text = "\n".join([block.text[begin:], *(b.text for b in between or ()), last.text[:finish]])
    if anchor:
        text = ""
    if block.positions is not None:
        line, column = block.positions[min(begin, len(block.positions) - 1)] if block.positions else (block.line or 1, 1)
        end_line, end_column = last.positions[min(max(finish - 1, 0), len(last.positions) - 1)] if last.positions else (line, column)
        return Mark(text, line, column, end_line, end_column + (0 if anchor else 1), section=section, anchor=anchor)
    if block.line is not None:
        return Mark(text, block.line, begin + 1, last.line, finish + 1, section=section, anchor=anchor)
    if block.table is not None:
        cell_paragraph = block.text.count("\n", 0, begin) + 1
        shift = block.text.rfind("\n", 0, begin) + 1
        return Mark(text, paragraph=cell_paragraph, start=begin - shift, end=finish - shift, table=block.table,
                    row=block.row, cell=block.cell, section=section, anchor=anchor)
    start, end = max(0, begin - block.label), max(0, finish - block.label)
    bbox = None
    if block.boxes and not anchor:
        boxes = block.boxes[begin:finish] or block.boxes[begin - 1 : begin]
        if boxes:
            bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    if block.label and not anchor:
        text = block.text[block.label :][start:end]
    return Mark(text, paragraph=block.paragraph, start=start, end=end, page=block.page, bbox=bbox,
                section=section, anchor=anchor)


@dataclass(frozen=True)
class CleanDocument:
    path: str
    format: str
    paragraphs: tuple[Paragraph, ...]
    published: str | None
    traditional: bool
    clutter: tuple[str, ...] = ()  # dropped page-clutter lines (folded): the metadata block is read from them


def _ends_sentence(folded: str) -> bool:
    return folded.endswith(tuple(TERMINAL))


def _joinable(prev: str, nxt: str, prev_block: Block) -> bool:
    """Whether a line break between two folded lines fell inside a sentence (PDF/web wrapping)."""
    if not prev or not nxt or _ends_sentence(prev) or prev_block.in_table:
        return False
    if match_heading(nxt) is not None or nxt.startswith("#") or SIGNATURE_LINE.search(nxt):
        return False  # a heading, or the 落款 (body name, date) after a last line without a period
    heading = match_heading(prev)
    if heading is not None and heading.body_start >= len(prev):
        # A heading wrapped onto a second, short line without punctuation.
        return len(nxt) <= MAX_WRAPPED_HEADING_TAIL and not any(ch in nxt for ch in "，。；：、！？")
    if len(prev) < MIN_JOIN_LENGTH or prev.endswith(TITLE_ENDINGS):
        return False
    return True


def _cleaned(text: str) -> tuple[str, Origin]:
    """The block's text without Word artefacts and surrounding white space, and where each kept
    character stands in the original (a shift when only leading white space went)."""
    if "[" not in text or ARTEFACTS.search(text) is None:
        stripped = text.strip()
        return stripped, (len(text) - len(text.lstrip()) if stripped else 0)
    kept = list(range(len(text)))
    for found in reversed(list(ARTEFACTS.finditer(text))):
        del kept[found.start() : found.end()]
    first = next((n for n, i in enumerate(kept) if not text[i].isspace()), len(kept))
    last = next((n for n in range(len(kept) - 1, first - 1, -1) if not text[kept[n]].isspace()), first - 1)
    kept = kept[first : last + 1]
    return "".join(text[i] for i in kept), tuple(kept)


MAX_CHROME_LINE = 120  # page chrome is short; long paragraphs skip the chrome patterns


def clean(raw: RawDocument) -> CleanDocument:
    sample = "".join(block.text for block in raw.blocks[:200])
    traditional = looks_traditional(sample)
    published = raw.published
    kept: list[tuple[str, Folded, Block, Origin]] = []
    clutter: list[str] = []
    for block in raw.blocks:
        text, origin = _cleaned(block.text)
        if not text:
            continue
        folded = fold(text, traditional)
        if (len(folded.text) <= MAX_CHROME_LINE and CHROME.search(folded.text)) or (
            not block.in_table and PAGE_NUMBER.match(folded.text)
        ):
            published = published or matched_date(PUBLISHED.search(folded.text)) or None
            clutter.append(folded.text)
            continue
        kept.append((text, folded, block, origin))

    groups: list[list[tuple[str, Folded, Block, Origin]]] = []
    last_folded = ""
    last_block: Block | None = None
    for entry in kept:
        _, folded, block, _ = entry
        if groups and last_block is not None and not block.heading_level and _joinable(last_folded, folded.text, last_block):
            groups[-1].append(entry)
            last_folded += folded.text
        else:
            groups.append([entry])
            last_folded = folded.text
        last_block = block

    paragraphs = []
    for index, group in enumerate(groups):
        if len(group) == 1:
            text, folded, block, origin = group[0]
            paragraphs.append(Paragraph(index, text, folded, ((0, block),), (origin,)))
            continue
        pieces, origins, offsets, offset = [], [], [], 0
        for text, folded, block, origin in group:
            pieces.append((offset, block))
            origins.append(origin)
            offsets.extend(i + offset for i in folded.origin)
            offset += len(text)
        joined = "".join(entry[0] for entry in group)
        folded = Folded("".join(entry[1].text for entry in group), tuple(offsets))
        paragraphs.append(Paragraph(index, joined, folded, tuple(pieces), tuple(origins)))
    return CleanDocument(raw.path, raw.format, tuple(paragraphs), published, traditional, tuple(clutter))
