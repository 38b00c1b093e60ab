"""Data tables as HTML the generator writes itself: Markdown does not read inside an HTML
block, so building a page does not run inline patterns over every cell.

One function lays every table out (a template macro did, at a cost per cell that made
tables most of the rendering time at 2,000 models).
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from generator.resolve.cells import Table, Value


def html_table(table: Table, cell: Callable[[Value], str]) -> Markup:
    """``table`` as ``<table>`` HTML; ``cell`` shows a value as escaped HTML in the page's language.
    Right-aligned columns carry class ``num`` (numbers line up and sort as numbers)."""
    classes = [' class="num"' if column.align == "right" else "" for column in table.columns]
    head = "".join(f"<th{cls}>{cell(column.header)}</th>" for column, cls in zip(table.columns, classes, strict=True))
    rows = "\n".join(
        "<tr>" + "".join(f"<td{cls}>{cell(value)}</td>" for value, cls in zip(row, classes, strict=True)) + "</tr>"
        for row in table.rows
    )
    body = f"<tbody>\n{rows}\n</tbody>" if rows else "<tbody>\n</tbody>"
    return Markup(f"<table>\n<thead><tr>{head}</tr></thead>\n{body}\n</table>")
