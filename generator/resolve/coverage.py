"""Translation coverage: every text of every record, and whether it has its translation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator import languages
from generator.catalog import Catalog
from generator.diagnostics import format_loc
from generator.memo import ByIdentity
from generator.schema.records import Text


@dataclass(frozen=True)
class Covered:
    """One text field: where it is, and its translation's status (original, translated or missing)."""

    lang: str
    kind: str
    id: str
    field: str
    status: str


def _texts(data: Any) -> list[tuple[str, Text]]:
    """Every record text of a record, with its field path."""
    found: list[tuple[str, Text]] = []

    def walk(value: Any, loc: tuple[str | int, ...]) -> None:
        if isinstance(value, Text):
            found.append((format_loc(loc), value))
        elif isinstance(value, BaseModel):  # hasattr(instance, "model_fields") warns (pydantic 2.11)
            for name in type(value).model_fields:
                walk(getattr(value, name), (*loc, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*loc, i))

    walk(data, ())
    return found


#: A record's texts, found once per record object (a warm run keeps unchanged records).
_TEXTS: ByIdentity[Any, list[tuple[str, Text]]] = ByIdentity(_texts)


def coverage(catalog: Catalog) -> list[Covered]:
    """Every record text of the catalog in every translation language, by language, kind and id."""
    translations = languages.translations()
    ordered = [(kind, rid, records[rid].data) for kind, records in catalog.records.items() for rid in sorted(records)]
    rows: list[Covered] = []
    for lang in translations:
        code = lang.code
        for (kind, rid, _), texts in zip(ordered, _TEXTS.map(data for _, _, data in ordered), strict=True):
            for field, value in texts:
                status = "missing" if not value.get(code) else (value.source(code) or "original")
                rows.append(Covered(code, kind, rid, field, status))
    return rows
