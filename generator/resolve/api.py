"""The data of the machine-readable API: every record as JSON-ready data, by kind, and the
flat tables (CSV) for analysis."""

from __future__ import annotations

from typing import Any

from generator.catalog import Catalog
from generator.memo import ByIdentity
from generator.resolve import frames
from generator.resolve.context import Context
from generator.schema.kinds import KINDS


def _as_json(entry: tuple[str, Any]) -> dict[str, Any]:
    record_id, data = entry
    item = {"id": record_id}
    item.update(data.model_dump(mode="json", exclude_none=True))
    return item


#: Each record's JSON-ready data, made once per record object (a warm run keeps unchanged ones).
_JSON: dict[str, ByIdentity[tuple[str, Any], dict[str, Any]]] = {
    kind.name: ByIdentity(_as_json, key=lambda entry: entry[1]) for kind in KINDS
}


def records_of(catalog: Catalog, kind: str) -> list[dict[str, Any]]:
    """Every record of ``kind`` as JSON-ready data with its id, in id order (sizes in bytes)."""
    return _JSON[kind].map(catalog.of(kind).items())


def api_data(catalog: Catalog) -> dict[str, list[dict[str, Any]]]:
    """Every record by kind folder ('models', 'quants', ...), in kind order."""
    return {kind.folder: records_of(catalog, kind.name) for kind in KINDS}


def tables(ctx: Context) -> dict[str, str]:
    """The CSV downloads by name ('models', 'files', 'scores')."""
    return frames.csv_files(ctx)
