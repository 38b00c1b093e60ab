"""Safe Markdown from contributor text.

Record text is Markdown, but raw HTML is shown as text, images are not loaded, and links
work only with http(s) targets. Every function returns :class:`markupsafe.Markup`, so the
templates (which escape everything else automatically) insert the result as it is.
A last line of defence sanitises the rendered HTML (``generator.site.sanitize``).
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

# Bidi overrides and isolates can reorder what a reader sees; zero-width marks hide text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# A Markdown link or image target that is not http(s) or an in-page anchor.
_LINK_TARGET = re.compile(r"\]\((?!\s*<?\s*(?:https?://|#))")
_REF_DEFINITION = re.compile(r"^(\s{0,3})\[([^\]\n]*)\]:", re.MULTILINE)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def visible(text: str) -> str:
    """Remove characters that change how text is displayed without being seen."""
    return _INVISIBLE.sub("", text)


# A code span as Python-Markdown finds it (never across a blank line, which ends the
# paragraph): inside one, Markdown itself escapes HTML, so it is left as written.
_CODE_SPAN = re.compile(r"(?<!\\)(`+)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)


# A mermaid fence is drawn in the reader's browser, and its labels may hold HTML (an <img>
# that loads from any host): in record text it is shown as code, like any other fence.
_DIAGRAM_FENCE = re.compile(r"^([ \t>]*(?:`{3,}|~{3,})[ \t]*\{?[ \t]*\.?)mermaid\b", re.MULTILINE | re.IGNORECASE)


# attr_list reads "{: #id .class key=value }" after a paragraph, heading, cell or link as
# that element's attributes (an id such as __config, a class, a colspan): such a brace is
# written as an entity, which shows the same but is never read as an attribute list.
_ATTR_LIST = re.compile(r"\{(?=[^}\n]*?(?:(?<=[{\s:])[#.]|=)[^}\n]*\})")


def _neutralise(text: str) -> str:
    text = _DIAGRAM_FENCE.sub(r"\1text", visible(text))
    parts = []
    last = 0
    for span in _CODE_SPAN.finditer(text):
        parts.append(_neutralise_prose(text[last : span.start()]))
        parts.append(span.group(0))
        last = span.end()
    parts.append(_neutralise_prose(text[last:]))
    return "".join(parts)


def _neutralise_prose(text: str) -> str:
    text = html.escape(text, quote=False)
    text = _ATTR_LIST.sub("&#123;", text)
    text = text.replace("![", "!\\[")  # images would load from other hosts
    text = _LINK_TARGET.sub(r"\\](", text)
    text = _REF_DEFINITION.sub(r"\1\\[\2]:", text)
    return text


def block(text: str) -> Markup:
    """Contributor Markdown for a page body: paragraphs and lists kept, HTML shown as text."""
    return Markup(_neutralise(text).strip())


def inline(text: str) -> Markup:
    """Contributor Markdown for one line (a table cell, a list item): no line breaks, no '|'."""
    flat = " ".join(_neutralise(text).split())
    return Markup(flat.replace("|", "\\|"))


def literal(text: str) -> Markup:
    """Text shown exactly as written (names, ids): no Markdown or HTML meaning at all."""
    flat = " ".join(visible(text).split())
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False)))


def code_block(text: str) -> Markup:
    """A code block that shows ``text`` exactly, its last newline included, and whose copy
    button copies it byte for byte.

    Written as HTML, not as a Markdown fence: a fence always ends its code with one newline,
    whatever the text, and Material's copy button trims the end of what it copies, so a
    prompt template's final newline would be lost. The ``atlas-exact`` class asks
    ``overrides/assets/javascripts/copy.js`` to copy the code's text as it is.

    >>> print(code_block("<|user|>\\n{prompt}\\n"))
    <div class="language-text highlight atlas-exact"><pre><span></span><code>&lt;|user|&gt;
    {prompt}
    </code></pre></div>
    """
    body = html.escape(text, quote=False)
    return Markup(f'<div class="language-text highlight atlas-exact"><pre><span></span><code>{body}</code></pre></div>')


def code_inline(text: str, *, cell: bool = True) -> Markup:
    """Inline code that survives backticks, and '|' when inside a table cell."""
    flat = " ".join(visible(text).split())
    longest = max((len(m) for m in re.findall(r"`+", flat)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    body = flat.replace("|", "\\|") if cell else flat
    return Markup(f"{ticks}{pad}{body}{pad}{ticks}")


def external(label: str, url: str) -> Markup:
    """A link to another site; the URL was checked to be http(s) by the schema."""
    if not re.match(r"^https?://", url):
        return literal(label)
    safe_url = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return Markup(f"[{literal(label)}](<{safe_url}>)")


_INLINE_MARKDOWN = None


def inline_html(text: str) -> Markup:
    """Contributor Markdown for one line inside generated HTML (a table cell), as HTML.

    The same rules as ``inline`` (HTML shown as text, only http(s) links, no images); the
    conversion happens here because Markdown is not read inside an HTML block.
    """
    global _INLINE_MARKDOWN
    if _INLINE_MARKDOWN is None:
        import markdown

        _INLINE_MARKDOWN = markdown.Markdown(extensions=[], output_format="html")
    flat = " ".join(_neutralise(text).split())
    converted = _INLINE_MARKDOWN.reset().convert(flat)
    if converted.startswith("<p>") and converted.endswith("</p>"):
        converted = converted[3:-4]
    return Markup(converted)
