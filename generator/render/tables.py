"""Data tables as HTML the generator writes itself: Markdown does not read inside an HTML
block, so building a page does not run inline patterns over every cell.

One function lays every table out (a template macro did, at a cost per cell that made
tables most of the rendering time at 2,000 models).
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from generator.resolve.cells import Column, Table, Value

#: Tables of this many rows or more keep their rows (see ``Rows``): the index and comparison
#: tables a warm run lays out again; a record page's few rows are its own.
KEPT_FROM = 100


class Rows:
    """Table rows' HTML (held: see ``held_table``), kept for the next tables a formatter lays out.

    By identity, for the last table of each header: a warm generator's next run brings back
    the same row objects for all rows but the few an edit reaches (``memo.Kept``). Not by
    value: most rows are one page's own (a model's facts, its files), so looking every row
    up by value cost more than the rows found (hashing each value of each row), in a full
    run a twentieth of the rendering time; the cells' HTML is kept by value instead."""

    def __init__(self) -> None:
        self.last: dict[tuple[Column, ...], dict[int, tuple[tuple[Value, ...], str]]] = {}
        self._shapes: dict[int, tuple[tuple[Column, ...], str, str]] = {}

    def shape(self, columns: tuple[Column, ...], cell: Callable[[Value], str]) -> tuple[str, str]:
        """A row of ``columns`` as a format with a slot per cell (each cell of a column has
        its class), and the header row's cells, held; kept by the columns' identity: a kind
        of table has one tuple of columns for all its pages (a record page's facts)."""
        kept = self._shapes.get(id(columns))
        if kept is not None and kept[0] is columns:
            return kept[1], kept[2]
        classes = [_class(column) for column in columns]
        row_format = "<tr>" + "".join(f"<td{cls}>{{}}</td>" for cls in classes) + "</tr>"
        head = _dashes("".join(f"<th{cls}{_sort_first(column)}>{cell(column.header)}</th>" for column, cls in zip(columns, classes, strict=True)))
        if len(self._shapes) > 1000:  # columns made for one page each: forget them
            self._shapes = {}
        self._shapes[id(columns)] = (columns, row_format, head)
        return row_format, head


def held_table(table: Table, cell: Callable[[Value], str], made: Rows) -> Markup:
    """``table`` as ``<table>`` HTML, held (see ``held``); ``cell`` shows a value as escaped HTML
    in the page's language. A column's class says how its cells lay out: ``atlas-num``, a
    right-aligned number (lines up, sorts as a number); ``atlas-prose``, running text that
    wraps. ``data-sort-first`` on a header is the order its first sort gives
    (overrides/assets/javascripts/tables.js).

    Made row by row: ``made`` keeps each row's held HTML for the next tables (see ``Rows``),
    so a big table is not searched for dashes again."""
    return Markup(HELD_OPEN + _table(table, cell, made) + HELD_CLOSE)


def _table(table: Table, cell: Callable[[Value], str], made: Rows) -> str:
    """The table's HTML, every '-' written as in ``held``."""
    row_format, head = made.shape(table.columns, cell)
    width = len(table.columns)

    def row_html(row: tuple[Value, ...]) -> str:
        if len(row) != width:
            raise ValueError(f"a row of {len(row)} values in a table of {width} columns")
        return row_format.format(*map(cell, row))

    if len(table.rows) < KEPT_FROM:
        rows = _dashes("\n".join([row_html(row) for row in table.rows]))
    else:
        previous = made.last.get(table.columns, {})
        current: dict[int, tuple[tuple[Value, ...], str]] = {}
        shown = []
        for row in table.rows:
            hit = previous.get(id(row))
            html = hit[1] if hit is not None and hit[0] is row else _dashes(row_html(row))
            current[id(row)] = (row, html)
            shown.append(html)
        made.last[table.columns] = current
        rows = "\n".join(shown)
    body = f"<tbody>\n{rows}\n</tbody>" if rows else "<tbody>\n</tbody>"
    return f"<table>\n<thead><tr>{head}</tr></thead>\n{body}\n</table>"


# --- HTML held back from the Markdown reader ---------------------------------------------------
#
# A builder's Markdown reader parses every raw HTML block of a page with html.parser, twice
# (Python-Markdown's block reader, MkDocs's anchor check): at 2,000 models that was half of a
# build's time, for tables it neither changes nor needs to read. An inline SVG (the lineage
# diagrams) is worse: Markdown does not know it as a block, so it runs its inline patterns
# over every element of it. So a page's Markdown carries each table and diagram inside one
# HTML comment, which the reader skips in one step and passes through as it is, and the
# generator's post-build pass (``generator.site.html.open_held``, before the sanitiser) puts
# the HTML in its place. Inside the comment every '-' is written as the
# character reference '&#45;': the comment cannot end early ('-->') whatever the table holds,
# and the generator's escaped HTML never holds '&#45;' itself, so opening it is exact.

HELD_OPEN = "<!--atlas-held "
HELD_CLOSE = " -->"
_DASH = "&#45;"


def held(block_html: str) -> Markup:
    """``block_html`` (a table, a diagram) as the HTML comment a page's Markdown carries it in.

    >>> str(held('<table><td>a-b--&gt;</td></table>'))
    '<!--atlas-held <table><td>a&#45;b&#45;&#45;&gt;</td></table> -->'
    """
    return Markup(HELD_OPEN + _dashes(str(block_html)) + HELD_CLOSE)


def _dashes(html: str) -> str:
    return html.replace("-", _DASH)


def opened(held_body: str) -> str:
    """The HTML a comment's body (between ``HELD_OPEN`` and ``HELD_CLOSE``) holds."""
    return held_body.replace(_DASH, "-")


def _class(column: Column) -> str:
    if column.align == "right":
        return ' class="atlas-num"'
    return ' class="atlas-prose"' if column.prose else ""


def _sort_first(column: Column) -> str:
    return f' data-sort-first="{column.first_sort}"' if column.first_sort else ""
