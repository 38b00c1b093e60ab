"""Tables written in HTML (``<table><tr><th>...``), read into the same ``Table`` as Markdown ones.

Cards paste HTML tables for what Markdown cannot draw: cells spanning rows or columns, a
caption row across the whole table. Spans are expanded so every row is as wide as the
header; several leading rows of ``<th>`` cells make one header (their texts joined per
column); a first row with one cell spanning every column is the table's caption, kept
apart so its words do not pose as a column name. Python's ``html.parser`` reads the
markup, so stray or unclosed tags never raise; sizes are capped for hostile input.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from generator.importer import markdown
from generator.importer.tables import Table

MAX_ROWS = 2000
MAX_COLUMNS = 100
MAX_SPAN = 100
MAX_CELL = 2000


@dataclass
class _Cell:
    text: str
    header: bool
    colspan: int = 1
    rowspan: int = 1


class _Reader(HTMLParser):
    """Collects the rows of the outermost table: cells with their spans and card lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[_Cell]] = []
        self.lines: list[int] = []  # offset (in lines) of each row's <tr> in the fed text
        self.depth = 0  # nesting of <table>: only the outermost table's cells count
        self.cell: _Cell | None = None
        self.row: list[_Cell] | None = None
        self.row_line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
        elif self.depth != 1:
            return
        elif tag == "tr":
            self.close_row()
            self.row, self.row_line = [], self.getpos()[0]
        elif tag in ("td", "th"):
            self._close_cell()
            found = dict(attrs)
            self.cell = _Cell("", tag == "th", _span(found.get("colspan")), _span(found.get("rowspan")))
        elif tag == "br" and self.cell is not None:
            self.cell.text += " "

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            if self.depth == 1:
                self.close_row()
            self.depth = max(0, self.depth - 1)
        elif self.depth != 1:
            return
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self.close_row()

    def handle_data(self, data: str) -> None:
        if self.depth == 1 and self.cell is not None and len(self.cell.text) < MAX_CELL:
            self.cell.text += data[: MAX_CELL - len(self.cell.text)]

    def _close_cell(self) -> None:
        if self.cell is not None:
            if self.row is None:
                self.row, self.row_line = [], self.getpos()[0]
            if len(self.row) < MAX_COLUMNS:
                self.row.append(self.cell)
            self.cell = None

    def close_row(self) -> None:
        self._close_cell()
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


def parse(block: markdown.Block) -> Table | None:
    """The table in an ``html`` block, or None when it has no header and at least one row."""
    reader = _Reader()
    reader.feed(block.text)
    reader.close()
    reader.close_row()
    rows, lines = reader.rows, [block.numbers[min(n - 1, len(block.numbers) - 1)] for n in reader.lines]
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
    return Table(header, body, lines[0], lines[heads:], caption=caption)
