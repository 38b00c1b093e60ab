"""JSON Schema files for editors, generated from the pydantic models.

Each record's first line points at its kind's schema, so editors with the YAML language
server complete and check fields while a contributor types. The files are committed and a
test fails (naming the command that refreshes them) when they drift from the models.
"""

from __future__ import annotations

import json
from pathlib import Path
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


def write_all(folder: Path) -> list[Path]:
    """Write every kind's schema into ``folder``; return the files whose content changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for kind in KINDS:
        path = folder / kind.schema_file
        text = render(kind)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale(folder: Path) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    from generator.read.files import read_regular

    out = []
    for kind in KINDS:
        path = folder / kind.schema_file
        expected = render(kind).encode("utf-8")
        try:  # a link or a device in catalog/schema/ is stale, and never read
            current = read_regular(path, len(expected))
        except OSError:
            current = None
        if current != expected:
            out.append(kind.schema_file)
    return out
