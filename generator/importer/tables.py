"""Markdown tables as model cards write them, broken ones included.

Tolerated: rows without leading or trailing pipes, ragged rows (padded, or cut with a
warning when a cut cell holds text), separator rows repeated between data rows, tables
inside code fences, a sub-header row of settings ("5-shot") under the header, tabs and
trailing spaces, escaped pipes. A run of lines without a header separator is not a table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from generator.importer import htmltables, markdown
from generator.importer.notes import Notes


@dataclass
class Table:
    header: list[str]  # raw Markdown of each header cell
    rows: list[list[str]]  # raw Markdown cells, each row as wide as the header
    line: int  # card line of the header
    row_lines: list[int] = field(default_factory=list)
    heading: str = ""  # plain text of the nearest heading above
    before: str = ""  # the prose between that heading and the table
    index: int = 0  # position of the table's block in the card
    caption: str = ""  # an HTML table's caption row: one cell spanning every column

    @property
    def columns(self) -> list[str]:
        """Header cells as plain text."""
        return [markdown.plain(c) for c in self.header]

    def column(self, *names: str) -> int | None:
        """Index of the first column whose plain, lower-cased header is one of ``names``."""
        wanted = {n.lower() for n in names}
        for i, cell in enumerate(self.columns):
            if _key(cell) in wanted:
                return i
        return None

    def cells(self, col: Mapping[str, int | None]) -> Iterator[tuple[dict[str, str], int]]:
        """Each row as ``{key: cell}`` for the columns ``col`` locates ('' where the table
        lacks one), with the row's card line."""
        for row, line in zip(self.rows, self.row_lines, strict=True):
            yield {key: row[index] if index is not None else "" for key, index in col.items()}, line


def _key(cell: str) -> str:
    return " ".join(cell.lower().replace("\u00a0", " ").split())


_ESCAPED_PIPE = "\x00"


def split_row(line: str) -> list[str]:
    """The cells of one table row, outer pipes optional, ``\\|`` kept inside its cell."""
    text = line.strip().replace("\\|", _ESCAPED_PIPE)
    text = text.removeprefix("|")
    if text.endswith("|"):
        text = text[:-1]
    return [c.strip().replace(_ESCAPED_PIPE, "|") for c in text.split("|")]


def parse_table(lines: list[str], numbers: list[int], notes: Notes | None = None) -> Table | None:
    """The table in a run of pipe lines, or None when there is no header separator."""
    sep = next((i for i, line in enumerate(lines) if markdown.is_separator(line)), None)
    if sep is None or sep == 0:
        return None
    header = split_row(lines[sep - 1])
    width = len(header)
    if width < 2:
        return None
    table = Table(header, [], numbers[sep - 1])
    for line, number in zip(lines[sep + 1 :], numbers[sep + 1 :], strict=True):
        if markdown.is_separator(line) or not line.strip():
            continue  # a separator repeated between rows (a broken table), or a stray blank
        cells = split_row(line)
        if len(cells) > width:
            extra = [c for c in cells[width:] if c]
            if extra and notes is not None:
                notes.warn(
                    f"table row has {len(cells)} cells but the header has {width}; ignored the extra cells {extra[:3]}",
                    number,
                )
            cells = cells[:width]
        cells += [""] * (width - len(cells))
        table.rows.append(cells)
        table.row_lines.append(number)
    return table


def find_tables(blocks: list[markdown.Block], notes: Notes | None = None) -> list[Table]:
    """Every table in the card: table runs, code blocks that hold one, and HTML tables."""
    out: list[Table] = []
    prose: list[str] = []
    heading = None
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            prose = []
            heading = block.heading
            continue
        if block.kind == "para":
            prose.append(block.text)
            continue
        if block.kind == "html":
            found = htmltables.parse(block)
            if found is not None:
                table = Table(found.header, found.rows, found.line, found.row_lines, caption=found.caption)
                table.heading, table.before, table.index = heading or "", "\n".join(prose), index
                out.append(table)
            continue
        if block.kind == "code" and not any(markdown.is_separator(line) for line in block.lines):
            continue
        for lines, numbers in _runs(block):
            table = parse_table(lines, numbers, notes)
            if table is not None:
                table.heading = heading or ""
                table.before = "\n".join(prose)
                table.index = index
                out.append(table)
    return out


def _runs(block: markdown.Block) -> list[tuple[list[str], list[int]]]:
    """Runs of consecutive pipe lines in a block (a code block may hold prose around a table)."""
    runs: list[tuple[list[str], list[int]]] = []
    current: tuple[list[str], list[int]] = ([], [])
    for line, number in zip(block.lines, block.numbers, strict=True):
        if "|" in line:
            current[0].append(line)
            current[1].append(number)
        elif current[0]:
            runs.append(current)
            current = ([], [])
    if current[0]:
        runs.append(current)
    return runs


# --- reading cells ------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def number(cell: str) -> float | None:
    """A cell's number: ``**36.24**`` -> 36.24; None for ``-``, ``85.?4``, ``35.2*`` and text."""
    text = markdown.plain(cell).replace(",", "").strip()
    return float(text) if _NUMBER.match(text) else None


def link(cell: str) -> tuple[str, str | None]:
    """A cell's text and the target of its first link (None without one)."""
    found = markdown.links(cell)
    if found:
        return found[0][0] or markdown.plain(cell), found[0][1]
    return markdown.plain(cell), None
