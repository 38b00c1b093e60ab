"""Safe Markdown from contributor text.

Record text is Markdown, but raw HTML is shown as text, images are not loaded, and links
work only with http(s) targets (or an anchor on the page). Every function returns
:class:`markupsafe.Markup`, so the templates (which escape everything else automatically)
insert the result as it is.

Prose goes through three steps, each deciding on what Markdown will see, not on patterns
in the raw string:

1. ``normalise``: every line break becomes ``\\n``; controls, format characters (bidi,
   zero-width) and surrogates are removed. Markdown itself drops some of them (STX, ETX)
   only after any filter has looked, and reads ``\\r`` or U+2028 as line breaks: after this
   step, the text the filters see is the text Markdown sees.
2. Structure, with the rules the site's Markdown applies: fenced blocks as
   pymdownx.superfences finds them (a ``mermaid`` fence becomes a ``text`` one), and code
   spans as Python-Markdown pairs backtick runs. A code span is written out as an HTML
   ``<code>`` element whose text is entities, every other backtick as ``&#96;``: what is
   code is decided here, once, and Markdown has nothing left to pair differently.
3. Prose: HTML escaped; a ``[`` stays only where it opens a link to an ``http(s)://``
   target or an anchor (so images, reference links, link definitions anywhere, and other
   schemes are text); a ``{`` that would open an attribute list is an entity; list markers
   nest at most three deep on one line. Entities are used, never inserted backslashes, so a
   backslash already in the text cannot undo an escape.

Every step is linear in the length of the text (``tests/hostile/test_linear.py``). The
HTML of every built page then passes the allow-list sanitiser (``generator.site.sanitize``),
which is the authority on what a page may contain; these steps keep record text from
reaching Markdown constructs it may not use, and the builder from super-linear work.

``block`` output is meant for lines of its own, at the start of a page line.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup

# --- 1. normalise ------------------------------------------------------------------------

#: Everything Python-Markdown or a browser reads as a line break.
_LINE_BREAKS = str.maketrans(dict.fromkeys("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", "\n"))
#: Removed from prose: controls (but tab and line break), format characters, surrogates.
_HIDDEN = frozenset({"Cc", "Cf", "Cs"})


def normalise(text: str) -> str:
    """Line breaks as ``\\n``; controls, format characters and surrogates removed.

    >>> normalise("a\\r\\nb\\u2028c\\x02d\\u202ee")
    'a\\nb\\ncde'
    """
    if text.isprintable():
        return text  # no line break, control, format character or surrogate: nothing to do (in C)
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
    if text.translate(_SHOWN_SPACES).isprintable():
        return text  # the common case, checked in C: nothing hidden in it
    return "".join(c for c in text if c in "\t\n" or unicodedata.category(c) not in _HIDDEN)


#: Layout and spaces that ``str.isprintable`` counts as unprintable but prose keeps.
_SHOWN_SPACES = str.maketrans(dict.fromkeys("\t\n\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                                            "\u2007\u2008\u2009\u200a\u202f\u205f\u3000"))


def visible(text: str) -> str:
    """``text`` without the characters that change how it is displayed without being seen."""
    return normalise(text)


# --- 2. structure: fences and code spans -------------------------------------------------

#: A superfences opening line (after indentation of spaces): the fence, then anything.
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)")
#: An info string kept as written: one language word, which is not the diagram fence.
_LANGUAGE = re.compile(r"[ \t]*\.?([\w#+-]+(?:\.[\w#+-]+)*)[ \t]*")


@dataclass
class _Fence:
    indent: int  # spaces before the fence on the opening line
    fence: str  # the fence as written, e.g. "```"
    opener: str  # the opening line as it will be written
    start: int  # index of the opening line


def _fenced_lines(lines: list[str]) -> dict[int, str]:
    """Lines of closed fenced blocks (line index -> line as written); every other line is prose.

    Mirrors pymdownx.superfences: one pass, no going back; content lines need the opening
    line's indentation (and no ``>`` or tab within it), blank lines excepted; the closing
    line is the same fence, exactly, at the same indentation; a block still open at the end
    is no block. Opening lines are rewritten to a form superfences always accepts (one
    language word, else ``text``), so it cannot refuse one this accepts; and prose never
    holds a raw fence (``_escape_lines``), so it cannot open one this did not.
    """
    out: dict[int, str] = {}
    current: _Fence | None = None
    for index, line in enumerate(lines):
        if current is None:
            indent = len(line) - len(line.lstrip(" "))
            match = _FENCE_OPEN.fullmatch(line, indent)
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                fence, info = match.groups()
                language = _LANGUAGE.fullmatch(info)
                if not info.strip():
                    info = ""
                elif language and "mermaid" not in info.lower():
                    info = language.group(1)
                else:
                    info = "text"  # a diagram, options or attributes: shown as code, not drawn
                current = _Fence(indent, fence, " " * indent + fence + info, index)
            continue
        if not line.strip():
            continue  # blank lines belong to the block
        if line[: current.indent].strip(" "):
            current = None  # less indented, or a tab or '>' in the indentation: no block
        elif line[current.indent :].rstrip(" \t") == current.fence:
            out[current.start] = current.opener
            for inner in range(current.start + 1, index + 1):
                out[inner] = lines[inner]
            current = None
    return out


def _code_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, content) of each code span, as Python-Markdown pairs backtick runs.

    Its pattern (``BACKTICK_RE``) pairs the first run not preceded by an odd number of
    backslashes (an escaped backtick starts the run one later) with the first later run of
    exactly the same length, trying the longest opening first; pairs of backslashes before
    a run are literal and leave it unescaped. Runs are indexed by length, so this is
    O(n log n) where the pattern is quadratic (runs of rising length).
    """
    runs = [(m.start(), m.end()) for m in re.finditer("`+", text)]
    by_length: dict[int, list[int]] = {}
    for number, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(number)
    spans = []
    number = 0
    while number < len(runs):
        start, end = runs[number]
        start += _slashes_before(text, start) % 2  # an escaped backtick is text; the rest of its run may open
        closing = None
        for length in range(end - start, 0, -1):
            later = by_length.get(length, ())
            position = bisect.bisect_right(later, number)
            if position < len(later):
                closing = (length, later[position])
                break
        if closing is None:
            number += 1
            continue
        length, closer = closing
        close_start, close_end = runs[closer]
        spans.append((start, close_end, text[start + length : close_start]))
        number = closer + 1
    return spans


def _slashes_before(text: str, index: int) -> int:
    count = 0
    while index - count > 0 and text[index - count - 1] == "\\":
        count += 1
    return count


def _code_html(content: str) -> str:
    """A code span as HTML whose text is entities: no character in it is Markdown syntax."""
    return "<code>" + "".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in content.strip()) + "</code>"


# --- 3. prose ----------------------------------------------------------------------------

#: Where a code span stood; never in normalised text (a control character).
_SPAN = "\x00"
#: What follows "](" for a link to keep: an http(s) URL or an anchor of the page.
_LINK_TARGET = re.compile(r"\([ \t\n]*(?:https?://|#)")
#: A line's leading list markers: the fourth and later ones are written as text.
_MARKERS = re.compile(r"[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+){4,}")
_MARKER = re.compile(r"([-+*]|\d{1,9}[.)])([ \t]+)")
_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "`": "&#96;"}
#: What Python-Markdown (with tables) reads a backslash before as an escape.
_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|")


def _positions(text: str, char: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(char), text)]


#: The prose characters that may need an entity, with the backslashes before them (a run
#: is entered at its start only, so a long run of backslashes is read once).
_SPECIAL = re.compile(r"(?<!\\)(\\*)([&<>`\[{])")
#: What makes a brace an attribute list: '=' anywhere, '#' or '.' after '{', ':' or a space.
_ATTRIBUTE_MARK = re.compile(r"=|(?<=[{: \t])[#.]")


def _escape_prose(text: str) -> str:
    """Prose (code spans stood in by ``_SPAN``) as Markdown that can only mean what is allowed."""
    opens, closes = _positions(text, "["), _positions(text, "]")
    keep_open: set[int] = set()
    for position in opens:
        close_at = bisect.bisect_right(closes, position)
        if close_at == len(closes):
            continue
        close = closes[close_at]
        next_open = bisect.bisect_right(opens, position)
        if next_open < len(opens) and opens[next_open] < close:
            continue  # nested brackets: never a link here
        if (position and text[position - 1] == "!") or _slashes_before(text, position) % 2:
            continue  # an image, or an escaped bracket
        if _LINK_TARGET.match(text, close + 1):
            keep_open.add(position)
    braces: tuple[list[int], list[int], list[int]] | None = None

    def escape(match: re.Match[str]) -> str:
        nonlocal braces
        slashes, char = match.groups()
        index = match.start(2)
        if char in _ENTITY:
            entity = _ENTITY[char]
        elif char == "[":
            if index in keep_open:
                return match.group(0)
            entity = "&#91;"
        else:  # "{"
            if braces is None:
                marks = [m.start() for m in _ATTRIBUTE_MARK.finditer(text)]
                braces = (_positions(text, "}"), _positions(text, "\n"), marks)
            if not _attribute_list(index, *braces):
                return match.group(0)
            entity = "&#123;"
        if char in _ESCAPABLE and len(slashes) % 2:
            slashes = slashes[:-1]  # the backslash that escaped it: the entity shows it as Markdown would
        return slashes + entity

    return _escape_lines(_SPECIAL.sub(escape, text))


def _attribute_list(index: int, braces_end: list[int], newlines: list[int], marks: list[int]) -> bool:
    """Whether the ``{`` at ``index`` opens what attr_list reads as attributes (before '}' on its line)."""
    at = bisect.bisect_right(braces_end, index)
    if at == len(braces_end):
        return False
    end = braces_end[at]
    line_end = bisect.bisect_right(newlines, index)
    if line_end < len(newlines) and newlines[line_end] < end:
        return False
    return bisect.bisect_left(marks, end) > bisect.bisect_right(marks, index)


def _escape_lines(text: str) -> str:
    """Line starts Markdown would read as structure prose may not have.

    A run of three tildes would open a fenced block (backticks are never raw in prose); list
    markers nest at most three deep on one line, since each costs the builder a stack frame
    (a line of 10,000 '+ ' ends its run in a RecursionError).
    """
    lines = text.split("\n")
    for number, line in enumerate(lines):
        start = len(line) - len(line.lstrip(" \t"))
        if line.startswith("~~~", start):
            lines[number] = line[:start] + "&#126;" + line[start + 1 :]
            continue
        head = _MARKERS.match(line)
        if head:
            markers = list(_MARKER.finditer(line, 0, head.end()))
            kept = line[: markers[3].start()]
            flat = "".join(f"{m.group(1)[:-1]}&#{ord(m.group(1)[-1])};{m.group(2)}" for m in markers[3:])
            lines[number] = kept + flat + line[head.end() :]
    return "\n".join(lines)


#: Runs of spaces and tabs inside a line (a reader sees one space either way), and at its
#: end (two spaces are a line break). The attribute-list patterns that the builder applies
#: to each heading and paragraph are quadratic in such runs (a tab counts four).
_INNER_RUN = re.compile(r"(?<=[^ \t\n])[ \t]{2,}(?=[^ \t\n])")
_TRAILING_RUN = re.compile(r"(?<=[^ \t\n])[ \t]{3,}(?=\n|$)")


def _squeeze(text: str) -> str:
    return _TRAILING_RUN.sub("  ", _INNER_RUN.sub(" ", text))


def _neutralise_prose(text: str) -> str:
    """A stretch of prose: code spans per paragraph, then the prose between them escaped."""
    parts = []
    for number, paragraph in enumerate(re.split(r"(\n[ \t]*\n)", text)):
        if number % 2:
            parts.append(paragraph)  # the blank line itself
            continue
        spans = _code_spans(paragraph)
        masked, last = [], 0
        for start, end, _ in spans:
            masked.append(paragraph[last:start])
            masked.append(_SPAN)
            last = end
        masked.append(paragraph[last:])
        escaped = _escape_prose(_squeeze("".join(masked))).split(_SPAN)
        code = [_code_html(content) for _, _, content in spans]
        parts.append("".join(piece + (code[i] if i < len(code) else "") for i, piece in enumerate(escaped)))
    return "".join(parts)


def _neutralise(text: str, *, fences: bool) -> str:
    lines = text.split("\n")
    fenced = _fenced_lines(lines) if fences else {}
    out: list[str] = []
    prose: list[str] = []
    for index, line in enumerate(lines):
        if index in fenced:
            if prose:
                out.append(_neutralise_prose("\n".join(prose)))
                prose = []
            out.append(fenced[index])
        else:
            prose.append(line)
    if prose:
        out.append(_neutralise_prose("\n".join(prose)))
    return "\n".join(out)


# --- what the templates call -------------------------------------------------------------


# Kept by text: a text with no translation is shown in every language, and a record's text on
# the pages of the records that list it.
@lru_cache(maxsize=1 << 12)
def block(text: str) -> Markup:
    """Contributor Markdown for a page body: paragraphs, lists, code kept; HTML shown as text."""
    return Markup(_neutralise(normalise(text).strip(), fences=True))


@lru_cache(maxsize=1 << 12)
def inline(text: str) -> Markup:
    """Contributor Markdown for one line (a table cell, a list item): no line breaks, no '|'."""
    flat = " ".join(normalise(text).split())
    return Markup(_neutralise(flat, fences=False).replace("|", "\\|"))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def literal(text: str) -> Markup:
    """Text shown exactly as written (names, ids): no Markdown or HTML meaning at all."""
    flat = " ".join(normalise(text).split())
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
    flat = " ".join(normalise(text).split())
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


def _markdown_inline(markdown_text: str) -> Markup:
    global _INLINE_MARKDOWN
    if _INLINE_MARKDOWN is None:
        import markdown

        _INLINE_MARKDOWN = markdown.Markdown(extensions=[], output_format="html")
    converted = _INLINE_MARKDOWN.reset().convert(markdown_text)
    if converted.startswith("<p>") and converted.endswith("</p>"):
        converted = converted[3:-4]
    return Markup(converted)


def trusted_inline_html(markdown_text: str) -> Markup:
    """Maintainers' Markdown for one line (a UI string), as HTML.

    Spaces at either end are kept (punctuation strings such as ' (' are joined to values).

    >>> trusted_inline_html("Sizes in **GB** (10^9 bytes)"), trusted_inline_html(" (")
    (Markup('Sizes in <strong>GB</strong> (10^9 bytes)'), Markup(' ('))
    """
    core = markdown_text.strip()
    if not core:
        return Markup(html.escape(markdown_text))
    start = markdown_text.index(core[0])
    before, after = markdown_text[:start], markdown_text[start + len(core):]
    return Markup(html.escape(before)) + _markdown_inline(" ".join(core.split())) + Markup(html.escape(after))


@lru_cache(maxsize=1 << 14)
def inline_html(text: str) -> Markup:
    """Contributor Markdown for one line inside generated HTML (a table cell), as HTML.

    The same rules as ``inline`` (HTML shown as text, only http(s) links, no images); the
    conversion happens here because Markdown is not read inside an HTML block.
    """
    flat = " ".join(normalise(text).split())
    return _markdown_inline(_neutralise(flat, fences=False))
