"""A warm generator, as a preview server keeps one: after an edit it reads only the files
that changed and rebuilds only the pages that can show what changed.

The first run is a full one. Later runs re-read files whose size, times or inode changed
(``read.read`` with a cache), check the whole catalog (cheap), then work out which records
changed and which pages can show them: the changed records' own pages, the pages of every
record they name or that names them, of their whole lineage (diagrams show every relative),
the repositories of those models and the models of those repositories, what that lineage
names (its licenses are inherited), and the pages that list records (home, indexes,
comparisons, coverage). Those pages get their data again; a listing is made from each
record's rows, and the rows of a record whose own page is not remade are the last run's
(``memo.Kept``: a row shows only what the record's page shows). A page whose data is equal
to the last run's is not rendered again. The first run replaces
docs/ as a full run does (a fresh tree swapped in); later runs write the files whose bytes
changed in place, each through a temporary file and a rename, and remove the pages of
removed records: the rest of docs/ is not touched, so a watching builder (``make serve``)
sees only what changed.

The result is the same bytes a full run writes: a test holds the two equal.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import check, languages, read, write
from generator.catalog import Catalog
from generator.diagnostics import Problem, sort_problems
from generator.memo import Kept
from generator.pipeline import _collect_less, _data_files
from generator.read.records import ReadCache
from generator.render import pages, search, tools
from generator.resolve import pages as page_data
from generator.resolve.context import Context

Key = tuple[str, str]  # (kind, id)


@dataclass(frozen=True)
class Report:
    """What a run did."""

    full: bool  # a first (full) run
    changed_records: int
    pages_resolved: int
    pages_rendered: int  # pages whose data changed, rendered in every language
    files_written: int
    seconds: float


@dataclass
class Session:
    """The generator's state between runs over one catalog and one docs/ folder."""

    catalog_root: Path
    docs: Path
    _files: ReadCache = field(default_factory=dict)
    _catalog: Catalog | None = None
    _pages: dict[str, page_data.Page] = field(default_factory=dict)  # by docs path
    _outputs: dict[str, str] = field(default_factory=dict)  # every file of docs/, by path
    #: Kept between runs: it keeps each value's HTML, and most values do not change.
    _renderer: pages.Renderer = field(default_factory=pages.Renderer)
    _search_lines: search.Lines = field(default_factory=dict)  # likewise each search entry's line
    _kept: Kept = field(default_factory=Kept)  # each record's rows in the listings and data files
    _links: Links | None = None  # the last catalog's links between records

    def run(self) -> tuple[list[Problem], Report | None]:
        """Bring docs/ up to date with the catalog; nothing is written when it has errors."""
        start = time.perf_counter()
        with _collect_less():
            catalog, problems = read.read(self.catalog_root, cache=self._files)
            problems = sort_problems([*problems, *check.check(catalog)])
            if any(p.severity == "error" for p in problems):
                return problems, None
            report = self._full(catalog, start) if self._catalog is None else self._update(catalog, start)
            self._catalog = catalog
        return problems, report

    def _full(self, catalog: Catalog, start: float) -> Report:
        self._kept.begin(None)
        ctx = Context(catalog, self._kept)
        plan = page_data.plan(catalog, ctx)
        self._pages = {page.path: page for page in plan}
        self._outputs = dict(pages.render_all(plan, self._renderer))
        self._outputs.update(_data_files(ctx, plan, self._search_lines))
        written = self._replace()
        self._links = Links.of(catalog)  # for the next run's comparison
        return Report(True, sum(len(r) for r in catalog.records.values()), len(plan), len(plan), written, time.perf_counter() - start)

    def _update(self, catalog: Catalog, start: float) -> Report:
        old = self._catalog
        assert old is not None
        before = Links.of(old, self._links)
        records = _records(catalog)
        changed = _changed(before.records, records)
        links = self._links = before.updated(catalog, records, changed)
        if not changed:
            return Report(False, 0, 0, 0, 0, time.perf_counter() - start)
        affected = _affected(changed, before, links)
        self._kept.begin(affected)
        ctx = Context(catalog, self._kept)
        fresh = page_data.listing_pages(ctx)
        for kind, record_id in sorted(affected):
            if record_id in catalog.records[kind]:
                fresh.append(page_data.record_page(ctx, kind, record_id))
        gone = {page_data.record_path(kind, rid) for kind, rid in changed if rid not in catalog.records[kind]}
        touched: set[str] = set()
        renderer = self._renderer
        rendered = 0
        for page in fresh:
            before = self._pages.get(page.path)
            if before == page:
                continue
            self._pages[page.path] = page
            rendered += 1
            for lang in languages.codes():
                rel = f"{lang}/{page.path}"
                self._outputs[rel] = renderer.render(page, lang)
                touched.add(rel)
                if page.script is not None and (before is None or before.script != page.script):
                    script = f"{lang}/{page.script.path}"  # pages sharing a data file write it alike
                    self._outputs[script] = tools.script(page.script, lang)
                    touched.add(script)
        removed = set()
        for path in gone:
            self._pages.pop(path, None)
            for lang in languages.codes():
                if self._outputs.pop(f"{lang}/{path}", None) is not None:
                    removed.add(f"{lang}/{path}")
        data = _data_files(ctx, list(self._pages.values()), self._search_lines)
        touched |= {rel for rel, text in data.items() if self._outputs.get(rel) != text}
        self._outputs.update(data)
        written = write.update_in_place(self.docs.absolute(), {rel: self._outputs[rel] for rel in touched}, removed)
        return Report(False, len(changed), len(fresh), rendered, written, time.perf_counter() - start)

    def _replace(self) -> int:
        """Replace docs/ with the outputs, as a full run does (files whose bytes did not change
        are carried over from the previous docs/ by a hard link)."""
        docs = self.docs.absolute()
        write.recover(docs)
        write.remove_stale(docs)
        with write.fresh_tree(docs) as fresh:
            writer = write.TreeWriter(fresh, docs)
            for rel in sorted(self._outputs):
                writer.put(rel, self._outputs[rel])
        return writer.written


def _records(catalog: Catalog) -> dict[Key, Any]:
    return {(kind, rid): rec.data for kind, recs in catalog.records.items() for rid, rec in recs.items()}


def _changed(before: dict[Key, Any], after: dict[Key, Any]) -> set[Key]:
    """Records added, removed or read again (a re-read record is a new object)."""
    return {key for key in before.keys() | after.keys() if before.get(key) is not after.get(key)}


def _names(kind: str, data: Any) -> Iterator[Key]:
    """The records a record names."""
    license_id = getattr(data, "license", None)
    if license_id:
        yield ("license", license_id)
    prompt = getattr(data, "prompt_format", None)
    if prompt:
        yield ("prompt-format", prompt)
    if kind == "model":
        for base in data.base_models:
            yield ("model", base.id)
        for dataset in data.datasets:
            yield ("dataset", dataset)
        for score in data.scores:
            yield ("benchmark", score.benchmark)
    elif kind == "quant":
        yield ("model", data.model)
        for entry in data.files:
            calibration = getattr(entry, "calibration_dataset", None)
            if calibration:
                yield ("dataset", calibration)


@dataclass(frozen=True)
class Links:
    """Which records each record of one catalog names, the other way round."""

    catalog: Catalog
    records: dict[Key, Any]
    named_by: dict[Key, set[Key]]

    @classmethod
    def of(cls, catalog: Catalog, last: Links | None = None) -> Links:
        """The links of ``catalog`` (``last`` when it was made for the same catalog)."""
        if last is not None and last.catalog is catalog:
            return last
        records = _records(catalog)
        named_by: dict[Key, set[Key]] = {}
        for key, data in records.items():
            for target in _names(key[0], data):
                named_by.setdefault(target, set()).add(key)
        return cls(catalog, records, named_by)

    def updated(self, catalog: Catalog, records: dict[Key, Any], changed: set[Key]) -> Links:
        """The links of ``catalog`` (whose records are ``records``), which differs from this
        one's catalog in the records ``changed``: only their links are worked out again."""
        named_by = dict(self.named_by)  # its sets are this Links' too: replaced, never changed
        for key in changed:
            if key in self.records:
                for target in _names(key[0], self.records[key]):
                    named_by[target] = named_by.get(target, set()) - {key}
            if key in records:
                for target in _names(key[0], records[key]):
                    named_by[target] = named_by.get(target, set()) | {key}
        return Links(catalog, records, {target: keys for target, keys in named_by.items() if keys})


def _affected(changed: set[Key], old: Links, new: Links) -> set[Key]:
    """The records whose pages can show something of ``changed`` (before or after)."""
    affected = set(changed)
    for links in (old, new):
        catalog, records, named_by = links.catalog, links.records, links.named_by
        for key in changed:
            if key in records:
                affected.update(_names(key[0], records[key]))
            affected.update(named_by.get(key, ()))
        # Lineage diagrams show every relative; repository pages show their model.
        models = {rid for kind, rid in affected if kind == "model"}
        models |= {records[k].model for k in affected if k[0] == "quant" and k in records}
        family = _lineage(models, catalog)
        affected.update(("model", m) for m in family)
        affected.update(("quant", q) for q, data in catalog.quants.items() if data.model in family)
        # Licenses along a lineage are inherited: their pages list the models that inherit them.
        for m in family:
            if m in catalog.models:
                affected.update(_names("model", catalog.models[m]))
    return affected


def _lineage(models: set[str], catalog: Catalog) -> set[str]:
    """``models`` with all their ancestors and descendants."""
    up = {mid: [b.id for b in m.base_models] for mid, m in catalog.models.items()}
    down: dict[str, list[str]] = {}
    for child, bases in up.items():
        for base in bases:
            down.setdefault(base, []).append(child)
    found = set(models)
    for links in (up, down):
        frontier = list(models)
        while frontier:
            nxt = [other for node in frontier for other in links.get(node, []) if other not in found]
            found.update(nxt)
            frontier = nxt
    return found
