"""Plain text and Markdown: encoding detection, one block per source line."""

from __future__ import annotations

from fzcheck.errors import InputError
from fzcheck.model import Block, RawDocument

MAX_LINES = 100_000  # a long report has a few thousand lines; 20 MB of blank lines would be 4 GB of blocks
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(path: str, data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). UTF-8 first, then UTF-16 and GB18030, then detection."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM (ASCII characters give NUL bytes), or a binary file.
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text, encoding
        raise InputError(path, "这是二进制文件，不是文本报告；请提供 .txt、.docx、.pdf 或网页文件")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _looks_like_text(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and _looks_like_text(str(best)):
        return str(best), best.encoding
    raise InputError(path, "无法识别文件编码（不是 UTF-8、GB18030 或 UTF-16），请另存为 UTF-8 文本")


def _looks_like_text(text: str) -> bool:
    """Mostly Chinese, ASCII and punctuation, with almost no control characters."""
    if not text:
        return False
    sample = text[:20000]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\r\n\t\f")
    readable = sum(
        1 for ch in sample if " " <= ch <= "~" or ch in "\r\n\t" or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
    )
    return controls / len(sample) < 0.01 and readable / len(sample) > 0.9


def read(path: str, data: bytes, fmt: str) -> RawDocument:
    text, encoding = decode(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.count("\n") >= MAX_LINES:
        raise InputError(path, f"文件超过 {MAX_LINES:,} 行，不像是一份报告，已拒绝读取")
    lines = text.split("\n")
    blocks = tuple(Block(text=line, line=number) for number, line in enumerate(lines, start=1))
    if not any(line.strip() for line in lines):
        raise InputError(path, "文件中没有文字内容")
    return RawDocument(path=path, format=fmt, blocks=blocks, encoding=encoding)
