"""Data tables as HTML the generator writes itself: Markdown does not read inside an HTML
block, so building a page does not run inline patterns over every cell.

One function lays every table out (a template macro did, at a cost per cell that made
tables most of the rendering time at 2,000 models).
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from generator.resolve.cells import Column, Table, Value


def html_table(table: Table, cell: Callable[[Value], str], made: dict[tuple[object, ...], str] | None = None) -> Markup:
    """``table`` as ``<table>`` HTML; ``cell`` shows a value as escaped HTML in the page's language.
    A column's class says how its cells lay out: ``atlas-num``, a right-aligned number (lines
    up, sorts as a number); ``atlas-prose``, running text that wraps. ``data-sort-first`` on a
    header is the order its first sort gives (overrides/assets/javascripts/tables.js).

    ``made`` keeps each row's HTML (by its classes and values) for the next table with the same
    row: the big comparison tables repeat from run to run with a few rows changed."""
    classes = tuple(_class(column) for column in table.columns)
    head = "".join(
        f"<th{cls}{_sort_first(column)}>{cell(column.header)}</th>" for column, cls in zip(table.columns, classes, strict=True)
    )

    def row_html(row: tuple[Value, ...]) -> str:
        return "<tr>" + "".join(f"<td{cls}>{cell(value)}</td>" for value, cls in zip(row, classes, strict=True)) + "</tr>"

    if made is None:
        rows = "\n".join(row_html(row) for row in table.rows)
    else:
        shown = []
        for row in table.rows:
            key = (classes, row)
            try:
                html = made[key]
            except KeyError:
                html = made[key] = row_html(row)
            except TypeError:  # a row holding something unhashable
                html = row_html(row)
            shown.append(html)
        rows = "\n".join(shown)
    body = f"<tbody>\n{rows}\n</tbody>" if rows else "<tbody>\n</tbody>"
    return Markup(f"<table>\n<thead><tr>{head}</tr></thead>\n{body}\n</table>")


def _class(column: Column) -> str:
    if column.align == "right":
        return ' class="atlas-num"'
    return ' class="atlas-prose"' if column.prose else ""


def _sort_first(column: Column) -> str:
    return f' data-sort-first="{column.first_sort}"' if column.first_sort else ""
