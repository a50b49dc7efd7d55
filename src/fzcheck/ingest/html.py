"""Web pages saved from a government site: the report body without the chrome, in one streaming pass.

The page is read once with the standard library's HTMLParser into a light tree: scripts, styles,
navigation and every element whose class or id says it is chrome (nav, breadcrumb, share, footer…)
are dropped as they are met, so the work is linear in the number of tags however deep the nesting.
The body is the element that holds the most paragraph text (government CMSs wrap the article in a
div such as #zoom or .TRS_Editor). The publication date comes from the page's meta tags (PubDate,
publishdate, article:published_time…) or a "发布时间：…" line, so the 4月1日 deadline can be checked.
Every character of every block keeps its (line, column) in the HTML source, so a mark can point
into the file as saved.
"""

from __future__ import annotations

import gc
import re
from html.parser import HTMLParser

from fzcheck.errors import InputError
from fzcheck.model import Block, RawDocument
from fzcheck.textfold import DATE_PARTS, matched_date

DROP_TAGS = frozenset(("script", "style", "noscript", "iframe", "nav", "header", "footer", "form", "button", "select", "template"))
CHROME_HINT = re.compile(r"nav|menu|breadcrumb|crumb|footer|header|share|sidebar|toolbar|print|position|location|bread", re.I)
DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "published_time", "releasedate", "createdate")
DATE = re.compile(DATE_PARTS)
PUBLISHED_TEXT = re.compile(r"发布(?:时间|日期)[：:]\s*" + DATE_PARTS)
BLOCK_TAGS = frozenset(("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "section", "article", "td", "table"))
LEAF_TAGS = frozenset(("p", "div", "td"))
VOID_TAGS = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"))
CLOSES_P = BLOCK_TAGS | frozenset(("ul", "ol", "dl", "pre", "blockquote", "hr"))
SIBLINGS = {"li": ("ul", "ol"), "td": ("tr", "table"), "th": ("tr", "table"), "tr": ("table", "tbody", "thead"), "p": ()}
CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.I)
MAX_TEXT = 2_000_000  # characters of page text; a report is a few tens of thousands
MAX_TAGS = 300_000  # a government page has a few thousand
MAX_SEARCH = 64  # how far down the open elements an implied end tag (li, td, tr) is looked for


class _Node:
    __slots__ = ("name", "parent", "children", "dropped", "line", "score")

    def __init__(self, name: str, parent: "_Node | None", dropped: bool, line: int) -> None:
        self.name, self.parent, self.dropped, self.line = name, parent, dropped, line
        self.children: list = []  # _Node, "\n" (a block break) or (text, line, column, raw) runs
        self.score = 0


class _Reader(HTMLParser):
    def __init__(self, path: str) -> None:
        super().__init__(convert_charrefs=False)  # entities one by one, so every character keeps its place
        self.path = path
        self.root = _Node("#root", None, False, 1)
        self.stack = [self.root]
        self.meta: dict[str, str] = {}
        self.title: Block | None = None  # the first h1 or <title>
        self.heading: list[tuple] | None = None
        self.open: dict[str, int] = {}
        self.tags = 0
        self.all_text: list[str] = []
        self.size = 0

    # -- the tree
    def _close_to(self, index: int) -> None:
        for node in self.stack[index:]:
            self.open[node.name] -= 1
        del self.stack[index:]

    def _implied_end(self, tag: str) -> None:
        if self.stack[-1].name == "p" and tag in CLOSES_P:
            self._close_to(len(self.stack) - 1)
        if tag in SIBLINGS and tag != "p" and (self.open.get(tag) or self.open.get("td") or self.open.get("th")):
            for index in range(len(self.stack) - 1, max(0, len(self.stack) - MAX_SEARCH), -1):
                name = self.stack[index].name
                if name in SIBLINGS[tag]:
                    break
                if name == tag or (tag in ("td", "th") and name in ("td", "th")):
                    self._close_to(index)
                    break

    def handle_starttag(self, tag: str, attrs: list) -> None:
        line, column = self.getpos()
        self.tags += 1
        if self.tags > MAX_TAGS:
            raise InputError(self.path, f"网页标签超过 {MAX_TAGS:,} 个，不像是一份报告，已拒绝读取")
        if tag == "meta":
            values = dict(attrs)
            key = (values.get("name") or values.get("property") or values.get("itemprop") or "").lower()
            if key and values.get("content"):
                self.meta.setdefault(key, (values["content"], line, column + 1))
            return
        self._implied_end(tag)
        parent = self.stack[-1]
        if tag in BLOCK_TAGS:
            parent.children.append("\n")
        if tag in VOID_TAGS:
            return
        values = dict(attrs)
        marker = f"{values.get('class') or ''} {values.get('id') or ''}"
        dropped = parent.dropped or tag in DROP_TAGS or (
            tag not in ("body", "html") and marker.strip() != "" and CHROME_HINT.search(marker) is not None
        )
        node = _Node(tag, parent, dropped, line)
        parent.children.append(node)
        self.stack.append(node)
        self.open[tag] = self.open.get(tag, 0) + 1
        if self.title is None and self.heading is None and tag in ("h1", "title"):
            self.heading = []

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.stack[-1].name == tag and len(self.stack) > 1:
            self._close_to(len(self.stack) - 1)

    def handle_endtag(self, tag: str) -> None:
        if self.open.get(tag):  # a stray end tag is ignored without searching the open elements
            for index in range(len(self.stack) - 1, 0, -1):
                if self.stack[index].name == tag:
                    if tag in BLOCK_TAGS:
                        self.stack[index].children.append("\n")
                    self._close_to(index)
                    break
        if self.heading is not None and tag in ("h1", "title"):
            found = _blocks_of(self.heading)
            self.title = found[0] if found else None
            self.heading = None

    def _text(self, text: str, raw: str) -> None:
        line, offset = self.getpos()
        node = self.stack[-1]
        if node.name in ("script", "style"):
            return
        self.size += len(text)
        if self.size > MAX_TEXT:
            raise InputError(self.path, f"网页文字超过 {MAX_TEXT:,} 字，不像是一份报告，已拒绝读取")
        self.all_text.append(text)
        if self.heading is not None:
            self.heading.append((text, line, offset + 1, raw))
        if not node.dropped:
            node.children.append((text, line, offset + 1, raw))

    def handle_data(self, data: str) -> None:
        self._text(data, data)

    def handle_entityref(self, name: str) -> None:
        from html import unescape

        self._text(unescape(f"&{name};"), "")

    def handle_charref(self, name: str) -> None:
        from html import unescape

        self._text(unescape(f"&#{name};"), "")


def _positions(run: tuple) -> list[tuple[int, int]]:
    """(line, column) of each character of a text run; an entity's characters all sit at its '&'."""
    text, line, column, raw = run
    if not raw:
        return [(line, column)] * len(text)
    places = []
    for char in text:
        places.append((line, column))
        if char == "\n":
            line, column = line + 1, 1
        else:
            column += 1
    return places


def _walk(node: _Node):
    """Every item under a node in document order, without recursion (pages nest 100,000 deep)."""
    stack = [iter(node.children)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        yield item
        if isinstance(item, _Node) and not item.dropped:
            stack.append(iter(item.children))


def _container(root: _Node) -> _Node:
    """The parent of the leaf paragraphs that together hold the most Chinese characters."""
    order: list[_Node] = [item for item in _walk(root) if isinstance(item, _Node) and not item.dropped]
    cjk: dict[int, int] = {}
    has_leaf_inside: set[int] = set()
    for node in reversed(order):  # children before parents
        own = sum(
            sum(1 for ch in item[0] if "\u4e00" <= ch <= "\u9fff") for item in node.children if isinstance(item, tuple)
        )
        cjk[id(node)] = own + sum(cjk.get(id(child), 0) for child in node.children if isinstance(child, _Node))
        if node.name in LEAF_TAGS and id(node) not in has_leaf_inside and cjk[id(node)] >= 10 and node.parent is not None:
            node.parent.score += cjk[id(node)]
        if node.parent is not None and (node.name in LEAF_TAGS or id(node) in has_leaf_inside):
            has_leaf_inside.add(id(node.parent))
    best = max(order, key=lambda node: node.score, default=None)
    if best is None or best.score == 0:
        return next((node for node in order if node.name == "body"), root)
    return best


def _blocks(container: _Node) -> list[Block]:
    return _blocks_of(_walk(container))


def _blocks_of(items) -> list[Block]:
    blocks: list[Block] = []
    text: list[str] = []
    places: list[tuple[int, int]] = []

    def flush() -> None:
        joined = "".join(text)
        start = len(joined) - len(joined.lstrip())
        end = len(joined.rstrip())
        if end > start:
            kept = tuple(places[start:end])
            blocks.append(Block(text=joined[start:end], line=kept[0][0], positions=kept))
        text.clear()
        places.clear()

    for item in items:
        if item == "\n":
            flush()
        elif isinstance(item, tuple):
            for char, place in zip(item[0], _positions(item)):
                if char != "\n":
                    text.append(char)
                    places.append(place)
    flush()
    return blocks


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = CHARSET.search(data[:4096])
    candidates = ["utf-8"] + ([declared.group(1).decode("ascii")] if declared else []) + ["gb18030"]
    for encoding in candidates:
        try:
            return data.decode("gb18030" if encoding.lower() in ("gbk", "gb2312") else encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")


def _published(reader: _Reader) -> str | None:
    for key in DATE_META:
        if key in reader.meta:
            date = matched_date(DATE.search(reader.meta[key][0]))
            if date:
                return date
    return matched_date(PUBLISHED_TEXT.search(" ".join(reader.all_text))) or None


def read(path: str, data: bytes, fmt: str) -> RawDocument:
    reader = _Reader(path)
    collecting = gc.isenabled()
    gc.disable()  # the tree is many small objects none of which is garbage: collecting while building it is quadratic
    try:
        reader.feed(_decode(data))
        reader.close()
        blocks = _blocks(_container(reader.root))
    finally:
        if collecting:
            gc.enable()
    title, line, column = reader.meta.get("articletitle", ("", None, None))
    title = title.strip()
    # a meta title's characters all point at its <meta> tag
    title_block = Block(text=title, line=line, positions=((line, column),) * len(title)) if title else reader.title
    title = title_block.text if title_block else ""
    if title_block and not any(title in block.text or block.text in title for block in blocks[:5]):
        blocks.insert(0, title_block)
    if not any(block.text for block in blocks):
        raise InputError(path, "网页中没有找到正文文字，请确认保存的是报告页面本身")
    return RawDocument(path=path, format="html", blocks=tuple(blocks), published=_published(reader))
