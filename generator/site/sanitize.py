"""The last line of defence: rendered page HTML keeps only tags, attributes and links we make.

Record text is escaped before rendering (``generator.render.text``); this pass makes sure
that even a mistake there cannot put script, event handlers, frames or non-http(s) links
into a reader's browser. It runs on each page's content from a MkDocs hook.
"""

from __future__ import annotations

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "mark", "ol", "p", "pre",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul", "wbr",
    # The lineage diagrams the generator draws (generator/render/diagram.py): shapes and text only.
    "svg", "g", "rect", "path", "text", "title",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    "td": {"style", "colspan", "rowspan"},
    # data-sort-first: the order a column sorts in first (overrides/assets/javascripts/tables.js).
    "th": {"style", "colspan", "rowspan", "data-sort-first"},
    "ol": {"start"},
    "svg": {"viewBox", "width", "height", "role", "aria-label"},
    "rect": {"x", "y", "width", "height", "rx"},
    "path": {"d"},
    "text": {"x", "y"},
}


def _attribute(element: str, attribute: str, value: str) -> str | None:
    """Content never poses as the theme: its ids start with '__' (Material reads its config
    from ``#__config``, so a heading '## __config' would replace it), its classes with 'md-'."""
    if attribute == "id" and value.startswith("__"):
        return None
    if attribute == "data-sort-first":
        return value if value in ("ascending", "descending") else None
    if attribute == "class":
        return " ".join(c for c in value.split() if not c.startswith("md-")) or None
    return value


def clean(html: str) -> str:
    """Page HTML with anything outside the allow-list removed; links only http(s) or relative."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes={"http", "https"},
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
