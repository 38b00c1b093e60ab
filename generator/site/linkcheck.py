"""Every internal link of a built site leads somewhere: ``python -m generator linkcheck site``.

Reads each HTML file under the site folder, collects the ids it defines and the local
targets it points at (``href``, ``src``, ``srcset``, ``poster``, ``data``), then checks that
each target file exists inside the folder and that each ``#fragment`` is an id (or a named
anchor) of the page it points to. Absolute ``http(s)://`` links are outside a built site's
reach and are skipped. The site links with nothing else, so any other link is reported,
read as a browser reads it (``sanitize.link_kind``): a protocol-relative one (``//host/``,
``/\\host``), which leads to another host (in the offline export, to a ``file://`` share),
and one with another scheme (``javascript:``, ``data:``, ``mailto:``): either can only come
from record text the sanitiser let through.

MkDocs ``--strict`` already refuses broken links between Markdown pages; this also catches
links written by templates, themes and hooks, and anchors, which MkDocs does not check.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.site.sanitize import link_kind

#: Attributes holding one URL, on any element or (value) on these elements only.
_URL_ATTRS: dict[str, tuple[str, ...] | None] = {"href": None, "src": None, "poster": None, "data": ("object",)}
#: Fragments a browser resolves without an element of that id (HTML "top of the document").
_BUILTIN_FRAGMENTS = {"", "top"}


@dataclass(frozen=True, order=True)
class Broken:
    """A link from ``page`` (relative to the site) to ``target`` (as written) that leads nowhere."""

    page: str
    line: int
    target: str
    reason: str

    def text(self) -> str:
        return f"{self.page}:{self.line}: broken link {self.target!r}: {self.reason}"


@dataclass
class Result:
    pages: int = 0
    links: int = 0
    broken: list[Broken] = field(default_factory=list)


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str]] = field(default_factory=list)  # (line, url)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.page.ids.add(value)
            elif name in _URL_ATTRS and _URL_ATTRS[name] in (None, (tag,)):
                self.page.links.append((line, value))
            elif name == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.page.links.append((line, url))

    handle_startendtag = handle_starttag


def _read(path: Path) -> _Page:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    collector.close()
    return collector.page


#: Why a link of each kind the site never writes is reported.
_FOREIGN = {
    "protocol-relative": "protocol-relative: leads to another host (a file:// share in the offline export); "
    "the site links with https:// or page-relative paths",
    "scheme": "not an http(s) link: the site links with https:// or page-relative paths only",
}


def check(site: Path) -> Result:
    """Check every HTML page under ``site``; broken links sorted by page, line and target."""
    root = site.resolve()
    pages: dict[str, _Page] = {}
    for path in sorted(root.rglob("*.html")):
        if path.is_file():
            pages[path.relative_to(root).as_posix()] = _read(path)
    result = Result(pages=len(pages))
    for name, page in pages.items():
        seen: set[str] = set()
        for line, url in page.links:
            url = url.strip()
            kind = link_kind(url)
            if kind == "web":
                continue
            result.links += 1
            if url in seen:  # one report per target and page
                continue
            seen.add(url)
            reason = _FOREIGN.get(kind) or _resolve(root, name, url, pages)
            if reason:
                result.broken.append(Broken(name, line, url, reason))
    result.broken.sort()
    return result


def _resolve(root: Path, page: str, url: str, pages: dict[str, _Page]) -> str | None:
    """Why ``url`` written on ``page`` leads nowhere, or None when it resolves."""
    parts = urlsplit(url)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        target = page
    else:
        base = "" if path.startswith("/") else posixpath.dirname(page)
        target = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        if target == ".." or target.startswith("../"):
            return "points outside the site folder"
        if target == ".":
            target = ""
        on_disk = root / target if target else root
        if on_disk.is_dir():
            target = posixpath.join(target, "index.html") if target else "index.html"
            on_disk = root / target
        if not on_disk.is_file():
            return f"no file {target}"
    if fragment in _BUILTIN_FRAGMENTS or not target.endswith(".html"):
        return None
    ids = pages[target].ids if target in pages else set()
    if fragment not in ids:
        return f"no id {fragment!r} in {target}"
    return None


def render(result: Result) -> str:
    lines = [b.text() for b in result.broken]
    verdict = f"{len(result.broken)} broken" if result.broken else "all resolve"
    lines.append(f"checked {result.links} links on {result.pages} pages: {verdict}")
    return "\n".join(lines) + "\n"
