"""The machine-readable catalog: ``api/catalog.json``, one file per kind, and the schemas."""

from __future__ import annotations

import json
from typing import Any

from generator.memo import ByIdentity
from generator.schema import jsonschema
from generator.schema.kinds import KINDS

#: The API's format and version, in ``api/catalog.json``.
FORMAT = "model-atlas/1"


def _dump(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


#: A record's JSON text, made once per JSON-ready record (``resolve.api`` keeps those per
#: record object, so a warm run dumps only the records that changed).
_LINES: ByIdentity[dict[str, Any], str] = ByIdentity(_dump)


def _array(lines: list[str], indent: str = "") -> str:
    """A list of records, one per line: diffs show the records that changed, and it is written
    at the speed of the compact encoder (an indented dump of 2,000 models took half a second)."""
    if not lines:
        return "[]"
    return "[\n" + ",\n".join(indent + " " + line for line in lines) + "\n" + indent + "]"


def files(data: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """The API's files, by path under docs/, from every record by kind folder."""
    kinds = sorted(KINDS, key=lambda k: k.folder)
    every = _LINES.map(record for kind in kinds for record in data[kind.folder])
    lines: dict[str, list[str]] = {}
    for kind in kinds:
        lines[kind.folder], every = every[: len(data[kind.folder])], every[len(data[kind.folder]) :]
    body = ",\n".join(f" {json.dumps(kind.folder)}:{_array(lines[kind.folder], ' ')}" for kind in kinds)
    out = {"api/catalog.json": "{\n" + f' "format":{json.dumps(FORMAT)},\n' + body + "\n}\n"}
    for kind in KINDS:
        out[f"api/{kind.folder}.json"] = _array(lines[kind.folder]) + "\n"
        out[f"api/schema/{kind.schema_file}"] = jsonschema.render(kind)
    return out
