"""Translation coverage: every text of every record, and whether it has its translation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator.catalog import Catalog
from generator.diagnostics import format_loc
from generator.schema.records import Text


@dataclass(frozen=True)
class Covered:
    """One text field: where it is, and its translation's status (original, translated or missing)."""

    kind: str
    id: str
    field: str
    status: str


def coverage(catalog: Catalog) -> list[Covered]:
    """Every bilingual text of the catalog, in kind and id order."""
    rows: list[Covered] = []

    def walk(kind: str, rid: str, value: Any, loc: tuple[str | int, ...]) -> None:
        if isinstance(value, Text):
            status = "missing" if not value.zh else (value.zh_source or "original")
            rows.append(Covered(kind, rid, format_loc(loc), status))
        elif isinstance(value, BaseModel):  # hasattr(instance, "model_fields") warns (pydantic 2.11)
            for name in type(value).model_fields:
                walk(kind, rid, getattr(value, name), (*loc, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(kind, rid, item, (*loc, i))

    for kind, records in catalog.records.items():
        for rid in sorted(records):
            walk(kind, rid, records[rid].data, ())
    return rows
