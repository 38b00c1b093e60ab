"""JSON Schema files for editors, generated from the pydantic models.

Each record's first line points at its kind's schema, so editors with the YAML language
server complete and check fields while a contributor types. The files are committed and a
test fails (naming the command that refreshes them) when they drift from the models.
"""

from __future__ import annotations

import json
from typing import Any

from generator.schema.kinds import KINDS, Kind

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of one record kind."""
    body = kind.adapter.json_schema(mode="validation")
    doc: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"https://model-atlas.invalid/schema/{kind.schema_file}",
        "title": f"Model Atlas {kind.name} record",
    }
    doc.update(body)
    if "description" not in doc:
        doc["description"] = (
            f"A {kind.name} record: one YAML file under catalog/{kind.folder}/; its id is its path."
        )
    return doc


def render(kind: Kind) -> str:
    """The schema file's exact text (sorted keys, so output is stable)."""
    return json.dumps(schema_for(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def files() -> dict[str, str]:
    """Every kind's schema file: its name and exact text."""
    return {kind.schema_file: render(kind) for kind in KINDS}
