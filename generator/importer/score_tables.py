"""Scores in Markdown tables, in the three shapes cards use.

* benchmarks across, models down (``Model | MMLU | C-Eval``), sometimes with a row of
  settings (``| | 5-shot | 5-shot |``) under the header, or one unlabelled row of values;
* benchmarks down (``Metric | Value``, ``Datasets\\Models | InternLM-7B | ...``,
  lm-evaluation-harness ``Task | Version | Metric | Value``);
* one benchmark's categories across (``Model | Average | STEM | Humanities``) under a
  heading that names the benchmark.

An HTML table whose caption row names something other than a known benchmark gives
nothing: its "Math" column is a part of what the caption measures, not the MATH benchmark.

A row (or column) is this model's only when its label names the model and no other row
does; tables about other models give nothing.
"""

from __future__ import annotations

from generator.importer import benchmarks, markdown, tables
from generator.importer.notes import Notes
from generator.importer.resolve import Index
from generator.importer.scores import BODY, Found, Target, value_of

_VALUE_HEADERS = {"value", "score", "result", "results"}
_METRIC_HEADERS = {"metric", "metrics"}


def from_tables(found: list[tables.Table], target: Target, index: Index, notes: Notes) -> list[Found]:
    out: list[Found] = []
    extra = index.extra_benchmarks()
    for table in found:
        if table.caption and benchmarks.mention(table.caption, extra) is None:
            continue  # its columns measure what the caption names ("Executable Rate ...: Math"), not benchmarks
        across = [benchmarks.mention(c, extra) for c in table.columns]
        down = [benchmarks.mention(row[0], extra) if row else None for row in table.rows]
        if sum(1 for m in across[1:] if m) >= 1 or (across and across[0] and len(table.rows) == 1):
            out += _across(table, across, target, index, notes)
        elif sum(1 for m in down if m) >= 1:
            out += _down(table, down, target, index, notes)
        else:
            heading = benchmarks.mention(table.heading, extra)
            if heading is not None:
                out += _categories(table, heading, target, index, notes)
    return out


def _default_shots(table: tables.Table) -> int | None:
    return benchmarks.shots_in(f"{table.heading}\n{table.before}")


def _target_row(
    table: tables.Table, rows: list[list[str]], lines: list[int], target: Target, labelled: bool
) -> tuple[list[str], int] | None:
    if not labelled:
        return (rows[0], lines[0]) if len(rows) == 1 else None
    hits = [(row, line) for row, line in zip(rows, lines, strict=True) if row and target.matches(row[0])]
    return hits[0] if len(hits) == 1 else None


def _across(
    table: tables.Table, across: list[benchmarks.Mention | None], target: Target, index: Index, notes: Notes
) -> list[Found]:
    rows, lines = list(table.rows), list(table.row_lines)
    shots_row: list[int | None] = [None] * len(table.header)
    if rows and not markdown.plain(rows[0][0]) and any(benchmarks.shots_in(c) is not None for c in rows[0][1:]):
        shots_row = [benchmarks.shots_in(c) if i else None for i, c in enumerate(rows[0])]
        rows, lines = rows[1:], lines[1:]
    labelled = across[0] is None and not benchmarks.is_average(table.columns[0])
    if not rows:
        return []
    picked = _target_row(table, rows, lines, target, labelled)
    if picked is None:
        return []
    row, line = picked
    default = _default_shots(table)
    out = []
    for i, mention in enumerate(across):
        if mention is None or (i == 0 and labelled):
            continue
        bench = index.benchmark(mention.key)
        read = _value(row[i], bench, index, notes, line, table.columns[i])
        if read is None:
            continue
        shots = mention.shots if mention.shots is not None else shots_row[i] if shots_row[i] is not None else default
        out.append(Found(bench, read[0], read[1], shots, mention.split, mention.setting, origin=BODY, line=line))
    return out


def _value(
    cell: str, bench: str, index: Index, notes: Notes, line: int, column: str
) -> tuple[float, str | None] | None:
    number = tables.number(cell)
    if number is None:
        if markdown.plain(cell) not in ("", "-", "–", "—", "N/A", "n/a"):
            notes.warn(f"{column}: {markdown.plain(cell)!r} is not a number; left out", line)
        return None
    return value_of(number, bench, index, notes, line)


def _down(
    table: tables.Table, down: list[benchmarks.Mention | None], target: Target, index: Index, notes: Notes
) -> list[Found]:
    columns = [c.lower() for c in table.columns]
    value_col = next((i for i, c in enumerate(columns) if c in _VALUE_HEADERS), None)
    if value_col is None and len(columns) == 2:
        value_col = 1
    if value_col is None:
        hits = [i for i, c in enumerate(table.columns) if i and target.matches(c)]
        value_col = hits[0] if len(hits) == 1 else None
    if value_col is None:
        return []
    metric_col = next((i for i, c in enumerate(columns) if i and i != value_col and c in _METRIC_HEADERS), None)
    default = _default_shots(table)
    out = []
    current = None
    for row, line, mention in zip(table.rows, table.row_lines, down, strict=True):
        if markdown.plain(row[0]):
            current = mention
        if current is None:
            continue
        bench = index.benchmark(current.key)
        read = _value(row[value_col], bench, index, notes, line, markdown.plain(row[0]) or current.name)
        if read is None:
            continue
        setting = current.setting
        if metric_col is not None:
            metric = markdown.plain(row[metric_col]).lower()
            setting = setting if metric in ("", "acc", "accuracy") else metric
        shots = current.shots if current.shots is not None else default
        out.append(Found(bench, read[0], read[1], shots, current.split, setting, origin=BODY, line=line))
    return out


def _categories(
    table: tables.Table, heading: benchmarks.Mention, target: Target, index: Index, notes: Notes
) -> list[Found]:
    bench = index.benchmark(heading.key)
    columns = table.columns
    average = next((i for i, c in enumerate(columns) if i and benchmarks.is_average(c)), None)
    cats = {i: index.category(bench, c) for i, c in enumerate(columns) if i and i != average}
    cats = {i: c for i, c in cats.items() if c}
    if average is None:
        return []
    picked = _target_row(table, table.rows, table.row_lines, target, labelled=True)
    if picked is None:
        return []
    row, line = picked
    read = _value(row[average], bench, index, notes, line, columns[average])
    if read is None:
        return []
    breakdown = {}
    for i, cid in cats.items():
        number = tables.number(row[i])
        if number is not None:
            breakdown[cid] = number
    skipped = [c for i, c in enumerate(columns) if i and i != average and i not in cats]
    if skipped and breakdown:
        notes.warn(f"{bench}: columns {skipped} are not categories of {bench}; left out of the breakdown", line)
    shots = benchmarks.shots_in(columns[0]) if benchmarks.shots_in(columns[0]) is not None else heading.shots
    if shots is None:
        shots = _default_shots(table)
    return [Found(bench, read[0], read[1], shots, heading.split, heading.setting, breakdown, origin=BODY, line=line)]
