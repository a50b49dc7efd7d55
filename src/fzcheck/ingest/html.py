"""Web pages saved from a government site (BeautifulSoup): the report body without the chrome.

The body is the element that holds the most paragraph text (government CMSs wrap the article in
a div such as #zoom or .TRS_Editor); navigation, breadcrumbs, share bars, scripts and footers are
left out. The publication date comes from the page's meta tags (PubDate, publishdate,
article:published_time…) or a "发布时间：…" line, so the 4月1日 deadline can be checked.
Locations are line numbers in the HTML source.
"""

from __future__ import annotations

import re

from fzcheck.errors import InputError
from fzcheck.model import Block, RawDocument
from fzcheck.textfold import DATE_PARTS, matched_date

DROP_TAGS = ("script", "style", "noscript", "iframe", "nav", "header", "footer", "form", "button", "select", "template")
CHROME_HINT = re.compile(r"nav|menu|breadcrumb|crumb|footer|header|share|sidebar|toolbar|print|position|location|bread", re.I)
DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "published_time", "releasedate", "createdate")
DATE = re.compile(DATE_PARTS)
BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "section", "article", "td", "table")


def _published(soup) -> str | None:
    for meta in soup.find_all("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").lower()
        if key in DATE_META:
            date = matched_date(DATE.search(meta.get("content") or ""))
            if date:
                return date
    return None


def _container(soup):
    scores: dict[int, tuple[int, object]] = {}
    for para in soup.find_all(["p", "div", "td"]):
        if para.find(["p", "div", "td"]) is not None:
            continue
        text = para.get_text(strip=True)
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        if cjk < 10:
            continue
        parent = para.parent
        key = id(parent)
        scores[key] = (scores.get(key, (0, parent))[0] + cjk, parent)
    if not scores:
        return soup.body or soup
    return max(scores.values(), key=lambda item: item[0])[1]


def _blocks(container) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    line: int | None = None

    def flush() -> None:
        nonlocal current, line
        text = "".join(current).strip()
        if text:
            blocks.append(Block(text=text, line=line))
        current, line = [], None

    for node in container.descendants:
        name = getattr(node, "name", None)
        if name in BLOCK_TAGS:
            flush()
            line = getattr(node, "sourceline", None)
        elif name is None:
            text = str(node)
            if text.strip():
                if line is None:
                    line = getattr(node.parent, "sourceline", None)
                current.append(text.replace("\n", ""))
    flush()
    return blocks


PUBLISHED_TEXT = re.compile(r"发布(?:时间|日期)[：:]\s*" + DATE_PARTS)


def _title(soup) -> tuple[str, int | None]:
    meta = soup.find("meta", attrs={"name": re.compile("^articletitle$", re.I)})
    if meta and meta.get("content"):
        return meta["content"].strip(), None
    tag = soup.find("h1") or soup.find("title")
    return (tag.get_text(strip=True), getattr(tag, "sourceline", None)) if tag else ("", None)


def read(path: str, data: bytes, fmt: str) -> RawDocument:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    published = _published(soup)
    if not published:
        published = matched_date(PUBLISHED_TEXT.search(soup.get_text(" "))) or None
    title, title_line = _title(soup)
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        marker = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
        if marker.strip() and CHROME_HINT.search(marker) and tag.name not in ("body", "html"):
            tag.decompose()
    blocks = _blocks(_container(soup))
    if title and not any(title in block.text or block.text in title for block in blocks[:5]):
        blocks.insert(0, Block(text=title, line=title_line))
    if not any(block.text for block in blocks):
        raise InputError(path, "网页中没有找到正文文字，请确认保存的是报告页面本身")
    return RawDocument(path=path, format="html", blocks=tuple(blocks), published=published)
