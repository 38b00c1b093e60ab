"""The authority on what a page may contain: rendered page HTML keeps only what we allow.

Record text is neutralised before rendering (``generator.render.text``), but that is a
filter on text; this pass decides on the parsed HTML, so that no way around a filter can
put into a reader's browser:

- script, event handlers, frames, images, styles (tags and attributes are allow-listed);
- a link other than an absolute ``http(s)://`` one or a page-relative one (the generator's
  own): no other scheme, and nothing protocol-relative (``//host/...``, ``/\\host``), which
  leads to another host, or in the offline export to a ``file://`` share; the URL is read
  the way a browser reads it (``link_kind``);
- a class or id that a script of the page acts on: classes are allow-listed (what the
  site's Markdown extensions and our templates write; Material's scripts act on
  ``annotate``, ``md-*``, ``tabbed-*`` ..., mermaid.js on ``mermaid``), content ids may not
  start with ``__`` (Material reads its config from ``#__config``) or ``md-``, save one: the
  target of the theme's "Skip to content" link, ``<a id="__skip" tabindex="-1">``, which
  Zensical's template puts at the top of the article (without it the link leads nowhere);
- drawing markup beyond the generator's lineage diagrams (``render/diagram.py``): inline SVG
  of boxes, text and paths only, with no link, image, style or script in it.

The generator runs it over every built page's article (``generator.site.policy``), whichever
builder made the page.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import nh3
from pygments.token import STANDARD_TYPES

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
    "a": {"href", "tabindex"},
    "td": {"style", "colspan", "rowspan"},
    # data-sort-first: the order a column sorts in first (overrides/assets/javascripts/tables.js).
    "th": {"style", "colspan", "rowspan", "data-sort-first"},
    "ol": {"start"},
    "svg": {"viewBox", "width", "height", "role", "aria-label"},
    "rect": {"x", "y", "width", "height", "rx"},
    "path": {"d"},
    "text": {"x", "y"},
}

#: Material's admonition types (``!!! note``): the extension writes the type as a class.
ADMONITION_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success",
    "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure",
    "fail", "missing", "danger", "error", "bug", "example", "quote", "cite",
})
#: Classes content may carry: what Python-Markdown, pymdownx.highlight (Pygments tokens) and
#: our templates write. None of them is one a script of the page acts on.
CLASSES = frozenset({
    "admonition", "admonition-title", "headerlink",
    "highlight", "highlighttable", "linenos", "linenodiv", "filename", "hll",
    "atlas-mark", "atlas-fallback",
    "atlas-num", "atlas-prose",  # number and running-text columns (render/tables.py)
    "atlas-keep",  # words a narrow cell keeps on one line (render/cells.py: a score's breakdown)
    # a prompt template whose copy button must copy the text byte for byte (copy.js only
    # reads the block's own text: nothing from the record decides what runs)
    "atlas-exact",
    # the home page's search field: search.js builds the field inside it (text only)
    "atlas-search-home", "atlas-search-home__hint",
    # the readers' tools (templates compare, fit, models-index, model): containers styled by
    # CSS, and the "Add to compare" link, whose address tools.js only extends with models
    # the reader chose (to the site's own compare page)
    "atlas-tool", "atlas-nojs", "atlas-compare-add",
    # lineage diagrams (render/diagram.py)
    "atlas-lineage", "atlas-node", "atlas-here", "atlas-model", "atlas-quant", "atlas-edge", "atlas-head", "atlas-relation",
    *ADMONITION_TYPES,
    *(token for token in STANDARD_TYPES.values() if token),
})
_LANGUAGE_CLASS = re.compile(r"language-[a-z0-9_+#-]{1,40}")


def _allowed_class(name: str) -> bool:
    return name in CLASSES or bool(_LANGUAGE_CLASS.fullmatch(name))


# --- links ---------------------------------------------------------------------------------

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_STRIPPED = "".join(map(chr, range(0x21)))  # C0 controls and space, which browsers strip at both ends


def link_kind(url: str) -> str:
    """What a browser makes of ``url``: 'web' (absolute http(s)), 'relative' (this site),
    'protocol-relative' (another host, scheme of the page) or 'scheme' (any other scheme).

    Read as the WHATWG URL parser reads it: leading and trailing controls and spaces
    dropped, tabs and line breaks removed anywhere, a backslash taken for a slash.

    >>> [link_kind(u) for u in ["https://e.org/", "../x/#a", "//evil.example/", "/\\\\evil", "java\\tscript:x"]]
    ['web', 'relative', 'protocol-relative', 'protocol-relative', 'scheme']
    """
    url = url.strip(_STRIPPED).replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/")
    scheme = _SCHEME.match(url)
    if scheme:
        if scheme.group(1).lower() in ("http", "https") and url[scheme.end() :].startswith("//"):
            return "web" if urlsplit(url).netloc else "scheme"
        return "scheme"  # other schemes, and "https:evil" (another host from an http page)
    if url.startswith("//"):
        return "protocol-relative"
    return "relative"


# --- the pass ------------------------------------------------------------------------------


def _attribute(element: str, attribute: str, value: str) -> str | None:
    if value == "__skip" and element == "a" and attribute == "id":
        return value  # the theme's skip-link target (see the module's list)
    return _judge(attribute, value)


# Called for every attribute of every page (a million table-cell classes at 2,000 models):
# the verdict depends on the attribute and its value only, so each is kept.
@lru_cache(maxsize=1 << 17)
def _judge(attribute: str, value: str) -> str | None:
    if attribute == "id" and value.startswith(("__", "md-")):
        return None
    if attribute == "data-sort-first":
        return value if value in ("ascending", "descending") else None
    if attribute == "tabindex":  # allowed on links only: the skip-link target's "-1"
        return value if value == "-1" else None
    if attribute == "class":
        kept = [c for c in value.split() if _allowed_class(c)]
        return " ".join(kept) or None
    if attribute == "href" and link_kind(value) not in ("web", "relative"):
        return None
    return value


def clean(html: str) -> str:
    """Page HTML with anything outside the allow-list removed (see the module's list)."""
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
