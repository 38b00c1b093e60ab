"""Reading a built page as a reader does: its headings, its sections' text, its tables.

Only the article (Material's ``<article>``) is read; the header, nav and footer are not.
Heading permalinks (the trailing "¶") are dropped from heading text.

>>> page = parse_page('<article><h2>Files<a class="headerlink">¶</a></h2>'
...                   '<table><tr><th>Name</th></tr><tr><td><a href="x/">a.gguf</a></td></tr></table></article>')
>>> page.tables[0].heading, page.tables[0].headers, page.tables[0].rows[0][0].text, page.tables[0].rows[0][0].hrefs
('Files', ['Name'], 'a.gguf', ['x/'])
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any


@dataclass
class Cell:
    text: str = ""
    hrefs: list[str] = field(default_factory=list)
    strong: list[str] = field(default_factory=list)


@dataclass
class Table:
    heading: str  # the nearest heading above the table (h2 or h3)
    section: str  # the h2 it sits under
    headers: list[str] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)

    def column(self, name: str) -> int:
        """Index of the column whose header starts with ``name``."""
        found = [i for i, h in enumerate(self.headers) if h.startswith(name)]
        assert len(found) == 1, f"no single column {name!r} in {self.headers}"
        return found[0]


@dataclass
class Page:
    title: str = ""
    lang: str = ""
    tables: list[Table] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # h2 text -> the text under it
    strong: dict[str, list[str]] = field(default_factory=dict)  # h2 text -> bold phrases under it

    def tables_under(self, section: str) -> list[Table]:
        return [t for t in self.tables if t.section == section]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("¶", "")).strip()


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.article = 0
        self.heading: str | None = None  # tag of the heading being read
        self.heading_text = ""
        self.h2 = ""
        self.h23 = ""
        self.table: Table | None = None
        self.row: list[Cell] | None = None
        self.cell: Cell | None = None
        self.in_header_cell = False
        self.strong = 0
        self.strong_text = ""
        self.headerlink = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "html":
            self.page.lang = attr.get("lang") or ""
        if tag == "article":
            self.article += 1
        if not self.article:
            return
        if tag in ("h1", "h2", "h3"):
            self.heading, self.heading_text = tag, ""
        elif tag == "a" and "headerlink" in (attr.get("class") or ""):
            self.headerlink += 1
        elif tag == "table":
            self.table = Table(heading=self.h23, section=self.h2)
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell, self.in_header_cell = Cell(), tag == "th"
        elif tag == "a" and self.cell is not None and attr.get("href"):
            self.cell.hrefs.append(attr["href"] or "")
        elif tag == "strong":
            self.strong += 1
            self.strong_text = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.article -= 1
        if not self.article:
            return
        if tag == self.heading:
            text = _squash(self.heading_text)
            if tag == "h1":
                self.page.title = text
            else:
                self.h23 = text
                if tag == "h2":
                    self.h2 = text
                    self.page.sections.setdefault(text, "")
            self.heading = None
        elif tag == "a" and self.headerlink:
            self.headerlink -= 1
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.cell.text = _squash(self.cell.text)
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table is not None:
            if self.in_header_cell and not self.table.headers:
                self.table.headers = [c.text for c in self.row]
            else:
                self.table.rows.append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            self.page.tables.append(self.table)
            self.table = None
        elif tag == "strong" and self.strong:
            self.strong -= 1
            text = _squash(self.strong_text)
            self.page.strong.setdefault(self.h2, []).append(text)
            if self.cell is not None:
                self.cell.strong.append(text)

    def handle_data(self, data: str) -> None:
        if not self.article or self.headerlink:
            return
        if self.heading:
            self.heading_text += data
            return
        if self.cell is not None:
            self.cell.text += data
        if self.strong:
            self.strong_text += data
        if self.h2:
            self.page.sections[self.h2] += data


def parse_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    page = reader.page
    page.sections = {k: _squash(v) for k, v in page.sections.items()}
    return page


def page_url(docs_path: str, lang: str | None = None) -> str:
    """The site-relative address of a docs page in a language: every language is built as a
    site of its own under its root ('' or 'zh/'), each page as ``<path>.html``.

    >>> page_url("models/CausalLM/7B.md", "zh")
    'zh/models/CausalLM/7B.html'
    """
    from generator import languages
    from generator.site.build import site_root

    return site_root(lang or languages.default().code) + docs_path[: -len(".md")] + ".html"


def read_page(site: Path, path: str, lang: str | None = None) -> Page:
    """The built page of ``path`` under ``site``: a docs path (``models/CausalLM/7B.md``, in
    ``lang``) or a site-relative address (``zh/models/CausalLM/7B.html``)."""
    url = path if path.endswith(".html") else page_url(path, lang)
    target = site / url
    assert target.is_file(), f"{path} was not built (no {url})"
    return parse_page(target.read_text(encoding="utf-8"))


def script_data(script: str, name: str) -> Any:
    """The data a generated script sets: ``window.<name>=<JSON>;`` after one comment line."""
    comment, _, rest = script.partition("\n")
    assert comment.startswith("/*") and comment.endswith("*/"), comment[:80]
    prefix = f"window.{name}="
    assert rest.startswith(prefix) and rest.endswith(";\n"), rest[:80]
    return json.loads(rest[len(prefix) : -len(";\n")])
