"""Catalog record YAML from imported facts: schema comment first, fields in schema order.

A required field the card does not state is written as ``field:  # TODO: ...`` (an empty
value the validator reports at that line), never filled with a guess. ``problems`` runs
the kind's pydantic model over the stated fields, so a draft that would not validate says
so before anyone writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import ValidationError

from generator.diagnostics import format_loc
from generator.schema import quants
from generator.schema import records as schema
from generator.schema.kinds import BY_NAME

_MODELS = {
    "model": schema.Model,
    "dataset": schema.Dataset,
    "license": schema.License,
    "benchmark": schema.Benchmark,
    "prompt-format": schema.PromptFormat,
}


def model_class(kind: str, data: dict[str, Any]) -> type[schema.Strict]:
    if kind == "quant":
        return quants.BY_FORMAT.get(str(data.get("format")), quants.FORMATS[0]).repo
    return _MODELS[kind]


def field_order(kind: str, data: dict[str, Any]) -> list[str]:
    """The schema's field order, with a quant's ``format`` second and ``sources`` last."""
    fields = list(model_class(kind, data).model_fields)
    if kind == "quant":
        fields.remove("format")
        fields.insert(1, "format")
    if "sources" in fields:
        fields.remove("sources")
        fields.append("sources")
    return fields


def ordered(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without empty values, in ``field_order``."""
    return {k: data[k] for k in field_order(kind, data) if k in data and data[k] not in (None, [], {}, "")}


def missing_required(kind: str, data: dict[str, Any]) -> list[str]:
    cls = model_class(kind, data)
    return [name for name, info in cls.model_fields.items() if info.is_required() and name not in data]


def problems(kind: str, data: dict[str, Any]) -> list[str]:
    """What the validator would say about the stated fields (missing ones aside)."""
    try:
        BY_NAME[kind].adapter.validate_python(data)
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):
            loc = tuple(p for p in err["loc"] if p not in quants.BY_FORMAT)
            if err["type"] == "missing" and len(loc) == 1:
                continue
            out.append(f"{format_loc(loc)}: {err['msg']}")
        return out
    return []


# --- YAML ---------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: dict[str, Any]) -> str:
    if not data:
        return ""
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096, indent=2
    )


def render(
    kind: str, record_id: str, data: dict[str, Any], *, header: list[str], todo: dict[str, str] | None = None
) -> str:
    """The record's text: schema line, ``# header`` lines, then the fields (TODO lines in place)."""
    body = ordered(kind, data)
    todo = dict(todo or {})
    for name in missing_required(kind, body):
        todo.setdefault(name, "the card does not say; fill in from the sources")
    fields = field_order(kind, data)
    depth = record_id.count("/") + 1
    lines = [BY_NAME[kind].schema_line(depth)]
    lines += [f"# {h}" if h else "#" for h in header]
    for name in fields:
        if name in body:
            lines.append(dump({name: body[name]}).rstrip("\n"))
        elif name in todo:
            lines.append(f"{name}:  # TODO: {todo[name]}")
    return "\n".join(lines) + "\n"


@dataclass
class Record:
    """A drafted record: its kind, id, YAML text, role and the data it was written from."""

    kind: str
    id: str
    text: str
    role: str  # "card": the card's own repo; "draft": facts from the card; "skeleton": to fill in
    data: dict[str, Any] = field(default_factory=dict)
