"""Any file name, carried faithfully and harmlessly into every output format.

- A name whose bytes are not UTF-8 (a zip made on a Chinese Windows gives GBK names on Linux) reaches
  Python with surrogate escapes, which no encoder accepts: each such byte is written as the four
  characters \\xNN instead, the escape Python itself uses, so the bytes can be recovered.
- Excel refuses control characters in a cell: they are written as \\xNN too; a longer cell than Excel holds is cut.
- A cell that begins with = + - @ (or a tab / carriage return) would be a live formula in Excel or
  WPS: in xlsx it is written as a string (the writer makes formulas only when asked), in CSV it gets a leading apostrophe.
- GitHub annotation properties and data are escaped as GitHub documents (formats/github.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

SURROGATES = re.compile("[\udc80-\udcff]")
ESCAPED = re.compile(r"\\x([89a-f][0-9a-f])")
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what Excel refuses (tab, LF and CR are allowed)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def display(text: str) -> str:
    """The text with each undecodable byte (a lone surrogate escape) written as \\xNN."""
    return SURROGATES.sub(_hex, text) if SURROGATES.search(text) else text


def _hex(match: re.Match) -> str:
    return f"\\x{ord(match.group(0)) - 0xDC00:02x}"


def original(text: str) -> str:
    """The inverse of display: each \\xNN of a byte over 7F back to the undecodable byte it stands for."""
    return ESCAPED.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), text)


def report(source):
    return replace(source, path=display(source.path)) if SURROGATES.search(source.path) else source


def failure(source):
    if SURROGATES.search(source.path) or SURROGATES.search(source.message):
        return replace(source, path=display(source.path), message=display(source.message))
    return source


def batch(source):
    """The batch with every path and failure message safe to encode (formats render this copy)."""
    reports = tuple(map(report, source.reports))
    failures = tuple(map(failure, source.failures))
    if reports == source.reports and failures == source.failures:
        return source
    return replace(source, reports=reports, failures=failures)


CELL_LIMIT = 32767  # characters: Excel's most in one cell (the writer refuses a longer string)
CUT = "…（过长，已截断）"


def spreadsheet(text: str) -> str:
    """A string Excel accepts: control characters as \\xNN, at most CELL_LIMIT characters."""
    text = CONTROLS.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - len(CUT)] + CUT


def csv_cell(value):
    """A CSV value that no spreadsheet will run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
