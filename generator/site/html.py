"""Fixes a built page needs, as plain functions of its text (the post-build pass,
``generator.site.policy.enforce``, applies them to whatever builder's output).

- ``open_held``: the data tables and diagrams the generator's Markdown holds back from the
  builder's Markdown reader (``generator.render.tables.held``), put in their place.
- ``permalink_titles``: the title of each heading's permalink in the page's language
  (Python-Markdown writes 'Permanent link' whatever the language).
"""

from __future__ import annotations

import re
from html import escape

from generator.render.tables import HELD_CLOSE, HELD_OPEN, opened

_HELD = re.compile(re.escape(HELD_OPEN) + "(.*?)" + re.escape(HELD_CLOSE), re.DOTALL)


def open_held(page_html: str) -> str:
    """``page_html`` with every held table and diagram in its place.

    >>> open_held('<p>a</p>\\n<!--atlas-held <table class="atlas&#45;num"></table> -->')
    '<p>a</p>\\n<table class="atlas-num"></table>'
    """
    if HELD_OPEN not in page_html:
        return page_html
    return _HELD.sub(lambda m: opened(m.group(1)), page_html)

_PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*" title=")Permanent link(")')


def permalink_titles(page_html: str, title: str | None) -> str:
    """``page_html`` with every heading permalink titled ``title`` (None: as it is).

    >>> permalink_titles('<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>', "永久链接")
    '<h2 id="a">A<a class="headerlink" href="#a" title="永久链接">¶</a></h2>'
    """
    if not title:
        return page_html
    return _PERMALINK.sub(lambda m: m.group(1) + escape(title) + m.group(2), page_html)
