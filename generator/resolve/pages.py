"""Which pages the site has, and the data each one receives.

``plan(catalog)`` lists every page with its path and its data, built here from the checked
catalog and the derived facts (lineage, files, scores, licenses, coverage). A template gets
only that data: it looks nothing up and builds nothing, it lays the data out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.catalog import Catalog
from generator.resolve import listing, record_pages, tools
from generator.resolve.context import Context, record_path
from generator.schema.kinds import KINDS

__all__ = ["Page", "Planned", "listing_pages", "pages_of", "plan", "record_page", "record_path"]


@dataclass(frozen=True)
class Page:
    """A page to write: its path under docs/ (default-language name), its template, its data,
    and the data file its script reads, for a tool page."""

    path: str  # e.g. "models/CausalLM/7B.md"
    template: str
    data: Any
    script: tools.Script | None = None


@dataclass(frozen=True)
class Planned:
    """A page of the site before its data is made: what it is, and how to make it. Listing
    them costs nothing, so a parallel run can share the pages out and make each where it is
    rendered; ``group`` names the pages that share a data file (made once, by one worker)."""

    path: str
    template: str
    make: Callable[[Context], Page]
    group: str
    frames: bool = False  # its data is made with pandas (resolve.frames), as the CSV tables are


def plan(catalog: Catalog, ctx: Context | None = None) -> list[Page]:
    """Every page of the site with its data, in a fixed order (made with ``ctx``, when given)."""
    ctx = ctx or Context(catalog)
    return [planned.make(ctx) for planned in pages_of(catalog)]


def pages_of(catalog: Catalog) -> list[Planned]:
    """Every page of the site, in ``plan``'s order, its data not made yet."""
    pages = _listing(catalog)
    for kind in KINDS:
        for record_id in sorted(catalog.records[kind.name]):
            path = record_path(kind.name, record_id)
            pages.append(Planned(path, kind.name, _record_maker(kind.name, record_id), path))
    return pages


def listing_pages(ctx: Context) -> list[Page]:
    """The pages that list records (home, indexes, comparisons, coverage, the readers' tools):
    any record can change them."""
    return [planned.make(ctx) for planned in _listing(ctx.catalog)]


def record_page(ctx: Context, kind: str, record_id: str) -> Page:
    """The page of one record."""
    return Page(record_path(kind, record_id), kind, record_pages.BUILDERS[kind](ctx, record_id))


def _record_maker(kind: str, record_id: str) -> Callable[[Context], Page]:
    return lambda ctx: record_page(ctx, kind, record_id)


def _models_script(ctx: Context) -> tools.Script:
    # The models explorer (the models index) and the compare page read the same data file.
    return ctx.shared("models-script", lambda: tools.Script(tools.MODELS_SCRIPT, "models", tools.models_data(ctx)))


def _listing(catalog: Catalog) -> list[Planned]:
    def page(path: str, template: str, data: Callable[[Context], Any], script: Callable[[Context], tools.Script] | None = None) -> Planned:
        def make(ctx: Context) -> Page:
            return Page(path, template, data(ctx), script(ctx) if script else None)

        return Planned(path, template, make, tools.MODELS_SCRIPT if script is _models_script else path, data in listing.WITH_FRAMES)

    pages = [
        page("translations.md", "translations", listing.translations),
        page("compare/index.md", "compare", tools.compare_page, _models_script),
        page("fit/index.md", "fit", tools.fit_page, lambda ctx: tools.Script(tools.FIT_SCRIPT, "fit", tools.fit_data(ctx))),
        page("compare/benchmarks.md", "compare-benchmarks", listing.compare_benchmarks),
        page("compare/files.md", "compare-files", listing.compare_files),
        page("compare/licenses.md", "compare-licenses", listing.compare_licenses),
    ]
    for kind in KINDS:
        # The models index is the models explorer: its script reads the models' data.
        pages.append(page(f"{kind.folder}/index.md", f"{kind.folder}-index", listing.INDEXES[kind.name],
                          _models_script if kind.name == "model" else None))
    # The home page first, built last: it leads to the entry points (all listing pages) the site has.
    entry_points = {planned.path for planned in pages}
    return [page("index.md", "home", lambda ctx: listing.home(ctx, entry_points)), *pages]
