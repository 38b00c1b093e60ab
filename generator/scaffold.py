"""New record skeletons: ``python -m generator new KIND ID`` writes one where it belongs.

A skeleton has the schema comment on its first line, then every field of the kind with a
comment saying what it means. The comments come from the JSON Schema of the kind (itself
generated from the pydantic ``Field`` descriptions in ``schema/records.py``), so they cannot
drift from the rules the validator applies.

Placeholders follow one rule, which the tests hold the skeletons to:

* a value that follows from the id alone is filled in and valid (the Hugging Face page of a
  model, quant or dataset, and that page as the first source; a quant's ``format``);
* every other required value is left empty and its line ends in ``# TODO: ...``. An empty
  value is an error for the validator, so a skeleton fails exactly at its TODO lines until
  a contributor fills them from the sources;
* optional fields are commented out: uncomment one only when a source states its value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator import write
from generator.read import discover
from generator.schema import jsonschema, quants
from generator.schema import records as schema
from generator.schema.kinds import BY_NAME, Kind

TODO = "# TODO"



#: Meanings of the few fields whose schema carries no description of their own, by field
#: name or ``Owner.field`` (a test keeps this complete; better still, give the field a
#: ``description`` in ``schema/records.py``, which then takes precedence).
_UNDESCRIBED = {
    "name": "Display name, as the source writes it.",
    "format": "File format of the repository.",
    "bits": "Bits per weight as the source states it.",
    "client": "Program or library name, e.g. 'llama.cpp'.",
    "title": "What the page is, e.g. 'Model card'.",
    "min": "The lowest possible value.",
    "max": "The highest possible value.",
    "higher_is_better": "true when a higher value is better, false when lower is.",
    "id": "Category id: lower-case letters, digits, '.', '-' or '+'.",
    "Benchmark.description": "What the benchmark measures and how it is scored.",
    "Dataset.description": "What the dataset holds and how it was made.",
    "Category.name": "The category's name.",
    "files": "The files, one entry each.",
    "note": "More the source says about this entry.",
    "notes": "Longer description.",
    "license_notes": "What the source says beyond the license id.",
}


class ScaffoldError(ValueError):
    """The skeleton cannot be made or written; the message says why and what to do."""


@dataclass(frozen=True)
class _Field:
    name: str
    spec: dict[str, Any]  # the property's JSON Schema, with $ref and Optional resolved
    description: str
    required: bool


def kind_of(name: str) -> Kind:
    try:
        return BY_NAME[name]
    except KeyError:
        raise ScaffoldError(f"unknown kind {name!r}; expected one of: {', '.join(BY_NAME)}") from None


def check_id(kind: Kind, record_id: str) -> None:
    """Refuse an id the validator would refuse for a file at that path, with its reason."""
    parts = [kind.folder, *record_id.split("/")]
    parts[-1] += ".yaml"
    depth = len(parts) - 1
    if depth not in kind.depths:
        shapes = {1: "'name'", 2: "'org/name'"}
        expected = " or ".join(shapes[d] for d in kind.depths)
        raise ScaffoldError(f"{record_id!r} is not a {kind.name} id: expected {expected}")
    # The same check discovery applies to files on disk, so ``new`` and ``validate`` agree.
    problem = discover.path_problem(kind, tuple(parts))
    if problem is not None:
        reason = problem.message.replace(f"the path gives the id {record_id!r}, which is", "it is")
        raise ScaffoldError(f"cannot use {record_id!r}: {reason}")


def quant_format(record_id: str, given: str | None) -> str:
    """The format for a quant: the one given, else the one its name's suffix announces."""
    if given is not None:
        if given not in quants.BY_FORMAT:
            raise ScaffoldError(f"{given!r} is not a quant format; expected one of: {', '.join(quants.QUANT_FORMATS)}")
        return given
    announced = quants.format_of(record_id)
    if announced is not None:
        return announced.name
    formats = ", ".join(quants.QUANT_FORMATS)
    raise ScaffoldError(f"cannot tell the format of {record_id!r} from its name; pass --format with one of: {formats}")


def record_path(catalog: Path, kind: Kind, record_id: str) -> Path:
    """Where the record ``record_id`` of ``kind`` lives under the catalog folder."""
    return catalog / kind.folder / f"{record_id}.yaml"


def skeleton(kind_name: str, record_id: str, *, fmt: str | None = None) -> str:
    """The text of a new record: schema line, header, then every field with its meaning.

    Raises :class:`ScaffoldError` for an unknown kind, a bad id, or (quants) an unknown format.
    """
    kind = kind_of(kind_name)
    check_id(kind, record_id)
    if kind.name != "quant" and fmt is not None:
        raise ScaffoldError(f"--format applies to quants only, not to a {kind.name}")
    doc = jsonschema.schema_for(kind)
    defs = doc.get("$defs", {})
    prefill = _prefill(kind, record_id)
    if kind.name == "quant":
        fmt = quant_format(record_id, fmt)
        root = _resolve(doc, defs)
        mapping = root.get("discriminator", {}).get("mapping", {})
        root = _resolve({"$ref": mapping[fmt]}, defs)
        prefill["format"] = fmt
    else:
        root = _resolve(doc, defs)
    depth = record_id.count("/") + 1
    lines = [kind.schema_line(depth)]
    lines += _header(kind, record_id, root, fmt)
    fields = _fields(root, defs)
    # The quant discriminator first (it decides which fields follow), the sources last.
    fields.sort(key=lambda f: (f.name != "format", f.name == "sources"))
    for fld in fields:
        lines += _field_lines(fld, defs, indent=0, prefill=prefill.get(fld.name))
    return "\n".join(lines) + "\n"


def write_new(catalog: Path, kind_name: str, record_id: str, *, fmt: str | None = None, force: bool = False) -> Path:
    """Write the skeleton of ``record_id`` under ``catalog``; return its path.

    Refuses to overwrite an existing record unless ``force``, and always refuses an id that
    differs only by case from an existing one (the validator refuses such pairs).
    """
    kind = kind_of(kind_name)
    text = skeleton(kind_name, record_id, fmt=fmt)
    path = record_path(catalog, kind, record_id)
    if path.exists() and not force:
        raise ScaffoldError(f"{path} already exists; edit it, or pass --force to replace it with a new skeleton")
    if not path.exists():
        entries, _ = discover.discover(catalog)
        for entry in entries:
            if entry.kind is kind and entry.id.lower() == record_id.lower() and entry.id != record_id:
                raise ScaffoldError(
                    f"{entry.shown} already holds {entry.id!r}, which differs only by case from {record_id!r}"
                )
    write.write_file(path, text)
    return path


def todo_lines(text: str) -> list[int]:
    """1-based numbers of the lines of a skeleton still holding a TODO placeholder."""
    return [n for n, line in enumerate(text.splitlines(), 1) if _is_todo(line)]


def _is_todo(line: str) -> bool:
    stripped = line.lstrip()
    return not stripped.startswith("#") and f"  {TODO}" in line


# --- what the id tells -------------------------------------------------------------------


def _prefill(kind: Kind, record_id: str) -> dict[str, Any]:
    if kind.name in ("model", "quant"):
        url, title = f"https://huggingface.co/{record_id}", "Model card"
    elif kind.name == "dataset":
        url, title = f"https://huggingface.co/datasets/{record_id}", "Dataset card"
    else:
        return {}
    return {"url": url, "sources": [{"url": url, "title": title}]}


# --- reading the JSON Schema -------------------------------------------------------------


def _resolve(spec: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """Follow $ref and drop the ``null`` of an Optional, keeping the outer description."""
    seen = 0
    while True:
        seen += 1
        if seen > 20:  # pragma: no cover - the schemas have no such cycles
            raise AssertionError("reference cycle in the JSON Schema")
        if "$ref" in spec:
            target = defs[spec["$ref"].rsplit("/", 1)[-1]]
            spec = {**target, **{k: v for k, v in spec.items() if k != "$ref"}}
            continue
        options = [o for o in spec.get("anyOf", ()) if o.get("type") != "null"]
        if len(options) == 1 and "anyOf" in spec:
            outer = {k: v for k, v in spec.items() if k not in ("anyOf", "default")}
            inner = options[0]
            spec = {**inner, **outer} if "description" in outer else {**outer, **inner}
            continue
        return spec


def _describe(owner: str, name: str, raw: dict[str, Any], resolved: dict[str, Any], defs: dict[str, Any]) -> str:
    """The field's own description; else this module's word for it; else its type's."""
    own = raw.get("description") or next((o["description"] for o in raw.get("anyOf", ()) if "description" in o), "")
    item = _item(resolved, defs) or {}
    fallback = _UNDESCRIBED.get(f"{owner}.{name}") or _UNDESCRIBED.get(name)
    text = own or fallback or resolved.get("description") or item.get("description", "")
    text = " ".join(str(text).split())
    values = resolved.get("enum") or ([resolved["const"]] if "const" in resolved else None)
    if values is None and "anyOf" in resolved:  # e.g. an int or the word 'none'
        values = [o["const"] for o in resolved["anyOf"] if "const" in o] or None
    if values and len(values) > 1 and not all(str(v) in text for v in values):
        text = f"{text} One of: {', '.join(map(str, values))}.".strip()
    return text


def _fields(spec: dict[str, Any], defs: dict[str, Any]) -> list[_Field]:
    required = set(spec.get("required", ()))
    out = []
    for name, raw in spec.get("properties", {}).items():
        resolved = _resolve(raw, defs)
        description = _describe(spec.get("title", ""), name, raw, resolved, defs)
        out.append(_Field(name, resolved, description, name in required))
    return out


def _is_object(spec: dict[str, Any]) -> bool:
    return spec.get("type") == "object" and "properties" in spec


def _item(spec: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any] | None:
    if spec.get("type") != "array" or "items" not in spec:
        return None
    return _resolve(spec["items"], defs)


# --- writing the lines -------------------------------------------------------------------


def _header(kind: Kind, record_id: str, root: dict[str, Any], fmt: str | None) -> list[str]:
    what = " ".join(str(root.get("description", f"A {kind.name} record.")).split())
    command = f"python -m generator new {kind.name} {record_id}" + (f" --format {fmt}" if fmt else "")
    return [
        f"# {what}",
        f"# Skeleton from `{command}`.",
        "# Replace every TODO with what the sources say. Uncomment an optional field only when",
        "# a source states its value; never guess. Then run `make validate` and `make serve`.",
    ]


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    # Plain when YAML reads it back as the same string; JSON quoting (valid YAML) otherwise.
    try:
        plain = "\n" not in text and yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return f"  # {text}" if text else ""


def _field_lines(fld: _Field, defs: dict[str, Any], *, indent: int, prefill: Any = None) -> list[str]:
    """Lines for one field of the record, at ``indent`` spaces."""
    pad = " " * indent
    spec = fld.spec
    item = _item(spec, defs)
    if not fld.required:
        # An optional field: a commented-out sketch, expanded one level for structures.
        return [f"{pad}# {line}" for line in _sketch(fld, defs)]
    if prefill is not None:
        return [f"{pad}{line}" for line in _value_lines(fld, prefill, defs)]
    if _is_object(spec):
        lines = [f"{pad}{fld.name}:{_comment(fld.description)}"]
        for sub in _fields(spec, defs):
            lines += _field_lines(sub, defs, indent=indent + 2)
        return lines
    if item is not None and _is_object(item):
        # A required list of structures (sources): one entry to fill in.
        lines = []
        for sub in _fields(item, defs):
            lines += _field_lines(sub, defs, indent=indent + 4)
        return [f"{pad}{fld.name}:{_comment(fld.description)}", *_dash(lines, indent + 2)]
    return [f"{pad}{fld.name}:  {TODO}: {fld.description}".rstrip()]


def _dash(lines: list[str], indent: int) -> list[str]:
    """Make the first field line (at ``indent + 2``, not a comment) of an entry start with ``- ``."""
    for i, line in enumerate(lines):
        body = line.lstrip(" ")
        if not body.startswith("#") and len(line) - len(body) == indent + 2:
            lines[i] = f"{' ' * indent}- {body}"
            return lines
    raise AssertionError("a list entry without a required field")  # pragma: no cover


def _sketch(fld: _Field, defs: dict[str, Any]) -> list[str]:
    """An optional field as it would be written, to be uncommented (without the ``# ``)."""
    spec = fld.spec
    item = _item(spec, defs)
    head = f"{fld.name}:{_comment(fld.description)}"
    if _is_object(spec) and not _is_text(spec):
        return [head, *_block(spec, defs, indent=2)]
    if item is not None and _is_object(item) and not _is_text(item):
        return [head, *_dash(_block(item, defs, indent=4), 2)]
    return [head]


def _is_text(spec: dict[str, Any]) -> bool:
    """A record text (en, and per language its text and source): shown as one line, its parts
    are the same everywhere."""
    return set(spec.get("properties", {})) == set(schema.Text.model_fields)


def _block(spec: dict[str, Any], defs: dict[str, Any], *, indent: int) -> list[str]:
    """Every field of a structure inside a sketch: required sub-structures expanded once."""
    lines = []
    pad = " " * indent
    for sub in _fields(spec, defs):
        if sub.required and _is_object(sub.spec) and not _is_text(sub.spec):
            lines.append(f"{pad}{sub.name}:{_comment(sub.description)}")
            lines += [f"{pad}  {sub2.name}:{_comment(sub2.description)}" for sub2 in _fields(sub.spec, defs)]
        else:
            lines.append(f"{pad}{sub.name}:{_comment(sub.description)}")
    return lines


def _value_lines(fld: _Field, value: Any, defs: dict[str, Any]) -> list[str]:
    """A field filled in from the id: a scalar, or a list of entries (the sources)."""
    if not isinstance(value, list):
        return [f"{fld.name}: {_scalar(value)}{_comment(fld.description)}"]
    subs = {sub.name: sub for sub in _fields(_item(fld.spec, defs) or {}, defs)}
    lines = [f"{fld.name}:{_comment(fld.description)}"]
    for entry in value:
        for n, (key, sub) in enumerate(entry.items()):
            lead = "  - " if n == 0 else "    "
            lines.append(f"{lead}{key}: {_scalar(sub)}{_comment(subs[key].description)}")
    return lines
