"""A small HTML reader for built pages: scripts, attributes, ids, tables and visible text.

Uses the standard library's parser, told to read ``<title>`` and ``<textarea>`` as text the
way browsers do, so ``<title><script>...`` is reported as text, not as a script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_RAW_TEXT = {"title", "textarea"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    in_article: bool
    text: str = ""  # for <script>, <title> and diagrams (<pre class="mermaid">)


@dataclass
class Table:
    in_article: bool
    rows: list[int] = field(default_factory=list)  # cells per row, colspans counted


@dataclass
class Page:
    elements: list[Element] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    text: str = ""  # everything a reader sees in the body, scripts and styles left out
    article_text: str = ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []
        self.article_depth = 0
        self.open_tables: list[Table] = []
        self.capture: Element | None = None
        self.in_body = False
        self.hidden = 0  # inside script/style/template
        self.text: list[str] = []
        self.article: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        element = Element(tag, attributes, self.article_depth > 0)
        self.page.elements.append(element)
        if tag == "body":
            self.in_body = True
        if tag in ("script", "style", "template"):
            self.hidden += 1
        if tag in ("script", "title") or (tag == "pre" and "mermaid" in attributes.get("class", "").split()):
            self.capture = element
        if tag in _RAW_TEXT:
            self.set_cdata_mode(tag)
        if tag == "article":
            self.article_depth += 1
        if tag == "table":
            table = Table(self.article_depth > 0)
            self.page.tables.append(table)
            self.open_tables.append(table)
        elif tag == "tr" and self.open_tables:
            self.open_tables[-1].rows.append(0)
        elif tag in ("td", "th") and self.open_tables and self.open_tables[-1].rows:
            span = attributes.get("colspan", "1")
            self.open_tables[-1].rows[-1] += int(span) if span.isdigit() else 1
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self.hidden = max(0, self.hidden - 1)
        if tag in ("script", "title", "pre"):
            self.capture = None
        if tag == "article":
            self.article_depth = max(0, self.article_depth - 1)
        if tag == "table" and self.open_tables:
            self.open_tables.pop()
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.capture is not None:
            self.capture.text += data
        if self.in_body and not self.hidden:
            self.text.append(data)
            if self.article_depth:
                self.article.append(data)


def read(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    page = reader.page
    page.text = "".join(reader.text)
    page.article_text = "".join(reader.article)
    return page


_UP = re.compile(r"(?:\.\./)+|(?<=\")\.\.(?:/\.\.)*(?=\")|(?<=\")\.(?=\")")


def script_signature(element: Element) -> tuple[str, str]:
    """A script's attributes and body with relative prefixes ('../../') removed.

    The theme's scripts differ between pages only by how far up the site root is.
    """
    attrs = " ".join(f"{k}={_UP.sub('', v)}" for k, v in sorted(element.attrs.items()))
    return attrs, _UP.sub("", element.text)
