"""Folding text for matching, with a map back to the original characters.

Matching runs on folded text: full-width letters and digits become ASCII, half-width
punctuation becomes the Chinese full-width form, white space is dropped (PDF and web copies
put spaces inside titles: "遂城镇 2020 年度"), and traditional characters become simplified.
Every folded character remembers the index of the original character it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_HALF_TO_FULL_PUNCT = {
    "(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "?": "？", "!": "！",
    "[": "〔", "]": "〕", "【": "〔", "】": "〕", "〖": "〔", "〗": "〕",
    "＂": "“", "'": "’", "．": ".", "﹒": ".",
    "－": "-", "～": "~", "﹐": "，", "﹔": "；", "﹕": "：",
}

# Cheap test for traditional script: characters that are common in reports and never simplified.
_TRADITIONAL_HINTS = set(
    "們這與為關於發會國時說經對進過還開總體實現機構無權據範規劃術區縣鎮鄉黨務問題設報執員數調紛動舉議導領護習築訴審"
)


def _fold_char(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII block
        ascii_ch = chr(code - 0xFEE0)
        if ascii_ch.isalnum() or ascii_ch in "%+-./=<>#*_~":
            return ascii_ch
        return _HALF_TO_FULL_PUNCT.get(ascii_ch, ch)
    return _HALF_TO_FULL_PUNCT.get(ch, ch)


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in list(range(0x20, 0x7F)) + list(range(0xFF01, 0xFF5F)) + [ord(c) for c in _HALF_TO_FULL_PUNCT]:
        folded = _fold_char(chr(code))
        if folded != chr(code):
            table[code] = folded
    for code in (0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x3000, 0x200B, 0xFEFF, 0x2002, 0x2003, 0x2009):
        table[code] = None
    return table


FOLD_TABLE = _table()
_REMOVED = re.compile(r"[\s\u200b\ufeff]")
_KEPT = re.compile(r"[^\s\u200b\ufeff]")


@lru_cache(maxsize=1)
def _traditional_table() -> dict[int, str]:
    """Single-character traditional → simplified pairs from zhconv's table (length-preserving)."""
    from zhconv import zhconv

    if zhconv.zhcdicts is None:
        zhconv.loaddict()
    pairs = zhconv.zhcdicts["zh2Hans"]
    return {ord(src): dst for src, dst in pairs.items() if len(src) == 1 and len(dst) == 1}


_HINTS = re.compile("[" + "".join(sorted(_TRADITIONAL_HINTS)) + "]")


def looks_traditional(text: str) -> bool:
    return len(_HINTS.findall(text)) >= 5


@dataclass(frozen=True)
class Folded:
    text: str
    origin: tuple[int, ...]  # origin[i] = index in the original string of folded char i


def fold(text: str, traditional: bool = False) -> Folded:
    folded = text.translate(FOLD_TABLE)
    if traditional:
        folded = folded.translate(_traditional_table())
    if _REMOVED.search(text) is None:
        return Folded(folded, tuple(range(len(text))))
    return Folded(folded, tuple(m.start() for m in _KEPT.finditer(text)))


def fold_plain(text: str) -> str:
    """Folded text without the origin map (for rule parameters and short strings)."""
    return text.translate(FOLD_TABLE)


CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_year(text: str) -> int | None:
    """'二〇二三' → 2023; None if it is not a four-digit Chinese year."""
    if len(text) != 4 or any(ch not in CN_DIGITS for ch in text):
        return None
    return int("".join(str(CN_DIGITS[ch]) for ch in text))


YEAR_RE = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
DATE_PARTS = r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})"  # 2025-03-28, 2025/3/28, 2025年3月28日


def iso_date(year: int | None, month: int, day: int) -> str:
    """'YYYY-MM-DD', or '' when the parts are not a plausible date."""
    if not year or not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def matched_date(found: re.Match | None) -> str:
    """iso_date of a DATE_PARTS match ('' for no match)."""
    return iso_date(*(int(part) for part in found.groups()[-3:])) if found else ""
