"""GGUF and GGML "Provided files" tables: one catalog file entry per row.

TheBloke's layout is ``Name | Quant method | Bits | Size | Max RAM required | Use case``
(GGUF and the older GGML ``.ggmlv3.q4_0.bin`` files alike); bartowski's is
``Filename | Quant type | File Size | Split | Description`` with sizes like ``8.54GB`` and
no bits column. Columns are found by name, so other orders and subsets work too.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.importer import tables, values
from generator.importer.notes import Notes

_NAME = ("name", "filename", "file name", "file")
_METHOD = ("quant method", "quant type", "quantization", "quant", "method", "type")
_BITS = ("bits", "bit")
_SIZE = ("size", "file size")
_RAM = ("max ram required", "max ram", "ram required", "ram")
_USE = ("use case", "description", "notes")
_SPLIT = ("split",)

_FILE = re.compile(r"\.(gguf|bin)$", re.IGNORECASE)
_METHOD_IN_NAME = re.compile(
    r"(?:^|[.\-_])((?:I?Q\d(?:_[A-Z0-9]+)*)|B?F(?:16|32))(?=(?:-\d+-of-\d+)?\.(?:gguf|bin)$)", re.IGNORECASE
)
_BITS_OF_METHOD = re.compile(r"^I?Q(\d)", re.IGNORECASE)


def is_files_table(table: tables.Table) -> bool:
    """A table listing GGUF/GGML files: a file-name column whose cells end in .gguf or .bin."""
    col = table.column(*_NAME)
    if col is None:
        return False
    named = [tables.link(row[col])[0] for row in table.rows]
    return bool(named) and sum(1 for n in named if _FILE.search(n)) * 2 > len(named)


def file_format(table: tables.Table) -> str:
    """'gguf' or 'ggml', by the file names."""
    col = table.column(*_NAME)
    names = [tables.link(row[col])[0].lower() for row in table.rows] if col is not None else []
    return (
        "ggml"
        if any("ggml" in n or n.endswith(".bin") for n in names) and not any(n.endswith(".gguf") for n in names)
        else "gguf"
    )


def bits_of(method: str) -> int | None:
    """Bits a quant method name announces: Q4_K_M -> 4, IQ3_XS -> 3, F16 -> 16, BF16 -> 16."""
    match = _BITS_OF_METHOD.match(method)
    if match:
        return int(match.group(1))
    upper = method.upper()
    return {"F32": 32, "F16": 16, "BF16": 16, "FP16": 16, "FP32": 32}.get(upper)


def files(table: tables.Table, notes: Notes) -> list[dict[str, Any]]:
    """The rows of a files table as GgufFile fields, in the schema's order."""
    col = {
        "name": table.column(*_NAME),
        "method": table.column(*_METHOD),
        "bits": table.column(*_BITS),
        "size": table.column(*_SIZE),
        "ram": table.column(*_RAM),
        "use": table.column(*_USE),
        "split": table.column(*_SPLIT),
    }
    if col["bits"] is None:
        notes.warn("the table has no Bits column: bits per weight were read from the quant method names", table.line)
    if col["method"] is None:
        notes.warn("the table has no quant method column: methods were read from the file names", table.line)
    rows = (_row(cells, line, col, notes) for cells, line in table.cells(col))
    return [entry for entry in rows if entry is not None]


def _row(cells: dict[str, str], line: int, col: dict[str, int | None], notes: Notes) -> dict[str, Any] | None:
    name, url = tables.link(cells["name"])
    if not name:
        return None
    if url is not None:
        target = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
        if target and _FILE.search(target) and target != name:
            notes.warn(f"the table shows {name!r} but links to {target!r}; the draft lists the linked file", line)
            name = target
    method = values.single_line(tables.link(cells["method"])[0]) if col["method"] is not None else None
    if method is None:
        found = _METHOD_IN_NAME.search(name)
        if found is None:
            notes.warn(f"file {name!r}: no quant method in the table or the file name; row skipped", line)
            return None
        method = found.group(1)
    bits = values.integer(cells["bits"]) if col["bits"] is not None else None
    if bits is None:
        bits = bits_of(method)
        if bits is None:
            notes.warn(f"file {name!r}: the bits of {method!r} are not stated; row skipped", line)
            return None
        if col["bits"] is not None:
            notes.warn(f"file {name!r}: Bits cell {cells['bits']!r} is not a number; read {bits} from {method!r}", line)
    entry: dict[str, Any] = {"name": name}
    if url and url.startswith(("https://", "http://")):
        entry["url"] = url
    entry["method"] = method
    entry["bits"] = bits
    for key, field in (("size", "size"), ("ram", "ram_required")):
        raw = cells[key]
        if not raw.strip():
            continue
        text = values.size(raw)
        if text is None:
            notes.warn(f"file {name!r}: {raw!r} is not a size; left out", line)
        else:
            entry[field] = text
    use = " ".join(tables.link(cells["use"])[0].split()) if col["use"] is not None else ""
    if use:
        if values.single_line(use):
            entry["use_case"] = use
        else:
            entry["note"] = {"en": use}
    if col["split"] is not None and values.boolean(cells["split"]):
        notes.warn(f"file {name!r} is split into parts (Split: true); its name is a folder of parts", line)
    return entry
