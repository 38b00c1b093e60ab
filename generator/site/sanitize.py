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
  start with ``__`` (Material reads its config from ``#__config``) or ``md-``;
- a diagram other than the generator's: the ``mermaid`` class, which has the page's diagram
  engine draw an element (and its labels may hold HTML that loads from any host), stays
  only on a ``<pre>`` whose text is a diagram of the grammar the generator writes
  (``_DIAGRAM``); anywhere else it is dropped and the text shows as code.

It runs on each page's content from a MkDocs hook (``generator.mkdocs_hooks``).
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlsplit

import nh3
from pygments.token import STANDARD_TYPES

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "mark", "ol", "p", "pre",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    "td": {"style", "colspan", "rowspan"},
    "th": {"style", "colspan", "rowspan"},
    "ol": {"start"},
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
    *ADMONITION_TYPES,
    *(token for token in STANDARD_TYPES.values() if token),
})
_LANGUAGE_CLASS = re.compile(r"language-[a-z0-9_+#-]{1,40}")
#: The class that has the diagram engine draw an element; see ``_DIAGRAM``.
DIAGRAM_CLASS = "mermaid"


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


# --- diagrams ------------------------------------------------------------------------------

#: The diagrams the generator draws (templates/model.md.jinja: lineage): a header, nodes
#: with labels of plain characters (``pages._mermaid_label``), edges with such labels. No
#: markup, entities, directives (%%), click handlers, styles or classes can be written in it.
_LABEL = r"[\w .+\-/·]*"
_NODE = rf"[a-z][a-z0-9]{{0,8}}(?:\[\"{_LABEL}\"\]|\[/\"{_LABEL}\"/\])?"
_DIAGRAM = re.compile(rf"(?:graph|flowchart) (?:TB|TD|BT|RL|LR)(?:\n[ ]*{_NODE}(?: -->\|{_LABEL}\| {_NODE})?)*\n?")
_PRE = re.compile(r"<pre( [^>]*)?>(.*?)</pre>", re.DOTALL)
_CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
_CODE_ONLY = re.compile(r"<code>([^<]*)</code>")


def is_diagram(text: str) -> bool:
    """Whether ``text`` (a ``<pre>``'s text) is a diagram of the generator's grammar."""
    return bool(_DIAGRAM.fullmatch(text.strip("\n") + "\n"))


def _diagrams(html: str) -> str:
    """Drop the diagram class from every ``<pre>`` whose content is not a generator diagram.

    Runs on the sanitiser's own output, which is canonical (attributes double-quoted, text
    escaped), and after the attribute filter kept the class on ``<pre>`` only.
    """

    def check(match: re.Match[str]) -> str:
        attributes = match.group(1) or ""
        classes = _CLASS_ATTRIBUTE.search(attributes)
        if not classes or DIAGRAM_CLASS not in classes.group(1).split():
            return match.group(0)
        code = _CODE_ONLY.fullmatch(match.group(2))
        if code and is_diagram(html_lib.unescape(code.group(1))):
            return match.group(0)
        rest = " ".join(c for c in classes.group(1).split() if c != DIAGRAM_CLASS)
        shown = attributes.replace(classes.group(0), f'class="{rest}"' if rest else "").rstrip()
        return f"<pre{shown}>{match.group(2)}</pre>"

    return _PRE.sub(check, html) if DIAGRAM_CLASS in html else html


# --- the pass ------------------------------------------------------------------------------


def _attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and value.startswith(("__", "md-")):
        return None
    if attribute == "class":
        kept = [c for c in value.split() if _allowed_class(c) or (c == DIAGRAM_CLASS and element == "pre")]
        return " ".join(kept) or None
    if attribute == "href" and link_kind(value) not in ("web", "relative"):
        return None
    return value


def clean(html: str) -> str:
    """Page HTML with anything outside the allow-list removed (see the module's list)."""
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes={"http", "https"},
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _diagrams(cleaned)
