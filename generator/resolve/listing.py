"""The data of the pages that list records: home, the indexes, comparisons, translation coverage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from generator import languages, project
from generator.resolve import frames, tools
from generator.resolve.cells import (
    Asset,
    Choice,
    Code,
    Column,
    Count,
    Ext,
    Int,
    Join,
    Key,
    Lit,
    Name,
    Num,
    Plain,
    Ref,
    SettingLabel,
    Table,
    Value,
    YesNo,
    listed,
)
from generator.resolve.context import Context
from generator.resolve.coverage import AREAS, Covered
from generator.resolve.record_pages import FILE_COLUMNS, file_cells
from generator.resolve.scores import best_first
from generator.schema.quants import BY_FORMAT


@dataclass(frozen=True)
class EntryPoint:
    """A page the home page leads to, and what a reader finds there."""

    link: Ref
    about: Key


@dataclass(frozen=True)
class HomePage:
    entries: tuple[EntryPoint, ...]
    counts: Table
    updated: str | None  # the catalog's last change (YYYY-MM-DD), when it is known
    downloads: tuple[tuple[Asset, Key], ...]  # (file, what it holds)
    repository: Ext | None
    contributing: Choice | None


@dataclass(frozen=True)
class TablePage:
    """A page whose body is one table (the indexes and comparisons)."""

    table: Table


@dataclass(frozen=True)
class Coverage:
    """How much record text one language has: counts by status, and what is missing."""

    language: str
    counts: Table
    missing: Table


@dataclass(frozen=True)
class TranslationsPage:
    languages: tuple[Coverage, ...]


#: The home page's entry points, in order, each shown when the site has its page: the
#: explorer, the comparison and the fit finder (what readers come for), then the tables.
ENTRY_POINTS: tuple[tuple[str, str, str], ...] = (
    ("models/index.md", "home.entry_models", "home.start_models"),
    ("compare/index.md", "home.entry_compare", "home.start_compare"),
    ("fit/index.md", "home.entry_fit", "home.start_fit"),
    ("compare/benchmarks.md", "compare.benchmarks", "home.start_benchmarks"),
    ("compare/files.md", "compare.files", "home.start_files"),
    ("compare/licenses.md", "compare.licenses", "home.start_licenses"),
    ("prompt-formats/index.md", "index.prompt_formats", "home.start_prompts"),
)

#: The data downloads (published under the default language's root), and what each holds.
DOWNLOADS: tuple[tuple[str, str], ...] = (
    ("api/catalog.json", "home.download_json"),
    ("api/models.csv", "home.download_models"),
    ("api/files.csv", "home.download_files"),
    ("api/scores.csv", "home.download_scores"),
    ("api/schema/catalog.schema.json", "home.download_schema"),
)


def home(ctx: Context, pages: set[str]) -> HomePage:
    """The home page, leading to each page of ``pages`` (docs paths) that is an entry point."""
    rows: tuple[tuple[Value, ...], ...] = tuple(
        (Ref(f"{kind.folder}/index.md", Key(f"kinds.{kind.name}")), Int(len(ctx.catalog.records[kind.name])))
        for kind in ctx.kinds
    )
    rows += ((Key("home.files"), Int(len(ctx.files.all()))),)
    repository = project.repository()
    return HomePage(
        entries=tuple(EntryPoint(Ref(path, Key(label)), Key(about)) for path, label, about in ENTRY_POINTS if path in pages),
        counts=Table((Column(Key("home.kind")), Column(Key("home.count"), "right")), rows),
        updated=ctx.catalog.last_change,
        downloads=tuple((Asset(path, path), Key(about)) for path, about in DOWNLOADS),
        repository=Ext(Key("home.repository"), repository) if repository else None,
        contributing=Choice(tuple(
            (lang.code, Ext(Key("home.contributing"), f"{repository}/blob/main/{project.contributing(lang.code)}"))
            for lang in languages.all()
        )) if repository else None,
    )


def translations(ctx: Context) -> TranslationsPage:
    sections = []
    statuses = ("original", "translated", "missing")
    for lang in languages.translations():
        rows = [row for row in ctx.coverage if row.lang == lang.code]
        counts = {(area, status): 0 for area in AREAS for status in statuses}
        for row in rows:
            counts[(row.area, row.status)] += 1
        missing: list[Covered] = [row for row in rows if row.status == "missing"]
        sections.append(Coverage(
            language=lang.code,
            counts=Table(
                (
                    Column(Key("translations.area")),
                    *(Column(Key(f"translations.{status}", lang.code), "right") for status in statuses),
                ),
                tuple(
                    (Key(f"translations.area_{area}"), *(Int(counts[(area, status)]) for status in statuses))
                    for area in AREAS
                ),
            ),
            missing=Table(
                (Column(Key("translations.area")), Column(Key("home.kind")), Column(Key("translations.record")), Column(Key("translations.field"))),
                tuple(_missing_row(ctx, row) for row in missing),
            ),
        ))
    return TranslationsPage(tuple(sections))


def _missing_row(ctx: Context, row: Covered) -> tuple[Value, ...]:
    area = Key(f"translations.area_{row.area}")
    if row.kind == "ui":
        return (area, Key("translations.ui_string"), Code(row.id), Lit(None))
    return (area, Key(f"kinds.{row.kind}"), ctx.ref(row.kind, row.id, row.id), Code(row.field))


# --- comparisons --------------------------------------------------------------------------


def compare_benchmarks(ctx: Context) -> TablePage:
    columns, rows = frames.score_pivot(ctx)
    benchmarks = ctx.catalog.benchmarks
    header = (
        Column(Key("lineage.model")),
        Column(Key("field.parameters"), "right"),
        *(Column(Join((Lit(benchmarks[b].name), SettingLabel(s)), sep="<br>"), "right", best_first(benchmarks[b])) for b, s in columns),
    )
    return TablePage(Table(header, tuple(
        ctx.kept.row("compare-benchmarks", "model", mid, lambda mid=mid, values=values: (
            ctx.ref("model", mid), Count(ctx.catalog.models[mid].parameters), *(Num(v) for v in values)
        ), tuple(values))
        for mid, values in rows
    )))


#: The pages whose data is made with pandas (``resolve.frames``).
WITH_FRAMES = (compare_benchmarks,)


def compare_files(ctx: Context) -> TablePage:
    header = (Column(Key("lineage.model")), *FILE_COLUMNS)
    rows = ctx.file_rows("compare-files", lambda r: (ctx.ref("model", r.model_id), *file_cells(ctx, r)))
    return TablePage(Table(header, tuple(rows)))


def compare_licenses(ctx: Context) -> TablePage:
    header = (
        Column(Key("field.license")),
        Column(Key("terms.commercial_use")),
        Column(Key("terms.attribution")),
        Column(Key("terms.copyleft")),
        Column(Plain("SPDX")),
        Column(Key("license.models")),
    )
    rows = tuple(
        (
            ctx.ref("license", lid),
            Key(f"commercial.{lic.commercial_use}"),
            YesNo(lic.attribution),
            YesNo(lic.copyleft),
            Lit(lic.spdx),
            Join(tuple(ctx.ref("model", m) for m in ctx.licenses.users(lid)["model"]), sep=Key("punct.list")),
        )
        for lid, lic in ctx.catalog.licenses.items()
    )
    return TablePage(Table(header, rows))


# --- indexes ------------------------------------------------------------------------------


def models_index(ctx: Context) -> TablePage:
    c = ctx.catalog
    headline = ctx.scores.headline()
    header = (
        Column(Key("lineage.model")),
        Column(Key("field.parameters"), "right"),
        Column(Key("field.license")),
        Column(Key("terms.lineage")),
        Column(Key("field.languages")),
        Column(Key("field.formats")),
        Column(Key("field.context_length"), "right"),
        *(
            Column(Join((Lit(c.benchmarks[b].name), Key("punct.open"), SettingLabel(s), Key("punct.close"))), "right", best_first(c.benchmarks[b]))
            for b, s in headline
        ),
    )
    def row(mid: str, m: Any) -> tuple[Value, ...]:
        return (
            ctx.ref("model", mid),
            Count(m.parameters),
            ctx.ref_or_dash("license", m.license, m.license),
            tools.verdict_cell(ctx, mid),
            listed(m.languages),
            listed(BY_FORMAT[f].label for f in ctx.files.formats_of(mid)),
            Int(m.context_length),
            *(Num(score.value if (score := ctx.scores.at(mid, b, s)) else None) for b, s in headline),
        )

    columns_of_rows = ctx.kept.same("models-index", tuple(headline))
    rows = tuple(ctx.kept.row("models-index", "model", mid, partial(row, mid, m), columns_of_rows) for mid, m in c.models.items())
    return TablePage(Table(header, rows))


def quants_index(ctx: Context) -> TablePage:
    header = (
        Column(Key("file.repository")),
        Column(Key("field.model")),
        Column(Key("file.format")),
        Column(Key("field.quantized_by")),
        Column(Key("index.file_count"), "right"),
    )
    rows = tuple(
        ctx.kept.row("quants-index", "quant", qid, lambda qid=qid, q=q: (
            ctx.ref("quant", qid, qid), ctx.ref("model", q.model), Lit(BY_FORMAT[q.format].label), Lit(q.quantized_by), Int(len(q.files))
        ))
        for qid, q in ctx.catalog.quants.items()
    )
    return TablePage(Table(header, rows))


def datasets_index(ctx: Context) -> TablePage:
    trained: dict[str, int] = {}
    for m in ctx.catalog.models.values():
        for d in m.datasets:
            trained[d] = trained.get(d, 0) + 1
    header = (
        Column(Key("index.dataset")),
        Column(Key("field.id")),
        Column(Key("field.license")),
        Column(Key("dataset.trained_count"), "right"),
    )
    rows = tuple(
        (ctx.ref("dataset", did), Code(did), ctx.ref_or_dash("license", d.license, d.license), Int(trained.get(did, 0)))
        for did, d in ctx.catalog.datasets.items()
    )
    return TablePage(Table(header, rows))


def licenses_index(ctx: Context) -> TablePage:
    header = (
        Column(Key("field.license")),
        Column(Key("terms.commercial_use")),
        Column(Key("terms.attribution")),
        Column(Key("terms.copyleft")),
        Column(Key("license.model_count"), "right"),
    )
    rows = tuple(
        (
            ctx.ref("license", lid),
            Key(f"commercial.{lic.commercial_use}"),
            YesNo(lic.attribution),
            YesNo(lic.copyleft),
            Int(len(ctx.licenses.users(lid)["model"])),
        )
        for lid, lic in ctx.catalog.licenses.items()
    )
    return TablePage(Table(header, rows))


def benchmarks_index(ctx: Context) -> TablePage:
    header = (
        Column(Key("score.benchmark")),
        Column(Key("benchmark.metric")),
        Column(Key("benchmark.range")),
        Column(Key("benchmark.score_count"), "right"),
    )
    rows = tuple(
        (
            ctx.ref("benchmark", bid),
            Name(b.metric),
            Join((Num(b.range.min), Num(b.range.max)), sep=" – "),
            Int(ctx.scores.count(bid)),
        )
        for bid, b in ctx.catalog.benchmarks.items()
    )
    return TablePage(Table(header, rows))


def prompt_formats_index(ctx: Context) -> TablePage:
    header = (Column(Key("index.prompt_format")), Column(Key("prompt.model_count"), "right"))
    rows = tuple(
        (ctx.ref("prompt-format", pid), Int(sum(1 for m in ctx.catalog.models.values() if m.prompt_format == pid)))
        for pid in ctx.catalog.prompt_formats
    )
    return TablePage(Table(header, rows))


INDEXES: dict[str, Callable[[Context], Any]] = {
    "model": models_index,
    "quant": quants_index,
    "dataset": datasets_index,
    "license": licenses_index,
    "benchmark": benchmarks_index,
    "prompt-format": prompt_formats_index,
}
