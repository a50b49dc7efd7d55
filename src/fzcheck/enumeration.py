"""The enumerated points of a section: subsections, 一是/二是, inline （一）/1. labels, ；-lists, paragraphs.

Used by rules that judge each point (every problem needs its cause).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fzcheck.model import Location, Mark
from fzcheck.structure import Scope, Section, Span

ENUM_MARKERS = [f"{n}是" for n in ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")]


@dataclass(frozen=True)
class Item:
    """One enumerated point of a section (一是…, （一）…, a ；-separated problem, a subsection)."""

    text: str
    location: Location
    mark: Mark | None = None



def _marker_items(spans: list[Span], markers: list[str], section: str) -> list[Item]:
    """Split spans at markers that appear in order (一是, 二是, …)."""
    text = "".join(span.text for span in spans)
    positions = []
    cursor = 0
    for marker in markers:
        found = text.find(marker, cursor)
        if found < 0:
            break
        positions.append(found)
        cursor = found + len(marker)
    if len(positions) < 2:
        return []
    bounds = positions + [len(text)]
    scope = Scope(tuple(spans), section)
    return [Item(text[a:b], scope.location(a), scope.mark(a, b)) for a, b in zip(bounds, bounds[1:], strict=False)]


INLINE_LABELS = [f"（{n}）" for n in ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")]
ARABIC_LABELS = [f"{n}." for n in range(1, 11)]


def items(section: Section) -> list[Item]:
    """The enumerated points of a section, by the first pattern that gives at least two."""
    path = section.path
    if len(section.children) >= 2:
        return [Item(child.heading_text + child.full_text, child.location(), child.mark()) for child in section.children]
    spans = list(section.spans())
    for markers in (ENUM_MARKERS, INLINE_LABELS, ARABIC_LABELS):
        found = _marker_items(spans, markers, path)
        if found:
            return found
    text = "".join(span.text for span in spans)
    colon = text.rfind("：")
    if colon >= 0:
        parts = [part for part in re.split(r"[；;]", text[colon + 1 :]) if part.strip("。 ")]
        if len(parts) >= 2:
            result, offset = [], colon + 1
            for part in re.split(r"([；;])", text[colon + 1 :]):
                if part.strip("。；; "):
                    scope = Scope(tuple(spans), path)
                    result.append(Item(part, scope.location(offset), scope.mark(offset, offset + len(part))))
                offset += len(part)
            return result
    paragraphs = [span for span in section.body if not span.text.endswith("：")]
    if len(paragraphs) >= 2:
        return [Item(span.text, span.location(0, path), span.mark(section=path)) for span in paragraphs]
    return [Item(text, section.location(), section.mark())] if text else []
