"""The catalog as tables for analysis, with pandas: the CSV downloads and the benchmark pivot.

Three flat tables, one row per model, per quantized file and per score, published as CSV
beside the JSON (``api/models.csv``, ``api/files.csv``, ``api/scores.csv``) for people who
analyse the catalog in a spreadsheet or a notebook; and the models x (benchmark, setting)
pivot the benchmark comparison shows. This is the only module that uses pandas.

Values keep the JSON export's units (sizes in bytes, parameter counts as integers); a name
with translations is given in English; lists are joined with ';'; a blank cell means the
source does not state the value. Rows and columns come in a fixed order, so the same catalog
gives the same bytes.
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from generator.resolve.context import Context
from generator.resolve.scores import Setting
from generator.schema.records import english

if TYPE_CHECKING:
    import pandas as pd


def _pandas() -> Any:
    # Imported when a table is built, not with the module: validating the catalog (which
    # imports the pipeline) does not need pandas, and importing it takes a while.
    import pandas

    return pandas

#: The columns of each CSV file, in order (``api/<name>.csv``).
COLUMNS: dict[str, tuple[str, ...]] = {
    "models": (
        "id", "name", "creator", "parameters", "architecture", "context_length", "license",
        "commercial_use", "languages", "prompt_format", "pipeline_tag", "base_models",
        "quant_formats", "quant_repositories", "scores", "url",
    ),
    "files": (
        "repository", "model", "format", "entry", "file", "method", "bits", "size_bytes",
        "ram_required_bytes", "group_size", "act_order", "damp_percent", "calibration_dataset",
        "seq_len", "quantized_by", "url",
    ),
    "scores": (
        "model", "benchmark", "value", "stated", "shots", "split", "setting", "higher_is_better",
        "source_kind", "source_url",
    ),
}


#: Values that are their own cell (most of them): checked first, by exact type.
_AS_IS = frozenset({str, int, float, type(None)})


def _cell(value: Any) -> Any:
    """A value as a CSV cell: lists joined with ';', booleans as true/false, names in English."""
    if type(value) in _AS_IS:
        return value
    value = english(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(english(v)) for v in value) or None
    return value


def _frame(name: str, rows: list[list[Any]]) -> pd.DataFrame:
    # object columns keep each value as it is: 4 stays 4 and 4.65 stays 4.65, a blank stays blank.
    return _pandas().DataFrame(rows, columns=list(COLUMNS[name]), dtype=object)


def _cells(name: str, row: dict[str, Any]) -> list[Any]:
    """A row of table ``name`` as CSV cells, in its columns' order."""
    return [_cell(row.get(k)) for k in COLUMNS[name]]


def _model_row(ctx: Context, model_id: str) -> list[Any]:
    catalog, files = ctx.catalog, ctx.files
    m = catalog.models[model_id]
    lic = catalog.licenses.get(m.license) if m.license else None
    return _cells("models", {
        "id": model_id, "name": m.name, "creator": m.creator, "parameters": m.parameters,
        "architecture": m.architecture, "context_length": m.context_length, "license": m.license,
        "commercial_use": lic.commercial_use if lic else None, "languages": m.languages,
        "prompt_format": m.prompt_format, "pipeline_tag": m.pipeline_tag,
        "base_models": [f"{b.id} ({b.relation})" for b in m.base_models],
        "quant_formats": files.formats_of(model_id), "quant_repositories": len(files.repos_of(model_id)),
        "scores": len(m.scores), "url": m.url,
    })


def _file_rows(ctx: Context, repo_id: str) -> list[list[Any]]:
    quantized_by = ctx.catalog.quants[repo_id].quantized_by
    return [
        _cells("files", {
            "repository": r.repo_id, "model": r.model_id, "format": r.format, "entry": r.entry, "file": r.file,
            "method": r.method, "bits": r.bits, "size_bytes": r.size, "ram_required_bytes": r.ram_required,
            "group_size": r.group_size, "act_order": r.act_order, "damp_percent": r.damp_percent,
            "calibration_dataset": r.calibration_dataset, "seq_len": r.seq_len,
            "quantized_by": quantized_by, "url": r.url,
        })
        for r in sorted(ctx.files.by_repo[repo_id], key=lambda r: r.entry)
    ]


def _score_rows(ctx: Context, model_id: str) -> list[list[Any]]:
    rows = []
    for s in ctx.catalog.models[model_id].scores:
        bench = ctx.catalog.benchmarks.get(s.benchmark)
        rows.append(_cells("scores", {
            "model": model_id, "benchmark": s.benchmark, "value": s.value, "stated": s.stated,
            "shots": s.shots, "split": s.split, "setting": s.setting,
            "higher_is_better": bench.higher_is_better if bench else None,
            "source_kind": s.source.kind, "source_url": s.source.url,
        }))
    return rows


def _model_rows(ctx: Context) -> list[list[Any]]:
    return [ctx.kept.row("csv-models", "model", mid, partial(_model_row, ctx, mid)) for mid in ctx.catalog.models]


def _files_rows(ctx: Context) -> list[list[Any]]:
    """One row per file, by repository, then entry."""
    repos = sorted(ctx.files.by_repo)
    return [row for rid in repos for row in ctx.kept.row("csv-files", "quant", rid, partial(_file_rows, ctx, rid))]


def _scores_rows(ctx: Context) -> list[list[Any]]:
    return [row for mid in ctx.catalog.models for row in ctx.kept.row("csv-scores", "model", mid, partial(_score_rows, ctx, mid))]


def csv_files(ctx: Context) -> dict[str, str]:
    """The CSV downloads, by name ('models', 'files', 'scores'): UTF-8 text, '\\n' line ends.
    Each record's rows are kept by a warm generator (``Context.kept``), and a table whose
    rows are the ones it had last time is not written out again."""
    rows = {"models": _model_rows(ctx), "files": _files_rows(ctx), "scores": _scores_rows(ctx)}
    return {name: _csv(name, table) for name, table in rows.items()}


#: Each table's rows and CSV text from the last call.
_LAST_CSV: dict[str, tuple[list[list[Any]], str]] = {}


def _csv(name: str, rows: list[list[Any]]) -> str:
    last = _LAST_CSV.get(name)
    if last is not None and last[0] == rows:  # rows kept from the last run compare by identity: fast
        return last[1]
    text = str(_frame(name, rows).to_csv(index=False, lineterminator="\n", na_rep=""))
    _LAST_CSV[name] = (rows, text)
    return text


def score_pivot(ctx: Context) -> tuple[list[tuple[str, Setting]], list[tuple[str, list[float | None]]]]:
    """Models x (benchmark, setting): the columns, in benchmark then setting order, and one
    row per model with a score (in id order), its value in each column or None.

    Scores are compared only within one setting, so each (benchmark, setting) is a column of
    its own; where a model has two scores in one column, the first stated counts.
    """
    benchmarks = ctx.catalog.benchmarks

    def scores_of(model_id: str, m: Any) -> tuple[tuple[str, str, Setting, float], ...]:
        return tuple((model_id, s.benchmark, Setting.of(s), s.value) for s in m.scores if s.benchmark in benchmarks)

    return _pivot(tuple(ctx.kept.row("pivot", "model", mid, partial(scores_of, mid, m)) for mid, m in ctx.catalog.models.items()))


# The last pivot, by its scores: a warm generator asks again after every edit, and most
# edits change no score.
@lru_cache(maxsize=1)
def _pivot(by_model: tuple[tuple[tuple[str, str, Setting, float], ...], ...]) -> tuple[list[tuple[str, Setting]], list[tuple[str, list[float | None]]]]:
    pd = _pandas()
    frame = pd.DataFrame([score for scores in by_model for score in scores], columns=["model", "benchmark", "setting", "value"])
    if frame.empty:
        return [], []
    frame["column"] = list(zip(frame["benchmark"], frame["setting"], strict=True))
    first = frame.drop_duplicates(subset=["model", "column"], keep="first")
    pivot = first.pivot(index="model", columns="column", values="value")
    columns = sorted(pivot.columns, key=lambda c: (c[0], c[1].sort_key()))
    pivot = pivot.reindex(index=sorted(pivot.index), columns=columns)
    rows = [
        (model_id, [None if pd.isna(v) else float(v) for v in values])
        for model_id, values in zip(pivot.index, pivot.itertuples(index=False, name=None), strict=True)
    ]
    return columns, rows
