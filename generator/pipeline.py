"""The one-way pipeline: read -> check -> resolve -> render -> write.

``load`` reads and checks; ``generate`` renders every page and data file and replaces
docs/ atomically. Nothing is written when the catalog has errors or rendering fails, so
the last good docs/ stays untouched.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
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
    """Every generated file (pages, search index and data files in each language, the JSON
    export and the CSV tables), by path under docs/."""
    planned = page_data.plan(catalog)
    files = dict(pages.render_all(planned))
    files.update(_data_files(catalog, planned))
    return files


def _data_files(catalog: Catalog, planned: Sequence[page_data.Page], lines: search.Lines | None = None) -> dict[str, str]:
    """The files made from the whole catalog rather than one page: each language's search
    index and strings (the site's own search, beside its pages), and the API, which is the
    same in every language and published once, with the default language. ``lines`` keeps
    the search index's lines for the next run (a warm generator's)."""
    files = search.files(search_data.index(catalog, planned), lines)
    default = languages.default().code
    published = api.files(api_data.api_data(catalog), api_data.tables(catalog))
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
    ``write.TreeWriter``); each language is rendered in a process of its own when there are
    cores for it.
    """
    problems, _ = generate_counted(catalog_root, docs, jobs=jobs)
    return problems


def generate_counted(catalog_root: Path, docs: Path, *, jobs: int | None = None) -> tuple[list[Problem], Written | None]:
    """``generate``, also saying how many files were written and how many kept."""
    with _collect_less():
        catalog, problems = load_valid(catalog_root)
        if catalog is None:
            return problems, None
        plan = page_data.plan(catalog)
        write.recover(docs.absolute())
        write.remove_stale(docs)
        with write.fresh_tree(docs) as fresh:
            writer = write.TreeWriter(fresh, docs)
            for rel, text in _data_files(catalog, plan).items():
                writer.put(rel, text)
            counts = _render_languages(plan, fresh, docs.absolute(), jobs or os.cpu_count() or 1)
        written = Written(writer.written + sum(w for w, _ in counts), writer.kept + sum(k for _, k in counts))
    return problems, written


#: The plan being rendered: forked workers read it from the parent's memory (no copying).
_PLAN: list[page_data.Page] = []


def _render_languages(plan: list[page_data.Page], fresh: Path, previous: Path, jobs: int) -> list[tuple[int, int]]:
    codes = languages.codes()
    if jobs < 2 or len(plan) < 200 or "fork" not in multiprocessing.get_all_start_methods():
        return [_render_language(code, str(fresh), str(previous), plan) for code in codes]
    global _PLAN
    _PLAN = plan
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(jobs, len(codes)), mp_context=context, initializer=_die_with_parent) as pool:
            futures = [pool.submit(_render_language, code, str(fresh), str(previous)) for code in codes]
            return [future.result() for future in futures]
    finally:
        _PLAN = []


def _die_with_parent() -> None:
    """A worker ends when the run that started it ends, even by SIGKILL: left running, it
    would go on writing into a tree that the next run removes."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the worker's next write fails instead
        pass
    if os.getppid() == 1:
        os._exit(1)


def _render_language(code: str, fresh: str, previous: str, plan: list[page_data.Page] | None = None) -> tuple[int, int]:
    writer = write.TreeWriter(Path(fresh), Path(previous))
    for rel, text in pages.render_language(plan if plan is not None else _PLAN, code):
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
