"""Which pages the site has, and the data each one receives.

``plan(catalog)`` lists every page with its path and its data, built here from the checked
catalog and the derived facts (lineage, files, scores, licenses, coverage). A template gets
only that data: it looks nothing up and builds nothing, it lays the data out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.catalog import Catalog
from generator.resolve import listing, record_pages
from generator.resolve.context import Context, record_path

__all__ = ["Page", "plan", "record_path"]


@dataclass(frozen=True)
class Page:
    """A page to write: its path under docs/ (default-language name), its template, its data."""

    path: str  # e.g. "models/CausalLM/7B.md"
    template: str
    data: Any


def plan(catalog: Catalog) -> list[Page]:
    """Every page of the site with its data, in a fixed order."""
    ctx = Context(catalog)
    pages = [Page("translations.md", "translations", listing.translations(ctx))]
    pages.append(Page("compare/benchmarks.md", "compare-benchmarks", listing.compare_benchmarks(ctx)))
    pages.append(Page("compare/files.md", "compare-files", listing.compare_files(ctx)))
    pages.append(Page("compare/licenses.md", "compare-licenses", listing.compare_licenses(ctx)))
    for kind in ctx.kinds:
        pages.append(Page(f"{kind.folder}/index.md", f"{kind.folder}-index", listing.INDEXES[kind.name](ctx)))
        build = record_pages.BUILDERS[kind.name]
        for record_id in sorted(catalog.records[kind.name]):
            pages.append(Page(record_path(kind.name, record_id), kind.name, build(ctx, record_id)))
    # The home page last: it leads to the entry points the site has.
    return [Page("index.md", "home", listing.home(ctx, {page.path for page in pages})), *pages]
