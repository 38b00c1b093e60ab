"""Just enough Markdown for model cards: headings, paragraphs, code blocks, table runs.

Cards are messy: web copies without blank lines, whole cards flattened onto one line,
HTML headers, tables inside code fences. ``parse`` never fails; it turns lines into
blocks that remember the card line they came from, and ``plain``/``links`` read inline text.
"""

from __future__ import annotations

import bisect
import html
import html.entities
import re
from dataclasses import dataclass, field

# --- inline text --------------------------------------------------------------------------

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
#: ``<https://...>`` and ``<name@host>``: autolinks, whose text is the address (not tags to drop).
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^<>\s]{1,2000}|[^<>\s@]{1,200}@[^<>\s@]{1,200})>")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]\n]{1,200}\]:\s*\S")
# Alt text and address stop at the next bracket or parenthesis of their kind: a page of '!['
# or '![a](' must not retry hundreds of characters from each one.
_IMAGE = re.compile(r"!\[[^\[\]\n]{0,500}\]\([^()\n]{0,2000}\)")
# Bounded repeats: a page of "[" or "[a](" without closers must stay linear, not quadratic.
_LINK = re.compile(
    r"\[((?:[^\[\]]|\[[^\[\]]{0,300}\]){0,500})\]\(\s*<?([^()\[\]\s>]{0,2000})>?(?:\s+\"[^\"\n]{0,300}\")?\s*\)"
)
#: A character reference as Markdown reads one (CommonMark): a number or an entity name, always
#: ended by ';' ('&copy 2023' and 'AT&T' stay as written).
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])")
_SPACES = re.compile(r"[ \t\u00a0]+")


def strip_comments(text: str) -> str:
    """Text without HTML comments (an unclosed one runs to the end)."""
    return _COMMENT.sub("", text)


def strip_html(text: str) -> str:
    """Text without HTML comments and tags (autolinks keep their address), entities decoded."""
    text = _AUTOLINK.sub(lambda m: m.group(1), _COMMENT.sub(" ", text))
    text = _TAG.sub(" ", text)
    return _REFERENCE.sub(_decoded, text) if "&" in text else text


def _decoded(reference: re.Match[str]) -> str:
    """A character reference's character; an unknown name stays as written."""
    ref = reference.group(0)
    if ref[1] == "#":
        return html.unescape(ref)  # code points browsers replace (0, surrogates) replaced alike
    return html.entities.html5.get(ref[1:], ref)


def is_link_definitions(block: Block) -> bool:
    """A paragraph made only of link reference definitions (``[GitHub]:https://...``)."""
    lines = [line for line in block.lines if line.strip()]
    return bool(lines) and all(_LINK_DEFINITION.match(line) for line in lines)


def plain(text: str) -> str:
    """Inline Markdown as plain words: no images, link targets, emphasis, code marks or HTML."""
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = strip_html(text)
    text = _EMPHASIS.sub("", text).replace("`", "")
    return _SPACES.sub(" ", text).strip()


LINK = _LINK  # ``[text](url)``, bounded: group 1 the text, group 2 the target


def links(text: str) -> list[tuple[str, str]]:
    """Every ``[text](url)`` in ``text`` as (plain text, url), images left out."""
    text = _IMAGE.sub(" ", text)
    return [(plain(m.group(1)), m.group(2)) for m in _LINK.finditer(text)]


# --- blocks -------------------------------------------------------------------------------


@dataclass
class Block:
    """A heading, a paragraph, a code block or a run of table lines."""

    kind: str  # "heading" | "para" | "code" | "table" | "html" (an HTML <table>)
    line: int  # card line of the block's first line
    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # card line of each line
    level: int = 0  # heading level
    info: str = ""  # code fence info string
    heading: str = ""  # plain text of the nearest heading above (for a heading: its own text)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})\s*([^`\s]*)")
_HEADING_OPEN = re.compile(r"\s{0,3}(#{1,6})[ \t]+")


def _heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line (``## Title ##``), or None.

    Written out rather than as one pattern: ``(.*?)(?:[ \t]+#+)?[ \t]*$`` retries the
    optional closing hashes at every character, quadratic in a run of spaces (a 40 KB line
    took half a minute).
    """
    match = _HEADING_OPEN.match(line)
    if not match:
        return None
    text = line[match.end() :].rstrip(" \t")
    closed = text.rstrip("#")
    if closed != text and (not closed or closed[-1] in " \t"):
        text = closed.rstrip(" \t")
    return len(match.group(1)), text
_SEPARATOR_CELL = re.compile(r"^\s*:?-+:?\s*$")
_HTML_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_HTML_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
#: An HTML table longer than this many lines is cut there (its rows past it are not read).
MAX_HTML_TABLE_LINES = 5000


def is_separator(line: str) -> bool:
    """A table's header separator row, e.g. ``| --- | :---: |`` (or a lone ``|-----|``)."""
    cells = [c for c in line.strip().strip("|").split("|")]
    return "-" in line and all(_SEPARATOR_CELL.match(c) for c in cells)


def _pipe_line(line: str) -> bool:
    return "|" in line and not line.lstrip().startswith("<")


def parse(lines: list[str], numbers: list[int]) -> list[Block]:
    """The blocks of a card body; ``numbers[i]`` is the card line of ``lines[i]``."""
    out: list[Block] = []
    title = ""
    i = 0
    para: Block | None = None

    def close() -> None:
        nonlocal para
        if para is not None:
            out.extend(_split_tables(para))
            para = None

    while i < len(lines):
        line, number = lines[i], numbers[i]
        if not line:  # an empty line (the commonest) ends a paragraph, and is nothing else
            close()
            i += 1
            continue
        fence = _FENCE.match(line)
        if fence:
            close()
            mark = fence.group(1)
            block = Block("code", number, info=fence.group(2), heading=title)
            i += 1
            while i < len(lines) and not lines[i].lstrip().startswith(mark[0] * len(mark)):
                block.lines.append(lines[i])
                block.numbers.append(numbers[i])
                i += 1
            i += 1  # the closing fence (or the end of an unclosed block)
            out.append(block)
            continue
        if _HTML_TABLE_OPEN.match(line.lstrip()):
            close()
            block = Block("html", number, heading=title)
            depth = 0
            while i < len(lines) and len(block.lines) < MAX_HTML_TABLE_LINES:
                block.lines.append(lines[i])
                block.numbers.append(numbers[i])
                depth += len(_HTML_TABLE_OPEN.findall(lines[i])) - len(_HTML_TABLE_CLOSE.findall(lines[i]))
                i += 1
                if depth <= 0:
                    break
            out.append(block)
            continue
        found = _heading(line)
        if found:
            close()
            title = plain(found[1])
            out.append(Block("heading", number, [line], [number], level=found[0], heading=title))
        elif not line.strip():
            close()
        else:
            if para is None:
                para = Block("para", number, heading=title)
            para.lines.append(line)
            para.numbers.append(number)
        i += 1
    close()
    return out


def _split_tables(para: Block) -> list[Block]:
    """A paragraph split into prose and table runs (web copies lose the blank lines between)."""
    out: list[Block] = []
    run: list[int] = []

    def part(kind: str, idx: list[int]) -> Block:
        lines, numbers = [para.lines[j] for j in idx], [para.numbers[j] for j in idx]
        return Block(kind, numbers[0], lines, numbers, heading=para.heading)

    prose: list[int] = []
    for j, line in enumerate([*para.lines, ""]):
        if j < len(para.lines) and _pipe_line(line):
            run.append(j)
            continue
        if run and any(is_separator(para.lines[k]) for k in run):
            if prose:
                out.append(part("para", prose))
            prose = []
            out.append(part("table", run))
        else:
            prose.extend(run)
        run = []
        if j < len(para.lines):
            prose.append(j)
    if prose:
        out.append(part("para", prose))
    return out


# --- cards flattened onto one line ----------------------------------------------------------

#: A line this long holding headings or table rows is a flattened page, not a paragraph.
FLAT_LINE = 1500
_INLINE_HEADING = re.compile(r"(?<=\s)(#{1,6}) (?=\S)")
_FLAT_SEPARATOR = re.compile(r"\|(?:\s*:?-{3,}:?\s*\|)+")


def is_flattened(line: str) -> bool:
    return len(line) > FLAT_LINE and (" ## " in line or bool(_FLAT_SEPARATOR.search(line)) or " ``` " in line)


def reflow(line: str) -> list[str]:
    """Lines recovered from a page whose line breaks were lost: headings, fences and tables."""
    out: list[str] = []
    parts = line.split("```")
    for k, part in enumerate(parts):
        if k % 2:  # inside a code fence: the content stays one line
            out += ["```", part.strip(), "```"]
            continue
        for chunk in _INLINE_HEADING.sub(lambda m: "\n" + m.group(1) + " ", part).split("\n"):
            out += _unflatten_tables(chunk.strip())
            out.append("")
    return out


def _unflatten_tables(text: str) -> list[str]:
    """Split ``prose | a | b | |---|---| | 1 | 2 | more prose`` into prose and table rows.

    One table at a time from the left, over cells split once (a card of thousands of tables
    recursed past Python's limit, splitting the rest of the line again for each table).
    """
    cells = text.split("|")
    pipes = [m.start() for m in re.finditer(r"\|", text)]  # pipe i stands between cells i and i + 1
    lines: list[str] = []
    base = 0  # the first cell not yet placed
    while True:
        rest_at = pipes[base - 1] + 1 if base else 0
        match = _FLAT_SEPARATOR.search(text, rest_at)
        if match:
            first = bisect.bisect_left(pipes, match.start()) + 1  # the separator's first cell
            width = match.group(0).count("|") - 1
            start = first - 1 - width  # the header's first cell (cells[first - 1] is the row gap)
        if not match or start < base + 1 or cells[first - 1].strip():
            rest = "|".join(cells[base:]).strip()
            return [*lines, rest] if rest or not lines else lines
        rows = [cells[start : start + width], ["---"] * width]
        k = first + width
        while k < len(cells) and not cells[k].strip() and k + width < len(cells):
            rows.append(cells[k + 1 : k + 1 + width])
            k += 1 + width
        before = "|".join(cells[base:start]).rstrip("|").strip()
        if before:
            lines += [before, ""]
        lines += ["| " + " | ".join(c.strip() for c in row) + " |" for row in rows]
        lines.append("")
        if k >= len(cells) or not "|".join(cells[k:]).strip():
            return lines
        base = k
