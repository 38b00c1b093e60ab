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
