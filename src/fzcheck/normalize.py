"""From a reader's blocks to clean paragraphs: artefacts and web chrome dropped, broken lines re-joined.

The original text is kept for display; `folded` is for matching, and every folded character maps
back to its source block (line, paragraph, page) and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fzcheck.headings import match_heading
from fzcheck.model import Block, Location, RawDocument
from fzcheck.textfold import DATE_PARTS, Folded, fold, looks_traditional, matched_date

ARTEFACTS = re.compile(r"\[bookmark:[^\]]*\]|\[(?:image|picture)[^\]]*\]", re.I)
CHROME = re.compile(
    "|".join(
        (
            r"^政府信息公开$", r"^信息公开$", r"字号[：:]?[〔【]", r"^字号[：:]?$", r"〔?[大中小]〕?[大中小]〕?[大中小]〕?$",
            r"扫一扫在手机", r"^已归档$", r"^来源[：:]", r"打印本页", r"关闭窗口", r"^〔?打印〕?〔?关闭〕?$",
            r"^首页[>＞»›]", r"^当前位置", r"^您当前的位置", r"^分享到", r"^索引号[：:]", r"^发布机构[：:]",
            r"^主题分类[：:]", r"^发布时间[：:]", r"^发布日期[：:]", r"^浏览次数", r"^阅读次数", r"^访问量",
            r"主办单位[：:]", r"网站标识码", r"ICP备", r"公网安备", r"^网站地图", r"^政府网站找错", r"^〔?返回顶部〕?$",
            r"^(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?(?:来源[：:].*)?$",
        )
    )
)
PUBLISHED = re.compile(r"(?:发布(?:时间|日期)[：:]|^)" + DATE_PARTS)
TERMINAL = "。！？；：…”’」』!?"
TITLE_ENDINGS = ("报告", "总结", "汇报", "情况", "文件")
MIN_JOIN_LENGTH = 20
MAX_WRAPPED_HEADING_TAIL = 20


@dataclass(frozen=True)
class Paragraph:
    """One logical paragraph: original text, folded text, and where each part came from."""

    index: int
    text: str
    folded: Folded
    pieces: tuple[tuple[int, Block], ...]  # (offset in text where the block starts, block)

    @property
    def norm(self) -> str:
        return self.folded.text

    def source(self, norm_index: int = 0) -> tuple[Block, int]:
        """The block and 1-based column of a folded character."""
        origin = self.folded.origin
        text_index = origin[min(norm_index, len(origin) - 1)] if origin else 0
        start, block = self.pieces[0]
        for piece_start, piece_block in self.pieces:
            if piece_start > text_index:
                break
            start, block = piece_start, piece_block
        return block, text_index - start + 1

    def location(self, norm_index: int = 0, section: str = "") -> Location:
        block, column = self.source(norm_index)
        return Location(line=block.line, column=column, paragraph=block.paragraph, page=block.page, section=section)

    @property
    def first_block(self) -> Block:
        return self.pieces[0][1]


@dataclass(frozen=True)
class CleanDocument:
    path: str
    format: str
    paragraphs: tuple[Paragraph, ...]
    published: str | None
    traditional: bool


def _ends_sentence(folded: str) -> bool:
    return folded.endswith(tuple(TERMINAL))


def _joinable(prev: str, nxt: str, prev_block: Block) -> bool:
    """Whether a line break between two folded lines fell inside a sentence (PDF/web wrapping)."""
    if not prev or not nxt or _ends_sentence(prev) or prev_block.in_table:
        return False
    if match_heading(nxt) is not None or nxt.startswith("#"):
        return False
    heading = match_heading(prev)
    if heading is not None and heading.body_start >= len(prev):
        # A heading wrapped onto a second, short line without punctuation.
        return len(nxt) <= MAX_WRAPPED_HEADING_TAIL and not any(ch in nxt for ch in "，。；：、！？")
    if len(prev) < MIN_JOIN_LENGTH or prev.endswith(TITLE_ENDINGS):
        return False
    return True


MAX_CHROME_LINE = 120  # page chrome is short; long paragraphs skip the chrome patterns


def clean(raw: RawDocument) -> CleanDocument:
    sample = "".join(block.text for block in raw.blocks[:200])
    traditional = looks_traditional(sample)
    published = raw.published
    kept: list[tuple[str, Folded, Block]] = []
    for block in raw.blocks:
        text = ARTEFACTS.sub("", block.text).strip()
        if not text:
            continue
        folded = fold(text, traditional)
        if len(folded.text) <= MAX_CHROME_LINE and CHROME.search(folded.text):
            published = published or matched_date(PUBLISHED.search(folded.text)) or None
            continue
        kept.append((text, folded, block))

    groups: list[list[tuple[str, Folded, Block]]] = []
    last_folded = ""
    last_block: Block | None = None
    for text, folded, block in kept:
        if groups and last_block is not None and not block.heading_level and _joinable(last_folded, folded.text, last_block):
            groups[-1].append((text, folded, block))
            last_folded += folded.text
        else:
            groups.append([(text, folded, block)])
            last_folded = folded.text
        last_block = block

    paragraphs = []
    for index, group in enumerate(groups):
        if len(group) == 1:
            text, folded, block = group[0]
            paragraphs.append(Paragraph(index, text, folded, ((0, block),)))
            continue
        pieces, origin, offset = [], [], 0
        for text, folded, block in group:
            pieces.append((offset, block))
            origin.extend(i + offset for i in folded.origin)
            offset += len(text)
        joined = "".join(text for text, _, _ in group)
        folded = Folded("".join(f.text for _, f, _ in group), tuple(origin))
        paragraphs.append(Paragraph(index, joined, folded, tuple(pieces)))
    return CleanDocument(raw.path, raw.format, tuple(paragraphs), published, traditional)
