"""What the site's own search finds: one entry per page, the same in every language.

The search is the project's, not the site builder's (``render.search`` writes one index
per language, ``overrides/assets/javascripts/search.js`` reads it in the browser). An entry
holds what a reader searches by: the page's title, the ids and names a record goes by, its
key facts (creator, size, formats, quant methods, file and branch names, license,
languages...) and a short summary. Never a data table: a table repeats the record pages,
and every search would wade through it.

Every page of ``plan`` gets an entry: record pages from their record, the other pages from
``PAGES`` (by template: their title and the sentence that says what they hold). A page
kind without an entry there fails a test; add a line for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from generator.resolve.cells import Count, Join, Key, Lit, Name, Value, languages_of, listed
from generator.resolve.context import Context, record_path
from generator.resolve.pages import Page, Planned
from generator.schema.kinds import KINDS
from generator.schema.quants import BY_FORMAT
from generator.schema.records import Text, english

#: The kinds of result, in the order results of equal rank are listed; ``page`` is any
#: page that is not a record's (home, indexes, comparisons).
ORDER: tuple[str, ...] = (*(kind.name for kind in KINDS), "page")

#: At most this many characters of a prompt template are searched (the start names it).
_TEMPLATE_CHARS = 300


@dataclass(frozen=True)
class Phrase:
    """A UI string with ``{name}`` slots filled by names: 'GGUF files ... of {model}.'"""

    key: str
    fills: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Entry:
    """One page as the search sees it."""

    path: str  # the page's docs path: 'models/CausalLM/7B.md'
    kind: str  # one of ORDER
    title: str | Key | Name
    ids: tuple[str, ...] = ()  # the record's id and other names it goes by
    facts: tuple[Value, ...] = ()  # key facts: shown under the title, and searched
    terms: tuple[str, ...] = ()  # searched, not shown: file and branch names, tags, templates
    summary: Text | Phrase | None = None


@dataclass(frozen=True)
class SearchIndex:
    entries: tuple[Entry, ...]


#: The pages that are not a record's, by template: their title and summary strings.
PAGES: dict[str, tuple[str, str | None]] = {
    "home": ("site.title", "home.intro"),
    "translations": ("translations.title", None),
    "compare": ("compare.models", "compare.models_intro"),
    "fit": ("fit.title", "fit.intro"),
    "compare-benchmarks": ("compare.benchmarks", "compare.benchmarks_intro"),
    "compare-files": ("compare.files", "compare.files_intro"),
    "compare-licenses": ("compare.licenses", "compare.licenses_intro"),
    "models-index": ("index.models", "explorer.intro"),
    "quants-index": ("index.quants", "index.quants_intro"),
    "datasets-index": ("index.datasets", None),
    "licenses-index": ("index.licenses", "index.licenses_intro"),
    "benchmarks-index": ("index.benchmarks", None),
    "prompt-formats-index": ("index.prompt_formats", "home.start_prompts"),
}


def index(ctx: Context, pages: Sequence[Page | Planned]) -> SearchIndex:
    """One entry per page of ``pages`` (from ``plan``), in the order of their paths: the
    same index whatever order the pages come in (a full run's plan, or the pages a warm
    run has kept and renewed).

    Raises ``KeyError`` for a page that is neither a record's nor in ``PAGES``.
    """
    records = {record_path(kind, rid): (kind, rid) for kind, ids in ctx.catalog.records.items() for rid in ids}
    entries = []
    for page in sorted(pages, key=lambda p: p.path):
        if page.path in records:
            kind, record_id = records[page.path]
            entries.append(ctx.kept.row("search", kind, record_id, partial(BUILDERS[kind], ctx, record_id)))
        else:
            title, summary = PAGES[page.template]
            entries.append(Entry(page.path, "page", Key(title), summary=Phrase(summary) if summary else None))
    return SearchIndex(tuple(entries))


def _names(values: Sequence[str | None]) -> Value:
    """Names side by side as the page's language lists things ('GGUF, GPTQ'; 'GGUF、GPTQ'),
    each once, in the order given."""
    return listed(dict.fromkeys(v for v in values if v))


def _shown(*facts: Value) -> tuple[Value, ...]:
    """The facts a record states: one the source leaves blank (or an empty list) is left out,
    not shown as a dash."""
    blank = (Lit(None), Count(None))
    return tuple(f for f in facts if f not in blank and not (isinstance(f, Join) and not f.parts))


def _license_name(ctx: Context, license_id: str | None) -> Value:
    """A license by its name in the page's language (its id when the catalog lacks it)."""
    lic = ctx.catalog.licenses.get(license_id) if license_id else None
    return Name(lic.name) if lic else Lit(license_id)


def _commercial(ctx: Context, license_id: str | None) -> tuple[Value, ...]:
    lic = ctx.catalog.licenses.get(license_id) if license_id else None
    if lic is None:
        return ()
    return (Key(f"search.commercial.{lic.commercial_use}"),)


def model_entry(ctx: Context, model_id: str) -> Entry:
    m = ctx.catalog.models[model_id]
    prompt = ctx.prompt_of(model_id)
    prompt_name = ctx.catalog.prompt_formats[prompt].name if prompt in ctx.catalog.prompt_formats else prompt
    return Entry(
        path=record_path("model", model_id),
        kind="model",
        title=m.name,
        ids=(model_id,),
        facts=_shown(
            Count(m.parameters),
            Lit(m.creator),
            Lit(m.architecture),
            _names([BY_FORMAT[f].label for f in ctx.files.formats_of(model_id)]),
            _license_name(ctx, m.license),
            # commercial use as everywhere on the site: along the lineage, not the own license's
            Key(f"search.commercial.{ctx.licenses.verdict(model_id).level}"),
            Lit(prompt_name),
            languages_of(m.languages),
        ),
        terms=(*(b.id for b in m.base_models), *m.tags),
        summary=m.summary,
    )


def quant_entry(ctx: Context, repo_id: str) -> Entry:
    q = ctx.catalog.quants[repo_id]
    fmt = BY_FORMAT[q.format]
    model = ctx.catalog.models.get(q.model)
    model_name = model.name if model else q.model
    rows = ctx.files.by_repo[repo_id]
    entries = [r.entry for r in rows] + [r.file for r in rows if r.file]
    return Entry(
        path=record_path("quant", repo_id),
        kind="quant",
        title=repo_id,
        facts=_shown(
            Lit(fmt.label),
            Lit(model_name),
            Lit(q.quantized_by),
            _license_name(ctx, ctx.licenses.of_repo(repo_id)),
            _names([r.method for r in rows]),
        ),
        terms=(q.model, *dict.fromkeys(entries)),
        summary=Phrase(fmt.intro_key, (("model", model_name),)),
    )


def dataset_entry(ctx: Context, dataset_id: str) -> Entry:
    d = ctx.catalog.datasets[dataset_id]
    return Entry(
        path=record_path("dataset", dataset_id),
        kind="dataset",
        title=d.name,
        ids=(dataset_id,),
        facts=_shown(languages_of(d.languages), _license_name(ctx, d.license)),
        summary=d.description,
    )


def license_entry(ctx: Context, license_id: str) -> Entry:
    lic = ctx.catalog.licenses[license_id]
    return Entry(
        path=record_path("license", license_id),
        kind="license",
        title=Name(lic.name),
        # its English name is searched in every language, as are its id and SPDX id
        ids=tuple(dict.fromkeys((license_id, *([lic.spdx] if lic.spdx else []), english(lic.name)))),
        facts=_commercial(ctx, license_id),
        summary=lic.summary,
    )


def benchmark_entry(ctx: Context, benchmark_id: str) -> Entry:
    b = ctx.catalog.benchmarks[benchmark_id]
    return Entry(
        path=record_path("benchmark", benchmark_id),
        kind="benchmark",
        title=b.name,
        ids=(benchmark_id,),
        facts=_shown(Name(b.metric)),
        terms=tuple(c.id for c in b.categories),
        summary=b.description,
    )


def prompt_format_entry(ctx: Context, format_id: str) -> Entry:
    p = ctx.catalog.prompt_formats[format_id]
    return Entry(
        path=record_path("prompt-format", format_id),
        kind="prompt-format",
        title=p.name,
        ids=(format_id,),
        terms=(p.template[:_TEMPLATE_CHARS], *p.stop),
        summary=p.notes,
    )


BUILDERS: dict[str, Callable[[Context, str], Entry]] = {
    "model": model_entry,
    "quant": quant_entry,
    "dataset": dataset_entry,
    "license": license_entry,
    "benchmark": benchmark_entry,
    "prompt-format": prompt_format_entry,
}
