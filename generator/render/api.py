"""The machine-readable catalog: ``api/catalog.json``, one file per kind, and the schemas."""

from __future__ import annotations

import json
from typing import Any

from generator.schema import jsonschema
from generator.schema.kinds import KINDS

#: The API's format and version, in ``api/catalog.json``.
FORMAT = "model-atlas/1"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def files(data: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """The API's files, by path under docs/, from every record by kind folder."""
    out = {"api/catalog.json": _dump({"format": FORMAT, **data})}
    for kind in KINDS:
        out[f"api/{kind.folder}.json"] = _dump(data[kind.folder])
        out[f"api/schema/{kind.schema_file}"] = jsonschema.render(kind)
    return out
