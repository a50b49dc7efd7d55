"""PDF (pypdfium2, Google's PDFium): text lines in reading order, re-joined into paragraphs by layout.

PDFium finds the text lines and gives each character's box, so each line has its coordinates, which
is what is needed to rebuild paragraphs: a paragraph starts at an indented line, after a line that
stops short of the right margin, or at a numbered heading. Running headers and footers (text
repeated at the top or bottom of most pages) and page numbers ("— 3 —", "- 3 -", "第3页") are removed.
A PDF with no text layer is a scan that needs OCR; an encrypted one is reported as protected.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

from fzcheck.errors import InputError
from fzcheck.headings import match_heading
from fzcheck.model import Block, RawDocument
from fzcheck.textfold import fold_plain

PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,4}[-—–－\s]*$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
MIN_CHARS_PER_PAGE = 20
MAX_PAGE_CHARS = 20_000  # a dense page holds some 2,000 characters
MAX_CHARS = 2_000_000
MAX_PAGES = 2_000
MAX_INFLATED = 256 * 1024 * 1024  # all compressed streams together, once inflated
MAX_RATIO = 100  # inflated ÷ file size, past the first 32 MB
CHUNK = 1 << 20


def _lines(page) -> list[dict]:
    """The page's text lines, top to bottom, each with the left and right edge of its text (points)."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range(count=min(textpage.count_chars(), MAX_PAGE_CHARS))
        lines: list[dict] = []
        start = 0
        for raw in text.splitlines(keepends=True):
            body = raw.rstrip("\r\n")
            if body.strip():
                first = start + len(body) - len(body.lstrip())
                last = start + len(body.rstrip()) - 1
                # loose: the font's box, not the ink's
                boxes = [tuple(textpage.get_charbox(i, loose=True)) for i in range(first, last + 1)]
                left, bottom = boxes[0][0], boxes[0][1]
                lines.append({"text": body.strip(), "x0": left, "x1": boxes[-1][2], "bottom": bottom, "boxes": boxes})
            start += len(raw)
    finally:
        textpage.close()
    # PDFium keeps content-stream order, in which a running header may come last
    lines.sort(key=lambda line: (-round(line["bottom"]), line["x0"]))
    return lines


def _running(pages: list[list[dict]]) -> set[str]:
    """Texts that stand first or last on at least half of the pages (digits ignored)."""
    if len(pages) < 3:
        return set()
    edges = Counter()
    for lines in pages:
        for line in lines[:1] + lines[-1:]:
            edges[re.sub(r"\d+", "#", line["text"].strip())] += 1
    return {text for text, count in edges.items() if count >= max(2, len(pages) // 2)}


def _paragraphs(pages: list[list[dict]]) -> list[tuple[str, int, list]]:
    running = _running(pages)
    body = [
        [line for line in lines if not PAGE_NUMBER.match(line["text"].strip()) and re.sub(r"\d+", "#", line["text"].strip()) not in running]
        for lines in pages
    ]
    all_lines = [line for lines in body for line in lines]
    if not all_lines:
        return []
    left = min(line["x0"] for line in all_lines)
    right = max(line["x1"] for line in all_lines)
    widths = [(line["x1"] - line["x0"]) / max(1, len(line["text"])) for line in all_lines if len(line["text"]) > 5]
    char = statistics.median(widths) if widths else 10.0
    paragraphs: list[tuple[str, int, list]] = []
    previous = None
    for number, lines in enumerate(body, start=1):
        for line in lines:
            text = line["text"].strip()
            starts_new = (
                previous is None
                or line["x0"] > left + 1.5 * char
                or previous["x1"] < right - 2 * char
                or match_heading(fold_plain(text)) is not None
            )
            if starts_new:
                paragraphs.append((text, number, list(line["boxes"])))
            else:
                paragraphs[-1][2].extend(line["boxes"])
                paragraphs[-1] = (paragraphs[-1][0] + text, paragraphs[-1][1], paragraphs[-1][2])
            previous = line
    return paragraphs


def _check_streams(path: str, data: bytes) -> None:
    """Inflate every Flate stream as a stream with a running count before PDFium sees the file.

    PDFium inflates a content stream whole: a 0.5 MB file whose stream inflates to 512 MB took 1 GB
    of memory, and under a memory limit PDFium aborts the whole process instead of raising."""
    import zlib

    total = 0
    start = data.find(b"stream")
    while start >= 0:
        body = start + 6 + (2 if data[start + 6 : start + 8] == b"\r\n" else 1)
        end = data.find(b"endstream", body)
        if end < 0:
            break
        inflater = zlib.decompressobj()
        pending = memoryview(data)[body:end]
        try:
            while pending:
                total += len(inflater.decompress(pending, CHUNK))
                pending = inflater.unconsumed_tail
                if total > MAX_INFLATED or (total > 32 * CHUNK and total > MAX_RATIO * len(data)):
                    raise InputError(path, f"PDF 中的压缩内容解压后超过 {total // 1048576} MB（压缩比过高），疑似压缩炸弹，已拒绝读取")
        except zlib.error:
            pass  # not a Flate stream (a picture, an encrypted stream): PDFium judges it
        start = data.find(b"stream", end + 9)


def read(path: str, data: bytes, fmt: str) -> RawDocument:
    import pypdfium2

    _check_streams(path, data)

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(path, "PDF 已加密（受密码保护），请提供未加密的版本") from None
        raise InputError(path, "PDF 文件已损坏，无法打开，请重新导出") from None
    try:
        if len(pdf) > MAX_PAGES:
            raise InputError(path, f"PDF 超过 {MAX_PAGES:,} 页，不像是一份报告，已拒绝读取")
        pages = []
        chars = 0
        for page in pdf:
            pages.append(_lines(page))
            chars += sum(len(line["text"]) for line in pages[-1])
            if chars > MAX_CHARS:
                raise InputError(path, f"PDF 文字超过 {MAX_CHARS:,} 字，不像是一份报告，已拒绝读取")
    except pypdfium2.PdfiumError as exc:
        raise InputError(path, f"PDF 内容无法解析（{exc}），请重新导出") from None
    finally:
        pdf.close()
    chars = sum(len(line["text"]) for lines in pages for line in lines)
    if chars < MIN_CHARS_PER_PAGE * max(1, len(pages)) / 4:
        raise InputError(path, "PDF 没有文字层（可能是扫描件或图片），需要先做 OCR 文字识别，或提供 Word/文本版本")
    blocks = tuple(
        Block(text=text, paragraph=index, page=page, boxes=tuple(boxes) if len(boxes) == len(text) else None)
        for index, (text, page, boxes) in enumerate(_paragraphs(pages), start=1)
    )
    return RawDocument(path=path, format="pdf", blocks=blocks)
