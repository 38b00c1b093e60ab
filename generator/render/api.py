"""The machine-readable catalog under ``api/``: JSON, its JSON Schema, and CSV.

- ``api/catalog.json``: every record by kind, with the format version (``FORMAT``);
  ``api/<kind>.json``: one kind's records (the same items), one record per line.
- ``api/schema/``: the JSON Schema of each of those files as published: records with their
  ``id``, sizes in bytes and parameter counts as integers (the record schemas contributors
  write against, with sizes as text, are ``catalog/schema/``).
- ``api/models.csv``, ``api/files.csv``, ``api/scores.csv``: flat tables for analysis
  (``generator.resolve.frames``).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from generator.memo import ByIdentity
from generator.schema.jsonschema import SCHEMA_DIALECT
from generator.schema.kinds import KINDS, Kind

#: The API's format and version, in ``api/catalog.json`` and its schemas.
FORMAT = "model-atlas/2"
_SCHEMA_ID = "https://model-atlas.invalid/api/schema/"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _line(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


#: A record's JSON text, made once per JSON-ready record (``resolve.api`` keeps those per
#: record object, so a warm run dumps only the records that changed).
_LINES: ByIdentity[dict[str, Any], str] = ByIdentity(_line)


def _array(lines: list[str], indent: str = "") -> str:
    """A list of records, one per line: diffs show the records that changed, and it is written
    at the speed of the compact encoder (an indented dump of 2,000 models took half a second)."""
    if not lines:
        return "[]"
    return "[\n" + ",\n".join(indent + " " + line for line in lines) + "\n" + indent + "]"


def files(data: dict[str, list[dict[str, Any]]], csv: dict[str, str]) -> dict[str, str]:
    """The API's files, by path under docs/, from every record by kind folder and the CSV tables."""
    kinds = sorted(KINDS, key=lambda k: k.folder)
    every = _LINES.map(record for kind in kinds for record in data[kind.folder])
    lines: dict[str, list[str]] = {}
    for kind in kinds:
        lines[kind.folder], every = every[: len(data[kind.folder])], every[len(data[kind.folder]) :]
    body = ",\n".join(f" {json.dumps(kind.folder)}:{_array(lines[kind.folder], ' ')}" for kind in kinds)
    out = {"api/catalog.json": "{\n" + f' "format":{json.dumps(FORMAT)},\n' + body + "\n}\n"}
    for kind in KINDS:
        out[f"api/{kind.folder}.json"] = _array(lines[kind.folder]) + "\n"
    out.update(_schema_files())
    out.update({f"api/{name}.csv": text for name, text in csv.items()})
    return out


@cache
def _schema_files() -> dict[str, str]:
    return {f"api/schema/{name}": _dump(schema) for name, schema in schemas().items()}


# --- the schemas of the files as published --------------------------------------------------


def _item(kind: Kind) -> tuple[dict[str, Any], dict[str, Any]]:
    """One published record of ``kind``: its schema and the definitions it refers to.

    The record's own schema in serialization mode (what ``model_dump`` gives: sizes in bytes),
    with the ``id`` the export adds; a kind with one class per format (quants) adds it to each.
    """
    schema = kind.adapter.json_schema(mode="serialization", ref_template="#/$defs/{model}")
    defs = schema.pop("$defs", {})
    objects = [schema] if "properties" in schema else [defs[ref["$ref"].rsplit("/", 1)[1]] for ref in schema["oneOf"]]
    for obj in objects:
        obj["properties"] = {"id": {"type": "string", "description": f"The record's id: its path under catalog/{kind.folder}/."}, **obj["properties"]}
        obj["required"] = ["id", *obj.get("required", [])]
    schema.setdefault("title", f"A {kind.name} record")
    return schema, defs


def _merge(into: dict[str, Any], defs: dict[str, Any]) -> None:
    for name, definition in defs.items():
        if into.setdefault(name, definition) != definition:
            raise ValueError(f"two kinds define {name!r} differently; the catalog schema cannot hold both")


def schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every published JSON file, by file name under ``api/schema/``."""
    out: dict[str, dict[str, Any]] = {}
    all_defs: dict[str, Any] = {}
    items: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        item, defs = _item(kind)
        _merge(all_defs, defs)
        items[kind.folder] = item
        out[f"{kind.folder}.schema.json"] = {
            "$schema": SCHEMA_DIALECT,
            "$id": f"{_SCHEMA_ID}{kind.folder}.schema.json",
            "title": f"Model Atlas API ({FORMAT}): api/{kind.folder}.json",
            "description": f"Every {kind.name} record of the catalog, in id order, as published in API format {FORMAT}.",
            "type": "array",
            "items": item,
            "$defs": defs,
        }
    for folder, item in items.items():
        all_defs[f"{folder}-item"] = item
    out["catalog.schema.json"] = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{_SCHEMA_ID}catalog.schema.json",
        "title": f"Model Atlas API ({FORMAT}): api/catalog.json",
        "description": "Every record of the catalog by kind, each kind in id order; 'format' names the API format and version.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", *items],
        "properties": {
            "format": {"const": FORMAT, "description": "The API format and its version."},
            **{folder: {"type": "array", "items": {"$ref": f"#/$defs/{folder}-item"}} for folder in items},
        },
        "$defs": all_defs,
    }
    return out
