"""Fixes a built page needs, as plain functions of its text (the MkDocs hook calls them).

- ``meta_title``: Material prints a page title into ``<title>`` through ``striptags``, which
  unescapes it: a record named ``</title><script>...`` would close the element. A title
  given already escaped is printed as given.
- ``relative_url``: a link from one page of a built site to another, page-relative.
- ``permalink_titles``: the title of each heading's permalink in the page's language
  (Python-Markdown writes 'Permanent link' whatever the language).
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any


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


_PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*" title=")Permanent link(")')


def label(config: Any, key: str) -> str | None:
    """A word the build config gives in its language (``extra.labels``), if any.

    >>> label({"extra": {"labels": {"permalink": "本节链接"}}}, "permalink"), label(None, "permalink")
    ('本节链接', None)
    """
    labels = ((config or {}).get("extra") or {}).get("labels") or {}
    word = labels.get(key)
    return word if isinstance(word, str) else None


def permalink_titles(page_html: str, title: str | None) -> str:
    """``page_html`` with every heading permalink titled ``title`` (None: as it is).

    >>> permalink_titles('<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>', "永久链接")
    '<h2 id="a">A<a class="headerlink" href="#a" title="永久链接">¶</a></h2>'
    """
    if not title:
        return page_html
    return _PERMALINK.sub(lambda m: m.group(1) + escape(title) + m.group(2), page_html)
