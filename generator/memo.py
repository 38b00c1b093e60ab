"""Remembering what was computed from an immutable object, for as long as it is in use.

Records are immutable and a warm run (``generator.incremental``) reuses the same record
objects for files that did not change, so what was derived from a record (its coverage
rows, its JSON) can be kept by the object's identity. Each call passes the objects in use
now; entries for the others are dropped, so the memo never outgrows the catalog.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class ByIdentity(Generic[T, R]):
    """``compute(obj)`` for each object, reusing the result while the same object comes back."""

    def __init__(self, compute: Callable[[T], R], key: Callable[[T], object] = lambda obj: obj) -> None:
        self.compute = compute
        self.key = key  # the object whose identity decides (e.g. the record in an (id, record) pair)
        self._kept: dict[int, tuple[object, R]] = {}

    def clear(self) -> None:
        """Forget every result (what they were computed from changed)."""
        self._kept = {}

    def map(self, objects: Iterable[T]) -> list[R]:
        kept: dict[int, tuple[object, R]] = {}
        out = []
        for obj in objects:
            ident = self.key(obj)
            entry = self._kept.get(id(ident))
            if entry is None or entry[0] is not ident:
                entry = (ident, self.compute(obj))
            kept[id(ident)] = entry
            out.append(entry[1])
        self._kept = kept
        return out


Key = tuple[str, str]  # (kind, record id)


class Kept:
    """What a run derived from each record for the pages and files that list every record (a
    row of an index, a search entry, a line of a CSV table), kept for the next run of a warm
    generator (``generator.incremental``).

    A record's row shows only what its own page shows (its names and facts, the license
    verdict along its lineage, its files...), so while a warm run does not remake a record's
    page, the record's rows are the same: ``begin(affected)`` starts a run by dropping what
    was derived from the records whose pages it remakes. A row that also depends on the whole
    catalog (the columns of a table) names that in ``extra``: it is kept only while ``extra``
    is equal. A full run keeps nothing (``keep=False``) or starts from nothing.
    """

    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self._rows: dict[tuple[str, str, str], tuple[object, object]] = {}
        self._same: dict[str, object] = {}

    def same(self, name: str, value: T) -> T:
        """``value``, or the equal value the last run gave under ``name``: an ``extra`` that is
        the very same object for every row compares in no time, an equal copy element by element."""
        if not self.keep:
            return value
        last = self._same.get(name)
        if last is not None and last == value:
            return last  # type: ignore[return-value]
        self._same[name] = value
        return value

    def begin(self, affected: set[Key] | None) -> None:
        """Start a run in which the pages of ``affected`` are remade (None: every page)."""
        if affected is None:
            self._rows = {}
        else:
            self._rows = {key: row for key, row in self._rows.items() if (key[1], key[2]) not in affected}

    def row(self, purpose: str, kind: str, record_id: str, make: Callable[[], R], extra: object = None) -> R:
        """``make()``, the row for ``purpose`` of a record, or the one the last run made."""
        if not self.keep:
            return make()
        key = (purpose, kind, record_id)
        kept = self._rows.get(key)
        if kept is not None and kept[0] == extra:
            return kept[1]  # type: ignore[return-value]
        value = make()
        self._rows[key] = (extra, value)
        return value
