"""Translation coverage: every text of every record, and whether it has its translation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator import languages
from generator.catalog import Catalog
from generator.diagnostics import format_loc
from generator.schema.records import Text


@dataclass(frozen=True)
class Covered:
    """One text field: where it is, and its translation's status (original, translated or missing)."""

    lang: str
    kind: str
    id: str
    field: str
    status: str


def coverage(catalog: Catalog) -> list[Covered]:
    """Every record text of the catalog in every translation language, by language, kind and id."""
    rows: list[Covered] = []
    translations = languages.translations()

    def walk(kind: str, rid: str, value: Any, loc: tuple[str | int, ...]) -> None:
        if isinstance(value, Text):
            for lang in translations:
                status = "missing" if not value.get(lang.code) else (value.source(lang.code) or "original")
                rows.append(Covered(lang.code, kind, rid, format_loc(loc), status))
        elif isinstance(value, BaseModel):  # hasattr(instance, "model_fields") warns (pydantic 2.11)
            for name in type(value).model_fields:
                walk(kind, rid, getattr(value, name), (*loc, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(kind, rid, item, (*loc, i))

    for kind, records in catalog.records.items():
        for rid in sorted(records):
            walk(kind, rid, records[rid].data, ())
    order = {lang.code: i for i, lang in enumerate(translations)}
    return sorted(rows, key=lambda row: order[row.lang])  # stable: kind and id order kept
