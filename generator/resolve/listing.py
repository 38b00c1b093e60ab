"""The data of the pages that list records: home, the indexes, comparisons, translation coverage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator import languages
from generator.resolve import tools
from generator.resolve.cells import (
    Code,
    Column,
    Count,
    Gb,
    GroupSize,
    Int,
    Join,
    Key,
    Lit,
    Num,
    Plain,
    Ref,
    SettingLabel,
    Table,
    Value,
    YesNo,
)
from generator.resolve.context import Context
from generator.resolve.coverage import Covered
from generator.schema.quants import BY_FORMAT


@dataclass(frozen=True)
class HomePage:
    counts: Table


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


def home(ctx: Context) -> HomePage:
    rows: tuple[tuple[Value, ...], ...] = tuple(
        (Ref(f"{kind.folder}/index.md", Key(f"kinds.{kind.name}")), Int(len(ctx.catalog.records[kind.name])))
        for kind in ctx.kinds
    )
    rows += ((Key("home.files"), Int(len(ctx.files.all()))),)
    return HomePage(Table((Column(Key("home.kind")), Column(Key("home.count"), "right")), rows))


def translations(ctx: Context) -> TranslationsPage:
    sections = []
    for lang in languages.translations():
        rows = [row for row in ctx.coverage if row.lang == lang.code]
        counts = {"original": 0, "translated": 0, "missing": 0}
        for row in rows:
            counts[row.status] += 1
        missing: list[Covered] = [row for row in rows if row.status == "missing"]
        sections.append(Coverage(
            language=lang.code,
            counts=Table(
                (Column(Key("translations.status")), Column(Key("home.count"), "right")),
                tuple((Key(f"translations.{status}", lang.code), Int(n)) for status, n in counts.items()),
            ),
            missing=Table(
                (Column(Key("home.kind")), Column(Key("translations.record")), Column(Key("translations.field"))),
                tuple((Key(f"kinds.{row.kind}"), ctx.ref(row.kind, row.id, row.id), Code(row.field)) for row in missing),
            ),
        ))
    return TranslationsPage(tuple(sections))


# --- comparisons --------------------------------------------------------------------------


def compare_benchmarks(ctx: Context) -> TablePage:
    columns = ctx.scores.columns()
    benchmarks = ctx.catalog.benchmarks
    header = (
        Column(Key("lineage.model")),
        Column(Key("field.parameters"), "right"),
        *(Column(Join((Lit(benchmarks[b].name), SettingLabel(s)), sep="<br>"), "right") for b, s in columns),
    )
    rows = tuple(
        (
            ctx.ref("model", mid),
            Count(m.parameters),
            *(Num(score.value if (score := ctx.scores.at(mid, b, s)) else None) for b, s in columns),
        )
        for mid, m in ctx.catalog.models.items()
        if m.scores
    )
    return TablePage(Table(header, rows))


def compare_files(ctx: Context) -> TablePage:
    header = (
        Column(Key("lineage.model")),
        Column(Key("file.repository")),
        Column(Key("file.format")),
        Column(Key("file.name")),
        Column(Key("file.method")),
        Column(Key("file.bits"), "right"),
        Column(Key("file.size"), "right"),
        Column(Key("file.ram"), "right"),
        Column(Key("file.group_size"), "right"),
        Column(Key("file.act_order")),
    )
    rows = tuple(
        (
            ctx.ref("model", r.model_id),
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
        for r in ctx.files.all()
    )
    return TablePage(Table(header, rows))


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
            Join(tuple(ctx.ref("model", m) for m in ctx.licenses.users(lid)["model"]), sep=", "),
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
        *(Column(Join((Lit(c.benchmarks[b].name), Plain(" ("), SettingLabel(s), Plain(")"))), "right") for b, s in headline),
    )
    rows = []
    for mid, m in c.models.items():
        rows.append((
            ctx.ref("model", mid),
            Count(m.parameters),
            ctx.ref_or_dash("license", m.license, m.license),
            tools.verdict_cell(ctx, mid),
            Lit(", ".join(m.languages) or None),
            Lit(", ".join(BY_FORMAT[f].label for f in ctx.files.formats_of(mid)) or None),
            Int(m.context_length),
            *(Num(score.value if (score := ctx.scores.at(mid, b, s)) else None) for b, s in headline),
        ))
    return TablePage(Table(header, tuple(rows)))


def quants_index(ctx: Context) -> TablePage:
    header = (
        Column(Key("file.repository")),
        Column(Key("field.model")),
        Column(Key("file.format")),
        Column(Key("field.quantized_by")),
        Column(Key("index.file_count"), "right"),
    )
    rows = tuple(
        (ctx.ref("quant", qid, qid), ctx.ref("model", q.model), Lit(BY_FORMAT[q.format].label), Lit(q.quantized_by), Int(len(q.files)))
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
            Lit(b.metric),
            Join((Num(b.range.min), Num(b.range.max)), sep=" – "),
            Int(sum(len(rows) for _, rows in ctx.scores.leaderboard(bid))),
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
