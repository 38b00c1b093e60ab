"""The data of each record's page: one builder per record kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator.resolve import tools
from generator.resolve.cells import (
    Breakdown,
    Code,
    Column,
    Count,
    Ext,
    Gb,
    GroupSize,
    Int,
    Join,
    Key,
    Lit,
    Name,
    Num,
    Phrase,
    Plain,
    Ref,
    SettingLabel,
    Strong,
    Table,
    Term,
    Txt,
    Value,
    YesNo,
    facts,
    key,
    languages_of,
    listed,
)
from generator.resolve.context import Context
from generator.resolve.files import FileRow
from generator.resolve.lineage import Graph
from generator.resolve.scores import Setting, best_first
from generator.schema.quants import BY_FORMAT, FileColumn
from generator.schema.records import Text


@dataclass(frozen=True)
class Prompt:
    """A prompt format as a page shows it: where it is described, the template, stop strings."""

    ref: Ref
    template: str
    stop: tuple[str, ...]


@dataclass(frozen=True)
class Terms:
    """A license's key terms as a model page states them."""

    license: Ref
    commercial: Key
    attribution: YesNo
    copyleft: YesNo


@dataclass(frozen=True)
class Inherited:
    """A license that may apply through the lineage, and the ancestor it comes through."""

    license: Ref
    commercial: Value
    via: Ref


@dataclass(frozen=True)
class ModelPage:
    title: str
    summary: Text
    cautions: tuple[Text, ...]
    facts: Table
    notes: Text | None
    graph: Graph | None  # None: no base, derived or quantized models in the catalog
    up: Table
    base_notes: tuple[tuple[Ref, Text], ...]
    down: Table
    repos: tuple[tuple[Ref, str, str], ...]  # (repository, FORMAT, quantized by)
    scores: Table
    files: Table
    files_unlisted: bool  # repositories exist but list no files
    prompt: Prompt | None
    datasets: tuple[Ref, ...]
    terms: Terms | None
    verdict: Value  # commercial use along the lineage, with its reason
    license_notes: Text | None
    inherited: tuple[Inherited, ...]
    compare: Ref  # the compare page with this model
    sources: tuple[Ext, ...]


@dataclass(frozen=True)
class QuantPage:
    title: str
    intro: Key
    model: Ref
    facts: Table
    license_notes: Text | None
    notes: Text | None
    files: Table
    compatibility: Table
    sources: tuple[Ext, ...]


@dataclass(frozen=True)
class DatasetPage:
    title: str
    description: Text | None
    facts: Table
    trained: tuple[Ref, ...]
    calibrated: Table
    sources: tuple[Ext, ...]


@dataclass(frozen=True)
class LicensePage:
    title: Name
    summary: Text
    facts: Table
    restrictions: tuple[Text, ...]
    models: tuple[Ref, ...]
    quants: tuple[Ref, ...]
    datasets: tuple[Ref, ...]
    heirs: tuple[Ref, ...]
    sources: tuple[Ext, ...]


@dataclass(frozen=True)
class Leaderboard:
    setting: Setting
    table: Table


@dataclass(frozen=True)
class BenchmarkPage:
    title: str
    description: Text
    facts: Table
    leaderboards: tuple[Leaderboard, ...]
    sources: tuple[Ext, ...]


@dataclass(frozen=True)
class PromptFormatPage:
    title: str
    template: str
    stop: tuple[str, ...]
    notes: Text | None
    url: str | None
    models: tuple[Ref, ...]
    quants: tuple[Ref, ...]
    sources: tuple[Ext, ...]


def _sources(record: Any) -> tuple[Ext, ...]:
    return tuple(Ext(Name(s.title) if s.title else s.url, s.url) for s in record.sources)


def _page(url: str) -> Ext:
    return Ext(url, url)


# --- model --------------------------------------------------------------------------------

_LINEAGE_COLUMNS = (Column(key("lineage.model")), Column(key("lineage.relation")), Column(key("lineage.base")))
_SCORE_COLUMNS = (
    Column(key("score.benchmark")),
    Column(key("score.value"), "right"),
    Column(key("score.breakdown")),
    Column(key("score.setting")),
    Column(key("score.source"), prose=True),
)
#: The columns of a file's cells (``file_cells``), in every table of files across repositories.
FILE_COLUMNS = (
    Column(key("file.repository")),
    Column(key("file.format")),
    Column(key("file.name")),
    Column(key("file.method")),
    Column(key("file.bits"), "right"),
    Column(key("file.size"), "right"),
    Column(key("file.ram"), "right"),
    Column(key("file.group_size"), "right"),
    Column(key("file.act_order")),
)
_MODEL_FILE_COLUMNS = (*FILE_COLUMNS, Column(key("file.calibration")))


def model_page(ctx: Context, model_id: str) -> ModelPage:
    c = ctx.catalog
    m = c.models[model_id]
    lic = c.licenses.get(m.license) if m.license else None
    repos = ctx.files.repos_of(model_id)
    up, down = ctx.lineage.ancestors(model_id), ctx.lineage.descendants(model_id)
    prompt_id = ctx.prompt_of(model_id)

    if m.license:
        license_cell: Value = ctx.ref("license", m.license)
        if lic is not None:
            license_cell = Join((license_cell, key("punct.open"), key("terms.commercial_use"), key("punct.colon"), key(f"commercial.{lic.commercial_use}"), key("punct.close")))
    else:
        license_cell = key("license.unstated")
    fact_table = facts(
        ("field.id", Code(model_id)),
        ("field.creator", Lit(m.creator)),
        ("field.parameters", Count(m.parameters)),
        ("field.architecture", Lit(m.architecture)),
        ("field.context_length", Int(m.context_length)),
        ("field.languages", languages_of(m.languages)),
        ("field.license", license_cell),
        ("terms.lineage", tools.verdict_line(ctx, model_id)),
        ("field.prompt_format", ctx.ref_or_dash("prompt-format", prompt_id)),
        ("field.formats", listed(BY_FORMAT[f].label for f in ctx.files.formats_of(model_id))),
        ("field.pipeline_tag", Term("pipeline", m.pipeline_tag)),
        ("field.tags", listed(m.tags)),
        ("field.page", _page(m.url)),
    )

    def edge_rows(edges: list[Any]) -> Table:
        return Table(_LINEAGE_COLUMNS, tuple(
            (ctx.ref("model", e.child), key(f"relation.{e.relation}"), ctx.ref("model", e.parent)) for e in edges
        ))

    scores = Table(_SCORE_COLUMNS, tuple(_score_row(ctx, s) for s in m.scores))
    files = Table(_MODEL_FILE_COLUMNS, tuple(_model_file_row(ctx, r) for r in ctx.files.of_model(model_id)))

    prompt = None
    if prompt_id and prompt_id in c.prompt_formats:
        p = c.prompt_formats[prompt_id]
        prompt = Prompt(ctx.ref("prompt-format", prompt_id), p.template, tuple(p.stop))

    terms = None
    if lic is not None:
        terms = Terms(ctx.ref("license", m.license), key(f"commercial.{lic.commercial_use}"), YesNo(lic.attribution), YesNo(lic.copyleft))

    inherited = tuple(
        Inherited(
            ctx.ref("license", lic_id),
            key(f"commercial.{c.licenses[lic_id].commercial_use}") if lic_id in c.licenses else Lit(None),
            ctx.ref("model", via),
        )
        for lic_id, via in ctx.licenses.inherited(model_id)
    )

    graph = None
    if up or down or repos:
        graph = ctx.lineage.graph(model_id, [(r, BY_FORMAT[c.quants[r].format].label) for r in repos])

    return ModelPage(
        title=m.name,
        summary=m.summary,
        cautions=tuple(m.cautions),
        facts=fact_table,
        notes=m.notes,
        graph=graph,
        up=edge_rows(up),
        base_notes=tuple((ctx.ref("model", b.id), b.note) for b in m.base_models if b.note),
        down=edge_rows(down),
        repos=tuple((ctx.ref("quant", r, r), BY_FORMAT[c.quants[r].format].label, c.quants[r].quantized_by) for r in repos),
        scores=scores,
        files=files,
        files_unlisted=bool(repos) and not files,
        prompt=prompt,
        datasets=tuple(ctx.ref("dataset", d, d) for d in m.datasets),
        terms=terms,
        verdict=Phrase("verdict.labelled", (("line", tools.verdict_line(ctx, model_id, strong=True)),)),
        license_notes=m.license_notes,
        inherited=inherited,
        compare=tools.compare_link(model_id),
        sources=_sources(m),
    )


def _category_names(bench: Any) -> dict[str, Txt]:
    return {cat.id: Txt(cat.name, inline=True) for cat in bench.categories} if bench else {}


def _score_row(ctx: Context, s: Any) -> tuple[Value, ...]:
    # One name object per category: render finds the very object it keeps for each.
    names = ctx.shared(f"categories/{s.benchmark}", lambda: _category_names(ctx.catalog.benchmarks.get(s.benchmark)))
    value: Value = Num(s.value)
    if s.stated:
        value = Join((Num(s.value), key("punct.open"), key("score.stated"), Plain(" "), Code(s.stated), key("punct.close")))
    breakdown = Breakdown(tuple((names.get(k) or Lit(k), Num(v)) for k, v in (s.breakdown or {}).items()))
    source: Value = Ext(key(f"source.{s.source.kind}"), s.source.url)
    if s.note:
        source = Join((source, key("punct.dash"), Txt(s.note, inline=True)))
    return (ctx.ref("benchmark", s.benchmark), value, breakdown, SettingLabel(Setting.of(s)), source)


def file_cells(ctx: Context, r: FileRow) -> tuple[Value, ...]:
    """A file as the tables of files across repositories show it, under ``FILE_COLUMNS``:
    repository, format, name, method, bits, size, memory, group size, act order."""
    return (
        ctx.ref("quant", r.repo_id, r.repo_id),
        Lit(r.label),
        Code(r.entry),
        Lit(r.method),
        Num(r.bits),
        Gb(r.size),
        Gb(r.ram_required),
        GroupSize(r.group_size),
        YesNo(r.act_order),
    )


def _model_file_row(ctx: Context, r: FileRow) -> tuple[Value, ...]:
    return (*file_cells(ctx, r), ctx.ref_or_dash("dataset", r.calibration_dataset))


# --- quantized files ----------------------------------------------------------------------

_COMPAT_COLUMNS = (Column(key("quant.client")), Column(key("quant.min_version")), Column(key("quant.note"), prose=True))


def _described(r: FileRow) -> Value:
    """The source's one-line description (in the page's language when the record gives it)
    and the record's note, side by side."""
    parts: list[Value] = [Name(r.description) if r.description else Plain("") if r.note else Lit(None)]
    if r.note:
        parts.append(Txt(r.note, inline=True))
    return Join(tuple(parts), sep=" ")


def _entry_value(ctx: Context, column: FileColumn, r: FileRow) -> Value:
    """One cell of a format's files table, shown as the registry's column says."""
    value = r.fields.get(column.field)
    if column.show == "file":
        return Ext(r.entry, r.url) if r.url else Code(r.entry)
    if column.show == "branch":
        return Join((Code(r.entry), Code(r.file)), sep="<br>") if r.file else Code(r.entry)
    if column.show == "dataset":
        return ctx.ref_or_dash("dataset", value)
    if column.show == "described":
        return _described(r)
    if column.show == "context_sizes":
        return Join(tuple(Join((Int(v.context), key("punct.colon"), Gb(v.size))) for v in value), sep=" · ")
    return _SHOW[column.show](value)


_SHOW: dict[str, Callable[[Any], Value]] = {
    "text": Lit, "int": Int, "num": Num, "gb": Gb, "yesno": YesNo, "group": GroupSize,
}


@cache
def _file_columns(format_name: str) -> tuple[Column, ...]:
    """The columns of a format's files table, made once: every repository of the format has them."""
    return tuple(Column(key(col.header), col.align, prose=col.show == "described") for col in BY_FORMAT[format_name].columns)


def quant_page(ctx: Context, repo_id: str) -> QuantPage:
    q = ctx.catalog.quants[repo_id]
    lic = ctx.licenses.of_repo(repo_id)
    if lic:
        license_cell: Value = ctx.ref("license", lic)
        if not q.license:
            license_cell = Join((license_cell, key("punct.open"), key("quant.license_from_model"), key("punct.close")))
    else:
        license_cell = key("license.unstated")
    fact_table = facts(
        ("field.model", ctx.ref("model", q.model)),
        ("file.format", Lit(BY_FORMAT[q.format].label)),
        ("field.quantized_by", Lit(q.quantized_by)),
        ("field.license", license_cell),
        ("field.prompt_format", ctx.ref_or_dash("prompt-format", q.prompt_format)),
        ("field.page", _page(q.url)),
    )
    fmt = BY_FORMAT[q.format]
    files = Table(
        _file_columns(q.format),
        tuple(tuple(_entry_value(ctx, col, r) for col in fmt.columns) for r in ctx.files.by_repo[repo_id]),
    )
    compatibility = Table(_COMPAT_COLUMNS, tuple(
        (
            Ext(cl.client, cl.url) if cl.url else Lit(cl.client),
            Lit(cl.min_version),
            Txt(cl.note, inline=True) if cl.note else Lit(None),
        )
        for cl in q.compatibility
    ))
    return QuantPage(
        title=repo_id,
        intro=key(BY_FORMAT[q.format].intro_key),
        model=ctx.ref("model", q.model),
        facts=fact_table,
        license_notes=q.license_notes,
        notes=q.notes,
        files=files,
        compatibility=compatibility,
        sources=_sources(q),
    )


# --- dataset, license, benchmark, prompt format -------------------------------------------

_CALIBRATED_COLUMNS = (
    Column(key("file.repository")),
    Column(key("file.branch")),
    Column(key("file.bits"), "right"),
    Column(key("file.group_size"), "right"),
)


def dataset_page(ctx: Context, dataset_id: str) -> DatasetPage:
    d = ctx.catalog.datasets[dataset_id]
    return DatasetPage(
        title=d.name,
        description=d.description,
        facts=facts(
            ("field.id", Code(dataset_id)),
            ("field.languages", languages_of(d.languages)),
            ("field.license", ctx.ref("license", d.license) if d.license else key("license.unstated")),
            ("field.page", _page(d.url)),
        ),
        trained=tuple(ctx.ref("model", m) for m in ctx.trained_on(dataset_id)),
        calibrated=Table(_CALIBRATED_COLUMNS, tuple(
            (ctx.ref("quant", r.repo_id, r.repo_id), Code(r.entry), Int(r.bits), GroupSize(r.group_size))
            for r in ctx.files.calibrated_on(dataset_id)
        )),
        sources=_sources(d),
    )


def license_page(ctx: Context, license_id: str) -> LicensePage:
    lic = ctx.catalog.licenses[license_id]
    users = ctx.licenses.users(license_id)
    return LicensePage(
        title=Name(lic.name),
        summary=lic.summary,
        facts=facts(
            ("terms.commercial_use", Strong(key(f"commercial.{lic.commercial_use}"))),
            ("terms.attribution", YesNo(lic.attribution)),
            ("terms.copyleft", YesNo(lic.copyleft)),
            (Plain("SPDX"), Lit(lic.spdx)),
            ("field.page", _page(lic.url)),
        ),
        restrictions=tuple(lic.use_restrictions),
        models=tuple(ctx.ref("model", m) for m in users["model"]),
        quants=tuple(ctx.ref("quant", q, q) for q in users["quant"]),
        datasets=tuple(ctx.ref("dataset", d) for d in users["dataset"]),
        heirs=tuple(ctx.ref("model", m) for m in ctx.licenses.heirs(license_id)),
        sources=_sources(lic),
    )


def benchmark_page(ctx: Context, benchmark_id: str) -> BenchmarkPage:
    b = ctx.catalog.benchmarks[benchmark_id]
    # The model first: a wide leaderboard keeps its first column in view while it scrolls.
    columns = (
        Column(key("lineage.model")),
        Column(key("benchmark.rank"), "right"),
        Column(key("field.parameters"), "right"),
        Column(key("score.value"), "right", best_first(b)),
        *(Column(Txt(cat.name, inline=True), "right", best_first(b)) for cat in b.categories),
        Column(key("score.source")),
    )
    boards = tuple(
        Leaderboard(setting, Table(columns, tuple(
            (
                ctx.ref("model", r.model_id),
                Int(rank),
                Count(ctx.catalog.models[r.model_id].parameters),
                Num(r.score.value),
                *(Num((r.score.breakdown or {}).get(cat.id)) for cat in b.categories),
                Ext(key(f"source.{r.score.source.kind}"), r.score.source.url),
            )
            for rank, r in enumerate(rows, start=1)
        )))
        for setting, rows in ctx.scores.leaderboard(benchmark_id)
    )
    return BenchmarkPage(
        title=b.name,
        description=b.description,
        facts=facts(
            ("benchmark.metric", Name(b.metric)),
            ("benchmark.range", Join((Num(b.range.min), Num(b.range.max)), sep=" – ")),
            ("benchmark.better", key("benchmark.higher" if b.higher_is_better else "benchmark.lower")),
            ("field.page", _page(b.url)),
        ),
        leaderboards=boards,
        sources=_sources(b),
    )


def prompt_format_page(ctx: Context, format_id: str) -> PromptFormatPage:
    p = ctx.catalog.prompt_formats[format_id]
    c = ctx.catalog
    return PromptFormatPage(
        title=p.name,
        template=p.template,
        stop=tuple(p.stop),
        notes=p.notes,
        url=p.url,
        models=tuple(ctx.ref("model", m) for m, r in c.models.items() if r.prompt_format == format_id),
        quants=tuple(ctx.ref("quant", q, q) for q, r in c.quants.items() if r.prompt_format == format_id),
        sources=_sources(p),
    )


BUILDERS: dict[str, Callable[[Context, str], Any]] = {
    "model": model_page,
    "quant": quant_page,
    "dataset": dataset_page,
    "license": license_page,
    "benchmark": benchmark_page,
    "prompt-format": prompt_format_page,
}
