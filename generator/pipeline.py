"""The one-way pipeline: read -> check -> resolve -> render -> write.

``load`` reads and checks; ``generate`` renders every page and data file and replaces
docs/ atomically. Nothing is written when the catalog has errors or rendering fails, so
the last good docs/ stays untouched.
"""

from __future__ import annotations

from pathlib import Path

from generator import check, languages, read, write
from generator.catalog import Catalog
from generator.diagnostics import Problem, sort_problems
from generator.render import api, pages, search
from generator.resolve import api as api_data
from generator.resolve import pages as page_data
from generator.resolve import search as search_data


def load(catalog_root: Path) -> tuple[Catalog, list[Problem]]:
    """Read, then check the catalog under ``catalog_root``: valid records and every problem, sorted.

    Never raises on bad input, so a contributor sees all mistakes in one run.
    """
    catalog, problems = read.read(catalog_root)
    problems.extend(check.check(catalog))
    return catalog, sort_problems(problems)


def load_valid(catalog_root: Path) -> tuple[Catalog | None, list[Problem]]:
    """The catalog if it has no errors, with every problem found."""
    catalog, problems = load(catalog_root)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return catalog, problems


def render(catalog: Catalog) -> dict[str, str]:
    """Every generated file (pages and search index in each language, the JSON export), by path under docs/."""
    planned = page_data.plan(catalog)
    files = dict(pages.render_all(planned))
    # Each language's search index and strings, beside its pages (the site's own search).
    files.update(search.files(search_data.index(catalog, planned)))
    # The API is the same in every language: it is published once, with the default language.
    files.update({f"{languages.default().code}/{path}": text for path, text in api.files(api_data.api_data(catalog)).items()})
    return files


def generate(catalog_root: Path, docs: Path) -> list[Problem]:
    """Validate, then replace ``docs`` with freshly generated pages. Returns the problems.

    Nothing is written when the catalog has errors or rendering fails.
    """
    catalog, problems = load_valid(catalog_root)
    if catalog is None:
        return problems
    write.replace_tree(docs, render(catalog))
    return problems
