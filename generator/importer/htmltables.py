"""Tables written in HTML (``<table><tr><th>...``), read into the same ``Table`` as Markdown ones.

Cards paste HTML tables for what Markdown cannot draw: cells spanning rows or columns, a
caption row across the whole table. Spans are expanded so every row is as wide as the
header; several leading rows of ``<th>`` cells make one header (their texts joined per
column); a first row with one cell spanning every column is the table's caption, kept
apart so its words do not pose as a column name. One linear pass over the table tags
reads the markup, so stray or unclosed tags never raise; sizes are capped for hostile input.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from generator.importer import markdown

MAX_ROWS = 2000
MAX_COLUMNS = 100
MAX_SPAN = 100
MAX_CELL = 2000
#: Characters of one table handed to the HTML parser (a card's tables are a few KiB).
MAX_TABLE_CHARS = 200_000


@dataclass
class _Cell:
    text: str
    header: bool
    colspan: int = 1
    rowspan: int = 1


#: The tags that shape a table; everything else is cell text (other tags are dropped from it).
_TAG = re.compile(r"<(/?)(table|tr|td|th|br)\b([^<>]{0,1000})>", re.IGNORECASE)
_OTHER_TAG = re.compile(r"</?[A-Za-z][^<>]{0,1000}>")
_ATTR = re.compile(r"\b(colspan|rowspan)\s*=\s*[\"']?\s*(\d{1,6})", re.IGNORECASE)


class _Reader:
    """Collects the rows of the outermost table: cells with their spans and card lines.

    A single pass over the tags that matter (``table``, ``tr``, ``td``, ``th``, ``br``),
    with bounded patterns, so the time is linear in the text however it is malformed
    (Python's html.parser rescans unclosed constructs: quadratic on hostile text).
    """

    def __init__(self, text: str) -> None:
        self.rows: list[list[_Cell]] = []
        self.lines: list[int] = []  # line offset (0-based) of each row's start in the text
        self.depth = 0  # nesting of <table>: only the outermost table's cells count
        self.cell: _Cell | None = None
        self.row: list[_Cell] | None = None
        self.row_line = 0
        at = 0
        line = 0
        for match in _TAG.finditer(text):
            self._data(text[at : match.start()])
            line += text.count("\n", at, match.start())
            self._tag(match.group(1) == "/", match.group(2).lower(), match.group(3), line)
            at = match.end()
        self._data(text[at:])
        self.close_row(line)

    def _tag(self, closing: bool, tag: str, attrs: str, line: int) -> None:
        if tag == "table":
            if not closing:
                self.depth += 1
                return
            if self.depth == 1:
                self.close_row(line)
            self.depth = max(0, self.depth - 1)
        elif self.depth != 1:
            return
        elif tag == "tr":
            self.close_row(line)
            if not closing:
                self.row, self.row_line = [], line
        elif tag in ("td", "th"):
            self._close_cell(line)
            if not closing:
                found = {k.lower(): v for k, v in _ATTR.findall(attrs)}
                self.cell = _Cell("", tag == "th", _span(found.get("colspan")), _span(found.get("rowspan")))
        elif tag == "br" and self.cell is not None:
            self.cell.text += " "

    def _data(self, data: str) -> None:
        if self.depth == 1 and self.cell is not None and len(self.cell.text) < MAX_CELL:
            text = html.unescape(_OTHER_TAG.sub(" ", data[: MAX_CELL * 2]))
            self.cell.text += text[: MAX_CELL - len(self.cell.text)]

    def _close_cell(self, line: int) -> None:
        if self.cell is not None:
            if self.row is None:
                self.row, self.row_line = [], line
            if len(self.row) < MAX_COLUMNS:
                self.row.append(self.cell)
            self.cell = None

    def close_row(self, line: int) -> None:
        self._close_cell(line)
        if self.row and len(self.rows) < MAX_ROWS:
            self.rows.append(self.row)
            self.lines.append(self.row_line)
        self.row = None


def _span(value: str | None) -> int:
    try:
        return min(MAX_SPAN, max(1, int(str(value).strip())))
    except ValueError:
        return 1


def _grid(rows: list[list[_Cell]]) -> list[list[_Cell | None]]:
    """Rows with spans expanded: a spanning cell fills every slot it covers."""
    out: list[list[_Cell | None]] = []
    pending: dict[int, tuple[_Cell, int]] = {}  # column -> (cell, rows it still fills)
    for row in rows:
        line: list[_Cell | None] = []
        k = col = 0
        while (k < len(row) or any(c >= col for c in pending)) and col < MAX_COLUMNS:
            if col in pending:
                cell, left = pending.pop(col)
                if left > 1:
                    pending[col] = (cell, left - 1)
                line.append(cell)
                col += 1
            elif k < len(row):
                cell, k = row[k], k + 1
                for _ in range(min(cell.colspan, MAX_COLUMNS - col)):
                    if cell.rowspan > 1:
                        pending[col] = (cell, cell.rowspan - 1)
                    line.append(cell)
                    col += 1
            else:
                line.append(None)
                col += 1
        out.append(line)
    return out


def _text(cell: _Cell | None) -> str:
    return " ".join(cell.text.split()) if cell is not None else ""


@dataclass(frozen=True)
class HtmlTable:
    """What an HTML table holds, for ``tables.find_tables`` to make a ``Table`` of."""

    header: list[str]
    rows: list[list[str]]
    line: int  # card line of the header
    row_lines: list[int]
    caption: str


def parse(block: markdown.Block) -> HtmlTable | None:
    """The table in an ``html`` block, or None when it has no header and at least one row."""
    reader = _Reader(markdown.strip_comments(block.text)[:MAX_TABLE_CHARS])
    rows, lines = reader.rows, [block.numbers[min(n, len(block.numbers) - 1)] for n in reader.lines]
    caption = ""
    if len(rows) > 1 and len(rows[0]) == 1 and rows[0][0].colspan > 1 and rows[0][0].rowspan == 1:
        caption = _text(rows[0][0])
        rows, lines = rows[1:], lines[1:]
    grid = _grid(rows)
    if not grid:
        return None
    width = max(len(line) for line in grid)
    if width < 2:
        return None
    heads = 0
    while heads < len(grid) and all(c is not None and c.header for c in grid[heads]):
        heads += 1
    heads = heads or 1  # no <th> at all: the first row names the columns
    header: list[str] = []
    for col in range(width):
        words: list[str] = []
        for line in grid[:heads]:
            text = _text(line[col]) if col < len(line) else ""
            if text and text not in words:
                words.append(text)
        header.append(" ".join(words))
    body = [[_text(c) for c in line] + [""] * (width - len(line)) for line in grid[heads:]]
    if not body:
        return None
    return HtmlTable(header, body, lines[0], lines[heads:], caption)
