"""Fixes a built page needs, as plain functions of its text (the MkDocs hook calls them).

- ``meta_title``: Material prints a page title into ``<title>`` through ``striptags``, which
  unescapes it: a record named ``</title><script>...`` would close the element. A title
  given already escaped is printed as given.
- ``relative_language_links``: mkdocs-static-i18n gives the home pages' language links as
  site-absolute paths (``/``, ``/zh/``), which break under a sub-path (GitHub Pages project
  sites); page-relative links work everywhere, from disk included.
- ``home_language_links``: the 404 page is rendered after every page, and the i18n plugin
  leaves it the language links of the last page built; point them at each language's home.
"""

from __future__ import annotations

import re
from html import escape, unescape

#: A language link: (target, the hreflang attribute, its language).
_ALTERNATE = re.compile(r'href="([^"]*)"(\s+hreflang="([\w-]+)")')


def meta_title(title: str) -> str:
    """``title`` (as a page gives it, perhaps with entities) escaped once for ``<title>``.

    >>> meta_title("</title><script>")
    '&lt;/title&gt;&lt;script&gt;'
    """
    return escape(unescape(title), quote=False)


def relative_url(url: str, page_url: str) -> str:
    """A site-relative ``url`` ('zh/models/') as seen from the page at ``page_url`` ('models/x/').

    Both are slash-separated paths; the last part of ``page_url`` is a file when it holds a
    dot. Going above the root has no effect (as in MkDocs' ``get_relative_url``).

    >>> relative_url("zh/", "models/x/")
    '../../zh/'
    >>> relative_url(".", "")
    '.'
    """
    folder, _, last = page_url.rpartition("/")
    if "." in last:
        page_url = folder
    here, there = _parts(page_url), _parts(url)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return rel + "/" if url.endswith("/") else rel


def _parts(path: str) -> list[str]:
    out: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if out:
                out.pop()
        else:
            out.append(part)
    return out


def relative_language_links(html: str, page_url: str) -> str:
    """Every site-absolute language link (``href="/zh/"  hreflang=...``) made page-relative."""

    def relative(match: re.Match[str]) -> str:
        link = match.group(1)
        if not link.startswith("/") or link.startswith("//"):
            return match.group(0)
        return f'href="{relative_url(link.lstrip("/") or ".", page_url or ".")}"{match.group(2)}'

    return _ALTERNATE.sub(relative, html)


def home_language_links(html: str, default_lang: str) -> str:
    """Every language link pointed at that language's home (``/`` or ``/zh/``)."""

    def home(match: re.Match[str]) -> str:
        lang = match.group(3)
        return f'href="/{"" if lang == default_lang else lang + "/"}"{match.group(2)}'

    return _ALTERNATE.sub(home, html)
