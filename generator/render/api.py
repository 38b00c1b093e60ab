"""The machine-readable catalog: ``api/catalog.json``, one file per kind, and the schemas."""

from __future__ import annotations

import json
from typing import Any

from generator.catalog import Catalog
from generator.schema import jsonschema
from generator.schema.kinds import KINDS


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def records_of(catalog: Catalog, kind: str) -> list[dict[str, Any]]:
    """Every record of ``kind`` as JSON-ready data with its id, in id order (sizes in bytes)."""
    out = []
    for record_id, data in catalog.of(kind).items():
        item = {"id": record_id}
        item.update(data.model_dump(mode="json", exclude_none=True))
        out.append(item)
    return out


def files(catalog: Catalog) -> dict[str, str]:
    """The export's files, by path under docs/."""
    everything = {kind.folder: records_of(catalog, kind.name) for kind in KINDS}
    out = {"api/catalog.json": _dump({"format": "model-atlas/1", **everything})}
    for kind in KINDS:
        out[f"api/{kind.folder}.json"] = _dump(everything[kind.folder])
        out[f"api/schema/{kind.schema_file}"] = jsonschema.render(kind)
    return out
