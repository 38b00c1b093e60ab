"""Which pages the site has, and the data each one receives.

``plan(catalog)`` lists every page with its path and its data, built here from the checked
catalog and the derived facts (lineage, files, scores, licenses, coverage). A template gets
only that data: it looks nothing up and builds nothing, it lays the data out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.catalog import Catalog
from generator.resolve import listing, record_pages, tools
from generator.resolve.context import Context, record_path

__all__ = ["Page", "listing_pages", "plan", "record_page", "record_path"]


@dataclass(frozen=True)
class Page:
    """A page to write: its path under docs/ (default-language name), its template, its data,
    and the data file its script reads, for a tool page."""

    path: str  # e.g. "models/CausalLM/7B.md"
    template: str
    data: Any
    script: tools.Script | None = None


def plan(catalog: Catalog) -> list[Page]:
    """Every page of the site with its data, in a fixed order."""
    ctx = Context(catalog)
    pages = listing_pages(ctx)
    for kind in ctx.kinds:
        for record_id in sorted(catalog.records[kind.name]):
            pages.append(record_page(ctx, kind.name, record_id))
    return pages


def listing_pages(ctx: Context) -> list[Page]:
    """The pages that list records (home, indexes, comparisons, coverage, the readers' tools):
    any record can change them."""
    models = tools.Script(tools.MODELS_SCRIPT, "models", tools.models_data(ctx))
    pages = [Page("translations.md", "translations", listing.translations(ctx))]
    pages.append(Page("compare/index.md", "compare", tools.compare_page(ctx), models))
    pages.append(Page("fit/index.md", "fit", tools.fit_page(ctx), tools.Script(tools.FIT_SCRIPT, "fit", tools.fit_data(ctx))))
    pages.append(Page("compare/benchmarks.md", "compare-benchmarks", listing.compare_benchmarks(ctx)))
    pages.append(Page("compare/files.md", "compare-files", listing.compare_files(ctx)))
    pages.append(Page("compare/licenses.md", "compare-licenses", listing.compare_licenses(ctx)))
    for kind in ctx.kinds:
        # The models index is the models explorer: its script reads the models' data.
        script = models if kind.name == "model" else None
        pages.append(Page(f"{kind.folder}/index.md", f"{kind.folder}-index", listing.INDEXES[kind.name](ctx), script))
    # The home page first, built last: it leads to the entry points (all listing pages) the site has.
    return [Page("index.md", "home", listing.home(ctx, {page.path for page in pages})), *pages]


def record_page(ctx: Context, kind: str, record_id: str) -> Page:
    """The page of one record."""
    return Page(record_path(kind, record_id), kind, record_pages.BUILDERS[kind](ctx, record_id))
