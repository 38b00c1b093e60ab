"""The catalog in memory: every record that passed its own schema, by kind and id.

Built by ``generator.read``, checked by ``generator.check``, turned into page data by
``generator.resolve``. This module only holds the data; it reads and checks nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from generator.diagnostics import Loc, Problem, format_loc
from generator.schema import records
from generator.schema.kinds import KINDS


class Positions(Protocol):
    """Where each field of a record stands in its file (``generator.read.yamlsource.Document``)."""

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]: ...


@dataclass
class Record:
    """A record that passed its own schema: its id, where it came from, and its data."""

    kind: str
    id: str
    shown: str
    data: Any
    doc: Positions

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        """A problem about this record's field ``loc``, located at that field's line."""
        line, col = self.doc.where(loc, key=key)
        return Problem(self.shown, line, col, format_loc(loc), message)


@dataclass
class Catalog:
    """Every valid record, by kind and id."""

    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {k.name: {} for k in KINDS})
    #: Every id that has a file, valid or not: references to invalid records are not dangling.
    known: dict[str, set[str]] = field(default_factory=lambda: {k.name: set() for k in KINDS})
    files: int = 0
    #: The date of the last commit that changed the catalog (``YYYY-MM-DD``), when it is in git.
    last_change: str | None = None
    #: ``of()`` results: pages read ``catalog.models[...]`` per table row, so rebuilding the
    #: sorted dict on each access made rendering quadratic. Records are only ever added (by
    #: ``load``), so a count that still matches means the cached dict is current.
    _of: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)

    def of(self, kind: str) -> dict[str, Any]:
        """The data of every record of ``kind``, by id, in id order."""
        records = self.records[kind]
        cached = self._of.get(kind)
        if cached is None or len(cached) != len(records):
            cached = self._of[kind] = {rid: rec.data for rid, rec in sorted(records.items())}
        return cached

    @property
    def models(self) -> dict[str, records.Model]:
        return self.of("model")

    @property
    def quants(self) -> dict[str, Any]:
        return self.of("quant")

    @property
    def datasets(self) -> dict[str, records.Dataset]:
        return self.of("dataset")

    @property
    def licenses(self) -> dict[str, records.License]:
        return self.of("license")

    @property
    def benchmarks(self) -> dict[str, records.Benchmark]:
        return self.of("benchmark")

    @property
    def prompt_formats(self) -> dict[str, records.PromptFormat]:
        return self.of("prompt-format")
