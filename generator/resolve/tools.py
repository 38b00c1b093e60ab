"""The readers' tools: the models explorer, the side-by-side comparison and the hardware fit.

Each tool is a page whose script reads the data built here from a file the page loads by
script tag (``Script``), never by fetch, so the tools work served and from disk alike. The
explorer's page also carries the whole models table, for readers without JavaScript.

The commercial-use verdict along the lineage comes from ``resolve.licenses``; the memory a
file needs is the publisher's figure where one is stated, else the estimate of ``need``
(a tool's estimate, shown as one: the records keep what their sources state).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urlencode

from generator.resolve.cells import Count, Gb, Int, Key, Lit, Num, Phrase, Ref, SettingLabel, Strong, Value
from generator.resolve.context import Context
from generator.resolve.files import FileRow
from generator.resolve.licenses import ORDER
from generator.resolve.scores import Setting
from generator.schema.quants import BY_FORMAT, FORMATS
from generator.schema.records import english

#: What a file needs beyond its own size, in bytes: the allowance TheBloke's GGUF and GGML
#: tables add to every file's size for the context cache and the runtime's buffers.
OVERHEAD = 2_500_000_000
#: The context length, in tokens, the estimate allows for; stated VRAM is read at it.
CONTEXT = 4096
MODELS_SCRIPT = "tools/models-data.js"
FIT_SCRIPT = "tools/fit-data.js"


# --- the verdict along the lineage ------------------------------------------------------------


def verdict_reason(ctx: Context, model_id: str) -> Value:
    """Why a model's commercial-use verdict is what it is: whose license decides."""
    v = ctx.licenses.verdict(model_id)
    model = ctx.ref("model", v.model_id)
    if v.license_id is None:
        return Key("verdict.own_unstated") if v.own else Phrase("verdict.inherited_unstated", (("model", model),))
    lic = ctx.ref("license", v.license_id)
    return Phrase("verdict.own", (("license", lic),)) if v.own else Phrase("verdict.inherited", (("license", lic), ("model", model)))


def verdict_line(ctx: Context, model_id: str, *, strong: bool = False) -> Value:
    """The verdict with its reason: 'Restricted (through Qwen-7B, which it derives from: ...)'."""
    level: Value = Key(f"commercial.{ctx.licenses.verdict(model_id).level}")
    return Phrase("verdict.line", (("verdict", Strong(level) if strong else level), ("reason", verdict_reason(ctx, model_id))))


def verdict_cell(ctx: Context, model_id: str) -> Value:
    """The verdict for a table cell: the level, and the ancestor it comes through if not its own."""
    v = ctx.licenses.verdict(model_id)
    level = Key(f"commercial.{v.level}")
    if v.own:
        return level
    return Phrase("verdict.via", (("verdict", level), ("model", ctx.ref("model", v.model_id))))


def compare_link(model_id: str) -> Ref:
    """'Add to compare' from a model's page: the compare page with this model."""
    return Ref("compare/index.md", Key("tools.add_to_compare"), urlencode({"models": model_id}, safe="/,"))


# --- memory a file needs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    """The memory a file needs: ``stated`` by its publisher (RAM, or VRAM at ``context``
    tokens), or estimated as its size plus ``OVERHEAD``."""

    bytes: int
    stated: bool
    context: int | None = None


def need(row: FileRow) -> Need | None:
    """What ``row`` needs: the stated RAM, else stated VRAM (at ``CONTEXT`` tokens, else the
    smallest larger context, else the largest stated), else size + ``OVERHEAD``; None
    without any of them."""
    if row.ram_required is not None:
        return Need(row.ram_required, True)
    stated = sorted((v.context, v.size) for v in row.fields.get("vram") or ())
    if stated:
        context, size = next(((c, s) for c, s in stated if c >= CONTEXT), stated[-1])
        return Need(size, True, context)
    if row.size is not None:
        return Need(row.size + OVERHEAD, False)
    return None


# --- the data the scripts read ----------------------------------------------------------------


@dataclass(frozen=True)
class ScoreColumn:
    """A benchmark under one setting: scores are compared only within it."""

    key: str  # the column's id in addresses: 'ceval:5-shot/val'
    benchmark: Ref
    setting: SettingLabel
    higher_is_better: bool


@dataclass(frozen=True)
class FormatFiles:
    """A model's files of one format: in how many repositories, how many files (or
    branches) they list, and the smallest and largest size."""

    format: str
    label: str
    repos: int
    count: int
    smallest: int | None
    largest: int | None


@dataclass(frozen=True)
class InheritedTerms:
    license: Ref
    commercial: str | None  # its commercial-use terms, None when the license is not in the catalog
    via: Ref


@dataclass(frozen=True)
class ModelEntry:
    """One model as the explorer and the compare page read it."""

    id: str
    ref: Ref
    creator: str
    parameters: int | None
    parameters_shown: Count
    architecture: str | None
    context_length: int | None
    languages: tuple[str, ...]
    license: Ref | None
    commercial: str | None  # its own license's terms
    attribution: bool | None
    copyleft: bool | None
    verdict: str  # along the lineage: one of licenses.ORDER
    reason: Value
    via: Ref | None  # the ancestor whose terms decide, when not its own
    formats: tuple[str, ...]
    prompt: Ref | None
    scores: tuple[tuple[int, Num], ...]  # (index into ModelsData.columns, value)
    files: tuple[FormatFiles, ...]
    inherited: tuple[InheritedTerms, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class ModelsData:
    """What the explorer and compare scripts read: every model, every score column, the
    values each filter offers."""

    columns: tuple[ScoreColumn, ...]
    headline: tuple[int, ...]  # score columns the explorer shows first (indices into columns)
    models: tuple[ModelEntry, ...]
    verdicts: tuple[str, ...]  # licenses.ORDER
    formats: tuple[tuple[str, str], ...]  # (format, label) of formats some model has
    languages: tuple[str, ...]
    architectures: tuple[str, ...]


@dataclass(frozen=True)
class FitModel:
    ref: Ref
    parameters: int | None
    parameters_shown: Count
    verdict: str


@dataclass(frozen=True)
class FitFile:
    """A file the fit tool weighs: where it runs and what it needs (None: cannot be judged)."""

    model: int  # index into FitData.models
    repo: Ref
    format: str
    label: str
    entry: str
    bits: float
    size: int | None
    need: Need | None
    memory: tuple[str, ...]  # "ram", "vram": where files of its format run (the format registry)


@dataclass(frozen=True)
class FitData:
    models: tuple[FitModel, ...]
    files: tuple[FitFile, ...]


@dataclass(frozen=True)
class Script:
    """A data file a tool page loads by script tag: its path under the language's docs tree,
    the name the script finds it under, and the data."""

    path: str
    name: str
    data: ModelsData | FitData


def column_key(benchmark_id: str, setting: Setting) -> str:
    """A (benchmark, setting) pair as addresses name it: 'ceval:5-shot/val', 'mt-bench',
    'humaneval:0-shot//pass@1' (a setting in words is shortened to a slug)."""
    words = re.sub(r"[^a-z0-9@.]+", "-", (english(setting.setting) or "").lower()).strip("-")[:32].strip("-")
    parts = [f"{setting.shots}-shot" if setting.shots is not None else "", re.sub(r"[^a-z0-9.]+", "-", (setting.split or "").lower()).strip("-"), words]
    while parts and not parts[-1]:
        parts.pop()
    return benchmark_id + (":" + "/".join(parts) if parts else "")


def models_data(ctx: Context) -> ModelsData:
    c = ctx.catalog
    pairs = ctx.scores.columns()
    keys: set[str] = set()
    columns = []
    for bench, setting in pairs:
        key = column_key(bench, setting)
        while key in keys:  # settings that differ only in separators: keep every key unique
            key += "~"
        keys.add(key)
        columns.append(ScoreColumn(key, ctx.ref("benchmark", bench), SettingLabel(setting), c.benchmarks[bench].higher_is_better))
    index = {pair: i for i, pair in enumerate(pairs)}

    def entry(mid: str, m: Any) -> ModelEntry:
        lic = c.licenses.get(m.license) if m.license else None
        v = ctx.licenses.verdict(mid)
        mine = {(s.benchmark, Setting.of(s)) for s in m.scores}
        scores = [
            (index[pair], Num(score.value)) for pair in pairs if pair in mine and (score := ctx.scores.at(mid, *pair))
        ]
        return ModelEntry(
            id=mid,
            ref=ctx.ref("model", mid),
            creator=m.creator,
            parameters=m.parameters,
            parameters_shown=Count(m.parameters),
            architecture=m.architecture,
            context_length=m.context_length,
            languages=tuple(m.languages),
            license=ctx.ref("license", m.license) if m.license else None,
            commercial=lic.commercial_use if lic else None,
            attribution=lic.attribution if lic else None,
            copyleft=lic.copyleft if lic else None,
            verdict=v.level,
            reason=verdict_reason(ctx, mid),
            via=None if v.own else ctx.ref("model", v.model_id),
            formats=tuple(ctx.files.formats_of(mid)),
            prompt=ctx.ref("prompt-format", p) if (p := ctx.prompt_of(mid)) else None,
            scores=tuple(scores),
            files=_format_files(ctx, mid),
            inherited=tuple(
                InheritedTerms(ctx.ref("license", lid), c.licenses[lid].commercial_use if lid in c.licenses else None, ctx.ref("model", via))
                for lid, via in ctx.licenses.inherited(mid)
            ),
            tags=tuple(m.tags),
        )

    columns_of_rows = ctx.kept.same("models-data", tuple(pairs))
    entries = [ctx.kept.row("models-data", "model", mid, partial(entry, mid, m), columns_of_rows) for mid, m in c.models.items()]
    present = {f for e in entries for f in e.formats}
    return ModelsData(
        columns=tuple(columns),
        headline=tuple(index[pair] for pair in ctx.scores.headline()),
        models=tuple(entries),
        verdicts=ORDER,
        formats=tuple((f.name, f.label) for f in FORMATS if f.name in present),
        languages=tuple(sorted({code for m in c.models.values() for code in m.languages})),
        architectures=tuple(sorted({m.architecture for m in c.models.values() if m.architecture}, key=str.lower)),
    )


def _format_files(ctx: Context, model_id: str) -> tuple[FormatFiles, ...]:
    c = ctx.catalog
    out = []
    for fmt in FORMATS:
        repos = [r for r in ctx.files.repos_of(model_id) if c.quants[r].format == fmt.name]
        if repos:
            rows = [row for r in repos for row in ctx.files.by_repo[r]]
            sizes = [row.size for row in rows if row.size is not None]
            out.append(FormatFiles(fmt.name, fmt.label, len(repos), len(rows), min(sizes, default=None), max(sizes, default=None)))
    return tuple(out)


def fit_data(ctx: Context) -> FitData:
    c = ctx.catalog
    ids = sorted({r.model_id for rows in ctx.files.by_repo.values() for r in rows if r.model_id in c.models})
    position = {mid: i for i, mid in enumerate(ids)}
    models = tuple(
        ctx.kept.row("fit-models", "model", mid, lambda mid=mid: FitModel(
            ctx.ref("model", mid), c.models[mid].parameters, Count(c.models[mid].parameters), ctx.licenses.verdict(mid).level
        ))
        for mid in ids
    )

    def fit_file(r: FileRow) -> FitFile:
        return FitFile(
            model=position[r.model_id],
            repo=ctx.ref("quant", r.repo_id, r.repo_id),
            format=r.format,
            label=r.label,
            entry=r.entry,
            bits=r.bits,
            size=r.size,
            need=need(r),
            memory=BY_FORMAT[r.format].memory,
        )

    # The files of the models listed; a repository's rows also depend on its model's place.
    repos = {repo_id: position[q.model] for repo_id, q in c.quants.items() if q.model in position}
    return FitData(models, tuple(ctx.file_rows("fit-files", fit_file, repos)))


# --- the pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparePage:
    """The compare page (its script reads ``ModelsData``), with a comparison or two to start from."""

    examples: tuple[Ref, ...]


@dataclass(frozen=True)
class FitPage:
    """The hardware fit (its script reads ``FitData``): how the memory a file needs is
    worked out, and a few memory sizes to start from."""

    estimate: Value  # the rule, and how it agrees with the figures publishers state
    assumes: Value
    where: Value  # which formats run in RAM, in VRAM, or across both (the format registry)
    examples: tuple[Ref, ...]


def compare_page(ctx: Context) -> ComparePage:
    """Examples pair a model with a scored base it derives from, where the catalog has one."""
    c = ctx.catalog
    pairs = []
    for mid, m in c.models.items():
        scored = [b.id for b in m.base_models if b.id in c.models and c.models[b.id].scores]
        if m.scores and scored:
            pairs.append((mid, scored[0]))
    examples = tuple(
        Ref("compare/index.md", Phrase("compare.example", (("a", Lit(c.models[a].name)), ("b", Lit(c.models[b].name)))),
            urlencode({"models": f"{a},{b}"}, safe="/,"))
        for a, b in pairs[:3]
    )
    return ComparePage(examples)


#: Memory sizes the fit page offers as examples: (UI string, address query).
_FIT_EXAMPLES = (("fit.example_ram", "ram=8"), ("fit.example_both", "ram=16&vram=8"), ("fit.example_vram", "vram=24"))


def fit_page(ctx: Context) -> FitPage:
    stated = [r for r in ctx.files.all() if r.ram_required is not None and r.size is not None]
    agreeing = [r for r in stated if abs(r.ram_required - r.size - OVERHEAD) < 5_000_000]  # type: ignore[operator]

    def labels(memory: tuple[str, ...]) -> Lit:  # 'GPTQ/AWQ': a list that reads the same in every language
        return Lit("/".join(f.label for f in FORMATS if f.memory == memory) or None)

    return FitPage(
        estimate=Phrase("fit.rule_estimate", (
            ("overhead", Gb(OVERHEAD)), ("context", Int(CONTEXT)), ("stated", Int(len(stated))), ("agreeing", Int(len(agreeing))),
        )),
        assumes=Phrase("fit.rule_assumes", (("context", Int(CONTEXT)),)),
        where=Phrase("fit.rule_where", (("both", labels(("ram", "vram"))), ("vram", labels(("vram",))), ("ram", labels(("ram",))))),
        examples=tuple(Ref("fit/index.md", Key(key), query) for key, query in _FIT_EXAMPLES),
    )
