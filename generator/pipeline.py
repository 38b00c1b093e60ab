"""The one-way pipeline: read -> check -> resolve -> render -> write.

``load`` reads and checks; ``generate`` renders every page and data file and replaces
docs/ atomically. Nothing is written when the catalog has errors or rendering fails, so
the last good docs/ stays untouched.
"""

from __future__ import annotations

import gc
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator import check, languages, parallel, read, write
from generator.catalog import Catalog
from generator.diagnostics import Problem, sort_problems
from generator.render import api, pages, search
from generator.resolve import api as api_data
from generator.resolve import pages as page_data
from generator.resolve import search as search_data
from generator.resolve.context import Context


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
    """Every generated file (pages, search index and data files in each language, the JSON
    export and the CSV tables), by path under docs/."""
    planned = page_data.plan(catalog)
    files = dict(pages.render_all(planned))
    files.update(_data_files(Context(catalog), planned))
    return files


def _data_files(ctx: Context, planned: Sequence[page_data.Page | page_data.Planned], lines: search.Lines | None = None) -> dict[str, str]:
    """The files made from the whole catalog rather than one page: each language's search
    index and strings (the site's own search, beside its pages), and the API, which is the
    same in every language and published once, with the default language. ``lines`` keeps
    the search index's lines for the next run (a warm generator's)."""
    files = search.files(search_data.index(ctx, planned), lines)
    default = languages.default().code
    published = api.files(api_data.api_data(ctx.catalog), api_data.tables(ctx))
    files.update({f"{default}/{path}": text for path, text in published.items()})
    return files


@dataclass(frozen=True)
class Written:
    """What a generate run did to docs/: files written anew, and files kept (unchanged)."""

    written: int
    kept: int


def generate(catalog_root: Path, docs: Path, *, jobs: int | None = None) -> list[Problem]:
    """Validate, then replace ``docs`` with freshly generated pages. Returns the problems.

    Nothing is written when the catalog has errors or rendering fails. Files whose bytes did
    not change are carried over from the previous docs/ instead of written (see
    ``write.TreeWriter``); the pages are shared out between processes when there are cores
    for it.
    """
    problems, _ = generate_counted(catalog_root, docs, jobs=jobs)
    return problems


def generate_counted(catalog_root: Path, docs: Path, *, jobs: int | None = None) -> tuple[list[Problem], Written | None]:
    """``generate``, also saying how many files were written and how many kept."""
    with _collect_less():
        catalog, problems = load_valid(catalog_root)
        if catalog is None:
            return problems, None
        planned = page_data.pages_of(catalog)
        write.recover(docs.absolute())
        write.remove_stale(docs)
        with write.fresh_tree(docs) as fresh:
            writer = write.TreeWriter(fresh, docs)
            counts = _render_pages(catalog, planned, fresh, docs.absolute(), jobs or os.cpu_count() or 1,
                                   lambda ctx: [writer.put(rel, text) for rel, text in _data_files(ctx, planned).items()])
        written = Written(writer.written + sum(w for w, _ in counts), writer.kept + sum(k for _, k in counts))
    return problems, written


#: The run's catalog and pages: forked workers read them from the parent's memory (no copying).
_RUN: tuple[Catalog, list[page_data.Planned]] | None = None
#: A worker's own state for the run (its context and renderer, which keep what they made for
#: the next pages), made at its first batch.
_WORKER: tuple[Context, pages.Renderer] | None = None
#: Pages per batch a worker takes: small enough that the workers finish together, large
#: enough that a batch costs far more than handing it out.
_BATCH = 100


def _render_pages(
    catalog: Catalog, planned: list[page_data.Planned], fresh: Path, previous: Path, jobs: int, meanwhile: Callable[[Context], object]
) -> list[tuple[int, int]]:
    """Make and render every page into ``fresh``, in ``jobs`` forked processes that take
    batches of pages as they are free (making a page's data costs as much as rendering it,
    so both are shared out), while this process runs ``meanwhile`` (the whole-catalog files),
    then makes the pages whose data needs pandas: it loads pandas for the CSV tables anyway,
    and loading it costs a worker as much as a few hundred pages. This process makes one
    context for both (each worker makes its own, after forking)."""
    if jobs < 2 or len(planned) < 200 or not parallel.available():
        ctx = Context(catalog)
        meanwhile(ctx)
        return [_render_batch(0, len(planned), str(fresh), str(previous), (ctx, planned))]
    global _RUN
    # A group's pages side by side; kinds with few pages first: those are the pages that list
    # many records (a license's page lists its models), and the many small pages of the big
    # kinds, last, let the workers finish together.
    per_template = Counter(p.template for p in planned)
    groups: dict[str, list[page_data.Planned]] = {}
    for p in sorted(planned, key=lambda p: per_template[p.template]):
        if not p.frames:
            groups.setdefault(p.group, []).append(p)
    theirs = [p for group in groups.values() for p in group]
    _RUN = (catalog, theirs)
    try:
        with parallel.forked(jobs) as pool:
            futures = [pool.submit(_render_batch, start, end, str(fresh), str(previous)) for start, end in _batches(theirs)]
            ctx = Context(catalog)
            meanwhile(ctx)
            ours = _render_batch(0, len(planned), str(fresh), str(previous), (ctx, [p for p in planned if p.frames]))
            return [ours, *(future.result() for future in futures)]
    finally:
        _RUN = None


def _batches(planned: list[page_data.Planned]) -> list[tuple[int, int]]:
    """(start, end) of each batch of ``planned``, in order: about ``_BATCH`` pages, pages that
    share a data file (side by side in ``planned``) in one batch: its data is made once."""
    bounds = []
    start = 0
    for i in range(1, len(planned) + 1):
        if i == len(planned) or (i - start >= _BATCH and planned[i].group != planned[i - 1].group):
            bounds.append((start, i))
            start = i
    return bounds


def _render_batch(start: int, end: int, fresh: str, previous: str, run: tuple[Context, list[page_data.Planned]] | None = None) -> tuple[int, int]:
    """Make, render and write pages ``start:end`` of ``run`` (this process's context and
    pages), or of the run a forked worker was started for (``_RUN``)."""
    global _WORKER
    if run is not None:
        ctx, planned = run
        renderer = pages.Renderer()
    else:
        catalog, planned = _RUN  # type: ignore[misc]
        if _WORKER is None or _WORKER[0].catalog is not catalog:
            _WORKER = (Context(catalog), pages.Renderer())
        ctx, renderer = _WORKER
    writer = write.TreeWriter(Path(fresh), Path(previous))
    for rel, text in pages.render_all((p.make(ctx) for p in planned[start:end]), renderer):
        writer.put(rel, text)
    return writer.written, writer.kept


@contextmanager
def _collect_less() -> Iterator[None]:
    """Python's cyclic garbage collector rescans every live object on each full collection;
    a catalog in memory is hundreds of thousands of objects that live to the end of the run,
    so collections are made rarer while generating (they cost a third of the time)."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*before)
